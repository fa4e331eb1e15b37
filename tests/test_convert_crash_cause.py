"""Why a crashed run broke, read from the words its log gives: the lesson names the cause instead of
saying there was none."""

from __future__ import annotations

import pytest

from nrr_spec.convert.classify import crash_cause
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes


@pytest.mark.parametrize(
    ("description", "cause"),
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
def test_the_clause_that_names_the_cause(description: str, cause: str | None) -> None:
    assert crash_cause(description) == cause


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
