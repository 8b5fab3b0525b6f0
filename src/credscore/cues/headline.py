"""The headline model behind the ``clickbait_title`` cue, scoring side: featurize and score.

A logistic regression over lower-cased word uni/bi-grams and a few hand features, shipped as
plain JSON coefficients (``_data/clickbait_headline.json``), so scoring a title is a few dict
look-ups in pure Python. :mod:`credscore.training.headline` fits it (``credscore
train-headlines``) with the same :func:`featurize`, so training and scoring see the same thing.

It reads two registers of sensational headline: listicle clickbait ("17 Things Only Night Owls
Understand", learned from Chakraborty et al. 2016's 32k labelled headlines) and the
hyperpartisan register of fake and fringe sites ("MACRON CAVES!", "What They Aren't Telling
You"), learned from headlines labelled by their publisher's reliability and described by the
field's surface signals, each a pattern list below.

Quirks of the training data decide the design (see the JSON's numbers):

* Chakraborty's labels are per *source* (BuzzFeed, Upworthy… vs NYT, Guardian, Hindu,
  WikiNews), and house capitalisation gives the source away: 83% of clickbait titles
  capitalise every word, 6% of news titles do. N-grams are therefore lower-cased, and the
  Title-Case share is left out of the shipped model.
* Chakraborty's clickbait titles were scraped without their final punctuation (none of
  15,999 ends in "?", "!" or "."), so that data would teach that a final "?" means *news*.
  Punctuation never reaches the learned part; the exclamation-mark and question weights are
  set by hand (:data:`PRIOR_WEIGHTS`) and stored apart from the learned ones.
* The hyperpartisan phrases the field knows ("they don't want you to know", "watch before
  it's deleted", "media blackout") occur in none of the labelled collections, or a handful
  of times, so no fit can weigh them: their weights are set by hand too, each with its
  reason at :data:`PRIOR_WEIGHTS`.
* Source-labelled headlines are labelled by outlet, and most headlines of unreliable outlets
  read like anyone's. Training weighs each outlet equally, lets these headlines teach only
  the hand features and the n-grams of function words (their other words are the outlets'
  topics: "lockdown", "democrat"), and reports ROC-AUC with whole outlets held out, so the
  model learns style, not outlets or subjects.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

from credscore.logodds import logistic

WEIGHTS_FILE = "clickbait_headline.json"
FORMAT_VERSION = 2

# Lower-cased words with inner apostrophes; digits become placeholders so "17 Things" and
# "23 Things" share one feature ("<num> things") while years stay apart.
_TOKEN_RE = re.compile(r"<year>|<num>|[a-z]+(?:'[a-z]+)*")
_YEAR_RE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_NUMBER_RE = re.compile(r"\d+")
_DIGIT_RE = re.compile(r"\d")
_SECOND_PERSON = frozenset(
    {"you", "your", "you're", "yours", "yourself", "yourselves", "you'll", "you've", "ya"}
)
_STARTS_WITH_NUMBER_RE = re.compile(r"\s*\d+(?:\.\d+)?\s+[^\W\d_]")

# Listicle teasers: the title withholds what it is about so the reader has to click. The list
# is ours; every pattern was checked to be rarer in the news half of Chakraborty's data.
TEASER_RE = re.compile(
    r"""
    \byou\ (?:won't|will\ not|wont|will\ never|won't\ ever)\ believe
    | \b(?:this|that)\ is\ (?:why|what|how|the\ reason)\b
    | \bhere(?:'s|\ is)\ what\ happen(?:s|ed)\b
    | \bwill\ (?:make|leave|blow|change|restore|melt)\ (?:you|your)\b
    | \bwhat\ happen(?:s|ed)\ next\b
    | \byou\ (?:need|have|ought)\ to\ (?:see|try|watch|read)\b
    | \byou\ (?:didn't|never)\ know\b
    | \b(?:things|reasons|signs|ways|times|people|photos|pictures)
      \ (?:that\ )?(?:you|only|will|who\ totally|why)\b
    | \bwhich\ [\w' ]{1,40}\ are\ you\b
    | \bcan\ you\ (?:guess|name|spot|tell|identify|pass)\b
    | \bbefore\ you\ die\b | \bjust\ might\b
    """,
    re.VERBOSE,
)
# Every teaser pattern contains one of these words: titles without any skip the regex.
_TEASER_GATE = frozenset(
    {"you", "your", "this", "that", "here's", "here", "which", "just"}
    | {"things", "reasons", "signs", "ways", "times", "people", "photos", "pictures"}
)
# Explainer phrasing. Clickbait sites use it ("Here's Why Cats Purr"), but so do mainstream
# explainers: in AllSides and ReCOVery these patterns match 72 reliable outlets' titles and
# 11 unreliable ones'. The model learns its weight from both registers; it never counts as a
# sensational marker of the cue.
EXPLAINER_RE = re.compile(
    r"""
    \bhere(?:'s|\ is|\ are)\ (?:why|what|how|the)\b
    | \b(?:what|everything|all)\ (?:you|we)\ (?:need|should|have)\ to\ know\b
    | \bwhat\ to\ know\b | \byou\ need\ to\ know\b
    """,
    re.VERBOSE,
)
_EXPLAINER_GATE = frozenset({"here's", "here", "know"})

# Hyperpartisan register, three pattern lists (weights and their reasons: PRIOR_WEIGHTS).
# Hidden truth: someone is keeping the truth from the reader. The fringe's signature teaser.
HIDDEN_TRUTH_RE = re.compile(
    r"""
    \b(?:don't|doesn't|do\ not|does\ not|didn't)\ want\ (?:you|us|the\ public|americans)
      \ to\ (?:know|see|hear|find\ out|read|learn|buy|have|use|try|watch|ask)\b
    | \bwhat\ (?:they|[\w'-]+(?:\ [\w'-]+){0,2})
      \ (?:aren't|are\ not|isn't|is\ not|won't|will\ not|don't|doesn't|do\ not|does\ not)
      \ (?:telling|tell|saying|say|showing|show|reporting|admit|admitting)(?:\ (?:you|us))?\b
    | \b(?:won't|will\ not|don't|doesn't|refuses?\ to|never)\ tell\ you\b
    | \b(?:hiding|hide|hid|hidden|keeping|kept)\ (?:it\ |this\ |the\ truth\ )?from\ (?:you|us)\b
    | \bhiding\ (?:the\ )?truth\b
    | \b(?:media|news)\ blackout\b
    | \b(?:nobody|no\ one)(?:'s|\ is)\ (?:talking|telling\ you|reporting|covering)(?:\ about)?\b
    | \b(?:were|was|are|is)\ never\ told\b
    | \b(?:covering|covered|cover)\ (?:it|this|them)\ up\b | \bcover-?up\b
    | \bthey\ (?:knew|know)\ (?:it|all\ along)\b
    | \b(?:you're|you\ are|we're|we\ are)\ being\ (?:lied\ to|deceived|misled|played)\b
    | \bthey(?:'re|\ are)\ lying\ to\ you\b
    """,
    re.VERBOSE,
)
_HIDDEN_TRUTH_GATE = frozenset(
    {"want", "tell", "telling", "saying", "showing", "reporting", "from", "blackout"}
    | {"about", "lied", "deceived", "misled", "played", "lying", "say", "show", "admit"}
    | {"admitting", "hiding", "covering", "told", "up", "cover", "coverup", "knew", "know"}
)
# Urgency: act before "they" remove it. Shared before a supposed takedown.
URGENCY_RE = re.compile(
    r"""
    \bbefore\ (?:it(?:'s|\ is|\ gets)|this(?:'s|\ is|\ gets)|they(?:'re|\ are)?|they\ get)
      \ ?(?:deleted|removed|banned|censored|taken\ down|scrubbed|pulled|delete|remove|ban)\b
    | \bmust[-\ ](?:see|watch)\b
    | \b(?:please\ )?share\ (?:this\ )?(?:before|everywhere|widely|if\ you)\b
    | \bspread\ the\ word\b
    """,
    re.VERBOSE,
)
_URGENCY_GATE = frozenset({"before", "must", "share", "spread"})
# Insinuation: a promised revelation. Weaker: "the truth about" also heads reliable opinion
# pieces (2 of 4,714 AllSides reliable titles), so it needs a second signal to tip the cue.
INSINUATION_RE = re.compile(
    r"""
    \bthe\ (?:real\ |whole\ |shocking\ |hidden\ |ugly\ )?truth\ (?:about|behind)\b
    | \btruth\ (?:comes\ out|revealed|exposed)\b
    | \bthe\ real\ (?:reason|story)\b
    | \bwhat\ really\ happened\b
    | \b(?:worst|biggest)\ nightmare\b
    | \bin\ secret\b | \bsecret\ (?:plan|deal|pact|agenda|memo|labs?|cabal|meeting)\b
    | \bwhat\ they\ found\b
    | \b(?:big\ pharma|deep\ state|globalists?|plandemic|sheeple|new\ world\ order)\b
    | \b(?:great\ reset|mainstream\ media|msm|cabal)\b
    """,
    re.VERBOSE,
)
_INSINUATION_GATE = frozenset(
    {"truth", "real", "really", "nightmare", "secret", "found", "pharma", "state", "globalist"}
    | {"globalists", "plandemic", "sheeple", "order", "reset", "media", "msm", "cabal"}
)

#: Alarm words of the hyperpartisan register. Each is an ordinary word in plain news ("Trump
#: caves on border wall" in Politico, "panic buying" in the BBC), so it counts only when
#: emphasised: shouted in capitals, followed by "!", or opening the title as a label
#: ("BREAKING:", "Shocking:").
ALARM_WORDS = frozenset(
    {"breaking", "shocking", "exposed", "exposes", "bombshell", "caves", "caved", "panic"}
    | {"panics", "panicking", "meltdown", "busted", "destroyed", "destroys", "humiliated"}
    | {"humiliates", "slams", "slammed", "blasts", "confirmed", "urgent", "alert", "chaos"}
    | {"outrage", "outrageous", "disgusting", "boom", "wow", "whoa", "omg", "unbelievable"}
    | {"insane", "leaked", "revealed", "terrified", "furious", "stunning", "stuns", "spotted"}
    | {"treason", "traitor", "evil", "sick", "hoax", "rigged", "censored", "silenced"}
    | {"banned", "warning", "scandal", "caught", "finally", "epic", "huge", "massive"}
    | {"stunned", "stuns", "exploding", "explodes", "collapse", "collapsing", "imminent"}
    | {"disaster", "catastrophe", "terrifying", "horrifying", "shock", "shocked", "silent"}
    | {"baffled", "baffles", "speechless", "horrified", "livid", "flabbergasted", "furor"}
)
_WORD_SPAN_RE = re.compile(r"[A-Za-z]+")
_RUBRIC_ALARM_WORDS = frozenset({"revealed", "leaked"})

# An exclamation mark inside a quotation is the speaker's, not the headline writer's.
# A straight or curly single quote glued to letters on the outside is an apostrophe
# ("Iran's", "Khabib’s"), so a quotation must not open after a letter or close before one.
# Inside a single-quoted span an apostrophe between letters ("I've") does not close it.
_QUOTED_RE = re.compile(
    r"\"[^\"]*\"|“[^”]*”|‘(?:[^’]|(?<=[A-Za-z])’(?=[A-Za-z]))*’(?![A-Za-z])"
    r"|(?<![A-Za-z])'(?:[^']|(?<=[A-Za-z])'(?=[A-Za-z]))*'(?![A-Za-z])"
)
_CAPS_RUN_RE = re.compile(r"[A-Z]{4}")
_ALL_CAPS_RE = re.compile(r"\b[A-Z][A-Z']{3,}\b")
# Three-letter words shouted at the reader ("Trained To Censor YOU", "Buy Gold NOW").
_SHOUTED_SHORT_RE = re.compile(r"(?<![A-Za-z'])(?:YOU|NOW|WHY)(?![A-Za-z'])")
_WORD_RE = re.compile(r"[^\W\d_]+")
# Capitals that are a newsroom's, not shouting: media tags in brackets ("[VIDEO]",
# "(PHOTOS)"), rubric labels ("LIVE UPDATES:", "OPINION:", Reuters' "EXCLUSIVE-", AP's "FACT
# CHECK") and mastheads written in capitals. Each was seen on reliable outlets' titles in
# the shared collections.
_BRACKETED_RE = re.compile(r"\[[^\]]*\]|\([^)]*\)")
NEWSROOM_LABELS = frozenset(
    {"live", "update", "updates", "updated", "watch", "video", "videos", "photos", "photo"}
    | {"images", "audio", "podcast", "opinion", "opinions", "editorial", "analysis"}
    | {"exclusive", "review", "interview", "poll", "report", "transcript", "explainer"}
    | {"latest"}
)
_MASTHEAD_RE = re.compile(r"\b(?:USA TODAY(?: NETWORK)?|INSIDER TODAY|NY POST|FACT CHECK)\b")

#: Hand features the model learns a weight for, in vector order.
LEARNED_HAND_FEATURES: tuple[str, ...] = (
    "starts_with_number",
    "second_person",
    "teaser_phrase",
    "explainer_phrase",
    "shouted_words",
)
#: Learned hand features that mark sensationalism: training keeps their weights >= 0, so each
#: can only raise the probability (the explainer phrase is learned freely).
SENSATIONAL_LEARNED: frozenset[str] = frozenset(
    {"starts_with_number", "second_person", "teaser_phrase", "shouted_words"}
)
#: The Title-Case share: trained in only for the with/without comparison (a source leak).
TITLE_CASE_FEATURE = "title_case_share"

#: Hand-set log-odds for signals no training data can weigh, in vector order.
#:
#: * ``exclamation_marks``: each unquoted "!" adds 3.0, two (the cap) 6.0. Estimates of the
#:   log-odds of a "!" in a title: 1.3 inside Chakraborty titles (0.19% vs 0.05%, few and
#:   often brand names like "Yahoo!"), 1.4 in FakeNewsNet v1 (fake 15.6% vs real 3.8%), 3.4
#:   in ReCOVery (unreliable 2.3% vs reliable 0.07%). 3.0 is a judgement: one "!" does not
#:   tip an ordinary news title over the threshold, two do.
#: * ``question_headline``: a final "?" adds 0.4, the log-odds between unreliable (5.3%) and
#:   reliable (3.7%) ReCOVery titles: a question alone never tips a title over.
#: * ``hidden_truth`` (:data:`HIDDEN_TRUTH_RE`) and ``urgency`` (:data:`URGENCY_RE`): 5.0,
#:   enough to tip a plain title alone. Both claim that someone suppresses the story, the
#:   conspiracy headline's hallmark; they match none of the 8,303 reliable outlets' titles
#:   in the shared collections (AllSides label 1, BBC, ReCOVery label 1), and 34 of
#:   Chakraborty's 16,000 clickbait titles against 1 of its news titles.
#: * ``insinuation`` (:data:`INSINUATION_RE`) and each emphasised alarm word
#:   (:data:`ALARM_WORDS`, two at most): 2.0, half-way; each needs a second signal (a "!",
#:   shouting, another phrase) to tip the cue, because each also heads an occasional
#:   reliable title.
PRIOR_WEIGHTS: dict[str, float] = {
    "exclamation_marks": 3.0,
    "question_headline": 0.4,
    "hidden_truth": 5.0,
    "urgency": 5.0,
    "insinuation": 2.0,
    "alarm_words": 2.0,
}
_MAX_EXCLAMATIONS = 2
_MAX_SHOUTED = 2
_MAX_ALARM_WORDS = 2


def normalize(title: str) -> str:
    """Lower-case a title with typographic apostrophes folded to ASCII ones."""
    return title.lower().replace("’", "'").replace("‘", "'")


def headline_tokens(lowered: str) -> list[str]:
    """Word tokens of a normalized title, numbers replaced by ``<year>`` or ``<num>``."""
    if _DIGIT_RE.search(lowered):  # the substitutions below only ever touch \d characters
        lowered = _NUMBER_RE.sub(" <num> ", _YEAR_RE.sub(" <year> ", lowered))
    return _TOKEN_RE.findall(lowered)


def headline_terms(tokens: list[str]) -> list[str]:
    """Unigrams and bigrams of the tokens: the model's vocabulary items."""
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def _unquoted(title: str) -> str:
    """The title with quotations blanked out (same length, so offsets still hold)."""
    if not any(mark in title for mark in "\"“‘'"):
        return title
    return _QUOTED_RE.sub(lambda match: " " * len(match.group()), title)


def exclamation_marks(title: str) -> int:
    """Exclamation marks outside quotations, all of them (what a message should count)."""
    if "!" not in title:
        return 0
    return _unquoted(title).count("!")


def count_exclamations(title: str) -> int:
    """Exclamation marks outside quotations, capped (a third adds nothing new)."""
    return min(exclamation_marks(title), _MAX_EXCLAMATIONS)


def shouted_words(title: str, common_words: Any) -> list[str]:
    """ALL-CAPS words that are ordinary words ("SHOCKING"), not acronyms ("NATO", "COVID").

    A newsroom's capitals are not shouting: bracketed media tags ("[VIDEO]"), rubric labels
    (:data:`NEWSROOM_LABELS`) and mastheads ("USA TODAY") are skipped, and so are capitals
    inside a quotation (the speaker's, like a quoted "!").
    """
    if not (_CAPS_RUN_RE.search(title) or _SHOUTED_SHORT_RE.search(title)):
        return []
    title = _unquoted(title)
    if "[" in title or "(" in title:
        title = _BRACKETED_RE.sub(" ", title)
    if "TODAY" in title or "POST" in title or "CHECK" in title:
        title = _MASTHEAD_RE.sub(" ", title)
    found = []
    for word in _ALL_CAPS_RE.findall(title):
        key = word.lower().replace("'", "")
        if (key in common_words or key in ALARM_WORDS) and key not in NEWSROOM_LABELS:
            found.append(word)
        elif word.endswith("'S") and len(word) >= 5:
            found.append(word)  # a name shouted in the possessive: "PUTIN'S", "TRUDEAU'S"
    found.extend(_SHOUTED_SHORT_RE.findall(title))
    return found


def alarm_words(title: str) -> list[str]:
    """Emphasised alarm words (:data:`ALARM_WORDS`): in capitals, before "!", or as a label.

    "MACRON CAVES", "Exposed!" and "Breaking: …" count; "caves on border wall" does not, nor
    a quoted one. "Revealed:" and "Leaked:" open reliable papers' scoops too, so those two
    count as a label only in capitals.
    """
    title = _unquoted(title)
    found = []
    for index, match in enumerate(_WORD_SPAN_RE.finditer(title)):
        word = match.group()
        if word.lower() not in ALARM_WORDS:
            continue
        after = title[match.end() : match.end() + 2].lstrip()
        shouted = len(word) >= 3 and word.isupper()
        # A label: "Breaking: ...", "Carbon Tax Disaster: ..." (a capitalised word before a
        # colon; "would not be a disaster: Column" is a sentence, not a label).
        label = (
            after.startswith(":")
            and (index == 0 or word[0].isupper())
            and word.lower() not in _RUBRIC_ALARM_WORDS
        )
        if shouted or label or after.startswith("!"):
            found.append(word)
    return found


def _phrase(pattern: re.Pattern[str], gate: frozenset[str], lowered: str, tokens: set[str]) -> bool:
    """Whether ``pattern`` matches, skipping the regex when no gate word is among the tokens."""
    return not tokens.isdisjoint(gate) and pattern.search(lowered) is not None


#: The pattern lists of the phrase features, by feature name, with their gate words.
PHRASE_PATTERNS: dict[str, tuple[re.Pattern[str], frozenset[str]]] = {
    "teaser_phrase": (TEASER_RE, _TEASER_GATE),
    "explainer_phrase": (EXPLAINER_RE, _EXPLAINER_GATE),
    "hidden_truth": (HIDDEN_TRUTH_RE, _HIDDEN_TRUTH_GATE),
    "urgency": (URGENCY_RE, _URGENCY_GATE),
    "insinuation": (INSINUATION_RE, _INSINUATION_GATE),
}


def title_case_share(title: str) -> float:
    """Share of words after the first that start with a capital (house style, not content)."""
    words = _WORD_RE.findall(title)[1:]
    if not words:
        return 0.0
    return sum(word[0].isupper() for word in words) / len(words)


def featurize(
    title: str, common_words: Any, *, title_case: bool = False
) -> tuple[list[str], list[float], list[float]]:
    """(n-gram terms, learned hand-feature values, prior-feature values) of one title.

    The single featurizer behind training and scoring, so both always see the same thing.
    """
    lowered = normalize(title)
    tokens = headline_tokens(lowered)
    token_set = set(tokens)
    hand = [
        1.0 if _STARTS_WITH_NUMBER_RE.match(title) else 0.0,
        0.0 if token_set.isdisjoint(_SECOND_PERSON) else 1.0,
        1.0 if _phrase(TEASER_RE, _TEASER_GATE, lowered, token_set) else 0.0,
        1.0 if _phrase(EXPLAINER_RE, _EXPLAINER_GATE, lowered, token_set) else 0.0,
        float(min(len(shouted_words(title, common_words)), _MAX_SHOUTED)),
    ]
    if title_case:
        hand.append(title_case_share(title))
    alarmed = 0 if token_set.isdisjoint(ALARM_WORDS) else len(alarm_words(title))
    prior = [
        float(count_exclamations(title)),
        1.0 if title.rstrip().endswith("?") else 0.0,
        1.0 if _phrase(HIDDEN_TRUTH_RE, _HIDDEN_TRUTH_GATE, lowered, token_set) else 0.0,
        1.0 if _phrase(URGENCY_RE, _URGENCY_GATE, lowered, token_set) else 0.0,
        1.0 if _phrase(INSINUATION_RE, _INSINUATION_GATE, lowered, token_set) else 0.0,
        float(min(alarmed, _MAX_ALARM_WORDS)),
    ]
    return headline_terms(tokens), hand, prior


#: A title's (n-gram terms, learned hand-feature values, prior-feature values).
TitleFeatures = tuple[list[str], list[float], list[float]]


def logit(title: str, weights: dict[str, Any]) -> float:
    """Log-odds that ``title`` is clickbait under ``weights`` (see :func:`prepare_weights`)."""
    return features_logit(title_features(title, weights), weights)


def title_features(title: str, weights: dict[str, Any]) -> TitleFeatures:
    """:func:`featurize` under ``weights``' word list and feature set: computed once, the
    features give both the log-odds and the sensational strength."""
    return featurize(title, weights["common_words"], title_case=weights["_tc"])


def features_logit(features: TitleFeatures, weights: dict[str, Any]) -> float:
    """Log-odds of a title from its :func:`title_features`."""
    terms, hand, prior = features
    get = weights["ngram_weights"].get
    total = weights["intercept"]
    if terms:
        # Each n-gram counts 1/sqrt(number of n-grams), as in training, so a long
        # two-sentence title does not pile up small function-word weights.
        total += sum([get(term, 0.0) for term in terms]) / math.sqrt(len(terms))
    for value, weight in zip(hand, weights["_hand"], strict=True):
        total += value * weight
    for value, weight in zip(prior, weights["_prior"], strict=True):
        total += value * weight
    return total


def contributions(title: str, weights: dict[str, Any]) -> dict[str, float]:
    """Each non-zero feature's share of the log-odds; hand features are keyed ``#name``."""
    terms, hand, prior = title_features(title, weights)
    ngram_weights = weights["ngram_weights"]
    found: dict[str, float] = {}
    scale = 1.0 / math.sqrt(len(terms)) if terms else 0.0
    for term in terms:
        weight = ngram_weights.get(term)
        if weight is not None:
            found[term] = found.get(term, 0.0) + weight * scale
    names = list(weights["hand_weights"]) + list(weights["prior_weights"])
    vectors = zip(names, hand + prior, weights["_hand"] + weights["_prior"], strict=True)
    for name, value, weight in vectors:
        if value:
            found[f"#{name}"] = value * weight
    return found


#: Features that make a headline *sensational*, not merely clickbait-shaped: the cue fires only
#: when one of them pushes the title up. Without this the model also fired on mainstream
#: explainers ("Here's what you need to know") and numbered news ("10 killed as storm hits").
SENSATIONAL_MARKERS = frozenset(
    {"teaser_phrase", "shouted_words", "exclamation_marks", "hidden_truth", "urgency"}
    | {"insinuation", "alarm_words"}
)


#: How much each marker says about sensationalism on its own: a claim of suppression
#: (hidden truth, urgency) is worth two, any other marker one per occurrence (capped as in
#: :func:`featurize`). See :func:`sensational_strength`.
MARKER_STRENGTH: dict[str, int] = {
    "hidden_truth": 2,
    "urgency": 2,
    "insinuation": 1,
    "alarm_words": 1,
    "shouted_words": 1,
    "exclamation_marks": 1,
    "teaser_phrase": 1,
}
#: A title this sensational reads as clickbait whatever the n-gram model says: two markers
#: ("SHOCKING" and "!"; "EXPLODING" and "covering it up") or one claim of suppression. The
#: n-gram model learned listicles, and reads a conspiracy headline's news-like nouns
#: ("Scientists STUNNED By What They Found Under Antarctic Ice": 0.00) as news.
STRONGLY_SENSATIONAL = 2


def sensational_strength(title: str, weights: dict[str, Any]) -> int:
    """The sum of :data:`MARKER_STRENGTH` over the markers ``title`` shows."""
    return features_strength(title_features(title, weights), weights)


def features_strength(features: TitleFeatures, weights: dict[str, Any]) -> int:
    """:func:`sensational_strength` of a title from its :func:`title_features`."""
    _terms, hand, prior = features
    names = list(weights["hand_weights"]) + list(weights["prior_weights"])
    return sum(
        MARKER_STRENGTH[name] * round(value)
        for name, value in zip(names, hand + prior, strict=True)
        if value and name in MARKER_STRENGTH
    )


def is_sensational(title: str, weights: dict[str, Any]) -> bool:
    """Whether ``title`` shows one of the :data:`SENSATIONAL_MARKERS`."""
    return sensational_strength(title, weights) > 0


def probability(title: str, weights: dict[str, Any]) -> float:
    """Probability that the headline model reads ``title`` as clickbait."""
    return logistic(logit(title, weights))


def read_weights(path: Path) -> dict[str, Any]:
    """Load a weights JSON, with the word list as a set; says what is wrong if it is not ours."""
    weights = json.loads(Path(path).read_text(encoding="utf-8"))
    return prepare_weights(weights, str(path))


def prepare_weights(weights: dict[str, Any], where: str = "weights") -> dict[str, Any]:
    """Check a parsed weights dict and turn its word list into a set for fast look-ups."""
    if weights.get("format") != FORMAT_VERSION:
        raise ValueError(
            f"{where}: expected headline-model format {FORMAT_VERSION}, "
            f"got {weights.get('format')!r}"
        )
    missing = [
        key
        for key in (
            "intercept",
            "ngram_weights",
            "hand_weights",
            "prior_weights",
            "common_words",
            "threshold",
        )
        if key not in weights
    ]
    if missing:
        raise ValueError(f"{where}: missing keys {missing}")
    expected_hand = [*LEARNED_HAND_FEATURES, TITLE_CASE_FEATURE]
    if list(weights["hand_weights"]) not in (expected_hand[:-1], expected_hand):
        raise ValueError(f"{where}: hand features {list(weights['hand_weights'])} are not ours")
    if list(weights["prior_weights"]) != list(PRIOR_WEIGHTS):
        raise ValueError(f"{where}: prior features {list(weights['prior_weights'])} are not ours")
    weights = dict(weights)
    weights["common_words"] = frozenset(weights["common_words"])
    # Weight vectors in featurize() order, for the scoring loop.
    weights["_hand"] = [float(value) for value in weights["hand_weights"].values()]
    weights["_prior"] = [float(value) for value in weights["prior_weights"].values()]
    weights["_tc"] = TITLE_CASE_FEATURE in weights["hand_weights"]
    return weights
