"""The layering checks of STYLE.md as functions of a folder (``tests/test_layering.py`` runs
them on the repository, and on throwaway trees with a planted fault): imports that go up a
layer or out of a ground room, circles of imports, imports of test modules, and code outside
graphmodel/stores/ that asks which store it has."""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("graphmodel", "loaders", "webapp", "partnergraph")  # bottom to top
#: top-level folder -> the top-level folders its modules may import
MAY_IMPORT = {
    **{top: set(PRODUCT[: i + 1]) for i, top in enumerate(PRODUCT)},
    "bench": {*PRODUCT, "bench", "tests"},  # the tests' kits: the Bolt stand-in, Chromium's flags
    "scripts": {*PRODUCT, "scripts", "tests"},
    "data": {*PRODUCT, "data"},  # the scripts that rebuild the reference data
    "tests": {*PRODUCT, "tests", "bench", "scripts", "data"},
}
#: graphmodel's ground rooms -> the graphmodel rooms they may import (besides themselves)
GROUND_ROOMS = {
    "graphmodel.errors": set(),
    "graphmodel.model": {"graphmodel.errors"},
    "graphmodel.safety": {"graphmodel.errors"},
    "graphmodel.build": {"graphmodel.errors", "graphmodel.model"},
    "graphmodel.stores": {
        "graphmodel.errors",
        "graphmodel.model",
        "graphmodel.build",
        "graphmodel.safety",
    },
    # network measures over read views: below the queries and outputs that use them
    "graphmodel.analytics": {
        "graphmodel.errors",
        "graphmodel.model",
        "graphmodel.build",
        "graphmodel.stores",
    },
}
SKIP_DIRS = {".venv", ".git", "fixtures", "__pycache__", "node_modules"}
SKIP_TOP = {"build", "dist"}  # packaging's output


def python_files(root: Path) -> dict[str, Path]:
    """Every module under ``root`` by dotted name (``tests/standin.py`` is ``tests.standin``)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if SKIP_DIRS & set(rel.parts[:-1]) or rel.parts[0] in SKIP_TOP:
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(
    path: Path, modules: dict[str, Path], root: Path
) -> Iterator[tuple[str, int, bool, bool]]:
    """``(module, line, at module level, run by the way)`` for each module an import runs: the
    one it names, and (by the way) the packages around it that the importer is not inside.

    A name resolves as Python would find it: from the repository's root, or, in a folder that
    is not a package (tests/, bench/), from that folder, which is on ``sys.path`` there; the
    tests' folder is on it for bench/ too.
    """
    me = _name(path, root)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    roots = [""]
    if not (path.parent / "__init__.py").exists() and path.parent != root:
        roots.append(_name(path.parent / "__init__.py", root) + ".")
    roots.append("tests.")

    def find(name: str) -> str | None:
        for prefix in roots:
            parts = (prefix + name).split(".")
            for end in range(len(parts), 0, -1):
                if ".".join(parts[:end]) in modules:
                    return ".".join(parts[:end])
        return None

    for node, top in _import_nodes(_parse(path, path.stat().st_mtime_ns), True):
        if isinstance(node, ast.Import):
            targets = [find(a.name) for a in node.names]
        elif node.level:  # relative: from . import x, from ..pkg import y
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            stem = ".".join(base + ([node.module] if node.module else []))
            targets = [
                f"{stem}.{a.name}" if f"{stem}.{a.name}" in modules else stem for a in node.names
            ]
        else:
            targets = [find(f"{node.module}.{a.name}") for a in node.names]
        for target in targets:
            if target in modules and target != me:
                yield target, node.lineno, top, False
                # importing a.b.c from outside package a.b first runs a/b/__init__.py
                for end in range(target.count("."), 0, -1):
                    package_ = target.rsplit(".", end)[0]
                    if package_ in modules and not _within(me, package_):
                        yield package_, node.lineno, top, True


@functools.lru_cache(maxsize=4096)
def _parse(path: Path, mtime_ns: int) -> ast.Module:  # the time keys the cache, no more
    return ast.parse(path.read_text(encoding="utf-8"))


def _name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_nodes(tree: ast.AST, top: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child, top
        elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            continue  # never run
        else:
            inner = top and not isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            yield from _import_nodes(child, inner)


def layer_problems(root: Path) -> list[str]:
    """Imports that go up a layer, out of a ground room, or leave no layer at all."""
    modules = python_files(root)
    problems = []
    for name, path in modules.items():
        top = name.split(".")[0]
        if top not in MAY_IMPORT:
            problems.append(f"{path.relative_to(root)} is in no layer: add {top!r} to MAY_IMPORT")
            continue
        room = next((r for r in GROUND_ROOMS if _within(name, r)), None)
        for target, line, _, by_the_way in imports(path, modules, root):
            if by_the_way:
                continue
            where = f"{path.relative_to(root)}:{line} imports {target}"
            if target.split(".")[0] not in MAY_IMPORT[top]:
                problems.append(f"{where}: {top} may import only {sorted(MAY_IMPORT[top])}")
            elif room and _within(target, "graphmodel") and not _within(target, room):
                allowed = GROUND_ROOMS[room]
                if not any(_within(target, r) for r in allowed):
                    problems.append(f"{where}: {room} may use only {sorted(allowed) or 'itself'}")
    return problems


def _within(name: str, room: str) -> bool:
    return name == room or name.startswith(room + ".")


def import_circles(root: Path, late: bool = False) -> list[list[str]]:
    """Each set of modules that import each other at module level, however far round; with
    ``late``, counting the imports inside functions too."""
    modules = python_files(root)
    graph = {
        m: sorted({t for t, _, top, _ in imports(p, modules, root) if top or late})
        for m, p in modules.items()
    }
    return _strongly_connected(graph)


def late_circles(root: Path) -> list[list[str]]:
    """Circles that only an import inside a function closes (each module-level circle is
    :func:`import_circles`' to report), as the sets of modules they tie together."""
    early = [set(c) for c in import_circles(root)]
    return [c for c in import_circles(root, late=True) if set(c) not in early]


def imports_of_test_modules(root: Path) -> list[str]:
    """Imports of a test module (or conftest) by any other module: fixtures come from
    conftest.py by parameter name, helpers from the kits."""
    modules = python_files(root)
    problems = []
    for path in modules.values():
        for target, line, _, _ in imports(path, modules, root):
            leaf = target.rsplit(".", 1)[-1]
            if _within(target, "tests") and (leaf.startswith("test_") or leaf == "conftest"):
                problem = (
                    f"{path.relative_to(root)}:{line} imports {target}: take fixtures from "
                    "conftest.py by parameter name, and helpers from a kit (browserkit, serverkit)"
                )
                if problem not in problems:  # once for `from test_x import a, b`
                    problems.append(problem)
    return problems


def _strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's components of more than one module, iteratively (no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, []))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
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
                    circles.append(sorted(component))
    return sorted(circles)


#: store names a module may not branch on; only graphmodel/stores/ knows which store it is
STORE_KINDS = {"neo4j", "embedded"}
STORE_CLASSES = {"EmbeddedStore", "Neo4jStore"}


def contract_leaks(root: Path) -> list[str]:
    """Code outside graphmodel/stores/ (tests aside) that asks which store it has (compares a
    ``kind`` with a store's name, or checks a store's class) or reads a store's own graph
    (``store.g``): it should ask the store (``run_named``, ``read_view``, ``runs_cypher``)."""
    leaks = []
    for name, path in python_files(root).items():
        if _within(name, "graphmodel.stores") or name.split(".")[0] == "tests":
            continue
        tree = _parse(path, path.stat().st_mtime_ns)
        for node in ast.walk(tree):
            what = _leak(node)
            if what:
                leaks.append(f"{path.relative_to(root)}:{node.lineno} {what}")
    return leaks


def _leak(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute) and node.attr == "g":
        owner = ast.unparse(node.value)
        if owner.split(".")[-1].endswith("store"):
            return f"reads {owner}.g: use {owner}.read_view()"
    if isinstance(node, ast.Compare):
        sides = [node.left, *node.comparators]
        names = {s.value for s in sides if isinstance(s, ast.Constant)} & STORE_KINDS
        asks_kind = any(
            (isinstance(s, ast.Attribute) and s.attr == "kind")
            or (
                isinstance(s, ast.Call)
                and ast.unparse(s.func) == "getattr"
                and "'kind'" in ast.unparse(s)
            )
            for s in sides
        )
        if names and asks_kind:
            return f"branches on the store's kind ({ast.unparse(node)}): ask the store instead"
    if (
        isinstance(node, ast.Call)
        and ast.unparse(node.func) == "isinstance"
        and len(node.args) == 2
    ):
        classes = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
        if classes & STORE_CLASSES:
            return f"checks the store's class ({ast.unparse(node)}): ask the store instead"
    return None
