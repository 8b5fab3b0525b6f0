"""Many web pages at once: score_frame(html=...), a folder of pages and WARC files on the command
line, with the same output formats and exit codes as tables."""

from __future__ import annotations

import io
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("trafilatura", reason='needs the html extra: pip install "credscore[html]"')

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from credscore import Scorer, score_frame
from credscore.batch import InputError
from credscore.cli import EXIT_INPUT, EXIT_OK, EXIT_ROWS, main
from credscore.stream import read_page_file, stream_pages

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO / "data" / "examples" / "pages"
PAGE_PATHS = sorted(PAGES.glob("*.html"))


def plain(values) -> list:
    return [None if pd.isna(value) else value for value in values]


# --- score_frame(html=...) -----------------------------------------------------------------


def test_score_frame_on_an_html_column_equals_score_html(scorer: Scorer) -> None:
    frame = pd.DataFrame(
        {
            "page": [path.read_bytes() for path in PAGE_PATHS] + [None, 42],
            "link": [None] * len(PAGE_PATHS) + ["https://a.example/x", None],
        },
        index=[f"p{i}" for i in range(len(PAGE_PATHS) + 2)],
    )
    out = score_frame(frame, html="page", url="link", scorer=scorer)
    assert list(out.index) == list(frame.index)
    for position, path in enumerate(PAGE_PATHS):
        expected = scorer.score_html(path.read_bytes())
        row = out.iloc[position]
        if math.isnan(expected.credibility):
            assert math.isnan(row["credibility"]) and row["label"] == "unknown"
            assert pd.isna(row["error"]) and "no article found" in row["notes"]
        else:
            assert row["credibility"] == expected.credibility
            assert row["label"] == expected.label
        assert json.loads(row["top_cues"]) == [cue.to_dict() for cue in expected.cues[:5]]
    assert plain(out["error"])[-2:] == [
        "html is missing (empty cell)",
        "html must be a str or bytes, got int",
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"html": "page", "text": "body"}, "pass html or text, not both"),
        ({"html": "page", "title": "headline"}, "cannot be used with html"),
        ({"html": "missing"}, "html column 'missing' not found"),
        ({"html": "page", "url": "nowhere"}, "url column 'nowhere' not found"),
    ],
)
def test_score_frame_html_options_are_checked(kwargs: dict, message: str, scorer) -> None:
    frame = pd.DataFrame({"page": ["<p>x</p>"], "body": ["x"], "headline": ["x"]})
    with pytest.raises(InputError, match=message):
        score_frame(frame, scorer=scorer, **kwargs)


def test_pages_in_worker_processes_score_as_in_one(scorer: Scorer) -> None:
    frame = pd.DataFrame({"html": [path.read_bytes() for path in PAGE_PATHS] * 2})
    one = score_frame(frame, html="html", scorer=scorer)
    two = score_frame(frame, html="html", scorer=scorer, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)


# --- a folder of pages ---------------------------------------------------------------------


@pytest.fixture
def page_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for path in PAGE_PATHS[:4]:
        shutil.copy(path, folder / path.name)
    shutil.copy(PAGE_PATHS[4], folder / (PAGE_PATHS[4].stem + ".HTM"))
    (folder / "notes.txt").write_text("not a page", encoding="utf-8")
    (folder / "sub").mkdir()
    shutil.copy(PAGE_PATHS[5], folder / "sub" / PAGE_PATHS[5].name)  # subfolders are not read
    return folder


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_folder_of_pages_is_one_row_per_page_with_its_path(
    page_folder: Path, tmp_path: Path, sample_model_dir: Path, scorer: Scorer, suffix: str
) -> None:
    out = tmp_path / f"scores{suffix}"
    code = main(["score", str(page_folder), "-o", str(out), "--model", str(sample_model_dir)])
    assert code == EXIT_OK
    if suffix == ".csv":
        frame = pd.read_csv(out)
    elif suffix == ".jsonl":
        frame = pd.DataFrame([json.loads(line) for line in out.read_text().splitlines()])
    else:
        frame = pd.read_parquet(out)
    assert list(frame.columns) == [
        "row", "path", "credibility", "label", "top_cues", "error", "notes",
    ]  # fmt: skip
    names = sorted(path.name for path in page_folder.iterdir() if path.is_file())
    expected_paths = [str(page_folder / name) for name in names if name != "notes.txt"]
    assert list(frame["path"]) == expected_paths
    assert list(frame["row"]) == list(range(5))
    for path, credibility, label in zip(
        frame["path"], frame["credibility"], frame["label"], strict=True
    ):
        expected = scorer.score_html(Path(path).read_bytes())
        assert label == expected.label
        if not math.isnan(expected.credibility):
            assert credibility == pytest.approx(expected.credibility, rel=1e-12)


def test_a_page_file_prints_like_a_text_file(sample_model_dir: Path, capsys) -> None:
    page = PAGES / "wordpress_fluoride_vote.html"
    assert main(["score", str(page), "--model", str(sample_model_dir)]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("credibility ")
    assert "residue[" in out and "page_boilerplate" in out


def test_one_page_with_an_output_file_is_a_one_row_table(
    tmp_path: Path, sample_model_dir: Path, scorer: Scorer
) -> None:
    page, out = PAGES / "scraped_ceasefire_talks.html", tmp_path / "one.jsonl"
    url = "https://copies.example/ceasefire"
    code = main(
        ["score", str(page), "-o", str(out), "--url", url, "--model", str(sample_model_dir)]
    )
    assert code == EXIT_OK
    [row] = [json.loads(line) for line in out.read_text().splitlines()]
    assert (row["row"], row["path"]) == (0, str(page))
    assert row["credibility"] == scorer.score_html(page.read_bytes(), url).credibility


def test_json_for_one_page_and_null_for_a_page_with_no_article(
    sample_model_dir: Path, capsys
) -> None:
    page = PAGES / "homepage_links.html"
    assert main(["score", str(page), "--json", "--model", str(sample_model_dir)]) == EXIT_OK
    result = json.loads(capsys.readouterr().out)  # strict JSON: null, not NaN
    assert result["label"] == "unknown" and result["credibility"] is None
    assert result["notes"][0].startswith("no article found on the page")


def test_a_page_on_standard_input(sample_model_dir: Path) -> None:
    html = (PAGES / "wire_rates_hold.html").read_text(encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "credscore", "score", "-", "--format", "html", "--json",
         "--model", str(sample_model_dir)],
        input=html, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == EXIT_OK, result.stderr
    assert json.loads(result.stdout)["label"] in ("reliable", "mixed", "unreliable", "unknown")


def test_an_unreadable_page_file_is_a_row_error_not_a_crash(tmp_path: Path) -> None:
    page = read_page_file(tmp_path)  # a folder cannot be read as a file
    assert page.html is None and page.error is not None
    assert page.columns == {"path": str(tmp_path)}


def test_chunks_do_not_change_the_rows(page_folder: Path, tmp_path: Path, scorer) -> None:
    from credscore.stream import iter_page_files

    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    stream_pages(iter_page_files(page_folder), str(small), "jsonl", scorer=scorer, chunk_size=2)
    stream_pages(iter_page_files(page_folder), str(large), "jsonl", scorer=scorer)
    assert small.read_text() == large.read_text()


# --- WARC files ----------------------------------------------------------------------------


def _write_warc(path: Path, records: list[tuple[str, str, bytes]]) -> Path:
    """(uri, content type, body) HTTP responses as a WARC file."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for uri, content_type, body in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_warc_is_one_row_per_html_record_with_its_target_uri(
    tmp_path: Path, sample_model_dir: Path, scorer: Scorer, name: str
) -> None:
    fringe = (PAGES / "wordpress_fluoride_vote.html").read_bytes()
    wire = (PAGES / "wire_rates_hold.html").read_bytes()
    warc = _write_warc(
        tmp_path / name,
        [
            ("https://liberty-sentinel.example/fluoride", "text/html; charset=utf-8", fringe),
            ("https://liberty-sentinel.example/logo.png", "image/png", b"\x89PNG\r\n"),
            ("https://www.meridianwire.example/rates", "text/html", wire),
        ],
    )
    out = tmp_path / "scores.csv"
    code = main(["score", str(warc), "-o", str(out), "--model", str(sample_model_dir)])
    assert code == EXIT_OK
    frame = pd.read_csv(out)
    assert list(frame["url"]) == [
        "https://liberty-sentinel.example/fluoride",
        "https://www.meridianwire.example/rates",
    ]
    expected = scorer.score_html(fringe, "https://liberty-sentinel.example/fluoride")
    assert frame["credibility"][0] == pytest.approx(expected.credibility, rel=1e-12)
    assert any(cue["field"] == "residue" for cue in json.loads(frame["top_cues"][0]))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.warc", b"<html>not an archive</html>", "not a readable WARC"),
        ("x.warc", b"", "holds no web pages"),
        ("x.warc.gz", b"\x1f\x8b broken gzip", "not a readable WARC"),
        ("folder", None, "holds no web pages"),
    ],
)
def test_unusable_page_inputs_exit_2_and_say_why(
    tmp_path: Path, sample_model_dir: Path, capsys, name: str, content: bytes | None, message: str
) -> None:
    target = tmp_path / name
    if content is None:
        target.mkdir()
    else:
        target.write_bytes(content)
    code = main(["score", str(target), "--model", str(sample_model_dir)])
    assert code == EXIT_INPUT
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("name", ["absent.html", "absent.warc.gz"])
def test_a_missing_page_or_archive_exits_2_with_its_name(
    tmp_path: Path, sample_model_dir: Path, capsys, name: str
) -> None:
    code = main(["score", str(tmp_path / name), "--model", str(sample_model_dir)])
    assert code == EXIT_INPUT
    assert f"{name}: no such file" in capsys.readouterr().err


def test_a_title_is_refused_for_a_page(sample_model_dir: Path, capsys) -> None:
    page = PAGES / "wire_rates_hold.html"
    code = main(["score", str(page), "--title", "Other", "--model", str(sample_model_dir)])
    assert code == EXIT_INPUT
    assert "--title is for text files" in capsys.readouterr().err


def test_a_row_that_cannot_be_read_makes_exit_1(
    tmp_path: Path, sample_model_dir: Path, monkeypatch, capsys
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(PAGES / "wire_rates_hold.html", folder / "a.html")
    shutil.copy(PAGES / "wire_rates_hold.html", folder / "b.html")
    real_open = open

    def refuse_b(path, *args, **kwargs):
        if str(path).endswith("b.html"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse_b)
    out = tmp_path / "scores.csv"
    code = main(["score", str(folder), "-o", str(out), "--model", str(sample_model_dir)])
    monkeypatch.undo()
    assert code == EXIT_ROWS
    frame = pd.read_csv(out)
    assert plain(frame["error"]) == [None, "cannot read the file: Permission denied"]
    assert "1 of 2 rows could not be scored" in capsys.readouterr().err


def test_without_the_html_extra_a_page_exits_2_naming_the_extra(sample_model_dir: Path) -> None:
    code = (
        "import sys; sys.modules['trafilatura'] = None\n"
        "from credscore.cli import main\n"
        f"sys.exit(main(['score', {str(PAGES / 'wire_rates_hold.html')!r}, "
        f"'--model', {str(sample_model_dir)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == EXIT_INPUT
    assert 'pip install "credscore[html]"' in result.stderr
