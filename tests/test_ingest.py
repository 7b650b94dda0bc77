"""Decoding, cleaning and segmentation on the real pages."""
from __future__ import annotations

import pytest

from coopgraph.errors import InputError
from coopgraph.ingest.clean import clean_blocks
from coopgraph.ingest.decode import DecodeError, decode_bytes
from coopgraph.ingest.reader import read_source


def test_gbk_and_big5_are_detected_from_the_bytes(corpus):
    simplified = (corpus / "dev" / "12_cas-kenya-sajorc-mou.txt").read_text(encoding="utf-8")
    text, encoding = decode_bytes(simplified.encode("gb18030"))
    assert text == simplified and encoding in ("gb18030", "gbk", "gb2312")
    traditional = (corpus / "dev" / "10_china-uruguay-bionano-pharma-lab.txt").read_text(encoding="utf-8")
    body = traditional.split("\n", 7)[-1][:600]  # the Xinhua paragraphs, all Big5-encodable
    text, encoding = decode_bytes(body.encode("big5", errors="ignore"))
    assert "聯合實驗室" in text and encoding.startswith("big5")


def test_utf16_with_bom_and_utf8(corpus):
    page = (corpus / "seeds" / "000_034e7e5437f64165.txt").read_text(encoding="utf-8")
    assert decode_bytes(page.encode("utf-16"))[0] == page
    assert decode_bytes(page.encode("utf-8")) == (page, "utf-8")


def test_binary_is_refused():
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


def test_newspaper_page_becomes_one_segment_per_article(corpus):
    source = read_source(str(corpus / "seeds" / "004_bd53997ff9b32d3e.txt"))
    titles = [s.title for s in source.segments]
    assert titles == [
        "Promoting Biotech Standardization Cooperation",
        "Guideline to Make Cities More Resilient",
        "Lhasa High-tech Zone Ignites Plateau Economy",
        "Sichuan's Blueprint to Champion AI Industry Chain",
        "BeiDou Navigates an Innovative Future",
    ]
    first = source.segments[0].text
    assert "By YU Haoyuan" not in first  # byline is a credit
    # the caption printed mid-sentence is moved out, and the sentence joined again
    assert "challenges due to the complexity of the technologies involved, the interdisciplinary nature" in first
    assert "technological boundaries" in source.segments[4].text  # "technologi-" + "cal" re-joined


def test_teaser_list_becomes_one_segment_per_teaser(corpus):
    source = read_source(str(corpus / "seeds" / "001_cbe65e010aad1d06.txt"))
    assert len(source.segments) == 11
    assert not source.segments[0].is_teaser and all(s.is_teaser for s in source.segments[1:])
    assert source.segments[2].text.startswith("6月18日,中国—中亚旱区农业")
    assert "9月12日" not in source.segments[0].text


def test_related_headlines_are_teasers_only_when_they_report_an_act(corpus):
    from coopgraph.ingest.teasers import rules_verdict   # the layout rules' verdict, not a trained decision's

    source = read_source(str(corpus / "dev" / "04_kazakhstan-kyrgyzstan-biosecurity-mou.txt"), decide=rules_verdict)
    main, *teasers = source.segments
    assert not main.is_teaser and "Related" not in main.text and "Bilerik" not in main.text
    assert [t.title for t in teasers] == ["Prime Ministers of Kyrgyzstan and Kazakhstan meet in Bishkek",
                                          "Bilerik ensemble wins International Festival in Kazakhstan"]
    assert all(t.is_teaser for t in teasers)


def test_segmenter_layouts():
    """Rule-separated stories, numbered digest items, a teaser box inside an article."""
    from coopgraph.ingest.clean import clean_blocks
    from coopgraph.ingest.segment import segment_blocks
    from coopgraph.ingest.teasers import rules_verdict

    body = "The two institutes signed a memorandum of understanding on vaccine research in Nairobi on Monday, officials said."
    digest = (f"WEEKLY DIGEST\n-----\nIN THIS ISSUE\n1. Kenya and China sign vaccine pact\n2. Malawi declares polio outbreak\n"
              f"-----\n1. KENYA AND CHINA SIGN VACCINE PACT\n-----\n{body}\n\n-----\n2. MALAWI DECLARES POLIO OUTBREAK\n"
              f"-----\nMalawi declared an outbreak of wild poliovirus on Thursday after a case was confirmed in Lilongwe.\n")
    segs = segment_blocks(clean_blocks(digest))
    assert [s.title for s in segs] == ["KENYA AND CHINA SIGN VACCINE PACT", "MALAWI DECLARES POLIO OUTBREAK"]
    boxed = (f"Kenya and China sign vaccine pact\n\n{body}\n\nREAD ALSO\nTanzania opens new genomics centre\n"
             f"Uganda hosts regional vaccine forum\n\nThe memorandum runs for five years and covers training, officials added "
             f"in a statement that listed the laboratories taking part and the funding each side will provide.\n\n"
             f"Related\nPhoto gallery\n")
    segs = segment_blocks(clean_blocks(boxed), decide=rules_verdict)
    main = segs[0]
    assert "runs for five years" in main.text and "Tanzania" not in main.text
    assert [s.title for s in segs[1:]] == ["Tanzania opens new genomics centre", "Uganda hosts regional vaccine forum"]

def test_site_chrome_and_page_date(corpus):
    source = read_source(str(corpus / "dev" / "05_bgi-chairman-saudi-visit.txt"))
    seg = source.segments[0]
    assert seg.title == "BGI Group Chairman Visits Saudi Arabia in Support of the Country’s ‘Vision 2030’"
    assert seg.published == "2022-12-27"
    for chrome in ("Tel:", "media@genomics.cn", "首页", ".jpg", ".png"):
        assert chrome not in seg.text
    source = read_source(str(corpus / "dev" / "12_cas-kenya-sajorc-mou.txt"))
    seg = source.segments[0]
    assert seg.title == "中科院与肯尼亚签署备忘录深化科研合作" and seg.published == "2018-12-13"
    assert "关注国搜官方微信" not in seg.text and "责任编辑" not in seg.text


def test_ocr_debris_and_footer_are_dropped(corpus):
    text = read_source(str(corpus / "seeds" / "002_6d0cee41bff1600d.txt")).segments[0].text
    for debris in ("ne sm dee On deell p e gre", "kjjxdc@qq.com", "itor-in-chief", "••••"):
        assert debris not in text
    assert text.count("ICGEB-China Regional Research Center Settles in Fengcheng") == 1


def test_spaces_inside_chinese_words_are_closed(corpus):
    text = read_source(str(corpus / "dev" / "09_china-central-asia-dryland-joint-lab.txt")).segments[0].text
    assert "作物高效生产" in text and "哈萨克斯坦国立农业大学" in text


def test_html_page_gives_title_text_and_date(tmp_path):
    page = tmp_path / "news.html"
    page.write_text(
        "<html><head><title>Kenya and China open a joint lab</title>"
        '<meta property="article:published_time" content="2023-05-12"></head><body>'
        "<nav>Home | News | Contact</nav><article><h1>Kenya and China open a joint lab</h1>"
        "<p>The Sino-Africa Joint Research Center and Jomo Kenyatta University of Agriculture and "
        "Technology opened a joint laboratory for crop genomics in Nairobi on Thursday.</p>"
        "<p>Officials from both countries attended the ceremony, which marks a new phase of "
        "cooperation in agricultural biotechnology between Kenya and China.</p></article>"
        "<footer>Copyright 2023 Example News. Contact: desk@example.org</footer></body></html>",
        encoding="utf-8",
    )
    seg = read_source(str(page)).segments[0]
    assert seg.title == "Kenya and China open a joint lab"
    assert seg.published == "2023-05-12"
    assert "crop genomics in Nairobi" in seg.text
    assert "desk@example.org" not in seg.text and "Home | News" not in seg.text


def test_unreadable_inputs_raise_input_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(InputError, match="empty file"):
        read_source(str(empty))
    sheet = tmp_path / "budget.xls"
    sheet.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match="unsupported file type '.xls'"):
        read_source(str(sheet))
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (2 * 1024 * 1024))
    with pytest.raises(InputError, match="over the 1 MB limit"):
        read_source(str(big), max_bytes=1024 * 1024)


def test_clean_keeps_a_plain_article_whole():
    blocks = clean_blocks("Title of the story\n\nFirst paragraph of the body, which is a sentence.\n")
    assert [b.text for b in blocks] == ["Title of the story", "First paragraph of the body, which is a sentence."]


def _pdf(text_lines: list[str]) -> bytes:
    """A minimal one-page PDF whose text layer holds these lines (Helvetica, WinAnsi)."""
    content = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in text_lines
    ) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_text_layer_is_read_and_reflowed(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(_pdf([
        "Kenya and China open a joint laboratory",
        "",
        "The Sino-Africa Joint Research Center and Jomo Kenyatta University of Agriculture and",
        "Technology opened a joint laboratory for crop genomics in Nairobi, the two sides said.",
    ]))
    seg = read_source(str(pdf)).segments[0]
    assert seg.title == "Kenya and China open a joint laboratory"
    assert "University of Agriculture and Technology opened a joint laboratory" in seg.text


def test_scanned_pdf_gets_a_clear_message(tmp_path):
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(_pdf([]))
    with pytest.raises(InputError, match="scanned PDF: none of its 1 pages has a text layer"):
        read_source(str(pdf))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(InputError, match="PDF"):
        read_source(str(broken))


def test_docx_paragraphs_and_tables(tmp_path):
    from docx import Document

    path = tmp_path / "brief.docx"
    doc = Document()
    doc.add_paragraph("中国科学院与肯尼亚签署备忘录")
    doc.add_paragraph("中国科学院院长白春礼和肯尼亚教育部长阿明娜·穆罕默德13日在内罗毕共同签署合作备忘录。")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "签署地点"
    table.rows[0].cells[1].text = "内罗毕"
    doc.save(path)
    seg = read_source(str(path)).segments[0]
    assert seg.title == "中国科学院与肯尼亚签署备忘录" and "白春礼" in seg.text and "签署地点 | 内罗毕" in seg.text
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip really")
    with pytest.raises(InputError, match="not a readable .docx"):
        read_source(str(bad))


def test_wire_key_points_under_a_headline_stay_in_the_story():
    """Bullets between a headline and its first paragraph are the story's key points, not a
    teaser list; an abbreviation ('Chr.') in the headline does not make it a sentence."""
    from coopgraph.ingest.clean import clean_blocks
    from coopgraph.ingest.segment import segment_blocks

    page = (
        "UPDATE 1-Novozymes, Chr. Hansen agree merger\n\n"
        "* Holders get 1.5 new shares per share\n"
        "* Deal expected to close next year, needs approval\n\n"
        "COPENHAGEN, Dec 12 - Danish enzyme maker Novozymes and Chr. Hansen said on Monday they had agreed to merge.\n\n"
        "The merged business would have annual revenue of about 3.5 billion euros, the companies said.\n"
    )
    segments = segment_blocks(clean_blocks(page))
    assert len(segments) == 1
    assert segments[0].title.startswith("UPDATE 1-Novozymes")
    assert any(p.startswith("COPENHAGEN") for p in segments[0].paragraphs)


def test_a_list_of_bulleted_headlines_after_a_story_is_still_a_teaser_list():
    from coopgraph.ingest.clean import clean_blocks
    from coopgraph.ingest.segment import segment_blocks

    page = (
        "Kenya and China open joint laboratory\n\n"
        "NAIROBI, May 3 - Kenya and China opened a joint laboratory for crop genomics on Friday, officials said.\n\n"
        "* Brazil signs vaccine agreement with Sinovac\n"
        "* Egypt launches regional vaccine hub\n"
    )
    segments = segment_blocks(clean_blocks(page))
    assert [s.is_teaser for s in segments] == [False, True, True]


def test_a_bracketed_table_of_contents_does_not_swallow_the_headlines_it_lists():
    """'【本期目录】' lists the headlines that the digest prints again above each item: the
    list is dropped, and each item stays a story with its headline."""
    from coopgraph.ingest.clean import clean_blocks
    from coopgraph.ingest.segment import segment_blocks

    page = (
        "科技合作简报\n\n【本期目录】\n一、中国与肯尼亚签署疫苗合作协议\n二、中乌联合实验室在塔什干揭牌\n"
        "──────────────\n\n一、中国与肯尼亚签署疫苗合作协议\n\n"
        "    3月4日，中国科学院与肯尼亚医学研究所在内罗毕签署疫苗研究合作协议，双方将开展联合研究。\n\n"
        "二、中乌联合实验室在塔什干揭牌\n\n"
        "    5月6日，中国—乌兹别克斯坦药物联合实验室在塔什干揭牌，两国科学家出席仪式。\n"
    )
    segments = segment_blocks(clean_blocks(page))
    assert [s.title for s in segments] == ["中国与肯尼亚签署疫苗合作协议", "中乌联合实验室在塔什干揭牌"]


def test_a_hard_wrapped_page_is_read_as_paragraphs_not_lines():
    """OCR and e-mail text breaks lines at one width: a line that runs to that width without
    ending its sentence goes on in the next one, whatever its case; a blank line still ends a
    paragraph, and a headline in capitals is not run into the text."""
    from coopgraph.ingest.clean import clean_blocks, wrap_width

    body = (
        "Britain's innovation agency has signed its first\n"
        "ever bilateral agreement with a sister body abroad.\n"
        "The Technology Strategy Board and Innovation Nor-\n"
        "way put their names to a three-year Memorandum of\n"
        "Understanding on industrial biotechnology and bio-\n"
        "refining in Norway on 23 February 2011.\n\n"
        "The agreement follows on from the bilateral and\n"
        "global partnership that Prime Minister David Cameron\n"
        "and Norway's Prime Minister Jens Stoltenberg agreed\n"
        "on 19 January 2011. Among other things the two lead-\n"
        "ers committed their governments to closer trade.\n"
    )
    page = "UK AND NORWAY TEAM UP ON INDUSTRIAL BIOTECH\n\n" + body
    assert 45 <= wrap_width([line.strip() for line in page.split("\n")]) <= 52
    texts = [b.text for b in clean_blocks(page)]
    assert texts[0] == "UK AND NORWAY TEAM UP ON INDUSTRIAL BIOTECH"
    assert texts[1] == "Britain's innovation agency has signed its first ever bilateral agreement with a sister body abroad."
    assert texts[2].startswith("The Technology Strategy Board and Innovation Norway put")
    assert "Memorandum of Understanding on industrial biotechnology and biorefining in Norway on 23 February 2011." in texts[2]
    assert texts[3].startswith("The agreement follows") and "the two leaders committed" in texts[3]
    assert len(texts) == 4


def test_a_page_of_ordinary_paragraphs_has_no_wrap_width():
    from coopgraph.ingest.clean import wrap_width

    lines = [("Sentence number %d of a paragraph that is as long as it needs to be. " % i) * (1 + i % 4) for i in range(12)]
    assert wrap_width(lines) is None


def test_short_subheads_in_capitals_stay_inside_their_story_and_long_capital_headlines_split():
    from coopgraph.ingest.clean import clean_blocks
    from coopgraph.ingest.segment import segment_blocks

    story = (
        "Ginkgo to buy Zymergen in all-stock deal\n\n"
        "Ginkgo Bioworks said on Monday it had agreed to acquire Zymergen for stock, the companies said.\n\n"
        "WHAT GINKGO GETS\n"
        "Boston-based Ginkgo wants Zymergen's automation hardware and software for strain engineering.\n\n"
        "TIMING AND ADVISERS\n"
        "Closing is expected by the first quarter of 2023, pending a vote of Zymergen stockholders.\n\n"
    )
    assert len(segment_blocks(clean_blocks(story))) == 1
    bulletin = story + (
        "CAS SIGNS COOPERATION MEMORANDUM WITH DANISH SCIENCE MINISTRY\n"
        "The Chinese Academy of Sciences and the Danish science ministry signed a memorandum in Copenhagen.\n"
    )
    assert len(segment_blocks(clean_blocks(bulletin))) == 2


def test_dated_header_lines_date_the_page_even_among_menu_cells():
    from coopgraph.ingest.segment import segment_blocks

    for header, date in [
        ("2013年12月10日 17:42   来源:新华网   参与互动(0)   【字号 大 中 小】", "2013-12-10"),
        ("发布日期:2023-10-18   来源:商务部新闻办公室   浏览次数:127   字号:[大][中][小]", "2023-10-18"),
        ("Saturday, 19 February 2022        web version | forward to a friend", "2022-02-19"),
        ("THE HARBOUR TIMES            Monday, December 29, 2025            HEALTH & SCIENCE  B6", "2025-12-29"),
    ]:
        page = f"{header}\n\nKenya and China open a joint laboratory\n\nThe two sides opened the laboratory in Nairobi.\n"
        segments = segment_blocks(clean_blocks(page))
        assert segments[0].published == date, header
        assert header[:8] not in segments[0].text
    # a body sentence that opens with a date is no header
    page = "New Delhi, 7th September 2021: The All India Institute of Ayurveda and Western\n\nSydney University signed."
    assert all(b.kind != "meta" for b in clean_blocks(page))


def test_a_reposted_article_keeps_the_date_it_first_came_out():
    from coopgraph.ingest.segment import segment_blocks

    page = (
        "日期:2015/9/28    瀏覽次數:316    【轉載】\n\n--- 以下內容轉載自網絡,原文發佈時間:2015年9月22日 ---\n\n"
        "中捷中醫中心門診部開業\n\n由上海中醫藥大學附屬曙光醫院和捷克大學醫院攜手建立的中捷中醫中心,其門診部9月21日開門接診。\n"
    )
    assert segment_blocks(clean_blocks(page))[0].published == "2015-09-22"
    page = (
        "Posted on Newsdesk: 21 Dec 2023  |  Category: Vaccines\n"
        "This story was first published by Pharma Frontier Africa on 19 December 2023 and is republished here "
        "with permission.\n\nBioNTech opens a vaccine plant in Kigali\n\nBioNTech has inaugurated its site in Kigali.\n"
    )
    assert segment_blocks(clean_blocks(page))[0].published == "2023-12-19"
    page = (
        "緬華資訊網\n\n中國—緬甸中醫藥中心揭牌\n\n本文轉載自雲南中醫藥大學新聞網（2019年8月28日），有刪節。\n\n"
        "8月27日，中國—緬甸中醫藥中心在緬甸曼德勒舉行揭牌儀式。\n"
    )
    segment = segment_blocks(clean_blocks(page))[0]
    assert segment.published == "2019-08-28" and "轉載" not in segment.text


def test_a_date_line_opening_the_page_stands_under_the_first_line():
    from coopgraph.ingest.clean import clean_blocks

    page = "晨报数字报  >  2017年05月16日  >  A07版：科教\n\n我国首个海洋科研中心下周启用\n\n记者15日获悉，中心将于5月22日启用。\n"
    assert [b.kind for b in clean_blocks(page)] == ["para", "meta", "para"]


def test_machine_translated_english_full_of_portuguese_names_is_english():
    """lingua alone calls this Portuguese (menus and accented names) and the article is skipped."""
    from coopgraph.nlp.language import detect_language
    english = (
        "Boletim Ciência e Saúde — versão em inglês (tradução automática)\n"
        "Página inicial > Notícias > Cooperação internacional > Acordos\n\n"
        "The foundation opens in Luanda its first office outside of the country\n\n"
        "The director of the Fundação de Amparo à Pesquisa, João Carlos da Silva Gonçalves, opened on "
        "this Tuesday the office in the Instituto Nacional de Investigação em Saúde.\n"
        "Also present were the minister of the Health of Angola, Sílvia Paula Valentim Lutucuta, and "
        "the secretary of Ciência, Tecnologia e Inovação.\n")
    portuguese = (
        "A fundação inaugurou nesta terça-feira, em Luanda, o seu primeiro escritório fora do país, com a "
        "presença da ministra da Saúde de Angola. O escritório vai formar técnicos dos laboratórios do "
        "país no diagnóstico da malária e da tuberculose, segundo o comunicado divulgado pela instituição.")
    german = (
        "Die Stiftung hat am Dienstag in Berlin ihr erstes Büro außerhalb des Landes eröffnet, in "
        "Anwesenheit der Gesundheitsministerin und des Direktors des Instituts. Was das Büro leisten "
        "soll, erklärte die Ministerin an der Universität.")
    assert detect_language(english) == "en"
    assert detect_language(portuguese) == "pt"
    assert detect_language(german) == "de"
