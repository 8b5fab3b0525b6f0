"""Request and response bodies of the service, as pydantic models (they make the OpenAPI schema).

Requests refuse unknown fields, so a misspelt ``titel`` is a 422 naming it rather than a
silently missing headline. Responses mirror :meth:`credscore.Assessment.to_dict` field for
field; a test fails when the two drift apart.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, create_model

# Python's `re` decides the text pattern, so "\S" means exactly what `Article` checks
# (a character for which str.isspace() is false), and schemathesis, which generates strings
# with `re` semantics too, agrees with the validator.
_REQUEST_CONFIG = ConfigDict(extra="forbid", regex_engine="python-re")
_RESPONSE_CONFIG = ConfigDict(extra="forbid")

EXAMPLE_ARTICLE: dict[str, Any] = {
    "title": "Harbour ferry fares to rise 5% in April",
    "text": (
        "PORT ELLIS, Feb 3 (Coast Wire) - Fares on the harbour ferry will rise 5% from April, "
        "the transport board said on Monday, the first increase since 2019.\n\n"
        '"Fuel has gone up by a third and we held prices for five years," board chair Ruth '
        "Okafor told reporters. The board's figures are published at https://transport.example.gov/ferry-fares."
    ),
    "url": "https://coastwire.example.com/business/ferry-fares-rise",
}
EXAMPLE_PROMO_ARTICLE: dict[str, Any] = {
    "title": "They Don't Want You To Know What's In The Harbour Water!!",
    "text": (
        "The ferry board says the water is fine. Ruth Okafour says so too. Who pays her?\n\n"
        "SHARE THIS BEFORE IT'S DELETED! Join our Telegram: https://t.me/harbourtruth"
    ),
}


class BatchArticleIn(BaseModel):
    """One article of a batch. A blank text is not refused here: that item gets its own
    ``error`` and the others are scored, as ``score_frame`` does with a bad row."""

    model_config = _REQUEST_CONFIG

    text: str = Field(
        description="Body text (plain text, line breaks kept). Past 200,000 characters it is "
        "not analysed, and the assessment's notes say so.",
    )
    title: str | None = Field(default=None, description="Headline, if known.")
    url: str | None = Field(
        default=None,
        description="Where the article was published: lets credscore judge the site "
        "(look-alike domains, ratings table). Never fetched.",
    )


class ArticleIn(BatchArticleIn):
    """One article to score: its body text, and optionally its headline and URL."""

    model_config = ConfigDict(**_REQUEST_CONFIG, json_schema_extra={"examples": [EXAMPLE_ARTICLE]})

    text: str = Field(
        min_length=1,
        pattern=r"\S",
        description="Body text (plain text, line breaks kept), with at least one character "
        "that is not white space. Past 200,000 characters it is not analysed, and the "
        "assessment's notes say so.",
    )


EXAMPLE_PAGE: dict[str, Any] = {
    "html": (
        "<html><head><title>Ferry fares to rise in April</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/business'>Business</a></nav><article>"
        "<h1>Ferry fares to rise in April</h1>"
        "<p>PORT ELLIS, Feb 3 (Coast Wire) - Fares on the harbour ferry will rise 5% from "
        "April, the transport board said on Monday, the first increase since 2019. The board "
        "said fuel costs had risen by a third since the last change to the timetable.</p>"
        "<p>&#8220;We held prices for five years,&#8221; board chair Ruth Okafor told "
        "reporters, adding that season tickets would keep their current price until June.</p>"
        "</article><footer>Leave a Reply. Your email address will not be published.</footer>"
        "</body></html>"
    ),
    "url": "https://coastwire.example.com/business/ferry-fares-rise",
}


class BatchPageIn(BaseModel):
    """One saved web page of a batch: its HTML, and optionally where it was published."""

    model_config = _REQUEST_CONFIG

    html: str = Field(
        description="The page's HTML. The article is read out of it (headline, text) and the "
        "rest of the page (comment forms, share bars) is kept as residue, where residue cues "
        "look; a page with no article is labelled 'unknown' with a note saying why.",
    )
    url: str | None = Field(
        default=None,
        description="Where the page was published (else its canonical link, if it has one). "
        "Never fetched.",
    )


class PageIn(BatchPageIn):
    """One saved web page to score, instead of an article's text and headline."""

    model_config = ConfigDict(**_REQUEST_CONFIG, json_schema_extra={"examples": [EXAMPLE_PAGE]})

    html: str = Field(min_length=1, description=BatchPageIn.model_fields["html"].description)


#: How a request names which kind of input it holds: a body with ``html`` is a page.
ARTICLE_TAG, PAGE_TAG = "article", "page"
BODY_TAGS = frozenset({ARTICLE_TAG, PAGE_TAG})


def _input_kind(body: Any) -> str:
    """The tag of a body: ``page`` when it carries ``html``, else ``article``. Chosen by
    the fields sent, so a bad body's 422 names the fields of the kind the client meant."""
    if isinstance(body, dict):
        return PAGE_TAG if "html" in body else ARTICLE_TAG
    return PAGE_TAG if isinstance(body, BatchPageIn) else ARTICLE_TAG


# The body of POST /v1/score: an article, or a saved page. The schema says `oneOf` the two
# (each refuses the other's fields), so every body it allows is one the service scores.
ScoreRequest = Annotated[
    Annotated[ArticleIn, Tag(ARTICLE_TAG)] | Annotated[PageIn, Tag(PAGE_TAG)],
    Discriminator(_input_kind),
]
BatchItemIn = Annotated[
    Annotated[BatchArticleIn, Tag(ARTICLE_TAG)] | Annotated[BatchPageIn, Tag(PAGE_TAG)],
    Discriminator(_input_kind),
]


def batch_request(max_items: int) -> type[BaseModel]:
    """The body of POST /v1/score/batch, with this service's batch size cap in its schema."""
    return create_model(
        "BatchIn",
        __config__=ConfigDict(
            **_REQUEST_CONFIG,
            json_schema_extra={"examples": [{"items": [EXAMPLE_ARTICLE, EXAMPLE_PROMO_ARTICLE]}]},
        ),
        __doc__="Articles or saved pages to score in one request; each gets its own "
        "assessment or error. A batch whose shape is wrong (a field missing, of the wrong "
        "type or unknown) is refused whole, with a 422 naming the item and field.",
        items=(
            list[BatchItemIn],
            Field(
                min_length=1,
                max_length=max_items,
                description=f"1 to {max_items} articles ({{text, title?, url?}}) or pages "
                "({html, url?}), in any mix.",
            ),
        ),
    )


_SOURCE_FIELD = Field(
    default=None,
    description="The site to file the article under. When any article of the request names "
    "one, articles are grouped by this field alone (those without it are not grouped); "
    "otherwise by their URL's site (registered domain, or someone.wordpress.com).",
)


class SiteArticleIn(BatchArticleIn):
    """One article of a site profile request."""

    source: str | None = _SOURCE_FIELD


class SitePageIn(BatchPageIn):
    """One saved page of a site profile request."""

    source: str | None = _SOURCE_FIELD


SiteItemIn = Annotated[
    Annotated[SiteArticleIn, Tag(ARTICLE_TAG)] | Annotated[SitePageIn, Tag(PAGE_TAG)],
    Discriminator(_input_kind),
]


def sources_request(max_items: int) -> type[BaseModel]:
    """The body of POST /v1/sources, with this service's cap on articles per request."""
    return create_model(
        "SourcesIn",
        __config__=ConfigDict(
            **_REQUEST_CONFIG,
            json_schema_extra={
                "examples": [
                    {
                        "articles": [
                            EXAMPLE_ARTICLE,
                            {**EXAMPLE_PROMO_ARTICLE, "url": "https://harbourtruth.example/a"},
                            {**EXAMPLE_PROMO_ARTICLE, "url": "https://harbourtruth.example/b"},
                        ],
                        "min_articles": 2,
                    }
                ]
            },
        ),
        __doc__="Articles (or saved pages) from one or more sites: each site is judged from "
        "all of its articles together, with its rating when the ratings table has one.",
        articles=(
            list[SiteItemIn],
            Field(
                min_length=1,
                max_length=max_items,
                description=f"1 to {max_items} articles or pages, in any mix and any order.",
            ),
        ),
        min_articles=(
            int,
            Field(
                default=3,
                ge=1,
                description="Articles a site needs for a label; below it the label is "
                "'unknown' (the estimate and interval are still given).",
            ),
        ),
    )


class CueOut(BaseModel):
    """One piece of evidence; ``evidence`` is exactly ``<field>[start:end]`` of the input."""

    model_config = _RESPONSE_CONFIG

    kind: str = Field(description="Cue kind, e.g. promo_link, name_variant, dateline.")
    field: Literal["title", "text", "url", "residue"] = Field(
        description="Which input the span is in; 'residue' is a page's text outside its "
        "article (pages only)."
    )
    start: int = Field(ge=0, description="Offset of the first character of the evidence.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    evidence: str = Field(description="The characters themselves.")
    message: str = Field(description="One sentence a reader understands.")
    weight: float | None = Field(description="Signed log-odds contribution to the score.")


class ReasonOut(BaseModel):
    """One plain-words reason and the log-odds it added (``Reason.to_dict()``)."""

    model_config = _RESPONSE_CONFIG

    text: str = Field(description="What the reader can look for.")
    log_odds: float = Field(description="Its total contribution; negative lowers the score.")
    inputs: list[str] = Field(description="The contributions it groups.")


class AssessmentOut(BaseModel):
    """A credibility score with the evidence behind it (``Assessment.to_dict()``)."""

    model_config = _RESPONSE_CONFIG

    credibility: float | None = Field(
        ge=0,
        le=1,
        description="Calibrated probability that the source is reliable; null for a page "
        "with no article (label 'unknown', notes say why).",
    )
    label: Literal["reliable", "mixed", "unreliable", "unknown"] = Field(
        description="By the thresholds in the model card (GET /v1/model); 'unknown' when "
        "the text is out of the model's depth (see notes)."
    )
    log_odds: float | None = Field(
        description="text_log_odds + source_log_odds; null for a page with no article."
    )
    base_log_odds: float = Field(description="Log-odds of an article with no evidence at all.")
    text_log_odds: float | None = Field(
        description="The text model's part of the log-odds; null for a page with no article."
    )
    source_log_odds: float = Field(description="The URL's and links' part of the log-odds.")
    domain: str | None = Field(description="Registered domain of the URL, if one was parsed.")
    source_rating: float | None = Field(description="The ratings table's value, if rated.")
    model_version: str
    cues: list[CueOut] = Field(description="Every cue, strongest first.")
    features: dict[str, float] = Field(description="The numeric features, by name.")
    contributions: dict[str, float] = Field(
        description="Signed log-odds contribution of each input present; they sum, with "
        "base_log_odds, to log_odds."
    )
    reasons: list[ReasonOut] = Field(
        description="The inputs that moved the score most, in plain words, strongest first."
    )
    notes: list[str] = Field(
        description="Caveats: text truncated, text not in English, what a page's reading cut."
    )


class BatchItemOut(BaseModel):
    """One article's outcome: an assessment, or the reason it could not be scored."""

    model_config = _RESPONSE_CONFIG

    assessment: AssessmentOut | None
    error: str | None = Field(description="Why this article was not scored (None if it was).")


class BatchOut(BaseModel):
    """One result per article, in the order sent; a bad article never stops the others."""

    model_config = _RESPONSE_CONFIG

    model_version: str
    items: list[BatchItemOut]
    n_scored: int = Field(ge=0)
    n_failed: int = Field(ge=0)


class CueShareOut(BaseModel):
    """A cue kind and the share of a site's scored articles it fired on."""

    model_config = _RESPONSE_CONFIG

    kind: str
    share: float = Field(ge=0, le=1)


class SiteOut(BaseModel):
    """One site's profile (a row of ``credscore.profile_sources``)."""

    model_config = _RESPONSE_CONFIG

    source: str | None = Field(
        description="The site; null for the articles that could not be grouped (last)."
    )
    n_articles: int = Field(ge=0, description="Articles scored.")
    n_failed: int = Field(ge=0, description="Articles that could not be scored.")
    credibility: float | None = Field(
        ge=0, le=1, description="P(reliable site): the articles and the site's rating."
    )
    low: float | None = Field(ge=0, le=1, description="Lower end of its 90% interval.")
    high: float | None = Field(ge=0, le=1, description="Upper end of its 90% interval.")
    label: Literal["reliable", "mixed", "unreliable", "unknown"] = Field(
        description="'unknown' below min_articles, or without a site."
    )
    text_credibility: float | None = Field(
        ge=0, le=1, description="The articles' view alone, without the rating."
    )
    rating: float | None = Field(description="The ratings table's value, if rated.")
    rating_source: str | None = Field(description="Who rated it.")
    top_cues: list[CueShareOut] = Field(
        description="The cue kinds that fired on the largest share of its articles."
    )
    note: str | None = Field(description="Caveats, and a sentence when raters and text disagree.")


class SourcesOut(BaseModel):
    """One profile per site, in order of first appearance; ungrouped articles last."""

    model_config = _RESPONSE_CONFIG

    model_version: str
    sites: list[SiteOut]
    n_articles: int = Field(ge=0, description="Articles scored, over all sites.")
    n_failed: int = Field(ge=0, description="Articles that could not be scored.")


class FieldErrorOut(BaseModel):
    """One problem with the request body."""

    model_config = _RESPONSE_CONFIG

    field: str = Field(description="Dotted path of the field, e.g. 'text' or 'items.3.url'.")
    loc: list[str | int] = Field(description="The same path as a list, starting at 'body'.")
    msg: str
    type: str = Field(description="Machine-readable error type, e.g. 'missing'.")


class ErrorOut(BaseModel):
    """What went wrong, in one sentence, and for 422 each field at fault."""

    model_config = ConfigDict(
        **_RESPONSE_CONFIG,
        json_schema_extra={
            "examples": [
                {
                    "detail": "text: Field required",
                    "errors": [
                        {
                            "field": "text",
                            "loc": ["body", "text"],
                            "msg": "Field required",
                            "type": "missing",
                        }
                    ],
                }
            ]
        },
    )

    detail: str
    errors: list[FieldErrorOut] = Field(default_factory=list)


class HealthOut(BaseModel):
    """The process is up and answering."""

    model_config = _RESPONSE_CONFIG

    status: Literal["ok"]


class ReadyOut(BaseModel):
    """Whether the server process that answered has loaded the model and scored with it."""

    model_config = _RESPONSE_CONFIG

    ready: bool
    model_version: str


ModelCard = dict[str, Any]
