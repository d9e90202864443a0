"""A loopback TCP listener that records every connection: the witness of the no-network
tests (an empty record, after our own sentinel got through, means nothing connected)."""

from __future__ import annotations

import socket
import threading


class RecordingListener:
    """A TCP listener on 127.0.0.1 that records (and closes) every connection it accepts."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.accepted: list[bytes] = []
        self._sentinel_seen = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    first = conn.recv(200)
                except OSError:
                    first = b""
                self.accepted.append(first)
                if first.startswith(b"SENTINEL"):
                    self._sentinel_seen.set()

    def connections_before_sentinel(self) -> list[bytes]:
        """Connect ourselves last; connections are accepted in order, so anything the
        server opened earlier is recorded once our sentinel is."""
        with socket.create_connection(("127.0.0.1", self.port)) as conn:
            conn.sendall(b"SENTINEL")
            assert self._sentinel_seen.wait(5), "the listener did not see the sentinel"
        return [c for c in self.accepted if not c.startswith(b"SENTINEL")]

    def close(self) -> None:
        self.socket.close()
