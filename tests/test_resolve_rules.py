"""Resolution rules on hand-written records (no NLP): for each rule, a pair that must join
and a pair that must stay apart."""
from __future__ import annotations

import hashlib
from pathlib import Path

from stores import record

from coopgraph.resolve.keys import name_key
from coopgraph.resolve.people import transliteration_score
from coopgraph.resolve.resolver import is_bare_body, resolve
from coopgraph.store.db import connect
from coopgraph.store.load import replace_document


def _store(db: Path, pages: dict[str, list[tuple[str, list]]]):
    """pages: path → [(text, entities)], one record per segment of that page; resolved."""
    conn = connect(db)
    for path, segments in pages.items():
        records = [record(path, text, entities, segment=i, language="zh" if any("\u4e00" <= c <= "\u9fff" for c in text)
                          else "en") for i, (text, entities) in enumerate(segments)]
        digest = hashlib.sha256("".join(r["text"] for r in records).encode()).hexdigest()
        replace_document(conn, path, digest, 1, "utf-8", records)
    resolve(conn)
    return conn


def _entities(conn, name: str) -> set[int]:
    return {r[0] for r in conn.execute(
        "SELECT r.entity_id FROM resolution r JOIN mentions m ON m.id = r.mention_id WHERE m.name = ?", (name,))}


def _joined(conn, a: str, b: str) -> bool:
    ea, eb = _entities(conn, a), _entities(conn, b)
    assert ea and eb, (a, b)
    return bool(ea & eb)


def _rules(conn, name: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT r.rule FROM resolution r JOIN mentions m ON m.id = r.mention_id WHERE m.name = ?", (name,))]


def test_a_bare_ministry_joins_only_on_its_own_page(tmp_path):
    conn = _store(tmp_path / "g.db", {
        "korea.txt": [("Korea's Ministry of Foreign Affairs said the deal was signed.", [("ORG", "Ministry of Foreign Affairs", None)]),
                      ("The Ministry of Foreign Affairs will host the next round.", [("ORG", "Ministry of Foreign Affairs", None)])],
        "china.txt": [("The Ministry of Foreign Affairs in Beijing welcomed the centre.", [("ORG", "Ministry of Foreign Affairs", None)])],
        "zh1.txt": [("外交部发言人表示欢迎。", [("ORG", "外交部", None)])],
        "zh2.txt": [("韩国外交部宣布加入。外交部表示。", [("ORG", "外交部", None)])],
    })
    entities = conn.execute("SELECT DISTINCT r.entity_id, d.path FROM resolution r JOIN mentions m ON m.id = r.mention_id "
                            "JOIN articles a ON a.id = m.article_id JOIN documents d ON d.id = a.document_id "
                            "WHERE m.name = 'Ministry of Foreign Affairs'").fetchall()
    assert len({e for e, _ in entities}) == 2                         # one per page, the page's two segments joined
    assert len(_entities(conn, "外交部")) == 2
    assert is_bare_body("Ministry of Health") and is_bare_body("商务部")
    assert not is_bare_body("Ministry of Health of Nicaragua") and not is_bare_body("南非科技部")


def test_a_shared_name_joins_within_one_country(tmp_path):
    conn = _store(tmp_path / "g.db", {
        "sg.txt": [("新加坡国立大学参加会议。", [("ORG", "新加坡国立大学", "SG", ("国立大学",))])],
        "uz.txt": [("乌兹别克斯坦国立大学签署协议。", [("ORG", "乌兹别克斯坦国立大学", "UZ", ("国立大学",))])],
        "ke1.txt": [("The Kenya Medical Research Institute signed.", [("ORG", "Kenya Medical Research Institute", "KE")])],
        "ke2.txt": [("Kenya Medical Research Institute staff met.", [("ORG", "Kenya Medical Research Institute", None)])],
    })
    assert not _joined(conn, "新加坡国立大学", "乌兹别克斯坦国立大学")
    assert len(_entities(conn, "Kenya Medical Research Institute")) == 1  # a country-less mention joins the one country


def test_known_bodies_join_under_every_name(tmp_path):
    conn = _store(tmp_path / "g.db", {
        "a.txt": [("The State Oceanic Administration of China sent a ship.", [("ORG", "State Oceanic Administration of China", "CN")])],
        "b.txt": [("国家海洋局派出科考船。", [("ORG", "国家海洋局", None)])],
        "c.txt": [("The Ministry of Commerce of the People's Republic of China funded it.",
                   [("ORG", "Ministry of Commerce of the People's Republic of China", "CN")])],
        "d.txt": [("中國商務部資助。", [("ORG", "中國商務部", "CN")])],
        "e.txt": [("世界衞生組織表示。", [("ORG", "世界衞生組織", None)])],
        "f.txt": [("世界卫生组织表示。", [("ORG", "世界卫生组织", None)])],
        "us.txt": [("The National Academy of Sciences in Washington agreed.", [("ORG", "National Academy of Sciences", "US")])],
        "lk.txt": [("The National Academy of Sciences of Sri Lanka agreed.", [("ORG", "National Academy of Sciences", "LK")])],
        "zh-us.txt": [("美国国家科学院表示。", [("ORG", "美国国家科学院", "US")])],
    })
    assert _joined(conn, "State Oceanic Administration of China", "国家海洋局")
    assert _joined(conn, "Ministry of Commerce of the People's Republic of China", "中國商務部")
    assert _joined(conn, "世界衞生組織", "世界卫生组织")      # a Hong Kong variant character
    assert name_key("世界衞生組織") == name_key("世界卫生组织")
    assert len(_entities(conn, "National Academy of Sciences")) == 2     # a known body's name in another country
    assert _joined(conn, "美国国家科学院", "National Academy of Sciences")
    assert len(_entities(conn, "美国国家科学院") & _entities(conn, "National Academy of Sciences")) == 1


def test_composed_translations_match_words_in_any_order(tmp_path):
    conn = _store(tmp_path / "g.db", {
        "en.txt": [("The Norwegian Institute for Polar Research and the University of Akureyri joined.",
                    [("ORG", "Norwegian Institute for Polar Research", "NO"), ("ORG", "University of Akureyri", "IS")])],
        "zh.txt": [("挪威极地研究所与冰岛阿克雷里大学加入。", [("ORG", "挪威极地研究所", "NO"), ("ORG", "冰岛阿克雷里大学", "IS")])],
        "ucas.txt": [("University of Chinese Academy of Sciences students came.",
                      [("ORG", "University of Chinese Academy of Sciences", "CN", ("Chinese Academy of Sciences", "CAS"))])],
        "cas.txt": [("中国科学院大学学生。", [("ORG", "中国科学院大学", "CN")])],
    })
    assert _joined(conn, "Norwegian Institute for Polar Research", "挪威极地研究所")
    assert _joined(conn, "University of Akureyri", "冰岛阿克雷里大学")
    # an English name that extraction gave the names of another body is not a translation's match
    assert not _joined(conn, "University of Chinese Academy of Sciences", "中国科学院大学")


def test_chinese_and_pinyin_names_join_on_pages_naming_one_organisation(tmp_path):
    conn = _store(tmp_path / "g.db", {
        "en.txt": [("Wang Yi visited the Sinopharm plant.", [("PERSON", "Wang Yi", None), ("ORG", "Sinopharm", "CN")])],
        "zh.txt": [("王毅参观国药集团工厂。", [("PERSON", "王毅", "CN"), ("ORG", "国药集团", "CN", ("Sinopharm",))])],
        "bgi.txt": [("汪建在华大基因讲话。", [("PERSON", "汪建", "CN"), ("ORG", "华大基因", "CN")])],
        "zju.txt": [("Wang Jian of Zhejiang University spoke.", [("PERSON", "Wang Jian", "CN"), ("ORG", "Zhejiang University", "CN")])],
        "cas.txt": [("Wang Ming of the Chinese Academy of Sciences spoke.",
                     [("PERSON", "Wang Ming", None), ("ORG", "Chinese Academy of Sciences", "CN")])],
        "zh1.txt": [("中国科学院王明说。", [("PERSON", "王明", "CN"), ("ORG", "中国科学院", "CN", ("Chinese Academy of Sciences",))])],
        "zh2.txt": [("中国科学院王鸣说。", [("PERSON", "王鸣", "CN"), ("ORG", "中国科学院", "CN", ("Chinese Academy of Sciences",))])],
    })
    assert _joined(conn, "Wang Yi", "王毅")
    assert any("pages that name the same organisation" in r for r in _rules(conn, "王毅") + _rules(conn, "Wang Yi"))
    assert not _joined(conn, "汪建", "Wang Jian")      # same sound, no organisation in common
    assert not _joined(conn, "Wang Ming", "王明") and not _joined(conn, "Wang Ming", "王鸣")  # two candidates: neither


def test_transliterated_names_join_by_sound(tmp_path):
    assert transliteration_score("阿明娜·穆罕默德", "Amina Mohamed") is not None
    assert transliteration_score("阿明娜·穆罕默德", "Moussa Faki Mahamat") is None
    conn = _store(tmp_path / "g.db", {
        "en.txt": [("Amina Mohamed and Moussa Faki Mahamat opened the African Union office.",
                    [("PERSON", "Amina Mohamed", None), ("PERSON", "Moussa Faki Mahamat", None), ("ORG", "African Union", None)])],
        "zh.txt": [("阿明娜·穆罕默德出席非盟活动。", [("PERSON", "阿明娜·穆罕默德", None), ("ORG", "非盟", None, ("African Union",))])],
    })
    assert _joined(conn, "Amina Mohamed", "阿明娜·穆罕默德")
    assert not _joined(conn, "Moussa Faki Mahamat", "阿明娜·穆罕默德")


def test_a_surname_joins_the_one_full_name_of_its_page(tmp_path):
    conn = _store(tmp_path / "g.db", {
        "eu.txt": [("Ursula von der Leyen opened the site.", [("PERSON", "Ursula von der Leyen", None)]),
                   ("Later, von der Leyen said more.", [("PERSON", "von der Leyen", None)])],
        "rw.txt": [("Paul Kagame and Jeannette Kagame attended.", [("PERSON", "Paul Kagame", "RW"), ("PERSON", "Jeannette Kagame", "RW")]),
                   ("Kagame thanked the guests.", [("PERSON", "Kagame", "RW")])],
        "other.txt": [("Hou Jianguo signed.", [("PERSON", "Hou Jianguo", "CN")])],
        "order.txt": [("Jianguo Hou said.", [("PERSON", "Jianguo Hou", "CN")])],
    })
    assert _joined(conn, "von der Leyen", "Ursula von der Leyen")
    assert not _joined(conn, "Kagame", "Paul Kagame") and not _joined(conn, "Kagame", "Jeannette Kagame")
    assert not _joined(conn, "Paul Kagame", "Jeannette Kagame")
    assert _joined(conn, "Hou Jianguo", "Jianguo Hou")      # a Chinese name printed in either order


def test_a_province_named_as_such_is_not_its_capital(tmp_path):
    conn = _store(tmp_path / "g.db", {
        "ao.txt": [("The centre in Luanda serves Luanda province.", [("PLACE", "Luanda", "AO"), ("PLACE", "Luanda province", "AO")])],
        "zj1.txt": [("Zhejiang province signed.", [("PLACE", "Zhejiang province", "CN")])],
        "zj2.txt": [("浙江省签署协议。", [("PLACE", "浙江省", "CN")])],
    })
    assert not _joined(conn, "Luanda", "Luanda province")
    assert _joined(conn, "Zhejiang province", "浙江省")
