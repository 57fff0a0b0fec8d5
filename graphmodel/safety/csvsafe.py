"""CSV that is safe to open in a spreadsheet.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula
(``=HYPERLINK(...)`` can send data away), and some also do after a leading tab or carriage return.
Every CSV partnergraph writes (``export --format csv``, ``query``/``cypher --format csv`` and the
web app's downloads) passes its cells and headers through :func:`neutralise`, which puts a ``'``
in front of such text: the spreadsheet then shows the text as it is, and the ``'`` is not shown.
A text that already begins with ``'`` gets one more, so :func:`restore` gives back exactly what
was written. Numbers are written as numbers (``-3.5`` is no formula).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["neutralise", "restore", "write_csv", "FORMULA_STARTS"]

#: first characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE = "'"


def neutralise(value: Any) -> Any:
    """``value`` safe for a CSV cell: text beginning like a formula (or with ``'``) gets a
    leading ``'``; anything else comes back unchanged.

    Examples
    --------
    >>> neutralise('=HYPERLINK("http://x", "y")')
    '\\'=HYPERLINK("http://x", "y")'
    >>> neutralise("-3.5"), neutralise(-3.5), neutralise("Kent")
    ("'-3.5", -3.5, 'Kent')
    """
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, _ESCAPE)):
        return _ESCAPE + value
    return value


def restore(text: str) -> str:
    """The text :func:`neutralise` was given (for reading our own CSV back).

    >>> restore(neutralise("=1+1")), restore(neutralise("'quoted")), restore("plain")
    ('=1+1', "'quoted", 'plain')
    """
    return text[1:] if text.startswith(_ESCAPE) else text


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (``\\n`` line ends) of a header and rows, every cell through :func:`neutralise`."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([neutralise(c) for c in columns])
    for row in rows:
        w.writerow([neutralise(v) for v in row])
    return buf.getvalue()
