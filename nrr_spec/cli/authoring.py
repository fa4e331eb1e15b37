"""`nrr new`, `nrr revise`, `nrr review` and `nrr score`: option parsing only; the work is in nrr_spec.authoring."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from ..model.vocabulary import Concern, Disclosure, ReviewDecision, values
from ..os_errors import os_problem
from .inputs import LogFile, no_record_files, records_folder
from .options import records_option as shared_records_option

F = TypeVar("F", bound=Callable[..., Any])


records_option = shared_records_option()


@contextmanager
def as_click_errors() -> Iterator[None]:
    """A missing or unusable option becomes a usage error (exit code 2); problems with a record, such
    as two records claiming one id, `Error: ...` and exit code 1; interruption exits 130 with nothing
    written. (A records folder that is not there is refused before: `inputs.records_folder`.)"""
    from ..authoring.store import AuthoringError, OptionError
    from ..store import RecordLookupError

    try:
        yield
    except OptionError as exc:
        raise click.UsageError(str(exc), click.get_current_context(silent=True)) from None
    except (AuthoringError, RecordLookupError) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # a full disk, a folder that cannot be written: the file was not replaced
        raise click.ClickException(os_problem(exc, "write") + "; nothing was changed there") from None
    except (KeyboardInterrupt, EOFError, click.Abort):
        click.echo("\nInterrupted: nothing was written.", err=True)
        sys.exit(130)


@click.command("score")
@click.argument("record_id", required=False)
@records_option
@click.option("--all", "every", is_flag=True, help="Score every record in the folder, lowest first.")
@click.option("--json", "as_json", is_flag=True, help="Print the checklist as JSON.")
def score(record_id: str | None, records: str | None, every: bool, as_json: bool) -> None:
    """Show the quality checklist of record RECORD_ID: each item, its weight, and why it counts.

    With --all, one line per record: its score and what it lacks, lowest score first.
    """
    from ..authoring.store import to_record
    from ..quality import score_record

    if every == bool(record_id):
        raise click.UsageError("give a RECORD_ID, or --all for every record")
    folder = records_folder(records)
    if every:
        _score_all(folder, as_json)
        return
    with as_click_errors():
        found = folder.find(record_id or "")
        result = score_record(to_record(found.data, str(found.path)))
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    title = f"{record_id}: quality checklist {result.score}/100"
    table = Table("", "item", "weight", "why it counts", title=title, show_lines=False)
    for item in result.items:
        mark = "[green]✓[/]" if item.present else "[red]✗[/]"
        why = item.reason if item.present else f"{item.reason}\n[dim]add: {item.hint}[/]"
        table.add_row(mark, item.name, str(item.weight), why)
    console = Console()
    console.print(table)
    console.print("A checklist of what is present, not a verdict on the science.", style="dim")


def _score_all(folder: Any, as_json: bool) -> None:
    from ..quality import score_record

    results = sorted((score_record(record) for record in folder.valid_records()), key=lambda r: (r.score, r.record_id))
    if not results and next(folder.files(), None) is None:
        raise no_record_files([str(folder.root)])
    if not results:
        raise click.ClickException(f"no valid records under {str(folder.root)!r}; nrr validate {folder.root} names the problems")
    if as_json:
        sys.stdout.write(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("score", "record", "missing", title=f"quality checklist of {len(results)} records")
    for result in results:
        table.add_row(str(result.score), result.record_id, ", ".join(item.name.lower() for item in result.missing) or "nothing")
    Console().print(table)


@click.command("revise")
@click.argument("record_id")
@click.option("--message", "-m", required=True, help="What changed in this revision.")
@click.option("--author", default=None, help="Who made the revision.")
@records_option
def revise(record_id: str, message: str, author: str | None, records: str | None) -> None:
    """Record a revision of RECORD_ID: keep the earlier version, bump `version`, append to `revisions`.

    Edit the record, then run this: when the folder is a git repository the committed copy is kept
    as the earlier version; otherwise run it before editing, and the file as it is now is kept.
    """
    from ..authoring.revise import revise_record

    folder = records_folder(records)
    with as_click_errors():
        result = revise_record(folder.find(record_id), folder.root, message, author=author)
    earlier = result.version - 1
    click.echo(f"{record_id}: now version {result.version}; version {earlier} ({result.kept_from}) kept at {result.history}")


def _interactive(no_input: bool) -> bool:
    return not no_input and sys.stdin.isatty()


@click.command("review")
@click.argument("record_id")
@records_option
@click.option("--reviewer", default=None, help="Reviewer's name.")
@click.option("--orcid", default=None, help="Reviewer's ORCID iD.")
@click.option("--concern", type=click.Choice(values(Concern)), help="Level of dual-use concern.")
@click.option("--assessment", default=None, help="The reasoning behind the concern level.")
@click.option("--misuse", default=None, help="Who could misuse this failure knowledge, and how.")
@click.option("--benefit", default=None, help="The benefit of publishing it.")
@click.option("--framing-sufficient/--framing-insufficient", default=None, help="Whether contextual framing suffices.")
@click.option("--framing", default=None, help="Framing statement shown with the record.")
@click.option("--decision", type=click.Choice(values(ReviewDecision)), help="The decision.")
@click.option("--embargo-until", default=None, help="End of the embargo (YYYY-MM-DD), for --decision embargo.")
@click.option("--no-input", is_flag=True, help="Never prompt; take every answer from the flags.")
def review(record_id: str, records: str | None, no_input: bool, **answers: Any) -> None:
    """Walk a reviewer through the dual-use assessment of RECORD_ID and record the decision.

    Asks who could misuse the failure knowledge and how, the benefit of publishing it, and whether
    contextual framing suffices; records the reviewer, the date and the decision, and sets the
    record's disclosure (public, restricted or embargoed) from it.
    """
    import datetime as dt

    from ..authoring.ask import Asker
    from ..authoring.person import Person
    from ..authoring.review import ReviewInput, ask_review, record_review

    given = ReviewInput(reviewer=Person(name=answers.pop("reviewer"), orcid=answers.pop("orcid")), **answers)
    folder = records_folder(records)
    with as_click_errors():
        found = folder.find(record_id)
        today = dt.date.today()
        result = ask_review(found.data, given, Asker(_interactive(no_input)), today)
        path = record_review(found, result)
    decision = result["reviewers"][-1]["decision"]
    click.echo(f"{record_id}: review recorded ({decision}); disclosure is now {result['disclosure']} in {path}")


# Shortcut flags of `nrr new` for the fields every template asks for.
# Answers of an unfinished `nrr new`, hidden in the records folder (validate and build skip hidden files).
DRAFT_FILE = ".nrr-new-draft.json"
SHORTCUTS = {
    "title": "title",
    "summary": "summary",
    "problem": "problem.statement",
    "hypothesis": "hypothesis.statement",
    "result": "results.summary",
    "explanation": "interpretation.explanation",
}


def _parse_sets(pairs: tuple[str, ...]) -> dict[str, Any]:
    import yaml

    given: dict[str, Any] = {}
    for pair in pairs:
        path, sep, raw = pair.partition("=")
        if not sep or not path.strip():
            raise click.BadParameter(f"{pair!r} is not PATH=VALUE (e.g. methods.seeds='[0, 1, 2]')", param_hint="--set")
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        # Besides syntax errors, PyYAML's constructors raise their own: ValueError for a date that is
        # not one (2026-02-30), OverflowError for a year past 9999.
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise click.BadParameter(
                f"{pair!r}: VALUE is read as YAML, and this is not: {_yaml_problem(exc)}", param_hint="--set"
            ) from None
        # YAML reads dates, yes/no, null and `#` comments its own way: plain text stays as typed.
        # Quoted text loses its quotes, as in YAML: that is how text YAML would misread is given.
        quoted = raw.strip()[:1] in ("'", '"')
        if (
            isinstance(value, bool)
            or not isinstance(value, list | dict | int | float | str)
            or (isinstance(value, str) and not quoted)
        ):
            value = raw
        given[path.strip()] = value
    return given


def _yaml_problem(exc: Exception) -> str:
    """One line saying what YAML could not read, and what to give instead."""
    import yaml

    if not isinstance(exc, yaml.YAMLError):  # a constructor's: the value reads as a date, of no real day
        return f"{exc}; give a real date, YYYY-MM-DD"
    problem = exc.problem if isinstance(exc, yaml.MarkedYAMLError) and exc.problem else " ".join(str(exc).split())
    return f"{problem}; quote text that YAML would misread, e.g. --set 'results.summary=\"failed: twice\"'"


@click.command("new")
@click.option("--template", "-t", default="full", show_default=True, help="full, applied, tiny, replication or automated.")
@click.option("--from", "from_log", type=LogFile(), help="Start from one row of an experiment log.")
@click.option("--row", type=int, help="With --from: the 1-based data row of the experiment.")
@click.option("--id", "record_id", help="Record id (default: from the title).")
@click.option("--title", help="Title, stating the negative finding.")
@click.option("--summary", help="Abstract in a few sentences.")
@click.option("--problem", help="The problem the work set out to solve.")
@click.option("--hypothesis", help="The hypothesis as tested.")
@click.option("--result", help="The negative outcome in one or two sentences.")
@click.option("--explanation", help="Why it failed.")
@click.option("--author", help="Your name, as it should appear in citations.")
@click.option("--orcid", help="Your ORCID iD.")
@click.option("--affiliation", help="Your institution.")
@click.option("--license", "licence", help="SPDX licence id of the record text [default: CC-BY-4.0].")
@click.option("--concern", type=click.Choice(values(Concern)), help="Dual-use concern [default: none].")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", help="Any field by dotted path; VALUE is YAML.")
@click.option("--capture-env", is_flag=True, help="Fill the reproducibility appendix from this machine and folder.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True, help="File format.")
@click.option("--out", "--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of <records>/<id>.<format>.")
@records_option
@click.option("--force", is_flag=True, help="Overwrite an existing record with the same id.")
@click.option("--no-input", is_flag=True, help="Never prompt; take every answer from the flags.")
def new(**opts: Any) -> None:
    """Create a new negative-result record, asking for each field (or from flags with --no-input).

    Each prompt shows the field's description and an example from the standard, and an answer
    that does not fit the field is asked again. Nothing is written until the record validates;
    Ctrl-C leaves no file behind.
    """
    from pathlib import Path

    from ..authoring.ask import Asker
    from ..authoring.new import NewOptions, build_record, write_new
    from ..authoring.person import Person

    given = _parse_sets(opts["sets"])
    given |= {path: opts[name] for name, path in SHORTCUTS.items() if opts[name] is not None}
    options = NewOptions(
        template=opts["template"],
        given=given,
        record_id=opts["record_id"],
        author=Person(name=opts["author"], orcid=opts["orcid"], affiliation=opts["affiliation"]),
        license=opts["licence"],
        concern=opts["concern"],
        capture_env=opts["capture_env"],
        from_log=Path(opts["from_log"]) if opts["from_log"] else None,
        row=opts["row"],
        force=opts["force"],
        flags={path: f"--{name}" for name, path in SHORTCUTS.items()},
    )
    # A new record goes to records/ (created with the first record) unless told otherwise, so that
    # `nrr validate records/` finds it.
    root = Path(opts["records"])
    asker = Asker(_interactive(opts["no_input"]), draft=root / DRAFT_FILE)
    try:
        with as_click_errors():
            asker.resume()
            record = build_record(options, asker, root)
            path = write_new(record, root, fmt=opts["fmt"], out=Path(opts["out"]) if opts["out"] else None, force=opts["force"])
    except SystemExit:
        if asker.answers:
            click.echo(f"Your answers are kept in {root / DRAFT_FILE}: run `nrr new` again to resume.", err=True)
        raise
    asker.finished()
    click.echo(f"wrote {record['id']} to {path}")
    if record.get("dual_use", {}).get("disclosure") == Disclosure.restricted:
        click.echo(f"dual-use concern is {record['dual_use']['concern']}: restricted until `nrr review {record['id']}`")
