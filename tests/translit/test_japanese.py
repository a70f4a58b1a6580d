"""Japanese kana schemes: what holds for every one of them, beyond their own samples."""

from __future__ import annotations

import re
import unicodedata

import pytest

from steppe_names.translit import schemes, transliterate

KANA_SCHEMES = sorted(s.id for s in schemes() if s.language == "ja" and s.source_script == "Hrkt")
WORDS = [
    "とうきょう", "しんばし", "きんようび", "がっこう", "まっちゃ", "ほっかいどう", "おおさか",
    "じゅんいちろう", "ちぢみ", "つづく", "ふじさん", "にいがた", "せんせい", "ぎゅうにゅう",
    "ゔぁいおりん", "ふぁいる", "てぃーぱーてぃー", "うぃすきー", "ほんを", "でんわ",
]
JAPANESE = re.compile(r"[\u3041-\u30ff\uff66-\uff9f]")


def to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if 0x3041 <= ord(c) <= 0x3096 else c for c in text)


def test_there_is_a_kana_scheme_for_each_standard() -> None:
    assert {
        "ja-Hrkt-Latn-hepburn-1886", "ja-Hrkt-Latn-hepburn-modified", "ja-Hrkt-Latn-bgn-1962",
        "ja-Hrkt-Latn-bgnpcgn-1976", "ja-Hrkt-Latn-mofa-1989", "ja-Hrkt-Latn-kunrei-1954",
        "ja-Hrkt-Latn-iso-3602-1989", "ja-Hrkt-Latn-nihonshiki-1885", "ja-Hrkt-Latn-wapuro-ime",
        "ja-Hrkt-Cyrl-polivanov",
    } <= set(KANA_SCHEMES)


@pytest.mark.parametrize("scheme", KANA_SCHEMES)
def test_hiragana_and_katakana_read_the_same(scheme: str) -> None:
    for word in WORDS:
        assert transliterate(to_katakana(word), scheme) == transliterate(word, scheme), word


@pytest.mark.parametrize("scheme", KANA_SCHEMES)
def test_half_width_katakana_reads_like_full_width(scheme: str) -> None:
    assert transliterate("ｶﾞｯｺｰ ﾄｳｷｮｳ", scheme) == transliterate("ガッコー トウキョウ", scheme)


@pytest.mark.parametrize("scheme", KANA_SCHEMES)
def test_every_kana_is_transliterated(scheme: str) -> None:
    # iteration marks (ゝゞヽヾ) are the only kana a scheme copies through
    kana = [
        chr(c) for c in range(0x3041, 0x30FB)
        if unicodedata.category(chr(c)).startswith("L") and chr(c) not in "ゝゞヽヾ"
    ]
    for ch in kana:
        out = transliterate(f"か{ch}か", scheme)
        assert not JAPANESE.search(out), (ch, out)


@pytest.mark.parametrize(
    ("scheme", "alphabet"),
    [
        ("ja-Hrkt-Latn-mofa-1989", r"[A-Z ]+"),
        ("ja-Hrkt-Latn-mofa-1989-oh", r"[A-Z ]+"),
        ("ja-Hrkt-Latn-wapuro-ime", r"[a-z\- ]+"),
        ("ja-Hrkt-Cyrl-polivanov", r"[А-Яа-яЁё ]+"),
    ],
)
def test_output_alphabet(scheme: str, alphabet: str) -> None:
    for word in WORDS:
        assert re.fullmatch(alphabet, transliterate(word, scheme)), word


@pytest.mark.parametrize(
    ("scheme", "joined", "apart"),
    [
        ("ja-Hrkt-Latn-hepburn-modified", "kōshi", "koushi"),
        ("ja-Hrkt-Latn-kunrei-1954", "kôsi", "kousi"),
        ("ja-Hrkt-Latn-iso-3602-1989", "kôsi", "kousi"),
        ("ja-Hrkt-Cyrl-polivanov", "Коси", "Коуси"),
    ],
)
def test_a_bullet_marks_a_morpheme_boundary(scheme: str, joined: str, apart: str) -> None:
    # 格子 kōshi is one morpheme, 子牛 ko+ushi two: kana cannot tell, the bullet can
    assert transliterate("こうし", scheme) == joined
    assert transliterate("こ•うし", scheme) == apart


def test_long_vowels_are_composed_characters() -> None:
    assert transliterate("とうきょう", "ja-Hrkt-Latn-hepburn-modified") == "t\u014dky\u014d"
    assert transliterate("とうきょう", "ja-Hrkt-Latn-kunrei-1954") == "t\u00f4ky\u00f4"
