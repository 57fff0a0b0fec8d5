"""``partnergraph serve`` (the web explorer on a production server) and ``partnergraph user``
(the local users file for sign-in)."""

from __future__ import annotations

import gc
from pathlib import Path

import click

from graphmodel.errors import PartnerGraphError
from loaders import bundled_register_dir

from .common import CONTEXT, _fail, _reading_store, _register_folder_option, _store_options

__all__ = ["register_commands"]


def _page_roles() -> dict[str, str]:
    """Component ids each page module protects (its optional ``ROLES``)."""
    try:
        from webapp.pages import pages
    except ImportError:
        return {}
    roles: dict[str, str] = {}
    for page in pages():
        roles.update(getattr(page, "ROLES", {}) or {})
    return roles


@click.command(context_settings=CONTEXT)
@_register_folder_option
@_store_options
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    envvar="PARTNERGRAPH_HOST",
    help="Address to listen on; any other than 127.0.0.1 needs sign-in. [env PARTNERGRAPH_HOST]",
)
@click.option(
    "--port",
    default=8050,
    show_default=True,
    envvar="PARTNERGRAPH_PORT",
    help="Port to listen on. [env PARTNERGRAPH_PORT]",
)
@click.option(
    "--budget",
    default=1500,
    show_default=True,
    envvar="PARTNERGRAPH_BUDGET",
    help="Most nodes + edges sent to the browser in one view; larger views are "
    "grouped. [env PARTNERGRAPH_BUDGET]",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    default=8,
    show_default=True,
    envvar="PARTNERGRAPH_THREADS",
    help="Worker threads of the server (waitress). [env PARTNERGRAPH_THREADS]",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    envvar="PARTNERGRAPH_ALLOWED_HOSTS",
    help="A name browsers use to reach the server (repeatable; a leading dot allows "
    "subdomains). Requests for any other Host are refused. Default: this machine's names. "
    "[env PARTNERGRAPH_ALLOWED_HOSTS, space-separated]",
)
@click.option(
    "--max-request-kb",
    type=click.IntRange(64, 1024 * 1024),
    default=4096,
    show_default=True,
    envvar="PARTNERGRAPH_MAX_REQUEST_KB",
    help="Largest request body accepted, in kB. [env PARTNERGRAPH_MAX_REQUEST_KB]",
)
@click.option(
    "--users-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    envvar="PARTNERGRAPH_USERS_FILE",
    help="Sign-in with the users in this file ('partnergraph user add' writes it). "
    "[env PARTNERGRAPH_USERS_FILE]",
)
@click.option(
    "--session-minutes",
    type=click.IntRange(5, 7 * 24 * 60),
    default=480,
    show_default=True,
    envvar="PARTNERGRAPH_SESSION_MINUTES",
    help="A session ends this long after signing in, used or not. "
    "[env PARTNERGRAPH_SESSION_MINUTES]",
)
@click.option(
    "--idle-minutes",
    type=click.IntRange(1, 7 * 24 * 60),
    default=60,
    show_default=True,
    envvar="PARTNERGRAPH_IDLE_MINUTES",
    help="A session ends after this long without a request. [env PARTNERGRAPH_IDLE_MINUTES]",
)
@click.option(
    "--insecure-cookies",
    is_flag=True,
    envvar="PARTNERGRAPH_INSECURE_COOKIES",
    help="Send the session cookie over plain HTTP too (only to try sign-in without HTTPS; "
    "in use, put the server behind HTTPS). [env PARTNERGRAPH_INSECURE_COOKIES]",
)
@click.option(
    "--trusted-proxy",
    is_flag=True,
    envvar="PARTNERGRAPH_TRUSTED_PROXY",
    help="Every request comes through one reverse proxy (e.g. one that ends TLS): believe its "
    "X-Forwarded-Proto and X-Forwarded-For, so the server knows it is on https (and sends "
    "HSTS) and whose sign-ins to count. Only when nothing else can reach the server. "
    "[env PARTNERGRAPH_TRUSTED_PROXY]",
)
@click.option("--dev", is_flag=True, help="Flask's development server instead of waitress.")
@click.option(
    "--debug",
    is_flag=True,
    help="With --dev: reload on code changes. Tracebacks still go only to the terminal.",
)
def serve(
    register,
    store_kind,
    db_path,
    neo4j_database,
    host,
    port,
    budget,
    threads,
    allowed_hosts,
    max_request_kb,
    users_file,
    session_minutes,
    idle_minutes,
    insecure_cookies,
    trusted_proxy,
    dev,
    debug,
) -> None:
    """Open the web explorer: network, map, activity matrix, link health, queries, costs.

    On the embedded store it shows the bundled register (or --register DIR); with NEO4J_URI set it
    reads Neo4j. Then open http://HOST:PORT/ in a browser. It runs on waitress; on 127.0.0.1
    without sign-in, on any other address only with sign-in (--users-file, or an identity
    provider through the PARTNERGRAPH_OIDC_* variables).
    """
    from webapp import create_app
    from webapp.auth import AuthSettings
    from webapp.server import check_bind, default_allowed_hosts, run, secure_app

    if debug and not dev:
        _fail("--debug goes with --dev (the development server)")
    auth = AuthSettings.from_env(
        users_file=users_file,
        session_minutes=session_minutes,
        idle_minutes=idle_minutes,
        secure_cookies=not insecure_cookies,
    )
    hosts = [h for item in allowed_hosts for h in item.split()] or default_allowed_hosts(host)
    try:
        check_bind(host, auth)
    except PartnerGraphError as exc:
        _fail(str(exc))
    with _reading_store(register, store_kind, db_path, neo4j_database, announce=True) as store:
        app = create_app(store, element_budget=budget, register=register or bundled_register_dir())
        try:
            secure_app(
                app,
                auth=auth,
                allowed_hosts=hosts,
                max_request_bytes=max_request_kb * 1024,
                page_roles=_page_roles(),
                trusted_proxy=trusted_proxy,
            )
        except PartnerGraphError as exc:
            _fail(str(exc))
        # The graph lives as long as the server: keep the cyclic collector from re-scanning its
        # millions of objects during requests (a national register's graph has no cycles to find).
        gc.freeze()
        shown = f"[{host}]" if ":" in host else host
        click.echo(
            f"partnergraph explorer on http://{shown}:{port}/ "
            f"({'development server' if dev else f'waitress, {threads} threads'}; "
            f"{'sign-in required' if auth.enabled else 'no sign-in: this machine only'}; "
            f"answers for {', '.join(hosts)})  (Ctrl-C to stop)",
            err=True,
        )
        run(
            app,
            host=host,
            port=port,
            threads=threads,
            dev=dev,
            debug=debug,
            max_request_bytes=max_request_kb * 1024,
            trusted_proxy=trusted_proxy,
        )


@click.group(context_settings=CONTEXT)
def user() -> None:
    """Manage the local users file that 'serve --users-file' signs people in with."""


_users_file_option = click.option(
    "--users-file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    envvar="PARTNERGRAPH_USERS_FILE",
    help="The users file (YAML; passwords stored only as hashes). [env PARTNERGRAPH_USERS_FILE]",
)


@user.command("add", context_settings=CONTEXT)
@click.argument("name")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(["viewer", "editor", "analyst", "admin"]),
    default=["viewer"],
    show_default=True,
    help="viewer reads; editor also records reviews and activities; analyst also uses the "
    "Cypher console; admin everything. Repeatable.",
)
@_users_file_option
@click.password_option(
    "--password",
    envvar="PARTNERGRAPH_NEW_PASSWORD",
    help="Asked for when not given (twice, hidden). [env PARTNERGRAPH_NEW_PASSWORD]",
)
def user_add(name, roles, users_file, password) -> None:
    """Add user NAME, or set their password and roles.

    A running server applies it at the user's next request: sessions signed in with the old
    password or roles end."""
    from webapp.accounts import MAX_NAME, MAX_PASSWORD
    from webapp.auth import UsersFile

    if len(name) > MAX_NAME or not name.strip() or any(not c.isprintable() for c in name):
        _fail(f"the name must be 1 to {MAX_NAME} printable characters")
    if len(password) < 12:
        _fail("the password is too short: use 12 characters or more")
    if len(password) > MAX_PASSWORD:
        _fail(f"the password is too long: use at most {MAX_PASSWORD} characters")
    try:
        users = UsersFile.read(users_file)
        users.set_user(name, password, sorted(set(roles)))
        users.write()
    except (PartnerGraphError, OSError) as exc:
        _fail(str(exc))
    click.echo(f"{name} ({', '.join(sorted(set(roles)))}) saved in {users_file}.")


@user.command("list", context_settings=CONTEXT)
@_users_file_option
def user_list(users_file) -> None:
    """List the users and their roles (never their passwords)."""
    from webapp.auth import UsersFile

    try:
        users = UsersFile.read(users_file)
    except PartnerGraphError as exc:
        _fail(str(exc))
    for name, entry in sorted(users.users.items()):
        click.echo(f"{name}  {', '.join(entry['roles'])}")


@user.command("remove", context_settings=CONTEXT)
@click.argument("name")
@_users_file_option
def user_remove(name, users_file) -> None:
    """Remove user NAME. A running server ends their sessions at their next request."""
    from webapp.auth import UsersFile

    try:
        users = UsersFile.read(users_file)
        if name not in users.users:
            _fail(f"{users_file} has no user {name!r}")
        del users.users[name]
        users.write()
    except (PartnerGraphError, OSError) as exc:
        _fail(str(exc))
    click.echo(f"{name} removed from {users_file}.")


@user.command("unlock", context_settings=CONTEXT)
@click.argument("name")
@_users_file_option
def user_unlock(name, users_file) -> None:
    """Let NAME sign in again after too many wrong passwords paused it.

    A running server forgets NAME's earlier wrong passwords as soon as the file changes."""
    from webapp.auth import UsersFile

    try:
        users = UsersFile.read(users_file)
        if name not in users.users:
            _fail(f"{users_file} has no user {name!r}")
        users.unlock(name)
        users.write()
    except (PartnerGraphError, OSError) as exc:
        _fail(str(exc))
    click.echo(f"{name} may sign in again (their earlier wrong passwords no longer count).")


def register_commands(group: click.Group) -> None:
    """Add ``serve`` and ``user`` to the main command group."""
    group.add_command(serve)
    group.add_command(user)
