"""Loaders, cleaning and de-duplication in credscore.training.datasets.

Tests on the shared collections read ../shared/data in place and skip when it is absent;
the rest use the team-written sample and texts written here.
"""

from __future__ import annotations

import json
from functools import cache

import pandas as pd
import pytest

from credscore.training import datasets as data
from credscore.urls import SHORTENER_DOMAINS
from tests.conftest import REPO, require_shared

SCHEMA_COLUMNS = [*data.SCHEMA, "article_id", "topic"]

# A body long enough to pass clean()'s length rule, written for these tests.
FILLER = (
    "The committee met for three hours and heard from eleven residents, most of whom asked "
    "for the vote to be delayed until the traffic study is published next month. "
) * 3


def _check_schema(
    frame: pd.DataFrame, extra: tuple[str, ...] = (), labels: frozenset[int] = frozenset({0, 1})
) -> None:
    assert list(frame.columns) == [*SCHEMA_COLUMNS, *extra]
    assert frame["topic"].isin(["", *data.TOPICS]).all()
    assert set(frame["label"].unique()) == labels
    assert frame["label"].dtype == "int64"
    for column in ("text", "title", "url", "domain", "publisher", "collection"):
        assert not frame[column].isna().any(), column
    assert (frame["publisher"] != "").all()


# ------------------------------------------------------------------ shared collections


@cache
def _recovery_cleaned() -> tuple[pd.DataFrame, pd.DataFrame, data.CleaningReport]:
    """ReCOVery raw, cleaned and the report, loaded once for the tests below."""
    raw = data.load_recovery(require_shared("data/recovery"))
    return (raw, *data.clean(raw))


# (loader, shared folder, raw rows from SOURCE.md minus rows the loader cannot label,
#  rows per label after clean() within these bounds: label -> (low, high))
SHARED_CASES = [
    (data.load_recovery, "recovery", 2031, {1: (1250, 1364), 0: (520, 667)}),
    (data.load_fakenewsnet, "fakenewsnet_v1", 422, {1: (190, 211), 0: (185, 211)}),
    (data.load_coaid, "coaid", 5457, {1: (2000, 4532), 0: (100, 925)}),
    # 250 rows less 12 without a type and 6 typed "unknown"
    (data.load_fakenewscorpus, "fakenewscorpus_sample", 232, {1: (15, 26), 0: (170, 206)}),
    (data.load_perezrosas, "perezrosas2018_fakenews", 980, {1: (480, 490), 0: (440, 490)}),
]


@pytest.mark.shared_data
@pytest.mark.parametrize(("loader", "folder", "raw_rows", "bounds"), SHARED_CASES)
def test_shared_loader_schema_and_counts(loader, folder, raw_rows, bounds) -> None:
    frame = loader(require_shared(f"data/{folder}"))
    _check_schema(frame)
    assert len(frame) == raw_rows
    cleaned, report = data.clean(frame)
    _check_schema(cleaned)
    assert report.kept == len(cleaned) == len(frame) - report.total
    for label, (low, high) in bounds.items():
        assert low <= (cleaned["label"] == label).sum() <= high, label


@pytest.mark.shared_data
def test_recovery_cleaning_report() -> None:
    require_shared("data/recovery")
    _, cleaned, report = _recovery_cleaned()
    # SOURCE.md: 27 Sputnik consent walls, 30 Drudge rows, 119 duplicate bodies.
    assert report.counts["scrape_failure"] >= 27
    assert 25 <= report.counts["aggregator"] <= 30
    assert report.counts["off_site_domain"] >= 5
    assert 60 <= report.counts["duplicate_text"] <= 119
    assert set(report.dropped["drop_reason"]) == {k for k, n in report.counts.items() if n}
    assert "Drudge Report" not in set(cleaned["publisher"])
    assert not cleaned["text"].str.startswith("To improve the performance of our website").any()
    assert not cleaned["text"].map(data.text_key).duplicated().any()
    assert (cleaned["text"].str.strip().str.len() >= data.MIN_TEXT_CHARS).all()
    # Rows off the publisher's own site are gone; the aliased second sites stay.
    heartland = cleaned[cleaned["publisher"] == "Heartland Institute"]
    assert set(heartland["domain"]) == {"heartland.org"}
    off_site = report.dropped[report.dropped["drop_reason"] == "off_site_domain"]
    assert not off_site["domain"].isin(["politico.eu", "naturalnewsblogs.com"]).any()


@pytest.mark.shared_data
def test_recovery_duplicates_keep_the_copy_whose_title_fits() -> None:
    require_shared("data/recovery")
    _, cleaned, _ = _recovery_cleaned()
    # One GreenMedInfo article was scraped 20 times under Activist Post titles.
    reposts = cleaned[cleaned["text"].str.contains("Visit our Re-post guidelines", regex=False)]
    assert set(reposts["publisher"]) == {"GreenMedInfo"}


@pytest.mark.shared_data
def test_fakenewsnet_shorteners_are_resolved() -> None:
    frame = data.load_fakenewsnet(require_shared("data/fakenewsnet_v1"))
    assert not frame["domain"].isin(SHORTENER_DOMAINS).any()
    assert {"politico.com", "cnn.com"} <= set(frame.loc[frame["label"] == 1, "publisher"])


@pytest.mark.shared_data
def test_coaid_empty_contents_are_dropped_and_counted() -> None:
    frame = data.load_coaid(require_shared("data/coaid"))
    empty = int((frame["text"].str.strip() == "").sum())
    assert empty > 900  # SOURCE.md: content missing for 55% of fake and 11% of real rows
    cleaned, report = data.clean(frame)
    assert report.counts["empty_text"] == empty
    assert (cleaned["text"].str.strip() != "").all()


@pytest.mark.shared_data
def test_fakenewscorpus_drops_untyped_rows_and_says_so() -> None:
    frame = data.load_fakenewscorpus(require_shared("data/fakenewscorpus_sample"))
    assert frame.attrs["loader_dropped"] == {"missing_type": 12, "unknown_type": 6}
    assert "beforeitsnews.com" in set(frame.loc[frame["label"] == 0, "publisher"])


@pytest.mark.shared_data
def test_perezrosas_groups_keep_pairs_together() -> None:
    frame = data.load_perezrosas(require_shared("data/perezrosas2018_fakenews"))
    celebrity = frame[frame["article_id"].str.startswith("Celebrity/")]
    pair = celebrity["article_id"].str.extract(r"(\d+)", expand=False)
    assert (celebrity.groupby(pair)["publisher"].nunique() == 1).all()
    assert frame["publisher"].nunique() >= 16
    assert (frame["url"] == "").all()


@pytest.mark.shared_data
def test_load_collections_by_name_and_path() -> None:
    recovery = require_shared("data/recovery")
    require_shared("data/fakenewsnet_v1")
    frame = data.load_collections([recovery, "fakenewsnet"])
    assert set(frame["collection"]) == {"recovery", "fakenewsnet"}
    assert frame.attrs["cleaning"]["aggregator"] > 0
    assert not frame["text"].map(data.text_key).duplicated().any()


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("folder", "collection"),
    [
        ("recovery", "recovery"),
        ("coaid/coaid_news.csv", "coaid"),
        ("perezrosas2018_fakenews", "perezrosas"),
    ],
)
def test_load_any_dispatches_on_folder_contents(folder: str, collection: str) -> None:
    frame = data.load_any(require_shared(f"data/{folder}"))
    assert set(frame["collection"]) == {collection}


# ------------------------------------------------------------------ the team's sample


def test_sample_loads_with_both_labels_and_many_publishers() -> None:
    sample = data.load_sample()
    _check_schema(sample)
    assert len(sample) >= 36
    assert sample["publisher"].nunique() >= 8
    # Every publisher has one label, so grouped CV on the sample is a source-level test.
    assert (sample.groupby("publisher")["label"].nunique() == 1).all()
    cleaned, report = data.clean(sample)
    assert report.total == 0
    assert len(cleaned) == len(sample)


def test_sample_loads_through_load_any_like_the_cli_would() -> None:
    frame = data.load_any(data.SAMPLE_PATH.parent)
    assert len(frame) == len(data.load_sample())


@pytest.mark.parametrize("name", ["wire_report.txt", "fringe_post.txt"])
def test_example_articles_have_a_title_line_and_a_body(name: str) -> None:
    raw = (REPO / "data" / "examples" / name).read_text(encoding="utf-8")
    title, _, body = raw.partition("\n")
    assert 20 < len(title) < 200
    assert len(body) > data.MIN_TEXT_CHARS


# ------------------------------------------------------------------ user tables and errors


def test_user_csv_in_the_schema_round_trips(tmp_path) -> None:
    sample = data.load_sample()
    path = tmp_path / "mine.csv"
    sample.to_csv(path, index=False)
    loaded = data.load_any(path)
    pd.testing.assert_frame_equal(loaded, sample, check_dtype=False)


def test_user_jsonl_with_word_labels_and_no_publisher(tmp_path) -> None:
    rows = [
        {"text": FILLER, "label": "real", "url": "https://news.harbor-gazette.example/a/1"},
        {"text": FILLER + " Second.", "label": "fake", "url": "https://www.rumor-mill.co.uk/x"},
        {"text": FILLER + " Third.", "label": 1},
    ]
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    frame = data.load_any(path)
    assert list(frame["label"]) == [1, 0, 1]
    assert list(frame["publisher"]) == [
        "news.harbor-gazette.example",
        "rumor-mill.co.uk",
        "unknown-2",
    ]
    assert list(frame["title"]) == ["", "", ""]


def test_missing_path_names_the_path(tmp_path) -> None:
    missing = tmp_path / "nowhere"
    for loader in (data.load_recovery, data.load_any, data.load_table):
        with pytest.raises(FileNotFoundError, match="nowhere"):
            loader(missing)


def test_missing_columns_are_named_with_the_path(tmp_path) -> None:
    path = tmp_path / "recovery_news_by_site.csv"
    pd.DataFrame({"url": ["https://a.example/x"], "title": ["t"], "publisher": ["A"]}).to_csv(
        path, index=False
    )
    with pytest.raises(ValueError, match=r"recovery_news_by_site\.csv.*'body_text'.*'reliability'"):
        data.load_recovery(path)
    user = tmp_path / "user.csv"
    pd.DataFrame({"body": ["x"], "label": [1]}).to_csv(user, index=False)
    with pytest.raises(ValueError, match=r"user\.csv.*missing column\(s\) 'text'"):
        data.load_table(user)


def test_unreadable_labels_are_refused_with_examples(tmp_path) -> None:
    path = tmp_path / "user.csv"
    pd.DataFrame({"text": [FILLER, FILLER], "label": [1, "mostly true"]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="mostly true"):
        data.load_table(path)


def test_folder_that_holds_nothing_known_is_refused(tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot tell what this folder holds"):
        data.load_any(tmp_path)


# ------------------------------------------------------------------ cleaning rules


def _row(text: str, publisher: str, url: str, collection: str = "recovery") -> dict[str, object]:
    return {
        "text": text,
        "title": "",
        "url": url,
        "domain": data.registered_domain(url),
        "publisher": publisher,
        "label": 1,
        "collection": collection,
    }


def test_clean_gives_each_dropped_row_one_reason() -> None:
    frame = pd.DataFrame(
        [
            _row(FILLER, "Lakeside Times", "https://lakesidetimes.example/a"),
            _row(FILLER + " Two.", "Lakeside Times", "https://lakesidetimes.example/b"),
            _row(FILLER + " Three.", "Lakeside Times", "https://lakesidetimes.example/c"),
            _row("   ", "Lakeside Times", "https://lakesidetimes.example/d"),
            _row(
                "Website is down for maintenance. " + FILLER, "Lakeside Times", "https://x.example"
            ),
            _row(
                "Too short to be an article.", "Lakeside Times", "https://lakesidetimes.example/e"
            ),
            _row(FILLER + " Four.", "Drudge Report", "https://elsewhere.example/f"),
            _row(FILLER + " Five.", "Lakeside Times", "https://someone-else.example/g"),
            # Same text as the first row up to case, spacing and punctuation.
            _row(
                FILLER.upper().replace(",", ""), "Lakeside Times", "https://lakesidetimes.example/h"
            ),
            # Off-site rule only applies to ReCOVery rows.
            _row(FILLER + " Six.", "Own Table", "https://other.example/i", collection="mine"),
        ]
    )
    cleaned, report = data.clean(frame)
    assert report.counts == {
        "empty_text": 1,
        "scrape_failure": 1,
        "too_short": 1,
        "aggregator": 1,
        "off_site_domain": 1,
        "duplicate_text": 1,
    }
    assert len(cleaned) == 4
    assert "dropped 6" in str(report)


def test_clean_refuses_a_frame_without_the_schema() -> None:
    with pytest.raises(ValueError, match="'publisher'"):
        data.clean(pd.DataFrame({"text": ["a"], "domain": [""], "collection": ["x"]}))


# ------------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://uk.reuters.com/article/x", "reuters.com"),
        ("http://www.bbc.co.uk/news", "bbc.co.uk"),
        ("abcnews.go.com/Politics", "go.com"),
        ("https://daily-truth-patriot.example/post", "daily-truth-patriot.example"),
        ("http://192.168.0.1/page", "192.168.0.1"),
        ("", ""),
        (None, ""),
    ],
)
def test_registered_domain(url, expected) -> None:
    assert data.registered_domain(url) == expected


def test_text_key_ignores_case_spacing_and_punctuation_only() -> None:
    original = "Officials said, on Monday: the bridge will reopen in June."
    assert data.text_key(original) == data.text_key(
        "officials said on monday the bridge will reopen in june"
    )
    assert data.text_key(original) != data.text_key(original.replace("June", "July"))
    assert data.text_key("Café opens") == data.text_key("cafe opens")
    # Non-Latin texts must not all collapse to the key of an empty string.
    assert data.text_key("Мост откроют в июне") != data.text_key("Мост закроют в июне")


def test_mojibake_is_repaired_only_where_it_decodes() -> None:
    assert data._fix_mojibake("Franceâ\x80\x99s lockdown") == "France’s lockdown"
    assert data._fix_mojibake("café» and naïve") == "café» and naïve"


def test_drop_overlap_removes_test_rows_seen_in_training() -> None:
    train = pd.DataFrame({"text": ["The ferry will run on Sundays.", ""]})
    test = pd.DataFrame({"text": ["the ferry will run on sundays", "A new text entirely.", ""]})
    kept, dropped = data.drop_overlap(test, train)
    assert dropped == 1
    assert list(kept["text"]) == ["A new text entirely.", ""]


def test_default_root_can_be_overridden(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CREDSCORE_SHARED_DATA", str(tmp_path))
    assert data.default_root() == tmp_path


def test_import_credscore_does_not_import_pandas_through_data() -> None:
    import subprocess
    import sys

    code = "import sys, credscore; print('credscore.training' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# ------------------------------------------------------------------ BBC and AllSides


@pytest.mark.shared_data
def test_bbc_loader_drops_duplicates_and_masks_the_outlet_name() -> None:
    frame = data.load_bbc(require_shared("data/bbc_news_greene2006"))
    _check_schema(frame, labels=frozenset({1}))
    assert len(frame) == 2225 - 133  # SOURCE.md: 133 rows repeat an earlier text
    assert frame.attrs["loader_dropped"] == {"duplicate_text": 133}
    assert set(frame["label"]) == {1}
    assert set(frame["topic"]) == {"business", "entertainment", "politics", "sport", "tech_science"}
    assert not frame["text"].str.contains(r"\bBBC\b").any()
    assert set(frame["publisher"]) == set(frame["domain"]) == {"bbc.co.uk"}


@pytest.mark.shared_data
def test_allsides_loader_groups_by_domain_and_strips_outlet_templates() -> None:
    frame = data.load_allsides(require_shared("data/allsides_baly2020"))
    _check_schema(frame, extra=("lean", "rating"))
    assert len(frame) == 6256 - 1  # one repeated text
    assert (frame["label"] == 0).sum() == 1542
    assert set(frame["lean"]) == {"left", "center", "right"}
    # Subdomains merge into one outlet; bbc.com joins the BBC collection's group.
    assert "online.wsj.com" not in set(frame["publisher"])
    assert (frame["publisher"] == "wsj.com").sum() >= 61 + 26
    assert "bbc.co.uk" in set(frame["publisher"])
    assert "" not in set(frame["topic"])
    text = frame["text"]
    for footer in ("The Washington Times, LLC", "Sign up for Daily", "Get the Monitor Stories"):
        assert not text.str.contains(footer, regex=False).any(), footer
    # Label 0 is right-leaning outlets almost only (SOURCE.md: 1,538 of 1,542).
    assert (frame.loc[frame["label"] == 0, "lean"] == "right").mean() > 0.99


@pytest.mark.shared_data
def test_allsides_mixed_rows_are_unrated_and_refused_by_training() -> None:
    from credscore.training.estimator import CredibilityClassifier

    frame = data.load_allsides_mixed(require_shared("data/allsides_baly2020"))
    assert len(frame) == 1497
    assert set(frame["label"]) == {data.UNRATED}
    assert frame["rating"].between(0.40, 0.70).all()
    with pytest.raises(ValueError, match="y must hold"):
        CredibilityClassifier().fit(frame[["text", "title"]].head(4), frame["label"].head(4))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Body line.\n\nCopyright © 2019 The Washington Times, LLC. Click here for reprint "
            "permission.",
            "Body line.",
        ),
        ("Body line.\nSign up for Daily Newsletters Manage Newsletters\n", "Body line."),
        ("USA TODAY\n\nThe council voted.", "The council voted."),
        (
            "The council voted.\n\n___\n\nFollow the reporter.",
            "The council voted.\n\nFollow the reporter.",
        ),
        ("SHARE THIS ARTICLE Share Tweet Post Email\nShares fell.", "Shares fell."),
        # Near-misses: the same words inside a sentence are the article's, not a template.
        ("She reads USA TODAY every morning.", "She reads USA TODAY every morning."),
        ("Advertisement revenue fell 4%.", "Advertisement revenue fell 4%."),
        ("Sign up for daily walks, the doctor said.", "Sign up for daily walks, the doctor said."),
    ],
)
def test_strip_template_lines_removes_whole_template_lines_only(text, expected) -> None:
    assert data.strip_template_lines(text) == expected


def test_load_allsides_reads_both_parts_of_a_synthetic_folder(tmp_path) -> None:
    columns = {
        "id": ["a1", "a2", "a3"],
        "title": ["Mill reopens", "Rates hold", "Rates hold"],
        "text": [FILLER + "\nAdvertisement", FILLER + " Rates held.", FILLER + " Rates held."],
        "url": ["https://online.wsj.com/x", "https://www.npr.org/y", "https://npr.org/z"],
        "domain": ["online.wsj.com", "npr.org", "npr.org"],
        "label": [1, 0, 0],
        "topic_group": ["business_economy", "tech_science", "tech_science"],
        "allsides_bias": ["Right", "left", "left"],
        "lin2023_pc1": [0.8, 0.3, 0.3],
        "text_dup_of": ["", "", "a2"],
    }
    rows = pd.DataFrame(columns)
    rows.iloc[:1].to_csv(tmp_path / "allsides_rated_part1.csv", index=False)
    rows.iloc[1:].to_csv(tmp_path / "allsides_rated_part2.csv", index=False)
    frame = data.load_any(tmp_path)
    assert list(frame["publisher"]) == ["wsj.com", "npr.org"]
    assert list(frame["topic"]) == ["business", "tech_science"]
    assert list(frame["lean"]) == ["right", "left"]
    assert not frame["text"].iloc[0].endswith("Advertisement")
    assert frame.attrs["loader_dropped"] == {"duplicate_text": 1}


def test_user_table_keeps_its_topic_column(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    pd.DataFrame({"text": [FILLER, FILLER + "x"], "label": [1, 0], "topic": ["sport", ""]}).to_csv(
        path, index=False
    )
    assert list(data.load_table(path)["topic"]) == ["sport", ""]
