"""The task pane opened in headless Chromium outside Office, with the real Office.js from the
npm registry (@microsoft/office-js) served where the page asks Microsoft's CDN for it: no
console errors (the CSP blocks nothing the page needs), a sentence saying it must be opened in
Excel, and axe-core finds no accessibility violations."""

from __future__ import annotations

import mimetypes

import pytest
from conftest import CHROMIUM
from support.liveserver import serving
from support.node import MODULES, require_node_packages
from support.server import TEAMS

CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/"
OFFICE_JS = MODULES / "@microsoft" / "office-js" / "dist"
AXE = MODULES / "axe-core" / "axe.min.js"


def open_pane(url: str):
    """Open the task pane; returns (status sentence, console errors, axe violations, CDN files)."""
    from playwright.sync_api import sync_playwright

    served, errors = [], []

    def from_npm(route):
        name = route.request.url[len(CDN):].split("?")[0]
        path = (OFFICE_JS / name).resolve()
        if not path.is_relative_to(OFFICE_JS.resolve()) or not path.is_file():
            route.fulfill(status=404, body="")
            return
        served.append(name)
        route.fulfill(status=200, body=path.read_bytes(),
                      content_type=mimetypes.guess_type(path.name)[0] or "text/javascript")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            tab = browser.new_page()
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.route(f"{CDN}**", from_npm)
            tab.goto(f"{url}/addin/taskpane.html")
            tab.wait_for_function(
                "() => !document.getElementById('status').textContent.startsWith('Starting')",
                timeout=30000)
            status = tab.text_content("#status")
            # axe-core goes in through the DevTools protocol: the page's own CSP (rightly)
            # refuses an injected script tag
            tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
            result = tab.evaluate("async () => await axe.run(document, "
                                  "{resultTypes: ['violations']})")
        finally:
            browser.close()
    violations = [{"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]]}
                  for v in result["violations"]]
    return status, errors, violations, served


@pytest.mark.slow
@pytest.mark.requires("chromium")
def test_outside_office_the_pane_says_to_open_it_in_excel(tmp_path):
    require_node_packages("@microsoft/office-js", "axe-core")
    from s55xl.server import ServerConfig, create_app

    config = ServerConfig(out=tmp_path / "srv", tokens=TEAMS)
    with serving(create_app(config)) as url:
        status, errors, violations, served = open_pane(url)
    assert "office.js" in served
    assert status.startswith("This is the s55xl add-in. It works inside Excel")
    assert errors == []
    assert violations == []
