"""Where the Network page draws its nodes (webapp/positions.py): the same view is drawn the
same way by every server, whatever state Python's random module is in."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from webapp.positions import layout_positions

ROOT = Path(__file__).resolve().parent.parent


def _elements(n: int = 60) -> list[dict]:
    nodes = [{"data": {"id": f"n{i}"}} for i in range(n)]
    edges = [
        {"data": {"id": f"e{i}", "source": f"n{i}", "target": f"n{(i * 7 + 3) % n}"}}
        for i in range(n)
    ]
    return nodes + edges


def test_layout_does_not_depend_on_the_process_random_state():
    # igraph's layout draws from Python's random module unless seeded: each server process
    # starts it differently, so the landing view was arranged differently by each server
    random.seed(1)
    first = layout_positions(_elements())
    random.seed(2)
    assert layout_positions(_elements()) == first
    assert len(first) == 60 and len(set(first.values())) == 60


def test_two_processes_draw_the_same_places():
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]);"
        "from webapp.positions import layout_positions;"
        f"print(json.dumps(sorted(layout_positions({_elements()!r}).items())))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code, str(ROOT)],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1 and runs.pop().startswith("[[")
