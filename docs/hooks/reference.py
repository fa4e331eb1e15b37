"""MkDocs hook: generate reference.md from the committed schema at build time.

A hook rather than the mkdocs-gen-files plugin: MkDocs 1.6 can add an in-memory page itself
(`File.generated`), so the site needs no extra dependency and nothing is written into docs/.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

SCHEMA_VERSION = "1.0"
PAGE = "reference.md"


def on_files(files: Files, config: Any) -> Files:
    root = Path(config.config_file_path).resolve().parent
    try:
        from nrr_spec.reference import render_field_reference
        from nrr_spec.schema import schema_path
    except ModuleNotFoundError:  # building the docs from a checkout without installing the package
        sys.path.insert(0, str(root))
        from nrr_spec.reference import render_field_reference
        from nrr_spec.schema import schema_path

    schema = json.loads(schema_path(SCHEMA_VERSION).read_text(encoding="utf-8"))
    existing = files.get_file_from_path(PAGE)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, PAGE, content=render_field_reference(schema)))
    return files
