"""axe-core in a Playwright page: the serious and critical WCAG 2.0/2.1/2.2 A and AA violations
it finds (issue 27). A helper module, not a test module, so every browser test may import it."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SERIOUS = ("serious", "critical")


def violations(pg) -> list[str]:
    """axe's serious and critical WCAG A/AA violations on the page, one line per element."""
    pg.evaluate(AXE)
    found = pg.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r =>
            r.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})))""",
        TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}) {node}"
        for v in found
        if v["impact"] in SERIOUS
        for node in v["nodes"]
    ]
