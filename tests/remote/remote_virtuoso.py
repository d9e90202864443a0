"""A throw-away OpenLink Virtuoso on loopback, for running alignkg over a remote store.

Debian's ``virtuoso-opensource`` is installed if missing (as root; apt's lock may be held
by another install, so that is retried). The server runs in the foreground with its
database in a temporary folder, on two free loopback ports. What works on a fresh
database with no ``isql`` step: ``/sparql`` answers queries for anyone, while updates and
Graph Store writes go to ``/sparql-auth`` and ``/sparql-graph-crud-auth`` with HTTP Digest
as ``dba``/``dba`` (the default password of a new database).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from service.settings import Settings

DBA_PASSWORD = "dba"
API_KEY = "test-key-0123456789"  # the key tests/conftest.py's ``auth`` sends
START_TIMEOUT_S = 180.0
APT_TIMEOUT_S = 600.0

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 12000
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 20
MaxClientConnections = 20
Charset = UTF-8
[SPARQL]
; Virtuoso silently cuts results at this many rows (the Debian default is 10000).
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 120
"""


class VirtuosoMissing(RuntimeError):
    """Virtuoso is not installed and could not be installed here."""


@dataclass
class Virtuoso:
    """A running server and the URLs alignkg needs."""

    process: subprocess.Popen[bytes]
    directory: Path
    http_port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update_url(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def graph_store_url(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    def log_tail(self) -> str:
        log = self.directory / "server.out"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def stop(self) -> None:
        """SIGTERM (Virtuoso checkpoints and exits), then SIGKILL if it lingers."""
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def ensure_installed() -> str:
    """The path of ``virtuoso-t``, installing Debian's package first if need be."""
    found = shutil.which("virtuoso-t")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise VirtuosoMissing("virtuoso-t is missing and apt-get cannot run here (not root)")
    deadline = time.monotonic() + APT_TIMEOUT_S
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "-q", "virtuoso-opensource"]
    while True:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode == 0 and shutil.which("virtuoso-t"):
            return str(shutil.which("virtuoso-t"))
        if "lock" not in done.stderr.lower() or time.monotonic() > deadline:
            raise VirtuosoMissing(
                f"apt-get install virtuoso-opensource failed: {done.stderr[-500:]}"
            )
        time.sleep(5)  # another install holds apt's lock: wait for it, then try again


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(directory: Path) -> Virtuoso:
    """Start Virtuoso on a fresh database in ``directory``; return once /sparql answers."""
    binary = ensure_installed()
    http_port, sql_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(dir=directory, sql_port=sql_port, http_port=http_port))
    out = (directory / "server.out").open("wb")
    process = subprocess.Popen(
        [binary, "-f", "-c", str(ini)], cwd=directory, stdout=out, stderr=subprocess.STDOUT
    )
    server = Virtuoso(process, directory, http_port)
    try:
        _wait_until_answering(server)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_answering(server: Virtuoso) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"virtuoso-t exited ({server.process.returncode}):\n{server.log_tail()}"
            )
        with contextlib.suppress(httpx.HTTPError):
            answer = httpx.get(server.query_url, params={"query": "ASK {}"}, timeout=2)
            if answer.status_code == 200:
                return
        time.sleep(0.25)  # polling for a server that is still starting, not hiding a race
    raise RuntimeError(
        f"Virtuoso did not answer within {START_TIMEOUT_S:g} s:\n{server.log_tail()}"
    )


def load_command(server: Virtuoso) -> list[str]:
    """``alignkg load --store remote`` with the flags that point it at ``server``."""
    return [
        sys.executable, "-m", "service.cli", "load", "--store", "remote",
        "--query-url", server.query_url, "--update-url", server.update_url,
        "--graph-store-url", server.graph_store_url, "--user", "dba",
    ]  # fmt: skip


def load_alignkg(server: Virtuoso) -> str:
    """Run the load command (as a user would) and return what it printed."""
    env = {**os.environ, "ALIGNKG_SPARQL_PASSWORD": DBA_PASSWORD}
    done = subprocess.run(load_command(server), env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def remote_settings(server: Virtuoso, **overrides: object) -> Settings:
    """Settings for an app over ``server``; the version is re-read on every access."""
    values: dict[str, object] = {
        "store": "remote",
        "data_dir": None,
        "api_key": API_KEY,
        "sparql_query_url": server.query_url,
        "sparql_update_url": server.update_url,
        "sparql_graph_store_url": server.graph_store_url,
        "sparql_user": "dba",
        "sparql_password": DBA_PASSWORD,
        "sparql_version_ttl_s": 0.0,
        "query_workers": 1,
    }
    return Settings(**(values | overrides))  # type: ignore[arg-type]
