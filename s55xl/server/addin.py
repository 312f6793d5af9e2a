"""The Excel add-in's files, served by ``s55xl serve`` under ``/addin/``.

- ``GET /addin/manifest.xml``: the add-in manifest with this server's address (``--public-url``,
  else the address the request came in on) in every URL, a stable add-in ID per server address
  (a UUID derived from it, so re-downloading the manifest never makes a second add-in) and, when
  Entra ID sign-in is configured, ``WebApplicationInfo`` naming the app registration.
- ``GET /addin/config.json``: what the task pane needs to know (is Entra sign-in on, the
  server's xlwings release); nothing secret.
- ``GET /addin/<file>``: the task pane page, its style sheet, the JavaScript modules and the
  icons, from the package (:mod:`s55xl.addin`), each with its content type.

None of these needs a token: Office loads them before anyone has signed in, and they hold no
data. Every answer carries a Content-Security-Policy that allows the pages exactly what they
use — their own scripts, styles, images and requests to this server, and Office.js from
Microsoft's CDN — and nothing else; pages are revalidated on every load (``no-cache``, so a new
release reaches users at once), icons may be cached for a day.
"""

from __future__ import annotations

import html
import json
import uuid
from string import Template
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from s55xl import __version__
from s55xl.addin import FOLDER

OFFICE_CDN = "https://appsforoffice.microsoft.com"
CSP = "; ".join([
    "default-src 'none'",
    f"script-src 'self' {OFFICE_CDN}",
    "style-src 'self'",
    "img-src 'self' data:",
    f"connect-src 'self' {OFFICE_CDN}",
    f"frame-src {OFFICE_CDN} https://login.microsoftonline.com",
    "base-uri 'none'",
    "form-action 'none'",
])
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
}
LISTED = 200  # findings listed in the task pane; the Findings sheet has every one
NAMESPACE = uuid.UUID("6f1d3c2e-55a5-4e1b-9c55-5a55c1a0d055")  # s55xl's own, for add-in IDs


def headers(cache: str) -> dict[str, str]:
    return {"Content-Security-Policy": CSP, "Cache-Control": cache,
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def addin_id(base_url: str) -> str:
    """The add-in's ID for the server at ``base_url``: the same every time, different per server."""
    return str(uuid.uuid5(NAMESPACE, base_url.rstrip("/").lower()))


def manifest(base_url: str, entra=None) -> str:
    """The manifest for the server at ``base_url``; ``entra``: its :class:`EntraSettings`."""
    base = base_url.rstrip("/")
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    web = ""
    if entra is not None and entra.client_id:
        resource = entra.resource or f"api://{parts.netloc}/{entra.client_id}"
        web = ("    <WebApplicationInfo>\n"
               f"      <Id>{html.escape(entra.client_id)}</Id>\n"
               f"      <Resource>{html.escape(resource)}</Resource>\n"
               "      <Scopes>\n"
               "        <Scope>openid</Scope>\n"
               "        <Scope>profile</Scope>\n"
               "      </Scopes>\n"
               "    </WebApplicationInfo>\n")
    numbers = [int(p) if p.isdigit() else 0 for p in __version__.split(".")[:4]]
    version = ".".join(str(n) for n in numbers + [0] * (4 - len(numbers)))
    template = Template((FOLDER / "manifest.xml").read_text(encoding="utf-8"))
    return template.substitute(
        addin_id=addin_id(base), version=version, provider="s55xl",
        base=html.escape(base, quote=True), origin=html.escape(origin, quote=True),
        web_application_info=web)


def summary(outcome, link) -> dict:
    """What the task pane shows of a run: the status line, the findings (the first
    :data:`LISTED`; ``findings_total`` counts them all, which the Findings sheet lists) and the
    documents. ``link`` turns a document's path into its download address."""
    return {
        "ok": outcome.ok,
        "status": outcome.status,
        "findings_total": len(outcome.findings),
        "findings": [{"severity": f.severity, "sheet": f.sheet, "cell": f.cell,
                      "message": f.message} for f in outcome.findings[:LISTED]],
        "documents": [_document(d, link) for d in outcome.documents],
    }


def _document(doc, link) -> dict:
    """A document made: a GeneratedDocument, or the path of one (the progress paper's)."""
    path = getattr(doc, "path", doc)
    return {"name": path.name, "url": link(path), "report_id": getattr(doc, "report_id", None),
            "kind": getattr(doc, "kind", None), "format": path.suffix.lstrip(".")}


def routes(base_url, entra, xlwings_version: str) -> list[Route]:
    """The add-in's routes; ``base_url(request)`` is the server's address as users reach it."""

    async def manifest_xml(request: Request) -> Response:
        return Response(manifest(base_url(request), entra), media_type="application/xml; charset=utf-8",
                        headers={**headers("no-cache"),
                                 "Content-Disposition": 'inline; filename="s55xl-manifest.xml"'})

    async def config_json(request: Request) -> Response:
        body = {"entra": entra is not None, "xlwings": xlwings_version, "s55xl": __version__}
        return Response(json.dumps(body), media_type="application/json",
                        headers=headers("no-store"))

    async def asset(request: Request) -> Response:
        wanted = request.path_params["path"]
        target = (FOLDER / wanted).resolve()
        kind = TYPES.get(target.suffix)
        if (kind is None or target.name == "manifest.xml" or not target.is_file()
                or not target.is_relative_to(FOLDER.resolve())):
            return Response("s55xl: the add-in has no such file.", status_code=404,
                            media_type="text/plain", headers=headers("no-store"))
        cache = "public, max-age=86400" if target.suffix == ".png" else "no-cache"
        return FileResponse(target, media_type=kind, headers=headers(cache))

    return [Route("/addin/manifest.xml", manifest_xml, methods=["GET"]),
            Route("/addin/config.json", config_json, methods=["GET"]),
            Route("/addin/{path:path}", asset, methods=["GET"])]
