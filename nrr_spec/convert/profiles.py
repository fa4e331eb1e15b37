"""The converters `nrr convert` offers, as data: one profile a kind of log.

A profile declares which columns hold what (a mapping in the terms of a mapping file, where a role
may list candidate columns, the first present wins, and `metric` may be a glob whose numeric
columns the metric is chosen from), whether its commit column holds git commits, whether the
commits' diffs are read (`--repo`), and its defaults. The command line (`nrr convert NAME`) and
`nrr replay` are built from `PROFILES`; the pipeline (`nrr_spec.convert.pipeline`) never asks
which converter it runs.

Adding a converter is one entry here, plus a reader (an `adapt` function) when the export's
columns cannot be named in advance.

Sources of the export columns:
- MLflow: `mlflow.search_runs()` returns a pandas DataFrame whose columns are `run_id`,
  `experiment_id`, `status`, `artifact_uri`, `start_time`, `end_time`, then `metrics.<key>`,
  `params.<key>` and `tags.<key>` (mlflow/tracking/fluent.py); `DataFrame.to_csv` adds an unnamed
  index column first. Run statuses are RUNNING, SCHEDULED, FINISHED, FAILED, KILLED. System tags
  (mlflow/utils/mlflow_tags.py): `mlflow.runName`, `mlflow.note.content`, `mlflow.user`,
  `mlflow.source.git.commit`, `mlflow.parentRunId`.
- W&B: the runs table's CSV export (Name, State, Notes, User, Tags, Created, Runtime, Sweep, then
  the run's config and summary values under their own keys), or `wandb.Api().runs()` written as
  JSON Lines, whose nested `config` and `summary` become `config.<key>` and `summary.<key>`, or
  the documented API export (a DataFrame of `summary` and `config` dicts and `name`, `to_csv`). Run
  states (docs.wandb.ai, "Run states"): Finished, Failed, Crashed, Killed, Running, Pending.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..model.vocabulary import ExperimentOutcome

if TYPE_CHECKING:
    from .reader import LogText

_OTHER, _CRASH = ExperimentOutcome.other.value, ExperimentOutcome.crash.value  # as a mapping file names them


@dataclass(frozen=True)
class Profile:
    name: str  # `nrr convert NAME`
    summary: str  # the command's help
    mapping: dict[str, Any] = field(default_factory=dict)  # default column roles; a --map file overrides them
    map_required: bool = False  # the layout cannot be guessed: --map is required
    git_commits: bool = False  # the commit column holds git commits (not a tracker's run ids)
    reads_diffs: bool = False  # a row's commit holds its change: its diff is read (`--repo`)
    judge_by_metric: bool = False  # rows without keep/discard are judged against the best kept so far
    # a run's config is read against the earlier run's it differs least from (`setting_columns`), not
    # only the best kept one's: a loop's runs are neighbours of the runs before them
    nearest_config: bool = False
    metric_prefixes: tuple[str, ...] = ()  # `--metric loss` also names `<prefix>loss`
    unfinished: frozenset[str] = frozenset()  # statuses of runs without a final result: skipped
    # A reader's last word on the layout, given the mapping in force (configuration columns, an index column)
    adapt: Callable[[LogText, dict[str, Any]], None] | None = None

    @property
    def converter(self) -> str:
        """The converter's name in each record's provenance."""
        return f"nrr convert {self.name}"


def _profiles() -> dict[str, Profile]:
    from .setting_columns import named_setting_columns
    from .wandb import configuration_columns, ignore_unnamed

    tracker_metrics = "Numeric columns beside the metric are kept as other metrics."
    return {
        "autoresearch": Profile(
            "autoresearch",
            "Convert autoresearch logs (results.tsv and variants) into records.",
            git_commits=True,
            reads_diffs=True,
            nearest_config=True,
            adapt=named_setting_columns,
        ),
        "table": Profile(
            "table",
            "Convert a CSV/TSV/JSONL runs export (MLflow, W&B, ...) into records, with a mapping file.",
            map_required=True,
            judge_by_metric=True,
        ),
        "mlflow": Profile(
            "mlflow",
            "Convert an MLflow runs export (mlflow.search_runs() saved as CSV or JSON Lines) into records. "
            "Each run is compared with the best finished run before it; params.* are its configuration, "
            "and a run's changes are the params that differ. " + tracker_metrics,
            mapping={
                "commit": "tags.mlflow.source.git.commit",
                "run": "run_id",
                "status": "status",
                "description": "tags.mlflow.note.content",
                "name": "tags.mlflow.runName",
                "session": "experiment_id",
                "time": "start_time",
                "user": "tags.mlflow.user",
                "metric": "metrics.*",
                "config": "params.*",
                "status_map": {"FINISHED": _OTHER, "FAILED": _CRASH, "KILLED": _CRASH},
            },
            git_commits=True,
            judge_by_metric=True,
            metric_prefixes=("metrics.",),
            unfinished=frozenset({"running", "scheduled"}),
            adapt=ignore_unnamed,
        ),
        "wandb": Profile(
            "wandb",
            "Convert a Weights & Biases runs export (the runs table's CSV, or api.runs() as JSON Lines) into "
            "records. Each run is compared with the best finished run before it; the config values are its "
            "configuration, and a run's changes are the values that differ. " + tracker_metrics,
            mapping={
                "run": ["ID", "id", "Run ID"],
                "status": ["State", "state"],
                "description": ["Notes", "notes"],
                "name": ["Name", "name", "display_name"],
                "session": ["Sweep", "sweep", "Group", "group"],
                "time": ["Created", "created_at", "created"],
                "user": ["User", "user", "username"],
                "metric": ["summary.*"],
                "config": "config.*",
                "status_map": {"finished": _OTHER, "failed": _CRASH, "crashed": _CRASH, "killed": _CRASH},
            },
            judge_by_metric=True,
            metric_prefixes=("summary.",),
            unfinished=frozenset({"running", "pending"}),
            adapt=configuration_columns,
        ),
    }


PROFILES: MappingProxyType[str, Profile] = MappingProxyType(_profiles())
AUTORESEARCH = PROFILES["autoresearch"]
