"""Small SVG bar charts drawn by hand: deterministic, self-contained and safe to inline.

The reports are read by managers who look at the picture before the table. A chart library
would bring scripts, fonts or network requests and output that changes between versions; these
charts are plain SVG with escaped labels, no external resources and numbers written with fixed
precision, so the same data always gives the same bytes. Text uses `currentColor`, so an
inlined chart follows the page's light or dark palette and prints in black.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH = 640
LABEL_WIDTH = 150
VALUE_WIDTH = 190
ROW = 26
BAR = 16
TOP = 34
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12"'


@dataclass(frozen=True, slots=True)
class Series:
    """One colour of a stacked bar."""

    name: str
    colour: str


def _attr(text: str) -> str:
    """Text safe inside an XML attribute or element."""
    return escape(text, {'"': "&quot;", "'": "&#39;"})


def _clip(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _n(value: float) -> str:
    """A coordinate with at most one decimal, so output does not depend on float noise."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def bar_chart(
    rows: Sequence[tuple[str, Decimal | int]],
    *,
    title: str,
    value_text: Sequence[str],
    colour: str = "#c2410c",
) -> str:
    """Horizontal bars, one per (label, value), largest first as given; `value_text` labels each."""
    return stacked_bar_chart(
        [(label, (value,)) for label, value in rows],
        series=(Series(title, colour),),
        title=title,
        value_text=value_text,
        legend=False,
    )


def stacked_bar_chart(
    rows: Sequence[tuple[str, Sequence[Decimal | int]]],
    *,
    series: Sequence[Series],
    title: str,
    value_text: Sequence[str],
    legend: bool = True,
) -> str:
    """Horizontal stacked bars: each row's values are drawn left to right in the series' colours."""
    totals = [sum((Decimal(v) for v in values), Decimal(0)) for _, values in rows]
    largest = max(totals, default=Decimal(0))
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    legend_height = 22 if legend else 0
    height = TOP + legend_height + ROW * max(len(rows), 1) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px" role="img" aria-label="{_attr(title)}">',
        f"<title>{_attr(title)}</title>",
        f'<g {FONT} fill="currentColor">',
        f'<text x="0" y="16" font-weight="600" font-size="13">{_attr(_clip(title, 80))}</text>',
    ]
    if legend:
        left = 0
        for item in series:
            parts.append(
                f'<rect x="{left}" y="{TOP - 8}" width="12" height="12" fill="{_attr(item.colour)}"/>'
            )
            parts.append(f'<text x="{left + 16}" y="{TOP + 2}">{_attr(item.name)}</text>')
            left += 16 + 8 * len(item.name) + 24
    if not rows:
        parts.append(f'<text x="0" y="{TOP + legend_height + 14}">Nothing to show.</text>')
    for index, ((label, values), text) in enumerate(zip(rows, value_text, strict=True)):
        y = TOP + legend_height + index * ROW
        parts.append(f"<g><title>{_attr(f'{label}: {text}')}</title>")
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 12}" text-anchor="end">{_attr(_clip(label))}</text>'
        )
        x = float(LABEL_WIDTH)
        for value, item in zip(values, series, strict=True):
            width = 0.0 if largest == 0 else float(Decimal(value) / largest) * span
            if width > 0:
                parts.append(
                    f'<rect x="{_n(x)}" y="{y}" width="{_n(max(width, 1.0))}" height="{BAR}" '
                    f'fill="{_attr(item.colour)}"/>'
                )
            x += width
        parts.append(f'<text x="{_n(x + 6)}" y="{y + 12}">{_attr(text)}</text></g>')
    parts.append("</g></svg>")
    return "\n".join(parts) + "\n"
