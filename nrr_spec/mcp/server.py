"""`nrr mcp`: the knowledge engine as an MCP server over stdio, on the official `mcp` SDK.

Tools: `check_proposal` (before running an experiment), `record_experiment` (after it ran: writes a
record into the records folder and indexes it), `find_similar` and `list_patterns`.

Strict by design, since agents call it: a call with an argument the tool does not take, without
one it needs, with a value of another type than the schema's (no "3" for 3), or with a `value`
but no `metric` is a tool error, one line per argument (`argument_errors`): an agent that
misspells `description` must not get "no evidence: proceed". So is a read on a records folder that
does not exist: a typo in `--records` would otherwise answer "proceed" to every proposal. The
server still starts on such a folder, since the first `record_experiment` of a new loop creates it
(and says so); a server that refused to start would show an agent only "server failed", with
neither the folder nor the fix. Outcome, direction, failure class and verdict are enums in the
input and output schemas; the annotations give each tool a title and say which tools only read.
Withheld records are never shown (`withheld`) unless the server was started with
`--include-withheld`.

The server lives as long as its client: the periodic sweep of the index (stamping every record
file) runs on a thread of its own while the server runs (`knowledge.background_sweep`), never on
a request's path; a request answers from the index as it stands meanwhile.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..knowledge import api
from ..knowledge.background_sweep import BackgroundSweep
from ..knowledge.index_sync import sweep_seconds
from ..model.vocabulary import ChangeDirection, Direction, ExperimentOutcome, FailureClass, values
from ..store import RecordsFolder
from .folder_notes import created_folder, unreadable_folder

log = logging.getLogger(__name__)

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
MetricName = Annotated[str, Field(min_length=1, description="The measured quantity's name, e.g. 'val_bpb'.")]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)  # "default": null beside "type": "number" would invite the null it refuses


def _measurement(what: str) -> Any:
    # A finite number or left out, never null: JSON encoders (pydantic's, JavaScript's) write NaN
    # and Infinity as null, so a null here is most likely a failed run's NaN, not "no value".
    said = f"{what}; leave it out when there is no measurement (NaN and Infinity are none)."
    return Annotated[float, Field(allow_inf_nan=False, description=said, json_schema_extra=_no_default)]


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


def _recorded(written: dict[str, Any]) -> dict[str, Any]:
    experiment = written["record"]["experiment"]
    return {
        "id": written["id"],
        "path": written["path"],
        "outcome": experiment["outcome"],
        "change_category": experiment["change_category"],
        "changes": experiment["changes"],
        "notes": written["notes"],
    }


REQUIRED = inspect.Parameter.empty
# Tool arguments typed once by name, for every tool that takes them: the change in words (required,
# bounded; the API's `query` is the tools' `description`) and the standard's values as enums.
RENAMED = {"query": "description"}
TYPED: dict[str, Any] = {
    "description": Description,
    "metric": MetricName,
    "outcome": OutcomeValue,
    "direction": MetricDirection,
    "failure_class": FailureValue,
}


@dataclass(frozen=True)
class ToolSpec:
    """One tool made from one function of the knowledge API (`knowledge.api`), the declaration of
    its arguments: the tool takes the API parameters named in `arguments`, with the API's types and
    defaults unless `TYPED`, `types` or `defaults` narrow them; the server fixes the others
    (`records_dir`, `include_withheld`, `sweep_if_due`). `shape` turns the API's answer into `output`.
    `needs` maps an argument to the one it means nothing without; `title` is what a client shows."""

    name: str
    call: Callable[..., Any]
    arguments: tuple[str, ...]
    output: type[BaseModel]
    shape: Callable[[Any], dict[str, Any]]
    reads: bool
    description: str
    types: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)
    needs: dict[str, str] = field(default_factory=dict)
    title: str = ""

    @property
    def human_title(self) -> str:
        return self.title or self.name.replace("_", " ").capitalize()

    def function(self, fixed: dict[str, Any]) -> Callable[..., BaseModel]:
        """The tool's function: its signature the tool's arguments, its body the API call."""
        from mcp.server.mcpserver.exceptions import ToolError

        api = inspect.signature(self.call, eval_str=True).parameters
        given = {name: value for name, value in fixed.items() if name in api}
        to_api = {RENAMED.get(name, name): name for name in self.arguments}

        folder = Path(fixed["records_dir"])

        def run(**arguments: Any) -> BaseModel:
            missing = RecordsFolder(folder).problem()
            if missing and self.reads:
                raise ToolError(unreadable_folder(folder))
            try:
                answer = self.call(**{to_api[name]: value for name, value in arguments.items()}, **given)
            except (ValueError, OSError) as exc:  # bad input the API explains, a records folder it cannot write
                raise ToolError(str(exc)) from exc
            shaped = self.shape(answer)
            if missing and folder.is_dir():
                shaped["notes"] = [*shaped.get("notes", []), created_folder(folder)]
            return self.output.model_validate(shaped)

        parameters = []
        for name in self.arguments:
            tool_name = RENAMED.get(name, name)
            default = self.defaults.get(name, REQUIRED if tool_name == "description" else api[name].default)
            kind = inspect.Parameter.KEYWORD_ONLY
            annotation = self.types.get(name, TYPED.get(tool_name, api[name].annotation))
            if default is None and name not in self.types and tool_name in TYPED:
                annotation = annotation | None  # optional in the API: optional in the tool
            parameters.append(inspect.Parameter(tool_name, kind, default=default, annotation=annotation))
        run.__name__ = run.__qualname__ = self.name
        run.__doc__ = self.description
        run.__signature__ = inspect.Signature(parameters, return_annotation=self.output)  # type: ignore[attr-defined]
        return run


TOOLS = (
    ToolSpec(
        "check_proposal",
        api.check_proposal,
        ("query", "changes"),
        AdviceOut,
        lambda advice: advice.as_dict(),
        reads=True,
        title="Check a proposed change",
        description="""Check a proposed change against earlier experiments before running it.

        Give the change in words ("increase the learning rate to 0.05"), optionally also as
        parameter=value strings. Returns a verdict (proceed, caution, avoid), the probability that it
        improves the metric with a 95% interval, earlier exact repeats of the change, a one-line
        reason, and the most similar earlier experiments.
        """,
    ),
    ToolSpec(
        "record_experiment",
        api.record_experiment,
        ("description", "outcome", "metric", "value", "baseline", "direction", "failure_class", "session", "commit"),
        Recorded,
        _recorded,
        reads=False,
        title="Record a finished experiment",
        description="""Record a finished experiment: what it changed (description) and its outcome (keep, discard,
        crash, baseline or other), optionally the metric's name, value, the baseline it was compared
        with and whether lower or higher is better (value, baseline and direction need metric).
        Writes a record file and indexes it; the first record creates the records folder.""",
        types={"value": _measurement("The metric's value"), "baseline": _measurement("The value compared with")},
        needs={"value": "metric", "baseline": "metric", "direction": "metric"},
    ),
    ToolSpec(
        "find_similar",
        api.similar,
        ("query", "changes", "limit"),
        SimilarList,
        lambda found: {"similar": found},
        reads=True,
        title="Find similar earlier experiments",
        description="""Earlier experiments most like a proposed change (same parameter, direction, nearby values,
        similar words), best first, with their outcomes.""",
        types={"limit": Annotated[int, Field(ge=1, le=100)]},
    ),
    ToolSpec(
        "list_patterns",
        api.patterns,
        ("min_tried", "limit"),
        PatternList,
        lambda found: {"patterns": [pattern.as_dict() for pattern in found]},
        reads=True,
        title="List patterns in the records",
        description="""Rules the records support ("increasing warmdown_ratio: 0 of 6 improved"), each with counts
        and a 95% credible interval, the clearest evidence first.""",
        types={"min_tried": Annotated[int, Field(ge=1)], "limit": Annotated[int, Field(ge=1, le=1000)]},
        defaults={"limit": 20},
    ),
)


def tools(folder: Path, include_withheld: bool = False, sweep_if_due: bool = True) -> list[Any]:
    """The server's tools, each with a strict input schema (no unknown arguments, no coercion);
    without `sweep_if_due`, they leave a due sweep of the index to the server's background thread."""
    from mcp_types import ToolAnnotations

    from .checked_tool import CheckedTool

    fixed = {"records_dir": folder, "include_withheld": include_withheld, "sweep_if_due": sweep_if_due}
    out = []
    for spec in TOOLS:
        if spec.reads:
            hints = ToolAnnotations(title=spec.human_title, readOnlyHint=True, idempotentHint=True, openWorldHint=False)
        else:
            hints = ToolAnnotations(
                title=spec.human_title, readOnlyHint=False, destructiveHint=False, idempotentHint=False, openWorldHint=False
            )
        function = spec.function(fixed)
        tool = CheckedTool.needing(function, spec.needs, title=spec.human_title, annotations=hints, structured_output=True)
        out.append(_strict(tool))
    return out


def _strict(tool: Any) -> Any:
    """The tool with an argument model that refuses arguments it does not declare and values of
    another type than the schema's: "3" is no integer, 1 no string. (The SDK still reads a list
    sent as JSON text, a habit of some clients; a number sent as text it leaves to the model.)"""
    base = tool.fn_metadata.arg_model
    config = ConfigDict(extra="forbid", strict=True, arbitrary_types_allowed=True)
    strict: type[BaseModel] = type(base.__name__, (base,), {"model_config": config})
    tool.fn_metadata.arg_model = strict
    tool.parameters = strict.model_json_schema(by_alias=True)
    return tool


def build_server(records_dir: str | Path, include_withheld: bool = False) -> Any:
    """An `MCPServer` whose tools read and write the records in `records_dir`; while it runs, a
    thread sweeps the index when a sweep is due (unless `NRR_INDEX_SWEEP` is 0: every request sweeps)."""
    from mcp.server.mcpserver import MCPServer

    folder = Path(records_dir)
    background = sweep_seconds() > 0
    problem = RecordsFolder(folder).problem()
    if problem:
        log.warning("%s: the read tools answer with an error until record_experiment creates it", problem)

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
    from ..version import __version__

    return __version__


def serve(records_dir: str | Path, include_withheld: bool = False) -> None:
    """Run the server on stdin/stdout until the client disconnects."""
    build_server(records_dir, include_withheld).run("stdio")
