"""Recording reviews, activities and actions: validated first, atomic, one year file changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from serverkit import snapshot

from graphmodel.errors import RegisterError
from graphmodel.queries import run_query
from graphmodel.stores import EmbeddedStore
from loaders import read_register
from loaders.record import record
from partnergraph.cli import main
from webapp import create_app
from webapp.card_forms import LABELS
from webapp.register_watch import writer_for
from webapp.writes import record_from_web

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def reg(tmp_path):
    folder = tmp_path / "reg"
    shutil.copytree(MINI, folder)
    return folder


def health(store, partnership, as_of="2008-06-01"):
    rows = run_query(store, "links_needing_attention", council="kent-cc", as_of=as_of)
    return [r["rule"] for r in rows if r["partnership"] == partnership]


def test_a_review_goes_to_its_year_file_and_makes_the_link_healthy(reg):
    before = snapshot(reg)
    store = EmbeddedStore()
    store.replace(read_register(reg).graph)
    assert "no review recorded" in health(store, "kent-lovech")
    written = record(
        reg,
        "reviews",
        {"partnership": "kent-lovech", "date": "2008-03-01", "reviewer": "IAB"},
        by="alice",
        store=store,
    )
    assert written.path == reg / "records_2008.yaml" and written.created
    after = snapshot(reg)
    assert {k: v for k, v in after.items() if k != "records_2008.yaml"} == before
    text = written.path.read_text(encoding="utf-8")
    assert text.startswith("reviews:\n  - id: review-kent-lovech-2008-03-01\n")
    assert "section: review recorded by alice on " in text
    reloaded = read_register(reg)  # the record validates like every other
    assert reloaded.graph.nodes["review-kent-lovech-2008-03-01"].label == "Review"
    assert "no review recorded" not in health(store, "kent-lovech")  # the store was updated
    assert "review overdue" not in health(store, "kent-lovech")


def test_records_append_inside_their_own_list(reg):
    record(reg, "reviews", {"partnership": "kent-lovech", "date": "2008", "reviewer": "A"})
    record(
        reg,
        "activities",
        {"name": "Study visit", "type": "visit", "start": "2008-05", "partner": "lovech"},
    )
    record(reg, "reviews", {"partnership": "kent-virginia", "date": "2008-09", "reviewer": "B"})
    record(reg, "actions", {"name": "Sign an MoU", "owner": "eag", "target": "2008-12"})
    text = (reg / "records_2008.yaml").read_text(encoding="utf-8")
    assert text.index("review-kent-virginia-2008-09") < text.index("activities:")
    graph = read_register(reg).graph
    assert {n.label for n in graph.nodes.values()} >= {"Review", "Activity", "Action"}
    assert graph.nodes["activity-study-visit-2008-05"].props["start"] == "2008-05"


@pytest.mark.parametrize(
    "kind, fields, field, words",
    [
        (
            "reviews",
            {"partnership": "kent-lovch", "date": "2008", "reviewer": "A"},
            "partnership",
            "did you mean 'kent-lovech'",
        ),
        (
            "reviews",
            {"partnership": "kent-virgina", "date": "2008", "reviewer": "A"},
            "partnership",
            "did you mean 'kent-virginia'?",  # not 'virginia' or 'kent-cc': not partnerships
        ),
        (
            "reviews",
            {"partnership": "kent-lovech", "date": "2008-13", "reviewer": "A"},
            "date",
            "month 13",
        ),
        ("reviews", {"partnership": "kent-lovech", "date": "2008"}, "reviewer", "missing"),
        (
            "reviews",
            {"partnership": "kent-lovech", "date": "2008-02-30", "reviewer": "A"},
            "date",
            "2008-02-30: day is out of range for February 2008 (it has 29 days): check the day",
        ),
        (
            "activities",
            {"name": "X", "type": "visit", "start": "2008-04-31"},
            "start",
            "April 2008 (it has 30 days)",
        ),
        ("activities", {"name": "X", "type": "party", "start": "2008"}, "type", "visit"),
        ("actions", {"name": "X", "owner": "eag", "status": "late"}, "status", "planned"),
    ],
)
def test_bad_input_gets_a_clear_error_and_nothing_is_written(reg, kind, fields, field, words):
    before = snapshot(reg)
    with pytest.raises(RegisterError) as info:
        record(reg, kind, fields)
    errors = [i for i in info.value.issues if i.severity == "error"]
    assert any(i.field == field and words in i.message for i in errors), errors
    assert snapshot(reg) == before


@pytest.mark.parametrize("fail_at", ["os.fsync", "os.replace"])
def test_a_write_interrupted_mid_way_leaves_the_register_unchanged(reg, monkeypatch, fail_at):
    record(reg, "reviews", {"partnership": "kent-lovech", "date": "2008", "reviewer": "A"})
    before = snapshot(reg)

    def crash(*_a, **_k):
        raise OSError("power cut")

    monkeypatch.setattr(fail_at, crash)
    with pytest.raises(OSError, match="power cut"):
        record(reg, "reviews", {"partnership": "kent-virginia", "date": "2008", "reviewer": "B"})
    monkeypatch.undo()
    assert snapshot(reg) == before  # the old year file, and no temporary file left behind
    assert "kent-virginia" not in (reg / "records_2008.yaml").read_text(encoding="utf-8")


def test_a_failed_store_update_puts_the_file_back(reg):
    class BrokenStore(EmbeddedStore):
        def _save(self, g):  # the store fails after the register file was written
            raise OSError("disk full")

    before = snapshot(reg)
    with pytest.raises(OSError, match="disk full"):
        record(
            reg,
            "reviews",
            {"partnership": "kent-lovech", "date": "2008", "reviewer": "A"},
            store=BrokenStore(reg.parent / "store.json", read=False),
        )
    assert snapshot(reg) == before


def test_the_cli_records_a_review_and_refuses_bad_input(reg):
    runner = CliRunner()
    ok = runner.invoke(
        main,
        [
            "review",
            "kent-lovech",
            "--date",
            "2008-02",
            "--reviewer",
            "IAB",
            "--register",
            str(reg),
            "--by",
            "bob",
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert "Recorded review review-kent-lovech-2008-02 in records_2008.yaml" in ok.output
    before = snapshot(reg)
    bad = runner.invoke(
        main,
        ["activity", "Visit", "--type", "visit", "--start", "2008-02-30", "--register", str(reg)],
    )
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert "field 'start'" in bad.output and "nothing was written" in bad.output
    assert snapshot(reg) == before


@pytest.mark.bolt
def test_on_neo4j_the_record_and_the_file_change_together(reg, neo4j_store):
    neo4j_store.replace(read_register(reg).graph)
    record(
        reg,
        "reviews",
        {"partnership": "kent-lovech", "date": "2008-03-01", "reviewer": "IAB"},
        store=neo4j_store,
    )
    assert neo4j_store.node("review-kent-lovech-2008-03-01")["reviewer"] == "IAB"
    assert "no review recorded" not in health(neo4j_store, "kent-lovech")
    before = snapshot(reg)

    class Boom(Exception):
        pass

    def fail_file_write(*_a, **_k):
        raise Boom()

    import loaders.record as R

    original = R.write_text_atomic
    R.write_text_atomic = fail_file_write
    try:
        with pytest.raises(Boom):
            record(
                reg,
                "reviews",
                {"partnership": "kent-virginia", "date": "2008", "reviewer": "B"},
                store=neo4j_store,
            )
    finally:
        R.write_text_atomic = original
    assert neo4j_store.node("review-kent-virginia-2008") is None  # rolled back
    assert snapshot(reg) == before


def test_records_with_the_same_name_are_different_records(reg):
    visit = {"name": "Study visit", "type": "visit", "start": "2008-05", "partner": "lovech"}
    record(reg, "activities", visit)
    second = record(reg, "activities", visit)
    assert second.record["id"] == "activity-study-visit-2008-05-2"
    review = {"partnership": "kent-lovech", "date": "2008-05-01", "reviewer": "IAB"}
    record(reg, "reviews", review)
    assert record(reg, "reviews", review).record["id"] == "review-kent-lovech-2008-05-01-2"
    assert len([n for n in read_register(reg).graph.nodes.values() if n.label == "Review"]) == 2


@pytest.mark.parametrize(
    "kind, fields, field, label, words",
    [
        (
            "reviews",
            {
                "partnership": "kent-lovech",
                "date": "2008",
                "reviewer": "A",
                "outcome": "x" * 3_000_000,
            },
            "outcome",
            "Outcome",
            "at most 4,000 characters (this has 3,000,000)",
        ),
        (
            "reviews",
            {"partnership": "kent-lovech", "date": "0001-01-01", "reviewer": "A"},
            "date",
            "Date",
            "before 1900",
        ),
        (
            "activities",
            {"name": "Visit", "type": "visit", "start": "9999", "partner": "lovech"},
            "start",
            "Start",
            "more than 10 years ahead",
        ),
        (
            "activities",
            {"name": "V" * 201, "type": "visit", "start": "2008", "partner": "lovech"},
            "name",
            "What",
            "at most 200 characters",
        ),
        (
            "activities",
            {"name": "Visit\nto Lovech", "type": "visit", "start": "2008", "partner": "lovech"},
            "name",
            "What",
            "one line only",
        ),
        (
            "activities",
            {"name": "Visit", "type": "visit", "start": "2008", "people": ["p"] * 101},
            "people",
            "People",
            "at most 100 items",
        ),
        (
            "reviews",
            {
                "partnership": "kent-lovech",
                "date": "2008-05-01",
                "reviewer": "A",
                "next_review": "2007-05-01",
            },
            "next_review",
            "Next review",
            "2007-05-01 is before the review's date (2008-05-01)",
        ),
        (
            "activities",
            {"name": "Visit", "type": "visit", "start": "2008-05", "end": "2008-04-30"},
            "end",
            "end",
            "2008-04-30 is before its start (2008-05)",
        ),
    ],
)
def test_out_of_bounds_input_is_refused_naming_the_form_field(
    reg, kind, fields, field, label, words
):
    before = snapshot(reg)
    with pytest.raises(RegisterError) as info:
        record(reg, kind, fields)
    assert any(i.field == field and words in i.message for i in info.value.issues)
    # the web form names the box the person typed in, in its own words
    store = EmbeddedStore()
    store.replace(read_register(reg).graph)
    app = create_app(store, register=reg)
    ctx = app.server.config["partnergraph_context"]
    out = record_from_web(ctx, kind, fields, labels=LABELS)
    assert not out["ok"] and f"{label}: " in out["message"] and words in out["message"]
    assert len(out["message"]) < 500
    assert snapshot(reg) == before  # no records_0001.yaml, no records_9999.yaml


def test_a_failed_web_write_names_the_file_within_the_register(reg, monkeypatch):
    import errno
    import os

    store = EmbeddedStore()
    store.replace(read_register(reg).graph)
    app = create_app(store, register=reg)
    ctx = app.server.config["partnergraph_context"]
    real_open = os.open

    def read_only(path, flags, *a, **k):  # the disk refuses new files, as a read-only one does
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *a, **k)

    before = snapshot(reg)
    monkeypatch.setattr(os, "open", read_only)
    out = record_from_web(
        ctx, "reviews", {"partnership": "kent-lovech", "date": "2008", "reviewer": "A"}
    )
    monkeypatch.undo()
    assert not out["ok"]
    assert "cannot write records_2008.yaml: the disk is read-only" in out["message"]
    assert str(reg) not in out["message"] and ".tmp" not in out["message"]
    assert "Errno" not in out["message"]
    assert snapshot(reg) == before


def test_a_link_removed_meanwhile_is_said_plainly_on_the_web(reg):
    # an editor opened Kent – Lovech's card; another writer removes the link from the register
    # before they press the button: the form names the link, says it is gone and what to do,
    # not a list of look-alike ids to choose from (the person chose no id: the card did)
    store = EmbeddedStore()
    store.replace(read_register(reg).graph)
    app = create_app(store, register=reg)
    ctx = app.server.config["partnergraph_context"]
    assert writer_for(ctx).ready(timeout=30) is not None  # the explorer has read the register
    text = (reg / "register.yaml").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines(True) if "{id: kent-lovech," in x)
    (reg / "register.yaml").write_text(text.replace(line, ""), encoding="utf-8")
    before = snapshot(reg)
    fields = {"partnership": "kent-lovech", "date": "2008-05-01", "reviewer": "Panel"}
    out = record_from_web(ctx, "reviews", fields, labels=LABELS)
    assert not out["ok"]
    assert "Partnership: the link 'kent-lovech' is no longer in the register" in out["message"]
    assert "reload the page" in out["message"] and "did you mean" not in out["message"]
    assert [e["field"] for e in out["errors"]] == ["partnership"]
    assert snapshot(reg) == before


def test_a_next_review_or_end_in_the_same_month_as_a_partial_date_is_kept(reg):
    fields = {"partnership": "kent-lovech", "date": "2008-05-20", "reviewer": "A"}
    record(reg, "reviews", {**fields, "next_review": "2008-05"})
    visit = {"name": "Visit", "type": "visit", "start": "2008-05", "end": "2008-05-02"}
    record(reg, "activities", {**visit, "partner": "lovech"})
    graph = read_register(reg).graph
    assert graph.nodes["review-kent-lovech-2008-05-20"].props["next_review"] == "2008-05"
    assert graph.nodes["activity-visit-2008-05"].props["end"] == "2008-05-02"


def test_the_second_review_of_a_link_on_the_same_day_is_kept_and_its_writer_told(reg):
    # two editors record the same review meeting at once: both are kept, and the second is
    # told a review of that link and date was there already, where, and what to do
    fields = {"partnership": "kent-lovech", "date": "2008-05-01"}
    store = EmbeddedStore()
    store.replace(read_register(reg).graph)
    app = create_app(store, register=reg)
    ctx = app.server.config["partnergraph_context"]
    first = record_from_web(ctx, "reviews", {**fields, "reviewer": "Panel A"}, labels=LABELS)
    assert first["ok"] and first["also"] is None and "already" not in first["message"]
    result = CliRunner().invoke(
        main,
        ["review", "kent-lovech", "--date", "2008-05-01", "--reviewer", "Panel B"]
        + ["--register", str(reg)],
    )
    assert result.exit_code == 0, result.output
    assert (
        "A review with the same link and date was in the register already "
        "(review-kent-lovech-2008-05-01, reviewer Panel A): this one is kept beside it as "
        "review-kent-lovech-2008-05-01-2. If both are the same review, remove one from "
        "records_2008.yaml."
    ) in " ".join(result.output.split())
    third = record_from_web(ctx, "reviews", {**fields, "reviewer": "Panel C"}, labels=LABELS)
    assert third["ok"] and third["id"] == "review-kent-lovech-2008-05-01-3"
    assert "(review-kent-lovech-2008-05-01, reviewer Panel A)" in third["also"]
    assert third["also"] in third["message"]
    graph = read_register(reg).graph
    assert {
        graph.nodes[f"review-kent-lovech-2008-05-01{n}"].props["reviewer"] for n in ("", "-2", "-3")
    } == {
        "Panel A",
        "Panel B",
        "Panel C",
    }


def test_a_date_ahead_is_refused_with_advice_a_form_or_command_can_follow(reg):
    # the register's own advice ("say why in this record's notes") names a field neither the
    # forms nor the commands have: a writer is told what they can do instead
    import datetime as dt

    soon = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    later = f"{dt.date.today().year + 3}-06-01"
    before = snapshot(reg)
    with pytest.raises(RegisterError) as info:
        record(reg, "reviews", {"partnership": "kent-lovech", "date": soon, "reviewer": "A"})
    (issue,) = info.value.issues
    assert issue.field == "date" and "notes" not in issue.message
    assert issue.message.endswith("correct the date; a review is recorded once it has taken place")
    with pytest.raises(RegisterError) as info:
        record(reg, "activities", {"name": "Fair", "type": "event", "start": later})
    (issue,) = info.value.issues
    assert issue.field == "start" and "is more than a year ahead: correct the date" in issue.message
    assert "goes into the register file by hand" in issue.message
    assert snapshot(reg) == before


def test_a_register_broken_meanwhile_is_named_as_such_not_as_a_field_of_the_form(reg):
    # someone's hand edit breaks a register file while an editor fills a form: the form says
    # the register does not load, where, and that nothing was written; the CLI likewise
    from webapp.register_watch import RegisterWriter

    store = EmbeddedStore()
    store.replace(read_register(reg).graph)
    app = create_app(store, register=reg)
    ctx = app.server.config["partnergraph_context"]
    ctx.writer = RegisterWriter(ctx, every=3600)  # no look of its own before the write
    assert ctx.writer.ready(timeout=30) is not None
    text = (reg / "register.yaml").read_text(encoding="utf-8")
    (reg / "register.yaml").write_text(text.replace("tier: exploring", "tier: explorng", 1))
    before = snapshot(reg)
    fields = {"partnership": "kent-lovech", "date": "2008-05-01", "reviewer": "Panel"}
    out = record_from_web(ctx, "reviews", fields, labels=LABELS)
    assert not out["ok"] and not out.get("errors")  # no box of the form is in error
    assert out["message"].startswith(
        "The review was not recorded: the register on disk does not load (register.yaml line "
    )
    assert "field 'tier'" in out["message"] and "fix it, then try again" in out["message"]
    result = CliRunner().invoke(
        main, ["review", "kent-lovech", "--reviewer", "Panel", "--register", str(reg)]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "register.yaml:" in result.output and "field 'tier'" in result.output
    assert "Fix the field named above" not in result.output
    assert "fix the file named above" in result.output
    assert snapshot(reg) == before
