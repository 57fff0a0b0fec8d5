"""The board report: one self-contained HTML file comparing one or more candidates.

Offline and small: charts are static SVG (matplotlib), no script. It prints to PDF cleanly (print
CSS: A4, no broken tables). For each candidate: the recommendation, why, what would change it and
what evidence to gather; then the scores side by side, robustness (single weight changes that move
a band, rank stability under random weights) and, per criterion, every candidate's evidence with
its sources and what is missing.
"""

from __future__ import annotations

from html import escape

from graphmodel.views.sources import SourceLabels

from .charts import scores_svg, stability_svg
from .config import CRITERIA
from .recommendation import range_words
from .registry import REGISTRY
from .results import Scorecard
from .sensitivity import MAX_WEIGHT, flip_sentence
from .summary import BAND_MEANING, plain_summary, strategy_parts, total_words, weights_words

__all__ = ["board_report_html", "scorecard_html", "BAND_COLOURS", "BAND_MEANING"]


BAND_COLOURS = {
    "pursue": "#1b7f3b",
    "pilot": "#9a5b00",
    "do-not-pursue": "#a61b1b",
    "insufficient-evidence": "#4a4a7a",
}
GATHER_SHOWN = 5

CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:1150px;margin:1.5em auto;padding:0 1.2em;
color:#222;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.15em;margin-top:1.4em}
h3{margin:.9em 0 .3em}.meta{color:#555}
.badge{display:inline-block;color:#fff;padding:.25em .7em;border-radius:4px;font-weight:bold;
font-family:Arial,sans-serif;font-size:.95em}
table{border-collapse:collapse;width:100%;font-family:Arial,sans-serif;font-size:.86em}
th,td{border-bottom:1px solid #e3e3e3;padding:.35em .45em;text-align:left;vertical-align:top}
th{background:#f4f4f4}.cmp td{width:auto}.cmp th:first-child{width:15%}
.missing{color:#7a5200}.missing::before{content:"missing: ";font-weight:bold}
.src{color:#555;font-size:.9em}.ns{color:#595959;font-style:italic}.small{font-size:.85em;color:#555}
ul{margin:.2em 0 .2em 1.1em;padding:0}li{margin:.1em 0}
.chart svg{max-width:100%;height:auto}
.cand{border-left:4px solid #ccc;padding-left:.7em;margin:.6em 0}
.summary th{width:12em;background:none}
@media (max-width:480px){th,td{overflow-wrap:anywhere}.summary th{width:auto;min-width:8.5em}}
@page{size:A4;margin:14mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}
h2{break-after:avoid}h3{break-after:avoid}tr,.cand,.chart{break-inside:avoid}
.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _badge(card: Scorecard) -> str:
    return (
        f'<span class="badge" style="background:{BAND_COLOURS[card.band]}">'
        f"{escape(card.recommendation)}</span>"
    )


def _total(card: Scorecard) -> str:
    return escape(total_words(card))


def _summaries(cards: list[Scorecard]) -> str:
    """Each candidate opens with the plain-words summary."""
    out = []
    for c in cards:
        rows = "".join(
            f"<tr><th>{escape(h)}</th><td>"
            + (
                f"{_badge(c)} {escape(BAND_MEANING[c.band])}"
                if h == "Recommendation"
                else escape(text)
            )
            + "</td></tr>"
            for h, text in plain_summary(c)
        )
        out.append(
            f"<div class='cand'><h3>{escape(c.candidate_name)}</h3>"
            f"<table class='summary'>{rows}</table></div>"
        )
    return "".join(out)


def _ul(items: list[str], cls: str = "") -> str:
    if not items:
        return "<span class='ns'>none</span>"
    c = f" class='{cls}'" if cls else ""
    return "<ul>" + "".join(f"<li{c}>{escape(x)}</li>" for x in items) + "</ul>"


def _row(head: str, cells: list[str]) -> str:
    return f"<tr><th>{head}</th>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _decision_table(cards: list[Scorecard]) -> str:
    rows = [
        "<tr><th></th>" + "".join(f"<th>{escape(c.candidate_name)}</th>" for c in cards) + "</tr>",
        _row("Recommendation", [_badge(c) + f"<div>{BAND_MEANING[c.band]}</div>" for c in cards]),
        _row("Score", [_total(c) for c in cards]),
        _row(
            "Confidence",
            [f"{c.confidence:.0%} of the evidence needed was researched" for c in cards],
        ),
        _row("Why", [_ul(c.reasons) for c in cards]),
        _row("What would change it", [_ul(c.would_change) for c in cards]),
        _row(
            "Evidence to gather first",
            [
                _ul(c.gather[:GATHER_SHOWN])
                + (
                    f"<div class='small'>and {len(c.gather) - GATHER_SHOWN} more below</div>"
                    if len(c.gather) > GATHER_SHOWN
                    else ""
                )
                for c in cards
            ],
        ),
    ]
    return "<table class='cmp'>" + "".join(rows) + "</table>"


def _scores_table(cards: list[Scorecard]) -> str:
    rows = ["<tr><th>Criterion</th><th>Weight</th>"]
    rows[0] += "".join(f"<th>{escape(c.candidate_name)}</th>" for c in cards) + "</tr>"
    for key, crit in REGISTRY.items():
        cells = []
        for c in cards:
            r = c.criterion(key)
            cells.append(
                f"<b>{range_words(r.low, r.high)}</b>"
                + (" <span class='ns'>(no evidence)</span>" if r.score is None else "")
                + f" <span class='small'>({r.confidence:.0%} researched)</span>"
            )
        beside = "" if crit.core else " <span class='small'>(beside the four)</span>"
        rows.append(
            f"<tr><td>{escape(crit.title)}{beside}</td><td>{cards[0].weights[key]:g}</td>"
            + "".join(f"<td>{x}</td>" for x in cells)
            + "</tr>"
        )
    return "<table>" + "".join(rows) + "</table>"


def _robustness(cards: list[Scorecard]) -> str:
    parts = []
    for c in cards:
        s = c.sensitivity
        lines = [flip_sentence(c.candidate_name, f) for f in (s.flips[:4] if s else [])]
        note = f"<p class='small'>{escape(s.note)}</p>" if s and s.note else ""
        parts.append(
            f"<div class='cand'><b>{escape(c.candidate_name)}</b>: "
            + (
                _ul(lines)
                if lines
                else f"<span class='ns'>no single weight change up to {MAX_WEIGHT:g} changes "
                "the recommendation</span>"
            )
            + note
            + "</div>"
        )
    ranked = [c for c in cards if c.rank]
    if len(ranked) > 1:
        from .ranking import rank_words

        rows = "".join(
            f"<tr><td>{escape(c.candidate_name)}</td><td>{rank_words(c.rank)}</td>"
            f"<td>{escape(', '.join(c.rank.get('tied', []) + c.rank.get('overlaps', [])))}</td>"
            f"<td>{c.rank['p5_rank']:.0f}–{c.rank['p95_rank']:.0f}</td>"
            f"<td>{c.rank['same_rank_share']:.0%}</td></tr>"
            for c in ranked
        )
        parts.append(
            "<h3>Rank stability under random weights</h3><p class='small'>Candidates are ranked on "
            "the range each total can still take; where two ranges overlap the two cannot yet be "
            "told apart, and each is given every rank it could take (1–3). Every weight is then "
            "multiplied by a random factor (log-normal, σ = 0.5) in 500 seeded trials.</p>"
            "<table><tr><th>Candidate</th><th>Rank</th><th>Not yet distinguishable from</th>"
            "<th>Ranks in 90% of trials</th><th>Same ranks in</th></tr>"
            f"{rows}</table>"
            f"<div class='chart'>{stability_svg(ranked)}</div>"
        )
    return "".join(parts)


def _evidence(cards: list[Scorecard], label) -> str:
    out = []
    for key, crit in REGISTRY.items():
        out.append(f"<h3>{escape(crit.title)}</h3>")
        for c in cards:
            r = c.criterion(key)
            score = ("not scored: " if r.score is None else "") + range_words(r.low, r.high)
            rows = []
            for e in r.evidence:
                srcs = [s for s in (e.home_source, e.candidate_source) if s] + list(e.sources)
                path = (
                    f"<div class='small'>path: {escape(' '.join(e.path))}</div>" if e.path else ""
                )
                rows.append(
                    f"<tr><td>{escape(e.item)}</td>"
                    f"<td>{escape(str(e.home)) if e.home is not None else ''}</td>"
                    f"<td>{escape(str(e.candidate)) if e.candidate is not None else ''}</td>"
                    f"<td>{escape(e.detail)}{path}</td><td class='src'>"
                    + "<br>".join(escape(label(s)) for s in dict.fromkeys(srcs))
                    + "</td></tr>"
                )
            table = (
                "<table><tr><th>Evidence</th>"
                f"<th>{escape(c.home_name)}</th><th>{escape(c.candidate_name)}</th>"
                "<th>What it shows</th><th>Source</th></tr>" + "".join(rows) + "</table>"
                if rows
                else "<p class='ns'>No evidence found.</p>"
            )
            out.append(
                f"<div class='cand'><b>{escape(c.candidate_name)}</b>: {score} "
                f"<span class='small'>({r.confidence:.0%} researched; {escape(r.summary)})"
                f"</span>{table}{_ul(r.missing, 'missing') if r.missing else ''}</div>"
            )
    return "".join(out)


def _against(card: Scorecard, label) -> str:
    """What the candidates are measured against (:func:`.summary.strategy_parts`): the home
    council's own criteria for new links as its register records them (cited), or a plain
    statement that it records none."""
    head, crit, others = strategy_parts(card, label)
    listed = "".join(f"<li>{escape(c)}</li>" for c in crit)
    return (
        f"<p>{escape(head)}</p>"
        + (f"<ol class='small'>{listed}</ol>" if listed else "")
        + "".join(f"<p class='small'>{escape(x)}</p>" for x in others)
        + f"<p class='weights-source'>{escape(weights_words(card, label))}</p>"
    )


def board_report_html(cards: list[Scorecard], labels: SourceLabels | None = None) -> str:
    """One HTML document comparing ``cards`` (one or more candidates for one home council)."""
    if not cards:
        raise ValueError("a board report needs at least one scorecard")
    label = labels.label if labels else str
    first = cards[0]
    names = ", ".join(c.candidate_name for c in cards)
    t = first.thresholds
    rule = t.get("funding_rule", True)
    lift = (
        '; strong funding can lift "Do not pursue" to "Pilot first"'
        if rule
        else (f"; {escape(first.home_name)}'s strategy gives strong funding no weight of its own")
    )
    lift_band = f", or a funding score ≥ {t['funding_justifies_at']:g}" if rule else ""
    weights = "".join(
        f"<tr><td>{escape(CRITERIA[k])}</td><td>{first.weights[k]:g}</td></tr>" for k in REGISTRY
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Proposed links for {escape(first.home_name)}: {escape(names)}</title>
<style>{CSS}</style></head><body>
<h1>Proposed links for {escape(first.home_name)}</h1>
<div class="meta"><p>{escape(names)} — evaluated as of {escape(first.date)}. Missing evidence is
shown as missing, never scored: every score is the range the missing evidence still leaves
open.</p>{_against(first, label)}</div>
<h2>In brief</h2>
{_summaries(cards)}
<h2>Recommendation</h2>
{_decision_table(cards)}
<h2>Scores side by side</h2>
<div class="chart">{scores_svg(cards)}</div>
{_scores_table(cards)}
<p class="small">Each score is a range: solid, what the evidence gives; pale, what the missing
evidence could still add. The total is the weighted mean of the criteria, its range that of their
ranges. Funding and network value are shown beside the four criteria (weight 0 by default){lift}.</p>
<h2>How robust is this?</h2>
{_robustness(cards)}
<h2>Evidence, criterion by criterion</h2>
{_evidence(cards, label)}
<h2>Weights and bands</h2>
<p>{escape(weights_words(first, label))}</p>
<table><tr><th>Criterion</th><th>Weight</th></tr>{weights}</table>
<p class="small">Pursue: total ≥ {t["pursue_at"]:g}. Pilot first: total ≥ {t["pilot_at"]:g}{lift_band}. Do not pursue: below {t["pilot_at"]:g}. Totals are
whole numbers, halves rounded up, and the band is that of the number shown. Gather evidence first:
the range the missing evidence leaves open spans more than one band. Why a transparent weighted
sum, the scoring curves and sources: the evaluator's documentation (docs/EVALUATOR.md).</p>
<p class="small">Generated by partnergraph on {escape(first.date)}.</p>
</body></html>
"""


def scorecard_html(card: Scorecard, labels: SourceLabels | None = None) -> str:
    """The board report for one candidate."""
    return board_report_html([card], labels)
