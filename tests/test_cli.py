"""The credscore command: round trips for each table format, --json, exit codes and messages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import credscore
from credscore.api import Scorer
from credscore.batch import score_frame
from credscore.cli import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_MODEL,
    EXIT_OK,
    EXIT_RATINGS,
    EXIT_ROWS,
    main,
)

REPO = Path(__file__).resolve().parents[1]
SRC = Path(credscore.__file__).resolve().parents[1]
FORMATS = ("csv", "jsonl", "parquet")


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    frame = pd.read_csv(REPO / "data" / "sample" / "articles.csv")
    return frame[["article_id", "text", "title", "url"]]


def write(frame: pd.DataFrame, path: Path) -> Path:
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        frame.to_parquet(path, index=False)
    return path


def read(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype={"article_id": str, "error": object})
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        frame = pd.DataFrame([json.loads(line) for line in lines])  # exact floats
        frame["top_cues"] = [None if c is None else json.dumps(c) for c in frame["top_cues"]]
        return frame
    return pd.read_parquet(path)


def plain(column: pd.Series) -> list:
    """Values with every missing marker (NaN, None, pd.NA) as None."""
    return [None if pd.isna(value) else value for value in column]


@pytest.mark.parametrize("out_format", FORMATS)
@pytest.mark.parametrize("in_format", FORMATS)
def test_round_trip_keeps_every_row_in_order_with_scores(
    sample, sample_model_dir, tmp_path, in_format, out_format
) -> None:
    frame = sample.copy()
    frame.loc[5, "text"] = None  # one unreadable row: reported, not dropped
    source = write(frame, tmp_path / f"in.{in_format}")
    target = tmp_path / f"out.{out_format}"
    argv = ["score", str(source), "-o", str(target), "--model", str(sample_model_dir)]
    code = main([*argv, "--chunk-size", "7", "--quiet"])
    assert code == EXIT_ROWS
    out = read(target)
    expected = score_frame(frame, scorer=Scorer(sample_model_dir))
    assert out["row"].tolist() == list(range(len(frame)))
    assert out["article_id"].astype(str).tolist() == frame["article_id"].tolist()
    assert "text" not in out.columns and {"title", "url"} <= set(out.columns)
    assert out["credibility"].to_numpy() == pytest.approx(
        expected["credibility"].to_numpy(), nan_ok=True
    )
    assert plain(out["label"]) == plain(expected["label"])
    assert [json.loads(c) if isinstance(c, str) else None for c in out["top_cues"]] == [
        None if pd.isna(c) else json.loads(c) for c in expected["top_cues"]
    ]
    errors = plain(out["error"])
    assert [i for i, e in enumerate(errors) if e] == [5]


def test_json_output_parses_for_a_text_file(sample, sample_model_dir, tmp_path, capsys) -> None:
    article = tmp_path / "article.txt"
    article.write_text(sample.at[0, "title"] + "\n" + sample.at[0, "text"], encoding="utf-8")
    assert main(["score", str(article), "--json", "--model", str(sample_model_dir)]) == EXIT_OK
    parsed = json.loads(capsys.readouterr().out)
    expected = Scorer(sample_model_dir).score(sample.at[0, "text"], title=sample.at[0, "title"])
    assert parsed["credibility"] == pytest.approx(expected.credibility)
    assert parsed["cues"] == [cue.to_dict() for cue in expected.cues]


def test_json_lines_on_stdout_for_a_table(sample, sample_model_dir, tmp_path, capsys) -> None:
    source = write(sample, tmp_path / "in.csv")
    code = main(["score", str(source), "--json", "-q", "--model", str(sample_model_dir)])
    assert code == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["row"] for r in records] == list(range(len(sample)))
    assert all(isinstance(r["top_cues"], list) and r["error"] is None for r in records)


def test_unreadable_jsonl_lines_become_error_rows(sample, sample_model_dir, tmp_path) -> None:
    source = write(sample.head(3), tmp_path / "in.jsonl")
    with source.open("a", encoding="utf-8") as handle:
        handle.write('{"text": "cut off\n[1, 2]\n\n{"title": "no body"}\n')
    handle_bytes = source.read_bytes() + b'{"text": "\xff\xfe broken"}\n'
    source.write_bytes(handle_bytes)
    target = tmp_path / "out.jsonl"
    code = main(["score", str(source), "-o", str(target), "-q", "--model", str(sample_model_dir)])
    assert code == EXIT_ROWS
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    errors = [r["error"] for r in records]
    assert errors[:3] == [None, None, None]
    assert "line 4 is not valid JSON" in errors[3]
    assert "line 5 is a JSON list" in errors[4]
    assert "text is missing" in errors[5]  # line 7: an object without a text field
    assert "line 8 is not UTF-8" in errors[6]
    assert len(records) == 7


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "credscore", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_file_exits_2_with_its_name(tmp_path, sample_model_dir) -> None:
    result = run_cli("score", str(tmp_path / "absent.csv"), "--model", str(sample_model_dir))
    assert result.returncode == EXIT_INPUT
    assert "absent.csv: no such file" in result.stderr and not result.stdout


@pytest.mark.parametrize(
    ("option", "name"),
    [("--text-column", "body"), ("--title-column", "headline"), ("--url-column", "link")],
)
def test_missing_column_exits_2_naming_the_option(
    sample, sample_model_dir, tmp_path, option, name
) -> None:
    source = write(sample, tmp_path / "in.csv")
    result = run_cli("score", str(source), option, name, "--model", str(sample_model_dir))
    assert result.returncode == EXIT_INPUT
    assert f"no column '{name}'" in result.stderr and option in result.stderr


def test_missing_model_exits_3(sample, tmp_path) -> None:
    source = write(sample, tmp_path / "in.csv")
    result = run_cli("score", str(source), "--model", str(tmp_path / "no-model"))
    assert result.returncode == EXIT_MODEL
    assert "cannot load the model" in result.stderr


def test_malformed_csv_lines_are_reported_on_stdin(sample_model_dir) -> None:
    table = "text,title\nRain fell on the town all day.,Weather\nx,y,z\nA quiet week.,Notes\n"
    result = run_cli("score", "-", "--format", "csv", "--model", str(sample_model_dir), stdin=table)
    assert result.returncode == EXIT_ROWS
    assert "Skipping line 3" in result.stderr
    assert pd.read_csv(__import__("io").StringIO(result.stdout))["row"].tolist() == [0, 2]
    assert "\r" not in result.stderr  # not a terminal: no progress bar


def test_text_file_human_table(sample, sample_model_dir, tmp_path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(sample.at[1, "title"] + "\n" + sample.at[1, "text"], encoding="utf-8")
    result = run_cli("score", str(article), "--model", str(sample_model_dir))
    assert result.returncode == EXIT_OK
    assert result.stdout.startswith("credibility ")


def test_parquet_to_stdout_is_refused(sample, sample_model_dir, tmp_path) -> None:
    source = write(sample, tmp_path / "in.csv")
    result = run_cli("score", str(source), "--to", "parquet", "--model", str(sample_model_dir))
    assert result.returncode == EXIT_INPUT and "needs a file" in result.stderr


@pytest.mark.parametrize("command", ["score", "train", "evaluate", "train-headlines"])
def test_every_subcommand_answers_help_through_the_entry_point(command: str) -> None:
    """The installed `credscore` command, as a user types it (argparse subparsers)."""
    import shutil
    import subprocess

    executable = shutil.which("credscore") or pytest.skip(
        "the credscore entry point is not installed"
    )
    result = subprocess.run(
        [executable, command, "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: credscore {command}")


# --------------------------------------------------------------------------- issue 11 §3, 18

ENTRY_POINT = shutil.which("credscore", path=str(Path(sys.executable).parent))


def run_entry_point(*args: str, **options) -> subprocess.CompletedProcess[str]:
    """The installed ``credscore`` command, running this tree's package."""
    if ENTRY_POINT is None:
        pytest.skip("the credscore entry point is not installed next to this Python")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [ENTRY_POINT, *args], capture_output=True, text=True, timeout=300, env=env, **options
    )


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "relative path"])
def test_an_output_that_is_the_input_is_refused(
    sample, sample_model_dir, tmp_path, monkeypatch, how
) -> None:
    """Issue 11 §3: `credscore score same.csv -o same.csv` destroyed the input (exit 0)."""
    source = write(sample, tmp_path / "in.csv")
    before = source.read_bytes()
    target = {
        "same path": source,
        "symlink": tmp_path / "link.csv",
        "hard link": tmp_path / "hard.csv",
        "relative path": Path("sub") / ".." / "in.csv",
    }[how]
    if how == "symlink":
        target.symlink_to(source)
    elif how == "hard link":
        os.link(source, target)
    elif how == "relative path":
        (tmp_path / "sub").mkdir()
        monkeypatch.chdir(tmp_path)
    result = run_entry_point(
        "score", str(source), "-o", str(target), "--model", str(sample_model_dir)
    )
    assert result.returncode == EXIT_INPUT
    assert "is the input file; refusing to overwrite it" in result.stderr
    assert source.read_bytes() == before


def test_an_output_in_a_missing_folder_exits_2_with_a_sentence(
    sample, sample_model_dir, tmp_path, capsys
) -> None:
    source = write(sample.head(3), tmp_path / "in.csv")
    target = tmp_path / "no-such-folder" / "out.csv"
    assert main(["score", str(source), "-o", str(target), "--model", str(sample_model_dir)]) == 2
    err = capsys.readouterr().err
    assert "its folder does not exist" in err and "Traceback" not in err
    assert not target.parent.exists()


def test_an_unsupported_output_extension_is_named(sample, sample_model_dir, tmp_path, capsys):
    source = write(sample.head(3), tmp_path / "in.csv")
    code = main(
        ["score", str(source), "-o", str(tmp_path / "x.xlsx"), "--model", str(sample_model_dir)]
    )
    assert code == EXIT_INPUT
    err = capsys.readouterr().err
    assert "not .xlsx" in err and "--to" in err and "'text'" not in err
    assert not (tmp_path / "x.xlsx").exists()


def test_an_unexpected_error_exits_70_not_1(
    sample, sample_model_dir, tmp_path, monkeypatch, capsys
):
    from credscore import stream

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in credscore")

    monkeypatch.setattr(stream, "stream_score", broken)
    source = write(sample.head(3), tmp_path / "in.csv")
    code = main(["score", str(source), "-q", "--model", str(sample_model_dir)])
    assert code == EXIT_INTERNAL == 70 and code != EXIT_ROWS
    err = capsys.readouterr().err
    assert "RuntimeError: a bug in credscore" in err and "internal error" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("site,score\nexample.com,0.5\n", "unknown layout"),
        (None, "is a folder"),  # a folder given as the ratings file
    ],
)
def test_ratings_that_cannot_load_exit_4_saying_so(
    sample, sample_model_dir, tmp_path, capsys, content, message
) -> None:
    source = write(sample.head(3), tmp_path / "in.csv")
    ratings = tmp_path / "ratings"
    if content is None:
        ratings.mkdir()
    else:
        ratings.write_text(content, encoding="utf-8")
    argv = ["score", str(source), "-q", "--model", str(sample_model_dir), "--ratings", str(ratings)]
    assert main(argv) == EXIT_RATINGS
    err = capsys.readouterr().err
    assert "cannot load the ratings" in err and message in err and "the model" not in err


def test_json_piped_into_head_ends_quietly(sample, sample_model_dir, tmp_path) -> None:
    """`credscore score big.csv --json | head -n 1` ended in a BrokenPipeError traceback."""
    if ENTRY_POINT is None:
        pytest.skip("the credscore entry point is not installed next to this Python")
    source = write(pd.concat([sample] * 10, ignore_index=True), tmp_path / "in.csv")
    from credscore.model_io import MODEL_FILE, sha256_of

    digest = sha256_of(sample_model_dir / MODEL_FILE)  # vouched for: no warning on stderr
    model = ["--model", str(sample_model_dir), "--model-sha256", digest]
    argv = [ENTRY_POINT, "score", str(source), "--json", "-q", *model]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # what `head -n 1` does after its line
        err = proc.stderr.read().decode()
        code = proc.wait(timeout=300)
    assert json.loads(first)["row"] == 0
    assert code == EXIT_OK and err == ""


def test_cue_messages_wrap_at_word_boundaries(sample_model_dir, tmp_path, capsys) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Council\nThe council met on Tuesday and approved the budget.\n")
    url = "https://xn--nytmes-rvf.com/politics/2024/council-budget"  # a long look-alike message
    assert main(["score", str(article), "--url", url, "--model", str(sample_model_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    expected = Scorer(sample_model_dir).score(
        "The council met on Tuesday and approved the budget.\n", title="Council", url=url
    )
    (message,) = [c.message for c in expected.cues if c.kind == "lookalike_domain"]
    assert len(message) > 100
    start = next(i for i, line in enumerate(lines) if "lookalike_domain" in line) + 1
    wrapped = []
    for line in lines[start:]:
        if not line.startswith(" " * 8) or line[8:9] == " ":
            break
        wrapped.append(line)
    assert len(wrapped) > 1 and all(len(line) <= 100 for line in wrapped)
    assert " ".join(line.strip() for line in wrapped) == message  # no word cut in two


def test_repr_of_an_assessment_is_short(sample, scorer) -> None:
    """Issue 18: repr(Assessment) printed every feature and contribution (12.9k characters)."""
    text = "\n\n".join(sample["text"].head(5))
    assessment = scorer.score(text, title="SHOCKING: they lied!", url="https://x.info/a")
    assert len(assessment.cues) > 3
    shown = repr(assessment)
    assert len(shown) < 300
    assert shown.startswith(f"Assessment(credibility={assessment.credibility:.4f}, label=")
    assert assessment.cues[0].kind in shown and "more" in shown
