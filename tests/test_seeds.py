"""The five seed texts: every hand-annotated mention is found, and nothing else."""

from __future__ import annotations

import json

import pytest

from steppe_names import Normalizer
from tests.conftest import DATA

SEEDS = sorted((DATA / "seeds").glob("*.txt"))


def test_all_five_seeds_are_present() -> None:
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_annotate_finds_exactly_the_hand_annotated_mentions(normalizer: Normalizer,
                                                            path: object) -> None:
    assert hasattr(path, "read_text")
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    expected_file = path.with_name(path.stem + ".expected.jsonl")  # type: ignore[attr-defined]
    expected = [json.loads(line) for line in expected_file.read_text(encoding="utf-8").splitlines()]
    want = [(e["start"], e["end"], e["text"], e["id"]) for e in expected]
    got = [(m.start, m.end, m.text, m.entry_id) for m in normalizer.annotate(text, "en")]
    missing = [w for w in want if w not in got]
    extra = [g for g in got if g not in want]
    assert not missing and not extra, f"missing {missing}\nfalse positives {extra}"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_normalizing_a_seed_is_idempotent(normalizer: Normalizer, path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    once = normalizer.normalize(text)
    assert normalizer.normalize(once) == once
    assert "Ulan Bator" not in once and "Khalkhyn Gol" not in once
