"""Look-alike domains: sites whose address imitates a well-known outlet's.

Fake-news sites borrow trust by resembling a real outlet's address (``abcnews.com.co``,
``cnn-breaking24.info``, ``reuter.com``, ``nytimes.com.breaking-news.xyz``). The team keeps
a list of real outlets' domains (``_data/known_outlets.csv``); a host is a look-alike when it
is *not* one of them (nor below one) and its name copies one in one of these ways:

* ``suffix``: the brand with a mimicking ending (``abcnews.com.co``, ``washingtonpost.co``,
  ``nytimes.info``);
* ``embedded``: the outlet's whole domain inside another site's address
  (``cnn.com.de``, ``nytimes.com.breaking-news.xyz``);
* ``decorated``: the brand plus news words or digits (``cnn-news24.info``, ``bbc-breaking.net``);
* ``typo``: one edit away from a brand of at least 5 letters (``reuter.com``, ``nytimess.com``);
* ``homoglyph``: the same letters after undoing confusable characters and punycode
  (``xn--...``, ``rn`` for ``m``, ``0`` for ``o``, ``1`` for ``l``).
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz.distance import OSA

from credscore.cues._lexicon import zipf
from credscore.urls import SHORTENER_DOMAINS, Host

# Endings that make a brand look like its ".com" address. National editions (co.uk, com.au)
# are real, so only these known imitation endings count.
_MIMIC_SUFFIX = frozenset({"com.co", "co.com", "com.de", "net.co", "co.co", "org.co", "us.com"})
# One edit of ".com" that typo-squatters register (Colombia, Cameroon, Oman; "con").
_TYPO_COM = frozenset({"co", "cm", "om", "con", "cmo", "comm", "cpm"})
# Cheap new endings favoured by throwaway sites; a brand on them is not the outlet.
_CHEAP_SUFFIX = frozenset(
    {"info", "xyz", "top", "online", "site", "news", "live", "club", "buzz", "press",
     "website", "today", "icu", "space", "world", "life", "media", "tv", "ws", "su"}
)  # fmt: skip
# Words a fake site strings onto a brand ("cnn-news24", "bbcbreaking").
_NEWS_WORDS = frozenset(
    {"news", "breaking", "break", "live", "today", "daily", "now", "report", "reports",
     "world", "online", "update", "updates", "tv", "media", "post", "times", "headline",
     "headlines", "alert", "alerts", "us", "usa", "uk", "hd", "trending", "trend", "network",
     "info", "hub", "press", "official", "real", "latest", "politics", "global", "america",
     "com", "co", "net", "org", "the", "new", "24", "247"}
)  # fmt: skip
# Minimum brand length for one-edit typos. Short names have many real one-edit neighbours:
# run over Lin et al.'s 11.5k rated domains, 6-letter brands flagged real sites (panews.com,
# amnews.com for apnews; nycpost.pro for nypost), 7+ letters flagged only imitations.
_MIN_TYPO_BRAND = 7
_DIGITS = re.compile(r"\d+")
_TRAILING_DIGITS = re.compile(r"\d+$")

# Confusable characters folded to the Latin letter they imitate.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i",
        "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g",
        "α": "a", "ο": "o", "ν": "v", "ρ": "p", "τ": "t", "ι": "i", "κ": "k", "ε": "e",
        "0": "o", "1": "l", "3": "e", "5": "s", "|": "l", "ı": "i",
    }
)  # fmt: skip
_MULTI_CONFUSABLES = (("rn", "m"), ("vv", "w"), ("cl", "d"))


@dataclass(frozen=True, slots=True)
class Outlet:
    """A real outlet's domain from the team's list."""

    domain: str
    """The real domain (``abcnews.go.com``)."""
    name: str
    """How readers know it (``ABC News``)."""
    brand: str
    """The first label, which look-alikes copy (``abcnews``)."""
    distinctive: bool
    """Whether typos and news-word decorations of the brand are flagged (not for "time")."""


@dataclass(frozen=True, slots=True)
class Lookalike:
    """Why a host was judged to imitate an outlet."""

    outlet: Outlet
    """The outlet imitated."""
    how: str
    """``suffix``, ``embedded``, ``decorated``, ``typo`` or ``homoglyph``."""


@dataclass(frozen=True, slots=True)
class _OutletList:
    outlets: tuple[Outlet, ...]
    real: frozenset[str]


@cache
def _outlet_list() -> _OutletList:
    """The team's list of real outlets, read once from package data."""
    text = resources.files("credscore.source").joinpath("_data/known_outlets.csv")
    rows = text.read_text(encoding="utf-8").splitlines()
    outlets: list[Outlet] = []
    real: set[str] = set(SHORTENER_DOMAINS)  # outlets' own short links are real too
    for row in csv.DictReader(line for line in rows if not line.startswith("#")):
        domain = row["domain"].strip().lower()
        kind = row["kind"].strip()
        real.add(domain)
        if kind == "outlet":
            brand = domain.split(".", 1)[0]
            outlets.append(Outlet(domain, row["name"].strip(), brand, row["distinctive"] == "1"))
    return _OutletList(tuple(outlets), frozenset(real))


def _is_common_word(label: str) -> bool:
    """An ordinary English word (politics, routers) is its own name, not a typo of a brand.

    Zipf >= 3 (about once per million words) separates the words seen among Lin et al.'s
    rated domains that the typo rule hit (politics 4.9, routers 3.0) from squatted typos
    (reuter 2.4, nytimess 0). The table is the one the misspelling and name cues read
    (loaded once per process, when a typo is first found here or a rare word there), not a
    second copy through ``wordfreq.zipf_frequency``.
    """
    return zipf(label) >= 3.0


def _is_real(host: Host) -> bool:
    """True when the host is a listed real domain or sits below one."""
    real = _outlet_list().real
    name = host.name
    while True:
        if name in real:
            return True
        if "." not in name:
            return False
        name = name.split(".", 1)[1]


def skeleton(label: str) -> str:
    """The label with punycode decoded, accents dropped and look-alike characters folded."""
    if label.startswith("xn--"):
        try:
            label = codecs.decode(label[4:].encode("ascii"), "punycode")
        except (UnicodeError, ValueError):
            return label
    folded = unicodedata.normalize("NFKD", label.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.translate(_CONFUSABLES)
    for pair, letter in _MULTI_CONFUSABLES:
        folded = folded.replace(pair, letter)
    return folded


def other_spelling(host_name: str) -> str | None:
    """The host in punycode when it holds Unicode letters, in Unicode when it holds punycode.

    A reader cannot tell ``bbс.com`` (Cyrillic "с") from ``bbc.com``; its punycode,
    ``xn--bb-pmc.com``, shows the difference. None for a plain ASCII host.
    """
    labels = host_name.lower().split(".")
    if all(label.isascii() and not label.startswith("xn--") for label in labels):
        return None
    other = []
    for label in labels:
        if not label.isascii():
            label = "xn--" + label.encode("punycode").decode("ascii")
        elif label.startswith("xn--"):
            try:
                label = codecs.decode(label[4:].encode("ascii"), "punycode")
            except (UnicodeError, ValueError):
                return None
        other.append(label)
    return ".".join(other)


def _decorated(label: str, brand: str) -> bool:
    """The brand plus news words or digits: cnn-news24, bbc-breaking, cnnews3, foxnews24."""
    if label == brand:
        return False
    tokens = [token for token in label.split("-") if token]
    if len(tokens) > 1:
        if "".join(tokens) == brand:  # fox-news, washington-post
            return True
        words = [_DIGITS.sub("", token) for token in tokens]
        if brand in words:
            return all(word in _NEWS_WORDS or not word for word in words if word != brand)
    bare = _TRAILING_DIGITS.sub("", label.replace("-", ""))
    if bare == brand:  # cnn24, nytimes1 (not abc7news: digits inside are local TV channels)
        return True
    if not bare.startswith(brand[:-1]) and not bare.endswith(brand):
        return False
    for word in _NEWS_WORDS:
        if bare in (brand + word, word + brand) or (
            word[0] == brand[-1] and bare == brand[:-1] + word  # cnnews = cnn + news
        ):
            return True
    return False


@lru_cache(maxsize=4096)
def _match_label(label: str, suffix: str, subdomain: str) -> Lookalike | None:
    outlets = _outlet_list().outlets
    labels = [*subdomain.split("."), label, *suffix.split(".")] if subdomain else []
    for outlet in outlets:
        if labels:
            real_labels = outlet.domain.split(".")
            width = len(real_labels)
            for index in range(len(labels) - width):
                if labels[index : index + width] == real_labels:
                    return Lookalike(outlet, "embedded")
    exact_brand = False
    for outlet in outlets:
        brand = outlet.brand
        if label == brand:
            exact_brand = True
            real_suffix = outlet.domain.split(".", 1)[1]
            if suffix != real_suffix and (
                suffix in _MIMIC_SUFFIX
                or suffix in _CHEAP_SUFFIX
                or (real_suffix == "com" and suffix in _TYPO_COM)
            ):
                return Lookalike(outlet, "suffix")
            continue
        if (
            outlet.distinctive
            and len(brand) >= 3
            and brand[:2] in label
            and _decorated(label, brand)
        ):
            return Lookalike(outlet, "decorated")
    if exact_brand:  # a brand's own name on another ending: only the suffix rule applies
        return None
    folded = skeleton(label)
    for outlet in outlets:
        if folded != label and folded == skeleton(outlet.brand):
            return Lookalike(outlet, "homoglyph")
    for outlet in outlets:
        brand = outlet.brand
        if (
            outlet.distinctive
            and len(brand) >= _MIN_TYPO_BRAND
            and abs(len(label) - len(brand)) <= 1
            and OSA.distance(label, brand, score_cutoff=1) <= 1
            and not any(ch.isdigit() for ch in label)  # abc7news: a local TV channel
            and not _is_common_word(label)
        ):
            return Lookalike(outlet, "typo")
    return None


def find_lookalike(host: Host) -> Lookalike | None:
    """The outlet ``host`` imitates, or None for real outlets and unrelated sites."""
    if _is_real(host):
        return None
    label = host.site.split(".", 1)[0] if host.site != host.registered else host.label
    suffix = host.suffix
    subdomain = host.name[: -len(host.registered) - 1] if host.name != host.registered else ""
    return _match_label(label, suffix, subdomain)
