"""The tables every page draws (dash-ag-grid): readable headers that wrap, rows that grow to
fit, sort and filter in each header, and cells flattened from the register's lists and maps.
"""

from __future__ import annotations

import json
from typing import Any

import dash_ag_grid as dag

from .a11y import GRID_KEYS

__all__ = ["WRAPPED_HEADERS", "column_defs", "table", "flat"]

#: a grid column's header wraps its words and grows to hold them: never "partner…" (WCAG
#: 1.4.10, 1.4.12)
WRAPPED_HEADERS = {"wrapHeaderText": True, "autoHeaderHeight": True}


def column_defs(columns: list[str], wide: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """AG Grid columns for ``columns``: a readable header, wide columns get the room."""
    return [
        {
            "field": c,
            "headerName": c.replace("_", " "),
            **({"flex": 3, "minWidth": 260} if c in wide else {}),
        }
        for c in columns
    ]


def table(
    id_: str, columns: list[str], page_size: int = 15, wide: tuple[str, ...] = ()
) -> dag.AgGrid:
    """A table people can read (dash-ag-grid): columns share the width by content, text wraps,
    rows grow to fit; sort, filter and choose columns from each header; click a row to select it
    (``selectedRows``). Data goes in ``rowData``, columns in ``columnDefs`` (:func:`column_defs`).
    """
    return dag.AgGrid(
        id=id_,
        columnDefs=column_defs(columns, wide),
        rowData=[],
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "wrapText": True,
            "autoHeight": True,
            **WRAPPED_HEADERS,
            "flex": 1,
            "minWidth": 110,
            "cellStyle": {"wordBreak": "normal", "lineHeight": "1.35", "padding": "4px 8px"},
        },
        dashGridOptions={
            **GRID_KEYS,  # Tab leaves the grid in one step; Enter and Space open a row (a11y.js)
            "pagination": True,
            "paginationPageSize": page_size,
            "paginationPageSizeSelector": [15, 50, 200],
            "domLayout": "autoHeight",
            # every column is drawn (not only those scrolled into view): tests and
            # screen readers see the whole row
            "suppressColumnVirtualisation": True,
            "suppressFieldDotNotation": True,
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "columnMenu": "new",
        },
        style={"width": "100%"},
        className="ag-theme-quartz",
    )


def flat(v: Any) -> Any:
    """A value as one table cell: lists joined with "; ", mappings as JSON."""
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v
