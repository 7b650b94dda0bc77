"""English event rules over spaCy tokens and the dependency parse.

Triggers are patterns with ids (a `DependencyMatcher` for verb–object pairs such as
"signed … memorandum", a `Matcher` for nouns and fixed phrases). Arguments follow the
parse: the subject of the trigger and its conjuncts, the agent of a passive ("by X"),
"between X and Y", "with X", the object of "launched", "in/at" for the place. Status follows
the parse too: a modal ("will sign"), a verb of intention above the trigger ("agreed to
establish"), "is to be founded", a negation. Each function says which rule ids it applies.
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache

from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from coopgraph.extract.events import Draft, entity_type, is_institution, is_international_body, orgs_of_people, set_place
from coopgraph.extract.rules import define, event
from coopgraph.extract.tokens import matches_by_sentence, sentence_spans
from coopgraph.model import Article, Span
from coopgraph.text import fold
from coopgraph.nlp.english import english_pipeline

SIGN_VERBS = ["sign", "ink", "conclude", "seal", "initial", "reach", "strike", "renew", "exchange", "enter", "finalize",
              "finalise", "countersign", "co-sign", "cosign", "ratify", "pen"]
AGREEMENT_WORDS = ["agreement", "agreements", "memorandum", "memoranda", "mou", "mous", "moa", "moas", "moc", "loi", "accord",
                   "accords", "contract", "contracts", "protocol", "protocols", "deal", "deals", "pact", "treaty", "charter",
                   "declaration", "letter", "letters", "statement", "document", "documents", "arrangement", "arrangements"]
_NEEDS_INTENT = {"letter", "letters", "statement"}
ESTABLISH_VERBS = ["establish", "launch", "inaugurate", "unveil", "found", "create", "open", "form", "set", "co-found",
                   "cofound", "co-establish", "build", "start", "initiate", "institute", "constitute", "commission", "kick"]
ESTABLISH_NOUNS = ["establishment", "launch", "inauguration", "unveiling", "opening", "founding", "creation", "foundation",
                   "groundbreaking", "ground-breaking", "formation", "commissioning", "setting"]
JOIN_VERBS = ["join", "rejoin", "accede"]
MEMBER_NOUNS = ["member", "members", "membership", "accession"]
MET_VERBS = ["meet", "convene", "gather"]
VISIT_VERBS = ["visit"]
RECEIVE_VERBS = ["receive", "welcome"]
MEETING_NOUNS = ["forum", "conference", "symposium", "summit", "workshop", "meeting", "convention", "expo", "seminar",
                 "dialogue", "congress", "roundtable", "session", "assembly", "colloquium", "exhibition", "fair",
                 # plurals: "ABC and CAS have organised two bilateral workshops"
                 "forums", "fora", "conferences", "symposia", "symposiums", "summits", "workshops", "meetings", "conventions",
                 "expos", "seminars", "dialogues", "congresses", "roundtables", "sessions", "assemblies", "colloquia",
                 "exhibitions", "fairs"]
HOLD_VERBS = ["hold", "open", "organize", "organise", "host", "co-host", "cohost", "convene", "co-organize", "co-organise",
              "sponsor", "co-sponsor", "conclude", "close", "take", "kick", "launch", "start", "gather", "attend", "stage"]
ORGANISE_VERBS = ["organize", "organise", "host", "co-host", "co-organize", "co-organise", "convene", "sponsor", "co-sponsor"]
ROLE_OF_VERB = {"host": "host", "co-host": "co-organizer", "cohost": "co-organizer", "co-organize": "co-organizer",
                "co-organise": "co-organizer", "co-sponsor": "co-organizer"}
PLAN_VERBS = {"plan", "agree", "aim", "intend", "expect", "decide", "seek", "hope", "propose", "prepare", "set", "consider",
              "pledge", "vow", "want", "wish", "commit", "discuss", "explore", "negotiate", "look", "promise", "resolve",
              "undertake", "endeavour", "endeavor", "strive", "work", "move", "announce", "schedule", "due", "bid", "try"}
PLAN_NOUNS = {"plan", "plans", "proposal", "proposals", "intention", "prospect", "bid", "talks", "negotiations", "roadmap"}
PLANNED_ADJ = {"planned", "proposed", "future", "prospective", "upcoming", "forthcoming", "envisaged", "potential", "possible"}
MODALS = {"will", "shall", "would", "'ll", "wo", "could", "may", "might", "should"}

# --- trigger rules ----------------------------------------------------------------------
SIGNED = define(
    "en.agreement.signed-object",
    "A verb of signing whose object (or passive subject) is an agreement noun: 'signed a memorandum', 'an MoU was inked'.",
    [("The Kenya Medical Research Institute and the Chinese Academy of Sciences signed a memorandum of understanding.",
      event("AGREEMENT", party=["Kenya Medical Research Institute", "Chinese Academy of Sciences"])),
     ("A cooperation agreement was signed by Embrapa and CIRAD in Montpellier.",
      event("AGREEMENT", party=["Embrapa", "CIRAD"], place="Montpellier")),
     ("Officials said the agreement signed by the two countries was a milestone.", event("AGREEMENT", absent=True))],
    patterns=[
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": SIGN_VERBS}}},
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "noun",
          "RIGHT_ATTRS": {"LOWER": {"IN": AGREEMENT_WORDS}, "DEP": {"IN": ["dobj", "nsubjpass", "attr", "oprd", "conj"]}}}],
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": SIGN_VERBS}}},
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "count", "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "nsubjpass"]}}},
         {"LEFT_ID": "count", "REL_OP": ">", "RIGHT_ID": "of", "RIGHT_ATTRS": {"LOWER": "of"}},
         {"LEFT_ID": "of", "REL_OP": ">", "RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": AGREEMENT_WORDS}}}],
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["enter"]}}},
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "into", "RIGHT_ATTRS": {"LOWER": "into"}},
         {"LEFT_ID": "into", "REL_OP": ">", "RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": AGREEMENT_WORDS}}}],
    ],
)
SIGNED_NEARBY = define(
    "en.agreement.signed-nearby",
    "A verb of signing followed within a few words by an agreement noun, where the parse links them otherwise.",
    [("Embrapa and CIRAD on Tuesday signed in Brasília, Brazil's capital, a letter of intent.",
      event("AGREEMENT", party=["Embrapa", "CIRAD"])),
     # a headline's present tense, which the parser takes for a noun: "CAAS and IRRI sign rice genomics MoU"
     ("CAAS and IRRI sign rice genomics MoU in Beijing", event("AGREEMENT", party=["CAAS", "IRRI"]))],
    patterns=[[{"LEMMA": {"IN": SIGN_VERBS}, "POS": {"IN": ["VERB", "AUX"]}}, {"IS_SENT_START": False, "OP": "{0,8}"},
               {"LOWER": {"IN": AGREEMENT_WORDS}}],
              [{"LOWER": {"IN": ["sign", "signs", "ink", "inks", "seal", "seals", "renew", "renews"]}, "POS": {"NOT_IN": ["VERB", "AUX"]},
                "IS_SENT_START": False},
               {"IS_SENT_START": False, "OP": "{0,4}"}, {"LOWER": {"IN": AGREEMENT_WORDS}}]],
)
BETWEEN = define(
    "en.agreement.between",
    "An agreement noun with 'between X and Y', with or without a verb of signing.",
    [("Under the memorandum of understanding between Nigeria's NABDA and RAHAD, the two will train scientists.",
      event("AGREEMENT", party=["NABDA", "RAHAD"]))],
    patterns=[[{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": AGREEMENT_WORDS + ["understanding", "partnership", "cooperation"]}}},
               {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "prep", "RIGHT_ATTRS": {"LOWER": "between"}}]],
)
CEREMONY_CLAUSE = define(
    "en.party.ceremony-clause",
    "A signing ceremony told as the setting of a clause: that clause's subject and object are the parties.",
    [("At a signing ceremony in Buenos Aires yesterday, Argentina joins the European Molecular Biology Laboratory.",
      event("AGREEMENT", party=["Argentina", "European Molecular Biology Laboratory"]))],
)
SIGNING_CEREMONY = define(
    "en.agreement.signing-ceremony",
    "'A signing ceremony' tells an agreement even when the document is named elsewhere.",
    [("WHO and the Swiss Confederation held a signing ceremony in Geneva.",
      event("AGREEMENT", party=["WHO", "Swiss Confederation"]))],
    patterns=[[{"LOWER": "signing"}, {"LOWER": {"IN": ["ceremony", "ceremonies"]}}]],
)
ESTABLISHED = define(
    "en.establishment.verb-object",
    "A verb of founding whose object (or passive subject) is an institution: 'launched the X Centre', 'X was set up'; "
    "the verb's subject founded it.",
    [("The two academies launched the China-Africa Joint Research Centre in Nairobi.",
      event("ESTABLISHMENT", creates="China-Africa Joint Research Centre", place="Nairobi")),
     ("The Chinese Academy of Sciences and Egerton University launched the China-Africa Joint Research Centre in "
      "Nairobi, the World Bank said.", [event("ESTABLISHMENT", creates="China-Africa Joint Research Centre",
                                              founder=["Chinese Academy of Sciences", "Egerton University"]),
                                        event("ESTABLISHMENT", founder=["World Bank"], absent=True)]),
     ("The International Council of Biotechnology Associations was founded in San Diego.",
      event("ESTABLISHMENT", creates="International Council of Biotechnology Associations"))],
    patterns=[
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ESTABLISH_VERBS}, "POS": {"IN": ["VERB", "AUX"]}}},
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj",
          "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "nsubjpass", "attr", "oprd"]}, "ENT_TYPE": "ORG"}}],
        # "X is to be established", "X is expected to be launched": the subject of the verb above
        [{"RIGHT_ID": "be", "RIGHT_ATTRS": {"LEMMA": {"IN": ["be", "expect", "set", "plan", "schedule", "due"]}}},
         {"LEFT_ID": "be", "REL_OP": ">", "RIGHT_ID": "verb",
          "RIGHT_ATTRS": {"LEMMA": {"IN": ESTABLISH_VERBS}, "DEP": {"IN": ["xcomp", "ccomp", "acomp"]}}},
         {"LEFT_ID": "be", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"DEP": {"IN": ["nsubj", "nsubjpass"]}, "ENT_TYPE": "ORG"}}],
    ],
)
FOUNDED_PARTICIPLE = define(
    "en.establishment.participle",
    "A participle of founding that describes an institution, after its name or after a noun in apposition to it: "
    "'GBIF, created in 2001, …', 'ANSO, the body initiated by CAS and launched in Beijing in 2018'. The institution "
    "is international by what it is, or two bodies founded it: one body's own founding is no cooperation.",
    [("GBIF, created in 2001, now counts 58 countries as participants.", event("ESTABLISHMENT", creates="GBIF")),
     ("Brazil joined ANSO, the multilateral body initiated by the Chinese Academy of Sciences and launched in Beijing.",
      event("ESTABLISHMENT", creates="ANSO")),
     ("The Global Virome Network, founded by the University of Nairobi and the Pasteur Institute in 2019, met in Dakar.",
      event("ESTABLISHMENT", creates="Global Virome Network", founder=["University of Nairobi", "Pasteur Institute"])),
     ("The delegation visited Tsinghua University, founded in 1911.", event("ESTABLISHMENT", absent=True)),
     ("Officials discussed the report, launched in Geneva last week.", event("ESTABLISHMENT", absent=True))],
    patterns=[
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ESTABLISH_VERBS}, "TAG": "VBN", "DEP": "acl"}},
         {"LEFT_ID": "verb", "REL_OP": "<", "RIGHT_ID": "noun", "RIGHT_ATTRS": {"POS": {"IN": ["NOUN", "PROPN"]}}}],
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ESTABLISH_VERBS}, "TAG": {"IN": ["VBN", "VBD"]}, "DEP": "conj"}},
         {"LEFT_ID": "verb", "REL_OP": "<", "RIGHT_ID": "first", "RIGHT_ATTRS": {"TAG": "VBN", "DEP": "acl"}},
         {"LEFT_ID": "first", "REL_OP": "<", "RIGHT_ID": "noun", "RIGHT_ATTRS": {"POS": {"IN": ["NOUN", "PROPN"]}}}],
    ],
)
ESTABLISH_NOUN = define(
    "en.establishment.noun-of",
    "A noun of founding with 'of' and an institution: 'the inauguration of the X Centre', 'the launch of the Y Hub'.",
    [("Ministers attended the inauguration of the African Medicines Agency headquarters in Kigali.",
      event("ESTABLISHMENT", creates="African Medicines Agency"))],
    patterns=[[{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": ESTABLISH_NOUNS}}},
               {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "of", "RIGHT_ATTRS": {"LOWER": {"IN": ["of", "for"]}}},
               {"LEFT_ID": "of", "REL_OP": ">>", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"ENT_TYPE": "ORG"}}]],
)
_PRODUCT_NOUNS = ["production", "manufacturing", "plant", "factory", "site", "facility"]
PRODUCTION = define(
    "en.establishment.production-start",
    "A joint plant or production line starts: 'production began', 'the start of production', 'inaugurated X's "
    "plant'; its founders are the two or more bodies (or countries) the clause names. One body alone is no cooperation.",
    [("Russia and Nicaragua celebrated the start of influenza vaccine production at the Mechnikov Institute in Managua.",
      event("ESTABLISHMENT", founder=["Russia", "Nicaragua"])),
     ("Pfizer started production at its new plant in Ohio.", event("ESTABLISHMENT", absent=True))],
    patterns=[
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["start", "begin", "launch", "commence", "inaugurate", "open"]}}},
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "prod",
          "RIGHT_ATTRS": {"LOWER": {"IN": _PRODUCT_NOUNS}, "DEP": {"IN": ["dobj", "nsubj", "nsubjpass"]}}}],
        [{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": ["start", "launch", "beginning", "inauguration", "opening"]}}},
         {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "of", "RIGHT_ATTRS": {"LOWER": "of"}},
         {"LEFT_ID": "of", "REL_OP": ">", "RIGHT_ID": "prod", "RIGHT_ATTRS": {"LOWER": {"IN": _PRODUCT_NOUNS}}}],
    ],
)
JOINED = define(
    "en.membership.join",
    "A verb of joining with an organisation as object: 'Kenya joined the IVI', 'acceded to the convention body'.",
    [("Argentina officially joined the European Molecular Biology Laboratory as an associate member state.",
      event("MEMBERSHIP", member="Argentina", host="European Molecular Biology Laboratory"))],
    patterns=[[{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": JOIN_VERBS}, "POS": {"IN": ["VERB", "AUX"]}}},
               {"LEFT_ID": "verb", "REL_OP": ">>", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"ENT_TYPE": "ORG"}}]],
)
BECAME_MEMBER = define(
    "en.membership.became-member",
    "'became a member (state) of X', 'was admitted as an associate member', 'accession to X'.",
    [("Serbia became the 23rd member state of CERN on Monday.", event("MEMBERSHIP", member="Serbia", host="CERN")),
     ("Pakistan's accession to CERN as an associate member was completed.", event("MEMBERSHIP", member="Pakistan", host="CERN")),
     ("The Kenya Medical Research Institute was approved as a member of the International Vaccine Institute on Monday.",
      event("MEMBERSHIP", member="Kenya Medical Research Institute", host="International Vaccine Institute")),
     ("Bangladesh completed its accession to the International Vaccine Institute on Monday.",
      event("MEMBERSHIP", member="Bangladesh", host="International Vaccine Institute")),
     ("The PIC/S Committee approved the accession of the Jordan Food and Drug Administration in Hong Kong.",
      event("MEMBERSHIP", member="Jordan Food and Drug Administration")),
     ("Kenya applied for accession to the International Vaccine Institute in 2019.",
      event("MEMBERSHIP", status="happened", absent=True))],
    patterns=[[{"LEMMA": {"IN": ["become", "admit", "accept", "welcome", "grant", "make", "approve"]}},
               {"OP": "{0,5}", "IS_SENT_START": False},
               {"LOWER": {"IN": MEMBER_NOUNS[:3]}}],
              [{"LOWER": "accession"}, {"LOWER": {"IN": ["to", "of"]}}]],
)
MEETING = define(
    "en.meeting.held",
    "A meeting noun as subject or object of a verb of holding: 'the forum was held', 'X hosted the symposium'.",
    [("The 2023 International Forum on Innovative Development of Biomanufacturing was held in Tianjin.",
      event("MEETING", place="Tianjin")),
     ("TIB hosted the symposium on synthetic biology in Tianjin.", event("MEETING", host="TIB")),
     ("The Developing Countries Vaccine Manufacturers Network held its 26th annual general meeting in Bali.",
      event("MEETING", organizer="Developing Countries Vaccine Manufacturers Network")),
     ("The Second International Summit on Human Genome Editing, organised by the Royal Society, opened in Hong Kong.",
      event("MEETING", organizer="Royal Society")),
     ("The Global Summit on Immunisation was co-hosted by the European Union and Gavi in Brussels.",
      event("MEETING", **{"co-organizer": ["European Union", "Gavi"]})),
     ("Since 2018 the Brazilian Academy of Sciences and the Chinese Academy of Sciences have organised two workshops.",
      event("MEETING", organizer=["Brazilian Academy of Sciences", "Chinese Academy of Sciences"]))],
    patterns=[[{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": HOLD_VERBS}}},
               {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "noun",
                "RIGHT_ATTRS": {"LOWER": {"IN": MEETING_NOUNS}, "DEP": {"IN": ["dobj", "nsubjpass", "nsubj", "attr", "conj"]}}}],
              [{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": MEETING_NOUNS}}},
               {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "verb",
                "RIGHT_ATTRS": {"LEMMA": {"IN": HOLD_VERBS}, "DEP": {"IN": ["acl", "relcl"]}}}],
              # "the Summit on Human Genome Editing, organised by …": the parse hangs the participle on
              # the last noun of the name
              [{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": MEETING_NOUNS}}},
               {"LEFT_ID": "noun", "REL_OP": ">>", "RIGHT_ID": "verb",
                "RIGHT_ATTRS": {"LEMMA": {"IN": ORGANISE_VERBS}, "DEP": "acl"}}]],
)
AT_NAMED_MEETING = define(
    "en.meeting.at-named",
    "A meeting named with capitals after 'at', 'during' or 'on the sidelines of': 'experts convened at the China-CEEC "
    "Standardization Exchange Event'.",
    [("Experts from 11 countries convened at the China-CEEC Standardization Exchange Event in Hangzhou.",
      event("MEETING", place="Hangzhou"))],
    patterns=[[{"LOWER": {"IN": ["at", "during", "of"]}}, {"LOWER": "the", "OP": "?"},
               {"TEXT": {"REGEX": r"^(?:[A-Z0-9][\w'’.&]*|[-–&]|of|on|for|and)$"}, "OP": "+"},
               {"LOWER": {"IN": ["forum", "conference", "symposium", "summit", "workshop", "meeting", "convention", "expo",
                                 "seminar", "dialogue", "congress", "event", "assembly", "council", "colloquium"]}}]],
)
MET = define(
    "en.meeting.met",
    "An organisation's body that 'met' or 'convened': 'the ICGEB Board of Governors met in Cape Town'.",
    [("The Board of Governors of the ICGEB met in Cape Town on 7 November.", event("MEETING", organizer="ICGEB"))],
    patterns=[[{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": MET_VERBS}, "POS": "VERB"}},
               {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "subj", "RIGHT_ATTRS": {"DEP": "nsubj"}}]],
)
VISITED = define(
    "en.meeting.visit",
    "A delegation that 'visited' an organisation: an exchange visit, a MEETING hosted by the organisation visited.",
    [("A delegation of the Chinese Academy of Sciences visited the Russian Academy of Sciences in Moscow on 12 March.",
      event("MEETING", host="Russian Academy of Sciences")),
     ("The minister visited Nairobi last week.", event("MEETING", absent=True))],
    patterns=[[{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": VISIT_VERBS}, "POS": "VERB"}},
               {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"DEP": "dobj"}}]],
)

SIGNING_NOUN = define(
    "en.agreement.signing-of",
    "The nominalisation 'the signing of ⟦agreement⟧': its parties from 'between', 'with' and 'by' on either noun, else "
    "the subject of the verb it hangs from ('X did the signing of an MoU with Y'); those who attend or witness the "
    "signing are no parties.",
    [("The signing of a memorandum of understanding between the Kenya Medical Research Institute and the World Health "
      "Organization took place in Nairobi.",
      event("AGREEMENT", party=["Kenya Medical Research Institute", "World Health Organization"], place="Nairobi")),
     ("The Serum Institute of India did the signing of a memorandum of understanding with the Walvax "
      "Biotechnology Company in Bali.",
      event("AGREEMENT", party=["Serum Institute of India", "Walvax Biotechnology Company"])),
     ("The health minister witnessed the signing of a memorandum between the Serum Institute of India and the Walvax "
      "Biotechnology Company.",
      event("AGREEMENT", party=["Serum Institute of India", "Walvax Biotechnology Company"]))],
    patterns=[[{"RIGHT_ID": "signing", "RIGHT_ATTRS": {"LOWER": "signing", "POS": "NOUN"}},
               {"LEFT_ID": "signing", "REL_OP": ">", "RIGHT_ID": "of", "RIGHT_ATTRS": {"LOWER": "of"}},
               {"LEFT_ID": "of", "REL_OP": ">", "RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": AGREEMENT_WORDS}}}]],
)
UNDER_AGREEMENT = define(
    "en.agreement.under",
    "'Under the MoU, X will work with Y', 'By a statement of intent signed this month, X and Y agree': an agreement "
    "named as the frame of a clause was made by that clause's subject and those it works 'with'. A named treaty "
    "('under the Paris Agreement') is a frame for many, not an act of the text.",
    [("Under the memorandum, the Queensland Department of Health will work with the Torch High Technology Industry "
      "Development Center on a health precinct.",
      event("AGREEMENT", party=["Queensland Department of Health", "Torch High Technology Industry Development Center"])),
     ("By a statement of intent signed this month, Hungary and the European Molecular Biology Laboratory agree to look "
      "at long-term cooperation.",
      event("AGREEMENT", party=["Hungary", "European Molecular Biology Laboratory"])),
     ("Under the Paris Agreement, France and India will cut emissions.", event("AGREEMENT", absent=True))],
    patterns=[[{"RIGHT_ID": "prep", "RIGHT_ATTRS": {"LOWER": {"IN": ["under", "by", "through", "via"]}, "DEP": "prep"}},
               {"LEFT_ID": "prep", "REL_OP": ">", "RIGHT_ID": "noun",
                "RIGHT_ATTRS": {"LOWER": {"IN": AGREEMENT_WORDS}, "DEP": "pobj", "POS": "NOUN"}}]],
)
SIGNED_BY_PRONOUN = define(
    "en.agreement.signed-pronoun",
    "An agreement told across two sentences: 'The agreement … . It was signed by X and Y.' A pronoun signed by "
    "someone, after a sentence that names an agreement, is that agreement.",
    [("The framework agreement covers joint doctoral training.\n\nIt was signed by the University of Macau and the "
      "University of Lisbon on Monday.",
      event("AGREEMENT", party=["University of Macau", "University of Lisbon"])),
     ("The vaccine reached Kigali in March. It was signed for by the Rwanda Biomedical Centre.",
      event("AGREEMENT", absent=True))],
    patterns=[[{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": SIGN_VERBS}, "TAG": "VBN"}},
               {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "pron",
                "RIGHT_ATTRS": {"LOWER": {"IN": ["it", "this", "they", "these", "both"]}, "DEP": "nsubjpass"}},
               {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "agent", "RIGHT_ATTRS": {"DEP": "agent"}}]],
)
PAIR_NAME = define(
    "en.party.pair-name",
    "A participant whose name joins two bodies the article names on their own ('the CAS-Leopoldina conference', "
    "'ABC and Chinese Academy of Sciences' read as one name) is those two bodies.",
    [("The Chinese Academy of Sciences (CAS) and the German National Academy of Sciences Leopoldina signed a declaration "
      "in Beijing.\n\nThe Max Planck Society sponsored early-career researchers to attend the first joint "
      "CAS-Leopoldina conference, held in Beijing on Monday.",
      event("MEETING", organizer=["Chinese Academy of Sciences", "German National Academy of Sciences Leopoldina"]))],
)
PARENT_OF_ORGAN = define(
    "en.organizer.parent-of-organ",
    "A meeting that an organisation's organ holds ('the ICGEB Board of Governors', 'the Council of CERN') is organised "
    "by that organisation too.",
    [("The International Centre for Genetic Engineering and Biotechnology (ICGEB) admitted Djibouti.\n\nThe 29th session "
      "of the ICGEB Board of Governors was held in Trieste on 12 November.",
      event("MEETING", organizer=["International Centre for Genetic Engineering and Biotechnology"]))],
)
RECEIVED = define(
    "en.meeting.received",
    "'X received/welcomed Y' where Y is a person, a delegation or a body from elsewhere: an exchange visit, a MEETING "
    "that X's organisation hosts and Y's attends.",
    [("Deputy Director-General Chen Linhao of the Ministry of Science and Technology received a delegation of the "
      "International Centre for Genetic Engineering and Biotechnology in Beijing.",
      event("MEETING", host="Ministry of Science and Technology")),
     ("The Kenya Medical Research Institute received funding from the Wellcome Trust.", event("MEETING", absent=True))],
    patterns=[[{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": RECEIVE_VERBS}, "POS": "VERB"}},
               {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"DEP": "dobj"}}]],
)
PER_COUNTERPART = define(
    "en.agreement.per-counterpart",
    "Agreements in the plural signed by one side 'with' several others ('signed cooperation agreements with A, B and "
    "C', 'three MoUs with …') are one agreement per counterpart; a single agreement with several stays one.",
    [("The University of Macau signed cooperation agreements with the University of Lisbon and the Lisbon Polytechnic "
      "Institute on Monday.",
      [event("AGREEMENT", party=["University of Macau", "University of Lisbon"]),
       event("AGREEMENT", party=["University of Macau", "Lisbon Polytechnic Institute"])])],
)
MEETING_SETTING = define(
    "en.meeting.setting",
    "A meeting told as the setting of another act ('at', 'during', 'on the sidelines of') that the text identifies by "
    "an ordinal, the body that meets ('the 62nd session of COPUOS') or the sides that meet ('a working session "
    "between X and Y'): a meeting that happened, organised by those bodies.",
    [("The announcement was made on the sidelines of the 62nd session of the Committee on the Peaceful Uses of Outer "
      "Space in Vienna.", event("MEETING", organizer="Committee on the Peaceful Uses of Outer Space")),
     ("The network was launched at a bilateral working session between the Green Economics Institute and the "
      "Intergovernmental Committee for Cooperation.",
      event("MEETING", organizer=["Green Economics Institute", "Intergovernmental Committee for Cooperation"])),
     ("The minister spoke at a meeting in Nairobi.", event("MEETING", absent=True))],
    patterns=[[{"RIGHT_ID": "prep", "RIGHT_ATTRS": {"LOWER": {"IN": ["at", "during", "of"]}}},
               {"LEFT_ID": "prep", "REL_OP": ">", "RIGHT_ID": "noun",
                "RIGHT_ATTRS": {"LOWER": {"IN": MEETING_NOUNS}, "DEP": "pobj"}}]],
)

# --- argument and status rules (logic below; ids and examples here) -------------------------------
SUBJECT = define("en.party.subject", "The subject of the trigger and its conjuncts take part (party, founder, member, organiser).",
                 [("India and Cuba signed a biotechnology agreement.", event("AGREEMENT", party=["India", "Cuba"]))])
LEFT_LIST = define("en.party.left-list", "Entities listed right before the verb take part, where the parse does not link them; "
                   "not those of a relative clause between ('X, which belongs to Y, signed').",
                   [("KEMRI and WHO signed a memorandum of understanding on vaccines.",
                     event("AGREEMENT", party=["KEMRI", "WHO"])),
                    ("The Polar Research Institute of China, which belongs to China's Ministry of Natural Resources, renewed "
                     "its memorandum of understanding with Chulalongkorn University.",
                     event("AGREEMENT", party=["Ministry of Natural Resources"], absent=True))])
AGENT = define("en.party.agent", "The agent of a passive trigger ('signed by X and Y', 'founded by X') takes part.",
               [("The Coalition for Epidemic Preparedness Innovations was founded by Norway and India.",
                 event("ESTABLISHMENT", founder=["Norway", "India"]))])
BETWEEN_ARG = define("en.party.between", "'between X and Y' gives the parties of an agreement.",
                     [("An agreement was signed between WHO and the Swiss Confederation.",
                       event("AGREEMENT", party=["WHO", "Swiss Confederation"]))])
WITH_ARG = define("en.party.with", "'with X' after a verb of signing or an agreement noun (or the topic it is on) gives "
                  "another party.",
                  [("BGI signed a memorandum with the Saudi Ministry of Health.",
                    event("AGREEMENT", party=["BGI", "Saudi Ministry of Health"])),
                   ("On 19 August the Polar Research Institute of China renewed its memorandum of understanding on polar "
                    "research cooperation with Chulalongkorn University, Burapha University and Mahidol University in an "
                    "online ceremony.",
                    event("AGREEMENT", party=["Polar Research Institute of China", "Chulalongkorn University",
                                              "Burapha University", "Mahidol University"]))])
PERSON_ORG = define("en.party.person-org", "A person who signs stands for the organisation where the text gives them a title.",
                    [("Prof. Yanhe Ma, Director General of TIB, signed the agreement with COMSATS.",
                      event("AGREEMENT", party=["TIB", "COMSATS"]))])
ON_BEHALF = define("en.party.on-behalf", "People who sign 'on behalf of' bodies, or who are named 'of' a body ('rector Song "
                   "of the University of Macau'), stand for those bodies.",
                   [("The memorandum was signed by Dr Amina Yusuf on behalf of the Nigerian Institute of Medical Research "
                     "and by Prof. Li Wei of the Wuhan Institute of Virology.",
                     event("AGREEMENT", party=["Nigerian Institute of Medical Research", "Wuhan Institute of Virology"]))])
NAME_PAIR = define("en.party.name-pair",
                   "'the India-Cuba memorandum', 'the ABC-CAS workshop': countries or organisations joined by a hyphen before "
                   "the agreement or meeting noun take part.",
                   [("The India-Cuba memorandum was signed in Havana.", event("AGREEMENT", party=["India", "Cuba"])),
                    ("The Royal Society and the Chinese Academy of Sciences (CAS) are old partners. "
                     "The Royal Society-CAS workshop on space sciences was held in Beijing in April 2019.",
                     event("MEETING", organizer=["Royal Society", "Chinese Academy of Sciences"]))])
HOST_BY_REFERENCE = define(
    "en.host.reference",
    "'joined the centre', 'became a member of the organisation': the organisation of that kind named last before the sentence.",
    [("The International Vaccine Institute opened its Africa office in Kigali.\n\nKenya became a member of the institute "
      "in 2023.", event("MEMBERSHIP", member="Kenya", host="International Vaccine Institute"))],
)
ORGANIZED_BY = define(
    "en.organizer.by",
    "'organised/hosted/co-organised/sponsored by X' gives the organisers of the meeting (in any sentence of the article).",
    [("The symposium, organized by the Max Planck Society and co-hosted by the Chinese Academy of Sciences, opened in Shanghai.",
      event("MEETING", organizer="Max Planck Society")),
     # a list after "by" that the parse lost keeps every name
     ("The Second International Summit on Human Genome Editing, organised by the Royal Society, the US National Academy "
      "of Sciences and the Academy of Sciences of Hong Kong, was dominated by He Jiankui.",
      event("MEETING", organizer=["Royal Society", "US National Academy of Sciences", "Academy of Sciences of Hong Kong"]))],
)
COLLABORATION = define("en.organizer.in-collaboration", "'X, in collaboration with Y, organised …': both organise.",
                       [("TIB, in collaboration with COMSATS, organized a forum on biomanufacturing.",
                         event("MEETING", organizer=["TIB", "COMSATS"]))])
FOUNDING_MEMBERS = define("en.founder.members-list", "'founding members include X, Y and Z' gives the founders.",
                          [("The Alliance of International Science Organizations was launched in Beijing. Its founding members "
                            "include the Chinese Academy of Sciences and the Pakistan Academy of Sciences.",
                            event("ESTABLISHMENT", founder=["Chinese Academy of Sciences", "Pakistan Academy of Sciences"]))])
CREATES = define("en.creates.purpose", "'signed an agreement to establish X' / 'on the establishment of X': the agreement creates X.",
                 [("The Chinese Academy of Sciences and Egerton University signed an agreement to establish the Sino-Kenya "
                   "Joint Laboratory for Crop Molecular Biology.",
                   event("AGREEMENT", creates="Sino-Kenya Joint Laboratory for Crop Molecular Biology"))])
CREATES_NAMED = define("en.creates.named-agreement", "'the X Centre agreement': an agreement named after a new institution creates it.",
                       [("Embrapa and CIRAD signed the International Consortium of Advanced Biology letter of intent.",
                         event("AGREEMENT", creates="International Consortium of Advanced Biology"))])
PLACE = define("en.place.in-at", "The place of the act: 'in X' or 'at X' attached to the trigger; a venue before its city.",
               [("The memorandum was signed in Nairobi on Monday by KEMRI and the WHO.", event("AGREEMENT", place="Nairobi"))])
MODAL = define("en.status.modal", "A modal before the trigger makes the act planned: 'will sign', 'would establish'; "
               "also before the verb that a noun of the act hangs from: 'will witness the signing of two agreements'.",
               [("Kenya and China will sign a memorandum on vaccines next month.",
                 event("AGREEMENT", status="planned", party=["Kenya", "China"])),
                ("The two leaders will then witness the signing of two agreements between Rwanda and the European Union.",
                 event("AGREEMENT", status="planned", party=["Rwanda", "European Union"]))])
INTENTION = define("en.status.intention",
                   "A trigger under a verb of intention is planned: 'agreed to establish', 'plans to launch', 'is expected to sign'.",
                   [("The two sides agreed to establish the China-Kenya Joint Laboratory next year.",
                     event("ESTABLISHMENT", status="planned", creates="China-Kenya Joint Laboratory")),
                    # a past act reported by a verb of saying is no plan
                    ("Finland and Uruguay on Monday signed a memorandum of understanding on cooperation in the bioeconomy, "
                     "the Finnish Ministry of Agriculture and Forestry announced.",
                     event("AGREEMENT", status="planned", absent=True))])
TO_BE = define("en.status.to-be", "'is to be founded', 'are to sign': planned.",
               [("The African Vaccine Manufacturing Accelerator Centre is to be established in Dakar by the Institut Pasteur.",
                 event("ESTABLISHMENT", status="planned"))])
PLANNED_NOUN = define("en.status.planned-noun", "'plans for', 'a proposed agreement', 'the future centre': planned.",
                      [("Officials discussed plans for the establishment of the ASEAN Centre for Public Health Emergencies.",
                        event("ESTABLISHMENT", status="planned"))])
NEGATED = define("en.status.negated", "A negated trigger ('did not sign', 'has not joined') is no event.",
                 [("Kenya has not joined the International Vaccine Institute.", event("MEMBERSHIP", absent=True))])

AT_THE_MEETING = re.compile(
    r"(?i)\b(?:at|during|on the sidelines of|after|before|on the margins? of)\s+the\s+"
    r"(?:event|forum|meeting|conference|summit|symposium|ceremony|opening ceremony|expo|convention)\b|\bon[- ]site\b"
)
MEETING_NAME = re.compile(
    r"(?:(?:the|The)\s+)?(?:\d{4}\s+|\d+(?:st|nd|rd|th)\s+)?(?:[A-Z][\w'’\-·&().]*\s+(?:(?:of|on|for|and|in|the|to)\s+)*){0,12}?"
    r"(?:Forum|Conference|Symposium|Summit|Workshop|Meeting|Convention|Expo|Exchange Event|Seminar|Dialogue|Congress|Colloquium)"
    r"(?:\s+(?:on|of|for)\s+(?:the\s+)?[A-Z][\w\-’']*(?:\s+(?:[A-Z][\w\-’']*|and|of|on|for|in|the|&|\d{4}))*)?"
)
AGREEMENT_NAME = re.compile(
    r"\b((?:[A-Z][\w\-]*\s+){0,6}(?:Agreement|Memorandum of Understanding|Letter of Intent|MoU|MOU|Accord|Protocol)"
    r"(?:\s+(?:on|of|for)\s+(?:[A-Z][\w\-]*|and|on|the)(?:\s+(?:[A-Z][\w\-]*|and|on|of|the))*)?)"
)
_MONTH_TAIL = re.compile(
    r"\s+(?:on|in|of)\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b.*$"
)


@lru_cache(maxsize=1)
def _matchers() -> tuple[DependencyMatcher, Matcher]:
    vocab = english_pipeline().vocab
    dep, seq = DependencyMatcher(vocab), Matcher(vocab)
    for rule in (SIGNED, BETWEEN, ESTABLISHED, FOUNDED_PARTICIPLE, ESTABLISH_NOUN, JOINED, MEETING, MET, VISITED, PRODUCTION,
                 SIGNING_NOUN, UNDER_AGREEMENT, SIGNED_BY_PRONOUN, MEETING_SETTING, RECEIVED):
        dep.add(rule.id, list(rule.patterns))
    for rule in (SIGNED_NEARBY, SIGNING_CEREMONY, BECAME_MEMBER, AT_NAMED_MEETING):
        seq.add(rule.id, list(rule.patterns), greedy="LONGEST")
    return dep, seq


def find_events(article: Article) -> list[Draft]:
    dep, seq = _matchers()
    drafts: list[Draft] = []
    for index, sent, base, (dep_matches, seq_matches) in matches_by_sentence(article, lambda doc: (dep(doc), seq(doc))):
        doc = sent.doc
        found: list[tuple[str, list[Token]]] = []
        for match_id, tokens in dep_matches:
            toks = [doc[i] for i in tokens]
            if sent.start <= toks[0].i < sent.end:
                found.append((doc.vocab.strings[match_id], toks))
        for match_id, start, end in seq_matches:
            if sent.start <= start < sent.end:
                found.append((doc.vocab.strings[match_id], list(doc[start:end])))
        drafts.extend(_build(article, index, sent, base, found))
    drafts = _without_retold_frames(drafts)
    _split_pair_names(article, drafts)
    _parents_of_organs(article, drafts)
    _organisers_elsewhere(article, drafts)
    _founders_elsewhere(article, drafts)
    return drafts


def _split_pair_names(article: Article, drafts: list[Draft]) -> None:
    """A participant named 'CAS-Leopoldina' or 'ABC and Chinese Academy of Sciences', where each
    side is a body the article names on its own, is those bodies (en.party.pair-name)."""
    by_name = {fold(n): e.id for e in article.entities if e.type in ("ORG", "COUNTRY") for n in e.names()}
    for d in drafts:
        if d.type not in ("AGREEMENT", "MEETING"):
            continue   # a member, a founder is one body, whatever its name holds
        for eid in list(d.participants):
            ent = article.entity(eid)
            if ent is None or ent.type != "ORG":
                continue
            parts = [p.strip() for p in re.split(r"\s*[-–]\s*|\s+(?:and|&)\s+", ent.name) if p.strip()]
            sides = [by_name.get(fold(p)) or _ending_with(article, p) for p in parts]
            if len(sides) < 2 or None in sides or eid in sides or len(set(sides)) < len(sides):
                continue
            role = d.participants.pop(eid)
            d.participant_by.pop(eid, None)
            for side in sides:
                d.attach(side, role, PAIR_NAME.id)


_ORGAN = re.compile(r"^(?:(?P<before>.+?)\s+(?:(?:Interim|Executive|Governing|Standing|Steering|General)\s+)?"
                    r"(?:Board|Council|Committee|Assembly|Commission)(?:\s+of\s+Governors)?|"
                    r"(?:(?:Interim|Executive|Governing|Standing|Steering|General)\s+)?(?:Board|Council|Committee|Assembly|"
                    r"Commission)(?:\s+of\s+Governors)?\s+of\s+(?:the\s+)?(?P<after>.+))$")


def _parents_of_organs(article: Article, drafts: list[Draft]) -> None:
    """A meeting of an organisation's organ ('the ICGEB Board of Governors', 'the Council of CERN')
    is that organisation's meeting too: it organises it beside its organ (en.organizer.parent-of-organ)."""
    by_name = {fold(n): e.id for e in article.entities if e.type == "ORG" for n in e.names()}
    for d in drafts:
        if d.type != "MEETING":
            continue
        for eid, role in list(d.participants.items()):
            ent = article.entity(eid)
            m = _ORGAN.match(ent.name) if ent is not None and role in ("organizer", "co-organizer", "host") else None
            parent = by_name.get(fold(m.group("before") or m.group("after"))) if m else None
            if parent and parent != eid:
                d.attach(parent, role, PARENT_OF_ORGAN.id)


def _ending_with(article: Article, part: str) -> str | None:
    """The one body whose name ends in these words ('Leopoldina' of 'German National Academy of
    Sciences Leopoldina'), if exactly one does."""
    found = {e.id for e in article.entities if e.type == "ORG" for n in e.names() if n.lower().endswith(" " + part.lower())}
    return found.pop() if len(found) == 1 else None


def _without_retold_frames(drafts: list[Draft]) -> list[Draft]:
    """'Under the MoU, …' points back to an agreement: when the text told one before (or in the
    same sentence), the clause names those who carry it out, not its parties (en.agreement.under)."""
    told = [d.sentence for d in drafts if d.type == "AGREEMENT" and UNDER_AGREEMENT.id not in d.by]
    return [d for d in drafts if UNDER_AGREEMENT.id not in d.by or not any(s <= d.sentence for s in told)]


def _span(base: int, tokens) -> Span:
    return Span(base + tokens[0].idx, base + tokens[-1].idx + len(tokens[-1].text))


def _build(article: Article, index: int, sent: TokenSpan, base: int, found) -> list[Draft]:
    """One draft per trigger found; a trigger token used by one rule is not re-used by a weaker one."""
    out: list[Draft] = []
    used: dict[int, Draft] = {}
    sentence_span = article.sentences[index].span
    order = {SIGNED.id: 0, BETWEEN.id: 1, SIGNED_NEARBY.id: 2, SIGNING_CEREMONY.id: 3, ESTABLISHED.id: 0,
             FOUNDED_PARTICIPLE.id: 1, ESTABLISH_NOUN.id: 1, JOINED.id: 0, BECAME_MEMBER.id: 1, MEETING.id: 0, MET.id: 1, AT_NAMED_MEETING.id: 2,
             VISITED.id: 3, SIGNING_NOUN.id: 2, SIGNED_BY_PRONOUN.id: 2, UNDER_AGREEMENT.id: 4, MEETING_SETTING.id: 3, RECEIVED.id: 3}
    for rule_id, toks in sorted(found, key=lambda f: (order.get(f[0], 5), f[1][0].i)):
        head = toks[0]
        kind = _TYPE_OF[rule_id]
        if head.i in used and used[head.i].type == kind:
            used[head.i].by.add(rule_id)
            continue
        if rule_id == UNDER_AGREEMENT.id and any(d.type == "AGREEMENT" for d in out):
            continue   # "signed an MoU …; under it, …": the frame is the agreement just told
        built = _RULE_BUILDERS[rule_id](article, sent, toks)
        for draft in built if isinstance(built, list) else [built] if built is not None else []:
            draft.sentence = index
            draft.trigger = _span(base, toks[:1]) if len(toks) < 3 else _span(base, [toks[0], toks[-1]])
            draft.window = Span(sentence_span.start, sentence_span.end)
            draft.by.add(rule_id)
            same = next((d for d in out if d.type == draft.type and not _told_apart_here(d, draft) and (
                (draft.creates and d.creates == draft.creates) or d.type in ("AGREEMENT", "MEETING", "MEMBERSHIP"))), None)
            if same is not None:  # two rules, one act in one sentence
                same.absorb(draft, rule_id)
                if draft.status == "planned" and same.status == "happened" and rule_id != SIGNED_NEARBY.id:
                    same.status = "planned"
                used[head.i] = same
                continue
            used[head.i] = draft
            out.append(draft)
    return out


def _told_apart_here(a: Draft, b: Draft) -> bool:
    """Agreements split per counterpart (en.agreement.per-counterpart) stay apart unless one's
    partners hold the other's."""
    if PER_COUNTERPART.id not in a.by | b.by:
        return False
    pa, pb = set(a.participants), set(b.participants)
    return not (pa <= pb or pb <= pa)


# --- the parse, read ----------------------------------------------------------------------


def _entities_of(article: Article, token: Token, types=("ORG", "COUNTRY", "PERSON")) -> list[str]:
    """The entities a noun phrase names: itself and its conjuncts ('X, Y and Z'); a phrase
    with no entity of its own ('the two sides') names none. Appositions and relative clauses
    are skipped; 'X's Y' gives Y."""
    out: list[str] = []
    for t in [token, *token.conjuncts]:
        eid = t._.eid
        if eid is None:
            inner = [c for c in t.children if c.dep_ in ("compound", "nmod", "amod", "poss") and c._.eid]
            eid = inner[-1]._.eid if inner else None
        if eid is None:
            pobj = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g._.eid]
            eid = pobj[0]._.eid if pobj and t.lower_ in ("government", "governments", "ministry", "delegation") else None
        if eid and entity_type(article, eid) in types and eid not in out:
            out.append(eid)
    return out




def _subject(token: Token) -> Token | None:
    """The subject of a verb, inherited from the verb it is coordinated with or serves
    ('X and Y met and signed', 'X decided to launch')."""
    t = token
    for _ in range(4):
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None:
            return subj
        if t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i:
            t = t.head
        else:
            return None
    return None


def _agent(token: Token) -> list[Token]:
    objs = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return objs + [t for g in objs for t in _listed_after(g)]


def _listed_after(token: Token) -> list[Token]:
    """'by X, Y and Z' where the parse lost the list: the names that follow X joined by commas
    and 'and' (each one token of its name)."""
    doc, out, eid = token.doc, [], token._.eid
    if eid is None:
        return out
    i = token.i + 1
    while i < len(doc):
        t = doc[i]
        if t._.eid == eid or t.text in (",", "and", "&") or t.lower_ == "the":
            i += 1
            continue
        if t._.eid is None:
            break
        eid = t._.eid
        out.append(t)
        i += 1
    return out


def _prep_objects(token: Token, words: tuple[str, ...]) -> list[Token]:
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in words for g in c.children if g.dep_ == "pobj"]


def _status(article: Article, token: Token, draft: Draft) -> None:
    """Planned or negated, from the words above the trigger in the parse."""
    t = token
    if t.dep_ in ("dobj", "nsubjpass", "pobj", "attr", "conj", "compound") and t.pos_ in ("NOUN", "PROPN"):
        if any(c.lower_ in PLANNED_ADJ for c in t.children) or (t.head.lower_ in PLAN_NOUNS and t.head.i != t.i):
            draft.status = "planned"
            draft.by.add(PLANNED_NOUN.id)
            return
        prep_head = t.head.head if t.dep_ == "pobj" else None
        if prep_head is not None and (prep_head.lower_ in PLAN_NOUNS or prep_head.lemma_ in ("apply", "application", "bid")):
            draft.status = "planned"
            draft.by.add(PLANNED_NOUN.id)
            return
        t = t.head
        for _ in range(3):   # "will witness the signing of two agreements": up the nouns to the verb they hang from
            if t.head.i == t.i or not (t.lower_ == "of" or (t.pos_ == "NOUN" and t.dep_ in ("dobj", "pobj", "nsubjpass"))):
                break
            t = t.head
    for _ in range(3):
        children = list(t.children)
        if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in children):
            draft.status = "negated"
            draft.by.add(NEGATED.id)
            return
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in children) or any(
            c.dep_ == "aux" and c.lower_ == "going" for c in children
        ):
            draft.status = "planned"
            draft.by.add(MODAL.id)
            return
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
            head = t.head
            if head.lemma_ in PLAN_VERBS or head.lower_ in PLAN_NOUNS or head.lemma_ == "be" or (
                (head.lemma_ in SIGN_VERBS or head.lower_ in AGREEMENT_WORDS) and t.dep_ in ("advcl", "xcomp", "acl", "relcl")
            ) or head.pos_ == "ADJ":
                draft.status = "planned"
                draft.by.add(TO_BE.id if head.lemma_ == "be" else INTENTION.id)
                return
        reported = t.dep_ == "ccomp" and (t.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in children))
        if t.dep_ in ("xcomp", "ccomp") and t.head.lemma_ in PLAN_VERBS and not reported:
            # "X and Y signed an MoU, the ministry announced": reported speech of a past act, no plan
            draft.status = "planned"
            draft.by.add(INTENTION.id)
            return
        if t.dep_ in ("conj",) and t.head.i != t.i:
            t = t.head
            continue
        break


def _place(article: Article, sent: TokenSpan, token: Token) -> str | None:
    """'in/at X' on the trigger or the verb above it; else the first 'in/at X' of the sentence;
    a venue (an organisation or a named building) before the city it is in."""
    candidates: list[str] = []
    for t in (token, token.head, token.head.head):
        for obj in _prep_objects(t, ("in", "at")):
            for eid in [obj._.eid, *[c._.eid for c in obj.subtree]]:
                if eid and entity_type(article, eid) in ("PLACE", "ORG", "COUNTRY") and eid not in candidates:
                    candidates.append(eid)
    if not candidates:
        for t in sent:
            if t.lower_ in ("in", "at") and t.dep_ == "prep":
                obj = next((g for g in t.children if g.dep_ == "pobj"), None)
                if obj is not None and obj._.eid and entity_type(article, obj._.eid) == "PLACE":
                    candidates.append(obj._.eid)
                    break
    places = [c for c in candidates if entity_type(article, c) == "PLACE"]
    venues = [c for c in places if re.search(r"(Center|Centre|Hall|Hotel|Expo|Park|Stadium)$", article.entity(c).name)]
    pick = (venues or places or [c for c in candidates if entity_type(article, c) == "ORG"] or candidates or [None])[0]
    return pick




def _name(pattern: re.Pattern, article: Article, sent: TokenSpan, base: int, min_len: int) -> str | None:
    text = sent.text
    names = [_MONTH_TAIL.sub("", re.sub(r"^(?:the|The)\s+", "", m.group().strip())) for m in pattern.finditer(text)]
    names = [n for n in names if len(n) > min_len]
    if not names:
        return None
    name = max(names, key=len)
    m = re.search(r"\s+(?:in|at)\s+(?:the\s+)?([A-Z][\w\-’' ]+)$", name)
    if m and any(m.group(1).lower() == n.lower() for e in article.entities for n in e.names()):
        name = name[: m.start()]  # "… Forum in HZAU": the venue is not part of the name
    return re.sub(r"(?:\s+(?:and|on|of|the|for))+$", "", name)


# --- builders, one per trigger rule -------------------------------------------------------------
_SKIP_BEFORE_VERB = {"have", "has", "had", "jointly", "also", "officially", "formally", "today", "recently", "successfully",
                     "together", "finally", "on", "yesterday", "will", "would", "to", "be", "been", "was", "were", "is", "are"}


def _left_list(article: Article, verb: Token) -> list[str]:
    """Entities listed right before the verb ('A, B and the C (D) have jointly signed'),
    read from the words when the parse does not link them."""
    ids: list[str] = []
    i = verb.i - 1
    while i >= verb.sent.start and (verb.doc[i].lower_ in _SKIP_BEFORE_VERB or verb.doc[i].ent_type_ == "DATE"
                                    or verb.doc[i].pos_ == "ADV"):
        i -= 1
    depth = 0
    while i >= verb.sent.start:
        t = verb.doc[i]
        if t.text == ")":
            depth += 1
        elif t.text == "(":
            depth -= 1
        elif depth > 0:
            pass
        elif (clause := _relative_clause(t)) is not None and clause.i < verb.i:
            i = clause.left_edge.i - 1   # "X, which belongs to Y's ministry, renewed": Y is not listed, X is
            continue
        elif t._.eid:
            if t._.eid not in ids and entity_type(article, t._.eid) in ("ORG", "COUNTRY", "PERSON"):
                ids.insert(0, t._.eid)
        elif t.lower_ not in (",", "and", "&", "the", "both"):
            break
        i -= 1
    return ids


def _relative_clause(token: Token) -> Token | None:
    """The verb of the relative clause the token stands in, if any."""
    return next((a for a in token.ancestors if a.dep_ == "relcl"), None)


def _attach(article: Article, draft: Draft, ids: list[str], role: str, rule: str) -> None:
    """Attach entities; a person stands for the organisation of their title (en.party.person-org)."""
    for eid in ids:
        if entity_type(article, eid) == "PERSON":
            for org in orgs_of_people(article, [eid]):
                draft.attach(org, role, PERSON_ORG.id)
        else:
            draft.attach(eid, role, rule)


def _participants(article: Article, draft: Draft, verb: Token, role: str, sent: TokenSpan, agreement: bool) -> None:
    subj = _subject(verb)
    if subj is not None:
        _attach(article, draft, _entities_of(article, subj), role, SUBJECT.id)
    _attach(article, draft, _left_list(article, verb), role, LEFT_LIST.id)
    for obj in _agent(verb):
        _attach(article, draft, _entities_of(article, obj), role, AGENT.id)
    for eid in _represented(article, verb):
        draft.attach(eid, role, ON_BEHALF.id)
    if agreement:
        for t in (verb, *[c for c in verb.children if c.lower_ in AGREEMENT_WORDS]):
            for obj in _prep_objects(t, ("between",)):
                for eid in orgs_of_people(article, _entities_of(article, obj)):
                    draft.attach(eid, "party", BETWEEN_ARG.id)
            for obj in _prep_objects(t, ("with",)):
                for eid in orgs_of_people(article, _entities_of(article, obj, ("ORG", "COUNTRY", "PERSON"))):
                    draft.attach(eid, "party", WITH_ARG.id)
    for eid in list(draft.participants):
        if entity_type(article, eid) == "PERSON":
            draft.participants.pop(eid)
            draft.participant_by.pop(eid, None)


def _agreement(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    verb = toks[0] if toks[0].lemma_ in SIGN_VERBS else None
    noun = next((t for t in toks if t.lower_ in AGREEMENT_WORDS), toks[0])
    if noun.lower_ == "understanding" and noun.head.head.lower_ in AGREEMENT_WORDS:
        noun = noun.head.head  # "memorandum of understanding between …"
    between_holder = toks[0] if toks[-1].lower_ == "between" else noun
    if noun.lower_ in _NEEDS_INTENT and not re.match(r"(?i)\s*of\s+(intent|intention)", noun.doc.text[noun.idx + len(noun.text):]):
        return None
    if noun.lower_ in ("document", "documents") and verb is None:
        return None
    determiner = [c.lower_ for c in noun.children if c.dep_ == "det"]
    if any(d in ("this", "that", "these", "those") for d in determiner) and verb is not None and verb.dep_ in ("acl", "relcl"):
        return None  # "the agreement signed by …": a restatement
    if verb is not None and verb.dep_ in ("acl", "relcl", "amod") and noun.dep_ not in ("dobj", "nsubjpass") and \
            verb.head.i == noun.i:
        return None
    draft = Draft("AGREEMENT", 0, Span(0, 0))
    anchor = verb or noun
    _status(article, verb or noun, draft)
    if verb is not None:
        _participants(article, draft, verb, "party", sent, agreement=True)
    for holder in {noun, between_holder}:
        for obj in _prep_objects(holder, ("between",)):
            for eid in orgs_of_people(article, _entities_of(article, obj)):
                draft.attach(eid, "party", BETWEEN_ARG.id)
    for obj in _with_objects(noun):
        for eid in orgs_of_people(article, _entities_of(article, obj)):
            draft.attach(eid, "party", WITH_ARG.id)
    for eid in _name_pair(article, noun):
        draft.attach(eid, "party", NAME_PAIR.id)
    if verb is None and not draft.participants:
        subj = _subject(noun.head) if noun.dep_ in ("dobj", "nsubjpass", "pobj") else None
        if subj is not None:
            for eid in orgs_of_people(article, _entities_of(article, subj)):
                draft.attach(eid, "party", SUBJECT.id)
    _creates_of_agreement(article, draft, anchor, noun)
    set_place(draft, _place(article, sent, anchor), PLACE.id)
    draft.name = _name(AGREEMENT_NAME, article, sent, 0, 8)
    if draft.name and len(draft.name.split()) < 2:
        draft.name = None
    return _per_counterpart(draft) if _several_documents(noun) else draft


def _several_documents(noun: Token) -> bool:
    """'agreements', 'MoUs', 'two memoranda': the noun tells more than one document."""
    counted = any(c.dep_ == "nummod" and c.lower_ not in ("one", "1") for c in noun.children)
    return noun.tag_ in ("NNS", "NNPS") or noun.lower_ in ("mous", "moas", "memoranda") or counted


def _per_counterpart(draft: Draft) -> Draft | list[Draft]:
    """One side and two or more bodies it signed 'with': one agreement per counterpart
    (en.agreement.per-counterpart)."""
    withs = [eid for eid, rules in draft.participant_by.items() if rules == {WITH_ARG.id}]
    sides = [eid for eid in draft.participants if eid not in withs]
    if len(sides) != 1 or len(withs) < 2:
        return draft
    out = []
    for eid in withs:
        one = copy.deepcopy(draft)
        for other in withs:
            if other != eid:
                one.participants.pop(other, None)
                one.participant_by.pop(other, None)
        one.by.add(PER_COUNTERPART.id)
        out.append(one)
    return out


def _ceremony(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    draft = Draft("AGREEMENT", 0, Span(0, 0))
    head = toks[-1]
    verb = head.head if head.dep_ in ("dobj", "nsubj", "nsubjpass") else head
    _status(article, head, draft)
    if verb.i != head.i:
        _participants(article, draft, verb, "party", sent, agreement=True)
    if not draft.participants:   # "At a signing ceremony in Buenos Aires, Argentina joins the EMBL"
        clause = sent.root
        subj = _subject(clause)
        ids = _entities_of(article, subj) if subj is not None else []
        ids += [c._.eid for c in clause.children if c.dep_ in ("dobj", "attr") and c._.eid]
        _attach(article, draft, ids, "party", CEREMONY_CLAUSE.id)
    set_place(draft, _place(article, sent, verb), PLACE.id)
    return draft


def _represented(article: Article, verb: Token) -> list[str]:
    """The bodies the signatories stand for: 'on behalf of ⟦ORG⟧' on the verb or after a signatory,
    and '⟦PERSON⟧ of ⟦ORG⟧' among those who sign (its subject or its agent)."""
    holders = [verb, *[c for c in verb.children if c.dep_ in ("agent", "nsubj")]]
    ids: list[str] = []
    for holder in holders:
        for t in holder.subtree:
            if not t._.eid or entity_type(article, t._.eid) not in ("ORG", "COUNTRY") or t.head.lower_ != "of":
                continue
            owner = t.head.head
            if owner.lower_ == "behalf" or (owner._.eid and entity_type(article, owner._.eid) == "PERSON"):
                if t._.eid not in ids:
                    ids.append(t._.eid)
    return ids


_WATCHING_VERBS = {"attend", "witness", "observe", "watch", "preside", "oversee", "see", "join", "welcome", "celebrate"}


def _signing_noun(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    """'the signing of ⟦agreement⟧' (en.agreement.signing-of)."""
    signing, noun = toks[0], toks[-1]
    draft = _agreement(article, sent, [noun])
    if draft is None:
        return None
    for obj in _prep_objects(signing, ("between",)):
        for eid in orgs_of_people(article, _entities_of(article, obj)):
            draft.attach(eid, "party", BETWEEN_ARG.id)
    for obj in _prep_objects(signing, ("with",)):
        for eid in orgs_of_people(article, _entities_of(article, obj)):
            draft.attach(eid, "party", WITH_ARG.id)
    for obj in _prep_objects(signing, ("by",)):
        for eid in orgs_of_people(article, _entities_of(article, obj)):
            draft.attach(eid, "party", AGENT.id)
    verb = signing.head
    if signing.dep_ in ("dobj", "attr") and verb.pos_ in ("VERB", "AUX") and (subj := _subject(verb)) is not None:
        role = "attendee" if verb.lemma_ in _WATCHING_VERBS else "party"
        for eid in orgs_of_people(article, _entities_of(article, subj)):
            draft.attach(eid, role, SUBJECT.id)
    if draft.place is None:
        set_place(draft, _place(article, sent, signing), PLACE.id)
    return draft


def _under_agreement(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    """'Under the MoU, X will work with Y' (en.agreement.under): the clause's subject and its
    'with' are the parties; a named treaty, or an agreement in general ('under agreements'), is none."""
    prep, noun = toks
    clause = prep.head
    if clause.pos_ not in ("VERB", "AUX") or not any(c.dep_ in ("det", "poss") for c in noun.children):
        return None
    if any(c.dep_ in ("compound", "amod", "nmod") and c.pos_ == "PROPN" and
           entity_type(article, c._.eid) not in ("ORG", "COUNTRY") for c in noun.lefts):
        return None   # "under the Paris Agreement", "the Nagoya Protocol": a frame for many
    draft = Draft("AGREEMENT", 0, Span(0, 0))
    _status(article, noun, draft)
    subj = _subject(clause)
    if subj is not None:
        for eid in orgs_of_people(article, _entities_of(article, subj)):
            draft.attach(eid, "party", UNDER_AGREEMENT.id)
    for holder in [clause, *[c for c in clause.children if c.dep_ == "dobj"]]:   # "train technicians with Y"
        for obj in _prep_objects(holder, ("with",)):
            for eid in orgs_of_people(article, _entities_of(article, obj)):
                draft.attach(eid, "party", WITH_ARG.id)
    for obj in _prep_objects(noun, ("between",)):
        for eid in orgs_of_people(article, _entities_of(article, obj)):
            draft.attach(eid, "party", BETWEEN_ARG.id)
    for eid in _name_pair(article, noun):
        draft.attach(eid, "party", NAME_PAIR.id)
    return draft if len(draft.participants) >= 2 else None


_AGREEMENT_WORD = re.compile(rf"(?i)\b(?:{'|'.join(AGREEMENT_WORDS)})\b")


def _signed_by_pronoun(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    """'The agreement … . It was signed by X and Y.' (en.agreement.signed-pronoun): the sentence
    before names an agreement."""
    start = sent.start_char + next(b for b, d in article.docs if d is sent.doc)
    before = [x.span for x in article.sentences if x.span.end <= start][-1:]
    if not before or not _AGREEMENT_WORD.search(article.text[before[0].start:before[0].end]):
        return None
    return _agreement(article, sent, toks[:1])


_ORDINAL = re.compile(r"(?i)^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                      r"inaugural|annual)$")
_SETTING_OWNERS = {"sidelines", "sideline", "margins", "margin", "opening", "ceremony", "close", "closing", "end", "start"}


def _meeting_setting(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    """A meeting as the setting of an act (en.meeting.setting), told with what identifies it: an
    ordinal, the body that meets, the sides that meet."""
    prep, noun = toks
    if prep.lower_ == "of" and prep.head.lower_ not in _SETTING_OWNERS:
        return None
    bodies = [c._.eid for c in noun.subtree if c._.eid and entity_type(article, c._.eid) == "ORG"
              and c.i > noun.i and c.head.lower_ == "of" and c.head.head.i == noun.i]
    bodies += [c._.eid for c in noun.lefts if c._.eid and entity_type(article, c._.eid) == "ORG"]
    sides = [eid for obj in _prep_objects(noun, ("between",)) for eid in _entities_of(article, obj, ("ORG", "COUNTRY"))]
    sides += _name_pair(article, noun)
    ordinal = any(_ORDINAL.match(c.text) for c in noun.lefts)
    if not (bodies or sides or (ordinal and any(c.pos_ == "PROPN" for c in noun.subtree))):
        return None
    draft = Draft("MEETING", 0, Span(0, 0))
    _status(article, noun, draft)
    for eid in dict.fromkeys(bodies + sides):
        draft.attach(eid, "organizer", MEETING_SETTING.id)
    set_place(draft, _place(article, sent, noun), PLACE.id)
    draft.name = _own_name(noun)
    return draft


def _own_name(noun: Token) -> str | None:
    """The meeting's own words, when capitals name it ('the 29th session of the ICGEB Board'), so
    that it merges with the same meeting told elsewhere and with no other."""
    words = noun.doc[noun.left_edge.i:noun.right_edge.i + 1]
    while len(words) and words[0].pos_ in ("DET", "PRON"):
        words = words[1:]
    return words.text if any(t.pos_ == "PROPN" for t in words) and len(words.text) <= 120 else None


def _with_objects(noun: Token) -> list[Token]:
    """'with X' on the agreement noun, or on the topic it is about: 'a memorandum of understanding
    on polar research cooperation with five Thai institutions'."""
    out, heads = [], [noun]
    for _ in range(3):
        out += [obj for h in heads for obj in _prep_objects(h, ("with",))]
        heads = [obj for h in heads for obj in _prep_objects(h, ("of", "on", "in"))]
    return out


def _name_pair(article: Article, noun: Token) -> list[str]:
    """'the India-Cuba memorandum', 'the ABC-CAS workshop': the countries or organisations before the
    noun, joined by a hyphen (each side a whole name the article gives)."""
    before = noun.doc[noun.left_edge.i:noun.i].text
    names = {n: e.id for e in article.entities if e.type in ("ORG", "COUNTRY") for n in e.names() if len(n) >= 2}
    for m in re.finditer(r"([\w.&'’]+(?: [\w.&'’]+)*?)\s?[-–]\s?([\w.&'’]+(?: [\w.&'’]+)*)", before):
        left_words, right_words = m.group(1).split(), m.group(2).split()
        left = next((names[" ".join(left_words[i:])] for i in range(len(left_words)) if " ".join(left_words[i:]) in names), None)
        right = next((names[" ".join(right_words[:i])] for i in range(len(right_words), 0, -1)
                      if " ".join(right_words[:i]) in names), None)
        if left and right and left != right:
            return [left, right]
    return []


def _creates_of_agreement(article: Article, draft: Draft, anchor: Token, noun: Token) -> None:
    for t in [*anchor.children, *noun.children]:
        if t.dep_ in ("advcl", "xcomp", "acl", "relcl") and t.lemma_ in ESTABLISH_VERBS:
            obj = next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if obj is not None and is_institution(article, obj._.eid):
                draft.set_creates(obj._.eid, CREATES.id)
                return
        if t.dep_ == "prep" and t.lower_ in ("on", "for", "regarding", "concerning"):
            for g in t.subtree:
                if g.lower_ in ESTABLISH_NOUNS or g.lemma_ in ESTABLISH_VERBS:
                    target = next((x for x in g.subtree if x._.eid and is_institution(article, x._.eid)), None)
                    if target is not None:
                        draft.set_creates(target._.eid, CREATES.id)
                        return
    named = [t for t in noun.lefts if t._.eid and is_institution(article, t._.eid)]
    if named:
        ent = article.entity(named[-1]._.eid)
        from coopgraph.extract.gazetteer import gazetteer

        if gazetteer().org(ent.name) is None:
            draft.set_creates(ent.id, CREATES_NAMED.id)


def _establishment(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    trigger = next((t for t in toks if t.lemma_ in ESTABLISH_VERBS or t.lower_ in ESTABLISH_NOUNS), toks[0])
    target = toks[-1]
    if trigger.lemma_ == "set" and not any(c.lower_ == "up" for c in trigger.children):
        return None
    if trigger.lemma_ == "kick" and not any(c.lower_ == "off" for c in trigger.children):
        return None
    if trigger.lower_ == "setting" and not any(c.lower_ == "up" for c in trigger.children):
        return None
    if not is_institution(article, target._.eid):
        return None
    if trigger.lemma_ == "open" and target.dep_ == "nsubj":
        return None
    draft = Draft("ESTABLISHMENT", 0, Span(0, 0))
    draft.creates = target._.eid
    _status(article, trigger, draft)
    if trigger.pos_ in ("VERB", "AUX"):
        passive = target.dep_ == "nsubjpass" or target.head.i != trigger.i
        subj = None if passive else _subject(trigger)
        if subj is not None and (any(c.lower_ in ("jointly", "together") for c in trigger.children) or subj.conjuncts or
                                 entity_type(article, subj._.eid) in ("ORG", "COUNTRY")):
            for eid in orgs_of_people(article, _entities_of(article, subj, ("ORG", "COUNTRY", "PERSON"))):
                if eid != target._.eid:
                    draft.attach(eid, "founder", SUBJECT.id)
        for obj in _agent(trigger):
            for eid in orgs_of_people(article, _entities_of(article, obj)):
                draft.attach(eid, "founder", AGENT.id)
    place = _place(article, sent, trigger)
    set_place(draft, place if place != draft.creates else None, PLACE.id)
    return draft


def _founded_participle(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    """The institution a participle describes: the name it hangs on, or the name just before a
    noun in apposition ("ANSO, the body launched in 2018")."""
    noun = toks[-1]
    target = noun if noun._.eid else None
    if target is None:
        i = noun.left_edge.i
        doc = noun.doc
        if i >= 2 and doc[i - 1].text == "," and doc[i - 2]._.eid:
            target = doc[i - 2]
    draft = _establishment(article, sent, [toks[0], target]) if target is not None else None
    if draft is None or len(draft.participants) >= 2 or is_international_body(article, draft.creates):
        return draft
    return None   # "Tsinghua University, founded in 1911": one body's own founding is no cooperation


def _production(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    trigger, product = toks[0], toks[-1]
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head if trigger.head.pos_ == "VERB" else None
    subj = _subject(verb) if verb is not None else None   # "X and Y celebrated the start of production"
    phrases = [product, *([subj] if subj is not None else [])]
    founders: list[str] = []
    for phrase in phrases:
        for t in phrase.subtree:
            if t._.eid and entity_type(article, t._.eid) in ("ORG", "COUNTRY") and t._.eid not in founders:
                founders.append(t._.eid)
        for eid in orgs_of_people(article, _entities_of(article, phrase, ("PERSON",))):
            if eid not in founders:
                founders.append(eid)
    if len(founders) < 2:
        return None
    draft = Draft("ESTABLISHMENT", 0, Span(0, 0))
    _status(article, trigger, draft)
    for eid in founders:
        draft.attach(eid, "founder", PRODUCTION.id)
    set_place(draft, _place(article, sent, trigger), PLACE.id)
    return draft


def _membership(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    trigger = toks[0]
    if trigger.lower_ == "accession":
        host = next((t for t in toks[-1].subtree if t._.eid and entity_type(article, t._.eid) == "ORG"), None)
        members = [t._.eid for t in trigger.lefts if t._.eid and entity_type(article, t._.eid) in ("COUNTRY", "ORG")]
        if not members and trigger.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            poss = [c for c in trigger.children if c.dep_ == "poss" and c._.eid]
            members = [poss[0]._.eid] if poss else []
        if not members:   # "the accession of Jordan's JFDA"
            members = [e for o in _prep_objects(trigger, ("of",)) for e in _entities_of(article, o, ("COUNTRY", "ORG"))]
        if not members and trigger.dep_ == "dobj":   # "Bangladesh completes accession to IVI"
            subj = _subject(trigger.head)
            members = _entities_of(article, subj, ("COUNTRY", "ORG")) if subj is not None else []
        if host is not None and host._.eid in members:
            host = None
        if host is None:
            host = next((t for t in sent if t.i > trigger.i and t._.eid and entity_type(article, t._.eid) == "ORG"
                         and t._.eid not in members), None)
        if host is None:   # "the PIC/S Committee approved the accession of …"
            host = next((t for t in sent if t.i < trigger.i and t._.eid and entity_type(article, t._.eid) == "ORG"
                         and t._.eid not in members), None)
    elif trigger.lemma_ in JOIN_VERBS:
        host = toks[-1]
        subj = _subject(trigger)
        members = _entities_of(article, subj, ("COUNTRY", "ORG")) if subj is not None else []
        if host.dep_ not in ("dobj", "pobj", "compound", "appos") and not any(host.i == t.i for t in trigger.subtree):
            return None
    else:  # become / admit … member
        subj = _subject(trigger)
        members = _entities_of(article, subj, ("COUNTRY", "ORG")) if subj is not None else []
        if trigger.lemma_ in ("admit", "accept", "welcome", "grant", "make", "approve"):
            objs = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
            members = [e for o in objs for e in _entities_of(article, o, ("COUNTRY", "ORG"))] or members
        host = next((t for t in sent if t.i > trigger.i and t._.eid and entity_type(article, t._.eid) == "ORG"
                     and t._.eid not in members), None)
        if host is None:
            host = next((t for t in sent if t.i < trigger.i and t._.eid and entity_type(article, t._.eid) == "ORG"
                         and t._.eid not in members), None)
    if not members:
        return None
    draft = Draft("MEMBERSHIP", 0, Span(0, 0))
    _status(article, trigger, draft)
    draft.attach(members[-1], "member", SUBJECT.id)
    host_id = host._.eid if isinstance(host, Token) else None
    rule = JOINED.id if trigger.lemma_ in JOIN_VERBS else BECAME_MEMBER.id
    if host_id is None:
        host_id, rule = _recent_org(article, sent), HOST_BY_REFERENCE.id
    if host_id and host_id not in members:
        draft.attach(host_id, "host", rule)
    set_place(draft, _place(article, sent, trigger), PLACE.id)
    return draft


def _recent_org(article: Article, sent: TokenSpan) -> str | None:
    """The organisation 'the centre' refers to: the most recently named one before this sentence."""
    noun = re.search(r"(?i)\bthe\s+(cent(?:er|re)|organi[sz]ation|laborator\w*|alliance|union|council|academy|institute|"
                     r"association|bank|agency|consortium|network|society|federation)\b", sent.text)
    start = sent.start_char + next(b for b, d in article.docs if d is sent.doc)
    best = None
    for ent in article.entities:
        if ent.type != "ORG":
            continue
        if noun and not any(re.search(rf"(?i)\b{noun.group(1)[:5]}", n) for n in ent.names()):
            continue
        before = [s for s in ent.mentions if s.end <= start]
        if before and (best is None or before[-1].start > best[1]):
            best = (ent.id, before[-1].start)
    return best[0] if best else None


def _meeting(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    verb = next((t for t in toks if t.lemma_ in HOLD_VERBS), None)
    noun = next((t for t in toks if t.lower_ in MEETING_NOUNS), None)
    if verb is None or noun is None:
        return None
    if verb.lemma_ == "take" and not any(c.lower_ == "place" for c in verb.children):
        return None
    draft = Draft("MEETING", 0, Span(0, 0))
    _status(article, verb, draft)
    draft.name = _name(MEETING_NAME, article, sent, 0, 12)
    if draft.name is None and not any(c.dep_ == "compound" or c.pos_ == "PROPN" for c in noun.lefts):
        # "a meeting" says little by itself: an organisation must be named in it ("the meeting of the
        # ⟦ORG⟧ Council") or hold it ("⟦ORG⟧ held its annual general meeting")
        subj = _subject(verb) if noun.dep_ in ("dobj", "attr") and verb.lemma_ in ("hold", "host", "convene", "organize",
                                                                                    "organise", "stage") else None
        holders = [c for c in subj.subtree] if subj is not None else []
        named_org = [c for c in [*noun.subtree, *holders] if c._.eid and entity_type(article, c._.eid) == "ORG"]
        if not named_org and noun.lower_ in ("meeting", "session", "assembly", "talks"):
            return None
    role = ROLE_OF_VERB.get(verb.lemma_, "organizer")
    if noun.dep_ in ("dobj", "attr") and verb.lemma_ not in ("attend", "take", "gather"):
        subj = _subject(verb)
        if subj is not None:
            for eid in orgs_of_people(article, _entities_of(article, subj, ("ORG", "COUNTRY", "PERSON"))):
                draft.attach(eid, role, SUBJECT.id)
    for v in [verb, *[c for c in noun.children if c.dep_ in ("acl", "relcl") and c.lemma_ in HOLD_VERBS]]:
        for obj in _agent(v):
            for eid in orgs_of_people(article, _entities_of(article, obj)):
                draft.attach(eid, ROLE_OF_VERB.get(v.lemma_, "organizer"), ORGANIZED_BY.id)
    for eid in _name_pair(article, noun):
        draft.attach(eid, "organizer", NAME_PAIR.id)
    for c in noun.subtree:  # "the Meeting of the ⟦ORG⟧ Council", "the ICGEB Board meeting"
        if c._.eid and entity_type(article, c._.eid) == "ORG" and c.i < noun.i + 6 and (c.dep_ in ("pobj", "compound", "poss")):
            draft.attach(c._.eid, "organizer", MEETING.id)
    set_place(draft, _place(article, sent, verb), PLACE.id)
    venue = article.entity(draft.place)
    if venue is not None and venue.type == "ORG":
        draft.attach(venue.id, "host", PLACE.id)
    return draft


def _at_named(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    noun = toks[-1]
    if toks[0].lower_ == "of" and not any(t.lower_ in ("sidelines", "margins", "margin") for t in noun.doc[max(0, toks[0].i - 2):toks[0].i]):
        return None
    name = noun.doc[toks[1].i if toks[1].lower_ != "the" else toks[2].i:noun.i + 1]
    if not name[0].text[:1].isupper():
        return None
    draft = Draft("MEETING", 0, Span(0, 0))
    _status(article, noun.head.head if noun.dep_ == "pobj" else noun, draft)
    draft.name = name.text
    for t in name:
        if t._.eid and entity_type(article, t._.eid) == "ORG":
            draft.attach(t._.eid, "organizer", AT_NAMED_MEETING.id)
    set_place(draft, _place(article, sent, noun.head.head if noun.dep_ == "pobj" else noun), PLACE.id)
    return draft


def _met(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    verb, subj = toks[0], toks[1]
    ids = list(dict.fromkeys(c._.eid for c in subj.subtree if c._.eid and entity_type(article, c._.eid) == "ORG"))
    if not ids or any(c.dep_ == "dobj" for c in verb.children):
        return None  # "A met B": talks between two sides are not a meeting of a body
    draft = Draft("MEETING", 0, Span(0, 0))
    _status(article, verb, draft)
    for eid in ids:
        draft.attach(eid, "organizer", SUBJECT.id)
    set_place(draft, _place(article, sent, verb), PLACE.id)
    draft.name = _name(MEETING_NAME, article, sent, 0, 12)
    return draft


def _visit(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    """'X visited Y': Y hosts, X attends; a visit to a city or a country is no exchange event."""
    verb, obj = toks[0], toks[1]
    hosts = _entities_of(article, obj, ("ORG",)) or orgs_of_people(article, _entities_of(article, obj, ("PERSON",)))
    if not hosts:
        return None
    subj = _subject(verb)
    visitors = []
    if subj is not None:
        visitors = _entities_of(article, subj, ("ORG", "COUNTRY"))
        visitors = visitors or orgs_of_people(article, _entities_of(article, subj, ("PERSON",)))
        visitors = visitors or [g._.eid for c in subj.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                                for g in c.children if g._.eid and entity_type(article, g._.eid) in ("ORG", "COUNTRY")]
    draft = Draft("MEETING", 0, Span(0, 0))
    _status(article, verb, draft)
    for eid in hosts:
        draft.attach(eid, "host", VISITED.id)
    for eid in visitors:
        if eid not in hosts:
            draft.attach(eid, "attendee", SUBJECT.id)
    set_place(draft, _place(article, sent, verb), PLACE.id)
    return draft


_GUESTS = {"delegation", "delegations", "team", "visitors", "guests", "mission", "counterpart", "counterparts"}


def _received(article: Article, sent: TokenSpan, toks: list[Token]) -> Draft | None:
    """'X received Y' (en.meeting.received): Y a person, a delegation or a body; X's organisation
    hosts, Y's attends. Funding, awards and reports received are no visit."""
    verb, obj = toks
    subj = _subject(verb)
    if subj is None or verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children):
        return None
    guests = _entities_of(article, obj, ("PERSON",))   # "welcomed Latvia's signature": no visit
    if not guests and obj.lower_ in _GUESTS:
        guests = [g._.eid for c in obj.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                  for g in c.subtree if g._.eid and entity_type(article, g._.eid) in ("ORG", "COUNTRY")][:1]
    if not guests or (not obj._.eid and obj.lower_ not in _GUESTS):
        return None
    hosts = orgs_of_people(article, _entities_of(article, subj, ("ORG", "PERSON")))
    hosts += [g._.eid for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.subtree if g._.eid and entity_type(article, g._.eid) == "ORG"]
    hosts = [h for h in dict.fromkeys(hosts) if entity_type(article, h) == "ORG"]
    visitors = [g for g in orgs_of_people(article, guests) if entity_type(article, g) in ("ORG", "COUNTRY")]
    visitors += [t._.eid for t in obj.subtree if t._.eid and entity_type(article, t._.eid) == "ORG" and t.head.lower_ == "of"
                 and entity_type(article, t.head.head._.eid) == "PERSON" and t._.eid not in visitors]   # "DG X of the ICGEB"
    if not hosts or not visitors or set(hosts) & set(visitors):
        return None
    draft = Draft("MEETING", 0, Span(0, 0))
    _status(article, verb, draft)
    for eid in hosts:
        draft.attach(eid, "host", RECEIVED.id)
    for eid in visitors:
        draft.attach(eid, "attendee", RECEIVED.id)
    set_place(draft, _place(article, sent, verb), PLACE.id)
    return draft


_RULE_BUILDERS = {
    SIGNED.id: _agreement, SIGNED_NEARBY.id: _agreement, BETWEEN.id: _agreement, SIGNING_CEREMONY.id: _ceremony,
    ESTABLISHED.id: _establishment, FOUNDED_PARTICIPLE.id: _founded_participle, ESTABLISH_NOUN.id: _establishment,
    PRODUCTION.id: _production,
    JOINED.id: _membership, BECAME_MEMBER.id: _membership,
    MEETING.id: _meeting, MET.id: _met, AT_NAMED_MEETING.id: _at_named, VISITED.id: _visit,
    SIGNING_NOUN.id: _signing_noun, UNDER_AGREEMENT.id: _under_agreement, SIGNED_BY_PRONOUN.id: _signed_by_pronoun,
    MEETING_SETTING.id: _meeting_setting, RECEIVED.id: _received,
}
_TYPE_OF = {SIGNED.id: "AGREEMENT", SIGNED_NEARBY.id: "AGREEMENT", BETWEEN.id: "AGREEMENT", SIGNING_CEREMONY.id: "AGREEMENT",
            ESTABLISHED.id: "ESTABLISHMENT", FOUNDED_PARTICIPLE.id: "ESTABLISHMENT", ESTABLISH_NOUN.id: "ESTABLISHMENT",
            PRODUCTION.id: "ESTABLISHMENT",
            JOINED.id: "MEMBERSHIP",
            BECAME_MEMBER.id: "MEMBERSHIP", MEETING.id: "MEETING", MET.id: "MEETING", AT_NAMED_MEETING.id: "MEETING",
            VISITED.id: "MEETING", SIGNING_NOUN.id: "AGREEMENT", UNDER_AGREEMENT.id: "AGREEMENT",
            SIGNED_BY_PRONOUN.id: "AGREEMENT", MEETING_SETTING.id: "MEETING", RECEIVED.id: "MEETING"}


# --- rules that read the whole article -------------------------------------------------------
_ORGANISED_BY = re.compile(
    r"(?i)\b(?P<verb>co-organi[sz]ed|organi[sz]ed|co-hosted|hosted|sponsored|co-sponsored|convened|jointly organi[sz]ed)\s+by\b"
)


def _organisers_elsewhere(article: Article, drafts: list[Draft]) -> None:
    """'The event was organised by X' / 'X, in collaboration with Y, …' in a sentence that
    names no meeting of its own: the organisers of the article's (first) meeting."""
    meetings = [d for d in drafts if d.type == "MEETING"]
    if not meetings:
        return
    for index, sent in sentence_spans(article):
        target = next((d for d in meetings if d.sentence == index), meetings[0])
        for t in sent:
            if t.dep_ == "agent" and _ORGANISED_BY.search(f"{t.head.text} by"):
                role = ROLE_OF_VERB.get(t.head.lemma_, "organizer")
                if t.head.text.lower().startswith("co-") or t.head.lemma_.startswith("co"):
                    role = "co-organizer" if t.head.lemma_ != "co-host" else "co-organizer"
                for obj in [g for g in t.children if g.dep_ == "pobj"]:
                    for eid in orgs_of_people(article, _entities_of(article, obj, ("ORG", "COUNTRY", "PERSON"))):
                        target.attach(eid, role, ORGANIZED_BY.id)
            if t.lower_ == "collaboration" and t.head.lower_ == "in":
                holder = t.head.head
                subj = _subject(holder) if holder.pos_ in ("VERB", "AUX") else holder
                partners = [g for w in t.children if w.lower_ == "with" for g in w.children if g.dep_ == "pobj"]
                if subj is not None and (target.sentence == index or any(m.lower_ in MEETING_NOUNS for m in sent)):
                    for eid in _entities_of(article, subj, ("ORG",)):
                        target.attach(eid, "organizer", COLLABORATION.id)
                    for p in partners:
                        for eid in _entities_of(article, p, ("ORG",)):
                            target.attach(eid, "organizer", COLLABORATION.id)


def _founders_elsewhere(article: Article, drafts: list[Draft]) -> None:
    establishments = [d for d in drafts if d.type == "ESTABLISHMENT"]
    if not establishments:
        return
    for _index, sent in sentence_spans(article):
        m = re.search(r"(?i)founding members?\s+(?:include|including|are|were)\b", sent.text)
        if not m:
            continue
        start = sent.start_char + m.end()
        ids = [t._.eid for t in sent if t.idx >= start and t._.eid and entity_type(article, t._.eid) in ("ORG", "COUNTRY")]
        in_sentence = {t._.eid for t in sent if t._.eid}
        target = next((d for d in establishments if d.creates in in_sentence), establishments[0])
        for eid in dict.fromkeys(ids):
            target.attach(eid, "founder", FOUNDING_MEMBERS.id)


def meeting_place_elsewhere(article: Article) -> str | None:
    """The article's meeting is often placed in another sentence ('The forum in Tianjin …')."""
    for _index, sent in sentence_spans(article):
        noun = next((t for t in sent if t.lower_ in MEETING_NOUNS), None)
        if noun is not None:
            found = _place(article, sent, noun)
            if found and entity_type(article, found) == "PLACE":
                return found
    return None
