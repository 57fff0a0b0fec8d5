"""The Costs & benefits chart as figures: every figure the papers print is drawn inside its
table's axis, in words a board reads (£321,000, £20 million), never as a bar whose length
depends on where a log axis starts."""

from __future__ import annotations

import math

import pytest

from graphmodel.stores import EmbeddedStore
from loaders import bundled_register_dir, read_register
from webapp import views as V
from webapp.graphview import GraphView
from webapp.pages.costs import costs_fig


@pytest.fixture(scope="module")
def rows():
    store = EmbeddedStore()
    store.replace(read_register(bundled_register_dir()).graph)
    return V.cost_rows(GraphView(store))


def test_every_printed_figure_is_a_dot_inside_its_axis(rows):
    fig = costs_fig(rows)
    drawn = 0
    for trace in fig.data:
        assert trace.type == "scatter" and "markers" in trace.mode
        axis = fig.layout["xaxis" + trace.xaxis[1:]]
        low, high = axis.range
        for x in trace.x:
            if x is not None:
                assert low < math.log10(x) < high, (trace.name, x, axis.range)
                drawn += 1
    stated = sum(1 for r in rows for k in ("cost", "benefit") if r[f"{k}_gbp_m"])
    assert drawn == stated > 10


def test_figures_and_ticks_are_in_money_words(rows):
    fig = costs_fig(rows)
    words = {t.strip() for trace in fig.data for t in trace.text if t}
    assert {"£321,000", "£20 million", "£73,400"} <= words
    assert "£315,000 (time limited)" in words  # the Kent-Virginia project's cost, 2005-2007
    ticks = [t for key in fig.layout if key.startswith("xaxis") for t in fig.layout[key].ticktext]
    assert "£100k" in ticks and "£1m" in ticks


def test_a_cost_smaller_than_its_benefit_says_so_on_its_left(rows):
    """PASCAL's £58,000 cost sits beside its £100,000 benefit: its words go left of the dot,
    not over the benefit's."""
    fig = costs_fig(rows)
    cost = next(
        t for t in fig.data if t.name == "Cost per year" and any("PASCAL" in y for y in t.y)
    )
    i = next(i for i, y in enumerate(cost.y) if "PASCAL" in y)
    assert cost.textposition[i] == "middle left"
