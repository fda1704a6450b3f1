"""The base of every API schema: Python names inside, lowerCamelCase names on the wire."""

from __future__ import annotations

import marshmallow as ma


def camel(name: str) -> str:
    """as_of -> asOf: the NL GOV API Design Rules' lowerCamelCase for keys and properties."""
    first, *rest = name.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


class Schema(ma.Schema):
    """A schema whose fields are loaded from and dumped to their camelCase names, so the
    blueprints and the stored events keep their own (snake_case) names."""

    def on_bind_field(self, field_name: str, field_obj) -> None:
        field_obj.data_key = camel(field_obj.data_key or field_name)
