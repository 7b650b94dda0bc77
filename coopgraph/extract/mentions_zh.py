"""Chinese mentions: LAC's PER/LOC/ORG, known bodies, joint-institution names, short forms.

LAC runs on the Simplified form of each paragraph (same length as the original), so
its offsets are offsets into the article as written, Traditional or not.
"""
from __future__ import annotations

import re

from coopgraph.extract.gazetteer import gazetteer
from coopgraph.model import Article, Mention, Sentence, Span
from coopgraph.nlp.chinese import lac_tokens, to_simplified

LAC_LABELS = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}
_SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”」』\"]?|$)")
_INSTITUTION_SUFFIX = (
    "联合实验室|联合研究中心|国际联合研究中心|实验室|研究中心|合作中心|中心|联盟|委员会|研究院|研究所"
)
# "中国—中亚…联合实验室(筹)", "中国-乌拉圭…联合实验室": a joint institution named by its countries.
JOINT_INSTITUTION = re.compile(
    rf"(?:中国|中|中非|中阿)[—\-–－][^，,。、；;：:（(）)\s]{{1,40}}?(?:{_INSTITUTION_SUFFIX})(?:[(（]筹[)）])?"
)
# "甘肃阿敏生物清真明胶有限公司(简称阿敏生物)", "蓝晶微生物(Bluepha)"
SHORT_FORM = re.compile(r"[(（](?:以下)?简称[“\"]?(?P<short>[^)）”\"]{2,12})[”\"]?[)）]|[(（](?P<latin>[A-Za-z][A-Za-z0-9&\- ]{1,30})[)）]")


class ChineseMentions:
    """Fills `article.sentences` and `article.mentions` for a Chinese article."""

    name = "mentions_zh"

    def __init__(self) -> None:
        forms = gazetteer().org_surface_forms(cjk=True)
        self.known = re.compile("|".join(re.escape(f) for f in forms)) if forms else None

    def __call__(self, article: Article) -> None:
        simplified = to_simplified(article.text)
        for p_index, span in enumerate(article.paragraphs):
            para = simplified[span.start:span.end]
            for m in _SENTENCE.finditer(para):
                if m.group().strip():
                    article.sentences.append(Sentence(Span(span.start + m.start(), span.start + m.end()), p_index))
            for start, end, tag in lac_tokens(para):
                label = LAC_LABELS.get(tag)
                if label:
                    article.mentions.append(Mention(Span(span.start + start, span.start + end), label, "lac"))
        if self.known is not None:
            for m in self.known.finditer(simplified):
                article.mentions.append(Mention(Span(m.start(), m.end()), "ORG", "gazetteer"))
        for m in JOINT_INSTITUTION.finditer(simplified):
            article.mentions.append(Mention(Span(m.start(), m.end()), "ORG", "pattern"))
        self._short_forms(article, simplified)

    @staticmethod
    def _short_forms(article: Article, simplified: str) -> None:
        """A short form defined in brackets right after an organisation name."""
        for m in SHORT_FORM.finditer(simplified):
            short = m.group("short") or m.group("latin")
            group = "short" if m.group("short") else "latin"
            before = [
                x for x in article.mentions
                if x.label == "ORG" and 0 <= m.start() - x.span.end <= 1
            ]
            if not before:
                continue
            long_mention = max(before, key=lambda x: x.span.end - x.span.start)
            long_text = long_mention.span.text(article.text)
            article.mentions.append(Mention(long_mention.span, "ORG", "acronym", aliases=(short.strip(),)))
            start = m.start(group)
            article.mentions.append(
                Mention(Span(start, start + len(short.strip())), "ORG", "acronym", canonical=long_text)
            )
            for later in re.finditer(re.escape(short.strip()), simplified[m.end():]):
                s = m.end() + later.start()
                article.mentions.append(Mention(Span(s, s + len(short.strip())), "ORG", "acronym", canonical=long_text))
