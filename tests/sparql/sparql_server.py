"""Run the real service in a uvicorn subprocess on loopback, for timing-sensitive tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

_LISTENING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


@contextmanager
def running_server(data_dir: Path, **settings: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``alignkg serve`` on a free loopback port with ``ALIGNKG_*`` settings; yields its URL."""
    env = {**os.environ, "ALIGNKG_DATA_DIR": str(data_dir)}
    env |= {f"ALIGNKG_{k.upper()}": v for k, v in settings.items()}
    command = [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", "0"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        yield _wait_for_listening(process), process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _wait_for_listening(process: subprocess.Popen[str], timeout_s: float = 60) -> str:
    """The base URL once uvicorn says it listens and /health answers."""
    assert process.stderr is not None
    deadline = time.monotonic() + timeout_s
    for line in process.stderr:
        match = _LISTENING.search(line)
        if match:
            url = match[1]
            assert httpx.get(f"{url}/health", timeout=10).status_code == 200
            return url
        if time.monotonic() > deadline:
            break
    raise RuntimeError(f"the server did not start (exit code {process.poll()})")


def child_pids(pid: int) -> set[int]:
    """Process ids of the direct children of ``pid`` (Linux /proc)."""
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        children |= {int(p) for p in text.split()}
    return children


def query_worker_pids(server_pid: int) -> set[int]:
    """The server's query worker processes (``service.sparql.worker_process`` children)."""
    workers = set()
    for pid in child_pids(server_pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"service.sparql.worker_process" in cmdline:
            workers.add(pid)
    return workers


def running_on_cpu(pid: int) -> bool:
    """True if any thread of the process is running (a worker runs its jobs in a thread
    of its own, while its main thread waits)."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return False
    for task in tasks:
        try:
            stat = (task / "stat").read_text()
        except FileNotFoundError:
            continue
        if stat.rsplit(")", 1)[1].split()[0] == "R":
            return True
    return False


def process_state(pid: int) -> str | None:
    """The process's state letter (R running, S sleeping, Z zombie...), None if gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def is_running(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie."""
    return process_state(pid) not in (None, "Z")
