"""Creating a record: a template's questions answered on a terminal or by flags, or one row of a log.

Nothing is written until the whole record validates, and then in one atomic write, so an
interrupted session (Ctrl-C, end of input) leaves no file behind.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..io import atomic_write, dump_json, dump_yaml
from ..lint.identifiers import orcid_problem, orcid_url, spdx_check
from ..model.disclosure import default_disclosure, needs_review
from ..model.vocabulary import Concern, Status, is_record_id, values
from ..names import is_family_first, name_fields, parse_name
from ..schema import CURRENT_VERSION
from ..store import RecordNotFound, RecordsFolder
from .ask import Asker, Check, field_help, resolve, schema_check
from .person import Person
from .store import AuthoringError
from .templates import Question, Template, load_template
from .validation import require_valid

CONCERNS = values(Concern)


@dataclass
class NewOptions:
    """Everything `nrr new` can be told up front; what is missing is asked (or is an error without a terminal)."""

    template: str = "full"
    given: dict[str, Any] = field(default_factory=dict)  # dotted path -> value, from --set and the shortcuts
    record_id: str | None = None
    author: Person = field(default_factory=Person)
    license: str | None = None
    concern: str | None = None
    capture_env: bool = False
    env_folder: Path = Path(".")
    from_log: Path | None = None
    row: int | None = None
    force: bool = False
    today: dt.date | None = None
    flags: dict[str, str] = field(default_factory=dict)  # dotted path -> the flag that sets it, for messages


def slugify(text: str, limit: int = 60) -> str:
    """An id from a title: ASCII, lower case, hyphens, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug if len(slug) >= 3 else f"record-{slug}".strip("-")


def get_path(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_path(data: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value


def _label(question: Question) -> str:
    if question.label:
        return question.label
    words = question.path.replace("_", " ").split(".")
    return " ".join(words).capitalize()


def _number(schema: dict[str, Any], answer: str) -> Any:
    if schema.get("type") == "integer":
        return int(answer)
    if schema.get("type") == "number":
        return float(answer)
    return answer


def ask_question(question: Question, asker: Asker, flag: str | None = None) -> Any:
    """The answer to one template question, shaped as the field wants it (None when skipped)."""
    path, required, label = question.path, not question.optional, _label(question)
    optional = "" if required else " (optional)"
    flag = flag or f"--set {path}=VALUE"
    schema = field_help(path).schema
    if schema.get("type") == "array":
        if question.fields:
            first, *rest = question.fields
            value = asker.text(f"{label}: {first}{optional}", flag=flag, help_path=f"{path}.{first}", required=required)
            if not value:
                return None
            item = {first: value}
            for name in rest:
                extra = asker.text(f"  {name} (optional)", flag=flag, help_path=f"{path}.{name}", required=False)
                if extra:
                    item[name] = extra
            return [item]
        if question.item:
            choices = field_help(f"{path}.{question.item}").choices
            note = f"One per line, from: {', '.join(choices)}; an empty line ends the list." if choices else None
            values = asker.items(label, help_path=path, check=schema_check(f"{path}.{question.item}"), note=note)
            return [{question.item: value} for value in values] or None
        item_schema = resolve(schema["items"])
        values = asker.items(label, help_path=path, check=schema_check(path, item=True))
        if required and not values and not asker.interactive:
            raise AuthoringError(f"missing {flag}")
        return [_number(item_schema, value) for value in values] or None
    choices = field_help(path).choices
    if choices and required:
        return asker.choice(label, choices, flag=flag, default=question.default, help_path=path)
    note = f"One of: {', '.join(choices)}." if choices else None
    answer = asker.text(label + optional, flag=flag, help_path=path, default=question.default, required=required, note=note)
    return _number(schema, answer) if answer else None


def existing_path(root: Path, record_id: str) -> Path | None:
    if not root.is_dir():
        return None
    try:
        return RecordsFolder(root).find(record_id).path
    except RecordNotFound:
        return None


def _record_from_log(options: NewOptions, root: Path) -> dict[str, Any]:
    from ..convert.pipeline import ConvertOptions, convert_log

    assert options.from_log is not None
    if options.row is None:
        raise AuthoringError("--from LOG needs --row N, the 1-based data row of the experiment")
    # Anchored at the records folder, as `nrr convert --output` is: the same row gets the same id.
    result = convert_log(options.from_log, ConvertOptions(author=options.author.name, anchor=root))
    if result.errors:
        raise AuthoringError("; ".join(result.errors))
    for record in result.records:
        if record.get("provenance", {}).get("source", {}).get("row") == options.row:
            return record
    for skip in result.skipped:
        if skip.row == options.row:
            raise AuthoringError(f"row {options.row} of {options.from_log} is not an experiment: {skip.reason}")
    raise AuthoringError(f"{options.from_log} has no data row {options.row} (it has {result.rows_read})")


def _common(record: dict[str, Any], options: NewOptions, asker: Asker, root: Path, ask_all: bool) -> None:
    """Id, author, licence and the dual-use concern: asked for every template, defaulted from a log."""

    def id_form(answer: str) -> str | None:
        if not is_record_id(answer):
            return "an id is 3 to 81 lower-case letters, digits and hyphens, starting with a letter or digit"
        return None

    def id_taken(answer: str) -> str | None:
        found = existing_path(root, answer)
        return f"{answer} already exists in {found}; choose another id (or --force)" if found and not options.force else None

    default_id = options.record_id or record.get("id") or slugify(str(record.get("title", "")))
    if ask_all:
        # On a terminal a taken id is asked again; from flags, a malformed --id is the person's to fix
        # (exit 2) while a taken one is a conflict with the records already there (exit 1).
        record["id"] = asker.text(
            "Record id",
            flag="--id",
            help_path="id",
            default=default_id,
            check=(lambda answer: id_form(answer) or id_taken(answer)) if asker.interactive else id_form,
        )
    else:
        problem = id_form(default_id)
        if problem:
            raise AuthoringError(f"--id {default_id!r}: {problem}")
        record["id"] = default_id
    taken = id_taken(record["id"])
    if taken:
        raise AuthoringError(f"--id {record['id']!r}: {taken}")

    def maybe(label: str, flag: str, help_path: str | None, default: str | None, check: Check | None = None) -> str | None:
        if not ask_all:  # from a log, only what the log cannot know is asked
            return default
        return asker.text(label, flag=flag, help_path=help_path, default=default, required=False, check=check)

    name = maybe("Your name, as it should appear in citations", "--author", None, options.author.name)
    if name and not any(author.get("name") == name for author in record.get("authors", [])):
        author: dict[str, Any] = {"name": name}
        parts = parse_name(name)
        if parts.certain and record.get("schema_version") != "1.0":
            # Citations need the family name apart; stored where the name reads only one way (NRR209).
            author |= name_fields(parts)
        if parts.splits and is_family_first(name):
            asker.echo(
                f"note: {name} is read family name first, as names in Chinese, Japanese and Korean script are written: "
                f"family_names {parts.family}, given_names {parts.given}"
                + ("" if parts.certain else " (not stored: the name splits more than one way; add the parts yourself)")
                + "; if that is wrong, correct them in the record"
            )
        # Checked as it is typed (its checksum too) and stored in the URL form the validator prefers.
        orcid = maybe("Your ORCID iD", "--orcid", "authors.orcid", options.author.orcid, orcid_problem)
        orcid = orcid_url(orcid) if orcid else None
        affiliation = maybe("Your institution", "--affiliation", "authors.affiliation", options.author.affiliation)
        author |= {key: value for key, value in (("orcid", orcid), ("affiliation", affiliation)) if value}
        record["authors"] = [*record.get("authors", []), author]
    licence = maybe("Licence (SPDX id)", "--license", "license", options.license or "CC-BY-4.0", _licence_problem)
    record["license"] = licence or "CC-BY-4.0"
    concern = options.concern or Concern.none.value
    if ask_all:
        concern = asker.choice("Dual-use concern", CONCERNS, flag="--concern", default=concern, help_path="dual_use.concern")
    # A moderate or high concern starts restricted: `nrr review` decides whether and how to publish it.
    section = {
        **(record.get("dual_use") or {}),
        "concern": concern,
        "disclosure": default_disclosure(concern),
    }
    if needs_review(concern) and not section.get("assessment"):
        flag = "--set dual_use.assessment=VALUE"
        section["assessment"] = asker.text(
            "Dual-use assessment: who could misuse this, and how", flag=flag, help_path="dual_use.assessment"
        )
    record["dual_use"] = section


def _licence_problem(answer: str) -> str | None:
    check = spdx_check(answer)
    if check.syntax_error:
        return f"not an SPDX licence expression: {check.syntax_error}"
    if check.unknown:
        return f"{', '.join(check.unknown)}: not an SPDX licence id (e.g. CC-BY-4.0, MIT, CC0-1.0)"
    return None


def build_record(options: NewOptions, asker: Asker, root: Path) -> dict[str, Any]:
    """The new record as a dict, validated; raises AuthoringError with the reasons when it is not valid."""
    today = options.today or dt.date.today()
    template: Template = load_template("automated" if options.from_log and options.template == "full" else options.template)
    if options.from_log:
        record = _record_from_log(options, root)
        questions = template.from_log or template.questions
    else:
        record = copy.deepcopy(template.record)
        questions = template.questions
        asker.say(f"New record from the {template.title.lower()} template: {template.description}")
    for question in questions:
        if question.path in options.given:
            continue
        answer = ask_question(question, asker, options.flags.get(question.path))
        if answer not in (None, [], ""):
            set_path(record, question.path, answer)
    for path, value in options.given.items():
        set_path(record, path, value)
    if template.prior_work_relation:
        for reference in get_path(record, "hypothesis.prior_work") or []:
            reference.setdefault("relation", template.prior_work_relation)
    _common(record, options, asker, root, ask_all=options.from_log is None)
    record.setdefault("schema_version", CURRENT_VERSION)
    record.setdefault("status", Status.draft.value)
    record.setdefault("created", today.isoformat())
    if options.capture_env:
        from ..envcapture import capture_environment

        record["reproducibility"] = {**capture_environment(options.env_folder), **(record.get("reproducibility") or {})}
    record = _ordered(record)
    require_valid(record, "the new record does not validate; nothing was written")
    return record


def _ordered(record: dict[str, Any]) -> dict[str, Any]:
    """Top-level keys in the order the standard lists them, so new files read like the examples."""
    from ..model import Record

    order = list(Record.model_fields)
    return {key: record[key] for key in sorted(record, key=lambda k: order.index(k) if k in order else len(order))}


def write_new(record: dict[str, Any], root: Path, *, fmt: str = "yaml", out: Path | None = None, force: bool = False) -> Path:
    """Write the record atomically; an existing file or id is never overwritten without `force`."""
    existing = existing_path(root, record["id"])
    target = out or (existing if force and existing else root / f"{record['id']}.{fmt}")
    if existing and not force:
        raise AuthoringError(f"a record with id {record['id']!r} already exists in {existing}; use --force to overwrite it")
    if target.exists() and not force:
        raise AuthoringError(f"{target} already exists; use --force to overwrite it")
    suffix_format = "json" if target.suffix.lower() == ".json" else "yaml"
    target.parent.mkdir(parents=True, exist_ok=True)  # a first record creates its folder
    atomic_write(target, dump_json(record) if suffix_format == "json" else dump_yaml(record))
    return target
