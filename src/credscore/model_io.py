"""Saving and loading models with their card; the hash is checked before anything is unpickled.

A joblib file is a pickle: loading one runs code. credscore therefore reads the card first,
compares the file's SHA-256 with the card's, and unpickles only on a match. Load only models
you trained yourself or whose card and hash you have verified.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

MODEL_FILE = "credscore-model.joblib"
CARD_FILE = "model_card.json"


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
    """Write the model and its card (with the file's SHA-256) into ``out_dir``."""
    import joblib

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model_file = out / MODEL_FILE
    joblib.dump(model, model_file, compress=3)
    card = dict(card)
    card["file"] = MODEL_FILE
    card["sha256"] = sha256_of(model_file)
    card["size_bytes"] = model_file.stat().st_size
    card["feature_names"] = list(model.feature_names)
    (out / CARD_FILE).write_text(json.dumps(card, indent=2, sort_keys=False) + "\n", "utf-8")
    return model_file
