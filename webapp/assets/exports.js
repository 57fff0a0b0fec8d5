/* Exports of the Network page's view made in the browser (webapp/exports.py).
   PNG: Cytoscape draws the whole view PRINT_PX pixels on its long side, and the file says it
   is 300 dpi, so it prints at A4 size instead of a metre wide.
   SVG: Cytoscape draws the view into canvas2svg's recording context instead of a canvas, so the
   file holds the same shapes, colours and labels as the screen, as vector paths and text.
   canvas2svg (assets/vendor/canvas2svg.lazy.js) is fetched the first time it is needed. */
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
  function viewSvg(cy) {
    return withoutPathCache(cy, function (r) {
      const bb = cy.elements().boundingBox();
      const pad = 20;
      const scale = LONG_SIDE / (Math.max(bb.w, bb.h, 1) + 2 * pad);
      const w = Math.ceil((bb.w + 2 * pad) * scale);
      const h = Math.ceil((bb.h + 2 * pad) * scale);
      const ctx = new window.C2S(w, h);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, w, h);
      ctx.scale(scale, scale);
      ctx.translate(pad - bb.x1, pad - bb.y1);
      r.drawElements(ctx, r.getCachedZSortedEles());
      ctx.getSvg().setAttribute("viewBox", "0 0 " + w + " " + h);
      return ctx.getSerializedSvg(true);
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

  function drawnGraph() {
    const el = document.getElementById("cy");
    const cy = el && el._cyreg && el._cyreg.cy;
    return cy && cy.elements().nonempty() ? cy : null;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    exports: {
      png: function (n) {
        if (!n) { return window.dash_clientside.no_update; }
        const cy = drawnGraph();
        if (!cy) { return "Nothing is drawn to export yet."; }
        /* half a pixel over: a canvas drops the fraction, and 3507.99 would be 3507 */
        const most = PRINT_PX + 0.5;
        const blob = cy.png({output: "blob", full: true, maxWidth: most, maxHeight: most,
                             bg: "#ffffff"});
        return blob.arrayBuffer().then(function (buf) {
          save(withDpi(new Uint8Array(buf), DPI), "partnergraph-network.png", "image/png");
          return "";
        });
      },
      svg: function (n) {
        if (!n) { return window.dash_clientside.no_update; }
        const cy = drawnGraph();
        if (!cy) { return "Nothing is drawn to export yet."; }
        return loadCanvas2Svg().then(function () {
          save(viewSvg(cy), "partnergraph-network.svg", "image/svg+xml;charset=utf-8");
          return "";
        }).catch(function (err) {
          return "The SVG could not be made (" + err.message + "); the PNG export still works.";
        });
      },
    },
  });
})();
