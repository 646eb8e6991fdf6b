"""Worked examples on the demo data (negotiations/demo/russia-ukraine-2022.json), by hand.

The JSON is read directly (conftest.py), so these tests need no database.
"""

from datetime import date

import pytest

from negotiations.convergence import (
    Direction,
    EventKind,
    analyse,
    convergence_periods,
    effective_positions,
    position_on,
)


@pytest.fixture(scope="module")
def demo(demo_negotiation, demo_facts):
    negotiation = demo_negotiation
    principals = [p["party"] for p in negotiation["participants"] if p["role"] == "principal"]
    assert principals == ["russia", "ukraine"]
    facts = demo_facts
    analysis = analyse(
        facts,
        principals=principals,
        threshold=negotiation["convergence_threshold"],
        weights={d["slug"]: d["weight"] for d in negotiation["demands"]},
    )
    return facts, analysis


def signature(event):
    return (event.kind, event.on, event.party_id, event.direction, event.statement_ids)


def test_nato_gap_before_and_after_mid_march(demo):
    # Russia insists (+2) from 28 February; Zelensky's 7 March interview (statement 5) puts
    # Ukraine at -1: gap 3. On 15 March (statement 12) he says Ukraine will not join NATO,
    # Ukraine moves to +1: gap 1, which is the threshold, so the demand converges.
    _, analysis = demo
    nato = analysis.demands["ukraine-renounces-nato"]
    assert [(p.on, dict(p.positions), p.gap) for p in nato.points] == [
        (date(2022, 2, 28), {"russia": 2}, None),
        (date(2022, 3, 7), {"russia": 2, "ukraine": -1}, 3),
        (date(2022, 3, 15), {"russia": 2, "ukraine": 1}, 1),
    ]
    assert position_on(nato.steps["ukraine"], date(2022, 3, 14)) == -1
    assert position_on(nato.steps["ukraine"], date(2022, 3, 16)) == 1
    assert nato.current.index == 0.75
    assert nato.current.converged
    assert [signature(e) for e in nato.events] == [
        (EventKind.SHIFT, date(2022, 3, 15), "ukraine", Direction.CONCESSION, (12,)),
        (EventKind.CONVERGED, date(2022, 3, 15), None, None, (12,)),
    ]
    assert convergence_periods(nato.points) == [(date(2022, 3, 15), None)]


def test_nato_before_mid_march_when_only_what_was_said_by_then_counts(demo):
    facts, _ = demo
    analysis = analyse(facts, principals=["russia", "ukraine"], date_to=date(2022, 3, 14))
    nato = analysis.demands["ukraine-renounces-nato"]
    assert (nato.current.gap, nato.current.index, nato.current.converged) == (3, 0.25, False)
    assert nato.events == ()


def test_security_guarantees_converge_with_lavrovs_16_march_remark(demo):
    # Ukraine demands them from 14 March (+2, statement 11); Lavrov on 16 March (statement 14)
    # says they are being discussed (+1): gap 1, converged from the first day both are known.
    _, analysis = demo
    guarantees = analysis.demands["security-guarantees"]
    assert [(p.on, p.gap) for p in guarantees.points] == [
        (date(2022, 3, 14), None),
        (date(2022, 3, 16), 1),
    ]
    assert [signature(e) for e in guarantees.events] == [
        (EventKind.CONVERGED, date(2022, 3, 16), None, None, (14,)),
    ]


def test_crimea_hardens_then_softens_without_converging(demo):
    _, analysis = demo
    crimea = analysis.demands["crimea-recognised-as-russian"]
    assert [(p.on, p.gap) for p in crimea.points] == [
        (date(2022, 2, 28), None),
        (date(2022, 3, 7), 3),
        (date(2022, 3, 27), 4),
        (date(2022, 3, 29), 3),
    ]
    assert [signature(e) for e in crimea.events] == [
        (EventKind.SHIFT, date(2022, 3, 27), "ukraine", Direction.HARDENING, (23,)),
        (EventKind.SHIFT, date(2022, 3, 29), "ukraine", Direction.CONCESSION, (27,)),
    ]


def test_ceasefire_concession_then_hardening_and_the_mediator_makes_no_event(demo):
    _, analysis = demo
    ceasefire = analysis.demands["ceasefire-and-withdrawal"]
    assert list(ceasefire.steps) == ["russia", "ukraine", "turkey"]
    assert [(p.on, p.gap) for p in ceasefire.points] == [
        (date(2022, 2, 28), None),
        (date(2022, 3, 7), 3),
        (date(2022, 3, 29), 2),
        (date(2022, 4, 7), 4),
    ]
    assert [signature(e) for e in ceasefire.events] == [
        (EventKind.SHIFT, date(2022, 3, 29), "russia", Direction.CONCESSION, (29,)),
        (EventKind.SHIFT, date(2022, 4, 7), "russia", Direction.HARDENING, (33,)),
    ]


def test_demilitarisation_shifts_have_no_direction_while_ukraine_is_silent(demo):
    _, analysis = demo
    demilitarisation = analysis.demands["demilitarisation"]
    assert [signature(e) for e in demilitarisation.events] == [
        (EventKind.SHIFT, date(2022, 3, 16), "russia", None, (15,)),
        (EventKind.SHIFT, date(2022, 3, 25), "russia", None, (21,)),
    ]
    assert demilitarisation.current.gap == 4


def test_humanitarian_corridors_a_reported_stance_moves_the_other_party(demo):
    # Both agree on 3 March (gap 0). On 10 March Kuleba (statement 8, Ukraine) reports that
    # Russia only offers corridors on its terms (+1): a Russian hardening, still converged.
    _, analysis = demo
    corridors = analysis.demands["humanitarian-corridors"]
    assert [signature(e) for e in corridors.events] == [
        (EventKind.CONVERGED, date(2022, 3, 3), None, None, (3, 2)),
        (EventKind.SHIFT, date(2022, 3, 10), "russia", Direction.HARDENING, (8,)),
        (EventKind.SHIFT, date(2022, 3, 18), "russia", Direction.CONCESSION, (19,)),
    ]
    assert [p.gap for p in corridors.points] == [0, 1, 0]


def test_weighted_index_of_the_negotiation(demo):
    _, analysis = demo
    # Now: NATO 0.75, Crimea 0.25, Donbas 0.25, demilitarisation 0, guarantees 0.75,
    # ceasefire 0, corridors 1 -> 3 / 7.
    assert analysis.current_index == pytest.approx(3 / 7)
    assert analysis.index[-1].demands_counted == 7
    # End of 14 March: NATO, Crimea, Donbas and ceasefire at gap 3 (0.25), corridors at gap 1
    # (0.75); demilitarisation and guarantees have one principal only -> 1.75 / 5.
    on_14_march = [point for point in analysis.index if point.on <= date(2022, 3, 14)][-1]
    assert (on_14_march.index, on_14_march.demands_counted) == (pytest.approx(0.35), 5)


def test_window_carries_the_state_into_its_first_day(demo):
    facts, _ = demo
    analysis = analyse(
        facts,
        principals=["russia", "ukraine"],
        date_from=date(2022, 3, 20),
        date_to=date(2022, 3, 31),
    )
    nato = analysis.demands["ukraine-renounces-nato"]
    assert [(p.on, p.gap) for p in nato.points] == [(date(2022, 3, 20), 1)]
    assert nato.steps["ukraine"][0].start == date(2022, 3, 20)
    assert nato.steps["ukraine"][0].statement_ids == (12,)
    # Demilitarisation on 25 March, Crimea and Donbas on 27 and 29 March; nothing after.
    assert {e.on for e in analysis.events} == {
        date(2022, 3, 25),
        date(2022, 3, 27),
        date(2022, 3, 29),
    }
    assert analysis.index[0].on == date(2022, 3, 20)


def test_effective_positions_on_a_date(demo):
    facts, _ = demo
    effective = effective_positions(facts, on=date(2022, 3, 14))
    assert effective[("ukraine-renounces-nato", "ukraine")].statement_id == 5
    assert effective[("ceasefire-and-withdrawal", "turkey")].position == 2
    assert ("security-guarantees", "russia") not in effective
