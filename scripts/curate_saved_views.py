"""Write the bundled register's example saved views (``data/saved-views.json``).

A new user's Presentation page (``/present``) and ``partnergraph views`` show the team's saved
views; a register fresh from the box has none, so the bundled one ships a few, made as an
editor would make them: each is the Network page's settings (filters, focus, selection, labels)
saved by :func:`loaders.saved_views.save_view`, the product's own save path. Where the page's
own layout crowds a view, its nodes are laid out in columns reading left to right (the
council, its units, each partnership in a row with its agreements and its partner), as a
person tidying the drawing by hand would, and those places are saved with it, as the page
saves dragged nodes.

python scripts/curate_saved_views.py [REGISTER]   # default: the bundled register
"""

from __future__ import annotations

import sys
from pathlib import Path

from graphmodel.stores import EmbeddedStore
from loaders import bundled_register_dir, read_register
from loaders.saved_views import VIEWS_FILE, read_saved_views, save_view

BY = "partnergraph (bundled example)"

#: name, the Network page's settings, columns from this council (or None: the page's own
#: drawing), and the notes on its slide
VIEWS = [
    (
        "Kent's strategic partners",
        {
            "council": "kent-county-council",
            "tier": ["strategic"],
            "kind": ["Organisation", "Partnership", "Agreement"],
            "labels": "all",
        },
        "kent-county-council",
        "The six links Kent County Council's register puts in the strategic tier, each with its "
        "partner, the agreements under it and the unit that runs it. Four are called strategic "
        "by the KCC International Activities Annual Report 2006/7 (Pas de Calais, Nord-Pas de "
        "Calais, Bács-Kiskun, Southern Finland); for Virginia and Seattle/King County no paper "
        "states a tier and strategic is the register's reading (each card says which). Themes "
        "and projects are left out to keep the names legible: 'Open in the explorer' and "
        "widen 'Kinds shown' to add them.",
    ),
    (
        "Kent – Virginia and what hangs off it",
        {
            "focus": "kent-commonwealth-of-virginia",
            "hops": 1,
            "select": "kent-commonwealth-of-virginia",
            "labels": "all",
        },
        None,
        "Kent's link with the Commonwealth of Virginia and everything one step from it: the "
        "renewed Memorandum of Understanding (14 November 2006) and the Statement of Intent on "
        "Staff Exchanges (July 2006), its projects (Kent-Virginia Project, International "
        "Professional Development, Support to Schools), the unit that owns it (Environment & "
        "Regeneration) and the themes of its objectives, from trade and tourism to farm "
        "preservation. Its strategic tier is the register's reading: no paper states it.",
    ),
    (
        "Leicester's twin cities",
        {
            "council": "leicester-city-council",
            "tier": ["twinning"],
            "kind": ["Organisation", "Partnership", "Agreement"],
            "labels": "all",
        },
        "leicester-city-council",
        "Leicester City Council's five twinning links (Krefeld, Strasbourg, Masaya, Chongqing "
        "and Rajkot), each with its twinning agreement, all owned by Environment, Regeneration "
        "& Development. From 'A New Strategy for International Development' (Cabinet, "
        "2 September 2002), which sets out to retain and revitalise the twinnings, with "
        "technical rather than civic links for Masaya and Strasbourg.",
    ),
]

#: the columns of the drawing, left to right, and the height of one row (a node is 18 across;
#: a name is drawn up to 110 wide, above its node)
X_COUNCIL, X_UNIT, X_LINK, X_AGREEMENT, X_PARTNER = 0.0, 150.0, 300.0, 450.0, 600.0
ROW = 42.0


def columns(elements: list[dict], council: str) -> dict[str, list[float]]:
    """Places reading left to right: the council, the units that run its links, each
    partnership in a row of its own (by unit, sphere and name), the agreements under it and its
    partner, every name horizontal and clear of the others."""
    nodes = {el["data"]["id"]: el["data"] for el in elements if "source" not in el["data"]}
    edges = [el["data"] for el in elements if "source" in el["data"]]
    out: dict[str, list[str]] = {}
    into: dict[str, list[str]] = {}
    for e in edges:
        out.setdefault(e["source"], []).append(e["target"])
        into.setdefault(e["target"], []).append(e["source"])
    units = {
        link: sorted(u for u in into.get(link, []) if u != council and u in nodes)
        for link in out.get(council, [])
        if nodes[link].get("kind") == "Partnership"
    }
    links = sorted(
        units,
        key=lambda n: (units[n], nodes[n].get("sphere") or "", nodes[n].get("label") or n),
    )
    places: dict[str, list[float]] = {}
    y = 0.0
    for link in links:
        agreements = sorted(
            n for n in out.get(link, []) if nodes[n].get("kind") == "Agreement" and n not in places
        )
        partners = [
            e["target"] for e in edges if e["source"] == link and e["type"] == "WITH_PARTNER"
        ]
        rows = max(1, len(agreements))
        middle = y + ROW * (rows - 1) / 2
        places[link] = [X_LINK, middle]
        for i, agreement in enumerate(agreements):
            places[agreement] = [X_AGREEMENT, y + ROW * i]
        for partner in partners:
            places.setdefault(partner, [X_PARTNER, middle])
        y += ROW * (rows + 0.5)
    for unit in sorted({u for us in units.values() for u in us} - set(places)):
        ys = [places[link][1] for link, us in units.items() if unit in us]
        places[unit] = [X_UNIT, sum(ys) / len(ys)]
    places[council] = [X_COUNCIL, (y - 1.5 * ROW) / 2]
    missing = set(nodes) - set(places)
    if missing:
        raise SystemExit(f"no place for {sorted(missing)}: lay this view out another way")
    return {n: [round(x, 1), round(yy, 1)] for n, (x, yy) in places.items()}


def main(register: Path) -> None:
    from webapp import create_app
    from webapp.pages.present import slide_elements

    store = EmbeddedStore()
    store.replace(read_register(register).graph)
    ctx = create_app(store).server.config["partnergraph_context"]
    for name, state, council, notes in VIEWS:
        places = {}
        if council:
            elements, _ = slide_elements(ctx, {"state": state, "positions": {}})
            places = columns(elements, council)
        save_view(register, name, state, places, by=BY, notes=notes)
    views = read_saved_views(register)
    print(f"{len(views)} saved views in {register / VIEWS_FILE}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else bundled_register_dir())
