"""The seed article: its two misspelled names and its misspelled call-to-action word."""

from __future__ import annotations

from credscore.article import Article
from credscore.cues import misspelling, name_variant


def test_seed_names_spelled_two_ways(seed: dict[str, str]) -> None:
    article = Article(seed["text"], seed["title"])
    found = {cue.evidence: cue.message for cue in name_variant.find(article)}
    assert set(found) == {"Zenesky", "Benett"}
    assert "'Zelensky'" in found["Zenesky"] and "'Bennett'" in found["Benett"]


def test_seed_call_to_action_misspelling(seed: dict[str, str]) -> None:
    article = Article(seed["text"], seed["title"])
    cues = misspelling.find(article)
    assert [cue.evidence for cue in cues] == ["Chanel"]
    line = article.text[article.text.rfind("\n", 0, cues[0].start) : cues[0].end]
    assert "Telegram" in line
