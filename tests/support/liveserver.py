"""An ASGI app under uvicorn in a thread, on a free loopback port, for tests that need their own
``create_app`` arguments (Entra ID sign-in, the add-in)."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager


@contextmanager
def serving(app, header_time_limit: float = 20.0):
    """Yield the base URL (``http://127.0.0.1:PORT``) while ``app`` is served, as ``s55xl
    serve`` serves it (uvicorn with the header-read time limit)."""
    import uvicorn

    from s55xl.server.protocol import protocol

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           http=protocol(header_time_limit)))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()
