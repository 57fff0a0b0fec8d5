"""The record card: key facts first, relationships grouped, sources by paper; CLI = web data."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphmodel.stores import EmbeddedStore
from graphmodel.views.card import SECTION_BUILDERS, build_card, card_for, register_section
from partnergraph.cli import main


@pytest.fixture(scope="module")
def store(bundled):
    s = EmbeddedStore()
    s.replace(bundled.graph)
    return s


def _facts(card):
    return {r["label"]: r["value"] for r in card["sections"][0]["rows"]}


def test_the_mou_card_leads_with_type_date_signatories_and_areas(store):
    card = card_for(store, "kent-virginia-mou-2006")
    assert card["status"].startswith(
        "Agreement · Memorandum of understanding (MoU) · signed 14 Nov 2006"
    )
    labels = [r["label"] for r in card["sections"][0]["rows"]]
    assert labels[:2] == ["Type", "Signed"]
    facts = _facts(card)
    assert [i["text"] for i in facts["Signatories"]] == [
        "Paul Carter, Leader, for Kent County Council",
        "Tim Kaine, Governor, for Commonwealth of Virginia",
    ]
    assert len(facts["Areas of co-operation"]) == 10
    assert [s["key"] for s in card["sections"]] == ["facts", "relationships", "sources"]


def test_partnership_card_says_what_is_missing(store):
    facts = _facts(card_for(store, "kent-commonwealth-of-virginia"))
    assert facts["Tier"].startswith("strategic (inferred") and facts["Since"] == "2006"
    assert facts["Last review"] == "not recorded"  # missing is shown as missing
    assert [i["id"] for i in facts["Agreements"]][0] == "kent-virginia-mou-2006"


def test_relationships_grouped_with_counts_and_sources_each_once(store, bundled):
    card = card_for(store, "kent-virginia-mou-2006")
    rels = card["sections"][1]
    assert rels["count"] == sum(g["count"] for g in rels["groups"]) == 17
    covers = next(g for g in rels["groups"] if g["type"] == "COVERS")
    assert covers["count"] == 10 and rels["first_few"] < 10
    srcs = card["sections"][2]
    quotes = [(g["file"], i["section"], i["quote"]) for g in srcs["groups"] for i in g["items"]]
    assert len(quotes) == len(set(quotes)) == srcs["count"]
    assert srcs["title"] == f"Sources ({srcs['count']})"


def test_a_conflict_subject_carries_a_marker(store):
    card = card_for(store, "kent-virginia-mou-2006")
    assert {m["id"] for m in card["markers"]} == {
        "conflict-kent-virginia-mou-2006-areas",
        "conflict-kent-virginia-mou-2006-renewal-or-formalisation",
    }
    assert card_for(store, "tim-kaine")["markers"] == []


def test_a_paper_card_by_file_name(store):
    card = card_for(store, "003_b88992c9ca20d4f9.txt")
    assert card["id"] == "leicester-international-development-strategy-2002"
    assert _facts(card)["Date"] == "2 Sep 2002"


def test_sections_can_be_added_per_kind(store):
    before = dict(SECTION_BUILDERS)
    try:
        register_section(
            "Partnership", lambda node, rels, labels: {"key": "extra", "title": "Extra"}
        )
        keys = [s["key"] for s in card_for(store, "kent-commonwealth-of-virginia")["sections"]]
        assert keys == ["facts", "timeline", "extra", "relationships", "sources"]
    finally:
        SECTION_BUILDERS.clear()
        SECTION_BUILDERS.update(before)


def test_show_prints_the_same_card():
    runner = CliRunner()
    out = runner.invoke(main, ["show", "kent-virginia-mou-2006"]).output
    assert out.index("Type: Memorandum of understanding") < out.index("Relationships (17)")
    assert "Tim Kaine, Governor, for Commonwealth of Virginia" in out
    assert "tim-kaine; paul-carter" not in out
    assert "… and 5 more" in out and "⚠ The papers disagree" in out
    data = json.loads(runner.invoke(main, ["show", "kent-virginia-mou-2006", "--json"]).output)
    assert data["card"]["title"] == "Kent–Virginia Memorandum of Understanding (renewed)"
    assert build_card(data["node"], data["relationships"], _labels()) == data["card"]


def _labels():
    from graphmodel.views.sources import SourceLabels
    from loaders import bundled_register_dir, read_register

    return SourceLabels.from_graph(read_register(bundled_register_dir()).graph)


def test_conflict_subjects_are_marked_in_the_graph(store):
    from webapp.network import _node_element
    from webapp.views import GraphView

    view = GraphView(store)
    assert "conflict" in _node_element(view, "kent-virginia-mou-2006")["classes"].split()
    assert "conflict" not in _node_element(view, "tim-kaine")["classes"].split()


def _quotes(groups):
    return [i["quote"] or "" for g in groups for i in g["items"]]


def test_a_card_s_sources_are_about_the_record_and_the_rest_is_context(store):
    """The statement of intent's card does not cite the MoU's quote or the cost line as its own."""
    src = card_for(store, "kent-virginia-statement-of-intent-on-staff-exchanges-2006")
    src = src["sections"][-1]
    own, context = _quotes(src["groups"]), _quotes(src["context"])
    assert any("Statement of Intent on Staff Exchanges" in q for q in own)
    assert not any("renewed Memorandum" in q or "0.315" in q for q in own)
    assert any("renewed Memorandum" in q for q in context)
    assert src["count"] == len(own) and src["context_count"] == len(context)


def test_every_card_source_beyond_the_record_s_own_names_the_record(store, bundled):
    """A relationship's source counts as the card's own only where it names the record."""
    from graphmodel.views.card import _folded_names, _mentions
    from graphmodel.views.sources import parse_source

    checked = 0
    for node in bundled.graph.nodes.values():
        if node.label in ("Document", "Country"):
            continue
        section = card_for(store, node.id)["sections"][-1]
        own = set(node.sources)
        names = _folded_names({"name": node.name, "aliases": node.aliases})
        for s in store.relationships(node.id):
            for raw in s.get("sources") or []:
                if raw in own:
                    continue
                ref = parse_source(raw)
                if not ref.quote:
                    continue  # a bare section is folded into a quoted one of the same section
                text = f"{ref.section or ''} {ref.quote}"
                in_own = any(
                    g["file"] == ref.file
                    and i["section"] == ref.section
                    and i["quote"] == ref.quote
                    for g in section["groups"]
                    for i in g["items"]
                )
                assert in_own == _mentions(text, names), (node.id, raw)
                checked += 1
    assert checked > 300


def test_a_card_never_states_a_fact_and_its_absence(store, bundled):
    """'Owner: not recorded' never beside a unit responsible for the link; the agreements a
    partnership's card lists are those Link health counts; one area is listed once."""
    for node in bundled.graph.nodes.values():
        if node.label not in ("Partnership", "Agreement"):
            continue
        card = card_for(store, node.id)
        facts = _facts(card)
        rel_types = {(g["type"], g["direction"]) for g in card["sections"][-2]["groups"]}
        if node.label == "Partnership":
            if facts.get("Owner") == "not recorded":
                assert ("OWNS", "in") not in rel_types, node.id
                assert ("RESPONSIBLE_FOR", "in") not in rel_types, node.id
        else:
            areas = [a["text"] for a in facts.get("Areas of co-operation") or []]
            assert len(areas) == len(set(areas)), node.id
    bacs = _facts(card_for(store, "kent-bacs-kiskun-county"))
    assert [i["id"] for i in bacs["Owner"]] == ["european-affairs-group"]
    assert "kent-bacs-kiskun-county-cooperation-agreement" in [i["id"] for i in bacs["Agreements"]]


def test_no_card_says_the_papers_say_nothing_else_beside_more(store, bundled):
    for node in bundled.graph.nodes.values():
        text = json.dumps(card_for(store, node.id)).lower()
        assert "say nothing else" not in text, node.id


def test_fields_the_papers_give_are_on_the_cards(store):
    """Issue 23 item 6: EVOLVE's lead (the CPA: 'led by KCC's Communities Directorate'); both
    strategies that name Central and Eastern Europe; a council's own body is not 'Domestic: no'."""
    evolve = _facts(card_for(store, "evolve"))
    assert [i["text"] for i in evolve["Lead"]] == ["Communities Directorate"]
    assert "names the lead" in evolve["Curators' note"]
    cee = card_for(store, "central-and-eastern-europe")
    linked = {
        i["id"]
        for s in cee["sections"]
        if s["key"] == "relationships"
        for g in s["groups"]
        for i in g["items"]
    }
    assert {"kcc-international-strategy-2007", "leicester-international-development-strategy"} <= (
        linked
    )
    olwp = _facts(card_for(store, "overseas-links-working-party"))
    assert olwp["Standing"] == "one of Leicester City Council's own bodies"
    assert "Domestic" not in olwp and "Home" not in olwp
    eag = _facts(card_for(store, "european-affairs-group"))
    assert eag["Standing"] == "one of Kent County Council's own bodies"  # two levels up
    assert _facts(card_for(store, "david-chipperfield-architects"))["Standing"].startswith(
        "a domestic body"
    )
    assert "Standing" not in _facts(card_for(store, "commonwealth-of-virginia"))


def test_a_status_says_when_the_papers_said_it(store):
    """'active' is what the papers of 2007 say, not a fact of today: the card dates it by the
    latest dated paper among the record's sources, in its status line and its key facts."""
    from graphmodel.views.sources import SourceLabels, format_date, parse_source

    labels = SourceLabels.from_store(store)
    for node_id in ("kent-commonwealth-of-virginia", "kent-virginia-mou-2006"):
        node = store.node(node_id)
        latest = max(
            d.date
            for s in node["sources"]
            if (d := labels.document(parse_source(s).file)) is not None and d.date
        )
        card = card_for(store, node_id)
        assert card["status"].endswith(f"{node['status']} (papers up to {format_date(latest)})")
        assert _facts(card)["Status"] == (
            f"{node['status']} (said in papers up to {format_date(latest)})"
        )


def test_a_persons_title_says_when_the_papers_gave_it(store):
    """Paul Carter was Leader in the papers of 2006-7; the card says so, not that he leads."""
    titles = _facts(card_for(store, "paul-carter"))["Titles"]
    assert [t["text"] for t in titles] == ["Leader (said in papers up to 3 Dec 2007)"]
