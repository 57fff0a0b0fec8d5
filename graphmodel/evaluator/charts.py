"""Static SVG charts for the board report (matplotlib): no script, nothing to download, small.

Text stays text in the SVG (``svg.fonttype: none``), so the report prints sharply and its words
can be searched.
"""

from __future__ import annotations

import io

from .registry import REGISTRY, Titles
from .results import Scorecard

__all__ = ["scores_svg", "stability_svg", "SHORT", "PALETTE"]

#: chart labels, from the registry
SHORT = Titles("label")
#: colour-blind-safe (Okabe–Ito)
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {"svg.fonttype": "none", "font.family": "sans-serif", "font.size": 9, "svg.hashsalt": "pg"}
    )
    return plt, plt.subplots(figsize=(width, height))


def _svg(plt, fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML prologue: the SVG sits inside the HTML


def scores_svg(cards: list[Scorecard]) -> str:
    """Each criterion's range side by side, one bar per candidate: solid up to what the evidence
    already gives, pale over what the missing evidence leaves open. A criterion with no evidence
    is written "not scored" over its pale 0–100 bar, never drawn as 0."""
    keys = list(REGISTRY)
    n = len(cards)
    plt, (fig, ax) = _figure(7.2, 0.5 + 0.32 * len(keys) * max(n, 1))
    height = 0.8 / max(n, 1)
    for i, card in enumerate(cards):
        colour = PALETTE[i % len(PALETTE)]
        for j, key in enumerate(keys):
            y = len(keys) - 1 - j + (n - 1 - i - (n - 1) / 2) * height
            r = card.criterion(key)
            ax.barh(y, r.low, height=height * 0.9, color=colour, label=card.candidate_name)
            if r.high > r.low:
                ax.barh(y, r.high - r.low, left=r.low, height=height * 0.9, color=colour,
                        alpha=0.25)  # fmt: skip
            text = (
                "not scored" if r.score is None
                else f"{r.low:.0f}" if round(r.low) == round(r.high)
                else f"{r.low:.0f}–{r.high:.0f}"
            )  # fmt: skip
            style = "italic" if r.score is None else "normal"
            ax.text(r.high + 1, y, text, va="center", fontsize=7.5, color="#333", style=style)
    ax.set_yticks(range(len(keys)), [SHORT[k] for k in reversed(keys)])
    ax.set_xlim(0, 118)
    ax.set_xlabel("score (0–100): solid, what the evidence gives; pale, what is still open")
    ax.axvline(0, color="#999", lw=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=False))
    if unique:
        ax.legend(
            unique.values(), unique.keys(), loc="upper center", bbox_to_anchor=(0.5, -0.12),
            ncol=min(n, 3), frameon=False,
        )  # fmt: skip
    return _svg(plt, fig)


def stability_svg(cards: list[Scorecard]) -> str:
    """Each candidate's rank range (5th–95th percentile) under perturbed weights, and its base rank."""
    ranked = [c for c in cards if c.rank]
    if not ranked:
        return ""
    plt, (fig, ax) = _figure(6.0, 0.6 + 0.38 * len(ranked))
    for i, card in enumerate(ranked):
        r = card.rank
        y = len(ranked) - 1 - i
        ax.plot([r["p5_rank"], r["p95_rank"]], [y, y], color="#0072B2", lw=6, alpha=0.35)
        worst = r.get("worst_rank", r["base_rank"])
        ax.plot([r["base_rank"], worst], [y, y], "o-", color="#0072B2")
        ax.text(
            len(cards) + 0.6, y, f"same place {r['same_rank_share']:.0%}", va="center", fontsize=8
        )
    ax.set_yticks(range(len(ranked)), [c.candidate_name for c in reversed(ranked)])
    ax.set_xticks(range(1, len(cards) + 1))
    ax.set_xlim(0.5, len(cards) + 2.2)
    ax.set_xlabel(
        "rank (dots: the ranks it could take with the weights set; bar: 90% of random weights)"
    )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _svg(plt, fig)
