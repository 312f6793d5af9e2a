"""The ``s55xl`` group: the one place that turns the library's exceptions into messages.

Each command opens its input, calls one library function and prints the outcome; the library's
own exceptions (:class:`~s55xl.errors.S55Error`) become one line on stderr and exit code 2 here,
and anything unexpected a crash log instead of a traceback. Nothing outside :mod:`s55xl.cli`
prints or exits.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
import traceback

import click

from s55xl import __version__
from s55xl.errors import S55Error


class Reporter:
    """Prints to the terminal with a width that suits it."""

    def __init__(self) -> None:
        self.width = max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))

    def para(self, text: str, indent: int = 0) -> None:
        pad = " " * indent
        click.echo(textwrap.fill(text, self.width, initial_indent=pad, subsequent_indent=pad,
                                 break_long_words=False, break_on_hyphens=False))


# The exit status of a command whose output pipe was closed by its reader (`s55xl deadlines …
# | head -1`): 128 + SIGPIPE, what the shell reports for any program the closed pipe stopped.
# Not 1, Python's own default, because 1 means "errors found" to `s55xl validate` and a script
# must not mistake the two.
CLOSED_PIPE = 141


class S55Group(click.Group):
    """Turns s55xl's own exceptions into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader stopped reading: nothing is wrong and there is no one to tell. The
            # commands write to no pipe but stdout, so this is stdout. Point it at the null
            # device so the interpreter's last flush cannot fail again, and stop quietly.
            _silence_stdout()
            ctx.exit(CLOSED_PIPE)
        except S55Error as exc:
            click.echo(f"s55xl: {exc}", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback
            log = _write_crash_log()
            click.echo(f"s55xl: could not finish ({type(exc).__name__}: {exc}). Details are "
                       f"in {log}; please send that file to whoever supports s55xl.", err=True)
            ctx.exit(2)


@click.group(cls=S55Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="s55xl")
def cli() -> None:
    """Section 55 inspection responses from one governance workbook.

    Keep HMICFRS reports, recommendations, force responses and signatories in the workbook;
    s55xl checks the rows, works out the deadlines and writes the documents.
    """


# One module per command family; each keeps heavy imports inside its commands so that
# `s55xl validate` starts quickly.
from s55xl.cli import checks, documents, followup, importing, serve, workbook  # noqa: E402

for command in (checks.validate, checks.deadlines, workbook.new, workbook.demo, workbook.update,
                documents.generate, documents.check_template, importing.import_paper,
                serve.serve, followup.calendar, followup.pack, followup.progress):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=argv, prog_name="s55xl")


def _silence_stdout() -> None:
    """Send whatever is left of stdout to the null device (Python's documented way to end
    after a closed pipe without a second error at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test runner)
        pass


def _write_crash_log() -> str:
    import tempfile

    fd, name = tempfile.mkstemp(prefix="s55xl-error-", suffix=".log")
    with open(fd, "w", encoding="utf-8") as fh:
        traceback.print_exc(file=fh)
    return name


if __name__ == "__main__":  # pragma: no cover
    main()
