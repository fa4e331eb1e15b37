"""Fuzz: hostile input against the validator, its reporters and the log converter, for many examples.

Each example is checked end to end: parsed, validated, shown by every reporter (the output must
encode as UTF-8), and read as a log by the converter (whose records must encode too). Nothing
may raise. Inputs come from five strategies: arbitrary bytes; JSON and YAML records with YAML
tags; lone surrogate escapes; integers far past 64 bits (and past Python's 4,300 digits); and
nesting from 90 to 400 levels. Unlike a unit test, the run goes on after a failure: every kind
of failure is counted, with the smallest input that raised it.

    python bench/fuzz_bad_input.py [--examples 20000] [--seed N]  (a seed repeats a run exactly)

The baseline is the same run on the unfixed code: the adversarial sweep that filed these bugs
hit 525 failures in 26,020 examples.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nrr_spec.convert.pipeline import convert_bytes  # noqa: E402
from nrr_spec.io import parse_bytes  # noqa: E402
from nrr_spec.lint.engine import Linter  # noqa: E402
from nrr_spec.lint.reporters import REPORTERS, get_reporter  # noqa: E402

TAGS = [
    "!!set",
    "!!binary",
    "!!omap",
    "!!pairs",
    "!!timestamp",
    "!!float",
    "!!int",
    "!!str",
    "!!null",
    "!!bool",
    "!!python/object:os.system",
    "!local",
    "!<tag:yaml.org,2002:set>",
    "!!merge",
    "!!seq",
    "!!map",
]
SURROGATES = ["\\ud800", "\\udfff", "\\uD83D", "\\ude00", "\\ud83d\\ude00", "\\U0000d800", "\\U00110000", "\\x80", "\\u0000"]
SEPARATORS = ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r", "\t"]
KEYS = ["schema_version", "id", "title", "version", "authors", "extensions", "experiment", "results", "keywords", "summary"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)


@st.composite
def huge_number(draw: st.DrawFn) -> str:
    digits = draw(st.sampled_from([19, 20, 40, 300, 4299, 4301, 6000]))
    sign = draw(st.sampled_from(["", "-"]))
    form = draw(st.sampled_from(["dec", "hex", "under", "float"]))
    if form == "hex":
        return f"{sign}0x" + "F" * max(17, digits // 4)
    if form == "under":
        return sign + "_".join(["999"] * (digits // 3))
    if form == "float":
        return f"{sign}1{'0' * min(digits, 400)}.5"
    return sign + "9" * digits


@st.composite
def deep(draw: st.DrawFn, fmt: str) -> str:
    levels = draw(st.integers(min_value=90, max_value=400))
    kind = draw(st.sampled_from(["list", "dict", "block"]))
    if kind == "block" and fmt == "yaml":
        return "\n" + "".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "x"
    if kind == "dict":
        return '{"a": ' * levels + "1" + "}" * levels
    return "[" * levels + "]" * levels


@st.composite
def hostile_value(draw: st.DrawFn, fmt: str) -> str:
    choice = draw(st.sampled_from(["tag", "surrogate", "number", "deep", "separator", "plain"]))
    if choice == "tag":
        tag = draw(st.sampled_from(TAGS))
        body = draw(st.sampled_from(["{a, b}", "aGVsbG8=", "[a: 1, b: 2]", "2025-01-01", "1", "x", "[1, 2]", ""]))
        return f"{tag} {body}" if fmt == "yaml" else f'"{tag} {body}"'
    if choice == "surrogate":
        text = draw(st.text(max_size=8).map(lambda t: t.replace('"', "").replace("\\", "")))
        return '"' + text + draw(st.sampled_from(SURROGATES)) + '"'
    if choice == "number":
        return draw(huge_number())
    if choice == "deep":
        return draw(deep(fmt))
    if choice == "separator":
        return json.dumps("a" + draw(st.sampled_from(SEPARATORS)) + "b", ensure_ascii=False)
    return json.dumps(draw(json_values), ensure_ascii=draw(st.booleans()))


@st.composite
def hostile_document(draw: st.DrawFn) -> tuple[bytes, str]:
    fmt = draw(st.sampled_from(["json", "yaml", "jsonl"]))
    pairs = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        key = draw(st.sampled_from(KEYS) | st.sampled_from(["\\ud800", "1", "null", "true", "? [a]", "<<", "a", "a"]))
        pairs.append((key, draw(hostile_value("json" if fmt != "yaml" else "yaml"))))
    if fmt == "yaml":
        text = "".join(f'"{k}": {v}\n' if k.startswith("\\") else f"{k}: {v}\n" for k, v in pairs)
    else:
        text = "{" + ", ".join(f'"{k}": {v}' for k, v in pairs) + "}"
        if fmt == "jsonl":
            text = "\n".join([text] * draw(st.integers(min_value=1, max_value=3))) + "\n"
    return text.encode("utf-8", "surrogatepass"), fmt


inputs = st.one_of(
    st.tuples(st.binary(max_size=3000), st.sampled_from(["json", "yaml", "jsonl"])),
    hostile_document(),
)


class Tally:
    def __init__(self) -> None:
        self.examples = 0
        self.codes: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.smallest: dict[str, tuple[bytes, str, str]] = {}

    def fail(self, where: str, raw: bytes, fmt: str) -> None:
        exc_type, exc, _ = sys.exc_info()
        key = f"{where}: {exc_type.__name__ if exc_type else '?'}: {str(exc)[:100]}"
        self.failures[key] += 1
        if key not in self.smallest or len(raw) < len(self.smallest[key][0]):
            self.smallest[key] = (raw, fmt, traceback.format_exc(limit=-3))


def check(raw: bytes, fmt: str, tally: Tally) -> None:
    tally.examples += 1
    try:
        documents, failures = parse_bytes(raw, f"fuzz.{fmt}", fmt)
        report = Linter().run(documents, failures, files=1)
        tally.codes.update(d.code for d in report.diagnostics)
        assert all(d.line is None or d.line >= 1 for d in report.diagnostics), "a position before line 1"
    except Exception:
        tally.fail("validate", raw, fmt)
        return
    for name in REPORTERS:
        try:
            out = io.StringIO()
            get_reporter(name)(report, out, color=False, strict=False)
            out.getvalue().encode("utf-8")
        except Exception:
            tally.fail(f"reporter {name}", raw, fmt)
    try:
        converted = convert_bytes(raw, "fuzz.jsonl" if fmt == "jsonl" else "results.tsv")
        for record in converted.records:
            json.dumps(record, ensure_ascii=False).encode("utf-8")
    except Exception:
        tally.fail("convert", raw, fmt)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: a new one each run)")
    args = parser.parse_args()
    tally = Tally()

    @settings(
        max_examples=args.examples, deadline=None, database=None, derandomize=False, suppress_health_check=list(HealthCheck)
    )
    @given(inputs)
    def run(example: tuple[bytes, str]) -> None:
        check(example[0], example[1], tally)

    if args.seed is not None:
        run = seed(args.seed)(run)
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    print(f"examples run: {tally.examples:,} in {seconds:.0f} s ({tally.examples / seconds:.0f} per second)")
    print("diagnostics seen: " + ", ".join(f"{code} {n:,}" for code, n in sorted(tally.codes.items())))
    failed = sum(tally.failures.values())
    print(f"failures: {failed:,} in {tally.examples:,} examples ({len(tally.failures)} kinds)")
    for key, count in tally.failures.most_common():
        raw, fmt, trace = tally.smallest[key]
        print(f"\n{count:>6} x {key}\n  smallest input ({fmt}, {len(raw)} bytes): {raw[:200]!r}\n{trace}")
    rate = failed / max(tally.examples, 1)
    print(f"ratio: failures per example {rate:.4f} (the sweep before the fixes: 525 / 26,020 = 0.0202)")


if __name__ == "__main__":
    main()
