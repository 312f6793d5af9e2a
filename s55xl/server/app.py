"""The Starlette app: the buttons, the document downloads and a health check.

Each button request is checked in this order, each failure one sentence of plain text: the
token, which names the caller's team (401 none, 403 wrong), the size (413 over ``max_body``,
from ``Content-Length`` and while reading), the time the body takes to arrive (408), the JSON
and its shape (400, see :mod:`.payload`), the xlwings release (400). The button then runs in a
worker process (:mod:`.engine`) — at most ``workers`` at once, so one slow Generate all never
holds up everyone else — within ``time_limit``: past it the process is stopped and only then is
its place freed (504). Every request is logged on one line (time, team, user name as sent,
workbook, action, status, outcome, duration), never cell contents.

A team sees only its own documents (:mod:`.files`). Downloads are sent as attachments with
``Cache-Control: no-store``, ``X-Content-Type-Options: nosniff`` and a Content-Security-Policy
that lets nothing run, so a generated page opened from the server is inert.
"""

from __future__ import annotations

import logging
import time
import traceback
from functools import partial

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from s55xl import __version__
from s55xl.errors import S55Error
from s55xl.excel.paths import ServerFolder
from s55xl.server import addin, auth, engine, files
from s55xl.server.config import ServerConfig, server_key
from s55xl.server.entra import EntraRefused, EntraSettings, EntraVerifier, looks_like_jwt
from s55xl.server.payload import BadRequest, check_version, parse

log = logging.getLogger("s55xl.server")
USER_HEADER = "x-s55xl-user"
TOKEN_HELP = ("Ask IT for your s55xl access token and put it as AUTH in your own xlwings.conf "
              "file or on the workbook's xlwings.conf sheet.")
SAFE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
LISTING_CSP = "default-src 'none'; frame-ancestors 'none'"


class Refused(Exception):
    def __init__(self, status: int, sentence: str, headers: dict | None = None) -> None:
        super().__init__(sentence)
        self.status, self.sentence, self.headers = status, sentence, headers or {}


def _text(status: int, sentence: str, headers: dict | None = None) -> PlainTextResponse:
    return PlainTextResponse(sentence, status_code=status, headers={**SAFE_HEADERS,
                                                                    **(headers or {})})


def _clean(value: str | None, limit: int = 80) -> str:
    """A header or name as it may appear in the log: printable, short, no spaces."""
    if not value:
        return "-"
    text = "".join(c if c.isprintable() and not c.isspace() else "_" for c in value)
    return text[:limit]


def create_app(config: ServerConfig, workers: engine.Workers | None = None,
               entra: EntraSettings | None = None) -> Starlette:
    config.out.mkdir(parents=True, exist_ok=True)
    out = config.out.resolve()
    key = config.key or server_key(out)
    for team in config.teams + ((entra.team,) if entra is not None and entra.team else ()):
        (out / team).mkdir(exist_ok=True)
    limiter = anyio.CapacityLimiter(config.workers)
    workers = workers or engine.Workers()
    xlwings_version = _xlwings_version()

    def base_url(request: Request) -> str:
        return config.public_url or str(request.base_url).rstrip("/")

    def caller(request: Request, *, browser: bool = False) -> auth.Caller:
        token = auth.presented(request.headers.get("authorization"))
        ask = {"WWW-Authenticate": 'Basic realm="s55xl", charset="UTF-8"'} if browser else None
        if token is None:
            raise Refused(401, f"s55xl: this request carried no access token. {TOKEN_HELP}", ask)
        team = auth.team_of(token, config.tokens)
        if team is None:
            raise Refused(403, f"s55xl: the access token was not accepted (it may have been "
                               f"replaced). {TOKEN_HELP}", ask)
        request.state.team = team
        return auth.Caller(team, auth.claimed_user(request.headers.get(USER_HEADER)))

    # -- Entra ID sign-in (the Excel add-in): a signed-in user is checked before the team
    #    tokens; the team is the user's app role naming a configured team, else --entra-team.
    verifier = EntraVerifier(entra) if entra is not None else None

    async def identify(request: Request, *, browser: bool = False) -> auth.Caller:
        token = auth.presented(request.headers.get("authorization"))
        if verifier is None or not token or not looks_like_jwt(token):
            return caller(request, browser=browser)
        try:
            user = await anyio.to_thread.run_sync(verifier.verify, token)
            team = verifier.team(user, config.teams)
        except EntraRefused as exc:
            raise Refused(exc.status, exc.sentence) from None
        request.state.team = team
        return auth.Caller(team, user.label, verified=True)
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
        who, workbook, outcome, status = None, None, "-", 200
        try:
            who = await identify(request)
            body = await read_body(request)
            payload = parse(body)
            workbook = payload["book"]["name"]
            check_version(payload, xlwings_version)
            server = ServerFolder(out / who.team, partial(files.link, base_url(request), out),
                                  partial(files.folder_name, key, who.team), config.allow_paths)
            job = partial(workers.run, action, body, user=who.recorded, server=server,
                          time_limit=config.time_limit)
            try:
                done = await anyio.to_thread.run_sync(job, limiter=limiter)
            except engine.TimedOut:
                raise Refused(504, f"s55xl: the server took longer than "
                                   f"{config.time_limit:g} seconds, so it stopped the run; "
                                   "nothing in the workbook was changed. Press the button "
                                   "again later, or generate one report at a time.") from None
            outcome = ("ok" if done.ok else "stopped") + (
                f" findings={done.findings} documents={done.documents}")
            return Response(done.actions, media_type="application/json",
                            headers={"Cache-Control": "no-store"})
        except Refused as exc:
            status, outcome = exc.status, "refused"
            return _text(exc.status, exc.sentence, exc.headers)
        except BadRequest as exc:
            status, outcome = 400, "bad request"
            return _text(400, str(exc))
        except S55Error as exc:
            status, outcome = 500, "not configured"
            log.error("not configured: %s", exc)
            return _text(500, "s55xl: the server is not set up to run the buttons. Please "
                              f"tell IT the time ({time.strftime('%H:%M')}).")
        except Exception as exc:  # noqa: BLE001 - never a traceback to the user
            status, outcome = 500, f"failed {type(exc).__name__}"
            if not isinstance(exc, engine.WorkerFailed):
                log.error("unexpected failure\n%s", traceback.format_exc())
            return _text(500, f"s55xl: the server could not finish; nothing in the workbook "
                              f"was changed. Please tell IT the time ({time.strftime('%H:%M')}).")
        finally:
            log.info("team=%s user=%s workbook=%s action=%s status=%d outcome=%s ms=%d",
                     who.team if who else "-", _clean(who.user if who else None),
                     _clean(workbook), action, status, outcome,
                     (time.monotonic() - started) * 1000)

    async def download(request: Request):
        started = time.monotonic()
        status, team = 200, "-"
        wanted = request.path_params["path"]
        try:
            team = (await identify(request, browser=True)).team
            found = files.find(out, team, wanted)
            if found is None:
                status = 404
                return _text(404, "s55xl: there is no such document on the server (it may "
                                  "have been removed). Press the Generate button again.")
            if found.is_dir():
                return HTMLResponse(files.index_page(out, found, base_url(request)),
                                    headers={**SAFE_HEADERS,
                                             "Content-Security-Policy": LISTING_CSP})
            return FileResponse(found, filename=found.name,
                                headers={**SAFE_HEADERS, "Content-Security-Policy": DOWNLOAD_CSP})
        except Refused as exc:
            status = exc.status
            return _text(exc.status, exc.sentence, exc.headers)
        except OSError:
            status = 404
            return _text(404, "s55xl: there is no such document on the server (it may have "
                              "been removed). Press the Generate button again.")
        finally:
            log.info("team=%s user=- workbook=%s action=download status=%d outcome=- ms=%d",
                     team, _clean(wanted.split("/")[1] if wanted.count("/") else "-"), status,
                     (time.monotonic() - started) * 1000)

    async def health(request: Request):
        return JSONResponse({"status": "ok", "s55xl": __version__, "xlwings": xlwings_version},
                            headers={"Cache-Control": "no-store"})

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
