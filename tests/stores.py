"""Small purpose-made stores, built from hand-written records without the NLP pipeline
(as datasette's fixtures are): a rule change cannot break a test that uses them."""
from __future__ import annotations

import re

import hashlib
import sqlite3
from pathlib import Path
from typing import NamedTuple

from coopgraph.extract.run import FileResult, Job
from coopgraph.resolve.resolver import resolve
from coopgraph.store.db import connect
from coopgraph.store.load import replace_document


def span(text: str, piece: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return {"start": start, "end": start + len(piece), "text": piece}


class Entity(NamedTuple):
    """Aliases are the entity's other names (acronyms, names in the other language)."""
    type: str
    name: str
    country: str | None
    aliases: tuple[str, ...] = ()


class Event(NamedTuple):
    """Participants are (name, role); place and creates are entity names; evidence is the
    piece of the text that states the event (the whole text when not given)."""
    type: str
    date: str | None
    participants: list[tuple[str, str]]
    place: str | None = None
    creates: str | None = None
    evidence: str | None = None


def record(source: str, text: str, entities, events=(), roles=(), segment: int = 0, *, title: str | None = None,
           language: str = "en", published: str | None = "2024-03-04", relevant: bool = True) -> dict:
    """A record as the pipeline would write it. Entities are `Entity` (or plain tuples of its
    fields), mentioned where their name and each alias found in the text first stand;
    events are `Event` (or tuples); roles are (person, title, org) stated by the whole text."""
    ents = []
    for i, (t, n, c, aliases) in enumerate((Entity(*e) for e in entities), 1):
        mentions = [span(text, n), *(span(text, a) for a in aliases if a in text)]
        ents.append({"id": f"e{i}", "type": t, "name": n, "aliases": list(aliases), "country": c, "mentions": mentions})
    ids = {e["name"]: e["id"] for e in ents}
    return {
        "source": source, "segment": segment, "doc_id": hashlib.sha1(text.encode()).hexdigest()[:16], "text": text,
        "title": title, "language": language, "published": published, "relevant": relevant, "entities": ents,
        "roles": [{"person": ids[p], "title": t, "org": ids.get(o), "evidence": span(text, text)} for p, t, o in roles],
        "events": [
            {"id": f"v{i}", "type": v.type, "name": None, "date": v.date, "date_end": None, "place": ids.get(v.place),
             "participants": [{"entity": ids[n], "role": role} for n, role in v.participants],
             "creates": ids.get(v.creates), "evidence": span(text, v.evidence or text)}
            for i, v in enumerate((Event(*e) for e in events), 1)
        ],
    }


def load(db: Path, records: list[dict]) -> Path:
    """Store each record as its own document, through the ingest's loading path, and resolve."""
    conn = connect(db)
    for rec in records:
        replace_document(conn, rec["source"], hashlib.sha256(rec["text"].encode()).hexdigest(), len(rec["text"]),
                         "utf-8", [rec])
    resolve(conn)
    conn.close()
    return db


KENYA = "The Kenya Medical Research Institute and the World Health Organization signed an agreement in Nairobi."
CHINA = "The Chinese Academy of Sciences and the Kenya Medical Research Institute opened a joint laboratory."


def small_store(db: Path) -> Path:
    """Two articles, four organisations and places, two events; resolved."""
    return load(db, [
        record("kenya.txt", KENYA, [("ORG", "Kenya Medical Research Institute", "KE"),
                                    ("ORG", "World Health Organization", None), ("PLACE", "Nairobi", "KE")],
               events=[("AGREEMENT", "2024-03-04", [("Kenya Medical Research Institute", "party"),
                                                    ("World Health Organization", "party")])]),
        record("china.txt", CHINA, [("ORG", "Chinese Academy of Sciences", "CN"),
                                    ("ORG", "Kenya Medical Research Institute", "KE")],
               events=[("ESTABLISHMENT", "2024", [("Chinese Academy of Sciences", "founder"),
                                                  ("Kenya Medical Research Institute", "founder")])]),
    ])


WHO = "World Health Organization"
KEMRI = "Kenya Medical Research Institute"
CAS = "Chinese Academy of Sciences"
CAAS = "Chinese Academy of Agricultural Sciences"
SAJOREC = "Sino-Africa Joint Research Centre"
CHINA_CDC = "中国疾病预防控制中心"
HOSTILE_TITLE = "<script>alert('headline')</script> Kenya and WHO sign biotechnology MoU <img src=x onerror=alert(1)>"
HOSTILE_NAME = "<b onmouseover=alert(2)>张伟</b>"


def _explorer_records() -> list[dict]:
    """Eight English pages and four Chinese ones. Each event type is there, dated and
    undated (SAJOREC's founding, the vaccine seminar); one agreement is reported twice
    (2024-03-04, the second report under a headline with markup); one Chinese attendee's
    name is HTML; one page is not about cooperation; CAS, CAAS, KEMRI and WHO are named
    in both languages, and 中非联合研究中心 is SAJOREC without anything saying so."""
    def en(source, title, published, text, entities, events=(), roles=(), relevant=True):
        return record(source, text, entities, events, roles, title=title, published=published, relevant=relevant)

    def zh(source, title, published, text, entities, events=(), roles=()):
        return record(source, text, entities, events, roles, title=title, published=published, language="zh")

    who, kemri = Entity("ORG", WHO, None, ("WHO",)), Entity("ORG", KEMRI, "KE", ("KEMRI",))
    nairobi, beijing = Entity("PLACE", "Nairobi", "KE"), Entity("PLACE", "北京", "CN")
    caas = Entity("ORG", "中国农业科学院", "CN")
    agreed = "signed an agreement in Nairobi on 4 March 2024"
    mou = "The World Health Organization and the Kenya Medical Research Institute signed a memorandum"
    sino = "2023年9月8日，中国科学院与肯尼亚医学研究所在北京签署合作协议"
    return [
        en("en/who-kemri-agreement.txt", "KEMRI and WHO agree on a vaccine laboratory", "2024-03-05",
           f"The Kenya Medical Research Institute (KEMRI) and the World Health Organization (WHO) {agreed}. "
           "Grace Wanjiru, Director General of KEMRI, said the laboratory will open next year.",
           [kemri, who, nairobi, ("PERSON", "Grace Wanjiru", "KE")],
           [Event("AGREEMENT", "2024-03-04", [(KEMRI, "party"), (WHO, "party")], "Nairobi", evidence=agreed)],
           [("Grace Wanjiru", "Director General", KEMRI)]),
        en("en/kenya-who-mou.html", HOSTILE_TITLE, "2024-03-06",
           f"Kenya and WHO sign biotechnology MoU. {mou} of understanding in Nairobi on Monday.",
           [("COUNTRY", "Kenya", "KE"), who, ("ORG", KEMRI, "KE"), nairobi],
           [Event("AGREEMENT", "2024-03-04", [(WHO, "party"), (KEMRI, "party")], "Nairobi", evidence=mou)]),
        en("en/geneva-lab-safety.txt", "WHO hosts a laboratory safety meeting in Geneva", "2023-06-13",
           "Delegates from Switzerland, Kenya, China and Brazil met in Geneva on 12 June 2023 to discuss laboratory "
           "safety. The meeting was hosted by the World Health Organization.",
           [("COUNTRY", "Switzerland", "CH"), ("COUNTRY", "Kenya", "KE"), ("COUNTRY", "China", "CN"),
            ("COUNTRY", "Brazil", "BR"), ("PLACE", "Geneva", "CH"), ("ORG", WHO, None)],
           [Event("MEETING", "2023-06-12", [(WHO, "host"), *((c, "attendee") for c in ("Switzerland", "Kenya", "China", "Brazil"))],
                  "Geneva")]),
        en("en/sajorec-founded.txt", "CAS and KEMRI found a joint research centre", "2024-02-01",
           f"The Chinese Academy of Sciences (CAS) and the {KEMRI} founded the {SAJOREC} (SAJOREC) in Nairobi.",
           [("ORG", CAS, "CN", ("CAS", "中国科学院")), ("ORG", KEMRI, "KE"), ("ORG", SAJOREC, "KE", ("SAJOREC",)), nairobi],
           [Event("ESTABLISHMENT", None, [(CAS, "founder"), (KEMRI, "founder")], "Nairobi", SAJOREC)]),
        en("en/cape-town-hub.txt", "WHO sets up an mRNA hub in Cape Town", "2021-06-22",
           "The World Health Organization established the mRNA Technology Transfer Hub in Cape Town, South Africa, "
           "on 21 June 2021.",
           [("ORG", WHO, None), ("ORG", "mRNA Technology Transfer Hub", "ZA"), ("PLACE", "Cape Town", "ZA"),
            ("COUNTRY", "South Africa", "ZA")],
           [Event("ESTABLISHMENT", "2021-06-21", [(WHO, "founder"), ("South Africa", "host")], "Cape Town",
                  "mRNA Technology Transfer Hub")]),
        en("en/ephi-joins-anso.txt", "An Ethiopian institute joins ANSO", "2022-05-10",
           "Ethiopia has a new voice in the Alliance of International Science Organizations (ANSO): the Ethiopian "
           "Public Health Institute (EPHI) became a member in 2022.",
           [("COUNTRY", "Ethiopia", "ET"), ("ORG", "Alliance of International Science Organizations", "CN", ("ANSO",)),
            ("ORG", "Ethiopian Public Health Institute", "ET", ("EPHI",))],
           [Event("MEMBERSHIP", "2022", [("Ethiopian Public Health Institute", "member"),
                                         ("Alliance of International Science Organizations", "host")])]),
        en("en/li-ming-visit.txt", "Chinese agricultural scientists visit KEMRI", "2024-05-03",
           f"Li Ming, President of the {CAAS} (CAAS), visited the {KEMRI} in Nairobi on 2 May 2024.",
           [("PERSON", "Li Ming", "CN"), ("ORG", CAAS, "CN", ("CAAS", "中国农业科学院")), ("ORG", KEMRI, "KE"), nairobi],
           [Event("MEETING", "2024-05-02", [(KEMRI, "host"), (CAAS, "attendee"), ("Li Ming", "attendee")], "Nairobi")],
           [("Li Ming", "President", CAAS)]),
        en("en/rice-gene.txt", "Scientists find a rice dwarf gene", "2024-01-20",
           "Researchers at the China National Rice Research Institute found a gene that keeps rice plants short.",
           [("ORG", "China National Rice Research Institute", "CN")], relevant=False),
        zh("zh/cas-kemri-agreement.txt", "中国科学院与肯尼亚医学研究所签署合作协议", "2023-09-10",
           f"中国与肯尼亚加强科技合作。{sino}。",
           [("COUNTRY", "中国", "CN"), ("COUNTRY", "肯尼亚", "KE"), ("ORG", "中国科学院", "CN"),
            ("ORG", "肯尼亚医学研究所", "KE", (KEMRI, "KEMRI")), beijing],
           [Event("AGREEMENT", "2023-09-08", [("中国科学院", "party"), ("肯尼亚医学研究所", "party")], "北京", evidence=sino)]),
        zh("zh/vaccine-seminar.txt", f"{CHINA_CDC}举办疫苗研讨会", "2024-01-15",
           f"{CHINA_CDC}在北京主办疫苗研讨会。中国农业科学院院长李明和{HOSTILE_NAME}出席会议。",
           [("ORG", CHINA_CDC, "CN"), beijing, caas, ("PERSON", "李明", "CN"), ("PERSON", HOSTILE_NAME, "CN")],
           [Event("MEETING", None, [(CHINA_CDC, "host"), ("中国农业科学院", "attendee"), ("李明", "attendee"),
                                    (HOSTILE_NAME, "attendee")], "北京")],
           [("李明", "院长", "中国农业科学院")]),
        zh("zh/caas-joins-cgiar.txt", "中国农业科学院加入国际农业研究磋商组织", "2021-04-02",
           "2021年，中国农业科学院加入国际农业研究磋商组织，并与中非联合研究中心开展合作。",
           [caas, ("ORG", "国际农业研究磋商组织", None), ("ORG", "中非联合研究中心", None)],
           [Event("MEMBERSHIP", "2021", [("中国农业科学院", "member"), ("国际农业研究磋商组织", "host")],
                  evidence="2021年，中国农业科学院加入国际农业研究磋商组织")]),
        zh("zh/who-china-cdc-talks.txt", f"世界卫生组织与{CHINA_CDC}举行会谈", "2022-11-02",
           f"2022年11月1日，世界卫生组织与{CHINA_CDC}在日内瓦举行会谈。",
           [("ORG", "世界卫生组织", None, (WHO, "WHO")), ("ORG", CHINA_CDC, "CN"), ("PLACE", "日内瓦", "CH")],
           [Event("MEETING", "2022-11-01", [("世界卫生组织", "party"), (CHINA_CDC, "party")], "日内瓦")]),
    ]


def explorer_store(db: Path) -> Path:
    """The explorer's store for the web tests: a dozen hand-written pages whose every fact
    is known, so that the tests can name them and no extraction change can move them."""
    return load(db, _explorer_records())


def _confidence(*what) -> float:
    """A confidence from a hash of what the fact says: spread over 0.05-0.99, fixed across runs."""
    digest = hashlib.sha256(repr(what).encode()).digest()
    return round(0.05 + 0.94 * int.from_bytes(digest[:4], "big") / 2**32, 3)


def quality_store(db: Path) -> Path:
    """The explorer's pages with a confidence on every entity, role and event, as the trained
    models give them: for the fact review and the Quality page."""
    records = _explorer_records()
    for r in records:
        for e in r["entities"]:
            e["confidence"] = _confidence(r["source"], e["name"])
        for role in r["roles"]:
            role["confidence"] = _confidence(r["source"], role["person"], role["title"])
        for v in r["events"]:
            v["confidence"] = _confidence(r["source"], v["id"], v["type"])
    return load(db, records)


def damage(db: Path, table: str = "entities") -> None:
    """Overwrite the first page of a table with noise, as a failing disk or a torn copy would."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xde\xad" * (page_size // 2))


ORGS = ("Kenya Medical Research Institute", "World Health Organization", "Chinese Academy of Sciences")


def extract_by_hand(path: str, job: Job) -> FileResult:
    """What `extract.run.extract_file` returns, without the NLP pipeline: the known
    organisations a page names, and one agreement between them; an empty page fails."""
    text = Path(path).read_text(encoding="utf-8")
    if not text.strip():
        return FileResult(path, error="empty file")
    named = [n for n in ORGS if n in text]
    day = re.search(r"\bday (\d+)", text)   # each page its own signing, on its own day (one real-world event each)
    date = f"2024-03-{int(day.group(1)) % 28 + 1:02d}" if day else "2024-04-30"
    rec = record(path, text, [("ORG", n, None) for n in named],
                 events=[("AGREEMENT", date, [(n, "party") for n in named])])
    return FileResult(path, [rec], "utf-8")


def pages(folder: Path, count: int) -> Path:
    """`count` pages for `extract_by_hand`, each an agreement of the Kenya Medical Research
    Institute with one other body."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        other = ORGS[1 + i % 2]
        (folder / f"page{i}.txt").write_text(f"On day {i}, the {ORGS[0]} and the {other} signed an agreement.\n",
                                             encoding="utf-8")
    return folder


HUB = "Global Vaccine Hub"
HUB_PARTNERS = tuple(f"{w} Research Council" for w in (
    "Amber", "Birch", "Cobalt", "Delta", "Everest", "Falcon", "Garnet", "Harbor", "Indigo", "Juniper", "Kestrel", "Lotus",
    "Meadow", "Nimbus", "Orchid", "Pinnacle", "Quartz", "Raven", "Sierra", "Tundra", "Umber", "Violet", "Willow", "Zephyr"))
HUB_YEARS = (2010,) * 4 + (2011,) * 4 + (2020,) * 8 + (2024,) * 8   # a gap of nine years, for the time axis


def crowded_store(db: Path) -> Path:
    """One hub that signed 24 agreements with 24 partners in 2010, 2011, 2020 and 2024, and
    founded a centre at a date nobody gave: more than one printed page holds, unless the brief
    cuts its lists. The first article's page names its site, title and date (`document_meta`)."""
    from coopgraph.store.web import save_meta

    countries = ("KE", "BR", "IN", "DE", "ZA", "CN")
    records = []
    for i, year in enumerate(HUB_YEARS):
        partner = HUB_PARTNERS[i]
        text = (f"The {HUB} and the {partner} signed an agreement on vaccine research in {year}, "
                f"the hub said in a statement about its long cooperation with the institute and its country.")
        records.append(record(f"hub/{year}-{i + 1}.txt", text, [("ORG", HUB, None), ("ORG", partner, countries[i % 6])],
                              events=[("AGREEMENT", f"{year}-0{i % 9 + 1}-15", [(HUB, "party"), (partner, "party")])],
                              title=f"{HUB} signs with {partner}", published=f"{year}-0{i % 9 + 1}-16"))
    text = f"The {HUB} founded the Hub Training Centre."
    records.append(record("hub/centre.txt", text, [("ORG", HUB, None), ("ORG", "Hub Training Centre", None)],
                          events=[("ESTABLISHMENT", None, [(HUB, "founder")], None, "Hub Training Centre")],
                          title="The hub opens a training centre", published=None))
    load(db, records)
    conn = connect(db)
    with conn:
        save_meta(conn, "hub/2010-1.txt", {"site": "Vaccine News", "title": "Hub and first partner sign", "published": "2010-01-17",
                                           "url": "https://vaccine-news.example.org/hub-first"})
    conn.close()
    return db


ALPHA, BETA, GAMMA, DELTA = "Alpha Institute", "Beta University", "Gamma Agency", "Delta Council"
CENTRE, OMEGA, EPSILON, ZETA = "Gamma-Delta Centre", "Omega Foundation", "Epsilon Laboratory", "Zeta Fund"
ALPHA_BETA_URL = "https://news.example.org/alpha-beta-agree"


def network_store(db: Path) -> Path:
    """A chain of partners, Alpha - Beta - Gamma - Delta (2020, 2021, 2022: Gamma and Delta found
    a centre), a 2023 forum of Omega's that Alpha and Delta only attend (a shortcut that is no
    partnership), and a pair apart from the rest, Epsilon and Zeta (2019). The Alpha-Beta page
    came from the web (`ALPHA_BETA_URL`)."""
    from coopgraph.store.web import save_meta

    def org(name: str, country: str | None = None) -> Entity:
        return Entity("ORG", name, country)

    load(db, [
        record("ab.txt", f"The {ALPHA} and the {BETA} signed an agreement.", [org(ALPHA, "KE"), org(BETA, "CN")],
               [Event("AGREEMENT", "2020-05-01", [(ALPHA, "party"), (BETA, "party")])], title="Alpha and Beta agree"),
        record("bg.txt", f"The {BETA} and the {GAMMA} signed a memorandum.", [org(BETA, "CN"), org(GAMMA, "ZA")],
               [Event("AGREEMENT", "2021-02-03", [(BETA, "party"), (GAMMA, "party")])], title="Beta and Gamma agree"),
        record("gd.txt", f"The {GAMMA} and the {DELTA} founded the {CENTRE}.",
               [org(GAMMA, "ZA"), org(DELTA, "BR"), org(CENTRE, "BR")],
               [Event("ESTABLISHMENT", "2022", [(GAMMA, "founder"), (DELTA, "founder")], creates=CENTRE)],
               title="A centre is founded"),
        record("forum.txt", f"The {OMEGA} hosted a forum; the {ALPHA} and the {DELTA} attended.",
               [org(OMEGA), org(ALPHA, "KE"), org(DELTA, "BR")],
               [Event("MEETING", "2023-09-09", [(OMEGA, "host"), (ALPHA, "attendee"), (DELTA, "attendee")],
                      evidence=f"the {ALPHA} and the {DELTA} attended")], title="Omega's forum"),
        record("ez.txt", f"The {EPSILON} joined the {ZETA}.", [org(EPSILON, "ET"), org(ZETA)],
               [Event("MEMBERSHIP", "2019", [(EPSILON, "member"), (ZETA, "host")])], title="Epsilon joins Zeta"),
    ])
    conn = connect(db)
    with conn:
        save_meta(conn, "ab.txt", {"url": ALPHA_BETA_URL, "site": "example.org", "title": "Alpha and Beta agree"})
    conn.close()
    return db


TIB = "Tianjin Institute of Industrial Biotechnology"
ANTIBODIES = "Bispecific Antibodies Research Centre"
MA_YANHE = "马延和"
_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pu", "de")


def genomics_institute(n: int) -> str:
    """The name of the n-th institute of `search_store`: each begins with a word of its own,
    so that resolution keeps them apart ("Kalora Genomics Institute")."""
    return f"{_SYLLABLES[n % 11].capitalize()}{_SYLLABLES[n // 11 % 11]}ra Genomics Institute"


def search_store(db: Path, institutes: int = 55) -> Path:
    """What search must tell apart: TIB (an acronym inside "Antibodies" and at the start of
    "Tibet"), Tianjin the city (a typo away from "Tianjn"), 马延和 named only in Chinese
    (found by "ma yanhe"), and `institutes` genomics institutes in English and Chinese
    pages, one page each, for paging; the seventh takes part in the most events."""
    tib = Entity("ORG", TIB, "CN", ("TIB",))
    records = [
        record("en/tib-comsats.txt", f"The {TIB} (TIB) and COMSATS signed an agreement in Tianjin. <b>Bold</b> plans.",
               [tib, ("ORG", "COMSATS", "PK"), ("PLACE", "Tianjin", "CN")],
               [("AGREEMENT", "2023-05-01", [(TIB, "party"), ("COMSATS", "party")], "Tianjin")],
               title="TIB and COMSATS sign", published="2023-05-02"),
        record("en/antibodies.txt", f"The {ANTIBODIES} opened a laboratory in Lhasa.", [("ORG", ANTIBODIES, "CN")],
               title="A laboratory for antibodies", published="2023-06-01"),
        record("en/tibet.txt", "Tibet hosts a plateau biology station.", [("PLACE", "Tibet", "CN")],
               title="A station on the plateau", published="2023-06-02"),
        record("zh/ma-yanhe.txt", f"天津工业生物技术研究所所长{MA_YANHE}会见了巴基斯坦代表团。",
               [("PERSON", MA_YANHE, "CN")], language="zh", title="马延和会见代表团", published="2023-07-01"),
    ]
    for n in range(1, institutes + 1):
        name, zh = genomics_institute(n), n % 5 == 0
        events = [("MEETING", f"2022-01-{d:02d}", [(name, "host")]) for d in range(1, 4)] if n == 7 else \
            [("MEETING", "2022-02-01", [(name, "host")])]
        text = f"基因组研究: {name}在北京举办研讨会。" if zh else f"The {name} held a genomics workshop in Nairobi."
        records.append(record(f"{'zh' if zh else 'en'}/genomics-{n:02d}.txt", text, [("ORG", name, None)], events,
                              language="zh" if zh else "en", title=f"Genomics workshop {n}", published=f"2022-03-{n % 28 + 1:02d}"))
    return load(db, records)


def back_to_schema(db: Path, version: int) -> None:
    """Make `db` look like a store written at schema `version`: drop what the later migrations
    (10: web tables, 11: real-world events, 13: confidence and fact reviews, 14: event redirects) add, so that
    opening it runs them again."""
    from coopgraph.store.db import connect

    conn = connect(db)
    if version < 14:
        conn.execute("DROP TABLE event_redirects")
    if version < 13:
        conn.execute("DROP TABLE fact_reviews")
        for table in ("mentions", "roles", "events"):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN confidence")
    if version < 11:
        for table in ("real_events", "event_coref", "event_ids", "article_vectors"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("ALTER TABLE events DROP COLUMN status")
    if version < 10:
        for table in ("document_meta", "web_pages", "web_sources"):
            conn.execute(f"DROP TABLE {table}")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
