"""Geometry for the progress page's server-rendered SVG charts, as pure functions.

No Django: templates only place what these return, so every coordinate, colour level and
label is tested without a database or a browser.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# Light to dark blue. Cells carry no text, so only the legend's text needs contrast; the
# empty colour still differs from the white page so a year of nothing reads as a grid.
LEVEL_COLOURS = ("#e4e7ee", "#b3cdf2", "#6b9fe4", "#2a67c4", "#0b3f8f")
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

CELL = 11
STEP = 14  # cell plus gap
HEATMAP_LEFT = 30  # room for weekday labels
HEATMAP_TOP = 16  # room for month labels

BAR_STEP = 20
BAR_WIDTH = 14
BAR_LEFT = 34  # room for the y-axis labels
BAR_TOP = 8
BAR_AREA = 110
BAR_BOTTOM = 22  # room for the x-axis labels
BAR_RIGHT = 48  # room for the last x-axis label, which starts at its bar


@dataclass(frozen=True)
class Label:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class LegendItem:
    colour: str
    text: str


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    day: date
    count: int
    colour: str
    title: str


@dataclass(frozen=True)
class Heatmap:
    width: int
    height: int
    cell: int
    cells: list[Cell]
    months: list[Label]
    weekdays: list[Label]
    legend: list[LegendItem]
    study_days: int
    reviews: int
    summary: str


@dataclass(frozen=True)
class MonthRow:
    label: str
    study_days: int
    reviews: int


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str
    value: int
    title: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: int
    left: int
    bars: list[Bar]
    x_labels: list[Label]
    y_labels: list[Label]


def day_label(day: date) -> str:
    """'Mon 3 Nov': short, unambiguous within the year the charts cover."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {day:%b}"


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def level_bounds(peak: int, *, levels: int = 4) -> tuple[int, ...]:
    """The highest count in each non-empty colour level, scaled to the learner's busiest day.

    A fixed scale would paint a light learner's year one colour and a heavy learner's dark.
    """
    if peak <= 0:
        return ()
    return tuple(sorted({max(1, math.ceil(peak * k / levels)) for k in range(1, levels + 1)}))


def level_colour(count: int, bounds: Sequence[int]) -> str:
    if count <= 0 or not bounds:
        return LEVEL_COLOURS[0]
    level = next((i for i, bound in enumerate(bounds, 1) if count <= bound), len(bounds))
    # With fewer levels than colours (a small peak), spread them so the top is the darkest.
    return LEVEL_COLOURS[math.ceil(level * (len(LEVEL_COLOURS) - 1) / len(bounds))]


def legend(bounds: Sequence[int]) -> list[LegendItem]:
    items = [LegendItem(LEVEL_COLOURS[0], "no reviews")]
    low = 1
    for bound in bounds:
        text = plural(bound, "review") if low == bound else f"{low:,}–{bound:,} reviews"
        items.append(LegendItem(level_colour(bound, bounds), text))
        low = bound + 1
    return items


def heatmap(counts: Mapping[date, int], *, today: date, days: int = 365) -> Heatmap:
    """A calendar of the last `days` days: weeks as columns (Monday on top), 7 rows."""
    first = today - timedelta(days=days - 1)
    monday = first - timedelta(days=first.weekday())
    window = [first + timedelta(days=offset) for offset in range(days)]
    bounds = level_bounds(max((counts.get(day, 0) for day in window), default=0))
    cells = []
    for day in window:
        count = counts.get(day, 0)
        column = (day - monday).days // 7
        cells.append(
            Cell(
                x=HEATMAP_LEFT + column * STEP,
                y=HEATMAP_TOP + day.weekday() * STEP,
                day=day,
                count=count,
                colour=level_colour(count, bounds),
                title=f"{day_label(day)}: {plural(count, 'review') if count else 'no reviews'}",
            )
        )
    columns = (today - monday).days // 7 + 1
    studied = [day for day in window if counts.get(day, 0) > 0]
    reviews = sum(counts.get(day, 0) for day in window)
    return Heatmap(
        width=HEATMAP_LEFT + columns * STEP,
        height=HEATMAP_TOP + 7 * STEP,
        cell=CELL,
        cells=cells,
        months=_month_labels(window, monday),
        weekdays=[
            Label(0, HEATMAP_TOP + row * STEP + CELL - 1, WEEKDAY_NAMES[row]) for row in (0, 2, 4)
        ],
        legend=legend(bounds),
        study_days=len(studied),
        reviews=reviews,
        summary=_heatmap_summary(counts, studied, reviews, days),
    )


def _month_labels(window: Sequence[date], monday: date) -> list[Label]:
    labels: list[Label] = []
    for day in window:
        if day.day != 1 and day != window[0]:
            continue
        x = HEATMAP_LEFT + (day - monday).days // 7 * STEP
        # A partial first month gets no label when the next one would overlap it.
        if labels and x - labels[-1].x < 3 * STEP:
            labels.pop()
        labels.append(Label(x, HEATMAP_TOP - 5, f"{day:%b}"))
    return labels


def _heatmap_summary(
    counts: Mapping[date, int], studied: Sequence[date], reviews: int, days: int
) -> str:
    text = f"Study calendar for the last {days} days: {plural(len(studied), 'study day')}, "
    text += f"{plural(reviews, 'review')}"
    if studied:
        busiest = max(studied, key=lambda day: (counts[day], day))
        text += f"; busiest day {day_label(busiest)} with {plural(counts[busiest], 'review')}"
    return text + "."


def month_rows(counts: Mapping[date, int], *, today: date, days: int = 365) -> list[MonthRow]:
    """The calendar's text alternative: study days and reviews per month, oldest first."""
    rows: dict[tuple[int, int], list[int]] = {}
    for offset in range(days):
        day = today - timedelta(days=days - 1 - offset)
        totals = rows.setdefault((day.year, day.month), [0, 0])
        count = counts.get(day, 0)
        totals[0] += count > 0
        totals[1] += count
    return [
        MonthRow(f"{date(year, month, 1):%B} {year}", studied, reviews)
        for (year, month), (studied, reviews) in rows.items()
    ]


def bar_chart(
    values: Sequence[tuple[str, int]], *, noun: str, suffix: str = "", every: int = 7
) -> BarChart:
    """Vertical bars, one per (label, value); every `every`th bar gets an x-axis label.

    Each bar's title reads like 'Today: 12 cards due' (noun 'card', suffix ' due').
    """
    peak = max((value for _, value in values), default=0)
    baseline = BAR_TOP + BAR_AREA
    bars = []
    x_labels = []
    for index, (label, value) in enumerate(values):
        height = round(BAR_AREA * value / peak) if peak else 0
        if value and not height:
            height = 1  # a small but real count must not vanish
        x = BAR_LEFT + index * BAR_STEP
        title = f"{label}: {plural(value, noun)}{suffix}"
        bars.append(Bar(x, baseline - height, BAR_WIDTH, height, label, value, title))
        if index % every == 0:
            x_labels.append(Label(x, baseline + 16, label))
    y_labels = [Label(BAR_LEFT - 6, baseline, "0")]
    if peak:
        y_labels.append(Label(BAR_LEFT - 6, BAR_TOP + 8, f"{peak:,}"))
    return BarChart(
        width=BAR_LEFT + len(values) * BAR_STEP + BAR_RIGHT,
        height=baseline + BAR_BOTTOM,
        baseline=baseline,
        left=BAR_LEFT,
        bars=bars,
        x_labels=x_labels,
        y_labels=y_labels,
    )


def format_duration(milliseconds: int | None) -> str:
    """'1 h 5 min', '12 min', '40 s'; '—' when no review recorded how long it took."""
    if milliseconds is None:
        return "—"
    seconds = round(milliseconds / 1000)
    if seconds < 60:
        return f"{seconds} s"
    hours, minutes = divmod(round(seconds / 60), 60)
    if hours and minutes:
        return f"{hours:,} h {minutes} min"
    return f"{hours:,} h" if hours else f"{minutes} min"
