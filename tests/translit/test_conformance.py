"""Every scheme against the Interscript vectors of the systems it declares in ``conforms_to``.

One test per vector; a listed known failure must still fail (otherwise it is stale), an
unlisted vector must pass exactly (no normalisation of the output), and each system must
pass at least 99% of its vectors.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from steppe_names.translit import KnownFailure, Scheme, get_scheme, schemes

VECTORS_PATH = Path(__file__).parents[1] / "data" / "conformance" / "interscript_tests.json"
VECTORS: list[dict[str, Any]] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
BY_SYSTEM: dict[str, list[dict[str, Any]]] = defaultdict(list)
for _vector in VECTORS:
    BY_SYSTEM[_vector["system"]].append(_vector)

# The systems this package must cover now (Japanese and Mongolian-script maps come later).
REQUIRED_MARKERS = ("-rus-Cyrl-Latn-", "-mon-Cyrl-Latn-", "-mon-Latn-Cyrl-")
MIN_PASS_RATE = 0.99


def _declared() -> list[tuple[str, str]]:
    return [(info.id, system) for info in schemes() for system in info.conforms_to]


def _known_failure(scheme: Scheme, system: str, vector: dict[str, Any]) -> KnownFailure | None:
    for failure in scheme.known_failures:
        if (
            failure.source == vector["source"]
            and failure.expected == vector["expected"]
            and failure.system in (None, system)
        ):
            return failure
    return None


def _vector_cases() -> list[Any]:
    cases = []
    for scheme_id, system in _declared():
        for vector in BY_SYSTEM.get(system, []):
            cases.append(
                pytest.param(scheme_id, system, vector, id=f"{scheme_id}/{system}:{vector['line']}")
            )
    return cases


@pytest.mark.parametrize(("scheme_id", "system", "vector"), _vector_cases())
def test_vector(scheme_id: str, system: str, vector: dict[str, Any]) -> None:
    scheme = get_scheme(scheme_id)
    result = scheme(vector["source"])
    known = _known_failure(scheme, system, vector)
    if known is None:
        assert result == vector["expected"], (
            f"{scheme_id} fails {system} line {vector['line']}; fix the rules or list it in "
            f"known_failures with a reason"
        )
    else:
        assert result != vector["expected"], (
            f"stale known failure in {scheme_id}: {vector['source']!r} now passes "
            f"(listed because: {known.reason})"
        )


@pytest.mark.parametrize(("scheme_id", "system"), _declared())
def test_system_pass_rate(scheme_id: str, system: str) -> None:
    scheme = get_scheme(scheme_id)
    vectors = BY_SYSTEM.get(system, [])
    failed = [v for v in vectors if scheme(v["source"]) != v["expected"]]
    if vectors:
        rate = 1 - len(failed) / len(vectors)
        assert rate >= MIN_PASS_RATE, (
            f"{scheme_id} passes {len(vectors) - len(failed)}/{len(vectors)} of {system}"
        )


@pytest.mark.parametrize("system", sorted({_v["system"] for _v in VECTORS}))
def test_required_systems_are_covered(system: str) -> None:
    declared = {s for _, s in _declared()}
    if any(marker in system for marker in REQUIRED_MARKERS):
        assert system in declared, f"no scheme declares conforms_to = [{system!r}]"


def test_every_declared_system_name_is_known_or_empty_upstream() -> None:
    # Interscript maps with empty tests blocks (ICAO 9303, ISO 9:1995) contribute no vectors;
    # any other name must exist in the vector file, or it is a typo.
    empty_upstream = {"icao-rus-Cyrl-Latn-9303", "iso-rus-Cyrl-Latn-9-1995"}
    for scheme_id, system in _declared():
        assert system in BY_SYSTEM or system in empty_upstream, f"{scheme_id}: unknown {system}"


@pytest.mark.parametrize("scheme_id", [info.id for info in schemes()])
def test_known_failures_name_real_vectors(scheme_id: str) -> None:
    scheme = get_scheme(scheme_id)
    for failure in scheme.known_failures:
        systems = [failure.system] if failure.system else list(scheme.info.conforms_to)
        assert any(
            v["source"] == failure.source and v["expected"] == failure.expected
            for system in systems
            for v in BY_SYSTEM.get(system, [])
        ), f"{scheme_id}: known failure {failure.source!r} is not a vector of {systems}"
