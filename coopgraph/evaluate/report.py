"""Human-readable evaluation report."""
from __future__ import annotations

from coopgraph.evaluate.scoring import PRF, Result


def _row(label: str, prf: PRF) -> str:
    return f"  {label:<14} P {prf.precision:6.3f}  R {prf.recall:6.3f}  F1 {prf.f1:6.3f}   (tp {prf.tp}, fp {prf.fp}, fn {prf.fn})"


def render(result: Result, detail: bool = False) -> str:
    lines = [f"headline F1 (mean of entity, role, event F1): {result.headline_f1:.3f}", "", "entities"]
    lines.append(_row("all", result.entity_total))
    for etype, prf in result.entities.items():
        lines.append(_row(etype, prf))
    lines += ["", _row("roles", result.roles), _row("events", result.events)]
    lines.append("event attributes (on matched events)")
    for attr, prf in result.attributes.items():
        lines.append(_row(attr, prf))
    lines += [
        "",
        f"relevance accuracy: {result.relevance_accuracy:.3f} ({result.relevance_correct}/{result.relevance_total})",
        f"spans pointing at their text: {result.span_share:.1%} ({result.spans_ok}/{result.spans_total})",
    ]
    if detail and result.details:
        lines += ["", "detail"] + ["  " + d for d in result.details]
    return "\n".join(lines)
