"""One vocabulary: profile themes are the register's theme ids (an unknown id is an error with a
"did you mean"), and network value reads the themes and places the graph covers."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.evaluator import Evaluator, ProfileError, read_profiles
from graphmodel.evaluator.profiles import parse_profile
from graphmodel.stores import EmbeddedStore
from loaders import read_register
from partnergraph.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store():
    s = EmbeddedStore()
    s.replace(read_register(ROOT / "data").graph)
    return s


def _themes(store) -> set[str]:
    return {n["id"] for n in store.iter_nodes() if n.get("label") == "Theme"}


def test_every_bundled_profile_uses_the_registers_theme_ids(store):
    themes = _themes(store)
    for p in read_profiles().values():
        unknown = [t.id for t in p.themes or [] if t.id not in themes]
        assert not unknown, (p.id, unknown)


def test_an_unknown_theme_id_is_an_error_with_did_you_mean(store, tmp_path):
    (tmp_path / "x.yaml").write_text(
        "id: region-x\nname: Region X\ncountry: PL\nthemes:\n"
        "  - {id: trade-and-inward-investment, name: Trade and inward investment, "
        "source: {doc: a.txt, section: s}}\n",
        encoding="utf-8",
    )
    profiles = read_profiles(tmp_path)
    with pytest.raises(ProfileError) as err:
        Evaluator(store, profiles=profiles)
    msg = str(err.value)
    assert "x.yaml" in msg and "themes.0.id" in msg and "'trade-and-inward-investment'" in msg
    assert "did you mean 'inward-investment'" in msg
    out = CliRunner().invoke(main, ["evaluate", "Region X", "--profiles", str(tmp_path)])
    assert out.exit_code == 1 and "did you mean" in out.output and "Traceback" not in out.output


def test_a_profile_for_another_council_is_not_checked_against_this_register(store):
    other = parse_profile(
        "id: y\nname: Y\nhome: some-other-council\nthemes: [{id: made-up, source: {doc: a, "
        "section: s}}]\n"
    )
    Evaluator(store, profiles={"y": other})  # not this register's council: not its vocabulary


def test_a_theme_listed_twice_is_an_error():
    with pytest.raises(ProfileError, match="listed twice"):
        parse_profile(
            "id: z\nname: Z\nthemes: [{id: tourism, source: {doc: a, section: s}}, "
            "{id: tourism, source: {doc: a, section: s}}]\n"
        )


def test_kosice_shares_kents_inward_investment(store):
    card = Evaluator(store).evaluate("kent", "Košice")
    shared = [e.item for e in card.criterion("priorities").evidence if e.item.startswith("shared")]
    assert any("Inward investment" in s or "inward investment" in s for s in shared), shared


def test_network_value_knows_bacs_kiskun_covers_central_and_eastern_europe(store):
    card = Evaluator(store).evaluate("kent", "Lovech")
    ev = next(e for e in card.criterion("network").evidence if e.item.startswith("Themes no"))
    assert "Links with Central and Eastern Europe" not in (ev.candidate or "")
    assert "Central and Eastern Europe through County of Bács-Kiskun (HU)" in ev.detail
