"""Style by property (webapp.network_style): sizes and colours follow the property, a node
without it is drawn as missing and named in the key, never given a value; a restyle takes the
old style off; the page's own group nodes are left alone."""

from __future__ import annotations

import pytest

from graphmodel.stores import EmbeddedStore
from webapp import views as V
from webapp.exports import export_meta
from webapp.graphview import GraphView
from webapp.network_properties import PROPERTIES
from webapp.network_style import MIN_SIZE, STYLE_DATA, style_key, styled, unstyled


@pytest.fixture(scope="module")
def view(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return GraphView(store)


@pytest.fixture(scope="module")
def elements(view):
    return V.network_elements(view, V.Filters())[0]


def nodes(elements):
    return [el for el in elements if "source" not in el["data"]]


@pytest.mark.parametrize("size_by", [k for k, p in PROPERTIES.items() if p.numeric])
def test_sizes_follow_the_number_and_missing_is_drawn_as_missing(view, elements, size_by):
    done = nodes(styled(view, elements, size_by, None))
    values = PROPERTIES[size_by].values(view)
    for el in done:
        n, data = el["data"]["id"], el["data"]
        if n in values:
            assert data["msize"] and data[f"by_{size_by}"] == values[n][0]
            assert not data.get("size_unknown")
        else:
            assert data["size_unknown"] is True and not data.get("msize")
            assert data.get(f"by_{size_by}") is None  # never given a value
    sized = sorted(
        (el["data"][f"by_{size_by}"], el["data"]["msize"]) for el in done if el["data"].get("msize")
    )
    assert [s for _, s in sized] == sorted(s for _, s in sized)
    assert all(s >= MIN_SIZE for _, s in sized)
    key = style_key(view, done, size_by, None)
    missing = sum(1 for el in done if el["data"].get("size_unknown"))
    if missing:
        assert key["size_unknown"].startswith(f"{missing} {PROPERTIES[size_by].missing}")


def test_colours_by_category_are_keyed_and_counted(view, elements):
    done = nodes(styled(view, elements, None, "tier"))
    key = style_key(view, done, None, "tier")
    coloured = [el for el in done if el["data"].get("mcolour")]
    counted = sum(int(s["label"].rsplit(": ", 1)[1].split()[0]) for s in key["swatches"])
    assert counted == len(coloured) > 0
    for el in coloured:  # a tier is drawn in its line's colour
        assert el["data"]["mcolour"] == V.TIER_STYLE[el["data"]["by_tier"]][0]
    unknown = [el for el in done if el["data"].get("colour_unknown")]
    assert unknown and all(not el["data"].get("mcolour") for el in unknown)
    assert key["colour_unknown"].startswith(f"{len(unknown)} no tier")


def test_the_page_groups_are_left_alone_and_a_restyle_starts_afresh(view):
    summary, _ = V.network_elements(view, V.Filters(), budget=40)
    groups = [el for el in summary if el["data"].get("kind") == "Group"]
    assert groups
    done = styled(view, summary, "cost", "country")
    for el in done:
        if el["data"].get("kind") == "Group":
            assert not any(el["data"].get(k) for k in STYLE_DATA)
    # the style is in the data: a node's classes (its kind, its rings) are never touched
    assert [el.get("classes") for el in done] == [el.get("classes") for el in summary]
    again = styled(view, done, None, "sphere")
    assert not any(el["data"].get(k) for el in again for k in ("msize", "size_unknown"))
    # taken off, every field of the style is None (so the browser's drawing drops it too)
    assert [{k: v for k, v in el["data"].items() if v is not None} for el in unstyled(again)] == [
        el["data"] for el in summary
    ]


def test_the_export_says_the_style_in_its_filters(view):
    meta = export_meta(view, {"size_by": "cost", "colour_by": "tier"})
    assert "sized by annual cost" in meta["filters"]
    assert "coloured by partnership tier" in meta["filters"]


def test_the_address_takes_only_a_style_the_page_offers(view):
    from webapp.pages.network import URL_CHECKS
    from webapp.urlstate import clean_state

    state, dropped = clean_state(
        view, {"size_by": "tier", "colour_by": "<script>", "focus": "kent-county-council"},
        URL_CHECKS,
    )  # fmt: skip
    assert state == {"focus": "kent-county-council"} and sorted(dropped) == ["colour_by", "size_by"]
    state, _ = clean_state(view, {"size_by": "cost", "colour_by": "tier"}, URL_CHECKS)
    assert state == {"size_by": "cost", "colour_by": "tier"}  # a category colours, never sizes


# -- a category keeps its colour in every view of the register ------------------------------


def _country_colours(view, f):
    from webapp.network_style import style_key

    done = nodes(styled(view, V.network_elements(view, f)[0], None, "country"))
    drawn = {}
    for el in done:
        if el["data"].get("mcolour"):
            drawn.setdefault(el["data"]["by_country"], set()).add(el["data"]["mcolour"])
    key = style_key(view, done, None, "country")
    return drawn, {s["label"].split(":")[0]: s["colour"] for s in key["swatches"]}


def test_a_country_has_one_colour_in_every_view_of_the_register(view):
    from webapp.network_style import STABLE, register_order

    order = register_order(view, PROPERTIES["country"])
    views = [
        V.Filters(council="kent-county-council"),
        V.Filters(council="leicester-city-council"),
        V.Filters(tiers=["strategic"]),
        V.Filters(spheres=["europe"]),
    ]
    seen: dict[str, set[str]] = {}
    for f in views:
        drawn, key = _country_colours(view, f)
        assert len(set(key.values())) == len(key)  # no two countries alike in one view
        for country, colours in drawn.items():
            seen.setdefault(country, set()).update(colours)
            assert colours == {STABLE[order[country]]}  # from the register's order
        assert key["France"] == STABLE[order["country-fr"]]
    assert len(seen["country-fr"]) == 1 and len(seen) > 5


@pytest.fixture(scope="module")
def many_countries(tmp_path_factory):
    """A generated register with more countries than there are colours to keep."""
    from loaders import read_register
    from partnergraph.synth import generate_register, write_register

    folder = tmp_path_factory.mktemp("many") / "register"
    write_register(generate_register(12, 1), folder)
    store = EmbeddedStore()
    store.replace(read_register(folder).graph)
    return GraphView(store)


def test_a_small_view_of_rare_countries_is_coloured_and_says_its_colours_are_its_own(
    many_countries,
):
    from webapp.network_style import LENT, OTHER, SECOND, STABLE, register_order, style_key

    view = many_countries
    prop = PROPERTIES["country"]
    order = register_order(view, prop)
    assert len(order) > len(STABLE)
    values = prop.values(view)
    by_country: dict[str, str] = {}
    for n, (country, _) in sorted(values.items()):
        if view.label(n) == "Organisation":
            by_country.setdefault(country, n)
    rare = sorted((c for c in by_country if order[c] >= len(STABLE)), key=order.get)[:3]
    common = min(by_country, key=order.get)
    assert len(rare) == 3
    small = V.elements_for(view, {by_country[c] for c in rare})
    done = nodes(styled(view, small, None, "country"))
    colours = [el["data"]["mcolour"] for el in done]
    assert OTHER not in colours and len(set(colours)) == 3 and set(colours) <= set(SECOND)
    key = style_key(view, done, None, "country")
    assert all(s["label"].endswith(f"({LENT})") for s in key["swatches"])
    # a common country drawn with them keeps its own colour, and the key does not call it lent
    mixed = V.elements_for(view, {by_country[c] for c in [*rare, common]})
    done = nodes(styled(view, mixed, None, "country"))
    own = [el["data"]["mcolour"] for el in done if el["data"]["by_country"] == common]
    assert own == [STABLE[order[common]]]
    key = style_key(view, done, None, "country")
    mine = [s for s in key["swatches"] if s["colour"] == own[0]]
    assert len(mine) == 1 and LENT not in mine[0]["label"]
