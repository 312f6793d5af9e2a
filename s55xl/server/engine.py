"""Running one button on a payload with xlwings' remote engine, each run in its own process.

A run happens in a fresh worker process (:class:`Workers`), forked from a process that has
already imported xlwings and s55xl (``forkserver`` where the system has it, so a run starts in
milliseconds; ``spawn`` elsewhere). Two things follow: a run past the time limit is really
stopped — its process is killed, and only then is its place among the ``--workers`` freed — and
whatever a run holds (xlwings' remote engine keeps every posted Book and caches whole sheets)
goes back to the system when its process ends, so the server's memory does not grow with every
workbook posted.

The remote engine is registered the way xlwings' own ``__init__`` does it, which xlwings only
does at import when ``XLWINGS_LICENSE_KEY`` is set (``noncommercial`` is free for public bodies
under PolyForm Noncommercial; a commercial key otherwise).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import traceback
from dataclasses import dataclass
from datetime import date

from s55xl.errors import S55Error

ACTIONS = {
    "validate": "validate",
    "update-deadlines": "update_deadlines",
    "generate-selected": "generate_selected",
    "generate-all": "generate_all",
    "progress-paper": "progress_paper",
}
LICENCE_ENV = "XLWINGS_LICENSE_KEY"
PRELOAD = ["s55xl.server.engine", "s55xl.server.payload", "s55xl.excel.buttons",
           "s55xl.excel.book", "s55xl.excel.writes", "s55xl.excel.history", "s55xl.checks",
           "s55xl.model", "s55xl.validate", "s55xl.deadlines", "s55xl.history",
           "s55xl.documents.pipeline", "s55xl.documents.progress", "xlwings",
           "xlwings.pro._xlremote"]
log = logging.getLogger("s55xl.server")


def ensure_remote_engine() -> None:
    """Make ``xlwings.Book(json=…)`` available. Raises :class:`S55Error` without a licence key."""
    import xlwings

    if "remote" in [e.name for e in xlwings.engines]:
        return
    if not os.environ.get(LICENCE_ENV):
        raise S55Error(f"{LICENCE_ENV} is not set, and xlwings needs it to read workbooks sent "
                       f"to a server. Set it to your xlwings licence key, or to noncommercial "
                       f"for a public body's non-commercial use.")
    from xlwings.pro import _xlremote

    xlwings.engines.add(xlwings.Engine(impl=_xlremote.engine))


def run(action: str, payload: dict, *, user: str, server, today: date | None = None):
    """Run the button ``action`` (a key of :data:`ACTIONS`) on ``payload`` in this process.

    Returns ``(outcome, actions)``: the :class:`s55xl.excel.Outcome` and the actions for the
    client (``book.json()``).
    """
    import xlwings
    from xlwings.pro import _xlremote

    import s55xl.excel

    ensure_remote_engine()
    try:
        book = xlwings.Book(json=payload)
        button = getattr(s55xl.excel, ACTIONS[action])
        outcome = button(book, today=today, user=user, server=server)
        actions = book.json()
        if payload.get("client") == "Office.js":  # the Excel add-in's task pane shows these
            from s55xl.server.addin import summary

            actions = {**actions, "s55xl": summary(outcome, server.link)}
        return outcome, actions
    finally:
        _xlremote.get_range_api.cache_clear()


@dataclass(frozen=True)
class Done:
    """What a worker process sends back: the actions as JSON bytes and a summary for the log."""

    actions: bytes
    ok: bool
    findings: int
    documents: int


class TimedOut(Exception):
    """The run passed the time limit; its process has been stopped."""


class WorkerFailed(Exception):
    """The run failed in its process (the kind of error is the message); logged there."""


class Workers:
    """Starts one process a run (see the module docstring)."""

    def __init__(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        self._ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods
                                                else "spawn")
        if self._ctx.get_start_method() == "forkserver":
            self._ctx.set_forkserver_preload(PRELOAD)

    def run(self, action: str, body: bytes, *, user: str, server, time_limit: float,
            today: date | None = None) -> Done:
        """Run ``action`` on the JSON ``body`` in a new process and wait for it.

        Blocks for at most ``time_limit`` seconds plus the time to stop the process. Raises
        :class:`TimedOut` (the process is dead when this returns) or :class:`WorkerFailed`.
        """
        receive, send = self._ctx.Pipe(duplex=False)
        env = dict(os.environ)
        process = self._ctx.Process(target=_child, daemon=True, name=f"s55xl {action}",
                                    args=(send, action, body, user, server, today, env))
        process.start()
        send.close()
        try:
            if not receive.poll(time_limit):
                raise TimedOut(action)
            try:
                answer = receive.recv()
            except (EOFError, OSError):
                raise WorkerFailed(f"the worker process ended ({process.exitcode})") from None
        finally:
            receive.close()
            if process.is_alive():
                process.kill()
            process.join()
        if isinstance(answer, Done):
            return answer
        kind, text = answer
        if kind == "not configured":
            raise S55Error(text)
        raise WorkerFailed(text)


def _child(send, action: str, body: bytes, user: str, server, today, env: dict) -> None:
    """One run, in its own process: the result (or the kind of error) goes back on ``send``."""
    os.environ.clear()
    os.environ.update(env)
    try:
        from s55xl.server.payload import read_checked

        outcome, actions = run(action, read_checked(body), user=user, server=server, today=today)
        answer = Done(json.dumps(actions, ensure_ascii=False, separators=(",", ":"),
                                 default=str).encode("utf-8"),
                      bool(outcome.ok), len(outcome.findings), len(outcome.documents))
    except S55Error as exc:  # the server is not set up (e.g. no licence key): say so
        answer = ("not configured", str(exc))
    except Exception as exc:  # noqa: BLE001 - reported as a sentence by the app
        log.error("run failed\n%s", traceback.format_exc())
        answer = ("failed", type(exc).__name__)
    try:
        send.send(answer)
    finally:
        send.close()
