"""The add-in as ``s55xl serve`` serves it: the manifest (every required element, every URL on
``--public-url``, a stable ID, Entra's ``WebApplicationInfo``; read by Microsoft's
office-addin-manifest), the pages with their content types, cache headers and CSP, and the
icons at the sizes the manifest names."""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess

import pytest
from lxml import etree
from PIL import Image
from support.entra import AUDIENCE, CLIENT_ID, Tenant
from support.liveserver import serving
from support.node import ADDIN_TESTS, NODE, require_node_packages
from support.server import TEAMS, Running

from s55xl.addin import FOLDER

PUBLIC = "https://s55xl.force.local/governance"
NS = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
      "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
      "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
      "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
CSP = ("default-src 'none'; script-src 'self' https://appsforoffice.microsoft.com; "
       "style-src 'self'; img-src 'self' data:; "
       "connect-src 'self' https://appsforoffice.microsoft.com; "
       "frame-src https://appsforoffice.microsoft.com https://login.microsoftonline.com; "
       "base-uri 'none'; form-action 'none'")


@pytest.fixture
def start(tmp_path):
    from contextlib import ExitStack

    from s55xl.server import ServerConfig, create_app

    with ExitStack() as stack:
        def run(public_url=PUBLIC, entra=None) -> Running:
            config = ServerConfig(out=tmp_path / "srv", tokens=TEAMS, public_url=public_url)
            url = stack.enter_context(serving(create_app(config, entra)))
            return Running(url, 0, tmp_path / "srv")
        yield run


def manifest(server: Running) -> etree._Element:
    answer = server.request("GET", "/addin/manifest.xml", token=None)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/xml; charset=utf-8"
    return etree.fromstring(answer.body)


def one(root, path: str):
    found = root.xpath(path, namespaces=NS)
    assert len(found) == 1, f"{path}: {len(found)} found"
    return found[0]


def test_the_manifest_names_every_required_element(start):
    root = manifest(start())
    assert root.tag == f"{{{NS['o']}}}OfficeApp" and root.get(XSI_TYPE) == "TaskPaneApp"
    assert re.fullmatch(r"[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}", one(root, "o:Id").text)
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", one(root, "o:Version").text)
    for element in ("o:ProviderName", "o:DefaultLocale"):
        assert one(root, element).text
    for element in ("o:DisplayName", "o:Description", "o:IconUrl", "o:HighResolutionIconUrl",
                    "o:SupportUrl", "o:DefaultSettings/o:SourceLocation"):
        assert one(root, element).get("DefaultValue")
    assert one(root, "o:Hosts/o:Host").get("Name") == "Workbook"
    assert one(root, "o:Permissions").text == "ReadWriteDocument"
    # the order the schema requires for the top-level elements
    order = [etree.QName(e).localname for e in root]
    expected = ["Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description",
                "IconUrl", "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts",
                "Requirements", "DefaultSettings", "Permissions", "VersionOverrides"]
    assert [e for e in order if e in expected] == expected

    host = one(root, "ov:VersionOverrides/ov:Hosts/ov:Host")
    assert host.get(XSI_TYPE) == "Workbook"
    runtime = one(host, "ov:Runtimes/ov:Runtime")
    assert runtime.get("lifetime") == "long"
    form = one(host, "ov:DesktopFormFactor")
    assert one(form, "ov:FunctionFile").get("resid") == runtime.get("resid")
    tab = one(form, "ov:ExtensionPoint[@xsi:type='PrimaryCommandSurface']/ov:OfficeTab")
    assert tab.get("id") == "TabHome"
    group = one(tab, "ov:Group")
    labels = {s.get("id"): s.get("DefaultValue")
              for s in root.xpath("//bt:ShortStrings/bt:String", namespaces=NS)}
    assert labels[one(group, "ov:Label").get("resid")] == "s55xl"
    functions = {labels[c.xpath("ov:Label", namespaces=NS)[0].get("resid")]:
                 c.xpath("ov:Action/ov:FunctionName", namespaces=NS)[0].text
                 for c in group.xpath("ov:Control[ov:Action/@xsi:type='ExecuteFunction']",
                                      namespaces=NS)}
    assert list(functions) == ["Validate", "Update deadlines", "Generate selected",
                               "Generate all", "Progress paper"]
    # each function the ribbon calls is one the task pane's script associates
    script = (FOLDER / "js" / "taskpane.js").read_text(encoding="utf-8")
    associated = re.findall(r"^  (\w+): \"[\w-]+\",$", script, flags=re.M)
    assert sorted(functions.values()) == sorted(associated)
    one(group, "ov:Control[ov:Action/@xsi:type='ShowTaskpane']")
    # every resid used is defined once in Resources
    defined = [e.get("id") for e in root.xpath("//ov:Resources//*[@id]", namespaces=NS)]
    assert len(defined) == len(set(defined))
    used = {e.get("resid") for e in root.xpath("//*[@resid]")}
    assert used <= set(defined), used - set(defined)
    for icon in group.xpath(".//ov:Icon", namespaces=NS):
        sizes = [i.get("size") for i in icon.xpath("bt:Image", namespaces=NS)]
        assert sizes == ["16", "32", "80"]
    assert not root.xpath("//ov:WebApplicationInfo", namespaces=NS)


def test_every_url_starts_with_the_public_url_and_each_icon_is_its_size(start):
    server = start()
    root = manifest(server)
    urls = [e.get("DefaultValue") for e in root.xpath("//*[@DefaultValue]")
            if "://" in (e.get("DefaultValue") or "")]
    assert len(urls) >= 12
    assert all(u.startswith(PUBLIC + "/addin/") for u in urls), urls
    assert one(root, "o:AppDomains/o:AppDomain").text == "https://s55xl.force.local"
    images = root.xpath("//bt:Images/bt:Image", namespaces=NS)
    assert sorted(int(i.get("id").split(".")[1]) for i in images) == [16, 20, 24, 32, 40, 48, 64, 80]
    for image in images:
        path = image.get("DefaultValue")[len(PUBLIC):]
        answer = server.request("GET", path, token=None)
        assert answer.status == 200 and answer.headers["content-type"] == "image/png"
        size = int(image.get("id").split(".")[1])
        assert Image.open(io.BytesIO(answer.body)).size == (size, size)
    for page in (one(root, "o:DefaultSettings/o:SourceLocation").get("DefaultValue"),
                 one(root, "o:SupportUrl").get("DefaultValue")):
        assert server.request("GET", page[len(PUBLIC):], token=None).status == 200


def test_the_add_in_id_is_stable_per_server(start):
    first = one(manifest(start()), "o:Id").text
    assert one(manifest(start()), "o:Id").text == first
    assert one(manifest(start(public_url="https://other.force.local")), "o:Id").text != first


def test_with_entra_the_manifest_names_the_app_registration(start):
    tenant = Tenant()
    try:
        root = manifest(start(entra=tenant.settings()))
    finally:
        tenant.close()
    info = one(root, "ov:VersionOverrides/ov:WebApplicationInfo")
    assert one(info, "ov:Id").text == CLIENT_ID
    assert one(info, "ov:Resource").text == AUDIENCE
    assert [s.text for s in info.xpath("ov:Scopes/ov:Scope", namespaces=NS)] == ["openid", "profile"]
    assert etree.QName(root.xpath("ov:VersionOverrides/*", namespaces=NS)[-1]).localname == \
        "WebApplicationInfo"
    config = json.loads(start(entra=None).request("GET", "/addin/config.json", token=None).body)
    assert config["entra"] is False


def test_microsofts_manifest_reader_reads_it(start, tmp_path):
    require_node_packages("office-addin-manifest")
    path = tmp_path / "manifest.xml"
    path.write_bytes(start().request("GET", "/addin/manifest.xml", token=None).body)
    script = ("require('office-addin-manifest').OfficeAddinManifest.readManifestFile(process.argv[1])"
              ".then(i => console.log(JSON.stringify(i)))"
              ".catch(e => { console.error(String(e)); process.exit(1); })")
    done = subprocess.run([NODE, "-e", script, str(path)], cwd=ADDIN_TESTS, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["officeAppType"] == "TaskPaneApp" and info["hosts"] == ["Workbook"]
    assert info["defaultSettings"]["sourceLocation"] == f"{PUBLIC}/addin/taskpane.html"
    assert info["displayName"] == "s55xl" and info["manifestType"] == "xml"


@pytest.mark.parametrize("path, kind, cache", [
    ("/addin/taskpane.html", "text/html; charset=utf-8", "no-cache"),
    ("/addin/help.html", "text/html; charset=utf-8", "no-cache"),
    ("/addin/taskpane.css", "text/css; charset=utf-8", "no-cache"),
    ("/addin/js/client.js", "text/javascript; charset=utf-8", "no-cache"),
    ("/addin/js/payload.js", "text/javascript; charset=utf-8", "no-cache"),
    ("/addin/icons/icon-32.png", "image/png", "public, max-age=86400"),
    ("/addin/config.json", "application/json", "no-store"),
    ("/addin/manifest.xml", "application/xml; charset=utf-8", "no-cache"),
])
def test_each_file_has_its_type_cache_header_and_csp(start, path, kind, cache):
    answer = start().request("GET", path, token=None)
    assert answer.status == 200
    assert answer.headers["content-type"] == kind
    assert answer.headers["cache-control"] == cache
    assert answer.headers["content-security-policy"] == CSP
    assert answer.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/addin/../server/app.py", "/addin/__init__.py",
                                  "/addin/%2e%2e/server/app.py", "/addin/nothing.js",
                                  "/addin/js/../../server/entra.py"])
def test_nothing_but_the_add_in_files_is_served(start, path):
    answer = start().request("GET", path, token=None)
    assert answer.status == 404
    assert b"import" not in answer.body


def test_every_script_the_page_loads_is_allowed_by_the_csp():
    page = (FOLDER / "taskpane.html").read_text(encoding="utf-8")
    sources = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert sources == ["https://appsforoffice.microsoft.com/lib/1/hosted/office.js",
                       "js/taskpane.js"]
    assert "<script>" not in page and " style=" not in page and "onclick" not in page


def test_an_office_js_payload_gets_the_task_panes_summary_and_the_vba_client_does_not(
        start, demo_payload):
    server = start()
    office = copy.deepcopy(demo_payload)
    office["client"] = "Office.js"
    for sheet in office["sheets"]:
        sheet["notes"], sheet["notes_supported"] = [], True
    from support.xlpayload import set_cell

    set_cell(office, "Recommendations", "F2", "")
    answer = server.post("/validate", office)
    assert answer.status == 200, answer.text
    summary = answer.json()["s55xl"]
    assert summary["ok"] is True
    assert "Validate: Checked 1 report and 6 recommendations: 1 warning" in summary["status"]
    assert [(f["sheet"], f["cell"], f["severity"]) for f in summary["findings"]] == \
        [("Recommendations", "F2", "warning")]
    assert summary["findings_total"] == 1
    assert "addNote" in [a["func"] for a in answer.json()["actions"]]
    vba = server.post("/validate", demo_payload)
    assert vba.status == 200 and list(vba.json()) == ["actions"]


def test_the_task_pane_lists_the_first_200_findings_and_counts_them_all(tmp_path):
    from s55xl.excel import Outcome
    from s55xl.findings import Finding
    from s55xl.server.addin import summary

    findings = [Finding("warning", "blank", "Recommendations", f"F{n}", n, "Force response",
                        f"row {n}") for n in range(2, 252)]
    doc = tmp_path / "NCPI-2019 Board paper DRAFT.docx"
    made = summary(Outcome(ok=True, status="done", findings=findings, documents=[doc]),
                   lambda path: f"https://s55xl.force.local/files/{path.name}")
    assert made["findings_total"] == 250
    assert [f["cell"] for f in made["findings"]] == [f"F{n}" for n in range(2, 202)]
    assert made["documents"] == [{"name": doc.name, "format": "docx", "report_id": None,
                                  "kind": None, "url": f"https://s55xl.force.local/files/{doc.name}"}]
