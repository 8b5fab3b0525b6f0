"""The review page in a real browser: headless Chromium (Debian's, driven by Playwright)
against ``credscore serve`` on 127.0.0.1, with and without JavaScript.

The server scores with the sample-trained model in two server processes, so this also runs
the command line, uvicorn's process manager and the template end to end. A full-page screenshot is
left in $TMPDIR for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from credscore.model import LABELS

from .articles import HOSTILE, SEED_STYLE
from .conftest import PAGES, needs_html, running_server

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Debian's browser, headless and quiet: no first-run pages, no update or sync requests.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = Path(os.environ.get("TMPDIR") or tempfile.gettempdir()) / "credscore-review-page.png"


@pytest.fixture(scope="module")
def base_url(sample_model_dir, tmp_path_factory):
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    with running_server(sample_model_dir, log_path, "--workers", "2") as (_, base):
        yield base


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def submit(page, base_url: str, article: dict) -> None:
    page.goto(f"{base_url}/")
    page.fill("#title", article.get("title", ""))
    page.fill("#url", article.get("url", ""))
    page.fill("#text", article["text"])
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_review_page_highlights_the_cues_without_javascript(browser, base_url, scorer) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    submit(page, base_url, SEED_STYLE)

    assessment = scorer.score(SEED_STYLE["text"], title=SEED_STYLE["title"], url=SEED_STYLE["url"])
    assert page.locator(".score-card .pill").inner_text().lower() == assessment.label
    assert (
        page.locator(".score-value").inner_text().startswith(f"{100 * assessment.credibility:.1f}")
    )
    # Each cue's highlight holds exactly its evidence, and the cue list has a row per cue.
    for index, cue in enumerate(assessment.cues):
        marks = page.locator(f'mark[data-cue="{index}"]')
        assert marks.count() >= 1, cue
        assert "".join(marks.all_inner_texts()) == cue.evidence
    assert page.locator("tr[data-cue-row]").count() == len(assessment.cues)
    promo = page.locator('mark[data-kind="promo_link"]').first
    assert "t.me/PatriotSentinelNews" in promo.inner_text()
    assert page.locator('mark[data-kind="name_variant"]').first.inner_text() == "Marcetti"
    tooltip = page.locator('mark[data-kind="name_variant"]').first.get_attribute("title")
    assert "Marchetti" in tooltip
    assert page.locator(".source-panel .domain").inner_text() == assessment.domain
    # The form comes back filled in, ready for another try.
    assert page.input_value("#text") == SEED_STYLE["text"].replace("\r\n", "\n")
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert all(url.startswith(base_url) for url in requested), requested
    context.close()


def test_markup_in_an_article_is_shown_as_text_and_never_runs(browser, base_url) -> None:
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    submit(page, base_url, HOSTILE)

    assert "<script>alert(1)</script>" in page.locator(".article-text").inner_text()
    assert page.locator(".article-title").inner_text() == HOSTILE["title"]
    assert page.locator(".article-url").inner_text() == HOSTILE["url"]
    assert page.locator("script").count() == 0
    assert page.locator("main img, main a").count() == 0
    assert page.title().startswith(LABELS)
    assert dialogs == []
    context.close()


PAGE_SCREENSHOT = SCREENSHOT.with_name("credscore-review-saved-page.png")


@needs_html
def test_a_saved_page_chosen_in_the_form_is_scored_with_its_residue(
    browser, base_url, scorer
) -> None:
    saved = PAGES / "blogger_smart_meters.html"
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{base_url}/")
    page.set_input_files("#html", str(saved))
    with page.expect_navigation():
        page.click("button[type=submit]")

    assessment = scorer.score_html(saved.read_bytes())
    assert page.locator(".score-card .pill").inner_text().lower() == assessment.label
    residue = [(i, cue) for i, cue in enumerate(assessment.cues) if cue.field == "residue"]
    assert residue
    for index, cue in residue:  # highlighted in the page's residue, below the article
        assert page.locator(f'.residue-text mark[data-cue="{index}"]').inner_text() == cue.evidence
    assert page.locator(".residue-panel li").count() >= len(residue)
    page.screenshot(path=str(PAGE_SCREENSHOT), full_page=True)
    context.close()
