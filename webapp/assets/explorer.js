/* The network page's browser-side behaviour (webapp/pages/network.py): selection, hover
   tooltips. No round trip to the server: these only move what is already drawn. */

/* dash-cytoscape hands Cytoscape.js its default wheel sensitivity (1) as if it were chosen,
   and Cytoscape.js warns about any sensitivity given, on every load. The value is the default:
   that one warning is dropped, every other passes. */
(function () {
  const warn = console.warn.bind(console);
  console.warn = function (...args) {
    if (typeof args[0] === "string" && args[0].startsWith("You have set a custom wheel sensitivity")) {
      return;
    }
    warn(...args);
  };
})();
/* A path's nodes are named at a size read on screen however far the view is zoomed out to
   show the whole path: their label size is set against the zoom. */
function pathLabels(cy) {
  const z = cy.zoom();
  cy.batch(function () {
    cy.nodes(".pathlabel").not(".highlight").removeStyle("font-size text-max-width")
      .removeClass("pathlabel");
    cy.nodes(".highlight").addClass("pathlabel")
      .style({"font-size": Math.max(13, 13 / z), "text-max-width": Math.max(260, 260 / z)});
  });
}
/* The graphs this script has hooked (not cy.scratch: setting a graph's scratch restyles
   every element in it). */
const pathLabelled = new WeakSet();
const adopted = new WeakSet();
/* A saved view opened as it was saved (webapp/saved_views.py, framed_layout): the preset
   layout sets its zoom and pan; on a graph of another size than it was saved on, the region
   then in sight is shown whole, centred as it was. Each graph so opened (the selection it
   opened with) is not then moved to show a path or the selection. */
const framed = new WeakMap();
function frame(cy, o) {
  const c = o && o.canvas, w = cy.width(), h = cy.height();
  if (!c || o.zoom == null || !o.pan || !w || !h) { return; }
  const z = Math.min(Math.max(o.zoom * Math.min(w / c[0], h / c[1]), cy.minZoom()), cy.maxZoom());
  const mx = (c[0] / 2 - o.pan.x) / o.zoom, my = (c[1] / 2 - o.pan.y) / o.zoom;
  cy.viewport({zoom: z, pan: {x: w / 2 - z * mx, y: h / 2 - z * my}});
}
function adoptFraming(cy) {
  const api = window.dash_component_api;
  const id = cy && !framed.has(cy) && cy.container() && cy.container().id;
  const props = id && api && api.getLayout ? (api.getLayout(id) || {}).props : null;
  if (!props) { return; }
  framed.set(cy, null);
  if (props.layout && props.layout.zoom != null) {
    const st = api.getLayout("state");
    framed.set(cy, {select: st && st.props && st.props.data && st.props.data.select, path: true});
    frame(cy, props.layout);  /* the first layout has run: the graph is being mounted */
  }
  cy.on("layoutstop", function (e) { frame(cy, e.layout && e.layout.options); });
}
/* The path drawn, fitted in the window (unless it opened framed); false when there is none. */
function showPath(cy) {
  if (!pathLabelled.has(cy)) {
    pathLabelled.add(cy);
    cy.on("zoom", function () { pathLabels(cy); });
  }
  pathLabels(cy);
  const path = cy.nodes(".highlight");
  if (path.length < 2) { return false; }
  const opened = framed.get(cy);
  if (opened && opened.path) { opened.path = false; return true; }
  cy.animate({fit: {eles: path.union(cy.edges(".onpath")), padding: 60}},
             {duration: 250, complete: function () { pathLabels(cy); }});
  return true;
}
/* The drawing refitted (or its chosen layout run again) as soon as elements are added or
   removed: what dash-cytoscape's autoRefreshLayout does 100 ms later, which the Network page
   turns off (webapp/pages/network.py). The places every view is sent with are kept (a
   "preset" layout only fits the window round them, as running it again would), so no node
   is placed or measured twice. */
function refitOnChange(cy) {
  let queued = false;
  cy.on("add remove", function () {
    if (queued) { return; }
    queued = true;
    queueMicrotask(function () {
      queued = false;
      const api = window.dash_component_api;
      const c = api && api.getLayout && api.getLayout("cy");
      const layout = (c && c.props && c.props.layout) || {name: "preset", fit: true, padding: 30};
      if (cy.destroyed() || cy.elements().empty()) { return; }
      /* expanded, collapsed, added or hidden in place (webapp.network_expand.in_place): every
         node stays where it is, whatever the layout; the window is fitted round them */
      const stamp = api && api.getLayout && api.getLayout("redrawn");
      const data = stamp && stamp.props && stamp.props.data;
      const inPlace = typeof data === "string" && data.startsWith("in-place");
      if ((layout.name === "preset" && !layout.positions) || inPlace) {
        /* a saved view's framing is for the drawing it opened with */
        if (layout.fit !== false || layout.zoom != null) { cy.fit(undefined, layout.padding); }
      } else {
        cy.layout(layout).run();
      }
    });
  });
}
/* Each new Network graph (a page opened, here or by the app's own navigation): refitted as it
   changes; double-click expands a node; a path opened by its link (?from=…&to=…), drawn with
   the page, is shown once the graph has its nodes. */
function adoptGraph(cy) {
  if (!cy || adopted.has(cy) || !cy.container() || cy.container().id !== "cy") {
    return;
  }
  adopted.add(cy);
  refitOnChange(cy);
  /* double-click a node: its neighbours are added round it (webapp/network_expand.py) */
  cy.on("dbltap", "node", function (e) {
    const p = e.target.position();
    window.dash_clientside.set_props("expand-request",
      {data: {id: e.target.id(), at: {x: p.x, y: p.y}, t: Date.now()}});
  });
  const path = function () {
    if (!cy.nodes().length) { return false; }
    /* only a drawing with a path has anything to show (the path's ends are highlighted) */
    if (cy.nodes(".highlight").length > 1) { setTimeout(function () { showPath(cy); }, 100); }
    return true;
  };
  if (!path()) { cy.one("add", path); }
}
(function () {
  /* dash-cytoscape hands each graph it makes to window.cy as soon as its first elements are
     in: adopted there, before anyone can change it; the poll is for a graph made otherwise */
  let current;
  Object.defineProperty(window, "cy", {
    configurable: true,
    get: function () { return current; },
    set: function (cy) { current = cy; adoptFraming(cy); adoptGraph(cy); },
  });
  setInterval(function () {
    const el = document.getElementById("cy");
    adoptGraph(el && el._cyreg && el._cyreg.cy);
  }, 300);
})();
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  explorer: {
    /* Highlight the selected node and its links, centre it; a node not drawn becomes the focus
       (the server then draws its neighbourhood and this runs again on the new elements). */
    select: function (selected, _redrawn) {
      const nu = window.dash_clientside.no_update;
      const el = document.getElementById("cy");
      const cy = el && el._cyreg && el._cyreg.cy;
      if (!cy) { return nu; }
      const trig = window.dash_clientside.callback_context.triggered.map(t => t.prop_id);
      const fromSelection = trig.some(p => p.startsWith("selected."));
      const node = selected ? cy.getElementById(selected) : cy.collection();
      if (selected && node.empty()) {
        return fromSelection ? selected : nu;
      }
      const apply = function () {
        cy.batch(function () {
          /* only those that have them: Cytoscape restyles every element it is asked to
             change, whether or not it had the class */
          cy.elements(".sel, .nbr, .faded").removeClass("sel nbr faded");
          /* many selected (Shift-click, a box): nothing fades, each selected node stands out */
          if (node.nonempty() && cy.nodes(":selected").length < 2) {
            const near = node.closedNeighborhood();
            cy.elements().not(near).addClass("faded");
            near.addClass("nbr");
            node.addClass("sel");
          }
        });
        /* a path just drawn is shown whole (its nodes keep their labels at any zoom) */
        if (!fromSelection && showPath(cy)) {
          /* a path just drawn is shown whole */
        } else if (node.nonempty() && cy.nodes(":selected").length < 2) {
          /* (while many are being selected the drawing stays still under the pointer; a
             saved view stays framed as saved round the selection it was saved with) */
          const opened = framed.get(cy);
          const kept = opened && opened.select === selected;
          if (opened) { opened.select = null; }
          if (kept) { return; }
          cy.animate({center: {eles: node}, zoom: Math.max(cy.zoom(), 1.1)}, {duration: 250});
        }
      };
      setTimeout(apply, 60);  /* after dash-cytoscape has drawn new elements */
      return nu;
    },
    /* A tooltip with the node's name, kind and one key fact, beside the pointer. */
    hover: function (data) {
      const el = document.getElementById("cy");
      const cy = el && el._cyreg && el._cyreg.cy;
      if (cy) {
        cy.nodes(".hover").removeClass("hover");
        if (data) { cy.getElementById(data.id).addClass("hover"); }
      }
      if (!data) { return [{display: "none"}, ""]; }
      const n = cy && cy.getElementById(data.id);
      const pos = n && n.nonempty() ? n.renderedPosition() : {x: 0, y: 0};
      return [
        {display: "block", left: (pos.x + 14) + "px", top: (pos.y + 10) + "px"},
        [data.label, " · ", data.kind, data.fact ? " · " + data.fact : "",
         data.sfact ? " · " + data.sfact : ""].join(""),
      ];
    },
  },
});
