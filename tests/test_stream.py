"""stream_score on CSV and JSONL: the standard-library path (no pandas, no pyarrow).

What pandas' reader did and the stdlib reader must keep doing: everything is text, only an
empty cell is missing, long lines are skipped and reported, short lines padded, duplicate
header names numbered; and the scores equal score_frame's for the same articles.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import credscore
from credscore.api import Scorer
from credscore.batch import score_frame
from credscore.cli import EXIT_INPUT, EXIT_ROWS, main
from credscore.stream import Columns, InputError, stream_score

REPO = Path(__file__).resolve().parents[1]
SRC = Path(credscore.__file__).resolve().parents[1]


def quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def stream(source: Path, target: Path, scorer: Scorer, **options):
    in_format = source.suffix.lstrip(".")
    out_format = target.suffix.lstrip(".")
    return stream_score(str(source), in_format, str(target), out_format, scorer=scorer, **options)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- no pandas


NO_PANDAS = textwrap.dedent(
    """
    import sys
    from credscore.cli import main
    code = main(sys.argv[1:])
    heavy = sorted(m for m in ("pandas", "pyarrow") if m in sys.modules)
    assert not heavy, f"streaming imported {heavy}"
    print("exit", code)
    """
)


@pytest.mark.parametrize(("in_format", "out_format"), [("csv", "csv"), ("jsonl", "jsonl")])
def test_streaming_csv_and_jsonl_never_imports_pandas_or_pyarrow(
    sample, sample_model_dir, tmp_path, in_format, out_format
) -> None:
    source = tmp_path / f"in.{in_format}"
    frame = sample[["text", "title", "url", "article_id"]]
    if in_format == "csv":
        frame.to_csv(source, index=False)
    else:
        frame.to_json(source, orient="records", lines=True, force_ascii=False)
    target = tmp_path / f"out.{out_format}"
    argv = ["score", str(source), "-o", str(target), "-q", "--model", str(sample_model_dir)]
    result = subprocess.run(
        [sys.executable, "-c", NO_PANDAS, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "exit 0"
    assert target.stat().st_size > 0


# --------------------------------------------------------------------------- CSV reading


def test_long_lines_are_skipped_with_their_file_line_and_short_lines_padded(
    scorer, tmp_path
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "text,title,url\n"
        "Rain fell on the town all day.,Weather,https://example.org/a\n"
        '"A quiet week\nin two lines.",Notes,https://example.org/b\n'
        "Too many fields here.,T,U,extra\n"
        "Only the text this time.\n"
        "Two fields.,Short\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    report = stream(source, target, scorer)
    # The message has pandas' shape; the number is the file line the record starts on
    # (5: the quoted field above spans lines 3-4), where pandas counted records (4).
    assert report.skipped_lines == ["Skipping line 5: expected 3 fields, saw 4"]
    assert report.any_failed and "Skipping line 5" in report.summary()
    rows = read_csv_rows(target)
    assert [r["row"] for r in rows] == ["0", "1", "3", "4"]  # the skipped record keeps its 2
    assert [r["title"] for r in rows] == ["Weather", "Notes", "", "Short"]
    assert [r["url"] for r in rows] == ["https://example.org/a", "https://example.org/b", "", ""]
    assert all(r["error"] == "" for r in rows)


def test_only_an_empty_cell_is_missing(scorer, tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        'text,title,url\nSome text here.,NA,null\nMore text.,"",\n,N/A,\n',
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    stream(source, target, scorer)
    records = read_jsonl(target)
    assert [r["title"] for r in records] == ["NA", None, "N/A"]
    assert [r["url"] for r in records] == ["null", None, None]
    assert [r["error"] for r in records][:2] == [None, None]
    assert "text is missing" in records[2]["error"]
    # The pandas path read the file like this, then scored the frame.
    old = pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""])
    expected = score_frame(old, scorer=scorer)
    assert [r["credibility"] for r in records[:2]] == expected["credibility"].tolist()[:2]


def test_duplicate_and_empty_header_names_are_numbered_as_pandas_did(scorer, tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text,x,x,x.1,,title\nSome text here.,1,2,3,4,T\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    stream(source, target, scorer)
    with target.open(encoding="utf-8", newline="") as handle:
        header, row = list(csv.reader(handle))
    assert header[:6] == ["row", "x", "x.2", "x.1", "Unnamed: 4", "title"]
    assert row[:6] == ["0", "1", "2", "3", "4", "T"]
    expected = pd.read_csv(source, dtype=str)  # the names pandas gives the same header
    assert header[1:6] == [c for c in expected.columns if c != "text"]


def test_blank_lines_bom_and_crlf(scorer, tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(
        b"\xef\xbb\xbftext,title\r\n\r\nSome text here.,A\r\n  \t \r\n"
        b'"  ",B\r\n"Two\r\nlines.",C\r\n'
    )
    target = tmp_path / "out.jsonl"
    stream(source, target, scorer)
    records = read_jsonl(target)
    assert [r["title"] for r in records] == ["A", "B", "C"]  # the spaces-only line is skipped
    assert "non-whitespace" in records[1]["error"]  # a quoted cell of spaces is a value


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\n \n\n", "is empty"),
        (b"text,title\n", "holds no rows"),
        (b"text,title\n\n", "holds no rows"),
        (b"text,title\na,b,c\n", "holds no rows (1 malformed lines skipped)"),
        (b"text,title\nabc,\xff\xfe\n", "line 2 is not UTF-8 text (byte 0xff at character 5)"),
        (b'text,"title\nabc,def\n', "line 1, the header: a quoted field opened there is never"),
        (b'text,title\n"never closed,x\n', "holds no rows (1 malformed lines skipped)"),
    ],
    ids=[
        "empty",
        "blank",
        "header only",
        "header and blank",
        "all skipped",
        "utf8",
        "quote in header",
        "only a quote never closed",
    ],
)
def test_unusable_csv_raises_input_error(content, message, scorer, tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        stream(source, tmp_path / "out.csv", scorer)


def test_a_10_mb_cell_is_read(scorer, tmp_path) -> None:
    source = tmp_path / "in.csv"
    text = "Rain fell on the town. " * (10_000_000 // 23 + 1)
    source.write_text(f"text,title\n{quoted(text)},Long\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    stream(source, target, scorer)
    (record,) = read_jsonl(target)
    assert record["error"] is None and record["title"] == "Long"
    assert "truncated" in record["notes"][0]


def test_csv_from_a_text_stdin_and_to_stdout(scorer, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("text,title\nSome text here.,NA\n"))
    report = stream_score("-", "csv", "-", "csv", scorer=scorer)
    assert report.rows == 1
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["title"] == "NA" and rows[0]["label"]


def test_binary_stdin_is_left_open(scorer, monkeypatch, capsys) -> None:
    raw = io.BytesIO(b"text,title\nSome text here.,T\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw, encoding="utf-8"))
    stream_score("-", "csv", "-", "jsonl", scorer=scorer)
    assert not raw.closed
    assert json.loads(capsys.readouterr().out)["title"] == "T"


# --------------------------------------------------------------------------- JSONL


def test_jsonl_keys_may_differ_between_lines(scorer, tmp_path) -> None:
    lines = [
        {"text": "Rain fell on the town all day.", "title": "Weather"},
        {"id": 7, "text": "A quiet week.", "tags": ["a", "b"]},
        {"text": 42, "title": "Not text"},
        {"title": "No text at all", "later": "seen only in the second chunk"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    report = stream(source, target, scorer, chunk_size=3)
    records = read_jsonl(target)
    # The first chunk fixes the columns: the ordered union of its keys, minus the text.
    assert list(records[0]) == [
        "row", "title", "id", "tags", "credibility", "label", "top_cues", "error", "notes",
    ]  # fmt: skip
    assert [r["id"] for r in records] == [None, 7, None, None]  # numbers stay numbers
    assert records[1]["tags"] == ["a", "b"] and records[1]["title"] is None
    assert records[2]["error"] == "text must be a str, got int"
    assert "text is missing" in records[3]["error"]
    assert "later" not in records[3]
    assert report.failed == 2


def test_jsonl_to_csv_writes_lists_as_text_and_missing_as_empty(scorer, tmp_path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"text": "Rain fell on the town all day.", "n": 1, "ok": True, "f": 0.5})
        + "\n"
        + json.dumps({"text": "A quiet week.", "tags": ["a"], "f": float("nan")})
        + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    stream(source, target, scorer)
    rows = read_csv_rows(target)
    assert [(r["n"], r["ok"], r["f"], r["tags"]) for r in rows] == [
        ("1", "True", "0.5", ""),
        ("", "", "", "['a']"),
    ]


def test_lone_surrogates_in_kept_jsonl_values_are_replaced(scorer, tmp_path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Rain fell all day.", "title": "bad \\ud800 title"}\n')
    for suffix in ("csv", "jsonl"):
        target = tmp_path / f"out.{suffix}"
        stream(source, target, scorer)
        assert "bad \ufffd title" in target.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- same scores


@pytest.mark.parametrize("out_format", ["csv", "jsonl"])
@pytest.mark.parametrize("in_format", ["csv", "jsonl"])
def test_scores_equal_score_frame_on_the_same_articles(
    sample, scorer, tmp_path, in_format, out_format
) -> None:
    """What the pandas path produced: score_frame on the frame pandas read from the input."""
    frame = sample[["text", "title", "url", "article_id"]].copy()
    frame.loc[3, "text"] = None
    frame.loc[4, "text"] = "   "
    frame.loc[6, "title"] = "NA"
    frame.loc[8, "url"] = None
    source = tmp_path / f"in.{in_format}"
    if in_format == "csv":
        frame.to_csv(source, index=False)
    else:
        frame.to_json(source, orient="records", lines=True, force_ascii=False)
    target = tmp_path / f"out.{out_format}"
    stream(source, target, scorer, chunk_size=7)

    read_back = (
        pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""])
        if in_format == "csv"
        else pd.read_json(source, lines=True, dtype=False)
    )
    # The pandas path scored each chunk of 7 with score_frame: a block's log-odds come from
    # one matrix product, whose last bits depend on the block, so compare the same chunks.
    expected = pd.concat(
        [score_frame(read_back.iloc[i : i + 7], scorer=scorer) for i in range(0, len(frame), 7)]
    )
    if out_format == "csv":
        out = pd.read_csv(target, dtype=str, keep_default_na=False, na_values=[""])
        credibility = [float(c) if isinstance(c, str) else math.nan for c in out["credibility"]]
        top = [None if pd.isna(c) else json.loads(c) for c in out["top_cues"]]
    else:
        out = pd.DataFrame(read_jsonl(target))
        credibility = [math.nan if c is None else c for c in out["credibility"]]
        top = out["top_cues"].tolist()

    def plain(values) -> list:
        return [None if pd.isna(v) else v for v in values]

    assert out["row"].astype(int).tolist() == list(range(len(frame)))
    assert out["article_id"].tolist() == frame["article_id"].tolist()
    # Exactly the same floats: CSV floats are written with repr, which reads back exactly.
    for got, want in zip(credibility, expected["credibility"], strict=True):
        assert (math.isnan(got) and math.isnan(want)) or got == want
    assert plain(out["label"]) == plain(expected["label"])
    assert plain(out["error"]) == plain(expected["error"])
    assert top == [None if pd.isna(c) else json.loads(c) for c in expected["top_cues"]]
    assert plain(out["title"]) == plain(read_back["title"])


@pytest.mark.slow
def test_parallel_stream_equals_serial(sample, scorer, tmp_path) -> None:
    frame = pd.concat([sample[["text", "title", "url"]]] * 15, ignore_index=True)  # 600 rows
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    serial, parallel = tmp_path / "serial.csv", tmp_path / "parallel.csv"
    stream(source, serial, scorer, chunk_size=600)
    stream(source, parallel, scorer, chunk_size=600, n_jobs=2)  # >= 2 * MIN_CHUNK: workers
    assert parallel.read_bytes() == serial.read_bytes()


# --------------------------------------------------------------------------- Parquet


def test_parquet_keeps_types_without_pandas_in_between(sample, scorer, tmp_path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table(
        {
            "id": pa.array([None, 1, 2, 3], pa.int64()),
            "text": [sample.at[0, "text"], None, sample.at[2, "text"], sample.at[3, "text"]],
            "title": sample["title"].head(4).tolist(),
        }
    )
    source = tmp_path / "in.parquet"
    pq.write_table(table, source)
    target = tmp_path / "out.parquet"
    stream(source, target, scorer, chunk_size=1)  # the first chunk's id is null
    out = pq.read_table(target)
    assert out.schema.field("id").type == pa.int64()
    assert out.column("id").to_pylist() == [None, 1, 2, 3]
    assert out.column("credibility").to_pylist()[1] is None  # NaN written as null
    assert out.column("error").to_pylist()[1].startswith("text is missing")


# --------------------------------------------------------------------------- command


def test_bad_jobs_and_top_cues_exit_2(sample, sample_model_dir, tmp_path, capsys) -> None:
    source = tmp_path / "in.csv"
    sample.head(2).to_csv(source, index=False)
    for option in (["-j", "0"], ["--top-cues", "-1"]):
        argv = ["score", str(source), "-q", "--model", str(sample_model_dir), *option]
        assert main(argv) == EXIT_INPUT
        assert "must be" in capsys.readouterr().err


def test_skipped_lines_exit_1_and_are_summarised(sample_model_dir, tmp_path, capsys) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text,title\nSome text here.,A\nx,y,z\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    argv = ["score", str(source), "-o", str(target), "--model", str(sample_model_dir)]
    assert main(argv) == EXIT_ROWS
    assert "Skipping line 3: expected 2 fields, saw 3" in capsys.readouterr().err
    assert [r["row"] for r in read_csv_rows(target)] == ["0"]


def test_columns_keep_and_rename(scorer, tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text,label,row,other\nSome text here.,L,R,O\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    stream(source, target, scorer, columns=Columns(keep=("label", "row")))
    (row,) = read_csv_rows(target)
    assert list(row)[:3] == ["row", "input_label", "input_row"]
    assert (row["input_label"], row["input_row"], row["row"]) == ("L", "R", "0")


# --------------------------------------------------------------------------- issue 11 §3

ARTICLE = "Rain fell on the town all day and the council met to plan repairs."


def csv_of(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def leftovers(folder: Path) -> list[str]:
    """Temporary files the stream left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".credscore-tmp"))


@pytest.mark.parametrize("out_format", ["csv", "jsonl", "parquet"])
def test_a_failure_halfway_leaves_the_previous_output_untouched(
    scorer, tmp_path, out_format
) -> None:
    """The output was opened at once and filled chunk by chunk: a late error left half a file."""
    if out_format == "parquet":
        pytest.importorskip("pyarrow")
    source = tmp_path / "in.csv"
    lines = [f"{ARTICLE} Item {i}.,Title {i}" for i in range(300)]  # 23 kB before the bad byte
    source.write_bytes((csv_of("text,title", *lines) + "Broken \xff line.,T\n").encode("latin-1"))
    target = tmp_path / f"out.{out_format}"
    target.write_bytes(b"the previous output")
    with pytest.raises(InputError, match="as CSV"):
        stream(source, target, scorer, chunk_size=50)  # 300 rows scored, then the error
    assert target.read_bytes() == b"the previous output"
    assert leftovers(tmp_path) == []
    target.unlink()
    with pytest.raises(InputError):
        stream(source, target, scorer, chunk_size=50)
    assert not target.exists() and leftovers(tmp_path) == []


def test_an_interrupted_stream_leaves_the_previous_output_untouched(
    scorer, tmp_path, monkeypatch
) -> None:
    from credscore import stream as stream_module

    source = tmp_path / "in.csv"
    source.write_text(csv_of("text", *[f"{ARTICLE} {i}" for i in range(10)]), encoding="utf-8")
    target = tmp_path / "out.csv"
    target.write_text("the previous output")
    calls = []
    score_columns = stream_module.score_columns

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return score_columns(*args, **kwargs)

    monkeypatch.setattr(stream_module, "score_columns", interrupted)
    with pytest.raises(KeyboardInterrupt):
        stream(source, target, scorer, chunk_size=3)
    assert target.read_text() == "the previous output" and leftovers(tmp_path) == []


def test_a_finished_output_replaces_the_file_keeping_its_permissions_and_links(
    scorer, tmp_path
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(csv_of("text", ARTICLE), encoding="utf-8")
    real = tmp_path / "real.csv"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    stream_score(str(source), "csv", str(link), "csv", scorer=scorer)
    assert link.is_symlink() and link.resolve() == real
    assert read_csv_rows(real)[0]["row"] == "0"
    assert real.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == []


def test_a_special_file_is_written_in_place(scorer, tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(csv_of("text", ARTICLE), encoding="utf-8")
    report = stream_score(str(source), "csv", os.devnull, "jsonl", scorer=scorer)
    assert report.rows == 1 and os.path.exists(os.devnull)


def test_stream_score_refuses_to_write_over_its_input(scorer, tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(csv_of("text", ARTICLE), encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(source)
    for target in (source, tmp_path / "link.csv"):
        with pytest.raises(InputError, match="is the input file; refusing to overwrite it"):
            stream_score(str(source), "csv", str(target), "csv", scorer=scorer)
    assert source.read_text(encoding="utf-8") == csv_of("text", ARTICLE)


def test_an_output_that_cannot_be_written_is_an_input_error(scorer, tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(csv_of("text", ARTICLE), encoding="utf-8")
    with pytest.raises(InputError, match=r"cannot write .*: it is a folder"):
        stream_score(str(source), "csv", str(tmp_path), "csv", scorer=scorer)
    folder = tmp_path / "read-only"
    folder.mkdir()
    (folder / "old.csv").write_text("old")
    (folder / "old.csv").chmod(0o444)
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who may write anywhere (root)")
        with pytest.raises(InputError, match=r"cannot write .*Permission denied"):
            stream_score(str(source), "csv", str(folder / "out.csv"), "csv", scorer=scorer)
        with pytest.raises(InputError, match=r"cannot write .*: the file is read-only"):
            stream_score(str(source), "csv", str(folder / "old.csv"), "csv", scorer=scorer)
        assert (folder / "old.csv").read_text() == "old"
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize(
    ("lines", "skipped", "rows", "texts"),
    [
        (  # (a) the file ends inside the quote
            ["text,title", "First one.,A", '"Second one,B', "Third one.,C"],
            ["Skipping line 3: a quoted field opened there is never closed (the file ends "
             "inside it); line 4 was read again"],
            [0, 2],
            ["First one.", "Third one."],
        ),
        (  # (b) it closes on the opening quote of a later cell, followed by text
            ["text,title,url", '"Rain all day,Weather,u1', "Quiet week.,Notes,u2",
             '"Markets" rose,Money,u3'],
            ["Skipping line 2: a quoted field opened there is never closed (a closing "
             "quote is followed by text); lines 3-4 were read again"],
            [1, 2],
            ["Quiet week.", "Markets rose"],
        ),
        (  # (c) it closes cleanly, but the lines it swallowed hold more fields than the header
            ["text,title", '"Rain all day,Weather', "Quiet week.,Notes", '12 inch",M,x',
             "Last one.,L"],
            ["Skipping line 2: a quoted field opened there is never closed (the lines it "
             "swallowed hold 3 fields, expected 2); lines 3-4 were read again",
             "Skipping line 4: expected 2 fields, saw 3"],
            [1, 3],
            ["Quiet week.", "Last one."],
        ),
        (  # a quoted cell with line breaks, even with spaces after its closing quote, is fine
            ["text,title", '"Two\nlines.",A', '"Three\nshort\nlines."  ,B', "One line.,C"],
            [],
            [0, 1, 2],
            ["Two\nlines.", "Three\nshort\nlines.  ", "One line."],
        ),
    ],
    ids=["end of file", "text after a quote", "too many fields", "legitimate line breaks"],
)  # fmt: skip
def test_a_quote_never_closed_is_reported_and_the_lines_it_swallowed_are_read_again(
    scorer, tmp_path, lines, skipped, rows, texts
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(csv_of(*lines), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    report = stream(source, target, scorer, columns=Columns(keep=("text",)))
    assert report.skipped_lines == skipped
    records = read_jsonl(target)
    assert [r["row"] for r in records] == rows
    assert [r["text"] for r in records] == texts


def test_a_quote_never_closed_exits_1_when_the_rest_was_scored(
    sample_model_dir, tmp_path, capsys
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(csv_of("text,title", "First one.,A", '"Second one,B', "Third one.,C"))
    target = tmp_path / "out.csv"
    argv = ["score", str(source), "-o", str(target), "--model", str(sample_model_dir)]
    assert main(argv) == EXIT_ROWS
    err = capsys.readouterr().err
    assert "Skipping line 3: a quoted field opened there is never closed" in err
    assert [r["row"] for r in read_csv_rows(target)] == ["0", "2"]
    source.write_text(csv_of("text,title", '"Only one,A', ""))
    assert main(argv) == EXIT_INPUT
    assert "holds no rows (1 malformed lines skipped)" in capsys.readouterr().err


def test_records_past_the_size_bound_are_skipped_and_reported(
    scorer, tmp_path, monkeypatch
) -> None:
    from credscore import stream as stream_module

    monkeypatch.setattr(stream_module, "MAX_RECORD_CHARS", 1_000)
    swallowed = [f"Line {i} of a story with no quote in it." for i in range(40)]  # 1,600 chars
    source = tmp_path / "in.csv"
    source.write_text(
        csv_of(
            "text,title",
            f"{ARTICLE},A",
            "x" * 1_500 + ",B",  # line 3: too long by itself
            f"{ARTICLE},C",
            '"' + ARTICLE + ",D",  # line 5: a quote that runs past the bound
            *swallowed,
        ),
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    report = stream(source, target, scorer, columns=Columns(keep=("title",)))
    assert report.skipped_lines[0] == "Skipping line 3: longer than 1,000 characters"
    assert report.skipped_lines[1].startswith(
        "Skipping line 5: a quoted field opened there is never closed (it runs past 1,000 "
        "characters); lines 6-"
    )
    records = read_jsonl(target)
    assert [r["row"] for r in records] == [0, 2, *range(4, 4 + len(swallowed))]
    assert [r["title"] for r in records[:2]] == ["A", "C"]


def test_a_quote_running_into_a_line_past_the_bound(scorer, tmp_path, monkeypatch) -> None:
    from credscore import stream as stream_module

    monkeypatch.setattr(stream_module, "MAX_RECORD_CHARS", 1_000)
    source = tmp_path / "in.csv"
    source.write_text(
        csv_of("text,title", '"' + ARTICLE + ",A", f"{ARTICLE},B", "y" * 2_000, f"{ARTICLE},C"),
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    report = stream(source, target, scorer, columns=Columns(keep=("title",)))
    assert report.skipped_lines == [
        "Skipping line 2: a quoted field opened there is never closed (it runs into line 4); "
        "line 3 was read again",
        "Skipping line 4: longer than 1,000 characters",
    ]
    assert [(r["row"], r["title"]) for r in read_jsonl(target)] == [(1, "B"), (3, "C")]


def test_lines_may_end_in_a_lone_carriage_return(sample_model_dir, tmp_path, capsys) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b'text,title\rSome text here.,A\r"Two\rlines.",B\r\rLast one.,C\r')
    target = tmp_path / "out.jsonl"
    argv = ["score", str(source), "-o", str(target), "-q", "--model", str(sample_model_dir)]
    assert main(argv) == 0
    records = read_jsonl(target)
    assert [(r["row"], r["title"]) for r in records] == [(0, "A"), (1, "B"), (2, "C")]
    source.write_bytes(b"text,title\rSome text here.,A\rcaf\xe9,B\r")
    assert main(argv) == EXIT_INPUT
    assert "line 3 is not UTF-8 text" in capsys.readouterr().err


def test_a_decoding_error_names_its_line_far_into_the_file(sample_model_dir, tmp_path, capsys):
    source = tmp_path / "in.csv"
    body = csv_of("text,title", *[f"{ARTICLE} {i},T" for i in range(3_000)])
    source.write_bytes(body.encode() + b"caf\xe9 au lait,T\n" + body.encode()[:2000])
    target = tmp_path / "out.csv"
    argv = ["score", str(source), "-o", str(target), "--model", str(sample_model_dir)]
    assert main(argv) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "line 3002 is not UTF-8 text (byte 0xe9 at character 4)" in err
    assert "position" not in err and not target.exists()


def test_the_csv_field_limit_is_raised_only_while_a_long_record_is_parsed(
    scorer, tmp_path, monkeypatch
) -> None:
    before = csv.field_size_limit()
    seen = []
    field_size_limit = csv.field_size_limit

    def recording(*new):
        if new:
            seen.append(new[0])
        return field_size_limit(*new)

    monkeypatch.setattr(csv, "field_size_limit", recording)
    short = tmp_path / "short.csv"
    short.write_text(csv_of("text", *[ARTICLE] * 5), encoding="utf-8")
    stream(short, tmp_path / "out.jsonl", scorer)
    assert seen == []  # ordinary records never touch the process-wide setting
    long = tmp_path / "long.csv"
    long.write_text(csv_of("text", ARTICLE, quoted(ARTICLE * 3_000), ARTICLE), encoding="utf-8")
    stream(long, tmp_path / "out.jsonl", scorer)
    assert len(seen) == 2 and seen[-1] == before  # raised for the one long record, restored
    assert csv.field_size_limit() == before
    assert [r["error"] for r in read_jsonl(tmp_path / "out.jsonl")] == [None, None, None]


@pytest.mark.parametrize("guard", [True, False])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(scorer, tmp_path, guard) -> None:
    source = tmp_path / "in.jsonl"
    cells = {
        "formula": '=HYPERLINK("http://evil.example","x")',
        "plus": "+1+cmd|' /C calc'!A0",
        "minus": "-2+3",
        "at": "@SUM(A1)",
        "tab": "\t=1",
        "cr": "\r=1",
        "negative": "-3",
        "decimal": "+1.5e3",
        "dash": "-",
        "plain": "a = b",
        "=header": "x",
    }
    source.write_text(json.dumps({"text": ARTICLE, **cells}) + "\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    stream_score(str(source), "jsonl", str(target), "csv", scorer=scorer, csv_guard=guard)
    (row,) = read_csv_rows(target)
    if not guard:
        assert {name: row[name] for name in cells} == cells
        return
    assert row["'=header"] == "x"
    expected = {name: "'" + value for name, value in cells.items() if name != "=header"}
    expected.update(negative="-3", decimal="+1.5e3", plain="a = b")
    assert {name: row[name] for name in expected} == expected
    jsonl = tmp_path / "out.jsonl"
    stream_score(str(source), "jsonl", str(jsonl), "jsonl", scorer=scorer)
    assert read_jsonl(jsonl)[0]["formula"] == cells["formula"]  # JSON is never changed


def test_a_carriage_return_in_a_cell_does_not_split_its_row(scorer, tmp_path) -> None:
    """Minimal quoting left a lone "\\r" bare, and every reader took it for a line end."""
    source = tmp_path / "in.jsonl"
    titles = ["Line one\rline two", "Plain", "Ends with\r", "Both\r\nends"]
    source.write_text(
        "".join(json.dumps({"text": ARTICLE, "title": t}) + "\n" for t in titles),
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    stream(source, target, scorer)
    rows = read_csv_rows(target)
    assert [r["title"] for r in rows] == titles
    assert [r["row"] for r in rows] == ["0", "1", "2", "3"]
    assert pd.read_csv(target)["title"].tolist() == titles


def test_the_command_guards_csv_cells_unless_told_not_to(sample_model_dir, tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(csv_of("text,title", f"{ARTICLE},=1+1"), encoding="utf-8")
    target = tmp_path / "out.csv"
    argv = ["score", str(source), "-o", str(target), "-q", "--model", str(sample_model_dir)]
    assert main(argv) == 0
    assert read_csv_rows(target)[0]["title"] == "'=1+1"
    assert main([*argv, "--no-csv-guard"]) == 0
    assert read_csv_rows(target)[0]["title"] == "=1+1"


# --------------------------------------------------------------------------- issue 18


def test_csv_to_parquet_keeps_numbers_and_booleans(scorer, tmp_path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source = tmp_path / "in.csv"
    source.write_text(
        csv_of(
            "text,id,share,flag,zip,when,empty",
            f"{ARTICLE},1,0.5,true,02134,2024-01-02,",
            f"{ARTICLE},-20,2,False,10001,2024-01-03,",
            f"{ARTICLE},,1e-3,,90210,,",
        ),
        encoding="utf-8",
    )
    target = tmp_path / "out.parquet"
    stream(source, target, scorer)
    table = pq.read_table(target)
    types = {name: str(table.schema.field(name).type) for name in table.column_names}
    assert types["id"] == "int64" and types["share"] == "double" and types["flag"] == "bool"
    assert types["zip"] == types["when"] == types["empty"] == "string"
    assert table.column("id").to_pylist() == [1, -20, None]
    assert table.column("share").to_pylist() == [0.5, 2.0, 0.001]
    assert table.column("flag").to_pylist() == [True, False, None]
    assert table.column("zip").to_pylist() == ["02134", "10001", "90210"]
    assert table.schema.field("row").type == pa.int64()


def test_a_csv_column_that_stops_being_numbers_becomes_text_for_the_whole_file(
    scorer, tmp_path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    source = tmp_path / "in.csv"
    ids = ["1", "2", "30", "", "7", "x-8", "9"]
    source.write_text(
        csv_of("text,id,n", *[f"{ARTICLE},{i},{k}" for k, i in enumerate(ids)]), encoding="utf-8"
    )
    target = tmp_path / "out.parquet"
    stream(source, target, scorer, chunk_size=2)
    table = pq.read_table(target)
    assert str(table.schema.field("id").type) == "string"
    assert table.column("id").to_pylist() == ["1", "2", "30", None, "7", "x-8", "9"]
    assert str(table.schema.field("n").type) == "int64"
    assert table.column("row").to_pylist() == list(range(len(ids)))
    assert leftovers(tmp_path) == []
