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
  /* opening or folding the controls moves the graph: Cytoscape keeps where its canvas is, so
     it is told, or the next tap lands on the wrong spot. Only a graph whose size changed is
     resized (which redraws all of it); one that only moved (the controls opened beside it as
     a wide page starts) forgets where it was. */
  document.addEventListener("toggle", function (e) {
    if (!e.target.classList || !e.target.classList.contains("controls-fold")) { return; }
    const el = document.getElementById("cy");
    const cy = el && el._cyreg && el._cyreg.cy;
    if (!cy) { return; }
    requestAnimationFrame(function () {
      const box = cy.container().getBoundingClientRect();
      const r = cy.renderer();
      if (Math.round(box.width) !== cy.width() || Math.round(box.height) !== cy.height() ||
          !r.invalidateContainerClientCoordsCache) {
        cy.resize();
      } else {
        r.invalidateContainerClientCoordsCache();
      }
    });
  }, true);

  /* the bar goes once the card itself is in sight */
  window.addEventListener("scroll", function () {
    const bar = document.getElementById("card-peek");
    const details = document.getElementById("details");
    if (bar && details && details.getBoundingClientRect().top < window.innerHeight - 60) {
      document.body.classList.add("card-seen");
    }
  }, {passive: true});

  /* On a narrow window the card sits below the page. A row chosen in a long table (Conflicts,
     Link health) or a marker on the map opens it there: the window scrolls down to it, as it
     does only after a click or a key (not when a shared link selects a record on load). The
     Network page has its own bar for this (peek, below) and keeps the graph in sight. */
  let lastAct = 0;
  ["pointerdown", "keydown"].forEach(function (ev) {
    window.addEventListener(ev, function () { lastAct = Date.now(); }, {passive: true, capture: true});
  });
  function bringCard() {
    const details = document.getElementById("details");
    if (!details || WIDE.matches || document.getElementById("cy")) { return; }
    if (Date.now() - lastAct > 3000 || !details.querySelector(".card")) { return; }
    const r = details.getBoundingClientRect();
    if (r.top > window.innerHeight - 40 || r.bottom < 0) {
      details.scrollIntoView({block: "start"});
    }
  }
  /* what a write from the card recorded is said under its title: brought into sight once,
     whichever window or panel is scrolled */
  let confirmed = null;
  function showConfirmation() {
    const done = document.getElementById("card-rec-done");
    if (!done || done === confirmed) { return; }
    confirmed = done;
    done.scrollIntoView({block: "center"});
  }
  function watchDetails() {
    const details = document.getElementById("details");
    if (!details) { setTimeout(watchDetails, 200); return; }
    new MutationObserver(function () { requestAnimationFrame(bringCard); })
      .observe(details, {childList: true});
    new MutationObserver(function () { requestAnimationFrame(showConfirmation); })
      .observe(details, {childList: true, subtree: true});
  }
  watchDetails();

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    viewport: {
      /* open when the page is drawn on a wide window, folded on a narrow one */
      unfold: function () { return WIDE.matches; },
      /* On a narrow window a chosen record's card opens below the graph, out of sight: a bar
         at the window's foot names it, and a click on the bar scrolls down to it. */
      peek: function () {
        const nu = window.dash_clientside.no_update;
        const trig = window.dash_clientside.callback_context.triggered.map(t => t.prop_id);
        const details = document.getElementById("details");
        if (trig.some(p => p.startsWith("card-peek."))) {
          if (details) { details.scrollIntoView({block: "start"}); }
          return [nu, true];
        }
        return new Promise(function (done) {
          /* after the card is drawn */
          requestAnimationFrame(function () {
            const title = details && details.querySelector(".card h2");
            const below = details && details.getBoundingClientRect().top > window.innerHeight - 40;
            document.body.classList.remove("card-seen");
            done(title && below && !WIDE.matches
              ? ["Details: " + title.innerText + " \u2193", false] : [nu, true]);
          });
        });
      },
    },
  });
})();
