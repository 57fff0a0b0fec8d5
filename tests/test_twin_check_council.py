"""check-twins is about a council: a name it shares with its place ("leicester") means the council.

Read as the place Leicester (which has no partners), every twin Wikidata records looked missing
from the register: Krefeld and Chongqing, both Leicester's twins in the register, were listed as
"reference only: add one if the link is live"."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from partnergraph.cli import main


def _rows(council: str) -> list[dict]:
    out = CliRunner().invoke(main, ["check-twins", council, "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    "council", ["leicester", "Leicester", "Leicester City Council", "leicester-city-council"]
)
def test_the_councils_twins_in_the_register_are_not_reported_missing(council):
    rows = _rows(council)
    both = {r["twin_name"] for r in rows if r["kind"] == "in both"}
    missing = {r["twin_name"] for r in rows if r["kind"] == "reference only"}
    assert {"Krefeld", "Chongqing"} <= both
    assert not {"Krefeld", "Chongqing"} & missing
    assert "Haskovo" in missing  # Wikidata's twin the register lacks is still suggested
    # the twinnings the reference cannot place are listed, not dropped
    assert {r["partner"] for r in rows if r["kind"] == "not in the reference"} >= {
        "city-of-masaya",
        "city-of-rajkot",
    }


HOMES = "Kent County Council (kent-county-council), Leicester City Council (leicester-city-council)"


@pytest.mark.parametrize(
    "council, said",
    [
        # read as 'report --council' reads it: a place, or another kind of record, is refused
        ("virginia", "COUNCIL 'virginia' is a Place, not a council"),
        ("kent-province-of-lovech", "COUNCIL 'kent-province-of-lovech' is a Partnership"),
        # and a name nothing has gets the same list of the councils it may name
        ("nobody", "no node with id 'nobody': COUNCIL is a council's id, name or alias"),
    ],
)
def test_what_is_not_a_council_is_refused_with_the_home_councils(council, said):
    out = CliRunner().invoke(main, ["check-twins", council])
    assert out.exit_code == 1 and out.stdout == ""
    assert said in out.stderr and f"the register's home councils: {HOMES}" in out.stderr
    assert "--council" not in out.stderr and "Traceback" not in out.stderr


def test_a_mistyped_council_gets_did_you_mean():
    out = CliRunner().invoke(main, ["check-twins", "Leicster City Council"])
    assert out.exit_code == 1
    assert "did you mean: leicester-city-council" in out.stderr
