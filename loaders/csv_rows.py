"""The rows of a CSV register table, each checked against the header before it is read.

A row with fewer or more cells than the header has columns, and a quoted cell that is never
closed (which swallows the rows after it), are reported at the line where the row starts.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from graphmodel.errors import RegisterIssue

__all__ = ["checked_rows"]


def checked_rows(
    reader: csv.reader, header: list[str], file: str, issues: list[RegisterIssue]
) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` of each row with exactly one cell per column; the rest become issues.

    ``reader`` must be a ``csv.reader(..., strict=True)`` whose header row was read.
    """
    id_at = header.index("id") if "id" in header else None
    width = len(header)
    last_line = reader.line_num
    while True:
        n = last_line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            issues.append(
                RegisterIssue(
                    file,
                    n,
                    None,
                    None,
                    f"a quoted cell on this line is never closed ({exc}): add the closing "
                    'quote ("); a quote inside a quoted cell is written twice ("")',
                )
            )
            return
        last_line = reader.line_num  # a quoted cell may span lines
        if not cells:  # a blank line, skipped as csv.DictReader skips it
            continue
        rid = cells[id_at].strip() or None if id_at is not None and id_at < len(cells) else None
        if len(cells) > width:
            issues.append(
                RegisterIssue(
                    file,
                    n,
                    rid,
                    None,
                    f"this row has {len(cells)} cells but the header has {width} columns: "
                    'quote a cell that holds a comma ("a, b")',
                )
            )
            continue
        if len(cells) < width:
            missing = ", ".join(header[len(cells) :][:5])
            issues.append(
                RegisterIssue(
                    file,
                    n,
                    rid,
                    header[len(cells)],
                    f"this row has {len(cells)} cells but the header has {width} columns "
                    f"(none for: {missing}): add the missing cells, empty ones as bare commas",
                )
            )
            continue
        # only a row that ran over more than one line can hold a newline
        swallowed = _swallowed_line(cells, width) if last_line != n else None
        if swallowed is not None:
            issues.append(
                RegisterIssue(
                    file,
                    n,
                    rid,
                    None,
                    f"a quoted cell on this line runs on to line {last_line} and takes in what "
                    f'looks like a row ({swallowed!r}): close the quote (") where the cell ends',
                )
            )
            continue
        yield n, cells


def _swallowed_line(cells: list[str], width: int) -> str | None:
    """The start of the line after the first in a multi-line cell that holds a row's worth of
    commas: a quote closed a line late took the next row in."""
    if width < 3:
        return None
    for cell in cells:
        if "\n" in cell and cell.count(",") >= width - 1:
            return cell.splitlines()[1][:40]
    return None
