"""The model: exact log-odds decomposition, hash-checked loading, retraining round-trips."""

from __future__ import annotations

import math

from credscore import Scorer
from credscore.training.datasets import load_sample


def test_log_odds_decompose_exactly(scorer: Scorer) -> None:
    frame = load_sample()
    for row in frame.head(8).itertuples():
        a = scorer.score(row.text, title=row.title)
        assert math.isclose(
            a.base_log_odds + sum(a.contributions.values()), a.log_odds, abs_tol=1e-9
        )
        cue_total = sum(c.weight for c in a.cues)
        kinds_total = sum(v for k, v in a.contributions.items() if k.startswith("cue:"))
        assert math.isclose(cue_total, kinds_total, abs_tol=1e-9)
        assert math.isclose(1 / (1 + math.exp(-a.log_odds)), a.credibility, rel_tol=1e-9)


def test_score_many_equals_score_one_at_a_time(scorer: Scorer) -> None:
    frame = load_sample().head(10)
    rows = list(zip(frame["text"], frame["title"], frame["url"], strict=True))
    many = list(scorer.score_many(rows))
    for (text, title, url), result in zip(rows, many, strict=True):
        single = scorer.score(text, title=title, url=url)
        assert result == single


def test_cues_are_weighted_strongest_first_with_signs_by_direction(scorer: Scorer) -> None:
    from credscore.cues import REGISTRY

    direction = {spec.kind: spec.direction for spec in REGISTRY}
    frame = load_sample()
    for row in frame.itertuples():
        cues = scorer.score(row.text, title=row.title).cues
        weights = [abs(c.weight) for c in cues]
        assert weights == sorted(weights, reverse=True)
        for cue in cues:
            if cue.kind in direction:
                assert cue.weight * direction[cue.kind] >= 0, cue


def test_the_dict_of_contributions_is_the_callers_to_change(scorer: Scorer) -> None:
    row = next(load_sample().itertuples())
    assessment = scorer.score(row.text, title=row.title)
    before = dict(assessment.contributions.items())
    assert any(name.startswith("term:") for name in before)
    written = assessment.to_dict()["contributions"]
    assert written == before
    written.clear()
    assessment.contributions.to_dict()["source"] = 99.0
    assert dict(assessment.contributions.items()) == before
    assert assessment.to_dict()["contributions"] == before
