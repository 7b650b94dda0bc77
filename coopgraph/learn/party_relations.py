"""How a possible party stands to the act's word, read off the token view.

The rules attach the bodies a pattern names, and the drafts' fall-backs take every body of
the sentence; which of them made the act is told by the sentence's shape: the subject of the
act's verb and its conjuncts, the object of "with" or "between", a body in a relative clause
or after "of" is something else. English reads spaCy's parse (dependency path to the act's
word, the party's relation and preposition, coordination with another body); Chinese has no
parse, so it reads LAC's words: clause marks between the party and the word, 与/和/同/、 next
to it, a title in 《》 around it, other bodies in between. The features name relations, never
a body, so they hold on pages nobody tuned on. Each candidate costs a few token steps (no
loop over the document).
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Token

from coopgraph.model import Article, Span

_PATH_CAP = 6                       # a path longer than this reads as "far"
_CLAUSE_MARKS = "，,；;：:。！？!?"
_ZH_JOINERS = {"与", "和", "同", "及", "以及", "、", "跟", "與", "偕", "暨"}
_PREPOSITIONS = {"with", "between", "by", "of", "at", "in", "for", "from", "to", "among", "on", "under"}


def token_at(article: Article, offset: int) -> Token | None:
    """The token of the token view at an article offset (None where no paragraph doc holds it)."""
    docs = article.docs
    if not docs:
        return None
    k = bisect_right([base for base, _ in docs], offset) - 1
    if k < 0:
        return None
    base, doc = docs[k]
    span = doc.char_span(offset - base, offset - base + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def relation_features(article: Article, mentions: list[Span], trigger: Span) -> dict[str, float]:
    """Features of a possible party against the act's word, read at its mention that stands
    closest to the word by the sentence's shape (a party named twice, once inside a document's
    title, is read where it acts)."""
    word = token_at(article, trigger.start)
    best: tuple[tuple, dict[str, float]] | None = None
    for mention in mentions:
        party = token_at(article, mention.start)
        if word is None or party is None or word.doc is not party.doc:
            continue
        f = _between_features(word, party)
        f.update(_chinese_features(word, party) if article.language == "zh" else _english_features(word, _mention_head(party)))
        rank = (f.get("rel:in_title_marks", 0.0), _closeness(f), abs(party.i - word.i))
        if best is None or rank < best[0]:
            best = (rank, f)
    return best[1] if best else {"rel:other_paragraph": 1.0}


def _closeness(f: dict[str, float]) -> int:
    """How far the features say the party stands from the word: path length (English), clause marks (Chinese)."""
    for key in f:
        if key.startswith(("rel:path=", "rel:clause_marks=")):
            value = key.split("=", 1)[1]
            return int(value) if value.isdigit() else _PATH_CAP + 1
    return _PATH_CAP + 1


def _between_features(word: Token, party: Token) -> dict[str, float]:
    """Other bodies between the party and the act's word (the nearer one is likelier the party)."""
    lo, hi = sorted((party.i, word.i))
    between = {t._.eid for t in word.doc[lo + 1:hi] if t._.eid and t._.eid != party._.eid and t.ent_type_ in ("ORG", "COUNTRY")}
    return {f"rel:bodies_between={min(len(between), 3)}": 1.0}


def _mention_head(t: Token) -> Token:
    """The token of a mention whose head lies outside it (the mention's syntactic head)."""
    eid = t._.eid
    seen = 0
    while eid and t.head.i != t.i and t.head._.eid == eid and seen < 12:
        t, seen = t.head, seen + 1
    return t


def _english_features(word: Token, head: Token) -> dict[str, float]:
    f: dict[str, float] = {}
    up_word = {a.i: n for n, a in enumerate([word, *word.ancestors])}
    steps = 0
    node = head
    while node.i not in up_word and node.head.i != node.i and steps < _PATH_CAP:
        node, steps = node.head, steps + 1
    if node.i in up_word:
        length = steps + up_word[node.i]
        f[f"rel:path={min(length, _PATH_CAP)}"] = 1.0
        f["rel:under_word" if node.i == word.i else "rel:beside_word"] = 1.0
    else:
        f["rel:path=far"] = 1.0
    dep = head.dep_
    if dep == "pobj" and head.head.lower_ in _PREPOSITIONS:
        dep = f"pobj:{head.head.lower_}"
    elif dep == "conj":
        first = head
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        dep = f"conj:{first.dep_}" if first.dep_ != "pobj" else f"conj:pobj:{first.head.lower_}"
    f[f"rel:dep={dep}"] = 1.0
    f["rel:coordinated"] = float(head.dep_ == "conj" or any(c.dep_ == "conj" and c._.eid for c in head.children))
    f["rel:in_clause_of_its_own"] = float(any(a.dep_ in ("relcl", "acl", "advcl", "ccomp") and a.i != word.i
                                              and word.i not in {x.i for x in a.subtree} for a in head.ancestors))
    return f


def _chinese_features(word: Token, party: Token) -> dict[str, float]:
    doc = word.doc
    lo, hi = sorted((party.i, word.i))
    marks = sum(1 for t in doc[lo + 1:hi] if t.text in _CLAUSE_MARKS)
    f: dict[str, float] = {f"rel:clause_marks={min(marks, 2)}": 1.0}
    start, end = party.i, party.i
    while start > 0 and doc[start - 1]._.eid == party._.eid:
        start -= 1
    while end + 1 < len(doc) and doc[end + 1]._.eid == party._.eid:
        end += 1
    before = doc[start - 1].lemma_ if start > 0 else ""
    after = doc[end + 1].lemma_ if end + 1 < len(doc) else ""
    f["rel:coordinated"] = float(before in _ZH_JOINERS or after in _ZH_JOINERS)
    if before in _ZH_JOINERS:
        f["rel:joined_after=" + before] = 1.0
    f["rel:before_de"] = float(after == "的")
    opened = next((t.text for t in reversed(doc[max(0, start - 8):start]) if t.text in "《》〈〉"), "")
    f["rel:in_title_marks"] = float(opened in "《〈" and bool(opened))
    return f
