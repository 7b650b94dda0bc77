"""Segmentation rules, one made-up page each: where a page's stories and teasers start and end."""
from __future__ import annotations

from coopgraph.ingest.clean import classify, clean_blocks
from coopgraph.ingest.html import html_to_text
from coopgraph.ingest.segment import segment_blocks
from coopgraph.ingest.teasers import rules_verdict

LEAD = "Kenya and China signed a memorandum on vaccine research in Nairobi on Monday, the ministry said."
BODY = "The two institutes will train technicians and share laboratory data over the next five years."
MORE = "Officials from both ministries attended the ceremony, which closed a week of talks on health research."
ZH_LEAD = "3月4日，中国科学院与肯尼亚医学研究所在内罗毕签署疫苗研究合作协议，双方将开展联合研究并培养技术人员。"
ZH_BODY = "根据协议，双方将共建联合实验室，在疫苗研发、临床试验和人员培训等方面开展长期合作，首批项目年内启动。"


def _segments(page: str):
    """The layout rules' segments: a trained decision may stand in for their verdict on headline-only
    teasers (tests/test_learn.py), not here."""
    return segment_blocks(clean_blocks(page), decide=rules_verdict)


def test_related_list_that_main_text_extraction_drops_is_kept_as_teasers():
    """trafilatura drops a page's 'Related articles' box as boilerplate; its items may report events."""
    markup = (
        "<html><body><article><h1>Kenya and China sign vaccine memorandum</h1>"
        f"<p>{LEAD}</p><p>{BODY}</p><p>{BODY} {LEAD}</p></article>"
        "<section class='related'><h3>Related articles</h3><ul>"
        "<li><a href='/a'>Uganda joins vaccine institute as full member</a><span>Mar 9, 2021</span>"
        "<p>Kampala's cabinet ratified the establishment agreement on Feb. 22, the institute said.</p></li>"
        "<li><a href='/b'>Weather: a warm week ahead</a></li></ul></section></body></html>"
    )
    text = html_to_text(markup).text
    segments = _segments(text)
    assert [s.is_teaser for s in segments] == [False, True]
    assert segments[1].title == "Uganda joins vaccine institute as full member"
    assert segments[1].paragraphs[-1].startswith("Kampala's cabinet ratified")


def test_a_header_drawn_into_a_rule_or_a_box_edge_heads_a_teaser_list():
    for line in ("┌──────── 相关阅读 ────────┐", "READ ALSO ----------------------", "■ 相关新闻", "=== Related ==="):
        block = classify(line)
        assert block is not None and block.kind == "teaser_header", line


def test_a_headline_dated_in_brackets_is_a_teaser_not_a_meta_line():
    for line in ("▶ 中国科技部与墨西哥外交部共同召开2021年中拉科技创新论坛（2021-09-29）",
                 "■ 首批中国康希诺新冠疫苗原液运抵墨西哥  [2021-02-12]"):
        assert classify(line).kind == "para", line
    assert classify("2021-09-29 来源：新华社").kind == "meta"


def test_a_boxed_summary_wrapped_over_several_lines_is_one_paragraph():
    page = (
        "Israel's flag raised at CERN\n\n" + LEAD + "\n\n"
        "| READ ALSO                                                      |\n"
        "|                                                                |\n"
        "| > Israel becomes CERN's first associate member (Sept. 18, 2011)|\n"
        "|   The accord was signed in Geneva on Friday by CERN            |\n"
        "|   Director-General Rolf Heuer and Aharon Leshno-Yaar,          |\n"
        "|   Israel's ambassador to the UN agencies in Geneva; the        |\n"
        "|   Knesset still has to ratify it.                              |\n"
        "|                                                                |\n"
        "+----------------------------------------------------------------+\n\n" + BODY + "\n\n" + MORE + "\n"
    )
    segments = _segments(page)
    assert [s.is_teaser for s in segments] == [False, True]
    assert segments[1].title == "Israel becomes CERN's first associate member (Sept. 18, 2011)"
    assert segments[1].paragraphs[1].startswith("The accord was signed in Geneva on Friday by CERN Director-General")
    assert segments[1].paragraphs[1].endswith("the Knesset still has to ratify it.")
    assert segments[0].paragraphs[-2:] == [BODY, MORE]     # the article goes on after the box


def test_a_teaser_list_closed_by_a_rule_holds_summaries_even_without_their_headline():
    """Between its header and the rule that closes it, every block is a teaser: a headline with its
    summary, or a summary alone; after the rule, the interrupted article goes on."""
    page = (
        "Finland and Uruguay sign bioeconomy memorandum\n\n" + LEAD + "\n\nREAD ALSO\n\n"
        "Chile and Finland agree to share know-how on forest biomass. The ministers signed a memorandum in Santiago.\n\n"
        "Niinistö ends first Latin America trip in Montevideo\n\n"
        "President Niinistö held talks with President Vázquez on Monday.\n\n"
        "Podcast: Is wood construction ready?\n\n-----\n\n" + BODY + "\n\n" + MORE + "\n"
    )
    segments = _segments(page)
    assert [s.is_teaser for s in segments] == [False, True, True]
    assert segments[1].paragraphs[0].startswith("Chile and Finland agree")
    assert segments[2].title == "Niinistö ends first Latin America trip in Montevideo"
    assert segments[0].paragraphs[-2:] == [BODY, MORE]


def test_numbered_sections_of_one_story_are_not_stories_but_a_digest_s_items_are():
    """'一、' right under a story's headline and lead starts sections, and so do the series' later items;
    the digest's '一、' after a rule starts stories (tests/test_ingest.py has the digest)."""
    page = (
        "中阿技术转移中心揭牌运行\n\n" + ZH_LEAD + "\n\n一、技术转移中心正式揭牌\n\n" + ZH_BODY + "\n\n"
        "二、五个双边中心同步授牌\n\n" + ZH_BODY + "\n\n三、大会成果丰硕\n\n" + ZH_LEAD + "\n"
    )
    assert [s.title for s in _segments(page)] == ["中阿技术转移中心揭牌运行"]


def test_a_digest_s_numbered_headlines_under_its_title_and_intro_are_stories():
    page = (
        "Health research weekly\n\nThis week we follow up on regional institutions and two agreements signed in Asia and Africa.\n\n"
        "1. Kenya and China sign a memorandum on vaccine research\n\n" + LEAD + "\n\n"
        "2. Uganda joins the International Vaccine Institute as a full member\n\n" + BODY + "\n"
    )
    assert [s.title for s in _segments(page)][-2:] == [
        "Kenya and China sign a memorandum on vaccine research", "Uganda joins the International Vaccine Institute as a full member"]


def test_short_bulleted_subheads_stay_in_their_story():
    page = "青岛携手澳方共建南半球海洋研究中心\n\n" + ZH_LEAD + "\n\n■看点一 深海浮标扎根南大洋\n\n" + ZH_BODY + "\n\n" \
        "■看点二 朋友圈还要扩大\n\n" + ZH_BODY + "\n"
    assert len(_segments(page)) == 1


def test_bullets_inside_a_story_s_body_are_its_facts_not_other_stories():
    page = (
        "Oxford Nanopore jumps on London debut\n\n" + LEAD + "\n\n"
        "* 82.4m new shares issued, raising gross proceeds of around £350m\n"
        "* Existing holders sold about 41m shares\n"
        "* Unconditional dealings are due to start on 5 October\n\n" + BODY + "\n\n" + MORE + "\n"
    )
    segments = _segments(page)
    assert len(segments) == 1 and segments[0].paragraphs[-1] == MORE


def test_a_press_release_that_marks_its_paragraphs_stays_one_story():
    """'- ' key points under the headline, then paragraphs marked '□' and '○': the key points stay in
    the story although the paragraph after them carries a marker too, and so do '□ What changes' and
    '* Total 20 …' before '○' paragraphs, since '○' marks this story's paragraphs."""
    page = (
        "Korea becomes the first Asian associated country of Horizon Europe\n\nRegdate 2025-07-18 09:00\n\n"
        "- Signing ceremony held at European Commission headquarters\n"
        "- Korean researchers to apply for Pillar 2 projects on the same condition\n\n"
        "□ " + LEAD + "\n\n○ " + BODY + "\n\n* Total 20 associated countries including Korea\n\n○ " + MORE + "\n\n"
        "□ What changes\n\n○ Korean researchers can apply with the same qualification as researchers of member states.\n"
    )
    segments = _segments(page)
    assert len(segments) == 1 and segments[0].paragraphs[1].startswith("- Signing ceremony")


def test_a_digest_s_masthead_or_editor_s_note_is_not_a_story():
    page = (
        "Dear readers, this month we follow up on regional health-security institutions.\n\n-----\n\n"
        "1. ACPHEED secretariat office opens in Bangkok\n\n-----\n\n" + LEAD + "\n\n-----\n\n"
        "2. China and Thailand renew polar research MoU\n\n-----\n\n" + BODY + "\n"
    )
    assert [s.title for s in _segments(page)] == [
        "ACPHEED secretariat office opens in Bangkok", "China and Thailand renew polar research MoU"]
    briefs = "Kenya and China sign vaccine memorandum\n\n" + LEAD + "\n\n-----\n\n1. Uganda joins vaccine institute\n\n" + BODY + "\n"
    assert len(_segments(briefs)) == 2     # a short story under its own headline is no masthead


def test_a_list_of_bulleted_headlines_ends_where_a_rule_opens_the_digest_s_next_story():
    page = (
        "-----\n\n1. CAS SIGNS MEMORANDUM WITH DANISH MINISTRY\n\n-----\n\n" + LEAD + "\n\n-----\n\n3. IN BRIEF\n\n-----\n\n"
        "* Canadian delegation holds talks at CAS Institute of Zoology\n"
        "* Ground broken for solar radio observing base at Mingantu\n\n-----\n\n4. ELSEWHERE\n\n-----\n\n"
        "Shenzhou-7 back on Earth. " + " ".join([BODY] * 6) + "\n"
    )
    segments = _segments(page)
    assert segments[-1].title == "ELSEWHERE" and not segments[-1].is_teaser
    assert [s.title for s in segments if s.is_teaser] == [
        "Canadian delegation holds talks at CAS Institute of Zoology", "Ground broken for solar radio observing base at Mingantu"]


def test_a_feature_s_headline_is_not_an_event_teaser():
    page = (
        "Cuba, China wrap up biotech working group meeting\n\n" + LEAD + "\n\n" + BODY + "\n\nRelated stories\n\n"
        "Explainer: how Cuba built its biotech industry\n\n"
        "Waze sold to Google for about $1 billion (June 2013)\n\n"
        "【视频】中古签署生物技术合作协议\n"
    )
    assert [s.title for s in _segments(page)[1:]] == ["Waze sold to Google for about $1 billion (June 2013)"]


def test_page_breaks_comment_boxes_and_link_rows_are_chrome():
    for line in ("-- 1 of 2 --", "Page 3 of 7", "Comments are closed for this article.",
                 "▲上一篇：緬甸旅遊簽證常見問題解答", "Most read: A guide to Budapest's baths | Learning Hungarian: ten words",
                 "本网站所刊载信息，不代表中新社和中新网观点。", "【打印】【关闭】【纠错】", "【我要纠错】    责任编辑：",
                 "• Hit 412", "点击：356次", "(c) 2016 Africa Agribusiness Wire. Republication requires permission.",
                 "·上一篇：光明区召开防汛工作部署会", "网站声明：本网转载内容仅供参考，版权归原作者所有。"):
        assert classify(line) is None, line
    page = LEAD + "\n\n" + BODY + "\n\n-- 1 of 2 --\n\nPress Information Bureau\n\n" + BODY + "\n"
    assert len(_segments(page)) == 1


def test_a_footer_s_links_and_a_labelled_row_of_links_are_chrome_not_teasers():
    """'… | Terms of Use | Privacy Policy', '联系我们 | 网站地图', 'Quick links: Grants | Fellowships | …' are a
    site's links wherever they stand; after a story they must not become a teaser of their own."""
    for line in ("Journalists and bloggers: sign up for our free newsletter  |  Terms of Use  |  Privacy Policy",
                 "联系我们 | 网站地图 | 隐私声明", "Quick links: Vaccine Consortium of Excellence | Research Grants | Fellowships | Tenders",
                 "Unsubscribe | Update preferences | Privacy"):
        assert classify(line) is None, line
    page = (f"Kenya and China sign vaccine memorandum\n\n{LEAD}\n\n{BODY}\n\nMore news\n\n"
            "Uganda joins vaccine institute as full member\n\n"
            "Journalists and bloggers: sign up for our free newsletter  |  Terms of Use  |  Privacy Policy\n")
    assert [s.title for s in _segments(page)] == ["Kenya and China sign vaccine memorandum", "Uganda joins vaccine institute as full member"]
    assert classify("Home | About | Research | News | Contact the newsroom at the address below, which we read daily.") is not None


def test_a_headline_set_on_two_lines_opens_its_story_after_a_rule():
    """A newspaper's narrow column breaks a headline in two ('Joint vaccine research' / 'centre planned for
    Nairobi'), the second line going on in lower case: one headline, and the rule above it opens a story."""
    page = (f"Kenya and China sign vaccine memorandum\n\n{LEAD}\n{BODY}\n"
            "------------------------------------------\n"
            "Joint vaccine research\ncentre planned for Nairobi\n\n"
            "NAIROBI: Kenya and China have agreed to build a joint vaccine research centre in the capital, officials said.\n")
    segments = _segments(page)
    assert [s.title for s in segments] == ["Kenya and China sign vaccine memorandum", "Joint vaccine research centre planned for Nairobi"]


def test_a_record_starting_at_its_headline_meets_a_gold_anchor_there_or_in_the_body(tmp_path):
    """A teaser's gold anchor may be its headline; a record may start at its headline, right where
    the previous segment's last sentence ends; a boundary there is found, not missed and spurious."""
    from coopgraph.evaluate.gold import GoldFile, GoldSegment
    from coopgraph.evaluate.segments import boundary_scores

    page = tmp_path / "page.txt"
    page.write_text(f"Main story\n\n{LEAD}\n\nRelated\n\nUganda joins vaccine institute\n\n{BODY}\n\n"
                    "Rwanda signs genomics pact\n\nKigali signed the pact with the institute on Friday.\n", encoding="utf-8")
    gold = GoldFile(tmp_path / "page.txt.json", "page.txt", None, [
        GoldSegment(LEAD[:30], None, True, [], [], [], LEAD[-30:]),
        GoldSegment("Uganda joins vaccine institute", None, True, [], [], [], BODY[-30:]),   # anchored at the headline
        GoldSegment("Kigali signed the pact", None, True, [], [], [], "with the institute on Friday"),
    ])
    records = [
        {"source": "page.txt", "segment": 0, "title": "Main story", "text": f"Main story\n\n{LEAD}"},
        {"source": "page.txt", "segment": 1, "title": "Uganda joins vaccine institute",
         "text": f"Uganda joins vaccine institute\n\n{BODY}"},
        {"source": "page.txt", "segment": 2, "title": "Rwanda signs genomics pact",
         "text": "Rwanda signs genomics pact\n\nKigali signed the pact with the institute on Friday."},
    ]
    prf, details = boundary_scores([gold], records, lambda g: page)
    assert (prf.tp, prf.fp, prf.fn) == (2, 0, 0), details


def test_readers_comments_are_no_story():
    page = (
        "中缅中医药中心在曼德勒揭牌\n\n" + ZH_LEAD + "\n\n" + ZH_BODY + "\n\n-----\n\n評論區（2）\n\n"
        "游客8823：中醫在曼德勒很受歡迎，我家老人常去扎針，希望中心以後多開展培訓和義診活動，造福更多當地居民。\n\n"
        "游客1107：希望中心多開培訓班！\n\n-----\n\n6 comments\n\n> Great news for young researchers here.\n"
    )
    segments = _segments(page)
    assert len(segments) == 1 and segments[0].paragraphs[-1] == ZH_BODY


def test_a_teaser_label_above_an_article_does_not_turn_its_paragraphs_into_teasers():
    long_para = " ".join([LEAD, BODY, MORE, LEAD, BODY])
    page = f"Latest news\n\nKenya and China sign vaccine memorandum\n\n{long_para}\n\n{long_para[::-1]}\n\n-----\n\n{MORE}\n"
    assert not any(s.is_teaser for s in _segments(page))


def test_a_newspaper_page_signs_each_story_with_a_byline():
    """Bylines under each headline mark the page's stories, also where no dateline or rule does."""
    page = (
        "Kenya and Germany sign malaria research pact\nBy Amina Odhiambo\n" + LEAD + "\n\n" + BODY + "\n\n"
        "Town council approves three new bus lanes\nBy Peter Kamau\n"
        "The town council on Wednesday approved three new bus lanes in the central district. Works start in April.\n\n"
        "The council said the lanes would cut travel times by a fifth.\n\n"
        "India and Britain launch genomics partnership\nBy Staff Reporter\n" + MORE + "\n\n" + BODY + "\n"
    )
    segments = _segments(page)
    assert [s.title for s in segments] == ["Kenya and Germany sign malaria research pact",
                                           "Town council approves three new bus lanes",
                                           "India and Britain launch genomics partnership"]
    assert not any("By " in p for s in segments for p in s.paragraphs)


def test_a_digest_dates_each_story_above_or_under_its_headline():
    """A roundup's day stamps ('Tue 4 March 2025') above each headline, or a date line under it, open its stories;
    a 'Read more' link under a summary is no header of a teaser list."""
    above = (
        "Weekly roundup\n\nMon 3 March 2025\nEgypt and China agree to build a vaccine plant\n" + LEAD + "\n\n"
        "Tue 4 March 2025\nStartup raises $20m in Series B round\n"
        "A Boston biotech startup closed a $20 million financing round led by local investors on Tuesday.\n\n"
        "Wed 5 March 2025\nBrazil joins international genomics consortium\n" + MORE + "\n"
    )
    under = (
        "Research news digest\n\nSingapore and Japan launch joint quantum lab\n12 June 2024 | Singapore\n" + LEAD + "\nRead more\n\n"
        "Drugmaker reports quarterly loss\n11 June 2024 | London\n"
        "A British drugmaker reported a quarterly loss of 20 million pounds on Monday, citing research costs.\nRead more\n\n"
        "African Union and EU hold science summit\n10 June 2024 | Addis Ababa\n" + MORE + "\nRead more\n"
    )
    for page in (above, under):
        segments = _segments(page)
        assert len(segments) == 3 and not any(s.is_teaser for s in segments), [s.title for s in segments]
        assert segments[0].paragraphs[-1] == LEAD and segments[2].paragraphs[-1] == MORE
        assert segments[1].title.startswith(("Startup", "Drugmaker"))


def test_one_dated_headline_under_a_standfirst_is_the_article_s_own():
    """'Headline', a standfirst with no full stop, then '27 May 2022 | By …': one article, not two."""
    page = (
        "Kenya and China sign vaccine memorandum\n\n"
        "The deal covers training, trials and data sharing between the two countries' institutes\n\n"
        "27 May 2022 | By the newsroom | 3 min read\n\n" + LEAD + "\n\n" + BODY + "\n\n" + MORE + "\n"
    )
    assert len(_segments(page)) == 1


def test_a_dated_teaser_keeps_its_summary_after_a_headline_only_item():
    """In a list whose items carry a date line, the paragraph under an item's date is its summary, even
    after an item that had none."""
    page = (
        "Kenya and China sign vaccine memorandum\n\n2023-05-06 Source: Science Daily\n\n" + LEAD + "\n\n" + BODY + "\n\n"
        "More news\n\nVietnam joins regional vaccine network\n2023-05-05\n"
        "Hanoi's health ministry signed the membership papers in Bangkok on Thursday.\n\n"
        "Local team wins football cup\n2023-05-04\n\n"
        "Malaysia hosts regional biotech forum\n2023-05-03\n"
        "Delegates from ten countries met in Kuala Lumpur for the three-day forum on biomanufacturing.\n"
    )
    segments = _segments(page)
    assert segments[0].paragraphs[-1] == BODY
    assert segments[-1].title == "Malaysia hosts regional biotech forum"
    assert segments[-1].paragraphs[-1].startswith("Delegates from ten countries")


def test_a_digest_s_bracketed_headlines_open_its_stories():
    """'【headline】text' paragraphs, two or more on a page, are a digest's stories; one bracketed credit
    ('【某某网讯】') opening an article is not."""
    digest = (
        "科技动态周报\n\n"
        f"【中肯签署疫苗研究合作协议】{ZH_LEAD}\n\n"
        "【某市举办春季招聘会】3月5日，某市人社局举办春季招聘会，三百余家企业参会，提供岗位一万余个。\n\n"
        f"【中国加入国际标准化组织技术委员会】{ZH_BODY}\n"
    )
    segments = _segments(digest)
    assert [s.title for s in segments] == ["中肯签署疫苗研究合作协议", "某市举办春季招聘会", "中国加入国际标准化组织技术委员会"]
    assert segments[0].paragraphs[-1] == ZH_LEAD
    article = f"中肯签署疫苗研究合作协议\n\n【科技日报网讯】{ZH_LEAD}\n\n{ZH_BODY}\n"
    assert len(_segments(article)) == 1


def test_an_item_s_summary_before_the_list_s_next_item_is_the_item_s():
    """In a bulleted list where some items have no summary, a paragraph that the list's next item follows
    is the summary of the item above it, not the interrupted article going on."""
    page = (
        f"中肯签署疫苗研究合作协议\n\n{ZH_LEAD}\n\n{ZH_BODY}\n\n相关阅读\n\n"
        "▶ 中以创新合作论坛在特拉维夫举行（2021-09-29）\n\n"
        "▶ 某省政府与某集团签署战略合作协议 拟共建种业创新中心\n"
        "　双方将联合行业领军企业和科研单位，共同创建种业技术创新中心。（2019-02-22）\n\n"
        "▶ 图解｜技术转移机构怎样为中小企业服务\n"
    )
    segments = _segments(page)
    assert segments[0].paragraphs[-1] == ZH_BODY
    assert segments[-1].title.startswith("某省政府与某集团签署战略合作协议")
    assert segments[-1].paragraphs[-1].startswith("双方将联合行业领军企业")


def test_a_labelled_headline_on_one_line_is_a_teaser_and_the_article_goes_on():
    """'READ MORE: headline' between an article's lead and body is another story's teaser: the article
    stays one story, without that line."""
    page = (
        "Kenya and China sign vaccine memorandum\n\n" + LEAD + "\n\n"
        "READ MORE: Uganda joins vaccine institute as full member\n\n" + BODY + "\n\n" + MORE + "\n"
    )
    segments = _segments(page)
    assert [s.is_teaser for s in segments] == [False, True]
    assert segments[0].paragraphs[1:] == [LEAD, BODY, MORE]
    assert segments[1].title == "Uganda joins vaccine institute as full member"


def test_a_teaser_dated_above_its_headline_keeps_its_summary():
    """'Health | 12/08/2020' above each item of a list is the item's date line (day and month either way
    round), not a headline; the paragraph under the item's headline is its summary."""
    long_summary = ("The Ministry of Health announced on Saturday an agreement between a foundation and a drugmaker "
                    "for the production of a vaccine in Rio de Janeiro. ") * 2
    page = (
        "Kenya and China sign vaccine memorandum\n\n" + LEAD + "\n\n" + BODY + "\n\nMORE NEWS\n\n"
        "Health | 27/06/2020\nFoundation and drugmaker to produce vaccine in Brazil\n" + long_summary.strip() + "\n\n"
        "Health | 12/08/2020\nState signs memorandum with Russian fund on vaccine\n"
        "The state government signed on Wednesday a memorandum of understanding with the fund on vaccine studies.\n\n"
        "Sports | 08/07/2020\nState championship to resume without fans\n"
        "The championship, interrupted in March, will return on July 22 with matches behind closed doors.\n"
    )
    segments = _segments(page)
    titles = [s.title for s in segments]
    assert "Health | 12/08/2020" not in titles
    signed = next(s for s in segments if s.title == "State signs memorandum with Russian fund on vaccine")
    assert signed.is_teaser and signed.paragraphs[-1].startswith("The state government signed on Wednesday")


def test_a_digest_of_triangle_marked_items_gives_one_story_per_item():
    """'▲ headline' over a paragraph, again and again: a Chinese digest's items, each a story."""
    page = (
        "生物技术月讯 · 2023年第5期\n\n【简讯】\n\n"
        f"▲ 中国科学院与肯尼亚医学研究所签署疫苗合作协议\n{ZH_LEAD}\n\n"
        f"▲ 两国联合实验室在内罗毕揭牌并启动首批研究项目\n{ZH_BODY}\n\n"
        "▲ 非洲疫苗制造伙伴关系论坛在亚的斯亚贝巴举行\n"
        "论坛为期两天，来自二十多个国家的卫生部门代表和企业负责人出席，共同讨论区域疫苗生产能力建设。\n"
    )
    titles = [s.title for s in _segments(page)]
    assert titles[-2:] == ["两国联合实验室在内罗毕揭牌并启动首批研究项目", "非洲疫苗制造伙伴关系论坛在亚的斯亚贝巴举行"]


def test_a_news_index_item_dated_at_its_end_is_a_headline_not_a_date_line():
    """'■ headline 2015-07-15' on an index page heads the item under it; a bare '• Regdate 2025-07-18'
    stays a date line."""
    assert classify("■ 中蒙科技合作联委会第一次会议在乌兰巴托召开 2015-07-15").kind == "para"
    assert classify("• Regdate 2025-07-18 09:00").kind == "meta"
    page = (
        "工作动态\n\n"
        f"■ 中国科学院与肯尼亚医学研究所签署疫苗合作协议 2023-05-10\n{ZH_LEAD}\n\n"
        f"■ 中肯联合实验室在内罗毕揭牌并启动首批研究项目 2019-02-26\n{ZH_BODY}\n"
    )
    assert [s.title for s in _segments(page)][-1] == "中肯联合实验室在内罗毕揭牌并启动首批研究项目 2019-02-26"


def test_a_rule_then_a_date_line_then_a_headline_opens_a_story():
    """An index page: each item under a rule, its section and date line above its headline."""
    page = (
        "News on the tag «biotechnology»\n"
        "----------------------------------------\n"
        f"Economy  26/07/2025  11:02\nKenya and China sign vaccine memorandum\n{LEAD}\n  Read more »\n"
        "----------------------------------------\n"
        f"Society  18/01/2024  16:40\nJoint laboratory opens in Nairobi\n{BODY} {MORE}\n  Read more »\n"
    )
    titles = [s.title for s in _segments(page)]
    assert titles[-1] == "Joint laboratory opens in Nairobi" and len(titles) >= 2


def test_a_teaser_list_whose_header_is_drawn_in_full_width_rules_is_a_teaser_list():
    """'＝＝＝＝ 延伸閱讀 ＝＝＝＝' between the lead and the body; the article goes on after the list's closing rule."""
    assert classify("＝＝＝＝ 延伸閱讀 ＝＝＝＝＝＝＝＝").kind == "teaser_header"
    assert classify("＝＝＝＝＝＝＝＝＝＝＝＝").kind == "rule"
    page = (
        "中肯签署疫苗合作协议\n\n2025-11-13 10:27:41　来源：综合报道\n\n"
        f"{ZH_LEAD}\n\n＝＝＝＝ 延伸閱讀 ＝＝＝＝＝＝＝＝\n◎中埃联合实验室在开罗揭牌运行并开展研究\n"
        "实验室由两国科研机构共建，重点开展传染病诊断和疫苗评价研究。（2025-07-16）\n＝＝＝＝＝＝＝＝＝＝＝＝\n\n"
        f"{ZH_BODY}\n"
    )
    segments = _segments(page)
    assert segments[0].title == "中肯签署疫苗合作协议"
    assert segments[0].paragraphs[1] == ZH_LEAD and segments[0].paragraphs[-1] == ZH_BODY
    assert [s.is_teaser for s in segments] == [False, True]


def test_a_box_label_drawn_into_a_rule_and_a_press_release_about_note_stay_in_the_story():
    """'--- Why it matters ---' labels a box of the story; 'About IRDiRC' closes a press release."""
    assert classify("--- Why it matters ---").kind == "heading"
    page = (
        f"Kenya and China sign vaccine memorandum\n\n{LEAD}\n\n{BODY}\n\n--- Why it matters ---\n"
        f"* Kenya was the first country in the region to sign such a memorandum.\n\n{MORE}\n\n"
        "# # #\n\nAbout the Kenya Medical Research Institute\n"
        "The institute is the national body responsible for health research in Kenya.\n"
    )
    segments = _segments(page)
    assert len(segments) == 1, [s.title for s in segments]
    assert segments[0].paragraphs[-1].startswith("The institute is the national body")


def test_a_date_under_a_notice_closes_it_and_keeps_its_body():
    """A notice signed and dated at its foot: the date is no byline, so the story above it stays."""
    page = ("科技部　通知公告\n\n关于2023年国际合作基地名单的公示\n\n"
            "根据有关管理办法的规定，现将拟认定的国际科技合作基地名单向社会公示，公示期为五个工作日。\n\n"
            "对公示内容持有异议的，请于公示期内以书面形式向国际合作司反馈意见。\n\n"
            "联系电话：010-58881234\n\n国际合作司\n2023年6月2日\n")
    segments = _segments(page)
    assert len(segments) == 1 and "现将拟认定的国际科技合作基地名单" in segments[0].text


def test_a_month_line_dates_the_stories_of_a_news_index():
    """'May 2016' above a headline, 'April 2025 | News | 312 views' under it: an archive's date lines by month,
    which mark where each listed story starts as a full date does."""
    assert classify("May 2016").kind == "meta" and classify("May 2016").date is None
    assert classify("April 2025 | News | 312 views").kind == "meta"
    assert classify("2016年5月").kind == "meta"
    assert classify("May 2016 was the warmest month on record in Nairobi").kind == "para"
    index = (
        "Institute news\n\nMay 2016\n\nKenya and China sign vaccine memorandum\n\n" + LEAD + "\n\n"
        "February 2016\n\nGhana joins the vaccine institute\n\n" + BODY + "\n\n"
        "April 2015\n\nUganda hosts the regional forum\n\n" + MORE + "\n"
    )
    assert [s.title for s in _segments(index)][1:] == ["Ghana joins the vaccine institute", "Uganda hosts the regional forum"]
    under = (
        "Institute news\n\n--------\n\nKenya and China sign vaccine memorandum\n\nApril 2025 | News | 312 views\n\n" + LEAD + "\n\n"
        "Ghana joins the vaccine institute\n\nJuly 2021 | News | 1,086 views\n\n" + BODY + "\n"
    )
    assert [s.title for s in _segments(under)] == ["Kenya and China sign vaccine memorandum", "Ghana joins the vaccine institute"]


def test_a_story_without_a_headline_starts_at_its_dateline_under_a_rule():
    """An e-paper page: under a rule, a paragraph that opens with a dateline ("据新华社北京5月14日电",
    "【本報消息】") is another story though no headline stands above it."""
    page = (
        "中肯签署疫苗合作协议\n\n" + ZH_LEAD + "\n\n" + ZH_BODY + "\n\n"
        "--------\n\n据新华社北京5月14日电 “一带一路”国际合作高峰论坛14日在北京国家会议中心开幕，多国领导人出席开幕式并致辞。\n"
    )
    segments = _segments(page)
    assert len(segments) == 2 and segments[1].paragraphs[0].startswith("据新华社北京5月14日电")
    unruled = page.replace("--------\n\n", "")
    assert len(_segments(unruled)) == 1


def test_headline_only_items_of_a_most_read_widget_are_no_teasers():
    """'Most read', '热门文章': the site's popular stories, whatever the article is about; a related list's
    headline that reports an act stays a teaser."""
    page = (
        "Kenya and China sign vaccine memorandum\n\n" + LEAD + "\n\n" + BODY + "\n\n"
        "Related stories\n\nUganda joins vaccine institute as full member\n\n"
        "Most read\n\nLunar New Year train tickets sell out in minutes\n\nGovernment to announce economic policy\n"
    )
    teasers = [s.title for s in _segments(page) if s.is_teaser]
    assert teasers == ["Uganda joins vaccine institute as full member"]


def test_a_short_column_name_before_a_bar_labels_a_feature_not_an_event():
    page = (
        "中肯签署疫苗合作协议\n\n" + ZH_LEAD + "\n\n" + ZH_BODY + "\n\n相关新闻\n\n"
        "观察｜东南亚为何成为中国药企出海必争之地\n\n数据｜2022年前三季度中国疫苗出口概览\n\n"
        "乌干达正式加入国际疫苗研究所成为该所第十九个成员国\n"
    )
    assert [s.title for s in _segments(page) if s.is_teaser] == ["乌干达正式加入国际疫苗研究所成为该所第十九个成员国"]


def test_capital_subheads_that_open_short_keep_a_newsletters_long_ones_inside_the_story():
    """The page's first subhead in capitals decides, as the first item of a series does: after "THE DEAL"
    a long line in capitals that reports no act is a section too; one that reports an act is a story
    ('START-UPS' is a noun, not the verb 'start')."""
    page = (
        "Phase one is signed\n\n" + LEAD + "\n\nTHE DEAL\n\n" + BODY + "\n\n"
        "WHY IT MATTERS FOR LABS AND START-UPS\n\n" + MORE + "\n"
    )
    assert len(_segments(page)) == 1
    split = page + "\nCAS SIGNS COOPERATION MEMORANDUM WITH DANISH MINISTRY\n\nThe academy and the ministry signed it in Copenhagen.\n"
    assert len(_segments(split)) == 2


def test_a_related_list_laid_out_as_blocks_of_one_shape_is_kept_as_teasers():
    """'<h3>You may also like</h3><div class=rel-item><h4>…</h4><p>…</p></div>…': no <ul>, but the
    header's next siblings share one tag and class."""
    markup = (
        "<html><body><article><h1>Kenya and China sign vaccine memorandum</h1>"
        f"<p>{LEAD}</p><p>{BODY}</p><p>{MORE}</p></article>"
        "<section class='related'><h3>You may also like</h3>"
        "<div class='rel-item'><h4><a href='/a'>Uganda joins vaccine institute as full member</a></h4>"
        "<p>Kampala's cabinet ratified the establishment agreement on Feb. 22, the institute said.</p></div>"
        "<div class='rel-item'><h4><a href='/b'>Ghana and Rwanda sign regulatory memorandum</a></h4>"
        "<p>The two drug authorities signed the memorandum in Accra on Friday, officials said.</p></div>"
        "</section></body></html>"
    )
    segments = _segments(html_to_text(markup).text)
    assert [s.title for s in segments if s.is_teaser] == [
        "Uganda joins vaccine institute as full member", "Ghana and Rwanda sign regulatory memorandum"]


def test_a_hard_wrapped_line_ending_in_a_bracket_or_a_function_word_goes_on():
    page = (
        "The Premier's report to Parliament on her trade and investment\n"
        "mission to the United States (30 May - 8 June)\n"
        "has been tabled in the house this week.\n\n"
        "Vienna, 25 Nov 2016 - UNIDO Director General LI Yong and Serdar Cam, President of the\n"
        "Turkish Cooperation and Coordination Agency, signed an MoU.\n"
    )
    assert [b.text[-16:] for b in clean_blocks(page)] == ["house this week.", "y, signed an MoU."[-16:]]


def test_pager_arrows_and_a_search_box_are_chrome():
    for line in ("« Older items on this topic      Back to all topics", "Read the original ›", "Next page »", "Search..."):
        assert classify(line) is None, line
    assert classify("The «Made in Kenya» label was launched in Nairobi on Monday by the ministry.") is not None


def test_a_line_ending_in_a_comma_heads_nothing():
    """'Dear members,' after a rule opens the editor's note, not a story."""
    page = "Kenya and China sign vaccine memorandum\n\n" + LEAD + "\n\n" + BODY + "\n\n--------\n\nDear readers,\n\n" + MORE + "\n"
    assert len(_segments(page)) == 1


def test_a_macao_papers_credit_opens_a_story_under_a_rule():
    page = (
        "中肯签署疫苗合作协议\n\n" + ZH_LEAD + "\n\n" + ZH_BODY + "\n\n--------\n\n"
        "【本報消息】氣象局預測，受華南沿岸低壓槽影響，本澳今明兩日天色多雲，間中有驟雨及雷暴，市民外出宜帶備雨具。\n"
    )
    assert len(_segments(page)) == 2


def test_a_featured_teaser_with_its_summary_is_no_event():
    page = (
        "Kenya and China sign vaccine memorandum\n\n" + LEAD + "\n\n" + BODY + "\n\nRelated stories\n\n"
        "Explainer: what buyers look for at a biotech fair\n\nCan Nairobi become a vaccine hub? Five questions\n\n"
        "Uganda joins vaccine institute as full member\n\nKampala's cabinet ratified the agreement on Feb. 22.\n"
    )
    assert [s.title for s in _segments(page) if s.is_teaser] == ["Uganda joins vaccine institute as full member"]


def test_a_box_of_short_notices_under_a_section_label_is_no_story():
    """'PUBLICATIONS AND EVENTS' over '- Seminar series resumes in October.', '- Back issues: see the web page.':
    a newsletter's announcements; with a paragraph of its own the section is a story."""
    page = (
        "Kenya and China sign vaccine memorandum\n\n" + LEAD + "\n\n" + BODY + "\n\n--------\n\n"
        "PUBLICATIONS AND EVENTS\n\n- Seminar series resumes in October (online).\n\n- Back issues: see the programme web page.\n"
    )
    assert len(_segments(page)) == 1
    story = page + "\nThe programme also published its annual report, which reviews a year of biosecurity work in twelve countries.\n"
    assert len(_segments(story)) == 2


def test_a_bulleted_teaser_with_its_headline_and_summary_on_one_line_is_a_teaser_and_the_article_goes_on():
    """'相關閱讀：' then '▲headline　its summary' items: the list's next item follows each long item, so it is a
    teaser, not the interrupted article going on; the paragraph after the list is."""
    page = (
        "吉林长春联手莫斯科大学共建中俄生物技术中心\n\n" + ZH_LEAD + "\n\n相關閱讀：\n"
        "▲中俄高科技园将落户长春高新技术开发区　由吉林省人民政府、中国科学院长春分院和俄罗斯科学院西伯利亚分院四方共建，首期用地两百亩\n"
        "▲长春中俄科技园一期工程启用　科技部副部长出席\n\n" + ZH_BODY + "\n"
    )
    segments = _segments(page)
    assert [s.is_teaser for s in segments] == [False, True, True]
    assert segments[0].paragraphs[-1] == ZH_BODY
    assert segments[1].text.startswith("▲中俄高科技园将落户长春高新技术开发区")


def test_an_e_paper_s_other_articles_on_this_page_head_a_teaser_list():
    """'本版其他文章', 'Other stories on this page': the headlines under it are other stories, not the article's."""
    for header in ("本版其他文章", "Other stories on this page"):
        page = ("中国与肯尼亚签署疫苗研究合作协议\n\n" + ZH_LEAD + "\n\n" + ZH_BODY + f"\n\n{header}\n"
                "· 中国科学院与巴西国家空间研究院在北京签署航天合作协议\n· 本市举行春季运动会\n")
        segments = _segments(page)
        assert [s.title for s in segments] == ["中国与肯尼亚签署疫苗研究合作协议", "中国科学院与巴西国家空间研究院在北京签署航天合作协议"], header
        assert segments[0].paragraphs[-1] == ZH_BODY


def test_a_newspaper_page_that_opens_its_stories_with_a_lead_in_in_capitals_splits_there():
    """An OCR'd newspaper page with no rules between stories: each story opens with its first word (or its
    town) in capitals under a short headline; a short headline of plain words is no OCR debris, and a jump
    line ("Continued from Page 6") heads nothing."""
    page = (
        "Leaders call for ocean science centre\n\n"
        "COUNTRIES and territories of the Pacific Community have asked for a centre for ocean science to be set up.\n"
        "The call came at the organisation's conference in Noumea, which closed on Friday night.\n\n"
        "SPC and SPREP ink\npartnership deal\n\n"
        "NOUMEA - The Pacific Community and the regional environment programme signed a memorandum of understanding.\n"
        "The signing took place on the sidelines of the conference.\n\n"
        "PM to open pre-COP in Nadi\n\n"
        "PRIME Minister Voreqe Bainimarama will open the pre-COP meeting in Nadi in October, officials said.\n"
        "________________________________________\n"
        " Continued from Page 6                     ADVERTISEMENT  Back-to-school sale\n"
        " ...and the water authority said supply would be restored by evening.\n"
    )
    segments = _segments(page)
    assert [s.title for s in segments] == [
        "Leaders call for ocean science centre", "SPC and SPREP ink partnership deal", "PM to open pre-COP in Nadi"]
    assert not any("Continued from" in s.text for s in segments)


def test_one_capitalised_lead_in_is_no_page_convention():
    """A story's subhead followed by a paragraph that opens with an acronym ("NASA said …") is a section: one
    lead-in in capitals on a page is no way of opening stories."""
    page = ("Kenya and China sign vaccine memorandum\n\n" + LEAD + "\n\n" + BODY + "\n\nWhat comes next\n\n"
            "NASA and the two institutes will meet again in May to plan the next stage of the research work.\n")
    assert len(_segments(page)) == 1
