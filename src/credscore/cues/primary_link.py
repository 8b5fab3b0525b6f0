"""Links to primary sources: government and court sites, DOIs, preprints, the WHO, the EU.

A story that links the ruling, the study or the official statement lets the reader check
it; rumour sites link each other. What counts as a primary source is decided by
:func:`credscore.urls.primary_source`, read from the host's public suffix (offline), so
"gov" in a path or in another site's name ("evil.com/gov.uk", "govtrack-news.com",
"who.int.example.com", "www.cdc.gov@evil-site.com") does not count. On a web page, a link
behind anchor text ("the ruling") counts too, with the anchor text as its evidence.
"""

from __future__ import annotations

from credscore.article import Article
from credscore.cue import Cue
from credscore.urls import parse_host, primary_source

KIND = "primary_link"
DIRECTION = +1


def find(article: Article) -> list[Cue]:
    """One cue per link whose host is a government, court, research or intergovernmental site."""
    text = article.text
    cues = []
    for start, end in article.links:
        host = parse_host(text, start, end)
        if host is None:
            continue
        kind = primary_source(host)
        if kind is None:
            continue
        cues.append(
            article.cue(
                KIND,
                "text",
                start,
                end,
                f"The article links {kind}, {host.name}, a primary source a reader can check.",
            )
        )
    for anchor in article.anchor_links:
        host = parse_host(anchor.href)
        kind = primary_source(host) if host is not None and anchor.start < anchor.end else None
        if host is None or kind is None:
            continue
        cues.append(
            article.cue(
                KIND,
                "text",
                anchor.start,
                anchor.end,
                f"The article links {kind}, {host.name}, a primary source a reader can check.",
            )
        )
    return cues
