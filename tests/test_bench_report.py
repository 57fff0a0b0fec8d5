"""The benchmark report (docs/BENCHMARKS.md) keeps what people and other benches wrote in it
when bench_scale.py regenerates its tables: before, a regenerated report kept only the
sections between known markers, and dropped every pass's findings and notes written since."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from scale_report import HAND_WRITTEN, write_report  # noqa: E402


def test_a_regenerated_report_keeps_the_hand_written_part(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(
        f"# Benchmarks\n\nold tables\n\n{HAND_WRITTEN}\n\n## Issue at a glance\n\nnotes\n\n"
        "<!-- bench_load:start -->\nload\n<!-- bench_load:end -->\n\n### A pass\n\nmore notes\n",
        encoding="utf-8",
    )
    write_report(path, f"# Benchmarks\n\nnew tables\n\n{HAND_WRITTEN}\n\n## Findings\n")
    text = path.read_text(encoding="utf-8")
    assert "new tables" in text and "old tables" not in text
    assert text.index("new tables") < text.index(HAND_WRITTEN) < text.index("## Issue at a glance")
    assert "### A pass\n\nmore notes" in text and "load\n<!-- bench_load:end -->" in text
    assert "## Findings" not in text  # the file's own findings, not FINDINGS.md's again


def test_the_bundled_report_has_its_hand_written_part_marked():
    text = (BENCH.parent / "docs" / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert text.count(HAND_WRITTEN) == 1
    assert text.index("## Targets") < text.index(HAND_WRITTEN) < text.index("## Findings")
