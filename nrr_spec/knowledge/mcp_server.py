"""`nrr mcp`: the knowledge engine as an MCP server over stdio, on the official `mcp` SDK.

Tools: `check_proposal` (before running an experiment), `record_experiment` (after it ran: writes a
record into the records folder and indexes it), `find_similar` and `list_patterns`. Bad input comes
back as a tool error with a readable message, never as a crash of the server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import api

INSTRUCTIONS = (
    "Before running an experiment, call check_proposal with a one-line description of the change "
    "(e.g. 'increase the learning rate to 0.05'); skip or rethink it when the verdict is 'avoid'. "
    "After it ran, call record_experiment with the same description and its outcome (keep, discard or crash)."
)


def build_server(records_dir: str | Path) -> Any:
    """An `MCPServer` whose tools read and write the records in `records_dir`."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    folder = Path(records_dir)
    server = MCPServer(name="nrr-knowledge", instructions=INSTRUCTIONS, version=_version())

    @server.tool()
    def check_proposal(description: str = "", changes: list[str] | None = None) -> dict[str, Any]:
        """Check a proposed change against earlier experiments before running it.

        Give the change in words ("increase the learning rate to 0.05") and/or as parameter=value
        strings. Returns a verdict (proceed, caution, avoid), the probability that it improves the
        metric with a 95% credible interval, a one-line reason, the groups behind the estimate and
        the most similar earlier experiments.
        """
        return api.check_proposal(description, changes=changes or None, records_dir=folder).as_dict()

    @server.tool()
    def record_experiment(description: str, outcome: str, metric: str | None = None, value: float | None = None,
                          baseline: float | None = None, direction: str | None = None,
                          failure_class: str | None = None, session: str | None = None,
                          commit: str | None = None) -> dict[str, Any]:
        """Record a finished experiment: what it changed (description) and its outcome (keep, discard,
        crash, baseline or other), optionally the metric's name, value, the baseline it was compared
        with and whether lower or higher is better. Writes a record file and indexes it."""
        try:
            written = api.record_experiment(description, outcome, records_dir=folder, metric=metric, value=value,
                                            baseline=baseline, direction=direction, failure_class=failure_class,
                                            session=session, commit=commit)
        except (ValueError, OSError) as exc:
            raise ToolError(str(exc)) from exc
        experiment = written["record"]["experiment"]
        return {"id": written["id"], "path": written["path"], "outcome": experiment["outcome"],
                "change_category": experiment["change_category"], "changes": experiment["changes"],
                "notes": written["notes"]}

    @server.tool()
    def find_similar(description: str = "", changes: list[str] | None = None, limit: int = 10) -> dict[str, Any]:
        """Earlier experiments most like a proposed change (same parameter, direction, nearby values,
        similar words), best first, with their outcomes."""
        return {"similar": api.similar(description, changes=changes or None, records_dir=folder, limit=max(1, limit))}

    @server.tool()
    def list_patterns(min_tried: int = 3, limit: int = 20) -> dict[str, Any]:
        """Rules the records support ("increasing warmdown_ratio: 0 of 6 improved"), each with counts
        and a 95% credible interval, the clearest evidence first."""
        found = api.patterns(records_dir=folder, min_tried=max(1, min_tried), limit=max(1, limit))
        return {"patterns": [p.as_dict() for p in found]}

    return server


def _version() -> str:
    from .. import __version__

    return __version__


def serve(records_dir: str | Path) -> None:
    """Run the server on stdin/stdout until the client disconnects."""
    build_server(records_dir).run("stdio")
