"""Saving and loading models with their card; only the bytes whose hash was checked are unpickled.

Trust boundary: a joblib file is a pickle, and loading one runs code. credscore therefore
reads the card first, reads the model file **once** into memory, compares the SHA-256 of
those bytes with the card's, checks the artefact format and numpy major version the card
records, and unpickles those same bytes only when all match: a file swapped after the check
(a symlink, a FIFO) cannot slip in. The hash proves the file is the one the card describes,
not that the card is honest: load only models you trained yourself or whose card came from a
source you trust. Loading any model but the shipped one logs a warning saying so, unless
the caller vouches for it with ``expected_sha256``.

The artefact is a pickled :class:`credscore.model.CredibilityModel`: plain numpy arrays,
tuples and dicts, no scikit-learn objects. So the scikit-learn version does not matter for
loading; the numpy major version does (numpy 2 pickles name ``numpy._core``, which numpy 1
cannot import), and so does :data:`FORMAT_VERSION`, the layout of ``CredibilityModel``.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from importlib import resources
from pathlib import Path
from typing import Any

from credscore.cues import feature_names
from credscore.model import CredibilityModel

logger = logging.getLogger(__name__)

MODEL_FILE = "credscore-model.joblib"
CARD_FILE = "model_card.json"
#: Layout of the pickled ``CredibilityModel``; raise it when a field is renamed or removed,
#: so an older credscore refuses the new artefact with a sentence instead of a traceback.
#: Cards written before the field existed are format 1.
FORMAT_VERSION = 1
#: Environment variable naming another model folder to use by default.
MODEL_DIR_VAR = "CREDSCORE_MODEL_DIR"
# Largest model file read: the shipped one is under 1 MB; a bigger file is not ours.
_MAX_MODEL_BYTES = 512 * 1024 * 1024


class ModelIntegrityError(ValueError):
    """The model file does not match its card (hash, features or format)."""


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def models_dir() -> Path:
    """The folder of the shipped model and its card (package data ``credscore.models``).

    The same in an editable install (the checkout's ``models/``) and in a wheel.
    """
    return Path(str(resources.files("credscore.models")))


def default_model_dir() -> Path:
    """``$CREDSCORE_MODEL_DIR`` when set, else :func:`models_dir`."""
    override = os.environ.get(MODEL_DIR_VAR)
    return Path(override) if override else models_dir()


def resolve(model_path: str | os.PathLike[str] | None) -> tuple[Path, Path]:
    """(model file, card file) for a directory, a model file, or the default location."""
    path = Path(model_path) if model_path is not None else default_model_dir()
    if path.is_dir():
        return path / MODEL_FILE, path / CARD_FILE
    return path, path.with_name(CARD_FILE)


def read_card(card_path: Path) -> dict[str, Any]:
    """The card as a dict; a card that is missing, not JSON or not an object is refused."""
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(
            f"model card {card_path} not found: a model is only loaded next to its card"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ModelIntegrityError(f"model card {card_path} is not valid JSON: {error}") from None
    if not isinstance(card, dict):
        raise ModelIntegrityError(
            f"model card {card_path} holds a JSON {type(card).__name__}, not an object"
        )
    return card


def _read_bytes(model_file: Path) -> bytes:
    """The model file's bytes, read once (a regular file only, of a bounded size)."""
    if not model_file.exists():
        raise FileNotFoundError(f"model file {model_file} not found")
    if not model_file.is_file():
        raise ModelIntegrityError(f"{model_file} is not a regular file")
    with open(model_file, "rb") as handle:
        data = handle.read(_MAX_MODEL_BYTES + 1)
    if len(data) > _MAX_MODEL_BYTES:
        raise ModelIntegrityError(f"{model_file} is larger than {_MAX_MODEL_BYTES:,} bytes")
    return data


def load_model(
    model_path: str | os.PathLike[str] | None = None, *, expected_sha256: str | None = None
) -> tuple[CredibilityModel, dict[str, Any]]:
    """The model and its card, after checking the file's hash and features against the card.

    ``expected_sha256`` pins the file's hash as well (the card's must agree); without it,
    loading a model other than the shipped one logs a warning that unpickling runs code.
    """
    import joblib

    model_file, card_file = resolve(model_path)
    card = read_card(card_file)
    data = _read_bytes(model_file)
    actual = hashlib.sha256(data).hexdigest()
    expected = card.get("sha256")
    if expected != actual:
        raise ModelIntegrityError(
            f"{model_file}: SHA-256 {actual} does not match {expected} in {card_file}; "
            "the file was changed or truncated after training, refusing to unpickle it"
        )
    if expected_sha256 is not None and expected_sha256.lower() != actual:
        raise ModelIntegrityError(
            f"{model_file}: SHA-256 {actual} is not the expected {expected_sha256}; "
            "refusing to unpickle it"
        )
    if expected_sha256 is None and not _is_shipped(model_file, actual):
        logger.warning(
            "loading the model %s, which is not the one shipped with credscore: unpickling "
            "runs code, so load only models you trust (pass its sha256 to silence this)",
            model_file,
        )
    _check_versions(card, model_file, card_file)
    registry = list(feature_names())
    if card.get("feature_names") != registry:
        raise ModelIntegrityError(
            _feature_mismatch(model_file, card.get("feature_names"), registry)
        )
    model = joblib.load(io.BytesIO(data))  # the very bytes that were hashed
    if not isinstance(model, CredibilityModel):
        raise ModelIntegrityError(
            f"{model_file} holds a {type(model).__name__}, not a CredibilityModel"
        )
    if list(model.feature_names) != registry:
        raise ModelIntegrityError(_feature_mismatch(model_file, model.feature_names, registry))
    model.version = card.get("version", model.version)
    return model, card


def _is_shipped(model_file: Path, digest: str) -> bool:
    """Whether these bytes are the model shipped with credscore (same hash as its card)."""
    try:
        shipped = read_card(models_dir() / CARD_FILE)
    except (OSError, ModelIntegrityError):
        return False
    return shipped.get("sha256") == digest


def _check_versions(card: dict[str, Any], model_file: Path, card_file: Path) -> None:
    """Refuse an artefact whose format or numpy major version this environment cannot read."""
    import numpy as np

    saved_format = card.get("format_version", 1)
    if saved_format != FORMAT_VERSION:
        raise ModelIntegrityError(
            f"{model_file}: artefact format {saved_format!r} (from {card_file}) differs from "
            f"format {FORMAT_VERSION}, the one this credscore reads; retrain it with "
            "`credscore train` or use the credscore version that wrote it"
        )
    saved_numpy = card.get("numpy_version")
    if saved_numpy is None:  # cards written before the field existed: nothing to compare
        return
    if _major(saved_numpy) != _major(np.__version__):
        raise ModelIntegrityError(
            f"{model_file} was saved with numpy {saved_numpy} (per {card_file}) but numpy "
            f"{np.__version__} is installed; a pickle does not cross numpy major versions, "
            f"so retrain it with `credscore train` or install numpy {_major(saved_numpy)}.x"
        )


def _major(version: object) -> str:
    """The major part of a version string ("2" of "2.4.6"); the whole value if unparsable."""
    return str(version).split(".", 1)[0]


def _feature_mismatch(model_file: Path, trained: Any, registry: list[str]) -> str:
    trained = list(trained or [])
    missing = [n for n in registry if n not in trained]
    extra = [n for n in trained if n not in registry]
    detail = f"missing from the model: {missing}; unknown to this credscore: {extra}"
    if not missing and not extra:
        detail = "same names in a different order"
    return (
        f"{model_file} was trained on other features than this credscore's cue registry "
        f"({detail}); retrain it with `credscore train`"
    )


def save_model(
    model: CredibilityModel, out_dir: str | os.PathLike[str], card: dict[str, Any]
) -> tuple[Path, dict[str, Any]]:
    """Write the model and its card (with the file's SHA-256 and format) into ``out_dir``.

    Returns the model file and the card as written.
    """
    import joblib
    import numpy as np

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model_file = out / MODEL_FILE
    joblib.dump(model, model_file, compress=3)
    card = dict(card)
    card["file"] = MODEL_FILE
    card["sha256"] = sha256_of(model_file)
    card["size_bytes"] = model_file.stat().st_size
    card["feature_names"] = list(model.feature_names)
    card["format_version"] = FORMAT_VERSION
    card["numpy_version"] = np.__version__
    return model_file, write_card(out, card)


def write_card(out_dir: str | os.PathLike[str], card: dict[str, Any]) -> dict[str, Any]:
    """Write ``model_card.json`` into ``out_dir``; returns the card as read back (plain JSON)."""
    text = json.dumps(card, indent=2, sort_keys=False) + "\n"
    (Path(out_dir) / CARD_FILE).write_text(text, "utf-8")
    parsed: dict[str, Any] = json.loads(text)
    return parsed
