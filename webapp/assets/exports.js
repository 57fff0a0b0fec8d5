/* Exports of the Network page's view made in the browser (webapp/exports.py): the SVG.
   Cytoscape draws the view into canvas2svg's recording context instead of a canvas, so the
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

  function save(text, filename) {
    const url = URL.createObjectURL(new Blob([text], {type: "image/svg+xml;charset=utf-8"}));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    exports: {
      svg: function (n) {
        if (!n) { return window.dash_clientside.no_update; }
        const el = document.getElementById("cy");
        const cy = el && el._cyreg && el._cyreg.cy;
        if (!cy || cy.elements().empty()) { return "Nothing is drawn to export yet."; }
        return loadCanvas2Svg().then(function () {
          save(viewSvg(cy), "partnergraph-network.svg");
          return "";
        }).catch(function (err) {
          return "The SVG could not be made (" + err.message + "); the PNG export still works.";
        });
      },
    },
  });
})();
