"""Where a button's documents go: the Settings output folder, resolved against the workbook.

``Output folder`` on the Settings sheet is relative to the workbook's folder unless it is a full
path. A workbook opened from OneDrive or SharePoint reports an ``https://`` address instead of a
folder; it is mapped to the locally synced folder the way xlwings does it
(:func:`xlwings.utils.fullname_url_to_local_path`, configured by the ``ONEDRIVE_CONSUMER_*``,
``ONEDRIVE_COMMERCIAL_*`` and ``SHAREPOINT_*`` keys of the workbook's xlwings.conf sheet or the
user's xlwings.conf file). On Windows and macOS xlwings' own ``Book.fullname`` already does this
and raises when it cannot. When the folder cannot be found — or the workbook has never been
saved — documents go to a folder under the user's Documents (or home) folder instead, and the
reason is passed back so the button can say where the files went.

When the buttons run on ``s55xl serve`` (a :class:`ServerFolder` is given) the workbook's own
folder is on someone's PC, out of the server's reach: documents go to the team's folder on the
server, one folder per workbook name (its name plus a code only the server can work out, so no
one guesses another's address), and each file gets a download address. The Output folder
setting is then confined (:mod:`s55xl.confine`): a full path is used only inside a folder IT
allowed with ``--allow-path`` (a shared drive both can see), nothing is expanded, no link is
followed, and anything else falls back to the team's folder with a reason that reveals nothing
about the server's files.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from s55xl.confine import Confinement, Outside
from s55xl.errors import S55Error

FALLBACK_FOLDER = "s55xl-output"


@dataclass(frozen=True)
class OutputFolder:
    """``path`` receives the documents; ``fallback_reason`` says why it is not the usual one."""

    path: Path
    workbook_folder: Path | None
    fallback_reason: str | None = None
    link: Callable[[Path], str] | None = None  # a file's download address; None: no links
    confine: Confinement | None = None  # on the server: what template paths may name

    @property
    def template_base(self) -> Path:
        """Where relative template paths start: the workbook's folder (or the Documents
        folder when it is not known); on the server, the team's folder."""
        if self.confine is not None:
            return self.confine.home
        return self.workbook_folder or documents_folder()


@dataclass(frozen=True)
class ServerFolder:
    """Where a server run keeps documents: ``root`` is the team's folder, documents go to
    ``root``/``folder_name(workbook name)``; ``link`` gives the download address of a file under
    ``root``; ``allow`` are the folders IT lets Settings name besides ``root``."""

    root: Path
    link: Callable[[Path], str]
    folder_name: Callable[[str], str] | None = None
    allow: tuple[Path, ...] = ()

    @property
    def confine(self) -> Confinement:
        return Confinement(self.root, (self.root, *self.allow))


def workbook_folder_name(name: str) -> str:
    """A folder name for a workbook's documents on the server: its name without the extension,
    with anything but letters, digits, spaces, dots, dashes and underscores made ``_``."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    safe = re.sub(r"[^\w .-]", "_", stem, flags=re.ASCII).strip(" .")
    return safe[:100] or "workbook"


def _conf_key(kind: str) -> str:
    return f"{kind}_{'WIN' if sys.platform.startswith('win') else 'MAC'}"


def workbook_folder(book) -> tuple[Path | None, str | None]:
    """The folder the workbook lives in, or ``(None, why not)``."""
    try:
        full = book.fullname
    except Exception as exc:  # noqa: BLE001 - xlwings raises when OneDrive cannot be mapped
        return None, f"the workbook's OneDrive/SharePoint folder could not be found ({exc})"
    if "://" in full:
        full, why = _map_url(book, full)
        if full is None:
            return None, why
    path = Path(full)
    if not path.is_absolute() or not path.parent.is_dir():
        return None, "the workbook's folder is not known (it may not have been saved yet)"
    return path.parent, None


def _map_url(book, url: str) -> tuple[str | None, str | None]:
    from xlwings import utils

    try:
        conf = utils.read_config_sheet(book)
        return utils.fullname_url_to_local_path(
            url=url,
            sheet_onedrive_consumer_config=conf.get(_conf_key("ONEDRIVE_CONSUMER")) or None,
            sheet_onedrive_commercial_config=conf.get(_conf_key("ONEDRIVE_COMMERCIAL")) or None,
            sheet_sharepoint_config=conf.get(_conf_key("SHAREPOINT")) or None,
        ), None
    except Exception as exc:  # noqa: BLE001 - any failure means: not synced locally
        return None, (f"the workbook is on OneDrive/SharePoint ({url}) and its synced folder "
                      f"could not be found ({exc}); set {_conf_key('ONEDRIVE_COMMERCIAL')} or "
                      f"{_conf_key('SHAREPOINT')} in your own xlwings.conf file (in the .xlwings "
                      "folder of your user profile) to the local folder")


def documents_folder() -> Path:
    """The user's Documents folder (or home folder when there is none)."""
    home = Path.home()
    docs = home / "Documents"
    return docs if docs.is_dir() else home


def _on_server(book, setting: str, server: ServerFolder) -> OutputFolder:
    confine = server.confine
    given, reason = (setting or "").strip().strip('"'), None
    if given and Path(given).is_absolute() or given.startswith(("~", "$", "%", "\\\\")):
        try:
            if not server.allow or not Path(given).is_absolute():
                raise Outside(given)
            shared = Confinement(server.allow[0], server.allow).make_folder(given)
            return OutputFolder(shared, None, None, None, confine)
        except (Outside, OSError):
            reason = ("the Output folder on the Settings sheet is not a folder this server may "
                      "write to (ask IT which shared folders it can use)")
    name = (server.folder_name or workbook_folder_name)(book.name)
    try:
        out = confine.make_folder(name)
    except (Outside, OSError):
        raise S55Error("The s55xl server cannot keep documents for this workbook. Please tell "
                       "IT: the team's folder under its --out folder is not writable.") from None
    return OutputFolder(out, None, reason, server.link, confine)


def resolve(book, setting: str, server: ServerFolder | None = None) -> OutputFolder:
    """The folder for this run's documents, created if needed. Raises :class:`S55Error`.

    ``server`` None: the buttons run on the user's PC; otherwise on ``s55xl serve``.
    """
    if server is not None:
        return _on_server(book, setting, server)
    raw = os.path.expandvars(os.path.expanduser((setting or "").strip())) or FALLBACK_FOLDER
    given = Path(raw)
    folder, why = workbook_folder(book)
    if given.is_absolute():
        out, reason = given, None
    elif folder is not None:
        out, reason = folder / given, None
    else:
        out, reason = documents_folder() / given, why
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise S55Error(
            f"The output folder {out} cannot be created ({exc.strerror or exc}). Set 'Output "
            "folder' on the Settings sheet to a folder you can write to.") from None
    return OutputFolder(out, folder, reason)
