"""The MCP tools' arguments, tried with the official client: no coercion, no NaN, no value without
its metric, and errors an agent can act on (one line per argument: what was wrong, what is expected)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from nrr_spec.mcp.server import build_server

LESSON = {"description": "increase warmdown_ratio to 0.8", "outcome": "discard", "metric": "val_bpb"}


async def _calls(records: Path, calls: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    async with Client(build_server(records)) as client:
        return [await client.call_tool(name, arguments) for name, arguments in calls]


def _errors(records: Path, calls: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """The error text of each call; a call that did not fail is a test failure."""
    results = anyio.run(_calls, records, calls)
    for (name, arguments), result in zip(calls, results, strict=True):
        assert result.is_error, (name, arguments, result.content[0].text[:200])
    return [result.content[0].text for result in results]


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(
    ("tool", "arguments", "argument", "expected"),
    [
        ("find_similar", {"description": "warmdown", "limit": "3"}, "limit", "an integer from 1 to 100"),
        ("find_similar", {"description": "warmdown", "limit": 3.0}, "limit", "an integer from 1 to 100"),
        ("list_patterns", {"min_tried": "2"}, "min_tried", "an integer of at least 1"),
        ("check_proposal", {"description": 5}, "description", "a non-empty string"),
        ("check_proposal", {"description": "warmdown", "changes": "warmdown_ratio=0.8"}, "changes", "a list of strings"),
        ("record_experiment", {**LESSON, "value": "1.01"}, "value", "a finite number"),
        ("record_experiment", {**LESSON, "session": 3}, "session", "a string"),
    ],
)
def test_arguments_of_every_tool_are_taken_as_typed_never_coerced(
    records: Path, tool: str, arguments: dict[str, Any], argument: str, expected: str
) -> None:
    [error] = _errors(records, [(tool, arguments)])
    assert error.splitlines()[1].startswith(f"{argument}: got ")
    assert f"expected {expected}" in error
    assert not list(records.glob("*.json"))


def test_record_experiment_refuses_nan_infinity_and_a_value_without_its_metric(records: Path) -> None:
    errors = _errors(
        records,
        [
            ("record_experiment", {**LESSON, "value": math.nan}),  # the client's JSON encoder sends null
            ("record_experiment", {**LESSON, "value": math.inf}),
            ("record_experiment", {**LESSON, "baseline": -math.inf}),
            ("record_experiment", {**LESSON, "value": "NaN"}),
            ("record_experiment", {"description": "depth 12", "outcome": "keep", "value": 1.0}),
            ("record_experiment", {"description": "depth 12", "outcome": "keep", "baseline": 1.0, "direction": "lower"}),
        ],
    )
    for error in errors[:3]:
        argument = "baseline" if "baseline" in error else "value"
        assert f"{argument}: got null; expected a finite number" in error
        assert "leave it out when there is no measurement" in error
    assert 'value: got "NaN" (a string); expected a finite number' in errors[3]
    assert "value: given without metric; expected metric as well" in errors[4] and "or leave value out" in errors[4]
    assert errors[5].splitlines()[1:] == [
        "baseline: given without metric; expected metric as well (a non-empty string: "
        "the measured quantity's name, e.g. 'val_bpb'), or leave baseline out",
        "direction: given without metric; expected metric as well (a non-empty string: "
        "the measured quantity's name, e.g. 'val_bpb'), or leave direction out",
    ]
    assert not list(records.glob("*.json"))


async def _nan_unencoded(records: Path) -> str:
    """NaN as a client that writes JSON's non-standard `NaN` token delivers it."""
    from mcp.server.mcpserver.exceptions import ToolError

    with pytest.raises(ToolError) as refused:
        await build_server(records).call_tool("record_experiment", {**LESSON, "value": math.nan})
    return str(refused.value)


def test_a_nan_that_reaches_the_server_as_nan_is_refused_too(records: Path) -> None:
    assert "value: got NaN; expected a finite number" in anyio.run(_nan_unencoded, records)


def test_argument_errors_say_one_line_per_argument_what_was_wrong_and_what_is_expected(records: Path) -> None:
    [error] = _errors(records, [("find_similar", {"limit": "3", "top": 3, "changes": ["warmdown_ratio=0.8", 1]})])
    assert error.splitlines() == [
        "Invalid arguments for find_similar:",
        "description: missing; expected a non-empty string of at most 2,000 characters: the change in one line",
        "changes[1]: got 1; expected a string",
        'limit: got "3" (a string); expected an integer from 1 to 100',
        "top: not an argument of find_similar; expected one of description, changes, limit",
    ]


async def _titles(records: Path) -> dict[str, tuple[str | None, str | None]]:
    async with Client(build_server(records)) as client:
        listed = (await client.list_tools()).tools
    return {tool.name: (tool.title, tool.annotations.title if tool.annotations else None) for tool in listed}


def test_every_tool_has_a_human_title_in_the_listing_and_its_annotations(records: Path) -> None:
    titles = anyio.run(_titles, records)
    assert titles["check_proposal"] == ("Check a proposed change", "Check a proposed change")
    assert titles["record_experiment"] == ("Record a finished experiment", "Record a finished experiment")
    for name, (title, annotated) in titles.items():
        assert title and title == annotated and "_" not in title, name
