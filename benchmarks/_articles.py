"""Benchmark inputs: distinct ~600-word articles from the shared collections, else the sample.

Distinct matters: credscore remembers per-word answers (spelling look-ups, host parses), so
articles repeated to make up a count would be scored partly from memory. The collections
give several thousand distinct bodies of 600 words or more; without ``../shared`` the team
sample is repeated and the origin says so.
"""

from __future__ import annotations

import functools
import gc
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
SAMPLE = REPO / "data" / "sample" / "articles.csv"
# (file, text column) of each collection drawn from, in order.
SOURCES = (
    ("recovery/recovery_news_by_site.csv", "body_text"),
    ("allsides_baly2020/allsides_rated_part1.csv", "text"),
    ("allsides_baly2020/allsides_rated_part2.csv", "text"),
    ("fakenewsnet_v1/fakenewsnet_v1_content.csv", "text"),
    ("fakenewscorpus_sample/news_sample.csv", "content"),
)


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


def _shared_articles(n_words: int) -> pd.DataFrame | None:
    frames = []
    for relative, column in SOURCES:
        path = SHARED / relative
        if path.is_file():
            frame = pd.read_csv(path).rename(columns={column: "text"})
            frames.append(frame[["text", "title", "url"]])
    if not frames:
        return None
    source = pd.concat(frames, ignore_index=True).dropna(subset=["text"])
    source = source[source["text"].str.split().str.len() >= n_words]
    source = source.drop_duplicates(subset="text").reset_index(drop=True)
    return source


def articles(n: int, n_words: int = 600) -> pd.DataFrame:
    """``n`` articles of about ``n_words`` words, with title and url columns.

    Distinct bodies from the shared collections (``attrs["distinct"]`` says how many); the
    frame repeats them only when fewer than ``n`` exist, and ``attrs["origin"]`` says so.
    """
    source = _shared_articles(n_words)
    if source is not None:
        origin = "distinct shared-collection bodies (ReCOVery, AllSides, FakeNewsNet, FNC)"
    else:
        source = pd.read_csv(SAMPLE)[["text", "title", "url"]]
        source["text"] = (source["text"] + "\n\n") * 8
        origin = "team sample (repeated)"
    source = source.sample(frac=1.0, random_state=0).reset_index(drop=True)
    source["text"] = source["text"].map(lambda t: words_window(t, n_words))
    reps = -(-n // len(source))
    frame = pd.concat([source] * reps, ignore_index=True).iloc[:n].reset_index(drop=True)
    frame.attrs["distinct"] = min(n, len(source))
    if reps > 1:
        origin += f", {len(source)} distinct repeated to {n}"
    frame.attrs["origin"] = origin
    return frame


def clear_word_caches() -> int:
    """Forget every bounded per-word memo in credscore (``lru_cache`` with a maxsize).

    Unbounded ``cache``s hold tables built once per process (the word lists) and stay, as
    they would in a long-running scorer; what a round must not reuse is the previous
    round's answers about these very words. Returns how many caches were cleared.
    """
    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("credscore"):
            continue
        for value in list(vars(module).values()):
            bounded = isinstance(value, functools._lru_cache_wrapper) and (
                value.cache_parameters()["maxsize"] is not None
            )
            if bounded:
                value.cache_clear()
                cleared += 1
    gc.collect()
    return cleared
