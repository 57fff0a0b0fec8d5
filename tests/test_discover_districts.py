"""Discovery offers a city, not its districts: a district named with its city's name and a hyphen
("Hamburg-Mitte", "Hamburg-Nord", 300,000 people each, more than a tenth of Hamburg, so the size
rule kept them) is left out as part of the city, as "Paris 15 Vaugirard" already was. A town
whose name only begins with another's (Hitachi-ōta, a city 12 km from Hitachi) is kept."""

from __future__ import annotations

from graphmodel.evaluator.discovery import suburbs
from graphmodel.evaluator.reference import city_table


def _rows(name: str, country: str) -> list[int]:
    t = city_table()
    return [i for i, n in enumerate(t.names) if n == name and t.country[i] == country]


def test_hyphened_districts_are_parts_of_their_city():
    t, parts = city_table(), suburbs()
    for name in ("Hamburg-Mitte", "Hamburg-Nord"):
        (row,) = _rows(name, "DE")
        assert t.names[parts[row]] == "Hamburg"
    (row,) = _rows("Amsterdam-Zuidoost", "NL")
    assert t.names[parts[row]] == "Amsterdam"


def test_a_town_with_a_hyphened_name_further_off_is_kept():
    (row,) = _rows("Hitachi-ota", "JP")
    assert row not in suburbs()


def test_rank_leaves_them_out():
    import json

    from click.testing import CliRunner

    from partnergraph.cli import main

    args = ["rank", "--home", "leicester", "--country", "DE", "--top", "200", "--json"]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    names = {c["candidate_name"] for c in json.loads(out.stdout)["ranking"]}
    assert len(names) == 200 and "Krefeld" not in names  # its twin, left out as ever
    assert not {"Hamburg-Mitte", "Hamburg-Nord"} & names
