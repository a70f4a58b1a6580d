"""`annotate_many` / `normalize_many`: many short documents, batched into one scan, each
getting exactly what a call of its own gives."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steppe_names import Glossary, Normalizer, load_glossary
from steppe_names import api as api_module

_BY_LANGUAGE = Path(__file__).parent / "data" / "by_language.toml"

_PIECES = ["Ulan Bator", "Улан-Баторе", "Улаанбаатарт", "ウランバートル", "Khalkhyn Gol",
           "Халхин-Голе", "Путина", "ОХУ", "Ts. Elbegdorj", "Tōkyō", "東京", "Khurelsukh",
           "Nomonhan Incident", "ＴＯＫＹＯ", "İstanbul", "ß", "монгол хэл", "Грузия",
           "Ulaanbataar", "ⅻ", "\u0301", "o\u0304", "\n", "\r\n", " ", "-", "'s ", "の", "で",
           "ө", "ー", ".", "ab", "Жоржиа", "Жоржиа в ", "мужөөс "]
_DOCUMENT = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    """The bundled glossary and a form whose entry the document's language decides."""
    return Normalizer(Glossary([*load_glossary(), *load_glossary(_BY_LANGUAGE)]),
                      use_cache=False)


_SETTINGS = settings(max_examples=200, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


def _decomposed(documents: list[str], which: list[bool]) -> list[str]:
    return [unicodedata.normalize("NFD", d) if nfd else d
            for d, nfd in zip(documents, which, strict=False)]


@_SETTINGS
@given(documents=st.lists(_DOCUMENT, max_size=12), nfd=st.lists(st.booleans(), max_size=12),
       batch=st.integers(1, 120), lang=st.sampled_from([None, "en", "ru", "mn", "ja"]))
def test_each_text_gets_what_annotate_gives_it(normalizer: Normalizer, documents: list[str],
                                               nfd: list[bool], batch: int,
                                               lang: str | None) -> None:
    documents = _decomposed(documents, nfd) + documents[len(nfd):]
    with mock.patch.object(api_module, "MANY_BATCH", batch):
        found = list(normalizer.annotate_many(documents, lang))
    assert found == [normalizer.annotate(d, lang) for d in documents]


@_SETTINGS
@given(documents=st.lists(_DOCUMENT, max_size=8), batch=st.integers(1, 120),
       to=st.sampled_from(["en", "ru", "mn", "ja"]))
def test_each_text_gets_what_normalize_gives_it(normalizer: Normalizer, documents: list[str],
                                                batch: int, to: str) -> None:
    with mock.patch.object(api_module, "MANY_BATCH", batch):
        out = list(normalizer.normalize_many(documents, to))
    assert out == [normalizer.normalize(d, to) for d in documents]


def test_the_seed_texts_line_by_line(normalizer: Normalizer) -> None:
    """Real news, one document per line: the batched scan finds every mention of every line at
    the line's own offsets, as a call per line does."""
    text = "".join(path.read_text(encoding="utf-8")
                   for path in sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt")))
    lines = text.splitlines()
    found = list(normalizer.annotate_many(lines))
    assert found == [normalizer.annotate(line) for line in lines]
    assert sum(map(len, found)) > 50
    for line, mentions in zip(lines, found, strict=True):
        assert all(line[m.start:m.end] == m.text for m in mentions)
    assert list(normalizer.normalize_many(lines, "ru")) == [
        normalizer.normalize(line, "ru") for line in lines]


def test_each_document_is_resolved_by_its_own_language() -> None:
    """An ambiguous name is resolved by the language guessed from its own document, not from
    the batch it was scanned in."""
    normalizer = Normalizer(load_glossary(_BY_LANGUAGE), use_cache=False)
    documents = ["Жоржиа мужөөс ирэв", "Жоржиа в городе", "Жоржиа мужид өнөөдөр", "Жоржиа"]
    found = list(normalizer.annotate_many(documents))
    assert [[m.entry_id for m in f] for f in found] == [
        ["georgia-state"], ["zhorzhia-city"], ["georgia-state"], ["zhorzhia-city"]]
    assert found == [normalizer.annotate(d) for d in documents]
    # a language given decides for every document
    assert {m.entry_id for f in normalizer.annotate_many(documents, "mn") for m in f} == {
        "georgia-state"}


@pytest.mark.parametrize("line_cost", [0, 10**9])
def test_a_careful_line_is_resolved_by_its_own_document(line_cost: int) -> None:
    """The lines the scan looks at again (a decomposed accent, ⅻ), one by one or with the
    whole batch, keep their document's language."""
    from steppe_names import scan as scan_module

    normalizer = Normalizer(load_glossary(_BY_LANGUAGE), use_cache=False)
    documents = ["Жоржиа в городе", "ⅻ Жоржиа мужөөс", "Жоржиа мужөөс о\u0304", "и\u0306 Жоржиа",
                 "Po\u0304" * 30, "Жоржиа мужөөс"]  # composing moves the last one 30 places
    with mock.patch.object(scan_module, "_CAREFUL_LINE", line_cost):
        found = list(normalizer.annotate_many(documents))
    assert [[m.entry_id for m in f] for f in found] == [
        ["zhorzhia-city"], ["georgia-state"], ["georgia-state"], ["zhorzhia-city"], [],
        ["georgia-state"]]
    assert found == [normalizer.annotate(d) for d in documents]


def test_a_text_longer_than_a_block_takes_the_single_route(
        normalizer: Normalizer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_module, "BLOCK", 64)
    long = "Talks in Ulan Bator. " * 20 + "Путина встретили в Улан-Баторе."
    documents = ["Ulan Bator", long, "", "Халхин-Голе", long]
    routes = [m is None for _t, m in normalizer._many(documents, None)]
    assert routes == [False, True, False, False, True]
    assert list(normalizer.annotate_many(documents)) == [normalizer.annotate(d) for d in documents]
    assert list(normalizer.normalize_many(documents, "mn")) == [
        normalizer.normalize(d, "mn") for d in documents]


def test_it_is_lazy(normalizer: Normalizer) -> None:
    """Texts are read a batch at a time: an endless source gives its first results."""

    def endless() -> Iterator[str]:
        for n in itertools.count():
            yield f"Item {n}: talks in Ulan Bator."

    first = list(itertools.islice(normalizer.annotate_many(endless()), 3))
    assert [[(m.start, m.entry_id) for m in f] for f in first] == [
        [(17, "ulaanbaatar")], [(17, "ulaanbaatar")], [(17, "ulaanbaatar")]]


def test_a_text_that_is_not_a_string_is_named(normalizer: Normalizer) -> None:
    with pytest.raises(TypeError, match="text 2 is a NoneType, not a str"):
        list(normalizer.annotate_many(["Ulan Bator", "", None]))  # type: ignore[list-item]
