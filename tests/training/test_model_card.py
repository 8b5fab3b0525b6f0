"""The model card states how cues count in page residue, and the shipped card is rendered."""

from __future__ import annotations

import json
from pathlib import Path

from credscore.cues.residue import RESIDUE_RULES
from credscore.training.model_card import render

MODELS = Path(__file__).resolve().parents[2] / "models"


def test_the_card_states_the_rule_of_every_kind_that_counts_in_page_residue() -> None:
    text = render({"cue_weights": {}})
    section = text[text.index("## Cues in page residue") :]
    for rule in RESIDUE_RULES:
        assert f"| `{rule.kind}` | {rule.rule} |" in section
    assert "`unknown`" in section


def test_the_shipped_card_text_is_rendered_from_its_json() -> None:
    card = json.loads((MODELS / "model_card.json").read_text(encoding="utf-8"))
    assert (MODELS / "MODEL_CARD.md").read_text(encoding="utf-8") == render(card)
