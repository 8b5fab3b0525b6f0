"""`score()` and `Scorer`: articles in, calibrated credibility scores and their reasons out.

:meth:`Scorer.score` judges one article and :meth:`Scorer.score_many` a stream of them; both
go through the same steps (validate, find the cues, decompose the text model's log-odds,
add the source's evidence, turn the sum into a probability and a label), so a batch and
one article at a time give the same numbers by construction. :meth:`Scorer.score_html`
reads a web page first (:func:`credscore.page.read_page`) and judges its article, with the
page's residue as evidence, through the same steps.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

from credscore.article import (
    MAX_RESIDUE_CHARS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    Article,
    is_missing,
)
from credscore.cue import Cue, json_safe_text
from credscore.cues import analyse, analyse_block, feature_names
from credscore.html import document, render_assessment
from credscore.language import language_note
from credscore.logodds import logistic
from credscore.model import Contributions, CredibilityModel, Decomposition
from credscore.model_io import load_model
from credscore.page import Page, read_page
from credscore.reasons import Reason, top_reasons
from credscore.source import BUNDLED, SourceRatings, assess_source, load_ratings

logger = logging.getLogger(__name__)

_LIMITS = {
    "text": MAX_TEXT_CHARS,
    "title": MAX_TITLE_CHARS,
    "url": MAX_URL_CHARS,
    "residue": MAX_RESIDUE_CHARS,
}
#: The label of a page with no article to score (a homepage, an error page): its
#: credibility is NaN and its notes say why.
UNKNOWN_LABEL = "unknown"
#: How much article text :meth:`Scorer.score_many` analyses before scoring the block: an
#: analysed article keeps its word views (about ten times its text), so blocks are sized by
#: characters, not rows; 256 ordinary articles or 10 of the largest ones.
BLOCK_CHARS = 2_000_000
BLOCK_ROWS = 256


def _notes(
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
    """"reliable", "mixed" or "unreliable" by the thresholds in the model card, or
    "unknown" when the text is out of the model's depth (``notes`` says why) or a web page
    has no article (credibility NaN)."""
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
    residue: str | None = None
    """A web page's text outside its article, which residue cues point into (for rendering;
    not in ``to_dict``)."""

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
        place here, one for one, so ``start``/``end`` still index the text you passed. The
        undefined numbers of an "unknown" page (NaN) are None, as JSON has no NaN.
        """
        return {
            "credibility": _number(self.credibility),
            "label": self.label,
            "log_odds": _number(self.log_odds),
            "base_log_odds": self.base_log_odds,
            "text_log_odds": _number(self.text_log_odds),
            "source_log_odds": self.source_log_odds,
            "domain": None if self.domain is None else json_safe_text(self.domain),
            "source_rating": self.source_rating,
            "model_version": self.model_version,
            "cues": [cue.to_dict() for cue in self.cues],
            "features": dict(self.features),
            "contributions": _plain_dict(self.contributions),
            "reasons": [reason.to_dict() for reason in self.reasons()],
            "notes": [json_safe_text(note) for note in self.notes],
        }

    def top_contributions(self, n: int = 10) -> list[tuple[str, float]]:
        """The ``n`` model inputs that moved the score most, either way, by their raw names."""
        return sorted(self.contributions.items(), key=lambda item: -abs(item[1]))[:n]

    def reasons(self, n: int = 5) -> list[Reason]:
        """The ``n`` reasons that moved the score most, in plain words, strongest first.

        Cues, style features and wording (the vocabulary terms grouped by direction) on one
        scale, the log-odds each added: see :mod:`credscore.reasons`.
        """
        site = None
        if self.domain:
            rated = "unrated" if self.source_rating is None else f"rated {self.source_rating:.2f}"
            site = f"the site {json_safe_text(self.domain)} ({rated})"
        return top_reasons(self.contributions, self.features, self.cues, source=site, n=n)

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

    def score_html(
        self, html: str | bytes, url: str | None = None, *, content_type: str | None = None
    ) -> Assessment:
        """Assess the article on one web page, with the page around it as evidence.

        ``html`` is the page as ``str`` or ``bytes`` (decoded by its byte order mark,
        ``content_type`` or its ``<meta>`` charset); ``url`` is where it came from (else
        the page's canonical URL is used). Cues run on the title and the article's text,
        and the kinds in :data:`credscore.cues.RESIDUE_KINDS` on the page's residue too,
        under the rules the model card states. The page's notes (cuts, decoding) come
        first in ``notes``. A page with no article (a homepage, an error page) gets label
        ``"unknown"``, credibility NaN and a note saying why. Raises ``TypeError`` for an
        argument of the wrong type and ``ImportError`` without the html extra.
        """
        return self.assess_page(read_page(html, url, content_type=content_type))

    def assess_page(self, page: Page) -> Assessment:
        """Assess a page read by :func:`credscore.page.read_page` (see :meth:`score_html`)."""
        if not page.text.strip():
            return self._unknown(page)
        assessment = self.assess(page_article(page))
        return replace(assessment, notes=page.notes + assessment.notes)

    def score_many_html(
        self, rows: Iterable[tuple[object, object, object]]
    ) -> Iterator[Assessment | Exception]:
        """Assess ``(html, url, content_type)`` rows in order, one result per row.

        As :meth:`score_many`: a row that cannot be scored yields the exception instead
        ("html is missing (empty cell)" for None or NaN), and one bad row never stops the
        others. A missing ``url`` or ``content_type`` (None, NaN) is no URL or header.
        """
        for html, url, content_type in rows:
            if is_missing(html):
                yield ValueError("html is missing (empty cell)")
                continue
            try:
                # Cells are unchecked objects: read_page names a wrong type in its error.
                page = read_page(
                    cast(Any, html),
                    None if is_missing(url) else cast(Any, url),
                    content_type=None if is_missing(content_type) else cast(Any, content_type),
                )
            except (TypeError, ValueError) as error:
                yield error
                continue
            except ImportError:
                raise  # no html extra: every row would fail, say so once
            except Exception as error:
                logger.exception("reading a page failed")
                yield RuntimeError(f"reading the page failed: {type(error).__name__}: {error}")
                continue
            try:
                yield self.assess_page(page)
            except Exception as error:
                logger.exception("analysing a page failed")
                yield RuntimeError(f"analysis failed: {type(error).__name__}: {error}")

    def _unknown(self, page: Page) -> Assessment:
        """The assessment of a page with no article: nothing to judge, so no number."""
        return Assessment(
            credibility=math.nan,
            label=UNKNOWN_LABEL,
            cues=(),
            features={},
            model_version=self.model_version,
            base_log_odds=self.model.base_log_odds,
            contributions={},
            text_log_odds=math.nan,
            notes=page.notes,
            text="",
            title=page.title,
            url=page.url,
            residue=page.residue or None,
        )

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
        """Analyse the block, decompose every article, then add each one's source.

        Step by step across the block (the cues one extractor at a time, then the model on
        every article, then the sources), so each step's tables stay in the CPU cache. An
        article whose analysis fails (a bug in a cue) becomes a ``RuntimeError`` in its
        place, so one article cannot stop the others.
        """
        decomposed: list[tuple[Article, Decomposition, list[float]] | Exception] = []
        for article, found in zip(articles, analyse_block(articles), strict=True):
            if isinstance(found, Exception):
                logger.error("analysing an article failed", exc_info=found)
                decomposed.append(RuntimeError(f"analysis failed: {type(found).__name__}: {found}"))
            else:
                cues, values = found
                decomposed.append((article, self.model.decompose(article, cues, values), values))
        return [
            item if isinstance(item, Exception) else self._conclude(*item) for item in decomposed
        ]

    def _judge(self, article: Article, cues: list[Cue], values: list[float]) -> Assessment:
        """The assessment of one analysed article: text model, then the source's evidence."""
        return self._conclude(article, self.model.decompose(article, cues, values), values)

    def _conclude(self, article: Article, parts: Decomposition, values: list[float]) -> Assessment:
        """The assessment from the text model's decomposition, with the source's evidence."""
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
            label=self.model.label(credibility, parts.unfamiliar),
            cues=tuple(weighted),
            features=dict(zip(feature_names(), values, strict=True)),
            model_version=self.model_version,
            base_log_odds=self.model.base_log_odds,
            contributions=contributions,
            text_log_odds=text_log_odds,
            source_log_odds=source_log_odds,
            domain=domain,
            source_rating=rating,
            notes=_notes(article, parts.unfamiliar, parts.clipped),
            text=article.text,
            title=article.title or None,
            url=article.url or None,
            residue=article.residue or None,
        )


def _plain_dict(contributions: Mapping[str, float]) -> dict[str, float]:
    """A copy of the contributions as a plain dict (``Contributions`` copies its own)."""
    if isinstance(contributions, Contributions):
        return contributions.to_dict()
    return dict(contributions)


def _number(value: float) -> float | None:
    """``value``, or None for NaN (JSON has no NaN)."""
    return None if math.isnan(value) else value


def page_article(page: Page) -> Article:
    """The article of a web page, with its residue and its links, ready to assess.

    Raises ``ValueError`` when the page has no article (see :attr:`Page.notes`).
    """
    if not page.text.strip():
        raise ValueError("the page has no article to score")
    return Article(
        page.text,
        page.title,
        page.url,
        residue=page.residue,
        anchors=[(link.href, link.start, link.end) for link in page.links],
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


def score_html(
    html: str | bytes, url: str | None = None, *, content_type: str | None = None
) -> Assessment:
    """Credibility of the article on one web page with the shipped model.

    See :meth:`Scorer.score_html`. Needs the html extra: ``pip install "credscore[html]"``.
    """
    return default_scorer().score_html(html, url, content_type=content_type)
