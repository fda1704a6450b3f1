"""Where a request finds the services the app factory was given (see api/bootstrap.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:  # a type only: blueprints never import the bootstrap's adapters
    from api.bootstrap import Services


def services() -> Services:
    return current_app.extensions["notaledger"]
