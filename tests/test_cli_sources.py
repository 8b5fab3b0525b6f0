"""`credscore sources` and `credscore calibrate-sites` from the command line, end to end."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from credscore.api import Scorer
from credscore.cli import EXIT_INPUT, EXIT_OK, EXIT_RATINGS, EXIT_ROWS, main, parse_args
from credscore.sites import SITE_COLUMNS, profile_sources

from .test_cli import run_cli

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    """The team sample published under three sites, one of them rated (infowars.com)."""
    frame = pd.read_csv(REPO / "data" / "sample" / "articles.csv")
    hosts = {1: "https://www.ourwireserviceexample.com/", 0: "https://www.infowars.com/"}
    urls = [hosts[label] + str(i) for i, label in enumerate(frame["label"])]
    urls[:3] = ["https://smallsiteexample.org/a"] * 3
    return frame[["text", "title", "publisher"]].assign(url=urls)


@pytest.mark.parametrize("in_format", ["csv", "jsonl", "parquet"])
def test_sources_writes_one_row_per_site_equal_to_profile_sources(
    articles, sample_model_dir, tmp_path, in_format
) -> None:
    source = tmp_path / f"in.{in_format}"
    if in_format == "csv":
        articles.to_csv(source, index=False)
    elif in_format == "jsonl":
        articles.to_json(source, orient="records", lines=True, force_ascii=False)
    else:
        articles.to_parquet(source, index=False)
    target = tmp_path / "sites.csv"
    code = main(["sources", str(source), "-o", str(target), "--model", str(sample_model_dir),
                 "--chunk-size", "7"])  # fmt: skip
    assert code == EXIT_OK
    out = pd.read_csv(target)
    expected = profile_sources(articles, scorer=Scorer(sample_model_dir))
    assert list(out.columns) == list(SITE_COLUMNS)
    assert out["source"].tolist() == expected["source"].tolist()
    assert out["source"].tolist() == ["smallsiteexample.org", "ourwireserviceexample.com",
                                      "infowars.com"]  # fmt: skip
    assert out["n_articles"].tolist() == [3, 17, 20]
    assert out["credibility"].to_numpy() == pytest.approx(expected["credibility"].to_numpy())
    assert out["rating_source"].fillna("").tolist() == ["", "", "lin2023:bundled"]
    assert out["label"][0] != "unknown"  # 3 articles are enough by default


def test_sources_by_a_source_column_to_jsonl_on_stdout(articles, sample_model_dir, tmp_path):
    source = tmp_path / "in.csv"
    articles.to_csv(source, index=False)
    result = run_cli("sources", str(source), "--json", "--source-column", "publisher",
                     "--min-articles", "5", "--model", str(sample_model_dir))  # fmt: skip
    assert result.returncode == EXIT_OK, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 10 and {r["n_articles"] for r in records} == {4}
    assert {r["label"] for r in records} == {"unknown"}  # 4 articles, 5 needed
    assert all(isinstance(r["top_cues"], list) for r in records)


def test_no_ratings_switches_the_prior_off(articles, sample_model_dir, tmp_path) -> None:
    source = tmp_path / "in.csv"
    articles.to_csv(source, index=False)
    result = run_cli("sources", str(source), "--no-ratings", "--model", str(sample_model_dir))
    assert result.returncode == EXIT_OK, result.stderr
    out = pd.read_csv(io.StringIO(result.stdout))
    assert out["rating"].isna().all()
    assert out["credibility"].tolist() == out["text_credibility"].tolist()


def test_bad_rows_exit_1_and_are_counted(articles, sample_model_dir, tmp_path) -> None:
    frame = articles.copy()
    frame.loc[[4, 5], "text"] = None
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    result = run_cli("sources", str(source), "--model", str(sample_model_dir))
    assert result.returncode == EXIT_ROWS
    assert "2 of 40 rows could not be scored" in result.stderr
    out = pd.read_csv(io.StringIO(result.stdout))
    assert out["n_failed"].sum() == 2 and out["n_articles"].sum() == 38


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--source-column", "outlet"], "no column 'outlet'"),
        (["--url-column", "link"], "url column 'link' not found"),
        (["--text-column", "body"], "text column 'body' not found"),
        (["--min-articles", "0"], "min_articles must be an int >= 1"),
    ],
)
def test_input_problems_exit_2_with_a_sentence(
    articles, sample_model_dir, tmp_path, extra, message
) -> None:
    source = tmp_path / "in.csv"
    articles.to_csv(source, index=False)
    result = run_cli("sources", str(source), *extra, "--model", str(sample_model_dir))
    assert result.returncode == EXIT_INPUT
    assert message in result.stderr and not result.stdout


def test_a_table_without_urls_needs_a_source_column(articles, sample_model_dir, tmp_path):
    source = tmp_path / "in.csv"
    articles.drop(columns="url").to_csv(source, index=False)
    result = run_cli("sources", str(source), "--model", str(sample_model_dir))
    assert result.returncode == EXIT_INPUT and "--source-column" in result.stderr


def test_output_never_overwrites_the_input(articles, sample_model_dir, tmp_path) -> None:
    source = tmp_path / "in.csv"
    articles.to_csv(source, index=False)
    before = source.read_bytes()
    result = run_cli("sources", str(source), "-o", str(source), "--model", str(sample_model_dir))
    assert result.returncode == EXIT_INPUT and "refusing to overwrite" in result.stderr
    assert source.read_bytes() == before


def test_missing_ratings_file_exits_4(articles, sample_model_dir, tmp_path) -> None:
    source = tmp_path / "in.csv"
    articles.to_csv(source, index=False)
    missing = str(tmp_path / "none.csv")
    result = run_cli("sources", str(source), "--ratings", missing, "--model", str(sample_model_dir))
    assert result.returncode == EXIT_RATINGS and "cannot load the ratings" in result.stderr


def test_a_text_file_is_refused(sample_model_dir, tmp_path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Title\nBody text.\n", encoding="utf-8")
    result = run_cli("sources", str(article), "--model", str(sample_model_dir))
    assert result.returncode == EXIT_INPUT and "reads a table" in result.stderr


@pytest.mark.parametrize("command", ["sources", "calibrate-sites"])
def test_help(command) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0 and f"usage: credscore {command}" in result.stdout


def test_parse_args_for_the_site_commands() -> None:
    args = parse_args(["sources", "a.csv", "--no-ratings", "-j", "2"])
    assert (args.file, args.no_ratings, args.jobs, args.min_articles) == ("a.csv", True, 2, 3)
    args = parse_args(["calibrate-sites", "--data", "recovery", "--model", "m"])
    assert (args.data, args.model, args.folds, args.draws) == (["recovery"], "m", 5, 20)
    with pytest.raises(SystemExit):
        parse_args(["sources", "a.csv", "--no-ratings", "--ratings", "r.csv"])


def test_calibrate_sites_refuses_a_folder_without_a_card(tmp_path, capsys) -> None:
    code = main(["calibrate-sites", "--data", str(REPO / "data" / "sample"), "--model",
                 str(tmp_path)])  # fmt: skip
    assert code == EXIT_INPUT and "no model_card.json" in capsys.readouterr().err
