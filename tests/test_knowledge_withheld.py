"""Withheld records (restricted, or embargoed until a later date) count in statistics but their ids,
text and parameters are never shown by `nrr similar | check | patterns` or any MCP tool, unless
the lab asks for them with `--include-withheld`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.knowledge import api
from nrr_spec.mcp.server import build_server

SECRETS = ("hidden-gain-1", "hidden-gain-2", "hidden-embargo-3", "hidden_gain", "FORBIDDEN-PHRASE")


def _record(
    rid: str, description: str, outcome: str, parameter: str, to: str, dual_use: dict[str, Any] | None, sequence: int
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": "1.0",
        "id": rid,
        "title": description,
        "kind": "automated_experiment",
        "experiment": {
            "outcome": outcome,
            "description": description,
            "change_category": "architecture",
            "session": "lab",
            "sequence": sequence,
            "changes": [{"parameter": parameter, "direction": "increase", "to": to}],
        },
    }
    if dual_use is not None:
        data["dual_use"] = dual_use
    return data


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    restricted = {"concern": "high", "disclosure": "restricted"}
    embargoed = {"concern": "moderate", "disclosure": "embargoed", "embargo_until": "2999-01-01"}
    ended = {"concern": "low", "disclosure": "embargoed", "embargo_until": "2000-01-01"}
    rows = [
        _record("public-depth-1", "increase depth to 10", "discard", "depth", "10", None, 1),
        _record(
            "public-depth-2", "increase depth to 12", "discard", "depth", "12", {"concern": "none", "disclosure": "public"}, 2
        ),
        _record("hidden-gain-1", "increase hidden_gain to 3 FORBIDDEN-PHRASE", "discard", "hidden_gain", "3", restricted, 3),
        _record("hidden-gain-2", "increase hidden_gain to 4 FORBIDDEN-PHRASE", "discard", "hidden_gain", "4", restricted, 4),
        _record("hidden-embargo-3", "increase depth to 14 FORBIDDEN-PHRASE", "discard", "depth", "14", embargoed, 5),
        _record("ended-embargo-4", "increase depth to 16", "keep", "depth", "16", ended, 6),
    ]
    for row in rows:
        (folder / f"{row['id']}.json").write_text(json.dumps(row), encoding="utf-8")
    return folder


def _leaks(data: object) -> list[str]:
    text = json.dumps(data)
    return [s for s in SECRETS if s in text]


def test_similar_check_and_patterns_never_show_withheld_records(records: Path) -> None:
    assert _leaks(api.similar("increase depth to 14", records_dir=records)) == []
    assert _leaks(api.similar("increase gain to 3", records_dir=records)) == []
    # "gain" would resolve to hidden_gain if withheld parameters were held; it must stay unresolved.
    advice = api.check_proposal("increase gain to 3", records_dir=records)
    assert _leaks(advice.as_dict()) == []
    advice = api.check_proposal("increase depth to 14", records_dir=records)
    assert _leaks(advice.as_dict()) == []
    # The withheld exact repeat still counts: it is said to exist, never named.
    assert advice.withheld_repeats == 1 and advice.verdict != "proceed"
    assert "1 withheld experiment(s), not shown" in advice.reason
    assert advice.groups[0].tried == 6  # statistics count every record
    assert _leaks([p.as_dict() for p in api.patterns(records_dir=records, min_tried=1)]) == []
    # An embargo that has ended is public again.
    assert any(m["id"] == "ended-embargo-4" for m in api.similar("increase depth to 16", records_dir=records))


def test_include_withheld_shows_them_for_trusted_use(records: Path) -> None:
    found = api.similar("increase hidden_gain to 3", records_dir=records, include_withheld=True)
    assert found[0]["id"] == "hidden-gain-1"
    advice = api.check_proposal("increase depth to 14", records_dir=records, include_withheld=True)
    assert advice.repeats[0]["id"] == "hidden-embargo-3"
    keys = {p.key for p in api.patterns(records_dir=records, min_tried=1, include_withheld=True)}
    assert "hidden_gain" in keys


def test_the_cli_withholds_by_default(records: Path) -> None:
    runner = CliRunner()
    for args in (
        ["similar", "increase depth to 14"],
        ["check", "increase depth to 14"],
        ["patterns", "--min-tried", "1"],
        ["check", "increase gain to 3", "--json"],
        ["similar", "gain", "--json"],
    ):
        result = runner.invoke(main, [*args, "--records", str(records)])
        assert result.exit_code == 0, result.output
        assert [s for s in SECRETS if s in result.output] == [], args
    shown = runner.invoke(main, ["similar", "increase depth to 14", "--records", str(records), "--include-withheld"])
    assert "hidden-embargo-3" in shown.output


async def _calls(records: Path, include_withheld: bool) -> list[Any]:
    server = build_server(records, include_withheld=include_withheld)
    out = []
    for name, args in (
        ("check_proposal", {"description": "increase depth to 14"}),
        ("check_proposal", {"description": "increase gain to 3"}),
        ("find_similar", {"description": "increase hidden_gain to 4"}),
        ("list_patterns", {"min_tried": 1}),
    ):
        result = await server.call_tool(name, args)
        out.append(result.structured_content)
    return out


def test_no_mcp_tool_shows_withheld_records(records: Path) -> None:
    assert _leaks(anyio.run(_calls, records, False)) == []
    assert "hidden-gain-1" in json.dumps(anyio.run(_calls, records, True))
