"""The registry of cue extractors: the one place that lists them, in feature order.

Each module under ``credscore.cues`` exposes

* ``KIND`` - the public cue kind it emits (see :data:`CUE_KINDS`),
* ``DIRECTION`` - ``-1`` if the cue lowers credibility, ``+1`` if it raises it,
* ``find(article) -> list[Cue]`` - a pure function; odd text gives no finding, never an error,
* optionally ``FEATURES`` (names) and ``measure(article) -> list[float]`` for numeric features,
  and ``FEATURE_DIRECTIONS`` (name -> -1/+1) for those that may only lower or only raise.

Feature names and their order come from :data:`REGISTRY` and nowhere else. An article read
from a web page also has residue (the page's text outside the article): the kinds in
:data:`RESIDUE_KINDS` run on it too, under the rules of :mod:`credscore.cues.residue`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from credscore.article import Article
from credscore.cue import FIELDS, Cue
from credscore.cues import (
    attributed_quote,
    bare_source,
    clickbait_title,
    dateline,
    misspelling,
    name_variant,
    page_boilerplate,
    primary_link,
    promo_link,
    style,
)
from credscore.cues.residue import RESIDUE_KINDS, residue_cues


@dataclass(frozen=True)
class CueSpec:
    """What the registry knows about one extractor."""

    kind: str
    direction: int
    find: Callable[[Article], list[Cue]]
    features: tuple[str, ...]
    measure: Callable[[Article], Sequence[float]] | None
    description: str

    @classmethod
    def from_module(cls, module: ModuleType) -> CueSpec:
        doc = (module.__doc__ or "").strip().splitlines()
        return cls(
            kind=module.KIND,
            direction=module.DIRECTION,
            find=module.find,
            features=tuple(getattr(module, "FEATURES", ())),
            measure=getattr(module, "measure", None),
            description=doc[0] if doc else "",
        )


_MODULES: tuple[ModuleType, ...] = (
    name_variant,
    misspelling,
    promo_link,
    bare_source,
    page_boilerplate,
    clickbait_title,
    dateline,
    attributed_quote,
    primary_link,
)
REGISTRY: tuple[CueSpec, ...] = tuple(CueSpec.from_module(module) for module in _MODULES)

#: Numeric style features that belong to no single cue (densities, readability, length).
STYLE = style

#: Public cue kinds emitted from the article's own text, in registry order.
TEXT_CUE_KINDS: tuple[str, ...] = tuple(spec.kind for spec in REGISTRY)

_FIELD_ORDER = {name: index for index, name in enumerate(FIELDS)}


def _document_order(cue: Cue) -> tuple[int, int, int, str]:
    """Sort key: title, text, residue, then url; within a field by position."""
    return (_FIELD_ORDER[cue.field], cue.start, cue.end, cue.kind)


def _find(spec: CueSpec, article: Article, residue_view: Article | None) -> list[Cue]:
    """The kind's cues in the article, then those in its page residue that count."""
    found = spec.find(article)
    if residue_view is not None and spec.kind in RESIDUE_KINDS:
        return [*found, *residue_cues(article, spec.kind, spec.find(residue_view))]
    return found


def find_all(article: Article) -> list[Cue]:
    """Every text cue of the article, in document order (title, text, residue, url)."""
    found: list[Cue] = []
    residue_view = article.residue_view
    for spec in REGISTRY:
        found.extend(_find(spec, article, residue_view))
    found.sort(key=_document_order)
    return found


@cache
def feature_names() -> tuple[str, ...]:
    """Names of the numeric features, in the order :func:`analyse` returns them."""
    names: list[str] = []
    for spec in REGISTRY:
        names.append(f"cue_{spec.kind}")
        names.extend(spec.features)
    names.extend(STYLE.FEATURES)
    return tuple(names)


def feature_directions() -> dict[str, int]:
    """Feature name -> -1 (may only lower the score) or +1 (may only raise it).

    Every cue count takes its kind's direction; numeric features appear when their module
    declares one in ``FEATURE_DIRECTIONS``. Training bounds the weights accordingly.
    """
    directions: dict[str, int] = {}
    for spec, module in zip(REGISTRY, _MODULES, strict=True):
        directions[f"cue_{spec.kind}"] = spec.direction
        directions.update(getattr(module, "FEATURE_DIRECTIONS", {}))
    directions.update(STYLE.FEATURE_DIRECTIONS)
    return directions


def analyse(article: Article) -> tuple[list[Cue], list[float]]:
    """Run every extractor once: the cues in document order and the feature vector.

    A kind's count feature counts its cues in the text and in the page residue alike.
    """
    (result,) = analyse_block([article])
    if isinstance(result, Exception):
        raise result
    return result


def analyse_block(articles: Sequence[Article]) -> list[tuple[list[Cue], list[float]] | Exception]:
    """:func:`analyse` for each of many articles, one extractor at a time across them all.

    Extractor after extractor rather than article after article: each one's word tables
    and compiled patterns then stay in the CPU cache while it reads the whole block, which
    cuts the time per ~600-word article by about a tenth (``bench_extract.py
    --article-by-article``). An extractor that raises on an article makes that article's
    result the exception, and the later extractors skip it; the others go on.
    """
    cues: list[list[Cue]] = [[] for _ in articles]
    values: list[list[float]] = [[] for _ in articles]
    failed: list[Exception | None] = [None] * len(articles)
    views = [article.residue_view for article in articles]
    for spec in REGISTRY:
        for row, (article, view) in enumerate(zip(articles, views, strict=True)):
            if failed[row] is not None:
                continue
            try:
                found = _find(spec, article, view)
                measured = spec.measure(article) if spec.measure is not None else ()
            except Exception as error:
                failed[row] = error
                continue
            cues[row].extend(found)
            values[row].append(float(len(found)))
            values[row].extend(measured)
    results: list[tuple[list[Cue], list[float]] | Exception] = []
    for row, article in enumerate(articles):
        if failed[row] is None:
            try:
                values[row].extend(STYLE.measure(article))
            except Exception as error:
                failed[row] = error
        problem = failed[row]
        if problem is not None:
            results.append(problem)
            continue
        cues[row].sort(key=_document_order)
        results.append((cues[row], values[row]))
    return results
