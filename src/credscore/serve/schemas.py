"""Request and response bodies of the service, as pydantic models (they make the OpenAPI schema).

Requests refuse unknown fields, so a misspelt ``titel`` is a 422 naming it rather than a
silently missing headline. Responses mirror :meth:`credscore.Assessment.to_dict` field for
field; a test fails when the two drift apart.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

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


# The body of POST /v1/score. Issue 15 (web pages): add a `PageIn` model with `html` and an
# optional `url`, and make this `ArticleIn | PageIn`; with extra="forbid" on both, pydantic
# picks the model by the fields present, and the route turns a PageIn into an article with
# the page extractor before scoring. Until then a body with `html` is a 422 naming it.
ScoreRequest = ArticleIn


def batch_request(max_items: int) -> type[BaseModel]:
    """The body of POST /v1/score/batch, with this service's batch size cap in its schema."""
    return create_model(
        "BatchIn",
        __config__=ConfigDict(
            **_REQUEST_CONFIG,
            json_schema_extra={"examples": [{"items": [EXAMPLE_ARTICLE, EXAMPLE_PROMO_ARTICLE]}]},
        ),
        __doc__="Articles to score in one request; each gets its own assessment or error. "
        "A batch whose shape is wrong (a field missing, of the wrong type or unknown) is "
        "refused whole, with a 422 naming the item and field.",
        items=(
            list[BatchArticleIn],
            Field(min_length=1, max_length=max_items, description=f"1 to {max_items} articles."),
        ),
    )


class CueOut(BaseModel):
    """One piece of evidence; ``evidence`` is exactly ``<field>[start:end]`` of the input."""

    model_config = _RESPONSE_CONFIG

    kind: str = Field(description="Cue kind, e.g. promo_link, name_variant, dateline.")
    field: Literal["title", "text", "url"] = Field(description="Which input the span is in.")
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

    credibility: float = Field(
        ge=0, le=1, description="Calibrated probability that the source is reliable."
    )
    label: Literal["reliable", "mixed", "unreliable", "unknown"] = Field(
        description="By the thresholds in the model card (GET /v1/model); 'unknown' when "
        "the text is out of the model's depth (see notes)."
    )
    log_odds: float = Field(description="text_log_odds + source_log_odds.")
    base_log_odds: float = Field(description="Log-odds of an article with no evidence at all.")
    text_log_odds: float = Field(description="The text model's part of the log-odds.")
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
    notes: list[str] = Field(description="Caveats: text truncated, text not in English.")


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
