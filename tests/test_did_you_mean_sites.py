"""Every "did you mean" for a typed name goes through one helper
(:mod:`graphmodel.build.did_you_mean`): a real typo is still suggested, an unrelated word gets
no far-fetched suggestion, and a suggestion is of the kind the argument takes."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from graphmodel.errors import NodeNotFound, RegisterError
from graphmodel.evaluator import ProfileError
from graphmodel.evaluator.profiles import check_theme_ids, parse_profile
from graphmodel.queries.catalogue import BadParameter, UnknownQuery, run_query
from graphmodel.stores.embedded import EmbeddedStore
from loaders import read_register
from partnergraph.cli import main

DOCS = textwrap.dedent(
    """\
    documents:
      - id: paper
        file: strategy-paper.txt
        name: A paper
        sources: [{doc: strategy-paper.txt, section: header}]
    """
)

MAIN = textwrap.dedent(
    """\
    organisations:
      - id: home-council
        name: Home Council
        type: council
        home: true
        country: GB
        sources: [{doc: strategy-paper.txt, section: "1"}]
      - id: partner-region
        name: Partner Region
        type: region
        country: FR
        sources: [{doc: strategy-paper.txt, section: "2"}]
    """
)


def issues_of(tmp_path, main_text: str) -> list[str]:
    (tmp_path / "documents.yaml").write_text(DOCS, encoding="utf-8")
    (tmp_path / "main.yaml").write_text(main_text, encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        read_register(tmp_path)
    return [i.message for i in info.value.issues if i.severity == "error"]


@pytest.mark.parametrize(
    "old, typo, meant, unrelated",
    [
        # a value of a field with a fixed list (loaders/messages.py)
        ("type: region", "type: regoin", "'region'", "type: union"),
        # a field's name (loaders/messages.py)
        ("country: FR", "contry: FR\n    country: FR", "'country'", "nation: FR\n    country: FR"),
        # a kind of record (loaders/register.py)
        ("organisations:", "organisatons:", "'organisations'", "cats:"),
        # a paper cited (loaders/validate.py)
        ('section: "2"', 'section: "2"}, {doc: strategy-papr.txt, section: x',
         "'strategy-paper.txt'", 'section: "2"}, {doc: tape.txt, section: x'),
    ],  # each unrelated word was once "corrected" ('eu-institution', 'description',
    # 'projects', 'strategy-paper.txt')
)  # fmt: skip
def test_the_register_suggests_typos_only(tmp_path, old, typo, meant, unrelated):
    said = " ".join(issues_of(tmp_path, MAIN.replace(old, typo, 1)))
    assert f"id you mean {meant}?" in said
    said = " ".join(issues_of(tmp_path, MAIN.replace(old, unrelated, 1)))
    assert "did you mean" not in said.lower(), said


def test_a_field_written_under_another_name_is_not_taken_for_a_missing_one(tmp_path):
    # 'naem' is 'name' mistyped: one error; 'colour' is not: it and the missing name are told
    (issue,) = issues_of(tmp_path, MAIN.replace("name: Partner Region", "naem: Partner Region"))
    assert "did you mean 'name'?" in issue
    said = issues_of(tmp_path, MAIN.replace("name: Partner Region", "colour: Partner Region"))
    assert len(said) == 2 and "did you mean" not in " ".join(said)


@pytest.fixture(scope="module")
def store():
    from pathlib import Path

    s = EmbeddedStore()
    s.replace(read_register(Path(__file__).resolve().parent.parent / "data").graph)
    return s


def test_query_names_and_choices(store):
    with pytest.raises(UnknownQuery, match="Did you mean partners\\?"):
        run_query(store, "partnrs")
    with pytest.raises(UnknownQuery) as info:
        run_query(store, "nobody")
    assert "did you mean" not in str(info.value).lower()
    with pytest.raises(BadParameter, match="did you mean 'Organisation'"):
        run_query(store, "centrality", label="Organisatoin")
    with pytest.raises(BadParameter) as info:
        run_query(store, "centrality", label="Pancake")
    assert "did you mean" not in str(info.value) and "Organisation" in str(info.value)


@pytest.mark.parametrize("args", [["check-twins", "Leicster"], ["report", "--year", "2025"]])
def test_a_council_is_suggested_only_councils(args):
    if args[0] == "report":
        args = [*args, "--council", "Leicster"]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 1 and "did you mean leicester-city-council?" in out.output
    assert "leicester-masaya" not in out.output and "Traceback" not in out.output


def test_a_council_query_parameter_is_suggested_only_councils(store):
    with pytest.raises(NodeNotFound) as info:
        run_query(store, "partners", council="Leicster")
    assert info.value.suggestions == ["leicester-city-council"]
    with pytest.raises(NodeNotFound) as info:
        run_query(store, "partners", council="kent-countycouncil")
    assert info.value.suggestions == ["kent-county-council"]


THEMES = {"inward-investment": "Inward investment", "culture": "Culture", "trade": "Trade"}


def _theme_error(theme_id: str) -> str:
    profile = parse_profile(
        f"id: x\nname: X\nthemes: [{{id: {theme_id}, source: {{doc: a, section: s}}}}]\n"
    )
    with pytest.raises(ProfileError) as info:
        check_theme_ids([profile], THEMES)
    return str(info.value)


def test_a_profile_theme_suggests_typos_and_themes_within_only():
    assert "did you mean 'inward-investment' (Inward investment)?" in _theme_error(
        "inward-investmnt"
    )
    said = _theme_error("trade-and-inward-investment")
    assert "'inward-investment'" in said and "'trade'" in said and "'culture'" not in said
    said = _theme_error("astronomy")
    assert "'astronomy' is not a theme of the register" in said and "did you mean" not in said
