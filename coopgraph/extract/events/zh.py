"""Chinese event rules over LAC words and tags (`coopgraph/extract/tokens.py`).

Chinese has no parse here, so rules read clauses: a trigger word ("签署", "揭牌", "加入",
"举行") with the right kind of word in its clause ("协议", an institution, an organisation,
"论坛"); participants stand before the verb ("A与B签署"), in "由A、B主办" lists, or after
"与"; the place after "在"; the status in adverbs before the verb ("将", "拟", "计划", "未").
Lemmas are Simplified, so one rule reads Traditional text too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from coopgraph.extract.events import Draft, entity_type, is_institution, orgs_of_people, partners, set_place
from coopgraph.extract.events.zh_sides import (
    _WITH, CLAUSE_END, EACH_COUNTERPART, _created_no_sole_party, _drop_joint_of_parts, _each_counterpart, _ids,
    _named_apart, _reach_antecedents, _side, _sides_named_before,
)
from coopgraph.extract.rules import define, event
from coopgraph.extract.template import org_named_last
from coopgraph.extract.tokens import _zh_vocab, matches_by_sentence, sentence_spans
from coopgraph.model import Article, Entity, Span
from coopgraph.nlp.chinese import to_simplified

SIGN = r"^(?:共同|正式|现场|成功)?(?:签署|签订|签约|签下|缔结|草签|续签|签|达成)"
AGREEMENT_NOUN = r"(协议|协议书|备忘录|合同|意向书|框架|协定|声明|纪要|合作书|文件|意向|共识|宪章)$"
ESTABLISH = r"^(揭牌|成立|启动|奠基|挂牌|组建|落户|建立|设立|开业|启用|落成|共建|筹建|创建|新建|开工|揭幕|开馆|运行|投用|投入使用)"
MEETING_NOUN = r"(论坛|大会|会议|研讨会|交流会|对话会|峰会|博览会|年会|座谈会|洽谈会|推介会|交流活动|学术会|会|周)$"
MEETING_VERB = r"^(举行|召开|开幕|举办|主办|承办|闭幕|落幕|开幕式|开启|拉开帷幕|在.*举行|主持|共同主持)"
JOIN_WORDS = ["加入", "正式加入", "成为", "成為"]
FUTURE = re.compile(r"(将于|将会|将要|即将|将|拟|计划|准备|有望|预计|打算|力争|争取|有意|希望|期待|商定|同意|决定|愿意|愿|筹备|谋划)$")
NEGATION = re.compile(r"(未能|尚未|并未|没有|未|不会|暂不|无法)$")
ORGANISER_ROLE = {"主办": "organizer", "协办": "co-organizer", "承办": "host", "指导": "organizer", "联合主办": "organizer",
                  "共同主办": "organizer", "合办": "co-organizer", "联办": "co-organizer"}
FOUNDING = re.compile(r"^(共建|建设|成立|组建|发起|倡议|联合成立|共同发起|共同建设|合作共建|联合建设|共同成立|联合发起)$")
# "…等高校", "…等单位": the generic noun that closes a list of names
_LIST_TAIL = re.compile(r"^(?:等|等等)?(?:高校|单位|机构|院校|国家|企业|部门|组织|方面|院所|科研院所|合作伙伴)$")

SIGNED = define(
    "zh.agreement.sign",
    "A verb of signing with an agreement noun in its clause ('签署…备忘录'), or 签约 alone.",
    [("中国科学院与肯尼亚教育部在内罗毕签署合作备忘录。",
      event("AGREEMENT", party=["中国科学院", "肯尼亚教育部"], place="内罗毕")),
     ("会上，中国农业科学院与巴西农牧业研究院签约。", event("AGREEMENT", party=["中国农业科学院", "巴西农牧业研究院"])),
     ("中国国家原子能机构与国际原子能机构签署了《关于核技术领域教育培训合作的实际安排》。",
      event("AGREEMENT", party=["中国国家原子能机构", "国际原子能机构"]))],
    patterns=[[{"LEMMA": {"REGEX": SIGN}}]],
)
CEREMONY = define(
    "zh.agreement.signing-ceremony",
    "'签约仪式' tells an agreement even when the document is named elsewhere.",
    [("清华大学与新加坡国立大学举行签约仪式。", event("AGREEMENT", party=["清华大学", "新加坡国立大学"]))],
    patterns=[[{"LEMMA": {"REGEX": r"^(签约|签字|签署)仪式$"}}], [{"LEMMA": {"IN": ["签约", "签字", "签署"]}}, {"LEMMA": "仪式"}]],
)
ESTABLISHED = define(
    "zh.establishment.unveil",
    "A verb of founding ('揭牌', '成立', '启动', '共建') with an institution in its clause.",
    [("6月26日，中国-乌拉圭生物纳米药物联合实验室在蒙得维的亚揭牌。",
      event("ESTABLISHMENT", creates="中国-乌拉圭生物纳米药物联合实验室", place="蒙得维的亚")),
     ("中国科学院与肯尼亚乔莫·肯雅塔农业技术大学共同为中-非联合研究中心揭牌。",
      event("ESTABLISHMENT", creates="中-非联合研究中心", founder=["中国科学院", "肯尼亚乔莫·肯雅塔农业技术大学"])),
     # the one who launches a programme is not what is launched
     ("中国科学院在会上启动了合成细胞国际科学计划。", event("ESTABLISHMENT", creates="中国科学院", absent=True))],
    patterns=[[{"LEMMA": {"REGEX": ESTABLISH}}]],
)
JOINED = define(
    "zh.membership.join",
    "'加入X' or '成为X的(正式)成员/会员/成员国/参与方'; a name after 与 ('with') is a counterpart, not the member.",
    [("2017年6月，中国国家食品药品监督管理总局加入国际人用药品注册技术协调会。",
      event("MEMBERSHIP", member="中国国家食品药品监督管理总局", host="国际人用药品注册技术协调会")),
     ("肯尼亚正式成为国际疫苗研究所成员国。", event("MEMBERSHIP", member="肯尼亚", host="国际疫苗研究所")),
     ("越南日前与世界卫生组织签署协议，成为国际疫苗研究所的正式参与方。",
      event("MEMBERSHIP", member="越南", host="国际疫苗研究所")),
     ("越南日前与世界卫生组织签署协议，成为国际疫苗研究所（IVI，又译国际疫苗所）的正式参与方。",
      event("MEMBERSHIP", member="越南", host="国际疫苗研究所"))],
    patterns=[[{"LEMMA": {"IN": JOIN_WORDS}}]],
)
PRODUCTION = define(
    "zh.establishment.production-start",
    "'…项目投产' / '正式投入生产': a joint production line or plant starts, set up by the two or more bodies named "
    "before the verb (one body alone starting production is no cooperation).",
    [("2021年9月，赛达尔医药集团与科兴公司合作生产新冠疫苗项目在君士坦丁正式投产。",
      event("ESTABLISHMENT", founder=["赛达尔医药集团", "科兴公司"])),
     ("华北制药集团新建的青霉素车间正式投产。", event("ESTABLISHMENT", absent=True))],
    patterns=[[{"LEMMA": {"IN": ["投产", "投入生产"]}}], [{"LEMMA": "投入"}, {"LEMMA": "生产"}]],
)
MEETING = define(
    "zh.meeting.held",
    "A meeting noun with a verb of holding in its clause ('…论坛在天津举行', '由…主办的…研讨会').",
    [("第五届工业生物技术在“一带一路”发展战略中的机遇与挑战论坛在天津举行。",
      event("MEETING", place="天津"))],
    patterns=[[{"LEMMA": {"REGEX": MEETING_VERB}}]],
)
VISIT_VERBS = {"访问": "guest", "拜访": "guest", "拜会": "guest", "到访": "guest", "会见": "host", "会晤": "host",
               "会谈": "both", "会商": "both", "举行会谈": "both", "双边会谈": "both"}
VISITED = define(
    "zh.meeting.visit",
    "'A访问/拜会B': an exchange visit, hosted by B; 'A会见B': a meeting, hosted by A. A visit to a city or a country "
    "is no exchange event.",
    [("3月12日，中国科学院代表团访问俄罗斯科学院，双方就合作进行了交流。", event("MEETING", host="俄罗斯科学院")),
     ("3月12日，代表团访问了北京，参观了多家企业和研究机构。", event("MEETING", absent=True)),
     ("正在法国访问的行政长官林郑月娥见证签署。", event("MEETING", absent=True))],
    patterns=[[{"LEMMA": {"IN": list(VISIT_VERBS)}}]],
)
ATTENDED = define(
    "zh.meeting.attended",
    "'出席/参加X会议': a named meeting that someone attends took place, with them as attendees; its name is the "
    "words after the verb up to the meeting noun ('第四届全球研究理事会年会'); a bare '会议' names none.",
    [("何鸣鸿副主任率团出访韩国，出席中韩基础科学联委会第19次会议。",
      event("MEETING", organizer="中韩基础科学联委会")),
     ("刘丛强出席第二次中欧创新合作高级别对话并作主旨发言。", event("MEETING")),
     ("外交部有关负责人出席了会议。", event("MEETING", absent=True))],
    patterns=[[{"LEMMA": {"IN": ["出席", "参加", "列席", "应邀出席", "出席了", "参加了"]}}]],
)
AT_NAMED_MEETING = define(
    "zh.meeting.at-named-meeting",
    "'在X论坛上/期间/框架下': a named meeting where something else is told to happen took place; its name is the "
    "words between 在 and 上 ('会上' alone names none).",
    [("杨卫应邀在第四届世界科研诚信大会上作特邀报告。", event("MEETING")),
     ("Etana已在“印尼—中国医疗健康与生物技术投资论坛”期间与沃森生物签署合作协议。",
      [event("MEETING"), event("AGREEMENT", party=["印尼"], absent=True)]),
     ("两省在2015安大略—江苏工业合作论坛框架下签署了九份备忘录及协议。", event("MEETING")),
     ("双方在会上交换了意见。", event("MEETING", absent=True)),
     ("科技部副部长在高层合作论坛上说，合作进入新阶段。", event("MEETING", absent=True))],
    patterns=[[{"LEMMA": {"IN": ["上", "期间", "下", "框架下", "框架内"]}}]],
)
# what makes a meeting's name one of its own: an edition, a year, a Latin acronym
_SPECIFIC = re.compile(r"第[\d一二三四五六七八九十百]+|(?:19|20)\d{2}|[A-Za-z]{2,}|首届|首屆")
_ATTENDED_NOUN = re.compile(r"(论坛|大会|会议|研讨会|交流会|对话会|对话|峰会|博览会|年会|座谈会|磋商|联席会|委员会会议)$")
ORDINAL_OF_BODY = define("zh.organizer.body-before-ordinal",
                          "'X第十次会议': a meeting named only by its ordinal is the meeting of the body named before it.",
                          [("中国—古巴生物技术联合工作组第十次会议28日在哈瓦那开幕。",
                            event("MEETING", organizer="中国—古巴生物技术联合工作组"))])
CHAIRS = define("zh.organizer.chairs",
                "'A与B共同主持会议': the organisations of those who chair a meeting organise it.",
                [("科技部副部长黄卫与肯尼亚教育部部长阿米娜在北京共同主持中肯科技合作联委会第三次会议。",
                  event("MEETING", organizer=["科技部", "肯尼亚教育部"]))])
HOLDER = define("zh.organizer.holder",
                "'A与B共同召开/举办X论坛': the organisations before the verb of holding organise the meeting.",
                [("中国科技部与墨西哥外交部共同召开2021年中拉科技创新论坛。",
                  event("MEETING", organizer=["中国科技部", "墨西哥外交部"]))])
BEFORE_VERB = define("zh.party.before-verb", "Organisations (or countries) before the verb in its clause take part.",
                     [("中国与古巴签署生物技术合作协议。", event("AGREEMENT", party=["中国", "古巴"]))])
PERSON_ORG = define("zh.party.person-org", "A person who signs stands for the organisation of their title.",
                    [("中国科学院院长白春礼与肯尼亚教育部长阿米娜签署谅解备忘录。",
                      event("AGREEMENT", party=["中国科学院", "肯尼亚教育部"]))])
ORGANISERS = define("zh.organizer.list", "'由A、B主办，C承办': organisers, co-organisers and hosts of the meeting "
                    "(also a teaser cut off before the verb: '由A、B共同……').",
                    [("论坛由中国科学院主办，天津工业生物技术研究所承办，在天津举行。",
                      event("MEETING", organizer="中国科学院", host="天津工业生物技术研究所")),
                     ("国际生物技术大会在成都举行。大会由中国工程院、四川省人民政府共同……",
                      event("MEETING", organizer=["中国工程院", "四川省人民政府"]))])
FOUNDERS = define("zh.founder.list", "'由A和B共建', '创始成员包括A、B': the founders of the institution.",
                  [("中国-乌拉圭生物纳米药物联合实验室由青岛大学和乌拉圭共和国大学共建，于6月26日揭牌。",
                    event("ESTABLISHMENT", founder=["青岛大学", "乌拉圭共和国大学"]))])
PLACE = define("zh.place.zai", "'在X举行/签署/揭牌': the place; a venue after its city.",
               [("签约仪式在北京举行，中国科学院与巴基斯坦科学院签署协议。", event("AGREEMENT", place="北京"))])
FUTURE_RULE = define("zh.status.future", "An adverb of plan or future before the verb makes the act planned: 将, 拟, 计划, 有望.",
                     [("双方将共建中国-肯尼亚作物分子生物学联合实验室。",
                       event("ESTABLISHMENT", status="planned", creates="中国-肯尼亚作物分子生物学联合实验室"))])
WITNESSES = define(
    "zh.attendee.witnesses",
    "Those who witness or attend a signing ('见证签约', '出席了签约仪式') are its guests (attendees), not its parties.",
    [("埃及总理马德布利和中国驻埃及大使廖力强在开罗以视频方式见证签约。",
      event("AGREEMENT", party=["埃及"], absent=True)),
     ("外交部、国家海洋局有关负责人出席了签约仪式。", event("AGREEMENT", party=["外交部"], absent=True)),
     ("中国科学院与肯尼亚教育部在内罗毕签署合作备忘录，外交部有关负责人见证签约。",
      event("AGREEMENT", party=["中国科学院", "肯尼亚教育部"])),
     # a verb of attending in an earlier clause does not govern the signing
     ("清华大学与剑桥大学代表出席晚宴，双方重新签署合作协议，教育部负责人见证签约。", event("AGREEMENT", party=["清华大学", "剑桥大学"]))])
_WITNESS_VERBS = {"见证", "出席", "参加", "列席", "观摩", "目睹", "共同见证", "一同见证", "亲自见证"}
FUTURE_FAR = define(
    "zh.status.future-over-adverbials",
    "A future adverb (将, 将于, 拟, 计划, 即将) earlier in the clause makes the act planned when only the time, the place "
    "and the manner stand between it and the verb: '将于明年6月在冰岛阿克雷里大学举办'.",
    [("第二届中国—北欧北极合作研讨会将于明年6月在冰岛阿克雷里大学举办。", event("MEETING", status="planned")),
     ("第二届合成细胞国际会议将于2026年5月在荷兰代尔夫特理工大学举行。", event("MEETING", status="planned")),
     ("中心将依托现有对南亚合作平台，定期举办中国—南亚技术转移论坛。", event("MEETING", status="planned")),
     ("中国科学院与肯尼亚教育部签署协议，并举行了中非科技合作论坛。", event("MEETING", status="planned", absent=True)),
     ("中国科学院计划明年推动合作，双方于6月18日在北京举行了中非科技合作论坛。",
      event("MEETING", status="planned", absent=True))])
_FAR_FUTURE = {"将", "将于", "拟", "即将", "将要", "计划"}   # lemmas are Simplified
_FUTURE_ADVERBS = {"将", "将于", "拟", "即将", "将要"}
_VP_JOINS = {"、", "，", ",", "并", "并且"}
NEGATED = define("zh.status.negated", "A negation before the verb (未, 尚未, 没有) means no event.",
                 [("肯尼亚尚未加入国际疫苗研究所。", event("MEMBERSHIP", absent=True))])
_TO_BUILD = {"共建", "筹建", "建立", "设立", "组建", "创建", "新建", "建设"}
AGREED_TO_BUILD = define("zh.status.agreed-to-build", "An institution to be built under an agreement signed in the same "
                         "sentence ('签署协议，共建X', '就共建X签署协议') is planned; '就X的运行达成协议' founds nothing.",
                         [("西北农林科技大学与哈萨克斯坦国立农业大学签署协议，共建中国-中亚旱区农业联合实验室。",
                           event("ESTABLISHMENT", status="planned", creates="中国-中亚旱区农业联合实验室")),
                          ("清华大学与新加坡国立大学就共建“中新生物医药联合研究院”签署协议。",
                           event("ESTABLISHMENT", status="planned", creates="中新生物医药联合研究院")),
                          ("中国科学院与肯尼亚教育部就中非联合研究中心的运行达成协议。", event("ESTABLISHMENT", absent=True))])
CREATES = define("zh.creates.jointly-build", "'签署协议，共建X' or '就共建X达成协议': the agreement creates X.",
                 [("西北农林科技大学与哈萨克斯坦国立农业大学签署协议，共建中国-中亚旱区农业联合实验室。",
                   event("AGREEMENT", creates="中国-中亚旱区农业联合实验室")),
                  ("清华大学与新加坡国立大学就共建“中新生物医药联合研究院”签署协议。",
                   event("AGREEMENT", creates="中新生物医药联合研究院", party=["清华大学", "新加坡国立大学"])),
                  # two agreements that create two institutions are two acts (events._told_apart)
                  ("西北农林科技大学与哈萨克斯坦国立农业大学签署协议，共建中国-中亚旱区农业联合实验室。\n\n"
                   "西北农林科技大学与哈萨克斯坦国立农业大学还签署协议，共建中哈智慧农业联合实验室。",
                   event("AGREEMENT", creates="中哈智慧农业联合实验室"))])
UNVEILERS = define(
    "zh.founder.unveilers",
    "'A与B为X揭牌', 'A与B在…揭牌成立X', 'A为X揭牌': the bodies who unveil an institution together (or the one body "
    "before 为) founded it.",
    [("卢旺达政府与非盟委员会本月初在基加利为非洲药品管理局总部揭牌。",
      event("ESTABLISHMENT", creates="非洲药品管理局", founder=["卢旺达政府", "非盟委员会"])),
     ("中国科学院为中国-斯里兰卡联合教育研究中心揭牌。",
      event("ESTABLISHMENT", creates="中国-斯里兰卡联合教育研究中心", founder=["中国科学院"]))],
)
UNVEILED_AFTER_FOR = define(
    "zh.creates.unveiled-after-for",
    "'A与B共同为X揭牌': what follows 为 is the institution unveiled; A's own institute, before 为, is not.",
    [("澳门大学与葡萄牙健康研究与创新研究所共建精准纳米医学联合实验室。\n\n签约后，澳大中华医药研究院院长陈新与Ana Pego"
      "共同为联合实验室揭牌。", event("ESTABLISHMENT", creates="精准纳米医学联合实验室")),
     ("澳门大学与葡萄牙健康研究与创新研究所共建精准纳米医学联合实验室。\n\n签约后，澳大中华医药研究院院长陈新与Ana Pego"
      "共同为联合实验室揭牌。", event("ESTABLISHMENT", creates="澳大中华医药研究院", absent=True))])
CREATES_BY_TITLE = define(
    "zh.creates.agreement-about-founding",
    "An agreement 'about founding X' by its object or its title ('签署了关于设立X的谅解备忘录', '《关于共同筹建X的协议》') "
    "creates X.",
    [("博览会期间，科技部与阿盟秘书处签署了《关于共建中国—阿拉伯国家技术转移中心的谅解备忘录》。",
      event("AGREEMENT", creates="中国—阿拉伯国家技术转移中心")),
     ("广州中医药大学与皇家墨尔本理工大学签署《关于共同筹建深圳生命科学与工程学院的协议》。",
      event("AGREEMENT", creates="深圳生命科学与工程学院", party=["广州中医药大学", "皇家墨尔本理工大学"])),
     ("科技部与阿盟秘书处签署了《关于加强技术转移合作的谅解备忘录》。", event("AGREEMENT", creates="科技部", absent=True))])
TOPIC = define("zh.party.topic-not-party", "'A与B就X签署/达成协议': X, after 就 ('on'), is what the agreement is about, "
               "not a party.",
               [("中国科学院与肯尼亚教育部就中非联合研究中心的运行达成协议。",
                 event("AGREEMENT", party=["中国科学院", "肯尼亚教育部"]))])
PAIR_SIDES = define("zh.party.pair-short-form", "'中哈双方签署协议': a pair short form before the verb stands for both "
                    "countries (zh.country.short-form), who are the parties.",
                    [("哈萨克斯坦总统会见了中国代表团。会谈后，中哈双方签署了农业科技合作协议。",
                      event("AGREEMENT", party=["中国", "哈萨克斯坦"]))])

AT_THE_MEETING = re.compile(r"(论坛上|會上|会上|会议期间|會議期間|论坛期间|大会期间|大會期間|活动中|仪式上|儀式上|现场|現場|期间)")
MEETING_NAME = re.compile(
    r"(?:[A-Za-z]{2,10} ?)?(?:第[\d一二三四五六七八九十百]+[届屆]|\d{4})?[^，,。、；;：:\s（）()⟦⟧]{2,40}?"
    r"(论坛|論壇|大会|大會|会议|會議|研讨会|研討會|交流会|交流會|对话会|對話會|峰会|峰會|博览会|博覽會)"
)


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    m = Matcher(_zh_vocab())
    for rule in (SIGNED, CEREMONY, ESTABLISHED, JOINED, MEETING, VISITED, PRODUCTION, ATTENDED, AT_NAMED_MEETING):
        m.add(rule.id, list(rule.patterns))
    return m


def _clauses(sent: TokenSpan) -> list[tuple[int, int]]:
    """Token ranges of the clauses of a sentence; a comma inside brackets ('（COVAX，又译…）')
    ends no clause."""
    out, start, depth = [], sent.start, 0
    for t in sent:
        depth += sum(t.text.count(c) for c in "（(") - sum(t.text.count(c) for c in "）)")
        depth = max(depth, 0)
        if t.text in CLAUSE_END and depth == 0:
            out.append((start, t.i + 1))
            start = t.i + 1
    if start < sent.end:
        out.append((start, sent.end))
    return out


def _unit(article: Article, sent: TokenSpan, i: int) -> tuple[int, int]:
    """The clause of token i, widened back over up to two clauses to the nearest one that
    names an organisation (the subject of a run of clauses)."""
    clauses = _clauses(sent)
    k = next(n for n, (s, e) in enumerate(clauses) if s <= i < e)
    j = k
    while j > 0 and k - j < 2 and not any(t._.eid and entity_type(article, t._.eid) == "ORG" for t in sent.doc[clauses[j][0]:i]):
        j -= 1
    return clauses[j][0], clauses[k][1]







def _pair_countries(article: Article, tokens) -> list[str]:
    """The two countries a pair short form ('中哈', a word with no entity of its own) names."""
    aliases = [(e.id, {to_simplified(a) for a in e.aliases}) for e in article.entities if e.type == "COUNTRY"]
    out: list[str] = []
    for t in tokens:
        if t._.eid or not 2 <= len(t.lemma_) <= 3:
            continue
        out += [eid for eid, names in aliases if t.lemma_ in names and eid not in out]
    return out if len(out) >= 2 else []


def _topic(doc, start: int, trigger: Token) -> int | None:
    """Where '就X' ('on X') starts between the clause's start and the verb: X is the act's topic."""
    return next((t.i for t in doc[start:trigger.i - 1] if t.lemma_ == "就"), None)  # "就签署": "then signed"


def _after_with(tokens) -> set[str]:
    """Entities named right after 与/同/跟 ("with"): counterparts of the clause's subject, not its subject."""
    out, prev = set(), None
    for t in tokens:
        if t._.eid and prev is not None and prev.lemma_ in ("与", "與", "同", "跟") and prev._.eid != t._.eid:
            out.add(t._.eid)
        prev = t
    return out


def _status(doc, start: int, trigger: Token, draft: Draft) -> None:
    before = "".join(t.lemma_ for t in doc[max(start, trigger.i - 4):trigger.i])
    before = re.sub(r"(共同|正式|联合|一起|携手|双方|再次|首次|还|也|都|已|已经|成功|现场|于|在.*$)$", "", before)
    if NEGATION.search(before) or NEGATION.search(before[-3:]):
        draft.status = "negated"
        draft.by.add(NEGATED.id)
    elif FUTURE.search(before) or any(FUTURE.fullmatch(t.lemma_) for t in doc[max(start, trigger.i - 4):trigger.i]):
        draft.status = "planned"
        draft.by.add(FUTURE_RULE.id)
    elif _future_over_adverbials(doc, start, trigger):
        draft.status = "planned"
        draft.by.add(FUTURE_FAR.id)


def _future_over_adverbials(doc, start: int, trigger: Token) -> bool:
    """'将于2026年5月在荷兰代尔夫特理工大学举行': a future adverb of the clause reaches the verb over the
    time, the place and the manner between them, but not over another verb, which it would govern instead.
    A verb phrase with no subject of its own, joined to the one before ('将依托现有平台，定期举办大会',
    '将继续支持预研课题、举办说明会'), shares that phrase's future adverb."""
    lo = trigger.sent.start
    joins = [t.i for t in doc[lo:trigger.i] if t.lemma_ in _VP_JOINS]
    own = joins[-1] + 1 if joins else lo
    for t in reversed(doc[max(start, own):trigger.i]):
        if t.lemma_ in _FAR_FUTURE:
            return True
        if t.tag_ in ("v", "vd") and not t._.eid:
            return False
    if not joins or any(_is_subject(t) for t in doc[own:trigger.i]):
        return False
    before = joins[-2] + 1 if len(joins) > 1 else lo
    for t in doc[before:joins[-1]]:
        if t.lemma_ in _FUTURE_ADVERBS:
            return True
        if t.tag_ in ("v", "vd") and not t._.eid:
            return False
    return False


def _is_subject(t: Token) -> bool:
    """A name, noun or pronoun: a phrase that has one has a subject of its own."""
    return bool(t._.eid) or t.tag_ in ("r", "PER", "ORG", "LOC", "nr", "nt", "ns", "nz", "n")


def _place(article: Article, doc, start: int, end: int) -> str | None:
    tokens = list(doc[start:end])
    for n, t in enumerate(tokens):
        if t.lemma_ in ("在", "于", "位于", "在位于"):
            found = []
            for u in tokens[n + 1:n + 8]:
                if u.lemma_ in ("与", "和", "同", "跟", "及"):
                    found = []      # "在2014年A与B签署": the parties, not a place
                    break
                if u._.eid and entity_type(article, u._.eid) in ("PLACE", "ORG", "COUNTRY"):
                    if u._.eid not in found:
                        found.append(u._.eid)
                elif u.text in CLAUSE_END or (u.tag_.startswith("v") and not u._.eid):
                    break
            places = [f for f in found if entity_type(article, f) == "PLACE"]
            if places or found:
                return (places or found)[-1]
    return None




def _quoted(doc, start: int, end: int) -> set[int]:
    """Token indexes inside 《…》: an agreement's title, not its parties."""
    inside, out = False, set()
    for t in doc[start:end]:
        if "《" in t.text:
            inside = True
        if inside:
            out.add(t.i)
        if "》" in t.text:
            inside = False
    return out | _quoted_meeting_names(doc, start, end)


def _quoted_meeting_names(doc, start: int, end: int) -> set[int]:
    """Token indexes inside “…” that name a meeting ('在“印尼—中国…投资论坛”期间'): the countries
    in a meeting's name are not parties to what is signed there."""
    out: set[int] = set()
    opened = None
    for t in doc[start:end]:
        if t.text in ("“", "「"):
            opened = t.i
        elif t.text in ("”", "」") and opened is not None:
            if t.i > opened + 1 and _ATTENDED_NOUN.search(doc[t.i - 1].lemma_):
                out.update(range(opened, t.i + 1))
            opened = None
    return out


def find_events(article: Article) -> list[Draft]:
    matcher = _matcher()
    drafts: list[Draft] = []
    for index, sent, base, matches in matches_by_sentence(article, matcher):
        doc = sent.doc
        seen: set[tuple[str, int]] = set()
        for match_id, start, _end in matches:
            if not sent.start <= start < sent.end:
                continue
            rule_id = doc.vocab.strings[match_id]
            if (rule_id, start) in seen:
                continue
            seen.add((rule_id, start))
            trigger = doc[start]
            u_start, u_end = _unit(article, sent, start)
            draft = _BUILDERS[rule_id](article, sent, trigger, u_start, u_end)
            if draft is None:
                continue
            draft.sentence = index
            draft.trigger = Span(base + trigger.idx, base + trigger.idx + len(trigger.text))
            draft.window = Span(base + doc[u_start].idx, base + doc[u_end - 1].idx + len(doc[u_end - 1].text))
            draft.by.add(rule_id)
            _status(doc, u_start, trigger, draft)
            if draft.type == "ESTABLISHMENT" and draft.status == "happened" and trigger.lemma_ in _TO_BUILD and any(
                    d.type == "AGREEMENT" and d.sentence == index for d in drafts):
                draft.status = "planned"  # "签署协议，共建X": the agreement launches X; X is not yet built
                draft.by.add(AGREED_TO_BUILD.id)
            parts = _each_counterpart(article, doc, u_start, trigger, draft)
            for part in parts:
                _reach_antecedents(article, part)
            if len(parts) > 1:
                drafts += parts
                continue
            twin = next((d for d in drafts if d.sentence == index and d.type == draft.type and (
                d.creates == draft.creates if draft.type == "ESTABLISHMENT" else True) and d.status == draft.status
                and (not d.participants or not draft.participants or set(d.participants) & set(draft.participants))
                and (EACH_COUNTERPART.id not in d.by or partners(draft) <= partners(d))
                and not _named_apart(d, draft)), None)
            if twin is not None:
                twin.absorb(draft, rule_id)
                continue
            drafts.append(draft)
    _organisers(article, drafts)
    _founders(article, drafts)
    _created_no_sole_party(drafts)
    return _drop_joint_of_parts(drafts)


def _agreement(article: Article, sent: TokenSpan, trigger: Token, start: int, end: int) -> Draft | None:
    doc = sent.doc
    signed_alone = trigger.lemma_.endswith("签约")
    nouns = [t for t in doc[trigger.i:end] if re.search(AGREEMENT_NOUN, t.lemma_)]
    titled = any("《" in t.text for t in doc[trigger.i + 1:min(end, trigger.i + 4)]) and not trigger.lemma_.endswith("达成")
    if not nouns and not signed_alone and not titled and not re.search(r"仪式$", trigger.lemma_):
        return None     # "签署了《…实际安排》": what is signed under a title is a document
    if trigger.lemma_.endswith("达成") and not nouns:
        return None
    draft = Draft("AGREEMENT", 0, Span(0, 0))
    quoted = _quoted(doc, start, end)
    topic = _topic(doc, start, trigger)
    before = [t for t in doc[start:topic if topic is not None else trigger.i] if t.i not in quoted]
    parties = _ids(article, before, ("ORG",)) or _ids(article, before, ("COUNTRY",))
    pair = [] if parties else _pair_countries(article, before)
    for eid in pair:
        draft.attach(eid, "party", PAIR_SIDES.id)
    if topic is not None:
        draft.by.add(TOPIC.id)
        _creates_after_founding(article, doc[topic + 1:trigger.i], draft)
    place = _place(article, doc, start, end)
    guests = _witnessed(doc, start, trigger)
    for eid in parties:
        if eid != place:
            draft.attach(eid, "attendee" if guests else "party", WITNESSES.id if guests else BEFORE_VERB.id)
    for eid in orgs_of_people(article, _ids(article, before, ("PERSON",))):
        draft.attach(eid, "attendee" if guests else "party", WITNESSES.id if guests else PERSON_ORG.id)
    if not guests:
        _sides_named_before(article, doc, before, draft)
    if draft.creates is None:
        _creates_after_founding(article, [t for t in doc[trigger.i + 1:min(sent.end, trigger.i + 14)] if t.i not in quoted],
                                draft)
    if draft.creates is None:
        _creates_by_title(article, doc[trigger.i + 1:min(sent.end, trigger.i + 24)], draft)
    set_place(draft, place, PLACE.id)
    m = re.search(r"《([^》]{2,60})》", sent.text)
    draft.name = m.group(1) if m else None
    return draft


def _creates_by_title(article: Article, tokens, draft: Draft) -> None:
    """'签署了关于设立X的谅解备忘录', '《关于共同筹建X的协议》': an agreement about founding an
    institution, by its title or its object, creates it (inside a title too, which
    `_creates_after_founding` does not read)."""
    tokens = list(tokens)
    for n, t in enumerate(tokens):
        if t.lemma_ not in ("关于", "有关"):
            continue
        verb = next((k for k in range(n + 1, min(n + 4, len(tokens))) if _founds(tokens[k].lemma_)), None)
        if verb is None:
            return
        target = next((u for u in tokens[verb + 1:verb + 8] if u._.eid and is_institution(article, u._.eid)), None)
        if target is not None:
            draft.set_creates(target._.eid, CREATES_BY_TITLE.id)
        return


def _founds(lemma: str) -> bool:
    """A verb of founding, alone or after an adverb ('共同筹建', '联合设立')."""
    return bool(FOUNDING.match(lemma)) or any(lemma.endswith(v) for v in _TRANSITIVE_FOUNDING if v != "启动")


def _witnessed(doc, start: int, trigger: Token) -> bool:
    """'A见证签约', 'B出席了签约仪式': the last verb before the signing is one of watching or
    attending, so those named before it are guests of the signing, not its parties. Only a verb of
    the signing's own clause: '两人出席招待会，重新签署协议' are its parties."""
    own = max([start] + [t.i + 1 for t in doc[start:trigger.i] if t.text in CLAUSE_END])
    verb = next((t for t in reversed(doc[own:trigger.i]) if t.tag_ in ("v", "vd") and not t._.eid), None)
    return verb is not None and verb.lemma_.rstrip("了") in _WITNESS_VERBS


def _creates_after_founding(article: Article, tokens, draft: Draft) -> None:
    """'共建X': the first institution after a verb of founding is what the agreement creates."""
    tokens = list(tokens)
    for n, t in enumerate(tokens):
        if FOUNDING.match(t.lemma_):
            target = next((u for u in tokens[n + 1:n + 8] if u._.eid and is_institution(article, u._.eid)), None)
            if target is not None:
                draft.set_creates(target._.eid, CREATES.id)
            return


def _in_topic(doc, trigger: Token, end: int) -> bool:
    """'就共建X签署协议': the verb stands between 就 and a verb of signing, in the agreement's topic."""
    opened = any(t.lemma_ == "就" for t in doc[max(0, trigger.i - 6):trigger.i])
    return opened and any(re.search(SIGN, t.lemma_) for t in doc[trigger.i + 1:end])


def _establishment(article: Article, sent: TokenSpan, trigger: Token, start: int, end: int) -> Draft | None:
    doc = sent.doc
    topic = _in_topic(doc, trigger, end)
    if topic and trigger.lemma_ not in _TO_BUILD:
        return None     # "就中心的运行达成协议": the agreement is about the centre's running, no founding
    by_list = next((u.i for u in reversed(doc[start:trigger.i]) if u.lemma_ in ("由", "经")), None)
    # "陈新与Ana Pego共同为联合实验室揭牌": what follows 为 is unveiled, who stands before it unveils
    unveiled = next((u.i for u in reversed(doc[start:trigger.i]) if u.lemma_ == "为"), None)
    pick_from = start if unveiled is None else unveiled + 1
    cands = []
    for t in doc[pick_from:end]:
        if t._.eid and is_institution(article, t._.eid) and t._.eid not in [c[1] for c in cands]:
            if by_list is not None and by_list < t.i < trigger.i:
                continue  # "由⟦青岛大学⟧和⟦乌拉圭共和国大学⟧共建": the founders, not what is founded
            cands.append((t.i, t._.eid))
    before = [c for c in cands if c[0] < trigger.i and trigger.i - c[0] <= 12]
    after = [c for c in cands if c[0] > trigger.i and c[0] - trigger.i <= 10]
    if trigger.lemma_ in _TRANSITIVE_FOUNDING:
        # "中国科学院在会上启动了合成细胞国际科学计划": what is launched is the object, here no
        # institution; the subject before the verb is the one who launches it
        chosen = after[:1] or ([] if _has_object(doc, trigger, end) else before[-1:])
    else:
        chosen = before[-1:] or after[:1]
    if not chosen:
        ana = re.search(r"(联盟|联合实验室|实验室|中心|委员会|协会)", "".join(t.lemma_ for t in doc[pick_from:trigger.i]))
        if ana:
            base = next(b for b, d in article.docs if d is doc)
            target = org_named_last(article, base + doc[start].idx, re.compile(re.escape(ana.group(1)) + r"\Z").search)
            if target:
                chosen = [(trigger.i, target)]
    if not chosen:
        return None
    draft = Draft("ESTABLISHMENT", 0, Span(0, 0))
    creates = chosen[0][1]
    draft.set_creates(creates, ESTABLISHED.id)
    if unveiled is not None:
        draft.by.add(UNVEILED_AFTER_FOR.id)
    subject = doc[start:trigger.i if unveiled is None else unveiled]
    jointly = re.search(r"(共同|联合|一起|携手|合作)", "".join(t.lemma_ for t in subject)) or trigger.lemma_ in ("共建",)
    paired = _paired(article, subject)
    if jointly or paired or (unveiled is not None and _ids(article, subject, ("ORG",))):
        for eid in _ids(article, subject, ("ORG", "COUNTRY")) + orgs_of_people(article, _ids(article, subject, ("PERSON",))):
            if eid != creates:
                draft.attach(eid, "founder", BEFORE_VERB.id if jointly else UNVEILERS.id)
    place = _place(article, doc, start, end)
    set_place(draft, place if place != creates else None, PLACE.id)
    if topic:
        draft.status = "planned"    # what the agreement is about is not built yet
        draft.by.add(AGREED_TO_BUILD.id)
    return draft


def _paired(article: Article, tokens) -> bool:
    """'A与B…', '⟦ORG⟧委员⟦P⟧与⟦ORG⟧部长⟦P⟧…': two names joined by 与/和/同/跟 before the verb act together."""
    seen = joined = False
    for t in tokens:
        if t._.eid and entity_type(article, t._.eid) in ("ORG", "COUNTRY", "PERSON"):
            if joined:
                return True
            seen = True
        elif seen and t.lemma_ in (*_WITH, "和", "及"):
            joined = True
    return False


_TRANSITIVE_FOUNDING = ("共建", "筹建", "创建", "新建", "组建", "建立", "设立", "启动")
_NOUN_TAGS = ("n", "nz", "nw", "vn", "an", "ORG", "LOC", "PER", "ns", "nt", "nr")


def _has_object(doc, trigger: Token, end: int) -> bool:
    """A noun right after the verb (past 了 and quotes): the verb is used with an object."""
    for t in doc[trigger.i + 1:end]:
        if t.lemma_ in ("了", "“", "”", "《", "》", "\""):
            continue
        if re.match(r"(仪式|典礼|会|大会|活动|工作|运行|建设)", t.lemma_):
            return False  # "中心启动仪式", "启动运行": the ceremony of it, not an object
        return t.tag_ in _NOUN_TAGS or t.tag_.startswith("n")
    return False


def _membership(article: Article, sent: TokenSpan, trigger: Token, start: int, end: int) -> Draft | None:
    doc = sent.doc
    after = list(doc[trigger.i + 1:end])
    if trigger.lemma_ in ("成为", "成為"):
        text = "".join(t.lemma_ for t in after)
        if not re.search(r"(成员|会员|成员国|缔约方|成员单位|理事单位|参与方|参与国)", to_simplified(text)):
            return None
    hosts = _ids(article, after[:8], ("ORG",))
    members = _ids(article, doc[start:trigger.i], ("COUNTRY", "ORG"))
    counterparts = _after_with(doc[start:trigger.i])
    if len(set(members) - counterparts) >= 1:
        members = [m for m in members if m not in counterparts]  # "A与B签署协议，成为C的参与方": A joins
    if not members or not hosts:
        return None
    draft = Draft("MEMBERSHIP", 0, Span(0, 0))
    draft.attach(members[-1], "member", BEFORE_VERB.id)
    draft.attach(hosts[0], "host", JOINED.id)
    set_place(draft, _place(article, doc, start, end), PLACE.id)
    return draft


def _meeting(article: Article, sent: TokenSpan, trigger: Token, start: int, end: int) -> Draft | None:
    doc = sent.doc
    unit_text = "".join(t.lemma_ for t in doc[start:end])
    if not re.search(MEETING_NOUN.rstrip("$"), re.sub(_PRESS, "", unit_text)):
        return None     # a press conference or briefing is no cooperation meeting
    if re.search(r"(签署|签订|签约)", unit_text) and not re.search(r"暨", unit_text):
        return None  # a signing ceremony held inside a forum is the agreement
    draft = Draft("MEETING", 0, Span(0, 0))
    raw = [m.group().strip() for m in MEETING_NAME.finditer(sent.text)]
    names = [_clean_name(r) for r in raw]
    for r in raw:
        verb = list(_HOLDING.finditer(r))
        prefix = r[:verb[-1].start()] if verb else ""
        for ent in article.entities:
            if ent.type == "ORG" and any(len(n) >= 2 and n in prefix for n in ent.names()):
                draft.attach(ent.id, "organizer", HOLDER.id)   # "A与B共同召开X论坛"
    bodies = [(n, _body_before(article, sent, n)) for n in names]
    names = [body.name + n if body is not None else n for n, body in bodies]
    names = [n for n in names if len(n) > 4]
    draft.name = max(names, key=len) if names else None
    for _n, body in bodies:
        if body is not None:
            draft.attach(body.id, "organizer", ORDINAL_OF_BODY.id)
    set_place(draft, _place(article, doc, start, end), PLACE.id)
    if draft.name:
        for ent in article.entities:
            if ent.type == "ORG" and any(draft.name.startswith(n) for n in ent.names() if len(n) >= 2):
                draft.attach(ent.id, "organizer", MEETING.id)  # "ICH 2017年第一次大会"
    if trigger.lemma_.endswith("主持"):   # "A与B共同主持会议": who chairs it stands for their organisation
        for eid in orgs_of_people(article, _ids(article, doc[start:trigger.i], ("PERSON",))):
            draft.attach(eid, "organizer", CHAIRS.id)
    venue = article.entity(draft.place)
    if venue is not None and venue.type == "ORG":
        draft.attach(venue.id, "host", PLACE.id)
    return draft


_HOLDING = re.compile(r"(召开|召開|举办|舉辦|举行|舉行|出席|参加|參加|主持)")
_PRESS = r"(记者会|記者會|新闻发布会|新聞發布會|发布会|發布會|吹风会|吹風會|记者招待会)"
_ORDINAL_ONLY = re.compile(r"^(?:第[\d一二三四五六七八九十百]+[届屆次]|首次|首届|首屆)(?:全体|全體)?(?:会议|會議|大会|大會|年会|年會)$")


def _body_before(article: Article, sent: TokenSpan, name: str) -> Entity | None:
    """'中国—古巴生物技术联合工作组第十次会议': the organisation whose name stands right before a
    meeting name that is only an ordinal."""
    at = sent.text.find(name)
    if at <= 0 or not _ORDINAL_ONLY.match(name):
        return None
    before = sent.text[:at]
    found = [(len(n), e) for e in article.entities if e.type == "ORG" for n in e.names() if len(n) >= 2 and before.endswith(n)]
    return max(found, key=lambda x: x[0])[1] if found else None


def _clean_name(name: str) -> str:
    """The name alone: nothing before the ordinal or the last function word."""
    ordinal = re.search(r"[A-Za-z0-9 年]*第[\d一二三四五六七八九十百]+[届屆次]", name)
    if ordinal:
        name = name[ordinal.start():].strip()
    else:
        cut = max(name.rfind(ch) for ch in "的在于将了是办")
        name = name[cut + 1:] if cut >= 0 else name
    verb = list(_HOLDING.finditer(name))
    if verb:   # "中方提出召开X研讨会", "霍巴特同期召开X": the meeting is X; "…主持会议" names none
        name = name[verb[-1].end():] if len(name) - verb[-1].end() >= 4 else ""
    if name[:1] in "“\"" and not re.search(r"[”\"]", name[1:]):
        name = name[1:]
    name = re.sub(r"^(?:其中|包括|随着|隨著|暨|并|並|及|和|与|與|原标题《|原標題《|《)+", "", name)
    if re.match(r"^(?:部分|多场|各|该|本|此|这|上述|\d+场|[一二三四五六七八九十]+场|平行|分)", name):
        return ""  # "其中包括55场平行论坛": sessions of the article's meeting
    return name


def _attended(article: Article, sent: TokenSpan, trigger: Token, start: int, end: int) -> Draft | None:
    """'出席X会议': the meeting named right after the verb, attended by those named before it."""
    doc = sent.doc
    last = None
    for t in doc[trigger.i + 1:min(end, trigger.i + 16)]:
        if t.text in CLAUSE_END or t.lemma_ in ("并", "并且", "。") or (t.lemma_ == "上" and last is not None):
            break
        if _ATTENDED_NOUN.search(t.lemma_) and t.lemma_ not in ("委员会",):
            last = t
    if last is None:
        return None
    text = "".join(t.text for t in doc[trigger.i + 1:last.i + 1])
    name = _clean_name(re.sub(r"^(?:了|在)", "", text))
    body = _body_before(article, sent, name) if _ORDINAL_ONLY.match(name) else None
    if body is not None:
        name = body.name + name
    if len(name) <= 4 or (body is None and _ORDINAL_ONLY.match(name)):
        return None     # "出席了会议": no meeting named
    draft = Draft("MEETING", 0, Span(0, 0))
    draft.name = name
    if body is not None:
        draft.attach(body.id, "organizer", ORDINAL_OF_BODY.id)
    for eid in _ids(article, doc[start:trigger.i], ("ORG", "PERSON")):
        if not any(len(n) >= 2 and n in name for n in article.entity(eid).names()):
            # (a body the name holds meets there: xx.organizer.body-in-meeting-name; countries before the verb
            # are where one travelled)
            draft.attach(eid, "attendee", ATTENDED.id)
    set_place(draft, _place(article, doc, start, end), PLACE.id)
    return draft


def _at_named_meeting(article: Article, sent: TokenSpan, trigger: Token, start: int, end: int) -> Draft | None:
    """'在X大会上': the meeting named between 在 and the trigger."""
    doc = sent.doc
    k = trigger.i - 1
    if k > 0 and trigger.lemma_ == "下" and doc[k].lemma_ == "框架":
        k -= 1      # "在X论坛框架下"
    while k > 0 and doc[k].text in ("”", "\"", "》", "」"):
        k -= 1
    if k < 1 or not _ATTENDED_NOUN.search(doc[k].lemma_):
        return None
    at = next((t.i for t in reversed(doc[max(start, k - 16):k]) if t.lemma_ in ("在", "于")), None)
    if at is None or any(t.text in CLAUSE_END for t in doc[at:k]):
        return None
    name = _clean_name("".join(t.text for t in doc[at + 1:k + 1]).strip("“”\"《》「」"))
    body = _body_before(article, sent, name) if _ORDINAL_ONLY.match(name) else None
    if len(name) <= 4 or (body is None and _ORDINAL_ONLY.match(name)):
        return None
    if body is None and not _SPECIFIC.search(name) and len(name) < 8 and not any(t._.eid for t in doc[at + 1:k + 1]):
        return None     # "在高层合作论坛上": a session of the article's meeting, named by what it is
    draft = Draft("MEETING", 0, Span(0, 0))
    draft.name = body.name + name if body is not None else name
    if body is not None:
        draft.attach(body.id, "organizer", ORDINAL_OF_BODY.id)
    return draft


TALKS = define(
    "zh.meeting.talks",
    "'A与B(举行)会谈/会商': talks between two sides, told by the names before the verb; the first hosts, the other "
    "takes part ('万钢与西贝利厄斯会谈'). One side alone ('双方会谈') tells no one.",
    [("中国科学院与俄罗斯科学院在莫斯科举行会谈。", event("MEETING", host="中国科学院", party="俄罗斯科学院")),
     ("会后双方举行了会谈。", event("MEETING", absent=True))],
)
_TALKS = {"会谈", "会商", "举行会谈", "双边会谈"}


def _talks(article: Article, doc, start: int, end: int, sides: list[str]) -> Draft | None:
    """'A与B会谈': A hosts the talks, B takes part."""
    orgs = [eid for eid in sides if entity_type(article, eid) == "ORG"]
    sides = orgs if len(orgs) >= 2 else sides    # a ministry, not also its country
    if len(sides) < 2 or not _paired(article, doc[start:end]):
        return None
    draft = Draft("MEETING", 0, Span(0, 0))
    draft.attach(sides[0], "host", TALKS.id)
    for eid in sides[1:]:
        draft.attach(eid, "party", TALKS.id)
    set_place(draft, _place(article, doc, start, end), PLACE.id)
    return draft


def _visit(article: Article, sent: TokenSpan, trigger: Token, start: int, end: int) -> Draft | None:
    doc = sent.doc

    def side(tokens) -> list[str]:
        found = _ids(article, tokens, ("ORG",))
        people = _ids(article, tokens, ("PERSON",))
        return found or orgs_of_people(article, people) or people

    if trigger.i + 1 < len(doc) and doc[trigger.i + 1].lemma_ == "的":
        return None     # "正在法国访问的行政长官": the visit describes a person, it is not told as an event
    before = side(doc[start:trigger.i])
    after = side(doc[trigger.i + 1:min(end, trigger.i + 8)])
    if trigger.lemma_ in _TALKS:
        return _talks(article, doc, start, end, _side(article, doc[start:trigger.i], None))
    host, guests = (after, before) if VISIT_VERBS[trigger.lemma_] == "guest" else (before, after)
    if not host:
        return None
    draft = Draft("MEETING", 0, Span(0, 0))
    for eid in host[:1]:
        draft.attach(eid, "host", VISITED.id)
    for eid in guests:
        if eid not in host:
            draft.attach(eid, "attendee", BEFORE_VERB.id)
    set_place(draft, _place(article, doc, start, end), PLACE.id)
    return draft


def _production(article: Article, sent: TokenSpan, trigger: Token, start: int, end: int) -> Draft | None:
    doc = sent.doc
    subject = doc[start:trigger.i]
    founders = _ids(article, subject, ("ORG", "COUNTRY")) + orgs_of_people(article, _ids(article, subject, ("PERSON",)))
    founders = list(dict.fromkeys(founders))
    if len(founders) < 2:
        return None
    draft = Draft("ESTABLISHMENT", 0, Span(0, 0))
    for eid in founders:
        draft.attach(eid, "founder", BEFORE_VERB.id)
    set_place(draft, _place(article, doc, start, end), PLACE.id)
    return draft


_BUILDERS = {SIGNED.id: _agreement, CEREMONY.id: _agreement, ESTABLISHED.id: _establishment, JOINED.id: _membership,
             MEETING.id: _meeting, VISITED.id: _visit, PRODUCTION.id: _production, ATTENDED.id: _attended,
             AT_NAMED_MEETING.id: _at_named_meeting}


def _list_before(article: Article, doc, i: int, stop_at_you: bool = True) -> list[str]:
    """Entities in the list that ends just before token i: 'A、B和C(共同)主办'."""
    ids: list[str] = []
    j = i - 1
    while j >= 0:
        t = doc[j]
        if t._.eid and entity_type(article, t._.eid) in ("ORG", "PLACE", "COUNTRY"):
            if t._.eid not in ids:
                ids.insert(0, t._.eid)
        elif t.lemma_ in ("由", "經", "经") and stop_at_you:
            break
        elif not (t.text in "、，,和与及 " or t.lemma_ in ("共同", "联合", "等", "合作", "携手") or _LIST_TAIL.match(t.lemma_) or
                  re.fullmatch(r"[(（][^)）]*[)）]", t.text) or t.text in "()（）"):
            break
        j -= 1
    return ids


def _organisers(article: Article, drafts: list[Draft]) -> None:
    meetings = [d for d in drafts if d.type == "MEETING"]
    if not meetings:
        return
    for index, sent in sentence_spans(article):
        target = next((d for d in meetings if d.sentence == index), meetings[0])
        for t in sent:
            role = ORGANISER_ROLE.get(t.lemma_)
            if role is None and t.lemma_.endswith(("主办", "协办", "承办")):
                role = ORGANISER_ROLE.get(t.lemma_[-2:])
            if role is None and t.lemma_ in ("共同", "联合") and re.match(r"^\s*(?:……|\.{3}|…)", sent.doc.text[t.idx + len(t.text):]):
                role = "organizer"   # "由A、B共同……": a teaser cut off before its verb
            if role is None:
                continue
            for eid in _list_before(article, sent.doc, t.i):
                target.attach(eid, role, ORGANISERS.id, overwrite=True)


def _founders(article: Article, drafts: list[Draft]) -> None:
    establishments = [d for d in drafts if d.type == "ESTABLISHMENT"]
    if not establishments:
        return
    for _index, sent in sentence_spans(article):
        doc = sent.doc
        in_sentence = {t._.eid for t in sent if t._.eid}
        target = next((d for d in establishments if d.creates in in_sentence), establishments[0])
        for t in sent:
            if FOUNDING.match(t.lemma_) and any(u.lemma_ == "由" for u in doc[max(sent.start, t.i - 12):t.i]):
                for eid in _list_before(article, doc, t.i):
                    if eid != target.creates and entity_type(article, eid) in ("ORG", "COUNTRY"):
                        target.attach(eid, "founder", FOUNDERS.id)
        text = sent.text
        m = re.search(r"(创始成员|創始成員|首批成员)[^。；]{0,20}?包括", text)
        if m:
            base = next(b for b, d in article.docs if d is doc)
            for t in sent:
                if base + t.idx >= base + sent.start_char + m.end() and t._.eid and entity_type(article, t._.eid) in ("ORG", "COUNTRY"):
                    target.attach(t._.eid, "founder", FOUNDERS.id)


def meeting_place_elsewhere(article: Article) -> str | None:
    for _index, sent in sentence_spans(article):
        if re.search(MEETING_NOUN.rstrip("$"), sent.text):
            found = _place(article, sent.doc, sent.start, sent.end)
            if found and entity_type(article, found) == "PLACE":
                return found
    return None
