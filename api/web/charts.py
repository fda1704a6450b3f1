"""Bar charts drawn as SVG on the server: no script, readable by a screen reader."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, BAR, GAP, LABEL = 640, 22, 10, 120
COLOURS = ("#154273", "#d52b1e")  # dark blue for the first series, red for the second


def bars(name: str, title: str, rows: list[tuple[str, tuple[int, ...]]],
         series: tuple[str, ...]) -> Markup:
    """Horizontal grouped bars, one group per row, one bar per series; a table says the same."""
    top = max((max(values) for _, values in rows), default=0) or 1
    group = BAR * len(series) + GAP
    height = 30 + group * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{name}-title" '
             f'viewBox="0 0 {WIDTH} {height}" width="100%" class="nl-chart">',
             f'<title id="{name}-title">{escape(title)}</title>']
    for index, name in enumerate(series):
        x = LABEL + index * 200
        parts.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{COLOURS[index]}"/>'
                     f'<text x="{x + 20}" y="16" font-size="14" fill="#000">{escape(name)}</text>')
    for row, (label, values) in enumerate(rows):
        y = 30 + row * group
        parts.append(f'<text x="0" y="{y + BAR - 6}" font-size="14" fill="#000">'
                     f'{escape(label)}</text>')
        for index, value in enumerate(values):
            length = round((WIDTH - LABEL - 60) * value / top)
            by = y + index * BAR
            parts.append(f'<rect x="{LABEL}" y="{by}" width="{length}" height="{BAR - 4}" '
                         f'fill="{COLOURS[index]}"/><text x="{LABEL + length + 6}" '
                         f'y="{by + BAR - 8}" font-size="13" fill="#000">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
