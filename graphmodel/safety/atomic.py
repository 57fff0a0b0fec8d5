"""Atomic file writes: a temporary file in the same folder, renamed over the target.

Readers see the old file or the new one, never half. A failed write (a full disk, a folder
that may not be written) leaves the old file and no temporary file, and says so in one line. A
temporary file left by a process that was killed (``kill -9`` runs no clean-up) carries that
process's id in its name, and is removed by the next write beside it once that process is gone.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from graphmodel.errors import StoreFileError

__all__ = ["write_text_atomic", "check_writable_target", "remove_stale_temporaries", "why"]


def why(exc: OSError) -> str:
    """An operating-system error in plain words, with what to do."""
    reasons = {
        errno.ENOSPC: "the disk is full: free some space",
        errno.EDQUOT: "the disk quota is used up: free some space",
        errno.EFBIG: "the file would be larger than this system allows here",
        errno.EACCES: "permission denied: write somewhere you may write, or fix the permissions",
        errno.EPERM: "permission denied: write somewhere you may write, or fix the permissions",
        errno.EROFS: "the disk is read-only: write somewhere else",
        errno.ENOENT: "the folder does not exist",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EISDIR: "it is a folder",
        errno.EIO: "the disk reported an input/output error: check it",
    }
    return reasons.get(exc.errno, exc.strerror or str(exc))


def check_writable_target(path: Path) -> None:
    """Refuse to replace anything but a regular file: a link, a folder, a pipe or a device
    would be silently replaced by a file (or a write to a pipe would hang)."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreFileError(f"cannot write {path}: {why(exc)}; nothing was changed") from None
    what = None
    if stat.S_ISLNK(st.st_mode):
        what = "a symbolic link"
    elif stat.S_ISDIR(st.st_mode):
        what = "a folder"
    elif stat.S_ISFIFO(st.st_mode):
        what = "a named pipe"
    elif not stat.S_ISREG(st.st_mode):
        what = "a device or socket"
    if what:
        raise StoreFileError(
            f"{path} is {what}, not a regular file: it was left alone; give a file name "
            "(or '-' for standard output where offered)"
        )


def _temporary_prefix(path: Path) -> str:
    return f".{path.name}."


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove temporary files beside ``path`` left by writers that are no longer running."""
    removed = []
    prefix = _temporary_prefix(path)
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid_text = name[len(prefix) :].split(".", 1)[0]
        if not pid_text.isdigit() or _running(int(pid_text)):
            continue
        try:
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def _mode_for(path: Path) -> int:
    """An existing file keeps its mode; a new one gets what ``open`` would give it."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: str | Path, text: str, name: str | None = None) -> None:
    """Write ``text`` to ``path`` so readers see the old file or the new one, never half.

    ``name`` is how an error names the file (e.g. relative to a register folder shown on the
    web, where an absolute path says too much); default: the path.

    Raises
    ------
    StoreFileError
        When ``path`` is not a regular file, or the write fails (the old file is kept).
    """
    path = Path(path)
    try:
        check_writable_target(path)
    except StoreFileError as exc:
        if name is None:
            raise
        raise StoreFileError(str(exc).replace(str(path), name)) from None
    tmp = None
    try:
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(path)
        mode = _mode_for(path)
        # the name is known before the file exists, so a signal at any moment can remove it
        tmp = path.parent / f"{_temporary_prefix(path)}{os.getpid()}.{secrets.token_hex(4)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise StoreFileError(
            f"cannot write {name or path}: {why(exc)}; nothing was changed (the old file, if "
            "any, is as it was)"
        ) from None
    except BaseException:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise
