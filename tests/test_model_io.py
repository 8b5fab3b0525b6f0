"""Model loading refuses what it cannot trust or read, naming the file and what differs.

Tampered, truncated and wrong-feature-list models are covered in tests/test_model.py; here:
the hash check runs before any unpickling, the format and numpy versions on the card, and a
file whose hash matches but which holds something other than a model.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import joblib
import numpy as np
import pytest

from credscore import ModelIntegrityError, Scorer
from credscore.model_io import CARD_FILE, FORMAT_VERSION, MODEL_FILE, sha256_of


@pytest.fixture
def model_copy(sample_model_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "model"
    shutil.copytree(sample_model_dir, copy)
    return copy


def _edit_card(folder: Path, **changes: object) -> None:
    card_file = folder / CARD_FILE
    card = json.loads(card_file.read_text(encoding="utf-8"))
    card.update(changes)
    card_file.write_text(json.dumps(card), encoding="utf-8")


class _WritesAMarker:
    """Unpickling this creates a file: proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def test_saved_card_records_format_and_numpy_version(sample_model_dir: Path) -> None:
    card = json.loads((sample_model_dir / CARD_FILE).read_text(encoding="utf-8"))
    assert card["format_version"] == FORMAT_VERSION
    assert card["numpy_version"] == np.__version__


def test_a_swapped_pickle_is_never_unpickled(model_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pickle-ran"
    joblib.dump(_WritesAMarker(marker), model_copy / MODEL_FILE)
    with pytest.raises(ModelIntegrityError, match="SHA-256") as caught:
        Scorer(model_copy)
    assert MODEL_FILE in str(caught.value)
    assert not marker.exists()


def test_other_numpy_major_version_is_refused_before_unpickling(
    model_copy: Path, tmp_path: Path
) -> None:
    other_major = int(np.__version__.split(".")[0]) + 1
    _edit_card(model_copy, numpy_version=f"{other_major}.0.1")
    with pytest.raises(ModelIntegrityError) as caught:
        Scorer(model_copy)
    message = str(caught.value)
    assert MODEL_FILE in message and CARD_FILE in message
    assert f"numpy {other_major}.0.1" in message and np.__version__ in message


def test_other_numpy_minor_version_loads(model_copy: Path) -> None:
    major = np.__version__.split(".")[0]
    _edit_card(model_copy, numpy_version=f"{major}.0.0")
    assert Scorer(model_copy).score("The council met on Tuesday.").label


def test_card_without_version_fields_loads(model_copy: Path) -> None:
    """Cards written before the fields existed: format 1, numpy not compared."""
    card_file = model_copy / CARD_FILE
    card = json.loads(card_file.read_text(encoding="utf-8"))
    del card["format_version"], card["numpy_version"]
    card_file.write_text(json.dumps(card), encoding="utf-8")
    assert Scorer(model_copy).model.feature_names


@pytest.mark.parametrize("saved_format", [FORMAT_VERSION + 1, 0, "2-beta"])
def test_other_artefact_format_is_refused(model_copy: Path, saved_format: object) -> None:
    _edit_card(model_copy, format_version=saved_format)
    with pytest.raises(ModelIntegrityError, match="artefact format") as caught:
        Scorer(model_copy)
    message = str(caught.value)
    assert MODEL_FILE in message and CARD_FILE in message and repr(saved_format) in message


def test_matching_hash_but_not_a_model_is_refused(model_copy: Path) -> None:
    model_file = model_copy / MODEL_FILE
    joblib.dump({"weights": np.zeros(3)}, model_file)
    _edit_card(model_copy, sha256=sha256_of(model_file))
    with pytest.raises(ModelIntegrityError, match="holds a dict, not a CredibilityModel"):
        Scorer(model_copy)


def test_card_that_is_not_json_is_refused(model_copy: Path) -> None:
    (model_copy / CARD_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelIntegrityError, match="not valid JSON"):
        Scorer(model_copy)


def test_tampered_model_is_refused_before_unpickling(
    sample_model_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "m"
    shutil.copytree(sample_model_dir, copy)
    model_file = copy / "credscore-model.joblib"
    model_file.write_bytes(model_file.read_bytes()[:-10])  # truncated
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        Scorer(copy)


def test_feature_list_mismatch_is_refused(sample_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    shutil.copytree(sample_model_dir, copy)
    card_file = copy / "model_card.json"
    card = json.loads(card_file.read_text())
    card["feature_names"] = [*card["feature_names"][:-1], "style_removed_feature"]
    card_file.write_text(json.dumps(card))
    with pytest.raises(ModelIntegrityError, match="style_removed_feature"):
        Scorer(copy)


def test_missing_card_is_refused(sample_model_dir: Path, tmp_path: Path) -> None:
    shutil.copy(sample_model_dir / "credscore-model.joblib", tmp_path)
    with pytest.raises(FileNotFoundError, match="card"):
        Scorer(tmp_path)
