"""English roles read from the dependency parse, for titles that no word list holds.

The template rules (`en.py`) know a title by its head word ("director", "minister"); a page
also writes "Illumina's chief commercial officer", "assistant to the president of QNLM",
"CSIRO oceanographer Wenju Cai" or "Schwarz directed the Max Planck Institute". Here the
parse says which words are the person's title — an apposition, a relative clause "who is …",
nouns compounded before the name, a verb that names the post — and the organisation is the
one the title's own phrase holds (its possessive, its "of/at/for" object, its compound). Only
roles held in an organisation are taken: a bare noun by a name ("biologist") is no title.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from coopgraph.extract.rules import define, role
from coopgraph.extract.template import org_named_last
from coopgraph.extract.tokens import sentence_spans
from coopgraph.model import Article, Role, Span

# A verb that says the post ("who heads …", "directed the …"): the title it gives.
VERB_TITLES = {"head": "head", "chair": "chair", "direct": "director", "lead": "leader", "govern": "governor"}
_HOLDER_PREPS = ("of", "at", "for", "in", "with")
_RELATIVE = ("who", "that")
# Kinds of body a text names without their name ("the centre's director"): the last one of that kind named.
BODY_NOUNS = {"centre", "center", "institute", "university", "academy", "agency", "ministry", "foundation", "alliance",
               "association", "council", "hospital", "laboratory", "consortium", "company", "firm", "network", "society",
               "forum"}
# Nouns said of a person beside an organisation that hold no post in it ("a graduate of ⟦ORG⟧").
_NOT_POSTS = {"graduate", "alumnus", "alumna", "alumni", "student", "friend", "native", "son", "daughter", "wife",
              "husband", "guest", "visitor", "fan", "supporter", "critic", "veteran", "customer", "client", "patient"}


def parse_roles(article: Article) -> list[Role]:
    """Roles from each sentence's parse: appositions, relative clauses, compounds, title verbs."""
    out: list[Role] = []
    for index, sent in sentence_spans(article):
        evidence = article.sentences[index].span
        for token in sent:
            person = _person_root(article, token)
            if person is not None:
                base = evidence.start - sent.start_char   # the article offset of the paragraph's Doc
                for title, org in [*_apposed(article, person), *_compounded(article, person),
                                   *_copular(article, person, base)]:
                    out.append(Role(person._.eid, title, org, evidence, [APPOSITION_RULE.id]))
            if token.pos_ == "VERB" and token.lemma_.lower() in VERB_TITLES and token.tag_ != "VBN":
                holder = _subject(article, token)
                if holder is not None:
                    for title, org in _verb_objects(article, token):
                        out.append(Role(holder._.eid, title, org, evidence, [VERB_RULE.id]))
    return out


def led_by(article: Article) -> list[tuple[str, str, Span]]:
    """(person, organisation, sentence) for '⟦ORG⟧ is led by Director-General ⟦P⟧', 'the institute,
    headed by ⟦P⟧, …': the body a person heads, for the title said beside the name that the
    templates tied to no organisation. 'The centre' said without its name is the last one named."""
    out = []
    for index, sent in sentence_spans(article):
        evidence = article.sentences[index].span
        base = evidence.start - sent.start_char
        for verb in sent:
            if verb.tag_ != "VBN" or verb.lemma_.lower() not in VERB_TITLES:
                continue
            people = [o for a in verb.children if a.dep_ == "agent" for o in a.children
                      if o.dep_ == "pobj" and _etype(article, o) == "PERSON"]
            bodies = [c for c in verb.children if c.dep_ == "nsubjpass"] if verb.dep_ != "acl" else [verb.head]
            orgs = [_org_of(article, b) or _the_body(article, b, base) for b in bodies]
            for person in people:
                for org in filter(None, orgs):
                    out.append((person._.eid, org, evidence))
    return out


def _etype(article: Article, token: Token) -> str:
    ent = article.entity(token._.eid) if token._.eid else None
    return ent.type if ent else ""


def _person_root(article: Article, token: Token) -> Token | None:
    """The token of a person's mention that the parse hangs the rest of the sentence on."""
    if _etype(article, token) != "PERSON" or token.head._.eid == token._.eid and token.head is not token:
        return None
    return token


def _org_of(article: Article, token: Token) -> str | None:
    """The organisation a noun names: itself, or the last word of a name it holds as compound."""
    if _etype(article, token) == "ORG":
        return token._.eid
    return None


def _title_text(tokens: list[Token]) -> str:
    words = [t for t in tokens if not (t.dep_ == "det" or t.dep_ == "poss" or t.dep_ == "case" or t.is_punct)]
    while words and words[0].lower_ in ("the", "a", "an"):
        words = words[1:]
    if not words:
        return ""
    doc = words[0].doc
    return doc[words[0].i:words[-1].i + 1].text.strip(" ,")


def _the_body(article: Article, token: Token, base: int | None) -> str | None:
    """'the centre's co-director': 'the centre', a kind of body said without its name, is the last
    organisation of that kind named before it."""
    if base is None or token._.eid or token.pos_ not in ("NOUN", "PROPN") or token.lemma_.lower() not in BODY_NOUNS \
            or not any(c.lower_ == "the" for c in token.children):
        return None
    kind = re.compile(rf"(?i)\b{token.lemma_}", ).search
    return org_named_last(article, base + token.idx, kind)


def _titled(article: Article, head: Token, base: int | None = None) -> tuple[str, str] | None:
    """(title, organisation) of a title noun: 'Illumina's chief commercial officer', 'assistant to
    the president of QNLM', 'Lead Technologist at the TSB'. The title runs from the noun's first
    modifier to the word before the organisation's preposition."""
    if head._.eid or head.pos_ not in ("NOUN", "PROPN") or head.lemma_.lower() in _NOT_POSTS:
        return None
    mods = [c for c in head.lefts if c.dep_ in ("amod", "compound", "nmod") and not c._.eid]
    start = min([head, *[t for m in mods for t in m.subtree]], key=lambda t: t.i)
    doc = head.doc
    while start.i >= 2 and doc[start.i - 1].text == "-" and not doc[start.i - 2].whitespace_ \
            and doc[start.i - 2].is_alpha and not doc[start.i - 2]._.eid:   # "co-director" parsed as three nouns
        start = doc[start.i - 2]
    poss = [(c, _org_of(article, c) or _the_body(article, c, base)) for t in doc[start.i:head.i + 1]
            for c in t.children if c.dep_ == "poss"]
    poss = [(c, org) for c, org in poss if org]
    if poss:
        return _title_text(list(head.doc[start.i:head.i + 1])), poss[0][1]
    node = head
    for _ in range(3):   # "assistant to the president of ⟦QNLM⟧": through nouns that are no entity
        prep = next((c for c in node.children if c.dep_ == "prep"), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is None:
            return None
        if obj._.eid:
            org = _org_of(article, obj)
            if org is None or prep.lower_ not in _HOLDER_PREPS:
                return None
            return _title_text(list(head.doc[start.i:prep.i])), org
        node = obj
    return None


def _apposed(article: Article, person: Token) -> list[tuple[str, str]]:
    """'⟦P⟧, Illumina's chief commercial officer', '⟦P⟧, who is today the director of ⟦ORG⟧'."""
    heads = [c for c in person.children if c.dep_ == "appos"]
    for clause in person.children:
        if clause.dep_ == "relcl" and clause.lemma_ == "be" and any(
                c.dep_ == "nsubj" and c.lower_ in _RELATIVE for c in clause.children):
            heads += [c for c in clause.children if c.dep_ == "attr"]
    out = []
    for head in heads:
        between = person.doc[person.i + 1:head.i]
        if head.i < person.i or any(_etype(article, t) == "PERSON" and t._.eid != person._.eid for t in between):
            continue   # "⟦A⟧, ⟦B⟧ and ⟦C⟧, Director of ⟦X⟧": a misparse gives A the title that C's name stands by
        for noun in [head, *[c for c in head.children if c.dep_ == "conj"]]:
            found = _titled(article, noun)
            if found and found[0]:
                out.append(found)
    return out


def _copular(article: Article, person: Token, base: int) -> list[tuple[str, str]]:
    """'⟦P⟧ is the director of ⟦ORG⟧', 'the centre's co-director on the African side is ⟦P⟧': a title
    said of the person with 'to be', on either side of the verb."""
    verb = person.head
    if verb.lemma_ != "be" or verb is person:
        return []
    side = {"nsubj": "attr", "attr": "nsubj"}.get(person.dep_)
    out = []
    heads = [c for c in verb.children if c.dep_ == side and not c._.eid]
    for head in heads[-1:]:   # a title cut at its hyphen ("co - director") is parsed as several subjects
        for noun in [head, *[c for c in head.children if c.dep_ == "conj"]]:
            found = _titled(article, noun, base)
            if found and found[0]:
                out.append(found)
    return out


def _compounded(article: Article, person: Token) -> list[tuple[str, str]]:
    """'CSIRO oceanographer Dr ⟦P⟧': common nouns compounded before the name, an organisation before them."""
    nouns = [c for c in person.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and not c._.eid and c.text[:1].islower()]
    if not nouns:
        return []
    noun = nouns[-1]
    orgs = [c for t in nouns for c in t.lefts if c.dep_ == "compound" and _org_of(article, c)]
    if not orgs:
        return []
    words = [t for t in person.doc[orgs[-1].i + 1:noun.i + 1] if not t._.eid]
    return [(_title_text(words), orgs[-1]._.eid)] if words else []


def _subject(article: Article, verb: Token) -> Token | None:
    """The person a title verb is said of: its subject, the name a 'who' clause hangs on, or the
    subject of the verb it is joined to ('who chairs X and heads Y')."""
    for _ in range(2):
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ in _RELATIVE and verb.dep_ == "relcl":
            subj = _who(article, verb.head) if subj.lower_ == "who" else verb.head
        if subj is not None:
            return subj if _etype(article, subj) == "PERSON" else None
        if verb.dep_ != "conj":
            return None
        verb = verb.head
    return None


def _who(article: Article, noun: Token) -> Token:
    """What 'who' stands for: a person, though the parse may hang the clause on the body named right
    after the person ('⟦P⟧ of the Hebrew University, who chairs …'); not on a name further back."""
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and _etype(article, noun.head.head) == "PERSON":
        return noun.head.head
    return noun


def _verb_objects(article: Article, verb: Token) -> list[tuple[str, str]]:
    """'heads ⟦ORG⟧', 'chairs the ⟦Academy⟧'s National Committee …' (the unit stays in the title)."""
    title = VERB_TITLES[verb.lemma_.lower()]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [c for o in objects for c in o.children if c.dep_ == "conj"]
    out = []
    for obj in objects:
        org = _org_of(article, obj)
        owner = next((c for c in obj.children if c.dep_ == "poss" and _org_of(article, c)), None)
        if org and owner is not None and owner._.eid != org:   # "the ⟦Academy⟧'s ⟦National Committee⟧": a unit of it
            out.append((f"{title} of the {article.entity(org).name}", owner._.eid))
        elif org:
            out.append((title, org))
        if org:
            continue
        found = _titled(article, obj)
        if found and found[0]:
            out.append((f"{title} of the {found[0]}", found[1]))
    return out


APPOSITION_RULE = define(
    "en.role.parse-apposition",
    "From the parse: a title noun set beside the person — apposition, 'who is …', '⟦PERSON⟧ is …', '… is "
    "⟦PERSON⟧', nouns compounded before the name — held in the organisation its own phrase names ('⟦ORG⟧'s …', "
    "'the centre's …', '… of/at ⟦ORG⟧', '⟦ORG⟧ … ⟦PERSON⟧').",
    [('"Partnerships matter," said Maria Van Kerkhove, the World Health Organization\'s lead epidemiologist.',
      role("Maria Van Kerkhove", "lead epidemiologist", "World Health Organization")),
     ("Wang Qingfeng, deputy director of the garden, who is today the director of SAJOREC, spoke.",
      role("Wang Qingfeng", "director", "SAJOREC")),
     ("The centre will be led by CSIRO oceanographer Dr Wenju Cai and will create seven positions.",
      role("Wenju Cai", "oceanographer", "CSIRO")),
     ("Speeches were also given by Ji Peiwen, assistant to the president of QNLM, who brought greetings.",
      role("Ji Peiwen", "assistant to the president", "QNLM")),
     # said with 'to be', on either side of the verb; 'the centre' is the last centre named
     ("Jane Smith is the director of the Wellcome Trust.", role("Jane Smith", "director", "Wellcome Trust")),
     ("The Sino-Africa Joint Research Centre gave CAS a platform. The centre's co-director on the African side is "
      "Prof Robert Gituru.", role("Robert Gituru", "co-director", "Sino-Africa Joint Research Centre")),
     ("John Doe is a graduate of Oxford University.", role("John Doe", "graduate", "Oxford University", absent=True)),
     ("The work was praised by the developmental biologist Uli Schwarz.", role("Uli Schwarz", "biologist", absent=True)),
     ("The prize went to Jane Smith, a graduate of the University of Nairobi.",
      role("Jane Smith", "graduate", "University of Nairobi", absent=True)),
     ("Presidents Paul Kagame of Rwanda and Macky Sall of Senegal were there, as were Ursula von der Leyen and John "
      "Nkengasong, Director of the Africa Centres for Disease Control and Prevention.",
      role("Ursula von der Leyen", "Director", "Africa Centres for Disease Control and Prevention", absent=True))],
)
VERB_RULE = define(
    "en.role.parse-verb",
    "From the parse: a person who heads, chairs, directs, leads or governs an organisation (subject, 'who' "
    "clause, or a verb joined to one) holds its title; a unit of it named after its possessive stays in the title.",
    [("Eduardo Martinez, who heads the Cuban state biotech conglomerate BioCubaFarma, said the talks went well.",
      role("Eduardo Martinez", "head", "BioCubaFarma")),
     ("Uli Schwarz directed the Max Planck Institute for Developmental Biology in Tübingen for many years.",
      role("Uli Schwarz", "director", "Max Planck Institute for Developmental Biology")),
     ("Eliezer Rabinovici of the Hebrew University, who chairs the Israel Academy's National Committee for High Energy "
      "Physics, spoke.", role("Eliezer Rabinovici", "chair of the National Committee for High Energy Physics", "Israel Academy"))],
)
LED_BY_RULE = define(
    "en.role.led-by",
    "From the parse: '⟦ORG⟧ is led/headed/chaired by Title ⟦PERSON⟧', 'the centre, directed by …': the body "
    "gives the organisation of the title said beside the name ('the centre' is the last centre named).",
    [("Djibouti joined the International Centre for Genetic Engineering and Biotechnology. The Centre is led by "
      "Director-General Lawrence Banks.",
      role("Lawrence Banks", "Director-General", "International Centre for Genetic Engineering and Biotechnology")),
     ("The talks were led by President Emmanuel Macron.", role("Emmanuel Macron", "President", "talks", absent=True))],
)
