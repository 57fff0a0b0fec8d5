"""Server-side sessions: the browser holds only a random session id.

The cookie (Flask's signed cookie, with no expiry date: the browser drops it when it closes)
carries ``sid``; who the user is, their roles, and when the session started and was last used
live here, in the server's memory. So a session ends on the server, whatever the browser keeps:

* signing out deletes it;
* it ends ``idle`` seconds after its last request, and ``absolute`` seconds after sign-in;
* it is bound to a fingerprint of the user's password hash and roles (``webapp.accounts``),
  compared on every request: removing the user, or changing their password or roles, ends it;
* restarting the server ends every session (people sign in again).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["SignedIn", "SessionStore"]

#: the most sessions kept at once; the oldest idle ones go first when it is reached
MAX_SESSIONS = 20_000


@dataclass
class SignedIn:
    """One signed-in session."""

    name: str
    roles: tuple[str, ...]
    fingerprint: str
    started: float = field(default_factory=time.time)
    last_seen: float = field(default_factory=time.time)


class SessionStore:
    """Sessions by id, with idle and absolute timeouts."""

    def __init__(self, idle: float, absolute: float):
        self.idle = idle
        self.absolute = absolute
        self._sessions: dict[str, SignedIn] = {}
        self._lock = threading.Lock()

    def start(self, entry: SignedIn) -> str:
        """Keep ``entry`` under a new random id, and return the id."""
        sid = secrets.token_urlsafe(32)
        with self._lock:
            if len(self._sessions) >= MAX_SESSIONS:
                self._prune(time.time())
            if len(self._sessions) >= MAX_SESSIONS:
                oldest = min(self._sessions, key=lambda k: self._sessions[k].last_seen)
                del self._sessions[oldest]
            self._sessions[sid] = entry
        return sid

    def resolve(
        self, sid: str | None, current_fingerprint: Callable[[SignedIn], str | None]
    ) -> SignedIn | None:
        """The live session ``sid``, touched; ``None`` (and forgotten) if it has ended.

        ``current_fingerprint(entry)`` is the session's user's fingerprint now, ``None`` if they
        are gone.
        """
        if not sid or not isinstance(sid, str):
            return None
        now = time.time()
        with self._lock:
            entry = self._sessions.get(sid)
            if entry is None:
                return None
            if (
                now - entry.last_seen > self.idle
                or now - entry.started > self.absolute
                or current_fingerprint(entry) != entry.fingerprint
            ):
                del self._sessions[sid]
                return None
            entry.last_seen = now
            return entry

    def end(self, sid: str | None) -> None:
        """Sign out: session ``sid`` is over, whoever presents it later."""
        if sid:
            with self._lock:
                self._sessions.pop(sid, None)

    def count(self) -> int:
        with self._lock:
            return len(self._sessions)

    def _prune(self, now: float) -> None:
        for sid in [
            k
            for k, e in self._sessions.items()
            if now - e.last_seen > self.idle or now - e.started > self.absolute
        ]:
            del self._sessions[sid]
