"""Fuzzing: hostile input never raises an unhandled exception.

Each property runs 10,000 examples under the `slow` marker (part of the default run, so CI
runs them) and a few hundred in `pytest -m "not slow"`.
"""

from __future__ import annotations

import contextlib
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steppe_names import GlossaryError, Normalizer
from steppe_names.glossary import toml_format

SLOW = settings(max_examples=10_000, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Text a hostile or broken document may hold: names, lone surrogates (surrogateescape),
# combining marks, bidi controls, NUL, odd spaces, and very long tokens.
NASTY = st.sampled_from([
    "Ulan Bator", "Улан-Баторе", "Улаанбаатарт", "ウランバートル", "Khalkhyn Gol", "\udcff",
    "\ud800", "\u0301", "\u202e", "\u202c", "\u200f", "\x00", "\ufeff", "\u3000", "İ", "ß",
    "Ꙋ", "𝕿𝖔𝖐𝖞𝖔", "ｳﾗﾝﾊﾞｰﾄﾙ", "Chalkhin Gol", "ОХУ-ын", "'s", "\r\n", "\t",
])
DOCUMENTS = st.lists(st.one_of(NASTY, st.text(max_size=8),
                               st.characters(codec=None, categories=["Cs", "Mn", "Cf", "Zs"])
                               .map(str)), max_size=40).map("".join)


@pytest.mark.slow
@SLOW
@given(text=DOCUMENTS)
def test_annotate_and_normalize_never_raise(normalizer: Normalizer, text: str) -> None:
    mentions = normalizer.annotate(text)
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text
    once = normalizer.normalize(text)
    assert normalizer.normalize(once) == once


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=DOCUMENTS, cut=st.integers(min_value=1, max_value=30))
def test_streaming_equals_one_scan_on_hostile_text(normalizer: Normalizer, text: str,
                                                   cut: int) -> None:
    chunks = [text[i:i + cut] for i in range(0, len(text), cut)]
    assert list(normalizer.annotate_stream(chunks, "en")) == normalizer.annotate(text, "en")


def test_a_one_megabyte_token(normalizer: Normalizer) -> None:
    token = "Ulan" * 250_000
    text = f"Tokyo {token} Ulan Bator {token}\u0301 Tokyo"
    assert [m.text for m in normalizer.annotate(text)] == ["Tokyo", "Ulan Bator", "Tokyo"]


TOML_PIECES = st.sampled_from([
    "[x]\n", "[x.en]\n", "[x.ru]\n", "[y]\n", 'kind = "place"\n', 'kind = "city"\n',
    'preferred = "X"\n', 'preferred = "Икс"\n', 'preferred = ""\n', 'preferred = 3\n',
    'admitted = ["X", {text = "Y", usage = ["historic"]}]\n', "admitted = [{}]\n",
    'admitted = [{ text = "Y", usage = ["bogus"] }]\n', 'name = { style = "russian" }\n',
    'name = { style = "mongolian", given = "G" }\n', "priority = true\n", "sources = [1]\n",
    '"\n', "[[x]]\n", "= 1\n", "[x.en.name]\n", 'not_mentions = ["x"]\n', "\ufeff",
    'admitted = [{ text = "X", reading = "abc" }]\n', "[X Y]\n", "\x00", "\udcff",
])


@pytest.mark.slow
@SLOW
@given(pieces=st.lists(st.one_of(TOML_PIECES, st.text(alphabet=string.printable, max_size=6)),
                       max_size=25))
def test_the_glossary_loader_only_raises_glossary_errors(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        entries = toml_format.loads(text, "fuzz.toml")
    except GlossaryError as error:
        for problem in error.problems:
            assert str(problem).startswith("fuzz.toml")
    else:
        from steppe_names import Glossary

        with contextlib.suppress(GlossaryError):
            Glossary(entries)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None)
@given(data=st.binary(max_size=200))
def test_the_glossary_loader_survives_arbitrary_bytes(data: bytes, tmp_path_factory:
                                                      pytest.TempPathFactory) -> None:
    path = Path(tmp_path_factory.getbasetemp()) / "fuzz-bytes.toml"
    path.write_bytes(data)
    try:
        toml_format.load(path)
    except GlossaryError as error:
        assert str(error).startswith(str(path))
