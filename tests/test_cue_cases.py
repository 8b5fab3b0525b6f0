"""data/cue_cases.jsonl: the recall benchmark's articles are well formed (format, not recall)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from credscore.cues import REGISTRY

CASES = Path(__file__).resolve().parents[1] / "data" / "cue_cases.jsonl"
LOWERING_KINDS = {spec.kind for spec in REGISTRY if spec.direction < 0}
FIELDS = {"title", "text", "url"}


def _load() -> list[dict]:
    with CASES.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


CASE_LIST = _load()


def test_ids_are_unique_and_both_styles_are_there_in_equal_measure() -> None:
    ids = Counter(case["id"] for case in CASE_LIST)
    assert [name for name, n in ids.items() if n > 1] == []
    styles = Counter(case["style"] for case in CASE_LIST)
    assert set(styles) == {"fringe", "wire"}
    assert len(CASE_LIST) >= 60
    assert abs(styles["fringe"] - styles["wire"]) <= len(CASE_LIST) // 10


@pytest.mark.parametrize("case", CASE_LIST, ids=lambda case: case["id"])
def test_case_has_the_documented_fields(case: dict) -> None:
    assert set(case) <= {"id", "style", "title", "text", "url", "expected"}
    for name in ("id", "title", "text"):
        assert isinstance(case[name], str) and case[name].strip(), name
    assert isinstance(case.get("url", ""), str)
    assert isinstance(case["expected"], list)


@pytest.mark.parametrize("case", CASE_LIST, ids=lambda case: case["id"])
def test_every_expected_cue_points_at_one_place_in_its_field(case: dict) -> None:
    for expected in case["expected"]:
        assert set(expected) == {"kind", "evidence", "field"}
        assert expected["kind"] in LOWERING_KINDS
        assert expected["field"] in FIELDS
        value = case.get(expected["field"], "")
        # Once, so the span a cue must overlap is unambiguous.
        assert value.count(expected["evidence"]) == 1, expected


def test_fringe_cases_carry_cues_and_wire_cases_none() -> None:
    for case in CASE_LIST:
        if case["style"] == "fringe":
            assert case["expected"], case["id"]
        else:
            assert case["expected"] == [], case["id"]


def test_every_lowering_kind_is_expected_in_several_articles() -> None:
    articles_per_kind = Counter(
        kind for case in CASE_LIST for kind in {expected["kind"] for expected in case["expected"]}
    )
    assert {
        kind: articles_per_kind[kind] for kind in LOWERING_KINDS if articles_per_kind[kind] < 10
    } == {}
