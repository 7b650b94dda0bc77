"""An event as the analyst reads it (store/event_cards.py): its own name when it has one, else
a phrase from its type and participants; planned acts said as planned; sources by title."""
from __future__ import annotations

from coopgraph.store.event_cards import card_text, event_card, headline


def _event(kind, parts, name=None, creates=None, status=None):
    return {"id": 7, "type": kind, "name": name, "date": "2024-05", "date_end": None, "status": status, "place": None,
            "participants": [{"id": i, "name": n, "type": "ORG", "country": None, "role": r} for i, (n, r) in enumerate(parts, 1)],
            "creates": creates}


def test_a_phrase_for_an_unnamed_event_and_the_name_of_a_named_one():
    assert headline(_event("MEMBERSHIP", [("EPHI", "member"), ("ANSO", "host")])) == "EPHI joined ANSO"
    assert headline(_event("MEMBERSHIP", [("EPHI", "member"), ("ANSO", "host")], status="planned")) == "EPHI to join ANSO"
    assert headline(_event("MEETING", [("WHO", "host"), ("A", "attendee"), ("B", "attendee"), ("C", "attendee"), ("D", "attendee")])) \
        == "Meeting held by WHO with A, B, C and 1 other"
    assert headline(_event("ESTABLISHMENT", [], creates={"id": 9, "name": "the hub", "type": "ORG"})) == "The hub was founded"
    assert headline(_event("AGREEMENT", [("CAS", "party"), ("KEMRI", "party")], name="Nairobi Accord")) == "Nairobi Accord"


def test_a_card_marks_a_planned_act_and_names_its_sources_without_paths():
    report = {"article_id": 3, "event_id": 7, "path": "/home/analyst/pages/kemri.txt", "segment": 1,
              "title": "KEMRI to join ANSO", "published": "2024-04-30", "evidence": "KEMRI will join ANSO.", "language": "en"}
    web = dict(report, article_id=4, path="/srv/copies/x.html")
    card = event_card(_event("MEMBERSHIP", [("KEMRI", "member"), ("ANSO", "host")], status="planned"), [report, web],
                      {"/srv/copies/x.html": {"url": "https://news.example.org/kemri", "site": "Example News",
                                              "title": "Kenyan institute joins alliance", "published": "2024-05-01"}})
    assert card["planned"] and card["headline"] == "KEMRI to join ANSO"
    assert [s["label"] for s in card["sources"]] == ["KEMRI to join ANSO, 2024-04-30",
                                                     "Kenyan institute joins alliance — Example News, 2024-05-01"]
    text = card_text(card, focus=1)
    assert text.splitlines()[0] == "2024-05    MEMBERSHIP    [planned] KEMRI to join ANSO — as member — with ANSO (host)"
    assert "(kemri.txt#1)" in text and "(https://news.example.org/kemri#1)" in text and "/home/analyst" not in text
