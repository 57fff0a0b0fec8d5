"""The bad-register corpus (tests/fixtures/bad_registers): every case refused cleanly.

Each case must give its error at its file (line, record, field) through ``validate``, give a
short output with no traceback, and leave an existing ``load --db`` store byte-for-byte as it
was with no temporary file beside it, all within a memory and time bound.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from partnergraph.cli import main

ROOT = Path(__file__).resolve().parent / "fixtures" / "bad_registers"
CASES: dict[str, dict] = yaml.safe_load((ROOT / "MANIFEST.yaml").read_text(encoding="utf-8"))
AS_ROOT = os.geteuid() == 0
NOBODY = 65534
#: every case must finish within this many seconds and this much more address space
SECONDS = 10
EXTRA_BYTES = 1024**3
#: the text output of a failed validate stays readable: at most this many characters
MAX_OUTPUT = 30_000

runner = CliRunner()


@contextlib.contextmanager
def bounded(seconds: int = SECONDS, extra: int = EXTRA_BYTES):
    """Run the body with an alarm and an address-space limit of what is in use now + extra."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    in_use = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    limit = in_use + extra if hard == resource.RLIM_INFINITY else min(hard, in_use + extra)

    def timeout(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, timeout)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.signal(signal.SIGALRM, old)


def _setup(kind: str | None, reg: Path) -> None:
    if kind is None:
        return
    if kind == "huge-id":
        (reg / "huge.yaml").write_text(
            "themes:\n  - id: " + "A" * 1_000_000 + "\n    name: Huge\n"
            "    sources: [{doc: paper.txt, section: s}]\n",
            encoding="utf-8",
        )
    elif kind == "many-bad-records":
        rows = "".join(
            f"  - {{id: org-{i}, name: Org {i}, sources: [{{doc: paper.txt, section: s}}]}}\n"
            for i in range(2000)
        )
        (reg / "many.yaml").write_text("organisations:\n" + rows, encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(reg / "extra.yaml")
    elif kind == "dangling-link":
        (reg / "extra.yaml").symlink_to(reg / "gone.yaml")
    elif kind == "link-loop":
        (reg / "sub" / "loop").symlink_to(reg, target_is_directory=True)
    elif kind == "unreadable-file":
        (reg / "extra.yaml").chmod(0)
    elif kind == "unreadable-folder":
        (reg / "sub").chmod(0)
    else:  # pragma: no cover - a manifest typo
        raise ValueError(f"unknown setup {kind!r}")


def build_case(name: str, where: Path) -> Path:
    """The case's register in ``where/register``: the base, the case's files over it."""
    case = CASES[name]
    reg = where / "register"
    shutil.copytree(ROOT / "_base", reg)
    shutil.copytree(ROOT / name, reg, dirs_exist_ok=True)
    for gone in case.get("remove", []):
        (reg / gone).unlink()
    _setup(case.get("setup"), reg)
    return reg


@pytest.fixture(scope="module")
def good_store_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("store") / "graph.json"
    result = runner.invoke(main, ["load", "--db", str(path), str(ROOT / "_base")])
    assert result.exit_code == 0, result.output
    return path.read_bytes()


def _needs_nobody(case: dict) -> bool:
    """Root reads anything: the unreadable cases run as the 'nobody' user then."""
    return AS_ROOT and case.get("setup", "").startswith("unreadable")


def run_cli(args: list[str], case: dict) -> tuple[int, str]:
    """``partnergraph ARGS``: in-process and bounded, or as 'nobody' in a bounded subprocess."""
    if not _needs_nobody(case):
        with bounded():
            result = runner.invoke(main, args)
        assert not isinstance(result.exception, (TimeoutError, MemoryError)), result.exception
        return result.exit_code, result.output
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        + [sys.executable, "-m", "partnergraph", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    return proc.returncode, proc.stdout + proc.stderr


def _matches(issue: dict, case: dict) -> bool:
    for key in ("file", "line", "record", "field"):
        if key in case and case[key] is not None and issue.get(key) != case[key]:
            return False
    return case["error"] in issue["message"]


@pytest.fixture
def case_dir(tmp_path):
    where = tmp_path
    if AS_ROOT:  # somewhere 'nobody' may reach (pytest keeps its own folders private)
        where = Path(tempfile.mkdtemp(prefix="pg-bad-register-", dir="/tmp"))
        where.chmod(0o755)
    yield where
    for path in where.rglob("*"):  # let the folder be removed after a case made it unreadable
        if not path.is_symlink():
            with contextlib.suppress(OSError):
                path.chmod(0o755)
    if where != tmp_path:
        shutil.rmtree(where, ignore_errors=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_register_is_refused_cleanly(name, case_dir, good_store_bytes):
    case = CASES[name]
    reg = build_case(name, case_dir)
    store_dir = case_dir / "store"
    store_dir.mkdir()
    store = store_dir / "graph.json"
    store.write_bytes(good_store_bytes)
    if _needs_nobody(case):
        os.chown(store_dir, NOBODY, NOBODY)
        os.chown(store, NOBODY, NOBODY)

    code, out = run_cli(["validate", "--json", str(reg)], case)
    assert code == 1, out[-2000:]
    issues = json.loads(out)["issues"]
    errors = [i for i in issues if i["severity"] == "error"]
    assert any(_matches(i, case) for i in errors), json.dumps(errors[:5], indent=1)
    if "max_errors" in case:
        assert len(errors) <= case["max_errors"], json.dumps(errors[:5], indent=1)
    assert all(len(i["message"]) <= 300 for i in issues)

    if not _needs_nobody(case):  # (a subprocess as 'nobody' takes seconds: twice is enough)
        code, out = run_cli(["validate", str(reg)], case)
        assert code == 1 and "Traceback" not in out
        assert case["error"] in out
        assert len(out) < MAX_OUTPUT and out.count("\n") < 60

    code, out = run_cli(["load", "--db", str(store), str(reg)], case)
    assert code == 1 and "Traceback" not in out, out[-2000:]
    assert "nothing was loaded" in out
    assert store.read_bytes() == good_store_bytes
    assert sorted(p.name for p in store_dir.iterdir()) == ["graph.json"]


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 60
    assert all((ROOT / name).is_dir() for name in CASES)


def test_every_case_passes_with_its_fault_removed(tmp_path):
    """The base register itself is good, so each case's error is the case's own."""
    result = runner.invoke(main, ["validate", str(ROOT / "_base")])
    assert result.exit_code == 0, result.output
