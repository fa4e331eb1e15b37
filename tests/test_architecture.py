"""The package's import graph: no cycles between modules, and no module imports a layer above its own.

The graph is read from the source with `ast`, so imports inside functions count as much as those
at the top of a module (a cycle deferred into a function is still a cycle a reader must untangle),
and so do the modules a module loads by name with `importlib.import_module` (the lazy public names,
the CLI's commands, the reporters). Imports under `if TYPE_CHECKING:` are left out: they never run
and only name types.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "nrr_spec"

# Bottom to top. A module may import its own layer or any layer below it, never one above.
# Each entry is a module or package prefix; the longest matching prefix decides a module's layer.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        (
            "nrr_spec.version",
            "nrr_spec.errors",
            "nrr_spec.os_errors",
            "nrr_spec.names",
            "nrr_spec.reference",
            "nrr_spec.urls",
            "nrr_spec.resources",
            "nrr_spec.processes",
        ),
    ),
    ("model", ("nrr_spec.model",)),
    ("schema", ("nrr_spec.schema",)),
    (
        "io",
        (
            "nrr_spec.parse_errors",
            "nrr_spec.yaml_loader",
            "nrr_spec.io",
            "nrr_spec.envcapture",
            "nrr_spec.config_files",
            "nrr_spec.store",
        ),
    ),
    (
        "engines",
        (
            "nrr_spec.changes",
            "nrr_spec.lint",
            "nrr_spec.cite",
            "nrr_spec.quality",
            "nrr_spec.convert",
            # a record is checked by the validator before converters or `record` write it
            "nrr_spec.checked_write",
        ),
    ),
    ("knowledge", ("nrr_spec.knowledge",)),
    ("products", ("nrr_spec.publish", "nrr_spec.authoring")),
    ("faces", ("nrr_spec.cli", "nrr_spec.mcp")),
    # The root package: the public names (`nrr_spec.check_proposal`, ...), loaded on first use.
    ("facade", ("nrr_spec.__root__",)),
]

# Packages in one layer that must still not import each other, as (importer, imported).
FORBIDDEN: list[tuple[str, str]] = [
    ("nrr_spec.lint", "nrr_spec.publish"),
    ("nrr_spec.lint", "nrr_spec.convert"),
    ("nrr_spec.changes", "nrr_spec.convert"),
    ("nrr_spec.checked_write", "nrr_spec.convert"),
]


def module_files() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of the tree except those under `if TYPE_CHECKING:`."""
    found: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package modules that `name` imports; `from pkg import sub` counts as importing `pkg.sub`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    targets: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.add(submodule if submodule in modules else source)
    targets |= _loaded_by_name(name, tree, modules)
    return {target for target in targets if target in modules and target != name}


def _loaded_by_name(name: str, tree: ast.AST, modules: dict[str, Path]) -> set[str]:
    """Modules `name` may load with `import_module`: those its strings name, whole
    (`"nrr_spec.cli.convert"`) or below itself (`f"{__name__}.{REPORTERS[name]}"` with "sarif")."""
    nodes = _runtime_nodes(tree)
    calls = any(isinstance(n, ast.Call) and "import_module" in ast.unparse(n.func) for n in nodes)
    if not calls:
        return set()
    words = {n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return {w for w in words if w in modules} | {f"{name}.{w}" for w in words if f"{name}.{w}" in modules}


def import_graph() -> dict[str, set[str]]:
    modules = module_files()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def layer_of(module: str) -> tuple[int, str]:
    if module == "nrr_spec":
        module = "nrr_spec.__root__"
    best: tuple[int, int, str] | None = None
    for rank, (_label, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), rank, prefix)
    assert best is not None, f"{module} is in no declared layer: add it to LAYERS"
    return best[1], best[2]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_every_module_has_a_layer() -> None:
    for module in module_files():
        layer_of(module)


def test_no_import_cycles() -> None:
    graph = import_graph()
    found = cycles(graph)
    described = ["; ".join(f"{a} -> {', '.join(sorted(graph[a] & set(c)))}" for a in c) for c in found]
    assert not found, "import cycles:\n" + "\n".join(described)


def test_no_upward_imports() -> None:
    upward = []
    for module, targets in sorted(import_graph().items()):
        rank, _ = layer_of(module)
        for target in sorted(targets):
            target_rank, _ = layer_of(target)
            if target_rank > rank:
                upward.append(f"{module} ({LAYERS[rank][0]}) imports {target} ({LAYERS[target_rank][0]})")
    assert not upward, "imports reach up a layer:\n" + "\n".join(upward)


def test_forbidden_imports_within_a_layer() -> None:
    graph = import_graph()
    broken = [
        f"{module} imports {target}"
        for importer, imported in FORBIDDEN
        for module, targets in sorted(graph.items())
        if module == importer or module.startswith(importer + ".")
        for target in sorted(targets)
        if target == imported or target.startswith(imported + ".")
    ]
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from . import b\n", {"pkg.b"}),
        ("from .b import thing\n", {"pkg.b"}),
        ("def f():\n    from ..top import x\n", {"top"}),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import T\n", set()),
        ("import pkg.b\n", {"pkg.b"}),
    ],
)
def test_import_reader(tmp_path: Path, source: str, expected: set[str]) -> None:
    path = tmp_path / "a.py"
    path.write_text(source, encoding="utf-8")
    modules = {"pkg": tmp_path / "__init__.py", "pkg.a": path, "pkg.b": path, "top": path}
    assert imports_of("pkg.a", path, modules) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('from importlib import import_module\nLAZY = {"x": "top"}\ndef f(n):\n    import_module(LAZY[n])\n', {"top"}),
        (
            'from importlib import import_module\nNAMES = {"x": "b"}\ndef f(n):\n    import_module(f"{__name__}.{NAMES[n]}")\n',
            {"pkg.b"},
        ),
        ('NAMES = {"x": "top"}\n', set()),  # a string alone is not an import
    ],
)
def test_import_reader_sees_modules_loaded_by_name(tmp_path: Path, source: str, expected: set[str]) -> None:
    path = tmp_path / "__init__.py"
    path.write_text(source, encoding="utf-8")
    modules = {"pkg": path, "pkg.b": path, "top": path}
    assert imports_of("pkg", path, modules) == expected


def test_the_root_package_is_imported_by_no_module_of_the_package() -> None:
    graph = import_graph()
    assert {"nrr_spec.knowledge.api", "nrr_spec.lint.api"} <= graph["nrr_spec"]  # its lazy names are seen
    assert sorted(module for module, targets in graph.items() if "nrr_spec" in targets) == []


def test_cycle_finder_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
