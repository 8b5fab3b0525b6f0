"""`score()` and `Scorer`: one article in, a calibrated credibility score and its reasons out."""

from __future__ import annotations

import math
import os
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from credscore.article import MAX_TEXT_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS, Article
from credscore.cue import Cue
from credscore.cues import analyse, feature_names
from credscore.language import language_note

#: Where the combined log-odds of the text and the source are reported separately.
TEXT_PART, SOURCE_PART = "text", "source"

_LIMITS = {"text": MAX_TEXT_CHARS, "title": MAX_TITLE_CHARS, "url": MAX_URL_CHARS}
# A str may hold lone surrogates (e.g. from "\ud800" in JSON input, or undecodable bytes in
# a command line); UTF-8 cannot encode them, so JSON output carries U+FFFD instead.
_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def json_safe_text(value: str) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD, so it encodes as UTF-8.

    One character for one, so offsets into the original text stay valid.
    """
    return value if value.isascii() else _LONE_SURROGATE_RE.sub("\ufffd", value)


def article_notes(
    article: Article,
    unfamiliar: Sequence[str] = (),
    clipped: Mapping[str, tuple[float, float]] | None = None,
) -> tuple[str, ...]:
    """Caveats about an article's score: fields truncated for analysis, text not in English,
    why the label is "unknown" (``unfamiliar``), features clipped to the training range."""
    notes = [
        f"{name} truncated for analysis: cues and score cover its first "
        f"{len(article.field(name)):,} of {length:,} characters (limit {_LIMITS[name]:,})"
        for name, length in article.truncated.items()
    ]
    language = language_note(article)
    if language is not None and language not in unfamiliar:
        notes.append(language)
    notes.extend(
        f"label 'unknown', text evidence shrunk toward the prior: {reason}" for reason in unfamiliar
    )
    if clipped:
        values = ", ".join(
            f"{name} {value:.3g} -> {used:.3g}" for name, (value, used) in clipped.items()
        )
        notes.append(f"clipped to the range seen in training: {values}")
    return tuple(notes)


@dataclass(frozen=True)
class Assessment:
    """A credibility score with the evidence behind it.

    Decomposition (tested): ``log_odds == base_log_odds + sum(contributions.values())``
    where ``contributions`` holds every cue kind's total weight (``"cue:<kind>"``), every
    style feature's and vocabulary term's contribution, and ``"source"`` for the URL evidence.
    """

    credibility: float
    """Calibrated probability that the article comes from a reliable source, in [0, 1]."""
    label: str
    """"reliable", "mixed" or "unreliable" by the thresholds in the model card, or
    "unknown" when the text is out of the model's depth (``notes`` says why)."""
    cues: tuple[Cue, ...]
    """Every cue, strongest first, each with ``weight`` = its signed log-odds contribution."""
    features: Mapping[str, float]
    """The registry's numeric features for this article, by name."""
    model_version: str
    """Version of the model that produced the score."""
    base_log_odds: float
    """Log-odds of an article with no cues, average style and no known vocabulary."""
    contributions: Mapping[str, float]
    """Signed log-odds contribution of each model input present in this article."""
    text_log_odds: float
    """The text model's part of the log-odds (everything but the source)."""
    source_log_odds: float = 0.0
    """The URL's and links' part of the log-odds (0 without a URL or ratings)."""
    domain: str | None = None
    """Registered domain of the URL, when one was given and could be parsed."""
    source_rating: float | None = None
    """The ratings table's value for the domain, if rated."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Caveats about this score (e.g. text truncated, not English)."""
    text: str | None = field(default=None, repr=False)
    """The article's body text the cues point into (for rendering; not in ``to_dict``)."""
    title: str | None = field(default=None, repr=False)
    """The article's title, if one was given."""
    url: str | None = field(default=None, repr=False)
    """The article's URL, if one was given."""

    @property
    def log_odds(self) -> float:
        return self.text_log_odds + self.source_log_odds

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (cues as dicts, mappings as plain dicts).

        Strings that hold lone surrogates (which UTF-8 cannot encode) carry U+FFFD in their
        place here, one for one, so ``start``/``end`` still index the text you passed.
        """
        cues = []
        for cue in self.cues:
            record = cue.to_dict()
            record["evidence"] = json_safe_text(cue.evidence)
            record["message"] = json_safe_text(cue.message)
            cues.append(record)
        return {
            "credibility": self.credibility,
            "label": self.label,
            "log_odds": self.log_odds,
            "base_log_odds": self.base_log_odds,
            "text_log_odds": self.text_log_odds,
            "source_log_odds": self.source_log_odds,
            "domain": None if self.domain is None else json_safe_text(self.domain),
            "source_rating": self.source_rating,
            "model_version": self.model_version,
            "cues": cues,
            "features": dict(self.features),
            "contributions": dict(self.contributions),
            "notes": list(self.notes),
        }

    def top_contributions(self, n: int = 10) -> list[tuple[str, float]]:
        """The ``n`` inputs that moved the score most, either way."""
        return sorted(self.contributions.items(), key=lambda item: -abs(item[1]))[:n]

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the article with each cue's span highlighted."""
        from credscore.html import render_assessment

        return render_assessment(self)

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """The highlighted assessment as a complete HTML page, also written to ``path``."""
        from credscore.html import document, render_assessment

        page = document(render_assessment(self), page_title=self.title or "credscore assessment")
        if path is not None:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(page)
        return page


class Scorer:
    """Scores articles with one model (and optionally a ratings table for the source).

    ``Scorer()`` uses the shipped model; ``Scorer(model_path=DIR_OR_FILE)`` another one,
    checked against its card. ``ratings`` is a path to a ratings CSV or a ``SourceRatings``;
    by default the ``CREDSCORE_RATINGS`` environment variable is read, if set.
    """

    def __init__(self, model_path: str | os.PathLike[str] | None = None, *, ratings: Any = None):
        from credscore.model_io import load_model

        self.model, self.card = load_model(model_path)
        self.ratings = _load_ratings(ratings)

    @property
    def model_version(self) -> str:
        return self.model.version

    def score(self, text: str, title: str | None = None, url: str | None = None) -> Assessment:
        """Assess one article. Raises TypeError/ValueError naming a bad argument.

        Text past ``MAX_TEXT_CHARS`` is not analysed, and text that does not look like
        English is still scored: both say so in ``notes``.
        """
        return self.assess(Article(text, title, url))

    def assess(self, article: Article) -> Assessment:
        """Assess an already validated :class:`Article`."""
        cues, values = analyse(article)
        explanation = self.model.explain(article, cues, values)
        weighted = [
            cue.with_weight(w) for cue, w in zip(cues, explanation.cue_weights, strict=True)
        ]
        contributions: dict[str, float] = {}
        for cue in weighted:
            key = f"cue:{cue.kind}"
            contributions[key] = contributions.get(key, 0.0) + cue.weight
        contributions.update(explanation.feature_contributions)
        text_log_odds = explanation.log_odds
        source_log_odds, domain, rating = 0.0, None, None
        if article.url:
            evidence = _assess_source(article, self.ratings)
            if evidence is not None:
                weighted.extend(evidence.cues)
                source_log_odds = evidence.log_odds
                domain, rating = evidence.domain, evidence.rating
                if source_log_odds:
                    contributions[SOURCE_PART] = source_log_odds
        log_odds = text_log_odds + source_log_odds
        credibility = 1.0 / (1.0 + math.exp(-max(min(log_odds, 700.0), -700.0)))
        weighted.sort(key=lambda cue: -abs(cue.weight or 0.0))
        return Assessment(
            credibility=credibility,
            label=self.model.label(credibility, explanation.unfamiliar),
            cues=tuple(weighted),
            features=dict(zip(feature_names(), values, strict=True)),
            model_version=self.model_version,
            base_log_odds=self.model.base_log_odds,
            contributions=contributions,
            text_log_odds=text_log_odds,
            source_log_odds=source_log_odds,
            domain=domain,
            source_rating=rating,
            notes=article_notes(article, explanation.unfamiliar, explanation.clipped),
            text=article.text,
            title=article.title or None,
            url=article.url or None,
        )


def _load_ratings(ratings: Any):
    """A SourceRatings from a path, an instance, or CREDSCORE_RATINGS; None when absent."""
    try:
        from credscore.source import SourceRatings
    except ImportError:  # the source module is optional at this stage
        return None
    if ratings is None:
        return SourceRatings.from_env()
    if isinstance(ratings, SourceRatings):
        return ratings
    if isinstance(ratings, (str, os.PathLike)):
        return SourceRatings.from_csv(ratings)
    raise TypeError(f"ratings must be a path or a SourceRatings, got {type(ratings).__name__}")


def _assess_source(article: Article, ratings: Any):
    try:
        from credscore.source import assess_source
    except ImportError:
        return None
    return assess_source(article, ratings)


_default_scorer: Scorer | None = None
_default_lock = threading.Lock()


def default_scorer() -> Scorer:
    """The shipped model, loaded once on first use (never at import)."""
    global _default_scorer
    if _default_scorer is None:
        with _default_lock:
            if _default_scorer is None:
                _default_scorer = Scorer()
    return _default_scorer


def score(text: str, title: str | None = None, url: str | None = None) -> Assessment:
    """Credibility of one article with the shipped model: see :class:`Assessment`."""
    return default_scorer().score(text, title=title, url=url)
