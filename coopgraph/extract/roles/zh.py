"""Chinese role rules over sentence templates: "⟦ORG⟧副所长⟦PERSON⟧", "⟦ORG⟧副书记、⟦ORG⟧代区长⟦PERSON⟧",
"⟦PERSON⟧当选联盟首任主席". A title held in a country ("塞尔维亚总统") has no organisation.
"""
from __future__ import annotations

import re

from coopgraph.extract.rules import define, role

TITLE_MOD = r"(?:常务|执行|名誉|荣休|首席|代|副|总|联席|党委|党组|一级|二级|高级|特聘|资深|前|现任|时任|時任|候任|临时|臨時|常務|執行|黨委)*"
TITLE_CORE = (
    r"(?:行政长官|行政長官|书记|書記|所长|所長|院长|院長|部长|部長|主任|局长|局長|校长|校長|主席|总裁|總裁|董事长|董事長|总经理|經理|经理|"
    r"首席执行官|执行官|大使|教授|研究员|研究員|院士|秘书长|秘書長|理事长|理事長|会长|會長|区长|區長|市长|市長|省长|省長|"
    r"州长|厅长|廳長|处长|處長|司长|司長|总统|總統|总理|總理|首相|国务秘书|國務秘書|调研员|調研員|创始人|創始人|联合创始人|"
    r"负责人|負責人|合伙人|投资官|委员|委員|参赞|參贊|领事|署长|董事|干事|幹事|发言人|發言人|总监|總監|顾问|顧問|特别助理|"
    r"特別助理|助理|团长|團長|长官|長官|代办|代辦|特派员|特派員|特使|馆长|館長|行长|行長|社长|社長|主管|首席科学家|首席科學家|CEO|长|長)"
)
# "⟦科技部⟧国际合作司参赞": a sub-unit between the organisation and the title belongs to the title.
_ZH_UNIT = r"[\u4e00-\u9fff、]{2,12}?(?:司|处|處|室|科|系|办公室|辦公室|研究所|研究院|学院|學院|总司|總司)"
# "⟦非盟⟧卫生、人道主义事务和社会发展委员": a commissioner's or minister's portfolio, a list of fields.
_ZH_PORTFOLIO = r"[\u4e00-\u9fff]{1,8}(?:[、和与及][\u4e00-\u9fff]{1,8}){1,6}(?=副?(?:委员|委員|部长|部長|专员|專員))"
_ZH_CHUNK = (
    rf"(?:(?P<o>⟦(?:ORG|PLACE|COUNTRY):\d+⟧)(?P<unit>{_ZH_UNIT}|{_ZH_PORTFOLIO})?)?(?:[(（](?:⟦ORG:\d+⟧|[A-Za-z][\w ]*)[)）])?"
    rf"(?:驻⟦(?:COUNTRY|PLACE):\d+⟧)?(?P<t>{TITLE_MOD}{TITLE_CORE}(?:兼{TITLE_MOD}{TITLE_CORE})*)"
)
_ZH_CHUNK_RE = re.compile(_ZH_CHUNK)
_ZH_CHUNKS = _ZH_CHUNK.replace("?P<o>", "?:").replace("?P<t>", "?:").replace("?P<unit>", "?:")
ZH_ROLE = re.compile(rf"(?P<chunks>{_ZH_CHUNKS}(?:[、和及与]{_ZH_CHUNKS})*)(?:&CEO)?(?P<p>⟦PERSON:\d+⟧)")
# "白春礼当选联盟首任主席", "⟦P⟧被任命为⟦ORG⟧秘书长"
ZH_ELECTED = re.compile(
    rf"(?P<p>⟦PERSON:\d+⟧)(?:被)?(?:当选|當選|任命|出任|担任|擔任)(?:为|為)?(?P<ana>联盟|聯盟|中心|委员会|委員會|协会|協會|学会|學會|理事会|理事會)?"
    rf"(?P<chunks>(?:⟦ORG:\d+⟧)?(?:首任|第一任|新一任|新任)?{TITLE_MOD}{TITLE_CORE})"
)


# "习近平主席", "⟦P⟧院士", "王毅部长": a title after the name, held in no organisation the sentence names.
_TITLE_AFTER_CORE = (
    r"主席|总统|總統|总理|總理|首相|国王|國王|院士|教授|大使|部长|部長|秘书长|秘書長|院长|院長|校长|校長|所长|所長|"
    r"主任|局长|局長|会长|會長|理事长|理事長|董事长|董事長|总裁|總裁|司长|司長|处长|處長|署长|署長|总干事|總幹事|参赞|參贊"
)
_ZH_TITLE_AFTER = rf"{TITLE_MOD}(?:{_TITLE_AFTER_CORE})"
ZH_TITLE_AFTER = re.compile(rf"(?P<p>⟦PERSON:\d+⟧)(?P<t>{_ZH_TITLE_AFTER})(?![馆館团團府助])")
# "国家药典委员会张伟秘书长、业务综合处洪小栩副处长": organisation (or a sub-unit of the one before), name, title.
_ZH_NAMED = rf"(?P<o>⟦ORG:\d+⟧)?(?P<unit>{_ZH_UNIT})?(?P<p>⟦PERSON:\d+⟧)(?P<t>{_ZH_TITLE_AFTER})"
ZH_NAMED_ITEM = re.compile(_ZH_NAMED)
_ZH_NAMED_PLAIN = re.sub(r"\?P<\w+>", "?:", _ZH_NAMED)
ZH_ORG_NAME_TITLE = re.compile(rf"(?=⟦ORG:\d+⟧){_ZH_NAMED_PLAIN}(?:、{_ZH_NAMED_PLAIN})*")

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
     ("会议由科技部国际合作司参赞王启明主持。", role("王启明", "国际合作司参赞", "科技部")),
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
