"""Model loading refuses what it cannot trust or read, naming the file and what differs.

The hash check runs before any unpickling; the format and numpy versions on the card; a file
whose hash matches but which holds something other than a model; a symlink or FIFO that
serves other bytes after the check (issue 11 §4); the warning for a model that is not shipped.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import shutil
import threading
import types
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


# --------------------------------------------------------------------------- issue 11 §4


def _model_folder_with_a_symlink(good: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A model folder whose model file is a symlink to a copy of ``good``'s model."""
    folder = tmp_path / "linked"
    folder.mkdir()
    shutil.copy(good / CARD_FILE, folder)
    target = tmp_path / "good.joblib"
    shutil.copy(good / MODEL_FILE, target)
    (folder / MODEL_FILE).symlink_to(target)
    return folder, folder / MODEL_FILE


def test_a_symlink_swapped_after_the_hash_check_cannot_run_other_code(
    sample_model_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    """The attack on the old design (hash the path, then joblib.load the path again): the
    symlink is pointed at a malicious pickle the moment the hash has been computed."""
    from credscore import model_io

    marker = tmp_path / "pickle-ran"
    evil = tmp_path / "evil.joblib"
    joblib.dump(_WritesAMarker(marker), evil)
    folder, link = _model_folder_with_a_symlink(sample_model_dir, tmp_path)
    real_sha256 = hashlib.sha256

    class SwapAfterHashing:
        def __init__(self, *data: bytes) -> None:
            self._digest = real_sha256(*data)

        def update(self, data: bytes) -> None:
            self._digest.update(data)

        def hexdigest(self) -> str:
            digest = self._digest.hexdigest()
            link.unlink()
            link.symlink_to(evil)
            return digest

    monkeypatch.setattr(model_io, "hashlib", types.SimpleNamespace(sha256=SwapAfterHashing))
    scorer = Scorer(folder)
    assert not marker.exists()
    assert link.resolve() == evil  # the swap happened, yet the checked bytes were loaded
    assert scorer.card["sha256"] == sha256_of(tmp_path / "good.joblib")
    assert scorer.score("The council met on Tuesday.").label


def _serve_fifo(fifo: Path, payloads: list[bytes], stop: threading.Event) -> None:
    """Write each payload to the next reader that opens ``fifo`` (the attacker's side)."""
    for payload in payloads:
        while True:
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError as error:
                if error.errno != errno.ENXIO or stop.wait(0.01):
                    return
        os.set_blocking(fd, True)
        with contextlib.suppress(BrokenPipeError):
            os.write(fd, payload)
        os.close(fd)
        if stop.wait(1.0):  # the reader reaches the end and closes before the next open
            return


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_fifo_serving_other_bytes_on_a_second_open_cannot_run_other_code(
    sample_model_dir: Path, tmp_path: Path
) -> None:
    """The old design read a FIFO twice: the honest bytes to the hash, a pickle to joblib."""
    marker = tmp_path / "pickle-ran"
    evil = tmp_path / "evil.joblib"
    joblib.dump(_WritesAMarker(marker), evil)
    folder = tmp_path / "fifo"
    folder.mkdir()
    shutil.copy(sample_model_dir / CARD_FILE, folder)
    os.mkfifo(folder / MODEL_FILE)
    payloads = [(sample_model_dir / MODEL_FILE).read_bytes(), evil.read_bytes()]
    stop = threading.Event()
    attacker = threading.Thread(target=_serve_fifo, args=(folder / MODEL_FILE, payloads, stop))
    attacker.start()
    try:
        with pytest.raises(ModelIntegrityError, match="not a regular file"):
            Scorer(folder)
    finally:
        stop.set()
        attacker.join()
    assert not marker.exists()


def test_a_card_that_is_not_a_json_object_is_refused(model_copy: Path) -> None:
    for value in ("[1, 2]", '"text"', "null", "3"):
        (model_copy / CARD_FILE).write_text(value, encoding="utf-8")
        with pytest.raises(ModelIntegrityError, match="not an object"):
            Scorer(model_copy)


def _load_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "credscore.model_io"]


def test_loading_another_model_warns_once_that_a_pickle_runs_code(model_copy: Path, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="credscore.model_io"):
        Scorer(model_copy)
    (warning,) = _load_warnings(caplog)
    assert "not the one shipped" in warning and "unpickling runs code" in warning
    assert str(model_copy / MODEL_FILE) in warning


def test_the_model_folder_from_the_environment_warns_too(
    model_copy: Path, caplog, monkeypatch
) -> None:
    monkeypatch.setenv("CREDSCORE_MODEL_DIR", str(model_copy))
    with caplog.at_level(logging.WARNING, logger="credscore.model_io"):
        Scorer()
    assert len(_load_warnings(caplog)) == 1


def test_a_vouched_sha256_silences_the_warning_and_a_wrong_one_is_refused(
    model_copy: Path, caplog
) -> None:
    digest = sha256_of(model_copy / MODEL_FILE)
    with caplog.at_level(logging.WARNING, logger="credscore.model_io"):
        Scorer(model_copy, expected_sha256=digest.upper())
    assert _load_warnings(caplog) == []
    with pytest.raises(ModelIntegrityError, match="is not the expected"):
        Scorer(model_copy, expected_sha256="0" * 64)


def test_the_shipped_model_loads_without_a_warning_wherever_it_is_copied(
    tmp_path: Path, caplog
) -> None:
    from credscore.model_io import models_dir

    copy = tmp_path / "shipped-copy"
    copy.mkdir()
    for name in (MODEL_FILE, CARD_FILE):
        shutil.copy(models_dir() / name, copy)
    with caplog.at_level(logging.WARNING, logger="credscore.model_io"):
        Scorer()
        Scorer(copy)  # the same bytes as the shipped file: nothing to warn about
    assert _load_warnings(caplog) == []


def test_the_command_passes_model_sha256_through(model_copy: Path, tmp_path: Path, capsys) -> None:
    from credscore.cli import EXIT_MODEL, EXIT_OK, main

    article = tmp_path / "a.txt"
    article.write_text("Council\nThe council met on Tuesday and approved the budget.\n")
    argv = ["score", str(article), "--model", str(model_copy), "--model-sha256"]
    assert main([*argv, sha256_of(model_copy / MODEL_FILE)]) == EXIT_OK
    assert main([*argv, "f" * 64]) == EXIT_MODEL
    assert "is not the expected" in capsys.readouterr().err
