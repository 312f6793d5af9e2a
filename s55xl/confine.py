"""Paths a workbook names, kept inside the folders a shared server lets it use.

On the user's own PC a workbook's Settings (Output folder, the template paths) may name any
folder the user can reach. Run by ``s55xl serve`` for many teams, the same cells would steer
the server, so there they go through a :class:`Confinement`: a name resolves only inside the
team's own folder or a folder IT allowed (``--allow-path``); nothing is expanded (``~`` and
``$VAR`` are plain characters); ``..`` cannot climb out; and no symbolic link is followed on
the way. A name outside gets the same answer whether or not it exists, so the refusal reveals
nothing about the server's files.

Hand-written on purpose: the checks are a few lines of :mod:`os` (``lstat`` and, where the
system has them, ``O_NOFOLLOW`` opens relative to each folder in turn), and no library offers
"resolve under one of these roots, never through a link" for reading and creating folders.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class Outside(Exception):
    """The name is outside the allowed folders, passes through a link, or is not a plain
    file or folder; the same for every such name, existing or not."""


@dataclass(frozen=True)
class Confinement:
    """``home``: the team's folder, where relative names resolve; ``roots``: every folder a
    name may lie in (``home`` and IT's allowed folders). All real absolute paths."""

    home: Path
    roots: tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "roots", tuple(dict.fromkeys((self.home, *self.roots))))

    def locate(self, raw: str) -> Path:
        """The path ``raw`` names. Raises :class:`Outside` (see the module docstring)."""
        text = (raw or "").strip().strip('"')
        if not text or "\x00" in text:
            raise Outside(raw)
        given = PurePath(text)
        joined = given if given.is_absolute() else PurePath(self.home, given)
        path = Path(os.path.normpath(joined))
        for root in self.roots:
            if path == root or path.is_relative_to(root):
                _no_links(root, path)
                return path
        raise Outside(raw)

    def read_bytes(self, raw: str) -> bytes:
        """The bytes of the file ``raw`` names, opened without following any link.

        Raises :class:`Outside`, or ``FileNotFoundError``/``OSError`` for a file inside the
        allowed folders that is missing or unreadable.
        """
        path = self.locate(raw)
        root = next(r for r in self.roots if path == r or path.is_relative_to(r))
        parts = path.relative_to(root).parts
        if not parts:
            raise Outside(raw)
        if not _NOFOLLOW or os.open not in os.supports_dir_fd:
            if path.is_symlink() or not path.is_file():
                raise FileNotFoundError(path) if not path.exists() else Outside(raw)
            return path.read_bytes()
        fd = os.open(root, os.O_RDONLY | _DIRECTORY)
        try:
            for part in parts[:-1]:
                nxt = _open_at(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, fd, raw)
                os.close(fd)
                fd = nxt
            leaf = _open_at(parts[-1], os.O_RDONLY | _NOFOLLOW | _BINARY, fd, raw)
        finally:
            os.close(fd)
        with os.fdopen(leaf, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise Outside(raw)
            return fh.read()

    def make_folder(self, raw: str) -> Path:
        """The folder ``raw`` names, created (with its parents) if need be, never through a
        link. Raises :class:`Outside` or ``OSError``."""
        path = self.locate(raw)
        path.mkdir(parents=True, exist_ok=True)
        _no_links(next(r for r in self.roots if path == r or path.is_relative_to(r)), path)
        if not path.is_dir():
            raise Outside(raw)
        return path


def _open_at(name: str, flags: int, dir_fd: int, raw: str) -> int:
    try:
        return os.open(name, flags, dir_fd=dir_fd)
    except OSError as exc:
        # ELOOP: the name is a link; ENOTDIR: a file where a folder was wanted (or a link).
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise Outside(raw) from None
        raise


def _no_links(root: Path, path: Path) -> None:
    """Raise :class:`Outside` when any existing part of ``path`` below ``root`` is a link."""
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return
        except OSError:
            raise Outside(str(path)) from None
        if stat.S_ISLNK(mode):
            raise Outside(str(path))
