"""The criteria declared, by key: filled by :mod:`.registry`, read by the scorers' shared
helpers (:func:`.criteria._result` names a result by its criterion's title) without importing
the registry, which imports every scorer."""

from __future__ import annotations

from typing import Any

__all__ = ["DECLARED"]

#: key -> :class:`.registry.Criterion`, in the order declared
DECLARED: dict[str, Any] = {}
