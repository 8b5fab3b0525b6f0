"""Shared fixtures: the shared data, the seed article, the sample and a model trained on it."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"
SEED_PATH = SHARED / "examples" / "seed_article.txt"


def require_shared(relative: str = "") -> Path:
    """Path under ../shared, or skip the test saying what is missing."""
    path = SHARED / relative if relative else SHARED
    if not path.exists():
        pytest.skip(f"needs {path} (the team's shared data folder), which is absent here")
    return path


@pytest.fixture(scope="session")
def seed() -> dict[str, str]:
    """The seed article as {'title', 'text'} (first line = headline)."""
    raw = require_shared("examples/seed_article.txt").read_text(encoding="utf-8")
    title, _, text = raw.partition("\n")
    return {"title": title.strip(), "text": text}


@pytest.fixture(scope="session")
def sample_model_dir(tmp_path_factory) -> Path:
    """A tiny model trained once per session on data/sample (tests never read /tmp or models/)."""
    from credscore.training.recipe import train

    out = tmp_path_factory.mktemp("sample-model")
    train([REPO / "data" / "sample"], out, evaluate=False)
    return out


@pytest.fixture(scope="session")
def scorer(sample_model_dir: Path):
    """A Scorer over the sample-trained model (tests never score with models/ by accident)."""
    from credscore import Scorer

    return Scorer(sample_model_dir)


@pytest.fixture(scope="session")
def shipped_scorer():
    """A Scorer over the model credscore ships: for what a user gets by default."""
    from credscore import Scorer

    return Scorer()


@pytest.fixture(scope="session")
def sample():
    """The team's sample articles (data/sample/articles.csv) as a DataFrame."""
    import pandas as pd

    return pd.read_csv(REPO / "data" / "sample" / "articles.csv")
