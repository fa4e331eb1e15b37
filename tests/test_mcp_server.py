"""`nrr mcp` with the official MCP client: spawn the server, list tools, check, record, check again."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from nrr_spec.model.vocabulary import FailureClass, values
from nrr_spec.schema import load_schema


def _nrr() -> tuple[str, list[str]]:
    """The installed `nrr` script beside this interpreter, else the module."""
    script = Path(sys.executable).with_name("nrr")
    if script.exists():
        return str(script), []
    found = shutil.which("nrr")
    return (found, []) if found else (sys.executable, ["-m", "nrr_spec.cli"])


def _payload(result: Any) -> dict[str, Any]:
    if result.structured_content is not None:
        data: dict[str, Any] = result.structured_content
        return data.get("result", data) if set(data) == {"result"} else data
    return json.loads(result.content[0].text)


async def _session_run(records: Path) -> dict[str, Any]:
    command, prefix = _nrr()
    params = StdioServerParameters(command=command, args=[*prefix, "mcp", "--records", str(records)])
    out: dict[str, Any] = {}
    with anyio.fail_after(90):
        await _talk(params, out)
    return out


async def _talk(params: StdioServerParameters, out: dict[str, Any]) -> None:
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        out["tools"] = sorted(t.name for t in (await session.list_tools()).tools)
        out["empty"] = _payload(await session.call_tool("check_proposal", {"description": "increase warmdown to 0.7"}))
        for value in (0.6, 0.7, 0.8, 0.9):
            out["recorded"] = _payload(
                await session.call_tool(
                    "record_experiment",
                    {
                        "description": f"increase warmdown_ratio to {value}",
                        "outcome": "discard",
                        "metric": "val_bpb",
                        "value": 1.01,
                        "baseline": 1.0,
                        "direction": "lower",
                        "session": "loop",
                    },
                )
            )
        for i in range(4):
            await session.call_tool("record_experiment", {"description": f"depth {8 + i}", "outcome": "keep", "session": "loop"})
        out["after"] = _payload(await session.call_tool("check_proposal", {"description": "increase warmdown to 0.95"}))
        similar = {"description": "warmdown", "changes": ["warmdown_ratio=0.8"], "limit": 2}
        out["similar"] = _payload(await session.call_tool("find_similar", similar))
        out["patterns"] = _payload(await session.call_tool("list_patterns", {"min_tried": 2}))
        out["bad"] = await session.call_tool("record_experiment", {"description": "x", "outcome": "won"})


def test_mcp_server_over_stdio_with_the_official_client(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()  # empty: "no evidence" (a folder that does not exist is an error, test_mcp_records_folder)
    out = anyio.run(_session_run, records)
    assert out["tools"] == ["check_proposal", "find_similar", "list_patterns", "record_experiment"]
    assert out["empty"]["verdict"] == "proceed"
    assert out["empty"]["reason"].startswith("no evidence")
    assert out["recorded"]["changes"][0]["parameter"] == "warmdown_ratio"
    assert Path(out["recorded"]["path"]).is_file()
    after = out["after"]
    assert after["evidence"] == 4
    assert after["reason"].startswith("increasing warmdown_ratio: 0 of 4 improved here")
    assert after["similar"][0]["description"] == "increase warmdown_ratio to 0.9"
    assert out["similar"]["similar"][0]["description"] == "increase warmdown_ratio to 0.8"
    assert any(p["statement"] == "increasing warmdown_ratio: 0 of 4 improved" for p in out["patterns"]["patterns"])
    assert out["bad"].is_error
    assert "outcome" in out["bad"].content[0].text and "'keep'" in out["bad"].content[0].text
    assert len(list(records.glob("*.json"))) == 8


async def _strictness(records: Path) -> dict[str, Any]:
    from nrr_spec.mcp.server import build_server

    server = build_server(records)
    out: dict[str, Any] = {"tools": {t.name: t for t in await server.list_tools()}, "errors": {}}
    for label, name, args in (
        ("empty", "check_proposal", {}),
        ("misspelt", "check_proposal", {"text": "lr 0.05"}),
        ("unknown", "find_similar", {"description": "lr 0.05", "top": 3}),
        ("bad outcome", "record_experiment", {"description": "lr 0.05", "outcome": "won"}),
        ("no outcome", "record_experiment", {"description": "lr 0.05"}),
    ):
        try:
            await server.call_tool(name, args)
            out["errors"][label] = None
        except Exception as exc:  # the SDK raises ToolError for invalid arguments
            out["errors"][label] = str(exc)
    return out


def test_tools_reject_unknown_and_missing_arguments_and_publish_enums(tmp_path: Path) -> None:
    out = anyio.run(_strictness, tmp_path / "records")
    errors = out["errors"]
    assert "description: missing; expected a non-empty string" in errors["empty"]
    assert "text: not an argument of check_proposal; expected one of description, changes" in errors["misspelt"]
    assert "top: not an argument of find_similar" in errors["unknown"]
    assert "outcome" in errors["bad outcome"] and "outcome" in errors["no outcome"]
    assert not (tmp_path / "records").exists() or not list((tmp_path / "records").glob("*.json"))
    tools = out["tools"]
    for tool in tools.values():
        assert tool.input_schema["additionalProperties"] is False
    record = tools["record_experiment"].input_schema["properties"]
    assert record["outcome"]["enum"] == ["keep", "discard", "crash", "baseline", "other"]
    assert {"lower", "higher"} <= set(json.dumps(record["direction"]).replace('"', " ").split())
    advice = json.dumps(tools["check_proposal"].output_schema)
    assert '"enum": ["proceed", "caution", "avoid"]' in advice
    assert f'"enum": {json.dumps(load_schema()["$defs"]["ChangeDirection"]["enum"])}' in advice  # the standard's values and order
    assert '"enum": ["keep", "discard", "crash", "baseline", "other"]' in json.dumps(tools["find_similar"].output_schema)
    reads = {name for name, tool in tools.items() if tool.annotations and tool.annotations.read_only_hint}
    assert reads == {"check_proposal", "find_similar", "list_patterns"}
    assert tools["record_experiment"].annotations.destructive_hint is False


def test_tool_arguments_take_the_api_functions_defaults_and_the_standards_enums(tmp_path: Path) -> None:
    import inspect

    from nrr_spec.mcp.server import RENAMED, TOOLS, tools

    built = {tool.name: tool.parameters for tool in tools(tmp_path)}
    assert set(built) == {spec.name for spec in TOOLS}
    for spec in TOOLS:
        api = inspect.signature(spec.call).parameters
        schema = built[spec.name]
        assert set(schema["properties"]) == {RENAMED.get(name, name) for name in spec.arguments}
        assert "description" not in schema["properties"] or "description" in schema["required"]
        for name in spec.arguments:
            if name not in spec.defaults and RENAMED.get(name, name) not in schema.get("required", []):
                assert schema["properties"][name].get("default") == api[name].default, (spec.name, name)
    record = built["record_experiment"]["properties"]
    assert record["value"]["type"] == "number"  # never null: JSON encoders write NaN as null
    assert "default" not in record["value"] and "value" not in built["record_experiment"]["required"]
    assert {"enum": list(values(FailureClass)), "type": "string"} in record["failure_class"]["anyOf"]


async def _call_new_tool(records: Path) -> dict[str, Any]:
    from mcp import Client

    from nrr_spec.mcp.server import build_server

    async with Client(build_server(records)) as client:
        listed = {tool.name: tool for tool in (await client.list_tools()).tools}
        answer = await client.call_tool("count_files", {"suffix": ".json"})
        refused = await client.call_tool("count_files", {"suffix": ".json", "folder": "/"})
    return {"listed": listed, "answer": answer.structured_content, "refused": refused.is_error}


def test_a_new_tool_is_an_api_function_and_one_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import BaseModel

    from nrr_spec.mcp import server

    def count_files(records_dir: Path, suffix: str = ".yaml", sweep_if_due: bool = True) -> dict[str, int]:
        return {"files": len(list(Path(records_dir).glob(f"*{suffix}")))}

    class Count(BaseModel):
        files: int

    entry = server.ToolSpec("count_files", count_files, ("suffix",), Count, lambda answer: answer, True, "Count files.")
    monkeypatch.setattr(server, "TOOLS", (*server.TOOLS, entry))
    records = tmp_path / "records"
    records.mkdir()
    (records / "a.json").write_text("{}", encoding="utf-8")
    out = anyio.run(_call_new_tool, records)
    schema = out["listed"]["count_files"].input_schema
    assert schema["properties"] == {"suffix": {"default": ".yaml", "title": "Suffix", "type": "string"}}
    assert out["listed"]["count_files"].annotations.read_only_hint is True
    assert out["answer"] == {"files": 1}
    assert out["refused"]  # `folder` is no argument of the tool
