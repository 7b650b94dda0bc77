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
