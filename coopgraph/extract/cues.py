"""The cue families of cooperation and of science and technology, in both languages: written once, read by
relevance (`extract/relevance.py`) and by the segmenter's teaser decision (`ingest/teasers.py`), which
must not load the NLP models, so they stand in a module of their own.
"""
from __future__ import annotations

import re

# A protocol between governments or bodies, not a trial's or a treatment's ("the study protocol").
PROTOCOL = r"(?<!trial )(?<!study )(?<!treatment )(?<!clinical )(?<!testing )(?<!research )(?<!internet )protocols?"
COOPERATION = {
    "en": re.compile(
        r"(?i)\b(cooperat\w*|co-operat\w*|collaborat\w*|partnership|agreements?|memorand\w*|MoUs?|letter of intent\w*|"
        rf"signed|signing|{PROTOCOL}|joint (?:\w+ ){{0,2}}(?:laborator\w+|lab|research|venture|cent(?:er|re))|forums?|conferences?|symposi\w+|"
        r"consortium|alliance|council|member states?|associate member|joins?|joined|exchange (?:event|program\w*)|"
        r"delegation|visit(?:ed|s)?|establish\w*|launch\w*|inaugurat\w*|found(?:ed|ing)|set up|hub|partners?|"
        r"coalition|consortium|network|summit|workshop|meeting|congress|convention|dialogue|roundtable|talks|"
        r"accession|acced(?:e|ed|es|ing)|ratif\w+|declaration|training (?:course|programme|program))\b"
    ),
    "zh": re.compile(r"(合作|签署|簽署|签约|簽約|协议|協議|备忘录|備忘錄|联合实验室|聯合實驗室|联合研究|论坛|論壇|大会|大會|交流|共建|揭牌|成员国|加入|联盟|聯盟|访问|訪問|意向|成立|启动|啟動|携手|攜手|发起|發起|峰会|研讨会|会议|交流会|对话会|博览会|年会|"
                     r"协作|協作|联合研发|聯合研發|援建|援助|会见|會見|会谈|會談|召开|召開|举行|舉行|启用|啟用|落成|共同|高官会|高官會|部长会|部長會|研修班|培训班|培訓班)"),
}
# Headline verbs of a meeting or a signing ("ministers meet in Campinas", "AIIA inks MoU"): in a body,
# "meet" is any meeting of a need or a target, so these count in the title only.
TITLE_COOPERATION = {
    "en": re.compile(r"(?i)\b(meets?|met|inks?|inked|seal(?:s|ed)?|teams? up|gather(?:s|ed|ing)?|hold talks|holds talks)\b"),
    "zh": re.compile(r"(会晤|會晤|座谈|座談)"),
}
DOMAIN = {
    "en": re.compile(
        r"(?i)\b(biotech\w*|bio\w*|scien\w+|technolog\w+|research\w*|pharma\w*|medic\w+|vaccin\w+|genetic\w*|genom\w+|"
        r"agricultur\w+|laborator\w+|innovation|health\w*|standardi[sz]ation|standards?|infection\w*|"
        r"pandemic\w*|epidemic\w*|disease\w*|pathogen\w*|virus\w*|drugs?|medicines?|clinical|biosafety|"
        r"ocean\w*|marine|climate|nuclear|astronom\w*|polar|arctic|antarctic|DNA|RNA|mRNA|genes?|cells?|protein\w*|"
        r"quantum|space|satellite\w*|physics|astrophysic\w*|telescopes?|observator(?:y|ies)|chemi\w+|engineering)\b"
    ),
    "zh": re.compile(r"(生物|科技|科学|科學|技术|技術|科研|医药|醫藥|医学|醫學|药|藥|疫苗|基因|农业|農業|实验室|實驗室|创新|創新|卫生|衛生|健康|纳米|納米|标准化|疫情|病毒|传染病|傳染病|医疗|醫療|"
                     r"海洋|核能|核技术|核安全|原子能|气候|氣候|生态|生態|天文|极地|極地|学术|學術|研究|航天|太空|空间站|卫星|遗传|制药|望远镜|望遠鏡)"),
}
