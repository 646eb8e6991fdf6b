"""The SVG geometry draws what the engine computed: lines, bands and markers where they belong."""

from datetime import date
from types import SimpleNamespace

import pytest

from negotiations.convergence import IndexPoint, analyse
from negotiations.timeline.charts import (
    INDEX,
    LANE,
    SHAPES,
    TimeScale,
    date_ticks,
    index_chart,
    index_y,
    lane_chart,
    marker_path,
    party_styles,
    position_y,
)

RUSSIA = SimpleNamespace(
    pk="russia", name="Russia", short_name="RU", slug="russia", color="#b5302a"
)
UKRAINE = SimpleNamespace(
    pk="ukraine", name="Ukraine", short_name="", slug="ukraine", color="#0057b7"
)
SCALE = TimeScale(date(2022, 2, 24), date(2022, 4, 10), LANE)


@pytest.fixture
def nato_lane(demo_facts):
    facts = demo_facts
    timeline = analyse(facts, principals=["russia", "ukraine"]).demands["ukraine-renounces-nato"]
    markers = [
        (f.said_on, f.party_id, f.position, f.statement_id)
        for f in facts
        if f.demand_id == "ukraine-renounces-nato"
    ]
    styles = party_styles([RUSSIA, UKRAINE])
    rounds = [(date(2022, 3, 29), "Istanbul"), (date(2021, 1, 1), "before the window")]
    return lane_chart(timeline, styles=styles, scale=SCALE, markers=markers, rounds=rounds)


def test_each_principal_has_its_own_colour_and_shape():
    styles = party_styles([RUSSIA, UKRAINE])
    assert [(s.color, s.shape, s.short_name) for s in styles] == [
        ("#b5302a", SHAPES[0], "RU"),
        ("#0057b7", SHAPES[1], "Ukraine"),
    ]
    assert len({marker_path(shape, 10, 10) for shape in SHAPES}) == len(SHAPES)


def test_lane_lines_follow_the_steps_to_the_right_edge(nato_lane):
    chart = nato_lane
    russia, ukraine = chart.lines
    assert russia.d == f"M{SCALE.x(date(2022, 2, 28)):g} {position_y(2):g}H{SCALE.x_end:g}"
    assert ukraine.d == (
        f"M{SCALE.x(date(2022, 3, 7)):g} {position_y(-1):g}"
        f"H{SCALE.x(date(2022, 3, 15)):g}V{position_y(1):g}H{SCALE.x_end:g}"
    )


def test_lane_gap_band_turns_converged_on_15_march(nato_lane):
    chart = nato_lane
    assert [(b.x, b.converged) for b in chart.bands] == [
        (SCALE.x(date(2022, 3, 7)), False),
        (SCALE.x(date(2022, 3, 15)), True),
    ]
    gap3, gap1 = chart.bands
    assert (gap3.y, gap3.y + gap3.height) == (position_y(2), position_y(-1))
    assert gap1.x + gap1.width == SCALE.x_end


def test_lane_markers_one_per_stance_in_the_window_and_rounds_inside_it(nato_lane):
    chart = nato_lane
    assert len(chart.markers) == 14  # 9 Russian and 5 Ukrainian stances on NATO
    assert {m.style.shape for m in chart.markers} == {SHAPES[0], SHAPES[1]}
    assert [r.item for r in chart.rounds] == ["Istanbul"]


def test_index_chart_and_ticks():
    points = [IndexPoint(date(2022, 3, 1), 0.25, 1), IndexPoint(date(2022, 3, 15), 0.75, 2)]
    scale = TimeScale(date(2022, 2, 24), date(2022, 4, 10), INDEX)
    chart = index_chart(points, scale=scale)
    assert chart.d == (
        f"M{scale.x(date(2022, 3, 1)):g} {index_y(0.25):g}"
        f"H{scale.x(date(2022, 3, 15)):g}V{index_y(0.75):g}H{scale.x_end:g}"
    )
    assert chart.area.startswith(chart.d)
    assert index_chart([], scale=scale).d == ""
    assert [t.label for t in date_ticks(scale)] == [
        "Feb 24", "Mar 3", "Mar 10", "Mar 17", "Mar 24", "Mar 31", "Apr 7"
    ]  # fmt: skip
    long = TimeScale(date(2020, 5, 1), date(2026, 5, 1), INDEX)
    assert [t.label for t in date_ticks(long)] == ["2021", "2022", "2023", "2024", "2025", "2026"]
    year = TimeScale(date(2022, 2, 24), date(2022, 12, 31), INDEX)
    assert [t.label for t in date_ticks(year)][:3] == ["Mar 2022", "May", "Jul"]
