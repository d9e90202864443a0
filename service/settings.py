"""All configuration in one place; nothing else in alignkg reads ``os.environ``."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings from ``ALIGNKG_*`` environment variables (see README)."""

    model_config = SettingsConfigDict(env_prefix="ALIGNKG_")

    #: Where the embedded store keeps its files. ``None`` keeps everything in memory.
    data_dir: Path | None = Path("var")
    #: Bearer key that authorises writes; with none configured every write is refused.
    api_key: SecretStr | None = None
    #: Largest request body accepted, in bytes.
    max_body_bytes: int = 1_000_000
    #: Wall-clock limit for one SPARQL query, in seconds.
    query_timeout_s: float = 10.0
    #: Most result rows a SPARQL SELECT returns before it is truncated.
    max_result_rows: int = 10_000
    #: Query worker processes for untrusted SPARQL.
    query_workers: int = 2
    #: Address-space limit of one query worker, in MiB (a runaway query dies, not the host).
    query_worker_memory_mb: int = 4096
