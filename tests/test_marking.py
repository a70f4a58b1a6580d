"""Word-start marking (folding.mark), which lets the automaton skip keys inside words, and the
UTF-16 offsets of the scan: a mention must be found exactly where the boundary rule allows,
whatever characters stand around it."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from steppe_names import Normalizer
from steppe_names._data import rule_table
from steppe_names.folding import fold, mark, needs_piecewise_marking
from steppe_names.scripts import is_word_letter


def _ranges(items: list[str]) -> set[str]:
    out = set()
    for item in items:
        low, _, high = item.partition("-")
        out.update(chr(c) for c in range(int(low, 16), int(high or low, 16) + 1))
    return out


def test_the_marking_lists_match_this_pythons_unicode_database() -> None:
    """rules/folding.toml [marking] lists exactly the folded characters where title() changes
    the length, and the cased characters that are not word letters."""
    table = rule_table("folding.toml")["marking"]
    expanding, cased_non_letters = set(), set()
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        folded = fold(chr(code))
        if len(folded.title()) != 1 or len(folded.lower()) != 1:
            expanding.add(folded)
        cased = (folded + "a").title()[-1] == "a"
        if cased and not is_word_letter(folded):
            cased_non_letters.add(folded)
    assert expanding == _ranges(table["expanding"]), unicodedata.unidata_version
    assert cased_non_letters == _ranges(table["cased_non_letters"]), unicodedata.unidata_version


_ALPHABET = st.sampled_from(list(
    "abzKHÄéßﬁŉ ‐-'.,1_ⅻⓐ🄰ʼªǅ улаанБАТОРёЁөү ウランバートル戦い𠮷😀\u0301\n\t"))


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.data())
def test_a_key_marks_like_the_text_wherever_a_word_may_start(text: str,
                                                            data: st.DataObject) -> None:
    folded = fold(text)
    marked = mark(folded)
    assert len(marked) == len(folded)
    if not text:
        return
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    if i == 0 or not is_word_letter(text[i - 1]):
        assert marked[i:j] == mark(folded[i:j])


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_the_fast_marking_test_agrees_with_mark(text: str) -> None:
    folded = fold(text)
    titled = folded.title()
    if not needs_piecewise_marking(folded, titled, titled.encode("utf-8", "surrogatepass")):
        assert titled == mark(folded)


def test_offsets_stay_exact_after_characters_beyond_the_bmp() -> None:
    text = "😀🄰 Ulan Bator, 𠮷 and Улан-Батор 😀"
    found = [(m.start, m.end, m.text) for m in Normalizer().annotate(text)]
    assert found == [(3, 13, "Ulan Bator"), (21, 31, "Улан-Батор")]


def test_names_after_special_characters_are_found() -> None:
    # ⓐ and ⅻ are cased but not letters: the name after them starts a word; ß is a letter
    annotate = Normalizer().annotate
    assert [m.text for m in annotate("ⓐKhalkhin Gol ⅻUlan Bator")] == [
        "Khalkhin Gol", "Ulan Bator"]
    assert [m.text for m in annotate("Straße Ulan Bator, ßUlan Bator")] == ["Ulan Bator"]


def test_keys_inside_words_are_still_not_mentions() -> None:
    annotate = Normalizer().annotate
    assert annotate("publicUB, Mongolianness, xУлан-Батор") == []
