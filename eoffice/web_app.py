"""Serves the built web application (`frontend/dist`) at `/`, with client-side routes falling back to it."""

from __future__ import annotations

from typing import Any

from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response


class SinglePageApp(StaticFiles):
    """Deep links such as `/van-ban-den/12` get `index.html`; anything under `/api` stays a JSON 404."""

    async def get_response(self, path: str, scope: Any) -> Response:
        if path == "api" or path.startswith("api/"):
            raise StarletteHTTPException(status_code=404)
        try:
            response = await super().get_response(path, scope)
        except StarletteHTTPException as exc:
            if exc.status_code != 404:
                raise
            return await super().get_response("index.html", scope)
        if response.status_code == 404:
            return await super().get_response("index.html", scope)
        return response
