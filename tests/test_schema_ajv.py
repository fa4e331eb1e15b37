"""The published schema as JavaScript tools read it: Ajv (draft 2020-12) in strict mode, with ajv-formats."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from nrr_spec.io import read_paths
from nrr_spec.schema import CURRENT_VERSION, load_schema, schema_path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).parent / "js" / "ajv-validate.js"


def _ajv(schema: Path, instances: list[Path]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "ajv" / "package.json").is_file():
        message = "node and the npm dev dependencies are needed (npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [node, str(SCRIPT), str(schema), *map(str, instances)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_current_schema_compiles_in_strict_mode_and_accepts_the_examples(tmp_path: Path) -> None:
    documents = read_paths([ROOT / "examples" / "records"]).documents
    instances = []
    for i, doc in enumerate([*documents, *({"data": example} for example in load_schema()["examples"])]):
        data = doc["data"] if isinstance(doc, dict) else doc.data
        path = tmp_path / f"instance-{i}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        instances.append(path)
    result = _ajv(schema_path(CURRENT_VERSION), instances)
    assert result["compiled"], result.get("error")
    assert result["invalid"] == {}
    assert len(instances) > 10


def test_strict_mode_is_really_on(tmp_path: Path) -> None:
    # What the current schema used to have at Author.email: a format with no type beside it.
    loose = {"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"email": {"format": "email"}}}
    path = tmp_path / "loose.json"
    path.write_text(json.dumps(loose), encoding="utf-8")
    result = _ajv(path, [])
    assert not result["compiled"] and "strict mode" in result["error"]


def test_the_schema_carries_a_valid_example() -> None:
    from nrr_spec.lint.api import validate_record_data

    (example,) = load_schema()["examples"]
    assert example["schema_version"] == CURRENT_VERSION
    assert not [d for d in validate_record_data(example) if d.severity == "error"]
