"""The package's shape: imports flow one way, scoring never loads the training side.

Floors, lowest first (a module may import its own floor and the ones below it):

1. records: ``cue``, ``article``, ``logodds``
2. evidence: ``urls``, ``language``, ``page`` and ``warc`` (web pages), ``cues/``, ``source/``
3. model: ``model``, ``model_io``, ``reasons`` (contributions in words), ``html`` (rendering)
4. api: ``api``, ``extraction``, ``kinds``, ``featurizer``
5. consumers: ``batch``, ``stream``, ``dask``, ``sites``, ``cli``, ``serve/``, and the
   ``training/`` side
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "credscore"

FLOORS: dict[str, int] = {
    "credscore": 0,  # the package's __init__ imports nothing eagerly
    "credscore.cue": 1,
    "credscore.article": 1,
    "credscore.logodds": 1,
    "credscore.urls": 2,
    "credscore.language": 2,
    "credscore.page": 2,
    "credscore.warc": 2,
    "credscore.cues": 2,
    "credscore.source": 2,
    "credscore.model": 3,
    "credscore.model_io": 3,
    "credscore.html": 3,
    "credscore.reasons": 3,
    "credscore.api": 4,
    "credscore.extraction": 4,
    "credscore.kinds": 4,
    "credscore.featurizer": 4,
    "credscore.batch": 5,
    "credscore.stream": 5,
    "credscore.dask": 5,
    "credscore.sites": 5,
    "credscore.cli": 5,
    "credscore.exit_codes": 5,
    "credscore.serve": 5,
    "credscore.training": 5,
    "credscore.__main__": 5,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(SRC.rglob("*.py"))}


MODULES = _modules()


def _floor(module: str) -> int:
    while module not in FLOORS:
        module = module.rsplit(".", 1)[0]
    return FLOORS[module]


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names imported from it) for every runtime import in the file.

    Imports inside functions count; ``if TYPE_CHECKING:`` blocks do not (never executed).
    ``from package import submodule`` counts as an import of the submodule.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, list[str]]] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [alias.name for alias in node.names]
            submodules = [f"{node.module}.{name}" for name in names]
            if all(name in MODULES for name in submodules):
                found.extend((name, []) for name in submodules)
            else:
                found.append((node.module, names))
        stack.extend(ast.iter_child_nodes(node))
    return found


def _graph() -> dict[str, set[str]]:
    return {
        module: {target for target, _ in _imports(path) if target in MODULES and target != module}
        for module, path in MODULES.items()
    }


def test_every_module_has_a_floor() -> None:
    assert MODULES, SRC
    for module in MODULES:
        _floor(module)  # raises KeyError for a module no floor names


def test_imports_only_flow_down_the_floors() -> None:
    upward = [
        f"{module} (floor {_floor(module)}) imports {target} (floor {_floor(target)})"
        for module, targets in _graph().items()
        for target in targets
        if _floor(target) > _floor(module)
    ]
    assert not upward, "\n".join(upward)


def test_only_the_cli_reaches_into_the_training_side() -> None:
    offenders = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if target.startswith("credscore.training")
        and not module.startswith("credscore.training")
        and module != "credscore.cli"
    ]
    assert not offenders, "\n".join(offenders)


def test_there_is_no_import_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target] if target in path else [target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_no_underscore_name_is_imported_across_modules() -> None:
    crossing = [
        f"{module} imports {name} from {target}"
        for module, path in MODULES.items()
        for target, names in _imports(path)
        if target.startswith("credscore")
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not crossing, "\n".join(crossing)


def test_the_listed_packages_are_every_package_in_the_tree() -> None:
    import tomllib

    config = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    in_tree = {_module_name(path.parent / "__init__.py") for path in SRC.rglob("__init__.py")}
    assert in_tree <= listed, f"add to pyproject's packages: {sorted(in_tree - listed)}"


def test_scoring_loads_neither_the_training_side_nor_scikit_learn(sample_model_dir) -> None:
    code = f"""
import sys
import pandas as pd
import credscore
scorer = credscore.Scorer({str(sample_model_dir)!r}, expected_sha256=None)
scorer.score("The council said on Tuesday that the bridge would open in spring.", title="Bridge")
credscore.score_frame(pd.DataFrame({{"text": ["One article.", "Another one, longer."]}}),
                      scorer=scorer)
credscore.extract("Join our Telegram channel: https://t.me/x")
credscore.profile_sources(pd.DataFrame({{"text": ["One article."], "url": ["https://reuters.com/a"]}}),
                          scorer=scorer)
loaded = sorted(name for name in sys.modules
                if name.startswith(("credscore.training", "sklearn", "scipy")))
print(",".join(loaded))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"scoring imported: {result.stdout.strip()}"
