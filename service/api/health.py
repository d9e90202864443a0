"""Liveness: answers as long as the process serves requests."""

from __future__ import annotations

from fastapi import APIRouter

from service.deps import StoreDep

router = APIRouter(tags=["service"])


@router.get(
    "/health",
    summary="Liveness check",
    responses={
        200: {"content": {"application/json": {"example": {"status": "ok", "store_version": 2}}}}
    },
)
async def health(store: StoreDep) -> dict[str, object]:
    """``{"status": "ok"}`` while the service and its store answer."""
    return {"status": "ok", "store_version": store.version}
