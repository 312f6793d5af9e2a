"""The Starlette app: the four buttons, the document downloads and a health check.

Each button request is checked in this order, each failure one sentence of plain text: the
token (401 none, 403 wrong), the size (413 over ``max_body``, from ``Content-Length`` and
while reading), the time the body takes to arrive (408), the JSON and its shape (400, see
:mod:`.payload`), the xlwings release (400). The button then runs in a worker thread —
at most ``workers`` at once, so one slow Generate all never holds up everyone else — within
``time_limit`` (504 after it). Every request is logged on one line (time, user name if sent,
workbook, action, status, outcome, duration), never cell contents.
"""

from __future__ import annotations

import logging
import time
import traceback
from functools import partial

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from starlette.routing import Route

from s55xl import __version__
from s55xl.errors import S55Error
from s55xl.excel.paths import ServerFolder
from s55xl.server import addin, auth, engine, files
from s55xl.server.config import ServerConfig
from s55xl.server.entra import EntraRefused, EntraSettings, EntraVerifier, looks_like_jwt
from s55xl.server.payload import BadRequest, check_version, parse

log = logging.getLogger("s55xl.server")
USER_HEADER = "x-s55xl-user"
TOKEN_HELP = ("Ask IT for your s55xl access token and put it as AUTH in your own xlwings.conf "
              "file or on the workbook's xlwings.conf sheet.")


class Refused(Exception):
    def __init__(self, status: int, sentence: str, headers: dict | None = None) -> None:
        super().__init__(sentence)
        self.status, self.sentence, self.headers = status, sentence, headers or {}


def _text(status: int, sentence: str, headers: dict | None = None) -> PlainTextResponse:
    return PlainTextResponse(sentence, status_code=status, headers=headers)


def _clean(value: str | None, limit: int = 80) -> str:
    """A header or name as it may appear in the log: printable, short, no spaces."""
    if not value:
        return "-"
    text = "".join(c if c.isprintable() and not c.isspace() else "_" for c in value)
    return text[:limit]


def create_app(config: ServerConfig, entra: EntraSettings | None = None) -> Starlette:
    config.out.mkdir(parents=True, exist_ok=True)
    limiter = anyio.CapacityLimiter(config.workers)
    xlwings_version = _xlwings_version()

    def base_url(request: Request) -> str:
        return config.public_url or str(request.base_url).rstrip("/")

    def check_token(request: Request, *, browser: bool = False) -> None:
        token = auth.presented(request.headers.get("authorization"))
        ask = {"WWW-Authenticate": 'Basic realm="s55xl", charset="UTF-8"'} if browser else None
        if token is None:
            raise Refused(401, f"s55xl: this request carried no access token. {TOKEN_HELP}", ask)
        if not auth.is_valid(token, config.tokens):
            raise Refused(403, f"s55xl: the access token was not accepted (it may have been "
                               f"replaced). {TOKEN_HELP}", ask)

    # -- Entra ID sign-in (the Excel add-in): checked before the team tokens --------------------
    verifier = EntraVerifier(entra) if entra is not None else None

    async def entra_user(request: Request):
        """The signed-in user when the request carries an Entra token, else None."""
        token = auth.presented(request.headers.get("authorization"))
        if verifier is None or not token or not looks_like_jwt(token):
            return None
        try:
            return await anyio.to_thread.run_sync(verifier.verify, token)
        except EntraRefused as exc:
            raise Refused(exc.status, exc.sentence) from None
    # -----------------------------------------------------------------------------------------

    async def read_body(request: Request) -> bytes:
        too_big = Refused(413, f"s55xl: the workbook is too large for the server (over "
                               f"{config.max_body // (1024 * 1024)} MB as sent). Move old "
                               "reports to an archive workbook and try again.")
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > config.max_body:
            raise too_big
        chunks, size = [], 0
        try:
            with anyio.fail_after(config.body_time_limit):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > config.max_body:
                        raise too_big
                    chunks.append(chunk)
        except TimeoutError:
            raise Refused(408, "s55xl: the workbook took too long to reach the server. Check "
                               "the network connection and press the button again.") from None
        return b"".join(chunks)

    async def button(request: Request):
        action = request.url.path.strip("/")
        started = time.monotonic()
        user = request.headers.get(USER_HEADER, "").strip()[:100]
        workbook, outcome = None, "-"
        status = 200
        try:
            signed_in = await entra_user(request)
            if signed_in is None:
                check_token(request)
            else:
                user = signed_in.label
            payload = parse(await read_body(request))
            workbook = payload["book"]["name"]
            check_version(payload, xlwings_version)
            url = base_url(request)
            server = ServerFolder(config.out, partial(files.link, url, config.out))
            job = partial(engine.run, action, payload, user=user, server=server)
            try:
                with anyio.fail_after(config.time_limit):
                    result, actions = await anyio.to_thread.run_sync(
                        job, limiter=limiter, abandon_on_cancel=True)
            except TimeoutError:
                raise Refused(504, f"s55xl: the server took longer than "
                                   f"{config.time_limit:g} seconds, so it stopped waiting; "
                                   "nothing in the workbook was changed. Press the button "
                                   "again later, or generate one report at a time.") from None
            outcome = ("ok" if result.ok else "stopped") + (
                f" findings={len(result.findings)} documents={len(result.documents)}")
            if payload.get("client") == "Office.js":  # the add-in's task pane shows these
                actions = {**actions, "s55xl": addin.summary(result, server.link)}
            return JSONResponse(actions)
        except Refused as exc:
            status, outcome = exc.status, "refused"
            return _text(exc.status, exc.sentence, exc.headers)
        except BadRequest as exc:
            status, outcome = 400, "bad request"
            return _text(400, str(exc))
        except S55Error as exc:
            status, outcome = 500, "not configured"
            return _text(500, f"s55xl: the server is not set up to run the buttons ({exc}) "
                              "Please tell IT.")
        except Exception as exc:  # noqa: BLE001 - never a traceback to the user
            status, outcome = 500, f"failed {type(exc).__name__}"
            log.error("unexpected failure\n%s", traceback.format_exc())
            return _text(500, f"s55xl: the server could not finish ({type(exc).__name__}); "
                              f"nothing in the workbook was changed. Please tell IT the time "
                              f"({time.strftime('%H:%M')}).")
        finally:
            log.info("user=%s workbook=%s action=%s status=%d outcome=%s ms=%d",
                     _clean(user), _clean(workbook), action, status, outcome,
                     (time.monotonic() - started) * 1000)

    async def download(request: Request):
        started = time.monotonic()
        status = 200
        wanted = request.path_params["path"]
        try:
            if await entra_user(request) is None:
                check_token(request, browser=True)
            found = files.find(config.out, wanted)
            if found is None:
                status = 404
                return _text(404, "s55xl: there is no such document on the server (it may "
                                  "have been removed). Press the Generate button again.")
            if found.is_dir():
                return HTMLResponse(files.index_page(config.out, found, base_url(request)))
            return FileResponse(found, filename=found.name)
        except Refused as exc:
            status = exc.status
            return _text(exc.status, exc.sentence, exc.headers)
        finally:
            log.info("user=- workbook=%s action=download status=%d outcome=- ms=%d",
                     _clean(wanted.split("/")[0]), status, (time.monotonic() - started) * 1000)

    async def health(request: Request):
        return JSONResponse({"status": "ok", "s55xl": __version__, "xlwings": xlwings_version})

    async def not_found(request: Request, exc):
        return _text(404, "s55xl: the server has no such address. The buttons use /validate, "
                          "/update-deadlines, /generate-selected, /generate-all and /progress-paper.")

    async def not_allowed(request: Request, exc):
        return _text(405, "s55xl: the buttons send workbooks with POST; downloads use GET.")

    routes = [Route(f"/{name}", button, methods=["POST"]) for name in engine.ACTIONS]
    routes += [Route("/health", health, methods=["GET"]),
               Route("/files/{path:path}", download, methods=["GET"])]
    routes += addin.routes(base_url, entra, xlwings_version)  # the Excel add-in's files
    return Starlette(routes=routes, exception_handlers={404: not_found, 405: not_allowed})


def _xlwings_version() -> str:
    import xlwings

    return xlwings.__version__
