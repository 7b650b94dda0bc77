"""Event coreference (issue 9, points 1 and 2): the reports of one real-world event are one
event, with every report as a source; look-alikes stay apart; ids stay; copies count once.
Purpose-made stores (tests/stores.py), so no rule change can break them."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from stores import Entity, Event, back_to_schema, load, record

from coopgraph.resolve.events import date_evidence, editions
from coopgraph.resolve.resolver import resolve
from coopgraph.store.db import connect
from coopgraph.store.load import replace_document
from coopgraph.store.queries import find_entities, partners, real_event_of, timeline

CAS = Entity("ORG", "Chinese Academy of Sciences", "CN", ("中国科学院",))
KEMRI = Entity("ORG", "Kenya Medical Research Institute", "KE", ("肯尼亚医学研究所",))
CAS_ZH = Entity("ORG", "中国科学院", "CN", ("Chinese Academy of Sciences",))
KEMRI_ZH = Entity("ORG", "肯尼亚医学研究所", "KE", ("Kenya Medical Research Institute",))
PARTIES = [(CAS.name, "party"), (KEMRI.name, "party")]
PARTIES_ZH = [(CAS_ZH.name, "party"), (KEMRI_ZH.name, "party")]

SIGNED_EN = ("The Chinese Academy of Sciences and the Kenya Medical Research Institute signed a memorandum on "
             "vaccine research in Nairobi on 10 May 2023, officials said.")
SIGNED_ZH = "2023年5月10日，中国科学院与肯尼亚医学研究所在内罗毕签署疫苗研究合作备忘录。"
AGAIN_EN = ("The Chinese Academy of Sciences and the Kenya Medical Research Institute signed a new agreement on "
            "genomics on 1 June 2021.")


def _en(source, text, date, published="2023-05-11", entities=(CAS, KEMRI), participants=PARTIES, **event):
    rec = record(source, text, list(entities), [Event("AGREEMENT", date, participants)], published=published)
    rec["events"][0].update(event)
    return rec


def _zh(source, text, date, published="2023-05-11", **event):
    rec = record(source, text, [CAS_ZH, KEMRI_ZH], [Event("AGREEMENT", date, PARTIES_ZH)], published=published,
                 language="zh")
    rec["events"][0].update(event)
    return rec


def _store(tmp_path, records, name="s.db"):
    return connect(load(tmp_path / name, records), readonly=True)


def _by_source(events):
    return {tuple(sorted(s["path"] for s in v["sources"])): v for v in events}


def test_one_signing_in_two_languages_another_year_apart(tmp_path):
    conn = _store(tmp_path, [_en("en.txt", SIGNED_EN, "2023-05-10"), _zh("zh.txt", SIGNED_ZH, "2023-05-10"),
                             _en("again.txt", AGAIN_EN, "2021-06-01", published="2021-06-02")])
    events = _by_source(timeline(conn))
    assert set(events) == {("en.txt", "zh.txt"), ("again.txt",)}
    signing = events[("en.txt", "zh.txt")]
    assert signing["reports"] == 2 and signing["independent_sources"] == 2 and signing["date"] == "2023-05-10"
    joined = next(s for s in signing["sources"] if s["rule"] != "first report of this event")
    assert "Chinese Academy of Sciences" in joined["rule"] and "same day 2023-05-10" in joined["rule"]
    cas = find_entities(conn, CAS.name)[0]["id"]
    assert [(p["name"], p["shared"]) for p in partners(conn, cas)] == [(KEMRI.name, 2)]   # events, not 3 reports
    stats = conn.execute("SELECT COUNT(*) FROM real_events").fetchone()[0]
    assert stats == 2


def test_a_month_only_date_joins_a_day_in_it(tmp_path):
    conn = _store(tmp_path, [_en("day.txt", SIGNED_EN, "2023-05-10"),
                             _en("month.txt", SIGNED_EN.replace("on 10 May 2023", "in May 2023"), "2023-05")])
    [event] = timeline(conn)
    assert event["reports"] == 2 and event["date"] == "2023-05-10" and event["disagreements"] == {}
    assert date_evidence.__name__ and "falls in the month-only date 2023-05" in event["sources"][1]["rule"]


def test_dates_that_cannot_meet_disagree_and_stay_apart():
    from coopgraph.resolve.events import Report

    def report(date, published=None):
        return Report(1, 1, 1, "en", published, "AGREEMENT", "happened", None, date, None, "")
    assert date_evidence(report("2023-05"), report("2023-05-10"))[2] is None
    assert date_evidence(report("2023"), report("2023-11-30"))[2] is None
    assert date_evidence(report("2023-05-10"), report("2021-05-10"))[2] is not None
    assert date_evidence(report(None, "2023-05-12"), report("2023-05-10"))[2] is None
    assert date_evidence(report(None, "2024-05-12"), report("2023-05-10"))[2] is not None


def test_editions_of_a_forum_series_stay_apart(tmp_path):
    assert editions("第十三届中非合作论坛") == ({13}, set()) and editions("the Seventh Forum") == ({7}, set())

    def forum(source, name, language="en", published="2024-09-02"):
        host = [CAS, KEMRI] if language == "en" else [CAS_ZH, KEMRI_ZH]
        rec = record(source, f"{name} opened, organised by the {host[0].name} and the {host[1].name}.", host,
                     [Event("MEETING", None, [(host[0].name, "organizer"), (host[1].name, "host")])],
                     published=published, language=language)
        rec["events"][0]["name"] = name
        return rec
    conn = _store(tmp_path, [forum("six.txt", "6th China-Kenya Science Forum", published="2024-07-20"),
                             forum("seven.txt", "7th China-Kenya Science Forum"),
                             forum("qi.txt", "第七届中肯科学论坛", "zh")])
    assert set(_by_source(timeline(conn))) == {("six.txt",), ("qi.txt", "seven.txt")}


def test_a_planned_act_is_not_the_act(tmp_path):
    conn = _store(tmp_path, [_en("done.txt", SIGNED_EN, "2023-05-10"),
                             _en("plan.txt", SIGNED_EN.replace("signed", "will sign"), "2023-05-10", status="planned")])
    assert len(timeline(conn)) == 2


def test_ids_survive_reingest_and_added_files(tmp_path):
    db = load(tmp_path / "ids.db", [_en("en.txt", SIGNED_EN, "2023-05-10"), _zh("zh.txt", SIGNED_ZH, "2023-05-10")])
    conn = connect(db)
    [before] = timeline(conn)
    # an earlier report of the same signing, and unrelated pages, come in later
    early = _en("early.txt", SIGNED_EN + " Early news.", "2023-05-10", published="2023-05-10")
    other = _en("again.txt", AGAIN_EN, "2021-06-01", published="2021-06-02")
    for rec in (early, other):
        replace_document(conn, rec["source"], hashlib.sha256(rec["text"].encode()).hexdigest(), 1, "utf-8", [rec])
    resolve(conn)
    after = _by_source(timeline(conn))[("early.txt", "en.txt", "zh.txt")]
    assert after["id"] == before["id"] and after["reports"] == 3
    for rec in (early, other):   # the same bytes again, forced: the same ids
        replace_document(conn, rec["source"], hashlib.sha256(rec["text"].encode()).hexdigest(), 1, "utf-8", [rec])
    resolve(conn)
    assert {v["id"] for v in timeline(conn)} >= {before["id"]}
    assert real_event_of(conn, before["sources"][1]["event_id"]) == before["id"]


def test_a_syndicated_copy_counts_once(tmp_path):
    wire = ("NAIROBI, May 10 (Wire) -- " + SIGNED_EN + " The memorandum covers vaccine trials, training of young "
            "researchers and a shared sequencing platform at the institute's campus in Kilifi.")
    repost = "Reposted from Wire. " + wire + " Share this story."
    own = ("Kenyan and Chinese scientists will work together on vaccines: the Chinese Academy of Sciences and the "
           "Kenya Medical Research Institute put their names to a research memorandum on Wednesday, 10 May 2023.")
    conn = _store(tmp_path, [_en("wire.txt", wire, "2023-05-10"), _en("repost.txt", repost, "2023-05-10"),
                             _en("own.txt", own, "2023-05-10")])
    [event] = timeline(conn)
    assert event["reports"] == 3 and event["independent_sources"] == 2
    [copy] = [s for s in event["sources"] if s["copy_of"] != s["event_id"]]
    assert copy["path"] in ("wire.txt", "repost.txt") and "near-duplicate" in copy["copy_reason"]


def test_a_translation_counts_once_an_independent_report_does_not(tmp_path):
    en = ("Kenya and China sign vaccine research memorandum. NAIROBI, May 10 -- " + SIGNED_EN + " Under the agreement, "
          "the two institutions will set up a joint laboratory for vaccine trials and train 50 young Kenyan "
          "researchers over five years. The director general said the partnership would help Kenya respond faster "
          "to outbreaks.")
    zh = ("中肯签署疫苗研究谅解备忘录。新华社内罗毕5月10日电 " + SIGNED_ZH + "根据协议，双方将建立疫苗试验联合实验室，"
          "并在五年内培训50名肯尼亚青年研究人员。所长表示，这一合作将帮助肯尼亚更快应对疫情。")
    own = ("中国科学院与肯尼亚合作开展疫苗研究。记者获悉，2023年5月10日中国科学院与肯尼亚医学研究所签署合作文件。"
           "双方将在传染病防控和人才培养等领域深化合作。中国科学院副院长在签约仪式上致辞，表示中非科技合作前景广阔。"
           "肯方代表感谢中方长期以来的支持。")
    conn = _store(tmp_path, [_en("en.txt", en, "2023-05-10"), _zh("zh.txt", zh, "2023-05-10"),
                             _zh("own.txt", own, "2023-05-10")])
    [event] = timeline(conn)
    assert event["reports"] == 3 and event["independent_sources"] == 2
    [copy] = [s for s in event["sources"] if s["copy_of"] != s["event_id"]]
    assert copy["path"] in ("en.txt", "zh.txt") and "a translation" in copy["copy_reason"]


def test_disagreeing_places_are_kept_with_their_sources(tmp_path):
    nairobi, kilifi = Entity("PLACE", "Nairobi", "KE"), Entity("PLACE", "Kilifi", "KE")
    conn = _store(tmp_path, [
        _en("a.txt", SIGNED_EN, "2023-05-10", entities=(CAS, KEMRI, nairobi), place="e3"),
        _en("b.txt", SIGNED_EN.replace("Nairobi", "Kilifi") + " Kilifi", "2023-05-10", entities=(CAS, KEMRI, kilifi),
            place="e3")])
    [event] = timeline(conn)
    places = {d["name"]: d["events"] for d in event["disagreements"]["place"]}
    assert set(places) == {"Nairobi", "Kilifi"} and all(len(ids) == 1 for ids in places.values())


def test_cli_json_gives_one_item_per_event_with_its_sources(tmp_path):
    db = load(tmp_path / "cli.db", [_en("en.txt", SIGNED_EN, "2023-05-10"), _zh("zh.txt", SIGNED_ZH, "2023-05-10")])

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "coopgraph", *args, "--db", str(db)], capture_output=True,
                              text=True, check=True).stdout
    [item] = json.loads(cli("timeline", "--json"))
    assert item["independent_sources"] == 2 and item["disagreements"] == {}
    assert [sorted(k for k in ("path", "url", "segment", "evidence") if k in s) for s in item["sources"]] == \
        [["evidence", "path", "segment", "url"]] * 2
    assert {s["path"] for s in item["sources"]} == {"en.txt", "zh.txt"}
    [shown] = json.loads(cli("show", CAS.name, "--json"))["events"]
    assert shown["id"] == item["id"] and len(shown["sources"]) == 2 and shown["role"] == "party"
    why = cli("why", str(item["id"]))
    assert "2 reports, 2 independent" in why and "same day 2023-05-10" in why


def test_a_store_at_schema_10_gets_real_events_and_joins_them_at_the_next_resolution(tmp_path):
    """Migration 11 on a store written before it: each report is an event of its own (the
    timeline keeps working), its documents are marked for re-extraction (their statuses were
    not stored), and the next resolution joins the reports of one event."""
    db = load(tmp_path / "old.db", [_en("en.txt", SIGNED_EN, "2023-05-10"), _zh("zh.txt", SIGNED_ZH, "2023-05-10")])
    back_to_schema(db, 10)
    conn = connect(db)
    assert sorted(v["reports"] for v in timeline(conn)) == [1, 1]
    assert {r[0].endswith("+before-schema-11") for r in conn.execute("SELECT extractor FROM documents")} == {True}
    resolve(conn)
    assert [v["reports"] for v in timeline(conn)] == [2]


def test_one_body_signing_with_two_others_on_one_day_is_two_agreements():
    """A ministry signing with two partners at one ceremony: same day, one shared party, but
    each report names a party the other does not, so they are two agreements."""
    from coopgraph.resolve.events import Report, compare, conflict

    def signing(i: int, other: int) -> Report:
        return Report(i, i, i, "en", "2024-03-05", "AGREEMENT", "happened", None, "2024-03-04", None, "…",
                      participants={1: "party", other: "party"}, kinds={1: "ORG", other: "ORG"},
                      names={1: "KEMRI", 2: "WHO", 3: "Institut Pasteur"})

    assert conflict(signing(10, 2), signing(11, 3)).startswith("other parties on each side")
    assert compare(signing(10, 2), signing(11, 3)) is None
    assert conflict(signing(10, 2), signing(11, 2)) is None   # the same two parties: one agreement
