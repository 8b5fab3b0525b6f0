"""`score()` and `Scorer`: articles in, calibrated credibility scores and their reasons out.

:meth:`Scorer.score` judges one article and :meth:`Scorer.score_many` a stream of them; both
go through the same steps (validate, find the cues, decompose the text model's log-odds,
add the source's evidence, turn the sum into a probability and a label), so a batch and
one article at a time give the same numbers by construction.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from credscore.article import MAX_TEXT_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS, Article
from credscore.cue import Cue, json_safe_text
from credscore.cues import analyse, feature_names
from credscore.html import document, render_assessment
from credscore.language import language_note
from credscore.logodds import logistic
from credscore.model import Contributions, CredibilityModel
from credscore.model_io import load_model
from credscore.source import BUNDLED, SourceRatings, assess_source, load_ratings

logger = logging.getLogger(__name__)

_LIMITS = {"text": MAX_TEXT_CHARS, "title": MAX_TITLE_CHARS, "url": MAX_URL_CHARS}
#: How much article text :meth:`Scorer.score_many` analyses before scoring the block: an
#: analysed article keeps its word views (about ten times its text), so blocks are sized by
#: characters, not rows; 256 ordinary articles or 10 of the largest ones.
BLOCK_CHARS = 2_000_000
BLOCK_ROWS = 256


def _notes(article: Article) -> tuple[str, ...]:
    """Caveats about an article's score: fields truncated for analysis, text not in English."""
    notes = [
        f"{name} truncated for analysis: cues and score cover its first "
        f"{len(article.field(name)):,} of {length:,} characters (limit {_LIMITS[name]:,})"
        for name, length in article.truncated.items()
    ]
    language = language_note(article)
    if language is not None:
        notes.append(language)
    return tuple(notes)


@dataclass(frozen=True, repr=False)
class Assessment:
    """A credibility score with the evidence behind it.

    Decomposition (tested): ``log_odds == base_log_odds + sum(contributions.values())``
    where ``contributions`` holds every cue kind's total weight (``"cue:<kind>"``), every
    style feature's and vocabulary term's contribution, and ``"source"`` for the URL evidence.
    """

    credibility: float
    """Calibrated probability that the article comes from a reliable source, in [0, 1]."""
    label: str
    """"reliable", "mixed" or "unreliable" by the thresholds in the model card."""
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
    text: str | None = None
    """The article's body text the cues point into (for rendering; not in ``to_dict``)."""
    title: str | None = None
    """The article's title, if one was given."""
    url: str | None = None
    """The article's URL, if one was given."""

    @property
    def log_odds(self) -> float:
        return self.text_log_odds + self.source_log_odds

    def __repr__(self) -> str:
        strongest = ", ".join(f"{cue.kind} {cue.weight or 0.0:+.2f}" for cue in self.cues[:3])
        more = f", … {len(self.cues) - 3} more" if len(self.cues) > 3 else ""
        return (
            f"Assessment(credibility={self.credibility:.4f}, label={self.label!r}, "
            f"cues=[{strongest}{more}], model_version={self.model_version!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (cues as dicts, mappings as plain dicts).

        Strings that hold lone surrogates (which UTF-8 cannot encode) carry U+FFFD in their
        place here, one for one, so ``start``/``end`` still index the text you passed.
        """
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
            "cues": [cue.to_dict() for cue in self.cues],
            "features": dict(self.features),
            "contributions": dict(self.contributions),
            "notes": [json_safe_text(note) for note in self.notes],
        }

    def top_contributions(self, n: int = 10) -> list[tuple[str, float]]:
        """The ``n`` inputs that moved the score most, either way."""
        return sorted(self.contributions.items(), key=lambda item: -abs(item[1]))[:n]

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the article with each cue's span highlighted."""
        return render_assessment(self)

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """The highlighted assessment as a complete HTML page, also written to ``path``."""
        page = document(render_assessment(self), page_title=self.title or "credscore assessment")
        if path is not None:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(page)
        return page


class Scorer:
    """Scores articles with one model and a table of site ratings for the source.

    ``Scorer()`` uses the shipped model; ``Scorer(model_path=DIR_OR_FILE)`` another one,
    checked against its card (pass ``expected_sha256`` to pin the file you trust; see
    :func:`credscore.model_io.load_model`). ``ratings`` (see
    :func:`credscore.source.load_ratings`): by default the bundled Lin et al. 2023 ratings
    plus any files in ``CREDSCORE_RATINGS``; a path adds that file to the bundled table; a
    ``SourceRatings`` is used as given; ``None`` switches the source prior off.
    """

    model: CredibilityModel
    """The text model (plain arrays; scored with numpy alone)."""
    card: dict[str, Any]
    """The model card: data, metrics, thresholds, how each weight was set."""
    ratings: SourceRatings
    """Site ratings used for the URL's evidence (empty: every site unrated)."""

    def __init__(
        self,
        model_path: str | os.PathLike[str] | None = None,
        *,
        ratings: str | os.PathLike[str] | SourceRatings | None = BUNDLED,
        expected_sha256: str | None = None,
    ) -> None:
        self.model, self.card = load_model(model_path, expected_sha256=expected_sha256)
        self.ratings = load_ratings(ratings)

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
        return self._judge(article, *analyse(article))

    def score_many(
        self, rows: Iterable[tuple[object, object, object]]
    ) -> Iterator[Assessment | Exception]:
        """Assess ``(text, title, url)`` rows in order, yielding one result per row.

        A row that cannot be scored yields the exception instead (as ``asyncio.gather``
        does with ``return_exceptions=True``): the ``TypeError``/``ValueError`` that
        :meth:`score` would raise, with "text is missing (empty cell)" for a missing text
        (None, NaN, ``pd.NA``). One bad row never stops the others. Rows are analysed in
        blocks of at most :data:`BLOCK_CHARS` characters of text, so memory stays bounded.
        """
        block: list[Article | Exception] = []
        size = 0
        for text, title, url in rows:
            try:
                article = Article.from_cells(text, title, url)
            except (TypeError, ValueError) as error:
                block.append(error)
                continue
            block.append(article)
            size += len(article.text)
            if size >= BLOCK_CHARS or len(block) >= BLOCK_ROWS:
                yield from self._assess_rows(block)
                block, size = [], 0
        yield from self._assess_rows(block)

    def _assess_rows(self, block: list[Article | Exception]) -> list[Assessment | Exception]:
        articles = [item for item in block if isinstance(item, Article)]
        assessed = iter(self._assess_block(articles))
        return [item if isinstance(item, Exception) else next(assessed) for item in block]

    def _assess_block(self, articles: list[Article]) -> list[Assessment | Exception]:
        """Analyse every article of the block, then judge them one after another.

        Two passes rather than one: the vocabulary look-ups of a block then run back to
        back while the model's term tables are in the CPU cache. An article whose analysis
        fails (a bug in a cue) becomes a ``RuntimeError`` in its place, so one article
        cannot stop the others.
        """
        analysed: list[tuple[list[Cue], list[float]] | Exception] = []
        for article in articles:
            try:
                analysed.append(analyse(article))
            except Exception as error:
                logger.exception("analysing an article failed")
                analysed.append(RuntimeError(f"analysis failed: {type(error).__name__}: {error}"))
        return [
            found if isinstance(found, Exception) else self._judge(article, *found)
            for article, found in zip(articles, analysed, strict=True)
        ]

    def _judge(self, article: Article, cues: list[Cue], values: list[float]) -> Assessment:
        """The assessment of one analysed article: text model, then the source's evidence."""
        parts = self.model.decompose(article, cues, values)
        weighted = list(parts.cues)
        contributions: Contributions = parts.contributions
        text_log_odds = parts.log_odds
        source_log_odds, domain, rating = 0.0, None, None
        if article.url:
            evidence = assess_source(article, self.ratings)
            weighted.extend(evidence.cues)
            source_log_odds = evidence.log_odds
            domain, rating = evidence.domain, evidence.rating
            if source_log_odds:
                contributions = contributions.with_entry("source", source_log_odds)
        credibility = logistic(text_log_odds + source_log_odds)
        weighted.sort(key=lambda cue: -abs(cue.weight or 0.0))
        return Assessment(
            credibility=credibility,
            label=self.model.label(credibility),
            cues=tuple(weighted),
            features=dict(zip(feature_names(), values, strict=True)),
            model_version=self.model_version,
            base_log_odds=self.model.base_log_odds,
            contributions=contributions,
            text_log_odds=text_log_odds,
            source_log_odds=source_log_odds,
            domain=domain,
            source_rating=rating,
            notes=_notes(article),
            text=article.text,
            title=article.title or None,
            url=article.url or None,
        )


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
