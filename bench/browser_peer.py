"""The peer of the Network page: a bare HTML page that loads cytoscape.js and draws the same
elements at the same places with the same style, served by the explorer's own server in the
same run (issue 25).

The peer's view is the one the Network page arrives with: the layout the server sends for
``/network`` is built here, and its ``cy`` component gives the elements, stylesheet and layout.
Its filter is the one the benchmark chooses on the Network page (the first tier offered): the
product's own callback answers it (the request the browser sends), so both draw the same
elements. cytoscape.js is the version dash-cytoscape bundles (3.28.1), vendored in
``bench/peer/`` and served from this machine: nothing comes from the network.

Both pages are timed the same way: :data:`FIRST_DRAW` records in the page, from navigation,
when Cytoscape holds nodes and two frames have been drawn since; a filter change is timed from
the click until the drawing holds the filtered view (:func:`filtered_probe`) and two frames
have been drawn.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PEER_DIR = Path(__file__).resolve().parent / "peer"
CYTOSCAPE = PEER_DIR / "cytoscape-3.28.1.min.js"

#: run in every page before its own scripts: when the drawing first holds nodes, and two frames
#: later (the first frame after that shows them)
FIRST_DRAW = """
(() => {
  const look = () => {
    const el = document.getElementById('cy');
    const cy = el && el._cyreg && el._cyreg.cy;
    if (cy && cy.nodes().length > 0) {
      window.__hasNodes = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__firstDraw = performance.now();
      }));
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
  // a filter change is timed from the press of the pointer that chooses it
  window.addEventListener("mousedown", () => { window.__down = performance.now(); }, true);
})();
"""

PEER_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cytoscape.js peer</title></head>
<body style="margin:0">
<div id="cy" style="width:{width}px;height:{height}px"></div>
<button id="peer-filter">Filter</button>
<script src="{prefix}peer/cytoscape.min.js"></script>
<script>
fetch("{prefix}peer/view.json").then(r => r.json()).then(v => {{
  const el = document.getElementById("cy");
  const cy = cytoscape({{container: el, elements: v.elements, style: v.stylesheet,
    layout: v.layout, minZoom: v.minZoom, maxZoom: v.maxZoom, boxSelectionEnabled: false}});
  el._cyreg = {{cy}};
  document.getElementById("peer-filter").onclick = () =>
    fetch("{prefix}peer/filtered.json").then(r => r.json()).then(f => {{
      cy.json({{elements: f.elements}});
      cy.layout(v.layout).run();
    }});
}});
</script>
</body></html>
"""


def _component(tree: Any, id_: str) -> Any:
    """The component ``id_`` in a Dash layout tree."""
    for c in tree._traverse():
        if getattr(c, "id", None) == id_:
            return c
    raise SystemExit(f"bench/browser_peer.py: the Network page's layout has no {id_!r}")


def _props(tree: Any) -> dict[tuple[str, str], Any]:
    """Every (id, property) the layout sets, as the browser would send them."""
    out = {}
    for c in tree._traverse():
        cid = getattr(c, "id", None)
        if isinstance(cid, str):
            for prop, value in c.to_plotly_json()["props"].items():
                out[(cid, prop)] = value
    return out


def peer_views(app, base: str) -> tuple[dict, dict, dict]:
    """The Network page's first view, the view after the benchmark's filter, and a probe that
    tells the second drawn; each view as cytoscape.js takes it. Fails loudly if the product
    does not answer the filter with elements."""
    from dash._utils import to_json

    from tests.dashkit import callback_body

    with app.server.test_request_context(
        "/_dash-layout", headers={"Referer": base + "/network", "Host": base.split("//")[1]}
    ):
        tree = app.layout() if callable(app.layout) else app.layout
    cy = _component(tree, "cy")
    first = {
        "elements": cy.elements,
        "stylesheet": cy.stylesheet,
        "layout": cy.layout,
        "minZoom": getattr(cy, "minZoom", None),
        "maxZoom": getattr(cy, "maxZoom", None),
    }
    tiers = _component(tree, "f-tier").options
    if not tiers:
        raise SystemExit("bench/browser_peer.py: the Network page offers no tier to filter by")
    tier = tiers[0]["value"]
    values = _props(tree)
    values[("f-tier", "value")] = [tier]
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    dep = next((d for d in deps if ".cy.elements" in d["output"]), None)
    if dep is None:
        raise SystemExit("bench/browser_peer.py: no callback outputs cy.elements")
    body = callback_body(dep, values)
    body["changedPropIds"] = ["f-tier.value"]
    r = client.post("/_dash-update-component", json=body)
    answer = r.get_json(silent=True) or {}
    elements = answer.get("response", {}).get("cy", {}).get("elements")
    if r.status_code != 200 or not elements:
        raise SystemExit(
            f"bench/browser_peer.py: the filter (tier {tier!r}) was not answered with elements "
            f"(HTTP {r.status_code}: {r.get_data(as_text=True)[:300]})"
        )
    filtered = {"elements": elements}
    before = {e["data"]["id"] for e in first["elements"]}
    after = {e["data"]["id"] for e in elements}
    probe = {
        "tier": tier,
        "count": len(elements),
        "present": sorted(after - before)[:1],
        "absent": sorted(before - after)[:1],
    }
    if not probe["present"] and not probe["absent"] and len(after) == len(before):
        raise SystemExit(f"bench/browser_peer.py: the tier {tier!r} filter changes nothing")
    return json.loads(to_json(first)), filtered, probe


def add_peer_routes(app, peer: dict) -> None:
    """Serve the peer page beside the explorer: ``/peer/``, its script and its two views, from
    ``peer`` (filled once the views are known: routes are added before the first request)."""
    import flask

    prefix = app.config.requests_pathname_prefix
    script = CYTOSCAPE.read_bytes()
    server = app.server

    def page():
        width, height = peer["size"]
        html = PEER_HTML.format(width=width, height=height, prefix=prefix)
        return flask.Response(html, mimetype="text/html")

    server.add_url_rule("/peer/", "peer_page", page)
    server.add_url_rule(
        "/peer/cytoscape.min.js",
        "peer_js",
        lambda: flask.Response(script, mimetype="application/javascript"),
    )
    for name in ("view", "filtered"):
        server.add_url_rule(
            f"/peer/{name}.json",
            f"peer_{name}",
            lambda name=name: flask.Response(json.dumps(peer[name]), mimetype="application/json"),
        )


def filtered_probe(probe: dict) -> str:
    """A page expression, true once the drawing holds the filtered view."""
    return (
        "(() => { const el = document.getElementById('cy'); "
        "const cy = el && el._cyreg && el._cyreg.cy; if (!cy) return false; "
        f"const p = {json.dumps(probe)}; "
        "return cy.elements().length === p.count "
        "&& p.present.every(id => cy.getElementById(id).length === 1) "
        "&& p.absent.every(id => cy.getElementById(id).length === 0); })()"
    )


def filter_time(probe: dict, timeout_s: float = 60) -> str:
    """A page function: seconds from the last pointer press until the drawing holds the
    filtered view and two frames have been drawn since (-1 if not within ``timeout_s``)."""
    return f"""() => new Promise(resolve => {{
        const end = performance.now() + {timeout_s * 1000};
        const look = () => {{
            if ({filtered_probe(probe)}) {{
                requestAnimationFrame(() => requestAnimationFrame(() =>
                    resolve((performance.now() - window.__down) / 1000)));
            }} else if (performance.now() > end) {{
                resolve(-1);
            }} else {{
                requestAnimationFrame(look);
            }}
        }};
        look();
    }})"""
