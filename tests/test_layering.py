"""The layering of STYLE.md, checked on every module of the repository.

graphmodel at the bottom, loaders above it, webapp above that, the command line (partnergraph)
on top; bench/, scripts/, data/'s scripts and tests/ use the product and never the other way
round. Inside graphmodel the ground rooms stay below the rest: model/ and safety/ need only
errors, build/ needs model/, stores/ need build/, analytics/ (measures over read views) needs
no more than these. And no two modules import each other, however far round: a circle of
module-level imports (those run when a module is imported) works only by the order modules
happen to load in; a circle closed by an import inside a function (run later) still ties the
two modules into one, and is listed in ``LATE_CIRCLES`` until it is taken apart. Imports under
``if TYPE_CHECKING:`` never run and count for neither. Importing ``a.b.c`` from outside
``a.b`` runs ``a/b/__init__.py`` first, so that counts too. A test module takes shared
fixtures from ``conftest.py`` and helpers from the kits (``browserkit``, ``serverkit``, ...),
never from another test module.

The checks are functions of a folder, so the tests below also plant an upward import, a
circle (at module level and inside a function) and a test module importing another in a
throwaway tree and see each caught.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

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


# -- the repository ------------------------------------------------------------------------


def test_every_import_keeps_to_the_layers():
    assert layer_problems(ROOT) == []


def test_no_module_circle():
    assert import_circles(ROOT) == []


#: circles closed by an import inside a function, to be taken apart (issue 24); each import
#: named is the one that closes it. A circle not listed fails, and so does one listed and gone.
LATE_CIRCLES = [
    # criteria.py's _result imports the registry, which imports every scorer back; the twins'
    # evaluation builds the evaluator's own Tie, and discovery, graphread and ranking ask it
    # for the reference network's twins
    [
        "graphmodel.evaluator",
        "graphmodel.evaluator.community",
        "graphmodel.evaluator.config",
        "graphmodel.evaluator.criteria",
        "graphmodel.evaluator.discovery",
        "graphmodel.evaluator.evaluate",
        "graphmodel.evaluator.funding",
        "graphmodel.evaluator.graphread",
        "graphmodel.evaluator.home",
        "graphmodel.evaluator.network",
        "graphmodel.evaluator.ranking",
        "graphmodel.evaluator.recommendation",
        "graphmodel.evaluator.registry",
        "graphmodel.evaluator.sensitivity",
        "graphmodel.evaluator.vector",
        "graphmodel.twins.evaluation",
    ],
    # common._reading_store imports cli_twins, which imports common
    ["partnergraph.cli_twins", "partnergraph.common"],
    # the Evaluate page's register_callbacks imports its callbacks, which import the page's
    # helpers back
    ["webapp.evaluate_callbacks", "webapp.pages.evaluate"],
]


def test_no_new_circle_closed_inside_a_function():
    found = late_circles(ROOT)
    new = [c for c in found if c not in LATE_CIRCLES]
    assert new == [], f"modules tied in a circle by an import inside a function: {new}"
    gone = [c for c in LATE_CIRCLES if c not in found]
    assert gone == [], f"these circles are gone or changed: update LATE_CIRCLES: {gone}"


def test_no_test_module_imports_another():
    assert imports_of_test_modules(ROOT) == []


def test_doctests_run_in_every_package_and_folder_of_code():
    """pytest's default run (what CI runs) collects every folder of code with its doctests."""
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_ini = config["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in pytest_ini["addopts"].split()
    run = set(pytest_ini["testpaths"])
    left_out = {
        str(path.relative_to(ROOT))
        for name, path in python_files(ROOT).items()
        if name.split(".")[0] not in run
    }
    # a folder may stay out (scripts/ and data/'s scripts are run by hand) if it has no examples
    with_examples = {f for f in left_out if ">>> " in (ROOT / f).read_text(encoding="utf-8")}
    assert with_examples == set(), "examples that never run: add their folder to testpaths"


def test_only_the_stores_know_which_store_they_are():
    assert contract_leaks(ROOT) == []


def test_every_package_and_folder_of_code_is_checked():
    tops = {name.split(".")[0] for name in python_files(ROOT)}
    assert tops == set(MAY_IMPORT)
    assert len(python_files(ROOT)) > 200  # every module, not just the packages' first level


# -- the checks catch what they are for -----------------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


PACKAGES = {f"{top}/__init__.py": "" for top in PRODUCT} | {
    "graphmodel/model/__init__.py": "",
    "graphmodel/stores/__init__.py": "",
}


@pytest.mark.parametrize(
    "file, text, caught",
    [
        (
            "graphmodel/low.py",
            "from webapp.app import create_app\n",
            "graphmodel/low.py:1 imports webapp.app",
        ),
        ("loaders/x.py", "import partnergraph.cli\n", "loaders/x.py:1 imports partnergraph.cli"),
        (
            "webapp/x.py",
            "def f():\n    from partnergraph import cli\n",
            "webapp/x.py:2 imports partnergraph.cli",
        ),
        ("graphmodel/x.py", "import tests.kit\n", "graphmodel/x.py:1 imports tests.kit"),
        (
            "graphmodel/model/r.py",
            "from ..stores import base\n",
            "graphmodel/model/r.py:1 imports graphmodel.stores.base",
        ),
        ("newpkg/x.py", "", "newpkg/x.py is in no layer"),
    ],
)
def test_a_planted_upward_import_is_caught(tmp_path, file, text, caught):
    files = PACKAGES | {
        "webapp/app.py": "",
        "partnergraph/cli.py": "",
        "tests/kit.py": "",
        "graphmodel/stores/base.py": "",
        file: text,
    }
    problems = layer_problems(_tree(tmp_path, files))
    assert len(problems) == 1 and problems[0].startswith(caught), problems


def test_downward_imports_and_test_kits_pass(tmp_path):
    files = PACKAGES | {
        "graphmodel/stores/base.py": "from graphmodel.model import records\n",
        "graphmodel/model/records.py": "import pydantic\n",
        "webapp/app.py": "from loaders import x\nfrom graphmodel.stores.base import Store\n",
        "loaders/x.py": "from graphmodel import stores\n",
        "tests/standin.py": "",
        "tests/test_a.py": "from standin import BoltStandin\nfrom webapp.app import create_app\n",
        "bench/bench_a.py": "import standin\nfrom partnergraph import cli\n",
        "partnergraph/cli.py": "from webapp import app\n",
    }
    assert layer_problems(_tree(tmp_path, files)) == []


def test_a_planted_circle_is_caught(tmp_path):
    files = PACKAGES | {
        "loaders/a.py": "from loaders import b\n",
        "loaders/b.py": "import loaders.c\n",
        "loaders/c.py": "from .a import parse\n",
        "loaders/d.py": "from . import a\n",  # imports into the circle, not part of it
    }
    assert import_circles(_tree(tmp_path, files)) == [["loaders.a", "loaders.b", "loaders.c"]]


def test_a_circle_at_the_bottom_of_a_module_is_caught(tmp_path):
    files = PACKAGES | {
        "graphmodel/card.py": "def card():\n    pass\n\n\nfrom graphmodel import timeline  # registers\n",
        "graphmodel/timeline.py": "from graphmodel.card import card\n",
    }
    assert import_circles(_tree(tmp_path, files)) == [["graphmodel.card", "graphmodel.timeline"]]


def test_a_circle_closed_inside_a_function_is_caught_apart(tmp_path):
    """An import inside a function closes c -> d -> c: not a module-level circle (it loads in
    any order), but a circle all the same; an import that never runs closes none."""
    files = PACKAGES | {
        "webapp/a.py": "def f():\n    from webapp import b\n",
        "webapp/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from webapp import a\n",
        "webapp/c.py": "import webapp.d\n",
        "webapp/d.py": "class D:\n    def m(self):\n        import webapp.c\n",
        "loaders/e.py": "from loaders import f\n",
        "loaders/f.py": "from loaders import e\n",  # a module-level circle: reported once
    }
    root = _tree(tmp_path, files)
    assert import_circles(root) == [["loaders.e", "loaders.f"]]
    assert late_circles(root) == [["webapp.c", "webapp.d"]]


def test_a_test_module_importing_another_is_caught(tmp_path):
    files = PACKAGES | {
        "tests/conftest.py": "from browserkit import ARGS\n",
        "tests/browserkit.py": "",
        "tests/serverkit.py": "from browserkit import free_port\n",
        "tests/test_a.py": "import pytest\n\n@pytest.fixture\ndef page():\n    pass\n",
        "tests/test_b.py": "from test_a import page, f  # noqa: F401\nfrom browserkit import ARGS\n",
        "tests/test_c.py": "def test():\n    import conftest\n",
        "bench/bench_x.py": "from browserkit import ARGS\n",
        "bench/bench_y.py": "import test_a\n",
    }
    problems = imports_of_test_modules(_tree(tmp_path, files))
    assert [p.split(":")[0] + ":" + p.split(":")[1].split(" ")[0] for p in problems] == [
        "bench/bench_y.py:1",
        "tests/test_b.py:1",
        "tests/test_c.py:2",
    ], problems
    assert "imports tests.test_a" in problems[1] and "imports tests.conftest" in problems[2]


def test_a_circle_through_a_package_that_imports_its_modules_is_caught(tmp_path):
    """Importing ``queries.helpers`` from outside first runs ``queries/__init__``, which here
    imports a query that needs the importer back."""
    files = PACKAGES | {
        "graphmodel/views/__init__.py": "",
        "graphmodel/views/sources.py": "from graphmodel.queries.helpers import walk\n",
        "graphmodel/queries/__init__.py": "from . import conflicts, helpers\n",
        "graphmodel/queries/helpers.py": "",
        "graphmodel/queries/conflicts.py": "from graphmodel.views.sources import labels\n",
    }
    assert import_circles(_tree(tmp_path, files)) == [
        ["graphmodel.queries", "graphmodel.queries.conflicts", "graphmodel.views.sources"]
    ]


def test_a_planted_store_check_is_caught(tmp_path):
    files = PACKAGES | {
        "graphmodel/stores/__init__.py": "",
        "graphmodel/stores/embedded.py": "class EmbeddedStore:\n    kind = 'embedded'\n"
        "    def node(self, n):\n        return self.g.nodes[n]\n",
        "webapp/page.py": "def run(ctx, q):\n"
        "    if ctx.store.kind == 'neo4j':\n        return ctx.store.read_rows(q)\n"
        "    return q(ctx.store.g)\n",
        "loaders/write.py": "def write(store):\n    if getattr(store, 'kind', None) != 'embedded':\n"
        "        return isinstance(store, Neo4jStore)\n",
        "partnergraph/cli.py": "def say(store):\n    print(f'the {store.kind} store', store.runs_cypher)\n",
        "tests/test_embedded.py": "def test(store):\n    assert store.g\n",
    }
    leaks = contract_leaks(_tree(tmp_path, files))
    assert [leak.split(" ")[0] for leak in leaks] == [
        "loaders/write.py:2",
        "loaders/write.py:3",
        "webapp/page.py:2",
        "webapp/page.py:4",
    ], leaks
