"""Line charts drawn on the server as SVG geometry; the template turns it into markup.

No script and no inline styles (the CSP forbids them): the template uses SVG presentation attributes.
A period with no data breaks the line rather than dropping to zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from portal.strategy.rules import Point, format_number, format_value

# A narrow drawing scales up well on wide screens and keeps its labels readable on a phone.
WIDTH, HEIGHT = 480, 250
LEFT, RIGHT, TOP, BOTTOM = 58, 34, 14, 40
TICKS = 4
MAX_X_LABELS = 4


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    lines: list[str]
    markers: list[Marker]
    target_y: float | None
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    label: str


def _nice_step(span: float) -> float:
    raw = span / TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(step * magnitude for step in (1, 2, 2.5, 5, 10) if step * magnitude >= raw)


def y_scale(values: list[float], unit: str) -> tuple[float, float, float]:
    """Axis bounds and step: from 0 for counts and money, a round range around the data otherwise."""
    low, high = min(values), max(values)
    if unit == "percent":
        low, high = min(low, 0.0), max(high, 100.0) if high > 60 else max(high, 10.0)
    elif low >= 0:
        low = 0.0
    if high - low < 1e-9:
        high = low + 1
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _segments(xy: list[tuple[float, float] | None]) -> list[str]:
    lines, current = [], []
    for point in [*xy, None]:
        if point is None:
            if current:
                lines.append(" ".join(f"{x:.1f},{y:.1f}" for x, y in current))
            current = []
        else:
            current.append(point)
    return lines


def _summary(name: str, points: list[Point], target: float | None, unit: str) -> str:
    known = [p for p in points if p.value is not None]
    if not known:
        return f"Chart of {name}: no data yet."
    text = (
        f"Line chart of {name} from {points[0].period} to {points[-1].period}. "
        f"Latest {format_value(known[-1].value, unit)} in {known[-1].period}"
    )
    if target is not None:
        text += f"; target {format_value(target, unit)}, shown as a dashed line"
    return text + ". The figures are in the table."


def line_chart(name: str, points: list[Point], target: float | None, unit: str) -> Chart | None:
    """The chart for a series in period order, or None with nothing to draw."""
    values = [p.value for p in points if p.value is not None] + ([target] if target is not None else [])
    if not points or not values:
        return None
    low, high, step = y_scale(values, unit)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    gap = (right - LEFT) / max(len(points) - 1, 1)
    xs = [LEFT + gap * index if len(points) > 1 else (LEFT + right) / 2 for index in range(len(points))]

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - TOP)

    xy = [None if p.value is None else (x, y(p.value)) for x, p in zip(xs, points, strict=True)]
    count = round((high - low) / step)
    labelled = set(range(len(points) - 1, -1, -math.ceil(len(points) / MAX_X_LABELS)))
    return Chart(
        WIDTH, HEIGHT, LEFT, right, TOP, bottom,
        lines=_segments(xy),
        markers=[Marker(x, yy, p.period) for p, point in zip(points, xy, strict=True) if point for x, yy in [point]],
        target_y=None if target is None else y(target),
        y_ticks=[Tick(y(low + step * i), _axis_label(low + step * i, unit)) for i in range(count + 1)],
        x_ticks=[Tick(x, p.period) for i, (x, p) in enumerate(zip(xs, points, strict=True)) if i in labelled],
        label=_summary(name, points, target, unit),
    )  # fmt: skip


def _axis_label(value: float, unit: str) -> str:
    number = format_number(value)
    return {"percent": f"{number}%", "pounds": f"£{number}"}.get(unit, number)
