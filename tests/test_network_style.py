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
from webapp.network_style import MIN_SIZE, style_key, styled, unstyled


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
        n, classes = el["data"]["id"], el["classes"].split()
        if n in values:
            assert "sized" in classes and el["data"][f"by_{size_by}"] == values[n][0]
        else:
            assert "size-unknown" in classes and "msize" not in el["data"]
            assert f"by_{size_by}" not in el["data"]  # never given a value
    sized = sorted(
        (el["data"][f"by_{size_by}"], el["data"]["msize"]) for el in done if "msize" in el["data"]
    )
    assert [s for _, s in sized] == sorted(s for _, s in sized)
    assert all(s >= MIN_SIZE for _, s in sized)
    key = style_key(view, done, size_by, None)
    missing = sum(1 for el in done if "size-unknown" in el["classes"])
    if missing:
        assert key["size_unknown"].startswith(f"{missing} {PROPERTIES[size_by].missing}")


def test_colours_by_category_are_keyed_and_counted(view, elements):
    done = nodes(styled(view, elements, None, "tier"))
    key = style_key(view, done, None, "tier")
    coloured = [el for el in done if "coloured" in el["classes"]]
    counted = sum(int(s["label"].rsplit(": ", 1)[1].split()[0]) for s in key["swatches"])
    assert counted == len(coloured) > 0
    for el in coloured:  # a tier is drawn in its line's colour
        assert el["data"]["mcolour"] == V.TIER_STYLE[el["data"]["by_tier"]][0]
    unknown = [el for el in done if "colour-unknown" in el["classes"]]
    assert unknown and all("mcolour" not in el["data"] for el in unknown)
    assert key["colour_unknown"].startswith(f"{len(unknown)} no tier")


def test_the_page_groups_are_left_alone_and_a_restyle_starts_afresh(view):
    summary, _ = V.network_elements(view, V.Filters(), budget=40)
    groups = [el for el in summary if el["data"].get("kind") == "Group"]
    assert groups
    done = styled(view, summary, "cost", "country")
    for el in done:
        if el["data"].get("kind") == "Group":
            assert "sized" not in el["classes"] and "size-unknown" not in el["classes"]
    again = styled(view, done, None, "sphere")
    assert not any("size" in c for el in again for c in el.get("classes", "").split())
    assert unstyled(again) == summary  # what was drawn before any style


def test_the_export_says_the_style_in_its_filters(view):
    meta = export_meta(view, {"size_by": "cost", "colour_by": "tier"})
    assert "sized by annual cost" in meta["filters"]
    assert "coloured by partnership tier" in meta["filters"]
