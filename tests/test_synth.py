"""The synthetic register generator: deterministic, loadable, roughly proportional in size."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from loaders import read_register
from loaders.register import build_register, parse_csv_text, parse_yaml_text
from partnergraph.synth import DOC_FILE, generate_register, synth, write_register


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    write_register(generate_register(5, seed=7), out)
    return out


def test_same_seed_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_register(generate_register(4, seed=3), a)
    write_register(generate_register(4, seed=3), b)
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_different_seed_differs():
    assert generate_register(4, seed=3) != generate_register(4, seed=4)


def test_loads_without_errors_and_cites_only_the_synthetic_document(small):
    reg = read_register(small)
    counts = reg.graph.counts()
    for label in ("Organisation", "Partnership", "Agreement", "Project", "Place", "Theme"):
        assert counts["nodes"].get(label, 0) > 0, label
    for etype in ("HAS_PARTNERSHIP", "WITH_PARTNER", "PARTNER_IN", "FUNDED_BY", "UNDERPINNED_BY"):
        assert counts["relationships"].get(etype, 0) > 0, etype
    docs = {s.split(" § ")[0] for n in reg.graph.nodes.values() for s in n.sources}
    docs |= {s.split(" § ")[0] for e in reg.graph.edges.values() for s in e.sources}
    assert docs <= {DOC_FILE, "pycountry"}
    homes = [n for n in reg.graph.nodes.values() if n.props.get("home")]
    assert len(homes) == 5
    assert all(n.props["country"] == "GB" for n in homes)


def test_size_grows_roughly_in_proportion():
    def relationships(councils: int) -> int:
        files = generate_register(councils, seed=11)
        parsed = [
            parse_csv_text(text, name) if name.endswith(".csv") else parse_yaml_text(text, name)
            for name, text in files.items()
        ]
        return len(build_register(parsed).graph.edges)

    small, large = relationships(10), relationships(40)
    assert 300 < small < 5000
    assert 2 < large / small < 12  # heavy tails make it noisy, never wildly off


def test_cli_writes_the_register(tmp_path):
    result = CliRunner().invoke(synth, ["--councils", "2", "--seed", "1", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "documents.yaml").exists()
    assert (tmp_path / "partnerships.csv").exists()
    read_register(tmp_path)


def test_rejects_zero_councils():
    with pytest.raises(ValueError):
        generate_register(0)


def test_csv_project_partners_and_funding_are_lists():
    text = (
        "id,name,lead,partners,funding,sources\n"
        "p1,P1,org-a,org-a|org-b,erdf|esf,d.txt § s\n"
        "p2,P2,org-a,,,d.txt § s\n"
    )
    pf = parse_csv_text(text, "projects.csv")
    assert not pf.issues
    first, second = pf.records[0][1], pf.records[1][1]
    assert first["partners"] == ["org-a", "org-b"]
    assert first["funding"] == [{"programme": "erdf"}, {"programme": "esf"}]
    assert "partners" not in second and "funding" not in second


def test_csv_project_funding_builds_funded_by_edges():
    docs = parse_yaml_text(
        "documents:\n  - {id: d, file: d.txt, name: D, sources: [{doc: d.txt, section: s}]}\n"
        "organisations:\n"
        "  - {id: org-a, name: A, type: council, sources: [{doc: d.txt, section: s}]}\n"
        "  - {id: org-b, name: B, type: city, sources: [{doc: d.txt, section: s}]}\n"
        "funding_programmes:\n"
        "  - {id: erdf, name: ERDF, sources: [{doc: d.txt, section: s}]}\n",
        "ref.yaml",
    )
    projects = parse_csv_text(
        "id,name,lead,partners,funding,sources\np1,P1,org-a,org-b,erdf,d.txt § s\n",
        "projects.csv",
    )
    g = build_register([docs, projects]).graph
    types = {(e.src, e.type, e.dst) for e in g.edges.values()}
    assert ("org-b", "PARTNER_IN", "p1") in types
    assert ("p1", "FUNDED_BY", "erdf") in types


def test_csv_unknown_funding_programme_is_a_located_error():
    from graphmodel.errors import RegisterError

    docs = parse_yaml_text(
        "documents:\n  - {id: d, file: d.txt, name: D, sources: [{doc: d.txt, section: s}]}\n",
        "ref.yaml",
    )
    projects = parse_csv_text("id,name,funding,sources\np1,P1,nope,d.txt § s\n", "projects.csv")
    with pytest.raises(RegisterError) as exc:
        build_register([docs, projects])
    issue = next(i for i in exc.value.issues if i.severity == "error")
    assert issue.file == "projects.csv" and issue.line == 2 and "funding" in issue.field


def test_validate_prints_the_first_issues_and_counts_the_rest(tmp_path):
    from partnergraph.cli import main
    from partnergraph.common import ISSUES_SHOWN

    reg = tmp_path / "reg"
    write_register(generate_register(5, seed=3), reg)
    # sixty pairs of themes spelt alike ("Topic Harbours" / "Topic Harbour"): a warning each
    themes = ["themes:"]
    for k in range(60):
        stem = f"harbour{chr(97 + k % 26)}{chr(97 + k // 26)}"
        for n, name in enumerate((f"Topic {stem}", f"Topic {stem}s")):
            themes += [
                f"  - id: topic-{k}-{n}",
                f"    name: {name}",
                f'    sources: [{{doc: {DOC_FILE}, section: "generated"}}]',
            ]
    (reg / "themes.yaml").write_text("\n".join(themes) + "\n", encoding="utf-8")
    total = len(read_register(reg).warnings)
    assert total >= 60 > ISSUES_SHOWN
    short = CliRunner().invoke(main, ["validate", str(reg)])
    assert short.exit_code == 0, short.output
    warning_lines = [line for line in short.stdout.splitlines() if "looks like" in line]
    assert len(warning_lines) == ISSUES_SHOWN
    assert f"… and {total - ISSUES_SHOWN:,} more (0 error(s)" in short.stdout
    full = CliRunner().invoke(main, ["validate", str(reg), "--all-issues"])
    assert sum("looks like" in line for line in full.stdout.splitlines()) == total
    assert "more (" not in full.stdout
