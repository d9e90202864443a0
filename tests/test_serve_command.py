"""``alignkg serve`` refuses what cannot work before it starts a server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_several_workers_over_the_embedded_store_are_refused(tmp_path: Path) -> None:
    env = {**os.environ, "ALIGNKG_DATA_DIR": str(tmp_path), "ALIGNKG_STORE": "embedded"}
    run = subprocess.run(
        [sys.executable, "-m", "service.cli", "serve", "--workers", "2", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "ALIGNKG_STORE=remote" in run.stderr
    assert "Traceback" not in run.stderr
