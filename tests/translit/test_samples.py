"""Every scheme's own samples, and the metadata every scheme file must carry."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from steppe_names.translit import SchemeInfo, get_scheme, schemes

VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[1] / "data" / "conformance" / "interscript_tests.json").read_text(
        encoding="utf-8"
    )
)
ALL = schemes()


def _sample_cases() -> list[Any]:
    return [
        pytest.param(info.id, source, expected, id=f"{info.id}:{number}")
        for info in ALL
        for number, (source, expected) in enumerate(get_scheme(info.id).samples, start=1)
    ]


@pytest.mark.parametrize(("scheme_id", "source", "expected"), _sample_cases())
def test_sample(scheme_id: str, source: str, expected: str) -> None:
    assert get_scheme(scheme_id)(source) == expected


@pytest.mark.parametrize("info", ALL, ids=lambda info: info.id)
def test_metadata_is_complete(info: SchemeInfo) -> None:
    for field in ("name", "language", "source_script", "target_script", "authority", "source"):
        assert getattr(info, field).strip(), f"{info.id}: empty {field}"
    assert 1800 <= info.year <= 2100
    assert re.fullmatch(r"[A-Z][a-z]{3}", info.source_script)
    assert re.fullmatch(r"[A-Z][a-z]{3}", info.target_script)
    assert info.id.startswith(f"{info.language}-{info.source_script}-{info.target_script}-"), (
        f"{info.id}: ids read <lang>-<Src>-<Tgt>-<authority>-<edition>"
    )
    assert isinstance(info.conforms_to, tuple)


@pytest.mark.parametrize("info", ALL, ids=lambda info: info.id)
def test_few_vectors_are_made_up_by_samples(info: SchemeInfo) -> None:
    vectors = sum(1 for v in VECTORS if v["system"] in info.conforms_to)
    samples = len(get_scheme(info.id).samples)
    if vectors < 10:
        assert vectors + samples >= 10, (
            f"{info.id}: {vectors} vectors; add samples from the standard's tables"
        )


def test_reverse_directions_are_registered() -> None:
    ids = {info.id for info in ALL}
    reversible = [info for info in ALL if info.reversible]
    assert {"mn-Cyrl-Latn-mns-2012", "mn-Latn-Cyrl-mns-2012"} <= {i.id for i in reversible}
    for info in reversible:
        mirrored = [
            other.id
            for other in ALL
            if other.reversible
            and other.id != info.id
            and other.source_script == info.target_script
            and other.target_script == info.source_script
            and other.authority == info.authority
        ]
        assert mirrored, f"{info.id} is reversible but has no registered reverse"
        assert set(mirrored) <= ids


def test_required_schemes_exist() -> None:
    ids = {info.id for info in ALL}
    required = {
        "ru-Cyrl-Latn-bgnpcgn-1947",
        "ru-Cyrl-Latn-iso9-1995",
        "ru-Cyrl-Latn-gost779a-2000",
        "ru-Cyrl-Latn-gost779b-2000",
        "ru-Cyrl-Latn-alalc-2012",
        "ru-Cyrl-Latn-icao-9303",
        "ru-Cyrl-Latn-ungegn-1987",
        "ru-Cyrl-Latn-scientific",
        "ru-Cyrl-Latn-gost16876-1983",
        "ru-Cyrl-Latn-bas-2017-bss",
        "ru-Cyrl-Latn-bas-2017-oss",
        "ru-Cyrl-Latn-mvd-by-2008",
        "ru-Cyrl-Latn-mvd-by-2010",
        "ru-Cyrl-Latn-odni-2015",
        "ru-Cyrl-Latn-press-en",
        "ru-Cyrl-Latn-press-de-duden",
        "ru-Cyrl-Latn-press-fr",
        "mn-Cyrl-Latn-mns-2012",
        "mn-Latn-Cyrl-mns-2012",
        "mn-Cyrl-Latn-bgnpcgn-1964",
        "mn-Cyrl-Latn-alalc-1997",
        "mn-Cyrl-Latn-news-ascii",
    }
    assert required <= ids, sorted(required - ids)
