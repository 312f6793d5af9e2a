"""HTTP/1.1 with a time limit on a request's headers.

uvicorn limits how long an idle connection is kept (``timeout_keep_alive``) and the app limits
how long a body takes (:mod:`.app`), but nothing limits how long a client may take to send its
headers: a client sending one header line a minute would hold a connection for ever, and a few
hundred such clients would hold them all. :func:`protocol` gives uvicorn's own h11 protocol a
timer from the first byte of each request (or the connection's start) to the end of its
headers; when it runs out the connection is closed.

Written here because uvicorn offers no such setting; it subclasses uvicorn's own protocol
rather than parsing HTTP itself.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol


class _HeaderTimeLimit(H11Protocol):
    header_time_limit = 20.0
    _header_timer: asyncio.TimerHandle | None = None

    def _waiting_for_headers(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _start_header_timer(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_time_limit,
                                                      self._headers_too_slow)

    def _stop_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_header_timer()

    def data_received(self, data: bytes) -> None:
        if self._waiting_for_headers():
            self._start_header_timer()
        before = self.cycle
        super().data_received(data)
        if self.cycle is not before:  # a request's headers arrived whole
            self._stop_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_header_timer()
        super().connection_lost(exc)

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self._waiting_for_headers() and not self.transport.is_closing():
            self.transport.close()


def protocol(header_time_limit: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol closing a connection whose headers take longer than the limit."""
    return type("S55xlHTTP", (_HeaderTimeLimit,), {"header_time_limit": header_time_limit})
