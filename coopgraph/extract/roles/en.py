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
    r"signed|met|visited|announced|stated|welcomed|emphasized|emphasised|praised|hoped|thanked|spoke|opened|urged|"
    r"called|described|addressed|presented|unveiled|inaugurated|hosted|chaired|joined|recalled|warned|argued|took|"
    r"made|became|received|won|meet|meets|see|sees|thank|thanks|welcome|receive|host|invite|invited)"
)
_MOD = (
    r"(?:(?:deputy|vice|executive|senior|general|honorary|chief|associate|assistant|acting|permanent|first|"
    r"principal|founding|co|managing|standing|party|former|interim|regional|national|prime|federal|research|group|"
    r"team|project|programme|program|lab|laboratory|union|state|provincial|municipal)[\s-]+)*"
)
_CORE = (
    r"(?:president|director[\s-]general|director|chairman|chairwoman|chairperson|chair|chief executive officer|chief executive|"
    r"ceo|cto|cfo|coo|minister|vice[\s-]minister|secretary[\s-]general|secretary|mayor|governor|ambassador|"
    r"counsell?or|consul general|consul|premier|vice[\s-]premier|state councill?or|under[\s-]?secretary|envoy|professor|rector|dean|head|manager|founder|co-founder|member|academician|"
    r"fellow|representative|commissioner|investigator|administrator|coordinator|officer|researcher|scientist|chancellor|"
    r"vice[\s-]chancellor|provost|partner|spokes(?:person|man|woman)|general manager|managing director|leader)"
)
# Words before the core that no list can hold ("Agriculture Secretary", "climate scientist",
# "president director"): at most two, and never a function word or a verb of the sentence.
_FREE = (
    rf"(?:(?<!['’])\b(?!(?:and|or|the|an?|of|by|with|to|for|in|at|as|on|from|its|his|her|their|this|that|then|now|"
    rf"where|when|while|whose|whom|how|what|why|dr|prof|mr|ms|mrs)\b)(?!{_VERBS}\b)[A-Za-z][\w-]*\s+){{0,2}}"
)
# "Coordinator General", "Chairman General", "Commissioner General": a title's head followed by "General".
_GENERAL = r"(?:[\s-]general\b)?+"
# "Minister of Science, Technology…", "director of the publicity department": words after
# "of" that are no entity of their own belong to the title.
_TITLE = (
    rf"(?i:{_FREE}{_MOD}{_CORE}{_GENERAL}(?:\s+(?:of|for)\s+(?!(?:the\s+)?⟦)(?:the\s+)?[\w&'’-]+"
    rf"(?:(?:\s+|,\s+(?!and\b))(?!at\b|in\b|with\b|of\s+(?:the\s+)?⟦|and\s+(?:the\s+)?⟦)(?!{_CORE}\b)(?!{_VERBS}\b)"
    rf"(?!(?:Prof|Dr|Mr|Ms|Mrs)\b)[\w&'’-]+){{0,6}})?)"
)
_HOLDER = r"⟦(?:ORG|PLACE):\d+⟧"
# Forms of address said before a name, in English and as Malaysian, Arab and Indian honours are written in English.
_HONORIFIC = (r"(?:(?:Prof|Professor|Dr|Mr|Mrs|Ms|Mme|Amb|Ambassador|H\.\s?E|His Excellency|Her Excellency|Academician|Shri|Smt|"
              r"Sir|Dame|Hon|Honourable|Rev|Engr|Eng|Sheikh|Sheikha|Dato['’]?\s+Seri|Dato['’]?|Datuk\s+Seri|Datuk|Datin|"
              r"Tan\s+Sri|Puan\s+Sri|Tun|Tuan|Vaidya)\.?\s+)*")
# "Ambassador to the Republic of ⟦COUNTRY⟧": the country an envoy is sent to is part of the title.
_ENVOY_TO = r"(?:\s+to\s+(?:the\s+)?(?:Republic\s+of\s+)?⟦(?:COUNTRY|ORG):\d+⟧)?"
# "⟦ORG⟧ (UM, 澳門大學) rector": a short form or another script's name in brackets after the body.
_BRACKETED = r"(?:\s*\([^()]{1,40}\))?"
# "of Portugal biotechnology company ⟦ORG⟧", "of the US drugmaker ⟦ORG⟧": what kind of body it is, said before its name.
_DESCRIBED = r"(?:(?:⟦COUNTRY:\d+⟧(?:['’]s)?|(?!(?:and|or|of|at|in|for|with|to|by)\b)[a-z][\w-]*)\s+){0,4}?"
_CHUNK = (
    rf"(?:(?P<o1>⟦(?:ORG|COUNTRY|PLACE):\d+⟧){_BRACKETED}(?:['’]s)?\s+)?(?P<t>{_TITLE}{_ENVOY_TO})(?![\w-])"
    rf"(?:\s+(?:of|at|for|with|in\s+charge\s+of|in(?=\s+(?:the\s+)?(?:⟦COUNTRY:\d+⟧['’]s\s+)?⟦ORG))\s+(?:the\s+)?"
    rf"(?:{_DESCRIBED}(?P<o2>{_HOLDER})|(?:⟦COUNTRY:\d+⟧['’]s\s+)?(?P<o3>{_HOLDER}|⟦COUNTRY:\d+⟧)))?"
)
_CHUNK_RE = re.compile(_CHUNK)
_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)"
_CHUNKS = "(?:" + re.sub(r"[?]P<\w+>", "?:", _CHUNK) + ")"
_CHUNK_LIST = rf"{_CHUNKS}(?:{_JOIN}{_CHUNKS})*"

# "⟦A⟧, Director of ⟦X⟧" or "⟦A⟧ (Director of ⟦X⟧)" — but not "⟦A⟧, Deputy Director ⟦B⟧", where the title is B's. The apposition
# may say when ("at the time", "then") or be a relative clause ("who is also …").
# "Sui Zhenjiang (隋振江), Deputy Mayor of …": the name in another script (or an age) in brackets after it.
_ALIAS = r"(?:\s*[(（](?:⟦PERSON:\d+⟧|[^()（）⟦⟧,]{1,40})[)）])?"
_WHEN = r"(?:(?:who\s+is\s+(?:also\s+)?|at\s+the\s+time\s+|(?:the\s+)?then\s+|now\s+|currently\s+|formerly\s+)(?:the\s+)?)?"
AFTER_PERSON = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧){_ALIAS}\s*[,(]\s*{_WHEN}(?:the\s+|an?\s+|the\s+country['’]s\s+)?(?P<chunks>{_CHUNK_LIST})"
    rf"(?!\s*(?:(?:of|at)\s+)?{_HONORIFIC}⟦PERSON)"
)
BEFORE_PERSON = re.compile(
    rf"(?:\b(?:the|The)\s+(?:then\s+)?)?(?P<chunks>{_CHUNK_LIST})(?P<sep>\s*,?\s*){_HONORIFIC}(?P<p>⟦PERSON:\d+⟧)"
)
_LEAD_PERSON = re.compile(r"⟦PERSON:\d+⟧\s*,\s*(?:the\s+)?$")
ELECTED = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧)(?:[^.;⟦]|⟦(?:ORG|COUNTRY|PLACE):\d+⟧){{0,120}}?\b(?:was|were|is|has been|have been)\s+"
    rf"(?:elected|appointed|named)\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?(?P<chunks>{_CHUNK_LIST})"
)
# "Presidents ⟦A⟧ of ⟦X⟧, ⟦B⟧ of ⟦Y⟧ and ⟦C⟧ of ⟦Z⟧", "the presidents of both academies, ⟦A⟧ for ⟦X⟧ and
# ⟦B⟧ for ⟦Y⟧": one title shared by a list of holders, each named with the body it holds it in.
_HOLDER_OF = r"⟦PERSON:\d+⟧\s+(?:of|for)\s+(?:the\s+)?⟦(?:COUNTRY|ORG|PLACE):\d+⟧"
_OF_THE_SIDES = r"(?:\s+of\s+(?:both|the\s+two|the\s+three|all\s+three)\s+[a-z]+\s*,)?"
TITLE_PERSON_OF = re.compile(
    rf"(?<![\w⟧])(?P<t>(?i:{_MOD}{_CORE}))s?{_OF_THE_SIDES}\s+(?P<list>{_HONORIFIC}{_HOLDER_OF}"
    rf"(?:{_JOIN}{_HONORIFIC}{_HOLDER_OF})*)"
)
# "with prime ministers ⟦A⟧ and ⟦B⟧ looking on": a plural title before a list of people gives each the title.
# Only titles held for a country: "members ⟦A⟧ and ⟦B⟧" are members of a body the sentence may not name.
_HEAD_OF_STATE = r"(?:vice[\s-])?(?:president|prime minister|premier|(?:foreign\s+)?minister|chancellor)"
TITLE_LIST = re.compile(
    rf"(?<![\w⟧])(?P<t>(?i:{_HEAD_OF_STATE}))s\s+(?P<list>{_HONORIFIC}⟦PERSON:\d+⟧(?:{_JOIN}{_HONORIFIC}⟦PERSON:\d+⟧)+)"
    rf"(?!\s+(?:of|for)\s+(?:the\s+)?⟦)"
)
HOLDER_OF = re.compile(r"(?P<p>⟦PERSON:\d+⟧)\s+(?:of|for)\s+(?:the\s+)?(?P<o>⟦(?:COUNTRY|ORG|PLACE):\d+⟧)")
# "⟦A⟧, Director, ⟦X⟧", "⟦A⟧, Vice-Chancellor and President, ⟦X⟧": titles in a list of credentials, the
# organisation after them, set off by a comma and not the start of a possessive ("⟦X⟧'s …"), or written
# right after the titles when a comma closes the apposition ("⟦A⟧, Coordinator General ⟦X⟧, met …").
TITLE_COMMA_ORG = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧)\s*,\s*(?P<chunks>{_CHUNK_LIST})(?:\s*,\s*(?:the\s+)?(?P<o>⟦ORG:\d+⟧)(?!\s*['’]s\b)"
    rf"|(?<!['’]s)\s+(?P<o2>⟦ORG:\d+⟧)(?=\s*[,;)]))"
)
# "the ⟦Ministry⟧ (Minister ⟦A⟧, hereinafter …)": the head of a body named in brackets after it.
ORG_BRACKET_TITLE = re.compile(rf"(?P<o>⟦ORG:\d+⟧)\s*[(（]\s*(?P<t>{_TITLE})\s+{_HONORIFIC}(?P<p>⟦PERSON:\d+⟧)")
# "⟦A⟧, who chairs ⟦X⟧", "⟦X⟧, chaired by ⟦A⟧": a verb that says the title.
VERB_TITLES = {"chair": "chair", "head": "head", "lead": "leader", "direct": "director", "govern": "governor"}
_VERB = r"(?P<v>chair|head|lead|direct|govern)"
WHO_HEADS = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧)\s*,?\s*who\s+(?:also\s+|now\s+|currently\s+)?{_VERB}s\s+(?:the\s+)?"
    rf"(?:(?P<inner>[A-Z][\w-]*(?:\s+(?:of|for|and|on|[A-Z][\w-]*)){{1,8}})\s+(?:at|of)\s+(?:the\s+)?)?(?P<o>⟦ORG:\d+⟧)"
    rf"(?:['’]s\s+(?P<unit>(?:[a-z]+\s+){{0,2}}(?:board|committee|council)(?:\s+of\s+[a-z]+)?))?"
)
HEADED_BY = re.compile(
    rf"(?P<o>⟦ORG:\d+⟧)(?:\s*\((?:⟦ORG:\d+⟧|[^()⟦]{{1,20}})\))?\s*,\s*(?:which\s+is\s+|which\s+was\s+)?"
    rf"{_VERB}(?:ed|ded)?\s+by\s+{_HONORIFIC}(?P<p>⟦PERSON:\d+⟧)"
)
# "its director general ⟦A⟧", "⟦A⟧, the firm's chief executive": the holder is the organisation the
# sentence is about, named earlier in it.
_ANAPHOR = (
    r"(?:\b(?:[Ii]ts|the\s+(?:firm|company|group|institute|university|centre|center|organi[sz]ation|agency|academy|council|"
    r"foundation|alliance|association|ministry|hospital|laboratory|lab|school|consortium|network)['’]s)\s+)"
)
ANAPHOR_BEFORE = re.compile(rf"{_ANAPHOR}(?P<t>{_TITLE})\s*,?\s*{_HONORIFIC}(?P<p>⟦PERSON:\d+⟧)")
ANAPHOR_AFTER = re.compile(rf"(?P<p>⟦PERSON:\d+⟧)\s*,\s*{_ANAPHOR}(?P<t>{_TITLE})(?!\s*{_HONORIFIC}⟦PERSON)")
# "⟦A⟧, president of the university": a title held in "the <kind of body>" the text named before.
THE_ORG_NOUN = re.compile(
    r"(?i)^(?P<t>.+?)\s+(?:of|at)\s+the\s+(?P<noun>university|institute|academy|centre|center|company|ministry|agency|"
    r"foundation|hospital|alliance|association|council|commission|organi[sz]ation|consortium|society|school|college|"
    r"laboratory|federation|corporation|bank)$"
)
# Academic forms of address ("Professor Chen …") are honorifics, not roles, when no body is named.
_ADDRESS_ONLY = re.compile(r"(?i)^(?:prof(?:essor)?|dr|academician|mr|ms|mrs)\.?$")


AFTER_PERSON_RULE = define(
    "en.role.apposition-after",
    "'⟦PERSON⟧, Title of ⟦ORG⟧' or '⟦PERSON⟧ (Title of ⟦ORG⟧)': an apposition after the person.",
    [("Prof. Yanhe Ma, Director General of the Tianjin Institute of Industrial Biotechnology, spoke.",
      role("Yanhe Ma", "Director General", "Tianjin Institute of Industrial Biotechnology")),
     ("Macrogen Chairman Seo Jeong-sun (Director of Genomic Medicine Institute at Seoul National University) was "
      "appointed.", role("Seo Jeong-sun", "Director", "Genomic Medicine Institute")),
     ("Li Bin, Minister in charge of China's National Health and Family Planning Commission, led the delegation.",
      role("Li Bin", "Minister", "National Health and Family Planning Commission")),
     # the name in another script in brackets after it; what kind of body it is, said before its name
     ("Sui Zhenjiang (隋振江), Deputy Mayor of Beijing, said that the founding of GHDDI breaks new ground.",
      role("Sui Zhenjiang", "Deputy Mayor", "Beijing")),
     ("The supplement was introduced by Miguel Garcia, chief executive officer of Portugal biotechnology company "
      "TechnoPhage.", role("Miguel Garcia", "chief executive officer", "TechnoPhage"))],
    patterns=[AFTER_PERSON.pattern],
)
BEFORE_PERSON_RULE = define(
    "en.role.title-before",
    "'⟦ORG⟧ Title ⟦PERSON⟧' or 'The Title of ⟦ORG⟧, ⟦PERSON⟧': a title before the person.",
    [("COMSATS Executive Director Mohammad Nafees Zakaria opened the forum.",
      role("Mohammad Nafees Zakaria", "Executive Director", "COMSATS")),
     ("The forum was opened by Chinese Vice-Premier Liu Yandong.", role("Liu Yandong", "Vice-Premier")),
     # a title held in a country: the country is no organisation
     ("Among the guests was the Prime Minister of Barbados, Mia Amor Mottley.", role("Mia Amor Mottley", "Prime Minister")),
     # the first title of the list is the apposition of the person before it
     # the country an envoy is sent to stays in the title; honours of address stand between title and name
     ("To mark the accession, UAE Ambassador to the Republic of Korea Abdulla Saif Al Nuaimi hoisted the flag.",
      role("Abdulla Saif Al Nuaimi", "Ambassador to the Republic of Korea")),
     # a short form in brackets between the body and the title
     ("University of Macau (UM, 澳門大學) rector Song Yonghua and party signed the agreements.",
      role("Song Yonghua", "rector", "University of Macau")),
     ("ASEAN Secretary-General Dato Lim Jock Hoi and health ministers attended.",
      role("Lim Jock Hoi", "Secretary-General", "ASEAN")),
     ("Macky Sall, Chairperson of the African Union, and WHO Director-General Tedros Adhanom Ghebreyesus attended.",
      [role("Tedros Adhanom Ghebreyesus", "Director-General", "WHO"),
       role("Tedros Adhanom Ghebreyesus", "Chairperson", absent=True)])],
    patterns=[BEFORE_PERSON.pattern],
)
ELECTED_RULE = define(
    "en.role.elected",
    "'⟦PERSON⟧ … was elected/appointed (as) Title of ⟦ORG⟧'.",
    [("Jim Greenwood was elected chair of the International Council of Biotechnology Associations.",
      role("Jim Greenwood", "chair", "International Council of Biotechnology Associations"))],
    patterns=[ELECTED.pattern],
)
TITLE_PERSON_OF_RULE = define(
    "en.role.title-person-of",
    "'President ⟦PERSON⟧ of ⟦COUNTRY⟧', 'Presidents ⟦A⟧ of ⟦X⟧ and ⟦B⟧ of ⟦Y⟧': a title before the person, the holder after.",
    [("The talks were opened by President Emmanuel Macron of France and President Cyril Ramaphosa of South Africa.",
      [role("Emmanuel Macron", "President"), role("Cyril Ramaphosa", "President")]),
     ("The memorandum was signed by the presidents of both academies, Hou Jianguo for the Chinese Academy of "
      "Sciences and Helena Nader for the Brazilian Academy of Sciences.",
      [role("Hou Jianguo", "president", "Chinese Academy of Sciences"),
       role("Helena Nader", "president", "Brazilian Academy of Sciences")])],
    patterns=[TITLE_PERSON_OF.pattern],
)
TITLE_LIST_RULE = define(
    "en.role.plural-title-list",
    "'prime ministers ⟦PERSON⟧ and ⟦PERSON⟧': a head of state's or government's title in the plural before a list "
    "of people, held by each, with no organisation.",
    [("The memorandum was signed in May, with prime ministers Viktor Orban and Li Keqiang looking on.",
      [role("Viktor Orban", "prime minister"), role("Li Keqiang", "prime minister")]),
     ("The academy's members Luciano Maiani and Paolo Costantino spoke.", role("Luciano Maiani", "member", absent=True))],
    patterns=[TITLE_LIST.pattern],
)
TITLE_COMMA_ORG_RULE = define(
    "en.role.title-comma-org",
    "'⟦PERSON⟧, Title, ⟦ORG⟧': a list of credentials whose organisation follows the titles after a comma.",
    [("Prof. Tanuja Nesari, Director, All India Institute of Ayurveda, and Prof. Barney Glover, Vice-Chancellor and "
      "President, Western Sydney University signed the agreement.",
      [role("Tanuja Nesari", "Director", "All India Institute of Ayurveda"),
       role("Barney Glover", "Vice-Chancellor", "Western Sydney University"),
       role("Barney Glover", "President", "Western Sydney University")]),
     ("Jane Doe, Director, Oxford University's new lab, spoke.", role("Jane Doe", "Director", "Oxford University", absent=True)),
     ("Prof. Dr. M. Iqbal Choudhary, Coordinator General COMSTECH, has met with the officials of the Islamic "
      "Development Bank.", role("M. Iqbal Choudhary", "Coordinator General", "COMSTECH"))],
    patterns=[TITLE_COMMA_ORG.pattern],
)
ORG_BRACKET_TITLE_RULE = define(
    "en.role.org-bracket-title",
    "'⟦ORG⟧ (Minister ⟦PERSON⟧, …)': the body, then its head's title and name in brackets.",
    [("The Ministry of Health (Minister Bae Kyung-hoon, hereinafter 'MOH') announced the signing.",
      role("Bae Kyung-hoon", "Minister", "Ministry of Health"))],
    patterns=[ORG_BRACKET_TITLE.pattern],
)
VERB_TITLE_RULE = define(
    "en.role.verb-title",
    "'⟦PERSON⟧, who chairs ⟦ORG⟧', '⟦ORG⟧, headed by ⟦PERSON⟧': a verb that names the title.",
    [("Jeremy Farrar, who heads the Wellcome Trust, welcomed the agreement.",
      role("Jeremy Farrar", "head", "Wellcome Trust")),
     ("Zhang Xia, who heads the Division of Polar Strategic Studies at the Polar Research Institute of China, spoke.",
      role("Zhang Xia", "head of the Division of Polar Strategic Studies", "Polar Research Institute of China"))],
    patterns=[WHO_HEADS.pattern, HEADED_BY.pattern],
)
THE_ORG_NOUN_RULE = define(
    "en.role.the-org-noun",
    "'⟦PERSON⟧, president of the university': 'the university' is the last organisation of that kind named before.",
    [("The academy was set up at Shanghai University of Traditional Chinese Medicine. Ji Guang, president of the "
      "university, spoke.", role("Ji Guang", "president", "Shanghai University of Traditional Chinese Medicine"))],
    patterns=[THE_ORG_NOUN.pattern],
)
ANAPHOR_RULE = define(
    "en.role.its-title",
    "'⟦ORG⟧ … its director general ⟦PERSON⟧', '⟦PERSON⟧, the firm's chief executive': 'its' or 'the firm's' "
    "refers to the last organisation named before it in the sentence (or, when the sentence names none, the last "
    "one of that kind named before: 'the ministry's').",
    [("The World Health Organization opened the hub in Geneva; its director-general Tedros Adhanom Ghebreyesus "
      "called it a milestone.", role("Tedros Adhanom Ghebreyesus", "director-general", "World Health Organization")),
     ("Brazil joined through the Ministry of Science, Technology and Innovation. Carlos Nobre, the ministry's national "
      "secretary for research policies, said it mattered.",
      role("Carlos Nobre", "national secretary for research policies", "Ministry of Science, Technology and Innovation")),
     # "Its" opening the sentence: the organisation named last before it
     ("India joined the European Molecular Biology Organization. Its Director, Prof. Maria Leptin, said that India "
      "was a partner.", role("Maria Leptin", "Director", "European Molecular Biology Organization"))],
    patterns=[ANAPHOR_BEFORE.pattern, ANAPHOR_AFTER.pattern],
)
