"""Ratings loaders: each shared file's layout, spot checks, merging and the env variable."""

from __future__ import annotations

import os

import pytest

from credscore.source import ENV_VAR, SourceRatings
from tests.conftest import require_shared

LIN = "data/domain_quality_lin2023"


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["domain_pc1.csv", "domain_ratings.csv"])
def test_lin_pc1(name: str) -> None:
    ratings = SourceRatings.from_csv(require_shared(f"{LIN}/{name}"))
    assert len(ratings) > 11000
    assert ratings.lookup("https://www.reuters.com/world").value >= 0.95
    assert ratings.lookup("infowars.com").value < 0.1
    assert ratings.lookup("http://thetruedefender.com/x").value < 0.3
    assert ratings.lookup("reuters.com").source == f"lin2023:{name}"
    # a section row ("newyorker.com/humor") must not replace the site's own rating
    assert ratings.lookup("newyorker.com").value > 0.6


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("name", "outlet"),
    [("emnlp18_corpus.tsv", "theguardian.com"), ("acl2020_corpus.tsv", "reuters.com")],
)
def test_baly_mbfc(name: str, outlet: str) -> None:
    ratings = SourceRatings.from_csv(require_shared(f"data/baly_media_reliability/{name}"))
    assert len(ratings) > 800
    values = {round(v, 2) for v, _ in ratings._table.values()}
    assert values == {0.25, 0.55, 0.8}
    assert ratings.lookup(f"https://www.{outlet}/").value == 0.8
    assert "fact=high" in ratings.lookup(outlet).source


@pytest.mark.shared_data
def test_opensources() -> None:
    ratings = SourceRatings.from_csv(require_shared("data/opensources/sources.csv"))
    assert len(ratings) > 800
    assert ratings.lookup("infowars.com").value < 0.4
    assert ratings.lookup("abcnews.com.co").value < 0.4
    assert ratings.lookup("reuters.com") is None


def test_generic_csv_and_later_file_wins(tmp_path) -> None:
    first = tmp_path / "a.csv"
    first.write_text("domain,rating,source\nexample.com,0.2,team\nwww.other.org,0.9,\n")
    second = tmp_path / "b.csv"
    second.write_text("domain,rating\nexample.com,0.8\nbad row,not a number\n")
    merged = SourceRatings.from_files([first, second])
    assert merged.lookup("https://news.example.com/x").value == 0.8
    assert merged.lookup("other.org").source == "a.csv"
    assert SourceRatings.from_csv(first).lookup("example.com").source == "a.csv:team"


def test_platform_rating_does_not_rate_its_blogs(tmp_path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("domain,rating\nwordpress.com,0.6\nfringe.wordpress.com,0.1\n")
    ratings = SourceRatings.from_csv(path)
    assert ratings.lookup("https://fringe.wordpress.com/p").value == 0.1
    assert ratings.lookup("https://someoneelse.wordpress.com/p") is None


def test_unknown_layout_and_missing_file_are_errors(tmp_path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("site,score\nexample.com,0.5\n")
    with pytest.raises(ValueError, match="unknown layout"):
        SourceRatings.from_csv(path)
    with pytest.raises(FileNotFoundError):
        SourceRatings.from_csv(tmp_path / "absent.csv")


def test_from_env(tmp_path) -> None:
    first = tmp_path / "a.csv"
    first.write_text("domain,rating\nexample.com,0.3\n")
    second = tmp_path / "b.csv"
    second.write_text("domain,rating\nexample.com,0.7\nsecond.net,0.1\n")
    ratings = SourceRatings.from_env({ENV_VAR: f"{first}{os.pathsep}{second}"})
    assert ratings.lookup("example.com").value == 0.7
    assert "second.net" in ratings
    assert len(SourceRatings.from_env({})) == 0
    with pytest.raises(FileNotFoundError, match=ENV_VAR):
        SourceRatings.from_env({ENV_VAR: str(tmp_path / "typo.csv")})


def test_constructor_checks_ratings() -> None:
    assert SourceRatings({"www.Example.com": (0.4, "hand")}).lookup("example.com").value == 0.4
    with pytest.raises(ValueError, match="rating in"):
        SourceRatings({"example.com": (1.5, "hand")})
