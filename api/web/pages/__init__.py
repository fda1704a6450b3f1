"""The pages: each module adds its routes to the signed-in or the public blueprint."""

from api.web.pages import (  # noqa: F401 - imported for their routes
    commands,
    consult,
    inbox,
    live,
    note,
    public,
    register_items,
    registers,
    trail,
    unsubscribe,
)
from api.web.pages.blueprints import pages, public_pages

PAGES = (pages, public_pages)
