"""Mongolian in the Uyghur-Mongolian (traditional) script: names are found however the
homograph vowels are encoded (rules/folding.toml: o/u and ö/ü are one letter shape each), a
case suffix after its narrow no-break space stays outside the mention, and normalizing to
Mongolian keeps a name in the script it was written in."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steppe_names import Normalizer, load_glossary
from tests.conftest import spans

NNBSP = "\u202f"  # NARROW NO-BREAK SPACE: joins a case suffix to its word

GLOSSARY = """
[mongolia]
kind = "place"
[mongolia.en]
preferred = "Mongolia"
[mongolia.mn]
preferred = "Монгол Улс"
admitted = ["Монгол", "ᠮᠣᠩᠭᠣᠯ ᠤᠯᠤᠰ", "ᠮᠣᠩᠭᠣᠯ"]

[udriin-sonin]
kind = "org"
[udriin-sonin.en]
preferred = "Udriin Sonin"
[udriin-sonin.mn]
preferred = "Өдрийн сонин"
admitted = ["ᠡᠳᠦᠷ ᠦᠨ ᠰᠣᠨᠢᠨ"]

[ulaanbaatar]
kind = "place"
[ulaanbaatar.en]
preferred = "Ulaanbaatar"
[ulaanbaatar.mn]
preferred = "Улаанбаатар"
admitted = [{ text = "ᠬᠦᠷᠢᠶᠡ", usage = ["historic"] }, "ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠤᠷ"]

[tuul]
kind = "place"
[tuul.en]
preferred = "Tuul River"
[tuul.mn]
preferred = "Туул гол"
admitted = ["ᠲᠣᠭᠣᠯᠠ ᠭᠣᠣᠯ"]
"""

MONGOL = "ᠮᠣᠩᠭᠣᠯ"  # Mongγol, as the glossary encodes it: M O NG G O L
ULUS = "ᠤᠯᠤᠰ"  # ulus


@pytest.fixture(scope="module")
def custom(tmp_path_factory: pytest.TempPathFactory) -> Normalizer:
    path: Path = tmp_path_factory.mktemp("script") / "script.toml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return Normalizer(load_glossary(path), use_cache=False)


def test_o_and_u_are_one_letter(custom: Normalizer) -> None:
    """ᠮᠣᠩᠭᠤᠯ and ᠮᠤᠩᠭᠤᠯ look exactly like ᠮᠣᠩᠭᠣᠯ: a writer who does not know the word
    picks either code point."""
    for written in ("ᠮᠣᠩᠭᠤᠯ", "ᠮᠤᠩᠭᠤᠯ", "ᠮᠤᠩᠭᠣᠯ", f"ᠮᠤᠩᠭᠤᠯ {ULUS}", f"{MONGOL} ᠣᠯᠣᠰ"):
        text = f"ᠡᠨᠡ ᠪᠣᠯ {written}{NNBSP}ᠤᠨ ᠨᠡᠶᠢᠰᠯᠡᠯ"
        found = custom.annotate(text)
        assert [(m.text, m.entry_id) for m in found] == [(written, "mongolia")], written
        assert text[found[0].start:found[0].end] == written


def test_oe_and_ue_are_one_letter(custom: Normalizer) -> None:
    for written in ("ᠡᠳᠦᠷ ᠦᠨ ᠰᠣᠨᠢᠨ", "ᠡᠳᠥᠷ ᠥᠨ ᠰᠤᠨᠢᠨ", "ᠡᠳᠥᠷ ᠦᠨ ᠰᠣᠨᠢᠨ"):
        assert spans(custom, f"{written}{NNBSP}ᠢ ᠤᠩᠰᠢᠪᠠ") == [(written, "udriin-sonin")]


def test_letters_that_differ_in_writing_stay_apart(custom: Normalizer) -> None:
    """Only the vowels are folded: ᠳ (d) is not ᠲ (t), ᠥ (ö) is not ᠣ (o)."""
    assert spans(custom, "ᠲᠣᠭᠣᠯᠠ ᠭᠣᠣᠯ") == [("ᠲᠣᠭᠣᠯᠠ ᠭᠣᠣᠯ", "tuul")]
    assert spans(custom, "ᠳᠣᠭᠣᠯᠠ ᠭᠣᠣᠯ") == []
    assert spans(custom, "ᠮᠥᠩᠭᠥᠯ") == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), min_size=4, max_size=4))
def test_any_spelling_of_the_homographs_is_found_at_its_place(custom: Normalizer,
                                                             swaps: list[bool]) -> None:
    vowels = [i for i, ch in enumerate(f"{MONGOL} {ULUS}") if ch in "ᠣᠤ"]
    name = list(f"{MONGOL} {ULUS}")
    for at, swap in zip(vowels, swaps, strict=False):
        if swap:
            name[at] = "ᠤ" if name[at] == "ᠣ" else "ᠣ"
    written = "".join(name)
    text = "ᠡᠨᠡ " * 3 + written + "᠂ ᠪᠠ"
    found = custom.annotate(text)
    assert [(text[m.start:m.end], m.entry_id) for m in found] == [(written, "mongolia")]


def test_normalizing_to_mongolian_keeps_the_script(custom: Normalizer) -> None:
    """A Cyrillic preferred term would put Cyrillic into a line of the script: the name is
    written as the first term the glossary gives in the script instead."""
    text = f"ᠮᠤᠩᠭᠤᠯ {ULUS}{NNBSP}ᠤᠨ ᠨᠡᠶᠢᠰᠯᠡᠯ"
    assert custom.normalize(text, to="mn") == f"{MONGOL} {ULUS}{NNBSP}ᠤᠨ ᠨᠡᠶᠢᠰᠯᠡᠯ"
    assert custom.normalize(f"{MONGOL}{NNBSP}ᠤᠨ", to="mn") == f"{MONGOL} {ULUS}{NNBSP}ᠤᠨ"
    # Cyrillic text and other languages are as before
    assert custom.normalize("Монголын нийслэл", to="mn") == "Монгол Улсын нийслэл"
    assert custom.normalize(f"{MONGOL} {ULUS}", to="en") == "Mongolia"
    # a historic name is not how the script writes the place today (Хүрээ, Urga)
    assert custom.normalize("ᠬᠦᠷᠢᠶᠡ ᠪᠠ ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠤᠷ", to="mn") == "ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠤᠷ ᠪᠠ ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠤᠷ"
    # the check reports a form that normalizing would change, in its own script
    assert [(m.text, custom.correction(m)) for m in custom.check(
        f"{MONGOL}, ᠮᠤᠩᠭᠤᠯ {ULUS}, ᠡᠳᠦᠷ ᠦᠨ ᠰᠣᠨᠢᠨ")] == [(MONGOL, f"{MONGOL} {ULUS}")]


# The bundled glossary's names in the script, as its sources write them (places.toml,
# events.toml): two sources encode Mongolia's vowels differently (ᠮᠣᠩᠭᠣᠯ in the older
# en.wikipedia infobox, ᠮᠤᠩᠭᠤᠯ in the newer), and the Khalkha river's title carries a
# vowel separator and a narrow no-break space.
PARAGRAPH = (
    f"ᠮᠤᠩᠭᠤᠯ ᠤᠯᠤᠰ{NNBSP}ᠤᠨ ᠨᠡᠶᠢᠰᠯᠡᠯ ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠤᠷ ᠬᠣᠲᠠ᠂ "
    "ᠬᠠᠯᠬᠠ ᠶᠢᠨ ᠭᠣᠣᠯ ᠤᠨ ᠪᠠᠶᠢᠯᠳᠤᠭᠠᠨ᠂ "
    f"ᠬᠠᠯᠬ\u180eᠠ ᠭᠣᠣᠯ{NNBSP}ᠤᠨ ᠳᠠᠶᠢᠨ᠂ "
    f"ᠣᠷᠣᠰ{NNBSP}ᠤᠨ ᠪᠠ ᠶᠠᠫᠣᠨ{NNBSP}ᠤ ᠬᠢᠯᠢ᠂ ᠮᠣᠩᠭᠣᠯ ᠤᠯᠤᠰ᠃"
)


def test_the_bundled_glossary_finds_names_in_the_script(normalizer: Normalizer) -> None:
    found = normalizer.annotate(PARAGRAPH)
    assert [(m.text, m.entry_id) for m in found] == [
        ("ᠮᠤᠩᠭᠤᠯ ᠤᠯᠤᠰ", "mongolia"),
        ("ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠤᠷ", "ulaanbaatar"),
        ("ᠬᠠᠯᠬᠠ ᠶᠢᠨ ᠭᠣᠣᠯ ᠤᠨ ᠪᠠᠶᠢᠯᠳᠤᠭᠠᠨ", "battles-of-khalkhin-gol"),
        (f"ᠬᠠᠯᠬ\u180eᠠ ᠭᠣᠣᠯ{NNBSP}ᠤᠨ ᠳᠠᠶᠢᠨ", "battles-of-khalkhin-gol"),
        ("ᠣᠷᠣᠰ", "russia"),
        ("ᠶᠠᠫᠣᠨ", "japan"),
        ("ᠮᠣᠩᠭᠣᠯ ᠤᠯᠤᠰ", "mongolia"),
    ]
    assert all(PARAGRAPH[m.start:m.end] == m.text for m in found)
    assert {m.lang for m in found} == {"mn"}


def test_the_bundled_glossary_normalizes_the_script(normalizer: Normalizer) -> None:
    to_mn = normalizer.normalize(PARAGRAPH, to="mn")
    assert to_mn == (
        f"ᠮᠣᠩᠭᠣᠯ ᠤᠯᠤᠰ{NNBSP}ᠤᠨ ᠨᠡᠶᠢᠰᠯᠡᠯ ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠤᠷ ᠬᠣᠲᠠ᠂ "
        "ᠬᠠᠯᠬᠠ ᠶᠢᠨ ᠭᠣᠣᠯ ᠤᠨ ᠪᠠᠶᠢᠯᠳᠤᠭᠠᠨ᠂ ᠬᠠᠯᠬᠠ ᠶᠢᠨ ᠭᠣᠣᠯ ᠤᠨ ᠪᠠᠶᠢᠯᠳᠤᠭᠠᠨ᠂ "
        f"ᠣᠷᠤᠰ{NNBSP}ᠤᠨ ᠪᠠ ᠶᠠᠫᠣᠨ{NNBSP}ᠤ ᠬᠢᠯᠢ᠂ ᠮᠣᠩᠭᠣᠯ ᠤᠯᠤᠰ᠃")
    assert normalizer.normalize(to_mn, to="mn") == to_mn
    assert normalizer.normalize(PARAGRAPH, to="en").startswith(
        f"Mongolia{NNBSP}ᠤᠨ ᠨᠡᠶᠢᠰᠯᠡᠯ Ulaanbaatar ᠬᠣᠲᠠ᠂ Battles of Khalkhin Gol᠂ ")
    # a romanization of a name in the script is found too (VPMC: Ulaγanbaγatur)
    assert spans(normalizer, "Ulaγanbaγatur was Urga") == [
        ("Ulaγanbaγatur", "ulaanbaatar"), ("Urga", "ulaanbaatar")]


def test_a_long_text_in_the_script_is_scanned_the_same_way(normalizer: Normalizer) -> None:
    """Past ~250,000 characters the scan folds and marks in NumPy: the homograph fold and
    the invisible separators hold there too."""
    line = f"ᠮᠤᠩᠭᠤᠯ ᠤᠯᠤᠰ{NNBSP}ᠤᠨ ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠣᠷ᠂ ᠬᠠᠯᠬ\u180eᠠ ᠭᠣᠣᠯ{NNBSP}ᠤᠨ ᠳᠠᠶᠢᠨ᠃\n"
    text = ("Nothing to see here, only words and more words.\n" * 40 + line) * 300
    assert len(text) > 500_000
    found = normalizer.annotate(text)
    assert [(m.text, m.entry_id) for m in found] == [
        ("ᠮᠤᠩᠭᠤᠯ ᠤᠯᠤᠰ", "mongolia"), ("ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠣᠷ", "ulaanbaatar"),
        (f"ᠬᠠᠯᠬ\u180eᠠ ᠭᠣᠣᠯ{NNBSP}ᠤᠨ ᠳᠠᠶᠢᠨ", "battles-of-khalkhin-gol")] * 300
    assert all(text[m.start:m.end] == m.text for m in found)
