"""The review page at ``/``: a plain HTML form, and after a POST the score, the source and
residue panels, notes, the article with every cue highlighted and the cue list.

Server-rendered with Jinja2 (autoescaping on) and no script at all; the style sheet is inlined,
so the page is served whole and fetches nothing. The article's fields are highlighted by
:func:`credscore.html.highlight_field`, the renderer behind ``Assessment.to_html``, which
escapes everything taken from the article.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from credscore import __version__
from credscore.api import Assessment
from credscore.html import highlight_field
from credscore.kinds import SOURCE_CUE_KINDS

#: Headers of every page: no script may run, and nothing is loaded from anywhere.
PAGE_HEADERS: dict[str, str] = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_RESIDUE_KIND = "page_boilerplate"
_EVIDENCE_CHARS = 90  # longest evidence quoted in the cue list and panels


@dataclass(frozen=True)
class FormValues:
    """What the form's fields hold (echoed back so the reader can edit and resubmit)."""

    title: str = ""
    text: str = ""
    url: str = ""
    page_name: str = ""
    """The saved page's file name, when a page was scored (file fields cannot be refilled)."""


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("credscore.serve", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def _css() -> str:
    return files("credscore.serve").joinpath("static/review.css").read_text(encoding="utf-8")


def render_page(
    *,
    model_version: str,
    thresholds: dict[str, Any],
    form: FormValues = FormValues(),
    assessment: Assessment | None = None,
    error: str | None = None,
) -> str:
    """The whole page: the form, and the result when an assessment is given."""
    result = None if assessment is None else _result(assessment, thresholds)
    title = "credscore: review an article"
    if assessment is not None:
        score = "" if math.isnan(assessment.credibility) else f" {assessment.credibility:.0%}"
        title = f"{assessment.label}{score}: {form.title or assessment.title or 'article'}"
    return (
        _templates()
        .get_template("review.html")
        .render(
            page_title=title,
            css=Markup(_css()),
            model_version=model_version,
            version=__version__,
            form=form,
            error=error,
            result=result,
        )
    )


def _signed(value: float) -> str:
    """A log-odds for reading; a dash for the NaN of a page with no article."""
    return "–" if math.isnan(value) else f"{value:+.2f}"


def _direction(weight: float | None) -> str:
    if not weight:
        return "none"
    return "lowers" if weight < 0 else "raises"


def _short(evidence: str) -> str:
    evidence = " ".join(evidence.split())
    return evidence if len(evidence) <= _EVIDENCE_CHARS else evidence[: _EVIDENCE_CHARS - 1] + "…"


def _zones(thresholds: dict[str, Any]) -> list[float] | None:
    """Widths (percent) of the unreliable, mixed and reliable parts of the gauge."""
    low, high = thresholds.get("unreliable_below"), thresholds.get("reliable_from")
    if not isinstance(low, (int, float)) or not isinstance(high, (int, float)):
        return None
    if not 0 <= low <= high <= 1:
        return None
    return [round(100 * low, 2), round(100 * (high - low), 2), round(100 * (1 - high), 2)]


def _result(assessment: Assessment, thresholds: dict[str, Any]) -> dict:
    """What the template shows, formatted (the template only places it)."""
    cues = assessment.cues
    largest = max((abs(cue.weight or 0.0) for cue in cues), default=0.0) or 1.0
    rows = [
        {
            "index": index,
            "kind": cue.kind,
            "message": cue.message,
            "weight": "" if cue.weight is None else f"{cue.weight:+.2f}",
            "direction": _direction(cue.weight),
            "bar": round(100 * abs(cue.weight or 0.0) / largest, 1),
            "field": cue.field,
            "start": cue.start,
            "end": cue.end,
            "evidence": _short(cue.evidence),
        }
        for index, cue in enumerate(cues)
    ]
    by_field: dict[str, list] = {"title": [], "text": [], "url": [], "residue": []}
    for index, cue in enumerate(cues):
        by_field.setdefault(cue.field, []).append((index, cue))

    def highlighted(name: str, value: str | None) -> Markup | None:
        # highlight_field escapes the value and every piece of evidence it wraps.
        return Markup(highlight_field(value, by_field[name])) if value else None

    return {
        "label": assessment.label,
        "percent": None
        if math.isnan(assessment.credibility)
        else f"{100 * assessment.credibility:.1f}",
        "zones": _zones(thresholds),
        "log_odds": _signed(assessment.log_odds),
        "text_log_odds": _signed(assessment.text_log_odds),
        "source_log_odds": _signed(assessment.source_log_odds),
        "n_lowering": sum(1 for row in rows if row["direction"] == "lowers"),
        "n_raising": sum(1 for row in rows if row["direction"] == "raises"),
        "domain": assessment.domain,
        "url": assessment.url,
        "rating": None if assessment.source_rating is None else f"{assessment.source_rating:.2f}",
        "source_cues": [row for row in rows if row["kind"] in SOURCE_CUE_KINDS],
        # Page furniture: the residue cue in a text, and every cue in a page's residue.
        "residue_cues": [
            row for row in rows if row["kind"] == _RESIDUE_KIND or row["field"] == "residue"
        ],
        "page": assessment.residue is not None,
        "residue_html": highlighted("residue", assessment.residue),
        "notes": list(assessment.notes),
        "title_html": highlighted("title", assessment.title),
        "url_html": highlighted("url", assessment.url),
        "text_html": highlighted("text", assessment.text),
        "cues": rows,
    }
