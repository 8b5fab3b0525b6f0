"""Benchmark inputs: ~600-word articles from ReCOVery when ../shared is present, else the sample."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
RECOVERY = REPO.parent / "shared" / "data" / "recovery" / "recovery_news_by_site.csv"
SAMPLE = REPO / "data" / "sample" / "articles.csv"


def words_window(text: str, n_words: int = 600) -> str:
    """The first ``n_words`` words of ``text`` with its line breaks kept."""
    count, end = 0, len(text)
    for index, char in enumerate(text):
        if char.isspace() and index and not text[index - 1].isspace():
            count += 1
            if count == n_words:
                end = index
                break
    return text[:end]


def articles(n: int, n_words: int = 600) -> pd.DataFrame:
    """``n`` articles of about ``n_words`` words, with title and url columns."""
    if RECOVERY.exists():
        source = pd.read_csv(RECOVERY).rename(columns={"body_text": "text"})
        source = source[source["text"].str.split().str.len() >= n_words]
        origin = "ReCOVery bodies"
    else:
        source = pd.read_csv(SAMPLE)
        source["text"] = (source["text"] + "\n\n") * 8
        origin = "team sample (repeated)"
    source = source[["text", "title", "url"]].reset_index(drop=True)
    source["text"] = source["text"].map(lambda t: words_window(t, n_words))
    reps = -(-n // len(source))
    frame = pd.concat([source] * reps, ignore_index=True).iloc[:n]
    frame.attrs["origin"] = origin
    return frame
