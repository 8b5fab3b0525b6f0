"""Ratings loaders: each shared file's layout, spot checks, merging and the env variable."""

from __future__ import annotations

import csv
import logging
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


# --------------------------------------------------------------------------- issue 11 §5


def test_a_byte_order_mark_is_fine(tmp_path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("domain,rating\nexample.com,0.3\n".encode("utf-8-sig"))
    assert SourceRatings.from_csv(path).lookup("example.com").value == 0.3


@pytest.mark.parametrize("via_env", [False, True], ids=["from_csv", "from_env"])
def test_a_decoding_error_is_a_value_error_naming_the_file_and_line(tmp_path, via_env) -> None:
    """It was `TypeError: function takes exactly 5 arguments` through CREDSCORE_RATINGS."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"domain,rating\nexample.com,0.3\ncaf\xe9.example,0.4\nother.org,0.5\n")
    with pytest.raises(ValueError, match=r"r\.csv'?, line 3: not UTF-8 text") as caught:
        if via_env:
            SourceRatings.from_env({ENV_VAR: str(path)})
        else:
            SourceRatings.from_csv(path)
    assert type(caught.value) is ValueError
    assert (ENV_VAR in str(caught.value)) == via_env


def test_a_csv_error_names_the_line_and_the_field_limit_is_never_changed(tmp_path) -> None:
    limit = csv.field_size_limit()
    if limit > 10_000_000:
        pytest.skip(f"something in this process raised csv.field_size_limit to {limit}")
    path = tmp_path / "r.csv"
    path.write_text(f'domain,rating\nexample.com,0.3\nx.org,"{"9" * (limit + 1)}"\n')
    with pytest.raises(ValueError, match=r"line 3: not readable as CSV"):
        SourceRatings.from_csv(path)
    assert csv.field_size_limit() == limit


def test_a_folder_is_reported_as_a_folder(tmp_path) -> None:
    with pytest.raises(IsADirectoryError, match="is a folder"):
        SourceRatings.from_csv(tmp_path)
    with pytest.raises(IsADirectoryError, match=f"{ENV_VAR}: .* is a folder"):
        SourceRatings.from_env({ENV_VAR: str(tmp_path)})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("domain,rating\n", "holds no rows after its header"),
        ("domain,rating\nnot a domain,0.5\nexample.com,high\n", r"2 of 2 rows have no usable"),
        ("domain,pc1\nexample.com\nexample.org\n", r"2 of 2 rows have no usable"),  # short rows
        (
            "domain,rating\na.com,7\nb.com,8\nc.com,0.5\nd.com,9\n",  # another scale, misread
            r"3 of 4 rows have no usable domain or rating in \[0, 1\] \(lines 2, 3, 5\)",
        ),
    ],
    ids=["empty", "header only", "no domain", "short rows", "most rows"],
)
def test_a_file_yielding_no_or_few_domains_is_an_error(tmp_path, content, message) -> None:
    path = tmp_path / "r.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        SourceRatings.from_csv(path)


def test_a_few_unusable_rows_are_skipped_with_a_warning_naming_their_lines(
    tmp_path, caplog
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "domain,rating\n# a comment\na.com,0.1\nb.com,0.2\n\nnot a domain,0.3\nc.com,0.4\n"
    )
    with caplog.at_level(logging.WARNING, logger="credscore.source.ratings"):
        ratings = SourceRatings.from_csv(path)
    assert len(ratings) == 3
    (warning,) = [r.getMessage() for r in caplog.records]
    assert "1 of 4 rows" in warning and "(line 6)" in warning
