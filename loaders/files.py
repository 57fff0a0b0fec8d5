"""Finding and reading a register's files: every problem reported, no file skipped in silence.

Folders are walked following symbolic links (a folder linked in is part of the register), with
each real folder visited once, so a link back up the tree cannot loop. Names starting with "."
below the register folder are hidden and skipped; the register path itself may pass through
``..`` or a hidden folder.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from graphmodel.errors import RegisterIssue

__all__ = ["REGISTER_SUFFIXES", "find_register_files", "folder_problem", "read_register_text"]

REGISTER_SUFFIXES = (".yaml", ".yml", ".csv")

#: a register file larger than this is refused before it is read (the 1M-relationship test
#: register is about 150 MB)
MAX_FILE_BYTES = 2 * 1024**3


def _why(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: give yourself read access (chmod u+r) or move it out"
    if exc.errno == errno.ELOOP:
        return "a symbolic link that loops: remove the link"
    if exc.errno == errno.ENOENT:
        return "a symbolic link to nothing: remove the link or restore its target"
    return f"{exc.strerror or exc}: check the disk and the file"


def folder_problem(root: Path) -> str | None:
    """Why ``root`` cannot serve as a register folder, or None when it can."""
    try:
        mode = root.stat().st_mode
    except FileNotFoundError:
        return "no such folder: give the folder holding the register"
    except OSError as exc:
        return f"cannot open the register folder: {_why(exc)}"
    if not stat.S_ISDIR(mode):
        return "not a folder: give the folder holding the register, not one of its files"
    return None


def find_register_files(root: Path) -> tuple[list[Path], list[RegisterIssue]]:
    """The register's files under ``root`` in a stable order, and the folders or files that
    could not be looked into (each an error: a skipped folder would drop records unseen)."""
    files: list[Path] = []
    issues: list[RegisterIssue] = []
    seen: set[tuple[int, int]] = set()

    def rel(p: Path) -> str:
        return str(p.relative_to(root)) if p != root else str(root)

    def walk(folder: Path) -> None:
        try:
            st = folder.stat()
        except OSError as exc:
            issues.append(RegisterIssue(rel(folder), None, None, None, f"folder: {_why(exc)}"))
            return
        if (st.st_dev, st.st_ino) in seen:
            return  # a link back to a folder already read
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            issues.append(
                RegisterIssue(
                    rel(folder), None, None, None, f"cannot list this folder: {_why(exc)}"
                )
            )
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links
            except OSError:
                is_dir = False
            if is_dir:
                walk(path)
                continue
            if path.suffix.lower() not in REGISTER_SUFFIXES:
                continue
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                issues.append(
                    RegisterIssue(rel(path), None, None, None, f"cannot read: {_why(exc)}")
                )
                continue
            if not stat.S_ISREG(mode):
                issues.append(
                    RegisterIssue(
                        rel(path),
                        None,
                        None,
                        None,
                        "not a regular file (a pipe or device): a register holds plain text files",
                    )
                )
                continue
            files.append(path)

    walk(root)
    return sorted(files, key=lambda p: rel(p)), issues


def read_register_text(path: Path, rel: str) -> tuple[str | None, RegisterIssue | None]:
    """The text of one file (a UTF-8 byte-order mark dropped), or the issue saying why not."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, RegisterIssue(
                rel,
                None,
                None,
                None,
                f"{size / 1024**3:.1f} GB is too large for one register file: split it",
            )
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return None, RegisterIssue(rel, None, None, None, f"cannot read: {_why(exc)}")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, RegisterIssue(
            rel,
            None,
            None,
            None,
            "saved as UTF-16 ('Unicode'): save it as UTF-8 (Excel: 'CSV UTF-8')",
        )
    if b"\x00" in data[:8192]:
        return None, RegisterIssue(
            rel,
            None,
            None,
            None,
            "a binary file, not text: save the register as UTF-8 text (.yaml or .csv)",
        )
    try:
        return data.decode("utf-8-sig"), None  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, RegisterIssue(
            rel,
            line,
            None,
            None,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save the file as UTF-8 "
            "(Excel: 'CSV UTF-8')",
        )
