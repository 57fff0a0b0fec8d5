"""Every write the explorer makes goes through :func:`record_from_web`, so sign-in and roles can
wrap one function (the server decides; a page never writes by itself).

Writes are taken one at a time, across processes (:mod:`loaders.write_lock`: two editors, or an
editor and a CLI writer, saving at once would otherwise both append to the year's file as it
was, and one record would be lost). Each form carries a submission id (:func:`new_submission`),
renewed after each success: the same press of a button sent twice (a retry after a lost
answer) is recorded once.

A write costs one record: it is validated against the register's index the explorer keeps
(:mod:`webapp.register_watch`), its node and relationships are added to the store, and the
pages get a new snapshot made from the current one plus the record (:mod:`webapp.view_apply`),
not rebuilt. The card and Link health read the store itself, so they show the write at once.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from pathlib import Path
from typing import Any

from graphmodel.build.bulk import paused_gc
from graphmodel.errors import PartnerGraphError, RegisterError
from graphmodel.safety.atomic import why
from loaders.record_input import NEW_RECORD

from .context import PageContext
from .graphview import release_graph
from .register_watch import apply_to_store, writer_for

__all__ = [
    "record_from_web",
    "current_user",
    "may_write",
    "new_submission",
    "WriteOutcome",
    "REFRESH_WAIT",
]

#: how long a write waits for the pages' snapshot to be rebuilt before it answers (seconds)
REFRESH_WAIT = 2.0
#: how long a write waits for the explorer's first read of the register (seconds)
INDEX_WAIT = 120.0


def new_submission() -> str:
    """A fresh id for one press of a form's button (kept in the form until it succeeds)."""
    return secrets.token_hex(8)


class WriteOutcome(dict):
    """``{"ok": bool, "message": str, "id": str | None, "file": str | None}``; a successful
    write also says whether every page shows it yet (``"pages_current"``) and, when a record
    like it was there already (the same review recorded twice?), says so (``"also"``); a
    refused one lists its problems field by field (``"errors"``: ``{"field", "message"}``, the
    message naming the field by the form's label), so a form can link each to its box."""


def current_user() -> str:
    """Who is writing: the signed-in user (``webapp.auth``), ``local:NAME`` without sign-in."""
    try:
        from .auth import current_user as signed_in

        return signed_in()
    except RuntimeError:  # outside a request (tests calling the function directly)
        return "web form"


def may_write() -> bool:
    """Whether the user asking now may record (the editor role; anyone without sign-in)."""
    try:
        from .auth import has_role

        return has_role("editor")
    except RuntimeError:  # outside a request: no session to ask
        return True


def _named(field: str | None, labels: dict[str, str] | None) -> str:
    """A field as the form names it (``name`` is "What" on a form), else in words."""
    return (labels or {}).get(field or "") or (field or "record").replace("_", " ")


def _plain(exc: BaseException, register: Path) -> str:
    """An error as a person at a browser should read it: files named within the register,
    never by an absolute path on the server or a temporary file."""
    if isinstance(exc, OSError):
        return f"the register folder could not be read or written ({why(exc)})"
    text = str(exc)
    for prefix in (str(Path(register).resolve()), str(register)):
        text = text.replace(prefix + os.sep, "").replace(prefix, "the register folder")
    return text


def _write(ctx: PageContext, writer, index, kind, fields, user, submission):
    """Record, then show the record (and what other writers did) on every page."""
    from loaders.record import record

    before = getattr(ctx.store, "g", None)  # the embedded store's graph, swapped on a write
    written = record(
        ctx.register,
        kind,
        fields,
        by=user or current_user(),
        store=ctx.store,
        submission=submission,
        index=index,
        apply_update=apply_to_store,
    )
    if before is not None and before is not getattr(ctx.store, "g", None):
        release_graph(before)  # freed once nothing reads it (see webapp.context)
    parts = [written.part] if written.part and not written.repeated else []
    return written, writer.show(ctx, written.update, parts)


def record_from_web(
    ctx: PageContext,
    kind: str,
    fields: dict[str, Any],
    user: str | None = None,
    labels: dict[str, str] | None = None,
    submission: str | None = None,
) -> WriteOutcome:
    """Validate and record a review, activity or action typed into a form.

    Never raises for bad input: the outcome says what is wrong, field by field (by the form's
    ``labels`` for its fields, where given), and that nothing was written. ``submission`` is
    the form's id for this press of its button: sent again, it records nothing new.
    """
    from loaders.record import SINGULAR

    what = SINGULAR.get(kind, kind)
    if not may_write():
        return _not_recorded(f"Recording a {what} needs the editor role; nothing was written.")
    if ctx.register is None:
        return _not_recorded(
            "This explorer was started without a register folder, so it cannot record "
            "anything: start it with 'partnergraph serve --register DIR'."
        )
    writer = writer_for(ctx)
    index = writer.ready(timeout=INDEX_WAIT) if writer is not None else None
    if index is None:
        why_not = _not_ready(ctx, writer)
        return _not_recorded(f"The {what} was not recorded: {why_not}. Nothing was written.")
    try:
        with paused_gc():  # a write allocates little; a full collection now would take long
            written, current = _write(ctx, writer, index, kind, fields, user, submission)
    except RegisterError as exc:
        return _invalid(_chosen_gone(exc, fields, index), what, labels)
    except (PartnerGraphError, OSError) as exc:
        return _not_recorded(
            f"The {what} was not recorded: {_plain(exc, ctx.register)}. Nothing was written."
        )
    return _recorded(ctx, written, current, what)


def _not_recorded(message: str, **more: Any) -> WriteOutcome:
    return WriteOutcome(ok=False, message=message, id=None, file=None, **more)


def _not_ready(ctx: PageContext, writer) -> str:
    """Why the register's index is not there to validate against."""
    failed = writer.failed if writer is not None else None
    if failed:
        return (
            f"the register on disk does not load ({_plain(RuntimeError(failed), ctx.register)}): "
            "fix it, then try again"
        )
    return "the explorer is still reading the register: try again in a moment"


#: fields a form fills from the link chosen (the card's own, a dropdown's), never typed
_CHOSEN = {"partnership": "link", "partner": "partner"}


def _chosen_gone(exc: RegisterError, fields: dict[str, Any], index) -> RegisterError:
    """``exc``, with a reference to nothing on a field the form filled from the chosen link said
    as what it is: another writer removed (or renamed) the link after the page was drawn. The
    look-alike ids a command line suggests mean nothing to a person who typed no id."""
    issues = []
    for issue in exc.issues:
        value = fields.get(issue.field or "")
        if issue.field in _CHOSEN and isinstance(value, str) and value not in index.labels:
            issue = dataclasses.replace(
                issue,
                message=f"the {_CHOSEN[issue.field]} {value!r} is no longer in the register "
                "(another writer removed or renamed it after this page was opened): reload "
                "the page and choose it again; what you typed is still in the form",
                hint=None,
            )
        issues.append(issue)
    return RegisterError(issues)


def _invalid(exc: RegisterError, what: str, labels: dict[str, str] | None) -> WriteOutcome:
    """A record the register refused: its first five errors, each naming its field; or, when
    the register's own files no longer load (a hand edit gone wrong meanwhile), where."""
    errors = [i for i in exc.issues if i.severity == "error"][:5]
    if any(i.file != NEW_RECORD for i in errors):  # not about what was typed
        from .register_watch import _summary

        where = _summary(RegisterError([i for i in errors if i.file != NEW_RECORD]))
        return _not_recorded(
            f"The {what} was not recorded: the register on disk does not load ({where}): fix "
            "it, then try again. Nothing was written; what you typed is still in the form."
        )
    each = [
        {"field": i.field, "message": f"{_named(i.field, labels)}: {i.message}"} for i in errors
    ]
    problems = "; ".join(e["message"] for e in each) or "the register did not validate"
    return _not_recorded(
        f"The {what} was not recorded ({problems}). Nothing was written.", errors=each
    )


def _recorded(ctx: PageContext, written, current: bool, what: str) -> WriteOutcome:
    """A record written (or found written already, the form sent twice), and where."""
    rel = written.path.relative_to(ctx.register)
    if written.repeated:
        return WriteOutcome(
            ok=True,
            message=f"This {what} was recorded already, as {written.record.get('id')} in {rel} "
            "(the form was sent twice); nothing new was written.",
            id=written.record.get("id"),
            file=str(rel),
            pages_current=True,
        )
    from loaders.record import beside_note

    later = (
        ""
        if current
        else " The network, map and matrix show it in a few seconds, once the explorer has "
        "re-read the graph."
    )
    # two people recording the same review at once: both kept, and the second told
    also = beside_note(
        written, str(rel), ctx.store.node(written.beside) if written.beside else None
    )
    return WriteOutcome(
        ok=True,
        message=f"Recorded {what} {written.record['id']} in {rel}.{later}"
        + (f" {also}" if also else ""),
        id=written.record["id"],
        file=str(rel),
        pages_current=current,
        also=also or None,
    )
