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

The checks (tests/layerkit.py) are functions of a folder, so the tests below also plant an upward import, a
circle (at module level and inside a function) and a test module importing another in a
throwaway tree and see each caught.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from layerkit import (
    MAY_IMPORT,
    PRODUCT,
    ROOT,
    contract_leaks,
    import_circles,
    imports_of_test_modules,
    late_circles,
    layer_problems,
    python_files,
)

# -- the repository ------------------------------------------------------------------------


def test_every_import_keeps_to_the_layers():
    assert layer_problems(ROOT) == []


def test_no_module_circle():
    assert import_circles(ROOT) == []


#: circles closed by an import inside a function, to be taken apart (issue 24); each import
#: named is the one that closes it. A circle not listed fails, and so does one listed and gone.
LATE_CIRCLES: list[list[str]] = []  # none left: a circle closed inside a function fails


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
