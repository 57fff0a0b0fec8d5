"""Static SVG charts for the board report (matplotlib): no script, nothing to download, small.

Text stays text in the SVG (``svg.fonttype: none``), so the report prints sharply and its words
can be searched.
"""

from __future__ import annotations

import io

from .config import CRITERIA
from .results import Scorecard

__all__ = ["scores_svg", "stability_svg", "SHORT", "PALETTE"]

SHORT = {
    "similarity": "1 Similar place",
    "priorities": "2 Shared priorities",
    "accessibility": "3 Accessible",
    "community": "4 Community ties",
    "funding": "Funding (beside)",
    "network": "Network value (beside)",
}
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
    """Criterion scores side by side, one bar per candidate; a criterion not scored is written so,
    never drawn as 0."""
    keys = list(CRITERIA)
    n = len(cards)
    plt, (fig, ax) = _figure(7.2, 0.5 + 0.32 * len(keys) * max(n, 1))
    height = 0.8 / max(n, 1)
    for i, card in enumerate(cards):
        colour = PALETTE[i % len(PALETTE)]
        for j, key in enumerate(keys):
            y = len(keys) - 1 - j + (n - 1 - i - (n - 1) / 2) * height
            score = card.criterion(key).score
            if score is None:
                ax.text(1, y, "not scored", va="center", fontsize=7.5, color="#555", style="italic")
                continue
            ax.barh(y, score, height=height * 0.9, color=colour, label=card.candidate_name)
            ax.text(score + 1, y, f"{score:.0f}", va="center", fontsize=7.5)
    ax.set_yticks(range(len(keys)), [SHORT[k] for k in reversed(keys)])
    ax.set_xlim(0, 108)
    ax.set_xlabel("score (0–100)")
    ax.axvline(0, color="#999", lw=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
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
        ax.plot([r["base_rank"]], [y], "o", color="#0072B2")
        ax.text(
            len(cards) + 0.6, y, f"keeps rank {r['same_rank_share']:.0%}", va="center", fontsize=8
        )
    ax.set_yticks(range(len(ranked)), [c.candidate_name for c in reversed(ranked)])
    ax.set_xticks(range(1, len(cards) + 1))
    ax.set_xlim(0.5, len(cards) + 2.2)
    ax.set_xlabel("rank (dot: with the weights set; bar: 90% of random weight changes)")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _svg(plt, fig)
