"""Where the bundled register lives."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["bundled_register_dir"]


def bundled_register_dir() -> Path:
    """The register shipped with partnergraph (``data/`` beside the packages).

    ``PARTNERGRAPH_DATA`` overrides it.
    """
    env = os.environ.get("PARTNERGRAPH_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"
