"""``alignkg serve``: run the service with uvicorn, after checking the data directory.

A data directory that cannot be written (permissions, read-only mount, full disk) or a
store that cannot be opened (held by another server, damaged) stops start-up with one
line on stderr and exit status 2, instead of a traceback from inside the lifespan. So
does an install without the documented cases (``MissingDataError``, reported by
``service.cli``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from ontology.files import check_run_time_data
from ontology.store import EmbeddedStore
from service.settings import Settings

#: Exit status when the data directory or the store is unusable.
EXIT_UNUSABLE_DATA_DIR = 2
#: Bytes written and fsynced to prove the data directory takes writes.
PROBE_BYTES = 64 * 1024
#: Free space below which start-up stops: the store needs room to open (it writes its
#: options and log files) and to take writes.
MIN_FREE_BYTES = 16 * 1024 * 1024


class DataDirError(Exception):
    """The data directory or the store in it cannot be used; the message says why."""


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("serve", help="run the HTTP service")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="API worker processes; more than one needs ALIGNKG_STORE=remote",
    )
    p.set_defaults(func=run)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc).splitlines()[0]


def check_writable(data_dir: Path) -> None:
    """Create ``data_dir``, write, fsync and delete a probe file in it, and check free space."""
    probe = data_dir / f".alignkg-write-probe-{os.getpid()}"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with probe.open("wb") as handle:
            handle.write(b"\0" * PROBE_BYTES)
            handle.flush()
            os.fsync(handle.fileno())
        probe.unlink()
        free = shutil.disk_usage(data_dir).free
    except OSError as exc:
        with contextlib.suppress(OSError):
            probe.unlink(missing_ok=True)
        raise DataDirError(f"cannot write to data directory {data_dir}: {_reason(exc)}") from exc
    if free < MIN_FREE_BYTES:
        raise DataDirError(
            f"data directory {data_dir} is on a nearly full disk: {free // 1024} KiB free,"
            f" at least {MIN_FREE_BYTES // (1024 * 1024)} MiB needed"
        )


def check_store_opens(data_dir: Path) -> None:
    """Open the on-disk store once and let it go, so lock or damage shows before serving."""

    try:
        store = EmbeddedStore(data_dir / "store")
    except OSError as exc:
        detail = str(exc).splitlines()[0][:300]
        raise DataDirError(f"cannot open the store in {data_dir / 'store'}: {detail}") from exc
    del store  # releases the store's lock before uvicorn opens it again


def check_data_dir(data_dir: Path | None) -> None:
    """Raise DataDirError if the service could not keep its data in ``data_dir``."""
    if data_dir is None:
        return  # in-memory store: nothing on disk to check
    check_writable(data_dir)
    check_store_opens(data_dir)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    # Checked here because the lifespan, which would also fail, runs inside uvicorn.
    check_run_time_data()
    settings = Settings()
    if args.workers > 1 and settings.store == "embedded":
        # The embedded store is one on-disk database that only one process may open.
        print(
            "alignkg serve: --workers > 1 needs a shared store (ALIGNKG_STORE=remote); "
            "the embedded store can be opened by one process only",
            file=sys.stderr,
        )
        return 2
    try:
        if settings.store == "embedded":  # a remote store keeps no data here
            check_data_dir(settings.data_dir)
    except DataDirError as err:
        print(f"alignkg serve: {err}", file=sys.stderr)
        return EXIT_UNUSABLE_DATA_DIR
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        loop="uvloop",
        http="httptools",
        log_level="info",
        workers=args.workers,
    )
    return 0
