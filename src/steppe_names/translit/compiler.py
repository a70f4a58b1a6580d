"""Compile a validated scheme into a fast transliterator.

How a scheme runs (see FORMAT.md for the rules' meaning):

* Single-character rules without conditions, whose output does not depend on the
  neighbours, go into a ``str.translate`` table.
* Everything else (multi-character sources, rules with context, capitals whose output
  needs Title/UPPER from the neighbours) becomes one alternative of a single compiled
  ``re`` pattern, ordered by rule priority. Every alternative starts with a literal
  character, so ``re`` skips through the text with a first-character set in C; context
  checks are look-arounds, so the engine itself picks the right rule. An empty group at
  the end of each alternative tells which rule matched (``match.lastindex``).
* Matches are replaced first (by ``re.sub``), then the rest of the text goes through the
  table in one pass, using the C charmap codec (see ``_Table``). When some rule output
  contains a character the table would translate again, the text between matches is
  translated piece by piece instead.

Rules with ``word_has``/``word_lacks`` select, per word, one of a few variant patterns
(one per combination of word properties, compiled lazily).
"""

from __future__ import annotations

import codecs
import functools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from .errors import SchemeError
from .spec import KnownFailure, PostRule, RuleSpec, SchemeInfo, SchemeSpec

__all__ = ["Scheme", "compile_scheme"]

# Combining marks and Mongolian/joining format characters count as part of a word.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u3099\u309a\u180b-\u180f\u200c\u200d"
)
_BUILTIN_LETTER = rf"(?:[^\W\d_]|[{_MARKS}])"
_CLASS_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# How far past the current word look-ahead contexts can see in word-condition mode.
_WORD_LOOKAHEAD = 256

_LOWER, _TITLE, _UPPER, _SINGLE, _UNCASED = 0, 1, 2, 3, 4


def _is_cased(ch: str) -> bool:
    return ch.isupper() or ch.islower()


@functools.cache
def _uppercase_class() -> str:
    """A regex character class of every uppercase letter in the Basic Multilingual Plane."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if chr(code).isupper():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    body = "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )
    return f"[{body}]"


def _title(text: str) -> str:
    """Uppercase the first cased character: ``"sh"`` -> ``"Sh"``, ``"`e"`` -> ``"`E"``."""
    for i, ch in enumerate(text):
        if _is_cased(ch):
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def _case_form(matched: str) -> int:
    """Classify the capitalisation of a matched source (``_UNCASED`` when nothing is cased)."""
    cased = 0
    upper = 0
    first_upper = False
    for ch in matched:
        if ch.isupper():
            if cased == 0:
                first_upper = True
            upper += 1
            cased += 1
        elif ch.islower():
            cased += 1
    if cased == 0:
        return _UNCASED
    if upper == 0 or not first_upper:
        return _LOWER
    if cased == 1:
        return _SINGLE
    if upper == cased:
        return _UPPER
    return _TITLE


@dataclass(frozen=True, slots=True)
class _Emit:
    """What a matched alternative produces."""

    target: str
    title: str
    upper: str
    auto: bool
    # True when Title and UPPER of the target differ, so a lone capital needs its neighbours.
    ambiguous: bool
    # True when the target has a cased character (so its UPPER form differs) and the source
    # is not a syllabary (category Lo): a caseless match between capitals is then capitalised.
    cased: bool
    rule: RuleSpec


def _make_emit(rule: RuleSpec) -> _Emit:
    title = _title(rule.target)
    upper = rule.target.upper()
    return _Emit(
        target=rule.target,
        title=title,
        upper=upper,
        auto=not rule.exact_case,
        ambiguous=title != upper,
        cased=upper != rule.target
        and not any(unicodedata.category(ch) == "Lo" for ch in rule.source),
        rule=rule,
    )


def _neighbours_upper(text: str, start: int, end: int) -> bool:
    """Decide UPPER (True) or Title (False) for a lone capital from its neighbours."""
    if end < len(text):
        nxt = text[end]
        if nxt.isupper():
            return True
        if nxt.islower():
            return False
    return start > 0 and text[start - 1].isupper()


class _Classes:
    """Character classes of one scheme, expanded to regex fragments."""

    def __init__(self, spec: SchemeSpec) -> None:
        self.spec = spec
        self._members: dict[str, list[str]] = {}
        self._fragments: dict[str, str] = {}

    def members(self, name: str, stack: tuple[str, ...] = ()) -> list[str]:
        if name in self._members:
            return self._members[name]
        if name in stack:
            raise SchemeError(
                f"class {name!r} includes itself ({' -> '.join((*stack, name))})", self.spec.path
            )
        value = self.spec.classes.get(name)
        if value is None:
            raise SchemeError(f"unknown class {{{name}}}", self.spec.path)
        items: list[str] = []
        if isinstance(value, tuple):
            items.extend(value)
        else:
            pos = 0
            for ref in _CLASS_REF.finditer(value):
                items.extend(value[pos : ref.start()])
                items.extend(self.members(ref.group(1), (*stack, name)))
                pos = ref.end()
            items.extend(value[pos:])
        cased: list[str] = []
        for item in items:
            for variant in (item, item.lower(), item.upper(), _title(item)):
                if variant not in cased and (len(variant) == len(item) or len(item) > 1):
                    cased.append(variant)
        self._members[name] = cased
        return cased

    def fragment(self, name: str) -> str:
        if name in self._fragments:
            return self._fragments[name]
        if name == "letter" and "letter" not in self.spec.classes:
            return _BUILTIN_LETTER
        members = self.members(name)
        singles = sorted({m for m in members if len(m) == 1})
        multis = sorted({m for m in members if len(m) > 1}, key=lambda m: (-len(m), m))
        parts = [re.escape(m) for m in multis]
        if singles:
            parts.append("[" + "".join(re.escape(ch) for ch in singles) + "]")
        fragment = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        self._fragments[name] = fragment
        return fragment

    def expand(self, pattern: str, line: int | None, what: str) -> str:
        def replace(match: re.Match[str]) -> str:
            try:
                return self.fragment(match.group(1))
            except SchemeError as exc:
                raise SchemeError(f"{what}: {exc.problem}", self.spec.path, line) from None

        return _CLASS_REF.sub(replace, pattern)


_PASSTHROUGH_ERRORS = "steppe_names.translit.passthrough"
_SENTINEL_BYTE = b"\xff"
_SENTINEL = "\uffff"
_foreign = threading.local()


def _collect_foreign(exc: UnicodeError) -> tuple[bytes, int]:
    """Codec error handler: remember characters the table does not know, emit a sentinel."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    _foreign.runs.append(exc.object[exc.start : exc.end])
    return _SENTINEL_BYTE * (exc.end - exc.start), exc.end


codecs.register_error(_PASSTHROUGH_ERRORS, _collect_foreign)


class _Table:
    """The ``str.translate`` stage, run through the C charmap codec when the table fits.

    ``str.translate`` looks every character up through a Python int object; a charmap
    encode (source characters to one byte each) followed by a charmap decode (each byte to
    its output string) does the same in about half the time. Characters that are not in
    the table are collected by an error handler and put back unchanged.
    """

    def __init__(self, table: dict[int, str]) -> None:
        self.table = table
        self._encoding: Any = None
        self._decoding: list[str] = []
        wide = sorted(code for code in table if code >= 128)
        if len(wide) > 127 or any(_SENTINEL in value for value in table.values()):
            return
        encode_chars = [chr(code) for code in range(128)] + ["\ufffe"] * 128
        decoding = [table.get(code, chr(code)) for code in range(128)] + [_SENTINEL] * 128
        for slot, code in enumerate(wide, start=128):
            encode_chars[slot] = chr(code)
            decoding[slot] = table[code]
        self._encoding = codecs.charmap_build("".join(encode_chars))
        self._decoding = decoding

    def __call__(self, text: str) -> str:
        if self._encoding is None or len(text) < 64:
            return text.translate(self.table)
        runs: list[str] = []
        _foreign.runs = runs
        encoded, _ = codecs.charmap_encode(text, _PASSTHROUGH_ERRORS, self._encoding)
        decoded, _ = codecs.charmap_decode(encoded, "strict", self._decoding)
        if not runs:
            return decoded
        foreign = "".join(runs)
        pieces = decoded.split(_SENTINEL)
        out = [pieces[0]]
        for ch, piece in zip(foreign, pieces[1:], strict=True):
            out.append(ch)
            out.append(piece)
        return "".join(out)


# --- patterns that could hang a run -------------------------------------------------------
# Scheme files may hold regular expressions (contexts and post rules). Running them uses the
# fast `re` engine, so each one is vetted when the scheme is compiled: the classic shape of
# catastrophic backtracking (a quantified group that itself ends in an unbounded quantifier,
# "(a+)+", "(?:x*)*") and a repeated group of alternatives ("(a|aa)+") are refused outright,
# and every pattern is then run by the `regex` engine, with a timeout, on inputs built to make
# backtracking explode. (`regex` optimises some shapes `re` does not, hence the static checks:
# the probe alone would not speak for `re`.)
_NESTED_QUANTIFIER = re.compile(r"[+*}]\)[+*{]|[+*}]\)\?[+*{]")
# A repeated group with alternatives ("(a|aa)+", "(?:a|a)*"): its branches may match the same
# text in many ways, which `re` explores one by one.
_REPEATED_ALTERNATION = re.compile(r"\((?:\?:)?[^()]*\|[^()]*\)[+*{]")
_PROBE_TIMEOUT = 0.25  # seconds for all probes of one pattern


def _vet_backtracking(pattern: str, what: str, path: str, line: int | None) -> None:
    """Refuse a pattern that can backtrack catastrophically (see above)."""
    if _NESTED_QUANTIFIER.search(pattern):
        raise SchemeError(f"{what}: nested repetition can backtrack without end; "
                          "rewrite it without a repeated group of repeats", path, line)
    if _REPEATED_ALTERNATION.search(pattern):
        raise SchemeError(f"{what}: a repeated group of alternatives can backtrack without "
                          "end; use a character class or a single repeated branch", path, line)
    if _backtracks(pattern):
        raise SchemeError(f"{what}: the pattern backtracks catastrophically on long input "
                          f"(more than {_PROBE_TIMEOUT}s on a 600-character probe)", path, line)


_PROBES = tuple([ch * 600 + "!" for ch in "aаoоиxhшн1 -"] + ["aаoоиxhшн1 -" * 50 + "\x00"])


@functools.cache
def _backtracks(pattern: str) -> bool:
    import regex

    try:
        compiled = regex.compile(pattern)
    except regex.error:
        return False  # `re` accepted it; the dialects differ on a few exotic constructs
    try:
        for probe in _PROBES:
            compiled.search(probe, timeout=_PROBE_TIMEOUT)
    except TimeoutError:
        return True
    return False


_Alternative = tuple[tuple[int, int, int, int], str, _Emit, tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class _Variant:
    pattern: re.Pattern[str] | None
    emits: tuple[_Emit | None, ...]


class Scheme:
    """A compiled transliteration scheme: call it on a string.

    >>> from steppe_names.translit import get_scheme
    >>> bgn = get_scheme("ru-Cyrl-Latn-bgnpcgn-1947")
    >>> bgn("Щёлково")
    'Shchëlkovo'
    >>> bgn.info.authority
    'BGN/PCGN'
    """

    def __init__(self, spec: SchemeSpec) -> None:
        self.spec = spec
        self.info: SchemeInfo = spec.info
        self.notes: str = spec.notes
        self.samples: tuple[tuple[str, str], ...] = spec.samples
        self.known_failures: tuple[KnownFailure, ...] = spec.known_failures
        self._normalize = spec.normalize
        self._normalize_output = spec.normalize_output
        self._classes = _Classes(spec)
        self._table: dict[int, str] = {}
        self._table_stage = _Table({})
        self._protected = False
        # (priority key, regex body, emit, word_has indices, word_lacks indices)
        self._alternatives: list[_Alternative] = []
        self._word_patterns: list[re.Pattern[str]] = []
        self._word_index: dict[str, int] = {}
        self._variants: dict[tuple[bool, ...], _Variant] = {}
        self._letter_run: re.Pattern[str] | None = None
        self._post: tuple[tuple[re.Pattern[str], str], ...] = ()
        self._build()

    def __repr__(self) -> str:
        return f"<Scheme {self.info.id}>"

    def __call__(self, text: str) -> str:
        """Transliterate ``text``."""
        if self._normalize != "none" and not unicodedata.is_normalized(self._normalize, text):
            text = unicodedata.normalize(self._normalize, text)
        out = self._run_plain(text) if self._letter_run is None else self._run_by_word(text)
        for pattern, replacement in self._post:
            out = pattern.sub(replacement, out)
        if self._normalize_output != "none":
            out = unicodedata.normalize(self._normalize_output, out)
        return out

    # -- compilation ---------------------------------------------------------------

    def _build(self) -> None:
        spec = self.spec
        rules = sorted(
            spec.rules,
            key=lambda r: (
                -len(r.source),
                0 if r.exact_case else 1,
                0 if r.has_conditions else 1,
                r.index,
            ),
        )
        # Exact, unconditional single characters: always win for that exact character.
        claimed: set[str] = set()
        for rule in rules:
            if len(rule.source) == 1 and rule.exact_case and not rule.has_conditions:
                self._table[ord(rule.source)] = rule.target
                claimed.add(rule.source)
        for rule in rules:
            emit = _make_emit(rule)
            if len(rule.source) == 1 and not rule.has_conditions:
                if rule.exact_case:
                    continue
                ch = rule.source
                if ch in claimed:
                    continue
                if not _is_cased(ch) and emit.cased:
                    # A caseless sign (ʹ, ’) with a cased target is capitalised between
                    # two capitals; syllabaries (category Lo: kana, Mongolian) are not.
                    self._table[ord(ch)] = rule.target
                    upper = _uppercase_class()
                    capital = replace(emit, target=emit.upper, auto=False)
                    self._add_alternative(
                        rule, capital, ch, "", extra=f"(?<={upper}{re.escape(ch)})(?={upper})"
                    )
                    continue
                self._table[ord(ch)] = rule.target
                cap = ch.upper()
                if len(cap) == 1 and cap != ch and cap not in claimed:
                    if emit.ambiguous:
                        self._add_alternative(rule, emit, cap, "")
                    else:
                        self._table[ord(cap)] = emit.upper
                continue
            first = rule.source[0]
            rest = rule.source[1:]
            if rule.exact_case:
                self._add_alternative(rule, emit, first, re.escape(rest))
                continue
            rest_pattern = "".join(
                "[" + re.escape(ch) + re.escape(ch.upper()) + "]"
                if len(ch.upper()) == 1 and ch.upper() != ch
                else re.escape(ch)
                for ch in rest
            )
            for variant in dict.fromkeys((first, first.upper())):
                if len(variant) != 1:
                    continue
                if not rest and variant in claimed:
                    continue
                self._add_alternative(rule, emit, variant, rest_pattern)

        self._alternatives.sort(key=lambda alt: alt[0])
        self._table_stage = _Table(self._table)
        produced = {
            ch for alt in self._alternatives for ch in alt[2].target + alt[2].title + alt[2].upper
        }
        self._protected = not any(ord(ch) in self._table for ch in produced)
        if any(rule.has_word_conditions for rule in rules):
            self._letter_run = re.compile(self._classes.fragment("letter") + "+")
        else:
            self._variants[()] = self._compile_variant(())

        post: list[tuple[re.Pattern[str], str]] = []
        for post_rule in spec.post:
            post.append((self._compile_post(post_rule), post_rule.replace))
        self._post = tuple(post)

    def _add_alternative(
        self, rule: RuleSpec, emit: _Emit, first: str, rest_pattern: str, extra: str = ""
    ) -> None:
        source_pattern = re.escape(first) + rest_pattern
        what = f"rule for {rule.source!r}"
        parts = [source_pattern]
        if extra:
            parts.append(extra)

        def behind(pattern: str, negative: bool, key: str) -> str:
            expanded = self._check_pattern(pattern, rule, key)
            body = f"(?:{expanded}){source_pattern}"
            look = f"(?<!{body})" if negative else f"(?<={body})"
            try:
                re.compile(look)
            except re.error as exc:
                raise SchemeError(
                    f"{what}: {key} pattern {pattern!r} must have a fixed width ({exc})",
                    self.spec.path,
                    rule.line,
                ) from None
            return look

        if rule.before:
            looks = [behind(p, False, "before") for p in rule.before]
            parts.append(looks[0] if len(looks) == 1 else "(?:" + "|".join(looks) + ")")
        parts.extend(behind(p, True, "not_before") for p in rule.not_before)
        if rule.word_start is not None:
            parts.append(behind("{letter}", rule.word_start, "word_start"))
        if rule.after:
            expanded = [self._check_pattern(p, rule, "after") for p in rule.after]
            parts.append("(?=" + "|".join(f"(?:{p})" for p in expanded) + ")")
        if rule.not_after:
            expanded = [self._check_pattern(p, rule, "not_after") for p in rule.not_after]
            parts.append("(?!" + "|".join(f"(?:{p})" for p in expanded) + ")")
        if rule.word_end is not None:
            letter = self._classes.fragment("letter")
            parts.append(f"(?!{letter})" if rule.word_end else f"(?={letter})")
        has = tuple(self._word_condition(p, rule, "word_has") for p in rule.word_has)
        lacks = tuple(self._word_condition(p, rule, "word_lacks") for p in rule.word_lacks)
        key = (
            -len(rule.source),
            0 if rule.exact_case else 1,
            0 if rule.has_conditions else 1,
            rule.index,
        )
        self._alternatives.append((key, "".join(parts), emit, has, lacks))

    def _check_pattern(self, pattern: str, rule: RuleSpec, key: str) -> str:
        what = f"rule for {rule.source!r}"
        # Contexts ignore case, like classes: a context "с" also matches "С".
        expanded = "(?i:" + self._classes.expand(pattern, rule.line, what) + ")"
        try:
            compiled = re.compile(expanded)
        except re.error as exc:
            raise SchemeError(
                f"{what}: bad {key} pattern {pattern!r}: {exc}", self.spec.path, rule.line
            ) from None
        if compiled.groups:
            raise SchemeError(
                f"{what}: {key} pattern {pattern!r} has a capturing group; write (?:...)",
                self.spec.path,
                rule.line,
            )
        _vet_backtracking(expanded, f"{what}: {key} pattern {pattern!r}", self.spec.path,
                          rule.line)
        return expanded

    def _word_condition(self, pattern: str, rule: RuleSpec, key: str) -> int:
        expanded = self._check_pattern(pattern, rule, key)
        if expanded not in self._word_index:
            self._word_index[expanded] = len(self._word_patterns)
            self._word_patterns.append(re.compile(expanded))
        return self._word_index[expanded]

    def _compile_post(self, rule: PostRule) -> re.Pattern[str]:
        expanded = self._classes.expand(rule.pattern, rule.line, "post rule")
        try:
            compiled = re.compile(expanded)
            compiled.sub(rule.replace, "")
        except (re.error, IndexError) as exc:
            raise SchemeError(
                f"post rule {rule.pattern!r}: {exc}", self.spec.path, rule.line
            ) from None
        _vet_backtracking(expanded, f"post rule {rule.pattern!r}", self.spec.path, rule.line)
        return compiled

    def _compile_variant(self, flags: tuple[bool, ...]) -> _Variant:
        pieces: list[str] = []
        emits: list[_Emit | None] = [None]
        for _key, body, emit, has, lacks in self._alternatives:
            if has and not any(flags[i] for i in has):
                continue
            if any(flags[i] for i in lacks):
                continue
            pieces.append(body + "()")
            emits.append(emit)
        if not pieces:
            return _Variant(None, tuple(emits))
        try:
            pattern = re.compile("|".join(pieces))
        except re.error as exc:  # pragma: no cover - every piece was checked on its own
            raise SchemeError(f"cannot compile the rules: {exc}", self.spec.path) from None
        return _Variant(pattern, tuple(emits))

    def _variant_for(self, word: str) -> _Variant:
        flags = tuple(bool(p.search(word)) for p in self._word_patterns)
        variant = self._variants.get(flags)
        if variant is None:
            variant = self._compile_variant(flags)
            self._variants[flags] = variant
        return variant

    # -- running ---------------------------------------------------------------------

    @staticmethod
    def _emit_text(emit: _Emit, matched: str, text: str, start: int, end: int) -> str:
        if not emit.auto:
            return emit.target
        form = _case_form(matched)
        if form == _LOWER:
            return emit.target
        if form == _UNCASED:
            # A caseless source (ʹ, ·) between two capitals is part of an all-caps word.
            if (
                emit.cased
                and start > 0
                and end < len(text)
                and text[start - 1].isupper()
                and text[end].isupper()
            ):
                return emit.upper
            return emit.target
        if form == _TITLE:
            return emit.title
        if form == _UPPER or not emit.ambiguous:
            return emit.upper
        return emit.upper if _neighbours_upper(text, start, end) else emit.title

    def _run_plain(self, text: str) -> str:
        variant = self._variants[()]
        if variant.pattern is None:
            return self._table_stage(text)
        if self._protected:
            # Rule outputs never contain table keys: substitute first, translate once.
            return self._table_stage(variant.pattern.sub(self._replacer(variant), text))
        return self._run_gaps(text)

    def _replacer(self, variant: _Variant) -> Callable[[re.Match[str]], str]:
        emits = variant.emits
        emit_text = self._emit_text
        # Per alternative: matched text -> output, for outputs that do not depend on the
        # neighbours (the common case); a handful of entries each.
        caches: list[dict[str, str]] = [{} for _ in emits]
        # Matched texts that are a lone capital with a multi-letter output (Х -> Kh or KH):
        # only the neighbours decide, so the case analysis is not repeated for them.
        lone_capitals: list[set[str]] = [set() for _ in emits]

        def replace(match: re.Match[str]) -> str:
            index = match.lastindex or 0
            emit = emits[index]
            assert emit is not None
            if not emit.auto:
                return emit.target
            matched = match.group()
            cache = caches[index]
            result = cache.get(matched)
            if result is not None:
                return result
            start, end = match.span()
            if matched in lone_capitals[index]:
                return emit.upper if _neighbours_upper(match.string, start, end) else emit.title
            result = emit_text(emit, matched, match.string, start, end)
            form = _case_form(matched)
            if form == _SINGLE and emit.ambiguous:
                lone_capitals[index].add(matched)
            elif not (form == _UNCASED and emit.cased):
                cache[matched] = result
            return result

        return replace

    def _run_gaps(self, text: str) -> str:
        variant = self._variants[()]
        assert variant.pattern is not None
        table = self._table
        emits = variant.emits
        out: list[str] = []
        append = out.append
        emit_text = self._emit_text
        pos = 0
        for match in variant.pattern.finditer(text):
            start, end = match.span()
            if start > pos:
                append(text[pos:start].translate(table))
            emit = emits[match.lastindex or 0]
            assert emit is not None
            if emit.auto:
                append(emit_text(emit, match.group(), text, start, end))
            else:
                append(emit.target)
            pos = end
        append(text[pos:].translate(table))
        return "".join(out)

    def _segments(self, text: str) -> Iterator[tuple[int, int, _Variant]]:
        assert self._letter_run is not None
        empty = self._variant_for("")
        pos = 0
        for word in self._letter_run.finditer(text):
            start, end = word.span()
            if start > pos:
                yield pos, start, empty
            yield start, end, self._variant_for(word.group())
            pos = end
        if pos < len(text):
            yield pos, len(text), empty

    def _run_by_word(self, text: str) -> str:
        table = self._table
        out: list[str] = []
        append = out.append
        emit_text = self._emit_text
        pos = 0
        length = len(text)
        for _seg_start, seg_end, variant in self._segments(text):
            if pos >= seg_end:
                continue
            if variant.pattern is None:
                append(text[pos:seg_end].translate(table))
                pos = seg_end
                continue
            emits = variant.emits
            for match in variant.pattern.finditer(
                text, pos, min(length, seg_end + _WORD_LOOKAHEAD)
            ):
                start, end = match.span()
                if start >= seg_end:
                    break
                if start > pos:
                    append(text[pos:start].translate(table))
                emit = emits[match.lastindex or 0]
                assert emit is not None
                append(emit_text(emit, match.group(), text, start, end))
                pos = end
            if pos < seg_end:
                append(text[pos:seg_end].translate(table))
                pos = seg_end
        return "".join(out)


def compile_scheme(spec: SchemeSpec) -> Scheme:
    """Compile one direction of a validated scheme."""
    return Scheme(spec)
