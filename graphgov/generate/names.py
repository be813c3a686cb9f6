"""Synthetic Chinese names of people and organizations, built vectorised from pools.

Places are real (the shipped NBS hierarchy); people's names are invented from common
characters; organization names are a real place + an invented brand (:data:`BRANDS`) + a
stem, so that none is a real organization's name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SURNAMES = list(
    "陈王张李吴林徐周金胡朱杨黄叶沈刘郑潘蒋方应何钱许章郭施孙程余俞"
    "杜蔡姚赵戴虞傅毛汪董卢邵袁丁韩曹吕冯陆楼严梁孔谢马范"
)
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玲红燕丹萍晓"
    "海波鹏宇浩凯婷雪琳斌飞鑫亮志忠林峰燕晨欣怡佳嘉颖悦睿晗梓子涵宁"
)
#: Brand syllables: every generated organization name carries one pair (澄屿, 栖棠, 霁岚 ...).
#: Real provincial societies and foundations carry no brand (浙江省医学会), and these rare
#: literary characters are not the ones real brands use (阳光, 春晖), so no generated name is
#: a real organization's. 400 pairs.
BRAND_FIRST = "澄栖霁蘅芷沅汀蔚槿筠珂翎泓蓁朔湄岑苓樾璟"
BRAND_SECOND = "屿棠岚渚莳檀璃珞芃蓠茵荇溆岫晞琰珩蔻篁黛"
BRANDS = tuple(a + b for a in BRAND_FIRST for b in BRAND_SECOND if a != b)

#: (kind, domain) -> name stems; the kind's generic stems are used where none is listed.
REGISTERED_STEMS: dict[tuple[str, str], list[str]] = {
    ("social_group", "elderly_care"): ["老年协会", "老龄事业促进会", "老年人体育协会"],
    ("social_group", "children_youth"): ["青少年发展促进会", "家庭教育研究会"],
    ("social_group", "charity"): ["慈善总会", "公益联合会", "志愿者协会"],
    ("social_group", "culture_sports"): ["书法家协会", "摄影家协会", "篮球协会", "象棋协会"],
    ("social_group", "education"): ["教育学会", "民办教育协会"],
    ("social_group", "health"): ["医学会", "健康促进会", "护理学会"],
    ("social_group", "industry_association"): [
        "服装行业协会",
        "建筑业协会",
        "电子商务协会",
        "物流行业协会",
        "餐饮行业协会",
        "茶叶行业协会",
        "五金商会",
        "安徽商会",
        "江西商会",
    ],
    ("social_group", "social_work"): ["社会工作协会"],
    ("social_group", "mediation"): ["人民调解协会", "和事佬协会"],
    ("social_group", "environment"): ["环境保护协会", "生态文化协会"],
    ("social_group", "other"): ["计算机学会", "科普协会", "个体劳动者协会"],
    ("social_service", "elderly_care"): ["居家养老服务中心", "养老院", "颐养中心"],
    ("social_service", "children_youth"): ["幼儿园", "儿童成长服务中心", "托育中心"],
    ("social_service", "charity"): ["公益服务中心", "慈善服务中心"],
    ("social_service", "culture_sports"): ["文化艺术培训学校", "体育俱乐部", "图书馆"],
    ("social_service", "education"): ["培训学校", "职业技能培训学校", "实验学校"],
    ("social_service", "health"): ["门诊部", "康复医院", "健康管理中心"],
    ("social_service", "social_work"): ["社会工作服务中心", "社工服务社"],
    ("social_service", "community_service"): ["社区服务中心", "邻里服务中心"],
    ("social_group", "community_service"): ["社区发展促进会", "邻里互助协会", "新居民协会"],
    ("social_service", "mediation"): ["矛盾纠纷调解中心"],
    ("social_service", "environment"): ["环保公益服务中心"],
    ("social_service", "other"): ["法律服务中心", "心理咨询服务中心"],
    ("foundation", "charity"): ["慈善基金会", "公益基金会"],
    ("foundation", "education"): ["教育基金会", "助学基金会"],
    ("foundation", "other"): ["发展基金会"],
}
KIND_STEMS = {
    "social_group": ["协会", "促进会", "联合会"],
    "social_service": ["服务中心"],
    "foundation": ["基金会"],
}
COMMUNITY_STEMS: dict[str, list[str]] = {
    "culture_sports": ["舞蹈队", "合唱团", "太极拳队", "书画社", "腰鼓队", "越剧社", "读书会"],
    "elderly_care": ["老年协会", "助老服务队", "银龄互助会"],
    "children_youth": ["四点半课堂", "亲子读书会", "青少年服务队"],
    "community_service": ["志愿服务队", "邻里互助会", "睦邻服务社", "楼道管家团"],
    "mediation": ["调解工作室", "和事佬协会", "乡贤参事会"],
    "environment": ["环保志愿队", "垃圾分类督导队"],
    "charity": ["爱心驿站", "慈善工作站"],
    "health": ["健康促进会", "医疗志愿队"],
    "other": ["平安巡逻队", "红色物业联盟"],
}


def person_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` synthetic names: a common surname (Zhejiang-weighted) and one or two given chars."""
    sw = 1.0 / (np.arange(len(SURNAMES)) + 3.0)
    sur = np.asarray(SURNAMES, dtype=object)[rng.choice(len(SURNAMES), n, p=sw / sw.sum())]
    g = np.asarray(GIVEN, dtype=object)
    g1 = g[rng.integers(0, len(g), n)]
    g2 = np.where(rng.random(n) < 0.7, g[rng.integers(0, len(g), n)], "")
    return sur + g1 + g2


def stems_for(
    rng: np.random.Generator,
    keys: pd.Series,
    table: dict,
    fallback: dict | None = None,
    fallback_key=None,
) -> np.ndarray:
    """A random stem per row from ``table[key]`` (or ``fallback[fallback_key(key)]``)."""
    out = np.empty(len(keys), dtype=object)
    codes, uniques = pd.factorize(keys)
    for i, key in enumerate(uniques):
        rows = np.flatnonzero(codes == i)
        options = table.get(key)
        if options is None and fallback is not None:
            options = fallback[fallback_key(key)]
        options = options or ["服务队"]
        out[rows] = np.asarray(options, dtype=object)[rng.integers(0, len(options), len(rows))]
    return out


def unique_names(
    rng: np.random.Generator,
    prefix: np.ndarray,
    stem: np.ndarray,
    groups: np.ndarray | None = None,
) -> np.ndarray:
    """``prefix + brand + stem`` with brands redrawn (then doubled) where a name repeats
    within its group (the whole frame if `groups` is None)."""
    n = len(prefix)
    brand = brands(rng, n)
    key = np.zeros(n, dtype=np.int64) if groups is None else np.asarray(groups)
    names = prefix + brand + stem
    for attempt in range(6):
        dup = pd.DataFrame({"g": key, "n": names}).duplicated(keep="first").to_numpy()
        if not dup.any():
            break
        extra = brands(rng, int(dup.sum()))
        brand[dup] = extra if attempt < 3 else extra + brands(rng, int(dup.sum()))
        names = prefix + brand + stem
    return names


def brands(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` brand words from :data:`BRANDS`."""
    return np.asarray(BRANDS, dtype=object)[rng.integers(0, len(BRANDS), n)]
