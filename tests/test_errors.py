"""One error root, and problems reported as values with the right owner: readers say what kind of
problem a file has, the validator says which rule reports it."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

from nrr_spec.errors import ConfigError, NrrError
from nrr_spec.io import parse_text
from nrr_spec.lint.parse_codes import PARSE_CODES, parse_code
from nrr_spec.lint.registry import RULES
from nrr_spec.parse_errors import ParseKind

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "nrr_spec"


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_exception_class_of_the_package_derives_from_nrr_error() -> None:
    found = {}
    for name in _modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == name:
                found[f"{name}.{cls.__qualname__}"] = cls
    assert len(found) >= 15
    strays = [name for name, cls in found.items() if not issubclass(cls, NrrError)]
    assert strays == []
    assert [name for name in found if name.endswith(".ConfigError")] == ["nrr_spec.errors.ConfigError"]


def test_errors_keep_the_builtin_class_callers_caught() -> None:
    from nrr_spec.convert.mapping import MappingError
    from nrr_spec.convert.reader import NotALog
    from nrr_spec.lint.config import ConfigError as LintConfigError
    from nrr_spec.publish.config import ConfigError as SiteConfigError

    assert issubclass(MappingError, ValueError) and issubclass(NotALog, OSError)
    assert LintConfigError is SiteConfigError is ConfigError and issubclass(ConfigError, ValueError)


@pytest.mark.parametrize("module", ["io.py", "yaml_loader.py", "parse_errors.py"])
def test_readers_name_no_validator_rule(module: str) -> None:
    strings = [
        node.value
        for node in ast.walk(ast.parse((PACKAGE_DIR / module).read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert [s for s in strings if re.search(r"NRR\d{3}", s)] == []


def test_every_parse_kind_has_a_rule_of_the_validator() -> None:
    assert set(PARSE_CODES) == {kind.value for kind in ParseKind}
    for kind, code in PARSE_CODES.items():
        assert code in RULES, kind
    assert len(set(PARSE_CODES.values())) == len(PARSE_CODES)


@pytest.mark.parametrize(
    ("text", "fmt", "kind", "code"),
    [
        ("{", "json", ParseKind.syntax, "NRR001"),
        ('{"a": 1, "a": 2}', "json", ParseKind.duplicate_key, "NRR002"),
        ("a: 1\na: 2\n", "yaml", ParseKind.duplicate_key, "NRR002"),
        ("", "json", ParseKind.not_a_record, "NRR008"),
        ("a: !!binary aGk=\n", "yaml", ParseKind.not_json_data, "NRR009"),
        ('{"n": 1' + "0" * 30 + "}", "json", ParseKind.number_out_of_range, "NRR010"),
    ],
)
def test_a_reader_reports_the_kind_and_the_validator_its_code(text: str, fmt: str, kind: ParseKind, code: str) -> None:
    _, failures = parse_text(text, "x." + fmt, fmt)
    assert [f.kind for f in failures] == [kind]
    assert parse_code(failures[0].kind) == code


def test_the_validator_never_reads_standard_input_itself() -> None:
    for path in sorted((PACKAGE_DIR / "lint").rglob("*.py")):
        assert "sys.stdin" not in path.read_text(encoding="utf-8"), path
