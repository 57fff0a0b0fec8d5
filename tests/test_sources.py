"""Sources people can read: titles and dates of papers instead of hashed file names."""

from __future__ import annotations

import csv
import io
import re

from click.testing import CliRunner

from graphmodel.stores import EmbeddedStore
from graphmodel.views.exports import from_csv, to_csv
from graphmodel.views.sources import SourceLabels, format_date, parse_source
from partnergraph.cli import main

HASHED = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


def _store(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return store


def test_parse_keeps_sections_and_quotes_apart():
    ref = parse_source('001_x.txt § 1.1 To the West: "signed on 14th November 2006"')
    assert (ref.file, ref.section, ref.quote) == (
        "001_x.txt",
        "1.1 To the West",
        "signed on 14th November 2006",
    )
    assert parse_source("001_x.txt § header").quote is None
    assert parse_source("no section here").file == ""


def test_dates_read_as_people_write_them():
    assert format_date("2007-12-03") == "3 Dec 2007"
    assert format_date("2007-07") == "Jul 2007"
    assert format_date("2008") == "2008"


def test_every_bundled_source_names_its_paper(bundled):
    labels = SourceLabels.from_store(_store(bundled))
    assert len(labels.by_file) == 5
    cited = {s for n in bundled.graph.nodes.values() for s in n.sources}
    cited |= {s for e in bundled.graph.edges.values() for s in e.sources}
    for s in cited:
        shown = labels.label(s)
        assert not HASHED.search(shown), shown
    mou = labels.label(bundled.graph.nodes["kent-virginia-mou-2006"].sources[0])
    assert mou.startswith(
        "KCC International Activities Annual Report 2006/7 – report to Cabinet (3 Dec 2007) § "
    )


def test_grouped_sources_show_each_quote_once(bundled):
    labels = SourceLabels.from_graph(bundled.graph)
    node = bundled.graph.nodes["kent-virginia-mou-2006"]
    groups = labels.grouped(node.sources + node.sources)
    assert [g["date"] for g in groups] == sorted((g["date"] for g in groups), reverse=True)
    items = [(g["file"], i["section"], i["quote"]) for g in groups for i in g["items"]]
    assert len(items) == len(set(items)) == len(set(node.sources))


def test_csv_export_has_readable_sources_and_still_round_trips(bundled):
    nodes_csv, edges_csv = to_csv(bundled.graph)
    for text in (nodes_csv, edges_csv):
        rows = list(csv.DictReader(io.StringIO(text)))
        for r in rows:
            if r["sources"].startswith('["pycountry'):
                continue
            assert r["source_labels"] and not HASHED.search(r["source_labels"]), r[
                "id" if "id" in r else "source"
            ]
    back = from_csv(nodes_csv, edges_csv)
    assert (
        back.nodes["kent-virginia-mou-2006"].props
        == bundled.graph.nodes["kent-virginia-mou-2006"].props
    )


def test_show_finds_a_paper_by_file_name_or_title():
    runner = CliRunner()
    by_file = runner.invoke(main, ["show", "000_239ec01fbea54895.txt"])
    assert by_file.exit_code == 0, by_file.output
    assert "[kcc-international-annual-report-cabinet-2007]" in by_file.output
    by_title = runner.invoke(
        main, ["show", "Leicester City Council: A New Strategy for International Development"]
    )
    assert "[leicester-international-development-strategy-2002]" in by_title.output
    mou = runner.invoke(main, ["show", "kent-virginia-mou-2006"])
    assert "(3 Dec 2007)" in mou.output and not HASHED.search(mou.output.split("file:")[0])


def test_board_report_names_papers_not_files(tmp_path):
    out = tmp_path / "kosice.html"
    res = CliRunner().invoke(main, ["evaluate", "Košice", "--home", "kent", "--report", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    cells = re.findall(r"<td class='src'>(.*?)</td>", html, re.S)
    assert cells and any("(12 Jul 2007)" in c for c in cells)
    assert not any(HASHED.search(c) for c in cells)
    assert not HASHED.search(res.output)


def test_query_tables_and_csv_name_papers_json_keeps_files():
    runner = CliRunner()
    for name in ("links_needing_attention", "conflicts"):
        args = ["query", name] + (["--council", "KCC"] if name == "links_needing_attention" else [])
        for fmt in ("table", "csv"):
            out = runner.invoke(main, [*args, "--format", fmt]).output
            assert not HASHED.search(out), (name, fmt)  # (a table cuts cells at 60 characters)
            assert fmt == "table" or "(12 Jul 2007)" in out, name
        assert HASHED.search(runner.invoke(main, [*args, "--format", "json"]).output)
