"""The citation a record page shows to read names who the BibTeX and CFF beside it name."""

from __future__ import annotations

import json
from pathlib import Path

from nrr_spec.cite import export
from nrr_spec.model import Record
from nrr_spec.publish import SiteConfig
from nrr_spec.publish.citations import citation_line


def test_a_converted_record_without_authors_is_cited_as_its_loop_not_anonymous(examples_dir: Path) -> None:
    data = json.loads((examples_dir / "autoresearch-batch-131k-crash.json").read_text(encoding="utf-8"))
    data.pop("authors", None)
    data.setdefault("provenance", {})["converter"] = {"name": "nrr convert autoresearch", "version": "1"}
    record = Record.model_validate(data)
    line = citation_line(record, SiteConfig(title="Lab"))
    assert line.startswith(f"autoresearch agent (session {data['experiment']['session']})"), line
    assert "Anonymous" not in line
    assert "autoresearch agent" in export(record, "bibtex")
    assert line.endswith(f"Lab, version {record.version}. Record {record.id}.")
