"""Trained decisions over the rules' output: keep or drop each candidate fact, and how sure.

The rules over-generate candidates and describe each with features (which rules fired,
where its arguments came from, what the sentence looks like). Small logistic models,
trained by `make train` on the annotated corpus (`coopgraph/learn/`) and shipped as JSON in
`coopgraph/data/models/`, turn those features into a calibrated probability, each fact's
`confidence`. A model also keeps or drops facts at its threshold only where its file says it
`decides` (it beat the rules on dev). With no model file, the rules' output is kept as it is,
with no confidence.
"""
from __future__ import annotations

from coopgraph.model import Article


class Decisions:
    name = "decisions"
    needs = ("entities", "roles", "events", "relevance")
    assigns = ("confidence",)

    def __init__(self, mode: str = "shipped", decide: tuple[str, ...] = ()) -> None:
        """mode "shipped": each model decides where its file says it beat the rules; "trained": every
        model decides (for the ablation: the trained decisions alone, over the rules' candidates).
        `decide` names models that decide whatever their file says (one arm of an ablation per
        decision; "candidates" lets the events model keep the candidate events)."""
        from coopgraph.learn.models import load_models

        if mode not in ("shipped", "trained"):
            raise ValueError(f"decisions mode must be 'shipped' or 'trained', not {mode!r}")
        self.models = load_models()
        unknown = set(decide) - set(self.models) - {"candidates"}
        if unknown:
            raise ValueError(f"no trained decision named {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(sorted(self.models))}, candidates)")
        chosen = set(self.models) if mode == "trained" else set(decide)
        self.models = {k: {**m, **({"decides": True} if k in chosen else {}),
                           **({"candidates_decide": True} if "candidates_decide" in m
                              and (mode == "trained" or "candidates" in decide) else {})}
                       for k, m in self.models.items()}

    def __call__(self, article: Article) -> None:
        if not self.models:
            return
        from coopgraph.learn.apply import apply_models

        apply_models(self.models, article)
