/* Accessibility in the browser (webapp/a11y.py says what and why; docs/ACCESSIBILITY.md).

   1. Repairs to Dash's own components that their props do not offer, redone whenever the page
      changes (a MutationObserver): a dropdown's Tab stop is its button, not the aria-hidden
      input before it, and the button is named by the visible label around it, then its value;
      tick-box and radio lists are named groups of native boxes (not listboxes of options with
      boxes inside); sliders and date boxes are named by their label.
   2. Focus that follows the person: the skip link goes to the page's H1; a new page moves focus
      to its H1 and names the document after it; a new card (a node, suggestion, row or card
      link chosen) moves focus to the card's heading; a form's error summary takes focus, marks
      its fields invalid and prefixes the title "Error:"; a card's write, done, moves focus to
      its confirmation; a paper opened in Documents moves it to the paper's heading.
   3. Name boxes are comboboxes: the arrow keys walk the suggestions, Enter takes one. A
      dropdown's list moves focus with each arrow key at once, however fast they come.
   4. Grids: Enter or Space on a row opens it (clicks its cell, or the link or button in it). */
(function () {
  "use strict";
  const SITE = "partnergraph";
  const CONTROL = ".dash-dropdown-wrapper, .dash-slider-container, .dash-options-list, " +
    ".dash-datepicker, input, button, select, textarea, [role], .field-error";
  let acted = 0;  // when the person last pressed a key or pointed: focus moves only for them
  const recent = () => Date.now() - acted < 6000;
  document.addEventListener("keydown", () => { acted = Date.now(); }, true);
  let fromGraph = false;  // the last pointer went down on the graph's canvas
  document.addEventListener("pointerdown", (e) => {
    acted = Date.now();
    fromGraph = !!(e.target && e.target.closest && e.target.closest("#cy"));
  }, true);
  let byKey = false;  // the last action was a key, not a pointer
  document.addEventListener("keydown", () => { fromGraph = false; byKey = true; }, true);
  document.addEventListener("pointerdown", () => { byKey = false; }, true);

  function setAttr(el, name, value) {
    if (value === null) { if (el.hasAttribute(name)) { el.removeAttribute(name); } }
    else if (el.getAttribute(name) !== String(value)) { el.setAttribute(name, value); }
  }

  /* The visible label of a control: the text of the <label> around it (less its controls),
     or the data-label of an element around it. */
  function labelText(el) {
    let host = el.parentElement && el.parentElement.closest("label, [data-label]");
    while (host) {
      if (host.hasAttribute("data-label")) { return host.getAttribute("data-label"); }
      let text = "";
      host.childNodes.forEach(n => {
        if (n.nodeType === 3) { text += n.textContent; }
        else if (n.nodeType === 1 && !n.matches(CONTROL) && !n.querySelector(CONTROL)) {
          text += " " + n.textContent;
        }
      });
      text = text.replace(/\s+/g, " ").trim();
      if (text) { return text; }
      host = host.parentElement && host.parentElement.closest("label, [data-label]");
    }
    return "";
  }

  let names = null;
  function nameSpan(key, text) {
    if (!names) {
      names = document.createElement("div");
      names.id = "a11y-names";
      names.hidden = true;
      document.body.appendChild(names);
    }
    const id = "a11y-name-" + key.replace(/[^A-Za-z0-9_-]/g, "_");
    let span = document.getElementById(id);
    if (!span) { span = document.createElement("span"); span.id = id; names.appendChild(span); }
    if (span.textContent !== text) { span.textContent = text; }
    return id;
  }

  let counter = 0;
  function keyOf(el) {
    if (!el.dataset.a11yKey) { el.dataset.a11yKey = el.id || ("c" + (++counter)); }
    return el.dataset.a11yKey;
  }

  function repairDropdowns(root) {
    root.querySelectorAll(".dash-dropdown-wrapper").forEach(w => {
      const dummy = w.querySelector(":scope > .dash-dropdown-focus-target");
      const btn = w.querySelector(":scope > button.dash-dropdown");
      if (!btn) { return; }
      if (dummy) { setAttr(dummy, "tabindex", "-1"); }
      setAttr(btn, "tabindex", btn.disabled ? "-1" : "0");
      const label = labelText(w);
      if (!label) { return; }
      const own = btn.id ? [btn.id + "-value-count", btn.id + "-value"] : [];
      const parts = [nameSpan(keyOf(btn), label)].concat(
        own.filter(id => document.getElementById(id)));
      setAttr(btn, "aria-labelledby", parts.join(" "));
    });
    // the options list, open: a listbox named by the dropdown's label
    root.querySelectorAll(".dash-dropdown-content [role=listbox]").forEach(list => {
      const btn = list.closest(".dash-dropdown-wrapper")?.querySelector("button.dash-dropdown");
      const label = btn && labelText(btn);
      if (label) { setAttr(list, "aria-label", label); }
      // Dash moves focus to the tick-box (or radio) inside each option, so the box is the
      // option and the label around it is only its name: no focusable thing inside an option
      let multi = false;
      list.querySelectorAll(".dash-options-list-option").forEach(opt => {
        const box = opt.querySelector("input");
        if (!box) { return; }
        multi = multi || box.type === "checkbox";
        setAttr(opt, "role", "none");
        setAttr(opt, "aria-selected", null);
        setAttr(box, "role", "option");
        setAttr(box, "aria-selected", box.checked ? "true" : "false");
      });
      setAttr(list, "aria-multiselectable", multi ? "true" : null);
    });
  }

  function repairChoiceLists(root) {
    root.querySelectorAll(".dash-options-list").forEach(list => {
      if (list.closest(".dash-dropdown-content")) { return; }  // a dropdown's own listbox
      const radio = list.classList.contains("dash-radioitems");
      setAttr(list, "role", radio ? "radiogroup" : "group");
      let label = labelText(list);
      if (!label) {  // one tick-box alone: its own text says what it is
        label = Array.from(list.querySelectorAll(".dash-options-list-option-text"))
          .map(t => t.textContent.trim()).join(", ");
      }
      setAttr(list, "aria-label", label || null);
      list.querySelectorAll(".dash-options-list-option").forEach(opt => {
        setAttr(opt, "role", null);
        setAttr(opt, "aria-selected", null);
      });
    });
  }

  function repairSliders(root) {
    root.querySelectorAll("[role=slider]").forEach(thumb => {
      if (thumb.hasAttribute("aria-labelledby") && !thumb.dataset.a11yKey) { return; }
      const label = labelText(thumb);
      const thumbs = thumb.closest(".dash-slider-root")?.querySelectorAll("[role=slider]") || [];
      const end = thumbs.length === 2 ? (thumbs[0] === thumb ? " (from)" : " (to)") : "";
      if (label) { setAttr(thumb, "aria-label", label + end); }
    });
  }

  function repairDates(root) {
    root.querySelectorAll(".dash-datepicker-input-wrapper").forEach(w => {
      // a popover trigger without a role: the state it announces belongs to no control
      ["aria-expanded", "aria-haspopup", "aria-labelledby", "aria-disabled"].forEach(
        a => setAttr(w, a, null));
      w.querySelectorAll("input.dash-datepicker-input").forEach(inp => {
        const label = labelText(w);
        if (label) { setAttr(inp, "aria-label", label + " (YYYY-MM-DD)"); }
      });
    });
  }

  function repairSearchBoxes(root) {
    root.querySelectorAll(".search-box").forEach(box => {
      const input = box.querySelector("input[type=search]");
      const hits = box.querySelector(".search-hits");
      if (!input || !hits) { return; }
      const label = labelText(input) || input.getAttribute("placeholder") || "Find by name";
      setAttr(input, "role", "combobox");
      setAttr(input, "aria-autocomplete", "list");
      setAttr(input, "aria-controls", hits.id);
      const options = hits.querySelectorAll("[role=option]");
      setAttr(input, "aria-expanded", options.length ? "true" : "false");
      setAttr(input, "aria-label", label);
      setAttr(hits, "aria-label", "Suggestions for " + label);
      const active = hits.querySelector("[role=option].active");
      setAttr(input, "aria-activedescendant", active ? active.id : null);
      options.forEach(o => {
        setAttr(o, "tabindex", "-1");
        setAttr(o, "aria-selected", o.classList.contains("active") ? "true" : "false");
      });
    });
  }

  /* the network drawing: a picture named by its one-line summary; the table under it
     (webapp/drawing_table.py) holds what it draws. The name is kept in a hidden span beside
     it (#cy-name, webapp/pages/network.py), not in an attribute of the drawing's own box:
     Cytoscape redraws the whole graph whenever an attribute of its box changes. */
  function repairDrawing() {
    const cy = document.getElementById("cy");
    if (!cy) { return; }
    const summary = document.querySelector("#drawing-table .chart-summary");
    const text = "Network drawing. " + (summary ? summary.textContent.trim() : "") +
      " Its table follows the legend.";
    const name = document.getElementById("cy-name");
    setAttr(cy, "role", "img");
    if (name) {
      if (name.textContent !== text) { name.textContent = text; }
      setAttr(cy, "aria-labelledby", "cy-name");
      setAttr(cy, "aria-label", null);
    } else {
      setAttr(cy, "aria-label", text);
    }
  }

  /* the notice bar stands over the foot of the window: the page keeps room under its last
     control as tall as the bar is now (it wraps to more lines on a narrow window) */
  function roomForNotice() {
    const bar = document.getElementById("notice");
    const h = bar && bar.textContent.trim() ? bar.getBoundingClientRect().height : 0;
    const room = Math.max(48, Math.ceil(h) + 16) + "px";
    if (document.body.style.paddingBottom !== room) { document.body.style.paddingBottom = room; }
    const pad = Math.max(72, Math.ceil(h) + 24) + "px";
    const html = document.documentElement;
    if (html.style.scrollPaddingBottom !== pad) { html.style.scrollPaddingBottom = pad; }
  }

  let lastTitle = null;
  let lastCard = null;
  let lastSummary = null;
  let lastDone = null;
  let lastPaper = null;
  let seenPaper = false;  // a paper named in the address opens without moving focus
  function followFocus() {
    const h1 = document.getElementById("page-title");
    const summary = document.querySelector("#page .error-summary, #details .error-summary");
    const title = h1 ? h1.textContent.trim() : "";
    document.title = (summary ? "Error: " : "") + (title ? title + " – " : "") + SITE;
    if (h1 && title !== lastTitle) {
      if (lastTitle !== null && recent() && !document.activeElement.closest("#page")) {
        h1.focus();
      }
      lastTitle = title;
    }
    const heading = document.querySelector("#details .card h2, #details > h2");
    const card = heading ? heading.textContent.trim() : null;
    if (heading && card !== lastCard) {
      if (lastCard !== null && recent() && document.querySelector("#details .card")) {
        setAttr(heading, "tabindex", "-1");
        /* a node tapped on a narrow window keeps the graph in sight: the card-peek bar at the
           window's foot leads to the card (assets/viewport.js); any other choice scrolls to it */
        const keepGraph = fromGraph && !window.matchMedia("(min-width: 901px)").matches;
        heading.focus({preventScroll: keepGraph});
      }
      lastCard = card;
    }
    if (summary && summary !== lastSummary) {
      summary.focus();
      clearInvalid();  // a second try's summary: only its own fields are in error now
      summary.querySelectorAll("a[data-field]").forEach(a => {
        const field = fieldOf(a.getAttribute("data-field"));
        if (!field) { return; }
        setAttr(field, "aria-invalid", "true");
        const msg = document.getElementById(
          a.getAttribute("data-message") || a.getAttribute("data-field") + "-error");
        setAttr(field, "aria-describedby", msg ? msg.id : null);
      });
    }
    if (!summary && lastSummary) { clearInvalid(); }
    lastSummary = summary;
    /* a write from the card draws the card anew, its confirmation at the top: focus, which
       was on the Save button now gone, goes to that confirmation (read out as it lands) */
    const done = document.querySelector("#details #card-rec-done");
    if (done && done !== lastDone && recent()) {
      const at = document.activeElement;
      if (!at || at === document.body || at.closest("#details")) {
        setAttr(done, "tabindex", "-1");
        done.focus();
      }
    }
    lastDone = done;
    /* a paper chosen in Documents by keyboard opens under the grid, out of sight: focus goes
       to its heading, the first of what opened (a click leaves the page where it is) */
    const paper = document.querySelector("#docs-contents h2");
    const paperName = paper ? paper.textContent.trim() : null;
    if (paper && paperName !== lastPaper && seenPaper && byKey && recent()) {
      setAttr(paper, "tabindex", "-1");
      paper.focus();
    }
    lastPaper = paperName;
    seenPaper = true;
  }

  function clearInvalid() {
    document.querySelectorAll("[aria-invalid=true]").forEach(f => {
      setAttr(f, "aria-invalid", null);
      setAttr(f, "aria-describedby", null);
    });
  }

  /* the control to focus for a field id: the element, or the control inside it */
  function fieldOf(id) {
    const el = id && document.getElementById(id);
    if (!el) { return null; }
    if (el.matches("input, select, textarea, button")) { return el; }
    return el.querySelector("button.dash-dropdown, input, select, textarea, [role=slider]") || el;
  }

  function repair() {
    const root = document;
    repairDropdowns(root);
    repairChoiceLists(root);
    repairSliders(root);
    repairDates(root);
    repairSearchBoxes(root);
    repairDrawing();
    roomForNotice();
    followFocus();
  }

  let queued = false;
  function queue() {
    if (queued) { return; }
    queued = true;
    Promise.resolve().then(() => { queued = false; repair(); });
  }

  function start() {
    repair();
    window.addEventListener("resize", roomForNotice);
    new MutationObserver(queue).observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ["tabindex", "aria-labelledby", "aria-selected", "role", "aria-expanded",
                        "class", "aria-label", "aria-disabled", "aria-haspopup"],
    });
  }

  // the skip link and the error summary's links: move focus, not only the scroll
  document.addEventListener("click", e => {
    const skip = e.target.closest(".skip-link");
    if (skip) {
      const target = document.getElementById("page-title") || document.getElementById("main");
      if (target) { e.preventDefault(); setAttr(target, "tabindex", "-1"); target.focus(); }
      return;
    }
    const link = e.target.closest(".error-summary a[data-field]");
    if (link) { goToField(e, link); }
  });
  /* by keyboard: the same Enter, let up on the field, would press it (a Dash dropdown opens
     its list when Enter is let up), so that key's release is kept from the field */
  let enterUpSwallowed = false;
  document.addEventListener("keydown", e => {
    const link = e.key === "Enter" && e.target.closest && e.target.closest(
      ".error-summary a[data-field]");
    if (link) { enterUpSwallowed = true; goToField(e, link); }
  }, true);
  document.addEventListener("keyup", e => {
    if (e.key === "Enter" && enterUpSwallowed) { enterUpSwallowed = false; e.stopPropagation(); }
  }, true);
  function goToField(e, link) {
    const field = fieldOf(link.getAttribute("data-field"));
    if (!field) { return; }
    e.preventDefault();
    e.stopPropagation();
    field.focus();
    field.scrollIntoView({block: "center"});
  }

  // name boxes: arrow keys walk the suggestions, Enter takes the one shown active
  document.addEventListener("keydown", e => {
    const input = e.target.closest && e.target.closest(".search-box input[type=search]");
    if (!input) { return; }
    const hits = input.closest(".search-box").querySelector(".search-hits");
    const options = Array.from(hits.querySelectorAll("[role=option]"));
    const at = options.findIndex(o => o.classList.contains("active"));
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!options.length) { return; }
      e.preventDefault();
      const next = e.key === "ArrowDown" ? (at + 1) % options.length
        : (at <= 0 ? options.length - 1 : at - 1);
      options.forEach((o, i) => o.classList.toggle("active", i === next));
      options[next].scrollIntoView({block: "nearest"});
      repairSearchBoxes(document);
    } else if (e.key === "Enter" && at >= 0) {
      e.preventDefault();
      e.stopPropagation();
      options[at].click();
    } else if (e.key === "Escape" && at >= 0) {
      options.forEach(o => o.classList.remove("active"));
      repairSearchBoxes(document);
    }
  }, true);

  /* A Dash 4 dropdown's open list moves focus a frame after each arrow key (it counts the key
     at once, then focuses the option in requestAnimationFrame). Keys pressed faster than frames
     are drawn (a fast typist, a busy machine) found focus still on an earlier option: a Space
     ticked the wrong one and the option read out lagged behind. Focus moves here at once, to
     the option Dash's own count reaches (the same rule), so Dash's later move changes nothing. */
  const LIST_KEYS = ["ArrowDown", "ArrowUp", "Home", "End", "PageDown", "PageUp"];
  document.addEventListener("keydown", e => {
    if (!LIST_KEYS.includes(e.key) || e.altKey || e.ctrlKey || e.metaKey) { return; }
    const content = e.target.closest && e.target.closest(".dash-dropdown-content");
    const list = content && content.querySelector(".dash-options-list");
    if (!list || list.querySelector(".dash-options-list-virtualized")) { return; }
    const boxes = Array.from(list.querySelectorAll("[data-option-index] input"));
    const search = content.querySelector("input.dash-dropdown-search");
    const on = document.activeElement;
    const at = on === search ? -1 : boxes.indexOf(on);
    if (!boxes.length || (at === -1 && on !== search)) { return; }
    if ((e.key === "Home" || e.key === "End") && on === search) { return; }  // the text's own
    const last = boxes.length - 1, first = search ? -1 : 0;
    const next = {
      ArrowDown: at < last ? at + 1 : first,
      ArrowUp: at > first ? at - 1 : last,
      PageDown: Math.min(at + 10, last),
      PageUp: Math.max(at - 10, first),
      Home: first,
      End: last,
    }[e.key];
    const target = next === -1 ? search : boxes[next];
    if (target && target !== on) { target.focus(); }
  }, true);

  // grids: Enter or Space on a row opens it; in a cell with a link or button, that is used
  document.addEventListener("keydown", e => {
    if (e.key !== "Enter" && e.key !== " ") { return; }
    const cell = e.target.closest && e.target.closest(".ag-cell");
    if (!cell || e.target.matches("input, textarea, select")) { return; }
    e.preventDefault();
    e.stopPropagation();
    const inner = cell.querySelector("a[href], button");
    (inner || cell).click();
  }, true);

  /* AG Grid moves focus itself without scrolling the page (Tab out of its header to its
     page-size box, the arrow keys down its rows): in a long grid (domLayout autoHeight) the
     control in focus was far below the window. Whatever in a grid takes focus is brought
     into sight, the least scroll that shows it (the notice bar's room kept: scroll-padding). */
  document.addEventListener("focusin", e => {
    const el = e.target;
    if (!el.closest || !el.closest(".ag-root-wrapper")) { return; }
    requestAnimationFrame(() => {
      if (document.activeElement !== el) { return; }
      const r = el.getBoundingClientRect();
      const bar = document.getElementById("notice");
      const foot = bar && bar.textContent.trim() ? bar.getBoundingClientRect().top
        : window.innerHeight;
      if (r.top < 0 || r.bottom > foot) {
        el.scrollIntoView({block: "nearest", inline: "nearest"});
      }
    });
  }, true);

  /* a frame (the Year report) in focus: the page cannot style what is inside it, and the
     frame itself matches no :focus, so Tab into it showed nothing. It is marked while it
     holds focus, and ringed (zz-a11y.css) */
  function markFrame() {
    const at = document.activeElement;
    document.querySelectorAll("iframe.frame-focused").forEach(f => {
      if (f !== at) { f.classList.remove("frame-focused"); }
    });
    if (at && at.tagName === "IFRAME") { at.classList.add("frame-focused"); }
  }
  window.addEventListener("blur", () => setTimeout(markFrame, 0));
  window.addEventListener("focus", markFrame);
  document.addEventListener("focusin", markFrame);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
