"""credscore: how far a news article, and the site that published it, can be trusted, and why.

>>> import credscore
>>> assessment = credscore.score(text, title=title, url=url)   # doctest: +SKIP
>>> assessment = credscore.score_html(page_bytes, url=url)    # doctest: +SKIP

Public names are imported lazily so ``import credscore`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Cue": "credscore.cue",
    "Article": "credscore.article",
    "extract": "credscore.extraction",
    "CUE_KINDS": "credscore.kinds",
    "CueFeaturizer": "credscore.featurizer",
    "score": "credscore.api",
    "score_html": "credscore.api",
    "read_page": "credscore.page",
    "Page": "credscore.page",
    "Scorer": "credscore.api",
    "Assessment": "credscore.api",
    "score_frame": "credscore.batch",
    "profile_sources": "credscore.sites",
    "SourceRatings": "credscore.source",
    "ModelIntegrityError": "credscore.model_io",
    "models_dir": "credscore.model_io",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'credscore' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
