"""The citation format table: the CLI choices, the Cite box and the all.* files are read from it, so a
new format is its writer module plus one table entry."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from package_copy import ROOT, PackageCopy

from nrr_spec.cite import DEPOSIT_FORMATS, FORMATS, MEDIA_TYPES, SUFFIXES
from nrr_spec.cite.formats import CITATION_FORMATS, CITE_BOX, COLLECTIONS, DEPOSITS
from nrr_spec.cli.cite import cite
from nrr_spec.publish.citations import CITE_BOX as PAGE_CITE_BOX
from nrr_spec.publish.citations import COLLECTION_FILES
from nrr_spec.store import load_records

RECORDS = ROOT / "examples" / "records"


def test_every_list_of_formats_is_a_view_of_the_table() -> None:
    names = [fmt.name for fmt in CITATION_FORMATS]
    assert len(set(names)) == len(names) and len({fmt.extension for fmt in CITATION_FORMATS}) == len(names)
    assert list(FORMATS) == names
    assert {fmt.name: fmt.extension for fmt in CITATION_FORMATS} == SUFFIXES
    assert {fmt.name: fmt.media_type for fmt in CITATION_FORMATS} == MEDIA_TYPES
    (option,) = (p for p in cite.params if p.name == "fmt")
    assert isinstance(option.type, click.Choice) and list(option.type.choices) == names
    assert tuple((fmt.name, fmt.label) for fmt in CITE_BOX) == PAGE_CITE_BOX
    assert tuple((fmt.collection_file, fmt.label) for fmt in COLLECTIONS) == COLLECTION_FILES
    assert tuple(fmt.name for fmt in DEPOSITS) == DEPOSIT_FORMATS
    (whole,) = (p for p in cite.params if p.name == "whole")
    assert all(name in (whole.help or "") for name in DEPOSIT_FORMATS)


def test_the_table_keeps_what_the_site_always_offered() -> None:
    assert [name for name, _ in PAGE_CITE_BOX] == ["bibtex", "ris", "cff", "csl"]
    assert [file for file, _ in COLLECTION_FILES] == ["all.bib"]
    assert set(DEPOSIT_FORMATS) == {"zenodo", "datacite"}


# The whole of a new format: a writer module, and one entry in the table.
PLAIN_WRITER = '''"""Plain text: the record id and title on one line."""

from __future__ import annotations

from ..model import Record
from .catalogue import Deposit


def export_plain(record: Record, base_url: str | None = None) -> str:
    return f"{record.id}: {record.title} <{base_url or ''}>\\n"


def deposit_plain(catalogue: Deposit) -> str:
    return f"{catalogue.title}: " + " ".join(record.id for record in catalogue.public) + "\\n"
'''
PLAIN_ENTRY = (
    '    Format("plain", "Plain text", "text/plain", ".txt", export_plain,'
    " cite_box=True, collection=one_after_another, deposit=deposit_plain),\n"
)


@pytest.mark.slow
def test_a_new_format_is_a_writer_module_and_one_table_entry(tmp_path: Path) -> None:
    copy = PackageCopy(tmp_path)
    copy.path("cite/plain.py").write_text(PLAIN_WRITER, encoding="utf-8")
    copy.insert("cite/formats.py", PLAIN_ENTRY, before=")", after="CITATION_FORMATS: tuple[Format, ...] = (")
    copy.insert("cite/formats.py", "from .plain import deposit_plain, export_plain\n", before="from .ris import")
    nrr = copy.nrr

    assert "zenodo or plain)" in " ".join(nrr("cite", "--help").stdout.split())  # a choice of --format and of --all
    public = sorted(record.id for record in load_records(RECORDS) if record.public())
    # Records without a DOI are parts of a deposit through their address: a base URL is needed.
    whole = nrr(
        "cite", "--all", "--format", "plain", "--title", "Lab", "--records", str(RECORDS), "--base-url", "https://x.example/"
    )
    assert whole.stdout == "Lab: " + " ".join(public) + "\n"
    cited = nrr("cite", public[0], "--format", "plain", "--records", str(RECORDS), "--base-url", "https://x.example/")
    assert cited.stdout.startswith(f"{public[0]}: ") and cited.stdout.endswith(" <https://x.example/>\n")

    nrr("build", str(RECORDS), "--out", "site", "--no-search", "--quiet")
    site = tmp_path / "site"
    page = (site / "records" / public[0] / "index.html").read_text(encoding="utf-8")
    assert '<option value="plain">Plain text</option>' in page
    assert re.search(rf'id="cite-plain"[^>]* data-file="{public[0]}.txt" data-href="data:text/plain;', page)
    lines = (site / "all.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split(":", 1)[0] for line in lines if line] == public
    assert (site / "all.bib").is_file()
    guide = (site / "cite" / "index.html").read_text(encoding="utf-8")
    assert "all.txt" in guide and "Plain text" in guide
