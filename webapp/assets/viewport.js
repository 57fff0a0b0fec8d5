/* Window sizes (assets/viewport.css): the Network page's controls stand open beside the graph
   on a wide window and fold above it on a narrow one. */
(function () {
  const WIDE = window.matchMedia("(min-width: 901px)");
  /* a window made wide opens the folded controls, whose fold line is hidden there */
  WIDE.addEventListener("change", function (e) {
    if (e.matches) {
      document.querySelectorAll("details.controls-fold").forEach(function (d) { d.open = true; });
    }
  });
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    viewport: {
      /* open when the page is drawn on a wide window, folded on a narrow one */
      unfold: function () { return WIDE.matches; },
    },
  });
})();
