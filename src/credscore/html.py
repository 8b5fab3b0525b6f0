"""The article as HTML with every cue's span highlighted: what a reader sees in a notebook.

Everything taken from the article (title, text, URL, evidence) goes through
:func:`html.escape`, so an article holding ``<script>`` shows the tag as text. Lone
surrogates (``"\ud800"``, which UTF-8 cannot encode) leave as U+FFFD, one for one, so the
markup can always be written or sent to a notebook. Each cue is a
``<mark>`` carrying ``data-cue`` (its index in the cue list), ``data-kind`` and a tooltip
(``title``) with its message and weight. Spans that nest are rendered as nested marks; a
span that crosses another's boundary is split into pieces sharing one ``data-cue``.
A web page's residue (its text outside the article) is shown below the article, with the
residue cues highlighted in it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from credscore.cue import FIELDS, Cue, json_safe_text

if TYPE_CHECKING:
    from credscore.api import Assessment
    from credscore.article import Article

#: Highlight colours (RGB) by the direction of a cue's weight.
LOWERING_RGB, RAISING_RGB, NEUTRAL_RGB = (220, 38, 38), (22, 163, 74), (120, 120, 120)
# Opacity grows with |weight| and saturates at 2 log-odds (a factor of e^2 ~ 7.4 in the
# odds), about the largest single-cue weight the model allows (MAX_FIXED_WEIGHT = 2.5).
_FULL_WEIGHT = 2.0
_LABEL_RGB = {"reliable": RAISING_RGB, "unreliable": LOWERING_RGB}


def _colour(weight: float | None) -> tuple[int, int, int]:
    if weight is None or weight == 0:
        return NEUTRAL_RGB
    return LOWERING_RGB if weight < 0 else RAISING_RGB


def _mark_style(weight: float | None) -> str:
    r, g, b = _colour(weight)
    strength = min(abs(weight or 0.0) / _FULL_WEIGHT, 1.0)
    alpha = 0.18 + 0.32 * strength
    return (
        f"background: rgba({r},{g},{b},{alpha:.2f}); color: inherit; "
        f"border-bottom: 2px solid rgb({r},{g},{b}); padding: 0 1px; border-radius: 2px"
    )


def _tooltip(cue: Cue) -> str:
    weight = "no weight" if cue.weight is None else f"weight {cue.weight:+.2f} log-odds"
    return f"{cue.kind}: {cue.message} ({weight})"


def _open_tag(index: int, cue: Cue, *, continued: bool) -> str:
    direction = "none" if not cue.weight else ("lowers" if cue.weight < 0 else "raises")
    return (
        f'<mark class="credscore-cue{" credscore-cont" if continued else ""}" '
        f'data-cue="{index}" data-kind="{escape(cue.kind)}" data-direction="{direction}" '
        f'title="{escape(_tooltip(cue))}" style="{_mark_style(cue.weight)}">'
    )


def highlight_field(value: str, cues: Sequence[tuple[int, Cue]]) -> str:
    """``value`` escaped, with each ``(index, cue)`` span wrapped in a ``<mark>``.

    Walks the span boundaries once with a stack of open marks: a cue starting inside an
    open one nests in it; closing a mark that is not on top first closes (and afterwards
    reopens) the marks above it, so the HTML stays well formed for any overlap.
    """
    spans = [(i, c) for i, c in cues if 0 <= c.start < c.end <= len(value)]
    if not spans:
        return escape(value)
    # Longer spans open first, so a span that contains another is its parent.
    spans.sort(key=lambda item: (item[1].start, -item[1].end, item[0]))
    boundaries = sorted({0, len(value)} | {c.start for _, c in spans} | {c.end for _, c in spans})
    starting: dict[int, list[tuple[int, Cue]]] = {}
    for item in spans:
        starting.setdefault(item[1].start, []).append(item)
    out: list[str] = []
    stack: list[tuple[int, Cue]] = []
    for position, following in zip(boundaries, [*boundaries[1:], None], strict=True):
        reopen: list[tuple[int, Cue]] = []
        while any(cue.end <= position for _, cue in stack):
            item = stack.pop()
            out.append("</mark>")
            if item[1].end > position:
                reopen.append(item)
        for item in reversed(reopen):
            out.append(_open_tag(*item, continued=True))
            stack.append(item)
        for item in starting.get(position, ()):
            out.append(_open_tag(*item, continued=False))
            stack.append(item)
        if following is not None:
            out.append(escape(value[position:following]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _field_values(
    text: str | None, title: str | None, url: str | None, residue: str | None = None
) -> dict[str, str]:
    return {"title": title or "", "text": text or "", "url": url or "", "residue": residue or ""}


def _body(cues: Sequence[Cue], values: dict[str, str]) -> list[str]:
    """Title, URL, text and residue blocks with their cues highlighted."""
    by_field: dict[str, list[tuple[int, Cue]]] = {name: [] for name in FIELDS}
    for index, cue in enumerate(cues):
        if cue.field in by_field:
            by_field[cue.field].append((index, cue))
    parts = []
    if values["title"]:
        parts.append(
            '<div class="credscore-title" style="font-weight: 600; font-size: 1.15em; '
            f'margin: 0.3em 0">{highlight_field(values["title"], by_field["title"])}</div>'
        )
    if values["url"]:
        # Shown as text, never as a link: a javascript: URL must not become clickable.
        parts.append(
            '<div class="credscore-url" style="font-family: monospace; font-size: 0.85em; '
            f'opacity: 0.8">{highlight_field(values["url"], by_field["url"])}</div>'
        )
    if values["text"]:
        parts.append(
            '<div class="credscore-text" style="white-space: pre-wrap; line-height: 1.5; '
            f'margin-top: 0.5em">{highlight_field(values["text"], by_field["text"])}</div>'
        )
    if values["residue"]:
        parts.append(
            '<div class="credscore-residue-heading" style="margin-top: 1em; font-size: 0.85em; '
            'opacity: 0.7">The page around the article</div>'
            '<div class="credscore-residue" style="white-space: pre-wrap; line-height: 1.4; '
            "font-size: 0.9em; border-left: 3px solid rgba(120,120,120,0.4); padding-left: "
            f'0.6em">{highlight_field(values["residue"], by_field["residue"])}</div>'
        )
    return parts


def _cue_list(cues: Sequence[Cue], values: dict[str, str]) -> str:
    """A table of every cue (so cues whose field is not shown are still listed)."""
    if not cues:
        return '<p class="credscore-nocues" style="opacity: 0.8">No cues found.</p>'
    rows = []
    for index, cue in enumerate(cues):
        r, g, b = _colour(cue.weight)
        weight = "" if cue.weight is None else f"{cue.weight:+.2f}"
        evidence = " ".join(cue.evidence.split())
        if len(evidence) > 80:
            evidence = evidence[:77] + "…"
        shown = "" if values.get(cue.field) else " (field not shown)"
        rows.append(
            f'<tr data-cue-row="{index}"><td style="color: rgb({r},{g},{b}); '
            f'text-align: right; font-family: monospace">{escape(weight)}</td>'
            f"<td>{escape(cue.kind)}</td><td>{escape(cue.message)}</td>"
            f"<td><code>{escape(cue.field)}[{cue.start}:{cue.end}]</code>{shown} "
            f"{escape(evidence)}</td></tr>"
        )
    return (
        '<table class="credscore-cues" style="font-size: 0.9em; margin-top: 0.8em">'
        "<thead><tr><th>weight</th><th>cue</th><th>why</th><th>evidence</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _reason_list(assessment: Assessment) -> str:
    """What moved the score most, in plain words, each with its signed log-odds."""
    items = []
    for reason in assessment.reasons():
        r, g, b = _colour(reason.log_odds)
        items.append(
            f'<li><span style="color: rgb({r},{g},{b}); font-family: monospace">'
            f"{reason.log_odds:+.2f}</span> {escape(json_safe_text(reason.text))}</li>"
        )
    if not items:
        return ""
    return (
        '<div class="credscore-reasons" style="margin: 0.4em 0">What moved the score most:'
        f'<ul style="margin: 0.2em 0">{"".join(items)}</ul></div>'
    )


def _legend() -> str:
    items = [
        (LOWERING_RGB, "lowers credibility"),
        (RAISING_RGB, "raises credibility"),
        (NEUTRAL_RGB, "no weight"),
    ]
    return " ".join(
        f'<span style="background: rgba({r},{g},{b},0.35); padding: 0 4px; '
        f'border-radius: 2px">{text}</span>'
        for (r, g, b), text in items
    )


def _credibility(value: float) -> str:
    """The score as shown: three decimals, "n/a" for a page with no article (NaN)."""
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def render_assessment(
    assessment: Assessment,
    *,
    text: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> str:
    """An HTML snippet (one ``<div>``): score and label on top, then the highlighted article.

    The article is taken from the assessment (``assessment.text`` etc.) unless given here.
    """
    values = _field_values(
        text if text is not None else assessment.text,
        title if title is not None else assessment.title,
        url if url is not None else assessment.url,
        assessment.residue,
    )
    r, g, b = _LABEL_RGB.get(assessment.label, NEUTRAL_RGB)
    log_odds = "" if math.isnan(assessment.log_odds) else f"log-odds {assessment.log_odds:+.2f}; "
    header = [
        f'<div class="credscore-score" style="font-size: 1.1em">'
        f'<span style="background: rgb({r},{g},{b}); color: white; padding: 1px 6px; '
        f'border-radius: 3px">{escape(assessment.label)}</span> '
        f"credibility <b>{_credibility(assessment.credibility)}</b> "
        f'<span style="opacity: 0.7">({log_odds}'
        f"model {escape(str(assessment.model_version))})</span></div>"
    ]
    if assessment.domain:
        rating = (
            "unrated" if assessment.source_rating is None else f"{assessment.source_rating:.2f}"
        )
        header.append(
            f'<div class="credscore-source">source {escape(assessment.domain)}: rating '
            f"{escape(rating)}, log-odds {assessment.source_log_odds:+.2f}</div>"
        )
    for note in assessment.notes:
        header.append(f'<div class="credscore-note" style="opacity: 0.8">{escape(note)}</div>')
    header.append(_reason_list(assessment))
    header.append(f'<div style="font-size: 0.85em; margin: 0.3em 0">{_legend()}</div>')
    parts = [*header, *_body(assessment.cues, values), _cue_list(assessment.cues, values)]
    return json_safe_text(
        '<div class="credscore-assessment" style="max-width: 60em; font-family: sans-serif">'
        + "".join(parts)
        + "</div>"
    )


def highlight_article(article: Article, cues: Sequence[Cue] | None = None) -> str:
    """An HTML snippet of an article with its cues (found now when not given), unscored."""
    if cues is None:
        from credscore.cues import find_all

        cues = find_all(article)
    values = _field_values(article.text, article.title, article.url, article.residue)
    parts = [*_body(cues, values), _cue_list(cues, values)]
    return json_safe_text(
        '<div class="credscore-article" style="max-width: 60em; font-family: sans-serif">'
        + "".join(parts)
        + "</div>"
    )


def document(snippet: str, *, page_title: str = "credscore assessment") -> str:
    """A complete HTML page around a snippet, for saving to a file."""
    return json_safe_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(page_title)}</title>\n</head>\n<body>\n{snippet}\n</body>\n</html>\n"
    )
