"""English mentions: spaCy NER, organisation-name patterns and acronym definitions.

spaCy's small model finds most people and many organisations, but it cuts long
institutional names ("Road Joint Laboratory on") and mislabels acronyms as places.
Two rule components add what it lacks: organisation names built around a head noun
("... Institute of ...", "... Co., Ltd."), and "Full Name (ACR)" definitions.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from spacy.lang.en.stop_words import STOP_WORDS

from coopgraph.extract.gazetteer import gazetteer
from coopgraph.extract.rules import SPACY_NER, define, entity
from coopgraph.extract.tokens import doc_length
from coopgraph.model import Article, Mention, Sentence, Span
from coopgraph.nlp.english import english_pipeline, is_dictionary_word, tokens_with_texts

SPACY_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC", "NORP": "NORP"}

ORG_HEADS = (
    r"Institute|Institution|University|Universidad|Université|Universität|College|School|Academy|Academies|"
    r"Center|Centre|Centers|Centres|Institutes|Universities|Agencies|Council|Committee|Commission|Ministry|Department|"
    r"Bureau|Agency|Administration|"
    r"Authority|Office|Organization|Organisation|Association|Federation|Society|Foundation|Alliance|"
    r"Consortium|Laboratory|Laboratories|Lab|Corporation|Company|Group|Government|Embassy|"
    r"Hospital|Bank|Fund|Network|Hub|Secretariat|Parliament|Board|Trust|Industries|Facility|Coalition|"
    r"Partnership|Confederation|Directorate-General|Directorate|Division|Consulate-General|Consulate|"
    r"Observatory|Observatories|Faculty|Faculties|Clinic|Biobank"
)
# a diplomatic mission's name holds its seat: "Consulate-General of the People's Republic of China in Sydney"
_MISSION_HEAD = re.compile(r"\b(?:Embassy|Consulate[- ]General|Consulate|Permanent Mission|High Commission|"
                           r"(?:Economic and Cultural|Trade|Representative|Liaison) Office)\b")
# ("[A-Z]{2,}…", an acronym, is a case of the second; "R&D", "S&T": an acronym of two letters joined by '&')
_CAP = r"(?:St\.(?=\s+[A-Z])|[A-Z](?:&[A-Z]\b|[\w'’\-])*|\d+(?:st|nd|rd|th))"
# Written so that no two parts can match the same words (nested, overlapping repeats make
# a regular expression take exponential time on long capitalised runs).
_LEAD = rf"(?:{_CAP}\s+(?:(?:and|&)\s+)?)*?"
_TAIL_CONNECT = r"(?:of|for|on|de|del|la|des|du)"
# "… Centre on Monday", "… Committee in March": a day or a month is never a name's tail
_NOT_A_NAME = (r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
               r"July|August|September|October|November|December)\b)"
               # "… Control on Sathorn Road": an address is no name's tail
               r"(?![A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3}\s+(?:Road|Street|Avenue|Boulevard|Lane|Drive|Highway)\b)")
ORG_PATTERN = re.compile(
    # a run of head nouns is one name: "Jodrell Bank Observatory", "Karolinska University Hospital"
    rf"\b{_LEAD}(?:{ORG_HEADS})\b(?:\s+(?:{ORG_HEADS})\b)*"
    rf"(?:\s+{_TAIL_CONNECT}(?:\s+the)?\s+{_NOT_A_NAME}{_CAP}(?:\s+(?:(?:and|&)\s+)?{_NOT_A_NAME}{_CAP})*)*"
    r"(?:,?\s+(?:Co\.,?\s*Ltd\.?|Ltd\.?|Inc\.?|LLC|GmbH|S\.A\.|PLC|Limited))?"
)
# "Instituto Butantan", "Fundação Oswaldo Cruz", "Universidad de la República": the head comes first
FOREIGN_ORG_PATTERN = re.compile(
    r"\b(?:Instituto|Institut|Istituto|Universidad|Universidade|Università|Université|Universität|Fundação|Fundación|"
    r"Fondation|Fondazione|Stiftung|Centro|Académie|Academia|Consejo|Conselho|Ministério|Ministerio|Ministère|Agência|Agencia)"
    r"(?:\s+(?:(?:de|do|da|dos|das|del|de la|di|du|des|für|für die)\s+)?[A-Z][\w'’\-]*)+"
)
_COMPANY_PATTERN = re.compile(
    rf"\b(?:{_CAP}\s+)*{_CAP}(?:\s*\([A-Z][\w ]+\)\s*)?(?:\s+\w+)?\s*,?\s+(?:Co\.,?\s*Ltd\.?|Ltd\.|Inc\.|LLC|GmbH|Limited)"
)
def _title_case(text: str) -> bool:
    """'Kenya, China Sign Pact As Research Centre Opens' (most longer words capitalised) misleads NER;
    'CAAS and IRRI sign rice genomics MoU in Beijing' reads like a sentence."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


# nouns that say "a company" or "a body": the proper name after them is an organisation's
ORG_DESCRIPTORS = {"company", "firm", "drugmaker", "maker", "manufacturer", "producer", "developer", "pioneer",
                   "biotech", "start-up", "startup", "giant", "supplier", "distributor", "conglomerate", "subsidiary",
                   "pharma", "biopharma", "insurer", "lender", "operator", "multinational", "unicorn"}
_NAMED_BODY = re.compile(
    r"\b(?:consortium|alliance|network|centre|center|platform|laboratory|lab|hub|coalition|partnership|company|"
    r"institute|foundation|association|federation|organi[sz]ation|body|agency|facility)\b(?:[^.;\"“\n]{0,80}?,)?\s+(?:named|called|dubbed|"
    r"known as)\s+[\"“](?P<name>[A-Z][^\"”\n]{1,60}?)[\"”]"
)
# "... Full Name (ACR)": the long form is found among the words before the bracket.
ACRONYM_DEF = re.compile(
    r"(?P<before>[^()\n]{2,200}?)\s*[（(]\s*(?P<short>(?=[a-z]?[A-Z])[A-Za-z][A-Za-z&\-]{1,11})\s*[)）]"
)
_ACRONYM_BRACKET = re.compile(r"[（(]\s*(?=[a-z]?[A-Z])[A-Za-z][A-Za-z&\-]{1,11}\s*[)）]")


def acronym_definitions(text: str) -> Iterator[re.Match]:
    """ACRONYM_DEF.finditer(text), found in time linear in the text: the regex alone tries every
    position of the text and scans up to 200 characters from each. A definition ends at a bracketed
    acronym, so it is searched for only from 200 characters before each one."""
    end = 0
    for bracket in _ACRONYM_BRACKET.finditer(text):
        if bracket.start() < end:
            continue
        words_end = bracket.start()
        while words_end > end and text[words_end - 1].isspace():
            words_end -= 1
        m = ACRONYM_DEF.search(text, max(end, words_end - 202))
        if m is None:
            return
        yield m
        end = m.end()
# "Embrapa (Agricultural Research Corporation)": a name, then its expansion in brackets.
REVERSE_DEF = re.compile(rf"\b(?P<short>[A-Z][A-Za-z]{{2,12}})\s*[（(](?P<long>{_CAP}(?:\s+(?:{_CAP}|of|for|and|on|the|de|&|in))+)[)）]")


def long_form_for(short: str, before: str) -> str | None:
    """Schwartz & Hearst's rule: the shortest tail of `before` that contains the letters
    of `short` in order, the first one starting a word."""
    letters = [c.lower() for c in short if c.isalnum()]
    if len(letters) < 2:
        return None
    words = before.split()
    limit = min(len(letters) + 5, len(letters) * 2)
    window = " ".join(words[-limit:])
    s_i, l_i = len(letters) - 1, len(window) - 1
    while s_i >= 0:
        c = letters[s_i]
        while l_i >= 0 and (window[l_i].lower() != c or (s_i == 0 and l_i > 0 and window[l_i - 1].isalnum())):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    begin = window.rfind(" ", 0, l_i + 1) + 1
    long_form = window[begin:].strip(" ,;:‘’'\"“”")
    first = long_form.split()[0] if long_form else ""
    if not first[:1].isupper() or len(long_form) <= len(short):
        return None
    return long_form


# National and international news agencies (general knowledge): their names in a dateline or a credit
NEWS_AGENCIES = (r"Xinhua(?: News Agency)?|Reuters|AFP|AP|PTI|ANI|IANS|UNI|Bernama|Yonhap|TASS|Kyodo|Jiji|CNA|MENA|WAM|SPA|"
                 r"Anadolu|VNA|Antara|KPL|AKP|PNA|BSS|APP|RSS|ENA|KNA|MAP|APS|TAP|NAN|SANA|IRNA|QNA|KUNA|BNA|ONA|"
                 r"WAFA|Petra|Prensa Latina|Lusa|EFE|dpa|ANSA|AGI|Sputnik|Interfax|BelTA|Kazinform|Montsame|UzA|MTI|PAP|"
                 r"CTK|BTA|Agerpres|Tanjug|Ukrinform|Notimex|Télam|Telam|APA|AzerTac|Armenpress")
EN_CREDITS = re.compile(
    rf"^(?:{NEWS_AGENCIES})\b(?=[ ,])"
    rf"|\((?:{NEWS_AGENCIES})\)"
    # an outlet's initials closing a story ("… visit. RSS", "— VNS"), alone in brackets on a line ("(VGP)"),
    # or named as its correspondent or source ("the correspondent VNA", "compiled from RSS")
    r"|(?<=[.!?\"”])[ \t]+[A-Z]{2,6}[ \t]*$"
    r"|[—–-][ \t]*[A-Z]{2,6}[ \t]*$"
    r"|^[ \t]*\([A-Z]{2,6}\)[ \t]*$"
    r"|\b(?:[Cc]ompiled from|[Cc]orrespondents?(?: of)?|[Cc]ourtesy(?: of)?)[ \t]+[A-Z]{2,6}\b"
    r"|\((?:Reporters?|Correspondents?|Editors?|By)\b[:\s][^)]{1,80}\)"
    r"|^(?:Reporters?|Editors?|Source|Photo|Written by)\s*[:：][^\n]{0,80}$"
    r"|\b[A-Z]{1,3}(?:/[A-Z]{1,3}){1,4}\b",
    re.M,
)
# "Board of Governors of the ICGEB", "International Cooperation Bureau of the Chinese Academy of Sciences":
# a sub-unit, then its parent organisation
_SUBUNIT_OF = re.compile(
    r"^(?P<unit>.*?\b(?:Board|Council|Committee|Department|Bureau|Office|Division|Secretariat|Faculty|School|Directorate|"
    r"Unit|Section|Branch|Assembly|Commission|Centre|Center|Laboratory|Institute|College)"
    r"(?:\s+of\s+(?!the\b)[A-Z][\w-]*|\s+for\s+(?!the\b)[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*)*)?)"
    r",?\s+(?:of|at)\s+(?:the\s+)?(?P<parent>[A-Z].*)$"
)
_NAME_AFTER_TITLE = re.compile(
    r"\b(?:Co-?[Ff]ounder|Founder|CEO|Chairman|Chairwoman|Chairperson|President|Vice[- ]President|Director(?:[- ]General)?|"
    r"Minister|Ambassador|Professor|Prof\.|Dr\.?|Secretary(?:[- ]General)?|Governor|Mayor|Dean|Rector|Chancellor|Commissioner|"
    r"Academician|Premier|Chief Executive)\s+(?:(?:Prof|Dr|Mr|Ms|Mrs)\.?\s+)?(?P<name>[A-Z][^\W\d_A-Z]+(?:[- ][A-Z][^\W\d_A-Z]+){1,3})\b(?![- ][A-Z])"
    r"(?!\s+(?:of|for)\b)"
)
# "Moussa Faki Mahamat, Chairperson of the African Union Commission": a name, then its title
_NAME_BEFORE_TITLE = re.compile(
    r"(?:^|(?<=[.;:!?]\s)|(?<=\n)|(?<=\bby\s)|(?<=\band\s)|(?<=,\s))(?P<name>(?:[A-Z][^\W\d_]+)(?:[- ](?:[A-Z][^\W\d_]+|al|bin|van|von|de|der)){1,3}),\s+"
    r"(?:the\s+)?(?:(?:[Dd]eputy|[Vv]ice|[Ee]xecutive|[Aa]cting|[Ff]ormer)[- ])?(?:[Cc]hairperson|[Cc]hairman|[Cc]hairwoman|[Pp]resident|"
    r"[Dd]irector(?:[- ][Gg]eneral)?|[Mm]inister|[Aa]mbassador|[Ss]ecretary(?:[- ][Gg]eneral)?|[Cc]ommissioner|[Cc]hief [Ee]xecutive|"
    r"[Hh]ead|[Dd]ean|[Rr]ector|[Gg]overnor|[Pp]rofessor)\b"
)
_TITLE_WORD = re.compile(r"\b(?:Director|General|President|Minister|Chair\w*|Secretary|Deputy|Vice|Dr|Prof\w*|Ambassador)\b")
_ORG_HEAD_WORDS_RE = re.compile(rf"\b(?:{ORG_HEADS})\b")
_ACRONYM_WORD = re.compile(r"(?<![\w-])[A-Z][A-Z&]{1,9}(?![\w-])")
# Upper-case words that are not organisations: documents, diseases, units, titles, currencies.
_NOT_ACRONYMS = {
    "MOU", "MOUS", "MOA", "MOC", "LOI", "COVID", "SARS", "MERS", "HIV", "AIDS", "TB", "DNA", "RNA", "MRNA", "PCR", "AI", "IT",
    "GDP", "USD", "EUR", "RMB", "CNY", "CEO", "CTO", "CFO", "COO", "PHD", "MD", "MSC", "BSC", "PM", "AM", "UTC", "GMT", "IST",
    "CET", "EST", "PST", "BST", "JST", "KST", "HKT", "SGT", "NEWS", "UPDATE", "PHOTO", "VIDEO", "ENGLISH", "HOME", "NO", "OK",
    "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "AMR", "NCD", "NCDS", "SDG", "SDGS", "R&D", "STI", "S&T", "BRI",
    "ICT", "IOT", "IP", "US", "UK", "EU", "UAE", "PRC", "ROK", "DPRK", "USA", "ASEAN", "BRICS", "SCO", "APEC", "G20", "G7",
    "LHC", "API", "APIS", "GMP", "GMO", "GMOS", "ID", "FAQ", "PDF", "URL", "WWW", "TV", "CGTN", "CNN", "BBC", "AFP", "AP", "PTI",
    "ANI", "IANS", "TASS", "WAM", "SPA", "MENA", "CNA", "NASDAQ", "NYSE", "HKEX", "IPO", "ETF", "KM", "KG", "MW", "GW",
}
EVENT_AFTER = re.compile(r"\s*(?:Expo|Forum|Conference|Summit|Meeting|Symposium|Workshop|Convention|Exhibition|Fair)\b")
_CAPITALISED_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*)*")
# Single words that name a place somewhere but are mostly ordinary words in news text.
COMMON_WORD_PLACES = {
    "Central", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Middle", "Union",
    "Independence", "Victoria", "Mobile", "Reading", "Bath", "Nice", "Split", "March", "May", "Van", "Of", "The",
    "Medical", "Industrial", "Standard", "General", "Ministry", "Center", "University", "Academy", "International",
}
_TITLE_START = re.compile(
    r"(?i)^(?:the\s+)?(?:(?:deputy|vice|executive|senior|general|honorary|chief|acting)\s+)*"
    r"(?:president|director|chairman|chair|secretary|mayor|minister|member|head|governor|ambassador|professor|ceo|manager)\b"
)


_TITLE_OR_HONORIFIC = re.compile(
    r"\b(?:Minister|President|Director|Chairman|Chair|Secretary|Mayor|Governor|Ambassador|Premier|Chancellor|"
    r"Dr|Prof|Professor|Mr|Ms|Mrs|Shri|Smt|Sir|Excellency|CEO|Founder|Head|Dean|Rector)\b\.?\s+"
)


# Particles inside personal names ("Ursula von der Leyen", "Ricardo de la Cruz", "Ahmad bin Hassan").
NAME_PARTICLES = ("von", "van", "der", "den", "de", "da", "del", "della", "di", "du", "le", "la", "bin", "binti", "al", "el",
                  "ibn", "dos", "das")
PARTICLE_RE = rf"(?:{'|'.join(NAME_PARTICLES)})"


def _after_people_and_titles(article: Article, start: int, end: int) -> int:
    """"UK Prime Minister Rishi Sunak and European Commission": what precedes the last title,
    honorific or person inside a name is not part of it."""
    piece = article.text[start:end]
    cut = 0
    for m in _TITLE_OR_HONORIFIC.finditer(piece):
        cut = m.end()
    for m in article.mentions:
        if m.label == "PERSON" and start <= m.span.start and m.span.end < end:
            cut = max(cut, m.span.end - start)
    if re.search(rf"\b{PARTICLE_RE}\s+$", article.text[max(0, start - 12):start]):
        surname = re.match(r"[A-Z][\w'’-]+\s+(?=and\b|&)", piece)   # "von der [Leyen and] African Union Commission"
        if surname:
            cut = max(cut, surname.end())
    rest = piece[cut:]
    lead = re.match(r"\s*(?:and|&|,)?\s*", rest)
    return start + cut + (lead.end() if lead else 0) if cut else start


# words that never stand inside a name's lead: 'At Peking University', 'A Project … Committee', 'Visit Our Institute',
# 'Cooperation With Three Pharmaceutical Company' (ordinals stay: 'First Affiliated Hospital')
_LEAD_BREAKERS = {"a", "an", "at", "with", "from", "to", "in", "on", "by", "as", "into", "via", "between", "among",
                  "after", "before", "our", "their", "its", "his", "her", "my", "your", "this", "that", "these",
                  "those", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "if", "when"}
_VERB_TAGS = {"VB", "VBD", "VBP", "VBZ"}


def headline_verbs(nlp, texts: list[str]) -> list[set[int]]:
    """Where the verbs of Title Case lines start: 'Etana Signs Cooperation With …' hides its verb from
    the tagger, which reads it again in sentence case ('Etana signs cooperation with …'). Only the
    tagger runs (with what it needs), over all the lines at once."""
    lowered = []
    for text in texts:
        chars = list(text)
        for m in list(re.finditer(r"[A-Z][a-z'’\-]+", text))[1:]:
            chars[m.start()] = m.group()[0].lower()
        lowered.append("".join(chars))
    with nlp.select_pipes(enable=["tok2vec", "tagger", "attribute_ruler"]):
        return [{t.idx for t in doc if t.tag_ in _VERB_TAGS} for doc in nlp.pipe(lowered)]


def _plain_words(name: str) -> bool:
    """Every word of the name an ordinary English word ('Pharmaceutical Company', 'Research Centre')."""
    words = re.findall(r"[A-Za-z]+", name)
    return all(w.islower() or w.istitle() for w in words) and all(is_dictionary_word(w) for w in words)


def after_lead_breakers(text: str, start: int, end: int, verbs: set[int]) -> int:
    """The name starts after the last function word or verb before its head noun."""
    head = re.search(rf"\b(?:{ORG_HEADS})\b", text[start:end])
    if not head:
        return start
    cut = start
    for w in re.finditer(r"\S+", text[start:start + head.start()]):
        if w.group().lower() in _LEAD_BREAKERS or start + w.start() in verbs:
            cut = start + w.end()
    return cut + len(text[cut:end]) - len(text[cut:end].lstrip())


def _name_continues(doc, ent) -> tuple[int, str]:
    """'Ursula von der | Leyen', 'Felix Dapare | Dakora': the model ended a person's name before its
    last word. A proper noun right after it that no entity holds, that is no English word and
    does not start a sentence of its own, is the rest of the name (one word, or two after a particle)."""
    end = ent.end
    for _ in range(2):
        if end >= len(doc):
            break
        t = doc[end]
        after_particle = doc[end - 1].text.lower() in NAME_PARTICLES   # "von der Leyen", read as a place
        if (t.ent_type_ and not (after_particle and t.ent_type_ in ("GPE", "NORP", "LOC")) or t.pos_ != "PROPN"
                or not t.text[:1].isupper() or t.is_sent_start
                or doc[end - 1].whitespace_ != " " or is_dictionary_word(t.text) or gazetteer().place(t.text)
                or gazetteer().country(t.text)):
            break
        end += 1
        if doc[end - 2].text.lower() not in NAME_PARTICLES:
            break
    if end == ent.end:
        return ent.end_char, SPACY_NER
    return doc[end - 1].idx + len(doc[end - 1].text), NAME_CONTINUES.id


def _after_country_possessive(text: str, start: int, end: int) -> int:
    """"South Africa's Department of Science and Innovation": the country owns the body,
    it is not part of its name."""
    m = re.match(r"(?:the\s+)?([A-Z][\w\s.-]*?)['’]s\s+", text[start:end])
    if m and (gazetteer().country(m.group(1)) or gazetteer().primary_place(m.group(1))):
        return start + m.end()
    return start


def _is_parent_name(name: str) -> bool:
    """A parent organisation's name: a known body, an acronym, or a name with an organisation head word that
    is one body ("International S&T Centres of Excellence", a plural head, is a kind of member, no parent)."""
    head = re.search(rf"\b(?:{ORG_HEADS})\b", name)
    if head and head.group() in _PLURAL_HEADS:
        return bool(gazetteer().org(name))
    return bool(gazetteer().org(name) or re.fullmatch(r"[A-Z][A-Z&-]{1,9}", name) or head)


_PLURAL_HEADS = {"Academies", "Centers", "Centres", "Institutes", "Universities", "Agencies", "Laboratories",
                 "Observatories", "Faculties", "Industries"}


_OWNER_OF = re.compile(r"\s+of\s+(?:the\s+)?(?=[A-Z])")
_UNIT_WORDS = re.compile(r"^(?:(?:[A-Z][\w'’\-]*|of|and|for|&)\s+)*[A-Z][\w'’\-]*$")


def whole_phrase(piece: str) -> str:
    """The sub-unit's name with its owner, as an alias: 'Institute of Microbiology of the Chinese Academy of Sciences'."""
    return re.sub(r"^(?:the|The)\s+", "", piece)


def owner_after_of(piece: str) -> tuple[int, int] | None:
    """'Graduate School of Agricultural Science of Tohoku University': where a sub-unit ends and the owner named
    after its last such 'of' starts, or None. The unit is a head noun with words of its own: two, or a name
    ('UCSF'); a head noun alone ('University of Chinese Academy of Sciences') or with one plain word ('National
    Institute of Development Administration') begins a longer name, and an 'and' before the unit's own 'of' joins
    two titles ('Board and Rector of …'). The owner names a body, no list, country or place ('Bank of China',
    'Academy of Sciences of the Czech Republic')."""
    gaz = gazetteer()
    for m in reversed(list(_OWNER_OF.finditer(piece))):
        unit, owner = whole_phrase(piece[:m.start()]), piece[m.end():]
        own_words = [w for w in unit.split() if not re.fullmatch(rf"(?:{ORG_HEADS})", w)]
        before_of = re.split(r"\s(?:of|for)\s", unit)[0]
        if (_UNIT_WORDS.match(unit) and re.search(rf"\b(?:{ORG_HEADS})\b", unit) and "," not in owner
                and not re.search(r"\s(?:and|&)\s", before_of)   # "Chairman of the Board and Rector of …": two titles
                and (len(own_words) >= 2 or any(not is_dictionary_word(w) for w in own_words))
                and _is_parent_name(owner) and not gaz.country(owner) and not gaz.place(owner)):
            return m.start(), m.end()
    return None


_SEAT = re.compile(r"\s+(?:in|to)\s+(?:the\s+)?(?P<seat>[A-Z][\w'’\-]*(?:\s+(?:of\s+)?[A-Z][\w'’\-]*){0,3})")


def mission_seat(article: Article, start: int, end: int) -> int:
    """'Consulate-General of the People's Republic of China in Sydney', 'Embassy of PRC in the Republic of
    Uzbekistan': a diplomatic mission is named with its seat, so the place or country after 'in'/'to' is
    part of the name (the longest run of the following capitalised words that the gazetteer knows, or that
    the NER model read as a place)."""
    text = article.text
    head = _MISSION_HEAD.search(text[start:end])
    if not head or re.fullmatch(r"(?:[Tt]he\s+)?", text[start:start + head.start()]) and start + head.end() == end:
        return end  # a bare 'the Embassy in Nairobi' is no name
    m = _SEAT.match(text, end)
    if m is None:
        return end
    gaz = gazetteer()
    places = {(x.span.start, x.span.end) for x in article.mentions if x.label in ("GPE", "LOC")}
    words = list(re.finditer(r"[A-Z][\w'’\-]*", m.group("seat")))
    for last in reversed(words):
        seat = m.group("seat")[:last.end()]
        if seat in gaz.demonym_words():
            continue
        if gaz.country(seat) or gaz.place(seat) or gaz.org(seat) or (m.start("seat"), m.start("seat") + last.end()) in places:
            return m.start("seat") + last.end()
    return end


_LIST_ITEM = r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2}"
_PORTFOLIO = re.compile(rf"(?P<items>(?:,\s+{_LIST_ITEM})+),?\s+(?:and|&)\s+(?P<last>{_LIST_ITEM})")
_SINGULAR_HEAD = re.compile(rf"\b(?:{ORG_HEADS})\b(?<!s)")


def portfolio_end(article: Article, start: int, end: int) -> int:
    """'Ministry of Science, Technology and Innovation', 'M8 Alliance of Academic Health Centers, Universities
    and National Academies': a name whose 'of'/'for' tail is a list runs on over commas to the list's 'and'.
    The items must be plain capitalised words: no single body (a singular head noun: 'Institute of
    Microbiology, Institute of Oceanology'), acronym, place, country, person or title, which would make
    the commas a list of names instead."""
    text = article.text
    if not re.search(r"\s(?:of|for)\s", text[start:end]):
        return end
    m = _PORTFOLIO.match(text, end)
    if m is None:
        return end
    gaz = gazetteer()
    items = [*re.split(r",\s+", m.group("items"))[1:], m.group("last")]
    for item in items:
        if (item.isupper() or _SINGULAR_HEAD.search(item) or _TITLE_WORD.search(item) or gaz.country(item)
                or gaz.place(item) or item.split()[0] in ("The", "A", "An") or _NOT_A_LIST_WORD.search(item)):
            return end
    if any(x.label == "PERSON" and x.span.overlaps(Span(end, m.end())) for x in article.mentions):
        return end
    return m.end()


_NOT_A_LIST_WORD = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
                              r"May|June|July|August|September|October|November|December|Mr|Ms|Mrs|Dr|Prof)\b")
_COUNTRY_OWNS = re.compile(
    r"(?<![\w-])(?P<country>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)['’]s\s+(?P<name>[A-Z][\w&\-]*)(?![\w'’-])(?!\s+[A-Z])"
)
# "Gasabo District", "Kigali Special Economic Zone", "Castray Esplanade", "Yanqi Lake campus": a place named by its
# head noun, unless the name runs on ("… Zone Authority" is a body)
_PLACE_BY_HEAD = re.compile(
    r"(?<![\w'’-])(?:[A-Z][\w'’\-]*\s+){1,4}(?:District|Village|Economic Zone|Free Trade Zone|International Airport|"
    r"Airport|Esplanade|Conference Centre|Conference Center|Convention Centre|Convention Center|campus)\b(?!\s+[A-Z])"
)
_NOT_A_PLACE_LEAD = {"The", "A", "An", "In", "At", "On", "From", "To", "Of", "By", "For", "With", "And", "University", "Institute"}
_HYPHEN_PAIR = re.compile(
    r"(?<![\w\-’'])(?:The\s+)?(?P<a>[A-Z][\w&]*(?:\s[A-Z][\w&]*){0,3})[-–](?P<b>[A-Z][\w&]*(?:\s[A-Z][\w&]*){0,3})"
    r"(?![\w\-–])\s+(?P<next>[a-z][\w\-]*)"
)


def _pair_part_label(part: str) -> str | None:
    """'GPE' for a country, 'ORG' for a body's name, None for anything else (a place, an adjective, a word)."""
    gaz = gazetteer()
    if part in gaz.demonym_words() or part == "Sino":
        return None
    if gaz.country(part):
        return "GPE"
    if gaz.org(part) or re.fullmatch(r"[A-Z][A-Z&]{1,9}", part) or _ORG_HEAD_WORDS_RE.search(part):
        return "ORG"
    if gaz.place(part) is None and not any(is_dictionary_word(w) for w in part.split()):
        return "ORG"   # "Pfizer", "BioNTech", "Leopoldina": names, not words
    return None


# a company's legal form closing what follows 'and': "Government of Kenya and [Moderna Inc]"
_COMPANY_END = re.compile(r"\s(?:Inc|Ltd|LLC|GmbH|Corp|Co|plc|AG|S\.A)\.?$")


def split_coordination(name: str, offset: int) -> list[tuple[int, int]]:
    """'X Committee and Mayor of Y' or 'X Center and ICGEB' are two things, not one name:
    split at 'and' when what follows is a title, an acronym, 'the …', or a named body."""
    for m in re.finditer(r"\s+(?:and|&)\s+", name):
        after = name[m.end():]
        first = after.split()[0] if after.split() else ""
        if (
            _TITLE_START.match(after)
            or after.startswith(("the ", "The "))
            or (first.isupper() and len(first) >= 2)
            or (len(after.split()) >= 2 and re.search(rf"\b(?:{ORG_HEADS})\b", after) and re.search(rf"\b(?:{ORG_HEADS})\b", name[: m.start()]))
            or gazetteer().place(after) is not None
            or gazetteer().country(after) is not None
            or (_COMPANY_END.search(after) and re.search(rf"\b(?:{ORG_HEADS})\b", name[: m.start()]))
        ):
            left = (offset, offset + m.start())
            rest = [
                part
                for o in ORG_PATTERN.finditer(after)
                for part in split_coordination(o.group(), offset + m.end() + o.start())
            ]
            return [left, *rest]
    return [(offset, offset + len(name))]


def _capitals_line(text: str, at: int) -> bool:
    """A line written in capitals (a headline, a menu, a section label): three or more words of two letters or
    more, most of them all upper-case."""
    start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    words = re.findall(r"[A-Za-z][A-Za-z'’&-]+", text[start:end if end >= 0 else len(text)])
    return len(words) >= 3 and sum(w.isupper() for w in words) >= 0.6 * len(words)


_INFLECTIONS = (("S$", ""), ("ES$", ""), ("IES$", "Y"), ("ED$", ""), ("D$(?<=ED)", ""), ("ING$", ""))


def _capitals_of_a_word(text: str, m: re.Match) -> bool:
    """'LAUNCHED', 'SCIENCE', 'BRUSSELS', 'NORDIC': an ordinary word (or its plural or past form), a place or a
    people's name set in capitals is no acronym when it is long (five letters or more) or stands in a line written in capitals."""
    word = m.group()
    gaz = gazetteer()
    stems = {word, *(re.sub(suffix, new, word) for suffix, new in _INFLECTIONS if re.search(suffix, word))}
    place = gaz.primary_place(word.title())
    plain = any(len(w) >= 3 and is_dictionary_word(w) for w in stems) or (place is not None and place.population >= 100_000) or word.title() in gaz.demonym_words()
    return plain and (len(word) >= 5 or _capitals_line(text, m.start()))


class EnglishMentions:
    """Fills `article.sentences` and `article.mentions` for an English article."""

    name = "mentions"
    needs = ("paragraphs",)
    assigns = ("sentences", "mentions", "docs")

    def __init__(self, batch_size: int = 64):
        self.nlp = english_pipeline()
        self.batch_size = batch_size
        forms = [f for f in gazetteer().org_surface_forms(cjk=False) if len(f) >= 3 or f.isupper()]
        self.known = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])")

    def __call__(self, article: Article) -> None:
        texts = [span.text(article.text) for span in article.paragraphs]
        # A Title Case line with a verb and no full stop ('Thailand Delegation Visit Our Institute and Sign …')
        # is a headline: its capitals say nothing of names. A list of names has no verb; a sentence ends in a stop.
        titled = [(span, text) for span, text in zip(article.paragraphs, texts) if _title_case(text)]
        verbs = {span.start + i for (span, _), found in zip(titled, headline_verbs(self.nlp, [t for _, t in titled]))
                 for i in found}
        # Title Case lines with no full stop: headlines, menus, captions
        unstopped = [span for span, text in titled if text.rstrip()[-1:] not in ".。!?！？"]
        headlines = {span.start for span in unstopped if any(span.start <= v < span.end for v in verbs)}
        for p_index, (span, doc) in enumerate(zip(article.paragraphs, self.nlp.pipe(texts, batch_size=self.batch_size))):
            base = span.start
            article.docs.append((base, doc))
            for sent in doc.sents:
                article.sentences.append(Sentence(Span(base + sent.start_char, base + sent.end_char), p_index))
            in_title = span.start in headlines or (
                p_index == 0 and article.title and texts[0] == article.title and _title_case(article.title))
            taken_to = 0   # the end of the last name continued over the next entity ("von der | Leyen")
            for ent in doc.ents:
                label = SPACY_LABELS.get(ent.label_)
                # Title Case headlines mislead NER about names; their places and countries are kept,
                # the rest is found again in the body
                if label and not (in_title and label not in ("GPE", "LOC", "NORP")) and ent.start_char >= taken_to:
                    end, source = _name_continues(doc, ent) if label == "PERSON" else (ent.end_char, SPACY_NER)
                    taken_to = end if source != SPACY_NER else taken_to
                    article.mentions.append(Mention(Span(base + ent.start_char, base + end), label, source))
        self._seat_missions(article)
        self._patterns(article, verbs, unstopped)
        self._acronyms(article)
        self._countries(article)
        self._bare_acronyms(article)
        self._conjuncts_of_orgs(article)
        self._named_by_descriptor(article)
        self._people_after_titles(article)
        self._initial_dot_names(article)
        self._hyphen_pairs(article)
        credits = [Span(m.start(), m.end()) for m in EN_CREDITS.finditer(article.text)]
        for m in self.known.finditer(article.text):
            article.mentions.append(Mention(Span(m.start(), m.end()), "ORG", KNOWN_BODY.id))
        self._owned_by_country(article)   # last: it names only what nothing else named
        if credits:  # "Xinhua News Agency, Sanya, Aug 20 (Reporter Zhou Xin)": credits, not entities
            article.mentions = [x for x in article.mentions if not any(c.overlaps(x.span) for c in credits)]

    @staticmethod
    def _initial_dot_names(article: Article) -> None:
        """'D.Regdel': a person, and no name that runs into it ('Academy of Sciences D.Regdel') keeps it."""
        for m in _INITIAL_DOT_NAME.finditer(article.text):
            if gazetteer().country(m.group()) or gazetteer().org(m.group()):
                continue
            end = len(article.text[:m.start()].rstrip())
            for i, x in enumerate(article.mentions):
                if x.label == "ORG" and x.span.start < m.start() < x.span.end:
                    article.mentions[i] = dataclasses.replace(x, span=Span(x.span.start, end))
            article.mentions.append(Mention(Span(m.start(), m.end()), "PERSON", INITIAL_DOT_NAME.id))

    @staticmethod
    def _seat_missions(article: Article) -> None:
        """The model's 'Consulate General of China' before 'in Toronto' takes its seat too."""
        for i, x in enumerate(article.mentions):
            if x.label == "ORG":
                seated = mission_seat(article, x.span.start, x.span.end)
                if seated > x.span.end:
                    article.mentions[i] = Mention(Span(x.span.start, seated), "ORG", MISSION_SEAT.id)

    def _patterns(self, article: Article, verbs: set[int], unstopped: list[Span]) -> None:
        """Names built by the patterns; `verbs` are where a Title Case line's verbs start, and in the
        `unstopped` lines (headlines, menus, captions) plain words make no name."""
        for rule, pattern in ((ORG_HEAD_NOUN, ORG_PATTERN), (COMPANY_SUFFIX, _COMPANY_PATTERN), (FOREIGN_HEAD, FOREIGN_ORG_PATTERN)):
            for m in (m for para in article.paragraphs for m in pattern.finditer(article.text, para.start, para.end)):
                for start, end in split_coordination(m.group(), m.start()):
                    start = _after_country_possessive(article.text, start, end)
                    start = _after_people_and_titles(article, start, end)
                    start = after_lead_breakers(article.text, start, end, verbs)
                    if start >= end or (any(line.start <= start < line.end for line in unstopped)
                                        and _plain_words(article.text[start:end])):
                        continue   # "… With Three Pharmaceutical Company": a Title Case line's words, no name
                    if EVENT_AFTER.match(article.text, end):  # "Consultative Committee Meeting"
                        continue
                    source = rule.id
                    seated = mission_seat(article, start, end)
                    if seated > end:
                        end, source = seated, MISSION_SEAT.id
                    grown = portfolio_end(article, start, end)
                    if grown > end:
                        article.mentions.append(Mention(Span(start, grown), "ORG", PORTFOLIO_LIST.id))
                        continue
                    owned = owner_after_of(article.text[start:end])
                    parent = _SUBUNIT_OF.match(article.text[start:end])
                    if owned:   # the owner after the last 'of' that leads a body (en.org.owner-after-of)
                        article.mentions.append(Mention(Span(start + owned[1], end), "ORG", PARENT_AFTER_UNIT.id))
                        whole = (whole_phrase(article.text[start:end]),)
                        article.mentions.append(Mention(Span(start, start + owned[0]), "ORG", source, aliases=whole))
                        article.mentions.append(Mention(Span(start, start + owned[0]), "ORG", OWNER_AFTER_OF.id, aliases=whole))
                        continue
                    whole = ()
                    if parent and _is_parent_name(parent.group("parent")):
                        p_start = start + parent.start("parent")
                        article.mentions.append(Mention(Span(p_start, end), "ORG", PARENT_AFTER_UNIT.id))
                        whole = (whole_phrase(article.text[start:end]),)
                        end = start + parent.end("unit")
                    article.mentions.append(Mention(Span(start, end), "ORG", source, aliases=whole))
        self._places(article)

    def _countries(self, article: Article) -> None:
        """Sovereign states named by their names ("Serbia", "the Republic of Korea") that the model missed."""
        gaz = gazetteer()
        for m in _CAPITALISED_RUN.finditer(article.text):
            words = m.group().split()
            for n in range(len(words), 0, -1):
                for i in range(len(words) - n + 1):
                    piece = " ".join(words[i:i + n])
                    if piece not in gaz.demonym_words() and gaz.country(piece):
                        start = m.start() + len(" ".join(words[:i])) + (1 if i else 0)
                        article.mentions.append(Mention(Span(start, start + len(piece)), "GPE", KNOWN_COUNTRY.id))

    def _bare_acronyms(self, article: Article) -> None:
        """An upper-case word of 2 to 10 letters that nothing else explained ("CIRAD", "KEMRI"):
        most often an organisation; the trained decision weighs it."""
        for m in _ACRONYM_WORD.finditer(article.text):
            word = m.group()
            if word in _NOT_ACRONYMS or word.lower() in STOP_WORDS or gazetteer().country(word) or _capitals_of_a_word(article.text, m):
                continue
            article.mentions.append(Mention(Span(m.start(), m.end()), "ORG", BARE_ACRONYM.id))

    def _conjuncts_of_orgs(self, article: Article) -> None:
        """A proper noun the model left untagged, coordinated with an organisation it did tag
        ("Embrapa and the CIRAD", "NABDA, RAHAD and Mesencell"), is an organisation too."""
        tagged = {(base + e.start_char, base + e.end_char) for base, doc in article.docs for e in doc.ents if e.label_ == "ORG"}
        tagged |= {(m.span.start, m.span.end) for m in article.mentions if m.label == "ORG"}
        for base, doc in article.docs:
            for t in doc:
                if t.pos_ != "PROPN" or t.ent_type_ or t.dep_ not in ("conj", "nsubj", "pobj", "dobj"):
                    continue
                partners = [t.head] if t.dep_ == "conj" else [c for c in t.children if c.dep_ == "conj"]
                start, end = base + t.idx, base + t.idx + len(t.text)
                if any(any(a <= base + p.idx < b for a, b in tagged) for p in partners) and not is_dictionary_word(t.text) \
                        and gazetteer().place(t.text) is None:
                    article.mentions.append(Mention(Span(start, end), "ORG", ORG_CONJUNCT.id))

    def _named_by_descriptor(self, article: Article) -> None:
        """'German drugmaker BioNTech', 'vaccine maker Sinovac Biotech': the proper nouns right after a
        noun that says 'company' name one; 'a consortium named "GenomeAsia 100K"' names the body."""
        for base, doc in article.docs:
            for i in tokens_with_texts(doc, ORG_DESCRIPTORS):
                t = doc[i]
                if t.i + 1 >= len(doc):   # "Pharma Frontier Africa" is one name
                    continue
                run = []
                for u in doc[t.i + 1:t.i + 5]:
                    # the small model reads 'BioNTech' as a noun and 'Sinovac Biotech' as a person: go by case
                    # its GPE on a word that names no country is a guess ('genomics firm Illumina', 'seed company Monsanto')
                    if not u.text[:1].isupper() or not u.is_alpha and "-" not in u.text or u.ent_type_ in ("NORP", "DATE") \
                            or u.ent_type_ == "GPE" and gazetteer().country(u.text) \
                            or u.lower_ in STOP_WORDS or _TITLE_WORD.fullmatch(u.text):
                        break
                    run.append(u)
                if run:
                    start, end = base + run[0].idx, base + run[-1].idx + len(run[-1].text)
                    article.mentions.append(Mention(Span(start, end), "ORG", NAMED_BY_DESCRIPTOR.id))
        for m in _NAMED_BODY.finditer(article.text):
            article.mentions.append(Mention(Span(m.start("name"), m.end("name")), "ORG", NAMED_BY_DESCRIPTOR.id))

    def _hyphen_pairs(self, article: Article) -> None:
        """'the Pfizer-BioNTech vaccine', 'the European Union-African Union summit', 'MPG-CAS partner institute':
        two names joined by a hyphen before a noun are two parties, each a body or a country. A pair with a
        place or an adjective in it ('Asia-Pacific', 'Sino-German') or a person's name ('Akufo-Addo said') is not."""
        people = [m.span for m in article.mentions if m.label == "PERSON"]   # a name across the hyphen: a person
        for base, doc in article.docs:
            for m in _HYPHEN_PAIR.finditer(article.text[base:base + doc_length(doc)]):
                nxt = doc.char_span(m.start("next"), m.end("next"))
                if nxt is None or nxt.root.pos_ not in ("NOUN", "PROPN") or nxt.root.tag_ in ("VBD", "VBZ", "VBP"):
                    continue
                whole = Span(base + m.start("a"), base + m.end("b"))
                labels = [_pair_part_label(m.group(g)) for g in ("a", "b")]
                hyphen = base + m.end("a")
                if None in labels or any(p.start < hyphen < p.end and p.overlaps(whole) for p in people):
                    continue
                for group, label in zip(("a", "b"), labels):
                    article.mentions.append(Mention(Span(base + m.start(group), base + m.end(group)), label, HYPHEN_PAIR.id))

    def _owned_by_country(self, article: Article) -> None:
        """'France's Sanofi', 'Sweden's BioArctic': a one-word name that is no English word, right after a country's
        possessive, is a body of that country (a company, most often); a place ('China's Guangdong'), a title
        ('Kenya's Minister') or a person the model found is not."""
        gaz = gazetteer()
        # it only fills a gap: a body another rule or the model named ('China's Anhui Zhifei Longcom
        # Biopharmaceutical Co., Ltd') keeps its own, longer name
        named = [m.span for m in article.mentions
                 if m.label == "ORG" or m.label == "PERSON" and " " in m.span.text(article.text)]
        for m in _COUNTRY_OWNS.finditer(article.text):
            name = m.group("name")
            if (not gaz.country(m.group("country")) or is_dictionary_word(name.split()[0]) or _TITLE_WORD.search(name)
                    or gaz.place(name) or gaz.country(name)):
                continue
            span = Span(m.start("name"), m.end("name"))
            if not any(p.overlaps(span) for p in named):
                article.mentions.append(Mention(span, "ORG", COUNTRY_OWNS.id))

    def _people_after_titles(self, article: Article) -> None:
        """'Co-Founder Wang Jian', 'Minister Amina Mohamed': two or three capitalised words right after a
        title are a person's name, even where the model ran title and name into one organisation."""
        gaz = gazetteer()
        for m in [*_NAME_AFTER_TITLE.finditer(article.text), *_NAME_BEFORE_TITLE.finditer(article.text)]:
            name = m.group("name")
            if m.re is _NAME_BEFORE_TITLE and _TITLE_WORD.search(name):
                continue  # "Director General Lawrence Banks, Deputy Director …": the title is no part of the name
            if gaz.org(name) or gaz.country(name) or gaz.primary_place(name) or _ORG_HEAD_WORDS_RE.search(name):
                continue
            article.mentions.append(Mention(Span(m.start("name"), m.end("name")), "PERSON", PERSON_AFTER_TITLE.id))
            for other in list(article.mentions):   # "BGI Group Co-Founder Wang Jian" read as one organisation
                if other.label == "ORG" and other.span.start < m.start() < other.span.end:
                    head = article.text[other.span.start:m.start()].rstrip(" ,")
                    if len(head) >= 2:
                        article.mentions.append(Mention(Span(other.span.start, other.span.start + len(head)), "ORG", other.source))

    def _places(self, article: Article) -> None:
        """Known cities and provinces that the model did not tag ("Nay Pyi Taw", "Jiaozhou"), and places named
        by a head noun ("Gasabo District", "Kigali International Airport", "Yanqi Lake campus")."""
        gaz = gazetteer()
        text = article.text
        for m in _PLACE_BY_HEAD.finditer(text):
            if not any(w in _NOT_A_PLACE_LEAD for w in m.group().split()):
                article.mentions.append(Mention(Span(m.start(), m.end()), "GPE", PLACE_HEAD.id))
        for m in _CAPITALISED_RUN.finditer(text):
            # the whole run must be the place ("Nay Pyi Taw", "Jiaozhou"); "Alain Berset" is
            # a person even though "Alain" is a town somewhere
            run = re.sub(r"\s+(City|Province|District|County|Prefecture)$", "", m.group())
            place = gaz.primary_place(run)
            if (
                place is not None and place.population >= 100_000
                and run not in COMMON_WORD_PLACES and run.lower() not in STOP_WORDS
            ):
                article.mentions.append(Mention(Span(m.start(), m.start() + len(run)), "GPE", KNOWN_PLACE.id))

    @staticmethod
    def _named_org_before(before: str, short: str) -> str | None:
        """An organisation name right before the bracket whose word initials hold every letter
        of the acronym, in any order (translated names reorder words: CIBA, NABDA)."""
        names = [m for m in ORG_PATTERN.finditer(before) if before[m.end():].strip(" ,") == ""]
        if not names:
            return None
        name = names[-1].group()
        initials = {w[0].upper() for w in re.split(r"[\s\-]+", name) if w[:1].isupper()}
        return name if {c.upper() for c in short if c.isalpha()} <= initials else None

    def _acronyms(self, article: Article) -> None:
        text = article.text
        for m in acronym_definitions(text):
            short = m.group("short")
            long_form = long_form_for(short, m.group("before")) or self._named_org_before(m.group("before"), short)
            if long_form is None or EVENT_AFTER.match(text, m.end()):
                continue  # "Global South-South Development (GSSD) Expo": an event, not a body
            start = text.rfind(long_form, m.start("before"), m.end("before"))
            if start < 0:
                continue
            article.mentions.append(Mention(Span(start, start + len(long_form)), "ORG", ACRONYM.id, aliases=(short,)))
            s = m.start("short")
            article.mentions.append(Mention(Span(s, s + len(short)), "ORG", ACRONYM.id, canonical=long_form))
        for m in REVERSE_DEF.finditer(text):
            if ORG_PATTERN.fullmatch(m.group("short")):
                continue
            short, long_form = m.group("short"), m.group("long")
            article.mentions.append(Mention(Span(m.start("short"), m.end("short")), "ORG", REVERSE_ACRONYM.id, aliases=(long_form,)))
            article.mentions.append(Mention(Span(m.start("long"), m.end("long")), "ORG", REVERSE_ACRONYM.id, canonical=short))


# -- the rules of this module, with their examples ------------------------------------------
ORG_HEAD_NOUN = define(
    "en.org.head-noun",
    "An organisation named around a head noun: '... Institute of ...', '... Joint Laboratory on ...'.",
    [("The Tianjin Institute of Industrial Biotechnology hosted the meeting.",
      entity("ORG", "Tianjin Institute of Industrial Biotechnology")),
     # a day or a month after 'on'/'in' is a date, not the name's tail
     ("The academy opened the Sino-Africa Joint Research Centre on Monday.",
      [entity("ORG", "Sino-Africa Joint Research Centre"), entity("ORG", "Sino-Africa Joint Research Centre on Monday", absent=True)]),
     # an acronym joined by '&' is one word of the name; an observatory and a faculty are bodies
     ("The Joint Key Laboratory for Advanced Medicine R&D signed with the Faculty of Health Sciences.",
      [entity("ORG", "Joint Key Laboratory for Advanced Medicine R&D"), entity("ORG", "Faculty of Health Sciences")]),
     ("The SKA Observatory will build the telescope with Shanghai Astronomical Observatory.",
      [entity("ORG", "SKA Observatory"), entity("ORG", "Shanghai Astronomical Observatory")]),
     ("A team from the Directorate-General for Research and Innovation visited the Division of the Americas and "
      "Oceania.", [entity("ORG", "Directorate-General for Research and Innovation"),
                   entity("ORG", "Division of the Americas and Oceania")]),
     # a list of bodies that the model read as one name is the bodies
     ("The Institute of Microbiology, Institute of Oceanology and Institute of Zoology signed the agreement.",
      [entity("ORG", "Institute of Microbiology"), entity("ORG", "Institute of Oceanology")]),
     # a company after 'and' is a body of its own
     ("A memorandum between the Government of Kenya and Moderna Inc. was signed in Nairobi.",
      [entity("ORG", "Government of Kenya"), entity("ORG", "Government of Kenya and Moderna Inc", absent=True)]),
     # "St." is part of a name; an address after 'on' is not; "Nairobi-based" says where a body is, not its name
     ("The St. Petersburg Research Institute of Vaccines and Serums signed the agreement.",
      entity("ORG", "St. Petersburg Research Institute of Vaccines and Serums")),
     ("Experts met at the Department of Disease Control on Sathorn Road.",
      [entity("ORG", "Department of Disease Control"), entity("ORG", "Department of Disease Control on Sathorn Road", absent=True)]),
     ("The project is led by the Nairobi-based African Agricultural Technology Foundation.",
      [entity("ORG", "African Agricultural Technology Foundation"),
       entity("ORG", "Nairobi-based African Agricultural Technology Foundation", absent=True)]),
     ("Officials of the Kenya Agricultural and Livestock Research Organization attended.",
      entity("ORG", "Kenya Agricultural and Livestock Research Organization")),
     ("John Nkengasong, Director of the Africa Centres for Disease Control and Prevention, spoke at the launch.",
      entity("ORG", "Africa Centres for Disease Control and Prevention")),
     # a surname after a name particle ends the person, not the start of the body's name
     ("European Commission President Ursula von der Leyen and African Union Commission Chairperson Moussa Faki Mahamat "
      "attended the ceremony in Kigali.", [entity("ORG", "African Union Commission"),
                                           entity("ORG", "Leyen and African Union Commission", absent=True)]),
     # a name starts after the function words and, in a Title Case headline, the verbs before its head
     ("At Peking University the Director-General met Prof. Jian Lu.",
      [entity("ORG", "Peking University"), entity("ORG", "At Peking University", absent=True)]),
     ("Thailand Delegation Visit Our Institute and Sign Memorandum of Understanding",
      entity("ORG", "Thailand Delegation Visit Our Institute", absent=True)),
     ("Etana Signs Cooperation With Three Pharmaceutical Company From China",
      [entity("ORG", "Etana Signs Cooperation With Three Pharmaceutical Company", absent=True),
       entity("ORG", "Pharmaceutical Company", absent=True)])],
)
COMPANY_SUFFIX = define(
    "en.org.company-suffix",
    "A company named with its legal suffix: '... Co., Ltd.', '... GmbH', '... Inc.'.",
    [("Hangzhou Cobetter Filtration Equipment Co., Ltd. signed the deal with the Serbian institute.",
      entity("ORG", "Hangzhou Cobetter Filtration Equipment Co., Ltd."))],
)
FOREIGN_HEAD = define(
    "en.org.foreign-head",
    "A Romance or German institution name with its head first: 'Instituto Butantan', 'Universidad de la República'.",
    [("Instituto Butantan will test the vaccine in Brazil.", entity("ORG", "Instituto Butantan"))],
)
KNOWN_BODY = define(
    "en.org.known-body",
    "International bodies, academies, ministries and national agencies of the gazetteer, by any of their names.",
    [("The ICGEB board met in Cape Town.", entity("ORG", "ICGEB"))],
)
KNOWN_PLACE = define(
    "en.place.known-name",
    "A capitalised run that is the whole name of a known city or province of 100,000 people or more.",
    [("The memorandum was signed in Nay Pyi Taw on Monday.", entity("PLACE", "Nay Pyi Taw"))],
)
ACRONYM = define(
    "en.acronym.definition",
    "'Full Name (ACR)': the long form found among the words before the bracket (Schwartz and Hearst).",
    [("The Nigerian Agency for Biotechnology Development (NABDA) signed an MoU.",
      entity("ORG", "Nigerian Agency for Biotechnology Development")),
     # a name defined with a short form of its own is its own body, though another name ends in it
     ("The Vietnam - Korea Institute of Science and Technology (VKIST) opened a laboratory with the Korea Institute "
      "of Science and Technology (KIST).",
      [entity("ORG", "Vietnam - Korea Institute of Science and Technology"),
       entity("ORG", "Korea Institute of Science and Technology")])],
)
REVERSE_ACRONYM = define(
    "en.acronym.reverse",
    "'Embrapa (Agricultural Research Corporation)': a short name, then its expansion in brackets.",
    [("Embrapa (Brazilian Agricultural Research Corporation) opened a lab.", entity("ORG", "Embrapa"))],
)
CREDITS = define(
    "en.credits.dropped",
    "News credits are not entities: the agency of a dateline, '(Reporter ...)', 'Editor: ...', 'Source: ...'.",
    [("NAIROBI, March 4 (Xinhua) -- Kenya and China signed a memorandum on vaccines.", entity("ORG", "Xinhua", absent=True)),
     ("The SAAS team, headed by its vice-chairman, is in Nepal on a three-day visit. RSS",
      entity("ORG", "RSS", absent=True)),
     ("According to the correspondent VNA in Havana, Cuba and China have signed a series of agreements.",
      entity("ORG", "VNA", absent=True)),
     ("The Green Economics Institute signed a framework agreement with Cuba's LabioFAM Group. — VNS",
      entity("ORG", "VNS", absent=True))],
)
define(
    SPACY_NER,
    "spaCy's statistical named-entity recogniser (en_core_web_sm): people, organisations, places.",
    [("Prof. Yanhe Ma spoke at the opening.", entity("PERSON", "Yanhe Ma"))],
)
KNOWN_COUNTRY = define(
    "en.country.known-name",
    "A sovereign state named by one of its names in a capitalised run ('Serbia', 'Republic of Korea').",
    [("Serbia became the 23rd member state of CERN on Monday.", entity("COUNTRY", "Serbia"))],
)
BARE_ACRONYM = define(
    "en.org.bare-acronym",
    "An upper-case word of 2-10 letters that no other rule explains, and that is no document, disease, unit or title.",
    [("A cooperation agreement was signed by Embrapa and CIRAD in Montpellier.", entity("ORG", "CIRAD")),
     ("The MoU on COVID vaccines was signed.", entity("ORG", "COVID", absent=True)),
     # words and places set in capitals are no acronyms
     ("NORDIC SCIENCE DESK\n\nCIRAD AND EMBRAPA SIGNS PACT IN BRUSSELS",
      [entity("ORG", "CIRAD"), entity("ORG", "SCIENCE", absent=True), entity("ORG", "SIGNS", absent=True),
       entity("ORG", "PACT", absent=True)])],
)
ORG_CONJUNCT = define(
    "en.org.conjunct-of-org",
    "A proper noun the model left untagged, coordinated with an organisation ('Embrapa and CIRAD').",
    [("A cooperation agreement was signed by Embrapa and CIRAD in Montpellier.", entity("ORG", "Embrapa"))],
)
NAMED_BY_DESCRIPTOR = define(
    "en.org.named-by-descriptor",
    "Proper nouns right after a noun that says 'company' ('German drugmaker BioNTech', 'vaccine maker Sinovac') name an "
    "organisation, and so does the quoted name of 'a consortium named \"…\"'.",
    [("The Kigali plant of German drugmaker BioNTech was inaugurated on Monday.", entity("ORG", "BioNTech")),
     ('A non-profit consortium named "GenomeAsia 100K" was launched in Singapore.', entity("ORG", "GenomeAsia 100K")),
     # the model's GPE on a name no country bears, and a town that shares the name, do not make it a place
     ("The programme signed an agreement with US-based genomics firm Illumina to sequence genomes.", entity("ORG", "Illumina")),
     ("The project brings together CIMMYT, the seed company Monsanto and national research systems.",
      entity("ORG", "Monsanto")),
     ("The company said its chief executive would attend.", entity("ORG", "The company", absent=True))],
)
PARENT_AFTER_UNIT = define(
    "en.org.parent-after-unit",
    "'Board of Governors of the ICGEB', 'International Cooperation Bureau of the Chinese Academy of Sciences': the parent "
    "organisation after a sub-unit is an organisation of its own.",
    [("The Board of Governors of the ICGEB met in Cape Town.", entity("ORG", "ICGEB")),
     ("Zhengyu Wang, Deputy Director of the International Cooperation Bureau of the Chinese Academy of Sciences, spoke.",
      entity("ORG", "Chinese Academy of Sciences")),
     # a unit named by what it is for
     ("The Shanghai Institute for Advanced Studies of CAS opened a laboratory.",
      entity("ORG", "CAS")),
     # the owner after the last 'of' that leads a body
     ("The delegation toured the Graduate School of Agricultural Science of Tohoku University last week.",
      entity("ORG", "Tohoku University"))],
)
OWNER_AFTER_OF = define(
    "en.org.owner-after-of",
    "A sub-unit named with its owner after 'of' ('Institute of Food Safety and Nutrition of JAAS', 'Graduate School "
    "of Agricultural Science of Tohoku University') is an organisation of its own, with the whole phrase as its "
    "alias (annotators write either); the owner is en.org.parent-after-unit. A country or place after 'of' ('Bank "
    "of China') and a head noun alone before it ('University of Chinese Academy of Sciences') name one body.",
    [("The delegation toured the Graduate School of Agricultural Science of Tohoku University last week.",
      entity("ORG", "Graduate School of Agricultural Science")),
     ("Wang Qing, Dean of the School of Life Science and Technology of HUST, chairs the consortium.",
      entity("ORG", "School of Life Science and Technology")),
     ("The Shanghai Institute for Advanced Studies of CAS opened a laboratory.",
      entity("ORG", "Shanghai Institute for Advanced Studies")),
     ("Students of the University of Chinese Academy of Sciences joined the course.",
      entity("ORG", "Chinese Academy of Sciences", absent=True))],
)
NAME_CONTINUES = define(
    "en.person.name-continues",
    "A person's name the model ended one word early ('Ursula von der' before 'Leyen'): a following proper noun that "
    "no entity holds and that is no English word, a place or a country belongs to the name.",
    [("President of the European Commission Ursula von der Leyen also wrote on X.",
      entity("PERSON", "Ursula von der Leyen"))],
)
PERSON_AFTER_TITLE = define(
    "en.person.after-title",
    "Two or three capitalised words right after a title are a person's name ('Co-Founder Wang Jian'), and so are two "
    "to four before ', Chairperson of …'.",
    [("BGI Group Co-Founder Wang Jian signed the agreement with the Saudi Ministry of Health in Riyadh.",
      entity("PERSON", "Wang Jian")),
     ("President Sauli Niinistö held talks in Montevideo.", entity("PERSON", "Sauli Niinistö")),
     ("The science minister of the country, Minister José Lino Salvador Barañao, signed the agreement with the "
      "laboratory in Heidelberg on Thursday.", [entity("PERSON", "José Lino Salvador Barañao"),
                                               entity("PERSON", "José Lino Salvador", absent=True)]),
     # an honorific between title and name is neither: the name's three words follow it
     ("The MoU was signed by AAS President Prof Felix Dapare Dakora and CAS President Prof Bai Chunli.",
      [entity("PERSON", "Felix Dapare Dakora"), entity("PERSON", "Felix Dapare", absent=True)]),
     ("European Commission President Ursula von der Leyen and African Union Commission Chairperson Moussa Faki Mahamat "
      "attended the ceremony in Kigali.", [entity("PERSON", "Moussa Faki Mahamat"),
                                           entity("PERSON", "Chairperson Moussa Faki Mahamat", absent=True)]),
     ("Moussa Faki Mahamat, Chairperson of the African Union Commission, spoke at the launch.",
      entity("PERSON", "Moussa Faki Mahamat"))],
)

_INITIAL_DOT_NAME = re.compile(r"(?<![\w.@/])[A-Z]\.(?:[A-Z]\.)?[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?\b(?![.@/]\w)")
INITIAL_DOT_NAME = define(
    "en.person.initial-dot-name",
    "An initial glued to a surname by its dot is a person, as Mongolian names are written in English ('D.Regdel', "
    "'J.Batzandan'); a name of a body that runs into it ends before it.",
    [("The expo was opened by President of the Mongolian Academy of Sciences D.Regdel and other guests.",
      [entity("PERSON", "D.Regdel"), entity("ORG", "Mongolian Academy of Sciences D.Regdel", absent=True)]),
     # a web address is no name
     ("Read more at www.A.Example.org today.", entity("PERSON", "A.Example", absent=True))],
)
MISSION_SEAT = define(
    "en.org.mission-seat",
    "A diplomatic mission's name holds its seat: 'Consulate-General of the People's Republic of China in Sydney', "
    "'Taipei Economic and Cultural Office in Thailand'.",
    [("Officials of the Consulate-General of the People's Republic of China in Sydney attended the launch.",
      entity("ORG", "Consulate-General of the People's Republic of China in Sydney")),
     ("The Embassy of China in Kenya hosted the reception on Monday.", entity("ORG", "Embassy of China in Kenya")),
     # a seat the gazetteer does not know but the model reads as a place; a representative office
     ("Officials of the Consulate General of China in Toronto attended the forum on Monday.",
      entity("ORG", "Consulate General of China in Toronto")),
     ("The Taipei Economic and Cultural Office in Thailand hosted the meeting.",
      entity("ORG", "Taipei Economic and Cultural Office in Thailand")),
     # a bare head is no name
     ("The Embassy in Nairobi said so.", entity("ORG", "Embassy in Nairobi", absent=True)),
     # a country's adjective is no seat
     ("Doctors of the Embassy of China in Kenyan hospitals volunteered.",
      entity("ORG", "Embassy of China in Kenyan", absent=True))],
)
PORTFOLIO_LIST = define(
    "en.org.portfolio-list",
    "A name whose 'of'/'for' tail is a list runs on over its commas to the list's 'and': 'Ministry of Science, "
    "Technology and Innovation'; a list of bodies ('Institute of Microbiology, Institute of Oceanology and …') is not one.",
    [("The Ministry of Science, Technology and Innovation signed the memorandum.",
      entity("ORG", "Ministry of Science, Technology and Innovation")),
     ("The M8 Alliance of Academic Health Centers, Universities and National Academies met in Berlin.",
      entity("ORG", "M8 Alliance of Academic Health Centers, Universities and National Academies"))],
)
HYPHEN_PAIR = define(
    "en.org.hyphen-pair",
    "Two names joined by a hyphen before a noun are two parties: 'the Pfizer-BioNTech vaccine', 'the sixth European "
    "Union-African Union summit'; not a place or adjective pair ('Asia-Pacific region', 'Sino-German centre').",
    [("Malaysia will receive the Pfizer-BioNTech vaccine next month.", [entity("ORG", "Pfizer"), entity("ORG", "BioNTech")]),
     ("The announcement came at the sixth European Union-African Union summit in Brussels.",
      [entity("ORG", "European Union"), entity("ORG", "African Union")]),
     ("The Asia-Pacific region needs more vaccine plants, said Nana Akufo-Addo.",
      [entity("ORG", "Asia", absent=True), entity("ORG", "Pacific", absent=True), entity("ORG", "Addo", absent=True)])],
)
COUNTRY_OWNS = define(
    "en.org.country-possessive",
    "A one-word name that is no English word, right after a country's possessive and named by nothing else, is a "
    "body of that country: 'France's Sanofi', 'Sweden's BioArctic'; not a place ('China's Guangdong'), a title or a "
    "person. Longer names are left to the rules that read their head words and suffixes.",
    [("Several companies attended, among them France's Sanofi.", entity("ORG", "Sanofi")),
     ("Delegates toured China's Guangdong province.", entity("ORG", "Guangdong", absent=True))],
)
PLACE_HEAD = define(
    "en.place.head-noun",
    "A place named by its head noun: 'Gasabo District', 'Kigali Special Economic Zone', 'Kigali International "
    "Airport', 'Castray Esplanade', 'Yanqi Lake campus'; a body whose name runs on ('… Zone Authority') is not.",
    [("The plant stands in the Kigali Special Economic Zone in Gasabo District.",
      [entity("PLACE", "Kigali Special Economic Zone"), entity("PLACE", "Gasabo District")]),
     ("The Kigali Special Economic Zone Authority signed the lease.",
      entity("PLACE", "Kigali Special Economic Zone", absent=True))],
)
