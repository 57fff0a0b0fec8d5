"""An ArcadeDB server speaking Bolt, as a stand-in for Neo4j in the tests.

Neo4j cannot be installed on the project's machines, but the PyPI wheel ``arcadedb-embedded``
ships an ArcadeDB server (its ``jars/``) together with a JRE (its ``jre/``), and ArcadeDB's Bolt
plugin answers the official ``neo4j`` driver. :class:`BoltStandin` runs that server as its own
process, bound to 127.0.0.1 on free ports, with a fresh root directory and a random root password,
and waits until the driver can ``RETURN 1`` in the stand-in's database::

    with BoltStandin(tmp_path) as standin:
        driver = neo4j.GraphDatabase.driver(standin.uri, auth=(standin.user, standin.password))
        with driver.session(database=standin.database) as session:
            ...

The database is created by the server at start (``arcadedb.server.defaultDatabases``) and is
also made the Bolt default (``arcadedb.bolt.defaultDatabase``), so ``session(database=...)``
works both with the name and with ``None``. Differences from Neo4j found while writing this
module are listed in ``tests/test_standin.py``.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections import deque
from pathlib import Path

__all__ = ["BoltStandin", "find_arcadedb_home"]

MAIN_CLASS = "com.arcadedb.server.ArcadeDBServer"
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
HOST = "127.0.0.1"
_DB_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def find_arcadedb_home() -> Path | None:
    """The directory of the installed ``arcadedb_embedded`` package, or None.

    Found with ``importlib.util.find_spec``, which locates the package without running its
    ``__init__`` (that one imports JPype). None unless the directory holds the server's jars.
    """
    try:
        spec = importlib.util.find_spec("arcadedb_embedded")
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    locations = list(spec.submodule_search_locations or [])
    if not locations and spec.origin:
        locations = [str(Path(spec.origin).parent)]
    for location in locations:
        home = Path(location)
        if any((home / "jars").glob("arcadedb-server-*.jar")):
            return home
    return None


def _java_executable(home: Path) -> str:
    bundled = home / "jre" / "bin" / "java"
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return str(bundled)
    found = shutil.which("java")
    if found:
        return found
    raise RuntimeError(f"no Java to run ArcadeDB: neither {bundled} nor a `java` on PATH")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _free_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        port = _free_port()
        if port not in ports:
            ports.append(port)
    return ports


class BoltStandin:
    """An ArcadeDB server with the Bolt plugin, started as a child process; a context manager.

    ``workdir`` receives the server's root directory (a fresh ``arcadedb-*`` folder per start)
    and, beside it, the log of the process's stdout and stderr (the same name plus ``.log``).
    """

    user = "root"

    def __init__(
        self,
        workdir: Path | str,
        database: str = "partnergraph",
        password: str | None = None,
        *,
        max_heap: str = "1g",
        home: Path | None = None,
    ) -> None:
        if not _DB_NAME.match(database):
            raise ValueError(f"database name {database!r}: use letters, digits, '_' and '-'")
        if password is not None and len(password) < 8:
            raise ValueError("ArcadeDB wants a root password of at least 8 characters")
        self.workdir = Path(workdir)
        self.database = database
        self.password = password or secrets.token_urlsafe(18)
        self.max_heap = max_heap
        self.home = home or find_arcadedb_home()
        self.bolt_port: int | None = None
        self.http_port: int | None = None
        self.root: Path | None = None
        self.log_path: Path | None = None
        self.startup_seconds: float | None = None
        self._process: subprocess.Popen | None = None
        self._log_file = None

    # -- the handles a client needs --------------------------------------------------------

    @property
    def uri(self) -> str:
        if self.bolt_port is None:
            raise RuntimeError("the stand-in is not started")
        return f"bolt://{HOST}:{self.bolt_port}"

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def driver(self, **config):
        """A new ``neo4j`` driver for this server (the caller closes it)."""
        import neo4j

        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth, **config)

    # -- life cycle ------------------------------------------------------------------------

    def __enter__(self) -> BoltStandin:
        if not self.running:
            self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self, timeout: float = 60) -> BoltStandin:
        """Start the server and return once the driver can ``RETURN 1`` in the database.

        Raises RuntimeError, with the tail of the log, if the process ends or the database
        does not answer within ``timeout`` seconds. A port taken between picking it and the
        server binding it (a rare race) is retried with new ports, twice at most.
        """
        if self.running:
            raise RuntimeError("the stand-in is already running")
        if self.home is None:
            raise RuntimeError("arcadedb-embedded is not installed: pip install arcadedb-embedded")
        deadline = time.monotonic() + timeout
        started = time.monotonic()
        for attempt in range(3):
            self._launch()
            try:
                self._wait_ready(deadline)
            except _PortTaken:
                self._terminate()
                if attempt == 2:
                    raise RuntimeError(self._failure("ports kept being taken")) from None
                continue
            except BaseException:
                self._terminate()
                raise
            self.startup_seconds = time.monotonic() - started
            atexit.register(self.stop)
            return self
        raise AssertionError("unreachable")

    def stop(self, timeout: float = 30) -> None:
        """Stop the server (SIGTERM to its process group, then SIGKILL) and wait for it."""
        atexit.unregister(self.stop)
        self._terminate(timeout)

    # -- internals -------------------------------------------------------------------------

    def _launch(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix="arcadedb-", dir=self.workdir))
        self.log_path = self.root.with_suffix(".log")
        self.bolt_port, self.http_port, https_port = _free_ports(3)
        settings = {
            "arcadedb.server.rootPath": self.root,
            "arcadedb.server.databaseDirectory": self.root / "databases",
            "arcadedb.server.logsDirectory": self.root / "log",
            # name[user]: the credentials block is required; root, already an admin, adds
            # nothing but makes the entry valid.
            "arcadedb.server.defaultDatabases": f"{self.database}[{self.user}]",
            "arcadedb.server.plugins": BOLT_PLUGIN,
            "arcadedb.server.httpIncomingHost": HOST,
            "arcadedb.server.httpIncomingPort": self.http_port,
            # Not listened on without SSL, but a fixed port keeps it out of 2490-2499.
            "arcadedb.server.httpsIncomingPort": https_port,
            "arcadedb.bolt.host": HOST,
            "arcadedb.bolt.port": self.bolt_port,
            "arcadedb.bolt.defaultDatabase": self.database,
        }
        command = [
            _java_executable(self.home),
            f"-Xmx{self.max_heap}",
            "-Xss512k",
            "-XX:+UseSerialGC",
            "-Djava.awt.headless=true",
            *(f"-D{key}={value}" for key, value in settings.items()),
            "-cp",
            str(self.home / "jars" / "*"),
            MAIN_CLASS,
        ]
        # The root password goes in the environment, where ArcadeDB also reads its settings
        # under their own names, so it is not on the command line for `ps` to show. Without
        # it the server would prompt on stdin for one, endlessly (stdin is /dev/null).
        env = dict(os.environ)
        env["arcadedb.server.rootPassword"] = self.password
        self._log_file = open(self.log_path, "wb")
        self._process = subprocess.Popen(
            command,
            cwd=self.root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _wait_ready(self, deadline: float) -> None:
        import neo4j
        from neo4j.exceptions import AuthError

        last_error: Exception | None = None
        driver = neo4j.GraphDatabase.driver(
            self.uri, auth=self.auth, connection_timeout=2.0, connection_acquisition_timeout=5.0
        )
        try:
            while True:
                if self._process.poll() is not None:
                    if self._log_mentions("BindException", "Address already in use"):
                        raise _PortTaken()
                    raise RuntimeError(
                        self._failure(f"the server exited with code {self._process.returncode}")
                    )
                if self._log_mentions("Root password [BLANK"):
                    raise RuntimeError(self._failure("the server asks for a root password"))
                if self._log_mentions("Error in default databases"):
                    raise RuntimeError(self._failure("the database was not created"))
                try:
                    with driver.session(database=self.database) as session:
                        value = session.run("RETURN 1 AS ok").single(strict=True)["ok"]
                    if value == 1:
                        return
                except AuthError as error:  # the root user exists before Bolt listens
                    raise RuntimeError(
                        self._failure(f"Bolt refused the credentials: {error}")
                    ) from error
                except Exception as error:  # not listening yet, or no database yet
                    last_error = error
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        self._failure(f"no answer in time; last error: {last_error!r}")
                    )
                time.sleep(0.2)
        finally:
            driver.close()

    def _terminate(self, timeout: float = 30) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10)):
                try:  # not yet reaped, so the id is still ours: the JVM and its children
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def _log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace") if self.log_path else ""
        except OSError:
            return ""

    def _log_mentions(self, *needles: str) -> bool:
        text = self._log_text()
        return any(needle in text for needle in needles)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(deque(self._log_text().splitlines(), maxlen=lines))

    def _failure(self, reason: str) -> str:
        return (
            f"ArcadeDB Bolt stand-in did not start ({reason}); uri {self.uri}, "
            f"database {self.database!r}, log {self.log_path}:\n{self.log_tail()}"
        )


class _PortTaken(Exception):
    """The server could not bind a port picked for it."""
