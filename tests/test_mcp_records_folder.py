"""`nrr mcp --records` naming a folder that does not exist (a typo, or a loop not yet started),
tried over stdio with the official client: the read tools refuse it, saying which folder and what
to do, rather than answer "proceed"; the first record creates it and says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
from mcp import Client, ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from test_mcp_server import _nrr

from nrr_spec.mcp.server import build_server

READS = (
    ("check_proposal", {"description": "increase warmdown_ratio to 0.8"}),
    ("find_similar", {"description": "increase warmdown_ratio to 0.8"}),
    ("list_patterns", {}),
)
RECORD = {"description": "increase warmdown_ratio to 0.8", "outcome": "discard", "metric": "val_bpb", "value": 1.01}


async def _over_stdio(records: Path, cwd: Path) -> dict[str, Any]:
    command, prefix = _nrr()
    params = StdioServerParameters(command=command, args=[*prefix, "mcp", "--records", str(records)], cwd=str(cwd))
    out: dict[str, Any] = {}
    with anyio.fail_after(90):
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            out["reads"] = {name: await session.call_tool(name, arguments) for name, arguments in READS}
            out["recorded"] = await session.call_tool("record_experiment", RECORD)
            out["checked"] = await session.call_tool("check_proposal", READS[0][1])
    return out


def test_read_tools_refuse_a_records_folder_that_does_not_exist_and_the_first_record_creates_it(tmp_path: Path) -> None:
    typo = Path("recrods")  # relative, as client configurations give it: the error shows where it lands
    out = anyio.run(_over_stdio, typo, tmp_path)
    for name, result in out["reads"].items():
        text = result.content[0].text
        assert result.is_error, (name, text)
        assert f"records folder 'recrods' ({tmp_path / 'recrods'}) does not exist" in text
        assert "fix --records" in text and "record_experiment" in text
        assert '"verdict"' not in text
    recorded = out["recorded"]
    assert not recorded.is_error, recorded.content[0].text
    notes = recorded.structured_content["notes"]
    assert f"created the records folder 'recrods' ({tmp_path / 'recrods'}), which did not exist" in " ".join(notes)
    assert len(list((tmp_path / "recrods").glob("*.json"))) == 1
    assert not out["checked"].is_error
    assert out["checked"].structured_content["evidence"] == 1


async def _calls(records: Path) -> list[Any]:
    async with Client(build_server(records)) as client:
        return [await client.call_tool(name, arguments) for name, arguments in (*READS, ("record_experiment", RECORD))]


def test_a_records_folder_that_is_a_file_is_refused_by_every_tool(tmp_path: Path) -> None:
    records = tmp_path / "records.json"
    records.write_text("{}", encoding="utf-8")
    results = anyio.run(_calls, records)
    assert all(result.is_error for result in results)
    assert f"'{records}' is a file, not a records folder" in results[0].content[0].text
    assert records.read_text(encoding="utf-8") == "{}"


async def _record_in_existing(records: Path) -> Any:
    async with Client(build_server(records)) as client:
        return await client.call_tool("record_experiment", RECORD)


def test_a_record_in_a_folder_that_exists_says_nothing_about_creating_it(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    result = anyio.run(_record_in_existing, records)
    assert not result.is_error
    assert not any("created the records folder" in note for note in result.structured_content["notes"])
