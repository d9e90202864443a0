"""All configuration in one place; nothing else in alignkg reads ``os.environ``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

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
    #: How query workers read the embedded store after a write: ``checkpoint`` (a RocksDB
    #: checkpoint opened read-only, milliseconds whatever the size; on-disk store only) or
    #: ``nquads`` (a dump reloaded into each worker's memory; what an in-memory store uses).
    sparql_snapshots: Literal["checkpoint", "nquads"] = "checkpoint"
    #: Which store: the embedded pyoxigraph one, or a remote SPARQL 1.1 store (the URLs below).
    store: Literal["embedded", "remote"] = "embedded"
    #: SPARQL 1.1 Protocol query URL of the remote store (e.g. Virtuoso's ``/sparql``).
    sparql_query_url: str | None = None
    #: Update URL (e.g. Virtuoso's ``/sparql-auth``); defaults to the query URL.
    sparql_update_url: str | None = None
    #: Graph Store Protocol URL for whole-graph loads (e.g. ``/sparql-graph-crud-auth``).
    sparql_graph_store_url: str | None = None
    #: Credentials for the remote store (HTTP Basic or Digest, as the server asks).
    sparql_user: str | None = None
    sparql_password: SecretStr | None = None
    #: Seconds a worker reuses the remote store version it read (0: read it every time).
    sparql_version_ttl_s: float = 1.0
    #: FastAPI's native OpenTelemetry (traces, metrics, logs). Off by default: checking
    #: whether any provider is configured costs every request about 35 µs.
    telemetry: bool = False
