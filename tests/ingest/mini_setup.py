"""A small Russia-Ukraine setup (exchange format) for extraction tests."""

import copy

SETUP = {
    "format": "negotiation-tracker",
    "version": 1,
    "parties": [
        {
            "slug": "russia",
            "name": "Russia",
            "short_name": "RU",
            "classification": "state",
            "country_code": "RU",
        },
        {
            "slug": "ukraine",
            "name": "Ukraine",
            "short_name": "UA",
            "classification": "state",
            "country_code": "UA",
        },
        {
            "slug": "turkey",
            "name": "Turkey",
            "short_name": "TR",
            "classification": "state",
            "country_code": "TR",
        },
    ],
    "people": [
        {"slug": "dmitry-peskov", "name": "Dmitry Peskov", "other_names": ["Dmitri Peskov"]},
        {"slug": "sergey-lavrov", "name": "Sergey Lavrov", "other_names": ["Sergei Lavrov"]},
        {
            "slug": "volodymyr-zelensky",
            "name": "Volodymyr Zelensky",
            "other_names": ["Volodymyr Zelenskyy", "Zelenski"],
        },
        {
            "slug": "mykhailo-podolyak",
            "name": "Mykhailo Podolyak",
            "other_names": ["Mykhailo Podoliak"],
        },
    ],
    "memberships": [
        {
            "person": "dmitry-peskov",
            "party": "russia",
            "role": "Kremlin spokesman (Press secretary of the President)",
        },
        {
            "person": "sergey-lavrov",
            "party": "russia",
            "role": "Minister of Foreign Affairs",
            "start_date": "2004-03-09",
            "end_date": None,
        },
        {"person": "volodymyr-zelensky", "party": "ukraine", "role": "President"},
        {"person": "mykhailo-podolyak", "party": "ukraine", "role": "Adviser to the President"},
    ],
    "negotiations": [
        {
            "slug": "russia-ukraine-2022",
            "participants": [
                {"party": "russia", "role": "principal"},
                {"party": "ukraine", "role": "principal"},
                {"party": "turkey", "role": "mediator"},
            ],
            "demands": [
                {
                    "slug": "ukraine-renounces-nato",
                    "title": "Ukraine renounces NATO membership",
                    "description": "Ukraine adopts a neutral, non-bloc status.",
                    "demanded_by": "russia",
                    "addressed_to": "ukraine",
                },
                {
                    "slug": "crimea-recognised-as-russian",
                    "title": "Ukraine recognises Crimea as Russian",
                    "description": "Ukraine recognises Russian sovereignty over Crimea (2014).",
                    "demanded_by": "russia",
                    "addressed_to": "ukraine",
                },
                {
                    "slug": "security-guarantees",
                    "title": "Security guarantees for Ukraine",
                    "description": "Legally binding security guarantees from guarantor states.",
                    "demanded_by": "ukraine",
                    "addressed_to": "russia",
                },
                {
                    "slug": "ceasefire-and-withdrawal",
                    "title": "Immediate ceasefire and withdrawal of Russian troops",
                    "description": "An immediate ceasefire and the withdrawal of Russian troops.",
                    "demanded_by": "ukraine",
                    "addressed_to": "russia",
                },
            ],
        }
    ],
}


def setup(**demand_keywords: list[str]) -> dict:
    """A copy of the setup, with keyword lists on the named demands."""
    data = copy.deepcopy(SETUP)
    for demand in data["negotiations"][0]["demands"]:
        if demand["slug"] in demand_keywords:
            demand["keywords"] = "\n".join(demand_keywords[demand["slug"]])
    return data
