"""Which column holds what: header synonyms, a mapping file, or (without a header) the cells themselves."""

from __future__ import annotations

import collections
import fnmatch
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..changes.categories import category_of_parameter
from ..changes.domain import HELD_OUT, TRAINING, metric_domain
from ..changes.exit_status import names_an_exit_status
from ..changes.names import normalise_parameter
from ..changes.numbers import MISSING, parse_number
from ..model.vocabulary import ChangeCategory, Direction
from .column_guesses import exporter_index, guess_description, guess_time, guess_user
from .direction import direction_from_name
from .settings_cells import settings_columns
from .values import normalise_status

# Role -> header names, most specific first. Names are compared after `norm_name`.
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "commit": (
        "commit",
        "git_commit",
        "commit_hash",
        "commit_sha",
        "sha",
        "hash",
        "git_sha",
        "revision",
        "config_id",
        "exp_id",
        "experiment_id",
        "run_id",
        "run",
        "experiment",
        "exp",
        "id",
        "name",
        "iter",
        "iteration",
        "cand_hash",
        "parent_commit",
    ),
    "status": (
        "status",
        "verdict",
        "decision",
        "outcome",
        "result",
        "kept",
        "keep",
        "accepted",
        "correctness",
        "correct",
        "state",
    ),
    "description": (
        "description",
        "desc",
        "change",
        "changes",
        "mutation",  # an evolutionary loop's word for its change
        "modification",
        "intervention",
        "idea",  # what was tried, before a note on how it went
        "notes",
        "note",
        "rationale",
        "hypothesis",
        "message",
        "summary",
        "comment",
        "comments",
        "label",
        "analysis_excerpt",
        "strategy",
    ),
    "param": ("param_changed", "parameter", "param", "changed_param", "knob", "hyperparameter"),
    "old": ("old_value", "old", "from", "before", "previous", "prev_value", "from_value"),
    "new": ("new_value", "new", "to", "after", "to_value"),
    "session": ("session", "session_id", "run_tag", "tag", "branch"),
}
# Roles only a mapping (a profile's or a file's) assigns, never guessed from a header:
# a tracker's run id (the record's id), run name (the description when there is none), start time and user.
MAPPED_ROLES = ("run", "name", "time", "user")
# Header words that name a git commit (`parent_commit`, `git_sha`), unlike a run's `id` or `name`.
_NAMES_COMMIT = re.compile(r"(^|_)(commit|sha|revision)($|_)")
# Numeric columns that describe the run rather than score it.
_NOT_METRIC = re.compile(
    r"(^|_)(memory|mem|vram|ram|gb|mb|time|times|runtime|walltime|elapsed|secs?|seconds|duration|wall|wallclock|timestamp|ts|date|steps?|iters?|"
    r"iterations?|rounds?|"
    r"params?|bytes|delta|p|pvalue|n|count|clock|mhz|id|commit|artifact|num|best|so|far|trades|exp|epoch|epochs|"
    # how much was processed is no score (tokens_per_sec, a speed, is)
    r"(?:examples|samples|tokens)(?!_per)|"
    r"seed|run|gpu|gpus|batch|ctx|ubatch|before|kind|thread|agrees|base|baseline|gen|generation|"
    # hyperparameters logged beside the result are settings, not the score
    r"alpha|beta|gamma|lambda|lr|top_k|k|temperature|trailing|neutralization|lookback|window|threshold|thresh)($|_)"
)
# A speed: work per unit of time, or time per unit of work (ms_per_step).
_THROUGHPUT = re.compile(
    r"(tok_s|tokens_per_sec|per_s($|_)|per_sec|throughput|speed|(^|_)(ms|s|sec|secs|seconds)_per_(step|iter|it|token|batch|sample))"
)


def is_throughput(name: str) -> bool:
    """Whether a column's name says it measures a speed (`tok_s`, `ms_per_step`)."""
    return bool(_THROUGHPUT.search(norm_name(name)))


_HELD_OUT = re.compile(r"(^|_)(val|valid|validation|eval|test)($|_)")
_AFTER = re.compile(r"(^|_)after($|_)")
_QUALITY = re.compile(r"(bpb|loss|rmse|mae|fid|wer|acc|accuracy|auc|score|sharpe|psnr|f1|reward)")

# Words of a column's name that say it holds what was measured, whatever its cells look like.
_MEASURED = re.compile(r"(^|_)(scores?|metrics?|results?|measurements?|evals?|stats|summary)($|_)")


def measures_by_name(name: str) -> bool:
    """Whether a column's name says it holds measurements (`category_scores`, `val_bpb`)."""
    return bool(_MEASURED.search(name) or _QUALITY.search(name)) or metric_domain(name) is not None


MIN_RUNS = 4  # fewer runs cannot show which numbers repeat
# The kinds of work a run is configured by, whose names a column of settings has.
CONFIGURED = frozenset(
    {
        ChangeCategory.learning_rate,
        ChangeCategory.lr_schedule,
        ChangeCategory.optimizer,
        ChangeCategory.regularization,
        ChangeCategory.batch_size,
        ChangeCategory.architecture,
        ChangeCategory.initialization,
        ChangeCategory.data,
        ChangeCategory.loss,
    }
)  # not precision: a column of numbers under that name measures (a dtype is written as text)


def repeats_like_a_setting(cells: list[str]) -> bool:
    """Whether a column's cells repeat as a setting's do: text (an optimizer, a dataset), or numbers of
    which few are distinct or one most runs share (the default a sweep left alone on most runs:
    warmup 100, 100, 100, 500, 0)."""
    values = [c for c in cells if c.lower() not in MISSING]
    if not values:
        return False
    numbers = [parse_number(v) for v in values]
    if any(n is None for n in numbers):
        return True
    if len(values) < MIN_RUNS:
        return False
    shared = max(collections.Counter(numbers).values())
    return len(set(numbers)) <= len(values) / 2 or shared * 2 > len(values)


# Words of a column's name that say its numbers were observed over the run (`avg_depth`,
# `sensitivity_at_95_pct_precision`, `cosine_sim`), whatever kind of thing they count.
_OBSERVED = re.compile(
    r"(^|_)(avg|average|mean|median|std|total|sum|final|best|observed|actual|at|per|"
    r"sim|similarity|error|err|distance|dist|divergence|gap)($|_)"
)


def names_a_setting(name: str) -> bool:
    """Whether a column's name is a setting's that configures a run (`n_layer`, `lr`), not a measurement's."""
    key = norm_name(name)
    if not key or (not _CHOICE.search(key) and (measures_by_name(key) or _OBSERVED.search(key))):
        return False
    category = category_of_parameter(normalise_parameter(key) or key)
    return category in CONFIGURED


# The last word of a name that says it holds a choice among kinds (`reward_type`, `net_arch`,
# `pooling_mode`): a setting, whatever the words before it measure elsewhere (`reward`).
_CHOICE = re.compile(r"_(?:type|kind|mode|method|arch|algo|algorithm|scheme|style|variant)$")


@lru_cache(maxsize=4096)
def norm_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def leaf_name(header: str) -> str:
    """The name of a nested key's own part (`outcome.status` -> `status`), or "" for a name that is not nested."""
    parts = re.split(r"[./]", header.strip())
    return norm_name(parts[-1]) if len(parts) > 1 else ""


@dataclass
class Layout:
    """Column index of each role (None when the log has no such column) and names of the numeric columns."""

    columns: list[str]
    roles: dict[str, int | None] = field(default_factory=dict)
    metric: int | None = None
    metric_choices: list[int] = field(default_factory=list)  # the columns a mapping's metric glob matched, when several
    numeric: list[int] = field(default_factory=list)
    config: list[int] = field(default_factory=list)  # columns holding configuration knobs (mapping file)
    settings: list[int] = field(default_factory=list)  # columns whose cells state a run's settings (`settings_cells`)
    # keys of a row's object of its own changes, each with the setting and the end it gives (`declared_change_key`)
    declared: dict[int, tuple[str, str]] = field(default_factory=dict)
    remarks: list[int] = field(default_factory=list)  # further columns of a description's kind (`notes` beside `idea`)
    text: list[int] = field(default_factory=list)  # other columns of words: kept verbatim, read for nothing else
    row_index: int | None = None  # an export's unnamed row index (`column_guesses.exporter_index`): left out
    unnamed: list[int] = field(default_factory=list)  # columns the rows have and the header never named
    guessed: bool = False  # True when there was no header to read roles from
    declared_direction: str | None = None  # which way the rows say is better (`greater_is_better: false`)
    partial_config: bool = False  # config columns told by their names hold only part of a run's configuration

    def role_of(self, index: int) -> str | None:
        """The role the column at `index` was given, if any."""
        return next((role for role, i in self.roles.items() if i == index), None)

    def index(self, role: str) -> int | None:
        return self.roles.get(role)

    @property
    def width(self) -> int:
        return len(self.columns)

    def metric_name(self) -> str | None:
        return self.columns[self.metric] if self.metric is not None else None


def _numeric_share(rows: list[list[str]], index: int) -> float:
    values = [r[index].strip() for r in rows if index < len(r) and r[index].strip().lower() not in MISSING]
    if not values:
        return 0.0
    return sum(parse_number(v) is not None for v in values) / len(values)


def _read_numbers(rows: list[list[str]], index: int) -> list[float | None]:
    """A column's filled cells read as numbers (None where a cell is not one); empty and missing cells left out."""
    return [parse_number(row[index]) for row in rows if index < len(row) and row[index].strip().lower() not in MISSING]


def _varies(rows: list[list[str]], index: int) -> bool:
    """Whether a column's numbers differ between rows; too few of them to tell count as varying."""
    numbers = [v for v in _read_numbers(rows, index) if v is not None]
    return len(numbers) < 3 or len(set(numbers)) > 1


def _without_settings(names: list[str], sample: list[list[str]], numeric: list[int]) -> list[int]:
    """The columns left when those that look set (whole numbers repeated across runs: `seq_len`, `episodes`,
    `exit_code`; a setting's name with values that repeat: `dropout`, `weight_decay`) give way to a
    measured fraction under a name that says it measures (`loss`, `avg_reward`)."""
    if not any(_names_measure(names[i]) and not _whole_numbers(sample, i) for i in numeric):
        return numeric
    return [i for i in numeric if _names_measure(names[i]) or not (_looks_set(sample, i) or _named_setting(names, sample, i))]


def _named_setting(names: list[str], sample: list[list[str]], index: int) -> bool:
    """Whether a column is a run's setting by its name and its values (`dropout` of 0.0, 0.0, 0.1)."""
    return names_a_setting(names[index]) and repeats_like_a_setting([row[index].strip() for row in sample if index < len(row)])


def _names_measure(name: str) -> bool:
    return bool(_THROUGHPUT.search(name)) or (measures_by_name(name) and not _NOT_METRIC.search(name))


def _whole_numbers(sample: list[list[str]], index: int) -> bool:
    return all(n == int(n) for n in _read_numbers(sample, index) if n is not None)


def _looks_set(sample: list[list[str]], index: int) -> bool:
    numbers = [n for n in _read_numbers(sample, index) if n is not None]
    return len(numbers) >= 2 and all(n == int(n) for n in numbers) and len(set(numbers)) <= len(numbers) / 2


# Fields a loop writes to say which way its score is better (scikit-learn's `greater_is_better`),
# with the direction a true value declares.
_DECLARES_BETTER = {
    **dict.fromkeys(("greater_is_better", "higher_is_better", "larger_is_better", "maximize", "maximise"), Direction.higher),
    **dict.fromkeys(("lower_is_better", "smaller_is_better", "minimize", "minimise"), Direction.lower),
}
# Objects such a field may sit in and still speak of the log's score.
_SCORE_HOLDERS = frozenset(
    {"config", "cfg", "metric", "metrics", "objective", "scoring", "score", "eval", "evaluation", "target"}
)


def _declared_direction(header: list[str], sample: list[list[str]], metric: str | None) -> str | None:
    """Which way is better by a true/false field the rows hold: `greater_is_better: false`, or
    `config.composite.higher_is_better: true` where `composite` is the metric. The same value on
    every row it is filled in, or nothing."""
    for i, column in enumerate(header):
        parts = [norm_name(part) for part in column.split(".")]
        way = _DECLARES_BETTER.get(parts[-1])
        holder = parts[-2] if len(parts) > 1 else None
        if way is None or (holder is not None and holder not in _SCORE_HOLDERS and holder != norm_name(metric or "")):
            continue
        values = {row[i].strip().lower() for row in sample if i < len(row) and row[i].strip()}
        if values and values <= {"true", "1", "yes"}:
            return way.value
        if values and values <= {"false", "0", "no"}:
            return (Direction.lower if way is Direction.higher else Direction.higher).value
    return None


def _counts_rows(rows: list[list[str]], index: int) -> bool:
    """A column that numbers the rows (`#`: 0, 1, 2, ... or 1, 2, 3, ..., with a few gaps) counts them;
    it measures nothing.
    Rows that leave it empty or write a dash (a loop's separator or summary rows) do not break the count."""
    read = _read_numbers(rows, index)
    values = [v for v in read if v is not None]
    if len(values) < 3 or len(values) != len(read) or values[0] not in (0, 1) or any(v != int(v) for v in values):
        return False
    steps = [b - a for a, b in itertools.pairwise(values)]
    # Rows deleted from a log leave gaps (32, 39, 40): mostly steps of one, never level; a count may
    # start again at 0 or 1 where a new session begins (1 ... 50, 1 ... 50), never go back elsewhere.
    restarts = [b in (0, 1) and step < 0 for step, b in zip(steps, values[1:], strict=True)]
    return all(step >= 1 or restart for step, restart in zip(steps, restarts, strict=True)) and (
        sum(step == 1 for step in steps) >= 0.9 * (len(steps) - sum(restarts))
    )


def _find(names: list[str], wanted: str, taken: set[int]) -> int | None:
    for i, name in enumerate(names):
        if i not in taken and (name == wanted or fnmatch.fnmatchcase(name, wanted)):
            return i
    return None


def detect_layout(header: list[str] | None, sample: list[list[str]], mapping: dict[str, Any] | None = None) -> Layout:
    """Roles from the header (and a mapping file, which wins), or guessed from the cells when there is no header."""
    if header is None:
        return _guess_layout(sample)
    header, unnamed = _with_unnamed_columns(list(header), sample)
    names = [norm_name(h) for h in header]
    layout = Layout(list(header), unnamed=unnamed)
    taken: set[int] = set()
    mapping = mapping or {}
    layout.row_index = exporter_index(list(header), sample)
    if layout.row_index is not None:
        taken.add(layout.row_index)
    for role in (*ROLE_NAMES, *MAPPED_ROLES, "metric"):
        wanted = mapping.get(role)
        if wanted is None:
            continue
        candidates = [wanted] if isinstance(wanted, str) else list(wanted)
        if role == "metric":
            found = _mapped_metric(header, names, candidates, taken, sample)
            if found is not None:
                layout.metric, layout.metric_choices = found
                taken.add(layout.metric)
            continue
        index = None
        for candidate in candidates:  # the first column present wins
            index = _find(list(header), candidate, taken)
            if index is None:
                index = _find(names, norm_name(candidate), taken)
            if index is not None:
                break
        if index is not None:
            layout.roles[role] = index
            taken.add(index)
    config_patterns = mapping.get("config")
    if config_patterns:
        patterns = [config_patterns] if isinstance(config_patterns, str) else list(config_patterns)
        layout.config = [i for i, h in enumerate(header) if i not in taken and any(fnmatch.fnmatchcase(h, p) for p in patterns)]
        taken.update(layout.config)
    if not config_patterns:
        # A JSON Lines row's nested `config` (or `hparams`, `args`) states the run's settings: read as
        # its configuration, never as what it measured.
        layout.config = [i for i, h in enumerate(header) if i not in taken and _nested_setting(h)]
        taken.update(layout.config)
    # A row's own object of what it changed (`exact_change.MATRIX_LR.from`, `.to`): the change as
    # data, read before any word of its description.
    declared = {i: key for i, h in enumerate(header) if i not in taken and (key := declared_change_key(h)) is not None}
    if len({tuple(row[i] if i < len(row) else "" for i in declared) for row in sample}) > 1 or len(sample) < 2:
        layout.declared = declared  # the same object on every row is a configuration the runs share, no change
        taken.update(declared)
    leaves = [leaf_name(h) for h in header]
    for role, synonyms in ROLE_NAMES.items():
        if role in layout.roles:
            continue
        # A JSON Lines log's nested key is read by its own name where the whole name is no role's:
        # outcome.status is a status, and run.commit a commit beside run.id.
        named = [leaf if leaf and not _is_synonym(name, synonyms) else name for name, leaf in zip(names, leaves, strict=True)]
        if role == "commit":
            index = _commit_column(named, sample, taken)
        elif role == "description":
            index = _description_column(named, sample, taken)
        elif role == "status":
            index = _status_column(named, sample, taken)
        else:
            index = _first_synonym(named, synonyms, taken)
        if index is not None:
            layout.roles[role] = index
            taken.add(index)
    if "status" not in mapping:
        _prefer_deciding_status(layout, sample, taken)
    guesses = {
        "description": lambda: guess_description(sample, taken),
        "time": lambda: guess_time(names, sample, taken),
        "user": lambda: guess_user(names, sample, taken),
    }
    for role, guess in guesses.items():
        if role not in layout.roles and (index := guess()) is not None:
            layout.roles[role] = index
            taken.add(index)
    numeric = [i for i in range(len(header)) if i not in taken and _numeric_share(sample, i) >= 0.5]
    # kept as words below; a column named as a measurement (`val_bpb`) is never a count, however
    # its first few values run (1.0, 2.0, 1.0)
    counters = [i for i in numeric if _counts_rows(sample, i) and metric_domain(names[i]) is None]
    layout.numeric = [i for i in numeric if i not in counters] if len(counters) < len(numeric) else numeric
    if layout.metric is None:
        measured = [i for i in layout.numeric if names[i]] or layout.numeric
        # a column that holds one value on every row measures nothing the runs changed
        varying = [i for i in measured if _varies(sample, i)]
        layout.metric = _choose_metric(names, _without_settings(names, sample, varying) or measured)
        if layout.metric is None and varying:
            # the only columns that varied were ids or settings (`job_id`): a measurement that held one
            # value on every run is still what the runs were measured by
            layout.metric = _choose_metric(names, measured)
    layout.declared_direction = _declared_direction(header, sample, layout.metric_name())
    left = [i for i in range(len(header)) if i not in taken and i not in layout.numeric and i != layout.metric]
    layout.remarks = [i for i in left if names[i] in ROLE_NAMES["description"]]
    if not layout.config:
        # kept verbatim as well, as every other column of words; a column named for notes or for
        # what was measured (`category_scores`) holds no settings, whatever its cells look like
        stating = [i for i in left if i not in layout.remarks and not measures_by_name(names[i])]
        scores = {names[i] for i in layout.numeric} | ({names[layout.metric]} if layout.metric is not None else set())
        layout.settings = settings_columns(sample, stating, lambda key: norm_name(key) in scores or measures_by_name(key))
    layout.text = [i for i in left if i not in layout.remarks]
    return layout


# Names of a nested object that holds a run's settings, among them the environment variables a
# training script reads its settings from (`NUM_LAYERS=11 python train_gpt.py`, logged as `env` or
# `extra_env`).
_SETTINGS_OBJECTS = frozenset(
    {"config", "cfg", "configuration", "params", "hparams", "hyperparams", "hyperparameters", "settings", "args", "overrides"}
    | {"env", "extra_env", "env_vars", "environment", "env_overrides"}
)


def _nested_setting(header: str) -> bool:
    """Whether a column is a key of a nested settings object (`config.learning_rate`); a config's
    own description or name (`config.description`) describes the run and sets nothing."""
    parts = header.split(".")
    return len(parts) > 1 and norm_name(parts[0]) in _SETTINGS_OBJECTS and norm_name(parts[-1]) not in _NAMES_THE_RUN


_NAMES_THE_RUN = frozenset(ROLE_NAMES["description"]) | {"name", "title", "run_name", "experiment_name", "tag"}

# Names of a JSON Lines row's object that holds the changes it made, by setting.
_CHANGE_OBJECTS = frozenset(
    {"exact_change", "exact_changes", "change", "changes", "changed", "changed_params", "params_changed", "diff", "delta"}
    | {"mutation", "mutations", "modification", "modifications", "param_changes", "config_changes", "config_diff"}
)
_SAYS_OF_A_CHANGE = _NAMES_THE_RUN | {"type", "kind", "category", "reason", "why", "status", "outcome", "result"}
# The keys an object of one change gives its values under (`{"from": 0.04, "to": 0.05}`).
_CHANGE_ENDS = {"from": "from", "old": "from", "before": "from", "to": "to", "new": "to", "after": "to"}


def declared_change_key(header: str) -> tuple[str, str] | None:
    """(setting, "from" or "to") for a key of a row's object of changes: `exact_change.MATRIX_LR.to` is
    MATRIX_LR's new value, `changes.depth` (a value alone) its new value; None for any other key."""
    parts = header.split(".")
    if len(parts) < 2 or norm_name(parts[0]) not in _CHANGE_OBJECTS or norm_name(parts[1]) in _SAYS_OF_A_CHANGE:
        return None  # `change.summary`, `change.type`: words about the change, no setting of it
    if len(parts) == 2:
        return parts[1], "to"
    if len(parts) == 3 and parts[2].lower() in _CHANGE_ENDS:
        return parts[1], _CHANGE_ENDS[parts[2].lower()]
    return None


def _with_unnamed_columns(header: list[str], sample: list[list[str]]) -> tuple[list[str], list[int]]:
    """The header with the columns it never named, and where they stand, when nearly every row is
    wider than it: a loop added a column and not its name. Where the rows say no more (the status
    column holds numbers, the cells as far after it hold status words), they are put just before
    the status, so that status and description read right; otherwise the header stands as it is."""
    widths = collections.Counter(len(row) for row in sample if any(cell.strip() for cell in row))
    if not widths:
        return header, []
    width, rows = widths.most_common(1)[0]
    extra = width - len(header)
    if not 1 <= extra <= _UNNAMED_MAX or rows < 0.9 * sum(widths.values()):
        return header, []
    names = [norm_name(h) for h in header]
    status = next((i for synonym in ROLE_NAMES["status"] if (i := _find(names, synonym, set())) is not None), None)
    if status is None or not _measures(sample, status):
        return header, []
    landed = [row[status + extra].strip() for row in sample if len(row) == width]
    if sum(normalise_status(cell) is not None for cell in landed) < 0.8 * len(landed):
        return header, []
    return header[:status] + [""] * extra + header[status:], list(range(status, status + extra))


_UNNAMED_MAX = 2  # more columns than that missing from a header is another table, not a forgotten name


def _status_column(names: list[str], sample: list[list[str]], taken: set[int]) -> int | None:
    """The first column named as a status (`status`, `result`, `outcome`...) that holds statuses: a
    `result` of measured numbers (0.812, 0.826) is the metric, while a `kept` of 1 and 0 is a status.

    Where several do, the one whose cells are status words wins: a run's `status` (success, fail)
    beside the loop's `decision` (KEEP, REVERT) is how the run went, the decision what was kept."""
    candidates: list[int] = []
    for synonym in ROLE_NAMES["status"]:
        index = _find(names, synonym, taken)
        if index is not None and not _measures(sample, index) and index not in candidates:
            candidates.append(index)
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    share = {i: _status_share(sample, i) for i in candidates}
    best = max(candidates, key=lambda i: share[i])
    return best if share[best] > share[candidates[0]] + 0.25 else candidates[0]


# Roles a column of status words may be taken from: a `tag` of kept/revert is no session.
_YIELDING_ROLES = ("session",)


def _prefer_deciding_status(layout: Layout, sample: list[list[str]], taken: set[int]) -> None:
    """Where the status column says one thing on every row (a kernel's `correctness` of PASS) and
    another column of status words tells kept from discarded runs (a `tag` of kept and revert), that
    column is the loop's decision: a status that never varies decides nothing."""
    status = layout.roles.get("status")
    if status is not None and len(_outcomes(sample, status)) > 1:
        return
    free = [i for i in range(len(layout.columns)) if i not in taken or layout.role_of(i) in _YIELDING_ROLES]
    deciding = [
        i
        for i in free
        if i != status
        and _status_share(sample, i, switches=_names_decision(layout.columns[i])) >= 0.9
        and len(_outcomes(sample, i)) > 1
    ]
    if not deciding:
        return
    chosen = deciding[0]
    role = layout.role_of(chosen)
    if role is not None:
        del layout.roles[role]
    if status is not None:
        taken.discard(status)
    layout.roles["status"] = chosen
    taken.add(chosen)


# Names of a true/false column that says whether a run beat the best so far: in a greedy loop,
# whether it was kept. A switch's values elsewhere (`use_ema`: true) decide nothing.
_DECISION_NAMES = frozenset({"improved", "improvement", "is_improvement", "is_best", "new_best", "beat_best", "promoted"})


def _names_decision(header: str) -> bool:
    return norm_name(header) in _DECISION_NAMES or leaf_name(header) in _DECISION_NAMES


# Status words that are also any switch's values: a column of them may be a setting (`use_ema`).
_SWITCH_WORDS = frozenset({"yes", "no", "y", "n", "true", "false", "0", "1", "on", "off"})


def _outcomes(sample: list[list[str]], index: int) -> set[str]:
    """The outcomes a column's cells stand for (keep, discard, crash...), status words only."""
    return {o for row in sample if index < len(row) and (o := normalise_status(row[index].strip())) is not None}


def _status_share(sample: list[list[str]], index: int, switches: bool = True) -> float:
    """The share of a column's filled cells that are status words (`switches` False: other than a
    switch's values, which a setting's column holds too)."""
    cells = [row[index].strip() for row in sample if index < len(row) and row[index].strip()]
    found = [c for c in cells if (switches or c.lower() not in _SWITCH_WORDS) and normalise_status(c) is not None]
    return len(found) / len(cells) if cells else 0.0


def _measures(sample: list[list[str]], index: int) -> bool:
    """Numbers on most rows and no status word on any (a log whose cells slid one column over still
    writes its statuses on some rows)."""
    cells = [row[index].strip() for row in sample if index < len(row) and row[index].strip().lower() not in MISSING]
    if any(normalise_status(c) is not None for c in cells):
        return False
    return sum(parse_number(c) is not None for c in cells) * 2 > len(cells)


def _is_synonym(name: str, synonyms: tuple[str, ...]) -> bool:
    return any(name == synonym or fnmatch.fnmatchcase(name, synonym) for synonym in synonyms)


def _first_synonym(names: list[str], synonyms: tuple[str, ...], taken: set[int]) -> int | None:
    for synonym in synonyms:
        index = _find(names, synonym, taken)
        if index is not None:
            return index
    return None


def _description_column(names: list[str], sample: list[list[str]], taken: set[int]) -> int | None:
    """The column that says what each experiment was: of the columns whose name says description
    (`idea`, `notes`, `change`...) and whose cells vary from row to row, the one filled on the most
    rows; the order of the names breaks a tie. A log with both an `idea` on every row and `notes` on
    a few describes its runs in the first."""
    synonyms = ROLE_NAMES["description"]
    # "experiment_desc", "change_description": a description of something is a description too.
    kinds = {i: _description_kind(name, synonyms) for i, name in enumerate(names) if i not in taken}
    candidates = [i for i, kind in kinds.items() if kind is not None]
    if len(candidates) < 2:
        return candidates[0] if candidates else None

    filled = {i: [row[i].strip() for row in sample if i < len(row) and row[i].strip()] for i in candidates}
    # An `idea` of "A1", "A2", "B7" beside `notes` of sentences names each run; the notes say what it was.
    worded = [i for i in candidates if not _labels_runs(filled[i])]
    candidates = worded or candidates
    # A column that repeats a few words on every row (a `change_summary` of "perf") labels the
    # runs; the one whose cells differ from row to row says what each one was.
    distinct = {i: len(set(cells)) for i, cells in filled.items()}
    most = max(distinct.values())
    described = [i for i in candidates if distinct[i] * 2 > most] or candidates
    return max(described, key=lambda i: (len(filled[i]), -synonyms.index(str(kinds[i]))))


# A run's label: a letter or a short prefix and a number ("A1", "exp001", "run-3", "D13b").
_RUN_LABEL = re.compile(r"^[A-Za-z]{0,6}[-_#]?\d{1,5}[a-z]?$")


def _labels_runs(cells: list[str]) -> bool:
    """Whether nearly every filled cell of a column is a run's label rather than words about it."""
    return bool(cells) and sum(bool(_RUN_LABEL.match(cell)) for cell in cells) * 10 >= len(cells) * 9


def _description_kind(name: str, synonyms: tuple[str, ...]) -> str | None:
    """The description synonym a column's name is, or, for a name that ends in one after an underscore
    (`experiment_desc`, `change_summary`), the first in the synonyms' order of the words it is made of:
    a summary of the change says what changed as a `change` column does, before a run's `note`."""
    if name in synonyms:
        return name
    words = name.split("_")
    if len(words) < 2 or words[-1] not in _DESCRIBING_ENDS:
        return None
    return min((w for w in words if w in synonyms), key=synonyms.index)


# Words that, at the end of a longer column name, still say the column describes the runs.
_DESCRIBING_ENDS = frozenset({"description", "desc", "change", "changes", "notes", "note", "summary", "comment", "comments"})


def _commit_column(names: list[str], sample: list[list[str]], taken: set[int]) -> int | None:
    """The commit column among the headers that may name one.

    A column whose header names a git commit (`parent_commit`, `git_sha`) and whose values look
    like git hashes wins over one that may only hold run ids (`id`, `name`, `iter`); otherwise the
    synonyms' order decides, as it does for a log with one candidate.
    """
    synonyms = ROLE_NAMES["commit"]
    found: list[tuple[int, int]] = []  # (synonym rank, column)
    for i, name in enumerate(names):
        if i in taken:
            continue
        rank = next((r for r, s in enumerate(synonyms) if name == s or fnmatch.fnmatchcase(name, s)), None)
        if rank is not None:
            found.append((rank, i))
    if len(found) < 2:
        return found[0][1] if found else None

    def looks_hashed(i: int) -> bool:
        values = [r[i].strip().lower() for r in sample if i < len(r) and r[i].strip()]
        return bool(values) and sum(bool(_HEXISH.match(v)) for v in values) / len(values) >= 0.6

    def key(item: tuple[int, int]) -> tuple[bool, int]:
        rank, i = item
        return (not (_NAMES_COMMIT.search(names[i]) and looks_hashed(i)), rank)

    return min(found, key=key)[1]


def _mapped_metric(
    header: list[str], names: list[str], candidates: list[str], taken: set[int], sample: list[list[str]]
) -> tuple[int, list[int]] | None:
    """The metric a mapping names: a column, or the best of the numeric columns a glob matches."""
    for candidate in candidates:
        wanted = norm_name(candidate)
        matched = [i for i, h in enumerate(header) if i not in taken and (h == candidate or fnmatch.fnmatchcase(h, candidate))]
        matched = matched or [
            i for i, n in enumerate(names) if i not in taken and (n == wanted or fnmatch.fnmatchcase(n, wanted))
        ]
        if len(matched) == 1:
            return matched[0], []
        numeric = [i for i in matched if _numeric_share(sample, i) >= 0.5]
        chosen = choose_measured_metric(names, numeric)
        if chosen is not None:
            return chosen, numeric
        if matched:
            return matched[0], []
    return None


def choose_measured_metric(names: list[str], numeric: list[int]) -> int | None:
    """The metric among a tracker's measurements: what a run is judged by is measured on held-out
    data (val_loss before train_loss)."""
    if not numeric:
        return None
    held_out = [i for i in numeric if _HELD_OUT.search(names[i])]
    return _choose_metric(names, held_out or numeric)


def _choose_metric(names: list[str], numeric: list[int]) -> int | None:
    # A speed is a score (a kernel loop optimises tokens_per_sec) though its name holds a unit of time;
    # how a run's process ended (`exit_code`) is never one.
    numeric = [i for i in numeric if not names_an_exit_status(names[i])]
    candidates = [i for i in numeric if not _NOT_METRIC.search(names[i]) or _THROUGHPUT.search(names[i])]
    if not candidates:
        # Only excluded names: a signed delta or percentage column is the best there is.
        deltas = [i for i in numeric if re.search(r"delta|pct|percent", names[i])]
        return deltas[0] if deltas else None
    first = candidates[0]
    held_out = _held_out_twin(names, first, candidates)
    if held_out is not None:
        return held_out
    if _THROUGHPUT.search(names[first]):
        # Throughput logged first usually accompanies the quality metric the loop optimises.
        for i in candidates[1:]:
            if _QUALITY.search(names[i]):
                return i
    if _AFTER.search(names[first]) and _AFTER.sub(r"\1before\2", names[first]) in names:
        # A measurement logged before and after (text_before, text_after) is what a derived column
        # compares (reduction_pct): that column, when its name says which way is better, is the metric.
        for i in candidates[1:]:
            if direction_from_name(names[i]) is not None:
                return i
    return first


def _held_out_twin(names: list[str], first: int, candidates: list[int]) -> int | None:
    """The same measurement on a held-out split when the first is taken on the training split
    (`val_score` beside `train_score`): what a loop judges a change by when it logs both."""
    words = names[first].split("_")
    if not TRAINING.intersection(words):
        return None
    for i in candidates:
        other = names[i].split("_")
        if len(other) != len(words) or other == words:
            continue
        if all(a == b or (a in TRAINING and b in HELD_OUT) for a, b in zip(words, other, strict=True)):
            return i
    # the same measurement under other qualifiers: `val_loss` beside `final_train_loss`
    measured = set(words) - TRAINING - _WHEN_TAKEN
    for i in candidates:
        qualified = set(names[i].split("_"))
        if qualified & HELD_OUT and measured and qualified - HELD_OUT - _WHEN_TAKEN == measured:
            return i
    return None


# Words that say when or over what a measurement was taken, not what it measures.
_WHEN_TAKEN = frozenset({"final", "last", "end", "best", "avg", "mean", "min", "max"})


_HEXISH = re.compile(r"^[0-9a-f]{6,40}(-dirty)?$")


def _guess_layout(sample: list[list[str]]) -> Layout:
    width = max((len(r) for r in sample), default=0)
    layout = Layout([f"column_{i + 1}" for i in range(width)], guessed=True)
    if not width:
        return layout

    def cells(i: int) -> list[str]:
        return [r[i].strip() for r in sample if i < len(r) and r[i].strip()]

    best_status, best_share = None, 0.0
    for i in range(width):
        values = [v for v in cells(i) if not re.fullmatch(r"[-+\d.]+|true|false", v.lower())]
        share = sum(normalise_status(v) is not None for v in values) / max(len(cells(i)), 1)
        if share > best_share:
            best_status, best_share = i, share
    if best_status is not None and best_share >= 0.6:
        layout.roles["status"] = best_status
    for i in range(width):
        values = cells(i)
        if values and sum(bool(_HEXISH.match(v)) for v in values) / len(values) >= 0.6:
            layout.roles["commit"] = i
            break
    taken = {v for v in layout.roles.values() if v is not None}
    # Without a header, a column counting the rows (an index saved with the table) is no metric.
    layout.row_index = exporter_index([""] * width, [r for r in sample if len(r) == width], in_any_order=False)
    if layout.row_index is not None:
        taken.add(layout.row_index)
    text_columns = [i for i in range(width) if i not in taken and _numeric_share(sample, i) < 0.5]
    if text_columns:
        lengths = {i: sum(len(v) for v in cells(i)) / max(len(cells(i)), 1) for i in text_columns}
        layout.roles["description"] = max(text_columns, key=lambda i: (lengths[i], i))
    taken = {v for v in layout.roles.values() if v is not None}
    if layout.row_index is not None:
        taken.add(layout.row_index)
    layout.numeric = [i for i in range(width) if i not in taken and _numeric_share(sample, i) >= 0.5]
    varying = [i for i in layout.numeric if len({parse_number(v) for v in cells(i)}) > 1]
    layout.metric = varying[0] if varying else (layout.numeric[0] if layout.numeric else None)
    return layout
