"""Streaming gives exactly what one scan of the whole text gives, however it is chunked."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steppe_names import Normalizer
from steppe_names.stream import segments, split_text

PIECES = ["Ulan Bator", " ", "Улан-Баторе", "Улаанбаатарт ", "ウランバートルで", "Khalkhin Gol",
          "\n", "Golan ", "Putin's ", "To\u0304kyo\u0304 ", "Chalchin Gol ", "ОХУ-ын ",
          "x", "Mongolia Weekly ", "日本人", "ß",
          # invisible characters before a name: a cut right after one hid the name (the
          # next scan saw no letter before it), found by a QA pass
          "\u00ad", "\ufeff", "\u200b", "Хүрэлсүхтэй", "Putin", "the Russian Federation"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(PIECES), min_size=1, max_size=60),
       cuts=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=20),
       block=st.integers(min_value=1, max_value=200))
def test_blocks_and_chunks_change_nothing(normalizer: Normalizer, parts: list[str],
                                          cuts: list[int], block: int) -> None:
    text = "".join(parts)
    chunks, position, i = [], 0, 0
    while position < len(text):
        size = cuts[i % len(cuts)]
        chunks.append(text[position:position + size])
        position += size
        i += 1
    got = list(segments(normalizer.index, chunks, "en", block=block))
    assert "".join(t for _, t, _ in got) == text
    assert [o for o, _, _ in got] == [sum(len(t) for _, t, _ in got[:k]) for k in range(len(got))]
    mentions = [m for _, _, ms in got for m in ms]
    assert mentions == normalizer.annotate(text, "en")
    assert "".join(normalizer.normalize_stream(chunks, "ru", "en")) == normalizer.normalize(
        text, "ru", "en")


def test_a_name_across_a_block_boundary_is_found_once(normalizer: Normalizer) -> None:
    text = ("filler " * 30) + "Khalkhin Gol" + (" filler" * 30)
    for block in (1, 50, 207, 212, 215, 1000):
        mentions = [m for _, _, ms in segments(normalizer.index, [text], block=block)
                    for m in ms]
        assert [(m.start, m.text) for m in mentions] == [(210, "Khalkhin Gol")], block


def test_a_big_string_goes_through_the_stream(normalizer: Normalizer) -> None:
    text = "Ulan Bator and Tokyo. " * 200_000  # 4.4 M code points: more than two blocks
    mentions = normalizer.annotate(text)
    assert len(mentions) == 400_000
    assert all(text[m.start:m.end] == m.text for m in mentions[::997])
    assert normalizer.normalize(text) == "Ulaanbaatar and Tokyo. " * 200_000


def test_a_cut_right_after_an_invisible_character_keeps_the_name(normalizer: Normalizer
                                                                 ) -> None:
    """A block cut between a soft hyphen (a BOM, a zero-width space) and a name hid the name
    from both scans (the next one saw no letter before it), or left a fuzzy match only:
    found by a QA pass. The cut goes back to before the invisible character."""
    margin = 2 * normalizer.index.max_key_length + 64  # the cut: the buffer's end less this
    for invisible in ("\u00ad", "\ufeff", "\u200b", "\u200d"):
        for name in ("Хүрэлсүхтэй", "Улан-Баторе", "Putin"):
            text = "x" * 49 + " " + invisible + name + " " + "y" * (margin - len(name) - 1)
            assert text.index(name) == len(text) - margin  # where the cut was
            streamed = [m for _, _, ms in segments(normalizer.index, [text], block=10)
                        for m in ms]
            whole = normalizer.annotate(text)
            assert [m.text for m in whole] == [name]
            assert streamed == whole, (invisible, name)


def test_a_long_run_of_marks_or_invisible_characters_streams_in_linear_time(
        normalizer: Normalizer) -> None:
    """A cut walked back over a whole run of combining marks or zero-width spaces, so each
    block moved on by a character or two: 1.1 M of them in a 2 MB file did not finish in
    an hour (found by a QA pass). A cut now goes back at most 256 characters, and in a
    longer run cuts in its middle, where no name lies."""
    import time

    for run in ("\u0301", "\u200b", "\u00ad"):
        text = "Ulan Bator a" + run * 60_000 + " Putin and Ulan Bator\n"
        began = time.perf_counter()
        made = list(segments(normalizer.index, split_text(text, 4096), block=4096))
        assert time.perf_counter() - began < 20  # (it took minutes)
        assert "".join(piece for _, piece, _ in made) == text and len(made) > 10
        streamed = [m for _, _, ms in made for m in ms]
        assert streamed == normalizer.annotate(text)
        assert [m.text for m in streamed] == ["Ulan Bator", "Putin", "Ulan Bator"]


def test_an_article_before_a_name_at_a_cut_goes_with_it(normalizer: Normalizer) -> None:
    """A long line cut right after "the ": "the Russian Federation" became "the Russia" in
    `normalize` (which streams a text over a block), and "Russia" in `render`. A cut in a
    line now goes one word further back."""
    from steppe_names.stream import BLOCK

    margin = 2 * normalizer.index.max_key_length + 64
    length = BLOCK + 10_000
    cut = length - margin  # where the first cut of one big chunk falls
    text = ("z " * cut)[:cut - 4] + "the Russian Federation delegation."
    text += "q" * (length - len(text))
    assert text[cut:cut + 7] == "Russian"
    assert "z Russia delegation.q" in normalizer.normalize(text, "en")


def test_a_cut_keeps_the_words_that_agree_with_a_name(normalizer: Normalizer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by a regression hunt: at a block cut (texts over a block stream), "во Внешней
    Монголии", "a Urga caravan", "Их Хүрээ рүү" and a sentence's capital lost what the rest
    of the text gets. A line is now cut after a sentence's end, and the next segment sees
    the characters before it."""
    import functools

    import steppe_names.api as api
    from steppe_names import stream

    sentences = ["Мы говорили о Урге вчера.", "Он жил во Внешней Монголии долго.",
                 "Lake Khasan lies east of here.", "They signed in the Russian Federation.",
                 "She met a Urga caravan there.", "Их Хүрээ рүү явсан."]
    body = " ".join(sentences * 40)
    texts = [body + " " + "ab " * k for k in range(0, 120, 7)]
    whole = {(text, to): normalizer.normalize(text, to) for text in texts for to in ("ru", "en")}
    monkeypatch.setattr(api, "segments", functools.partial(stream.segments, block=1000))
    for (text, to), expected in whole.items():
        assert normalizer.normalize(text, to) == expected
