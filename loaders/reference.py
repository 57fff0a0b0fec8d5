"""Reading the bundled reference twin network (``data/reference/``) from its gzip files."""

from __future__ import annotations

import gzip
import os
from functools import lru_cache
from pathlib import Path

from graphmodel.errors import RegisterError
from graphmodel.twins.dataset import ReferenceNetwork, build_network

__all__ = ["bundled_reference_dir", "read_reference", "bundled_reference"]


def bundled_reference_dir() -> Path:
    """``data/reference/`` beside the packages; ``PARTNERGRAPH_REFERENCE_DIR`` overrides it."""
    env = os.environ.get("PARTNERGRAPH_REFERENCE_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data" / "reference"


def _lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            return f.read().splitlines()
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        from graphmodel.errors import RegisterIssue

        raise RegisterError(
            [
                RegisterIssue(
                    str(path),
                    None,
                    None,
                    None,
                    f"cannot be read ({exc.__class__.__name__}: {exc}); the reference is "
                    "rebuilt by data/reference/build_from_extracts.py",
                )
            ]
        ) from None


def _find(directory: Path, stem: str) -> Path:
    for name in (f"{stem}.tsv.gz", f"{stem}.tsv"):
        if (directory / name).exists():
            return directory / name
    return directory / f"{stem}.tsv.gz"


def read_reference(directory: str | Path | None = None) -> ReferenceNetwork:
    """The reference network in ``directory`` (default: the bundled one), with its issues.

    Raises :class:`RegisterError` when a file cannot be read at all; problems within the files
    (repeats, self-links, places without coordinates) are in the network's ``issues``.
    """
    directory = Path(directory) if directory else bundled_reference_dir()
    places, links = _find(directory, "places"), _find(directory, "links")
    return build_network(_lines(places), _lines(links))


@lru_cache(maxsize=1)
def bundled_reference() -> ReferenceNetwork:
    """The bundled reference, read once per process."""
    return read_reference()
