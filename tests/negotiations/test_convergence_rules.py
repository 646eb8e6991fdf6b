"""Single rules of the convergence engine, each on a few hand-made stances."""

from datetime import UTC, date, datetime, timedelta

import pytest

from negotiations.convergence import (
    Direction,
    EventKind,
    StanceFact,
    analyse,
    convergence_periods,
    effective_positions,
    shift_direction,
)

T0 = datetime(2022, 6, 1, 9, tzinfo=UTC)


def fact(stance_id, party, position, day, *, demand="d", statement=None, second=None, **more):
    return StanceFact(
        stance_id=stance_id,
        statement_id=stance_id if statement is None else statement,
        demand_id=demand,
        party_id=party,
        position=position,
        said_on=date(2022, 3, day),
        recorded_from=T0 + timedelta(seconds=stance_id if second is None else second),
        **more,
    )


def test_same_day_tie_goes_to_the_later_recorded_not_the_higher_id():
    facts = [fact(1, "a", 2, 5, second=50), fact(2, "a", -1, 5, second=10)]
    assert effective_positions(facts)[("d", "a")].stance_id == 1


def test_a_correction_keeps_the_first_recording_time_for_ties():
    # Stance 2 (recorded after stance 1, same day) wins; correcting stance 1 later creates a
    # new version recorded at 100 s, but it still counts as recorded at 0 s, so 2 still wins.
    first = fact(1, "a", 2, 5, second=0, recorded_until=T0 + timedelta(seconds=100))
    corrected = fact(1, "a", 1, 5, second=100, recorded_at=T0)
    second = fact(2, "a", -1, 5, second=20)
    assert effective_positions([first, corrected, second])[("d", "a")].position == -1


def test_as_known_on_drops_later_records_and_retractions():
    said = fact(1, "a", 2, 5, second=0)
    retracted = fact(2, "b", 2, 6, second=10, recorded_until=T0 + timedelta(seconds=60))
    later = fact(3, "b", -2, 7, second=120)
    facts = [said, retracted, later]
    now = analyse(facts, principals=["a", "b"]).demands["d"]
    then = analyse(facts, principals=["a", "b"], as_known_on=T0 + timedelta(seconds=30))
    assert now.current.gap == 4
    assert then.demands["d"].current.gap == 0
    assert [e.kind for e in then.events] == [EventKind.CONVERGED]
    assert [e.kind for e in now.events] == []


def test_first_stance_is_no_shift_but_can_converge():
    facts = [fact(1, "a", 1, 1), fact(2, "b", 2, 3)]
    events = analyse(facts, principals=["a", "b"]).events
    assert [(e.kind, e.statement_ids, e.gap_before, e.gap_after) for e in events] == [
        (EventKind.CONVERGED, (2,), None, 1)
    ]


def test_diverged_names_the_statement_that_widened_the_gap():
    facts = [fact(1, "a", 2, 1), fact(2, "b", 2, 1), fact(3, "b", -1, 4, statement=30)]
    events = analyse(facts, principals=["a", "b"], threshold=1).events
    assert [(e.kind, e.on.day, e.party_id, e.direction, e.statement_ids) for e in events] == [
        (EventKind.CONVERGED, 1, None, None, (1, 2)),
        (EventKind.SHIFT, 4, "b", Direction.HARDENING, (30,)),
        (EventKind.DIVERGED, 4, None, None, (30,)),
    ]


def test_same_day_moves_collapse_to_the_last_recorded_and_credit_all_who_said_it():
    facts = [
        fact(1, "a", 2, 1),
        fact(2, "b", -2, 1),
        fact(3, "b", 0, 4, statement=31),
        fact(4, "b", 1, 4, statement=32),
        fact(5, "b", 1, 4, statement=33),
    ]
    analysis = analyse(facts, principals=["a", "b"])
    shifts = [e for e in analysis.events if e.kind == EventKind.SHIFT]
    assert [(e.old_position, e.new_position, e.statement_ids) for e in shifts] == [
        (-2, 1, (32, 33))
    ]
    assert [p.gap for p in analysis.demands["d"].points] == [4, 1]


def test_both_sides_moving_on_one_day_are_judged_against_the_day_before():
    facts = [fact(1, "a", 2, 1), fact(2, "b", -2, 1), fact(3, "a", 0, 2), fact(4, "b", 0, 2)]
    shifts = [e for e in analyse(facts, principals=["a", "b"]).events if e.party_id]
    assert [(e.party_id, e.direction) for e in shifts] == [
        ("a", Direction.CONCESSION),
        ("b", Direction.CONCESSION),
    ]


@pytest.mark.parametrize(
    ("old", "new", "others", "direction"),
    [
        (-2, 0, [2], Direction.CONCESSION),
        (0, -2, [2], Direction.HARDENING),
        (-2, 2, [0], None),  # jumped over the other side, as far away as before
        (-1, 2, [-2], Direction.HARDENING),
        (0, 1, [-2, 2], None),  # toward one, away from the other
        (-2, 0, [1, 2], Direction.CONCESSION),
        (2, 1, [-2, -2, 2], Direction.CONCESSION),  # toward the others' median
        (1, 2, [], None),  # nobody else known yet
    ],
)
def test_shift_direction(old, new, others, direction):
    assert shift_direction(old, new, others) == direction


def test_mediators_stances_move_no_gap_and_make_no_event():
    facts = [fact(1, "a", 2, 1), fact(2, "b", -2, 1), fact(3, "m", 2, 2), fact(4, "m", -2, 3)]
    analysis = analyse(facts, principals=["a", "b"])
    assert analysis.events == ()
    assert [step.position for step in analysis.demands["d"].steps["m"]] == [2, -2]
    assert [p.on.day for p in analysis.demands["d"].points] == [1]


def test_weighted_index_and_demands_without_stances():
    facts = [
        fact(1, "a", 2, 1, demand="x"),
        fact(2, "b", 2, 1, demand="x"),  # index 1
        fact(3, "a", 2, 2, demand="y"),
        fact(4, "b", -2, 2, demand="y"),  # index 0
    ]
    analysis = analyse(facts, principals=["a", "b"], weights={"x": 3, "y": 1, "z": 5})
    assert list(analysis.demands) == ["x", "y", "z"]
    assert analysis.demands["z"].points == ()
    assert [(p.on.day, p.index, p.demands_counted) for p in analysis.index] == [
        (1, 1.0, 1),
        (2, 0.75, 2),
    ]


def test_convergence_periods():
    facts = [
        fact(1, "a", 2, 1),
        fact(2, "b", 2, 2),
        fact(3, "b", -2, 5),
        fact(4, "b", 1, 9),
    ]
    points = analyse(facts, principals=["a", "b"]).demands["d"].points
    assert convergence_periods(points) == [
        (date(2022, 3, 2), date(2022, 3, 5)),
        (date(2022, 3, 9), None),
    ]


def test_bad_input_is_refused_with_a_clear_error():
    with pytest.raises(ValueError, match="position 3 is outside"):
        fact(1, "a", 3, 1)
    with pytest.raises(ValueError, match="recorded_until must be later"):
        fact(1, "a", 1, 1, recorded_until=T0 - timedelta(days=1))
    with pytest.raises(ValueError, match="two versions on record"):
        analyse([fact(1, "a", 1, 1), fact(1, "a", 2, 1)], principals=["a", "b"])
