"""BibTeX against the shared contract, read by pybtex and by the bibtex program itself."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from citecheck import latex_text, parse_bibtex, run_bibtex
from test_cite_contract import BASE_URL, CASES, GOLDEN, ExporterContract, load_case

from nrr_spec.cite import export
from nrr_spec.model import Record


class TestBibtex(ExporterContract):
    fmt = "bibtex"

    def parse(self, text: str) -> Any:
        data = parse_bibtex(text)
        assert len(data.entries) == 1
        return data.entries

    def _entry(self, parsed: Any) -> Any:
        return next(iter(parsed.values()))

    def key(self, parsed: Any) -> str | None:
        return next(iter(parsed.keys()))

    def version(self, parsed: Any) -> str | None:
        return self._entry(parsed).fields["version"]

    def urls(self, parsed: Any) -> list[str]:
        fields = self._entry(parsed).fields
        return [unquote(fields["url"])] if "url" in fields else []

    def doi(self, parsed: Any) -> str | None:
        fields = self._entry(parsed).fields
        return unquote(fields["doi"]) if "doi" in fields else None

    def title(self, parsed: Any) -> str | None:
        value = self._entry(parsed).fields["title"]
        assert value.startswith("{") and value.endswith("}"), "title is brace-protected against case changes"
        return latex_text(value[1:-1])

    @pytest.mark.parametrize("case", CASES)
    def test_the_bibtex_program_reads_it(self, case: str, tmp_path: Path) -> None:
        run_bibtex(export(load_case(case), "bibtex", base_url=BASE_URL), tmp_path)

    def test_every_text_field_is_escaped(self) -> None:
        entry = self._entry(self.parse(export(load_case("special-characters"), "bibtex", base_url=BASE_URL)))
        for name, value in entry.fields.items():
            if name.lower() not in ("url", "doi", "title"):
                latex_text(value)
        assert entry.fields["publisher"] == r"Institut für Mathematik \& Logik"
        assert "Gödel" in entry.persons["author"][0].last_names, "non-ASCII stays UTF-8"

    def test_names_that_would_split_wrongly_are_braced(self) -> None:
        people = self._entry(self.parse(export(load_case("special-characters"), "bibtex"))).persons["author"]
        assert [str(person) for person in people][2] == "{Barnes and Noble}"
        assert people[4].last_names == ["{Plato}"]
        assert people[1].prelast_names == ["de", "la"] and people[1].last_names == ["Cruz"]

    def test_month_is_a_bibtex_macro(self) -> None:
        text = export(load_case("full"), "bibtex")
        assert "= may," in text
        assert self._entry(self.parse(text)).fields["month"] == "May"  # pybtex expands the macro

    def test_verbatim_fields_keep_braces_balanced(self) -> None:
        entry = self._entry(self.parse(export(load_case("special-characters"), "bibtex")))
        assert entry.fields["doi"] == "10.1234/odd_doi(2025)#5"


LONE_BRACES = ["Lone { opening brace", "Lone } closing brace", "}{ reversed", "{{ two open", "a \\{ escaped one"]


@pytest.mark.parametrize("title", LONE_BRACES)
def test_a_lone_brace_anywhere_keeps_the_database_readable(title: str, tmp_path: Path) -> None:
    data = json.loads((GOLDEN / "minimal" / "record.json").read_text(encoding="utf-8"))
    data |= {"title": title, "summary": f"abstract with {title}", "keywords": [title]}
    data["authors"] = [{"name": f"Ada {title}", "affiliation": title}]
    lone = export(Record.model_validate(data), "bibtex")
    # A site's all.bib: one bad entry used to make pybtex reject the whole file ("PrematureEOF")
    # and BibTeX stop at "Illegal end of database file".
    database = export(load_case("full"), "bibtex") + "\n" + lone + "\n" + export(load_case("special-characters"), "bibtex")
    entries = parse_bibtex(database).entries
    assert len(entries) == 3
    assert latex_text(entries["lr-warmup-no-gain"].fields["title"][1:-1]) == title
    run_bibtex(database, tmp_path)


def test_the_site_bibliography_of_the_examples_is_read_whole(tmp_path: Path) -> None:
    from nrr_spec.io import read_paths

    examples = Path(__file__).resolve().parent.parent / "examples" / "records"
    records = [Record.model_validate(copy.deepcopy(doc.data)) for doc in read_paths([examples]).documents]
    database = "\n".join(export(record, "bibtex") for record in records)
    assert len(parse_bibtex(database).entries) == len(records) > 5
    run_bibtex(database, tmp_path)
