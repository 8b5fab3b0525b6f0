"""Links to primary sources: government and court sites, DOIs, PubMed, arXiv, WHO, the EU.

A story that links the ruling, the study or the official statement lets the reader check
it; rumour sites link each other. The host is read with tldextract's bundled public
suffix list (offline), so "gov" in a path or in another site's name ("evil.com/gov.uk",
"govtrack-news.com", "who.int.example.com") does not count.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import tldextract

from credscore.article import Article
from credscore.cue import Cue

KIND = "primary_link"
DIRECTION = +1

# Labels that mark a government public suffix: .gov, .mil, gov.uk, gov.au, gc.ca, gouv.fr,
# gob.mx, go.jp, govt.nz, gv.at, gub.uy.
_GOVERNMENT_LABELS = frozenset({"gov", "mil", "govt", "gouv", "gob", "go", "gc", "gv", "gub"})
# Registered domains of primary records that sit outside government suffixes: DOI resolver,
# court records, intergovernmental bodies, preprint servers.
_PRIMARY_DOMAINS = frozenset(
    {
        "doi.org",
        "courtlistener.com",
        "europa.eu",
        "un.org",
        "arxiv.org",
        "medrxiv.org",
        "biorxiv.org",
        "canada.ca",
    }
)
_HOST = re.compile(r"(?:https?://)?([^/?#\s:@]+)", re.IGNORECASE)


@cache
def _extractor() -> tldextract.TLDExtract:
    """tldextract with its bundled suffix list only: no download, no cache directory."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


# Bounded: hosts repeat across articles, but a corpus can hold many thousands of them.
@lru_cache(maxsize=4096)
def primary_kind(host: str) -> str | None:
    """What primary source a host is, as a phrase for the message, or None if it is not one."""
    try:
        parts = _extractor().extract_str(host)
    except Exception:  # an odd host string must give no finding, never an error
        return None
    suffix_labels = parts.suffix.split(".") if parts.suffix else []
    if not suffix_labels:
        return None
    if any(label in _GOVERNMENT_LABELS for label in suffix_labels):
        return "a government site"
    if suffix_labels == ["int"]:  # .int is reserved for treaty organisations (who.int)
        return "an intergovernmental body's site"
    if f"{parts.domain}.{parts.suffix}" in _PRIMARY_DOMAINS:
        return "a primary record (DOI, court record, preprint or official body)"
    return None


def find(article: Article) -> list[Cue]:
    """One cue per link whose host is a government, court, intergovernmental or DOI site."""
    text = article.text
    cues = []
    for start, end in article.links:
        host_match = _HOST.match(text, start, end)
        if host_match is None:
            continue
        host = host_match.group(1).lower().rstrip(".")
        kind = primary_kind(host)
        if kind is None:
            continue
        cues.append(
            article.cue(
                KIND,
                "text",
                start,
                end,
                f"The article links {kind}, {host}, a primary source a reader can check.",
            )
        )
    return cues
