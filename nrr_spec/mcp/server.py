"""`nrr mcp`: the knowledge engine as an MCP server over stdio, on the official `mcp` SDK.

Tools: `check_proposal` (before running an experiment), `record_experiment` (after it ran: writes a
record into the records folder and indexes it), `find_similar` and `list_patterns`.

Strict by design, since agents call it: a call with an argument the tool does not take, or without
one it needs, is a tool error naming it (an agent that misspells `description` must not get
"no evidence: proceed"); outcome, direction, failure class and verdict are enums in the input and
output schemas; the annotations say which tools only read. Withheld records are never shown
(`withheld`) unless the server was started with `--include-withheld`.

The server lives as long as its client: the periodic sweep of the index (stamping every record
file) runs on a thread of its own while the server runs (`knowledge.background_sweep`), never on
a request's path; a request answers from the index as it stands meanwhile.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..knowledge import api
from ..knowledge.background_sweep import BackgroundSweep
from ..knowledge.index_sync import sweep_seconds
from ..model.vocabulary import ChangeDirection, Direction, ExperimentOutcome, FailureClass, values

INSTRUCTIONS = (
    "Before running an experiment, call check_proposal with a one-line description of the change "
    "(e.g. 'increase the learning rate to 0.05'); skip or rethink it when the verdict is 'avoid'. "
    "After it ran, call record_experiment with the same description and its outcome (keep, discard or crash)."
)
DIRECTIONS = values(ChangeDirection)
if TYPE_CHECKING:
    OutcomeValue = str
    ChangeValue = str
    MetricDirection = str
    FailureValue = str
else:
    # The tools' input and output schemas list the standard's values as enums (an inline `enum`,
    # which every MCP client reads; a `$ref` to a definition is not read by all of them).
    OutcomeValue = Literal[values(ExperimentOutcome)]
    ChangeValue = Literal[DIRECTIONS]
    MetricDirection = Literal[values(Direction)]
    FailureValue = Literal[values(FailureClass)]
Verdict = Literal["proceed", "caution", "avoid"]
Description = Annotated[str, Field(min_length=1, max_length=2000, description="The change in one line.")]


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


def _direction(value: object) -> object:
    # A record written by hand may carry a direction outside the standard's list; it is read as "set".
    return value if value in DIRECTIONS else "set"


class ChangeOut(_Out):
    parameter: str
    direction: Annotated[ChangeValue, BeforeValidator(_direction)]
    to: str | None = None


class ProposalOut(_Out):
    text: str
    category: str
    changes: list[ChangeOut]
    understood: bool


class SimilarOut(_Out):
    id: str
    score: float
    outcome: OutcomeValue | None = None
    description: str
    changes: list[dict[str, Any]]


class RepeatOut(_Out):
    id: str
    outcome: OutcomeValue | None = None
    metric: str
    description: str


class AdviceOut(_Out):
    verdict: Verdict
    probability: float
    interval: list[float]
    reason: str
    proposal: ProposalOut
    repeats: list[RepeatOut]
    similar: list[SimilarOut]
    notes: list[str]


class SimilarList(BaseModel):
    similar: list[SimilarOut]


class PatternOut(_Out):
    level: Literal["category", "parameter", "change"]
    key: str
    statement: str
    tried: int
    improved: int
    finding: str


class PatternList(BaseModel):
    patterns: list[PatternOut]


class Recorded(BaseModel):
    id: str
    path: str
    outcome: OutcomeValue
    change_category: str
    changes: list[ChangeOut]
    notes: list[str]


def tools(folder: Path, include_withheld: bool = False, sweep_if_due: bool = True) -> list[Any]:
    """The server's tools, each with a strict input schema (no unknown arguments); without
    `sweep_if_due`, they leave a due sweep of the index to the server's background thread."""
    from mcp.server.mcpserver.exceptions import ToolError
    from mcp.server.mcpserver.tools import Tool
    from mcp_types import ToolAnnotations

    def check_proposal(description: Description, changes: list[str] | None = None) -> AdviceOut:
        """Check a proposed change against earlier experiments before running it.

        Give the change in words ("increase the learning rate to 0.05"), optionally also as
        parameter=value strings. Returns a verdict (proceed, caution, avoid), the probability that it
        improves the metric with a 95% interval, earlier exact repeats of the change, a one-line
        reason, and the most similar earlier experiments.
        """
        advice = api.check_proposal(
            description, changes=changes or None, records_dir=folder, include_withheld=include_withheld, sweep_if_due=sweep_if_due
        )
        return AdviceOut.model_validate(advice.as_dict())

    def record_experiment(
        description: Description,
        outcome: OutcomeValue,
        metric: str | None = None,
        value: float | None = None,
        baseline: float | None = None,
        direction: MetricDirection | None = None,
        failure_class: FailureValue | None = None,
        session: str | None = None,
        commit: str | None = None,
    ) -> Recorded:
        """Record a finished experiment: what it changed (description) and its outcome (keep, discard,
        crash, baseline or other), optionally the metric's name, value, the baseline it was compared
        with and whether lower or higher is better. Writes a record file and indexes it."""
        try:
            written = api.record_experiment(
                description,
                outcome,
                records_dir=folder,
                metric=metric,
                value=value,
                baseline=baseline,
                direction=direction,
                failure_class=failure_class,
                session=session,
                commit=commit,
                sweep_if_due=sweep_if_due,
            )
        except (ValueError, OSError) as exc:
            raise ToolError(str(exc)) from exc
        experiment = written["record"]["experiment"]
        return Recorded.model_validate(
            {
                "id": written["id"],
                "path": written["path"],
                "outcome": experiment["outcome"],
                "change_category": experiment["change_category"],
                "changes": experiment["changes"],
                "notes": written["notes"],
            }
        )

    def find_similar(
        description: Description, changes: list[str] | None = None, limit: Annotated[int, Field(ge=1, le=100)] = 10
    ) -> SimilarList:
        """Earlier experiments most like a proposed change (same parameter, direction, nearby values,
        similar words), best first, with their outcomes."""
        found = api.similar(
            description,
            changes=changes or None,
            records_dir=folder,
            limit=limit,
            include_withheld=include_withheld,
            sweep_if_due=sweep_if_due,
        )
        return SimilarList.model_validate({"similar": found})

    def list_patterns(
        min_tried: Annotated[int, Field(ge=1)] = 3, limit: Annotated[int, Field(ge=1, le=1000)] = 20
    ) -> PatternList:
        """Rules the records support ("increasing warmdown_ratio: 0 of 6 improved"), each with counts
        and a 95% credible interval, the clearest evidence first."""
        found = api.patterns(
            records_dir=folder, min_tried=min_tried, limit=limit, include_withheld=include_withheld, sweep_if_due=sweep_if_due
        )
        return PatternList.model_validate({"patterns": [p.as_dict() for p in found]})

    reads = ToolAnnotations(readOnlyHint=True, idempotentHint=True, openWorldHint=False)
    writes = ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=False, openWorldHint=False)
    out = []
    for fn, hints in ((check_proposal, reads), (record_experiment, writes), (find_similar, reads), (list_patterns, reads)):
        out.append(_strict(Tool.from_function(fn, annotations=hints, structured_output=True)))
    return out


def _strict(tool: Any) -> Any:
    """The tool with an argument model that refuses arguments it does not declare."""
    base = tool.fn_metadata.arg_model
    strict: type[BaseModel] = type(
        base.__name__, (base,), {"model_config": ConfigDict(extra="forbid", arbitrary_types_allowed=True)}
    )
    tool.fn_metadata.arg_model = strict
    tool.parameters = strict.model_json_schema(by_alias=True)
    return tool


def build_server(records_dir: str | Path, include_withheld: bool = False) -> Any:
    """An `MCPServer` whose tools read and write the records in `records_dir`; while it runs, a
    thread sweeps the index when a sweep is due (unless `NRR_INDEX_SWEEP` is 0: every request sweeps)."""
    from mcp.server.mcpserver import MCPServer

    folder = Path(records_dir)
    background = sweep_seconds() > 0

    @asynccontextmanager
    async def sweeping(_: Any) -> AsyncIterator[None]:
        if not background:
            yield
            return
        sweeper = BackgroundSweep(folder)
        sweeper.start()
        try:
            yield
        finally:
            import anyio.to_thread

            await anyio.to_thread.run_sync(sweeper.stop)  # a sweep in progress ends before the server does

    return MCPServer(
        name="nrr-knowledge",
        instructions=INSTRUCTIONS,
        version=_version(),
        tools=tools(folder, include_withheld, sweep_if_due=not background),
        lifespan=sweeping,
    )


def _version() -> str:
    from .. import __version__

    return __version__


def serve(records_dir: str | Path, include_withheld: bool = False) -> None:
    """Run the server on stdin/stdout until the client disconnects."""
    build_server(records_dir, include_withheld).run("stdio")
