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
    "bbc": "research and non-commercial use only (BBC News, Greene & Cunningham, ICML 2006)",
    "allsides": "texts © their publishers, research use (AllSides, Baly et al., EMNLP 2020); "
    "labels from Lin et al. 2023",
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

SCORING_RULES = (
    "- **Clipping.** Every numeric feature is clipped to the range between its {low:g} and "
    "{high:g} percentiles in training (stored with the model, table below) before it reaches "
    "the weights; a "
    "clipped value adds a note. Word-length features skip tokens over 30 letters; per-word "
    "and per-sentence rates divide by at least 50 words / 3 sentences.\n"
    "- **Directions.** Cue counts and the numeric features with a known direction are fitted "
    "with bounded weights (L-BFGS-B): lowering signals (clickbait headline, exclamation "
    "marks, shouting, sensational and absolute wording) `<= 0`, raising cues `>= 0`.\n"
    "- **Raising evidence is hard to fake.** Each raising cue kind's weight is at most "
    "{cue_cap:g}; all raising cues together add at most {cap:g} log-odds, and only "
    "{factor:.0%} of that when the rest of the text disagrees (a lowering cue fired, or the "
    "other evidence is below 0). An agency name or dateline on another site is not "
    "penalised: it just cannot carry a verdict alone.\n"
    "- **Out of its depth: label `unknown`.** Fewer than {min_words} words, not English, "
    "fewer than {known:.0%} of the words in the vocabulary, or more than {clipped} features "
    "outside the training range: the text evidence is multiplied by {shrink:g} (toward the "
    "base) and the label is `unknown`, with a note saying why."
)

_HELD_OUT_COLUMNS = (
    "articles",
    "reliable",
    "unreliable",
    "roc_auc",
    "false_accusation",
    "false_accusation_without_unknown",
    "unreliable_called_reliable",
    "unknown",
    "coverage",
)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return "–" if value != value else f"{value:.3f}"
    return str(value)


def _held_out_rows(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| held out | " + " | ".join(c.replace("_", " ") for c in _HELD_OUT_COLUMNS) + " |",
        "|---" * (len(_HELD_OUT_COLUMNS) + 1) + "|",
    ]
    for row in rows:
        cells = " | ".join(_cell(row.get(c)) for c in _HELD_OUT_COLUMNS)
        lines.append(f"| {row['held_out']} | {cells} |")
    aucs = [row["roc_auc"] for row in rows if row.get("roc_auc") is not None]
    worst = max((row["false_accusation"] for row in rows if row["reliable"]), default=0.0)
    vouched = [
        row["unreliable_called_reliable"]
        for row in rows
        if row["unreliable"] and row.get("unreliable_called_reliable") is not None
    ]
    worst_vouched = f"worst {max(vouched):.3f}" if vouched else ""
    if aucs:
        lines.append(
            f"| **mean / worst** | | | | {sum(aucs) / len(aucs):.3f} / {min(aucs):.3f} | "
            f"worst {worst:.3f} | | {worst_vouched} | | |"
        )
    return lines


def _held_out_section(card: dict[str, Any]) -> list[str]:
    metrics = card.get("metrics", {})
    lines: list[str] = []
    thresholds = metrics.get("held_out_thresholds")
    if thresholds:
        lines += [
            "",
            "### Held-out topics and collections (the headline figures)",
            "",
            "Each topic (shared across collections, `credscore.training.datasets.TOPICS`) and each "
            "collection is held out in turn: the model is fitted on everything else minus "
            "every row of the held-out rows' publishers and domains, then labels the "
            "held-out articles. *False accusation* = share of reliable-source articles "
            "labelled `unreliable`; *without unknown*: the same if the out-of-depth rule "
            "did not exist; *coverage* = share given a verdict (`reliable` or `unreliable`).",
            "",
            f"Label thresholds chosen on these predictions: {thresholds['rule']}: "
            f"`unreliable` below {thresholds['unreliable_below']}, `reliable` from "
            f"{thresholds['reliable_from']}.",
        ]
    for by in ("topic", "collection"):
        rows = metrics.get(f"leave_one_{by}_out")
        if rows:
            lines += ["", f"#### Leave one {by} out", "", *_held_out_rows(rows)]
    parity = metrics.get("lean_parity")
    if parity:
        lines += [
            "",
            "### Lean parity",
            "",
            "Lean is not reliability: in AllSides nearly every unreliable-rated outlet is "
            'right-leaning, so a model could learn "conservative wording = unreliable". '
            "Scores of AllSides articles from models that never saw AllSides (held-out "
            "collection), by the outlet's AllSides lean, within each rating:",
            "",
            "| label | lean | articles | outlets | mean | median | labelled unreliable | "
            "labelled reliable |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for row in parity:
            lines.append(
                f"| {row['label']} | {row['lean']} | {row['articles']} | {row['outlets']} | "
                f"{row['mean_credibility']:.3f} | {row['median_credibility']:.3f} | "
                f"{row['labelled_unreliable']:.3f} | {row['labelled_reliable']:.3f} |"
            )
    return lines


def _recipe_search_section(card: dict[str, Any]) -> list[str]:
    search = card.get("recipe_search") or []
    if not search:
        return []
    keys = [
        k for k in dict.fromkeys(k for row in search for k in row) if k not in ("variant", "change")
    ]
    lines = [
        "",
        "## Recipe search: what was tried",
        "",
        "Chosen by the held-out figures (worst case and mean), not by ReCOVery alone; "
        "variants that lost are kept here.",
        "",
        "| variant | change | " + " | ".join(k.replace("_", " ") for k in keys) + " |",
        "|---|---|" + "---|" * len(keys),
    ]
    for row in search:
        lines.append(
            f"| {row['variant']} | {row['change']} | "
            + " | ".join(_cell(row.get(k)) for k in keys)
            + " |"
        )
    return lines


def _style_section(card: dict[str, Any]) -> list[str]:
    weights = card.get("style_weights")
    if not weights:
        return []
    lines = [
        "",
        "| numeric feature | weight (per sd) | direction | clipped to |",
        "|---|---|---|---|",
    ]
    for name, entry in weights.items():
        direction = {-1: "may only lower", 1: "may only raise"}.get(entry["direction"], "either")
        clip = (
            f"[{entry['clip_low']:.4g}, {entry['clip_high']:.4g}]"
            if entry.get("clip_low") is not None
            else "not clipped"
        )
        lines.append(f"| `{name}` | {entry['weight']:+.3f} | {direction} | {clip} |")
    return lines


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
        f"{thresholds.get('reliable_from')}, `mixed` between; `unknown` when out of its depth |",
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
    lines += _held_out_section(card)
    if "recovery_grouped" in metrics:
        lines += ["", "### ReCOVery, publisher-grouped (text only, no URL)", ""]
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
    recipe = card.get("recipe", {})
    lines += [
        "",
        "Style features and vocabulary terms are learned by an L2-regularised logistic "
        "regression; the vocabulary only holds words used by at least "
        f"{recipe.get('min_publishers')} different publishers, so no single "
        "site's signature can be learned"
        + (
            f", made only of words with a wordfreq Zipf frequency of {recipe['min_word_zipf']} "
            "or more (names, places and topic jargon cannot carry a verdict to a new topic)"
            if recipe.get("min_word_zipf")
            else ""
        )
        + ". See `credscore.training.estimator` and `credscore.training.recipe` for the full "
        "recipe.",
        "",
        "## Scoring-time rules and how each bound was set",
        "",
        SCORING_RULES.format(
            low=recipe.get("clip_quantile") or 0,
            high=100 - (recipe.get("clip_quantile") or 0),
            cue_cap=recipe.get("raising_cue_cap", float("inf")),
            cap=recipe.get("raising_cap", float("inf")),
            factor=recipe.get("raising_disagree_factor", 1.0),
            min_words=recipe.get("min_words", 0),
            known=card.get("min_known_share", recipe.get("min_known_share", 0.0)),
            clipped=recipe.get("max_clipped", 0),
            shrink=recipe.get("unknown_shrink", 1.0),
        ),
    ]
    lines += _style_section(card)
    lines += _recipe_search_section(card)
    lines += [
        "",
        "## Intended use and limits",
        "",
        "- A screening aid that shows its evidence, not a verdict: it scores how much an "
        "article *reads like* those of reliable sources in the training data.",
        "- Trained on English news: COVID-19 (2020), US politics (2016-17), celebrity news, "
        "BBC News (2004-05) and AllSides' non-election topics (2012-20); text it is out of "
        "its depth on (too short, not English, unfamiliar wording) is labelled `unknown`.",
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
    rated = [row for row in figures.get("by_articles", []) if "rater_labelled" in row]
    if rated:
        lines += [
            "",
            "The same held-out sites labelled by their raters instead (bundled Lin et al. pc1 "
            "of 0.70 and above reliable, below 0.40 unreliable, between left out; "
            "`credscore.training.sites.rater_labels`). Above, a site's label is the majority "
            "of its articles' labels, and FakeNewsNet labels the fact-checked claim, not the "
            "outlet: hyperpartisan sites that carried a true claim count as reliable there. "
            "Text only: with the prior, the figure would be measured against the prior itself.",
            "",
            "| articles per site | sites (reliable / unreliable) | ROC-AUC text only |",
            "|---|---|---|",
        ]
        for row in rated:
            by_raters = row["rater_labelled"]
            lines.append(
                f"| {row['articles']} | {by_raters['sites']} ({by_raters['reliable']} / "
                f"{by_raters['sites'] - by_raters['reliable']}) | "
                f"{_num(by_raters.get('roc_auc'))} |"
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
