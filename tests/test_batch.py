"""score_frame: one row per article, in order, bad rows reported, same numbers as Scorer."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from credscore.api import Scorer
from credscore.batch import OUTPUT_COLUMNS, score_frame
from credscore.cue import Cue

REPO = Path(__file__).resolve().parents[1]


BAD_ROWS = [
    (None, "text is missing"),
    (np.nan, "text is missing"),
    (pd.NA, "text is missing"),
    (b"bytes are not text", "got bytes"),
    ("", "non-whitespace"),
    ("  \n\t ", "non-whitespace"),
    (42, "got int"),
    (["a", "list"], "got list"),
]


def with_bad_rows(sample: pd.DataFrame) -> pd.DataFrame:
    """The sample with every kind of bad text mixed in, under a shuffled, non-range index."""
    bad = pd.DataFrame(
        {"text": [value for value, _ in BAD_ROWS], "title": "A headline", "url": None}
    )
    frame = pd.concat([sample[["text", "title", "url"]], bad], ignore_index=True)
    frame.index = [f"id-{i}" for i in range(len(frame))]
    return frame.sample(frac=1.0, random_state=7)


def test_bad_rows_keep_length_order_and_index_and_say_why(sample, scorer) -> None:
    frame = with_bad_rows(sample)
    out = score_frame(frame, scorer=scorer)
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert out.index.equals(frame.index)
    for label, row in frame.iterrows():
        position = int(label.removeprefix("id-")) - len(sample)
        if position >= 0:
            expected = BAD_ROWS[position][1]
            assert expected in out.at[label, "error"]
            assert math.isnan(out.at[label, "credibility"])
            assert pd.isna(out.at[label, "label"]) and pd.isna(out.at[label, "top_cues"])
        else:
            assert pd.isna(out.at[label, "error"]), (label, row.text[:40])
            assert 0.0 <= out.at[label, "credibility"] <= 1.0
    assert out["error"].notna().sum() == len(BAD_ROWS)


def test_scores_and_top_cues_equal_scorer_one_at_a_time(sample, scorer) -> None:
    out = score_frame(sample, scorer=scorer, top_cues=3)
    for label, row in sample.iterrows():
        assessment = scorer.score(row.text, title=row.title, url=row.url)
        assert out.at[label, "credibility"] == pytest.approx(assessment.credibility, abs=1e-12)
        assert out.at[label, "label"] == assessment.label
        assert json.loads(out.at[label, "top_cues"]) == [c.to_dict() for c in assessment.cues[:3]]


def test_top_cues_are_json_cue_dicts(sample, scorer) -> None:
    out = score_frame(sample, scorer=scorer)
    parsed = [json.loads(value) for value in out["top_cues"]]
    assert any(parsed), "the sample should give at least one cue"
    for cues in parsed:
        assert len(cues) <= 5
        for record in cues:
            assert Cue(**record).to_dict() == record
        weights = [abs(record["weight"]) for record in cues]
        assert weights == sorted(weights, reverse=True)


def test_missing_title_and_url_columns_are_optional(sample, scorer) -> None:
    text_only = sample[["text"]]
    out = score_frame(text_only, scorer=scorer)
    assert out["error"].isna().all()
    expected = score_frame(sample.assign(title=None, url=None), scorer=scorer)
    pd.testing.assert_frame_equal(out, expected)


def test_custom_column_names(sample, scorer) -> None:
    renamed = sample.rename(columns={"text": "body", "title": "headline", "url": "link"})
    out = score_frame(renamed, text="body", title="headline", url="link", scorer=scorer)
    pd.testing.assert_frame_equal(out, score_frame(sample, scorer=scorer))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "body"}, "text column 'body' not found"),
        ({"title": "headline"}, "title column 'headline' not found"),
        ({"url": "link"}, "url column 'link' not found"),
    ],
)
def test_a_chosen_column_that_is_missing_is_named(sample, scorer, kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        score_frame(sample, scorer=scorer, **kwargs)


@pytest.mark.parametrize(
    ("df", "kwargs", "error"),
    [
        ("not a frame", {}, TypeError),
        (None, {"n_jobs": 0}, ValueError),
        (None, {"top_cues": -1}, ValueError),
    ],
)
def test_bad_arguments_are_refused(sample, scorer, df, kwargs, error) -> None:
    with pytest.raises(error):
        score_frame(sample if df is None else df, scorer=scorer, **kwargs)


def test_empty_frame_gives_empty_result(sample, scorer) -> None:
    out = score_frame(sample.iloc[:0], scorer=scorer)
    assert len(out) == 0 and list(out.columns) == list(OUTPUT_COLUMNS)


@pytest.mark.slow
def test_parallel_equals_serial(sample, scorer) -> None:
    frame = with_bad_rows(pd.concat([sample] * 15, ignore_index=True))
    frame.index = range(len(frame) - 1, -1, -1)  # descending: order must survive chunking
    serial = score_frame(frame, scorer=scorer)
    parallel = score_frame(frame, scorer=scorer, n_jobs=2)
    pd.testing.assert_frame_equal(parallel, serial)


class _PidScorer(Scorer):
    """A scorer whose every assessment notes the process that made it."""

    def _conclude(self, article, parts, values):  # type: ignore[no-untyped-def]
        judged = super()._conclude(article, parts, values)
        return dataclasses.replace(judged, notes=(f"pid {os.getpid()}",))


@pytest.mark.slow
def test_n_jobs_scores_in_worker_processes(sample, sample_model_dir) -> None:
    frame = pd.concat([sample] * 15, ignore_index=True)
    out = score_frame(frame, scorer=_PidScorer(sample_model_dir), n_jobs=2)
    pids = {json.loads(notes)[0] for notes in out["notes"]}
    assert f"pid {os.getpid()}" not in pids
    assert len(pids) == 2, pids


def test_blocks_are_bounded_by_characters_as_well_as_rows(sample, scorer, monkeypatch) -> None:
    """Issue 11 §1: a 256-row block of maximum-size articles held ~800 MB of analysed views.

    Counts the characters analysed and not yet judged (the views a block holds) while
    score_frame runs; ``benchmarks/bench_frame_memory.py`` measures the memory itself.
    """
    from credscore import api

    limit = 3_000  # the sample's 40 articles hold 24,000 characters
    monkeypatch.setattr(api, "BLOCK_CHARS", limit)
    held = {"now": 0, "most": 0}
    analyse_block, conclude = api.analyse_block, api.Scorer._conclude

    def counting_analyse_block(articles):
        held["now"] += sum(len(article.text) for article in articles)
        held["most"] = max(held["most"], held["now"])
        return analyse_block(articles)

    def counting_conclude(self, article, parts, values):
        held["now"] -= len(article.text)
        return conclude(self, article, parts, values)

    monkeypatch.setattr(api, "analyse_block", counting_analyse_block)
    monkeypatch.setattr(api.Scorer, "_conclude", counting_conclude)
    texts = sample["text"].tolist()
    assert sum(map(len, texts)) > 5 * limit
    scores = score_frame(pd.DataFrame({"text": texts}), scorer=scorer)
    assert scores["error"].isna().all() and held["now"] == 0
    assert limit <= held["most"] < limit + max(map(len, texts))


def test_a_cue_that_raises_on_one_article_costs_only_that_row(sample, scorer, monkeypatch) -> None:
    """Extractors run across a whole block at once; a bug hit by one article stays its own."""
    from credscore import cues

    def breaks_on_marker(article):
        if "BREAKS-THE-CUE" in article.text:
            raise KeyError("a bug in a cue")
        return original.find(article)

    original = cues.REGISTRY[1]
    broken = dataclasses.replace(original, find=breaks_on_marker)
    texts = sample["text"].tolist()[:6]
    texts[2] += " BREAKS-THE-CUE"
    expected = score_frame(pd.DataFrame({"text": texts}), scorer=scorer)
    monkeypatch.setattr(cues, "REGISTRY", (cues.REGISTRY[0], broken, *cues.REGISTRY[2:]))
    scores = score_frame(pd.DataFrame({"text": texts}), scorer=scorer)

    assert scores["error"].iloc[2] == "analysis failed: KeyError: 'a bug in a cue'"
    assert math.isnan(scores["credibility"].iloc[2])
    others = [0, 1, 3, 4, 5]
    assert scores["error"].iloc[others].isna().all()
    assert (
        scores["credibility"].iloc[others].tolist() == expected["credibility"].iloc[others].tolist()
    )
