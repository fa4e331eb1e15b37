"""The data the package ships (schemas, templates, theme): found by one locator, inside the wheel, and
usable from an installed copy with no checkout beside it."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nrr_spec import resources
from nrr_spec.authoring.templates import template_names
from nrr_spec.schema import KNOWN_VERSIONS, schema_path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "nrr_spec"
# The paths the design and the docs name, and the package folder each one is a link to.
REPOSITORY_LINKS = {"schema": resources.SCHEMAS, "templates": resources.TEMPLATES, "site": resources.THEME}


def data_files() -> set[str]:
    """Every file of the package's data folders, as a wheel names it (nrr_spec/schemas/...)."""
    return {
        path.relative_to(ROOT).as_posix()
        for name in resources.FOLDERS
        for path in (PACKAGE / name).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_locator_finds_every_resource_inside_the_package() -> None:
    for name in resources.FOLDERS:
        assert resources.package_folder(name).resolve() == (PACKAGE / name).resolve()
    for version in KNOWN_VERSIONS:
        assert json.loads(schema_path(version).read_text(encoding="utf-8"))["$id"].endswith(f"record-{version}.schema.json")
    assert set(template_names()) >= {"full", "applied", "tiny", "replication", "automated"}
    assert (resources.site_templates_dir() / "record.html").is_file()
    assert (resources.site_templates_dir() / "narrative" / "index.md").is_file()
    assert (resources.theme_dir() / "overrides" / "main.html").is_file()
    assets = {p.name for p in (resources.theme_dir() / "assets").iterdir()}
    assert "nrr.css" in assets
    assert {name for name in assets if name.endswith(".js")} == set(resources.SCRIPTS)  # every script is loaded


# "site" is left out: it names output folders too (the old theme folder's name, now `theme`).
DATA_NAMES = {"schema", "schemas", "templates", "theme"}


def _reaches_into_data(node: ast.AST) -> bool:
    """`something / "templates"`, `.joinpath("schemas", ...)` or `resources.files("nrr_spec")`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return any(isinstance(side, ast.Constant) and side.value in DATA_NAMES for side in (node.left, node.right))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        first = node.args[0] if node.args else None
        named = isinstance(first, ast.Constant)
        if node.func.attr == "joinpath" and named and first.value in DATA_NAMES:  # type: ignore[union-attr]
            return True
        return node.func.attr == "files" and named and first.value == "nrr_spec"  # type: ignore[union-attr]
    return False


def test_no_module_finds_the_data_by_its_own_path() -> None:
    """Only nrr_spec/resources.py knows where the data folders are."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "resources.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _reaches_into_data(node):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")  # type: ignore[attr-defined]
    assert offenders == []


def test_the_data_check_catches_a_second_locator() -> None:
    for source in (
        'Path(__file__).parent.parent / "templates"',
        'files("x").joinpath("schemas", n)',
        'resources.files("nrr_spec")',
    ):
        assert any(_reaches_into_data(node) for node in ast.walk(ast.parse(source))), source
    assert not any(_reaches_into_data(node) for node in ast.walk(ast.parse('out / "records" / name')))


def test_repository_paths_are_links_to_the_package_data() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("an unpacked source distribution has no repository links: its data is in nrr_spec/")
    for link, folder in REPOSITORY_LINKS.items():
        path = ROOT / link
        assert path.is_symlink(), f"{link}/ must be a link to nrr_spec/{folder}/, not a second copy"
        assert path.resolve() == (PACKAGE / folder).resolve()


def _wheel_build_command(out: Path) -> list[str]:
    command = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--quiet", "-w", str(out)]
    try:
        import hatchling  # noqa: F401  the build backend is already here: build offline, without isolation
    except ImportError:
        return command
    return [*command, "--no-build-isolation"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(_wheel_build_command(out), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    (built,) = out.glob("nrr_spec-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_ships_every_schema_template_and_theme_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert data_files() <= names, sorted(data_files() - names)
        for version in KNOWN_VERSIONS:
            assert archive.read(f"nrr_spec/schemas/record-{version}.schema.json") == schema_path(version).read_bytes()
    assert not {name for name in names if name.startswith(("schema/", "templates/", "site/"))}


@pytest.mark.slow
def test_an_installed_copy_validates_writes_and_builds_without_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """The wheel unpacked where no source tree is near: the commands find their data inside it."""
    installed = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    work = tmp_path / "lab"
    work.mkdir()
    # The unpacked wheel comes first on the path, ahead of the development install.
    env = {**os.environ, "PYTHONPATH": str(installed)}

    def nrr(*args: str) -> subprocess.CompletedProcess[str]:
        code = "import sys\nfrom nrr_spec.cli import main\nsys.argv[0] = 'nrr'\nmain()\n"
        return subprocess.run([sys.executable, "-c", code, *args], cwd=work, env=env, capture_output=True, text=True, timeout=300)

    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "from nrr_spec import resources\nprint('\\n'.join(str(resources.package_folder(n)) for n in resources.FOLDERS))",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.returncode == 0, where.stderr
    assert [Path(line) for line in where.stdout.split()] == [installed / "nrr_spec" / name for name in resources.FOLDERS]

    checked = nrr("validate", str(ROOT / "examples" / "records"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    answers = {
        "--title": "Dropout gives no gain on small tabular data",
        "--problem": "Overfitting on 2k rows.",
        "--hypothesis": "Dropout 0.3 improves AUC.",
        "--result": "AUC unchanged (0.812 vs 0.813).",
        "--author": "Ada Lovelace",
    }
    made = nrr("new", "--no-input", "--template", "tiny", "--records", "records", *(x for pair in answers.items() for x in pair))
    assert made.returncode == 0, made.stdout + made.stderr
    assert (work / "records" / "dropout-gives-no-gain-on-small-tabular-data.yaml").is_file()
    built = nrr("build", str(ROOT / "examples" / "records"), "--out", "site-out", "--no-search", "--quiet")
    assert built.returncode == 0, built.stdout + built.stderr
    page = (work / "site-out" / "records" / "tent-cardiac-mri-scanner-shift" / "index.html").read_text(encoding="utf-8")
    assert "Cite" in page and (work / "site-out" / "assets" / "nrr" / "nrr.css").is_file()
