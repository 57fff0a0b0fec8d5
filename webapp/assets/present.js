/* The presentation page (webapp/pages/present.py): the arrow keys (and Page Up / Page Down)
   move between slides, as in any slide show, without reloading the page (full screen stays); Escape (or "Leave presentation") goes back to
   the page the presentation was opened from, as it was then (its address: filters, view,
   selection); typing in a box is left alone. */
(function () {
  const KEY = "partnergraph-before-present";
  const PRESENT = "/present";

  /* the page a person is on, remembered as they leave it for the presentation */
  function remember() {
    if (window.location.pathname === PRESENT) { return; }
    try {
      sessionStorage.setItem(KEY, window.location.pathname + window.location.search);
    } catch (e) { /* storage refused (private mode): leaving goes to the Network page */ }
  }
  function whereFrom() {
    let to = null;
    try { to = sessionStorage.getItem(KEY); } catch (e) { to = null; }
    return to && to.startsWith("/") && !to.startsWith("//") ? to : "/network";
  }
  function leave() { window.location.href = whereFrom(); }

  remember();
  window.addEventListener("popstate", remember);
  /* a link to the presentation, followed by click or keyboard: where the person was is read
     now, before the app's own navigation changes the address */
  document.addEventListener("click", function (e) {
    const a = e.target.closest && e.target.closest("a[href]");
    if (!a) { return; }
    if (a.id === "p-leave") {
      e.preventDefault();
      leave();
      return;
    }
    const url = new URL(a.getAttribute("href"), window.location.href);
    if (url.pathname === PRESENT) { remember(); }
  }, true);

  document.addEventListener("keydown", function (e) {
    if (window.location.pathname !== PRESENT || e.target.closest("input, textarea, select")) {
      return;
    }
    if (e.key === "Escape") {
      if (document.fullscreenElement) { return; }  /* the browser leaves full screen first */
      e.preventDefault();
      leave();
      return;
    }
    /* Space presses the button or opens the dropdown it is on (Full screen, a list) */
    if (e.key === " " && e.target.closest("button, summary, [role=button], [role=combobox]")) {
      return;
    }
    const next = ["ArrowRight", "PageDown", " "].includes(e.key);
    const prev = ["ArrowLeft", "PageUp"].includes(e.key);
    const box = document.getElementById("presentation");
    const n = box ? parseInt(box.dataset.slides || "0", 10) : 0;
    if (!(next || prev) || !n) { return; }
    /* from the address, not the bar's links: a second key pressed before the slide is drawn
       still moves on one more */
    const asked = parseInt(new URLSearchParams(window.location.search).get("slide"), 10) || 1;
    const now = Math.min(Math.max(asked, 1), n);
    const to = next ? Math.min(n, now + 1) : Math.max(1, now - 1);
    e.preventDefault();
    if (to === now) { return; }
    /* the app's own navigation (as its links do): the slide is drawn in place, full screen
       kept, and Back steps back through the slides */
    window.history.pushState(null, "", PRESENT + "?slide=" + to);
    window.dispatchEvent(new PopStateEvent("popstate"));
  });
})();
