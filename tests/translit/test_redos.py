"""A scheme file cannot hang a run: patterns that backtrack catastrophically are refused when
the scheme is compiled, with the file and line (hardening; see compiler._vet_backtracking)."""

from __future__ import annotations

import time

import pytest

from steppe_names.translit import SchemeError
from tests.translit.test_engine import error, scheme


@pytest.mark.parametrize("pattern", ["(?:a+)+b", "(?:a*)*b", "(?:a|a)*b", "(?:a|aa)+b",
                                     "(?:\\\\w+\\\\s?)+$"])
def test_catastrophic_context_patterns_are_refused(pattern: str) -> None:
    started = time.monotonic()
    problem = error(f'[[rules]]\nfrom = "б"\nto = "b"\nafter = "{pattern}"\n')
    assert time.monotonic() - started < 5
    assert "backtrack" in str(problem)
    assert "unit.toml:" in str(problem)


def test_catastrophic_post_rule_is_refused() -> None:
    problem = error('[map]\n"а" = "a"\n[[post]]\npattern = "(?:a|a)*z"\nreplace = ""\n')
    assert isinstance(problem, SchemeError) and "backtrack" in str(problem)


def test_ordinary_contexts_still_compile() -> None:
    compiled = scheme('[[rules]]\nfrom = "е"\nto = "ye"\nafter = "[аеиоу]+"\n'
                      '[map]\n"е" = "e"\n"а" = "a"\n')
    assert compiled("еа") == "yea"
