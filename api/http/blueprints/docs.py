"""The interactive docs' own assets, served from here so /docs works without the internet."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint

from api.http.versions import API_PREFIX


def assets_folder() -> Path | None:
    """Swagger UI 5 (it reads OpenAPI 3.1), from the flask-swagger-ui package if installed."""
    try:
        import flask_swagger_ui
    except ImportError:
        return None
    folder = Path(flask_swagger_ui.__file__).parent / "dist"
    return folder if (folder / "swagger-ui-bundle.js").exists() else None


def blueprint(folder: Path) -> Blueprint:
    return Blueprint("docs", __name__, static_folder=str(folder),
                     static_url_path=f"{API_PREFIX}/docs/assets")
