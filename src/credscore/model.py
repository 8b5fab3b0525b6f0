"""The credibility model: a calibrated linear model over cues, style and vocabulary.

Why linear: every input then has an exact signed contribution to the log-odds, so the
explanation a reader sees *is* the model. The decomposition rule, for every article::

    log_odds = base_log_odds
             + sum(cue weights)                 # one weight per cue, see below
             + sum(style feature contributions) # relative to the average training article
             + sum(vocabulary contributions)    # one per known term present
    credibility = 1 / (1 + exp(-log_odds))

A cue kind with ``n`` cues contributes ``w_kind * log2(1 + n)`` (the first cue counts
``w_kind``; each doubling adds ``w_kind`` again), shared equally by its ``n`` cues. ``w_kind``
is learned for cues that occur often enough in training data, and set from measured rates
and field knowledge for rare ones (see the model card). A kind that lowers credibility can
only have ``w_kind <= 0`` and a raising kind ``w_kind >= 0``.

Rules applied at scoring time, the same in :meth:`CredibilityModel.explain` and the
batch path (each keeps the decomposition exact):

* **Clipping.** Every numeric feature is clipped to the range seen in training
  (``style_low``/``style_high``) before it reaches the model, so padding cannot push a
  feature far beyond anything the weights were fitted on.
* **Raising cues are hard to fake.** Together they add at most ``raising_cap``; and they
  count fully only when the rest of the text agrees (no lowering cue, the other evidence
  not pointing to unreliable), otherwise by ``raising_disagree_factor``.
* **Out of its depth.** Too short, not English, unfamiliar wording (few of its words in
  the vocabulary) or many features outside the training range: the text evidence is
  shrunk by ``unknown_shrink`` toward the base and the label is ``"unknown"``.

:class:`CredibilityModel` is the shipped artefact: plain arrays, scored with numpy alone.
:class:`CredibilityClassifier` is the scikit-learn estimator that fits one; its predictions
go through the exported model, so cross-validated figures measure exactly what ships.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import (
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    Sequence,
    ValuesView,
)
from dataclasses import MISSING, dataclass, field
from itertools import chain, repeat
from typing import Any

import numpy as np

from credscore.article import TOKEN_RE, Article
from credscore.cue import Cue
from credscore.language import language_note

CUE_FEATURE_PREFIX = "cue_"
#: Labels a model gives, from least to most credible, plus "unknown" (out of its depth).
LABELS: tuple[str, ...] = ("unreliable", "mixed", "reliable", "unknown")
TERM_PREFIX = "term:"
TITLE_PREFIX = "title:"


def cue_feature(kind: str) -> str:
    """Name of the count feature of a cue kind."""
    return f"{CUE_FEATURE_PREFIX}{kind}"


def cue_dose(count: float) -> float:
    """How a count of cues enters the model: ``log2(1 + n)`` (1 cue = 1, 3 cues = 2)."""
    return math.log2(1.0 + count)


def iter_terms(article: Article, ngram_max: int = 1, title_terms: bool = False) -> Iterator[str]:
    """Every term occurrence the vocabulary part sees, as a chain of C-level iterators.

    Lower-cased ASCII words of the text, word n-grams up to ``ngram_max`` (shifted token
    lists zipped together) and, with ``title_terms``, the headline's words prefixed
    ``title:`` so headline wording is weighed on its own.
    """
    tokens = article.lower_tokens
    parts: list[Iterable[str]] = [tokens]
    for n in range(2, ngram_max + 1):
        parts.append(map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False)))
    if title_terms and article.title:
        parts.append([TITLE_PREFIX + word for word in title_words(article.title)])
    return chain.from_iterable(parts)


def title_words(title: str) -> list[str]:
    """The headline's words as the vocabulary sees them: ASCII, lower-cased, straight '."""
    return " ".join(TOKEN_RE.findall(title)).lower().replace("’", "'").split()


def document_terms(
    article: Article, ngram_max: int = 1, title_terms: bool = False
) -> Mapping[str, int]:
    """Counts of every term of the article (training needs them all to pick a vocabulary)."""
    if ngram_max == 1 and not (title_terms and article.title):
        return article.lower_counts
    return Counter(iter_terms(article, ngram_max, title_terms))


def known_terms(
    article: Article, vocabulary: Mapping[str, int], ngram_max: int = 1, title_terms: bool = False
) -> Counter[str]:
    """Counts of the article's terms that are in ``vocabulary``; filtered in C while counting."""
    return Counter(filter(vocabulary.__contains__, iter_terms(article, ngram_max, title_terms)))


def sublinear_tfidf(terms: Mapping[str, int], vocabulary: Mapping[str, int], idf: np.ndarray):
    """(columns, values) of an l2-normalised sublinear tf-idf vector, as in scikit-learn.

    Same formula as ``TfidfVectorizer(sublinear_tf=True, smooth_idf=True, norm="l2")``
    restricted to ``vocabulary``: ``(1 + ln tf) * idf``, then divided by the l2 norm.
    """
    keys = list(filter(vocabulary.__contains__, terms))
    columns = np.fromiter(map(vocabulary.__getitem__, keys), dtype=np.int64, count=len(keys))
    tf = np.fromiter(map(terms.__getitem__, keys), dtype=np.float64, count=len(keys))
    return columns, _tfidf_values(tf, idf[columns])


def _tfidf_values(tf: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """``(1 + ln tf) * idf``, l2-normalised (empty in, empty out)."""
    values = (1.0 + np.log(tf)) * idf
    norm = np.sqrt(values @ values)
    return values / norm if norm else values


class _TermLookup:
    """The vocabulary as integer arrays, so an article's terms are counted with numpy.

    Every word of a term gets an id; a unigram's column is ``unigram_column[id]``, a word
    pair ``(a, b)`` is the key ``a * n_words + b`` in the sorted ``pair_keys``, looked up only
    when ``a`` starts and ``b`` ends some vocabulary pair (``opens_pair``, ``closes_pair``,
    which cut the binary searches by a fifth on news text). An article
    then costs one dict look-up per token (in C, through ``map``) and a few array passes,
    instead of a Python-level look-up for each of its ~600 words and ~600 word pairs.
    """

    def __init__(
        self,
        word_ids: dict[str, int],
        unigram_column: np.ndarray,
        title_column: np.ndarray,
        pair_keys: np.ndarray,
        pair_columns: np.ndarray,
        n_terms: int,
    ) -> None:
        self.word_ids = word_ids
        self.unigram_column = unigram_column
        self.title_column = title_column
        self.pair_keys = pair_keys
        self.pair_columns = pair_columns
        # Column -> is it a one-word term: an article's distinct known words are then its
        # distinct unigram columns, read off the counted columns without a second count.
        self.is_unigram = np.zeros(n_terms, dtype=bool)
        self.is_unigram[unigram_column[unigram_column >= 0]] = True
        n_words = len(word_ids)
        self.opens_pair = np.zeros(n_words + 1, dtype=bool)  # last slot: unknown word
        self.opens_pair[pair_keys // max(n_words, 1)] = True
        self.closes_pair = np.zeros(n_words + 1, dtype=bool)
        self.closes_pair[pair_keys % max(n_words, 1)] = True

    @classmethod
    def build(cls, terms: Sequence[str]) -> _TermLookup:
        word_ids: dict[str, int] = {}
        unigrams: list[tuple[int, int]] = []
        titles: list[tuple[int, int]] = []
        pairs: list[tuple[int, int, int]] = []
        for column, term in enumerate(terms):
            if term.startswith(TITLE_PREFIX):
                word = term[len(TITLE_PREFIX) :]
                titles.append((word_ids.setdefault(word, len(word_ids)), column))
            elif " " in term:
                first, second = term.split(" ")
                first_id = word_ids.setdefault(first, len(word_ids))
                pairs.append((first_id, word_ids.setdefault(second, len(word_ids)), column))
            else:
                unigrams.append((word_ids.setdefault(term, len(word_ids)), column))
        n_words = len(word_ids)
        unigram_column = np.full(n_words + 1, -1, dtype=np.int64)  # last slot: unknown word
        title_column = np.full(n_words + 1, -1, dtype=np.int64)
        for table, entries in ((unigram_column, unigrams), (title_column, titles)):
            if entries:
                ids, columns = np.asarray(entries, dtype=np.int64).T
                table[ids] = columns
        pair_array = np.asarray(pairs, dtype=np.int64).reshape(-1, 3)
        keys = pair_array[:, 0] * n_words + pair_array[:, 1]
        order = np.argsort(keys, kind="stable")
        return cls(
            word_ids, unigram_column, title_column, keys[order], pair_array[order, 2], len(terms)
        )

    def _ids(self, words: list[str]) -> np.ndarray:
        """Word ids, ``len(word_ids)`` (the unknown slot) for words outside the vocabulary."""
        unknown = len(self.word_ids)
        found = map(self.word_ids.get, words, repeat(unknown))
        return np.fromiter(found, dtype=np.int64, count=len(words))

    def counts(self, article: Article, title_terms: bool) -> tuple[np.ndarray, np.ndarray, float]:
        """(columns, term frequencies) of the article's known terms, columns ascending, and
        the share of its words that are vocabulary words."""
        ids = self._ids(article.lower_tokens)
        found = [self.unigram_column[ids]]
        if len(self.pair_keys) and len(ids) > 1:
            first, second = ids[:-1], ids[1:]
            both = self.opens_pair[first] & self.closes_pair[second]
            # Sorted keys: each binary search starts where the last one ended.
            keys = np.sort(first[both] * len(self.word_ids) + second[both])
            at = np.searchsorted(self.pair_keys, keys)
            at[at == len(self.pair_keys)] = 0
            found.append(self.pair_columns[at[self.pair_keys[at] == keys]])
        if title_terms and article.title:
            found.append(self.title_column[self._ids(title_words(article.title))])
        columns = np.concatenate(found)
        unique, tf = _run_lengths(np.sort(columns[columns >= 0]))
        # Over distinct words: repeating one junk word 300 times must not make a text
        # "unfamiliar" (and so "unknown"), nor repeating a common one make it familiar.
        words = len(article.lower_counts)  # the distinct lower_tokens, counted by the cues
        known = int(np.count_nonzero(self.is_unigram[unique]))
        return unique, tf, known / words if words else 0.0


def _run_lengths(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values, how often each occurs) of an ascending integer array:
    ``np.unique(..., return_counts=True)`` for input already sorted, with plain ufuncs
    (``np.diff`` with ``prepend``/``append`` costs more than the sort before it)."""
    n = len(ordered)
    if not n:
        return ordered, ordered
    starts_run = np.empty(n, dtype=bool)
    starts_run[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts_run[1:])
    starts = np.flatnonzero(starts_run)
    counts = np.empty_like(starts)
    counts[:-1] = starts[1:] - starts[:-1]
    counts[-1] = n - starts[-1]
    return ordered[starts], counts


@dataclass(frozen=True)
class TermGroup:
    """Vocabulary terms of one kind (see :meth:`Contributions.term_groups`)."""

    names: tuple[str, ...]
    """Their contribution names, strongest first."""
    total: float
    """The sum of their contributions (exact: ``math.fsum``)."""


class Contributions(Mapping[str, float]):
    """Each model input's signed share of an article's log-odds, by name.

    ``"cue:<kind>"`` for a cue kind's total, the style feature names, ``"term:<word>"`` for
    each vocabulary term present, and ``"source"`` for the URL's evidence. The few hundred
    term entries are kept as arrays and turned into a dict only when someone reads them, so
    a batch that never looks pays nothing for them.
    """

    __slots__ = (
        "_columns",
        "_fixed",
        "_mapping",
        "_names",
        "_term_names",
        "_title_columns",
        "_values",
    )

    def __init__(
        self,
        fixed: Mapping[str, float],
        term_names: Sequence[str] | np.ndarray = (),
        columns: np.ndarray | None = None,
        values: np.ndarray | None = None,
        title_columns: np.ndarray | None = None,
    ) -> None:
        """``fixed``: the entries other than terms; ``values[i]`` is the contribution of the
        term named ``term_names[columns[i]]`` (a name with its ``"term:"`` prefix);
        ``title_columns[c]``, when given, says whether ``term_names[c]`` is a headline term
        (else the names say)."""
        self._fixed = dict(fixed)
        # An object array: an article's few hundred names are then picked in one C loop.
        self._term_names = (
            term_names
            if isinstance(term_names, np.ndarray)
            else np.array(list(term_names), dtype=object)
        )
        self._title_columns = title_columns
        self._columns = np.empty(0, dtype=np.int64) if columns is None else columns
        self._values = np.empty(0) if values is None else values
        self._mapping: dict[str, float] | None = None
        self._names: np.ndarray | None = None

    def _as_dict(self) -> dict[str, float]:
        if self._mapping is None:
            mapping = dict(self._fixed)
            names = self._listed_names().tolist()
            mapping.update(zip(names, self._values.tolist(), strict=True))
            self._mapping = mapping
        return self._mapping

    def to_dict(self) -> dict[str, float]:
        """A plain dict of every entry, the caller's to change (one copy of the built dict:
        ``dict(contributions)`` would look each of the few hundred entries up by name)."""
        return dict(self._as_dict())

    def term_groups(self) -> tuple[dict[str, float], list[TermGroup]]:
        """(the entries other than vocabulary terms, the terms in three groups): the terms
        that raise the score, those that lower it, and the headline's (``"term:title:…"``),
        each group strongest first (ties in vocabulary order).

        What :func:`credscore.reasons.top_reasons` reads: the groups are formed on arrays,
        and the names, looked up once per article (shared with the dict), are put in order
        by one C-level call, so the few hundred terms cost a few array passes.
        """
        values, listed = self._values, self._listed_names()
        if self._title_columns is not None:
            headline = self._title_columns[self._columns]
        else:
            found = map(str.startswith, listed.tolist(), repeat(TERM_PREFIX + TITLE_PREFIX))
            headline = np.fromiter(found, dtype=bool, count=len(values))
        group = np.where(headline, 2, np.where(values > 0, 0, 1))
        # Stable: by group, then strongest first, ties in the entries' (vocabulary) order.
        order = np.lexsort((-np.abs(values), group))
        ranked = values[order].tolist()
        names = listed[order].tolist()
        groups, start = [], 0
        for size in np.bincount(group, minlength=3).tolist():
            end = start + size
            groups.append(TermGroup(tuple(names[start:end]), math.fsum(ranked[start:end])))
            start = end
        return dict(self._fixed), groups

    def _listed_names(self) -> np.ndarray:
        """The terms' names in entry order (an object array), picked once per article."""
        if self._names is None:
            self._names = self._term_names[self._columns]
        return self._names

    def __getitem__(self, name: str) -> float:
        return self._as_dict()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._as_dict())

    def __len__(self) -> int:
        return len(self._fixed) + len(self._columns)

    # The dict's own views: Mapping's generic ones call __getitem__ once per entry, which
    # made reading the few hundred entries (reasons(), to_dict()) cost as much as scoring.
    def keys(self) -> KeysView[str]:
        return self._as_dict().keys()

    def values(self) -> ValuesView[float]:
        return self._as_dict().values()

    def items(self) -> ItemsView[str, float]:
        return self._as_dict().items()

    def __repr__(self) -> str:
        return f"Contributions({len(self)} inputs)"

    def with_entry(self, name: str, value: float) -> Contributions:
        """A copy with one more entry (the source's part, added after the text model's)."""
        return Contributions(
            {**self._fixed, name: value},
            self._term_names,
            self._columns,
            self._values,
            self._title_columns,
        )

    def total(self) -> float:
        """The sum of every contribution (exact: ``math.fsum``)."""
        return math.fsum([*self._fixed.values(), *self._values.tolist()])


@dataclass(frozen=True)
class Decomposition:
    """The exact decomposition of one article's text log-odds.

    ``log_odds == base_log_odds + contributions.total()``; ``cues`` carry their weights.
    """

    base_log_odds: float
    cues: tuple[Cue, ...]
    """The article's cues in the order given, each with its share of its kind's weight."""
    contributions: Contributions
    clipped: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Features outside the training range: name -> (value, the clipped value used)."""
    unfamiliar: tuple[str, ...] = ()
    """Why the article is out of the model's depth (label "unknown"); empty if it is not."""

    @property
    def log_odds(self) -> float:
        return self.base_log_odds + self.contributions.total()


@dataclass
class CredibilityModel:
    """A fitted credibility model as plain data; scoring needs numpy only."""

    feature_names: tuple[str, ...]
    """The registry's feature names at training time (checked when loading)."""
    cue_weights: dict[str, float]
    """Per cue kind: the log-odds of one cue (``w_kind``)."""
    cue_weight_origin: dict[str, str]
    """Per cue kind: ``"learned"`` or how the fixed weight was set."""
    style_names: tuple[str, ...]
    style_center: np.ndarray
    style_scale: np.ndarray
    style_weights: np.ndarray
    """Log-odds per standard deviation of each style feature."""
    terms: tuple[str, ...]
    idf: np.ndarray
    term_weights: np.ndarray
    base_log_odds: float
    ngram_max: int = 1
    title_terms: bool = False
    thresholds: tuple[float, float] = (0.35, 0.65)
    """Credibility below the first is "unreliable", at or above the second "reliable"."""
    version: str = "dev"
    metadata: dict[str, Any] = field(default_factory=dict)
    style_low: np.ndarray | None = None
    """Per style feature, the lowest value used (training's low percentile); None: no clip."""
    style_high: np.ndarray | None = None
    """Per style feature, the highest value used (training's high percentile)."""
    raising_cap: float = math.inf
    """Most log-odds all raising cues together may add."""
    raising_disagree_factor: float = 1.0
    """Share of the raising cues' weight kept when the rest of the text disagrees."""
    min_words: int = 0
    """Fewer words than this and the article is "unknown" (too short to judge)."""
    min_known_share: float = 0.0
    """Below this share of words in the vocabulary the article is "unknown" (unfamiliar)."""
    max_clipped: int = 1_000
    """More features than this outside the training range and the article is "unknown"."""
    unknown_shrink: float = 1.0
    """Factor on the text evidence of an "unknown" article (0 = the base log-odds alone)."""
    raising_features: tuple[str, ...] = ()
    """Numeric features that may only raise: they share the raising cues' cap and agreement
    rule, so pasted quotes cannot add more than a fake dateline can."""

    def __post_init__(self) -> None:
        self._lookup = _TermLookup.build(self.terms) if self.ngram_max <= 2 else None
        self._style_index = [self.feature_names.index(name) for name in self.style_names]
        self._raising_style = np.array(
            [name in self.raising_features for name in self.style_names], dtype=bool
        )
        self._cue_index = {
            kind: self.feature_names.index(cue_feature(kind)) for kind in self.cue_weights
        }

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for derived in (
            "_lookup",
            "_vocabulary",
            "_term_name_cache",
            "_title_column_cache",
            "_style_index",
            "_raising_style",
            "_cue_index",
        ):
            state.pop(derived, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        # A model pickled before a field existed gets the field's default (no new rule).
        for name, spec in self.__dataclass_fields__.items():
            if name not in state and spec.default is not MISSING:
                state[name] = spec.default
        self.__dict__.update(state)
        self.__post_init__()

    def _term_names(self) -> np.ndarray:
        """Each term's name among the contributions (``"term:<term>"``), an object array in
        column order, built on first use."""
        names = self.__dict__.get("_term_name_cache")
        if names is None:
            names = np.array([TERM_PREFIX + term for term in self.terms], dtype=object)
            self.__dict__["_term_name_cache"] = names
        return names

    def _title_columns(self) -> np.ndarray:
        """Which terms are the headline's (``"title:<word>"``), built on first use."""
        flags = self.__dict__.get("_title_column_cache")
        if flags is None:
            found = map(str.startswith, self.terms, repeat(TITLE_PREFIX))
            flags = np.fromiter(found, dtype=bool, count=len(self.terms))
            self.__dict__["_title_column_cache"] = flags
        return flags

    def _term_index(self) -> dict[str, int]:
        """Term -> column, built on first use: only models with n-grams beyond pairs need it."""
        index = self.__dict__.get("_vocabulary")
        if index is None:
            index = self.__dict__["_vocabulary"] = {t: i for i, t in enumerate(self.terms)}
        return index

    def _term_tfidf(self, article: Article) -> tuple[np.ndarray, np.ndarray, float]:
        """(columns, values) of the article's tf-idf vector over the model's vocabulary, and
        the share of its words that are vocabulary words."""
        if self._lookup is None:
            index = self._term_index()
            terms = known_terms(article, index, self.ngram_max, self.title_terms)
            words = set(article.lower_tokens)
            share = sum(map(index.__contains__, words)) / len(words) if words else 0.0
            return (*sublinear_tfidf(terms, index, self.idf), share)
        columns, tf, share = self._lookup.counts(article, self.title_terms)
        return columns, _tfidf_values(tf, self.idf[columns]), share

    def label(self, credibility: float, unfamiliar: Sequence[str] = ()) -> str:
        """ "unreliable", "mixed" or "reliable" by the model's thresholds; "unknown" when
        the article is out of the model's depth (``unfamiliar`` gives the reasons)."""
        if unfamiliar:
            return "unknown"
        low, high = self.thresholds
        if credibility < low:
            return "unreliable"
        return "reliable" if credibility >= high else "mixed"

    def _clip(self, style: np.ndarray) -> np.ndarray:
        """Style values clipped to the training range."""
        if self.style_low is None or self.style_high is None:
            return style
        return np.minimum(np.maximum(style, self.style_low), self.style_high)

    def unfamiliar_reasons(
        self, article: Article, known_share: float, n_clipped: int
    ) -> tuple[str, ...]:
        """Why the model is out of its depth on this article (empty: it is not)."""
        reasons = []
        if article.n_tokens < self.min_words:
            reasons.append(
                f"too short to judge: {article.n_tokens} words (the model needs "
                f"{self.min_words} or more)"
            )
        language = language_note(article)
        if language is not None:
            reasons.append(language)
        if article.n_tokens >= self.min_words and known_share < self.min_known_share:
            reasons.append(
                f"unfamiliar wording: {known_share:.0%} of its distinct words are in the "
                f"model's vocabulary (the model needs {self.min_known_share:.0%})"
            )
        if n_clipped > self.max_clipped:
            reasons.append(
                f"{n_clipped} style features outside the range seen in training "
                f"(the model accepts {self.max_clipped})"
            )
        return tuple(reasons)

    def _raising_factor(self, raising: float, rest: float, lowering_fired: bool) -> float:
        """Factor on the raising evidence's total: capped, and reduced when the rest disagrees."""
        factor = min(1.0, self.raising_cap / raising) if raising > self.raising_cap else 1.0
        if lowering_fired or rest < 0:
            factor *= self.raising_disagree_factor
        return factor

    def decompose(
        self, article: Article, cues: Sequence[Cue], values: Sequence[float]
    ) -> Decomposition:
        """Every input's share of one analysed article's log-odds (``values`` from ``analyse``).

        The scoring-time rules apply here, in the one place every score goes through: style
        values are clipped to the training range; raising evidence (raising cues and the
        :attr:`raising_features`) adds at most :attr:`raising_cap` and keeps only
        :attr:`raising_disagree_factor` of itself when a lowering cue fired or the rest of
        the text's evidence is negative; an article out of the model's depth has its text
        evidence scaled by :attr:`unknown_shrink`. The decomposition stays exact.
        """
        evidence = self._evidence(article, values)
        per_cue = evidence.per_cue
        weighted = tuple(
            Cue(c.kind, c.field, c.start, c.end, c.evidence, c.message, per_cue.get(c.kind, 0.0))
            for c in cues
        )
        fixed = dict(evidence.kind_totals)
        fixed.update(evidence.style)
        contributions = Contributions(
            fixed,
            self._term_names(),
            evidence.columns,
            evidence.term_values,
            self._title_columns(),
        )
        return Decomposition(
            self.base_log_odds, weighted, contributions, evidence.clipped, evidence.unfamiliar
        )

    def score_analysed(
        self, articles: Sequence[Article], values: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(log-odds, out of depth) of many analysed articles, without building cues.

        For training and evaluation, which hold the feature matrix and not the cues: the
        same :meth:`_evidence` as :meth:`decompose`, so the numbers are the ones that ship.
        """
        values = np.asarray(values, dtype=np.float64).reshape(len(articles), -1)
        log_odds = np.empty(len(articles))
        unknown = np.zeros(len(articles), dtype=bool)
        for row, article in enumerate(articles):
            evidence = self._evidence(article, values[row])
            log_odds[row] = self.base_log_odds + evidence.total()
            unknown[row] = bool(evidence.unfamiliar)
        return log_odds, unknown

    def _evidence(self, article: Article, values: Sequence[float]) -> _Evidence:
        """The text evidence of one analysed article under the scoring-time rules.

        A cue kind's count is read from its ``cue_<kind>`` feature, which counts the cues
        ``analyse`` found (in the text and, for a web page, in its residue).
        """
        row = np.asarray(values, dtype=np.float64)
        per_cue: dict[str, float] = {}
        kind_raw: dict[str, float] = {}
        for kind, weight in self.cue_weights.items():
            n = float(row[self._cue_index[kind]])
            if n > 0 and weight:
                per_cue[kind] = weight * cue_dose(n) / n
                kind_raw[kind] = weight * cue_dose(n)
        raw = row[self._style_index]
        used = self._clip(raw)
        clipped = {}
        if (raw != used).any():  # NaN counts as clipped, as it did one value at a time
            clipped = {
                name: (float(value), float(kept))
                for name, value, kept in zip(
                    self.style_names, raw.tolist(), used.tolist(), strict=True
                )
                if value != kept
            }
        style = (used - self.style_center) / self.style_scale * self.style_weights
        columns, tfidf, known_share = self._term_tfidf(article)
        term_values = tfidf * self.term_weights[columns]
        raises = self._raising_style
        raising_style = math.fsum(style[raises].tolist())
        raising = math.fsum(v for v in kind_raw.values() if v > 0) + raising_style
        lowering = math.fsum(v for v in kind_raw.values() if v < 0)
        # Only the sign of the rest is read, so numpy's pairwise sum does for the few hundred
        # terms (at a tenth of math.fsum's cost); the totals reported stay math.fsum's.
        rest = lowering + math.fsum(style.tolist()) - raising_style + float(term_values.sum())
        factor = self._raising_factor(raising, rest, lowering < 0)
        unfamiliar = self.unfamiliar_reasons(article, known_share, len(clipped))
        shrink = self.unknown_shrink if unfamiliar else 1.0
        per_cue = {k: w * (factor if w > 0 else 1.0) * shrink for k, w in per_cue.items()}
        kind_totals = {
            f"cue:{k}": v * (factor if v > 0 else 1.0) * shrink for k, v in kind_raw.items()
        }
        scaled = style  # most articles keep every factor at 1.0: skip the multiplications
        if factor != 1.0:
            scaled = scaled * np.where(raises, factor, 1.0)
        if shrink != 1.0:
            scaled, term_values = scaled * shrink, term_values * shrink
        style_parts = dict(zip(self.style_names, scaled.tolist(), strict=True))
        return _Evidence(
            per_cue, kind_totals, style_parts, columns, term_values, clipped, unfamiliar
        )


@dataclass(frozen=True)
class _Evidence:
    """One article's text evidence, as :meth:`CredibilityModel._evidence` computes it."""

    per_cue: dict[str, float]
    """Per cue kind present, the weight of each of its cues."""
    kind_totals: dict[str, float]
    """``"cue:<kind>"`` -> the kind's total (its weight times its dose)."""
    style: dict[str, float]
    """Style feature -> contribution."""
    columns: np.ndarray
    term_values: np.ndarray
    clipped: dict[str, tuple[float, float]]
    unfamiliar: tuple[str, ...]

    def total(self) -> float:
        return math.fsum(
            [*self.kind_totals.values(), *self.style.values(), *self.term_values.tolist()]
        )
