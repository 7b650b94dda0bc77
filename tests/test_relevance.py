"""Relevance: international cooperation in S&T, not its look-alikes."""
from __future__ import annotations

from conftest import record_for


def test_cooperation_articles_are_relevant(records):
    for filename in ("000_034e7e5437f64165.txt", "002_6d0cee41bff1600d.txt", "03_embrapa-cirad-ciba-consortium.txt",
                     "09_china-central-asia-dryland-joint-lab.txt", "12_cas-kenya-sajorc-mou.txt"):
        assert record_for(records, filename)["relevant"], filename


def test_near_misses_are_not(records):
    # domestic financing, a domestic university–company lab, a plain science result
    for filename in ("14_bluepha-series-b-financing.txt", "15_sysu-muen-bio-joint-lab.txt", "16_rice-dwarf-gene-discovery.txt"):
        r = record_for(records, filename)
        assert not r["relevant"], (filename, r["relevance_reasons"])


def test_newspaper_page_separates_relevant_from_not(records):
    flags = [record_for(records, "004_bd53997ff9b32d3e.txt", i)["relevant"] for i in range(5)]
    assert flags == [True, False, False, False, False]


def test_teasers_judged_one_by_one(records):
    flags = {i: record_for(records, "001_cbe65e010aad1d06.txt", i)["relevant"] for i in range(1, 11)}
    assert flags[1] is False  # export-control entity list: sanctions, not cooperation
    assert flags[2] is True  # China–Central Asia joint laboratory unveiled
    assert flags[3] is False  # a provincial inspection visit


def test_reasons_are_recorded(records):
    r = record_for(records, "12_cas-kenya-sajorc-mou.txt")
    assert any(reason.startswith("countries: ") and "KE" in reason for reason in r["relevance_reasons"])


def _relevance_of(pipeline, text: str) -> dict:
    from coopgraph.ingest.clean import clean_blocks
    from coopgraph.ingest.reader import Source
    from coopgraph.ingest.segment import segment_blocks

    source = Source("deal.txt", "utf-8", segment_blocks(clean_blocks(text)))
    return pipeline.process_source(source)[0].to_record()


def test_deal_and_trial_news_with_no_act_is_a_look_alike(pipeline):
    """A licensing deal told in market words (upfront payment, royalties, per share) between
    companies of two countries is finance news, not cooperation, when no agreement is reported
    as signed."""
    r = _relevance_of(pipeline, (
        "Shanghai biotech prices licence on its antibody candidate\n\n"
        "Investors in the Shanghai-listed drug developer welcomed the terms on Monday: an upfront payment of "
        "USD 200 million, milestone payments of up to USD 1.1 billion and tiered royalties on net sales outside China. "
        "The shares rose 12 per cent. The US partner, Pfizer, will run research in its own laboratories; a phase 3 "
        "trial in lung cancer is planned for next year, the company told analysts.\n"))
    assert not r["relevant"], r["relevance_reasons"]
    assert any(reason.startswith("other news without an act") for reason in r["relevance_reasons"])


def test_a_signed_agreement_stays_relevant_whatever_its_market_words(pipeline):
    r = _relevance_of(pipeline, (
        "Kenya and China sign vaccine research agreement\n\n"
        "The Kenya Medical Research Institute and the Chinese Academy of Sciences signed a cooperation agreement on "
        "vaccine research in Nairobi on Monday. Investors in Chinese vaccine makers watched the deal; royalties from "
        "any vaccine will be shared, officials said.\n"))
    assert r["relevant"], r["relevance_reasons"]


def test_short_items_carry_their_cues_in_other_words(pipeline):
    """A visit to China (访华) is international, 协作 is cooperation, an accession is an act,
    and a body known by its acronym brings the domain of its full name ('IVI', the
    International Vaccine Institute)."""
    r = _relevance_of(pipeline, "格罗西访华期间会见中国国际发展合作署署长罗照辉\n\n双方同意加强合作，推动核技术惠及更多发展中国家。\n")
    assert r["relevant"], r["relevance_reasons"]
    r = _relevance_of(pipeline, "国家核与辐射安全中心获指定\n\n该中心获指定为国际原子能机构协作中心，负责核安全培训。\n")
    assert r["relevant"], r["relevance_reasons"]
    r = _relevance_of(pipeline, (
        "Bangladesh completes accession to IVI\n\n"
        "Bangladesh's cabinet ratified the IVI Establishment Agreement on Feb. 22, making it the institute's 19th State Party.\n"))
    assert r["relevant"], r["relevance_reasons"]


def test_a_grouping_of_countries_or_two_countries_is_international(pipeline):
    """BRICS, ASEAN, 中东欧, 'the two countries', 两国: the text says the act is between countries without
    naming two of them."""
    for text in ("BRICS science ministers meet in Durban\n\nThe ministers adopted a declaration on research infrastructure.\n",
                 "第五届中国—中东欧国家卫生部长论坛在布拉格举行\n\n论坛为期两天，与会代表讨论了公共卫生领域的合作。\n",
                 "疫苗合作协定签署\n\n科技部长与来访的部长以视频方式签署合作协定，两国将分享疫苗研发知识与经验。\n"):
        r = _relevance_of(pipeline, text)
        assert r["relevant"], (text, r["relevance_reasons"])
        assert any(reason.startswith("international framing") for reason in r["relevance_reasons"])


def test_a_headline_s_meeting_verbs_are_cooperation_but_a_body_s_meet_is_not(pipeline):
    """'ministers meet', 'inks MoU' in a headline, '召开', '举行' report a meeting or a signing; 'meet the
    demand' in a body reports none."""
    for text in ("Kenyan and Chinese vaccine scientists meet in Nairobi\n\nThe scientists compared the results of their studies.\n",
                 "第三届东盟与中日韩科技高官会在古晋召开\n\n各国代表回顾了过去一年的科技工作。\n"):
        r = _relevance_of(pipeline, text)
        assert r["relevant"], (text, r["relevance_reasons"])
    body = ("Kenya's vaccine plant in Nairobi and a Chinese supplier expanded output this year to meet demand "
            "for vaccines across the region, scientists in both countries said.\n")
    r = _relevance_of(pipeline, "Vaccine output rises\n\n" + body)
    assert not r["relevant"], r["relevance_reasons"]


def test_a_teaser_s_place_says_where_its_act_happened(pipeline):
    """A headline-only teaser names the place of its act: a Canadian delegation in Beijing is abroad. In a
    whole article a place may be named in passing, and it does not count."""
    from coopgraph.ingest.clean import clean_blocks
    from coopgraph.ingest.reader import Source
    from coopgraph.ingest.segment import segment_blocks

    page = ("Kenya and China sign vaccine memorandum\n\n"
            "Kenya and China signed a memorandum on vaccine research in Nairobi on Monday, the ministry said.\n\n"
            "The two institutes will train technicians and share laboratory data over the next five years.\n\n"
            "Related\n\nCanadian genome scientists sign research agreement with zoologists in Beijing\n")
    source = Source("page.txt", "utf-8", segment_blocks(clean_blocks(page)))
    teaser = pipeline.process_source(source)[-1].to_record()
    assert teaser["title"].startswith("Canadian genome scientists")
    assert teaser["relevant"], teaser["relevance_reasons"]


def test_space_science_is_a_domain_in_chinese_too(pipeline):
    """航天 (space flight) names a science domain as 'space' does in English."""
    r = _relevance_of(pipeline, "中国载人航天工程办公室与联合国外空司签署合作谅解备忘录\n\n双方将在空间站开展合作。\n")
    assert any(reason.startswith("domain cues: ") and "航天" in reason for reason in r["relevance_reasons"])
    assert r["relevant"], r["relevance_reasons"]


def test_hong_kong_and_the_mainland_are_one_country_but_a_foreign_one_with_a_chinese_party_is_two(pipeline):
    """A Hong Kong university and a mainland company are domestic partners; on a Chinese page, one foreign
    country and a Chinese party (a body or place of China, or a person by a Chinese name) are the two
    sides, though China itself goes unnamed."""
    r = _relevance_of(pipeline, "香港中文大学与深圳市一家生物科技公司签署合作备忘录\n\n"
                                "香港中文大学与深圳市这家公司5月2日签署合作备忘录，双方将在生物医学研究方面加强合作。\n")
    assert not r["relevant"], r["relevance_reasons"]
    r = _relevance_of(pipeline, "王建华会见新西兰总理首席科技顾问\n\n双方就加强科技合作交换了意见。\n")
    assert r["relevant"], r["relevance_reasons"]
    assert any(reason.startswith("a foreign country and a Chinese party: NZ") for reason in r["relevance_reasons"])


def test_an_international_word_in_a_department_s_name_or_a_new_centre_s_name_is_no_international_act(pipeline):
    """'国际合作司' is a ministry's department; an 'international' centre that Chinese institutes found
    among themselves is domestic. The founders say who takes part, not the name."""
    r = _relevance_of(pipeline, "国家中医药管理局国际合作司与中国医药保健品进出口商会签署合作备忘录\n\n"
                                "1月22日，国家中医药管理局国际合作司与中国医药保健品进出口商会在北京签署合作备忘录，双方将共同推进中医药研究。\n")
    assert not r["relevant"], r["relevance_reasons"]
    r = _relevance_of(pipeline, "中医药管理局与医保商会签署合作备忘录\n\n双方将共同推进中医药研究，目前许多国家尚未承认中医药的合法地位。\n")
    assert not r["relevant"], r["relevance_reasons"]    # 许多国家 "many countries" is no 多国 "multinational"
    r = _relevance_of(pipeline, "国际微生物大数据联合研究中心在京挂牌\n\n"
                                "由中国科学院微生物研究所和上海生物信息技术研究中心共同组建的国际微生物大数据联合研究中心7月3日在北京正式挂牌成立。\n")
    assert not r["relevant"], r["relevance_reasons"]


def test_a_member_counted_and_a_body_of_no_country_named_anywhere_are_international(pipeline):
    """'the 12th country to sign' counts a body's members; CERN or ICGEB named in a teaser's headline is
    international even where no entity was taken from it."""
    r = _relevance_of(pipeline, "Portugal signs up\n\nPortugal became the 12th country to sign the memorandum of understanding "
                                "of the bioinformatics research infrastructure on 3 May.\n")
    assert r["relevant"], r["relevance_reasons"]
    assert any(reason.startswith("international framing") and "12th country" in reason for reason in r["relevance_reasons"])
    page = ("Kenya and China sign vaccine memorandum\n\n"
            "Kenya and China signed a memorandum on vaccine research in Nairobi on Monday, the ministry said.\n\n"
            "The two institutes will train technicians and share laboratory data over the next five years.\n\n"
            "Related\n\nICGEB-Kenya fellowship programme sealed\n")
    from coopgraph.ingest.clean import clean_blocks
    from coopgraph.ingest.reader import Source
    from coopgraph.ingest.segment import segment_blocks
    from coopgraph.ingest.teasers import rules_verdict   # the layout rules keep the teaser
    segments = segment_blocks(clean_blocks(page), decide=rules_verdict)
    teaser = pipeline.process_source(Source("page.txt", "utf-8", segments))[-1].to_record()
    assert teaser["title"].startswith("ICGEB-Kenya"), teaser["title"]
    assert teaser["relevant"], teaser["relevance_reasons"]


def test_a_headline_about_trade_or_a_takeover_is_a_look_alike(pipeline):
    """A free trade agreement signed by two countries, or a takeover, is the story even when its body
    names technology or health: not cooperation in science."""
    r = _relevance_of(pipeline, "中国与塞尔维亚签署自由贸易协定\n\n10月17日，两国政府签署自由贸易协定，双方将在卫生、技术等领域扩大合作。\n")
    assert not r["relevant"], r["relevance_reasons"]
    assert any(reason.startswith("look-alike cues") for reason in r["relevance_reasons"])


def test_aid_to_build_a_laboratory_abroad_is_cooperation(pipeline):
    """援建 ("aid to build"), 援 before a country ("aid to"): China building a laboratory in another country is
    cooperation between them."""
    r = _relevance_of(pipeline, "中国援建塞拉利昂生物安全实验室在弗里敦开工\n\n中国援建的塞拉利昂生物安全实验室项目20日在弗里敦奠基。\n")
    assert r["relevant"], r["relevance_reasons"]
    r = _relevance_of(pipeline, "中国援塞拉利昂固定生物安全实验室在弗里敦开工\n\n实验室项目20日在弗里敦奠基，塞拉利昂卫生部长出席仪式。\n")
    assert r["relevant"], r["relevance_reasons"]
    assert any("aid to a country" in reason for reason in r["relevance_reasons"])


def test_a_protocol_and_a_joint_centre_named_by_its_field_are_cooperation(pipeline):
    """A protocol is an agreement between governments; 'a joint marine research centre' is a joint centre
    though its field stands between 'joint' and 'centre'."""
    r = _relevance_of(pipeline, "Marine research centre planned for Karachi\n\n"
                                "Pakistan and China have agreed to build a joint marine research centre in Karachi, under a "
                                "protocol exchanged on Monday by the two oceanography institutes.\n")
    assert r["relevant"], r["relevance_reasons"]
    assert any("protocol" in reason and "joint marine research centre" in reason for reason in r["relevance_reasons"])


def test_a_segment_hears_the_countries_its_page_s_other_segments_name(pipeline):
    """A digest's item that names one foreign country ("a Letter of Intent with Costa Rica") stands on a page
    whose other items name the outlet's own country: relevance is told those countries (run after every
    segment's entities), and the trained decision reads them as features."""
    from coopgraph.ingest.reader import Source
    from coopgraph.ingest.segment import Segment
    from coopgraph.learn.features import relevance_features

    segments = [
        Segment("India and Thailand sign MoU on astronomy", ["India and Thailand signed a memorandum on astronomy research in New Delhi."]),
        Segment("Cabinet apprised of Letter of Intent with Costa Rica", ["The Letter of Intent with Costa Rica on biotechnology research was signed in March."]),
    ]
    first, second = pipeline.process_source(Source("digest.txt", "utf-8", segments))
    assert sorted(first.page_countries) == ["CR"] and sorted(second.page_countries) == ["IN", "TH"]
    assert second.relevance_signals["country_codes"] == ["CR"] and second.relevance_signals["page_other_countries"] == 2
    features = relevance_features(second)
    assert features["one_country_page_other"] == 1.0 and features["page_other_countries=2+"] == 1.0
    alone = pipeline.process_source(Source("one.txt", "utf-8", segments[1:]))[0]
    assert alone.page_countries == {} and relevance_features(alone)["one_country_page_other"] == 0.0


def test_a_look_alike_s_own_wording_is_counted_for_the_trained_decision(pipeline):
    """Finance, pure-science and policy wording, counted: no verdict by itself, a feature of the segment."""
    from coopgraph.ingest.reader import Source
    from coopgraph.ingest.segment import Segment

    text = ("Samsung Biologics said its second-quarter profit rose 72% on revenue from new sales contracts, "
            "and investors sent its shares up 4% as the quarterly earnings beat forecasts.")
    a = pipeline.process_source(Source("q2.txt", "utf-8", [Segment("Samsung Biologics Q2 net jumps", [text])]))[0]
    assert a.relevance_signals["finance_cues"] >= 6 and a.relevance_signals["science_cues"] == 0


def test_the_letters_ipo_inside_a_site_s_name_are_no_listing(pipeline):
    """'文匯網 WENWEIPO.COM' holds the letters IPO: no look-alike cue of a stock listing."""
    r = _relevance_of(pipeline, "文匯網 WENWEIPO.COM\n\n长春高新区与俄罗斯莫斯科大学签署协议，双方将合作共建中俄生物技术中心。\n")
    assert not any(reason.startswith("look-alike cues") for reason in r["relevance_reasons"]), r["relevance_reasons"]
