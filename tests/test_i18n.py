"""The report's message catalogues: zh and en hold the same keys, with the same placeholders."""

from __future__ import annotations

import pytest

from graphgov.report import i18n


def test_zh_and_en_have_the_same_keys_and_placeholders():
    zh, en = i18n.catalogue("zh"), i18n.catalogue("en")
    assert sorted(set(zh) ^ set(en)) == []
    differ = [k for k in zh if i18n.placeholders(zh[k]) != i18n.placeholders(en[k])]
    assert differ == []


def test_every_message_formats_with_its_own_placeholders():
    for lang in i18n.LANGS:
        with i18n.language(lang):
            for key, text in i18n.catalogue(lang).items():
                values = {name: 1 for name in i18n.placeholders(text)}
                assert isinstance(i18n.t(key, **values), str), key


def test_chinese_number_conventions():
    with i18n.language("zh"):
        assert [i18n.big(n) for n in (9_999, 10_000, 123_456, 250_000_000)] == [
            "9,999",
            "1万",
            "12.3万",
            "2.5亿",
        ]
        assert i18n.pct(float("nan")) == "无"
        assert i18n.names_list(["甲"] * 2) == "甲、甲"
    with i18n.language("en"):
        assert i18n.names_list(list("abcde"), first=3) == "a, b, c … (5 in all)"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="not a report language"), i18n.language("fr"):
        pass


def test_the_language_is_restored_after_the_block():
    before = i18n.current()
    with i18n.language("zh"):
        assert i18n.current() == "zh"
    assert i18n.current() == before


def test_a_section_may_word_a_column_its_own_way():
    with i18n.language("zh"):
        shared = i18n.col("urban_share")
        assert i18n.col("urban_share", "social-work") == "城市社区覆盖率"
        assert i18n.col("urban_share", "density") == shared  # no own wording: the shared one
        assert i18n.col("no_such_column", "social-work") == "no_such_column"
