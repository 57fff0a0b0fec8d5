"""What the browser loads before the first page is drawn, and when (issue 25).

Dash writes one ``<script>`` tag per library into every page and asks for the layout only
once every script has been parsed and run. These changes to the page Dash sends
(:func:`install`, through Dash's ``interpolate_index`` hook), none of which changes what a
page shows:

- **The layout and the callbacks are asked for as the page starts**, by a small script in
  the page's head, instead of after 3 MB of script has run; the renderer's own requests are
  handed those answers (:data:`PREFETCH`). The server builds the first view while the
  browser parses scripts.
- **dash-ag-grid's main bundle (1.3 MB) loads when a grid is first drawn**, not on every page:
  a stand-in ``dash_ag_grid.AgGrid`` loads it and draws the real grid in its place
  (:data:`LAZY_GRID`); its own chunks were lazy already.
- **core-js polyfills (``polyfill@7``, 99 KB) only for browsers that lack what they add**:
  a browser with ES2019 (every browser of the last five years) gets only the part of it dcc
  needs in any browser, regenerator-runtime (``regeneratorRuntime``, 25 KB, written into the
  page: ``assets/vendor/regenerator-runtime.lazy.js``).
- **dash_table's bundle is not sent**: Dash writes it into every page, but no page draws a
  ``DataTable`` (the grids are dash-ag-grid's; ``tests/test_page_loading.py`` checks that
  nothing in ``webapp`` uses ``dash_table``), so it was 34 KB parsed and run for nothing.
- **The scripts and style sheets that are left are sent as a few files**
  (:mod:`webapp.bundles`): one wave of six requests instead of about twenty-six.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import dash

from . import bundles as bundling

__all__ = ["install", "page_scripts", "PREFETCH", "LAZY_GRID"]

#: Dash's polyfill tag (dash._dash_renderer: ``deps/polyfill@7.12.1.min.js``)
_POLYFILL = re.compile(r'<script src="([^"]*/deps/polyfill@[^"]*\.js)"></script>')
#: dash-ag-grid's main bundle tag (dash_ag_grid._js_dist: ``dash_ag_grid.min.js``)
_GRID = re.compile(r'<script src="([^"]*/dash_ag_grid/dash_ag_grid\.[^"]*\.js)"></script>')
#: dash_table's bundle tag (dash.dash_table._js_dist: ``dash_table/bundle.js``), which Dash
#: writes into every page whether or not a DataTable is drawn
_TABLE = re.compile(r'<script src="[^"]*/dash_table/bundle\.[^"]*\.js"></script>\n?')

#: In the page's head: the layout and the callbacks asked for at once; the renderer's first GET
#: of each (webapp.app: Dash's renderer fetches them with ``window.fetch``) gets that answer.
PREFETCH = """<script>
(function () {
  var base = %(base)s, early = {}, fetch0 = window.fetch.bind(window);
  ["_dash-layout", "_dash-dependencies"].forEach(function (p) {
    early[base + p] = fetch0(base + p, {credentials: "same-origin"});
  });
  window.fetch = function (url, opts) {
    var got = typeof url === "string" && (!opts || !opts.method || opts.method === "GET")
      && early[url];
    if (got) {
      delete early[url];
      return got.catch(function () { return fetch0(url, opts); });
    }
    return fetch0(url, opts);
  };
})();
</script>"""

#: In place of dash-ag-grid's bundle: a stand-in grid that loads the bundle when first drawn
#: and then draws the real grid with the same properties. It stays the component Dash draws
#: (so a grid is never swapped for another mid-life), and the bundle's other exports are
#: copied beside it once loaded.
LAZY_GRID = """<script>
(function () {
  var src = %(src)s, React = window.React, loading = null, ns = {};
  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = function () {
          var real = window.dash_ag_grid;
          window.dash_ag_grid = ns;
          Object.keys(real).forEach(function (k) { if (k !== "AgGrid") ns[k] = real[k]; });
          ns.AgGrid.propTypes = real.AgGrid.propTypes;
          resolve({default: real.AgGrid});
        };
        s.onerror = function () { loading = null; reject(new Error("could not load " + src)); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }
  var Real = React.lazy(load);
  function AgGrid(props) {
    return React.createElement(React.Suspense, {fallback: null},
      React.createElement(Real, props));
  }
  // what Dash's renderer reads from the component before drawing it (as the bundle sets them)
  AgGrid.dashRenderType = true;
  AgGrid.dashPersistence = {persisted_props: ["selectedRows"], persistence_type: "local"};
  ns.AgGrid = AgGrid;
  window.dash_ag_grid = ns;
})();
</script>"""

#: what dcc needs of the polyfill in every browser (async functions compiled by Babel)
REGENERATOR = (
    Path(__file__).parent / "assets" / "vendor" / "regenerator-runtime.lazy.js"
).read_text(encoding="utf-8")
#: core-js for browsers without ES2019 (written in place, so it still runs before React)
MODERN = (
    "typeof Object.fromEntries === 'function' && typeof Array.prototype.flat === 'function' "
    "&& typeof Promise.prototype.finally === 'function' && typeof Symbol.asyncIterator !== "
    "'undefined'"
)
POLYFILL_IF_OLD = (
    "<script>if (!(" + MODERN + ")) document.write('<script src=%(src)s><\\/script>');</script>"
    "\n<script>" + REGENERATOR.replace("%", "%%").replace("</", "<\\/") + "</script>"
)


def page_scripts(scripts: str) -> str:
    """Dash's script tags with the polyfills kept for old browsers only, dash-ag-grid's
    bundle loaded when a grid is drawn and dash_table's left out (no page draws a DataTable).
    Tags not found (another Dash) are left as they are."""
    scripts = _TABLE.sub("", scripts, count=1)
    scripts = _POLYFILL.sub(
        lambda m: POLYFILL_IF_OLD % {"src": json.dumps(m.group(1))}, scripts, count=1
    )
    return _GRID.sub(lambda m: LAZY_GRID % {"src": json.dumps(m.group(1))}, scripts, count=1)


_INLINE = re.compile(r"<script>(.*?)</script>", re.S)


def install(app: dash.Dash) -> None:
    """Send ``app``'s pages with :func:`page_scripts` and :data:`PREFETCH`.

    The scripts written into the page are added to ``app.csp_hashes()``, which the
    Content-Security-Policy of ``partnergraph serve`` allows by hash (webapp.security)."""
    base = app.config.requests_pathname_prefix
    interpolate = app.interpolate_index
    head = PREFETCH % {"base": json.dumps(base)}
    bundles = bundling.install(app)

    def scripts(html: str) -> str:
        return bundles.scripts(page_scripts(html))

    def interpolate_index(**kwargs):
        kwargs["metas"] = kwargs.get("metas", "") + head
        kwargs["css"] = bundles.styles(kwargs.get("css", ""))
        kwargs["scripts"] = scripts(kwargs.get("scripts", ""))
        return interpolate(**kwargs)

    csp_hashes = app.csp_hashes

    def with_ours(hash_algorithm: str = "sha256") -> list[str]:
        method = getattr(hashlib, hash_algorithm)
        written = head + scripts(app._generate_scripts_html())
        ours = [
            f"'{hash_algorithm}-{base64.b64encode(method(s.encode()).digest()).decode()}'"
            for s in _INLINE.findall(written)
        ]
        theirs = list(csp_hashes(hash_algorithm))
        return theirs + [h for h in dict.fromkeys(ours) if h not in theirs]

    app.interpolate_index = interpolate_index
    app.csp_hashes = with_ours
