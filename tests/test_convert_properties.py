"""Property tests: no input makes the converter raise, and a generated log round-trips."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nrr_spec.changes import parse_description
from nrr_spec.convert.pipeline import convert_bytes
from nrr_spec.model import Record

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _accounted(raw: bytes) -> None:
    result = convert_bytes(raw, "fuzz.tsv")
    assert result.rows_read == len(result.records) + len(result.skipped)
    for record in result.records:
        Record.model_validate(record)


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    _accounted(raw)


CELL = st.one_of(
    st.sampled_from(
        [
            "keep",
            "KEEP",
            "discard",
            "REVERT",
            "crash",
            "OOM",
            "baseline",
            "",
            "-",
            "n/a",
            "inf",
            "-999",
            "0.0",
            "~79%",
            "9.3s",
            "151K",
            "{",
            '"',
            "a1b2c3d",
            "lr=0.1",
            "x -> y",
            "→",
            "\\",
            "(",
            ")",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
ROW = st.lists(CELL, min_size=0, max_size=8).map("\t".join)
HEADER = st.sampled_from(["commit\tval_bpb\tmemory_gb\tstatus\tdescription", "commit,val_bpb,status,description", "", "{"])


@FAST
@given(HEADER, st.lists(ROW, max_size=15), st.sampled_from(["\n", "\r\n"]))
@example("", ["keep", "keep", "keep\tkeep"], "\n")  # a status-only log whose last row runs past its one column
def test_tsv_like_text_never_raises(header: str, rows: list[str], newline: str) -> None:
    _accounted(newline.join([header, *rows]).encode("utf-8"))


@FAST
@given(st.text(max_size=300))
def test_any_description_parses(text: str) -> None:
    changes, category = parse_description(text)
    assert isinstance(category, str) and category
    for change in changes:
        assert set(change) == {"parameter", "from", "to", "direction"} and change["parameter"]


PARAMS = st.sampled_from(["learning_rate", "weight_decay", "depth", "warmup_ratio", "matrix_lr", "batch_size"])
VALUES = st.decimals(min_value="0.0001", max_value="1000", places=4).map(lambda d: format(d.normalize(), "f"))
STEP = st.tuples(
    st.sampled_from(["keep", "discard", "crash"]),
    PARAMS,
    VALUES,
    st.floats(min_value=0.5, max_value=2.0, allow_nan=False).map(lambda v: round(v, 6)),
)


@FAST
@given(st.lists(STEP, min_size=1, max_size=20))
# kept values that run 1, 2, 1 look like a row counter that starts again; a column named val_bpb is a measurement
@example([("keep", "learning_rate", "0.0001", 2.0), ("keep", "learning_rate", "0.0001", 1.0)])
def test_a_generated_log_round_trips(steps: list[tuple[str, str, str, float]]) -> None:
    lines = ["commit\tval_bpb\tmemory_gb\tstatus\tdescription", "0000000\t1.0\t40.0\tkeep\tbaseline"]
    for i, (status, param, value, metric) in enumerate(steps, start=1):
        shown = "0.000000" if status == "crash" else f"{metric}"
        lines.append(f"{i:07x}\t{shown}\t40.0\t{status}\t{param.upper()}={value}")
    result = convert_bytes(("\n".join(lines) + "\n").encode(), "results.tsv")
    assert not result.skipped and len(result.records) == len(steps) + 1
    best = 1.0
    for record, (status, param, value, metric) in zip(result.records[1:], steps, strict=True):
        experiment = record["experiment"]
        assert experiment["outcome"] == status
        assert [(c["parameter"], c["to"]) for c in experiment["changes"]] == [(param, value)]
        assert experiment["metric"]["baseline"] == best
        if status == "crash":
            assert "value" not in experiment["metric"]
        else:
            assert experiment["metric"]["value"] == metric
        if status == "keep":
            best = min(best, metric)


def test_pathological_cells_convert() -> None:
    # A quadratic pattern on this 200 kB cell would take minutes; the parser reads only its start.
    raw = ("commit\tval_bpb\tstatus\tdescription\nabc1234\t1.0\tkeep\t" + "a" * 200_000 + "\n").encode()
    result = convert_bytes(raw, "results.tsv")
    assert len(result.records) == 1 and len(result.records[0]["experiment"]["description"]) == 200_000
