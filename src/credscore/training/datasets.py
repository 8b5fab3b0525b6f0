"""Load the shared news collections, or a user's own table, into one schema.

Every loader returns a pandas DataFrame with the columns of :data:`SCHEMA`
(``text, title, url, domain, publisher, label, collection``) plus ``article_id``:

- ``label`` is 1 = reliable/real, 0 = unreliable/fake;
- ``domain`` is the registered domain of ``url`` (``uk.reuters.com`` -> ``reuters.com``),
  "" if there is no URL;
- ``publisher`` is the grouping key for evaluation: the outlet's name where the collection
  gives one, else its registered domain, never a random id unless nothing better exists;
- ``topic`` is one of :data:`TOPICS` ("" when unknown), shared across collections so a
  topic can be held out of training everywhere at once.

:func:`load_allsides` adds ``lean`` (AllSides' left/center/right label of the outlet) and
``rating`` (the outlet's Lin et al. 2023 quality score the label was derived from).

Loaders read the files in place and map them; they drop only rows whose label cannot be
mapped, and log how many. :func:`clean` removes scrape failures, aggregator rows and
duplicates and says what it dropped and why. Card for each collection: ``data/README.md``.

Part of the training side: scoring never imports it (it needs pandas).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from credscore.urls import link_category, parse_host

logger = logging.getLogger(__name__)

SCHEMA: tuple[str, ...] = ("text", "title", "url", "domain", "publisher", "label", "collection")
"""Columns every loader returns, in this order (``article_id`` and ``topic`` follow)."""

REQUIRED_USER_COLUMNS: tuple[str, ...] = ("text", "label")
"""Columns a user's own CSV/JSONL must have; ``title``, ``url``, ``publisher`` are optional."""

#: The team-written labelled sample (``data/sample/articles.csv``, package data
#: ``credscore.sample``): the same file in a checkout and in an installed wheel.
SAMPLE_PATH = Path(str(resources.files("credscore.sample").joinpath("articles.csv")))

# Shared folder name and the file inside it, per collection.
_FILES: dict[str, tuple[str, str]] = {
    "recovery": ("recovery", "recovery_news_by_site.csv"),
    "fakenewsnet": ("fakenewsnet_v1", "fakenewsnet_v1_content.csv"),
    "coaid": ("coaid", "coaid_news.csv"),
    "fakenewscorpus": ("fakenewscorpus_sample", "news_sample.csv"),
    "perezrosas": ("perezrosas2018_fakenews", "perezrosas2018.csv"),
    "bbc": ("bbc_news_greene2006", "bbc_news.csv"),
    # The rated AllSides rows come in two parts; the first names the folder's loader.
    "allsides": ("allsides_baly2020", "allsides_rated_part1.csv"),
    "allsides_mixed": ("allsides_baly2020", "allsides_mixed_sample.csv"),
}

#: Topics shared by every collection, so leave-one-topic-out holds a topic out everywhere.
TOPICS: tuple[str, ...] = (
    "covid",
    "politics",
    "business",
    "tech_science",
    "sport",
    "entertainment",
    "celebrity",
    "health",
    "world",
    "environment",
    "education",
    "general",
)

# Each collection's own topic names -> TOPICS. Pérez-Rosas' news_domain, the BBC folders,
# AllSides' topic_group (allsides_baly2020/SOURCE.md); welfare and social security
# (24 AllSides rows) are too few for a topic of their own.
TOPIC_OF: dict[str, str] = {
    "biz": "business",
    "edu": "education",
    "entmt": "entertainment",
    "polit": "politics",
    "sports": "sport",
    "tech": "tech_science",
    "celebrity": "celebrity",
    "business": "business",
    "entertainment": "entertainment",
    "politics": "politics",
    "sport": "sport",
    "world": "world",
    "business_economy": "business",
    "health": "health",
    "environment_energy_disaster": "environment",
    "culture_religion_entertainment": "entertainment",
    "tech_science": "tech_science",
    "education": "education",
    "general_news": "general",
    "social_policy": "general",
}

# Unlabelled rows (AllSides' mixed-rating outlets) carry this label, so training refuses them.
UNRATED = -1

# Minimum body length kept by clean(). The shortest ReCOVery bodies (< 300 chars) are
# widgets, photo captions or teasers ("Switch to the dark mode…", "Click here…"); the
# shortest real articles start around 330 chars. Measured on recovery_news_by_site.csv.
MIN_TEXT_CHARS = 300

# Bodies that are a page the scraper hit instead of the article (consent walls, error
# pages, plug-in placeholders). Each was seen in the shared collections: Sputnik (27),
# FakeNewsNet ("Website is Down…", "Error 404", AdSense placeholder, ABC footer only),
# CoAID ("this website is using a security service…", "see more of X on facebook").
_SCRAPE_FAILURE_RE = re.compile(
    r"\A\W*(?:to improve the performance of our website"
    r"|website is down for maintenance"
    r"|this website is using (?:a )?security service"
    r"|see more of .{1,80}? on facebook"
    r"|switch to the dark mode"
    r"|o+ps\W*error 404"
    r"|your ads will be inserted here"
    r"|external links are provided for reference purposes"
    r"|press tv.s website can also be accessed)",
    re.IGNORECASE,
)

# ReCOVery labels "Drudge Report" unreliable, but its rows are links to other outlets
# (msn.com, theguardian.com, nbcnews.com, …): the text is not Drudge's. See recovery/SOURCE.md.
AGGREGATOR_PUBLISHERS = frozenset({"Drudge Report"})

# Sites a ReCOVery publisher owns besides its most frequent registered domain.
# Politico's European edition is its own site; naturalnewsblogs.com is Natural News'
# own blog network; The Lily was a Washington Post publication.
_RECOVERY_OWN_DOMAIN_ALIASES: dict[str, frozenset[str]] = {
    "Politico": frozenset({"politico.com", "politico.eu"}),
    "Natural News": frozenset({"naturalnews.com", "naturalnewsblogs.com"}),
    "The Washington Post": frozenset({"washingtonpost.com", "thelily.com"}),
}

# OpenSources categories (opensources/SOURCE.md) -> label. "political" sources give
# "generally verifiable information in support of certain points of view", so they count
# as reliable, like "reliable"; every other category is an unreliable kind of site.
# "unknown" and missing types are dropped.
OPENSOURCES_LABELS: dict[str, int] = {
    "reliable": 1,
    "political": 1,
    "fake": 0,
    "conspiracy": 0,
    "junksci": 0,
    "hate": 0,
    "unreliable": 0,
    "bias": 0,
    "satire": 0,
    "clickbait": 0,
    "rumor": 0,
    "state": 0,
}

# Spellings of labels accepted in a user's own table.
_LABEL_WORDS: dict[str, int] = {
    **dict.fromkeys(("1", "1.0", "true", "real", "reliable", "legit", "legitimate"), 1),
    **dict.fromkeys(("credible", "trustworthy"), 1),
    **dict.fromkeys(("0", "0.0", "false", "fake", "unreliable", "not reliable"), 0),
    **dict.fromkeys(("not credible", "untrustworthy", "misinformation"), 0),
}

# A run of characters that is UTF-8 read as Latin-1 ("â\x80\x99" for "’"); seen in 22
# ReCOVery bodies (Natural News, Pravda Report, The Washington Post).
_MOJIBAKE_RUN_RE = re.compile(r"[\xc2-\xf4][\x80-\xbf]{1,3}")
_NON_WORD_RE = re.compile(r"[\W_]+")
_COMBINING_MARK_RE = re.compile(r"[\u0300-\u036f]")
_TITLE_WORD_RE = re.compile(r"[^\W\d_]{4,}")
# The host of a URL without a public suffix (an IP address, "localhost"), after any scheme
# and user information.
_BARE_HOST_RE = re.compile(r"(?:[a-z][a-z0-9+.\-]*://)?(?:[^\s/?#]*@)?([^\s/?#:@]+)", re.I)


# ---------------------------------------------------------------------------- helpers


def registered_domain(url: object) -> str:
    """Registered domain of a URL (``https://uk.reuters.com/x`` -> ``reuters.com``), "" if none.

    The grouping key of the schema's ``domain`` column: :func:`credscore.urls.parse_host`'s
    registered domain, or the host itself when it has no public suffix (an IP address,
    ``localhost``), so such rows still group by their host.
    """
    if not isinstance(url, str) or not url.strip():
        return ""
    host = parse_host(url.strip())
    if host is not None:
        return host.registered
    match = _BARE_HOST_RE.match(url.strip())
    return match.group(1).lower().removeprefix("www.") if match else ""


def _is_shortened(url: str) -> bool:
    host = parse_host(url)
    return host is not None and link_category(host) == "shortener"


def _fix_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as Latin-1, run by run, leaving the rest alone."""
    if not _MOJIBAKE_RUN_RE.search(text):
        return text

    def repair(match: re.Match[str]) -> str:
        try:
            return match.group().encode("latin-1").decode("utf-8")
        except UnicodeError:
            return match.group()

    return _MOJIBAKE_RUN_RE.sub(repair, text)


def text_key(text: object) -> str:
    """Hash of a text normalised for duplicate detection across collections.

    Lower-cased, accents folded, punctuation and spacing removed, so a CoAID copy
    (lower-cased, punctuation stripped) matches the original article.
    """
    if not isinstance(text, str):
        text = ""
    folded = text.lower()
    if not folded.isascii():
        folded = _COMBINING_MARK_RE.sub("", unicodedata.normalize("NFKD", folded))
    normalised = _NON_WORD_RE.sub(" ", folded).strip()
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


def _strings(series: pd.Series) -> pd.Series:
    """A column as plain str, missing values as ""."""
    return series.astype("object").where(series.notna(), "").astype(str)


def _read_csv(path: Path, required: Iterable[str]) -> pd.DataFrame:
    """Read a CSV and check it has the columns a loader needs, naming the file if not."""
    frame = pd.read_csv(path)
    missing = [name for name in required if name not in frame.columns]
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {', '.join(map(repr, missing))}; "
            f"found {', '.join(map(str, frame.columns))}"
        )
    return frame


def _frame(
    *,
    text: pd.Series,
    title: pd.Series,
    url: pd.Series,
    publisher: pd.Series,
    label: pd.Series,
    collection: str,
    article_id: pd.Series,
    topic: pd.Series | str = "",
) -> pd.DataFrame:
    """Assemble the schema frame: strings cleaned of mojibake, domain derived from url."""
    out = pd.DataFrame(
        {
            "text": _strings(text).map(_fix_mojibake),
            "title": _strings(title).str.strip().map(_fix_mojibake),
            "url": _strings(url).str.strip(),
        }
    )
    out["domain"] = out["url"].map(registered_domain)
    out["publisher"] = _strings(publisher).str.strip().to_numpy()
    unknown = out["publisher"] == ""
    if unknown.any():
        # No publisher and no URL: each such row is its own group, so grouped evaluation
        # cannot keep its source apart; say so rather than invent a shared group.
        logger.warning(
            "%s: %d rows have neither publisher nor URL; each becomes its own group",
            collection,
            int(unknown.sum()),
        )
        out.loc[unknown, "publisher"] = f"unknown-{collection}-" + out.index[unknown].astype(str)
    out["label"] = pd.Series(label).astype("int64").to_numpy()
    out["collection"] = collection
    out["article_id"] = _strings(article_id).to_numpy()
    out["topic"] = topic if isinstance(topic, str) else _strings(topic).to_numpy()
    return out.reset_index(drop=True)


def _note_loader_drops(frame: pd.DataFrame, path: Path, counts: Mapping[str, int]) -> pd.DataFrame:
    """Record and log rows a loader could not map, so nothing disappears silently."""
    counts = {reason: int(n) for reason, n in counts.items() if n}
    frame.attrs["loader_dropped"] = counts
    if counts:
        logger.info("%s: loader dropped %s", path, counts)
    return frame


# ---------------------------------------------------------------------------- paths


def default_root() -> Path:
    """The shared data folder: the nearest ``shared/data`` beside the working directory or
    one of its parents (``../shared/data`` from a checkout, ``../../shared/data`` from its
    ``notebooks/``); ``$CREDSCORE_SHARED_DATA`` overrides it.
    """
    override = os.environ.get("CREDSCORE_SHARED_DATA")
    if override:
        return Path(override)
    here = Path.cwd()
    for folder in (here, *here.parents):
        candidate = folder.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return here.parent / "shared" / "data"


def _resolve(path: str | os.PathLike[str] | None, collection: str) -> Path:
    """The collection's file from a folder, the file itself, or the default root."""
    folder, filename = _FILES[collection]
    if path is None:
        path = default_root() / folder
    path = Path(path)
    file = path / filename if path.is_dir() else path
    if not file.is_file():
        raise FileNotFoundError(
            f"{file} not found: load_{collection} expects the shared '{folder}' folder "
            f"or its file {filename}"
        )
    return file


# ---------------------------------------------------------------------------- loaders


def load_recovery(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """ReCOVery (COVID-19 news, 2020): labels are per publisher (NewsGuard + MBFC).

    ``body_text`` -> text, ``reliability`` -> label, ``publisher`` kept as the group key.
    Run :func:`clean` before training: the raw file has consent walls, duplicates and
    aggregator rows.
    """
    file = _resolve(path, "recovery")
    raw = _read_csv(file, ("body_text", "reliability", "publisher", "url", "title"))
    frame = _frame(
        text=raw["body_text"],
        title=raw["title"],
        url=raw["url"],
        publisher=raw["publisher"],
        label=raw["reliability"],
        collection="recovery",
        topic="covid",
        article_id=_strings(raw["site_file"]) + ":" + _strings(raw["site_news_id"])
        if {"site_file", "site_news_id"} <= set(raw.columns)
        else raw.index.astype(str),
    )
    return _note_loader_drops(frame, file, {})


def load_fakenewsnet(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """FakeNewsNet v1 (BuzzFeed + PolitiFact, 2016–17): article-level fact-check labels.

    Shortened URLs (politi.co, cnn.it, abcn.ws, goo.gl) are replaced by the page's
    ``canonical_link`` when there is one, because the shortener alone gives away the class.
    ``publisher`` is the registered domain of the (resolved) URL.
    """
    file = _resolve(path, "fakenewsnet")
    raw = _read_csv(file, ("text", "label", "url", "title", "collection", "news_id"))
    labels = raw["label"].astype(str).str.strip().str.lower().map({"real": 1, "fake": 0})
    unmapped = labels.isna()
    raw, labels = raw[~unmapped], labels[~unmapped]

    url = _strings(raw["url"])
    canonical = _strings(raw["canonical_link"]) if "canonical_link" in raw else url
    shortened = url.map(_is_shortened)
    resolved = shortened & (canonical != "")
    url = url.where(~resolved, canonical)
    if shortened.any():
        logger.info(
            "%s: %d shortened URLs, %d resolved through canonical_link",
            file,
            int(shortened.sum()),
            int(resolved.sum()),
        )
    frame = _frame(
        text=raw["text"],
        title=raw["title"],
        url=url,
        publisher=url.map(registered_domain),
        label=labels,
        collection="fakenewsnet",
        topic="politics",
        article_id=raw["collection"].astype(str) + ":" + raw["news_id"].astype(str),
    )
    return _note_loader_drops(frame, file, {"unknown_label": unmapped.sum()})


def load_coaid(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """CoAID (COVID-19, 2020) news rows: article-level fake/real.

    ``content`` is lower-cased, stripped of some punctuation and cut at ~500 chars, and
    missing for many rows (kept here as "", removed by :func:`clean`). The title is the
    article's own ``newstitle``: the ``title`` column of fake rows is the fact-checker's
    summary of the claim, not the article.
    """
    file = _resolve(path, "coaid")
    raw = _read_csv(file, ("content", "label", "news_url"))
    labels = raw["label"].astype(str).str.strip().str.lower().map({"real": 1, "fake": 0})
    unmapped = labels.isna()
    raw, labels = raw[~unmapped], labels[~unmapped]
    title = (
        _strings(raw["newstitle"]).str.strip().str.strip('"')
        if "newstitle" in raw
        else pd.Series([""] * len(raw), index=raw.index)
    )
    url = _strings(raw["news_url"])
    frame = _frame(
        text=raw["content"],
        title=title,
        url=url,
        publisher=url.map(registered_domain),
        label=labels,
        collection="coaid",
        topic="covid",
        article_id=raw.get("source_file", pd.Series("", index=raw.index)).astype(str)
        + ":"
        + raw.index.astype(str),
    )
    empty = int((frame["text"].str.strip() == "").sum())
    if empty:
        logger.info(
            "%s: %d of %d rows have no content; clean() drops them", file, empty, len(frame)
        )
    return _note_loader_drops(frame, file, {"unknown_label": unmapped.sum()})


def load_fakenewscorpus(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """FakeNewsCorpus 250-row sample: labels are the site's OpenSources category.

    Categories map through :data:`OPENSOURCES_LABELS`; rows typed "unknown" or with no
    type are dropped and counted. ``publisher`` is the registered domain.
    """
    file = _resolve(path, "fakenewscorpus")
    raw = _read_csv(file, ("content", "type", "url", "title"))
    kind = raw["type"].astype("object").where(raw["type"].notna(), "")
    kind = kind.astype(str).str.strip().str.lower()
    labels = kind.map(OPENSOURCES_LABELS)
    unmapped = labels.isna()
    drops = {
        "missing_type": int((kind == "").sum()),
        "unknown_type": int((kind == "unknown").sum()),
        "unmapped_type": int((unmapped & ~kind.isin(["", "unknown"])).sum()),
    }
    raw, labels = raw[~unmapped], labels[~unmapped]
    url = _strings(raw["url"])
    domain_column = _strings(raw["domain"]) if "domain" in raw else url
    publisher = url.map(registered_domain).where(url != "", domain_column.map(registered_domain))
    frame = _frame(
        text=raw["content"],
        title=raw["title"],
        url=url,
        publisher=publisher,
        label=labels,
        collection="fakenewscorpus",
        topic="general",
        article_id=_strings(raw["id"]) if "id" in raw else raw.index.astype(str),
    )
    return _note_loader_drops(frame, file, drops)


_CELEBRITY_PAIR_RE = re.compile(r"(\d+)")
# Celebrity pairs are bucketed 25 to a group, so grouped CV keeps each fake/legit pair
# together and still has 10 groups.
_CELEBRITY_PAIRS_PER_GROUP = 25


def _perezrosas_group(collection: str, news_domain: str, file: str) -> str:
    """Stand-in group key (there is no publisher): keeps each fake/legit pair in one group."""
    if collection == "Celebrity":
        match = _CELEBRITY_PAIR_RE.search(file)
        if match:
            bucket = (int(match.group(1)) - 1) // _CELEBRITY_PAIRS_PER_GROUP
            low = bucket * _CELEBRITY_PAIRS_PER_GROUP + 1
            return f"Celebrity:pairs-{low:03d}-{low + _CELEBRITY_PAIRS_PER_GROUP - 1:03d}"
    return f"{collection}:{news_domain}"


def load_perezrosas(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Pérez-Rosas et al. 2018 (FakeNewsAMT + Celebrity): article-level fake/legit, no URLs.

    There is no publisher, so ``publisher`` is a stand-in that keeps paired articles
    together: ``FakeNewsAMT:<news_domain>`` (a fake is a rewrite of a legit article on the
    same topic) and ``Celebrity:pairs-NNN-MMM`` (25 numbered pairs per group).
    """
    file = _resolve(path, "perezrosas")
    raw = _read_csv(file, ("text", "label", "collection", "news_domain", "file", "title"))
    labels = raw["label"].astype(str).str.strip().str.lower().map({"legit": 1, "fake": 0})
    unmapped = labels.isna()
    raw, labels = raw[~unmapped], labels[~unmapped]
    groups = [
        _perezrosas_group(str(c), str(d), str(f))
        for c, d, f in zip(raw["collection"], raw["news_domain"], raw["file"], strict=True)
    ]
    frame = _frame(
        text=raw["text"],
        title=raw["title"],
        url=pd.Series([""] * len(raw)),
        publisher=pd.Series(groups),
        label=labels,
        collection="perezrosas",
        article_id=raw["collection"].astype(str) + "/" + raw["file"].astype(str),
        topic=raw["news_domain"].astype(str).str.strip().str.lower().map(TOPIC_OF).fillna(""),
    )
    return _note_loader_drops(frame, file, {"unknown_label": unmapped.sum()})


# Whole lines that are one outlet's page template, not its journalism. Each pattern was seen
# at one outlet in allsides_baly2020 (counts from its SOURCE.md and a look at first/last
# lines): left in, they teach "this footer = this label" (the Washington Times footer is on
# 42% of label-0 rows) and fire the promo cue on a newsletter line.
_TEMPLATE_LINE_RE = re.compile(
    r"^\s*(?:"
    r"copyright © \d{4} the washington times.*"  # Washington Times footer (587/642)
    r"|sign up for daily (?:opinion )?newsletters?(?: manage newsletters)?"  # WT (583/642)
    r"|analysis/opinion:"  # WT opinion flag (114/642)
    r"|get the monitor stories you care about delivered to your inbox.*"  # csmonitor (361/418)
    r"|usa today|close"  # USA Today page chrome opening the text
    r"|read or share this story: .*"  # USA Today share line
    r"|_{2,}"  # AP separator before its notes (80/113)
    r"|share this article share tweet post email"  # Bloomberg share bar (43/112)
    r"|image copyright .*|media playback is unsupported on your device.*"  # BBC players
    r"|“the 360” shows you diverse perspectives.*"  # Yahoo's intro (30/35)
    r"|the opinions expressed by columnists are their own.*"  # Townhall disclaimer
    r"|follow @politico"
    r"|advertisement(?: continue reading the main story)?"  # NYT, National Review, Salon
    r")\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# The BBC collection names its own outlet in 21% of texts ("told the BBC", "BBC Sport"):
# with every BBC row reliable, "bbc" would become a reliable word. Masked at load time.
_BBC_SELF_NAME_RE = re.compile(r"\bBBC\b")
# AllSides rows of the same outlet under another domain: one group for grouped evaluation.
_OUTLET_DOMAIN_ALIASES: dict[str, str] = {"bbc.com": "bbc.co.uk"}


def strip_template_lines(text: str) -> str:
    """``text`` without whole lines that are a known outlet's page template (see above)."""
    if not isinstance(text, str):
        return text
    stripped = _TEMPLATE_LINE_RE.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", stripped).strip() if stripped != text else text


def load_bbc(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """BBC News 2004-05 (Greene & Cunningham 2006): 5 topics, one outlet, every row reliable.

    Duplicated texts (``text_dup_of`` set, 133 rows) are dropped here and counted; "BBC" is
    masked in the text (21% of rows name the outlet). ``publisher`` is ``bbc.co.uk`` so the
    AllSides rows of bbc.com fall in the same group. "£" needs no masking: the vocabulary
    reads ASCII letters only. Evaluate it only as a held-out group (one outlet, one label).
    """
    file = _resolve(path, "bbc")
    raw = _read_csv(file, ("id", "title", "text", "label", "topic"))
    duplicate = (
        raw["text_dup_of"].notna() & (_strings(raw["text_dup_of"]) != "")
        if "text_dup_of" in raw
        else pd.Series(False, index=raw.index)
    )
    raw = raw[~duplicate]
    frame = _frame(
        text=_strings(raw["text"]).map(lambda t: _BBC_SELF_NAME_RE.sub("", t)),
        title=raw["title"],
        url=pd.Series([""] * len(raw), index=raw.index),
        publisher=pd.Series(["bbc.co.uk"] * len(raw), index=raw.index),
        label=raw["label"],
        collection="bbc",
        article_id=raw["id"],
        topic=_strings(raw["topic"]).str.strip().str.lower().map(TOPIC_OF).fillna(""),
    )
    frame["domain"] = "bbc.co.uk"
    return _note_loader_drops(frame, file, {"duplicate_text": duplicate.sum()})


def _allsides_frame(raw: pd.DataFrame, labels: pd.Series, collection: str) -> pd.DataFrame:
    """AllSides rows in the schema, grouped by registered domain, template lines stripped."""
    url = _strings(raw["url"])
    domain = url.map(registered_domain)
    domain = domain.where(domain != "", _strings(raw["domain"]).map(registered_domain))
    frame = _frame(
        text=_strings(raw["text"]).map(strip_template_lines),
        title=raw["title"],
        url=url,
        publisher=domain.replace(_OUTLET_DOMAIN_ALIASES),
        label=labels,
        collection=collection,
        article_id=raw["id"],
        topic=_strings(raw["topic_group"]).str.strip().map(TOPIC_OF).fillna(""),
    )
    frame["lean"] = _strings(raw["allsides_bias"]).str.strip().str.lower().to_numpy()
    frame["rating"] = pd.to_numeric(raw["lin2023_pc1"], errors="coerce").to_numpy()
    return frame


_ALLSIDES_COLUMNS = ("id", "title", "text", "url", "domain", "label", "topic_group")


def load_allsides(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """AllSides articles (Baly et al. 2020), non-election topics, 136 domains, rated files.

    Label 1/0 is the outlet's Lin et al. 2023 quality (pc1 >= 0.70 / < 0.40). Both
    ``allsides_rated_part*.csv`` files are read; ``publisher`` is the registered domain
    (``online.wsj.com`` -> ``wsj.com``); rows repeating an earlier text are dropped and
    counted; outlet template lines (the Washington Times footer, csmonitor's newsletter
    line, USA TODAY chrome, AP ``___``, Bloomberg's share bar…) are stripped. Label 0 is
    almost only right-leaning outlets: check ``lean`` before trusting what a model learns.
    """
    file = _resolve(path, "allsides")
    parts = sorted(file.parent.glob("allsides_rated_part*.csv"))
    raw = pd.concat([_read_csv(part, _ALLSIDES_COLUMNS) for part in parts], ignore_index=True)
    labels = pd.to_numeric(raw["label"], errors="coerce")
    unmapped = ~labels.isin([0, 1])
    duplicate = (
        raw["text_dup_of"].notna() & (_strings(raw["text_dup_of"]) != "")
        if "text_dup_of" in raw
        else pd.Series(False, index=raw.index)
    )
    keep = ~unmapped & ~duplicate
    frame = _allsides_frame(raw[keep], labels[keep], "allsides")
    return _note_loader_drops(
        frame,
        file,
        {"unknown_label": unmapped.sum(), "duplicate_text": (duplicate & ~unmapped).sum()},
    )


def load_allsides_mixed(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """AllSides articles from mixed-rating outlets (Lin pc1 0.40-0.70), without a label.

    For checking the "unknown" and "mixed" labels and calibration, never for training:
    ``label`` is :data:`UNRATED` (-1), which the classifier refuses.
    """
    file = _resolve(path, "allsides_mixed")
    raw = _read_csv(file, tuple(c for c in _ALLSIDES_COLUMNS if c != "label"))
    frame = _allsides_frame(raw, pd.Series(UNRATED, index=raw.index), "allsides_mixed")
    return _note_loader_drops(frame, file, {})


def _parse_labels(values: pd.Series, path: Path) -> pd.Series:
    """User labels as 0/1, accepting 0/1, booleans and words like real/fake, reliable/unreliable."""
    if values.isna().any():
        rows = list(values.index[values.isna()][:5])
        raise ValueError(f"{path}: column 'label' is empty in row(s) {rows}")
    words = values.astype(str).str.strip().str.lower()
    labels = words.map(_LABEL_WORDS)
    if labels.isna().any():
        odd = sorted(set(values[labels.isna()].astype(str)))[:5]
        raise ValueError(
            f"{path}: column 'label' must be 1 (reliable/real) or 0 (unreliable/fake); got {odd}"
        )
    return labels.astype("int64")


def _read_table(path: Path) -> pd.DataFrame:
    """Read a CSV, TSV, JSONL, JSON (records) or Parquet file by its extension."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path)
    if suffix == ".tsv":
        return pd.read_csv(path, sep="\t")
    if suffix in {".jsonl", ".ndjson"}:
        return pd.read_json(path, lines=True, dtype=False)
    if suffix == ".json":
        return pd.read_json(path, dtype=False)
    if suffix == ".parquet":
        return pd.read_parquet(path)
    raise ValueError(f"{path}: expected a .csv, .tsv, .jsonl, .json or .parquet file")


def load_table(path: str | os.PathLike[str], *, collection: str | None = None) -> pd.DataFrame:
    """A user's own table already in the schema: ``text`` and ``label`` required.

    ``title``, ``url``, ``publisher`` are optional. A missing publisher falls back to the
    registered domain of ``url``, then to ``unknown-<row>``: such a row is its own group,
    so grouped evaluation degrades to article-level for it (logged as a warning).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found (expected a CSV/JSONL file with text,label)")
    raw = _read_table(path)
    missing = [name for name in REQUIRED_USER_COLUMNS if name not in raw.columns]
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {', '.join(map(repr, missing))}; "
            f"found {', '.join(map(str, raw.columns)) or 'none'}. "
            "Expected text, label (1 = reliable, 0 = unreliable) "
            "and optionally title, url, publisher."
        )
    raw = raw.reset_index(drop=True)
    labels = _parse_labels(raw["label"], path)
    blank = pd.Series([""] * len(raw))
    url = _strings(raw["url"]) if "url" in raw else blank
    publisher = _strings(raw["publisher"]).str.strip() if "publisher" in raw else blank
    publisher = publisher.where(publisher != "", url.map(registered_domain))
    unknown = publisher == ""
    if unknown.any():
        logger.warning(
            "%s: %d rows have neither publisher nor url; each becomes its own group "
            "('unknown-<row>'), so grouped evaluation cannot keep their sources apart",
            path,
            int(unknown.sum()),
        )
        publisher = publisher.where(~unknown, "unknown-" + raw.index.astype(str))
    name = collection or (
        str(raw["collection"].iloc[0]) if "collection" in raw and len(raw) else path.stem
    )
    frame = _frame(
        text=raw["text"],
        title=raw.get("title", blank),
        url=url,
        publisher=publisher,
        label=labels,
        collection=name,
        article_id=raw["article_id"] if "article_id" in raw else raw.index.astype(str),
        topic=raw.get("topic", ""),
    )
    if "collection" in raw and collection is None:
        frame["collection"] = _strings(raw["collection"]).replace("", name).to_numpy()
    return frame


def load_sample(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The team-written labelled sample (``data/sample/articles.csv``) for tests and demos."""
    return load_table(SAMPLE_PATH if path is None else path, collection="sample")


_LOADERS = {
    "recovery": load_recovery,
    "fakenewsnet": load_fakenewsnet,
    "coaid": load_coaid,
    "fakenewscorpus": load_fakenewscorpus,
    "perezrosas": load_perezrosas,
    "bbc": load_bbc,
    "allsides": load_allsides,
    "allsides_mixed": load_allsides_mixed,
}

_TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")


def load_any(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Load a shared collection folder or file, or a user table, choosing the loader by contents.

    A folder holding one of the shared collections' files uses that collection's loader;
    a folder holding exactly one table file, or a table file itself, is read as the schema.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} not found")
    for collection, (_, filename) in _FILES.items():
        if (path.is_dir() and (path / filename).is_file()) or path.name == filename:
            return _LOADERS[collection](path)
    if path.is_file():
        return load_table(path)
    tables = sorted(p for p in path.iterdir() if p.suffix.lower() in _TABLE_SUFFIXES)
    if len(tables) == 1:
        return load_table(tables[0])
    known = ", ".join(f"{folder}/{name}" for folder, name in _FILES.values())
    raise ValueError(
        f"{path}: cannot tell what this folder holds; expected one of {known}, "
        f"or exactly one table file with text,label columns (found {len(tables)})"
    )


def load_collections(
    paths_or_names: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    clean_rows: bool = True,
    min_chars: int = MIN_TEXT_CHARS,
) -> pd.DataFrame:
    """Load and concatenate several collections, given by path or by name ("recovery", …).

    With ``clean_rows`` the result goes through :func:`clean` (duplicates are then removed
    across collections too, keeping the first listed) and the report is logged and kept in
    ``frame.attrs["cleaning"]``.
    """
    if isinstance(paths_or_names, (str, os.PathLike)):
        paths_or_names = [paths_or_names]
    frames = []
    for item in paths_or_names:
        name = str(item)
        if name in _LOADERS and not Path(name).exists():
            frames.append(_LOADERS[name](None))
        else:
            frames.append(load_any(item))
    if not frames:
        raise ValueError("paths_or_names is empty: give at least one folder, file or name")
    combined = pd.concat(frames, ignore_index=True)
    if not clean_rows:
        return combined
    kept, report = clean(combined, min_chars=min_chars)
    logger.info("cleaning: %s", report)
    kept.attrs["cleaning"] = dict(report.counts)
    return kept


# ---------------------------------------------------------------------------- cleaning


@dataclass(frozen=True, eq=False)
class CleaningReport:
    """What :func:`clean` dropped and why."""

    counts: dict[str, int]
    """Rows dropped per reason, in the order the rules run."""
    dropped: pd.DataFrame = field(repr=False)
    """The dropped rows, with a ``drop_reason`` column."""
    kept: int = 0
    """Rows left."""

    @property
    def total(self) -> int:
        """Rows dropped for any reason."""
        return sum(self.counts.values())

    def __str__(self) -> str:
        reasons = ", ".join(f"{reason} {n}" for reason, n in self.counts.items() if n)
        return f"kept {self.kept}, dropped {self.total} ({reasons or 'nothing'})"


def _own_domains(frame: pd.DataFrame) -> dict[str, frozenset[str]]:
    """Each ReCOVery publisher's own registered domains: its most frequent one plus aliases."""
    own: dict[str, frozenset[str]] = {}
    for publisher, domains in frame.groupby("publisher")["domain"]:
        counted = domains[domains != ""].value_counts()
        main = {counted.index[0]} if len(counted) else set()
        own[str(publisher)] = frozenset(main) | _RECOVERY_OWN_DOMAIN_ALIASES.get(
            str(publisher), frozenset()
        )
    return own


def _title_fit(title: str, text: str) -> float:
    """Share of the title's longer words found near the start of the body (0 to 1)."""
    words = {word.lower() for word in _TITLE_WORD_RE.findall(title)}
    if not words:
        return 0.0
    head = text[:3000].lower()
    return sum(word in head for word in words) / len(words)


def clean(
    frame: pd.DataFrame, *, min_chars: int = MIN_TEXT_CHARS
) -> tuple[pd.DataFrame, CleaningReport]:
    """Drop rows that are not usable articles and report each drop's reason.

    Rules, first match wins: ``empty_text``; ``scrape_failure`` (consent walls, error and
    maintenance pages); ``too_short`` (< ``min_chars`` characters); ``aggregator``
    (:data:`AGGREGATOR_PUBLISHERS`); ``off_site_domain`` (ReCOVery rows whose URL is not on
    the publisher's own site); ``duplicate_text`` (same normalised text as an earlier row).
    """
    missing = [name for name in ("text", "publisher", "domain", "collection") if name not in frame]
    if missing:
        raise ValueError(f"frame: missing column(s) {', '.join(map(repr, missing))} for clean()")
    frame = frame.reset_index(drop=True)
    text = frame["text"].fillna("").astype(str)
    stripped = text.str.strip()
    reason = pd.Series("", index=frame.index, dtype=object)

    def mark(name: str, rows: pd.Series) -> None:
        reason[(reason == "") & rows] = name

    mark("empty_text", stripped == "")
    mark("scrape_failure", text.map(lambda t: bool(_SCRAPE_FAILURE_RE.match(t))))
    mark("too_short", stripped.str.len() < min_chars)
    mark("aggregator", frame["publisher"].isin(AGGREGATOR_PUBLISHERS))

    is_recovery = frame["collection"] == "recovery"
    if is_recovery.any():
        recovery = frame[is_recovery & (reason == "")]
        own = _own_domains(recovery)
        off_site = pd.Series(False, index=frame.index)
        off_site[recovery.index] = [
            bool(domain) and domain not in own.get(publisher, frozenset())
            for publisher, domain in zip(recovery["publisher"], recovery["domain"], strict=True)
        ]
        mark("off_site_domain", off_site)

    still_in = reason == ""
    keys = text[still_in].map(text_key)
    # Keep, of each set of copies, the row whose title fits the body best: ReCOVery
    # scraped one page under many titles (Politico 44 copies, Activist Post showing a
    # GreenMedInfo article 20 times), so "first" would often keep a mismatched title.
    titles = frame["title"] if "title" in frame else pd.Series("", index=frame.index)
    fit = pd.Series(
        [_title_fit(str(t), txt) for t, txt in zip(titles[still_in], text[still_in], strict=True)],
        index=keys.index,
    )
    preferred = pd.DataFrame({"key": keys, "fit": -fit}).sort_values(["fit"], kind="stable")
    repeated = preferred["key"].duplicated(keep="first")
    mark("duplicate_text", repeated.reindex(frame.index, fill_value=False))

    order = [
        "empty_text",
        "scrape_failure",
        "too_short",
        "aggregator",
        "off_site_domain",
        "duplicate_text",
    ]
    counts = {name: int((reason == name).sum()) for name in order}
    dropped = frame[reason != ""].assign(drop_reason=reason[reason != ""])
    kept = frame[reason == ""].reset_index(drop=True)
    return kept, CleaningReport(counts=counts, dropped=dropped, kept=len(kept))


def drop_overlap(
    test: pd.DataFrame, train: pd.DataFrame, *, on: str = "text"
) -> tuple[pd.DataFrame, int]:
    """Rows of ``test`` whose normalised ``on`` does not occur in ``train``, and how many went.

    Use before a cross-collection evaluation: FakeNewsNet's BuzzFeed half, for example,
    reappears in other BuzzFeed-derived sets, and CoAID repeats articles it scraped twice.
    """
    for name, frame in (("test", test), ("train", train)):
        if on not in frame:
            raise ValueError(f"{name}: missing column {on!r} for drop_overlap()")
    seen = set(train[on].map(text_key))
    overlapping = test[on].map(text_key).isin(seen)
    # An empty field normalises to one key; it says nothing about overlap.
    overlapping &= test[on].fillna("").astype(str).str.strip() != ""
    return test[~overlapping].reset_index(drop=True), int(overlapping.sum())
