"""The bundled Lin et al. 2023 ratings: used with no set-up, overridable, switched off by None."""

from __future__ import annotations

import pickle
from importlib import resources

import pytest

from credscore import Scorer
from credscore.source import BUNDLED_SOURCE, ENV_VAR, SourceRatings, load_ratings
from credscore.urls import parse_host
from tests.conftest import require_shared

NEUTRAL = (
    "The city council approved a budget of 4.2 million dollars on Tuesday after a two-hour "
    "debate. The plan funds road repairs and two new bus routes, the council said in a "
    "statement. Work on the first route is due to start in the spring."
)


def _bundled_rows() -> list[tuple[str, str]]:
    text = resources.files("credscore.source").joinpath("_data", "lin2023_pc1.csv").read_text()
    lines = text.splitlines()
    assert lines[0] == "domain,pc1"
    return [tuple(line.split(",")) for line in lines[1:]]  # type: ignore[misc]


def test_the_bundled_table_rates_well_known_sites() -> None:
    ratings = SourceRatings.bundled()
    assert len(ratings) == 11472
    assert ratings.lookup("https://www.reuters.com/world/x").value == 1.0
    assert ratings.lookup("https://www.infowars.com/posts/x").value < 0.1
    assert ratings.lookup("naturalnews.com").source == BUNDLED_SOURCE
    assert ratings.lookup("https://www.example-daily.com/a") is None


def test_bundled_file_keys_are_normalised_hosts_so_loading_can_skip_parsing() -> None:
    rows = _bundled_rows()
    assert [domain for domain, _ in rows] == sorted({domain for domain, _ in rows})
    for domain, value in rows:
        host = parse_host(domain)
        assert host is not None and host.name == domain, domain
        assert 0.0 <= float(value) <= 1.0 and len(value.split(".")[-1]) <= 3, (domain, value)


@pytest.mark.shared_data
def test_bundled_file_is_the_shared_lin_file_rounded() -> None:
    shared = SourceRatings.from_csv(require_shared("data/domain_quality_lin2023/domain_pc1.csv"))
    rows = dict(_bundled_rows())
    assert set(rows) == set(shared._table)
    for domain, (value, _) in shared._table.items():
        assert float(rows[domain]) == pytest.approx(value, abs=5e-4), domain


def test_score_uses_the_bundled_ratings_with_no_configuration(
    sample_model_dir, monkeypatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    scorer = Scorer(sample_model_dir)
    low = scorer.score(NEUTRAL, url="https://www.infowars.com/posts/budget")
    high = scorer.score(NEUTRAL, url="https://www.reuters.com/world/budget")
    assert [c.kind for c in low.cues if c.field == "url"] == ["low_rated_source"]
    assert [c.kind for c in high.cues if c.field == "url"] == ["high_rated_source"]
    assert low.source_rating < 0.1 and high.source_rating == 1.0
    assert low.credibility < high.credibility
    assert "lin2023:bundled" in next(c for c in low.cues if c.field == "url").message


def test_ratings_none_turns_the_prior_off(sample_model_dir, monkeypatch, tmp_path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("domain,rating\ninfowars.com,0.9\n")
    monkeypatch.setenv(ENV_VAR, str(mine))  # not read either
    scorer = Scorer(sample_model_dir, ratings=None)
    a = scorer.score(NEUTRAL, url="https://www.infowars.com/posts/budget")
    assert a.source_rating is None and a.source_log_odds == 0.0
    url_cues = [c for c in a.cues if c.field == "url"]
    assert [c.kind for c in url_cues] == ["unrated_source"]
    assert "no ratings table is loaded" in url_cues[0].message


def test_a_users_file_overrides_and_adds_to_the_bundled_table(
    sample_model_dir, monkeypatch, tmp_path
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    mine = tmp_path / "mine.csv"
    mine.write_text("domain,rating,source\ninfowars.com,0.9,team\nourtownnewsexample.com,0.2,\n")
    scorer = Scorer(sample_model_dir, ratings=mine)
    overridden = scorer.score(NEUTRAL, url="https://www.infowars.com/x")
    added = scorer.score(NEUTRAL, url="https://ourtownnewsexample.com/x")
    kept = scorer.score(NEUTRAL, url="https://www.reuters.com/x")
    assert (overridden.source_rating, added.source_rating, kept.source_rating) == (0.9, 0.2, 1.0)
    url_cue = next(c for c in overridden.cues if c.field == "url")
    assert url_cue.kind == "high_rated_source" and "mine.csv:team" in url_cue.message


def test_the_environment_variable_adds_to_the_bundled_table(monkeypatch, tmp_path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("domain,rating\ninfowars.com,0.9\n")
    monkeypatch.setenv(ENV_VAR, str(mine))
    ratings = load_ratings()
    assert ratings.lookup("infowars.com").value == 0.9
    assert ratings.lookup("reuters.com").source == BUNDLED_SOURCE
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing.csv"))
    with pytest.raises(FileNotFoundError, match=ENV_VAR):
        load_ratings()


def test_a_ratings_object_is_used_as_given() -> None:
    mine = SourceRatings({"infowars.com": (0.9, "team")})
    assert load_ratings(mine) is mine
    assert load_ratings(mine).lookup("reuters.com") is None
    combined = SourceRatings.bundled().merged(mine)
    assert combined.lookup("infowars.com").value == 0.9
    assert combined.lookup("reuters.com").value == 1.0
    with pytest.raises(TypeError, match="ratings must be"):
        load_ratings(3)  # type: ignore[arg-type]


def test_the_bundled_table_is_loaded_once_and_pickles_by_name() -> None:
    bundled = SourceRatings.bundled()
    assert SourceRatings.bundled() is bundled
    blob = pickle.dumps(bundled)
    assert len(blob) < 200 and pickle.loads(blob) is bundled
    mine = pickle.loads(pickle.dumps(SourceRatings({"example.org": (0.3, "x")})))
    assert mine.lookup("example.org").value == 0.3
