"""The mapping file: column roles for layouts the converter cannot guess (and for tracker exports).

    # mlflow-runs.map.yaml
    commit: run_id              # the id of a run
    status: status              # FINISHED / FAILED / KILLED
    description: tags.mlflow.note.content
    metric: metrics.val_loss
    direction: lower
    session: experiment_id
    run: run_id                 # a tracker's run id, in the record's id (name, time, user: the run's name, start, who)
    config: "params.*"          # columns holding the run's configuration; changes are read from them
    judge_by_metric: true       # runs without keep/discard are kept when they beat the best so far
    status_map: {FINISHED: other, FAILED: crash, KILLED: crash}

Column names may be globs. Every key is optional.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import NrrError
from ..model.vocabulary import Direction, ExperimentOutcome, values

ROLE_KEYS = {"commit", "status", "description", "metric", "param", "old", "new", "session", "run", "name", "time", "user"}
KEYS = ROLE_KEYS | {"direction", "config", "judge_by_metric", "status_map"}
OUTCOMES = values(ExperimentOutcome)


class MappingError(NrrError, ValueError):
    """A mapping file that cannot be used; the message says where and what to do."""


def load_mapping(path: str | Path) -> dict[str, Any]:
    """Read and check a mapping file (YAML or JSON)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: cannot read the mapping file ({exc}).") from exc
    from ..io import reject_duplicate_keys
    from ..parse_errors import DuplicateKeyError, YamlProblem
    from ..yaml_loader import load

    try:
        # Duplicate keys are refused: a mapping that names `metric` twice means one of the two by accident.
        if str(path).endswith(".json"):
            data = json.loads(text, object_pairs_hook=reject_duplicate_keys)
        else:
            data = load(text, text_keys=False)
    except DuplicateKeyError as exc:
        raise MappingError(f"{path}: the key {exc.key!r} appears twice; keep one of the two.") from exc
    except YamlProblem as exc:
        problem = exc.message.removeprefix("invalid YAML: ")
        raise MappingError(f"{path}:{exc.line}: not valid YAML: {problem}. {exc.hint}") from exc
    except ValueError as exc:
        raise MappingError(f"{path}: not valid JSON: {exc}") from exc
    return check_mapping(data, str(path))


def check_mapping(data: Any, where: str = "mapping") -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise MappingError(f"{where}: the mapping must be a table of key: column, e.g. 'metric: val_loss'.")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys are {', '.join(sorted(KEYS))}.")
    for key in ROLE_KEYS & set(data):
        if not isinstance(data[key], str):
            raise MappingError(f"{where}: '{key}' must name one column (a string), not {type(data[key]).__name__}.")
    if "direction" in data and data["direction"] not in values(Direction):
        raise MappingError(
            f"{where}: 'direction' must be {' or '.join(map(repr, values(Direction)))}, not {data['direction']!r}."
        )
    status_map = data.get("status_map", {})
    if not isinstance(status_map, dict) or any(str(v) not in OUTCOMES for v in status_map.values()):
        raise MappingError(f"{where}: 'status_map' maps status words to one of {', '.join(sorted(OUTCOMES))}.")
    data["status_map"] = {str(k): str(v) for k, v in status_map.items()}
    config = data.get("config")
    if config is not None and not isinstance(config, (str, list)):
        raise MappingError(f"{where}: 'config' is a column glob or a list of them, e.g. 'params.*'.")
    return data


def parse_status_map(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`--status-map WORD=OUTCOME` options into a dict."""
    out: dict[str, str] = {}
    for item in items:
        word, sep, outcome = item.partition("=")
        if not sep or outcome.strip().lower() not in OUTCOMES:
            raise MappingError(f"--status-map {item!r}: write WORD=OUTCOME, OUTCOME one of {', '.join(sorted(OUTCOMES))}.")
        out[word.strip()] = outcome.strip().lower()
    return out
