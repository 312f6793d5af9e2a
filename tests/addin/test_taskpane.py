"""The task pane opened in headless Chromium outside Office, with the real Office.js from the
npm registry (@microsoft/office-js) served where the page asks Microsoft's CDN for it: no
console errors (the CSP blocks nothing the page needs), a sentence saying it must be opened in
Excel, and axe-core finds no accessibility violations."""

from __future__ import annotations

import contextlib
import json
import mimetypes

import pytest
from conftest import CHROMIUM
from support.liveserver import serving
from support.node import MODULES, require_node_packages
from support.server import TEAMS

CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/"
OFFICE_JS = MODULES / "@microsoft" / "office-js" / "dist"
AXE = MODULES / "axe-core" / "axe.min.js"


@contextlib.contextmanager
def pane(playwright, url: str, errors: list, office_js):
    """Headless Chromium on the task pane at ``url``, Office.js answered by the route handler
    ``office_js``, console errors and page errors collected in ``errors``."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"])
    try:
        tab = browser.new_page()
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.route(f"{CDN}**", office_js)
        tab.goto(f"{url}/addin/taskpane.html")
        yield tab
    finally:
        browser.close()


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

    with sync_playwright() as p, pane(p, url, errors, from_npm) as tab:
        tab.wait_for_function(
            "() => !document.getElementById('status').textContent.startsWith('Starting')",
            timeout=30000)
        status = tab.text_content("#status")
        # axe-core goes in through the DevTools protocol: the page's own CSP (rightly)
        # refuses an injected script tag
        tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
        result = tab.evaluate("async () => await axe.run(document, "
                              "{resultTypes: ['violations']})")
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


# A stand-in for Office.js inside Excel: the host says Excel, the ribbon's functions are
# recorded, and Excel.run either answers a canned button result (the client's round trip is
# tested under Node) or runs the callback on a context that records selections.
OFFICE_IN_EXCEL = """
window.__calls = [];
window.__ribbon = {};
window.Office = {
  HostType: { Excel: "Excel" },
  onReady(callback) {
    const info = { host: "Excel", platform: "OfficeOnline" };
    setTimeout(() => callback(info), 0);
    return Promise.resolve(info);
  },
  actions: { associate(name, fn) { window.__ribbon[name] = fn; } },
  addin: { showAsTaskpane: async () => { window.__calls.push(["show"]); } },
  context: { requirements: { isSetSupported: () => true } },
};
const context = {
  workbook: { worksheets: { getItem: (name) => ({
    activate() { window.__calls.push(["activate", name]); },
    getRange: (cell) => ({ select() { window.__calls.push(["select", name, cell]); } }),
  }) } },
  sync: async () => {},
};
window.Excel = {
  run: async (callback) => (window.__result ? window.__result : callback(context)),
};
"""

RESULT = {
    "ok": True,
    "status": "03/12/2026 10:00 Validate: Checked 1 report and 6 recommendations: 1 warning.",
    "findings": [{"severity": "warning", "sheet": "Recommendations", "cell": "F2",
                  "message": "NCPI-2019 3.1: Force response is blank."}],
    "documents": [{"name": "NCPI-2019 Board paper DRAFT.docx",
                   "url": "https://s55xl.force.local/files/governance/tracker/x.docx"}],
    "alerts": [],
}


@pytest.mark.slow
@pytest.mark.requires("chromium")
def test_in_excel_the_pane_asks_for_the_token_then_shows_findings_and_documents(tmp_path):
    require_node_packages("axe-core")
    from playwright.sync_api import sync_playwright

    from s55xl.server import ServerConfig, create_app

    config = ServerConfig(out=tmp_path / "srv", tokens=TEAMS)
    errors = []

    def office_in_excel(route):
        route.fulfill(status=200, body=OFFICE_IN_EXCEL, content_type="text/javascript")

    with serving(create_app(config)) as url, sync_playwright() as p, \
            pane(p, url, errors, office_in_excel) as tab:
        tab.wait_for_function("() => document.getElementById('status').textContent"
                              ".startsWith('Ready')")
        assert sorted(tab.evaluate("() => Object.keys(window.__ribbon)")) == [
            "generateAll", "generateSelected", "progressPaper", "updateDeadlines", "validate"]
        assert tab.is_visible("#token-form")

        tab.click("button[data-action=validate]")
        tab.wait_for_function("() => document.getElementById('status').textContent"
                              " === 'Validate: stopped.'")
        assert "Enter your team's access token" in tab.text_content("#token-help")

        tab.fill("#token-input", TEAMS[0][1])
        tab.click("#token-form button[type=submit]")
        assert tab.evaluate("() => localStorage.getItem('s55xl.teamToken')") == TEAMS[0][1]
        assert tab.text_content("#status") == "Token saved. Press the button again."

        tab.evaluate(f"() => {{ window.__result = {json.dumps(RESULT)}; }}")
        tab.evaluate("() => window.__ribbon.validate({ completed() { window.__done = 1; } })")
        tab.wait_for_function("() => window.__done === 1")
        assert tab.text_content("#status") == RESULT["status"]
        assert tab.text_content("#findings-heading") == "1 finding"
        assert tab.text_content("#finding-list li") == (
            "Recommendations!F2 Warning: NCPI-2019 3.1: Force response is blank.")
        assert tab.text_content("#document-list a") == "NCPI-2019 Board paper DRAFT.docx"
        assert tab.evaluate("() => window.__calls")[0] == ["show"]

        tab.evaluate("() => { window.__result = null; }")
        tab.click("#finding-list a")
        tab.wait_for_function("() => window.__calls.some(c => c[0] === 'select')")
        assert tab.evaluate("() => window.__calls.slice(-2)") == [
            ["activate", "Recommendations"], ["select", "Recommendations", "F2"]]

        tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
        result = tab.evaluate("async () => await axe.run(document, "
                              "{resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"]] == []
    assert errors == []
