"""Bad store files, import files, output paths and failing disks: one line, nothing changed.

Each test runs the CLI as a user would and checks what they see (one ``Error:`` line, no
traceback) and what is left on disk (the old file, byte for byte, and no temporary file).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from partnergraph.cli import main

BASE = Path(__file__).resolve().parent / "fixtures" / "bad_registers" / "_base"
REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args: str):
    return runner.invoke(main, [str(a) for a in args])


def one_error_line(result) -> str:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.output
    return lines[0]


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def store(tmp_path) -> Path:
    path = tmp_path / "graph.json"
    result = run("load", "--db", path, BASE)
    assert result.exit_code == 0, result.output
    return path


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "binary":
        path.write_bytes(bytes(range(256)) * 8)
    elif how == "foreign":
        path.write_text('{"hello": "world"}', encoding="utf-8")


@pytest.mark.parametrize("how", ["truncated", "empty", "binary", "foreign"])
def test_a_damaged_store_is_one_line_naming_the_file_and_what_to_do(store, how):
    _damage(store, how)
    line = one_error_line(run("show", "home-council", "--db", store))
    assert str(store) in line and "partnergraph load --db" in line


def test_load_replaces_a_damaged_store_after_saying_so(store):
    _damage(store, "truncated")
    result = run("load", "--db", store, BASE)
    assert result.exit_code == 0, result.output
    assert "cannot be read" in result.output and "this run replaces it" in result.output
    assert run("show", "HC", "--db", store).exit_code == 0
    assert temporaries(store.parent) == []


def test_a_failed_load_does_not_replace_a_damaged_store(store, tmp_path):
    _damage(store, "binary")
    before = store.read_bytes()
    bad = tmp_path / "bad"
    shutil.copytree(BASE, bad)
    (bad / "extra.yaml").write_text("themes: [oops]\n", encoding="utf-8")
    assert run("load", "--db", store, bad).exit_code == 1
    assert store.read_bytes() == before


@pytest.mark.parametrize("fmt", ["json", "graphml"])
@pytest.mark.parametrize("how", ["truncated", "binary"])
def test_importing_a_damaged_export_changes_nothing(store, tmp_path, fmt, how):
    export = tmp_path / f"export.{fmt}"
    assert run("export", "--format", fmt, "--db", store, "--out", export).exit_code == 0
    _damage(export, how)
    before = store.read_bytes()
    line = one_error_line(run("import", export, "--db", store))
    assert f"{export} is not a readable {fmt} export" in line and "nothing was changed" in line
    assert len(line) < 400
    assert store.read_bytes() == before
    assert temporaries(tmp_path) == []


def test_outputs_refuse_links_pipes_and_folders(store, tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    for out, what in ((link, "a symbolic link"), (fifo, "a named pipe"), (folder, "a folder")):
        line = one_error_line(run("export", "--db", store, "--out", out))
        assert f"{out} is {what}, not a regular file" in line
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me"
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and folder.is_dir()
    line = one_error_line(run("export", "--format", "csv", "--db", store, "--out", target))
    assert "not a folder" in line
    assert temporaries(tmp_path) == []


def test_outputs_keep_the_mode_and_say_when_they_create_a_folder(store, tmp_path):
    out = tmp_path / "shared.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    result = run("export", "--db", store, "--out", out)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text(encoding="utf-8") != "old"
    deep = tmp_path / "new" / "sub" / "graph.graphml"
    result = run("export", "--format", "graphml", "--db", store, "--out", deep)
    assert result.exit_code == 0 and f"Created folder {deep.parent}" in result.output
    result = run("export", "--db", store, "--out", "-")
    assert result.exit_code == 0 and result.stdout.lstrip().startswith("{")


def test_a_stale_temporary_file_is_removed_by_the_next_write(store):
    dead = subprocess.Popen(["true"])
    dead.wait()  # a process id nobody uses now: the writer of the stale file was killed
    stale = store.parent / f".{store.name}.{dead.pid}.abcd1234.tmp"
    stale.write_text("half a graph", encoding="utf-8")
    alive = store.parent / f".{store.name}.1.abcd1234.tmp"  # pid 1 runs: not ours to remove
    alive.write_text("someone else's", encoding="utf-8")
    assert run("load", "--db", store, BASE).exit_code == 0
    assert not stale.exists() and alive.exists()


_WRITER = """
import signal, sys
from graphmodel.safety.atomic import write_text_atomic
from partnergraph.common import _terminated
signal.signal(signal.SIGTERM, _terminated)
write_text_atomic(sys.argv[1], "x" * 150_000_000)
"""


def _write_and_signal(path: Path, sig: int) -> list[str]:
    """Start a big atomic write of ``path`` in a child, send ``sig`` once its temporary file
    exists; the temporary files left behind."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], env=env)
    deadline = time.monotonic() + 60
    while child.poll() is None and time.monotonic() < deadline:
        if temporaries(path.parent):
            child.send_signal(sig)
            break
        time.sleep(0.001)
    child.wait(timeout=60)
    if child.returncode == 0:
        pytest.skip("the write finished before the signal could be sent")
    return temporaries(path.parent)


def test_kill_9_mid_write_keeps_the_old_file_and_the_next_run_cleans_up(store):
    before = store.read_bytes()
    left = _write_and_signal(store, signal.SIGKILL)
    assert len(left) == 1 and store.read_bytes() == before  # kill -9 runs no clean-up
    assert run("load", "--db", store, BASE).exit_code == 0
    assert temporaries(store.parent) == []


def test_sigterm_mid_write_removes_the_temporary_file(store):
    before = store.read_bytes()
    assert _write_and_signal(store, signal.SIGTERM) == []
    assert store.read_bytes() == before


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))


def test_a_write_that_runs_out_of_room_is_one_line_and_changes_nothing(store):
    """A file-size limit stands in for a full disk: the write fails part-way, like ENOSPC."""
    before = store.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "partnergraph", "load", "--db", str(store), str(BASE)],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_limit_file_size,
        timeout=120,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "cannot write" in errors[0] and "nothing was changed" in errors[0]
    assert store.read_bytes() == before and temporaries(store.parent) == []


def test_a_folder_that_may_not_be_written_is_one_line_and_changes_nothing(tmp_path):
    folder = Path(tmp_path / "readonly") if os.geteuid() else Path(_public_tmp())
    folder.mkdir(exist_ok=True)
    store = folder / "graph.json"
    assert run("load", "--db", store, BASE).exit_code == 0
    before = store.read_bytes()
    folder.chmod(0o555)
    try:
        cmd = [sys.executable, "-m", "partnergraph", "load", "--db", str(store), str(BASE)]
        if os.geteuid() == 0:  # root writes anywhere: try as 'nobody'
            os.chmod(store, 0o644)
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "permission denied" in errors[0], proc.stderr
    assert store.read_bytes() == before and temporaries(folder) == []
    if os.geteuid() == 0:
        shutil.rmtree(folder.parent)


def _public_tmp() -> str:
    import tempfile

    parent = tempfile.mkdtemp(prefix="pg-readonly-", dir="/tmp")
    os.chmod(parent, 0o755)
    return os.path.join(parent, "readonly")


def test_a_mistyped_filter_value_lists_the_valid_ones():
    args = ("query", "partners", "--register", BASE, "--council", "HC", "--tier", "strategc")
    line = one_error_line(run(*args))
    assert "did you mean 'strategic'?" in line and "funding-or-projects" in line


def test_show_says_a_shared_name_is_ambiguous(tmp_path):
    reg = tmp_path / "reg"
    shutil.copytree(BASE, reg)
    (reg / "hanover.yaml").write_text(
        "places:\n"
        "  - {id: hanover, name: Hanover, type: city, country: DE,"
        " sources: [{doc: paper.txt, section: s}]}\n"
        "organisations:\n"
        "  - {id: hanover-city-council, name: Hanover City Council, aliases: [Hanover],"
        " type: council, country: DE, sources: [{doc: paper.txt, section: s}]}\n",
        encoding="utf-8",
    )
    result = run("validate", reg)
    assert result.exit_code == 0
    (warning,) = [line for line in result.output.splitlines() if "warning:" in line]
    assert "'Hanover' names both" in warning and "'hanover-city-council' (Organisation)" in warning
    assert "'hanover' (Place)" in warning
    line = one_error_line(run("show", "hanover city", "--register", reg))
    assert "No record has" in line  # a plain miss is still a miss
    line = one_error_line(run("show", "HANOVER", "--register", reg))
    assert "ambiguous" in line and "hanover (Place)" in line
    assert "hanover-city-council (Organisation)" in line


@pytest.mark.bolt
def test_a_bolt_server_lost_mid_load_is_one_line(tmp_path):
    """The server dies while a load's transaction is open: one line, not the driver's trace."""
    from standin import BoltStandin, find_arcadedb_home

    if find_arcadedb_home() is None:
        pytest.skip("no Bolt stand-in: pip install arcadedb-embedded")
    reg = tmp_path / "reg"
    assert run("synth", "--councils", 100, "--seed", 2, "--out", reg).exit_code == 0
    standin = BoltStandin(tmp_path / "arcadedb").start()
    try:
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "NEO4J_URI": standin.uri,
            "NEO4J_USER": standin.user,
            "NEO4J_PASSWORD": standin.password,
            "NEO4J_DATABASE": standin.database,
        }
        load = subprocess.Popen(
            [sys.executable, "-m", "partnergraph", "load", str(reg)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        seen = []
        for line in load.stderr:  # the transaction is open once the first batch is written
            seen.append(line)
            if line.strip().startswith("loaded") and "built" not in line:
                os.killpg(os.getpgid(standin._process.pid), signal.SIGKILL)
                break
        rest = load.stderr.read()
        load.wait(timeout=120)
    finally:
        standin.stop()
    err = "".join(seen) + rest
    assert load.returncode == 1 and "Traceback" not in err, err[-3000:]
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "lost the Neo4j server" in errors[0], err[-3000:]
    assert "not committed" in errors[0]
    assert all(line.startswith(("Error:", "  loaded", "Reading")) for line in err.splitlines())


def test_relative_paths_through_dotdot_and_hidden_folders_and_linked_folders_work(
    tmp_path, monkeypatch
):
    hidden = tmp_path / ".config" / "reg"
    shutil.copytree(BASE, hidden)
    elsewhere = tmp_path / "shared-themes"
    elsewhere.mkdir()
    (elsewhere / "themes.yaml").write_text(
        "themes:\n  - {id: culture, name: Culture, sources: [{doc: paper.txt, section: s}]}\n",
        encoding="utf-8",
    )
    (hidden / "linked").symlink_to(elsewhere, target_is_directory=True)
    (hidden / ".drafts").mkdir()  # hidden below the register: skipped
    (hidden / ".drafts" / "broken.yaml").write_text("themes: [", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run("validate", "--json", "../.config/reg")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "linked/themes.yaml" in data["files"] and data["counts"]["nodes"]["Theme"] == 2
