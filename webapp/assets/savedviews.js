/* The Network page's saved views (webapp/saved_views.py): what to save is read here, in the
   browser, where the nodes are (a dragged node's place is known only to Cytoscape). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  savedviews: {
    /* the button pressed, the name typed, the view chosen and, to save, every node's place,
       which expansion added it, and the framing: the zoom and pan, and the graph's size */
    request: function (saveClicks, renameClicks, deleteClicks, name, chosen, notes) {
      const trig = window.dash_clientside.callback_context.triggered.map(t => t.prop_id);
      const action = trig.some(p => p.startsWith("btn-view-save.")) ? "save"
        : trig.some(p => p.startsWith("btn-view-rename.")) ? "rename"
        : trig.some(p => p.startsWith("confirm-view-delete.")) ? "delete" : null;
      if (!action) { return window.dash_clientside.no_update; }
      const req = {action: action, name: name || "", chosen: chosen || null, at: Date.now(),
                   notes: notes || ""};
      if (action === "save") {
        const el = document.getElementById("cy");
        const cy = el && el._cyreg && el._cyreg.cy;
        const places = {};
        const expanded = {};
        if (cy) {
          cy.nodes().forEach(function (n) {
            const p = n.position();
            places[n.id()] = [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10];
            /* added by expanding another node (webapp.network_expand): Collapse works on it
               again when the view is reopened */
            if (n.data("expanded_from")) { expanded[n.id()] = n.data("expanded_from"); }
          });
        }
        req.positions = places;
        req.expanded = expanded;
        if (cy) {
          const pan = cy.pan();
          req.framing = {zoom: cy.zoom(), pan: [pan.x, pan.y], canvas: [cy.width(), cy.height()]};
        }
      }
      return req;
    },
    /* a view chosen from the list opens by its link: the page is drawn with its settings and
       its nodes where it keeps them */
    open: function (name, state) {
      if (!name || (state && state.view === name)) { return window.dash_clientside.no_update; }
      window.location.href = "/network?view=" + encodeURIComponent(name);
      return "Opening '" + name + "'…";
    },
  },
});
