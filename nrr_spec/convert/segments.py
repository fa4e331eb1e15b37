"""A JSON Lines log's config lines: the segment headers of pi-autoresearch's `autoresearch.jsonl`.

pi-autoresearch appends a config line each time an experiment is set up or set up again,

    {"type": "config", "name": "...", "metricName": "val_bpb", "metricUnit": "", "bestDirection": "lower"}

then one line per run: `run`, `commit`, `metric` (the value of the config's metric), `metrics` (the
other measurements, by name), `status` (keep, discard, crash, checks_failed), `description`,
`timestamp`, `segment`, `confidence` and, in later versions, `asi` (the agent's notes: hypothesis,
rollback_reason, next_action_hint, ...). The runs after a config line are a segment: the session
the config names, measured by its metric, whose first run measures the starting point
(extensions/pi-autoresearch/types.ts: "Baseline primary metric (from first experiment in current
segment)").

So the config lines are no rows. They say what a table's header would: the metric's name and which
way is better, the session's name. A log's values are compared within a segment, never across one.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .preamble import direction_in_words

# The keys a config line holds, in pi-autoresearch's spelling.
_KIND, _NAME, _METRIC, _UNIT, _DIRECTION = "type", "name", "metricName", "metricUnit", "bestDirection"
_DIRECTIONS = ("lower", "higher")
SESSION_KEY = "session"  # the session a segment's rows are given, when the log has no session of its own
METRIC_KEY = "metric"  # a run's value of the config's metric
MEASURED_PREFIX = "metrics."  # the run's other measurements, as nested keys are flattened
_BOOKKEEPING = ("segment",)  # a segment's number: its config line already tells the rows apart


def is_config(obj: dict[str, object]) -> bool:
    """Whether a JSON Lines object is a config line, not a run."""
    return obj.get(_KIND) == "config" and "status" not in obj


def is_loop_entry(obj: dict[str, object]) -> bool:
    """Whether a JSON Lines object is an entry the loop writes about itself, not a run: a config
    line, or another kind it names (`{"type": "hook", ...}`, written each time a hook fires)."""
    return isinstance(obj.get(_KIND), str) and "status" not in obj and "run" not in obj


@dataclass
class Segments:
    """The config lines of a log, in order, by the line they are on. `heading_runs` settles them
    once the whole log has been read: what each segment declares is looked up per row after that."""

    configs: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    entries: Counter[str] = field(default_factory=Counter)  # the loop's other entries, by their type
    runs: list[int] = field(default_factory=list)  # how many runs each config line heads
    metric_name: str | None = None  # the metric every config line names, if they agree
    direction: str | None = None  # which way is better, if every config line that says so agrees
    _lines: list[int] = field(default_factory=list, repr=False)  # the config lines' numbers, for bisection
    _names: list[str | None] = field(default_factory=list, repr=False)  # each segment's session name
    _directions: list[str | None] = field(default_factory=list, repr=False)  # each segment's better direction

    def __bool__(self) -> bool:
        return bool(self.configs)

    def add(self, line: int, obj: dict[str, object]) -> None:
        if is_config(obj):
            self.configs.append((line, obj))
        else:
            self.entries[str(obj.get(_KIND))] += 1

    def heading_runs(self, run_lines: list[int]) -> None:
        """Keep only the config lines some run (on `run_lines`, ascending) follows before the next
        one: a config the loop wrote and then set up again, or left at the end, declares nothing any
        run was measured by. Then settle what each segment declares."""
        ends = [number for number, _ in self.configs[1:]]
        self.configs = [
            (number, config)
            for i, (number, config) in enumerate(self.configs)
            if (first := bisect.bisect_right(run_lines, number)) < len(run_lines)
            and (i == len(ends) or run_lines[first] < ends[i])
        ]
        self._lines = [number for number, _ in self.configs]
        bounds = [*self._lines[1:], run_lines[-1] + 1] if self._lines else []  # a config heads runs: some exist
        self.runs = [
            bisect.bisect_left(run_lines, end) - bisect.bisect_right(run_lines, number)
            for number, end in zip(self._lines, bounds, strict=True)
        ]
        self._names, name = [], None
        for _, config in self.configs:  # a config set up again without a name keeps the session's
            name = _text(config, _NAME) or name
            self._names.append(name)
        self._directions = [_declared_direction(config) for _, config in self.configs]
        self.metric_name = _agreed(_text(config, _METRIC) for _, config in self.configs)
        self.direction = _agreed(self._directions)

    def _index(self, line: int) -> int | None:
        """The segment a row on `line` belongs to: the last config line above it."""
        at = bisect.bisect_right(self._lines, line) - 1
        return at if at >= 0 else None

    def _at(self, line: int, key: str) -> str | None:
        """What the config line heading the segment on `line` gives `key`."""
        at = self._index(line)
        return _text(self.configs[at][1], key) if at is not None else None

    def metric_at(self, line: int) -> str | None:
        """The metric of the segment a row on `line` belongs to, where the config lines name several."""
        return self._at(line, _METRIC) if self.metric_name is None else None

    def direction_at(self, line: int) -> str | None:
        """Which way is better in the segment a row on `line` belongs to, where the config lines differ."""
        at = self._index(line)
        return self._directions[at] if at is not None and self.direction is None else None

    def unit_at(self, line: int) -> str | None:
        return self._at(line, _UNIT)

    def session_at(self, line: int) -> str | None:
        """The name of the session a row on `line` belongs to."""
        at = self._index(line)
        return self._names[at] if at is not None else None

    def directs_every_segment(self) -> bool:
        """Whether each config line says which way is better."""
        return bool(self._directions) and all(self._directions)

    def names(self) -> bool:
        """Whether the config lines name their sessions."""
        return any(self._names)

    def metric_names(self) -> list[str]:
        """Every metric the config lines name, in order."""
        return list(dict.fromkeys(name for _, config in self.configs if (name := _text(config, _METRIC))))

    def main_metric(self) -> str | None:
        """The metric that measures most of the log's runs, where the config lines name several: what
        the log is about (a segment timing one run of a training log makes it no speed log)."""
        counts: Counter[str] = Counter()
        for (_, config), runs in zip(self.configs, self.runs, strict=True):
            if name := _text(config, _METRIC):
                counts[name] += runs
        return counts.most_common(1)[0][0] if counts else None

    def entries_note(self, name: str) -> str | None:
        if not self.entries:
            return None
        kinds = ", ".join(f"{kind} ({count})" for kind, count in self.entries.most_common())
        return f"{name}: {sum(self.entries.values())} line(s) are the loop's own entries, not runs: {kinds}; left out"

    def summary(self, name: str) -> str:
        """What the config lines declare, for the user to check: the segments, the sessions they name,
        and the metric with its direction where they agree."""
        sessions = list(dict.fromkeys(n for n in (_text(c, _NAME) for _, c in self.configs) if n))
        named = f" ({', '.join(repr(s) for s in sessions[:3])}{' ...' if len(sessions) > 3 else ''})" if sessions else ""
        declared = (
            f"; the metric {self.metric_name}, {self.direction} is better, as they declare"
            if self.metric_name and self.direction
            else ""
        )
        return (
            f"{name}: read as pi-autoresearch's log: {len(self.configs)} segment(s) under config lines, "
            f"{len(sessions)} session(s){named}{declared}"
        )

    def disagreements(self) -> list[str]:
        """What the config lines disagree on, which no one name or direction can then say."""
        out = []
        for key, what in ((_METRIC, "metric"), (_DIRECTION, "better direction")):
            said = [str(config[key]) for _, config in self.configs if config.get(key) not in (None, "")]
            if len(set(said)) > 1:
                out.append(f"{what} ({', '.join(dict.fromkeys(said))})")
        return out


def _text(config: dict[str, object], key: str) -> str | None:
    """A config line's value for `key` as text, or None where it gives none."""
    return str(config.get(key) or "").strip() or None


def _agreed(values: Iterable[str | None]) -> str | None:
    """The one value given, where every config line that gives one agrees."""
    said = {value for value in values if value}
    return said.pop() if len(said) == 1 else None


def _declared_direction(config: dict[str, object]) -> str | None:
    """Which way a config line says is better: its `bestDirection`, else its words ("lower is better")."""
    said = (_text(config, _DIRECTION) or "").lower()
    return said if said in _DIRECTIONS else _said_direction(config)


def _said_direction(config: dict[str, object]) -> str | None:
    """The direction a config line's words say is better, in a value that names the metric or the goal."""
    words = " ".join(str(v) for key, v in config.items() if key.lower() in _SAYS_DIRECTION and isinstance(v, str))
    return direction_in_words(words)


_SAYS_DIRECTION = frozenset({"metric", "metricname", "direction", "goal", "objective"})


def column_names(keys: Iterable[str], segments: Segments) -> list[str]:
    """The names a log's keys go by as columns: `metric` is the config's metric, `metrics.tokens_per_s`
    is `tokens_per_s` unless another key has that name, a segment's number is left to its config."""
    keys = list(keys)
    taken = set(keys)
    metric = segments.metric_name
    names = []
    for key in keys:
        if key == METRIC_KEY and metric and metric not in taken:
            names.append(metric)
        elif key.startswith(MEASURED_PREFIX) and (short := key[len(MEASURED_PREFIX) :]) not in taken and short != metric:
            names.append(short)
        else:
            names.append(key)
    return names


def bookkeeping(key: str) -> bool:
    """Whether a run's key only numbers its segment."""
    return key in _BOOKKEEPING
