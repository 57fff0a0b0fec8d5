"""The local users file, and the running server's view of it.

:class:`UsersFile` is the YAML file ``partnergraph user add/remove/unlock`` writes: each user's
name, password hash (``werkzeug.security``: scrypt) and roles. :class:`LiveUsers` is what a running
server reads it through: it looks at the file's identity (inode, size, modification time) on
every request, a ``stat`` costing microseconds, and reads it again as soon as it changed, so an
account change made by another process applies to the very next request.

A session is bound to a :func:`fingerprint` of the user's password hash and roles: a changed
password or role gives a new fingerprint, and the sessions made with the old one end.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from werkzeug.security import generate_password_hash

from graphmodel.errors import PartnerGraphError

__all__ = ["AuthError", "UsersFile", "LiveUsers", "fingerprint", "MAX_NAME", "MAX_PASSWORD"]

log = logging.getLogger("partnergraph.web")

#: the longest user name and password accepted (by ``user add`` and by the sign-in form)
MAX_NAME = 100
MAX_PASSWORD = 1000

#: role names, in the order they are offered (what each includes is ``webapp.auth.ROLES``)
ROLE_NAMES = ("viewer", "editor", "analyst", "admin")


class AuthError(PartnerGraphError):
    """Sign-in is misconfigured (users file, identity provider settings)."""


def fingerprint(password_hash: str, roles: Iterable[str]) -> str:
    """A short digest of what a session depends on: a new password or role changes it."""
    text = password_hash + "\n" + ",".join(sorted(str(r) for r in roles))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass
class UsersFile:
    """``users: [{name, password_hash, roles: [...], unlocked_at?}, ...]`` in a YAML file."""

    path: Path
    users: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: str | Path) -> UsersFile:
        path = Path(path)
        if not path.exists():
            return cls(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise AuthError(f"{path}: cannot read the users file ({exc})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("users") or [], list):
            raise AuthError(f"{path}: not a users file (it needs a 'users:' list)")
        users = {}
        for i, entry in enumerate(data.get("users") or [], start=1):
            if not isinstance(entry, dict) or not entry.get("name"):
                raise AuthError(f"{path}: user {i} has no name")
            if not str(entry.get("password_hash", "")).startswith(("scrypt:", "pbkdf2:")):
                raise AuthError(
                    f"{path}: user {entry['name']!r} has no password hash; "
                    f"set one with: partnergraph user add {entry['name']} --users-file {path}"
                )
            roles = entry.get("roles")
            if not isinstance(roles, list) or not roles or any(r not in ROLE_NAMES for r in roles):
                raise AuthError(
                    f"{path}: user {entry['name']!r} has roles {roles!r}; "
                    f"give one or more of {', '.join(ROLE_NAMES)}"
                )
            users[str(entry["name"])] = entry
        return cls(path, users)

    def set_user(self, name: str, password: str, roles: list[str]) -> None:
        self.users[name] = {
            "name": name,
            "password_hash": generate_password_hash(password),
            "roles": roles,
        }

    def unlock(self, name: str, when: float | None = None) -> None:
        """Lift a lockout: a running server forgets ``name``'s wrong passwords made before now."""
        self.users[name]["unlocked_at"] = round(time.time() if when is None else when, 3)

    def write(self) -> None:
        from graphmodel.safety.atomic import write_text_atomic

        text = yaml.safe_dump({"users": list(self.users.values())}, sort_keys=False)
        write_text_atomic(self.path, text)
        os.chmod(self.path, 0o600)

    def fingerprint(self, name: str) -> str | None:
        """The user's current :func:`fingerprint`, ``None`` for no such user."""
        entry = self.users.get(name)
        return fingerprint(entry["password_hash"], entry["roles"]) if entry else None

    def unlocked_at(self, name: str) -> float:
        try:
            return float((self.users.get(name) or {}).get("unlocked_at") or 0)
        except (TypeError, ValueError):
            return 0.0


class LiveUsers:
    """The users file as a running server sees it: read again whenever it changes on disk.

    A file that cannot be read any more signs nobody in (every session ends, every sign-in is
    refused with a plain message) until it is fixed: the server never keeps a removed user
    because a later edit broke the file.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._users = UsersFile(self.path)
        self.problem: str | None = None
        self.current()
        if self.problem:
            raise AuthError(self.problem)

    def _file_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def current(self) -> UsersFile:
        """The users as the file says now (read again only if it changed since last time)."""
        stamp = self._file_stamp()
        if stamp == self._stamp and stamp is not None:
            return self._users
        with self._lock:
            if stamp == self._stamp and stamp is not None:
                return self._users
            try:
                if stamp is None:
                    raise AuthError(f"{self.path}: the users file is missing")
                users = UsersFile.read(self.path)
                self.problem = None
            except (AuthError, OSError) as exc:
                users = UsersFile(self.path)  # nobody: fail closed
                self.problem = str(exc)
                log.error("sign-in is off until the users file is fixed: %s", exc)
            else:
                if self._stamp is not None:
                    log.warning("users file changed: %d users now", len(users.users))
            self._users, self._stamp = users, stamp
            return users
