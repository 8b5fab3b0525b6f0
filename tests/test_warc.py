"""iter_warc_pages: the HTML responses of a web archive, on a WARC the test writes itself."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("warcio", reason='needs the html extra: pip install "credscore[html]"')

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from credscore.page import MAX_PAGE_SIZE, read_page
from credscore.warc import WarcPage, iter_warc_pages

_STORY = (
    "<p>The regional rail operator said on Thursday that weekend services on the coast line "
    "would run to a reduced timetable for six weeks while a bridge is strengthened.</p>"
    "<p>Replacement buses will run between the two stations either side of the bridge, and "
    "passengers were told to allow an extra forty minutes for their journeys.</p>"
    "<p>The operator said the work had been planned for two years and could not be moved to "
    "the winter, when storms make work on the estuary too dangerous for the crews.</p>"
)
_ARTICLE_HTML = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Coast line works</title>"
    f"</head><body><article><h1>Coast line works</h1>{_STORY}</article>"
    "<footer>© Coast Rail News</footer></body></html>"
).encode()


def _write_warc(path: Path, *, gzip: bool, records: list[tuple]) -> None:
    """Write (record type, uri, content type, body[, status]) records as a WARC file."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for kind, uri, content_type, body, *status in records:
            if kind == "response":
                http_headers = StatusAndHeaders(
                    status[0] if status else "200 OK",
                    [("Content-Type", content_type)],
                    protocol="HTTP/1.1",
                )
                record = writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), http_headers=http_headers
                )
            else:
                record = writer.create_warc_record(
                    uri, kind, payload=io.BytesIO(body), warc_content_type=content_type
                )
            writer.write_record(record)


_RECORDS = [
    ("response", "https://coastrail.example/news/works", "text/html; charset=utf-8", _ARTICLE_HTML),
    ("response", "https://coastrail.example/img/bridge.jpg", "image/jpeg", b"\xff\xd8\xff\xe0"),
    ("response", "https://coastrail.example/app.js", "application/javascript", b"var x = 1;"),
    ("request", "https://coastrail.example/news/works", "application/http; msgtype=request",
     b"GET /news/works HTTP/1.1\r\nHost: coastrail.example\r\n\r\n"),
    ("metadata", "https://coastrail.example/news/works", "application/warc-fields", b"via: x\r\n"),
    ("resource", "file:///saved/page.xhtml", "application/xhtml+xml", _ARTICLE_HTML),
    ("response", "https://coastrail.example/missing", "text/html", b"<h1>Not found</h1>",
     "404 Not Found"),
]  # fmt: skip


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_only_html_records_are_pages(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"crawl{suffix}"
    _write_warc(path, gzip=suffix.endswith(".gz"), records=_RECORDS)
    pages = list(iter_warc_pages(path))
    assert pages == [
        WarcPage("https://coastrail.example/news/works", _ARTICLE_HTML, "text/html; charset=utf-8"),
        WarcPage("file:///saved/page.xhtml", _ARTICLE_HTML, "application/xhtml+xml"),
        WarcPage("https://coastrail.example/missing", b"<h1>Not found</h1>", "text/html"),
    ]
    uri, html, content_type = pages[0]
    page = read_page(html, url=uri, content_type=content_type)
    assert page.title == "Coast line works"
    assert page.url == "https://coastrail.example/news/works"
    assert "forty minutes" in page.text
    assert page.residue == "© Coast Rail News"


def test_a_huge_record_is_read_only_up_to_the_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.warc"
    body = b"<html><body>" + b" " * (2 * MAX_PAGE_SIZE) + b"</body></html>"
    _write_warc(path, gzip=False, records=[("response", "https://x.example/", "text/html", body)])
    (page,) = iter_warc_pages(str(path))
    # One byte over the limit, so that read_page notes the cut.
    assert page.html == body[: MAX_PAGE_SIZE + 1]


@pytest.mark.parametrize(
    "content",
    [_ARTICLE_HTML, b"<html>one line</html>", b"plain text\nover two lines\n", b"\x00\x01\x02"],
)
def test_a_file_that_is_not_a_warc_is_refused_by_name(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=r"path '.*page\.html' is not a readable WARC file"):
        list(iter_warc_pages(path))


def test_the_path_must_be_a_path() -> None:
    with pytest.raises(TypeError, match=r"path must be a str or os\.PathLike, got bytes"):
        list(iter_warc_pages(b"crawl.warc"))  # type: ignore[arg-type]
