"""The base of every API schema: Python names inside, lowerCamelCase names on the wire."""

from __future__ import annotations

import re

import marshmallow as ma
from marshmallow import fields

# Moments are ISO 8601 with their UTC offset (NL GOV /core/date-time): the views keep them
# as text, so a string field named as a moment (created_on, sent_at, at) says so.
MOMENT = re.compile(r"^(at|awaiting_since)$|_at$|_on$")


def camel(name: str) -> str:
    """as_of -> asOf: the NL GOV API Design Rules' lowerCamelCase for keys and properties."""
    first, *rest = name.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


class Schema(ma.Schema):
    """A schema whose fields are loaded from and dumped to their camelCase names, so the
    blueprints and the stored events keep their own (snake_case) names."""

    def on_bind_field(self, field_name: str, field_obj) -> None:
        field_obj.data_key = camel(field_obj.data_key or field_name)
        if type(field_obj) is fields.String and MOMENT.search(field_name):
            field_obj.metadata = {"format": "date-time", **field_obj.metadata}
