"""The keys under the Network page's graph: what the kinds' shapes and colours and the tiers'
lines mean (:func:`legend`), and what a chosen style's sizes and colours mean
(:func:`style_legend`, from :func:`webapp.network_style.style_key`)."""

from __future__ import annotations

from typing import Any

from dash import html

from .components import DEFAULT_LINE, TIER_LINES
from .views import DEFAULT_KINDS, KIND_STYLE, TIER_STYLE

__all__ = ["KIND_WORDS", "legend", "style_legend", "tier_swatch"]

#: as the kinds' legend above it (its class is the kinds' own)
STYLE_LEGEND_CSS = {"fontSize": "0.75em", "padding": "0.3em 0.5em", "borderTop": "1px solid #eee"}


def tier_swatch(tier: str, colour: str) -> dict[str, str]:
    """The legend's drawing of a tier's line (CSS), the same pattern as on the graph."""
    line = TIER_LINES.get(tier, DEFAULT_LINE)
    if line["style"] == "double":
        return {"borderTop": f"2px solid {colour}", "borderBottom": f"2px solid {colour}",
                "height": "2px", "verticalAlign": "middle"}  # fmt: skip
    if line["style"] == "dotted":
        return {"borderTop": f"3px dotted {colour}", "verticalAlign": "middle"}
    width = max(2, round(line["width"]))
    stops, at = [], 0
    for i, length in enumerate(line.get("dash") or []):
        paint = colour if i % 2 == 0 else "transparent"
        stops.append(f"{paint} {at}px {at + length}px")
        at += length
    background = f"repeating-linear-gradient(90deg, {', '.join(stops)})" if stops else colour
    return {"height": f"{width}px", "background": background, "verticalAlign": "middle"}


#: what the legend calls a kind whose label is not plain words
KIND_WORDS = {"ReferencePlace": "reference place (Wikidata P190, not a register record)"}


def legend(reference: bool = False) -> html.Div:
    """The key to the graph's colours (kinds) and line styles (partnership tiers); with
    ``reference``, the reference twin network's places too."""
    from .network import SHAPE_CSS  # noqa: PLC0415

    # each kind drawn in its node's shape (a diamond for a partnership, a square for an
    # agreement...), as on the graph
    items = [
        html.Span(
            [
                html.Span(
                    className="swatch shape",
                    style={"background": colour, **SHAPE_CSS.get(shape, {})},
                    title=shape,
                ),
                KIND_WORDS.get(kind, kind),
            ],
            className="legend-item",
        )
        for kind, (shape, colour) in KIND_STYLE.items()
        if kind in DEFAULT_KINDS
        or kind in ("Person", "Country")
        or (reference and kind == "ReferencePlace")
    ]
    tiers = [
        html.Span(
            [
                html.Span(className="line", style=tier_swatch(tier, colour)),
                f"{tier} ({TIER_LINES.get(tier, DEFAULT_LINE)['words']})",
            ],
            className="legend-item",
        )
        for tier, (colour, _line) in TIER_STYLE.items()
    ]
    return html.Div(
        [
            html.Div(items, className="legend-row"),
            html.Div(
                [
                    "Partnership tier: ",
                    *tiers,
                    html.Span(
                        [
                            "— a tier a paper states in words, or the register's reading where "
                            "none does (each card says which; ",
                            html.A("the strategy's lists", href="/strategy"),
                            ")",
                        ],
                        className="legend-item legend-note",
                    ),
                ],
                className="legend-row",
            ),
            html.Div(
                [
                    html.Span(
                        [
                            html.Span(className="swatch conflict-swatch"),
                            "the papers disagree about it (see Conflicts)",
                        ],
                        className="legend-item",
                    )
                ],
                className="legend-row",
            ),
        ],
        className="legend",
        **{"aria-label": "legend"},
    )


def style_legend(key: dict[str, Any]) -> html.Div | list:
    """The key to a chosen style (:func:`webapp.network_style.style_key`): what size and colour
    mean, each colour's swatch, and which nodes have no value (drawn as missing). Empty when no
    style is chosen."""
    rows: list = []
    if key.get("size"):
        rows.append(html.Div(key["size"], className="legend-row"))
    if key.get("size_unknown"):
        rows.append(
            html.Div(
                [
                    html.Span(className="swatch size-unknown-swatch"),
                    html.Span("Unknown: " + key["size_unknown"]),
                ],
                className="legend-row legend-unknown",
            )
        )
    if key.get("colour"):
        items = [
            html.Span(
                [
                    html.Span(
                        className="swatch", style={"background": s["colour"], "flexShrink": 0}
                    ),
                    s["label"],
                ],
                className="legend-item",
            )
            for s in key.get("swatches") or []
        ]
        rows.append(
            html.Div([key["colour"] + (": " if items else ""), *items], className="legend-row")
        )
    if key.get("colour_unknown"):
        rows.append(
            html.Div(
                [
                    html.Span(className="swatch colour-unknown-swatch"),
                    html.Span("Unknown: " + key["colour_unknown"]),
                ],
                className="legend-row legend-unknown",
            )
        )
    return html.Div(rows, style=STYLE_LEGEND_CSS) if rows else []
