"""Writers at once, as real processes: CLI writers started together, CLI writers beside a
running explorer's forms, a writer killed mid-write, a form sent twice, a writer that cannot
have the register. Every record ends up in the register exactly once, or the writer says it
was not written; the register always loads."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from serverkit import ROOT, start_server, stop_server

from loaders import read_register
from loaders.write_lock import register_lock

PARTNERSHIP = "kent-province-of-zeeland"
PARTNER = "province-of-zeeland"


@pytest.fixture
def register(register_copy):
    return register_copy


def cli(register: Path, *args: str, wait: str = "120") -> subprocess.Popen:
    """``partnergraph ARGS --register REGISTER`` started in its own process (not waited for)."""
    return subprocess.Popen(
        [sys.executable, "-m", "partnergraph", *args, "--register", str(register)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PARTNERGRAPH_WRITE_WAIT": wait},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def activity(register: Path, name: str, *extra: str, wait: str = "120") -> subprocess.Popen:
    return cli(
        register, "activity", name, "--type", "visit", "--start", "2025-05", *extra, wait=wait
    )


def activity_names(register: Path) -> list[str]:
    """The names of every activity the register loads with (a name per record written)."""
    graph = read_register(register).graph
    return [n.name for n in graph.nodes.values() if n.label == "Activity"]


def temporaries(register: Path) -> list[Path]:
    return [p for p in register.rglob("*.tmp")]


def test_six_cli_writers_started_at_once_record_six_records(register):
    before = activity_names(register)
    procs = [activity(register, f"Concurrent visit {i}", "--partner", PARTNER) for i in range(6)]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, outs
    assert all("Recorded activity" in o for o in outs), outs
    after = activity_names(register)
    assert sorted(set(after) - set(before)) == [f"Concurrent visit {i}" for i in range(6)]
    assert len(after) == len(before) + 6  # each once
    assert temporaries(register) == []


def test_a_writer_that_cannot_have_the_register_says_so_and_writes_nothing(register):
    before = {p: p.read_bytes() for p in register.rglob("*") if p.is_file()}
    with register_lock(register):  # another writer, holding the register
        proc = activity(register, "Blocked visit", "--partner", PARTNER, wait="1")
        out = proc.communicate(timeout=120)[0]
    assert proc.returncode == 1
    assert "another write to this register" in out and "after 1 s" in out, out
    assert "nothing was written" in out and "Traceback" not in out
    assert {p: p.read_bytes() for p in register.rglob("*") if p.is_file()} == before


def test_a_writer_killed_mid_write_leaves_the_register_as_it_was_or_complete(register):
    rng = random.Random(20)
    count = len(activity_names(register))
    for i in range(5):
        proc = activity(register, f"Killed visit {i}", "--partner", PARTNER)
        time.sleep(rng.uniform(0.3, 2.5))  # anywhere from start-up to the write itself
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        names = activity_names(register)  # the register loads: never half a file
        assert len(names) in (count, count + 1)
        assert names.count(f"Killed visit {i}") == len(names) - count
        count = len(names)
    # the next writer is not held up by the killed ones, and clears what they left behind
    done = activity(register, "After the kills", "--partner", PARTNER, wait="5")
    assert done.wait(timeout=120) == 0, done.stdout.read()
    assert activity_names(register).count("After the kills") == 1
    assert not [p for p in temporaries(register) if "records_2025" in p.name]


def _activity_callback(base: str) -> dict:
    """The Link health form's activity callback, as the browser sends it."""
    deps = requests.get(base + "/_dash-dependencies", timeout=30).json()
    dep = next(d for d in deps if any(i["id"] == "rec-ac-save" for i in d["inputs"]))
    return dep


def web_activity(base: str, dep: dict, name: str, submission: str) -> requests.Response:
    values = {
        "rec-ac-partnership": PARTNERSHIP,
        "rec-ac-name": name,
        "rec-ac-type": "visit",
        "rec-ac-start": "2025-06",
        "rec-ac-people": None,
        "rec-ac-outcome": None,
        "written": 0,
        "rec-ac-sub": submission,
    }
    output = dep["output"]
    return requests.post(
        base + "/_dash-update-component",
        json={
            "output": output,
            "outputs": [
                {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
                for o in output.strip(".").split("...")
            ],
            "inputs": [{"id": "rec-ac-save", "property": "n_clicks", "value": 1}],
            "changedPropIds": ["rec-ac-save.n_clicks"],
            "state": [
                {"id": s["id"], "property": s["property"], "value": values[s["id"]]}
                for s in dep["state"]
            ],
        },
        timeout=120,
    )


def test_cli_and_web_writers_at_once_lose_nothing(register):
    """Four CLI writers and six web writers at once, the web ones on two servers over the same
    register (two processes, as a second server or worker would be)."""
    env = {"PARTNERGRAPH_WRITE_WAIT": "120"}
    servers = [start_server([], register=register, env=env) for _ in range(2)]
    try:
        deps = [_activity_callback(base) for _, base in servers]
        before = activity_names(register)
        answers: list[str] = []

        def web(i: int) -> None:
            base, dep = servers[i % 2][1], deps[i % 2]
            r = web_activity(base, dep, f"Web visit {i}", f"submission-web-{i:04d}")
            answers.append(r.text)

        threads = [threading.Thread(target=web, args=(i,)) for i in range(6)]
        clis = []
        for i, t in enumerate(threads):
            t.start()
            if i < 4:
                clis.append(activity(register, f"CLI visit {i}", "--partner", PARTNER))
        for t in threads:
            t.join(timeout=300)
        outs = [p.communicate(timeout=300)[0] for p in clis]
        assert [p.returncode for p in clis] == [0] * 4, outs
        assert len(answers) == 6 and all("Recorded activity" in a for a in answers), answers
        new = sorted(set(activity_names(register)) - set(before))
        expected = sorted(
            [f"Web visit {i}" for i in range(6)] + [f"CLI visit {i}" for i in range(4)]
        )
        assert new == expected
        assert len(activity_names(register)) == len(before) + 10

        # the same press of the button sent again (an answer lost on the way): recorded once,
        # whichever server it reaches
        for (_, base), dep in zip(servers, deps, strict=True):
            again = web_activity(base, dep, "Web visit 0", "submission-web-0000")
            assert "recorded already" in again.text and "nothing new was written" in again.text
        assert activity_names(register).count("Web visit 0") == 1
    finally:
        logs = [stop_server(proc) for proc, _ in servers]
    assert not any("Traceback" in log for log in logs), logs


def call(base: str, dep: dict, inputs: dict, state: dict | None = None) -> requests.Response:
    """One Dash callback, as the browser sends it: ``inputs``/``state`` by component id."""
    output = dep["output"]
    state = state or {}
    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
        for o in output.strip(".").split("...")
    ]
    return requests.post(
        base + "/_dash-update-component",
        json={
            "output": output,
            "outputs": outputs if output.startswith("..") else outputs[0],
            "inputs": [
                {"id": i["id"], "property": i["property"], "value": inputs.get(i["id"])}
                for i in dep["inputs"]
            ],
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]],
            "state": [
                {"id": s["id"], "property": s["property"], "value": state.get(s["id"])}
                for s in dep["state"]
            ],
        },
        timeout=60,
    )


def _seen_within(base: str, dep: dict, text: str, wanted: str, limit: float) -> float | None:
    """Seconds until the Network search box offers ``wanted`` for ``text``; None if not in
    ``limit`` seconds."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if wanted in call(base, dep, {"search-text": text}).text:
            return time.monotonic() - start
        time.sleep(0.25)
    return None


def test_a_cli_write_shows_in_a_running_explorer_within_seconds(register):
    proc, base = start_server([], register=register)
    try:
        deps = requests.get(base + "/_dash-dependencies", timeout=30).json()
        search = next(d for d in deps if any(i["id"] == "search-text" for i in d["inputs"]))
        assert "Watched visit" not in call(base, search, {"search-text": "Watched visit"}).text
        done = activity(register, "Watched visit", "--partner", PARTNER)
        assert done.wait(timeout=120) == 0, done.stdout.read()
        took = _seen_within(base, search, "Watched visit", "Watched visit", 30)
        assert took is not None, "the CLI write never showed in the explorer"
        # a record edited by hand: the explorer reads the whole register again, and shows it
        path = next(register.rglob("records_2025.yaml"))
        path.write_text(
            path.read_text(encoding="utf-8").replace("Watched visit", "Renamed visit"),
            encoding="utf-8",
        )
        took_edit = _seen_within(base, search, "Renamed visit", "Renamed visit", 60)
        assert took_edit is not None, "the hand edit never showed in the explorer"
        # a web write after both knows them: no id is given twice
        dep = _activity_callback(base)
        answer = web_activity(base, dep, "Renamed visit", "submission-after-edit")
        assert "Recorded activity activity-renamed-visit-2025-06" in answer.text, answer.text
    finally:
        log = stop_server(proc)
    assert "Traceback" not in log, log
    print(f"CLI write shown after {took:.1f} s; hand edit after {took_edit:.1f} s")


def test_a_server_killed_mid_write_then_a_retry_records_once(register):
    """The answer to a form is lost (the server killed at some moment of the write); the
    person presses again on a restarted server: the record is there exactly once."""
    rng = random.Random(7)
    for round_ in range(2):
        proc, base = start_server([], register=register)
        dep = _activity_callback(base)
        name, submission = f"Retried visit {round_}", f"submission-retry-{round_:04d}"
        sent = threading.Thread(target=_quietly, args=(base, dep, name, submission))
        sent.start()
        time.sleep(rng.uniform(0.05, 1.5))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        sent.join(timeout=60)
        before = activity_names(register).count(name)  # the register loads: never half a file
        assert before in (0, 1)
        proc, base = start_server([], register=register)
        try:
            again = web_activity(base, _activity_callback(base), name, submission).text
        finally:
            log = stop_server(proc)
        assert ("recorded already" in again) == (before == 1), again
        assert activity_names(register).count(name) == 1
        assert "Traceback" not in log, log


def _quietly(*args) -> None:
    try:
        web_activity(*args)
    except requests.RequestException:
        pass  # the server was killed: the answer is lost, as the person's was
