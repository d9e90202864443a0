"""``alignkg serve`` as a real subprocess on loopback, for the crash and fault tests.

The server runs in its own process group so that a SIGKILL takes its query workers too.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ALIGNKG = Path(sys.executable).with_name("alignkg")
KEY = "hostile-server-key-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_command(port: int) -> list[str]:
    return [str(ALIGNKG), "serve", "--host", "127.0.0.1", "--port", str(port)]


def server_env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "ALIGNKG_DATA_DIR": str(data_dir), "ALIGNKG_API_KEY": KEY}


def wait_until_up(process: subprocess.Popen[bytes], base: str, timeout: float = 90) -> None:
    """Poll ``/health`` until it answers 200; fail if the process exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server exited during start-up ({process.returncode})"
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling for readiness, bounded by the deadline
    raise AssertionError("the server did not come up in time")


@contextmanager
def running_server(data_dir: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """A running ``alignkg serve`` over ``data_dir``; its process group is killed on exit."""
    port = free_port()
    log = server_log(data_dir).open("ab")  # the server's own log, for failure messages
    process = subprocess.Popen(
        serve_command(port),
        env=server_env(data_dir),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, base)
        yield process, base
    finally:
        kill_group(process)
        log.close()


def server_log(data_dir: Path) -> Path:
    """Where ``running_server`` writes the server's output (next to the data directory)."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    return data_dir.parent / "server.log"


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server and everything in its process group, and reap it."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
