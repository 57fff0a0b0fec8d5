"""Where the papers disagree about a record the evidence passes through, the evidence says so.

The register records a disagreement between papers as a ``conflicts`` record ``ABOUT`` its
subject (docs/REGISTER.md); the evaluator never resolves one silently. A tie through the
Kent–Virginia MoU of 2006, which one paper calls a renewal and another the MoU that formalised the
relationship, carries the conflict's name and id and the papers on each side.
"""

from __future__ import annotations

from .results import CriterionResult

__all__ = ["note_disagreements"]


def note_disagreements(reader, results: list[CriterionResult]) -> None:
    """Add to each piece of evidence the register's conflicts about the records on its path (the
    two ends, the home council and the candidate, aside: a conflict about one of them is not about
    this piece of evidence), with the sources of every side."""
    if reader.store is None:
        return
    for r in results:
        for e in r.evidence:
            steps = [x for x in (e.path or [])[1:-1] if not x.startswith(("-", "<-"))]
            for node_id in dict.fromkeys(steps):
                for c in reader.into(node_id, "ABOUT"):
                    conflict = reader.node(c["other_id"]) or {}
                    if conflict.get("label") != "Conflict":
                        continue
                    field = conflict.get("field") or "a fact"
                    e.detail += (
                        f"; the papers disagree about {reader.name(node_id)} ({field}): "
                        f"{conflict.get('name') or conflict['id']} (register conflict "
                        f"{conflict['id']}), not resolved here"
                    )
                    for src in conflict.get("value_sources") or []:
                        if src not in e.sources:
                            e.sources.append(src)
