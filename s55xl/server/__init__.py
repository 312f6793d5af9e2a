"""``s55xl serve``: the buttons' Python on one central server, for desktops without Python.

A workbook built with ``s55xl new --server URL`` posts itself as JSON with xlwings'
``RunServerPython`` (the VBA ``Remote`` module) to ``/validate``, ``/update-deadlines``,
``/generate-selected``, ``/generate-all`` or ``/progress-paper``; the app (:mod:`.app`) runs the same
:mod:`s55xl.excel` functions on ``xlwings.Book(json=payload)`` (:mod:`.engine`) and answers
``book.json()``, the actions the VBA client applies. Generated documents stay under ``--out``
and download from ``GET /files/…`` (:mod:`.files`). Access tokens: :mod:`.auth`; the request
checks (size, shape, time): :mod:`.payload` and :mod:`.app`; settings: :mod:`.config`.

Every answer that is not 200 is one plain sentence of text, because the VBA client shows a
non-200 body verbatim in a message box.
"""

from __future__ import annotations

from s55xl.server.config import ServerConfig

__all__ = ["ServerConfig", "create_app"]


def create_app(config: ServerConfig, entra=None):
    """The ASGI app for ``config`` (imports Starlette only when called); ``entra``: the
    :class:`s55xl.server.entra.EntraSettings` when Entra ID sign-in is on."""
    from s55xl.server.app import create_app as make

    return make(config, entra=entra)
