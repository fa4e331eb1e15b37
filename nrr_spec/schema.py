"""The published JSON Schemas: one file per version of the standard, shipped in the wheel.

The current version's schema is generated from the model and drift-tested; earlier versions are
published files that never change (docs/versioning.md), and each record is validated against the
schema of the version it declares.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .resources import schemas_dir

KNOWN_VERSIONS = ("1.0", "1.1")
CURRENT_VERSION = KNOWN_VERSIONS[-1]
_BASE_URL = "https://nrr-spec.org/schema/"


def schema_file(version: str = CURRENT_VERSION) -> str:
    """File name of one version's schema, e.g. record-1.1.schema.json."""
    if version not in KNOWN_VERSIONS:
        raise ValueError(f"unknown schema version {version!r}; known: {', '.join(KNOWN_VERSIONS)}")
    return f"record-{version}.schema.json"


def schema_id(version: str = CURRENT_VERSION) -> str:
    return _BASE_URL + schema_file(version)


SCHEMA_FILE = schema_file()
SCHEMA_ID = schema_id()


# A small complete record shown in the schema itself (top-level `examples`): editors offer it, and a
# test holds it valid.
EXAMPLE_RECORD: dict[str, Any] = {
    "schema_version": CURRENT_VERSION,
    "id": "lr-warmup-no-gain-small-gpt",
    "title": "Learning-rate warm-up gives no gain on a small GPT",
    "kind": "existing_method",
    "status": "published",
    "created": "2025-03-02",
    "authors": [
        {"name": "Ada Lovelace", "given_names": "Ada", "family_names": "Lovelace", "entity": "person"},
        {"name": "autoresearch agent (session mar8-h100)", "entity": "software"},
    ],
    "license": "CC-BY-4.0",
    "problem": {"statement": "Does a linear warm-up of 500 steps help a 124M-parameter GPT on 1B tokens?"},
    "results": {"summary": "Validation loss 3.281 with warm-up against 3.279 without, over 3 seeds: no gain."},
}


def generate_schema() -> dict[str, Any]:
    """Build the current version's JSON Schema (draft 2020-12) from the pydantic model."""
    from .model import Record

    body = Record.model_json_schema(by_alias=True, mode="validation")
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
    }
    schema.update(body)
    schema["title"] = "Negative-result record"
    schema["examples"] = [EXAMPLE_RECORD]
    return schema


def render_schema(schema: dict[str, Any] | None = None) -> str:
    """The schema as committed: sorted-free, two-space indented, trailing newline."""
    return json.dumps(schema if schema is not None else generate_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_path(version: str = CURRENT_VERSION) -> Path:
    """Where one version's committed schema lives for this installation."""
    return schemas_dir() / schema_file(version)


@lru_cache(maxsize=len(KNOWN_VERSIONS))
def load_schema(version: str = CURRENT_VERSION) -> dict[str, Any]:
    """One version's committed schema, parsed once per process."""
    return json.loads(schema_path(version).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def schema_text(version: str = CURRENT_VERSION) -> str:
    return schema_path(version).read_text(encoding="utf-8")


def write_schema() -> Path:
    """Regenerate the current version's committed schema from the model (run after changing the model)."""
    path = schemas_dir() / SCHEMA_FILE
    path.write_text(render_schema(), encoding="utf-8")
    return path


if __name__ == "__main__":  # python -m nrr_spec.schema  -> regenerate the current nrr_spec/schemas/record-X.Y.schema.json
    print(write_schema())
