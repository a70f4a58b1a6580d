"""Mongolian in the Uyghur-Mongolian (vertical) script, romanized by the mn-Mong-Latn-* schemes.

The schemes' samples and the Interscript vectors are run by the generic scheme tests;
these tests state what holds across schemes and what the vectors do not show.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from steppe_names.translit import transliterate

NNBSP = "\u202f"  # before a case suffix
MVS = "\u180e"  # separated final a/e

VECTORS = Path(__file__).resolve().parents[1] / "data" / "conformance" / "interscript_tests.json"

SYSTEMS = {
    "mn-Mong-Latn-sasm-general-1978": "sasm-mon-Mong-Latn-general-1978",
    "mn-Mong-Latn-sasm-phonetic-1978": "sasm-mon-Mong-Latn-phonetic-1978",
    "mn-Mong-Latn-un-general-2013": "un-mon-Mong-Latn-general-2013",
    "mn-Mong-Latn-un-phonetic-2013": "un-mon-Mong-Latn-phonetic-2013",
    "mn-Mong-Latn-lessing": "var-mon-Mong-Latn-lessing",
    "mn-Mong-Latn-vpmc": "var-mon-Mong-Latn-vpmc",
    "mn-Mong-Latn-1930": "var-mon-Mong-Latn-1930",
}
FALLBACK = ["ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠤᠷ", "ᠬᠥᠬᠡᠬᠣᠲᠠ", f"ᠣᠲᠣᠭ{NNBSP}ᠤᠨ ᠡᠮᠦᠨᠡᠳᠦ ᠬᠣᠰᠢᠭᠤ"]


def _sources(system: str | None = None) -> list[str]:
    """Mongolian-script vector sources (of one Interscript system, or of all)."""
    if not VECTORS.exists():
        return FALLBACK
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    wanted = [v for v in vectors if v["source_script"] == "Mong" and system in (None, v["system"])]
    return sorted({v["source"] for v in wanted})


SOURCES = _sources()


def test_the_un_system_is_the_sasm_system() -> None:
    for source in SOURCES:
        assert transliterate(source, "mn-Mong-Latn-un-general-2013") == transliterate(
            source, "mn-Mong-Latn-sasm-general-1978"
        )
        assert transliterate(source, "mn-Mong-Latn-un-phonetic-2013") == transliterate(
            source, "mn-Mong-Latn-sasm-phonetic-1978"
        )


def test_phonetic_form_only_adds_circumflexes_to_back_o_and_u() -> None:
    for source in SOURCES:
        phonetic = transliterate(source, "mn-Mong-Latn-sasm-phonetic-1978")
        general = transliterate(source, "mn-Mong-Latn-sasm-general-1978")
        assert phonetic.replace("ô", "o").replace("û", "u") == general


@pytest.mark.parametrize("scheme", sorted(SYSTEMS))
def test_no_mongolian_letter_is_left_in_the_output(scheme: str) -> None:
    # Over the texts of the scheme's own system: Galik letters outside a standard's
    # table (e.g. ᠽ in Lessing and V-M) pass through by design.
    for source in _sources(SYSTEMS[scheme]):
        output = transliterate(source, scheme)
        assert not [ch for ch in output if "\u1820" <= ch <= "\u1842"], (source, output)


def test_suffix_gaps_become_hyphens_and_selectors_are_kept() -> None:
    assert transliterate(f"ᠤᠷᠠᠳ{NNBSP}ᠤᠨ", "mn-Mong-Latn-un-general-2013") == "urad-un"
    assert transliterate(f"ᠰᠢᠨ{MVS}ᠡ ᠪᠠᠷᠭᠤ", "mn-Mong-Latn-sasm-phonetic-1978") == "sin-e bargû"
    assert transliterate("ᠵᠠᠯᠠᠨ ᠠᠢ\u180cᠯ", "mn-Mong-Latn-vpmc") == "ǰalan ai\u180cl"


def test_qa_and_ga_follow_the_next_vowel_or_the_word() -> None:
    vpmc = "mn-Mong-Latn-vpmc"
    assert transliterate("ᠬᠥᠬᠡᠬᠣᠲᠠ", vpmc) == "kökeqota"
    assert transliterate("ᠬᠢᠲᠠᠳ", vpmc) == "kitad"
    # At the end of a stem the whole word decides, suffix included.
    assert transliterate("ᠪᠢᠴᠢᠭ", vpmc) == "bičig"
    assert transliterate(f"ᠪᠢᠴᠢᠭ{NNBSP}ᠦᠨ", vpmc) == "bičig-ün"
    assert transliterate(f"ᠣᠲᠣᠭ{NNBSP}ᠤᠨ", vpmc) == "otoγ-un"
    assert transliterate(f"ᠠᠪᠠᠭ{MVS}ᠠ", vpmc) == "abaγ-a"
    assert transliterate("ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ", "mn-Mong-Latn-lessing") == "mongγol bicig"


def test_pinyin_systems_write_qa_as_h_in_every_word() -> None:
    assert transliterate("ᠬᠥᠬᠡᠬᠣᠲᠠ", "mn-Mong-Latn-sasm-general-1978") == "hohehota"
    assert transliterate("ᠬᠥᠬᠡᠬᠣᠲᠠ", "mn-Mong-Latn-1930") == "kөkekota"
