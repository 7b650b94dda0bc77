"""Clusters of mentions that remember why each member joined and which may never meet."""
from __future__ import annotations


class UnionFind:
    def __init__(self, ids: list[int]):
        self.parent = {i: i for i in ids}
        self.reason: dict[int, tuple[str, float]] = {}
        self.apart: dict[int, set[int]] = {}  # root → marks of 'different' judgements: +j never joins -j

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def keep_apart(self, a: int, b: int, mark: int) -> None:
        """No join, by any rule, may put `a` and `b` in one cluster (an analyst said they differ)."""
        self.apart.setdefault(self.find(a), set()).add(mark)
        self.apart.setdefault(self.find(b), set()).add(-mark)

    def union(self, a: int, b: int, rule: str, score: float = 1.0) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        marks_a, marks_b = self.apart.get(ra, set()), self.apart.get(rb, set())
        if any(-mark in marks_b for mark in marks_a):
            return
        keep, join = min(ra, rb), max(ra, rb)  # the older mention's cluster keeps its root
        self.parent[join] = keep
        if marks_a or marks_b:
            self.apart[keep] = marks_a | marks_b
            self.apart.pop(join, None)
        self.reason.setdefault(b if b != keep else a, (rule, score))
