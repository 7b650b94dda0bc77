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


def test_a_planned_act_is_not_the_act_unless_planned_for_its_very_day(tmp_path):
    """A plan without the act's day stays apart from the act; one dated to the day the act
    happened is its preview (corpus/EVENT_CLUSTERS.md: the CSHOR launch, the China-Cuba signing)."""
    plan = SIGNED_EN.replace("signed", "will sign")
    conn = _store(tmp_path, [_en("done.txt", SIGNED_EN, "2023-05-10"),
                             _en("plan.txt", plan, None, published="2023-05-02", status="planned")])
    assert len(timeline(conn)) == 2
    conn = _store(tmp_path, [_en("done.txt", SIGNED_EN, "2023-05-10"),
                             _en("plan.txt", plan, "2023-05-10", published="2023-05-08", status="planned")], "p.db")
    [event] = timeline(conn)
    assert event["reports"] == 2 and event["status"] == "happened"


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


def _report(i, language="en", type_="AGREEMENT", status="happened", name=None, date=None, published=None, place=None,
            creates=None, parties=(), entities=None):
    """A report with resolved parties: `entities` maps entity id -> (type, name, country), the
    place's too when it is listed there."""
    from coopgraph.resolve.events import Report

    known = entities or {}
    ids = [*parties, *([creates] if creates else []), *([place] if place in known else [])]
    return Report(i, i, i, language, published, type_, status, name, date, None, "", place, creates,
                  participants={e: "party" for e in parties}, kinds={e: known[e][0] for e in ids},
                  names={e: known[e][1] for e in ids}, countries={e: known[e][2] for e in ids})


def test_a_report_with_no_date_nor_publication_date_joins_by_its_name():
    """An undated report on a page without a publication date is neither for nor against
    the other's date; the same parties sign many things, so only a name alike joins them."""
    from coopgraph.resolve.events import compare

    known = {1: ("ORG", "Anhui Zhifei Longcom", "CN"), 2: ("ORG", "Jurabek Laboratories", "UZ")}
    dated = _report(1, name="agreement on producing the recombinant vaccine", date="2021-08", parties=(1, 2),
                    entities=known)
    alike = _report(2, name="agreement on producing recombinant vaccine", parties=(1, 2), entities=known)
    other = _report(3, name="youth exchange plan", parties=(1, 2), entities=known)
    assert compare(dated, alike)[0] >= 3
    assert compare(dated, other)[0] < 3


def test_a_named_meeting_in_two_languages_joins_on_its_edition_day_and_place():
    """No participant met through entity resolution, but both names hold the 12th edition
    and the same day and place; the 11th, or the first of another series elsewhere, stay apart."""
    from coopgraph.resolve.events import cluster, compare, editions

    assert editions("首届中国—北欧北极合作研讨会")[0] == {1} and editions("首屆研討會")[0] == {1}
    known = {1: ("ORG", "Cuba-China Joint Working Group", None), 2: ("ORG", "中古生物技术联合工作组", None),
             3: ("ORG", "Kenya-China Forum", None), 4: ("ORG", "中肯论坛", None)}
    en = _report(1, type_="MEETING", name="12th Meeting of the Cuba-China Joint Working Group", date="2023-09-06",
                 place=9, parties=(1,), entities=known)
    zh = _report(2, "zh", "MEETING", name="中国—古巴生物技术合作联合工作组第十二次会议", date="2023-09-06", place=9,
                 parties=(2,), entities=known)
    eleventh = _report(3, "zh", "MEETING", name="第十一次会议", date="2022-09-06", place=9, parties=(2,), entities=known)
    first = _report(4, type_="MEETING", name="first Kenya-China Forum", date="2023", place=8, parties=(3,), entities=known)
    other_first = _report(5, "zh", "MEETING", name="首届中肯论坛", date="2023-05-02", place=7, parties=(4,), entities=known)
    assert "both name edition 12" in " ".join(compare(en, zh)[1])
    assert compare(en, eleventh) is None and compare(first, other_first) is None
    assert sorted(len(c.members) for c in cluster([en, zh, eleventh, first, other_first])) == [1, 1, 1, 2]


def test_the_same_day_and_place_join_across_languages_only():
    """Across languages entity resolution can miss every participant (a translated company
    name); the same day and place then tie the reports. In one language they do not."""
    from coopgraph.resolve.events import compare

    known = {1: ("ORG", "Saidal", "DZ"), 2: ("ORG", "赛达尔医药集团", "DZ"), 3: ("ORG", "Biopharm", "DZ")}
    en = _report(1, type_="ESTABLISHMENT", date="2021-09-29", place=5, parties=(1,), entities=known)
    zh = _report(2, "zh", "ESTABLISHMENT", date="2021-09-29", place=5, parties=(2,), entities=known)
    same_language = _report(3, type_="ESTABLISHMENT", date="2021-09-29", place=5, parties=(3,), entities=known)
    assert compare(en, zh)[0] >= 3
    assert compare(en, same_language) is None


def test_parties_that_may_be_one_body_are_no_counterparts():
    """An agreement's other parties conflict unless they may be one body entity resolution
    left apart: across languages, one type and country; in one language, one name inside the
    other or its initials. WHO and Institut Pasteur stay two parties."""
    from coopgraph.resolve.events import counterpart_conflict

    known = {1: ("ORG", "Kenya Medical Research Institute", "KE"), 2: ("ORG", "匈牙利国家研发与创新署", "HU"),
             3: ("ORG", "National Research, Development and Innovation Office", "HU"),
             4: ("ORG", "All India Institute of Ayurveda", "IN"), 5: ("ORG", "AIIA", None),
             6: ("ORG", "Anhui Zhifei Longcom Co., Ltd", "CN"), 7: ("ORG", "Anhui Zhifei Longcom", "CN"),
             8: ("ORG", "World Health Organization", None), 9: ("ORG", "Institut Pasteur", "FR"),
             10: ("ORG", "法国巴斯德研究所", "FR"), 11: ("ORG", "Hungarian Academy of Sciences", "HU")}

    def sign(i, party, language="en"):
        return _report(i, language, parties=(1, party), date="2024-03-04", entities=known)
    assert counterpart_conflict(sign(1, 2, "zh"), sign(2, 3)) is None          # one office, two scripts
    assert counterpart_conflict(sign(1, 4), sign(2, 5)) is None                 # its initials
    assert counterpart_conflict(sign(1, 6), sign(2, 7)) is None                 # its shorter name
    assert counterpart_conflict(sign(1, 8), sign(2, 10, "zh")) is not None      # WHO, Pasteur
    assert counterpart_conflict(sign(1, 9), sign(2, 10, "zh")) is None
    assert counterpart_conflict(sign(1, 3), sign(2, 11)) is not None            # one country, one language


def test_a_creation_named_by_the_other_report_joins_and_a_centre_s_office_does_not():
    from coopgraph.resolve.events import compare

    known = {1: ("ORG", "University of Macau", "MO"), 2: ("ORG", "i3S", "PT"),
             3: ("ORG", "Joint Laboratory of Precision Nanomedicine", "MO"), 4: ("ORG", "Bangkok office", "TH")}
    opened = _report(1, type_="ESTABLISHMENT", creates=3, parties=(1, 2), published="2024-09-26", entities=known)
    signing = _report(2, type_="ESTABLISHMENT", parties=(2, 3), date="2024-09-26", entities=known)
    office = _report(3, type_="ESTABLISHMENT", creates=4, parties=(3,), date="2024-09-26", entities=known)
    assert "one creates entity 3, which the other names" in compare(opened, signing)[1]
    assert compare(opened, office) is None or compare(opened, office)[0] < 3
    # across languages, two creations of one country may be one institution that entity resolution left apart
    known |= {5: ("ORG", "精准纳米医学联合实验室", "MO"), 6: ("ORG", "曼谷办事处", "TH")}
    lab = _report(4, type_="ESTABLISHMENT", creates=3, parties=(1,), date="2024-09-26", entities=known)
    lab_zh = _report(5, "zh", "ESTABLISHMENT", creates=5, parties=(1,), date="2024-09-26", entities=known)
    office_zh = _report(6, "zh", "ESTABLISHMENT", creates=6, parties=(1,), date="2024-09-26", entities=known)
    assert compare(lab, lab_zh)[0] >= 3 and compare(lab, office_zh)[0] < 3


def test_a_membership_is_defined_by_its_member_country():
    from coopgraph.resolve.events import compare, counterpart_conflict

    known = {1: ("ORG", "International Vaccine Institute", None), 2: ("COUNTRY", "Rwanda", "RW"),
             3: ("COUNTRY", "United Arab Emirates", "AE")}
    rwanda = _report(1, "zh", "MEMBERSHIP", date="2022", parties=(1, 2), entities=known)
    uae = _report(2, type_="MEMBERSHIP", date="2022-03-17", parties=(1, 3), entities=known)
    assert counterpart_conflict(rwanda, uae).startswith("other parties on each side")
    assert compare(rwanda, uae) is None


def test_parties_in_two_languages_that_stand_for_each_other_tie_the_reports():
    """Across languages, when every party one report alone names may stand for one the other
    alone names (the same body under another name, or a country and its body), the reports
    are tied; a party with no counterpart (a third country's body) unties them."""
    from coopgraph.resolve.events import cluster, compare

    known = {1: ("ORG", "Chinese Academy of Sciences", "CN"), 2: ("ORG", "肯尼亚教育部", "KE"),
             3: ("COUNTRY", "China", "CN"), 4: ("COUNTRY", "Kenya", "KE"), 5: ("ORG", "Uganda Virus Research Institute", "UG")}
    zh = _report(1, "zh", parties=(1, 2), date="2018-12-13", entities=known)
    en = _report(2, parties=(3, 4), date="2018-12-13", entities=known)
    third = _report(3, parties=(3, 5), date="2018-12-13", entities=known)
    assert "every party has a counterpart" in compare(zh, en)[1][0]
    assert compare(zh, third) is None
    assert sorted(len(c.members) for c in cluster([zh, en, third])) == [1, 2]
    # stand-ins are not 'other participants on both sides': the memorandum signed in Nairobi, opened at Juja
    nairobi, juja = _report(4, "zh", parties=(1, 2), date="2018-12-13", place=7, entities=known), \
        _report(5, parties=(3, 4), date="2018-12-13", place=8, entities=known)
    assert compare(nairobi, juja)[0] >= 3


def test_the_same_year_in_two_meetings_names_counts():
    from coopgraph.resolve.events import compare

    known = {1: ("COUNTRY", "China", "CN")}
    en = _report(1, type_="MEETING", name="2018 Beijing Summit of the Forum on China-Africa Cooperation", date="2018-09",
                 place=5, parties=(1,), entities=known)
    zh = _report(2, "zh", "MEETING", name="2018年中非合作论坛北京峰会", date="2018", place=5, parties=(1,), entities=known)
    later = _report(3, "zh", "MEETING", name="2024年中非合作论坛峰会", date="2018", place=5, parties=(1,), entities=known)
    assert "both names hold the year 2018" in compare(en, zh)[1] and compare(en, zh)[0] >= 3
    assert compare(en, later) is None   # another year in the name: another edition


def test_a_creation_in_two_languages_counts_when_it_may_be_one_institution():
    """WHO's mRNA hub: the English and Chinese names of the hub did not meet through entity
    resolution, but both are South African hubs set up by WHO; a hub in another country is
    another creation."""
    from coopgraph.resolve.events import compare

    known = {1: ("ORG", "World Health Organization", None), 2: ("ORG", "global mRNA technology transfer hub", "ZA"),
             3: ("ORG", "新冠mRNA疫苗技术转让中心", "ZA"), 4: ("ORG", "mRNA疫苗技术转让中心", "KR")}
    en = _report(1, type_="ESTABLISHMENT", date="2021", creates=2, parties=(1,), entities=known)
    zh = _report(2, "zh", "ESTABLISHMENT", published="2022-02-24", creates=3, parties=(1,), entities=known)
    korea = _report(3, "zh", "ESTABLISHMENT", published="2022-02-24", creates=4, parties=(1,), entities=known)
    assert compare(en, zh)[0] >= 3 and compare(en, korea)[0] < 3


def test_undated_reports_on_a_page_without_a_date_join_by_a_name_alike_with_no_other_parties():
    """Two undated reports, one on a page with no publication date: a name alike joins them,
    unless each names a party the other does not ('Grossi meets X', 'Grossi meets Y')."""
    from coopgraph.resolve.events import compare

    known = {1: ("ORG", "BioNTech", "DE"), 2: ("PERSON", "拉斐尔·格罗西", None), 3: ("PERSON", "董保同", "CN"),
             4: ("ORG", "中国国际发展合作署", "CN")}
    sites = _report(1, type_="ESTABLISHMENT", status="planned", name="further BioNTech manufacturing sites in Ghana and Senegal",
                    published="2023-12-18", parties=(1,), entities=known)
    nodes = _report(2, type_="ESTABLISHMENT", status="planned", name="BioNTech manufacturing nodes in Senegal and Ghana",
                    parties=(1,), entities=known)
    assert compare(sites, nodes)[0] >= 3
    meets = _report(3, "zh", "MEETING", name="格罗西会见董保同", published="2025-04-10", parties=(2, 3), entities=known)
    meets_other = _report(4, "zh", "MEETING", name="格罗西会见罗照辉", parties=(2, 4), entities=known)
    assert compare(meets, meets_other)[0] < 3


def test_parties_of_one_country_in_two_languages_are_candidates_and_join():
    """G42 and Julphar, both of the UAE, under their Chinese and English names: no entity
    met, yet every party stands for one of the other's, so the two reports are compared (and
    joined); an arrangement of G42 with a Chinese company stays apart."""
    from coopgraph.resolve.events import cluster

    known = {1: ("ORG", "Group 42", "AE"), 2: ("ORG", "Gulf Pharmaceutical Industries PSC", "AE"),
             3: ("ORG", "G42", "AE"), 4: ("ORG", "海湾制药工业公司", "AE"), 5: ("ORG", "中国医药集团", "CN")}
    en = _report(1, name="G42-Julphar interim production arrangement", published="2021-03-29", parties=(1, 2),
                 entities=known)
    zh = _report(2, "zh", name="G42与海湾制药工业公司合作灌装", published="2021-03-29", parties=(3, 4), entities=known)
    other = _report(3, "zh", name="国药集团与G42合资", published="2021-03-29", parties=(3, 5), entities=known)
    assert sorted(sorted(r.id for r in c.members) for c in cluster([en, zh, other])) == [[1, 2], [3]]


def test_a_meeting_s_edition_in_one_month_at_a_place_and_its_country_joins():
    """The second China-Nordic symposium, "in Akureyri" and "在冰岛", June 2014: one edition,
    one month, a place inside the other's country. Another month, another country, or
    organisers on each side that cannot be one keep them apart."""
    from coopgraph.resolve.events import compare, place_relation

    known = {1: ("ORG", "Icelandic Centre for Research", "IS"), 2: ("ORG", "中国科学院", "CN"),
             7: ("PLACE", "Akureyri", "IS"), 8: ("COUNTRY", "冰岛", "IS"), 9: ("COUNTRY", "挪威", "NO")}
    en = _report(1, type_="MEETING", status="planned", name="second China-Nordic Arctic Cooperation Symposium",
                 date="2014-06", place=7, parties=(1,), entities=known)

    def zh(i, date="2014-06", place=8, parties=()):
        return _report(i, "zh", "MEETING", "planned", "第二届中国—北欧北极合作研讨会", date, place=place, parties=parties,
                       entities=known)
    assert place_relation(en, zh(2)) == "within" and compare(en, zh(2))[0] >= 3
    assert compare(en, zh(3, date="2014-09")) is None
    assert compare(en, zh(4, place=9)) is None
    assert compare(en, zh(5, parties=(2,))) is None


def test_places_in_two_languages_may_be_one_unless_the_gazetteer_knows_both():
    """哈利法工业区 and "Khalifa Industrial Zone Abu Dhabi": the gazetteer knows neither, so
    entity resolution could not meet them, and they do not count against the join; 迪拜 and
    Abu Dhabi are two cities it knows, and count as another place."""
    from coopgraph.resolve.events import compare, place_relation

    known = {1: ("ORG", "Sinopharm", "CN"), 2: ("ORG", "Group 42", "AE"), 3: ("ORG", "中国医药集团", "CN"),
             4: ("ORG", "G42", "AE"), 7: ("PLACE", "Khalifa Industrial Zone Abu Dhabi", "AE"),
             8: ("PLACE", "哈利法工业区", "AE"), 9: ("PLACE", "迪拜", "AE"), 10: ("PLACE", "Abu Dhabi", "AE")}

    def plant(i, language, place, parties):
        return _report(i, language, "ESTABLISHMENT", "planned", date="2021", place=place, parties=parties,
                       entities=known)
    assert place_relation(plant(1, "en", 7, (1, 2)), plant(2, "zh", 8, (3, 4))) == "may be one"
    assert compare(plant(1, "en", 7, (1, 2)), plant(2, "zh", 8, (3, 4)))[0] >= 3
    assert place_relation(plant(3, "en", 10, (1, 2)), plant(4, "zh", 9, (3, 4))) == "another"
    assert compare(plant(3, "en", 10, (1, 2)), plant(4, "zh", 9, (3, 4)))[0] < 3


def test_the_kind_of_document_tells_two_agreements_of_one_visit_apart_across_languages():
    """China and Iceland signed a framework agreement and a memorandum in 2012: the English
    report of the framework agreement joins the Chinese one (框架协议), not the memorandum."""
    from coopgraph.resolve.events import cluster, document_kinds

    assert document_kinds("关于北极合作的框架协议") == {"framework agreement"}
    assert document_kinds("合作諒解備忘錄") == document_kinds("an MoU on polar science") == {"memorandum"}
    known = {1: ("COUNTRY", "China", "CN"), 2: ("COUNTRY", "Iceland", "IS")}
    en = _report(1, name="framework agreement on Arctic cooperation", date="2012-04", parties=(1, 2), entities=known)
    framework = _report(2, "zh", name="关于北极合作的框架协议", date="2012", parties=(1, 2), entities=known)
    memorandum = _report(3, "zh", name="海洋与极地科技合作谅解备忘录", date="2012", parties=(1, 2), entities=known)
    assert sorted(sorted(r.id for r in c.members) for c in cluster([en, memorandum, framework])) == [[1, 2], [3]]


def test_the_same_amount_in_two_languages_joins_a_supply_contract_and_another_amount_does_not():
    from coopgraph.resolve.events import compare, quantities

    assert quantities("contract for the supply of 15 millions of doses") == quantities("1500万剂疫苗供应合同") \
        == {15_000_000}
    assert quantities("the 2021 agreement on 3 labs") == set()
    known = {1: ("COUNTRY", "China", "CN"), 2: ("COUNTRY", "Algeria", "DZ")}
    en = _report(1, name="contract for the supply of 15 millions of doses of vaccines to Algeria",
                 published="2021-09-29", parties=(1, 2), entities=known)
    zh = _report(2, "zh", name="1500万剂疫苗供应合同", published="2021-09-30", parties=(1, 2), entities=known)
    other = _report(3, "zh", name="500万剂疫苗供应合同", published="2021-09-30", parties=(1, 2), entities=known)
    assert compare(en, zh)[0] >= 3 and compare(en, other)[0] < 3


def test_a_plan_dated_to_a_day_previews_an_undated_report_of_the_act_published_after_it():
    """The CSHOR steering committee's first meeting, previewed for 22 May 2017 in Qingdao and
    reported without a date from Hobart: one meeting. An undated act on a page published before
    the plan's day came before it; an undated plan foretells no particular act."""
    from coopgraph.resolve.events import compare, conflict

    known = {7: ("PLACE", "Hobart", "AU")}
    plan = _report(1, "zh", "MEETING", "planned", "国际南半球海洋研究中心管理指导委员会第一次会议", "2017-05-22", place=7,
                   entities=known)

    def act(i, published=None, date=None):
        return _report(i, type_="MEETING", name="first meeting of the CSHOR management steering committee", date=date,
                       published=published, place=7, entities=known)
    assert compare(plan, act(2))[0] >= 3 and compare(act(3, "2017-05-23"), plan)[0] >= 3
    assert conflict(plan, act(4, "2017-05-01")) == "a planned act and one that happened"
    assert conflict(plan, act(5, date="2017-05-24")) == "a planned act and one that happened"
    undated_plan = _report(6, "zh", "MEETING", "planned", plan.name, published="2017-05-20", place=7, entities=known)
    assert conflict(undated_plan, act(7, date="2017-05-22")) == "a planned act and one that happened"


def test_the_coreference_scorer_keeps_participants_named_by_an_alias_and_events_in_their_order(tmp_path):
    """Gold extraction for scoring: an event naming its party by an alias ('CAS') keeps it, and
    two events of one type and parties align in the article's order (the 2024 negotiations and
    the 2025 signing), not in the order of their hashed row ids."""
    from pathlib import Path

    from coopgraph.evaluate.events import gold_records, load_pages, store_records
    from coopgraph.evaluate.gold import GoldFile, GoldSegment

    text = ("The Chinese Academy of Sciences (CAS) and the Kenya Medical Research Institute concluded negotiations in "
            "March 2024 and signed the agreement on 17 July 2025.")
    system = record("talks.txt", text, [CAS, KEMRI])
    entities = [{"type": "ORG", "name": CAS.name, "aliases": ["CAS"]}, {"type": "ORG", "name": KEMRI.name, "aliases": []}]
    parties = [{"entity": "CAS", "role": "party"}, {"entity": KEMRI.name, "role": "party"}]
    events = [{"type": "AGREEMENT", "name": f"act {n}", "date": date, "participants": parties}
              for n, date in enumerate(("2024-03", "2025-07-17", "2023", "2022", "2021", "2020"))]
    gold = GoldFile(Path("talks.json"), "talks.txt", None, [GoldSegment("The Chinese Academy of Sciences (CAS)", None, True, entities, [], events)])
    [(_path, [page])] = gold_records([gold], [system])
    assert all(len(v["participants"]) == 2 for v in page["events"])
    conn = connect(tmp_path / "g.db")
    load_pages(conn, [("talks.txt", [page])])
    [stored] = store_records(conn)
    dates = [conn.execute("SELECT date FROM events WHERE id = ?", (v["row"],)).fetchone()[0] for v in stored["events"]]
    assert dates == [v["date"] for v in events]
