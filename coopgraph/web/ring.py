"""The brief's network, drawn to be read on paper: the subject in the middle and its few
partners on an ellipse round it, each label set outside its node (to the right on the right,
to the left on the left, above or below at the top and bottom), so that no two labels cross,
whatever the force layout would have done with them."""
from __future__ import annotations

import math

WIDTH, HEIGHT = 720, 300           # the SVG's units: a full A4 text width at about 0.25 mm each
RX, RY, GAP = 170, 105, 12         # the ellipse's radii, and a label's distance from its node


def ring_layout(graph: dict) -> dict:
    """`graph` with x, y and a label position (lx, ly, anchor) on each node; centre nodes
    (`centre`) stacked in the middle, the others round them, busiest first from the top."""
    centres = [n for n in graph["nodes"] if n.get("centre")]
    others = [n for n in graph["nodes"] if not n.get("centre")]
    cx, cy = WIDTH / 2, HEIGHT / 2
    for i, n in enumerate(centres):
        n["x"], n["y"] = cx, round(cy + (i - (len(centres) - 1) / 2) * 56, 1)
        n["lx"], n["ly"], n["anchor"] = n["x"], n["y"] - GAP - (14 if n.get("other_name") else 2), "middle"
    for i, n in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(others), 1)
        cos, sin = math.cos(angle), math.sin(angle)
        n["x"], n["y"] = round(cx + RX * cos, 1), round(cy + RY * sin, 1)
        if cos > 0.35:
            n["lx"], n["ly"], n["anchor"] = n["x"] + GAP, n["y"] + 4, "start"
        elif cos < -0.35:
            n["lx"], n["ly"], n["anchor"] = n["x"] - GAP, n["y"] + 4, "end"
        else:   # top or bottom: the label (and its second line) away from the middle
            n["lx"], n["anchor"] = n["x"], "middle"
            n["ly"] = n["y"] - GAP - (14 if n.get("other_name") else 0) if sin < 0 else n["y"] + GAP + 10
    graph["view"] = [0, 0, WIDTH, HEIGHT]
    return graph
