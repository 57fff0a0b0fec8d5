"""“Did you mean …?” names what a person meant when they mistyped it, and nothing when they typed
an unrelated word: asked of the bundled register's ids and names, by the store (``show``, query
boxes, the evaluator), the loader and the write path, which all use one helper."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphmodel.build.did_you_mean import did_you_mean
from graphmodel.errors import NodeNotFound, RegisterError
from graphmodel.stores.embedded import EmbeddedStore
from loaders.register import read_register
from partnergraph.cli import main

#: (typed, the id meant): a letter dropped, added, changed, two swapped, case, punctuation
TYPOS = [
    ("kent-countycouncil", "kent-county-council"),
    ("kent-county-councel", "kent-county-council"),
    ("Kent Contry Councel", "kent-county-council"),
    ("KENT_COUNTY_COUNCL", "kent-county-council"),
    ("leicster", "leicester"),
    ("Leciester", "leicester"),
    ("leicesterr", "leicester"),
    ("virgnia", "virginia"),
    ("provinec-of-lovech", "province-of-lovech"),
    ("Province of Zealand", "province-of-zeeland"),
    ("nord-pas-de-calias", "nord-pas-de-calais"),
    ("leicester-city", "leicester-city-council"),  # the start of a longer name
    ("kent-virgina-mou", "kent-virginia-mou-2006"),  # ... with a typo in it
]

#: words that are no record's id or name mistyped
UNRELATED = ["nobody", "banana", "hello", "something", "everything", "unknown", "xyz", "city"]


@pytest.fixture(scope="module")
def store(bundled):
    s = EmbeddedStore()
    s.replace(bundled.graph)
    return s


def _not_found(store, text: str) -> NodeNotFound:
    with pytest.raises(NodeNotFound) as info:
        store.get(text)
    return info.value


@pytest.mark.parametrize("typed, meant", TYPOS)
def test_a_typo_is_answered_with_what_was_meant_first(store, bundled, typed, meant):
    assert _not_found(store, typed).suggestions[0] == meant
    assert did_you_mean(typed, bundled.graph.nodes).startswith(f"; did you mean {meant!r}")


@pytest.mark.parametrize("word", UNRELATED)
def test_an_unrelated_word_gets_no_suggestion(store, bundled, word):
    exc = _not_found(store, word)
    assert exc.suggestions == [] and "did you mean" not in str(exc)
    assert did_you_mean(word, bundled.graph.nodes) == ""
    names = [n.name for n in bundled.graph.nodes.values() if n.name]
    assert did_you_mean(word, names) == ""


def test_only_the_nearest_are_named(store):
    # "King County Council" is two letters off; "Kent County Council" none (but the dashes)
    assert _not_found(store, "kent-countycouncil").suggestions == ["kent-county-council"]


def test_show_on_the_command_line():
    runner = CliRunner()
    out = runner.invoke(main, ["show", "nobody"])
    # what is wrong, and what to do when nothing is near: look it up by name where one can
    assert out.exit_code == 1 and "No record has the id, name or alias 'nobody'." in out.output
    assert "search box of the explorer ('partnergraph serve')" in out.output
    assert "did you mean" not in out.output and "Traceback" not in out.output
    assert len(out.output.strip().splitlines()) == 1
    out = runner.invoke(main, ["show", "kent-countycouncil"])
    assert out.exit_code == 1 and "did you mean kent-county-council?" in out.output


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--council", "nobody", "--year", "2025"],
        ["query", "partners", "--council", "nobody"],
        ["check-twins", "nobody"],
    ],
)
def test_a_council_nothing_has_is_told_with_the_councils_it_may_name(args):
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 1 and "No record has the id, name or alias 'nobody'." in out.output
    assert (
        "takes a council's id, name or alias; the register's home councils: Kent County "
        "Council (kent-county-council), Leicester City Council" in out.output
    )
    assert "Traceback" not in out.output


@pytest.mark.parametrize(
    "args", [["evaluate", "Bursa", "--home", "nobody"], ["rank", "--home", "nobody"]]
)
def test_a_home_council_nothing_has_is_told_with_the_home_councils(args):
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 1 and "No record has the id, name or alias 'nobody'." in out.output
    assert (
        "the register's home councils: Kent County Council (kent-county-council), Leicester "
        "City Council (leicester-city-council)." in out.output
    )
    assert "search box" not in out.output and "Traceback" not in out.output
    # a near miss is still suggested
    out = CliRunner().invoke(main, ["evaluate", "Bursa", "--home", "Kentt"])
    assert "did you mean kent-county-council" in out.output


def test_a_mistyped_reference_in_a_register_file(register_copy):
    path = register_copy / "kent" / "international.yaml"
    text = path.read_text()
    assert "partner: province-of-lovech" in text
    path.write_text(text.replace("partner: province-of-lovech", "partner: provinec-of-lovech", 1))
    with pytest.raises(RegisterError) as info:
        read_register(register_copy)
    (issue,) = [i for i in info.value.issues if i.severity == "error"]
    assert "did you mean 'province-of-lovech'?" in issue.message
