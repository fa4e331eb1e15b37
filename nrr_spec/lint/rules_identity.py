"""NRR2xx: identifiers (ORCID, DOI, arXiv), SPDX licences and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..model.vocabulary import Entity
from ..names import name_fields, parse_name
from .context import RuleContext
from .identifiers import arxiv_problem, doi_problem, orcid_problem, spdx_check


def check(ctx: RuleContext) -> None:
    _names(ctx)
    _orcids(ctx)
    _dois_and_arxiv(ctx)
    _licenses(ctx)
    _dates(ctx)


def _names(ctx: RuleContext) -> None:
    """NRR209: 1.1 records state authors' names in parts; suggest the parts read from the display name."""
    if ctx.record.schema_version == "1.0":
        return  # the parts are 1.1 fields
    for i, author in enumerate(ctx.record.authors):
        if author.family_names or author.entity:
            continue
        parts = parse_name(author.name)
        pointer = f"/authors/{i}"
        if parts.entity in (Entity.software, Entity.organization) and parts.certain:
            ctx.report("NRR209", pointer, f"author {author.name!r} reads as {parts.entity}: add `entity: {parts.entity}`")
        elif parts.splits and parts.certain:
            stated = ", ".join(f"{key} {value!r}" for key, value in name_fields(parts).items() if key != "entity")
            ctx.report("NRR209", pointer, f"author {author.name!r} has no name parts; read from the name: {stated}")
        elif parts.splits:
            ctx.report(
                "NRR209",
                pointer,
                f"author {author.name!r} has no name parts, and the name splits more than one way",
                "Add given_names and family_names (and name_suffix, name_particle) as the author writes them.",
            )


def _orcids(ctx: RuleContext) -> None:
    record = ctx.record
    found: list[tuple[str, str]] = [(f"/authors/{i}/orcid", a.orcid) for i, a in enumerate(record.authors) if a.orcid]
    if record.dual_use:
        found += [(f"/dual_use/reviewers/{i}/orcid", r.orcid) for i, r in enumerate(record.dual_use.reviewers) if r.orcid]
    for pointer, value in found:
        problem = orcid_problem(value)
        if problem:
            ctx.report("NRR201", pointer, problem)
        elif not value.startswith("https://orcid.org/"):
            ctx.report("NRR202", pointer, f"ORCID iD {value!r} is not in its URL form")


def references(ctx: RuleContext) -> Iterator[tuple[str, Any]]:
    """Every Reference in the record with its pointer."""
    record = ctx.record
    for i, ref in enumerate(record.references):
        yield f"/references/{i}", ref
    if record.hypothesis:
        for i, ref in enumerate(record.hypothesis.prior_work):
            yield f"/hypothesis/prior_work/{i}", ref
    if record.methods:
        for i, baseline in enumerate(record.methods.baselines):
            if baseline.reference:
                yield f"/methods/baselines/{i}/reference", baseline.reference


def _dois_and_arxiv(ctx: RuleContext) -> None:
    record = ctx.record
    dois: list[tuple[str, str]] = [("/doi", record.doi)] if record.doi else []
    if record.methods:
        dois += [(f"/methods/datasets/{i}/doi", d.doi) for i, d in enumerate(record.methods.datasets) if d.doi]
    for base, ref in references(ctx):
        if ref.doi:
            dois.append((f"{base}/doi", ref.doi))
        if ref.arxiv:
            problem = arxiv_problem(ref.arxiv)
            if problem:
                ctx.report("NRR204", f"{base}/arxiv", problem)
            elif ref.doi and ref.doi.lower().startswith("10.48550/arxiv."):
                in_doi = ref.doi.split(".", 2)[2]
                if in_doi.split("v")[0] != ref.arxiv.split("v")[0]:
                    ctx.report(
                        "NRR203",
                        f"{base}/doi",
                        f"DOI {ref.doi!r} names arXiv {in_doi}, but `arxiv` is {ref.arxiv!r}",
                        "Make the DOI and the arXiv id name the same paper.",
                    )
    for pointer, value in dois:
        problem = doi_problem(value)
        if problem:
            ctx.report("NRR203", pointer, problem)


def _licenses(ctx: RuleContext) -> None:
    found: list[tuple[str, str]] = [("/license", ctx.record.license)] if ctx.record.license is not None else []
    if ctx.record.methods:
        datasets = ctx.record.methods.datasets
        found += [(f"/methods/datasets/{i}/license", d.license) for i, d in enumerate(datasets) if d.license is not None]
    for pointer, value in found:
        check = spdx_check(value)
        if check.syntax_error:
            ctx.report("NRR205", pointer, f"licence {value!r} is not a valid SPDX expression: {check.syntax_error}")
        if check.unknown:
            names = ", ".join(repr(u) for u in check.unknown)
            what = "is not an SPDX licence identifier" if len(check.unknown) == 1 else "are not SPDX licence identifiers"
            ctx.report("NRR205", pointer, f"licence {value!r}: {names} {what}")
        for name in check.deprecated:
            ctx.report("NRR206", pointer, f"licence id {name!r} is deprecated by SPDX")


def _dates(ctx: RuleContext) -> None:
    record = ctx.record
    found: list[tuple[str, dt.date | None]] = [("/created", record.created), ("/updated", record.updated)]
    found += [(f"/revisions/{i}/date", r.date) for i, r in enumerate(record.revisions)]
    if record.dual_use:
        found += [(f"/dual_use/reviewers/{i}/date", r.date) for i, r in enumerate(record.dual_use.reviewers)]
    if record.methods and record.methods.preregistration:
        found.append(("/methods/preregistration/date", record.methods.preregistration.date))
    # One day of slack: a record written today somewhere east of here is dated tomorrow.
    latest = ctx.today + dt.timedelta(days=1)
    for pointer, value in found:
        if value is not None and value > latest:
            ctx.report("NRR207", pointer, f"date {value.isoformat()} is in the future (today is {ctx.today.isoformat()})")
    if record.created and record.updated and record.updated < record.created:
        ctx.report("NRR208", "/updated", f"updated {record.updated.isoformat()} is before created {record.created.isoformat()}")
