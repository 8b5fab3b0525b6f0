"""The README is executable documentation: its Python blocks run and its commands work.

Every fenced ``python`` block runs, in order, in one namespace, from a scratch folder holding
a copy of the repository's ``data/`` (so relative paths in the examples work and nothing
is written into the checkout). Every ``bash`` block's commands run through the shell there,
with the installed ``credscore``; a command may exit 0, or 1 when the README says some rows
are expected to fail. A block is skipped only when the README marks it, on the line before
its fence, with ``<!-- readme: illustrative, <reason> -->``; installation steps
(``pip install ...``) are CI's own first step (``.ci/run``) and are dropped from a command.
The shipped model scores everything here, as it does for a reader.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"

_BLOCK_RE = re.compile(
    r"(?:<!--\s*readme:\s*(?P<mark>[^>]*?)\s*-->\s*\n)?^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```",
    re.S | re.M,
)
_INSTALL_RE = re.compile(r"^\s*(?:python\s+-m\s+)?pip\s+install\s+[^&;]*(?:&&\s*)?")
# Seconds a README command may take here (training on the whole shared data is marked
# illustrative; everything else is seconds).
COMMAND_TIMEOUT = 600


@dataclass(frozen=True)
class Block:
    lang: str
    body: str
    mark: str | None
    line: int

    @property
    def illustrative(self) -> bool:
        return bool(self.mark and self.mark.startswith("illustrative"))


def readme_blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    return [
        Block(m["lang"], m["body"], m["mark"], text.count("\n", 0, m.start("body")) + 1)
        for m in _BLOCK_RE.finditer(text)
    ]


def commands(body: str) -> list[str]:
    """Shell commands of a block: continuation lines joined, comments and installs dropped."""
    joined = body.replace("\\\n", " ")
    found = []
    for line in joined.splitlines():
        command = line.split("  #", 1)[0].strip()
        if not command or command.startswith("#"):
            continue
        command = _INSTALL_RE.sub("", command).strip()
        if command:
            found.append(command)
    return found


BLOCKS = readme_blocks()
PYTHON = [block for block in BLOCKS if block.lang == "python"]
SHELL = [block for block in BLOCKS if block.lang in ("bash", "sh", "console")]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch checkout: a copy of data/, and ../shared beside it when the team has it."""
    root = tmp_path_factory.mktemp("readme")
    folder = root / "credscore"
    shutil.copytree(REPO / "data", folder / "data")
    shared = REPO.parent / "shared"
    if shared.exists():  # the examples' ../shared/... paths resolve as in a checkout
        (root / "shared").symlink_to(shared)
    return folder


def test_the_readme_has_runnable_blocks() -> None:
    assert PYTHON and SHELL
    for block in BLOCKS:
        assert block.lang in ("python", "bash", "text", ""), f"line {block.line}: {block.lang}"
        if block.mark is not None:
            assert block.illustrative and "," in block.mark, (
                f"README line {block.line}: a mark must read "
                "'<!-- readme: illustrative, <reason> -->'"
            )


def test_python_blocks_run_in_order(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    namespace: dict[str, object] = {"__name__": "readme"}
    for block in PYTHON:
        if block.illustrative:
            continue
        code = compile(block.body, f"README.md:{block.line}", "exec")
        exec(code, namespace)  # the README's own example code


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        pytest.param(command, id=f"line{block.line}:{command[:40]}")
        for block in SHELL
        if not block.illustrative
        for command in commands(block.body)
    ],
)
def test_shell_command_works(command: str, workdir: Path) -> None:
    if command.startswith("python -m pytest"):
        pytest.skip("this is the command running these tests")
    environment = dict(os.environ)
    # The installed entry point and the interpreter running the tests, first on PATH.
    environment["PATH"] = os.path.dirname(sys.executable) + os.pathsep + environment["PATH"]
    result = subprocess.run(
        command,
        shell=True,
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    assert result.returncode in (0, 1), (command, result.returncode, result.stderr[-2000:])
    if result.returncode == 1:
        assert "could not be scored" in result.stderr, (command, result.stderr[-2000:])


_CUE_ROW_RE = re.compile(r"^\| `(?P<kind>[a-z_]+)` \| (?P<direction>lowers|raises)\b", re.M)


def test_the_cue_table_gives_each_text_cue_the_direction_of_its_shipped_weight() -> None:
    """A reader trusts the README's "lowers"/"raises": the shipped model must agree."""
    from credscore.model_io import load_model

    model, _ = load_model()
    rows = {m["kind"]: m["direction"] for m in _CUE_ROW_RE.finditer(README.read_text("utf-8"))}
    assert set(model.cue_weights) <= set(rows), "a cue kind is missing from the README table"
    for kind, weight in model.cue_weights.items():
        assert weight != 0, f"{kind} has weight 0: the README should say so"
        assert (weight < 0) == (rows[kind] == "lowers"), (kind, weight, rows[kind])
