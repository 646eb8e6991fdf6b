"""The laws of the convergence engine (issue 4), checked with hypothesis on random stances."""

import os
import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiations.convergence import (
    MAX_GAP,
    EventKind,
    StanceFact,
    analyse,
    effective_positions,
    sort_facts,
)

DEMANDS = ("d1", "d2", "d3")
PARTIES = ("a", "b", "c", "mediator")
START = date(2022, 2, 1)
EPOCH = datetime(2022, 6, 1, tzinfo=UTC)

# CI must be deterministic: the same examples on every run, and no deadline that a loaded
# machine could miss. HYPOTHESIS_EXAMPLES lets a developer search much wider by hand.
laws = settings(
    deadline=None,
    derandomize=True,
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "200")),
)


@st.composite
def stance_sets(draw, min_size=0, max_size=40):
    """Stances on few demands and days (so that ties happen), with unique stance ids."""
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(DEMANDS),
                st.sampled_from(PARTIES),
                st.integers(-2, 2),
                st.integers(0, 12),  # day
                st.integers(0, 500),  # second it was recorded
                st.integers(0, 15),  # statement
            ),
            min_size=min_size,
            max_size=max_size,
        )
    )
    return [
        StanceFact(
            stance_id=stance_id,
            statement_id=statement,
            demand_id=demand,
            party_id=party,
            position=position,
            said_on=START + timedelta(days=day),
            recorded_from=EPOCH + timedelta(seconds=second),
        )
        for stance_id, (demand, party, position, day, second, statement) in enumerate(rows)
    ]


principal_sets = st.sampled_from([("a", "b"), ("b", "a"), ("a", "b", "c")])
thresholds = st.integers(0, 3)


def run(facts, principals=("a", "b"), threshold=1, **kwargs):
    return analyse(
        facts,
        principals=principals,
        threshold=threshold,
        weights={"d1": 1, "d2": 2, "d3": 0.5},
        **kwargs,
    )


def event_signatures(analysis):
    """Events without the statements that caused them (a same-day repeat may add one)."""
    return [replace(event, statement_ids=()) for event in analysis.events]


@laws
@given(stance_sets(), principal_sets, thresholds)
def test_gap_within_0_to_4_and_index_within_0_to_1(facts, principals, threshold):
    analysis = run(facts, principals, threshold)
    for timeline in analysis.demands.values():
        for point in timeline.points:
            if len(point.positions) < 2:
                assert point.gap is None and point.index is None and not point.converged
            else:
                assert 0 <= point.gap <= MAX_GAP
                assert 0 <= point.index <= 1
                assert point.index == 1 - point.gap / 4
                assert point.converged == (point.gap <= threshold)
    for point in analysis.index:
        assert point.index is None or 0 <= point.index <= 1


@laws
@given(stance_sets(), st.permutations(("a", "b", "c")))
def test_gap_is_symmetric_in_the_parties(facts, relabelled):
    """Renaming the principals, or listing them in another order, changes no gap."""
    rename = dict(zip(("a", "b", "c"), relabelled, strict=True))
    renamed = [replace(fact, party_id=rename.get(fact.party_id, fact.party_id)) for fact in facts]
    original = run(facts, ("a", "b", "c"))
    swapped = run(renamed, tuple(reversed(("a", "b", "c"))))

    def gaps(analysis):
        return {d: [(p.on, p.gap) for p in t.points] for d, t in analysis.demands.items()}

    assert gaps(original) == gaps(swapped)
    assert original.index == swapped.index


@laws
@given(stance_sets(), principal_sets, thresholds)
def test_converged_and_diverged_alternate_starting_with_converged(facts, principals, threshold):
    analysis = run(facts, principals, threshold)
    for timeline in analysis.demands.values():
        kinds = [e.kind for e in timeline.events if e.kind != EventKind.SHIFT]
        expected = [EventKind.CONVERGED, EventKind.DIVERGED] * len(kinds)
        assert kinds == expected[: len(kinds)]
        if kinds:  # the last event matches the current state
            assert timeline.current.converged == (kinds[-1] == EventKind.CONVERGED)


@laws
@given(stance_sets(min_size=1), principal_sets, st.data())
def test_repeating_the_effective_position_makes_no_event(facts, principals, data):
    known = sort_facts(facts)
    anchor = data.draw(st.sampled_from(known))
    day = anchor.said_on + timedelta(days=data.draw(st.integers(0, 15)))
    effective = effective_positions(facts, on=day)[(anchor.demand_id, anchor.party_id)]
    repeat = replace(
        effective,
        stance_id=len(facts),
        statement_id=99,
        said_on=day,
        recorded_from=EPOCH + timedelta(seconds=data.draw(st.integers(0, 1000))),
    )
    before = run(facts, principals)
    after = run([*facts, repeat], principals)
    assert event_signatures(after) == event_signatures(before)
    for demand, timeline in before.demands.items():
        assert after.demands[demand].points == timeline.points
    assert after.index == before.index


@laws
@given(stance_sets(), principal_sets, thresholds, st.randoms(use_true_random=False))
def test_the_order_stances_come_in_does_not_change_the_result(facts, principals, threshold, rnd):
    shuffled = list(facts)
    rnd.shuffle(shuffled)
    assert run(shuffled, principals, threshold) == run(facts, principals, threshold)


@laws
@given(stance_sets(), principal_sets, st.randoms(use_true_random=False))
def test_the_order_stances_were_recorded_in_does_not_matter_without_same_day_ties(
    facts, principals, rnd
):
    """Back-filling old statements in any order gives the same picture.

    Recording time only breaks ties between one party's stances on one demand said on the same
    day, so with no such ties any reassignment of the recording times changes nothing.
    """
    unique = {}
    for fact in facts:
        unique.setdefault((fact.demand_id, fact.party_id, fact.said_on), fact)
    facts = list(unique.values())
    times = [fact.recorded_from for fact in facts]
    rnd.shuffle(times)
    rerecorded = [
        replace(fact, recorded_from=moment) for fact, moment in zip(facts, times, strict=True)
    ]
    assert run(rerecorded, principals) == run(facts, principals)


@laws
@given(stance_sets(), st.data())
def test_as_known_on_is_the_analysis_of_what_was_on_record_then(facts, data):
    """Edits and retractions close a version; as known on a moment, only open versions count."""
    versions = []
    for fact in facts:
        moment = fact.recorded_from
        current = fact
        for _ in range(data.draw(st.integers(0, 2))):
            moment += timedelta(seconds=data.draw(st.integers(1, 300)))
            versions.append(replace(current, recorded_until=moment, recorded_at=fact.recorded_from))
            current = replace(current, position=data.draw(st.integers(-2, 2)), recorded_from=moment)
        retracted = data.draw(st.booleans())
        closed = moment + timedelta(seconds=1) if retracted else None
        versions.append(replace(current, recorded_until=closed, recorded_at=fact.recorded_from))
    moment = EPOCH + timedelta(seconds=data.draw(st.integers(0, 1200)))
    snapshot = [
        replace(version, recorded_until=None)
        for version in versions
        if version.on_record_at(moment)
    ]
    assert run(versions, as_known_on=moment) == run(snapshot)
    assert run(versions) == run([v for v in versions if v.recorded_until is None])


def test_the_engine_is_deterministic_on_a_large_random_history():
    """20,000 stances on one demand: the same result from any input order (and it is quick)."""
    rnd = random.Random(4)
    facts = [
        StanceFact(
            stance_id=i,
            statement_id=i,
            demand_id="d1",
            party_id=rnd.choice(("a", "b")),
            position=rnd.randint(-2, 2),
            said_on=START + timedelta(days=rnd.randint(0, 3000)),
            recorded_from=EPOCH + timedelta(seconds=i),
        )
        for i in range(20_000)
    ]
    analysis = run(facts)
    rnd.shuffle(facts)
    assert run(facts) == analysis
    assert len(analysis.demands["d1"].points) > 100
