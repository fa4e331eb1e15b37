"""Why a crashed run broke, read from the words its log gives: the lesson names the cause instead of
saying there was none."""

from __future__ import annotations

from table_tests import table_test

from nrr_spec.convert.classify import crash_cause
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes

test_the_clause_that_names_the_cause = table_test(
    crash_cause,
    [
        # the clause that names the cause, when the description says more than that
        ("speed up MPS path but eval timed out with batch_size=1", "eval timed out with batch_size=1"),
        ("increase LR to 0.1, loss went NaN at step 300", "loss went NaN at step 300"),
        # the cause's own words when the clause is the whole description (the lesson quotes it already)
        ("baseline timed out on MPS at ~150-176s per step", "timed out"),
        ("RuntimeError: shape mismatch in attention", "RuntimeError"),
        ("OOM exit=1", "OOM"),
        # no cause named: none made up
        ("double depth", None),
        ("eval batch_size=8 likely died at eval start", None),
    ],
)


def test_a_crash_lesson_names_the_cause_its_description_gives() -> None:
    log = (
        "commit\tval_bpb\tstatus\tdescription\n"
        "a1\t1.70\tkeep\tbaseline\n"
        "a2\t0\tcrash\tspeed up MPS path but eval timed out with batch_size=1\n"
        "a3\t0\tcrash\tdouble depth\n"
    )
    result = convert_bytes(log.encode(), "results.tsv", ConvertOptions())
    assert not result.errors
    lessons = [r["results"]["summary"] for r in result.records]
    assert "(eval timed out with batch_size=1)" in lessons[1]
    assert "no reason given" not in lessons[1]
    assert "(no reason given)" in lessons[2]


def test_a_crash_ended_by_a_bare_exit_code_says_so_and_who_ended_it() -> None:
    log = (
        "commit\tval_bpb\tstatus\tdescription\n"
        "a1\t1.70\tkeep\tbaseline\n"
        "a2\t0\tcrash\tDEPTH 8 -> 12, crashed with code 1\n"
        "a3\t0\tcrash\tcode 137\n"
        "a4\t1.75\tdiscard\tWARMUP 0.1 -> 0.2, code 1 fixed\n"
    )
    records = convert_bytes(log.encode(), "results.tsv", ConvertOptions()).records
    code, killed, discarded = (r["experiment"] for r in records[1:])
    assert "(code 1)" in code["lesson"] and code["failure_class"] == "crash_code"
    assert [c["parameter"] for c in code["changes"]] == ["depth"]  # the status is no setting
    # 137 is 128 + SIGKILL: the out-of-memory killer or a scheduler ended the run, not its code
    assert "(code 137)" in killed["lesson"] and killed["failure_class"] == "crash_infra" and not killed.get("changes")
    # outside a crash, a bare "code 1" is not read as how a run ended
    assert discarded["failure_class"] == "regression" and [c["parameter"] for c in discarded["changes"]] == ["warmup_ratio"]


def test_a_run_the_environment_refused_is_a_crash_of_the_environment() -> None:
    log = (
        "commit\tval_bpb\tstatus\tdescription\n"
        "a1\t1.70\tkeep\tbaseline\n"
        "a2\t0\tcrash\tDEPTH 8 -> 12 (infra failure: pod lost)\n"
        "a3\t0\tcrash\tWARMUP 0.1 -> 0.2, rate-limited by the provider\n"
    )
    records = convert_bytes(log.encode(), "results.tsv", ConvertOptions()).records
    assert [(r["experiment"]["outcome"], r["experiment"]["failure_class"]) for r in records[1:]] == [
        ("crash", "crash_infra"),
        ("crash", "crash_infra"),
    ]
