/* The presentation page (webapp/pages/present.py): the arrow keys (and Page Up / Page Down)
   move between slides, as in any slide show; typing in a box is left alone. */
document.addEventListener("keydown", function (e) {
  if (window.location.pathname !== "/present" || e.target.closest("input, textarea, select")) {
    return;
  }
  const next = ["ArrowRight", "PageDown", " "].includes(e.key);
  const prev = ["ArrowLeft", "PageUp"].includes(e.key);
  const link = document.getElementById(next ? "p-next" : prev ? "p-prev" : "");
  if (link && link.getAttribute("href") !== window.location.pathname + window.location.search) {
    e.preventDefault();
    window.location.href = link.getAttribute("href");
  }
});
