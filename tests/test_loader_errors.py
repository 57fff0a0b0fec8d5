"""Bad registers: every error names file, line, record and field, and nothing is loaded."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.errors import RegisterError
from loaders import parse_csv_text, parse_yaml_text, read_register
from partnergraph.cli import main

DOCS = textwrap.dedent(
    """\
    documents:
      - id: paper
        file: paper.txt
        name: A paper
        sources: [{doc: paper.txt, section: header}]
    """
)

GOOD = textwrap.dedent(
    """\
    organisations:
      - id: home-council
        name: Home Council
        type: council
        home: true
        country: GB
        sources: [{doc: paper.txt, section: "1. Introduction"}]
      - id: partner-region
        name: Partner Region
        type: region
        country: FR
        sources: [{doc: paper.txt, section: "2. Partners"}]
    themes:
      - id: trade
        name: Trade
        sources: [{doc: paper.txt, section: "2. Partners"}]
    """
)


def write(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def errors_of(tmp_path: Path, files: dict[str, str]):
    with pytest.raises(RegisterError) as info:
        read_register(write(tmp_path, {"documents.yaml": DOCS, **files}))
    return [i for i in info.value.issues if i.severity == "error"]


def test_good_register_loads(tmp_path):
    loaded = read_register(write(tmp_path, {"documents.yaml": DOCS, "main.yaml": GOOD}))
    assert loaded.graph.counts()["nodes"] == {
        "Country": 2,
        "Document": 1,
        "Organisation": 2,
        "Theme": 1,
    }


def test_malformed_yaml_names_the_line(tmp_path):
    bad = GOOD.replace("name: Trade", "name: [Trade")
    (issue,) = errors_of(tmp_path, {"main.yaml": bad})
    assert issue.file == "main.yaml" and issue.line is not None and issue.line >= 15
    assert "malformed YAML" in issue.message


def test_empty_file(tmp_path):
    (issue,) = errors_of(tmp_path, {"main.yaml": GOOD, "empty.yaml": "   \n"})
    assert issue.file == "empty.yaml" and "empty" in issue.message


def test_missing_required_field(tmp_path):
    bad = GOOD.replace("    type: region\n", "")
    (issue,) = errors_of(tmp_path, {"main.yaml": bad})
    assert (issue.file, issue.record, issue.field) == ("main.yaml", "partner-region", "type")
    assert issue.line == 8 and "missing" in issue.message


def test_unknown_field_is_named(tmp_path):
    bad = GOOD.replace("    type: region\n", "    type: region\n    colour: blue\n")
    (issue,) = errors_of(tmp_path, {"main.yaml": bad})
    assert (issue.record, issue.field, issue.line) == ("partner-region", "colour", 11)
    assert "unknown field" in issue.message


def test_wrong_type(tmp_path):
    bad = GOOD.replace("home: true", "home: perhaps")
    (issue,) = errors_of(tmp_path, {"main.yaml": bad})
    assert (issue.record, issue.field, issue.line) == ("home-council", "home", 5)
    assert "perhaps" in issue.message


def test_bad_enum_value_lists_choices(tmp_path):
    bad = GOOD.replace("type: region", "type: galaxy")
    (issue,) = errors_of(tmp_path, {"main.yaml": bad})
    assert issue.field == "type" and "'region'" in issue.message


def test_duplicate_ids_across_files(tmp_path):
    other = "themes:\n  - id: trade\n    name: Trade again\n    sources: [{doc: paper.txt, section: x}]\n"
    (issue,) = errors_of(tmp_path, {"main.yaml": GOOD, "more.yaml": other})
    assert (issue.file, issue.record, issue.field, issue.line) == ("more.yaml", "trade", "id", 2)
    assert "main.yaml:14" in issue.message


def test_dangling_reference_suggests(tmp_path):
    extra = textwrap.dedent(
        """\
        partnerships:
          - id: home-partner
            name: Home – Partner
            home: home-council
            partner: partner-regoin
            tier: strategic
            sphere: europe
            themes: [trade]
            sources: [{doc: paper.txt, section: "2. Partners"}]
        """
    )
    (issue,) = errors_of(tmp_path, {"main.yaml": GOOD, "links.yaml": extra})
    assert (issue.file, issue.record, issue.field) == ("links.yaml", "home-partner", "partner")
    assert "partner-regoin" in issue.message and "'partner-region'" in issue.message


def test_reference_to_wrong_kind(tmp_path):
    extra = textwrap.dedent(
        """\
        partnerships:
          - id: home-partner
            name: Home – Partner
            home: home-council
            partner: trade
            tier: strategic
            sphere: europe
            sources: [{doc: paper.txt, section: "2. Partners"}]
        """
    )
    (issue,) = errors_of(tmp_path, {"main.yaml": GOOD, "links.yaml": extra})
    assert issue.field == "partner" and "a Theme" in issue.message


def test_unknown_kind_suggests(tmp_path):
    bad = GOOD.replace("themes:", "theme:")
    (issue,) = errors_of(tmp_path, {"main.yaml": bad})
    assert issue.field == "theme" and "'themes'" in issue.message and issue.line == 13


def test_conflicting_aliases(tmp_path):
    bad = GOOD.replace("    type: region\n", "    type: region\n    aliases: [Home Council]\n")
    (issue,) = errors_of(tmp_path, {"main.yaml": bad})
    assert issue.field == "aliases" and "home-council" in issue.message


def test_unknown_source_document(tmp_path):
    bad = GOOD.replace('section: "1. Introduction"', 'section: "1"}, {doc: papr.txt, section: x')
    (issue,) = errors_of(tmp_path, {"main.yaml": bad})
    assert issue.record == "home-council" and "papr.txt" in issue.message
    assert "paper.txt" in issue.message  # did you mean


def test_missing_sources(tmp_path):
    bad = GOOD.replace('    sources: [{doc: paper.txt, section: "2. Partners"}]\n', "", 1)
    (issue,) = errors_of(tmp_path, {"main.yaml": bad})
    assert (issue.record, issue.field) == ("partner-region", "sources")


def test_bad_country_code(tmp_path):
    bad = GOOD.replace("country: FR", "country: XX")
    (issue,) = errors_of(tmp_path, {"main.yaml": bad})
    assert issue.record == "partner-region" and "ISO 3166" in issue.message


def test_bad_date(tmp_path):
    extra = textwrap.dedent(
        """\
        agreements:
          - id: an-mou
            name: An MoU
            type: mou
            signed: 2006-13-01
            parties: [home-council, partner-region]
            sources: [{doc: paper.txt, section: "2. Partners"}]
        """
    )
    (issue,) = errors_of(tmp_path, {"main.yaml": GOOD, "agreements.yaml": extra})
    assert (issue.record, issue.field, issue.line) == ("an-mou", "signed", 5)


def test_every_error_is_reported_not_just_the_first(tmp_path):
    bad = GOOD.replace("type: region", "type: galaxy").replace("home: true", "home: perhaps")
    issues = errors_of(tmp_path, {"main.yaml": bad, "empty.yaml": ""})
    assert {(i.file, i.field) for i in issues} == {
        ("main.yaml", "type"),
        ("main.yaml", "home"),
        ("empty.yaml", None),
    }


def test_likely_duplicate_is_a_warning_naming_both(tmp_path):
    places = textwrap.dedent(
        """\
        places:
          - id: chongqing
            name: Chongqing
            type: city
            sources: [{doc: paper.txt, section: a}]
          - id: chongquin
            name: Chongquin
            type: city
            sources: [{doc: paper.txt, section: b}]
        """
    )
    loaded = read_register(write(tmp_path, {"documents.yaml": DOCS, "p.yaml": places}))
    (warning,) = loaded.warnings
    assert "Chongqing" in warning.message and "Chongquin" in warning.message
    assert set(loaded.graph.nodes) >= {"chongqing", "chongquin"}  # neither split nor merged


def test_aliases_resolve_name_variants(tmp_path):
    places = textwrap.dedent(
        """\
        places:
          - id: chongqing
            name: Chongqing
            aliases: [Chongquin]
            type: city
            sources: [{doc: paper.txt, section: a}]
        """
    )
    loaded = read_register(write(tmp_path, {"documents.yaml": DOCS, "p.yaml": places}))
    assert loaded.warnings == []
    from graphmodel.stores import EmbeddedStore

    store = EmbeddedStore()
    store.replace(loaded.graph)
    assert store.get("chongquin")["id"] == "chongqing"


def test_csv_register_rows_and_errors():
    text = (
        "id,subject,cost_value,cost_unit,cost_text,time_limited,sources\n"
        "cb-a,unit-a,0.07,GBP-m,0.07,false,paper.txt § 3. Costs\n"
        "cb-b,unit-b,lots,GBP-m,lots,true,paper.txt § 3. Costs\n"
    )
    parsed = parse_csv_text(text, "costs_benefits.csv")
    assert parsed.records[0][1]["cost"] == {"value": 0.07, "unit": "GBP-m", "text": "0.07"}
    assert parsed.records[0][1]["sources"] == [{"doc": "paper.txt", "section": "3. Costs"}]
    (issue,) = parsed.issues
    assert (issue.line, issue.record, issue.field) == (3, "cb-b", "cost_value")


def test_csv_lines_are_the_file_lines_across_blank_lines_and_quoted_newlines():
    text = (
        "id,subject,cost_value,cost_unit,cost_text,time_limited,sources\n"
        '"cb-a",unit-a,0.07,GBP-m,"0.07\nper year",false,paper.txt § 3. Costs\n'
        "\n"
        "cb-b,unit-b,lots,GBP-m,lots,true,paper.txt § 3. Costs\n"
        "cb-c,unit-c,1,GBP-m,1,true,paper.txt § 3. Costs,extra\n"
    )
    parsed = parse_csv_text(text, "costs_benefits.csv")
    assert [(r["id"], line) for _, r, line, _ in parsed.records] == [("cb-a", 2), ("cb-b", 5)]
    assert parsed.records[0][1]["cost"]["text"] == "0.07\nper year"
    assert [(i.line, i.record, i.field) for i in parsed.issues] == [
        (5, "cb-b", "cost_value"),
        (6, "cb-c", None),
    ]


def test_parse_yaml_gives_record_and_field_lines():
    parsed = parse_yaml_text(GOOD, "main.yaml")
    assert [(k, r["id"], line) for k, r, line, _ in parsed.records] == [
        ("organisations", "home-council", 2),
        ("organisations", "partner-region", 8),
        ("themes", "trade", 14),
    ]
    assert parsed.records[1][3]["country"] == 11


def test_cli_broken_register_leaves_store_unchanged(tmp_path):
    good_dir = write(tmp_path / "good", {}) if (tmp_path / "good").mkdir() is None else None
    write(good_dir, {"documents.yaml": DOCS, "main.yaml": GOOD})
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    write(bad_dir, {"documents.yaml": DOCS, "main.yaml": GOOD.replace("type: region", "type: x")})
    db = tmp_path / "graph.json"
    runner = CliRunner()
    ok = runner.invoke(main, ["load", str(good_dir), "--db", str(db), "--json"])
    assert ok.exit_code == 0, ok.output
    before = db.read_bytes()
    bad = runner.invoke(main, ["load", str(bad_dir), "--db", str(db)])
    assert bad.exit_code == 1
    assert "main.yaml:10 record 'partner-region' field 'type'" in bad.output
    assert "nothing was loaded" in bad.output
    assert db.read_bytes() == before
    counts = json.loads(runner.invoke(main, ["load", str(good_dir), "--json"]).output)["counts"]
    assert counts["nodes"]["Organisation"] == 2


def test_an_uncited_document_is_found_at_any_depth(tmp_path):
    project = textwrap.dedent(
        """\
        funding_programmes:
          - id: erdf
            name: ERDF
            sources: [{doc: paper.txt, section: "3. Funding"}]
        projects:
          - id: proj
            name: A project
            lead: home-council
            funding:
              - programme: erdf
                amount: {value: 1.5, unit: GBP-m, sources: [{doc: papr.txt, section: "3"}]}
                sources: [{doc: paper.txt, section: "3. Funding"}]
            sources: [{doc: letter.txt, section: "1"}]
        """
    )
    issues = errors_of(tmp_path, {"main.yaml": GOOD, "project.yaml": project})
    found = {(i.file, i.record, i.field) for i in issues}
    assert found == {
        ("project.yaml", "proj", "sources[0].doc"),
        ("project.yaml", "proj", "funding[0].amount.sources[0].doc"),
    }
    assert any("did you mean 'paper.txt'" in i.message for i in issues)


def test_plausibility_finds_a_project_partnering_itself_and_a_role_ending_years_ahead():
    # the quick per-record pre-checks must still send these two records to the full checks
    import datetime as dt

    from graphmodel.model.records import Person, Project
    from loaders.plausible import plausibility_issues

    src = [{"doc": "d.txt", "section": "1"}]
    records = {
        "projects": [(Project(id="p", name="P", partners=["x", "p"], sources=src), ("f", 1, "p"))],
        "people": [
            (
                Person(id="a", name="A", roles=[{"title": "Mayor", "end": "2999"}], sources=src),
                ("f", 2, "a"),
            )
        ],
    }
    issues = plausibility_issues(records, today=dt.date(2026, 12, 7))
    assert {(i.record, i.field) for i in issues} == {
        ("p", "partners[1].organisation"),
        ("a", "roles[0].end"),
    }
