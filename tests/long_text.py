"""Long single-line pages of varied news sentences, for timing extraction against length.

One sentence repeated would let a cache or a deduplication hide the cost; these vary the
organisations, people, places, dates and verbs, as a long page does.
"""
from __future__ import annotations

from collections.abc import Iterator

EN_ORGS = ["Kenya Medical Research Institute", "Chinese Academy of Sciences", "University of Nairobi",
           "Tsinghua University", "World Health Organization", "African Union", "Peking University",
           "Ministry of Science and Technology", "Sino-Africa Joint Research Center", "BGI Group"]
EN_PEOPLE = ["Wang Yifang", "Grace Wanjiru", "Li Ming", "Samuel Otieno", "Zhang Wei", "Amina Mohammed"]
EN_PLACES = ["Nairobi", "Beijing", "Addis Ababa", "Wuhan", "Lagos", "Shanghai", "Mombasa"]
EN_VERBS = ["signed a memorandum of understanding with", "opened a joint laboratory with",
            "agreed to train researchers with", "launched a vaccine trial with", "renewed its partnership with"]
ZH_ORGS = ["中国科学院", "肯尼亚医学研究所", "清华大学", "世界卫生组织", "非洲联盟", "北京大学", "科学技术部", "中非联合研究中心"]
ZH_PEOPLE = ["王一方", "李明", "张伟", "陈静", "刘洋", "赵磊"]
ZH_PLACES = ["内罗毕", "北京", "武汉", "上海", "亚的斯亚贝巴", "拉各斯", "蒙巴萨"]
ZH_VERBS = ["签署了合作备忘录", "共建联合实验室", "启动疫苗临床试验", "续签科研合作协议", "举行技术培训班"]


def _english() -> Iterator[str]:
    n = 0
    while True:
        a, b = EN_ORGS[n % len(EN_ORGS)], EN_ORGS[(n * 3 + 1) % len(EN_ORGS)]
        person, place = EN_PEOPLE[n % len(EN_PEOPLE)], EN_PLACES[n % len(EN_PLACES)]
        verb, day = EN_VERBS[n % len(EN_VERBS)], n % 28 + 1
        yield (f"On March {day}, {n % 9 + 2020}, the {a} {verb} the {b} in {place}, "
               f"said {person}, director of the {a}. ")
        n += 1


def _chinese() -> Iterator[str]:
    n = 0
    while True:
        a, b = ZH_ORGS[n % len(ZH_ORGS)], ZH_ORGS[(n * 3 + 1) % len(ZH_ORGS)]
        person, place = ZH_PEOPLE[n % len(ZH_PEOPLE)], ZH_PLACES[n % len(ZH_PLACES)]
        verb = ZH_VERBS[n % len(ZH_VERBS)]
        yield f"{n % 9 + 2020}年{n % 12 + 1}月{n % 28 + 1}日，{a}与{b}在{place}{verb}，{a}主任{person}出席。"
        n += 1


def long_line(language: str, size: int) -> str:
    """One line of about `size` bytes of UTF-8: varied sentences, no line break."""
    parts, total = [], 0
    for sentence in (_chinese() if language == "zh" else _english()):
        parts.append(sentence)
        total += len(sentence.encode())
        if total >= size:
            return "".join(parts)
    raise AssertionError("unreachable")
