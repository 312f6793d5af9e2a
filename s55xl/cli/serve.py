"""``s55xl serve``: run the buttons' Python centrally for server-mode workbooks."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from s55xl.errors import S55Error


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface, behind the HTTPS proxy).")
@click.option("--port", default=8055, show_default=True, type=click.IntRange(1, 65535))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("s55xl-server"),
              show_default=True, help="Folder for generated documents, one folder per workbook.")
@click.option("--tokens-file", type=click.Path(path_type=Path),
              help="Access tokens, one 'team: token' a line (besides S55XL_SERVER_TOKENS, "
                   "team:token pairs comma-separated).")
@click.option("--allow-path", "allow_paths", multiple=True, type=click.Path(path_type=Path),
              metavar="FOLDER", help="A folder workbooks may name as their Output folder or "
                                     "template folder (repeat for more); none by default.")
@click.option("--public-url", metavar="URL",
              help="The address users reach the server at, for download links "
                   "(default: the address each request arrived on).")
@click.option("--workers", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Buttons run at the same time; more wait their turn.")
@click.option("--time-limit", default=240.0, show_default=True, type=click.FloatRange(1, 3600),
              help="Seconds one button may take before the user is told it stopped.")
# Entra ID sign-in for the Excel add-in (docs/addin.md).
@click.option("--entra-tenant", metavar="TENANT_ID",
              help="Accept Microsoft 365 sign-in from this Entra ID tenant (its directory ID; "
                   "or S55XL_ENTRA_TENANT).")
@click.option("--entra-audience", metavar="APP",
              help="The add-in's Entra app registration: its client ID and/or Application ID "
                   "URI, comma-separated (or S55XL_ENTRA_AUDIENCE).")
@click.option("--entra-team", metavar="TEAM",
              help="The team of signed-in users whose token carries no team app role "
                   "(or S55XL_ENTRA_TEAM).")
def serve(host: str, port: int, out_dir: Path, tokens_file: Path | None,
          allow_paths: tuple[Path, ...], public_url: str | None, workers: int,
          time_limit: float, entra_tenant: str | None = None, entra_audience: str | None = None,
          entra_team: str | None = None) -> None:
    """Answer server-mode workbooks (s55xl new --server URL) over HTTP.

    Each token belongs to a team: S55XL_SERVER_TOKENS holds team:token pairs
    (comma-separated), --tokens-file one 'team: token' a line; with none the server does not
    start. Each team's documents are kept under OUT/<team>/ and only that team sees them. See
    docs/server.md.

    Example: s55xl serve --host 0.0.0.0 --port 8055 --out /srv/s55xl
    """
    from s55xl.server.config import ServerConfig, allowed_roots, forget_tokens, read_tokens, server_key
    from s55xl.server.engine import ensure_remote_engine

    tokens = read_tokens(tokens_file)
    forget_tokens()
    allow = allowed_roots(allow_paths)
    try:
        import uvicorn

        from s55xl.server import create_app
        from s55xl.server.entra import read_settings
        from s55xl.server.protocol import protocol
    except ImportError as exc:
        raise S55Error(f"the server needs its extra packages ({exc.name} is missing). Install "
                       "them with: pip install \"s55xl[server]\"") from None
    entra = read_settings(entra_tenant, entra_audience, entra_team)
    ensure_remote_engine()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise S55Error(f"{out_dir}: cannot create the documents folder "
                       f"({exc.strerror or exc}).") from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = ServerConfig(out=out_dir.resolve(), tokens=tokens, workers=workers,
                          time_limit=time_limit, public_url=public_url, allow_paths=allow,
                          key=server_key(out_dir.resolve()))
    teams = len(config.teams)
    click.echo(f"s55xl serve: {len(tokens)} token(s) for {teams} team{'s' * (teams != 1)}; "
               f"documents in {config.out}; listening on http://{host}:{port}", err=True)
    if entra is not None:
        click.echo(f"s55xl serve: Microsoft 365 sign-in for tenant {entra.tenant}, application "
                   f"{', '.join(entra.audiences)}", err=True)
    click.echo(f"s55xl serve: the Excel add-in's manifest is at "
               f"{(public_url or f'http://{host}:{port}').rstrip('/')}/addin/manifest.xml", err=True)
    uvicorn.run(create_app(config, entra), host=host, port=port, access_log=False, proxy_headers=True,
                log_level="warning", http=protocol(config.header_time_limit))
