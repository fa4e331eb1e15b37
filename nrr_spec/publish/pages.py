"""Record and browse pages, rendered with jinja2 into the theme's page frames."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .. import urls
from ..model import Record, RelatedRecord
from ..model.results import Uncertainty
from ..model.vocabulary import FailureClass, Relation, enums
from ..resources import site_templates_dir
from . import text
from .citations import CITE_BOX, COLLECTION_FILES, citation_line, download_href, export, file_name
from .collect import Catalogue, Entry, is_negative_result
from .config import SiteConfig
from .facets import label, row_meta
from .live_parts import heading, live
from .patches import patch_view
from .plots import outcome_plots
from .sessions import gather_sessions, session_slug
from .shell import Frame, favicon
from .template_cache import bytecode_cache

INVERSE = {
    Relation.replicates.value: "replicated by",
    Relation.fails_to_replicate.value: "failed replication by",
    Relation.contradicts.value: "contradicted by",
    Relation.extends.value: "extended by",
    Relation.supersedes.value: "superseded by",
    Relation.similar_to.value: "similar to",
    Relation.tests.value: "tested by",
}


def _incoming_not_said(entry: Entry) -> list[tuple[Record, RelatedRecord]]:
    """Links other records make to this one, less those that repeat a symmetric link it makes itself:
    when A is similar to B and B to A, A's page says it once."""
    said = {(other.id, str(rel.relation)) for other, rel in entry.outgoing}
    return [
        (other, rel)
        for other, rel in entry.incoming
        if not ((other.id, str(rel.relation)) in said and INVERSE.get(str(rel.relation)) == label(str(rel.relation)))
    ]


def _clause(text_: str, last: bool = False) -> str:
    """A description joined to the next by ';': its own closing full stop would read '.;'."""
    return text_ if last or not text_.endswith(".") or text_.endswith("..") else text_[:-1]


def _num(value: float | int | None) -> str:
    return "" if value is None else text.plain(value)


def _uncertainty(unc: Uncertainty | None) -> str:
    if unc is None:
        return ""
    level = f" {unc.level:.0%}" if unc.level else ""
    if unc.value is not None:
        return f"± {_num(unc.value)} ({unc.kind}{level})"
    if unc.lower is not None and unc.upper is not None:
        return f"[{_num(unc.lower)}, {_num(unc.upper)}] ({unc.kind}{level})"
    return str(unc.kind)


def _signed(value: float | int | None) -> str:
    """A difference with its sign always shown: +0.0014, -0.02."""
    return "" if value is None else ("+" if value > 0 else "") + text.plain(value)


# A crash's class says where it failed: "crash (crash infra)" would say crash twice.
_CRASH_PLACE = {FailureClass.crash_code.value: "in the code", FailureClass.crash_infra.value: "in the environment"}


def _failure_label(value: object) -> str:
    """A failure class as an experiment's decision reads it, after the outcome."""
    return _CRASH_PLACE.get(str(value)) or label(str(value))


# Pages with at least this many sections get a list of them under the title.
CONTENTS_MIN = 5
_SECTION = re.compile(r'<h2 id="([^"]+)">([^<]+)</h2>')


def with_contents(body: str) -> str:
    """The record body with its "On this page" list in place of the marker, when the page is long."""
    sections = _SECTION.findall(body)
    if len(sections) < CONTENTS_MIN:
        return body.replace(TOC_MARK, "", 1)
    items = "".join(f'<li><a href="#{anchor}">{name}</a></li>' for anchor, name in sections)
    nav = (
        '<nav class="nrr-toc" aria-label="On this page" data-pagefind-ignore>'
        f'<span class="nrr-label">On this page</span><ul>{items}</ul></nav>'
    )
    return body.replace(TOC_MARK, nav, 1)


TOC_MARK = "<!--nrr-toc-->"


def _summary(entry: Entry) -> str:
    words = text.oneline(entry.record.summary or entry.record.results.summary)
    return words if len(words) <= 280 else words[:279].rsplit(" ", 1)[0] + "…"


_JOINS = re.compile(r"([_.])(?=[^_.])")


def breakable(name: object) -> Markup:
    """A long identifier that a narrow column may wrap after its underscores and dots
    (`value_mix_first_<wbr>init`), never between two letters of one word."""
    return Markup(_JOINS.sub(r"\1<wbr>", str(escape(str(name)))))  # noqa: S704 - escaped before the tags go in


# The filters the templates call, by the name they call them.
FILTERS: dict[str, Callable[..., object]] = {
    "md": text.markdown,
    "md_inline": text.markdown_inline,
    "label": lambda v: label(str(v)) if v is not None else "",
    "inverse": lambda v: INVERSE.get(str(v), str(v)),
    "num": _num,
    "uncertainty": _uncertainty,
    "plain": text.plain,
    "summary": _summary,
    "signed": _signed,
    "row_meta": row_meta,
    "oneline": text.oneline,
    "clause": _clause,
    "failure_label": _failure_label,
    "breakable": breakable,
    "nobreak": lambda v: str(v).replace(" ", "\u00a0"),  # one fact of a row's line, kept whole when it wraps
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The jinja2 environment: autoescaping on for every template, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(str(site_templates_dir())),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache(),
    )
    env.filters.update(FILTERS)
    env.globals["link"] = text.link
    env.globals["record_path"] = urls.record_path  # every link to a record or a session is built by `urls`
    env.globals["session_path"] = urls.session_path
    env.globals.update(live=live, heading=heading)  # parts of narrative pages filled in after mkdocs (live_parts.py)
    # The standard's words, each enum under its class name (`Status.retracted`): templates never restate them.
    env.globals.update(enums())
    # The citation formats as the format table lists them, for the narrative pages.
    env.globals["cite_box_labels"] = [name for _, name in CITE_BOX]
    env.globals["citation_files"] = COLLECTION_FILES
    return env


def _quality(record: Record) -> Any:
    from ..quality import score_record

    return score_record(record)


@dataclass
class RecordPage:
    """One rendered record page and the files that go beside it."""

    html: str
    files: dict[str, str]


class RecordRenderer:
    """Renders record pages; one instance per build holds the templates and the frames."""

    def __init__(self, config: SiteConfig, frames: dict[str, Frame]) -> None:
        env = environment()
        self.config = config
        self.frames = frames
        self.body = env.get_template("record.html")
        self.head = env.get_template("head.html")
        self.pointer = env.get_template("alias.html")
        # Every page names the site's icon (without one, browsers ask for /favicon.ico, which is
        # not there); the pointer pages sit at records/<id>/v<N>/.
        self.pointer_icon = "../../../" + favicon(config)
        self.quality: Callable[[Record], Any] = _quality

    def render(self, entry: Entry, record: Record | None = None, *, numbered: bool = False) -> RecordPage:
        """The latest version at records/<id>/ (or, `numbered`, at records/<id>/v<N>/), or an earlier one.

        Only the plain address of the latest version is marked for the search index; the numbered
        copy of the latest version names the plain address as canonical.
        """
        latest = entry.record
        record = record or latest
        old = record is not latest
        deep = old or numbered
        root = "../../../" if deep else "../../"
        base = self.config.site_url
        here = urls.record_path(record.id, record.version if old else None)
        canonical = (base + here) if base else None
        cites = []
        for fmt, name in CITE_BOX:
            cited = export(record, fmt, base)
            cites.append(
                {"fmt": fmt, "name": name, "text": cited, "file": file_name(record, fmt), "href": download_href(cited, fmt)}
            )
        version_links = {n: root + urls.record_path(record.id, n) for n in entry.versions}
        version_links[latest.version] = root + urls.record_path(record.id, latest.version)
        context = {
            "r": record,
            "root": root,
            "indexed": not deep,
            "old_version": old,
            "latest_href": root + urls.record_path(record.id),
            "latest_version": latest.version,
            "plot": outcome_plots(record.results.outcomes),
            "outgoing": entry.outgoing if not old else [],
            "incoming": _incoming_not_said(entry) if not old else entry.incoming,
            "quality": self.quality(record),
            "version_links": {n: h for n, h in sorted(version_links.items()) if n != record.version},
            "revised": {rev.version for rev in record.revisions},
            "citation": citation_line(record, self.config),
            "cites": cites,
            "session_href": root + urls.session_path(session_slug(record.experiment.session))
            if record.experiment and record.experiment.session
            else None,
            "patch": patch_view(record.reproducibility.code.patch)
            if record.reproducibility and record.reproducibility.code and record.reproducibility.code.patch
            else None,
        }
        date = record.created or entry.first_date
        description = _summary(entry) if not old else text.oneline(record.summary or record.results.summary)[:280]
        head = self.head.render(
            r=record,
            canonical=canonical,
            date=date,
            publisher=self.config.publisher or self.config.title,
            jsonld=text.script_json(export(record, "jsonld", base)),
        )
        frame = self.frames["version" if deep else "record"]
        body = with_contents(self.body.render(context))
        html = frame.render(
            record.title + (f" (version {record.version})" if old else ""),
            body,
            head,
            description=description,
            url=canonical,
            kind="article",
        )
        files = {f"{record.id}.json": record.model_dump_json(indent=2, by_alias=True, exclude_none=True) + "\n"}
        return RecordPage(html, files)

    def alias(self, record: Record) -> str:
        """records/<id>/v<latest>/: a pointer to the plain address, so a citation of "vN" keeps resolving.

        A redirect rather than a second copy of the page: half the work at 100,000 records, and search
        engines and reference managers see one canonical page.
        """
        canonical = urls.record_url(self.config.site_url, record.id) or "../"
        return self.pointer.render(r=record, canonical=canonical, icon=self.pointer_icon)


def record_row(entry: Entry, root: str) -> str:
    """A record's row in a list (the macro the browse and session pages share), as HTML."""
    return str(environment().get_template("macros.html").module.record_row(entry, root))  # type: ignore[attr-defined]


def render_browse(
    entries: list[Entry],
    frame: Frame,
    *,
    page: int,
    pages: int,
    total: int,
    page_size: int,
    row: Callable[[Entry, str], str] = record_row,
) -> str:
    """One static browse page: `page` from 1; page 1 lives at browse/, page N at browse/N/. `row`
    makes each record's row (a rebuild takes unchanged rows from the cache)."""
    root = "../" if page == 1 else "../../"
    body = (
        environment()
        .get_template("browse.html")
        .render(
            heading="Catalogue",
            rows=[Markup(row(entry, root)) for entry in entries],  # noqa: S704 (made by the template's own macro)
            root=root,
            page=page,
            pages=pages,
            total=total,
            first=(page - 1) * page_size + 1,
            page_size=page_size,
            record_path_template=urls.record_path_template(),
        )
    )
    return frame.render("Catalogue" if page == 1 else f"Catalogue, page {page}", body)


def front_page_context(catalogue: Catalogue) -> dict[str, Any]:
    """What the narrative pages say about the catalogue: counts of negative results, never of kept changes."""
    negative = [e for e in catalogue.entries if is_negative_result(e.record)]
    sessions = gather_sessions(catalogue)
    people = {a.name for e in negative for a in e.record.authors}
    labs = {a.affiliation for e in negative for a in e.record.authors if a.affiliation}
    classes = {str(x.failure_class) for e in negative if (x := e.record.experiment) and x.failure_class}
    causes = {str(c.category) for e in negative if e.record.interpretation for c in e.record.interpretation.causes}
    return {
        "total": len(negative),
        "published": len(catalogue),
        "context_rows": len(catalogue.context),
        "latest": negative[:8],
        "sessions": sessions[:5],
        "session_count": len(sessions),
        "people": len(people),
        "labs": len(labs),
        "failure_kinds": len(classes | causes),
    }


def render_narrative(name: str, **context: Any) -> str:
    """A narrative page's Markdown, from its template (values escaped for HTML)."""
    return environment().get_template(f"narrative/{name}").render(**context)


__all__ = ["RecordPage", "RecordRenderer", "front_page_context", "render_browse", "render_narrative"]
