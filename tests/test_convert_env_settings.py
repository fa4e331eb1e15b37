"""A JSON Lines log that records the environment variables each run was started with (the way many
training scripts take their settings) gives the changes of each run from them."""

from __future__ import annotations

import json
from pathlib import Path

from nrr_spec.convert.pipeline import convert_log


def _changes(records: list) -> list[list[tuple[object, object, object]]]:
    out = []
    for record in records:
        data = record if isinstance(record, dict) else record.model_dump(mode="json", exclude_none=True)
        out.append([(c["parameter"], c.get("from"), c.get("to")) for c in data["experiment"].get("changes", [])])
    return out


def test_settings_in_an_env_object_are_the_runs_changes(tmp_path: Path) -> None:
    rows = [
        {"name": "baseline", "extra_env": {"NUM_LAYERS": "12"}, "exit_code": 0, "val_bpb": 1.482},
        {"name": "13L", "extra_env": {"NUM_LAYERS": "13"}, "exit_code": 0, "val_bpb": 1.481},
        {"name": "13L warmdown", "extra_env": {"NUM_LAYERS": "13", "WARMDOWN_ITERS": "2000"}, "exit_code": 0, "val_bpb": 1.490},
    ]
    log = tmp_path / "results.jsonl"
    log.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    changes = _changes(convert_log(log).records)
    assert ("num_layers", "12", "13") in changes[1]
    assert [c[0] for c in changes[2]] == ["warmdown_iters"]
    assert changes[2][0][2] == "2000"
