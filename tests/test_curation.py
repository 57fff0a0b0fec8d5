"""Curation fixes from issue 11, each checked against the bundled register with its source."""

from __future__ import annotations


def _edges(bundled, etype, src=None, dst=None):
    return [
        e
        for e in bundled.graph.edges.values()
        if e.type == etype and (src is None or e.src == src) and (dst is None or e.dst == dst)
    ]


def test_eag_account_managers_are_linked_to_their_actions(bundled):
    managed = {
        (e.src, e.dst)
        for e in _edges(bundled, "RESPONSIBLE_FOR")
        if e.src.startswith("eag-officer-")
    }
    assert ("eag-officer-mdc", "representing-kent-in-brussels") in managed
    assert ("eag-officer-ss", "public-health-and-healthcare-policy-portfolio") in managed
    assert ("eag-officer-ach", "support-for-2012-olympics-team") in managed
    assert ("eag-officer-ach", "kent-commonwealth-of-virginia") in managed
    # every one of the six officers manages at least one action, each link cites the EAG table
    assert {s for s, _ in managed} == {
        f"eag-officer-{x}" for x in ("mdc", "dp", "rm", "sjs", "ach", "ss")
    }
    for e in _edges(bundled, "RESPONSIBLE_FOR"):
        if e.src.startswith("eag-officer-"):
            assert e.sources[0].startswith(
                "002_a824de3d477160a1.txt § European Affairs Group – Projects, developments and key actions"
            )


def test_bien_etre_partners_in_pas_de_calais_are_a_node(bundled):
    g = bundled.graph
    assert g.nodes["pas-de-calais"].label == "Place"
    (link,) = _edges(bundled, "LINKED_WITH", "bien-etre", "pas-de-calais")
    assert "partners in Kent and Pas-de-Calais" in link.sources[0]
    assert "does not name them" in link.props["description"]  # nothing invented
    assert _edges(bundled, "LOCATED_IN", "pas-de-calais", "nord-pas-de-calais")


def test_departement_du_nord_is_in_nord_pas_de_calais(bundled):
    (edge,) = _edges(bundled, "LOCATED_IN", "departement-du-nord", "nord-pas-de-calais")
    assert edge.sources[0].startswith("pycountry § ISO 3166-2 FR-59 Nord")
