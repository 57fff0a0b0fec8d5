"""``partnergraph evaluate``: the link evaluator on the command line, and what ``rank``
(:mod:`partnergraph.cli_rank`) shares with it: the options naming the home council, the date,
the weights and the store (:func:`_common`).

Wired into the main group by :func:`register_commands`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graphmodel.errors import NodeNotFound, PartnerGraphError, RegisterError
from graphmodel.stores import open_store
from graphmodel.views.sources import SourceLabels

if TYPE_CHECKING:  # pragma: no cover
    from graphmodel.evaluator import Evaluator

from .common import (
    CONTEXT,
    _fail,
    _network,
    _open,
    _print_issues,
    _read,
    _register_folder_option,
    _store_kind,
    _store_options,
)

__all__ = ["evaluate", "register_commands"]

# The evaluator (its criteria, reference cities and charts) is imported by these commands when
# they run, not when the command line starts: every other command starts without it.

#: the evidence to gather listed in the summary (the rest is under each criterion)
GATHER_SHOWN = 6
#: a register's errors printed when it stops an evaluation (validate lists them all)
ISSUES_IN_ERROR = 10


class _CriteriaHelp(click.Option):
    """An option whose help names the evaluator's criteria (``{criteria}``), filled in when the
    help is shown rather than when the command line starts."""

    @classmethod
    def option(cls, *names, **attrs):
        return click.option(*names, cls=cls, **attrs)

    def get_help_record(self, ctx):
        if self.help and "{criteria}" in self.help:
            from graphmodel.evaluator import CRITERIA

            self.help = self.help.replace("{criteria}", ", ".join(CRITERIA))
        return super().get_help_record(ctx)


def _common(run):
    """The options ``evaluate`` and ``rank`` share (store, register, profiles, config, weights,
    home council, date) and what both set up from them: the command is called with ``store``
    (the register's graph; a register with errors stops the command), ``ev`` (the evaluator)
    and ``home`` (the home council chosen, said on screen when it was not named) in their place.
    """

    @functools.wraps(run)
    def command(
        *,
        home,
        as_of,
        weights,
        config_path,
        profiles_dir,
        register,
        store_kind,
        db_path,
        neo4j_database,
        **options,
    ):
        store = _store_or_none(register, store_kind, db_path, neo4j_database)
        ev = _evaluator(store, profiles_dir, config_path, weights, as_of)
        return run(store=store, ev=ev, home=_home_for(ev, home, as_of), **options)

    f = _store_options(command)
    f = _register_folder_option(f)
    f = click.option(
        "--profiles",
        "profiles_dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="PARTNERGRAPH_PROFILES",
        default=None,
        help="Folder of more profiles, added to the bundled profiles/ (one with a bundled "
        "profile's id replaces it). [env PARTNERGRAPH_PROFILES]",
    )(f)
    f = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        envvar="PARTNERGRAPH_EVALUATOR_CONFIG",
        default=None,
        help="YAML file of weights and band thresholds (docs/EVALUATOR.md). "
        "[env PARTNERGRAPH_EVALUATOR_CONFIG]",
    )(f)
    f = _CriteriaHelp.option(
        "--weights",
        envvar="PARTNERGRAPH_WEIGHTS",
        default=None,
        metavar="CRITERION=W,...",
        help="Override weights, e.g. 'accessibility=2,funding=1'. Criteria: {criteria}"
        ". Default: those the council's strategy in force states (with its source), else 1 for "
        "the four criteria, 0 for funding and network. [env PARTNERGRAPH_WEIGHTS]",
    )(f)
    f = click.option(
        "--home",
        envvar="PARTNERGRAPH_HOME",
        default=None,
        help="The home council: id, name or alias (kent, KCC, leicester). Default: "
        "kent-county-council when the register holds it, else the register's only council "
        "(said on screen); a register of several other councils needs it. [env PARTNERGRAPH_HOME]",
    )(f)
    f = click.option(
        "--as-of",
        "as_of",
        envvar="PARTNERGRAPH_AS_OF",
        default=None,
        metavar="YYYY-MM-DD|strategy",
        help="The evaluation's date: EU membership and programme periods are read on it. "
        "'strategy': the date of the home council's strategy for new links (Kent's of "
        "2007-07-12). Default: today. [env PARTNERGRAPH_AS_OF]",
    )(f)
    return f


def _as_of_date(text: str | None) -> _dt.date | None:
    if not text or text.strip().lower() == "strategy":
        return None
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        _fail(f"--as-of {text!r}: give a date as YYYY-MM-DD (e.g. 2007-07-12) or 'strategy'")


def _home_for(ev: Evaluator, home: str | None, as_of: str | None, quiet: bool = False) -> str:
    """The home council to evaluate for (said on screen when it was not named), and the
    evaluation's date set from ``--as-of strategy``."""
    from graphmodel.evaluator.home import HomeRequired, choose_home, home_strategy

    try:
        choice = choose_home(ev.reader, home, ev.profiles)
    except HomeRequired as exc:
        _fail(str(exc))
    if choice.note and not quiet:
        click.secho(choice.note, fg="yellow", err=True)
    if as_of and as_of.strip().lower() == "strategy":
        try:
            side = ev.resolve_home(choice.text)
        except NodeNotFound as exc:
            _fail(str(exc))
        st = home_strategy(ev.reader, side.graph_id)
        date = _strategy_date(st.date if st else None)
        if date is None:
            _fail(
                f"--as-of strategy: {side.name}'s register records no dated strategy with "
                "criteria for new links; give a date (YYYY-MM-DD)"
            )
        ev.today = date
        if not quiet:
            click.secho(f"Evaluating as of {date.isoformat()}, the date of {st.name}.", err=True)
    return choice.text


def _strategy_date(text: str | None) -> _dt.date | None:
    text = str(text or "")
    for form in (text, text + "-12-31" if len(text) == 4 else "", text + "-28"):
        try:
            return _dt.date.fromisoformat(form)
        except ValueError:
            continue
    return None


def _store_or_none(register, store_kind, db_path, neo4j_database):
    """The graph to read. A register with errors stops the command, its errors printed (file,
    line, record, field): evaluated without it, the council's strategy, priorities and partners
    would be silently missing from a scorecard a board may act on."""
    if _store_kind(store_kind) == "neo4j" or (db_path and db_path.exists()):
        return _open(store_kind, db_path, neo4j_database)
    try:
        loaded = _read(register, quiet=True)
    except RegisterError as exc:
        errors = [i for i in exc.issues if i.severity == "error"]
        _print_issues(errors, limit=ISSUES_IN_ERROR)
        _fail(
            f"the register has {len(errors)} error(s), so nothing was evaluated: without it the "
            "council's strategy, priorities and partners would be missing. Fix them "
            "('partnergraph validate' lists every issue) and run this again."
        )
    from .common import graph_with_reference, reference_wanted

    store = open_store("embedded")
    store.replace(graph_with_reference(loaded.graph) if reference_wanted() else loaded.graph)
    return store


def _evaluator(store, profiles_dir, config_path, weights, as_of=None) -> Evaluator:
    from graphmodel.evaluator import (
        Evaluator,
        EvaluatorConfig,
        ProfileError,
        WeightsError,
        load_profiles,
        parse_weights,
        read_config,
    )

    try:
        config = read_config(config_path) if config_path else EvaluatorConfig()
        # given weights override those the council's strategy states, and outputs say so
        config = config.with_weights(parse_weights(weights), by="on the command line")
        profiles = load_profiles(profiles_dir)
        return Evaluator(
            store, profiles=profiles, config=config, today=_as_of_date(as_of), reference=_network
        )
    except (WeightsError, ProfileError) as exc:
        _fail(str(exc))


@click.command(context_settings=CONTEXT)
@click.argument("candidate")
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Evaluate the candidate described in this profile file (YAML, docs/EVALUATOR.md).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write a board-ready HTML report (plain-words summary, scores chart, evidence, "
    "weights, sensitivity) to this file.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")
@click.option(
    "--evidence",
    "detail",
    is_flag=True,
    help="Also list every piece of evidence with its source, and everything missing.",
)
@_common
def evaluate(candidate, profile_path, report_path, as_json, detail, store, ev, home):
    """Score CANDIDATE as a partner for the home council against its criteria for new partners.

    CANDIDATE is a profile id, a register id, a name or alias ("Košice", "Skane"), or a
    reference city name ("Lille"). The output names the council's strategy and criteria the
    scores are read against (or says its register records none). Every score comes with its
    evidence and sources, a confidence (the share of the needed evidence that was present) and
    the missing evidence.

    partnergraph evaluate "Region of Košice" --home kent --report kosice.html
    """
    from graphmodel.evaluator import ProfileError, WeightsError, read_profile

    try:
        if profile_path:
            profile = read_profile(profile_path)
            ev.check_themes([profile])
            ev.add_profile(profile)
            candidate = profile.id
        card = ev.evaluate(home, candidate)
        labels = SourceLabels.from_store(store) if store is not None else None
    except (NodeNotFound, ProfileError, WeightsError) as exc:
        _fail(str(exc))
    except PartnerGraphError as exc:
        _fail(str(exc))
    finally:
        if store is not None:
            store.close()
    if report_path:
        from graphmodel.evaluator.report import scorecard_html

        from .common import write_output

        write_output(report_path, scorecard_html(card, labels), "board report")
    if as_json:
        click.echo(json.dumps(card.model_dump(), indent=2, ensure_ascii=False))
        return
    _print_card(card, labels, detail)


def _print_card(card, labels: SourceLabels | None = None, detail: bool = False) -> None:
    """The plain-words summary first (recommendation, why, what would change it, what to find
    out), then one line per criterion; ``detail`` adds every piece of evidence and its source."""
    from graphmodel.evaluator.config import BAND_LABELS
    from graphmodel.evaluator.recommendation import range_words
    from graphmodel.evaluator.registry import REGISTRY

    label = labels.label if labels else str
    click.secho(f"{card.home_name} – {card.candidate_name}   (evaluated {card.date})", bold=True)
    click.secho(f"Recommendation: {BAND_LABELS[card.band]}", bold=True)
    click.echo(f"  {summary_line(card)}")
    print_strategy(card, labels)
    for title, lines, shown_ in (
        ("Why", card.reasons, None),
        ("What would change it", card.would_change, None),
        ("What to find out first", card.gather, GATHER_SHOWN),
    ):
        if not lines:
            continue
        click.secho(f"{title}:", bold=True)
        for line in lines[:shown_]:
            click.echo(f"  - {line}")
        if shown_ and len(lines) > shown_:
            click.echo(f"  … and {len(lines) - shown_} more (--evidence lists them all)")
    width = max(len(c.label) for c in REGISTRY.values())
    click.secho(f"{'Criterion':<{width}}  {'score':>9}  confidence  weight", bold=True)
    for r in card.criteria:
        click.echo(
            f"{REGISTRY[r.key].label:<{width}}  {range_words(r.low, r.high):>9}  "
            f"{r.confidence:>10.0%}  {r.weight:>6g}"
        )
    if not detail:
        click.echo("(--evidence: every piece of evidence with its source, and all that is missing)")
        return
    for r in card.criteria:
        click.secho(
            f"\n{r.title}: {range_words(r.low, r.high)}  (confidence {r.confidence:.0%}, "
            f"weight {r.weight:g})",
            bold=True,
        )
        click.echo(f"  {r.summary}")
        for e in r.evidence:
            sides = " | ".join(
                x
                for x in (
                    f"{card.home_name}: {e.home}" if e.home is not None else "",
                    f"{card.candidate_name}: {e.candidate}" if e.candidate is not None else "",
                )
                if x
            )
            click.echo(f"  * {e.item}: {sides} {('— ' + e.detail) if e.detail else ''}".rstrip())
            if e.path:
                click.echo(f"      path: {' '.join(e.path)}")
            for src in dict.fromkeys(
                [x for x in (e.home_source, e.candidate_source) if x] + e.sources
            ):
                click.echo(f"      source: {label(src)}")
        for m in r.missing:
            click.secho(f"  ? missing: {m}", fg="yellow")


def print_strategy(card, labels: SourceLabels | None, err: bool = False) -> None:
    """What the scores are measured against: the home council's criteria for new partners, or
    that its register records none (:func:`graphmodel.evaluator.summary.strategy_parts`), and
    where the weights came from (:func:`graphmodel.evaluator.summary.weights_words`)."""
    from graphmodel.evaluator.summary import strategy_parts, weights_words

    head, criteria, notes = strategy_parts(card, _unquoted(labels))
    click.echo(head, err=err)
    for i, text in enumerate(criteria, 1):
        click.echo(f"  {i}. {text}", err=err)
    for line in notes:
        click.echo(line, err=err)
    click.echo(weights_words(card, _unquoted(labels)), err=err)  # whose weights they are


def _unquoted(labels: SourceLabels | None):
    """A source by its paper's title and section, without the quote (for one-line mentions)."""
    return (lambda s: labels.label(s, quote=False)) if labels else str


def summary_line(card) -> str:
    """ "Total 8 to 83 out of 100, depending on evidence not yet gathered; confidence 23%"."""
    from graphmodel.evaluator.recommendation import range_words

    if not card.total_range:
        return "no criterion is weighted"
    lo, hi = card.total_range
    words = range_words(lo, hi)
    open_ = ", depending on evidence not yet gathered" if words != range_words(lo, lo) else ""
    return f"Total {words} out of 100{open_}; confidence {card.confidence:.0%}"


def register_commands(group: click.Group) -> None:
    """Add ``evaluate`` to the main command group (``rank``: :mod:`partnergraph.cli_rank`)."""
    group.add_command(evaluate)
