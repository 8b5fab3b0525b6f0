"""Everything credscore knows about URLs, in one place: hosts, sites and kinds of link.

* :func:`parse_host` finds the host of a URL (with its span) the way a browser does:
  ``https://a@reuters.com@evil-site.com/`` goes to ``evil-site.com``, after the last ``@``
  of the authority. Odd input (no scheme, IP addresses, ports, junk, empty strings) gives
  ``None``, never an exception.
* :func:`registered_domain` and :func:`site_domain` name the site behind a URL.
* :func:`link_category` sorts a host into ``shortener``, ``social``, ``primary`` or
  ``other`` from the one list of shorteners (:data:`SHORTENER_DOMAINS`), of social
  platforms (:data:`SOCIAL_DOMAINS`) and the one rule for primary sources
  (:func:`primary_source`), so the ``primary_link`` cue and the link profile agree by
  construction.

Parsing never touches the network: the public-suffix list is the snapshot bundled with
tldextract (``suffix_list_urls=()``) and nothing is cached on disk (``cache_dir=None``);
the module holds the package's only ``TLDExtract``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

import tldextract

# Scheme (only when followed by "//"), optional user information up to the *last* "@"
# before the path (as browsers read it), then the host, which stops at the first character
# that cannot be part of one.
_HOST_RE = re.compile(
    r"""\s*
    (?:(?:[a-z][a-z0-9+.\-]{0,30}:)?//)?
    (?:[^\s/?#\\]{0,256}@)?
    (?P<host>\[[^\]\s/]*\]?|[^\s/?#:@\\\[\]<>"'|{}^`]+)""",
    re.IGNORECASE | re.VERBOSE,
)
_IPV4_RE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
# One DNS label: letters (any script, for IDN hosts), digits, hyphen, underscore.
_LABEL_RE = re.compile(r"[^\W_][\w\-]{0,62}|_[\w\-]{0,62}")
_WWW_RE = re.compile(r"www\d{0,3}\.")
# RFC 1035: a host name is at most 253 characters; longer strings are junk, not hosts.
_MAX_HOST = 253

#: User-content platforms: each site lives one label below the platform's domain, so the
#: platform's own reputation says nothing about ``someone.wordpress.com``.
PLATFORM_DOMAINS: frozenset[str] = frozenset(
    {
        "blogspot.com",
        "blogger.com",
        "wordpress.com",
        "substack.com",
        "medium.com",
        "tumblr.com",
        "weebly.com",
        "wixsite.com",
        "github.io",
        "livejournal.com",
        "typepad.com",
        "squarespace.com",
        "webflow.io",
        "netlify.app",
        "herokuapp.com",
        "wikia.com",
        "fandom.com",
        "over-blog.com",
        "jimdo.com",
        "ghost.io",
    }
)


class Host(NamedTuple):
    """The host of a URL, normalised, with where it sits in the original string.

    A named tuple rather than a frozen dataclass: it is built for every link of every
    article, and tuple construction is several times cheaper.
    """

    name: str
    """Lower-case host without ``www.`` or trailing dots (``edition.cnn.com``)."""
    start: int
    """Offset of the host's first character in the URL."""
    end: int
    """Offset one past the host's last character in the URL."""
    registered: str
    """Registered domain under the public suffix list (``cnn.com``)."""
    label: str
    """The label just left of the public suffix (``cnn``)."""
    suffix: str
    """The public suffix (``com``, ``co.uk``)."""
    site: str
    """The site: the registered domain, or one label deeper on a user-content platform."""


@cache
def _extractor() -> tldextract.TLDExtract:
    """The one offline extractor, built on first use (not at import)."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=8192)
def _split_host(host: str) -> tuple[str, str, str] | None:
    """(subdomain, label, suffix) of a normalised host, or None without a public suffix."""
    parts = _extractor().extract_str(host)
    if parts.domain and parts.suffix:
        return parts.subdomain, parts.domain, parts.suffix
    if not parts.domain and parts.suffix and "." in host:
        # The host is itself a public suffix that is also a site (nhs.uk, altoadige.it).
        label, _, suffix = host.partition(".")
        return "", label, suffix
    return None


def _normalise(raw: str) -> str | None:
    """A lower-case host name, or None when the string cannot be one."""
    host = raw.rstrip(".").lower()
    if not host or len(host) > _MAX_HOST or host.startswith("[") or _IPV4_RE.fullmatch(host):
        return None
    www = _WWW_RE.match(host)
    if www:
        host = host[www.end() :]
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL_RE.fullmatch(label) for label in labels):
        return None
    return host


@lru_cache(maxsize=16384)
def _host_parts(raw: str) -> tuple[str, str, str, str, str] | None:
    """(name, registered, label, suffix, site) of a host as written; memoised per string."""
    name = _normalise(raw)
    if name is None:
        return None
    try:
        split = _split_host(name)
    except Exception:  # a malformed IDN label can trip the idna codec inside tldextract
        return None
    if split is None:
        return None
    subdomain, label, suffix = split
    registered = f"{label}.{suffix}"
    site = registered
    if registered in PLATFORM_DOMAINS and subdomain:
        site = f"{subdomain.rsplit('.', 1)[-1]}.{registered}"
    return name, registered, label, suffix, site


def parse_host(url: object, start: int = 0, end: int | None = None) -> Host | None:
    """The host of ``url`` (or of ``url[start:end]``, spans then index ``url``) or None."""
    if not isinstance(url, str) or not url:
        return None
    end = len(url) if end is None else end
    if end - start > 4096:
        return None
    match = _HOST_RE.match(url, start, end)
    if match is None:
        return None
    host_start, host_end = match.span("host")
    raw = url[host_start:host_end]
    if raw.endswith("."):
        stripped = raw.rstrip(".")
        host_end -= len(raw) - len(stripped)
        raw = stripped
    parts = _host_parts(raw)
    if parts is None:
        return None
    name, registered, label, suffix, site = parts
    return Host(name, host_start, host_end, registered, label, suffix, site)


def registered_domain(url: object) -> str | None:
    """The registered domain of a URL (``https://edition.cnn.com/x`` -> ``cnn.com``), or None."""
    host = parse_host(url)
    return host.registered if host else None


def site_domain(url: object) -> str | None:
    """Like :func:`registered_domain`, but ``someone.wordpress.com`` stays whole."""
    host = parse_host(url)
    return host.site if host else None


# --------------------------------------------------------------------------- kinds of link

#: Link shorteners: generic services, and outlets' own short-link domains (``cnn.it``),
#: which say who published but hide where the link goes. One list for the whole package.
SHORTENER_DOMAINS: frozenset[str] = frozenset(
    {"bit.ly", "bitly.com", "goo.gl", "tinyurl.com", "t.co", "ow.ly", "buff.ly", "is.gd",
     "tiny.cc", "shorturl.at", "rebrand.ly", "cutt.ly", "lnkd.in", "dlvr.it", "ift.tt",
     "trib.al", "fb.me", "j.mp", "v.gd", "qr.ae", "shorte.st", "adf.ly", "soo.gd", "t.ly",
     # outlets' own
     "cnn.it", "bbc.in", "nyti.ms", "wapo.st", "reut.rs", "apne.ws", "abcn.ws", "politi.co",
     "n.pr", "cbsn.ws", "nbcnews.to", "fxn.ws", "usat.ly", "on.wsj.com", "bloom.bg",
     "aje.io", "gu.com", "econ.st", "on.ft.com", "nyp.st", "hill.cm", "cnb.cx", "huff.to"}
)  # fmt: skip

#: Social, video and messaging platforms: a link there points at a post, not a publisher.
SOCIAL_DOMAINS: frozenset[str] = frozenset(
    {"t.me", "telegram.me", "telegram.org", "gab.com", "gab.ai", "rumble.com", "bitchute.com",
     "facebook.com", "fb.com", "twitter.com", "x.com", "youtube.com", "youtu.be",
     "instagram.com", "tiktok.com", "vk.com", "parler.com", "gettr.com", "truthsocial.com",
     "minds.com", "odysee.com", "brighteon.com", "whatsapp.com", "wa.me", "reddit.com",
     "4chan.org", "linkedin.com", "pinterest.com", "vimeo.com", "dailymotion.com",
     "mewe.com", "snapchat.com", "threads.net", "bsky.app", "weibo.com"}
)  # fmt: skip

# Labels of a public suffix that only governments register: .gov, .mil, gov.uk, gov.au,
# gc.ca, gouv.fr, gob.mx, go.jp, govt.nz, gv.at, gub.uy.
_GOVERNMENT_LABELS = frozenset({"gov", "mil", "govt", "gouv", "gob", "go", "gc", "gv", "gub"})
# Labels of a public suffix that only universities and research institutes register.
_ACADEMIC_LABELS = frozenset({"edu", "ac"})
# Primary records and official bodies outside those suffixes: intergovernmental bodies,
# DOI and preprint servers, court records, a government on a plain domain.
_PRIMARY_DOMAINS: dict[str, str] = {
    "doi.org": "a research record (DOI)",
    "arxiv.org": "a preprint server",
    "medrxiv.org": "a preprint server",
    "biorxiv.org": "a preprint server",
    "ssrn.com": "a preprint server",
    "courtlistener.com": "a court record",
    "un.org": "an intergovernmental body's site",
    "europa.eu": "an intergovernmental body's site",
    "oecd.org": "an intergovernmental body's site",
    "imf.org": "an intergovernmental body's site",
    "worldbank.org": "an intergovernmental body's site",
    "canada.ca": "a government site",
}


@lru_cache(maxsize=4096)
def _suffix_labels(registered: str, suffix: str) -> list[str]:
    """The labels of the public suffix, or of the whole site when the site is itself one
    (``gov.uk``, ``nhs.uk``: see :func:`_split_host`)."""
    if not _extractor().extract_str(registered).domain:
        return registered.split(".")
    return suffix.split(".")


def primary_source(host: Host) -> str | None:
    """What kind of primary source a host is, as a phrase for a message, or None.

    Government, military, university and intergovernmental sites (read from the public
    suffix, so ``gov`` in a path or in another site's name does not count), DOIs, preprint
    servers and court records: places a reader can check a claim at its origin.
    """
    labels = _suffix_labels(host.registered, host.suffix)
    if any(label in _GOVERNMENT_LABELS for label in labels):
        return "a government site"
    if labels == ["int"]:  # .int is reserved for treaty organisations (who.int)
        return "an intergovernmental body's site"
    if any(label in _ACADEMIC_LABELS for label in labels):
        return "a university or research institute's site"
    return _PRIMARY_DOMAINS.get(host.registered)


def link_category(host: Host) -> str:
    """``shortener``, ``social``, ``primary`` or ``other`` for a parsed host."""
    if host.registered in SHORTENER_DOMAINS or host.name in SHORTENER_DOMAINS:
        return "shortener"
    if host.registered in SOCIAL_DOMAINS:
        return "social"
    if primary_source(host) is not None:
        return "primary"
    return "other"
