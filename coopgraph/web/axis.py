"""The timeline's time axis: years placed by time (a gap of five years is five times a gap of
one), each a band as wide as a year with its count, and the months in it as bars on the same scale."""
from __future__ import annotations

LEFT, RIGHT, TOP, BASE = 30, 20, 18, 78   # margins and the bars' baseline, in the SVG's units


def time_axis(counts: dict, width: int = 960) -> dict:
    """Positions for `queries.timeline_counts`: every year from the first to the last (empty
    ones too, so distance on the page is distance in time), its count, and its months' counts."""
    years = counts["years"]
    if not years:
        return {"width": width, "years": [], "months": [], "base": BASE}
    first, last = min(years), max(years)
    per_year = (width - LEFT - RIGHT) / (last - first + 1)
    x = lambda year, month=1: LEFT + (year - first + (month - 1) / 12) * per_year  # noqa: E731
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if per_year * s >= 36)   # year labels that do not collide
    peak_year = max(years.values())
    height = BASE - TOP
    return {
        "width": width, "base": BASE, "per_year": per_year,
        "years": [{"year": y, "x": round(x(y), 2), "w": round(per_year, 2), "n": years.get(y, 0),
                   "h": round(height * years.get(y, 0) / peak_year, 1), "label": (y - first) % step == 0 or y == last}
                  for y in range(first, last + 1)],
        "months": [{"year": y, "month": m, "x": round(x(y, m), 2), "w": round(max(per_year / 12 - 1, 1), 2), "n": n,
                    "h": round(height * n / peak_year, 1)} for (y, m), n in counts["months"].items()],
    }
