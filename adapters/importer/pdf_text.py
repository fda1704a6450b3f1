"""A PDF's text layer as lines laid out like the page: the letterhead's column first, then
the body, words kept at their columns (as `pdftotext -layout` would) so tables stay tables."""

from __future__ import annotations

import io
import logging
import statistics

from adapters.importer.model import ImportRefused

MIN_GUTTER = 12.0  # points of empty page between the body and the letterhead's column
MIN_COLUMN_WORDS = 4
LINE_TOLERANCE = 3.0  # words whose tops differ less than this stand on one line
WIDE_GAP = 1.6  # a gap of this many characters' widths is a column, not a space
PARAGRAPH_GAP = 1.45  # a line this many line pitches below the one before starts a paragraph


def pdf_text(data: bytes) -> str:
    """The text of every page, or ImportRefused for a PDF without a text layer (a scan)."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_text(page) for page in pdf.pages]
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise ImportRefused(f"cannot import: this PDF cannot be read ({error})",
                            "unreadable_document") from None
    if not any(page.strip() for page in pages):
        raise ImportRefused("cannot import: this PDF has no text layer (a scanned document?); "
                            "only PDFs with text can be read", "no_text_layer")
    return "\n".join(pages)


def _page_text(page) -> str:
    """One page: its right-hand column (the letterhead's fields) first, then the rest."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=LINE_TOLERANCE)
    if not words:
        return ""
    gutter = _gutter(words, float(page.width))
    if gutter is None:
        return _layout(words)
    body = [word for word in words if word["x1"] <= gutter]
    column = [word for word in words if word["x0"] >= gutter]
    return _layout(column) + "\n\n" + _layout(body)


def _gutter(words: list[dict], width: float) -> float | None:
    """The x of the widest empty vertical band in the page's right half with words on both
    sides, or None for a page of one column."""
    covered = [False] * (int(width) + 2)
    for word in words:
        for x in range(max(0, int(word["x0"])), min(len(covered), int(word["x1"]) + 1)):
            covered[x] = True
    best: tuple[float, int] | None = None
    start = None
    for x in range(int(width * 0.45), int(width * 0.92)):
        if not covered[x]:
            start = x if start is None else start
            continue
        if start is not None and x - start >= MIN_GUTTER and _both_sides(words, x) \
                and (best is None or x - start > best[1]):
            best = (float(x), x - start)
        start = None
    return best[0] if best else None


def _both_sides(words: list[dict], x: float) -> bool:
    """Whether enough words stand left and right of x to call these two columns."""
    right = sum(word["x0"] >= x for word in words)
    return right >= MIN_COLUMN_WORDS and len(words) - right >= MIN_COLUMN_WORDS


def _layout(words: list[dict]) -> str:
    """Words as lines, each word at the column its x gives, paragraphs apart by a blank line."""
    if not words:
        return ""
    lines = _lines(words)
    left = min(word["x0"] for word in words)
    char = statistics.median((word["x1"] - word["x0"]) / len(word["text"]) for word in words)
    pitch = _pitch(lines)
    text, last_top = [], None
    for top, line in lines:
        if last_top is not None and top - last_top > PARAGRAPH_GAP * pitch:
            text.append("")
        text.append(_place(line, left, char))
        last_top = top
    return "\n".join(text)


def _lines(words: list[dict]) -> list[tuple[float, list[dict]]]:
    """Words grouped into lines by their top, each line left to right."""
    lines: list[tuple[float, list[dict]]] = []
    for word in sorted(words, key=lambda word: (word["top"], word["x0"])):
        if lines and word["top"] - lines[-1][0] < LINE_TOLERANCE:
            lines[-1][1].append(word)
        else:
            lines.append((word["top"], [word]))
    return [(top, sorted(line, key=lambda word: word["x0"])) for top, line in lines]


def _pitch(lines: list[tuple[float, list[dict]]]) -> float:
    """The usual distance between one line and the next."""
    gaps = sorted(later[0] - earlier[0] for earlier, later in zip(lines, lines[1:], strict=False))
    return gaps[len(gaps) // 5] if gaps else 12.0  # most gaps may be blank lines


def _place(line: list[dict], left: float, char: float) -> str:
    """A line with a word after a wide gap at its column (tables, indents), other words one
    space after the word before."""
    text, end = "", None
    for word in line:
        if end is not None and word["x0"] - end < WIDE_GAP * char:
            text += " " + word["text"]
        else:
            column = round((word["x0"] - left) / char)
            text += " " * max(column - len(text), 1 if text else 0) + word["text"]
        end = word["x1"]
    return text.replace("(cid:127)", "•")  # a bullet in a standard font without its name
