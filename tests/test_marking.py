"""Word-start marking (folding.mark), which lets the automaton skip keys inside words, and the
UTF-16 offsets of the scan: a mention must be found exactly where the boundary rule allows,
whatever characters stand around it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steppe_names import Normalizer
from steppe_names._data import rule_table
from steppe_names.folding import (
    _code_points,
    fold,
    fold_and_mark,
    mark,
    mark_ends,
    mark_many,
    mark_starts,
    marked_utf16,
    marking_trigger_patterns,
    needs_piecewise_marking,
    unmark,
    utf16_units,
)
from steppe_names.scripts import EDGE_WORD, edge_ok, is_word_letter


def _ranges(items: list[str]) -> set[str]:
    return set(_code_points(items))


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
    "abzKHÄéßﬁŉ ‐-'.,1_ⅻⓐ🄰𝐀ʼªǅ улаанБАТОРёЁөү ウランバートル戦い𠮷😀\u0301\n\t"))


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.data())
def test_a_key_marks_like_the_text_wherever_a_name_may_stand(text: str,
                                                            data: st.DataObject) -> None:
    """Wherever the boundary rule lets a name start and end, the text is marked there as the
    name alone is (a key is marked alone): the automaton cannot miss it."""
    folded = fold(text)
    marked = mark(folded)
    assert len(marked) == len(folded)
    if not text:
        return
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    starts = i == 0 or edge_ok(EDGE_WORD, text[i - 1])
    ends = j == len(text) or edge_ok(EDGE_WORD, text[j], after=True)
    if starts and ends:
        assert marked[i:j] == mark(folded[i:j])
    if starts:  # a key that ends where the text goes on (kana, a mark) has no end form
        assert unmark(marked[i:j]) == unmark(mark(folded[i:j]))


def test_every_character_that_may_follow_a_name_ends_its_word() -> None:
    """Where the boundary rule lets a name end (before no letter or mark of an alphabetic
    script), its last letter is marked as a word's end, as in the key; where a word goes on,
    it is not: "Mini" is no key the automaton finds in "Ministry"."""
    end_a = mark("a")
    assert end_a != "A" and unmark(end_a) == "a"
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    marked = mark(fold("".join(" a" + ch for ch in every)))[1::3]  # each "a" before each
    assert len(marked) == len(every)
    may_follow = [ch for ch in every if edge_ok(EDGE_WORD, ch, after=True)]
    assert [hex(ord(ch)) for ch, form in zip(every, marked, strict=True)
            if form != end_a and edge_ok(EDGE_WORD, ch, after=True)] == []
    goes_on = sum(form != end_a for form in marked)
    assert len(may_follow) > 900_000 and goes_on > 50_000
    assert mark("ministry")[:4] != mark("mini")


def test_end_forms_are_private_use_and_the_texts_own_are_not_read_as_them() -> None:
    ends = {c for c in mark(fold("Ulan Bator Улан-Батор Ελλάδα Հայաստան ა")) if not c.isspace()}
    assert {unicodedata.category(c) for c in ends} >= {"Co"}
    assert all(not 0xE000 <= ord(c) <= 0xF8FF for c in mark("\ue06e\uf8ff"))
    assert Normalizer().annotate("Ulan Bato\ue072 Ulan Bator") == Normalizer().annotate(
        "Ulan Bato. Ulan Bator")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_ALPHABET, max_size=12).map("".join), max_size=8))
def test_keys_marked_at_once_are_marked_as_one_by_one(keys: list[str]) -> None:
    folded = [fold(key) for key in keys]
    assert mark_many(folded) == [mark(key) for key in folded]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(_ALPHABET, max_size=12).map("".join), min_size=1, max_size=8))
def test_a_chunk_of_keys_marked_at_once_by_numpy_is_marked_as_one_by_one(
        keys: list[str]) -> None:
    """The compiler marks a chunk's keys (megabytes) at once, the NumPy way: the same."""
    folded = [fold(key) for key in keys] * 1000
    # past the NumPy way's threshold
    filler = [fold(t) for t in ("Ulan Bator", "Улаанбаатарт", "ウランバートル", "ǅ ⅻ ß")] * 500
    assert len("\n".join(folded + filler)) > 1 << 14
    assert mark_many(folded + filler) == [mark(key) for key in folded + filler]


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_the_fast_marking_test_agrees_with_mark(text: str) -> None:
    folded = fold(text)
    titled = folded.title()
    if not needs_piecewise_marking(folded, titled, titled.encode("utf-8", "surrogatepass")):
        assert titled == mark_starts(folded)
        assert mark_ends(titled) == mark(folded)


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


_MINI = """
[mini]
kind = "place"
[mini.en]
preferred = "Mini"
"""


@pytest.mark.parametrize("way", ["str", "numpy"])
def test_a_key_is_reported_only_where_a_word_ends(tmp_path: Path, way: str) -> None:
    """The automaton does not report "Mini" at the start of "Ministry" or "Minis" (the scan
    would only drop them), but where the word ends, before punctuation, kana or the text's
    end; and the mentions are the same either way the text is marked."""
    from steppe_names import compile_glossary, folding, load_glossary

    path = tmp_path / "g.toml"
    path.write_text(_MINI, encoding="utf-8")
    index = compile_glossary(load_glossary(path), use_cache=False)
    text = "Ministry of Minis: Mini, Miniの, MINI_x and Mini"
    matcher = index.matcher
    found = (matcher.find_codes(folding.marked(text, utf16_units(text, 0),
                                               forms=matcher.forms)).tolist()
             if way == "numpy" else matcher.find_str(fold_and_mark(text, specials=False)))
    raw = sorted((start, stop) for start, stop, key in found if key < index.key_count)
    assert [text[start:stop] for start, stop in raw] == ["Mini", "Mini", "MINI", "Mini"]
    assert raw[2][1] == text.index("_")  # before "_x": reported, and refused by the rule
    # (a low line with a letter beyond it is a word's: not Markdown's emphasis, "_Mini_")
    saved = folding.VECTOR_MIN
    try:
        folding.VECTOR_MIN = 0 if way == "numpy" else 10**9
        found = [(m.start, m.end) for m in Normalizer(index).annotate(text)]
    finally:
        folding.VECTOR_MIN = saved
    assert found == [raw[0], raw[1], raw[3]]


def test_the_nfc_triggers_match_this_pythons_unicode_database() -> None:
    """rules/folding.toml [nfc] lists the characters canonical composition joins to the one
    before them, and those whose NFC form folds differently."""
    table = rule_table("folding.toml")["nfc"]
    expected: set[str] = set()
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        composed = unicodedata.normalize("NFC", ch)
        if composed != ch and fold(composed) != fold(ch):
            expected.add(ch)
        decomposition = unicodedata.decomposition(ch)
        if decomposition and not decomposition.startswith("<"):
            parts = [chr(int(p, 16)) for p in decomposition.split()]
            if len(parts) == 2 and unicodedata.normalize("NFC", "".join(parts)) == ch:
                expected.add(parts[1])
    expected.update(chr(c) for c in [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)])  # Hangul
    assert expected == _ranges(table["triggers"]), unicodedata.unidata_version


_DECOMPOSABLE = st.sampled_from([
    "Khürelsükh", "Ulaanbaatar", "Ulan Bator", "Улан-Батор", "Улаанбаатарт", "ウランバートル",
    "Tōkyō", "Халхин-Гол", "Ёсидзо", " ", ", ", "é", "ガ", "Ω", "豈", "и\u0306", "\u0361"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_DECOMPOSABLE, max_size=8).map("".join))
def test_decomposed_text_finds_what_composed_text_finds(text: str) -> None:
    annotate = Normalizer().annotate
    composed = unicodedata.normalize("NFC", text)
    decomposed = unicodedata.normalize("NFD", text)
    expected = [(unicodedata.normalize("NFC", m.text), m.entry_id) for m in annotate(composed)]
    found = annotate(decomposed)
    assert [(unicodedata.normalize("NFC", m.text), m.entry_id) for m in found] == expected
    assert all(decomposed[m.start:m.end] == m.text for m in found)


def test_one_pass_fold_and_mark_equals_fold_then_mark_on_every_code_point() -> None:
    """folding.fold_and_mark (title() of the text as written, then a map) gives exactly
    mark(fold(text)) for every character, at a word start, inside a word, and for the
    character after it."""
    def fast(text: str) -> bool:  # does fold_and_mark take its one-pass way on `text`?
        titled = text.title()
        return len(titled) == len(text) and not needs_piecewise_marking(
            titled, titled, titled.encode("utf-8", "surrogatepass"))

    def contexts(ch: str) -> str:  # at a word start, after a letter, before a letter
        return " " + ch + "ab" + ch + ch + "c"

    singles, batch = [], []
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        (batch if fast(contexts(ch)) else singles).append(ch)
    assert len(batch) > 1_000_000
    for ch in singles:  # the two-step way, alone
        for text in (ch, "a" + ch, " " + ch + "a", "a" + ch + "a"):
            assert fold_and_mark(text) == mark(fold(text)), hex(ord(ch))
    for i in range(0, len(batch), 2000):
        part = batch[i:i + 2000]
        text = " ".join(contexts(ch) for ch in part)
        assert fast(text)
        assert fold_and_mark(text) == mark(fold(text)), (hex(ord(part[0])), hex(ord(part[-1])))


def test_where_one_pass_marking_is_wrong_the_automaton_reports_it() -> None:
    """The scan marks text in one pass without looking for cased non-letters (ⅻ, ⓐ): its
    automaton reports them instead (`marking_trigger_patterns`). So every text on which the
    one pass differs from `mark(fold(text))` holds one of those patterns, and none of them is
    a letter an ordinary text is full of."""
    patterns = marking_trigger_patterns()
    assert patterns and all(not p.isascii() and unicodedata.category(p) not in ("Lu", "Ll")
                            for p in patterns)  # never a cased letter, which text is full of
    specials = _code_points(rule_table("folding.toml")["marking"]["cased_non_letters"])
    checked = 0
    for ch in specials:
        for form in {ch, ch.upper(), ch.lower()}:
            for text in (form + "khalkhin", "a" + form + "b", " " + form + " Gol", form):
                one_pass = fold_and_mark(text, specials=False)
                if one_pass != mark(fold(text)):
                    checked += 1
                    assert any(p in one_pass for p in patterns), hex(ord(ch))
    assert checked > 100


def test_names_after_cased_non_letters_are_found_as_marked_piecewise() -> None:
    annotate = Normalizer(fuzzy=False).annotate  # exact forms: the skeleton pass would mask it
    for text, span in (("ⅻKhalkhin Gol", (1, 13)), ("ⓑUlan Bator", (1, 11)),
                       ("Ulan Bator 🄰Ulan Bator", (12, 22))):
        assert (span[0], span[1], "khalkhin-gol" if "Gol" in text else "ulaanbaatar") in [
            (m.start, m.end, m.entry_id) for m in annotate(text)], text


_LINE = st.lists(st.one_of(_DECOMPOSABLE, st.sampled_from(["ⅻ", "ⓑ", "🄰", "Путина", "\u0301"])),
                 max_size=6).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_LINE, st.booleans()), min_size=1, max_size=6))
def test_a_text_scans_as_its_lines_do(lines: list[tuple[str, bool]]) -> None:
    """The scan's careful second look (composing, two-step marking) is taken line by line
    around the characters that ask for it: a text gives the mentions of its lines scanned
    one by one, at the same places, whatever stands on the other lines."""
    from steppe_names.scan import guess_language

    normalizer = Normalizer()
    text = "\n".join(unicodedata.normalize("NFD", line) if nfd else line
                     for line, nfd in lines)
    lang = guess_language(text)
    expected = []
    start = 0
    for line in text.split("\n"):
        expected += [(m.start + start, m.end + start, m.entry_id, m.how)
                     for m in normalizer.annotate(line, lang)]
        start += len(line) + 1
    from steppe_names import scan as scan_module

    saved = scan_module._CAREFUL_LINE
    try:
        # both ways the scan may take: the lines one by one, or the whole text again
        for line_cost in (0, 10**9):
            scan_module._CAREFUL_LINE = line_cost
            found = normalizer.annotate(text)
            assert [(m.start, m.end, m.entry_id, m.how) for m in found] == expected
            assert all(text[m.start:m.end] == m.text for m in found)
    finally:
        scan_module._CAREFUL_LINE = saved


def test_a_stray_accent_costs_its_line_not_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """One decomposed accent or cased non-letter in a long text makes the scan look again at
    that line only; the names on it and everywhere else are found."""
    from steppe_names import scan as scan_module

    careful: list[str] = []
    real = scan_module._scan

    def spy(index: object, text: str, *args: object, **kwargs: object) -> object:
        if kwargs.get("careful") is not None:
            careful.append(text)
        return real(index, text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scan_module, "_scan", spy)
    plain = "In Ulan Bator the wind blew.\n" * 2000
    odd_lines = ["Tōkyō and Ulan Bator.\n", "ⅻKhalkhin Gol and Ulan Bator.\n"]
    text = plain + unicodedata.normalize("NFD", odd_lines[0]) + plain + odd_lines[1] + plain
    found = Normalizer(fuzzy=False).annotate(text, "en")
    assert careful == [unicodedata.normalize("NFD", odd_lines[0]), odd_lines[1]]
    assert sum(m.entry_id == "ulaanbaatar" for m in found) == 6002
    assert sum(m.entry_id == "khalkhin-gol" for m in found) == 1
    assert all(text[m.start:m.end] == m.text for m in found)


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le", "surrogatepass")


def test_vector_marking_equals_fold_then_mark_on_every_bmp_code_point() -> None:
    """folding.marked_utf16's NumPy way (two table lookups per character) gives exactly
    mark(fold(text)) for every BMP character: at a word start, after a letter, after itself,
    and for the character after it; lone surrogates pass as they are."""
    def contexts(ch: str) -> str:
        return " " + ch + "ab" + ch + ch + "c"

    text = " ".join(contexts(chr(c)) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    text += " \udc80a\udbffA ⅻkhalkhin ßulan"
    expected = _utf16(mark(fold(text)))
    assert marked_utf16(text, utf16_units(text, 0)) == expected
    from steppe_names import folding

    saved = folding._VECTOR_PIECE
    try:  # marked a piece at a time, each piece knowing what the one before it left open
        for piece in (1, 2, 997):
            folding._VECTOR_PIECE = piece
            assert marked_utf16(text[:20_000], utf16_units(text[:20_000], 0)) == expected[:40_000]
    finally:
        folding._VECTOR_PIECE = saved


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_both_ways_of_marking_agree(text: str) -> None:
    """A text with a letter beyond the BMP (𝐀, 🄰) takes the one-pass str way, as every text
    does before NumPy is loaded; elsewhere, emoji and Han beyond the BMP (😀, 𠮷) included,
    the NumPy way is the exact marking, with the units of a long text or without."""
    from steppe_names import folding
    from steppe_names.folding import _inert

    exact = _utf16(mark(fold(text)))
    one_pass = _utf16(fold_and_mark(text, specials=False))
    assert mark_ends(mark_starts(fold(text))) == mark(fold(text))
    units = utf16_units(text, 0)
    assert (units is None) == any(not _inert(ch) for ch in text if ord(ch) > 0xFFFF)
    folding.use_vector()
    if units is not None:
        assert marked_utf16(text, units) == marked_utf16(text) == exact
    else:
        assert marked_utf16(text) == one_pass and marked_utf16(text, exact=True) == exact


_SEEDS = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))


# Lines where names stand glued to letters, marks and digits: raw matches that end inside a
# word, which the NumPy way drops before the loop that tests every edge.
_GLUED = st.lists(st.one_of(_DECOMPOSABLE, st.sampled_from([
    "ⅻ", "ⓑ", "🄰", "😀", "𠮷", "𝐀", "Путина", "\u0301", "x", "ist", "ов", "ы", "ナ", "_", "1",
    "ß", "Gol", "Khalkhin", "Tokyo", "Ulan"])), max_size=8).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(_GLUED, min_size=1, max_size=8))
def test_a_scan_finds_the_same_whichever_way_it_marks(lines: list[str]) -> None:
    """Long texts are marked, filtered and searched for capitalised words with NumPy, short
    ones with str methods and the loop alone: a text gives the same mentions either way (the
    seed texts, and lines of names glued to letters, accents and cased non-letters)."""
    from steppe_names import folding

    normalizer = Normalizer()
    texts = ["\n".join(lines), *(p.read_text(encoding="utf-8") for p in _SEEDS)]
    saved = folding.VECTOR_MIN
    try:
        folding.VECTOR_MIN = 10**9
        expected = [normalizer.annotate(t) for t in texts]
        folding.VECTOR_MIN = 0
        folding.use_vector()
        assert [normalizer.annotate(t) for t in texts] == expected
    finally:
        folding.VECTOR_MIN = saved


_CAPITALS = """
[unesco-like]
kind = "org"
[unesco-like.en]
preferred = "United Nations Educational Scientific Cultural Organization Of Old"
admitted = [{ text = "UNESCOLIKEX", usage = ["abbreviation"] }]

[halh-gol]
kind = "place"
[halh-gol.en]
preferred = "Halh Gol"
admitted = ["Halh gol"]

[ulan-kana]
kind = "place"
[ulan-kana.en]
preferred = "Ulan Kana"
[ulan-kana.ja]
preferred = "ウランバートル"
"""


@pytest.mark.parametrize("glossary", ["bundled", "capitals"])
def test_the_numpy_filter_leaves_the_rare_keys_to_python(tmp_path: Path, glossary: str) -> None:
    """Keys whose candidates ask for different capitals ("Halh Gol" / "Halh gol") and
    capitals rules longer than NumPy's table (an 11-letter abbreviation) are checked one by
    one; katakana edges and capitals in every position are tested by the tables. Both ways
    give the same mentions."""
    from steppe_names import folding, load_glossary

    if glossary == "bundled":
        normalizer = Normalizer()
        names = ["Khalkhyn Gol", "Halhin Gol", "Halhin-Gol", "Udriin Sonin", "RKKA", "РККА"]
    else:
        path = tmp_path / "g.toml"
        path.write_text(_CAPITALS, encoding="utf-8")
        normalizer = Normalizer(load_glossary(path), use_cache=False)
        names = ["Halh Gol", "UNESCOLIKEX", "ウランバートル",
                 "United Nations Educational Scientific Cultural Organization Of Old"]
    spellings = [variant for name in names for variant in (
        name, name.lower(), name.upper(), name.title(), name.swapcase(), name[0].lower() +
        name[1:], "x" + name, name + "x", "ー" + name, name + "ン", name + "\u0301", "😀" + name,
        name + "𠮷")]
    text = "\n".join(f"{spelling}, {spelling}." for spelling in spellings) * 3
    saved = folding.VECTOR_MIN
    try:
        folding.VECTOR_MIN = 10**9
        expected = normalizer.annotate(text)
        folding.VECTOR_MIN = 0
        folding.use_vector()
        assert normalizer.annotate(text) == expected
    finally:
        folding.VECTOR_MIN = saved
    found = {m.text for m in expected}
    assert names[0] in found and names[1] in found and names[0].lower() not in found


def test_the_edge_table_is_edge_ok_on_every_bmp_code_point() -> None:
    from steppe_names.scripts import EDGE_KATAKANA, EDGE_NONE, EDGE_WORD, edge_ok, edge_refusals

    table = edge_refusals()
    for rule in (EDGE_NONE, EDGE_WORD, EDGE_KATAKANA):
        for after in (False, True):
            bit = 1 << (2 * rule + after)
            assert [c for c in range(0x10000)
                    if bool(table[c] & bit) == edge_ok(rule, chr(c), after=after)] == []


_NUMPY_LOADED = """
import sys
from steppe_names import Normalizer, folding
folding.VECTOR_AFTER = 100_000
normalizer = Normalizer()
line = "Talks in Ulan Bator and Улан-Баторе, ウランバートルで. " * 100
for text in (line * 2, line * 2, line * 20):
    found = normalizer.annotate(text)
    print(len(found), "numpy" in sys.modules)
"""


_NUMPY_FOR_A_FILE = """
import io, sys
from contextlib import redirect_stdout
from steppe_names import folding
from steppe_names.cli import main
folding.VECTOR_AFTER = 1000  # a file of 1,500 bytes or more is large
with redirect_stdout(io.StringIO()) as out:
    code = main(["normalize", "--jobs", "1", sys.argv[1]])
print(code, "numpy" in sys.modules, "Ulaanbaatar" in out.getvalue())
"""


@pytest.mark.parametrize(("lines", "loaded"), [(10, False), (40, True)])
def test_the_command_loads_numpy_at_once_for_a_large_file(tmp_path: Path, lines: int,
                                                           loaded: bool) -> None:
    """One process scanning a file whose size says NumPy will pay loads it before the first
    block; a small file never loads it."""
    import subprocess
    import sys

    path = tmp_path / "news.txt"
    path.write_text("Talks in Ulan Bator and Улан-Баторе, ウランバートルで.\n" * lines,
                    encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _NUMPY_FOR_A_FILE, str(path)],
                         capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["0", str(loaded), "True"]


_NUMPY_FOR_SHORT_TEXTS = """
import sys
from steppe_names import Normalizer, folding
folding.VECTOR_AFTER = 50_000
normalizer = Normalizer()
line = "Talks in Ulan Bator and Улан-Баторе, ウランバートルで. " * 20  # 1,040 characters
found = [len(normalizer.annotate(line)) for _ in range(40)]
print(found[0], "numpy" in sys.modules)
found += [len(normalizer.annotate(line)) for _ in range(20)]
print(set(found), "numpy" in sys.modules)
"""


def test_a_process_annotating_many_short_texts_loads_numpy_too() -> None:
    """Marking word ends the str way costs a match per word: a process that annotates text
    after text, each short, loads NumPy once they add up, and finds the same."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", _NUMPY_FOR_SHORT_TEXTS], capture_output=True,
                         text=True, check=True)
    assert run.stdout.split("\n")[:2] == ["60 False", "{60} True"]


def test_a_process_loads_numpy_only_once_it_has_scanned_enough() -> None:
    """NumPy's import (~0.06 s; its tables come from the cache folder) pays off only over
    millions of characters: a process that scans an article or two never loads it; one that
    goes on does, and finds the same."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", _NUMPY_LOADED], capture_output=True,
                         text=True, check=True)
    assert run.stdout.split("\n")[:3] == ["600 False", "600 False", "6000 True"]
