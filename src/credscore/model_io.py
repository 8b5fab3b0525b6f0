"""Saving and loading models with their card; the hash is checked before anything is unpickled.

Trust boundary: a joblib file is a pickle, and loading one runs code. credscore therefore
reads the card first, compares the file's SHA-256 with the card's, checks the artefact format
and numpy major version it records, and unpickles only when all match. The hash proves the
file is the one the card describes, not that the card is honest: a card and model from
someone else are as trustworthy as that someone. Load only models you trained yourself or
whose card you got from a source you trust (the shipped model's card travels in the wheel).

The artefact is a pickled :class:`credscore.model.CredibilityModel`: plain numpy arrays,
tuples and dicts, no scikit-learn objects (scikit-learn fits the weights during training,
then is left behind). So the scikit-learn version does not matter for loading; the numpy
major version does (numpy 2 pickles name ``numpy._core``, which numpy 1 cannot import), and
so does :data:`FORMAT_VERSION`, the layout of ``CredibilityModel`` itself.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

MODEL_FILE = "credscore-model.joblib"
CARD_FILE = "model_card.json"
#: Layout of the pickled ``CredibilityModel``; raise it when a field is renamed or removed,
#: so an older credscore refuses the new artefact with a sentence instead of a traceback.
#: Cards written before the field existed are format 1.
FORMAT_VERSION = 1


class ModelIntegrityError(ValueError):
    """The model file does not match its card (hash, features or format)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_model_dir() -> Path:
    """Where the shipped model lives: ``$CREDSCORE_MODEL_DIR``, the wheel, or the checkout."""
    override = os.environ.get("CREDSCORE_MODEL_DIR")
    if override:
        return Path(override)
    packaged = Path(__file__).resolve().parent / "models"
    if (packaged / MODEL_FILE).exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "models"  # editable install / source tree


def resolve(model_path: str | os.PathLike[str] | None) -> tuple[Path, Path]:
    """(model file, card file) for a directory, a model file, or the default location."""
    path = Path(model_path) if model_path is not None else default_model_dir()
    if path.is_dir():
        return path / MODEL_FILE, path / CARD_FILE
    return path, path.with_name(CARD_FILE)


def read_card(card_path: Path) -> dict[str, Any]:
    try:
        return json.loads(card_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(
            f"model card {card_path} not found: a model is only loaded next to its card"
        ) from None
    except json.JSONDecodeError as error:
        raise ModelIntegrityError(f"model card {card_path} is not valid JSON: {error}") from None


def load_model(model_path: str | os.PathLike[str] | None = None):
    """Load a :class:`CredibilityModel` after checking its hash and features against its card."""
    import joblib

    from credscore.cues import feature_names
    from credscore.model import CredibilityModel

    model_file, card_file = resolve(model_path)
    if not model_file.exists():
        raise FileNotFoundError(f"model file {model_file} not found")
    card = read_card(card_file)
    expected, actual = card.get("sha256"), sha256_of(model_file)
    if expected != actual:
        raise ModelIntegrityError(
            f"{model_file}: SHA-256 {actual} does not match {expected} in {card_file}; "
            "the file was changed or truncated after training, refusing to unpickle it"
        )
    _check_versions(card, model_file, card_file)
    registry = list(feature_names())
    if card.get("feature_names") != registry:
        raise ModelIntegrityError(
            _feature_mismatch(model_file, card.get("feature_names"), registry)
        )
    model = joblib.load(model_file)
    if not isinstance(model, CredibilityModel):
        raise ModelIntegrityError(
            f"{model_file} holds a {type(model).__name__}, not a CredibilityModel"
        )
    if list(model.feature_names) != registry:
        raise ModelIntegrityError(_feature_mismatch(model_file, model.feature_names, registry))
    model.version = card.get("version", model.version)
    return model, card


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


def save_model(model, out_dir: str | os.PathLike[str], card: dict[str, Any]) -> Path:
    """Write the model and its card (with the file's SHA-256 and format) into ``out_dir``."""
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
    (out / CARD_FILE).write_text(json.dumps(card, indent=2, sort_keys=False) + "\n", "utf-8")
    return model_file
