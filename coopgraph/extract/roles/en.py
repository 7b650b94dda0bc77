"""English role rules: appositions and title phrases around a person, over sentence templates.

"⟦PERSON⟧, Director General of ⟦ORG⟧", "⟦ORG⟧ Director General ⟦PERSON⟧", "The Director General of
⟦ORG⟧, ⟦PERSON⟧", "⟦PERSON⟧ … was elected ⟦ORG⟧ Chairman". A title held in a country
("Argentina's Minister of…") has no organisation.
"""
from __future__ import annotations

import re

from coopgraph.extract.rules import define, role

_VERBS = (
    r"(?i:said|says|told|noted|added|pointed|stressed|explained|believes|believed|expressed|highlighted|"
    r"introduced|delivered|gave|presided|attended|was|is|were|are|has|had|have|will|would|also|who|which|"
    r"signed|met|visited|announced|stated|welcomed|emphasized|emphasised|praised|hoped|thanked)"
)
_MOD = (
    r"(?:(?:deputy|vice|executive|senior|general|honorary|chief|associate|assistant|acting|permanent|first|"
    r"principal|founding|co|managing|standing|party|former|interim|regional|national|prime|federal|research|group|"
    r"team|project|programme|program|lab|laboratory|union|state|provincial|municipal)[\s-]+)*"
)
_CORE = (
    r"(?:president|director[\s-]general|director|chairman|chairwoman|chairperson|chair|chief executive officer|chief executive|"
    r"ceo|cto|cfo|coo|minister|vice[\s-]minister|secretary[\s-]general|secretary|mayor|governor|ambassador|"
    r"counsell?or|consul general|consul|professor|rector|dean|head|manager|founder|co-founder|member|academician|"
    r"fellow|representative|commissioner|administrator|coordinator|officer|researcher|scientist|chancellor|"
    r"vice[\s-]chancellor|provost|partner|spokes(?:person|man|woman)|general manager|managing director|leader)"
)
# "Minister of Science, Technology…", "director of the publicity department": words after
# "of" that are no entity of their own belong to the title.
_TITLE = (
    rf"(?i:{_MOD}{_CORE}(?:\s+(?:of|for)\s+(?!(?:the\s+)?⟦)(?:the\s+)?[\w&'’-]+"
    rf"(?:(?:\s+|,\s+(?!and\b))(?!at\b|in\b|with\b|of\s+(?:the\s+)?⟦|and\s+(?:the\s+)?⟦)(?!{_CORE}\b)(?!{_VERBS}\b)"
    rf"(?!(?:Prof|Dr|Mr|Ms|Mrs)\b)[\w&'’-]+){{0,6}})?)"
)
_HOLDER = r"⟦(?:ORG|PLACE):\d+⟧"
_HONORIFIC = r"(?:(?:Prof|Professor|Dr|Mr|Mrs|Ms|Amb|Ambassador|H\.\s?E|His Excellency|Her Excellency|Academician|Shri|Smt)\.?\s+)*"
_CHUNK = (
    rf"(?:(?P<o1>⟦(?:ORG|COUNTRY|PLACE):\d+⟧)(?:['’]s)?\s+)?(?P<t>{_TITLE})"
    rf"(?:\s+(?:of|at|for|in|with)\s+(?:the\s+)?(?:⟦COUNTRY:\d+⟧['’]s\s+)?(?P<o2>{_HOLDER}))?"
)
_CHUNK_RE = re.compile(_CHUNK)
_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)"
_CHUNKS = rf"(?:{_CHUNK.replace('?P<o1>', '?:').replace('?P<t>', '?:').replace('?P<o2>', '?:')})"
_CHUNK_LIST = rf"{_CHUNKS}(?:{_JOIN}{_CHUNKS})*"

# "⟦A⟧, Director of ⟦X⟧" — but not "⟦A⟧, Deputy Director ⟦B⟧", where the title is B's.
AFTER_PERSON = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧)\s*,\s*(?:the\s+|an?\s+)?(?P<chunks>{_CHUNK_LIST})(?!\s*{_HONORIFIC}⟦PERSON)"
)
BEFORE_PERSON = re.compile(
    rf"(?:\b(?:the|The)\s+)?(?P<chunks>{_CHUNK_LIST})(?P<sep>\s*,?\s*){_HONORIFIC}(?P<p>⟦PERSON:\d+⟧)"
)
_LEAD_PERSON = re.compile(r"⟦PERSON:\d+⟧\s*,\s*(?:the\s+)?$")
ELECTED = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧)(?:[^.;⟦]|⟦(?:ORG|COUNTRY|PLACE):\d+⟧){{0,120}}?\b(?:was|were|is|has been|have been)\s+"
    rf"(?:elected|appointed|named)\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?(?P<chunks>{_CHUNK_LIST})"
)
# Academic forms of address ("Professor Chen …") are honorifics, not roles, when no body is named.
_ADDRESS_ONLY = re.compile(r"(?i)^(?:prof(?:essor)?|dr|academician|mr|ms|mrs)\.?$")


AFTER_PERSON_RULE = define(
    "en.role.apposition-after",
    "'⟦PERSON⟧, Title of ⟦ORG⟧': an apposition after the person.",
    [("Prof. Yanhe Ma, Director General of the Tianjin Institute of Industrial Biotechnology, spoke.",
      role("Yanhe Ma", "Director General", "Tianjin Institute of Industrial Biotechnology"))],
    patterns=[AFTER_PERSON.pattern],
)
BEFORE_PERSON_RULE = define(
    "en.role.title-before",
    "'⟦ORG⟧ Title ⟦PERSON⟧' or 'The Title of ⟦ORG⟧, ⟦PERSON⟧': a title before the person.",
    [("COMSATS Executive Director Mohammad Nafees Zakaria opened the forum.",
      role("Mohammad Nafees Zakaria", "Executive Director", "COMSATS"))],
    patterns=[BEFORE_PERSON.pattern],
)
ELECTED_RULE = define(
    "en.role.elected",
    "'⟦PERSON⟧ … was elected/appointed (as) Title of ⟦ORG⟧'.",
    [("Jim Greenwood was elected chair of the International Council of Biotechnology Associations.",
      role("Jim Greenwood", "chair", "International Council of Biotechnology Associations"))],
    patterns=[ELECTED.pattern],
)
