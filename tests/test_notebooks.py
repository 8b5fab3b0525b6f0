"""Every notebook runs top to bottom on the team sample, and on ../shared/data when present.

Executed with nbclient in quick mode (each notebook's parameters cell set to ``QUICK = True``:
few articles per publisher, 3 folds, a small bootstrap) so all of them finish within minutes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, require_shared

nbformat = pytest.importorskip("nbformat", reason="needs the notebooks extra")
nbclient = pytest.importorskip("nbclient", reason="needs the notebooks extra")
pytest.importorskip("ipykernel", reason="needs the notebooks extra")
pytest.importorskip("matplotlib", reason="needs the notebooks extra")

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
# Generous per-cell limit: the slowest quick cell (the masking ablation on ReCOVery) takes
# well under a minute on a 2-core machine.
CELL_TIMEOUT_SECONDS = 300


def test_there_are_notebooks() -> None:
    assert [path.name for path in NOTEBOOKS] == [
        "01_explore_cues.ipynb",
        "02_evaluate_model.ipynb",
        "03_score_your_article.ipynb",
        "04_profile_sites.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebooks_are_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, path.name


def _quick(notebook: nbformat.NotebookNode) -> None:
    """Set ``QUICK = True`` in the notebook's parameters cell (tagged "parameters")."""
    for cell in notebook.cells:
        if "parameters" in cell.metadata.get("tags", []):
            assert "QUICK = False" in cell.source, "the parameters cell must set QUICK"
            cell.source = cell.source.replace("QUICK = False", "QUICK = True")


def _execute(path: Path, monkeypatch: pytest.MonkeyPatch, model_dir: Path) -> None:
    monkeypatch.setenv("CREDSCORE_MODEL_DIR", str(model_dir))
    # The kernel spec runs "python" from PATH: make that the interpreter running the tests.
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    notebook = nbformat.read(path, as_version=4)
    _quick(notebook)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError naming the cell on any error


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_on_the_team_sample(
    path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sample_model_dir: Path
) -> None:
    # An empty shared-data folder makes the notebooks fall back to the team sample.
    monkeypatch.setenv("CREDSCORE_SHARED_DATA", str(tmp_path))
    _execute(path, monkeypatch, sample_model_dir)


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_on_the_shared_data(
    path: Path, monkeypatch: pytest.MonkeyPatch, sample_model_dir: Path
) -> None:
    shared_data = require_shared("data")
    monkeypatch.setenv("CREDSCORE_SHARED_DATA", str(shared_data))
    _execute(path, monkeypatch, sample_model_dir)
