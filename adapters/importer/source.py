"""From raw input to clean lines: refuse what is not text, normalise what is."""

from __future__ import annotations

import codecs
import re

from adapters.importer.model import ImportRefused

MAX_BYTES = 10 * 1024 * 1024
_SNIFF = 8192
_CONTROL = {chr(code) for code in range(32)} - {"\t", "\n", "\r", "\f", "\v"}
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_EMPHASIS = re.compile(r"\*\*|__")
_CHARACTERS = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": None, "\ufeff": None,
    "\uf0b7": "\u2022", "\uf0a7": "\u2022", "\v": "\n", "\f": "\n", "\r": "\n",
})


def decode(source: str | bytes) -> str:
    """The input as text, or ImportRefused if it is too large, empty or binary."""
    if isinstance(source, bytes | bytearray | memoryview):
        return _decode_bytes(bytes(source))
    _check_size(len(source), source)
    if "\x00" in source:
        raise _binary("it contains NUL characters")
    sample = source[:_SNIFF]
    if sum(char in _CONTROL for char in sample) > len(sample) // 100:
        raise _binary("it is full of control characters")
    _check_not_empty(source)
    return source


def clean_lines(text: str) -> list[str]:
    """Lines without comments, emphasis markers, odd spaces or trailing whitespace."""
    text = _COMMENT.sub("", text.replace("\r\n", "\n")).translate(_CHARACTERS)
    return [_EMPHASIS.sub("", line).rstrip() for line in text.split("\n")]


def _decode_bytes(data: bytes) -> str:
    """UTF-8 (or BOM-marked UTF-16) bytes as text; anything else is refused."""
    _check_size(len(data))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(_decode_with(data, "utf-16", "UTF-16"))
    if b"\x00" in data:
        raise _binary("it contains NUL bytes")
    return decode(_decode_with(data, "utf-8-sig", "UTF-8"))


def _decode_with(data: bytes, encoding: str, name: str) -> str:
    """Bytes decoded strictly, or ImportRefused naming the first bad byte."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _binary(f"it is not {name} text (undecodable byte at offset "
                      f"{error.start})") from None


def _check_size(length: int, text: str | None = None) -> None:
    """Refuse input over MAX_BYTES, counting characters first because that is cheap."""
    size = length
    if text is not None and length <= MAX_BYTES < length * 4:
        size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise ImportRefused(f"cannot import: the input is {size / 2**20:.1f} MB, over the "
                            f"{MAX_BYTES // 2**20} MB limit for a nota", "too_large")


def _check_not_empty(text: str) -> None:
    """Refuse input with nothing but whitespace in it."""
    if not text.strip():
        raise ImportRefused("cannot import: the input is empty", "empty")


def _binary(why: str) -> ImportRefused:
    """The refusal for input that is not text."""
    return ImportRefused(f"cannot import: the input is binary, not a text nota ({why})", "binary")
