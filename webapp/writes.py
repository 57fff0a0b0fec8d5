"""Every write the explorer makes goes through :func:`record_from_web`, so sign-in and roles can
wrap one function (the server decides; a page never writes by itself)."""

from __future__ import annotations

from typing import Any

from graphmodel.errors import PartnerGraphError, RegisterError

from .context import PageContext

__all__ = ["record_from_web", "current_user", "WriteOutcome"]


class WriteOutcome(dict):
    """``{"ok": bool, "message": str, "id": str | None, "file": str | None}``."""


def current_user() -> str:
    """Who is writing: the signed-in user (``webapp.auth``), ``local:NAME`` without sign-in."""
    try:
        from .auth import current_user as signed_in

        return signed_in()
    except RuntimeError:  # outside a request (tests calling the function directly)
        return "web form"


def _may_write() -> bool:
    try:
        from .auth import has_role

        return has_role("editor")
    except RuntimeError:  # outside a request: no session to ask
        return True


def record_from_web(
    ctx: PageContext, kind: str, fields: dict[str, Any], user: str | None = None
) -> WriteOutcome:
    """Validate and record a review, activity or action typed into a form.

    Never raises for bad input: the outcome says what is wrong, field by field, and that
    nothing was written.
    """
    from loaders.record import SINGULAR, record

    what = SINGULAR.get(kind, kind)
    if not _may_write():
        return WriteOutcome(
            ok=False,
            message=f"Recording a {what} needs the editor role; nothing was written.",
            id=None,
            file=None,
        )
    if ctx.register is None:
        return WriteOutcome(
            ok=False,
            message="This explorer was started without a register folder, so it cannot record "
            "anything: start it with 'partnergraph serve --register DIR'.",
            id=None,
            file=None,
        )
    try:
        written = record(ctx.register, kind, fields, by=user or current_user(), store=ctx.store)
    except RegisterError as exc:
        errors = [i for i in exc.issues if i.severity == "error"][:5]
        problems = (
            "; ".join(f"{i.field or 'record'}: {i.message}" for i in errors)
            or "the register did not validate"
        )
        return WriteOutcome(
            ok=False,
            message=f"The {what} was not recorded ({problems}). Nothing was written.",
            id=None,
            file=None,
        )
    except (PartnerGraphError, OSError) as exc:
        return WriteOutcome(
            ok=False,
            message=f"The {what} was not recorded: {exc}. Nothing was written.",
            id=None,
            file=None,
        )
    rel = written.path.relative_to(ctx.register)
    return WriteOutcome(
        ok=True,
        message=f"Recorded {what} {written.record['id']} in {rel}.",
        id=written.record["id"],
        file=str(rel),
    )
