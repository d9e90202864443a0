"""Faults: SIGKILL mid-write, and a data directory that cannot be used at start-up.

Against the real ``alignkg serve`` (uvicorn subprocess). Writers replace Graph Store
graphs and submit cases concurrently; the server's process group is SIGKILLed while they
are still sending; a new server over the same directory must come up and hold every
acknowledged write, each replaced graph whole (never a mix of two versions).
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from live_server import (
    KEY,
    free_port,
    kill_group,
    running_server,
    serve_command,
    server_env,
    server_log,
)

WRITERS = 4
#: How long writes run before the kill; bounded so the test stays short.
STREAM_SECONDS = 2.5
TRIPLES_PER_PUT = 50
CRASH_NS = "http://example.org/crash/"
AUTH = {"Authorization": f"Bearer {KEY}"}


def _graph_body(writer: int, version: int) -> bytes:
    """TRIPLES_PER_PUT triples, every one tagged with this writer's version number."""
    lines = [f'<{CRASH_NS}s{i}> <{CRASH_NS}version> "{version}" .' for i in range(TRIPLES_PER_PUT)]
    return "\n".join(lines).encode()


def _put_until_stopped(
    base: str, writer: int, stop: threading.Event, acked: dict[int, int]
) -> None:
    url = f"{base}/service?graph={quote(f'{CRASH_NS}g{writer}', safe='')}"
    headers = {**AUTH, "content-type": "application/n-triples"}
    version = 0
    with httpx.Client(timeout=10) as http:
        while not stop.is_set():
            version += 1
            try:
                response = http.put(url, content=_graph_body(writer, version), headers=headers)
            except httpx.TransportError:
                return  # the server is gone; an unacknowledged write may be lost
            assert response.status_code in (201, 204), response.text
            acked[writer] = version


def _post_cases_until_stopped(
    base: str, writer: int, stop: threading.Event, acked: list[str]
) -> None:
    with httpx.Client(base_url=base, headers=AUTH, timeout=10) as http:
        number = 0
        while not stop.is_set():
            number += 1
            case = {"title": f"killed {writer}-{number}", "facts": {"deceptive": True}}
            try:
                response = http.post("/cases", json=case)
            except httpx.TransportError:
                return
            assert response.status_code == 201, response.text
            acked.append(response.json()["id"])


def _log_tail(log: Path) -> str:
    return "server log:\n" + "\n".join(log.read_text(errors="replace").splitlines()[-30:])


def _versions_in_graphs(base: str, log: Path) -> dict[int, set[int]]:
    """The version numbers each writer's graph holds, read through the Graph Store.

    (Not through SPARQL: the first SPARQL query after such a restart sometimes loses its
    query worker, a separate finding reported to the SPARQL endpoint's owner.)
    """
    versions: dict[int, set[int]] = {}
    for writer in range(WRITERS):
        url = f"{base}/service?graph={quote(f'{CRASH_NS}g{writer}', safe='')}"
        response = httpx.get(url, headers={"accept": "application/n-triples"}, timeout=30)
        assert response.status_code == 200, f"g{writer}: {response.text}\n{_log_tail(log)}"
        found = re.findall(rf'<{CRASH_NS}version> "(\d+)"', response.text)
        assert len(found) == TRIPLES_PER_PUT, f"g{writer} holds {len(found)} triples"
        versions[writer] = {int(v) for v in found}
    return versions


def _listed_case_ids(base: str) -> set[str]:
    ids: set[str] = set()
    offset, total = 0, 1
    while offset < total:
        page = httpx.get(base + "/cases", params={"offset": offset, "limit": 500}, timeout=30)
        ids |= {case["id"] for case in page.json()["items"]}
        offset, total = offset + 500, page.json()["total"]
    return ids


@pytest.mark.slow
def test_acknowledged_graph_puts_and_cases_survive_sigkill(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    put_acked: dict[int, int] = {}
    cases_acked: list[str] = []
    stop = threading.Event()
    with running_server(data_dir) as (process, base):
        threads = [
            threading.Thread(target=_put_until_stopped, args=(base, n, stop, put_acked))
            for n in range(WRITERS)
        ] + [
            threading.Thread(target=_post_cases_until_stopped, args=(base, n, stop, cases_acked))
            for n in range(WRITERS // 2)
        ]
        for thread in threads:
            thread.start()
        stop.wait(STREAM_SECONDS)  # let the writes run, then kill the server mid-flight
        kill_group(process)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    print(f"acknowledged before the kill: PUT versions {put_acked}, {len(cases_acked)} cases")
    assert len(put_acked) == WRITERS and len(cases_acked) >= 3, (put_acked, len(cases_acked))
    with running_server(data_dir) as (_, base):
        versions = _versions_in_graphs(base, server_log(data_dir))
        missing_cases = set(cases_acked) - _listed_case_ids(base)
        after = httpx.post(
            base + "/cases",
            json={"title": "after restart", "facts": {"deceptive": False}},
            headers=AUTH,
        )
    for writer, version in put_acked.items():
        assert len(versions[writer]) == 1, f"graph g{writer} mixes versions {versions[writer]}"
        (stored,) = versions[writer]
        assert stored in (version, version + 1), f"g{writer}: acked {version}, stored {stored}"
    assert not missing_cases, f"{len(missing_cases)} of {len(cases_acked)} acked cases were lost"
    assert after.status_code == 201, "the restarted store does not take writes"


def _start_and_fail(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        serve_command(free_port()),
        env=server_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _assert_one_line_and_nonzero_exit(result: subprocess.CompletedProcess[str], why: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1 and lines[0].startswith("alignkg serve: "), result.stderr
    assert why in lines[0], lines[0]


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """Mount a small tmpfs (needs root and mount(8)); in CI (as root) a failure to mount
    fails the run, elsewhere it skips."""
    mounted: list[Path] = []

    def mount(name: str, *options: str) -> Path:
        target = tmp_path / name
        target.mkdir()
        command = ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(target)]
        if os.geteuid() != 0 or subprocess.run(command, capture_output=True).returncode != 0:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail("CI runs as root and must be able to mount a tmpfs for these tests")
            pytest.skip("mounting a tmpfs needs root and mount(8); not available here")
        mounted.append(target)
        return target

    yield mount
    for target in mounted:
        subprocess.run(["umount", "-l", str(target)], check=False)


def test_a_read_only_data_dir_stops_start_up_with_one_line(
    tmp_path: Path, tmpfs: Callable[..., Path]
) -> None:
    if os.geteuid() == 0:  # root writes through permissions: use a read-only mount
        read_only = tmpfs("ro", "ro", "size=1m")
    else:
        read_only = tmp_path / "ro"
        read_only.mkdir(mode=0o500)
    result = _start_and_fail(read_only / "var")
    _assert_one_line_and_nonzero_exit(result, "cannot write to data directory")


def test_a_data_dir_inside_a_file_stops_start_up_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    result = _start_and_fail(tmp_path / "a-file" / "var")
    _assert_one_line_and_nonzero_exit(result, "Not a directory")


def test_a_full_disk_stops_start_up_with_one_line(tmpfs: Callable[..., Path]) -> None:
    disk = tmpfs("full", "size=1m")
    with (disk / "filler").open("wb") as filler, contextlib.suppress(OSError):
        while True:  # fill it to the last block
            filler.write(b"\0" * 65536)
    _assert_one_line_and_nonzero_exit(_start_and_fail(disk / "var"), "No space left")


def test_a_nearly_full_disk_stops_start_up_with_one_line(tmpfs: Callable[..., Path]) -> None:
    disk = tmpfs("small", "size=2m")
    _assert_one_line_and_nonzero_exit(_start_and_fail(disk / "var"), "nearly full disk")


def test_a_store_held_by_another_server_stops_start_up_with_one_line(tmp_path: Path) -> None:
    with running_server(tmp_path / "var"):
        result = _start_and_fail(tmp_path / "var")
    _assert_one_line_and_nonzero_exit(result, "cannot open the store")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("live") / "var") as (_, base):
        yield base


def _raw_request(base: str, request: bytes) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    "header",
    [b"Accept: text/html\rX-Injected: 1", b"Accept: text/html\nX-Injected: 1", b"X-A: a\0b"],
    ids=["bare CR", "bare LF", "NUL"],
)
def test_control_characters_in_request_headers_get_a_400_from_the_server(
    live_server: str, header: bytes
) -> None:
    request = b"GET /health HTTP/1.1\r\nHost: x\r\n" + header + b"\r\nConnection: close\r\n\r\n"
    status_line = _raw_request(live_server, request).split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 400"), status_line
    assert httpx.get(live_server + "/health").status_code == 200


def test_a_raw_non_ascii_accept_header_gets_a_406_problem(live_server: str) -> None:
    request = (
        b"GET /terms/ak:MesaOptimizer HTTP/1.1\r\nHost: x\r\nAccept: t\xc3\xabxt/html\r\n"
        b"Connection: close\r\n\r\n"
    )
    head, _, body = _raw_request(live_server, request).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 406"), head
    assert b"content-type: application/problem+json" in head.lower()
    assert b'"status":406' in body.replace(b" ", b"")
