"""Ratios and target checks of a bench run, and the README table between the bench markers."""

import re
from pathlib import Path

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
PAGES = (
    ("timeline", "Timeline page (anonymous: cache hit)"),
    ("timeline_uncached", "Timeline page, cache miss (30 requests)"),
    ("demand_page", "Demand page (anonymous: cache hit)"),
    ("demand_page_uncached", "Demand page, cache miss (30 requests)"),
    ("api_list_first", "API statements, first page (cache hit)"),
    ("api_list_first_uncached", "API statements, first page, uncached (100 requests)"),
    ("api_list_deep", "API statements, after 90% of rows (cache hit)"),
    ("api_list_deep_uncached", "API statements, after 90% of rows, uncached (100 requests)"),
    ("convergence", "Convergence endpoint (cache hit)"),
    ("convergence_uncached", "Convergence endpoint, cache miss (100 requests)"),
)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def summarise(results: dict) -> dict:
    """Per size: throughput as a share of the ceiling, the floor ratio; targets overall."""
    per_size = {}
    for run in results["sizes"]:
        throughput, latency = run.get("throughput", {}), run.get("latency", {})
        ceiling = throughput.get("ceiling", {}).get("rps")
        rps = {name: value["rps"] for name, value in throughput.items()}
        convergence = latency.get("convergence", {}).get("p50_ms")
        per_size[str(run["stances"])] = {
            "share_of_ceiling": {name: _ratio(value, ceiling) for name, value in rps.items()},
            "uncached_vs_plain_drf": _ratio(rps.get("api_list_uncached"), rps.get("plain_drf")),
            "floor_over_convergence_p50": _ratio(run["floor"]["median_ms"], convergence),
            "floor_over_convergence_miss_p50": _ratio(
                run["floor"]["median_ms"], latency.get("convergence_uncached", {}).get("p50_ms")
            ),
            "deep_over_first_p95": _ratio(
                latency.get("api_list_deep_uncached", {}).get("p95_ms"),
                latency.get("api_list_first_uncached", {}).get("p95_ms"),
            ),
        }
    sizes = results["sizes"]
    small, large = sizes[0], sizes[-1]

    def growth(name: str) -> float | None:
        return _ratio(
            large.get("latency", {}).get(name, {}).get("p95_ms"),
            small.get("latency", {}).get(name, {}).get("p95_ms"),
        )

    largest = per_size[str(large["stances"])]
    checks = {
        "api_uncached_at_least_2x_plain_drf": largest["uncached_vs_plain_drf"],
        "api_cached_share_of_ceiling_ge_0.35": largest["share_of_ceiling"].get("api_list_cached"),
        "api_304_share_of_ceiling_ge_0.40": largest["share_of_ceiling"].get("api_list_304"),
        "api_first_p95_ms_under_15": large.get("latency", {})
        .get("api_list_first_uncached", {})
        .get("p95_ms"),
        "deep_within_1.2x_first": largest["deep_over_first_p95"],
        "convergence_10x_faster_than_floor": largest["floor_over_convergence_p50"],
        "convergence_p95_growth_le_1.5": growth("convergence"),
        "convergence_miss_10x_faster_than_floor": largest["floor_over_convergence_miss_p50"],
        "convergence_miss_p95_growth_le_1.5": growth("convergence_uncached"),
        "timeline_p95_growth_le_1.5": growth("timeline"),
        "timeline_p95_ms_under_100": large.get("latency", {}).get("timeline", {}).get("p95_ms"),
        "timeline_miss_p95_growth_le_1.5": growth("timeline_uncached"),
        "demand_miss_p95_growth_le_1.5": growth("demand_page_uncached"),
    }
    limits = {
        "api_uncached_at_least_2x_plain_drf": (2.0, ">="),
        "api_cached_share_of_ceiling_ge_0.35": (0.35, ">="),
        "api_304_share_of_ceiling_ge_0.40": (0.40, ">="),
        "api_first_p95_ms_under_15": (15, "<"),
        "deep_within_1.2x_first": (1.2, "<="),
        "convergence_10x_faster_than_floor": (10, ">="),
        "convergence_p95_growth_le_1.5": (1.5, "<="),
        "convergence_miss_10x_faster_than_floor": (10, ">="),
        "convergence_miss_p95_growth_le_1.5": (1.5, "<="),
        "timeline_p95_growth_le_1.5": (1.5, "<="),
        "timeline_p95_ms_under_100": (100, "<"),
        "timeline_miss_p95_growth_le_1.5": (1.5, "<="),
        "demand_miss_p95_growth_le_1.5": (1.5, "<="),
    }
    verdicts = {}
    for name, value in checks.items():
        limit, sense = limits[name]
        if value is None:
            verdicts[name] = {"value": None, "holds": None}
        else:
            holds = (
                value >= limit
                if sense == ">="
                else value <= limit
                if sense == "<="
                else (value < limit)
            )
            verdicts[name] = {"value": value, "holds": holds}
    return {
        "per_size": per_size,
        "targets": verdicts,
        "measured_at": f"{small['stances']} -> {large['stances']} stances",
    }


def _cell(value) -> str:
    return "-" if value is None else f"{value:g}"


def table(results: dict) -> str:
    sizes = results["sizes"]
    head = " | ".join(f"{run['stances']:,} stances" for run in sizes)
    lines = [
        f"Machine: {results['machine']}. Run: {results['date']}, "
        f"{results['total_seconds']:.0f} s in all. Load average (1 min) before/after each "
        "size: "
        + ", ".join(
            f"{run['load_average_before']:.1f}/{run.get('load_average_after', 0):.1f}"
            for run in sizes
        )
        + (
            # Before the first size only: later sizes start while the previous one's load
            # (the bench's own gunicorn and load processes) is still in the 1-minute average.
            " (other jobs shared the machine: compare ratios within a run)."
            if sizes[0]["load_average_before"] > 1.5
            else " (after the first size, the average still holds the bench's own load)."
        ),
        "",
        f"| one client, p50 / p95 ms | {head} |",
        "|---|" + "---|" * len(sizes),
    ]
    for key, label in PAGES:
        cells = []
        for run in sizes:
            value = run.get("latency", {}).get(key)
            cells.append(f"{value['p50_ms']:g} / {value['p95_ms']:g}" if value else "missing")
        lines.append(f"| {label} | {' | '.join(cells)} |")
    lines.append(
        "| Floor SQL (bench/floor.sql), median / p95 | "
        + " | ".join(f"{run['floor']['median_ms']:g} / {run['floor']['p95_ms']:g}" for run in sizes)
        + " |"
    )
    for key, label in (
        ("newest", "Stance save, newest statement (ORM, 20 runs)"),
        ("middle", "Stance save, statement in mid-history (ORM, 20 runs)"),
    ):
        cells = []
        for run in sizes:
            value = run.get("writes", {}).get(key)
            cells.append(f"{value['p50_ms']:g} / {value['p95_ms']:g}" if value else "missing")
        lines.append(f"| {label} | {' | '.join(cells)} |")
    lines += ["", f"| 16 clients, req/s (share of ceiling) | {head} |"]
    lines.append("|---|" + "---|" * len(sizes))
    names = (
        ("ceiling", "Ceiling view, same body size"),
        ("api_list_uncached", "API statements, uncached"),
        ("api_list_cached", "API statements, cache hit"),
        ("api_list_304", "API statements, 304"),
        ("plain_drf", "Plain DRF ModelSerializer list"),
        ("cached_list", "Plain list behind cached_response, hit"),
        ("cached_list_304", "Plain list behind cached_response, 304"),
    )
    for key, label in names:
        cells = []
        for run in sizes:
            value = run.get("throughput", {}).get(key)
            share = results["summary"]["per_size"][str(run["stances"])]["share_of_ceiling"]
            cells.append(f"{value['rps']:g} ({_cell(share.get(key))})" if value else "missing")
        lines.append(f"| {label} | {' | '.join(cells)} |")
    imported = results.get("import", {})
    lines.append("")
    if "statements_per_second" in imported:
        lines.append(
            f"import_tracker: {imported['statements_per_second']:g} statements/s "
            f"({imported['statements']} statements in {imported['seconds']:g} s)."
        )
    else:
        lines.append(f"import_tracker: {imported.get('missing', 'not measured')}.")
    lines += ["", "| target (largest size) | value | holds |", "|---|---|---|"]
    for name, verdict in results["summary"]["targets"].items():
        holds = {True: "yes", False: "**no**", None: "not measured"}[verdict["holds"]]
        lines.append(f"| {name} | {_cell(verdict['value'])} | {holds} |")
    return "\n".join(lines)


def write_readme(results: dict, readme: Path) -> None:
    text = readme.read_text()
    block = f"{START}\n{table(results)}\n{END}"
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    readme.write_text(text)
