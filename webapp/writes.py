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
import logging
import os
import secrets
from pathlib import Path
from typing import Any

import dash
from flask import Response, request

from graphmodel.build.bulk import paused_gc
from graphmodel.errors import PartnerGraphError, RegisterError
from graphmodel.safety.atomic import why
from loaders.record_input import NEW_RECORD

from .context import PageContext
from .graphview import release_graph
from .register_watch import apply_to_store, register_errors_in_brief, writer_for

__all__ = [
    "record_from_web",
    "current_user",
    "may_write",
    "new_submission",
    "WriteOutcome",
    "REFRESH_WAIT",
    "refuse_misshapen_writes",
]

log = logging.getLogger("partnergraph.web")

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


def refuse_misshapen_writes(app: dash.Dash) -> None:
    """Refuse, with 400 and a short plain message, a request to a write callback (each one
    outputs the shell's ``written`` store) that does not send the inputs and state the callback
    declares, in its order: Dash would fail on a field left out with a bare server error, and
    hand a field put in another's place to the wrong argument. A page always sends them all, so
    only a request made by hand is refused; nothing is written, and the server log has one line.

    Installed once per app, by each form that writes (:mod:`webapp.card_forms`,
    :mod:`webapp.record_forms`). Fields of the right names but of the wrong kind are refused by
    the form itself (:func:`webapp.form_fields.not_as_sent`)."""
    server = app.server
    if server.config.get("partnergraph_write_shapes"):
        return
    server.config["partnergraph_write_shapes"] = True

    @server.before_request
    def well_formed_write():
        if request.path != "/_dash-update-component" or request.method != "POST":
            return None
        body = request.get_json(silent=True)
        output = body.get("output") if isinstance(body, dict) else None
        declared = app.callback_map.get(output) if isinstance(output, str) else None
        if declared is None or "written.data" not in _outputs(output):
            return None  # not a write (an unknown or malformed request is refused elsewhere)
        unlike = [
            name
            for kind in ("inputs", "state")
            for name in _unlike(body.get(kind), declared.get(kind) or [])
        ]
        if not unlike:
            return None
        log.warning("refused a write request without its fields as declared: %s", ", ".join(unlike))
        return Response(
            "Refused: this form's request does not carry its fields as the page sends them "
            f"({', '.join(unlike)}). Nothing was written: reload the page and try again.",
            status=400,
            mimetype="text/plain",
        )


def _outputs(output: str) -> list[str]:
    """The ``id.property`` of each output a callback's ``output`` string names."""
    return [part.split("@", 1)[0] for part in output.strip(".").split("...")]


def _unlike(sent: Any, declared: list[dict[str, Any]]) -> list[str]:
    """The declared fields (``id.property``) that ``sent`` lacks, or holds out of place."""
    want = [f"{d['id']}.{d['property']}" for d in declared]
    got = [
        f"{s.get('id')}.{s.get('property')}" if isinstance(s, dict) else repr(s)
        for s in (sent if isinstance(sent, list) else [])
    ]
    if got == want:
        return []
    missing = [f"{w} left out" for w in want if w not in got]
    unknown = [f"{g} not one of its fields" for g in got if g not in want]
    return missing + unknown or ["its fields out of order"]


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
        where = register_errors_in_brief(RegisterError([i for i in errors if i.file != NEW_RECORD]))
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
