"""Dates resolved to the calendar, keeping only what the text knows."""
from __future__ import annotations

from coopgraph.dates import find_dates, find_page_date


def values(text, lang, published=None):
    return [(d.value, d.end_value) for d in find_dates(text, lang, published)]


def test_english_forms():
    assert values("on November 9-10, 2023.", "en") == [("2023-11-09", "2023-11-10")]
    assert values("On 5 March 2018, they signed", "en") == [("2018-03-05", None)]
    assert values("In July 2015, the centre", "en") == [("2015-07", None)]
    assert values("became a member on May 13, 1992", "en") == [("1992-05-13", None)]


def test_month_day_needs_a_publication_date():
    assert values("On June 16, the forum was held", "en") == []
    assert values("On June 16, the forum was held", "en", "2023-07-03") == [("2023-06-16", None)]
    # a December event told in a January article happened the year before
    assert values("On December 28 the MoU was signed", "en", "2024-01-05") == [("2023-12-28", None)]


def test_relative_english_dates_use_the_publication_date():
    assert values("signed in Buenos Aires yesterday", "en", "2014-04-23") == [("2014-04-22", None)]
    assert values("visited Saudi Arabia this month", "en", "2022-12-27") == [("2022-12", None)]


def test_chinese_month_day_forms_that_dateparser_misreads():
    assert values("11月10日,第五届论坛在天津举行", "zh") == []
    assert values("11月10日,第五届论坛在天津举行", "zh", "2014-11-12") == [("2014-11-10", None)]
    assert values("2025年6月11日,大会在成都举行", "zh") == [("2025-06-11", None)]
    assert values("即将于6月10日至12日在成都举办", "zh", "2025-06-03") == [("2025-06-10", "2025-06-12")]
    # "13日" in a dateline of 12 December: the 13th of the previous month is impossible, so …
    assert values("白春礼13日在内罗毕签署", "zh", "2018-12-13") == [("2018-12-13", None)]
    assert values("奠基仪式9日在贝尔格莱德举行", "zh", "2021-09-10") == [("2021-09-09", None)]
    assert values("该实验室于2024年10月经科技部批准", "zh") == [("2024-10", None)]
    assert values("今年4月启动", "zh", "2025-06-27") == [("2025-04", None)]


def test_page_dates():
    assert find_page_date("2023-07-03 16:10:01 admin source: share:") == "2023-07-03"
    assert find_page_date("Tuesday, 15 July, 2014") == "2014-07-15"
    assert find_page_date("2022/11/8 17:21:51  阅读:219 发布者:") == "2022-11-08"
    assert find_page_date("1/20/202 ICGEB-China Regional Research Center") is None
    assert find_page_date("NEWS  12.12.2013") == "2013-12-12"   # day first, with dots


def test_dateline_dates_resolve_against_the_page_date():
    from coopgraph.dates import dateline_date

    assert dateline_date("新华社内罗毕9月2日电 中国科学院2日在内罗毕与非洲科学院签署备忘录", "zh", "2019-09-03") == "2019-09-02"
    assert dateline_date("新华社青岛6月11日电（记者温竞华）大会11日开幕", "zh", "2019-06-12") == "2019-06-11"
    assert dateline_date("NAIROBI, March 4 (Xinhua) -- Kenya and China signed", "en", "2021-03-06") == "2021-03-04"
    assert dateline_date("KIGALI, Rwanda, Dec. 18, 2023 /PRNewswire/ -- BioNTech opened", "en", None) == "2023-12-18"
    assert dateline_date("Researchers in Kenya, March 4 was the day -- they said", "en", "2021-03-06") is None
    assert dateline_date("中国科学院9月2日与非洲科学院签署备忘录", "zh", "2019-09-03") is None


def _article(text: str, language: str, published: str | None):
    from coopgraph.model import Article, Span

    paragraphs, pos = [], 0
    for para in text.split("\n\n"):
        paragraphs.append(Span(pos, pos + len(para)))
        pos += len(para) + 2
    return Article(source="t", segment=0, text=text, published=published, language=language, paragraphs=paragraphs)


def test_the_dateline_is_the_articles_own_date_not_the_reposting_sites():
    from coopgraph.extract.dates import own_date

    lead = "新华社广州6月28日电 中拉技术转移中心28日在东莞揭牌启动。"
    assert own_date(_article("中拉技术转移中心在东莞揭牌启动\n\n" + lead, "zh", "2023-06-29")) == "2023-06-28"
    assert own_date(_article("中拉技术转移中心28日在东莞揭牌启动。", "zh", "2023-06-29")) == "2023-06-29"
    # a dateline far from the page's date is another story's (an archive page): the page's date stays
    assert own_date(_article(lead, "zh", "2023-09-29")) == "2023-09-29"


def test_ranges_across_two_months():
    assert values("2021年6月28日至7月2日，会议以线上形式召开", "zh") == [("2021-06-28", "2021-07-02")]
    assert values("12月30日至1月2日举行", "zh", "2022-01-05") == [("2021-12-30", "2022-01-02")]
    assert values("held from 28 June to 2 July 2021 online", "en") == [("2021-06-28", "2021-07-02")]
    assert values("held June 28 - July 2, 2021 online", "en") == [("2021-06-28", "2021-07-02")]


def test_news_day_words():
    # "今(26)日": today, the 26th; "said Thursday": the weekday of a statement, before publication
    assert values("澳門大學今(26)日與葡萄牙研究所簽署合作協議", "zh", "2024-09-26") == [("2024-09-26", None)]
    assert values("the institute said Thursday.", "en", "2022-03-17") == [("2022-03-17", None)]
    # "近日", "日前": lately, perhaps in the month before; no date is known
    assert values("双方近日在北京签署协议", "zh", "2025-04-10") == []


def test_the_same_day_is_the_day_told_last():
    text = "两院9日在北京联合发表《北京宣言》。双方共同举办的首届研讨会当日开幕。同日，两院还举办了论坛。"
    assert values(text, "zh", "2019-09-10") == [("2019-09-09", None)] * 3
    assert values("It was signed on 3 March 2022. On the same day the lab opened.", "en") == [("2022-03-03", None)] * 2
    assert values("首届研讨会当日开幕", "zh", "2019-09-10") == []
