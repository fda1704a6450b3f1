"""Marshmallow schemas: what the API reads and writes."""
