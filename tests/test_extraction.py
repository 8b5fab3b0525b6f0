"""extract(): the public contract (errors, order, spans) and the seed article's lowering cues."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credscore import CUE_KINDS, Cue, extract


def test_seed_article_yields_every_lowering_cue_on_the_right_words(seed: dict[str, str]) -> None:
    cues = extract(seed["text"], title=seed["title"])
    found = {(cue.kind, cue.evidence) for cue in cues}

    def has(kind: str, needle: str) -> bool:
        return any(k == kind and needle in evidence for k, evidence in found)

    assert has("name_variant", "Zenesky")
    assert has("name_variant", "Benett")
    assert has("misspelling", "Chanel")
    assert has("promo_link", "https://t.me/TheTrueDefender")
    assert has("bare_source", "The Epoch Times Tass")
    assert has("page_boilerplate", "Leave a Reply")
    assert any(cue.kind == "clickbait_title" and cue.field == "title" for cue in cues)
    # Both spellings are reachable from a name_variant cue: the odd one spanned, the other named.
    zenesky = next(c for c in cues if c.kind == "name_variant" and c.evidence == "Zenesky")
    assert "Zelensky" in zenesky.message


def test_cues_come_in_document_order_with_sliced_evidence(seed: dict[str, str]) -> None:
    cues = extract(seed["text"], title=seed["title"], url="https://example.com/a")
    fields = {"title": seed["title"], "text": seed["text"], "url": "https://example.com/a"}
    order = {"title": 0, "text": 1, "url": 2}
    keys = [(order[c.field], c.start) for c in cues]
    assert keys == sorted(keys)
    for cue in cues:
        assert cue.kind in CUE_KINDS
        assert cue.evidence == fields[cue.field][cue.start : cue.end]
        assert cue.weight is None


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
def test_empty_text_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="text"):
        extract(text)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"text": None}, "text"),
        ({"text": b"bytes"}, "text"),
        ({"text": 42}, "text"),
        ({"text": "fine", "title": 3}, "title"),
        ({"text": "fine", "url": ["https://example.com"]}, "url"),
    ],
)
def test_wrong_types_are_type_errors_naming_the_argument(kwargs: dict, argument: str) -> None:
    with pytest.raises(TypeError, match=argument):
        extract(**kwargs)


def test_cue_is_frozen_and_serialises() -> None:
    cue = Cue("misspelling", "text", 0, 4, "teh", "'teh' looks like a misspelling of 'the'.")
    assert cue.to_dict()["evidence"] == "teh"
    with pytest.raises(AttributeError):
        cue.start = 1  # type: ignore[misc]
    assert cue.with_weight(-0.5).weight == -0.5


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(min_size=1).filter(str.strip),
    title=st.none() | st.text(),
    url=st.none() | st.text(max_size=60),
)
def test_any_unicode_gives_valid_spans_and_no_exception(text, title, url) -> None:
    fields = {"title": title or "", "text": text, "url": url or ""}
    for cue in extract(text, title=title, url=url):
        value = fields[cue.field]
        assert 0 <= cue.start <= cue.end <= len(value)
        assert cue.evidence == value[cue.start : cue.end]


LINE_PARTS = st.sampled_from(
    [
        "Leave a Reply",
        "Join us on Telegram: https://t.me/x",
        "Sources: RT, Sputnik",
        "WASHINGTON (Reuters) - ",
        '"We are ready," the minister said.',
        "https://www.cdc.gov/report",
        "Zelensky",
        "Zelenskyy",
        "goverment",
        "!!!",
        "\n",
        " ",
    ]
)


@settings(max_examples=100, deadline=None)
@given(parts=st.lists(LINE_PARTS | st.text(max_size=20), min_size=1, max_size=30))
def test_cue_shaped_fragments_keep_spans_valid(parts: list[str]) -> None:
    text = "".join(parts)
    if not text.strip():
        return
    for cue in extract(text, title=text[:80]):
        value = text if cue.field == "text" else text[:80]
        assert cue.evidence == value[cue.start : cue.end]
