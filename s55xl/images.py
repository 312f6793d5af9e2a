"""The letterhead's pictures: the Settings ``Logo`` and ``Signature image``.

Each is a PNG or JPEG file named relative to the workbook's folder (or a full path). Before a
document uses one, :func:`check` makes sure it is there, really is a PNG or JPEG (by its
content, not its name — Pillow reads it) and of a sensible size: small enough to keep the
documents light, big enough to print clearly. Problems come back in staff's words, saying what
to do.

Run by ``s55xl serve``, a picture's name is confined like a template's (:mod:`s55xl.confine`):
it resolves in the team's folder on the server or a folder IT allowed, never through a link,
with the same answer for anything outside whether or not it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from s55xl.confine import Confinement, Outside

FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # MPO: a JPEG from some cameras
MAX_BYTES = 5 * 1024 * 1024
MIN_PIXELS = 40
MAX_PIXELS = 8000


@dataclass(frozen=True)
class Picture:
    """A usable picture: its path, format (``PNG``/``JPEG``) and size in pixels."""

    path: Path
    format: str
    width: int
    height: int


class PictureProblem(ValueError):
    """The picture cannot be used; the message says why and what to do."""


def resolve(value: str, base_dir: Path) -> Path:
    """The file a setting names: relative to ``base_dir`` unless a full path."""
    path = Path(value.strip().strip('"')).expanduser()
    return path if path.is_absolute() else Path(base_dir) / path


def check(value: str, base_dir: Path, confine: Confinement | None = None) -> Picture:
    """The picture the setting ``value`` names, or :class:`PictureProblem`.

    ``confine``: the server's rules for this team (None: the user's own machine)."""
    from PIL import Image, UnidentifiedImageError

    if confine is not None:
        try:
            path = confine.locate(value)
        except Outside:
            raise PictureProblem("the picture is not in your team's folder on the s55xl server. "
                                 "Ask IT to put it there and give its name.") from None
        if path.is_symlink() or not path.is_file():
            raise PictureProblem("the picture is not in your team's folder on the s55xl server. "
                                 "Ask IT to put it there and give its name.")
    else:
        path = resolve(value, base_dir)
    if not path.is_file():
        where = "" if Path(value.strip()).is_absolute() else f" (looked in {Path(base_dir)})"
        raise PictureProblem(f"there is no file {path.name}{where}. Put the picture in the "
                             "workbook's folder, or type its full path.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PictureProblem(f"{path.name} is {size / 1024 / 1024:.1f} MB, too big for a "
                             f"letterhead (at most {MAX_BYTES // 1024 // 1024} MB). Save a smaller "
                             "copy (e.g. 600 pixels wide) and name that instead.")
    try:
        with Image.open(path) as im:
            kind = FORMATS.get(im.format or "")
            width, height = im.size
    except (UnidentifiedImageError, OSError):
        kind = None
        width = height = 0
    if kind is None:
        raise PictureProblem(f"{path.name} is not a PNG or JPEG picture. Save it as PNG or "
                             "JPEG (e.g. from Paint: Save as, PNG picture).")
    if min(width, height) < MIN_PIXELS:
        raise PictureProblem(f"{path.name} is only {width}×{height} pixels and would print "
                             f"blurred. Use a picture at least {MIN_PIXELS} pixels each way.")
    if max(width, height) > MAX_PIXELS:
        raise PictureProblem(f"{path.name} is {width}×{height} pixels, far more than a "
                             f"letterhead needs (at most {MAX_PIXELS}). Save a smaller copy.")
    return Picture(path, kind, width, height)


def usable(value: str, base_dir: Path, confine: Confinement | None = None) -> Picture | None:
    """The picture, or None when the setting is blank or the picture cannot be used (``s55xl
    validate`` says why)."""
    if not (value or "").strip():
        return None
    try:
        return check(value, base_dir, confine)
    except PictureProblem:
        return None
