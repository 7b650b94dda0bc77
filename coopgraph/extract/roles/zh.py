"""Chinese role rules over sentence templates: "⟦ORG⟧副所长⟦PERSON⟧", "⟦ORG⟧副书记、⟦ORG⟧代区长⟦PERSON⟧",
"⟦PERSON⟧当选联盟首任主席". A title held in a country ("塞尔维亚总统") has no organisation.
"""
from __future__ import annotations

import re

from coopgraph.extract.rules import define, role

TITLE_MOD = (r"(?:常务|执行|名誉|荣休|首席|代|副|总|联席|党委|党组|一级|二级|高级|特聘|资深|前|现任|时任|時任|候任|临时|臨時|"
             r"常務|執行|黨委|外籍|中方|外方|署理|助理|大会|大會)*")
TITLE_CORE = (
    r"(?:行政长官|行政長官|书记|書記|所长|所長|院长|院長|部长|部長|主任|局长|局長|校长|校長|主席|总裁|總裁|董事长|董事長|总经理|經理|经理|"
    r"首席执行官|执行官|国务委员|國務委員|外长|外長|党组成员|黨組成員|常委|大使|教授|研究员|研究員|院士|秘书长|秘書長|理事长|理事長|会长|會長|区长|區長|市长|市長|省长|省長|"
    r"州长|厅长|廳長|处长|處長|司长|司長|总统|總統|总理|總理|首相|国务秘书|國務秘書|调研员|調研員|创始人|創始人|联合创始人|"
    r"负责人|負責人|合伙人|投资官|成员|成員|委员|委員|参赞|參贊|领事|署长|董事|干事|幹事|发言人|發言人|总监|總監|顾问|顧問|特别助理|"
    r"特別助理|助理|团长|團長|长官|長官|代办|代辦|特派员|特派員|特使|馆长|館長|行长|行長|社长|社長|主管|首席科学家|首席科學家|CEO|长|長)"
)
# "⟦科技部⟧国际合作司参赞": a sub-unit between the organisation and the title belongs to the title.
# It holds no title of its own ("党组书记、副部长" is two titles, not a unit "党组书记、副部" and "长").
_NO_TITLE = r"(?!书记|書記|主任|主席|部长|部長|院长|院長|局长|局長|委员|委員|成员|成員)"
_ZH_UNIT = (rf"(?:{_NO_TITLE}[\u4e00-\u9fff、]){{2,12}}?"
            r"(?:司|处|處|室|科|系|部|办公室|辦公室|研究所|研究院|学院|學院|总司|總司)")
# "⟦非盟⟧卫生、人道主义事务和社会发展委员": a commissioner's or minister's portfolio, a list of fields.
_ZH_PORTFOLIO = (rf"(?:{_NO_TITLE}[\u4e00-\u9fff]){{1,8}}(?:[、和与及](?:{_NO_TITLE}[\u4e00-\u9fff]){{1,8}}){{1,6}}"
                 r"(?=副?(?:委员|委員|部长|部長|专员|專員))")
# "⟦ORG⟧讲席教授", "⟦ORG⟧行政总裁", "⟦ORG⟧指导委员会成员": words between a body and a title's head are part of
# the title, short of a function word or a verb that starts a clause of its own. Only after an organisation:
# after a place, "⟦PLACE⟧市委书记" names a body of the place (ZH_ORG_BEFORE_TITLE).
_AFTER_ORG = r"(?:(?<=⟦ORG:\d⟧)|(?<=⟦ORG:\d\d⟧)|(?<=⟦ORG:\d\d\d⟧))"
_ZH_FREE = (_AFTER_ORG + r"(?:(?!邀请|邀請|任命|会见|會見|见证|見證|出席|参加|參加|担任|擔任|出任|代表|欢迎|歡迎|感谢|感謝|宣布|表示|"
            r"[的是在有由为為了和与與及等])[\u4e00-\u9fff]){1,4}?")
# "、卫生与人口部长⟦P⟧", "和卫生部长⟦P⟧": a minister's portfolio written before 部长 in a list, with no body
# named before it, is part of the title (the guide lets a minister's title name the ministry).
_FIELD = r"(?:(?![的是在有由为為了等、和与與及兼副])[\u4e00-\u9fff]){1,8}"
_ZH_PORTFOLIO_ALONE = (rf"(?:(?<=[、，,：:；;。]|和|及)|^)(?!{TITLE_MOD}{TITLE_CORE})"
                       rf"{_FIELD}(?:(?:、|和|与|與|及|兼){_FIELD}){{0,6}}(?=部长|部長)")
# "国际合作司参赞⟦P⟧", "⟦国际合作司⟧司长⟦P⟧": a ministry's department named alone is no organisation; it belongs
# to the title, and the ministry (or commission, administration) named before it in the sentence holds the role.
# Not a company (公司), an office of its own abroad (办事处, 代表处), nor an office (办公室), often a body of its own.
BARE_UNIT = r"(?:(?![的是在有由为為了等和与與及])[\u4e00-\u9fff]){2,10}?(?:(?<!公)司|(?<![事表])[处處])"
UNIT_PARENT = ("部", "委员会", "委員會", "委", "局", "署")
_ZH_CHUNK = (
    rf"(?:(?P<o>⟦(?:ORG|PLACE|COUNTRY):\d+⟧)(?P<unit>{_ZH_UNIT}|{_ZH_PORTFOLIO}|{_ZH_FREE}(?={TITLE_MOD}{TITLE_CORE}))?"
    rf"|(?P<field>{_ZH_PORTFOLIO_ALONE})|(?P<bare>(?:(?<=[、，,：:；;。])|^){BARE_UNIT}(?={TITLE_MOD}{TITLE_CORE})))?"
    rf"(?:[(（](?:⟦(?:ORG|PLACE|COUNTRY):\d+⟧|[A-Za-z][\w /.&-]*)[\u4e00-\u9fff]{{0,8}}[)）])?(?:[两二三四五六七八九十]位)?"
    rf"(?:驻⟦(?:COUNTRY|PLACE):\d+⟧)?(?P<t>{TITLE_MOD}{TITLE_CORE}(?:兼{TITLE_MOD}{TITLE_CORE})*)"
)
_ZH_CHUNK_RE = re.compile(_ZH_CHUNK)
_ZH_CHUNKS = re.sub(r"[?]P<\w+>", "?:", _ZH_CHUNK)
ZH_ROLE = re.compile(rf"(?P<chunks>{_ZH_CHUNKS}(?:[、和及与]{_ZH_CHUNKS})*)(?:&CEO)?(?P<p>⟦PERSON:\d+⟧)")
# "白春礼当选联盟首任主席", "⟦P⟧被任命为⟦ORG⟧秘书长"
ZH_ELECTED = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧)(?:被)?(?:当选|當選|任命|出任|担任|擔任)(?:为|為)?(?P<ana>联盟|聯盟|中心|委员会|委員會|协会|協會|学会|學會|理事会|理事會)?"
    rf"(?P<chunks>(?:⟦ORG:\d+⟧)?(?:首任|第一任|新一任|新任)?{TITLE_MOD}{TITLE_CORE})"
)


# "习近平主席", "⟦P⟧院士", "王毅部长": a title after the name, held in no organisation the sentence names.
_TITLE_AFTER_CORE = (
    r"主席|总统|總統|总理|總理|首相|国务委员|國務委員|外长|外長|国王|國王|院士|教授|大使|部长|部長|秘书长|秘書長|院长|院長|校长|校長|所长|所長|"
    r"主任|局长|局長|会长|會長|理事长|理事長|董事长|董事長|总裁|總裁|司长|司長|处长|處長|署长|署長|总干事|總幹事|参赞|參贊"
)
_ZH_TITLE_AFTER = rf"{TITLE_MOD}(?:{_TITLE_AFTER_CORE})"
ZH_TITLE_AFTER = re.compile(rf"(?P<p>⟦PERSON:\d+⟧)(?P<t>{_ZH_TITLE_AFTER})(?![馆館团團府助])")
# "国家药典委员会张伟秘书长、业务综合处洪小栩副处长": organisation (or a sub-unit of the one before), name, title.
_ZH_NAMED = rf"(?P<o>⟦ORG:\d+⟧)?(?P<unit>{_ZH_UNIT})?(?P<p>⟦PERSON:\d+⟧)(?P<t>{_ZH_TITLE_AFTER})"
ZH_NAMED_ITEM = re.compile(_ZH_NAMED)
_ZH_NAMED_PLAIN = re.sub(r"\?P<\w+>", "?:", _ZH_NAMED)
ZH_ORG_NAME_TITLE = re.compile(rf"(?=⟦ORG:\d+⟧){_ZH_NAMED_PLAIN}(?:、{_ZH_NAMED_PLAIN})*")

# "⟦PLACE⟧委书记⟦P⟧", "⟦COUNTRY⟧工业与手工业部副国务秘书⟦P⟧", "，博鳌亚洲论坛秘书长⟦P⟧": a body that no entity rule
# named, right before a title and a name: a place or country and the body's kind ("市委", "人民政府", "…部"),
# or a run of four or more characters ending in an institution's head word after a clause boundary.
_ORG_HEAD_ZH = (r"(?:人民政府|政府|政协|政協|人大常委会|委员会|委員會|委|部|局|厅|廳|署|科学院|科學院|研究院|研究所|"
                r"研究中心|中心|大学|大學|学院|學院|论坛|論壇|协会|協會|学会|學會|基金会|基金會|联合会|聯合會|联盟|聯盟|"
                r"医院|醫院|公司|集团|集團|理事会|理事會)")
# A title that is a whole word: not the bare "长" that ends "部长" when "部" ends the body's name.
_STRICT_TITLE = TITLE_CORE.replace("|长|長)", ")")
# After a place or country a body's name may join words ("工业与手工业部"); alone, a run stops at any
# function word, so that it never starts inside a clause ("…与卫生部" is not a body "与卫生部").
_NAME_CHAR = r"(?:(?![的是在有由为為了等、])[\u4e00-\u9fff])"
_RUN_CHAR = r"(?:(?![的是在由为為了和与與等、])[\u4e00-\u9fff])"
ZH_ORG_BEFORE_TITLE = re.compile(
    rf"(?:(?<!⟧)(?P<lead>⟦(?:COUNTRY|PLACE):\d+⟧)(?!时任|時任|现任|現任)(?P<run>{_NAME_CHAR}{{0,14}}?{_ORG_HEAD_ZH})"
    rf"|(?:(?<=[，,、：:；;。（(“\s有])|(?<=以及|时任|時任|现任|現任)|^)(?:该[院校所]|該[院校所])?(?!以及|及|[该該本我其])"
    rf"(?P<run2>{_RUN_CHAR}{{2,14}}?{_ORG_HEAD_ZH}))"
    rf"(?P<unit>{_ZH_UNIT})?(?P<t>{TITLE_MOD}{_STRICT_TITLE}|(?<=[部局])[长長])"
    rf"(?:[、和及与]{_ZH_CHUNKS})*(?P<p>⟦PERSON:\d+⟧)"
)

# "校长⟦P⟧", "澳大校长⟦P⟧", "我所所长⟦P⟧": a head's title with no body named, on a page of the body it heads.
# A university's president needs no "我校"; an institute's director does ("我所所长"): "院长" and a bare
# "所长" have too many kinds of body to choose from.
# The head of an academy or hospital (院长) said with no body on the page of such a body heads it too: "院长易中懿"
# on the Jiangsu academy's page. Not a 主任: a page names many committees and centres, and its own often by a short
# form no entity holds ("基金委").
HOME_TITLE = re.compile(r"^(?:常务|常務|执行|執行|署理|代)?副?(?:(?P<school>校)|(?P<institute>所)|(?P<academy>院))长$")
HOME_HEADS = {"school": (("大学",),), "institute": (("研究所", "所"),), "academy": (("院",),)}
HOME_SAID = {"school": "", "institute": r"(?:我|本)所", "academy": ""}

# "⟦加州大学⟧⟦伯克利⟧分校教授⟦P⟧", "⟦ORG⟧⟦上海⟧分部高级副总裁⟦P⟧": a branch named by its place. A branch campus
# (分校) is a university of its own; any other branch is a sub-unit, kept in the title.
ZH_BRANCH = re.compile(
    rf"(?P<o>⟦ORG:\d+⟧)(?P<branch>⟦PLACE:\d+⟧(?P<kind>分校|分院|分部|分中心|分会|分會|办事处|辦事處|代表处|代表處))"
    rf"(?P<t>{TITLE_MOD}{TITLE_CORE})(?P<p>⟦PERSON:\d+⟧)"
)
OWN_BRANCH = ("分校",)

# "据中心中方负责人⟦P⟧": "the centre", said without its name, is the last body of that kind the text named.
_BODY_NOUN = r"(?:中心|联盟|聯盟|实验室|實驗室|委员会|委員會|协会|協會|学会|學會|研究院|研究所|基金会|基金會)"
ZH_THE_BODY = re.compile(
    rf"(?:(?<![\u4e00-\u9fff])|(?<=[据據由与與和在]))(?:该|該|本)?(?P<ana>{_BODY_NOUN})(?:⟦COUNTRY:\d+⟧)?"
    rf"(?P<t>{TITLE_MOD}{_STRICT_TITLE})(?P<p>⟦PERSON:\d+⟧)"
)
# "⟦ORG⟧一方由其执行主任⟦P⟧签字": 其 ("its") before a title is the organisation named last before it in the sentence.
ZH_ITS_TITLE = re.compile(rf"其(?P<t>{TITLE_MOD}{_STRICT_TITLE})(?P<p>⟦PERSON:\d+⟧)")
# "⟦P⟧、⟦P⟧等2020年以来当选⟦ORG⟧院士": each person of a list elected to a body's title.
ZH_ELECTED_LIST = re.compile(
    rf"(?P<list>⟦PERSON:\d+⟧(?:、⟦PERSON:\d+⟧)+)等?[^。；⟦]{{0,16}}?(?:当选|當選|入选|入選)(?:为|為)?(?P<o>⟦ORG:\d+⟧)"
    rf"(?P<t>{TITLE_MOD}(?:院士|会员|會員|理事|委员|委員|会士|會士))"
)
# "⟦ORG⟧副院长⟦A⟧、⟦B⟧": a title before a list of names is each one's, unless a name has a title of its own.
ZH_SHARED_TITLE = re.compile(rf"(?P<first>⟦PERSON:\d+⟧)(?P<rest>(?:、⟦PERSON:\d+⟧(?![\u4e00-\u9fff]{{0,2}}(?:{_TITLE_AFTER_CORE})))+)")

TITLE_AFTER_RULE = define(
    "zh.role.title-after",
    "'⟦PERSON⟧主席', '⟦PERSON⟧院士': a title of address right after the name.",
    [("习近平主席同来访的巴西总统卢拉举行会谈。", role("习近平", "主席"))],
    patterns=[ZH_TITLE_AFTER.pattern],
)
TITLE_BEFORE_RULE = define(
    "zh.role.title-before",
    "'⟦ORG⟧副所长⟦PERSON⟧': an organisation and a title before the person.",
    [("中国科学院院长白春礼出席仪式。", role("白春礼", "院长", "中国科学院")),
     ("国务委员兼外长王毅与阿联酋外长阿卜杜拉共同出席。", [role("王毅", "国务委员兼外长"), role("阿卜杜拉", "外长")]),
     ("港大巴斯德研究中心两位联席总监裴伟士和鲍伯出席。", role("裴伟士", "联席总监", "港大巴斯德研究中心")),
     ("农业农村部党组成员、中国农业科学院院长、中国工程院院士吴孔明在签约仪式上表示。",
      [role("吴孔明", "党组成员", "农业农村部"), role("吴孔明", "院长", "中国农业科学院")]),
     ("国际标准化组织/中医药技术委员会（ISO/TC 249）主席沈远东说。", role("沈远东", "主席", "国际标准化组织/中医药技术委员会")),
     ("会议由科技部国际合作司参赞王启明主持。", role("王启明", "国际合作司参赞", "科技部")),
     # a company (公司) is no ministry's department
     ("英国阿斯利康公司全球首席执行官苏博科出席。", role("苏博科", "全球首席执行官", "英国阿斯利康公司")),
     # a minister's portfolio before 部长, no body named before it: the title names the ministry
     ("埃及总理穆斯塔法·马德布利、卫生与人口部长哈拉·扎耶德和驻埃及大使廖力强在开罗以视频方式见证签约。",
      role("哈拉·扎耶德", "卫生与人口部长")),
     # words between a body and the title's head belong to the title
     ("合成细胞欧洲联盟指导委员会成员、荷兰皇家艺术与科学院院士、代尔夫特理工大学讲席教授Marileen Dogterom随后宣布。",
      [role("Marileen Dogterom", "讲席教授", "代尔夫特理工大学"), role("Marileen Dogterom", "院士", "荷兰皇家艺术与科学院")]),
     ("非盟卫生、人道主义事务和社会发展委员米纳塔·萨马特·塞苏马出席。",
      role("米纳塔·萨马特·塞苏马", "卫生、人道主义事务和社会发展委员", "非盟")),
     # a title right after a name is that person's, not the first of a list before the next name
     ("会后，张伟秘书长与美国药典委员会首席执行官罗纳德·皮埃尔文森茨续签了备忘录。",
      [role("罗纳德·皮埃尔文森茨", "首席执行官", "美国药典委员会"), role("罗纳德·皮埃尔文森茨", "秘书长", absent=True)])],
    patterns=[ZH_ROLE.pattern],
)
ORG_NAME_TITLE_RULE = define(
    "zh.role.org-name-title",
    "'⟦ORG⟧⟦PERSON⟧秘书长、⟦sub-unit⟧⟦PERSON⟧副处长': the organisation, then the name, then the title; a "
    "sub-unit later in the list belongs to the organisation before it.",
    [("国家药典委员会张伟秘书长、业务综合处洪小栩副处长出席会议。",
      [role("张伟", "秘书长", "国家药典委员会"), role("洪小栩", "业务综合处副处长", "国家药典委员会")])],
    patterns=[ZH_ORG_NAME_TITLE.pattern],
)
ELECTED_RULE = define(
    "zh.role.elected",
    "'⟦PERSON⟧当选/出任/担任⟦ORG⟧主席'.",
    [("白春礼当选“一带一路”国际科学组织联盟首任主席。", role("白春礼", "主席", "“一带一路”国际科学组织联盟"))],
    patterns=[ZH_ELECTED.pattern],
)
ORG_BEFORE_TITLE_RULE = define(
    "zh.role.org-before-title",
    "'⟦PLACE⟧委书记⟦PERSON⟧', '⟦COUNTRY⟧工业与手工业部副国务秘书⟦PERSON⟧', '，博鳌亚洲论坛秘书长⟦PERSON⟧': a body no "
    "entity rule named (a place or country and the body's kind, or a run ending in an institution's head word), "
    "then a title and a name: the body is the role's organisation.",
    [("柬埔寨工业与手工业部副国务秘书邓西尼博士介绍了合作情况。", role("邓西尼", "副国务秘书", "柬埔寨工业与手工业部")),
     ("前总理珍妮·希普利，博鳌亚洲论坛秘书长李保东等出席开幕式。", role("李保东", "秘书长", "博鳌亚洲论坛")),
     ("深圳市人民政府教育督导室副主任金依俚出席仪式。", role("金依俚", "教育督导室副主任", "深圳市人民政府")),
     ("韩国时任科学技术信息通信部长官李宗昊出席。", role("李宗昊", "长官", "科学技术信息通信部")),
     ("前总理韩升洙，全球健康论坛大会主席、世界卫生组织前总干事陈冯富珍出席。", role("陈冯富珍", "大会主席", "全球健康论坛")),
     ("埃及卫生与人口部长哈拉·扎耶德出席。", role("哈拉·扎耶德", "部长", "埃及卫生与人口部")),
     # a place after an organisation starts a sub-unit of it, not a body of the place
     ("美国药典委员会上海分部高级副总裁冯兵兵出席。", role("冯兵兵", "高级副总裁", "上海分部", absent=True))],
    patterns=[ZH_ORG_BEFORE_TITLE.pattern],
)
LIST_SHARES_ORG_RULE = define(
    "zh.role.list-shares-org",
    "'⟦ORG⟧农业食品标准部主任⟦A⟧、副主任⟦B⟧': a title with no organisation right after the name before it in a "
    "list holds that name's organisation.",
    [("国家标准化管理委员会农业食品标准部主任徐长兴、副主任孙华出席了会议。",
      [role("孙华", "副主任", "国家标准化管理委员会")]),
     # a title held for a country is no title in the body before it
     ("国家发改委秘书长伍浩、中国驻古巴大使马辉出席。", role("马辉", "大使", "国家发改委", absent=True))],
)
HOME_ORG_RULE = define(
    "zh.role.home-org",
    "'校长⟦PERSON⟧', '院长⟦PERSON⟧', '我所所长⟦PERSON⟧': the head's (or deputy's) title of a university, academy "
    "or hospital with no body named (an institute director's said with 我所) is held in the body of that kind "
    "(大学; …院; …所) the article names most, unless someone else holds that head's title there.",
    [("广州中医药大学与皇家墨尔本理工大学签署协议。校长王省良与皇家墨尔本理工大学校长马田·比恩出席。",
      [role("王省良", "校长", "广州中医药大学"), role("王省良", "校长", "皇家墨尔本理工大学", absent=True)]),
     ("中国科学院新疆理化技术研究所与植物研究所签约。出席的有我所所长蒋同海。所长王某致辞。",
      [role("蒋同海", "所长", "中国科学院新疆理化技术研究所"), role("王某", "所长", "中国科学院新疆理化技术研究所", absent=True)]),
     ("澳门大学与葡萄牙研究所签署协议。澳门大学是澳门的公立大学。协议在澳大校长宋永华见证下签署。",
      role("宋永华", "校长", "澳门大学")),
     ("南非代表团访问江苏省农业科学院。院长易中懿出席接待，副院长刘贤金介绍了合作情况。",
      [role("易中懿", "院长", "江苏省农业科学院"), role("刘贤金", "副院长", "江苏省农业科学院")]),
     ("兰州大学第二医院与新加坡国立大学医院签署合作备忘录。兰州大学第二医院是甘肃的医院。院长周文策致辞。",
      role("周文策", "院长", "兰州大学第二医院"))],
)
SHORT_FORM_RULE = define(
    "zh.role.short-form-before",
    "'理化所副所长⟦PERSON⟧', '联合会主席⟦PERSON⟧': a title the other rules tied to no organisation, written right "
    "after a short form of exactly one organisation the article names (its characters in that name, in order), is "
    "held there.",
    [("中埃联合实验室由中国科学院理化技术研究所与埃塞俄比亚工业部共建。理化所副所长王雪松出席签约仪式。",
      role("王雪松", "副所长", "中国科学院理化技术研究所")),
     ("德国亥姆霍兹国家研究中心联合会在北京举行活动。联合会主席米勒克教授率团来华。",
      role("米勒克", "主席", "德国亥姆霍兹国家研究中心联合会")),
     # two bodies the short form may stand for: neither
     ("中国科学院理化技术研究所与新疆理化技术研究所签约。理化所主任王某致辞。",
      [role("王某", "主任", "中国科学院理化技术研究所", absent=True),
       role("王某", "主任", "新疆理化技术研究所", absent=True)]),
     # a country or 国家 before a state's title is no short form of a body named in the article
     ("中国国家主席习近平会见美国国家科学基金会代表团。", role("习近平", "主席", "美国国家科学基金会", absent=True)),
     ("埃及卫生与人口部与科兴签署协议。埃及总理马德布利出席。", role("马德布利", "总理", "埃及卫生与人口部", absent=True))],
)
BRANCH_RULE = define(
    "zh.role.branch",
    "'⟦ORG⟧⟦PLACE⟧分校教授⟦PERSON⟧', '⟦ORG⟧⟦PLACE⟧分部高级副总裁⟦PERSON⟧': a branch campus is the organisation; "
    "any other branch named by its place is a sub-unit that stays in the title.",
    [("美国药典委员会上海分部高级副总裁冯兵兵出席。", role("冯兵兵", "上海分部高级副总裁", "美国药典委员会")),
     ("加州大学伯克利分校教授杰·基斯林出席。", role("杰·基斯林", "教授", "加州大学伯克利分校"))],
    patterns=[ZH_BRANCH.pattern],
)
THE_BODY_RULE = define(
    "zh.role.the-body",
    "'据中心中方负责人⟦PERSON⟧': a title after 'the centre' (中心, 联盟, 实验室 …) without its name is held in the last "
    "body of that kind the text named.",
    [("中国—缅甸中医药中心在仰光揭牌。据中心中方负责人魏宁颐介绍，该中心由云南中医药大学申报。",
      role("魏宁颐", "负责人", "中国—缅甸中医药中心"))],
    patterns=[ZH_THE_BODY.pattern],
)
ITS_TITLE_RULE = define(
    "zh.role.its-title",
    "'⟦ORG⟧一方由其执行主任⟦PERSON⟧签字': a title after 其 is held in the organisation named last before it in the "
    "sentence.",
    [("ICGEB一方由劳伦斯·班克斯（Lawrence Banks）博士代表签字，EDCTP协会一方由其执行主任迈克尔·马康加（Michael Makanga）博士签字。",
      role("迈克尔·马康加", "执行主任", "EDCTP协会"))],
    patterns=[ZH_ITS_TITLE.pattern],
)
BARE_UNIT_RULE = define(
    "zh.role.bare-unit",
    "'国际合作司参赞⟦PERSON⟧', '⟦国际合作司⟧司长⟦PERSON⟧': a ministry's department named without its ministry is "
    "part of the title; the ministry, commission or administration named before it in the sentence holds the role "
    "(none named: no organisation).",
    [("科技部副部长王伟中会见美方代表。科技部生物中心主任王宏广、国际合作司参赞刘志明陪同会见。",
      role("刘志明", "国际合作司参赞", "科技部")),
     ("国际合作司司长靳晓明陪同会见。", [role("靳晓明", "国际合作司司长"), role("靳晓明", "司长", "国际合作司", absent=True)])],
)
ELECTED_LIST_RULE = define(
    "zh.role.elected-list",
    "'⟦A⟧、⟦B⟧等…当选⟦ORG⟧院士': each person of the list holds the title the body elected them to.",
    [("颁证环节，院长为杨焕明、吴孔明、申建波等2020年以来当选非洲科学院院士的9位中国科学家逐一颁发证书。",
      [role("杨焕明", "院士", "非洲科学院"), role("申建波", "院士", "非洲科学院")])],
    patterns=[ZH_ELECTED_LIST.pattern],
)
SHARED_TITLE_RULE = define(
    "zh.role.shared-title",
    "'⟦ORG⟧副院长⟦A⟧、⟦B⟧': names listed after one title and name hold the same title, unless a title follows a name.",
    [("中国计量科学研究院副院长吴方迪、滕俊恒等出席了会议。", role("滕俊恒", "副院长", "中国计量科学研究院")),
     ("中国计量科学研究院副院长吴方迪、滕俊恒教授出席了会议。", role("滕俊恒", "副院长", absent=True))],
    patterns=[ZH_SHARED_TITLE.pattern],
)
