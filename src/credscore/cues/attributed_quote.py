"""Quotes attributed to a named speaker: '"We are ready," Health Minister Jane Doe said.'

Reporters say who said what, so a reader can check it; rumour pieces quote "experts",
"sources" or nobody. One cue per quote whose speaker is named (a capitalised name, often
with a role); the evidence spans the quote together with its attribution (speaker and
verb), in the order they appear. Scare quotes, titles of works, quotes attributed to
"they"/"sources"/"someone" and unattributed quotes give no cue.
"""

from __future__ import annotations

import re

from credscore.article import Article
from credscore.cue import Cue

KIND = "attributed_quote"
DIRECTION = +1
FEATURES: tuple[str, ...] = ("attributed_quote_share",)
#: Quotes attributed to a named source are a mark of reporting: the share may only raise.
FEATURE_DIRECTIONS: dict[str, int] = {"attributed_quote_share": +1}

# A double-quoted passage on one line; single quotes are mostly scare quotes or nesting.
_QUOTE = re.compile(r"[“\"](?P<body>[^“”\"\n]{2,1500})[”\"]")
_OPENING_MARKS = ('"', "“")
_VERB = (
    r"(?:said|says|told|added|adds|wrote|writes|stated|states|explained|noted|warned|argued"
    r"|asked|insisted|continued|tweeted|declared|claimed|recalled|acknowledged|replied"
    r"|responded|remarked|cautioned|urged|conceded|emphasi[sz]ed|stressed|observed"
    r"|commented|announced|testified|admitted|predicted|concluded|suggested|according\s+to)\b"
)
# A capitalised word of a name or title: "Jane", "Dr.", "WHO", "O'Neill", "al-Assad".
# Only a short word keeps its dot ("Dr.", "Sen.", "J.", "U.S."), so a name never runs on
# past the end of a sentence ("... according to Biderman. Filco Carting ...").
_NAME_WORD = r"(?:[A-Z][a-z]{0,3}\.|[A-Z](?:\.[A-Z])+\.?|[A-Z][\w'’\-]*)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:(?:de|van|von|der|bin|al|da|del|di|la|le)\s+)?{_NAME_WORD}){{0,4}}"
# Who spoke: a name, optionally after role words ("WHO spokesperson Tarik Jasarevic") and
# before an appositive role ("Jane Doe, an epidemiologist at Harvard,").
_SPEAKER = rf"(?:(?:{_NAME_WORD}|[a-z][\w'’\-]*),?\s+){{0,4}}?{_NAME}(?:,\s[^,“”\"\n]{{2,80}},)?"
_PRONOUN_SPEAKER = r"(?:he|she|He|She)"

# After the closing quote: ', Smith said' / 'said Dr. Ann Lee' / ', he said'.
_AFTER_QUOTE = re.compile(
    rf",?[ \t]*(?:(?P<verb_first>{_VERB})[ \t]+(?P<speaker_after>{_SPEAKER}|{_PRONOUN_SPEAKER}\b)"
    rf"|(?P<speaker_first>{_SPEAKER}|{_PRONOUN_SPEAKER}),?[ \t]+{_VERB})"
)
# Before the opening quote: 'Smith said on Tuesday: "' or 'said Dr. Ann Lee, an expert, "'.
_VERB_IN_LEAD = re.compile(_VERB)
_SPEAKER_AT = re.compile(rf"(?P<speaker>{_SPEAKER})")
# Where the lead-in sentence starts: after a sentence end (not the dot of "Dr." or "U.S."),
# a closing quote or a line break.
_ABBREVIATIONS = ("Dr", "Mr", "Mrs", "Ms", "Prof", "Sen", "Rep", "Gov", "Gen", "St", "Jr", "Sr")
_NOT_AFTER_ABBREVIATION = "".join(f"(?<!{abbr})" for abbr in _ABBREVIATIONS)
_LEAD_END = re.compile(rf"(?:(?<![A-Z]){_NOT_AFTER_ABBREVIATION}[.!?](?=\s)|[”\"\n])(?=[^”\"\n]*$)")
_LEAD_REACH = 200  # characters looked back for 'X said:'; leads in the data are < 150

# Words that start or make up a speaker yet name nobody.
_ANONYMOUS = frozenset(
    [
        "a",
        "an",
        "one",
        "some",
        "several",
        "many",
        "most",
        "few",
        "sources",
        "source",
        "someone",
        "somebody",
        "officials",
        "official",
        "experts",
        "expert",
        "critics",
        "people",
        "observers",
        "insiders",
        "others",
        "another",
        "they",
        "he",
        "she",
        "it",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "there",
        "reports",
        "report",
        "residents",
        "users",
    ]
)
# Small words that may stay lower-case inside a title of a work ("The Art of the Deal").
_TITLE_SMALL = frozenset(
    ["a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "as"]
)
_QUOTE_END_PUNCT = ",?!—–-…"


def _trim_full_stop(text: str, start: int, end: int) -> int:
    """Drop a sentence's full stop from the span, keeping the dot of "Jr." or "J."."""
    if end > start and text[end - 1] == ".":
        last_word = text[start : end - 1].rsplit(None, 1)[-1]
        if last_word not in _ABBREVIATIONS and len(last_word) > 1:
            return end - 1
    return end


def _looks_like_title(body: str) -> bool:
    """'The Wizard of Oz' is a title; 'We are ready,' is speech."""
    words = body.strip(" ,.;:!?").split()
    if len(words) < 2:
        return False
    return all(word[0].isupper() or word in _TITLE_SMALL for word in words if word[0].isalpha())


def _is_named(speaker: str) -> bool:
    """A speaker names someone if it has a capitalised word that is not a pronoun or 'Sources'."""
    words = speaker.replace(",", " ").split()
    if not words or words[0].lower() in _ANONYMOUS:
        return False
    return any(word[0].isupper() and word.lower() not in _ANONYMOUS for word in words)


def _lead_attribution(text: str, quote_start: int) -> tuple[int, bool] | None:
    """(start of the attribution, named?) if the words before the quote attribute it."""
    before = quote_start - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    if before < 0 or text[before] not in ",:":
        return None  # only 'X said:' or 'said X,' lead into a quote
    lead_start = max(0, quote_start - _LEAD_REACH)
    lead = text[lead_start:quote_start]
    cuts = list(_LEAD_END.finditer(lead))
    if cuts:
        lead_start += cuts[-1].end()
        lead = text[lead_start:quote_start]
    verbs = list(_VERB_IN_LEAD.finditer(lead))
    if not verbs:
        return None
    verb = verbs[-1]
    # 'said Dr. Ann Lee, an epidemiologist at X, "...': the speaker follows the verb.
    after = _SPEAKER_AT.match(lead, verb.end() + 1)
    if after is not None and not lead[after.end() :].strip(" ,:"):
        named = _is_named(after["speaker"])
        return (lead_start + verb.start(), named) if named else None
    # 'Health Minister Jane Doe said on Tuesday: "...': the speaker precedes the verb.
    words_before = lead[: verb.start()].split()[-6:]
    speaker_words: list[str] = []
    for word in reversed(words_before):
        if not (word[0].isupper() or word in ("de", "van", "von", "bin", "al")):
            break
        speaker_words.insert(0, word)
    speaker = " ".join(speaker_words)
    if speaker.lower() in ("he", "she"):
        return lead_start + lead.rfind(speaker, 0, verb.start()), False
    if not _is_named(speaker):
        return None
    return lead_start + lead.rfind(speaker_words[0], 0, verb.start()), True


def _attributed_quotes(article: Article) -> tuple[list[tuple[int, int]], int, int]:
    """(named-speaker quote spans, quotes attributed to a name or he/she, speech quotes).

    find() and measure() both need this pass; the article remembers it, so analyse() pays
    for it once.
    """
    return article.shared(_scan_quotes)


def _quotes(text: str) -> list[re.Match[str]]:
    """The matches of ``_QUOTE.finditer(text)``, found from the quote marks alone.

    A match can only start at an opening mark, so the pattern is tried there and nowhere
    else: ``str.find`` skips to the few marks in C, where the regex search tests every
    character (29 -> 7 µs on a 600-word article here).
    """
    positions = []
    for mark in _OPENING_MARKS:
        position = text.find(mark)
        while position != -1:
            positions.append(position)
            position = text.find(mark, position + 1)
    positions.sort()
    found = []
    searched_to = 0  # like finditer, the next match starts after the previous one
    for position in positions:
        if position >= searched_to:
            match = _QUOTE.match(text, position)
            if match is not None:
                found.append(match)
                searched_to = match.end()
    return found


def _scan_quotes(article: Article) -> tuple[list[tuple[int, int]], int, int]:
    """The quote pass behind :func:`_attributed_quotes`."""
    text = article.text
    spans: list[tuple[int, int]] = []
    attributed = speech = 0
    for quote in _quotes(text):
        body = quote["body"]
        if " " not in body.strip() or _looks_like_title(body):
            continue  # scare quotes ("experts") and titles of works are not speech
        speech += 1
        closes_sentence_part = body.rstrip()[-1] in _QUOTE_END_PUNCT or text.startswith(
            ",", quote.end()
        )
        tail = _AFTER_QUOTE.match(text, quote.end()) if closes_sentence_part else None
        if tail is not None:
            speaker = tail["speaker_after"] or tail["speaker_first"]
            pronoun = speaker in ("he", "she", "He", "She")
            if pronoun or _is_named(speaker):
                attributed += 1
                if not pronoun:
                    spans.append((quote.start(), _trim_full_stop(text, quote.start(), tail.end())))
                continue
        lead = _lead_attribution(text, quote.start())
        if lead is not None:
            attributed += 1
            start, named = lead
            if named:
                spans.append((start, quote.end()))
    return spans, attributed, speech


def find(article: Article) -> list[Cue]:
    """One cue per quote attributed to a named speaker, spanning quote and attribution."""
    spans, _, _ = _attributed_quotes(article)
    return [
        article.cue(
            KIND,
            "text",
            start,
            end,
            "A quote is attributed to a named speaker, so a reader can check who said it.",
        )
        for start, end in spans
    ]


def measure(article: Article) -> list[float]:
    """Share of speech-like quotes attributed to a named speaker or to he/she (0 if none)."""
    _, attributed, speech = _attributed_quotes(article)
    return [attributed / speech if speech else 0.0]
