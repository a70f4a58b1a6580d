"""Properties that hold for any text: offsets slice to the mention, normalize is idempotent,
annotate never raises, folding keeps lengths."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from steppe_names import Normalizer
from steppe_names._data import rule_table
from steppe_names.folding import fold

NAMES = ["Ulan Bator", "Улан-Баторе", "Улаанбаатарт", "ウランバートル", "Khalkhyn Gol",
         "Халхин-Голе", "Путина", "ОХУ", "USSR", "Ts. Elbegdorj", "Tōkyō", "東京", "Abe",
         "Nomonhan Incident", "ＴＯＫＹＯ", "İstanbul", "ß", "Mongolia", "монгол хэл",
         "Путин В.", "В. В. Путин"]

texts = st.lists(
    st.one_of(st.sampled_from(NAMES), st.text(max_size=12),
              st.sampled_from([" ", "-", "'s ", "の", "で", "\u0301", "\n", "’", "ー"]),
              # words that make a longer name beside another (Khalkhin-Gol + River)
              st.sampled_from(["River", "Gol", "Khalkhin", "Улан", "Батор", "река", "the ",
                               "Russian Federation", "#", " В.", " Затем", "во ", "an ", " рүү",
                               "Внешней Монголии", "Их Хүрээ", "Outer Mongolia"])),
    max_size=25,
).map("".join)

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=texts)
@example(text="To\u0304kyo\u0304 and Ulan Bator")
@example(text="İİİ Ulan Bator ßß Tokyo")
def test_offsets_slice_to_the_mention(normalizer: Normalizer, text: str) -> None:
    previous_end = 0
    for mention in normalizer.annotate(text):
        assert text[mention.start:mention.end] == mention.text
        assert previous_end <= mention.start < mention.end
        previous_end = mention.end


@SETTINGS
@given(text=texts, to=st.sampled_from(["en", "ru", "mn", "ja"]))
@example(text="The Khalkhin-Gol River.", to="en")  # was "Khalkhin Gol River", then "Khalkhin Gol"
def test_normalize_is_idempotent(normalizer: Normalizer, text: str, to: str) -> None:
    once = normalizer.normalize(text, to=to)
    assert normalizer.normalize(once, to=to) == once


@SETTINGS
@given(text=st.text())
def test_annotate_never_raises_on_arbitrary_unicode(normalizer: Normalizer, text: str) -> None:
    normalizer.annotate(text)
    normalizer.normalize(text)


@SETTINGS
@given(text=texts)
def test_normalize_keeps_everything_between_mentions(normalizer: Normalizer, text: str) -> None:
    out = normalizer.normalize(text)
    mentions = normalizer.annotate(text)
    position = 0
    for mention in mentions:
        # all of it, but the words that agree with a new name: the "the" of "the Russian
        # Federation", which "Russia" does not take; a/an, в/во, руу/луу (rules: agreement)
        assert _core(text[position:mention.start]) in out
        position = mention.end
    assert _core(text[position:], last=False) in out


def _agreeing() -> set[str]:
    words = {"the"}
    for lang in ("en", "ru", "mn"):
        table = rule_table(f"{lang}.toml").get("agreement", {})
        for rule in (*table.get("before", ()), *table.get("after", ())):
            words.update(rule["words"])
    return words


AGREEING = _agreeing()


def _core(gap: str, last: bool = True) -> str:
    """The gap less a first and (`last`) a last word that may agree with a new name."""
    first = re.match(r"\s+(\w+)(?![\w-])", gap)  # (re's \w, as api.py's)
    if first and first.group(1).lower() in AGREEING:  # " рүү ...": after the name before
        gap = gap[first.end():]
    end = re.search(r"(?<![\w-])(\w+)\s+$", gap)
    if last and end and end.group(1).lower() in AGREEING:  # "... an ": before the next
        gap = gap[:end.start()]
    return gap


@settings(max_examples=500)
@given(text=st.text())
def test_folding_keeps_one_code_point_for_one(text: str) -> None:
    assert len(fold(text)) == len(text)
    assert fold(fold(text)) == fold(text)


def test_a_replacement_never_forms_a_longer_name_with_its_neighbour(normalizer: Normalizer) -> None:
    # "Ts. Elbegdorj" -> "Tsakhiagiin Elbegdorj" after "Elbegdorj " would read as the name in
    # reverse order ("Elbegdorj Tsakhiagiin") and change again on a second pass
    text = "Ulan BatorTs. Elbegdorj Ts. Elbegdorj"
    once = normalizer.normalize(text, to="en")
    assert normalizer.normalize(once, to="en") == once
    assert normalizer.normalize("Путин прилетел в Улан-Батор.") == "Putin прилетел в Ulaanbaatar."
