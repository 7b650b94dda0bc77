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


def reliability(judged: list[tuple[str, float, bool]], bins: int = 10) -> dict:
    """Reliability table and expected calibration error of the facts' confidence:
    in each confidence bin, the share of facts that are right against the mean confidence."""
    rows = []
    total = len(judged)
    ece = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, r) for _k, c, r in judged if low <= c < high or (b == bins - 1 and c == 1.0)]
        if not inside:
            continue
        mean_c = sum(c for c, _ in inside) / len(inside)
        right = sum(r for _, r in inside) / len(inside)
        ece += len(inside) / total * abs(mean_c - right)
        rows.append({"bin": f"{low:.1f}-{high:.1f}", "facts": len(inside), "mean_confidence": round(mean_c, 3),
                     "share_right": round(right, 3)})
    return {"ece": round(ece, 4) if total else None, "facts": total, "bins": rows}


def render_extra(extra: dict) -> str:
    """Per-language scores, segment boundaries and calibration, after the main report."""
    lines = []
    for lang, d in sorted(extra.get("by_language", {}).items()):
        lines.append(f"language {lang:<3} headline {d['headline_f1']:.3f}  entities {d['entities']['all']['f1']:.3f}  "
                     f"roles {d['roles']['f1']:.3f}  events {d['events']['f1']:.3f}  "
                     f"relevance {d['relevance']['accuracy']:.3f} ({d['relevance']['total']} segments)")
    seg = extra.get("segments")
    if seg:
        lines.append(f"segment boundaries: P {seg['precision']:.3f}  R {seg['recall']:.3f}  F1 {seg['f1']:.3f}  "
                     f"(tp {seg['tp']}, fp {seg['fp']}, fn {seg['fn']})")
    cal = extra.get("calibration")
    if cal and cal["facts"]:
        lines.append(f"calibration: expected calibration error {cal['ece']:.3f} over {cal['facts']} facts with a confidence")
        for row in cal["bins"]:
            lines.append(f"  confidence {row['bin']}: {row['facts']:5d} facts, mean {row['mean_confidence']:.2f}, "
                         f"right {row['share_right']:.2f}")
    return "\n".join(lines)
