"""The progress charts' geometry and labels, without a database or a browser."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from learning import charts
from learning.charts import (
    BAR_AREA,
    HEATMAP_LEFT,
    HEATMAP_TOP,
    LEVEL_COLOURS,
    STEP,
    bar_chart,
    day_label,
    format_duration,
    heatmap,
    legend,
    level_bounds,
    level_colour,
    month_rows,
)

TODAY = date(2025, 11, 12)  # a Wednesday


@pytest.mark.parametrize(
    ("day", "label"),
    [(date(2025, 11, 3), "Mon 3 Nov"), (date(2026, 1, 1), "Thu 1 Jan"), (TODAY, "Wed 12 Nov")],
)
def test_day_labels_are_weekday_day_and_month(day: date, label: str) -> None:
    assert day_label(day) == label


@pytest.mark.parametrize(
    ("peak", "bounds"),
    [
        (0, ()),
        (1, (1,)),
        (2, (1, 2)),
        (3, (1, 2, 3)),
        (40, (10, 20, 30, 40)),
        (41, (11, 21, 31, 41)),
    ],
)
def test_levels_scale_to_the_busiest_day(peak: int, bounds: tuple[int, ...]) -> None:
    assert level_bounds(peak) == bounds


@pytest.mark.parametrize(
    ("count", "bounds", "colour"),
    [
        (0, (10, 20, 30, 40), 0),
        (1, (10, 20, 30, 40), 1),
        (10, (10, 20, 30, 40), 1),
        (11, (10, 20, 30, 40), 2),
        (40, (10, 20, 30, 40), 4),
        (1, (1,), 4),
        (1, (1, 2), 2),
        (2, (1, 2), 4),
        (5, (), 0),
    ],
)
def test_the_busiest_day_always_gets_the_darkest_colour(
    count: int, bounds: tuple[int, ...], colour: int
) -> None:
    assert level_colour(count, bounds) == LEVEL_COLOURS[colour]


def test_the_legend_names_each_range_once() -> None:
    assert [item.text for item in legend((10, 20, 30, 40))] == [
        "no reviews",
        "1–10 reviews",
        "11–20 reviews",
        "21–30 reviews",
        "31–40 reviews",
    ]
    assert [item.text for item in legend((1, 2))] == ["no reviews", "1 review", "2 reviews"]
    assert [item.colour for item in legend((1, 2))] == [
        LEVEL_COLOURS[0],
        LEVEL_COLOURS[2],
        LEVEL_COLOURS[4],
    ]


def test_the_heatmap_has_one_cell_per_day_ending_today() -> None:
    chart = heatmap({}, today=TODAY)

    assert len(chart.cells) == 365
    assert chart.cells[0].day == TODAY - timedelta(days=364)
    assert chart.cells[-1].day == TODAY
    assert {cell.colour for cell in chart.cells} == {LEVEL_COLOURS[0]}
    assert chart.study_days == 0
    assert chart.summary == "Study calendar for the last 365 days: 0 study days, 0 reviews."


def test_weeks_are_columns_with_monday_on_top() -> None:
    chart = heatmap({}, today=TODAY)
    by_day = {cell.day: cell for cell in chart.cells}
    monday = date(2025, 11, 10)

    assert by_day[monday].y == HEATMAP_TOP
    assert by_day[TODAY].y == HEATMAP_TOP + 2 * STEP
    assert by_day[monday].x == by_day[TODAY].x
    assert by_day[monday - timedelta(days=1)].x == by_day[monday].x - STEP
    assert chart.cells[0].x == HEATMAP_LEFT
    assert chart.width == by_day[TODAY].x + STEP
    assert chart.height == HEATMAP_TOP + 7 * STEP


def test_each_cell_names_its_day_and_count() -> None:
    counts = {date(2025, 11, 3): 12, date(2025, 11, 4): 1, TODAY: 40}
    chart = heatmap(counts, today=TODAY)
    titles = {cell.day: cell.title for cell in chart.cells}

    assert titles[date(2025, 11, 3)] == "Mon 3 Nov: 12 reviews"
    assert titles[date(2025, 11, 4)] == "Tue 4 Nov: 1 review"
    assert titles[date(2025, 11, 5)] == "Wed 5 Nov: no reviews"
    assert chart.study_days == 3
    assert chart.reviews == 53
    assert chart.summary == (
        "Study calendar for the last 365 days: 3 study days, 53 reviews; "
        "busiest day Wed 12 Nov with 40 reviews."
    )


def test_days_outside_the_window_are_not_drawn_or_counted() -> None:
    chart = heatmap({TODAY - timedelta(days=365): 9, TODAY + timedelta(days=1): 9}, today=TODAY)

    assert chart.reviews == 0
    assert chart.study_days == 0


def test_month_labels_never_overlap() -> None:
    for offset in range(0, 40):
        chart = heatmap({}, today=TODAY + timedelta(days=offset))
        xs = [label.x for label in chart.months]
        assert xs == sorted(xs)
        assert all(b - a >= 3 * STEP for a, b in zip(xs, xs[1:], strict=False))
        assert 12 <= len(chart.months) <= 13


def test_the_table_alternative_sums_each_month() -> None:
    counts = {date(2025, 11, 3): 12, date(2025, 11, 4): 1, date(2025, 10, 31): 5}
    rows = month_rows(counts, today=TODAY)

    assert rows[0].label == "November 2024"
    assert rows[-1].label == "November 2025"
    assert (rows[-1].study_days, rows[-1].reviews) == (2, 13)
    assert (rows[-2].label, rows[-2].study_days, rows[-2].reviews) == ("October 2025", 1, 5)
    assert sum(row.reviews for row in rows) == 18


def test_bars_scale_to_the_tallest() -> None:
    chart = bar_chart(
        [("Today", 10), ("Tomorrow", 5), ("Fri 14 Nov", 0), ("Sat 15 Nov", 0)],
        noun="card",
        suffix=" due",
    )
    today, tomorrow, empty, _ = chart.bars

    assert today.height == BAR_AREA
    assert today.y + today.height == chart.baseline
    assert tomorrow.height == BAR_AREA // 2
    assert empty.height == 0
    assert tomorrow.x - today.x == charts.BAR_STEP
    assert today.title == "Today: 10 cards due"
    assert empty.title == "Fri 14 Nov: 0 cards due"
    assert [label.text for label in chart.y_labels] == ["0", "10"]


def test_a_tiny_bar_stays_visible() -> None:
    chart = bar_chart([("a", 1000), ("b", 1)], noun="card")

    assert chart.bars[1].height == 1
    assert chart.bars[1].title == "b: 1 card"


def test_every_seventh_bar_is_labelled_on_the_axis() -> None:
    chart = bar_chart([(f"day {n}", n) for n in range(30)], noun="card")

    assert [label.text for label in chart.x_labels] == [
        "day 0",
        "day 7",
        "day 14",
        "day 21",
        "day 28",
    ]
    assert chart.width >= chart.x_labels[-1].x + charts.BAR_RIGHT


def test_an_empty_forecast_draws_no_bars() -> None:
    chart = bar_chart([("Today", 0), ("Tomorrow", 0)], noun="card")

    assert [bar.height for bar in chart.bars] == [0, 0]
    assert [label.text for label in chart.y_labels] == ["0"]


@pytest.mark.parametrize(
    ("milliseconds", "text"),
    [
        (None, "—"),
        (0, "0 s"),
        (40_000, "40 s"),
        (59_400, "59 s"),
        (59_600, "1 min"),
        (12 * 60_000, "12 min"),
        (65 * 60_000, "1 h 5 min"),
        (120 * 60_000, "2 h"),
        (1000 * 3_600_000, "1,000 h"),
    ],
)
def test_durations_read_like_a_clock(milliseconds: int | None, text: str) -> None:
    assert format_duration(milliseconds) == text
