"""Negative results stay negative: kept and baseline experiments are context, never counted or listed
as negative results, unless a lab publishes them with --include-kept."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.model import Record
from nrr_spec.publish import SiteConfig, build_site
from nrr_spec.publish.collect import NEGATIVE_RESULT, collect, is_negative_result, record_role
from nrr_spec.publish.dashboards import charts
from nrr_spec.store import load_records

BASE = "https://lab.example.org/negative/"


@pytest.fixture(scope="module")
def mixed_records(examples_with_a_log: Callable[..., Path]) -> Path:
    """The example records plus a real converted log with kept, discarded, crashed and baseline rows."""
    return examples_with_a_log()


@pytest.fixture(scope="module")
def roles(mixed_records: Path) -> dict[str, set[str]]:
    records = [r for r in load_records(mixed_records) if r.public()]
    context = {r.id for r in records if r.experiment and r.experiment.outcome in ("keep", "baseline")}
    negative = {r.id for r in records} - context
    assert context and negative, "the input should mix kept rows and failures"
    assert any(r.experiment and r.experiment.outcome == "baseline" for r in records)
    return {"negative": negative, "context": context}


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory, mixed_records: Path) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_site([mixed_records], out, SiteConfig(base_url=BASE), search=False)
    return out


def _every_record_id_named(site: Path, ids: set[str]) -> dict[str, set[str]]:
    """Which of `ids` each published listing names."""
    facets = json.loads((site / "search" / "facets.json").read_text(encoding="utf-8"))
    meta = [
        row[0]
        for chunk in sorted((site / "search" / "meta").glob("*.json"))
        for row in json.loads(chunk.read_text(encoding="utf-8"))
    ]
    assert len(meta) == facets["n"]
    browse = "".join(p.read_text(encoding="utf-8") for p in (site / "browse").rglob("index.html"))
    listings = {
        "browse pages": set(re.findall(r'href="(?:\.\./)+records/([^/"]+)/"', browse)),
        "facet index": set(meta),
        "feed": set(re.findall(r"<id>urn:nrr:([^:<]+):v\d+</id>", (site / "feed.xml").read_text(encoding="utf-8"))),
        "sitemap": set(re.findall(r"records/([^/<]+)/</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))),
        "records.jsonl": {json.loads(line)["id"] for line in (site / "records.jsonl").read_text(encoding="utf-8").splitlines()},
        "all.bib": set(re.findall(r"^@\w+\{([^,]+),", (site / "all.bib").read_text(encoding="utf-8"), re.M)),
        "record pages": {p.name for p in (site / "records").iterdir() if (p / "index.html").is_file()},
    }
    return {name: named & ids for name, named in listings.items()}


def test_is_negative_result_by_outcome(mixed_records: Path) -> None:
    for record in load_records(mixed_records):
        outcome = record.experiment.outcome if record.experiment else None
        assert is_negative_result(record) == (outcome in (None, "discard", "crash")), record.id


# A sweep written as a loop would: a baseline, a keep, a discard, a crash, then three rows the loop
# never decided (a status it did not know, none at all, a sweep's "ok").
UNDECIDED_LOG = """commit\tval_bpb\tmemory_gb\tstatus\tdescription
a1\t1.000\t40\tkeep\tbaseline
a2\t0.990\t40\tkeep\traise LR to 0.05
a3\t1.010\t40\tdiscard\tdepth 8 to 12
a4\t0.000\t0\tcrash\tbatch 2x OOM
a5\t0.995\t40\tpending\twarmdown 0.5 to 0.7
a6\t0.985\t40\t\tweight decay 0.1 to 0.2
a7\t1.020\t40\tok\tsweep point heads 8
"""


def _convert(log: Path, out: Path) -> list[Record]:
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "-o", str(out), "--no-progress", "--no-repo"])
    assert result.exit_code == 0, result.output
    return load_records(out)


def _role_of(record: Record, **experiment: object) -> str:
    assert record.experiment is not None
    return record_role(record.model_copy(update={"experiment": record.experiment.model_copy(update=experiment)}))


def test_undecided_rows_of_a_made_up_log_are_context_not_negative_results(tmp_path: Path) -> None:
    log = tmp_path / "sweep.tsv"
    log.write_text(UNDECIDED_LOG, encoding="utf-8")
    records = _convert(log, tmp_path / "records")
    roles = {r.provenance.source.row: record_role(r) for r in records if r.provenance}
    assert roles == {
        1: "baseline",
        2: "kept",
        3: NEGATIVE_RESULT,
        4: NEGATIVE_RESULT,
        5: "undecided",
        6: "undecided",
        7: "undecided",
    }
    undecided = {r.id for r in records if record_role(r) == "undecided"}
    negative = {r.id for r in records if is_negative_result(r)}

    out = tmp_path / "site"
    build_site([tmp_path / "records"], out, SiteConfig(base_url=BASE), search=False)
    named = _every_record_id_named(out, undecided)
    assert {name: sorted(ids) for name, ids in named.items() if ids} == {}
    assert _every_record_id_named(out, negative)["facet index"] == negative
    home = (out / "index.html").read_text(encoding="utf-8")
    assert {int(n) for n in re.findall(r"<strong>(\d+)</strong>\s*negative result", home)} == {2}
    session = next((out / "sessions").glob("*/index.html")).read_text(encoding="utf-8")
    assert all(r.title in session for r in records if r.id in undecided), "undecided rows belong on the session page"

    kept = tmp_path / "with-kept"
    build_site([tmp_path / "records"], kept, SiteConfig(base_url=BASE, include_kept=True), search=False)
    assert _every_record_id_named(kept, undecided)["record pages"] == undecided
    home = (kept / "index.html").read_text(encoding="utf-8")
    assert {int(n) for n in re.findall(r"<strong>(\d+)</strong>\s*negative result", home)} == {2}


def test_dashboards_count_no_undecided_row_as_tried_or_decided(tmp_path: Path) -> None:
    log = tmp_path / "sweep.tsv"
    log.write_text(UNDECIDED_LOG, encoding="utf-8")
    records = _convert(log, tmp_path / "records")
    for path in (tmp_path / "records").glob("*.json"):  # every row dated, as git dates them
        path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), "created": "2026-03-08"}), encoding="utf-8")
    panels = {chart["title"]: chart for chart in charts(collect([tmp_path / "records"]))}
    never = panels["Change categories that never improved"]["bars"]
    failed = [r for r in records if is_negative_result(r)]
    assert sum(bar.value for bar in never) == len(failed) == 2  # the discard and the crash, never the undecided rows
    months = panels["Outcomes of automated experiments over time"]["bars"]
    assert [bar.segments for bar in months] == [(1, 1, 1)]  # discard, crash, keep (the baseline and the undecided rows: none)


def test_an_undecided_row_someone_judged_a_failure_is_a_negative_result(tmp_path: Path) -> None:
    log = tmp_path / "sweep.tsv"
    log.write_text(UNDECIDED_LOG, encoding="utf-8")
    undecided = next(r for r in _convert(log, tmp_path / "records") if record_role(r) == "undecided")
    assert _role_of(undecided, failure_class="regression") == NEGATIVE_RESULT
    hand_written = undecided.model_copy(update={"provenance": None})
    assert record_role(hand_written) == NEGATIVE_RESULT  # a person published it as a negative result
    assert _role_of(undecided, outcome="discard") == NEGATIVE_RESULT
    assert _role_of(undecided, outcome="keep") == "kept"


def test_the_real_sweep_log_counts_only_its_failed_syntheses(tmp_path: Path, corpus_dir: Path) -> None:
    """The fp4 multiplier sweep marks 204 finished runs `ok` and 4 `synth_failed`: only the 4 failed."""
    log = corpus_dir / "logs" / "LonghornSilicon__fp4-multiplier__results_results.tsv"
    records = _convert(log, tmp_path / "records")
    roles = Counter(record_role(r) for r in records)
    failed = sum(1 for r in records if r.experiment and r.experiment.status_raw == "synth_failed")
    assert failed and roles[NEGATIVE_RESULT] == failed
    assert roles["undecided"] == len(records) - failed
    catalogue = collect([tmp_path / "records"])
    assert catalogue.negative_results == len(catalogue.entries) == failed
    assert len(catalogue.context) == len(records) - failed


def test_kept_and_baseline_rows_are_never_listed_as_negative_results(default_site: Path, roles: dict[str, set[str]]) -> None:
    context = _every_record_id_named(default_site, roles["context"])
    assert {name: sorted(ids) for name, ids in context.items() if ids} == {}
    negative = _every_record_id_named(default_site, roles["negative"])
    for name, ids in negative.items():
        if name not in ("feed", "browse pages"):  # the feed and the first browse pages hold the newest only
            assert ids == roles["negative"], name


def test_front_page_counts_negative_results_only(default_site: Path, roles: dict[str, set[str]]) -> None:
    home = (default_site / "index.html").read_text(encoding="utf-8")
    counts = {int(n) for n in re.findall(r"<strong>(\d+)</strong>\s*negative result", home)}
    assert counts == {len(roles["negative"])}
    latest = set(re.findall(r'href="records/([^/"]+)/"', home))
    assert latest and latest <= roles["negative"]


def test_dashboards_do_not_call_baseline_a_category_that_never_improved(default_site: Path) -> None:
    dashboards = (default_site / "dashboards" / "index.html").read_text(encoding="utf-8")
    never = dashboards.split("Change categories that never improved", 1)[1].split("</section>", 1)[0]
    assert "change_category=baseline" not in never


def test_include_kept_publishes_them_as_records_without_counting_them(
    tmp_path: Path, mixed_records: Path, roles: dict[str, set[str]]
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(mixed_records), "--out", str(out), "--no-search", "--include-kept", "--base-url", BASE, "--quiet"]
    )
    assert result.exit_code == 0, result.output
    context = _every_record_id_named(out, roles["context"])
    assert context["record pages"] == roles["context"]
    assert context["facet index"] == roles["context"]
    home = (out / "index.html").read_text(encoding="utf-8")
    assert {int(n) for n in re.findall(r"<strong>(\d+)</strong>\s*negative result", home)} == {len(roles["negative"])}


def test_include_kept_can_be_set_in_the_site_configuration(tmp_path: Path, mixed_records: Path) -> None:
    from nrr_spec.publish import ConfigError, load_site_config

    (tmp_path / "nrr-site.toml").write_text("include_kept = true\n", encoding="utf-8")
    config = load_site_config(tmp_path / "nrr-site.toml")
    assert config.include_kept is True
    assert len(collect([mixed_records], include_kept=True)) > len(collect([mixed_records]))
    (tmp_path / "nrr-site.toml").write_text('include_kept = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="include_kept must be true or false"):
        load_site_config(tmp_path / "nrr-site.toml")
