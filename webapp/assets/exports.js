/* Exports of the Network page's view made in the browser (webapp/exports.py).
   PNG: Cytoscape draws the whole view PRINT_PX pixels on its long side, and the file says it
   is 300 dpi, so it prints at A4 size instead of a metre wide.
   SVG: Cytoscape draws the view into canvas2svg's recording context instead of a canvas, so the
   file holds the same shapes, colours and labels as the screen, as vector paths and text.
   canvas2svg (assets/vendor/canvas2svg.lazy.js) is fetched the first time it is needed.
   Both are drawn with every node named in full and nothing faded (the "exporting" class,
   webapp.exports.EXPORT_STYLE), under a title, the filters in words and the date, over a
   legend of the kinds and tiers (webapp.exports.export_meta); the file is named after the
   view. */
(function () {
  let loading = null;

  function loadCanvas2Svg() {
    if (window.C2S) { return Promise.resolve(); }
    if (!loading) {
      const me = document.querySelector("script[src*='/exports.js']");
      const src = me ? me.src.replace(/exports\.js.*$/, "vendor/canvas2svg.lazy.js")
                     : "/assets/vendor/canvas2svg.lazy.js";
      loading = new Promise(function (resolve, reject) {
        const s = document.createElement("script");
        s.src = src;
        s.onload = resolve;
        s.onerror = function () { loading = null; reject(new Error("could not fetch " + src)); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  /* Cytoscape caches each edge and node outline as a Path2D, which a recording context
     cannot replay: draw without them, then let the screen rebuild its caches. */
  function withoutPathCache(cy, draw) {
    const r = cy.renderer();
    const usePaths = r.usePaths;
    const forget = function () {
      cy.elements().forEach(function (e) {
        e._private.rscratch.pathCacheKey = null;
        e._private.rscratch.pathCache = null;
      });
    };
    r.usePaths = function () { return false; };
    forget();
    try { return draw(r); } finally { r.usePaths = usePaths; forget(); }
  }

  /* The whole view (not only what the window shows) on white, LONG_SIDE px on its long side
     at 100% (any size is sharp: it is vector), with a viewBox so viewers scale it. */
  const LONG_SIDE = 1600;
  function viewSvg(cy, meta) {
    return withoutPathCache(cy, function (r) {
      const bb = cy.elements().boundingBox();
      const pad = 20;
      const scale = LONG_SIDE / (Math.max(bb.w, bb.h, 1) + 2 * pad);
      const w = Math.max(900, Math.ceil((bb.w + 2 * pad) * scale));
      const h = Math.ceil((bb.h + 2 * pad) * scale);
      const b = bands(w, cy, meta);
      const ctx = new window.C2S(w, b.top + h + b.bottom);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, w, b.top + h + b.bottom);
      frame(ctx, w, h, b, cy, meta);
      ctx.save();
      ctx.translate((w - (bb.w + 2 * pad) * scale) / 2, b.top);
      ctx.scale(scale, scale);
      ctx.translate(pad - bb.x1, pad - bb.y1);
      r.drawElements(ctx, r.getCachedZSortedEles());
      ctx.restore();
      ctx.getSvg().setAttribute("viewBox", "0 0 " + w + " " + (b.top + h + b.bottom));
      return ctx.getSerializedSvg(true);
    });
  }

  /* the graph's picture in its frame, as a PNG blob no more than ``most`` px on a side */
  function framedPng(cy, meta, most) {
    const graph = cy.png({output: "blob", full: true, maxWidth: most, maxHeight: most,
                          bg: "#ffffff"});
    return createImageBitmap(graph).then(function (img) {
      const probe = bands(img.width, cy, meta);
      /* the whole picture fits ``most``: the graph is shrunk to leave room for the bands */
      const fit = Math.min(1, (most - probe.top - probe.bottom) / img.height,
                           most / img.width);
      const w = Math.max(Math.floor(img.width * fit), 900);
      const gw = Math.floor(img.width * fit), gh = Math.floor(img.height * fit);
      const b = bands(w, cy, meta);
      const canvas = document.createElement("canvas");
      canvas.width = w;
      canvas.height = fit < 1 ? Math.floor(most) : b.top + gh + b.bottom;
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, Math.floor((w - gw) / 2), b.top, gw, gh);
      frame(ctx, w, gh, b, cy, meta);
      return new Promise(function (done) { canvas.toBlob(done, "image/png"); });
    });
  }

  const PRINT_PX = 3508;  /* webapp.exports.PRINT_PX: A4's long side at 300 dpi */
  const DPI = 300;

  function crc32(bytes) {
    let c = ~0;
    for (let i = 0; i < bytes.length; i++) {
      c ^= bytes[i];
      for (let k = 0; k < 8; k++) { c = (c >>> 1) ^ (0xEDB88320 & -(c & 1)); }
    }
    return ~c >>> 0;
  }

  /* The PNG with a pHYs chunk (pixels per metre) after its header: its print size. */
  function withDpi(png, dpi) {
    const perMetre = Math.round(dpi / 0.0254);
    const chunk = new Uint8Array(21);
    const view = new DataView(chunk.buffer);
    view.setUint32(0, 9);
    chunk.set([0x70, 0x48, 0x59, 0x73], 4);  /* "pHYs" */
    view.setUint32(8, perMetre);
    view.setUint32(12, perMetre);
    chunk[16] = 1;  /* the unit is the metre */
    view.setUint32(17, crc32(chunk.subarray(4, 17)));
    const headerEnd = 8 + 25;  /* the signature, then the IHDR chunk */
    const out = new Uint8Array(png.length + chunk.length);
    out.set(png.subarray(0, headerEnd), 0);
    out.set(chunk, headerEnd);
    out.set(png.subarray(headerEnd), headerEnd + chunk.length);
    return out;
  }

  /* partnergraph-network-<the view's name or what it shows>.<ext> */
  function fileName(meta, ext) {
    return "partnergraph-network" + (meta && meta.file ? "-" + meta.file : "") + "." + ext;
  }

  function save(data, filename, type) {
    const url = URL.createObjectURL(new Blob([data], {type: type}));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* every node named and nothing faded by a selection, until the function returned is called */
  function forExport(cy) {
    const faded = cy.elements(".faded");
    cy.batch(function () {
      faded.removeClass("faded");
      cy.elements().addClass("exporting");
    });
    return function () {
      cy.batch(function () {
        cy.elements().removeClass("exporting");
        faded.addClass("faded");
      });
    };
  }
  function exporting(cy, draw) {
    const restore = forExport(cy);
    try { return draw(); } finally { restore(); }
  }

  /* the kinds drawn now, in the legend's order */
  function legendKinds(cy, meta) {
    const drawn = new Set(cy.nodes().map(function (n) { return n.data("kind"); }));
    return (meta.legend || []).filter(function (k) { return drawn.has(k.kind); });
  }
  function tiersDrawn(cy, meta) {
    const drawn = new Set(cy.edges().map(function (e) { return e.data("tier"); }));
    return (meta.tiers || []).filter(function (t) { return drawn.has(t.tier); });
  }

  /* The heights of the band above the graph (title, filters, date) and of the legend below,
     for a picture ``w`` wide: the text is sized to the picture, about 1/60 of its width. */
  function bands(w, cy, meta) {
    const unit = Math.max(12, Math.round(w / 60));
    const perRow = Math.max(1, Math.floor(w / (unit * 11)));
    const items = legendKinds(cy, meta).length + tiersDrawn(cy, meta).length;
    const style = styleLines(meta.style, w, unit);
    const swatches = ((meta.style || {}).swatches || []).length;
    const rows = Math.ceil(items / perRow) + style.length + swatches;
    return {unit: unit, perRow: perRow, top: Math.round(unit * 4.6),
            bottom: Math.round(unit * 1.8 * (rows + 0.6)), style: style};
  }

  /* the style's key (webapp.network_style.style_key) as lines of text that fit ``w`` */
  function styleLines(key, w, unit) {
    if (!key) { return []; }
    const most = Math.max(30, Math.floor((w - 2 * unit) / (unit * 0.9 * 0.55)));
    const lines = [];
    ["size", "size_unknown", "colour", "colour_unknown"].forEach(function (k) {
      if (!key[k]) { return; }
      let text = (k.endsWith("unknown") ? "Unknown: " : "") + key[k];
      while (text.length > most) {
        const cut = text.lastIndexOf(" ", most);
        const at = cut > most / 2 ? cut : most;
        lines.push({k: k, text: text.slice(0, at)});
        text = text.slice(at).trimStart();
      }
      lines.push({k: k, text: text});
    });
    return lines;
  }

  function drawShape(ctx, k, x, y, size) {
    ctx.fillStyle = k.colour;
    ctx.beginPath();
    if (!k.points) {
      ctx.arc(x + size / 2, y + size / 2, size / 2, 0, 2 * Math.PI);
    } else {
      k.points.forEach(function (p, i) {
        const px = x + p[0] * size, py = y + p[1] * size;
        if (i === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
      });
      ctx.closePath();
    }
    ctx.fill();
  }

  /* the title band and the legend drawn on ``ctx`` (a canvas or canvas2svg's context) around
     a graph ``w`` × ``h`` drawn at (0, b.top) */
  function frame(ctx, w, h, b, cy, meta) {
    const u = b.unit;
    ctx.fillStyle = "#12355b";
    ctx.font = "bold " + Math.round(u * 1.5) + "px sans-serif";
    ctx.textBaseline = "top";
    ctx.fillText(meta.title, u, Math.round(u * 0.6));
    ctx.fillStyle = "#222222";
    ctx.font = Math.round(u * 0.95) + "px sans-serif";
    ctx.fillText(meta.filters, u, Math.round(u * 2.4));
    ctx.fillStyle = "#555555";
    ctx.fillText("Drawn " + meta.date + " by partnergraph · " + cy.nodes().length
                 + " nodes, " + cy.edges().length + " links", u, Math.round(u * 3.5));
    const items = legendKinds(cy, meta).map(function (k) { return {k: k}; })
      .concat(tiersDrawn(cy, meta).map(function (t) { return {t: t}; }));
    const colW = Math.floor((w - 2 * u) / b.perRow);
    items.forEach(function (item, i) {
      const x = u + (i % b.perRow) * colW;
      const y = b.top + h + Math.round(u * 0.6) + Math.floor(i / b.perRow) * Math.round(u * 1.8);
      if (item.k) {
        drawShape(ctx, item.k, x, y, u);
      } else {
        ctx.strokeStyle = item.t.colour;
        ctx.lineWidth = Math.max(2, u / 5);
        if (ctx.setLineDash) { ctx.setLineDash(item.t.dash ? [u / 3, u / 4] : []); }
        ctx.beginPath();
        ctx.moveTo(x, y + u / 2);
        ctx.lineTo(x + u * 1.6, y + u / 2);
        ctx.stroke();
        if (ctx.setLineDash) { ctx.setLineDash([]); }
      }
      ctx.fillStyle = "#222222";
      ctx.font = Math.round(u * 0.9) + "px sans-serif";
      ctx.fillText(item.k ? item.k.kind : item.t.tier + " tier", x + u * 2, y);
    });
    /* the style's key under the kinds: what sizes and colours mean, each colour's swatch */
    let y = b.top + h + Math.round(u * 0.6) + Math.ceil(items.length / b.perRow) * Math.round(u * 1.8);
    ctx.font = Math.round(u * 0.9) + "px sans-serif";
    b.style.forEach(function (line) {
      ctx.fillStyle = "#222222";
      ctx.fillText(line.text, u, y);
      y += Math.round(u * 1.8);
    });
    const swatches = (meta.style || {}).swatches || [];
    swatches.forEach(function (s, i) {
      const x = u;
      const sy = y + i * Math.round(u * 1.8);
      ctx.fillStyle = s.colour;
      ctx.beginPath();
      ctx.arc(x + u / 2, sy + u / 2, u / 2, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = "#222222";
      ctx.fillText(s.label, x + u * 2, sy);
    });
  }

  function drawnGraph() {
    const el = document.getElementById("cy");
    const cy = el && el._cyreg && el._cyreg.cy;
    return cy && cy.elements().nonempty() ? cy : null;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    exports: {
      png: function (n, meta, style) {
        if (!n) { return window.dash_clientside.no_update; }
        const cy = drawnGraph();
        if (!cy) { return "Nothing is drawn to export yet."; }
        meta = meta || {title: "Network", filters: "", date: "", legend: [], tiers: []};
        meta = Object.assign({}, meta, {style: style || null});
        /* half a pixel over: a canvas drops the fraction, and 3507.99 would be 3507 */
        const most = PRINT_PX + 0.5;
        const restore = forExport(cy);
        return framedPng(cy, meta, most).then(function (blob) {
          restore();
          return blob.arrayBuffer();
        }).then(function (buf) {
          save(withDpi(new Uint8Array(buf), DPI), fileName(meta, "png"), "image/png");
          return "";
        }).catch(function (err) {
          restore();
          return "The PNG could not be made (" + err.message + ").";
        });
      },
      svg: function (n, meta, style) {
        if (!n) { return window.dash_clientside.no_update; }
        const cy = drawnGraph();
        if (!cy) { return "Nothing is drawn to export yet."; }
        meta = meta || {title: "Network", filters: "", date: "", legend: [], tiers: []};
        meta = Object.assign({}, meta, {style: style || null});
        return loadCanvas2Svg().then(function () {
          const svg = exporting(cy, function () { return viewSvg(cy, meta); });
          save(svg, fileName(meta, "svg"), "image/svg+xml;charset=utf-8");
          return "";
        }).catch(function (err) {
          return "The SVG could not be made (" + err.message + "); the PNG export still works.";
        });
      },
    },
  });
})();
