"""Transliteration throughput: 1 MB of Russian prose (0.05 MB in smoke mode) under BGN/PCGN
and GOST 7.79 (systems A and B), steppe-names side by side with iuliia on the same text; and
Mongolian under MNS 5217:2012 (no iuliia counterpart). Skipped while `steppe_names.translit`
is not importable."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from benchmarks.corpus import monolingual
from benchmarks.glossaries import smoke
from benchmarks.support import megabytes_of, record, rounds

pytestmark = pytest.mark.benchmark(group="translit")

# label, language, words the scheme's name must contain, the iuliia schema (or "")
CASES = [
    ("BGN/PCGN", "ru", ("BGN/PCGN",), "BGN_PCGN"),
    ("GOST 7.79 A", "ru", ("GOST 7.79", "System A"), "GOST_779"),
    ("GOST 7.79 B", "ru", ("GOST 7.79", "System B"), "GOST_779_ALT"),
    ("MNS 5217:2012", "mn", ("MNS 5217",), ""),
]


@cache
def text(lang: str) -> str:
    return monolingual(lang, 0.05 if smoke() else 1.0)


def scheme_id(lang: str, words: tuple[str, ...]) -> str:
    translit = pytest.importorskip("steppe_names.translit")
    for info in translit.schemes():
        if (info.language == lang and info.source_script == "Cyrl"
                and info.target_script == "Latn" and all(w in info.name for w in words)):
            return str(info.id)
    pytest.skip(f"no {lang} scheme named like {' '.join(words)}")


@pytest.mark.parametrize(("label", "lang", "words", "iuliia_name"), CASES,
                         ids=[c[0] for c in CASES])
def test_translit_steppe(benchmark: Any, label: str, lang: str, words: tuple[str, ...],
                         iuliia_name: str) -> None:
    translit = pytest.importorskip("steppe_names.translit")
    scheme: Callable[[str], str] = translit.get_scheme(scheme_id(lang, words))
    source = text(lang)
    out = benchmark.pedantic(scheme, args=(source,), rounds=rounds(3))
    assert out
    record(benchmark, f"translit:steppe:{label}", megabytes_of(source))


@pytest.mark.parametrize(("label", "lang", "words", "iuliia_name"),
                         [c for c in CASES if c[3]], ids=[c[0] for c in CASES if c[3]])
def test_translit_iuliia(benchmark: Any, label: str, lang: str, words: tuple[str, ...],
                         iuliia_name: str) -> None:
    iuliia = pytest.importorskip("iuliia")
    schema = getattr(iuliia, iuliia_name)
    source = text(lang)
    out = benchmark.pedantic(schema.translate, args=(source,), rounds=rounds(2))
    assert out
    record(benchmark, f"translit:iuliia:{label}", megabytes_of(source))
