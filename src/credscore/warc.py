"""Read the HTML pages stored in a web archive (``.warc`` or ``.warc.gz``) with warcio.

A crawl or a web archive keeps every HTTP response of a visit: the article page, but also
its images, scripts and redirects. Only responses that are HTML are pages to score.

Needs the ``html`` extra (``pip install "credscore[html]"``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import import_module
from typing import Any, NamedTuple

from credscore.page import MAX_PAGE_SIZE

#: File name endings of web archives.
WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz")
_INSTALL_HINT = 'reading web archives needs the html extra: pip install "credscore[html]"'
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class WarcPage(NamedTuple):
    """One HTML response record of a web archive."""

    target_uri: str
    """The URL the page was fetched from (the record's WARC-Target-URI)."""
    html: bytes
    """The response body, transfer and content encodings removed, at most one byte over
    :data:`~credscore.page.MAX_PAGE_SIZE` (so :func:`~credscore.page.read_page` notes the cut)."""
    content_type: str
    """The response's Content-Type header, charset included when the server sent one."""


def iter_warc_pages(path: str | os.PathLike[str]) -> Iterator[WarcPage]:
    """Each HTML response (or resource) record of a WARC file, in file order.

    Records that are not HTML (images, scripts, requests, metadata, revisits) are skipped.
    A file that is not a WARC raises ``ValueError`` naming it.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    try:
        archive = import_module("warcio.archiveiterator")
        exceptions = import_module("warcio.exceptions")
    except ImportError as err:
        raise ImportError(f"{_INSTALL_HINT} (warcio is missing)") from err
    with open(path, "rb") as stream:
        try:
            for record in archive.ArchiveIterator(stream):
                # warcio also reads the older ARC format, and takes any first line with five
                # fields for an ARC header: an HTML file would come out as one odd record.
                if record.format != "warc":
                    raise exceptions.ArchiveLoadFailed(f"found a {record.format} record")
                page = _html_page(record)
                if page is not None:
                    yield page
        except exceptions.ArchiveLoadFailed as err:
            message = f"path {os.fspath(path)!r} is not a readable WARC file: {err}"
            raise ValueError(message) from err


def _html_page(record: Any) -> WarcPage | None:
    """The record as a page if it is an HTML response or resource, else None."""
    kind = record.rec_type
    if kind == "response":
        headers = record.http_headers
        content_type = headers.get_header("Content-Type") if headers is not None else None
    elif kind == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    if not content_type or content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    body = record.content_stream().read(MAX_PAGE_SIZE + 1)
    return WarcPage(uri, body, content_type)
