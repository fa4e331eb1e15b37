"""Conversion streams: memory does not grow with the log, and streaming changes no byte of the output."""

from __future__ import annotations

import io
import json
import random
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrr_spec.convert import spool as spool_module
from nrr_spec.convert import survey as survey_module
from nrr_spec.convert.encoding import decode
from nrr_spec.convert.output import write_jsonl
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes, iter_log
from nrr_spec.convert.reader import LogSource
from nrr_spec.convert.survey import Survey

TEMPLATES = [
    "increase LR to 0.0{i}",
    "WARMDOWN_RATIO=0.{i}",
    "switch to GeLU activation",
    "add dropout 0.{i}",
    "DEPTH={i} (too slow)",
    "remove value embeddings",
    "Adam beta2 0.9 to 0.95 - worse",
]


def _log(rows: int, seed: int = 3, repeat_commits: bool = False) -> str:
    rng = random.Random(seed)
    lines = ["commit\tval_bpb\tmemory_gb\tstatus\tdescription", "0000000\t1.000000\t44.0\tkeep\tbaseline"]
    best = 1.0
    for i in range(1, rows):
        status = rng.choice(["keep", "discard", "discard", "discard", "crash"])
        value = 0.0 if status == "crash" else best * (1 + rng.uniform(-0.004, 0.01))
        if status == "keep":
            best = min(best, value)
        commit = f"{rng.randrange(50):07x}" if repeat_commits else f"{i:07x}"
        text = rng.choice(TEMPLATES).format(i=rng.randint(1, 9))
        lines.append(f"{commit}\t{value:.6f}\t44.0\t{status}\t{text}")
    return "\n".join(lines) + "\n"


def _jsonl(raw: bytes, name: str = "results.tsv") -> str:
    result = convert_bytes(raw, name)
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result.records)


def _peak(path: Path) -> int:
    tracemalloc.start()
    try:
        _, records = iter_log(path, ConvertOptions())
        write_jsonl(records, _Null())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class _Null(io.StringIO):
    def write(self, text: str) -> int:
        return len(text)


@pytest.mark.slow
def test_peak_memory_does_not_grow_with_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool_module, "IN_MEMORY", 64 * 1024)  # both logs' rows wait on disk, as a long log's do
    small, large = tmp_path / "small.tsv", tmp_path / "large.tsv"
    small.write_text(_log(4_000), encoding="utf-8")
    large.write_text(_log(24_000), encoding="utf-8")
    _peak(small)  # caches and lazy imports filled once
    grown = _peak(large) - _peak(small)
    # 20,000 more rows: the metric values (8 bytes a row) and noise; rows held as objects took over 1 kB each.
    assert grown < 1_000_000, grown


def test_a_spool_on_disk_gives_the_same_records_as_one_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _log(3_000).encode()
    in_memory = _jsonl(raw)
    monkeypatch.setattr(spool_module, "IN_MEMORY", 1024)
    monkeypatch.setattr(spool_module, "BATCH", 7)
    assert _jsonl(raw) == in_memory


def test_repeated_commits_get_row_ids_however_the_first_pass_hashes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _log(500, repeat_commits=True).encode()
    ids = [json.loads(line)["id"] for line in _jsonl(raw).splitlines()]
    assert len(ids) == len(set(ids)) and any("-r" in i for i in ids)
    monkeypatch.setattr(survey_module, "_BITS", 8)  # every commit collides with another in the bitmap
    assert [json.loads(line)["id"] for line in _jsonl(raw).splitlines()] == ids


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), max_size=60))
def test_the_spread_is_the_exact_percentile_range(values: list[float]) -> None:
    survey = Survey()
    survey.values.extend(values)
    ordered = sorted(values)
    expected = ordered[int(len(values) * 0.9)] - ordered[int(len(values) * 0.1)] if len(values) >= 5 else None
    assert survey.spread() == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600) | st.text(max_size=300).map(lambda t: ("\ufeff" + t).encode("utf-8")))
def test_lines_are_decoded_as_the_whole_file_would_be(raw: bytes) -> None:
    whole = [(n, line.rstrip("\r\n")) for n, line in enumerate(io.StringIO(decode(raw)), start=1)]
    # (a last line of nothing but NUL characters is an empty line here and no line there: blank either way)
    assert [item for item in LogSource(raw=raw).lines() if item[1]] == [item for item in whole if item[1]]


def test_a_second_pass_stops_where_the_first_ended_and_notices_a_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "results.tsv"
    path.write_bytes(b"a\tb\nc\td\n")
    source = LogSource(path=path)
    first = list(source.lines())
    with path.open("ab") as handle:  # the loop appends a row meanwhile
        handle.write(b"e\tf\n")
    assert list(source.lines()) == first and not source.changed
    path.write_bytes(b"x\ty\nz\tw\n")
    list(source.lines())
    assert source.changed


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([0.0, 1.0, 5e-324, -2.5])),
        min_size=1,
        max_size=400,
    ),
    st.data(),
)
def test_order_statistics_are_exact_when_the_values_are_narrowed_on_disk(values: list[float], data: st.DataObject) -> None:
    from nrr_spec.convert.survey import Values

    class Tiny(Values):  # narrow after a handful of values, in chunks of a few, so every path runs
        CHUNK, BUCKETS, SMALL = 8, 4, 6

    tiny = Tiny()
    tiny.extend(values)
    k = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    try:
        assert tiny.select(k) == sorted(values)[k]
    finally:
        tiny.close()


def test_a_percentile_of_many_values_takes_a_pass_or_two() -> None:
    from nrr_spec.convert.survey import Values

    rng = random.Random(5)
    values = Values()
    numbers = [rng.uniform(0.9, 1.1) for _ in range(150_000)] + [1e-6, 250.0]
    values.extend(numbers)
    try:
        assert values.select(15_000) == sorted(numbers)[15_000] and values.passes <= 2
    finally:
        values.close()
