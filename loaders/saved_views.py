"""Saved views of the explorer's Network page, kept in the register folder for the team.

A saved view is a name, the page's settings as its address carries them (filters, focus,
selection, path, layout, measures), the places of its nodes (as the person left them after
dragging), which expansion added each node added by Expand (so Collapse works on it again), its
framing (``zoom``, ``pan`` and the ``canvas`` size it was saved on: what was in sight), who
saved it and when, and optional notes (shown on its slide in presentation mode). A view saved
before framings were kept has none and opens fitted to the window; a framing that cannot be
read is left out and said in ``problems`` (file, view, field), the view opening fitted.
They live in ``saved-views.json`` beside the register's files: the register loader reads only
``.yaml``, ``.yml`` and ``.csv`` files, so a view is never taken for a record. Every change
(save, rename, delete) holds the register folder's lock (:mod:`loaders.write_lock`), re-reads
the file and replaces it whole (:func:`graphmodel.safety.atomic.write_text_atomic`), so two
people saving at once both keep their views, and a failed write changes nothing.

Examples
--------
>>> views = parse_saved_views('{"views": [{"name": "Strategic", "state": {"tier": ["strategic"]}}]}')
>>> [v["name"] for v in views]
['Strategic']
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from graphmodel.errors import PartnerGraphError
from graphmodel.safety.atomic import write_text_atomic

from .write_lock import register_lock

__all__ = [
    "VIEWS_FILE",
    "SavedViewError",
    "check_name",
    "delete_view",
    "find_view",
    "parse_saved_views",
    "read_saved_views",
    "rename_view",
    "save_view",
]

#: the file in the register folder that holds the saved views
VIEWS_FILE = "saved-views.json"
#: the longest name a view may have, and the most views a register keeps
MAX_NAME = 80
MAX_VIEWS = 500
#: the most node places one view keeps (a view never draws more than its element budget)
MAX_PLACES = 20000
#: how far the Network page zooms (its graph's minZoom and maxZoom): a saved zoom is within it
ZOOM_RANGE = (0.1, 2.0)
#: the largest pan (pixels) and the canvas sizes (pixels) a saved framing may have
MAX_PAN = 1e7
CANVAS_RANGE = (50.0, 20000.0)


class SavedViewError(PartnerGraphError):
    """A saved view that cannot be saved, found, renamed or read, said in plain words."""


def check_name(name: Any) -> str:
    """``name`` tidied (spaces trimmed), or :class:`SavedViewError` saying what is wrong."""
    if not isinstance(name, str) or not name.strip():
        raise SavedViewError("Give the view a name, e.g. 'Strategic links for the board'.")
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise SavedViewError(
            f"A view's name is at most {MAX_NAME} characters; this is {len(name)}."
        )
    if any(not c.isprintable() for c in name):
        raise SavedViewError("A view's name holds letters, digits, spaces and punctuation only.")
    return name


def _places(raw: Any) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    if not isinstance(raw, dict):
        return out
    for n, xy in list(raw.items())[:MAX_PLACES]:
        if (
            isinstance(n, str)
            and isinstance(xy, (list, tuple))
            and len(xy) == 2
            and all(isinstance(c, (int, float)) and math.isfinite(c) for c in xy)
        ):
            out[n] = [round(float(xy[0]), 1), round(float(xy[1]), 1)]
    return out


def _expanded(raw: Any, places: dict[str, list[float]]) -> dict[str, str]:
    """Which expansion added each placed node (node -> the node expanded), for Collapse."""
    if not isinstance(raw, dict):
        return {}
    return {
        n: by
        for n, by in list(raw.items())[:MAX_PLACES]
        if isinstance(n, str) and isinstance(by, str) and n in places and by != n
    }


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _pair(v: Any, lo: float, hi: float) -> list[float] | None:
    if isinstance(v, (list, tuple)) and len(v) == 2 and all(_number(c) for c in v):
        if all(lo <= c <= hi for c in v):
            return [round(float(v[0]), 2), round(float(v[1]), 2)]
    return None


def _shown(v: Any) -> str:
    text = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else repr(v)
    return text if len(text) <= 40 else text[:39] + "…"


def _framing(raw: dict[str, Any], where: str, name: str) -> tuple[dict[str, Any], list[str]]:
    """A view's framing as saved (``zoom``, ``pan``, ``canvas``: only those that can be read)
    and, for each field that cannot, a sentence naming the file, the view and the field.

    A view without a framing (saved before they were kept) has none and no problem."""
    if all(raw.get(k) is None for k in ("zoom", "pan", "canvas")):
        return {}, []
    faults: list[str] = []

    def bad(field: str, why: str) -> None:
        value = raw.get(field)
        faults.append(
            f"field '{field}': " + ("missing" if value is None else f"{_shown(value)} is not {why}")
        )

    lo, hi = ZOOM_RANGE
    zoom = raw.get("zoom")
    if not (_number(zoom) and lo <= zoom <= hi):
        bad("zoom", f"a number from {lo:g} to {hi:g}")
        zoom = None
    pan = _pair(raw.get("pan"), -MAX_PAN, MAX_PAN)
    if pan is None:
        bad("pan", "two numbers [x, y] (pixels)")
    framing: dict[str, Any] = {}
    if zoom is not None and pan is not None:
        framing = {"zoom": round(float(zoom), 4), "pan": pan}
        if raw.get("canvas") is not None:
            canvas = _pair(raw.get("canvas"), *CANVAS_RANGE)
            if canvas is None:
                bad("canvas", "a width and height [w, h] in pixels, from 50 to 20000")
            else:
                framing["canvas"] = canvas
    if not faults:
        return framing, []
    then = (
        "The view opens at its zoom and pan, not suited to the window's size"
        if framing
        else "The view opens fitted to the window instead"
    )
    return framing, [
        f"{where}, view '{name}', {'; '.join(faults)}. {then}; open it and save it again to "
        "keep its zoom and pan."
    ]


def _view(raw: Any, where: str = VIEWS_FILE) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        return None
    try:
        name = check_name(raw.get("name"))
    except SavedViewError:
        return None
    state = raw.get("state") if isinstance(raw.get("state"), dict) else {}
    places = _places(raw.get("positions"))
    framing, problems = _framing(raw, where, name)
    return {
        "name": name,
        "state": {k: v for k, v in state.items() if isinstance(k, str) and k != "view"},
        "positions": places,
        "expanded": _expanded(raw.get("expanded"), places),
        "notes": str(raw.get("notes") or "")[:4000],
        "saved_by": str(raw.get("saved_by") or ""),
        "saved_at": str(raw.get("saved_at") or ""),
        **framing,
        # said where the view is opened or listed; never written back to the file
        "problems": problems,
    }


def parse_saved_views(text: str, where: str = VIEWS_FILE) -> list[dict[str, Any]]:
    """The views in the text of a saved-views file (a view it cannot read is left out).

    Raises
    ------
    SavedViewError
        When the text is not a saved-views file at all (naming ``where``).
    """
    try:
        data = json.loads(text) if text.strip() else {"views": []}
    except ValueError as exc:
        raise SavedViewError(
            f"{where} is not readable JSON (line {getattr(exc, 'lineno', '?')}): restore it from "
            "a backup, or move it aside to start a new list of saved views."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("views", []), list):
        raise SavedViewError(
            f"{where} does not hold a list of views under 'views': move it aside to start again."
        )
    views = [v for v in (_view(r, where) for r in data.get("views", [])) if v]
    seen: set[str] = set()
    return [
        v for v in views if not (v["name"].casefold() in seen or seen.add(v["name"].casefold()))
    ]


def read_saved_views(root: str | Path) -> list[dict[str, Any]]:
    """The register folder's saved views, in the order they were first saved ([] if none)."""
    path = Path(root) / VIEWS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise SavedViewError(f"{VIEWS_FILE} cannot be read ({exc}).") from None
    return parse_saved_views(text)


def find_view(views: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    """The view called ``name`` (case and spacing ignored), or None."""
    key = " ".join(str(name or "").split()).casefold()
    return next((v for v in views if v["name"].casefold() == key), None)


def _write(root: Path, views: list[dict[str, Any]]) -> None:
    kept = [{k: v for k, v in view.items() if k != "problems"} for view in views]
    text = json.dumps({"views": kept}, ensure_ascii=False, indent=1, sort_keys=True)
    write_text_atomic(root / VIEWS_FILE, text + "\n", name=VIEWS_FILE)


def save_view(
    root: str | Path,
    name: str,
    state: dict[str, Any],
    positions: dict[str, Any] | None = None,
    by: str = "",
    notes: str | None = None,
    *,
    replace: bool | str = True,
    expanded: dict[str, str] | None = None,
    framing: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Save (or replace) the view ``name``; the view as saved.

    ``framing`` is what was in sight: ``{"zoom": z, "pan": [x, y], "canvas": [w, h]}`` (the
    graph's zoom and pan, and its size in pixels); a framing that cannot be read is not kept
    (the view then opens fitted to the window).

    ``expanded`` says which node's expansion added each node placed (node -> node expanded),
    so Collapse takes them off again when the view is reopened.

    ``replace`` says which saved view this save may overwrite: True (any of that name), a
    name (only the view so called: the one open on the page, whose changes are being kept)
    or False (none). Another view of the same name is then refused, never overwritten.

    Raises
    ------
    SavedViewError, graphmodel.errors.PartnerGraphError
        A bad name, a name another view has, too many views, or a register that cannot be
        written (nothing changed).
    """
    root = Path(root)
    name = check_name(name)
    with register_lock(root):
        views = read_saved_views(root)
        old = find_view(views, name)
        if old is not None and not (
            replace is True or (isinstance(replace, str) and find_view([old], replace))
        ):
            by_whom = f" by {old['saved_by']}" if old.get("saved_by") else ""
            when = f" on {old['saved_at']}" if old.get("saved_at") else ""
            raise SavedViewError(
                f"A view called '{old['name']}' is saved already{by_whom}{when}: give this "
                "one another name, or open that view first to save changes to it."
            )
        if old is None and len(views) >= MAX_VIEWS:
            raise SavedViewError(f"A register keeps at most {MAX_VIEWS} views: delete one first.")
        view = _view(
            {
                "name": name,
                "state": state,
                "positions": positions or {},
                "expanded": expanded or {},
                "notes": (old or {}).get("notes", "") if notes is None else notes,
                "saved_by": by,
                "saved_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                **{
                    k: v
                    for k, v in (framing if isinstance(framing, dict) else {}).items()
                    if k in ("zoom", "pan", "canvas")
                },
            }
        )
        assert view is not None  # the name was checked
        views = [view if v is old else v for v in views] if old else [*views, view]
        _write(root, views)
    return view


def rename_view(root: str | Path, name: str, new_name: str) -> dict[str, Any]:
    """Give the view ``name`` the name ``new_name``; the view renamed."""
    root = Path(root)
    new_name = check_name(new_name)
    with register_lock(root):
        views = read_saved_views(root)
        view = find_view(views, name)
        if view is None:
            raise SavedViewError(f"There is no saved view called '{name}'.")
        other = find_view(views, new_name)
        if other is not None and other is not view:
            raise SavedViewError(f"A view called '{other['name']}' is saved already.")
        view["name"] = new_name
        _write(root, views)
    return view


def delete_view(root: str | Path, name: str) -> None:
    """Remove the view ``name`` from the register's saved views."""
    root = Path(root)
    with register_lock(root):
        views = read_saved_views(root)
        view = find_view(views, name)
        if view is None:
            raise SavedViewError(f"There is no saved view called '{name}'.")
        _write(root, [v for v in views if v is not view])
