"""The Excel add-in's files: the manifest template, the task pane page (also the ribbon's
function file, in one shared runtime), its JavaScript client and the icons.

Package data only: ``s55xl serve`` serves them (:mod:`s55xl.server.addin`); the tests drive the
JavaScript under Node (tests/addin). :data:`FOLDER` is where they are.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).parent
