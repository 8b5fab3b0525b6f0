"""Render ``model_card.json`` as the readable ``MODEL_CARD.md`` (written next to it by training)."""

from __future__ import annotations

from typing import Any

from credscore.cues.residue import RESIDUE_RULES
from credscore.training.estimator import MAX_FIXED_WEIGHT, PRIOR_STRENGTH

#: The figures every evaluation row carries, in the card's column order.
METRICS: tuple[str, ...] = ("roc_auc", "pr_auc", "brier", "ece", "accuracy")

LICENCES = {
    "recovery": "CC BY-NC-SA 4.0 (ReCOVery, Zhou et al., CIKM 2020)",
    "fakenewsnet": "no licence stated (FakeNewsNet v1, Shu et al. 2017); citation requested",
    "coaid": "no licence stated (CoAID, Cui & Lee 2020)",
    "fakenewscorpus": "Apache-2.0 (FakeNewsCorpus, Szpakowski 2018; labels from OpenSources)",
    "perezrosas": "no licence stated (Pérez-Rosas et al., COLING 2018)",
    "sample": "the team's own writing (same licence as credscore)",
}

RESIDUE_INTRO = (
    "`credscore.score_html` reads a web page into its article and its residue: the page's text "
    "outside the article (share bars, promo boxes, comment forms, sidebars, footers). Cues, style "
    "features and vocabulary read the article. The cue kinds below also run on the residue, each "
    "under its rule, and a residue cue adds to its kind's count like a cue in the text, so it "
    "carries the weight in the table above: the training collections are scrapes in which such "
    "lines sat inline with the story. No other kind counts in the residue, so chrome that "
    'reliable outlets also carry (share bars, newsletter sign-ups, cookie banners, "Related '
    'coverage") cannot lower a score. A page with no article (a homepage, an error page) is '
    "not scored: its label is `unknown`."
)

WEIGHT_RULE = (
    "Rare lowering cues (their residue was stripped from the cleaned collections, so the data "
    "cannot estimate them alone) get a fixed weight: the add-one-smoothed log ratio of their "
    "firing rates on reliable vs unreliable articles, pooled over the training collections, "
    "shrunk toward a stated field prior with the strength of {strength:g} firings "
    "(`w = (k*llr + m*prior)/(k + m)`), then clipped to [-{cap:g}, 0] so such a cue can only "
    "lower the score. Other cue kinds are learned by the logistic regression; a learned weight "
    "whose sign contradicts the cue's direction is set to 0 and the model refitted."
)


def _metric_rows(rows: list[dict[str, Any]]) -> list[str]:
    header = "| model | " + " | ".join(METRICS) + " |"
    lines = [header, "|---" * (len(METRICS) + 1) + "|"]
    for row in rows:
        cells = [
            f"{row[m]:.3f} [{row[m + '_ci'][0]:.3f}, {row[m + '_ci'][1]:.3f}]" for m in METRICS
        ]
        lines.append(f"| {row['model']} | " + " | ".join(cells) + " |")
    return lines


def render(card: dict[str, Any]) -> str:
    """The card as Markdown."""
    metrics = card.get("metrics", {})
    thresholds = card.get("thresholds", {})
    lines = [
        f"# {card.get('name', 'credscore model')} — {card.get('version')}",
        "",
        "Predicts the probability that a news article comes from a **reliable source** from its "
        "text and headline alone (the URL's evidence is added separately by `credscore.source`).",
        "Trained and evaluated with publishers held out: every figure below comes from "
        "publishers the model never saw.",
        "",
        "| | |",
        "|---|---|",
        f"| file | `{card.get('file')}` ({card.get('size_bytes', 0) / 1e6:.2f} MB) |",
        f"| sha256 | `{card.get('sha256')}` |",
        f"| credscore | {card.get('credscore_version')} |",
        f"| scikit-learn (training only) | {card.get('scikit_learn_version')} |",
        f"| numpy | {card.get('numpy_version', '?')} |",
        f"| python | {card.get('python_version')} |",
        f"| features | {len(card.get('feature_names', []))} registry features + "
        f"{card.get('n_terms', 0)} vocabulary terms |",
        f"| labels | `unreliable` below {thresholds.get('unreliable_below')}, `reliable` from "
        f"{thresholds.get('reliable_from')}, `mixed` between |",
        f"| command | `{card.get('command')}` |",
        "",
        "## Training data",
        "",
        "| collection | articles | publishers | reliable | unreliable | licence |",
        "|---|---|---|---|---|---|",
    ]
    for row in card.get("training_data", []):
        lines.append(
            f"| {row['collection']} | {row['articles']} | {row['publishers']} | "
            f"{row['reliable']} | {row['unreliable']} | "
            f"{LICENCES.get(row['collection'], 'see its source')} |"
        )
    collections = {row["collection"] for row in card.get("training_data", [])}
    lines += [""]
    if "recovery" in collections:
        lines += [
            "ReCOVery is licensed CC BY-NC-SA 4.0. A model trained on it is arguably an "
            "adaptation: use it for **non-commercial** purposes only, credit ReCOVery (Zhou, "
            "Mulay, Ferrara, Zafarani, CIKM 2020), and share models derived from it under the "
            "same licence. For commercial use, retrain on data you may use commercially "
            "(`credscore train --data …`). The model stores word weights, not article text.",
            "",
        ]
    lines += [
        "## Evaluation",
        "",
        metrics.get("protocol", "(trained without evaluation)"),
        "",
    ]
    if "recovery_grouped" in metrics:
        lines += ["### ReCOVery, publisher-grouped (text only, no URL)", ""]
        lines += _metric_rows(metrics["recovery_grouped"])
        lines += [
            "",
            "The majority baseline predicts each training fold's share of reliable articles. Its "
            "pooled ROC-AUC far below 0.5 is the folds' differing prevalence alone: the reason "
            "every model here is compared on the same folds, and why a model must be well "
            "calibrated across publishers to score well on pooled folds.",
        ]
    if "recovery_grouped_masked" in metrics:
        lines += [
            "",
            "### Masking ablation",
            "",
            "Outlet self-names and known site boilerplate (wire tags, credit lines, the Sputnik "
            "disclaimer, the NPR and Sun-Times footers, widget lines) masked in training and "
            "test text (`credscore.training.evaluation.mask_site_signatures`):",
            "",
        ]
        lines += _metric_rows(metrics["recovery_grouped_masked"])
    if metrics.get("cross_collection"):
        lines += [
            "",
            "### Cross-collection (train on ReCOVery, test on another collection)",
            "",
            "The other collections' labels are article-level fact-checks or OpenSources domain "
            "types, and their topics differ (politics, celebrity news) from ReCOVery's COVID-19 "
            "news: these measure transfer, not the in-domain task.",
            "",
            "| test collection | model | n | " + " | ".join(METRICS) + " |",
            "|---|---|---|" + "---|" * len(METRICS),
        ]
        for pair, models in metrics["cross_collection"].items():
            for name, values in models.items():
                cells = " | ".join(f"{values[m]:.3f}" for m in METRICS)
                lines.append(f"| {pair} | {name} | {values['n_test']} | {cells} |")
    lines += _site_section(card.get("site_model"))
    lines += [
        "",
        "## How each cue weight was set",
        "",
        WEIGHT_RULE.format(strength=PRIOR_STRENGTH, cap=MAX_FIXED_WEIGHT),
        "",
        "| cue kind | weight (log-odds of one cue) | origin | prior | fired reliable | "
        "fired unreliable | measured log ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    evidence = card.get("fixed_cue_weight_evidence", {})
    for kind, entry in card.get("cue_weights", {}).items():
        e = evidence.get(kind, {})
        fired = (
            (
                f"{e['fired_reliable']}/{e['articles_reliable']}",
                f"{e['fired_unreliable']}/{e['articles_unreliable']}",
            )
            if e
            else ("", "")
        )
        lines.append(
            f"| `{kind}` | {entry['weight']:+.3f} | {entry['origin']} | "
            f"{e.get('prior', '')} | {fired[0]} | {fired[1]} | "
            f"{e.get('measured_log_ratio', '')} |"
        )
    lines += ["", "## Cues in page residue", "", RESIDUE_INTRO, ""]
    lines += ["| cue kind | in page residue |", "|---|---|"]
    lines += [f"| `{rule.kind}` | {rule.rule} |" for rule in RESIDUE_RULES]
    lines += [
        "",
        "Style features and vocabulary terms are learned by an L2-regularised logistic "
        "regression; the vocabulary only holds words used by at least "
        f"{card.get('recipe', {}).get('min_publishers')} different publishers, so no single "
        "site's signature can be learned. See `credscore.training.estimator` and "
        "`credscore.training.recipe` for the full recipe.",
        "",
        "## Intended use and limits",
        "",
        "- A screening aid that shows its evidence, not a verdict: it scores how much an "
        "article *reads like* those of reliable sources in the training data.",
        "- Trained on English COVID-19 news from January to May 2020; other topics, periods and "
        "languages are out of domain (a note is added for non-English text).",
        "- Labels are per publisher (NewsGuard and MBFC ratings), so the model learns what "
        "separates sources, not whether a given claim is true.",
        "",
    ]
    return "\n".join(lines)


def _site_section(section: dict[str, Any] | None) -> list[str]:
    """The "Judging a site" section: the site model's parameters and its held-out figures."""
    if not section:
        return []
    parameters = section.get("parameters", {})
    figures = section.get("figures", {})
    circular = ", ".join(section.get("circular_with_prior", [])) or "none"
    lines = [
        "",
        "## Judging a site",
        "",
        "`credscore.profile_sources` combines a site's articles into one estimate "
        "(`credscore.sites.SiteModel`): the mean of its articles' text log-odds (clipped to "
        f"±{parameters.get('clip', 0):g}), shrunk toward the population of sites, read on the "
        "site scale as `a + b·μ`, plus the bundled rating's term when the site is rated. "
        f"Fitted by `{section.get('command', 'credscore calibrate-sites')}`. The article "
        "log-odds it was fitted on come from the recipe refitted on each fold, not from the "
        "model file above: after retraining, run the command again.",
        "",
        "| parameter | value |",
        "|---|---|",
    ]
    names = {
        "population_mean": "μ0, mean site's article log-odds",
        "between_sites_sd": "τ, spread of sites' long-run means",
        "within_site_sd": "σ, spread of articles within a site",
        "spread_prior_articles": "ν0, articles' worth of σ (stated)",
        "clip": "clip on article log-odds (stated)",
        "offset": "a, site-level offset",
        "scale": "b, site-level scale",
    }
    for key, label in names.items():
        if key in parameters:
            lines.append(f"| {label} | {parameters[key]:.3f} |")
    lines += [
        "",
        section.get("protocol", ""),
        "",
        "| collection | articles | sites | reliable sites | unreliable sites |",
        "|---|---|---|---|---|",
    ]
    for row in section.get("data", []):
        lines.append(
            f"| {row['collection']} | {row['articles']} | {row['sites']} | "
            f"{row['reliable_sites']} | {row['unreliable_sites']} |"
        )
    lines += [
        "",
        "### Sites held out, as articles per site grow",
        "",
        "Means over random subsets of each site's articles; *all*: every article of the sites "
        "with 3 or more. Text only and with the prior are reported apart and never mixed. "
        "**The with-prior "
        f"figures are circular** on {circular}: their labels come from the raters behind "
        "Lin et al.'s pc1, the prior itself.",
        "",
        "| articles per site | sites (reliable / unreliable) | ROC-AUC text only | Brier text "
        "only | ROC-AUC with prior | Brier with prior | 90% interval coverage (sites) | "
        "mean interval width | interval on the wrong side |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in figures.get("by_articles", []):
        text, prior = row.get("text_only", {}), row.get("with_prior", {})
        coverage = (
            f"{row['coverage']:.3f} ({row['coverage_sites']})" if "coverage" in row else "n/a"
        )
        lines.append(
            f"| {row['articles']} | {row['sites']} ({row['reliable']} / {row['unreliable']}) | "
            f"{_num(text.get('roc_auc'))} | {_num(text.get('brier'))} | "
            f"{_num(prior.get('roc_auc'))} | {_num(prior.get('brier'))} | {coverage} | "
            f"{_num(row.get('width'))} | {_num(row.get('wrong_side'))} |"
        )
    collections = figures.get("by_collection", [])
    if collections:
        lines += [
            "",
            "By collection (sites counted under the collection most of their articles come "
            "from; only collections holding at least 3 sites of each label):",
            "",
            "| collection | articles per site | sites (reliable) | ROC-AUC text only | "
            "ROC-AUC with prior |",
            "|---|---|---|---|---|",
        ]
        for row in collections:
            circular = " (circular)" if row["circular_with_prior"] else ""
            lines.append(
                f"| {row['collection']} | {row['articles']} | {row['sites']} ({row['reliable']}) "
                f"| {row['text_only_roc_auc']:.3f} | {row['with_prior_roc_auc']:.3f}{circular} |"
            )
    lines += [
        "",
        "Coverage: how often a site's 90% interval from that many articles holds its long-run "
        "text credibility, measured on at least 10 other articles of the same site (the "
        "comparison allows for their own sampling noise). A site label is 0 or 1, so no "
        "interval of a probability can cover it as often as stated; the long-run credibility is "
        "what the interval is about. *Wrong side*: the share of sites whose whole interval lies "
        "on the wrong side of 0.5 for their label.",
    ]
    return lines


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"
