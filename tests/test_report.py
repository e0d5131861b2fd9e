"""The HTML report in a real headless browser (Debian's chromium through Playwright; Playwright
downloads no browser): it loads without console errors, shows the reference notice's 80 pairs,
a filter reduces the rows, a click jumps to the text, and a screenshot is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import shared_or_skip

import nlp
from nlp.cli import main
from nlp.export.report import report_html

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "the browser test needs Debian's chromium (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    return page, errors


def test_reference_report_in_the_browser(browser, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(report_html([nlp.to_record(nlp.parse(nlp.load("reference")))]), encoding="utf-8")
    page, errors = _open(browser, path)
    assert page.locator("tr.pair").count() == 80
    assert page.locator("#count").inner_text() == "显示 80 / 80 个问题"
    page.select_option("#f-status", "completed")
    shown = page.locator("tr.pair:not(.hidden)").count()
    assert 0 < shown < 80 and page.locator("#count").inner_text() == f"显示 {shown} / 80 个问题"
    page.select_option("#f-status", "")
    page.fill("#f-search", "殡葬")
    assert 0 < page.locator("tr.pair:not(.hidden)").count() < 80
    page.fill("#f-search", "")
    page.check("#f-review")
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "report.png"))
    page.uncheck("#f-review")
    page.locator("a.jump").nth(4).click()
    assert page.evaluate("location.hash") == "#n1-p005"
    assert page.locator("#n1-p005.hit").count() == 1
    assert errors == []


def test_report_of_several_notices_has_an_overview(browser, tmp_path: Path) -> None:
    dev = shared_or_skip("corpus", "dev")
    path = tmp_path / "several.html"
    assert main(["report", str(nlp.bundled.CORPUS_DIR / nlp.bundled.REFERENCE), str(dev), "-o", str(path)]) == 0
    page, errors = _open(browser, path)
    assert page.locator("#overview tbody tr").count() == 1 + len(list(dev.glob("*.txt")))
    assert page.locator("#overview svg").count() == 2
    assert errors == []
