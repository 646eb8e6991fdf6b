"""The small, hand-shaped part of a synthetic data set: parties, people, negotiations, demands.

Everything here is derived from one `random.Random(seed)`, so the same seed gives the same
world. Rows are plain dicts of column values (attnames), written by `negotiations.synthetic.
writer`. Names are invented on purpose: a synthetic tracker must never be mistaken for a real
one.
"""

import datetime
import random
from dataclasses import dataclass, field

PLACES = (
    "Aldoria", "Belmark", "Corvania", "Drasmir", "Estrava", "Ferrovia", "Galmont", "Hestria",
    "Istrelia", "Jorvik Marches", "Kaltmark", "Lunesia", "Morvane", "Nordessa", "Ostrelle",
    "Pravonia", "Quellen", "Rostava", "Sarnia", "Tervalia", "Ulmora", "Valdessa", "Westmark",
    "Zarovia",
)  # fmt: skip
MEDIATORS = ("Council of Lakes", "Union of Southern States", "League of Harbours")
GIVEN = (
    "Anna", "Boris", "Clara", "Dmytro", "Elena", "Farid", "Greta", "Hakan", "Ilse", "Jonas",
    "Katya", "Luca", "Maren", "Nadia", "Oleg", "Petra", "Rafael", "Sofia", "Taras", "Vera",
)  # fmt: skip
FAMILY = (
    "Adler", "Brandt", "Castell", "Demir", "Egorov", "Falk", "Gruber", "Horvat", "Ivanic",
    "Jansen", "Kovac", "Lindqvist", "Moreau", "Novak", "Orlov", "Petrov", "Quist", "Rossi",
    "Sokol", "Tamm",
)  # fmt: skip
# (slug, title template, topic); {a} demands it of {b}, in {region}.
DEMANDS = (
    ("ceasefire", "A ceasefire along the line of contact in {region}", "security"),
    ("withdrawal", "{b} withdraws its forces from {region}", "security"),
    ("autonomy", "{b} grants {region} autonomy", "territory"),
    ("recognition", "{b} recognises {a}'s sovereignty over {region}", "territory"),
    ("guarantees", "Security guarantees for {a}", "security"),
    ("prisoners", "An all-for-all prisoner exchange", "humanitarian"),
    ("corridors", "Humanitarian corridors out of {region}", "humanitarian"),
    ("elections", "Internationally monitored elections in {region}", "political"),
    ("sanctions", "{b} lifts its sanctions on {a}", "economic"),
    ("neutrality", "{b} declares permanent neutrality", "political"),
)
ROLES = ("Head of state", "Minister of Foreign Affairs", "Head of delegation", "Press secretary")
FIRST_DAY = datetime.date(2012, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)


@dataclass
class Trajectory:
    """One principal's position on one demand over time: a step function of change days."""

    days: list[int]  # ordinal days, ascending; days[0] is the first stance's lower bound
    positions: list[int]

    def at(self, day: int) -> int:
        from bisect import bisect_right

        return self.positions[max(bisect_right(self.days, day) - 1, 0)]


@dataclass
class NegotiationPlan:
    index: int
    slug: str
    title: str
    start: datetime.date
    end: datetime.date
    principals: tuple[int, int]  # party indexes
    mediator: int
    demands: list[dict] = field(default_factory=list)
    trajectories: dict[tuple[int, int], Trajectory] = field(default_factory=dict)


@dataclass
class World:
    parties: list[dict]
    people: list[dict]
    memberships: list[dict]  # person/party as indexes under "person_index"/"party_index"
    negotiations: list[NegotiationPlan]


def _trajectory(rng: random.Random, start: int, end: int, first: int, toward: int) -> Trajectory:
    """A position that moves every few months, mostly toward the other side (concessions),
    sometimes back (hardening), so demands drift and now and then converge."""
    days, positions = [start], [first]
    day, position = start, first
    while True:
        day += rng.randint(45, 240)
        if day >= end:
            return Trajectory(days, positions)
        step = 1 if toward > position else -1 if toward < position else rng.choice((-1, 1))
        if rng.random() < 0.3:
            step = -step  # hardening
        position = max(-2, min(2, position + step))
        if position != positions[-1]:
            days.append(day)
            positions.append(position)


def build_world(*, seed: int, negotiations: int, prefix: str) -> World:
    rng = random.Random(seed)
    party_count = max(2 * negotiations, 4)
    parties = []
    for index in range(party_count):
        place = PLACES[index % len(PLACES)]
        lap = index // len(PLACES)
        name = f"{place}{f' {lap + 1}' if lap else ''}"
        armed = index % 2 == 1
        parties.append(
            {
                "name": f"{name} Liberation Front" if armed else f"Republic of {name}",
                "slug": f"{prefix}-party-{index}",
                "short_name": name[:3].upper() + (str(lap + 1) if lap else ""),
                "classification": "armed_group" if armed else "state",
                "country_code": "",
                "color": f"#{rng.randrange(0x202020, 0xE0E0E0):06X}",
                "wikidata_id": "",
            }
        )
    for index, name in enumerate(MEDIATORS):
        parties.append(
            {
                "name": name,
                "slug": f"{prefix}-mediator-{index}",
                "short_name": "".join(word[0] for word in name.split() if word[0].isupper()),
                "classification": "international_org",
                "country_code": "",
                "color": "#666666",
                "wikidata_id": "",
            }
        )

    # People: for every party and role, successive office holders covering the whole period,
    # so every statement date has a speaker whose membership covers it.
    people, memberships = [], []
    for party_index in range(len(parties)):
        for role in ROLES:
            day = FIRST_DAY
            while day <= LAST_DAY:
                term = datetime.timedelta(days=rng.randint(700, 2200))
                end = min(day + term, LAST_DAY)
                person_index = len(people)
                given, family = rng.choice(GIVEN), rng.choice(FAMILY)
                people.append(
                    {
                        "name": f"{given} {family}",
                        "slug": f"{prefix}-person-{person_index}",
                        "other_names": [f"{given[0]}. {family}"],
                        "wikidata_id": "",
                    }
                )
                memberships.append(
                    {
                        "person_index": person_index,
                        "party_index": party_index,
                        "role": role,
                        "start_date": day,
                        "end_date": end if end < LAST_DAY else None,
                    }
                )
                day = end + datetime.timedelta(days=1)

    plans = []
    for index in range(negotiations):
        a, b = 2 * index % party_count, (2 * index + 1) % party_count
        region = f"{PLACES[(index * 7 + 3) % len(PLACES)]} Valley"
        start = FIRST_DAY + datetime.timedelta(days=rng.randint(0, 1500))
        end = LAST_DAY - datetime.timedelta(days=rng.randint(0, 400))
        plan = NegotiationPlan(
            index=index,
            slug=f"{prefix}-talks-{index}",
            title=f"{parties[a]['name']} - {parties[b]['name']} talks on {region}",
            start=start,
            end=end,
            principals=(a, b),
            mediator=party_count + index % len(MEDIATORS),
        )
        for number, (slug, template, topic) in enumerate(rng.sample(DEMANDS, 5)):
            by, to = (a, b) if number % 2 == 0 else (b, a)
            title = template.format(a=parties[by]["name"], b=parties[to]["name"], region=region)
            plan.demands.append(
                {
                    "slug": slug,
                    "title": title,
                    "topic": topic,
                    "by": by,
                    "to": to,
                    "weight": rng.choice((1.0, 1.0, 1.5, 2.0)),
                }
            )
            # The demanding side insists, the addressee rejects; each drifts toward the other.
            first_by, first_to = rng.choice((2, 2, 1)), rng.choice((-2, -2, -1))
            span = (start.toordinal(), end.toordinal())
            plan.trajectories[(number, by)] = _trajectory(rng, *span, first_by, first_to)
            plan.trajectories[(number, to)] = _trajectory(rng, *span, first_to, first_by)
        plans.append(plan)
    return World(parties=parties, people=people, memberships=memberships, negotiations=plans)
