"""The scan: one pass of an Index's automaton over a text, yielding Mentions.

1. The text is folded and its word starts and ends marked (`folding.marked`: one code
   point for one code point, so offsets never move), as the keys were.
2. The automaton (`automaton.Automaton`; offsets in UTF-16 units) reports every key
   occurrence, overlapping ones included, and the characters that make NFC differ or that
   one-pass marking may get wrong (decomposed accents, cased non-letters such as ⅻ); each
   line holding one is scanned again on its own, composed around them (with a map back to
   the original offsets) and marked in two steps. Names never span a newline, so the other
   lines keep their mentions.
3. Each occurrence must pass the boundary rule of the script at each edge (`scripts.edge_ok`)
   and the capitalisation its form demands.
4. Of the valid occurrences, the leftmost-longest non-overlapping ones win. (Leftmost-longest
   *before* the boundary check would be wrong: when the longest candidate fails its boundary
   test, the shorter valid one must still be found.)
5. A blocking form (a demonym, a listed non-mention) consumes its span and yields nothing;
   a key shared by several entries is resolved by the document's language, the entries'
   priority and the terms' status, and the mention says it was ambiguous.
6. A name inside a web or e-mail address or a handle (https://…/wiki/Ulaanbaatar,
   press@mongolia.gov, @KhalkhinGol) is part of it, not a mention: rewriting it would break
   the address (`_in_address`, asked only of a name next to an address character). A
   person's name alone right after an initial is another person's (Д.Баттулга, the
   wrestler; the president is Х.Баттулга, which his initials form matches whole): not a
   mention. (A stream sees one character before its block: an address that crosses a
   block's start is not seen there; nor is a fuzzy match checked.)
"""

from __future__ import annotations

import bisect
import gc
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from itertools import repeat
from typing import TYPE_CHECKING, Any, TypeAlias

import regex

from steppe_names._data import rule_table as data_table
from steppe_names.diskcache import bmp_table
from steppe_names.folding import (
    ASTRAL,
    code_points,
    expect,
    ignorables,
    marked,
    nfc_triggers,
    use_vector,
    utf16_units,
    vector_on,
)
from steppe_names.index import fits_case
from steppe_names.model import Mention, checked_language, checked_text
from steppe_names.scripts import (
    EDGE_WORD,
    edge_refusals,
    is_katakana,
    is_mark,
    is_word_letter,
)
from steppe_names.skeleton import min_length as min_skeleton_length
from steppe_names.skeleton import skeleton

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from steppe_names.index import Candidate, Index

_STATUS_RANK = {"preferred": 0, "admitted": 1, "deprecated": 2}
_CLUSTER = regex.compile(r"\P{M}\p{M}*|\p{M}+")
_KANA_KANJI = regex.compile(r"[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]")
_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
_LATIN = regex.compile(r"\p{Script=Latin}")
_MONGOLIAN_CYRILLIC = regex.compile(r"[өүӨҮ]")


def guess_language(text: str) -> str:
    """A cheap guess at the language of a document, used only to resolve ambiguous names.

    >>> guess_language("Улаанбаатар хотод өнөөдөр"), guess_language("в Улан-Баторе")
    ('mn', 'ru')
    >>> guess_language("ウランバートルで会談"), guess_language("in Ulan Bator")
    ('ja', 'en')
    """
    sample = text[:20000]
    japanese = len(_KANA_KANJI.findall(sample))
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if japanese and japanese * 2 >= cyrillic + latin:
        return "ja"
    if cyrillic > latin:
        return "mn" if _MONGOLIAN_CYRILLIC.search(sample) else "ru"
    return "en"


def _compose(text: str) -> tuple[str, list[int]]:
    """NFC-compose `text` and drop its ignorable characters (`folding.ignorables`); return
    it with, for each of its code points, the original offset (plus one final entry: the
    original length)."""
    out: list[str] = []
    origin: list[int] = []
    ignorable = ignorables()
    for match in _CLUSTER.finditer(text):
        composed = unicodedata.normalize("NFC", match.group())
        if not ignorable.isdisjoint(composed):
            composed = "".join(ch for ch in composed if ch not in ignorable)
        out.append(composed)
        origin.extend([match.start()] * len(composed))
    origin.append(len(text))
    return "".join(out), origin


class _Origin:
    """Offsets in a text composed around a few places, mapped back to the original: outside
    the composed regions the two differ by a constant, inside them by a small table."""

    def __init__(self) -> None:
        self.starts: list[int] = []  # where each region starts in the composed text
        self.regions: list[tuple[int, int, int, list[int]]] = []  # c_end, o_start, o_end, table

    def add(self, c_start: int, o_start: int, table: list[int]) -> None:
        self.starts.append(c_start)
        self.regions.append((c_start + len(table) - 1, o_start, o_start + table[-1], table))

    def __getitem__(self, i: int) -> int:
        k = bisect.bisect_right(self.starts, i) - 1
        if k < 0:
            return i
        c_end, o_start, o_end, table = self.regions[k]
        if i < c_end:
            return o_start + table[i - self.starts[k]]
        return o_end + (i - c_end)


def _compose_around(text: str, places: list[int]) -> tuple[str, _Origin] | None:
    """Compose `text` (NFC) around `places`, the characters that may compose with the ones
    before them or that matching looks through (`_compose`): from the starter before each to
    the end of the marks after it. None when that changes nothing."""
    invisible = ignorables()
    triggers = nfc_triggers() | invisible
    combining = unicodedata.combining
    pieces: list[str] = []
    origin = _Origin()
    done = 0  # original offset copied so far
    seen = 0  # original offset looked at so far (a region that NFC leaves as it is: skipped)
    shift = 0  # composed length minus original length so far
    changed = False
    for place in sorted(places):
        if place < seen:
            continue  # (in a region already looked at: a run of 100,000 marks was quadratic)
        start = place
        while start > done and (combining(text[start]) or text[start] in triggers):
            start -= 1
        end = place + 1
        while end < len(text) and (combining(text[end]) or text[end] in triggers):
            end += 1
        region = text[start:end]
        if (len(region) > 1 and invisible.issuperset(region[1:])
                and region[0] not in triggers and not combining(region[0])):
            # a character and the invisible ones after it (a soft hyphen in a word): nothing
            # composes, they go (~8x quicker than composing, for a text that has one a word)
            composed, table = region[0], [0, len(region)]
        else:
            composed, table = _compose(region)
            if composed == region:
                seen = end
                continue
        changed = True
        pieces.append(text[done:start])
        origin.add(start + shift, start, table)
        pieces.append(composed)
        shift += len(composed) - (end - start)
        done = seen = end
    if not changed:
        return None
    pieces.append(text[done:])
    return "".join(pieces), origin


class _Language:
    """The language that resolves ambiguous names when the caller gave none, guessed when
    first needed: from the whole text, or, when the text is documents joined by newlines
    (`starts`: where each begins), from the document that holds the name."""

    __slots__ = ("guesses", "starts", "text")

    def __init__(self, text: str, starts: list[int] | None) -> None:
        self.text = text
        self.starts = starts
        self.guesses: dict[int, str] = {}

    def at(self, position: int) -> str:
        k = bisect.bisect_right(self.starts, position) - 1 if self.starts else 0
        known = self.guesses.get(k)
        if known is None:
            if self.starts:
                end = self.starts[k + 1] - 1 if k + 1 < len(self.starts) else len(self.text)
                known = guess_language(self.text[self.starts[k]:end])
            else:
                known = guess_language(self.text)
            self.guesses[k] = known
        return known


def prepare(index: Index, fuzzy: bool = True, share: int | None = None) -> None:
    """Load now, in this process, what scanning long texts with `index` uses: the automaton
    (deserialized: ~0.1 s and 41 MiB at 10k entries, ~0.7 s and 408 MiB at 100k), the fuzzy
    pass's head words, and NumPy's tables if the scan will take NumPy. A parallel route calls
    this before it forks its workers, which then share all of it instead of each loading its
    own copy. `share`: the bytes each worker is to scan, when known: NumPy (~0.06 s to load)
    is loaded if it pays on that much (`folding.expect`); else each worker decides as it
    goes, as one process does."""
    _ = index.matcher
    if fuzzy:
        _ = index.skeleton_heads
    if share is not None:
        expect(share)
    if vector_on():
        use_vector()
        _ = index.key_tables
        index.matcher.forms()
        index.matcher.forms_be()
        edge_refusals()
        _upper()
        _latin_kinds()


def scan(index: Index, text: str, lang: str | None = None, *, fuzzy: bool = True,
         min_start: int = 0, offset: int = 0, starts: list[int] | None = None) -> list[Mention]:
    """Every mention of an entry of `index` in `text`, in order, not overlapping.

    With `fuzzy`, capitalised Latin names that no form spells exactly are looked up by their
    skeleton key (`skeleton.py`) in the gaps between exact mentions (how="fuzzy").
    `min_start` ignores anything starting before it: the text before is context only (the
    streaming scan keeps one character of the previous block for the boundary rule).
    `offset` is added to every mention's start and end (the text's place in a stream).
    `starts`: the text is documents joined by newlines, beginning at these offsets (the
    first 0). A name never spans a newline, so each document gets the mentions it would get
    alone; with `lang` None, an ambiguous name is resolved by the language of its own
    document, as it would be alone.
    """
    checked_text(text)
    checked_language(lang)
    if not text or not index.key_count:
        return []
    # The scan makes tens of thousands of small tuples per MB and no reference cycles; with
    # the collector on, each 700 of them start a collection that walks the caller's objects
    # too (a third of the time on 20 MB with a 10k glossary loaded). So it is off while one
    # text is scanned (at most a block of a stream: memory stays bounded), unless the caller
    # turned it off already.
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        return _scan(index, text, lang if lang is not None else _Language(text, starts), fuzzy,
                     min_start, offset)
    finally:
        if collecting:
            gc.enable()


# Where an address ends on either side: spaces, and the quotes, brackets and CJK punctuation
# that enclose one or follow it (an IRI may hold Japanese: …/wiki/ノモンハン事件。).
_ADDRESS_ENDS = frozenset(" \t\n\r\f\v\u00a0\u3000、。，．！？「」『』（）【】〈〉《》"
                          "<>\"'«»“”‘’()[]{}|")
# A name in an address has one of these next to it (…/wiki/X, @X, X.gov, ?q=X, a.html#X); a
# name in prose almost never does, so only those are looked at closely.
_ADDRESS_BEFORE = frozenset("/@.:_=?&%~+-#")
_ADDRESS_AFTER = frozenset("/@_-")
_SENTENCE_END = _ADDRESS_ENDS | {""}  # what follows the "." after a name that ends a sentence
_DOMAIN = regex.compile(r"(?:[\w-]+\.)+\p{Ll}{2,}(?:[/:?#].*)?")  # (putin.рф, x.pdf too)
# A path: from the root, home or here ("/home/Mongolia/x", "~/Tokyo", "./a/Tokyo"), or
# folders and a file name ("data/Tokyo/notes.txt"); "Moscow/Tokyo/Ulaanbaatar" is a list.
_PATH = regex.compile(r"(?:[/~]|\.\.?/).*|.*/.*\.\w{1,5}")
_TRAILING = ",.;:!?"  # punctuation after an address that is the sentence's
# Russian and Mongolian write the names of ships, newspapers, channels, teams, firms and
# brands in quotation marks (крейсер «Москва», телеканал «Россия-1», ФК «Сибирь», напиток
# «Байкал»): a place name that opens what is between the marks is such a title, not the
# place, when all that follows it there is a number or up to two capitalised words
# («Россия-1», «Россия 24», «Байкал-Энергия», «Токио Инн»); a lower-case word is a quoted
# sentence's («Россия готова к диалогу»). (Д. Э. Розенталь, "Справочник по правописанию и
# литературной правке" (2012), §§ 60, 180: names of organisations, publications, products
# in quotes.)
_OPENING_QUOTES = frozenset("«„\"“")
_TITLE_QUOTING = frozenset(("ru", "mn"))
_TITLE_CLOSE = regex.compile(r"(?:[-‐– ](?:\d+|\p{Lu}[\p{L}\d]*)){0,2}[»“”\"]")
# A Japanese name and the first kanji of the next word (日本国 + 内): a block that lets a
# shorter reading from the same start (日本) be a mention (compile._japanese)
_BOUND_HEAD = "bound-head:"
# A Cyrillic capital initial written onto the name, as Mongolian copy writes a patronymic's
# (Д.Баттулга), after a space, a bracket or the text's start: not "т.е.", "г.", "U.S.", "S. Abe".
_INITIALS_BEFORE = regex.compile(r"(?:^|[\s(«\"“])(?:[А-ЯЁӨҮ]\.){1,2}$")


def _in_address(text: str, start: int, end: int) -> bool:
    """Is text[start:end] inside a web or e-mail address or a handle: the run around it up
    to `_ADDRESS_ENDS` holds "://", "www.", an "@" with something after it, or is a domain
    name (mongolia.gov.mn)?"""
    while start > 0 and text[start - 1] not in _ADDRESS_ENDS:
        start -= 1
    while end < len(text) and text[end] not in _ADDRESS_ENDS:
        end += 1
    run = text[start:end].rstrip(_TRAILING)  # (the sentence's: "see putin.ru, or")
    at = run.find("@")
    return ("://" in run or "www." in run or 0 <= at < len(run) - 1
            or _DOMAIN.fullmatch(run) is not None or _PATH.fullmatch(run) is not None)


def _scan(index: Index, text: str, lang: str | _Language, fuzzy: bool, min_start: int,
          offset: int, *, careful: list[int] | None = None) -> list[Mention]:
    """`scan`. The first pass marks the text in one step and does not compose; the automaton
    also reports the characters that may make NFC differ and the cased non-letters that
    one-step marking may get wrong (rules/folding.toml [nfc], [marking]). The lines that hold
    one are scanned again, on their own, the careful way (`careful`: the places of those
    characters in `text`, which is then one such line): composed around those places, and
    marked in two steps. A name never spans a newline, so the other lines keep
    the first pass's mentions: one stray accent costs a line, not the whole text."""
    origin: _Origin | None = None
    work = text
    # The automaton gives offsets in UTF-16 units: code points, except after characters
    # beyond the BMP (two units each; counted below). Lone surrogates (text decoded with
    # surrogateescape) pass as one unit each.
    if careful is not None:
        composed = _compose_around(text, careful)
        if composed is not None:
            work, origin = composed
        units = None
    else:
        units = utf16_units(work)  # None for a short text, or a letter beyond the BMP
    matcher = index.matcher
    done = marked(work, units, exact=careful is not None,
                  forms=matcher.forms if units is not None else matcher.forms_be)
    if units is not None:  # a long text: NumPy tests the edges and capitals
        assert not isinstance(done, str)
        valid, places = _valid_matches(index, matcher.find_codes(done), work, units,
                                       min_start)
    else:
        if isinstance(done, str):
            found = matcher.find_str(done)
            astral = bool(found) and ASTRAL.search(work) is not None
        else:
            found = matcher.find_codes_list(done)
            astral = len(done) != len(work)  # (folding and marking keep each character's plane)
        valid, places = _valid_in_python(index, found, work, min_start, careful, astral)
    lines: list[tuple[int, int, list[int]]] = []  # the lines that ask for care (first pass)
    if places:
        lines = _lines_around(text, places)
        if _mostly(lines, len(text)):  # a decomposed text: one careful scan of it all
            return _scan(index, text, lang, fuzzy, min_start, offset,
                         careful=[start + p for start, _end, here in lines for p in here])
    valid.sort()  # leftmost first, then longest (no two share start, end and key)
    mentions: list[Mention] = []
    ids = index.ids
    canonicals = index.canonicals
    covered: list[tuple[int, int]] = []  # every chosen span, non-mentions included
    last_end = 0
    cand_start = index.cand_start
    cand_entry = index.cand_entry
    cand_info = index.cand_info
    infos = index.infos
    length = len(text)
    cap = (-1, 0)  # a bound head's start, and where a match from there may end at most
    for start, negative_end, key, some, entry_index, info_index in valid:
        if start < last_end or (start == cap[0] and -negative_end > cap[1]):
            continue
        end = -negative_end
        last_end = end
        covered.append((origin[start], origin[end]) if origin is not None else (start, end))
        ambiguous = False
        alternatives: tuple[str, ...] = ()
        if entry_index < 0 and some is None:
            first = cand_start[key]
            if cand_start[key + 1] == first + 1:
                entry_index = cand_entry[first]
                info_index = cand_info[first]
        if entry_index >= 0:  # one candidate: the usual case
            info = infos[info_index]
        else:
            fitting = some if some is not None else index.candidates(key)
            info = fitting[0].info
        if info.block:  # a blocking form: not a mention
            if info.how.startswith(_BOUND_HEAD):  # 日本国内: not 日本国, but 日本 may be
                covered.pop()
                last_end = start
                cap = (start, start + int(info.how[len(_BOUND_HEAD):]))
            continue
        if entry_index < 0:
            chosen = fitting[0]
            if len(fitting) > 1:
                entries = {c.entry for c in fitting}
                if len(entries) > 1:
                    ambiguous = True
                    chosen = _choose(index, fitting, lang if isinstance(lang, str) else lang.at(
                        origin[start] if origin is not None else start))
                    alternatives = tuple(sorted(ids[e] for e in entries if e != chosen.entry))
                if len(fitting) > len(entries):  # Украины: ru or mn? Урге: dative or loct?
                    where = origin[start] if origin is not None else start
                    chosen = _reading(fitting, chosen, text, where,
                                      lang if isinstance(lang, str) else lang.at(where))
            entry_index = chosen.entry
            info = chosen.info
        if origin is not None:
            o_start, o_end = origin[start], origin[end]
            while o_end > o_start and text[o_end - 1] in _IGNORABLE:
                o_end -= 1  # "Putin\ufeff is": the name, not the invisible character after it
        else:
            o_start, o_end = start, end
        before = text[o_start - 1] if o_start else ""
        after = text[o_end] if o_end < length else ""
        if (before in _ADDRESS_BEFORE or after in _ADDRESS_AFTER or (
                after == "." and text[o_end + 1:o_end + 2] not in _SENTENCE_END)) and (
                _in_address(text, o_start, o_end)):
            continue  # part of a web or e-mail address, a handle or a path
        if info.role == "abbr" and (after.isdigit() or before.isdigit()):
            continue  # a code of letters and digits: UB40 (the band), SCO2, 2UB
        if before in _OPENING_QUOTES and info.lang in _TITLE_QUOTING and _TITLE_CLOSE.match(
                text, o_end):
            continue  # the whole of a title: крейсер «Москва», газета «Байкал», «Россия-1»
        if before == "." and info.how.startswith("name:short") and _INITIALS_BEFORE.search(
                text, max(0, o_start - 6), o_start):
            continue  # a name alone after someone else's initials
        mentions.append(Mention(
            o_start + offset, o_end + offset, text[o_start:o_end], ids[entry_index],
            canonicals[entry_index], info.lang, info.how, info.status, ambiguous, alternatives,
            info.case, info.role))
    if fuzzy and index.skeleton_heads:
        mentions = _with_fuzzy(index, text, mentions, covered, min_start, offset, units)
    if lines:
        return _careful_lines(index, text, mentions, lines, lang, fuzzy, min_start, offset)
    return mentions


# A valid occurrence of a key: start, -end (leftmost, then longest, sorts first), key; the
# candidates that fit the text's capitals (None: all of them); and, when the key has just one
# candidate and all of them fit, its entry and info (`Index.cand_entry`, `cand_info`), found
# by NumPy for all matches at once, else -1 and -1: the scan looks them up.
_Valid: TypeAlias = "tuple[int, int, int, list[Candidate] | None, int, int]"


_LOW_LINE = ord("_")


def emphasised(text: str, start: int, end: int) -> bool:
    """Is text[start:end] in Markdown's emphasis (_Mongolia_): a "_" on each side, and
    beyond each no word letter, mark or ASCII digit? Else a "_" next to it makes it part of
    a word (snake_case, JAPAN_, Russia_\\2020, Ulan_Bator_2020.csv). `_valid_matches` asks
    the same of NumPy, and `api._glues` of a replacement."""
    if start < 1 or end >= len(text) or text[start - 1] != "_" or text[end] != "_":
        return False
    if start >= 2:
        ch = text[start - 2]
        if is_word_letter(ch) or "0" <= ch <= "9":
            return False
    if end + 1 < len(text):
        ch = text[end + 1]
        if is_word_letter(ch) or "0" <= ch <= "9" or is_mark(ch):
            return False
    return True


def _valid_in_python(index: Index, found: list[Any], work: str, min_start: int,
                     careful: list[int] | None, beyond_bmp: bool
                     ) -> tuple[list[_Valid], list[int]]:
    """`_valid_matches` one raw match at a time (`found`: (start, stop, key) in UTF-16
    units), for short texts, texts with a letter beyond the BMP and careful scans
    (`beyond_bmp`: `work` holds characters beyond the BMP)."""
    valid: list[_Valid] = []
    places: list[int] = []
    length = len(work)
    astral: list[int] = []  # unit offsets just past each character beyond the BMP
    if found and beyond_bmp:
        astral = [m.start() + i + 2 for i, m in enumerate(ASTRAL.finditer(work))]
    edges = index.edges
    key_chars = index.key_chars
    rules = index.rules
    rule_table = index.rule_table
    key_count = index.key_count
    for place, end, key in found:
        if key >= key_count:  # a character that may compose, or a cased non-letter
            if careful is None:  # (the careful scan has composed and marks in two steps)
                places.append(place - bisect.bisect_right(astral, place) if astral else place)
            continue
        if astral:
            end -= bisect.bisect_right(astral, end)
        # Boundary rules (scripts.edge_ok), inlined: this loop runs once per raw match.
        # `isalpha()` is a C call; only letters go on to the cached script tests. The right
        # edge first, before anything else is looked up: word-start marking leaves few raw
        # matches that fail on the left, and word-end marking few that are the start of a
        # longer word, but the ones before a mark or "_" still fail on the right.
        if end < length:
            right = edges[2 * key + 1]
            ch = work[end]
            if right == EDGE_WORD:
                if ch.isalpha():  # every letter before U+3005 is a word letter
                    if ch < "\u3005" or is_word_letter(ch):
                        continue
                elif (ch > "\u02ff" and is_word_letter(ch)) or (  # marks
                        ch == "_" and not emphasised(work, end - key_chars[key], end)):
                    continue
            elif ch > "\u02ff" and (is_mark(ch) or (right and is_katakana(ch))):
                continue  # never end inside a grapheme cluster (a mark after kana or kanji)
        start = end - key_chars[key]
        if start < min_start:
            continue
        if start:
            left = edges[2 * key]
            if left:
                ch = work[start - 1]
                if left == EDGE_WORD:
                    if ((ch.isalpha() or ch > "\u02ff") and is_word_letter(ch)) or (
                            ch == "_" and not emphasised(work, start, end)):
                        continue
                elif is_katakana(ch):
                    continue
        rule = rules[key]
        if rule >= 0:  # every candidate of the key asks for the same capitals
            upper_at = rule_table[rule][0]
            if len(upper_at) < 2:  # (the usual rules, inlined)
                if not upper_at or work[start + upper_at[0]].isupper():
                    valid.append((start, -end, key, None, -1, -1))
                continue
        _add_if_fits(index, valid, work, start, end, key)
    return valid, places


def _add_if_fits(index: Index, valid: list[_Valid],
                 work: str, start: int, end: int, key: int) -> None:
    """Add the occurrence of `key` at `start`:`end` of `work` to `valid` if the text has the
    capitals its form asks for: the key's rule, or (-1) each candidate's own."""
    rule = index.rules[key]
    if rule >= 0:
        upper_at, upper_all = index.rule_table[rule]
        if fits_case(upper_at, upper_all, work, start):
            valid.append((start, -end, key, None, -1, -1))
        return
    fitting = [c for c in index.candidates(key) if c.fits_case(work, start)]
    if fitting:
        valid.append((start, -end, key, fitting, -1, -1))


def _valid_matches(index: Index, found: npt.NDArray[np.int64], work: str,
                   units: npt.NDArray[np.uint16],
                   min_start: int) -> tuple[list[_Valid],
                                            list[int]]:
    """The valid occurrences among the automaton's raw matches `found` (rows of start, stop,
    key in UTF-16 units: `Automaton.find_codes`), found with NumPy (`units`:
    `folding.utf16_units(work)`): (start, -end, key, None or the candidates that fit) in
    code points, unsorted, and the places of the characters that ask for a careful look.
    The same as `_valid_in_python` (a test checks).

    The loop costs ~0.5 us a raw match, more with a large glossary, whose per-key arrays
    miss the cache at every lookup; many raw matches fail (3,700 per MB with 100k entries,
    of which ~2,000 are valid; 17,000 before word ends were marked too: short names that
    begin longer words, "Mini" in "Ministry").
    Here the edges (`scripts.edge_refusals`) and the capitals (`Index.key_tables`) are
    tested for all at once (~0.15 us each); only keys whose candidates differ in capitals
    and long capitals rules are left to Python."""
    import numpy as np

    if not len(found):
        return [], []
    starts = found[:, 0]  # in UTF-16 units, as the tests read the text
    ends = found[:, 1]
    keys = found[:, 2]
    # in code points, as the mentions give them (the same arrays for a text of the BMP)
    cp_starts, cp_ends = code_points(units, len(work), starts, ends)
    places: list[int] = []
    triggers = keys >= index.key_count  # a character that may compose, or a cased non-letter
    ok = ~triggers
    if triggers.any():
        places = cp_starts[triggers].tolist()
    # the boundary rule at each edge (`scripts.edge_ok`); the text's edges take anything
    tables = index.key_tables
    refusals = edge_refusals()
    length = len(units)
    edges = np.take(tables.edges, keys, mode="clip")  # (the triggers' are dropped already)
    after = np.take(units, np.minimum(ends, length - 1))
    before = np.take(units, np.maximum(starts - 1, 0))
    refused_after = (np.take(refusals, after) >> (2 * (edges >> 8) + 1)) & 1
    refused_before = (np.take(refusals, before) >> (2 * (edges & 0xFF))) & 1
    low = ((after == _LOW_LINE) & (before == _LOW_LINE) & (starts > 0) & (ends < length)
           & (edges >> 8 == EDGE_WORD) & (edges & 0xFF == EDGE_WORD))  # (`emphasised`)
    if low.any():
        def free(beyond: npt.NDArray[np.uint16], after: int) -> npt.NDArray[np.bool_]:
            # no word letter (nor, after, a mark) and no ASCII digit beyond the low line
            word = (np.take(refusals, beyond) >> (2 * EDGE_WORD + after)) & 1
            found: npt.NDArray[np.bool_] = (word == 0) & ((beyond < 0x30) | (beyond > 0x39))
            return found

        low &= free(np.take(units, np.minimum(ends + 1, length - 1)), 1) | (ends + 1 >= length)
        low &= free(np.take(units, np.maximum(starts - 2, 0)), 0) | (starts < 2)
        refused_after = np.where(low, 0, refused_after)
        refused_before = np.where(low, 0, refused_before)
    ok &= (refused_after == 0) | (ends >= length)
    ok &= (refused_before == 0) | (starts == 0)
    ok &= cp_starts >= min_start
    starts, ends, keys = starts[ok], ends[ok], keys[ok]
    # the capitals (`index.fits_case`): any or all of the rule's places must be capitals
    rules = np.take(tables.rules, keys)
    python = rules < 0
    rules = np.maximum(rules, 0)
    python |= np.take(tables.python, rules)
    positions = np.take(tables.positions, rules, axis=0)
    needed = positions >= 0
    upper = np.take(_upper(), np.take(units, np.minimum(
        starts[:, None] + np.maximum(positions, 0), length - 1)))
    fits = np.where(np.take(tables.every, rules), (upper | ~needed).all(axis=1),
                    (upper & needed).any(axis=1) | ~needed.any(axis=1))
    if length != len(work):  # a key holding characters beyond the BMP: its capitals moved
        python |= ends - starts != np.take(tables.chars, keys)
    starts, ends = cp_starts[ok], cp_ends[ok]
    chosen = fits & ~python
    # the candidate of a key that has one (as the scan would look it up a match at a time:
    # at 100k entries each lookup missed the cache, +0.8 us a mention against 1k entries)
    keys_chosen = keys[chosen]
    first = np.take(tables.cand_start, keys_chosen)
    single = np.take(tables.cand_start, keys_chosen + 1) - first == 1
    entries = np.where(single, np.take(tables.cand_entry, first, mode="clip").astype(np.int64),
                       -1)
    infos = np.where(single, np.take(tables.cand_info, first, mode="clip").astype(np.int64), -1)
    valid: list[_Valid] = list(zip(
        starts[chosen].tolist(), (-ends[chosen]).tolist(), keys_chosen.tolist(),
        repeat(None, len(keys_chosen)), entries.tolist(), infos.tolist(), strict=True))
    if python.any():
        for start, end, key in zip(starts[python].tolist(), ends[python].tolist(),
                                   keys[python].tolist(), strict=True):
            _add_if_fits(index, valid, work, start, end, key)
    return valid, places


@cache
def _upper() -> npt.NDArray[np.bool_]:
    """`str.isupper()` of every BMP code point, as a NumPy table (~6 ms to make; kept in the
    cache folder)."""
    import numpy as np

    return bmp_table("upper", lambda: np.fromiter(
        (chr(c).isupper() for c in range(0x10000)), dtype=bool, count=0x10000),
        np.bool_, (0x10000,))


def _lines_around(text: str, places: list[int]) -> list[tuple[int, int, list[int]]]:
    """The lines of `text` that hold `places`: (start, end after its newline, the places in
    it relative to its start), in order."""
    lines: list[tuple[int, int, list[int]]] = []
    for place in sorted(places):
        if lines and place < lines[-1][1]:
            lines[-1][2].append(place - lines[-1][0])  # the line is there already
            continue
        start = text.rfind("\n", 0, place) + 1
        end = text.find("\n", place) + 1 or len(text)
        lines.append((start, end, [place - start]))
    return lines


# A careful scan of one short line costs about what the first pass spends on a thousand
# characters (~100 us against ~25 characters per us, measured on lines with five names each).
_CAREFUL_LINE = 1000


def _mostly(lines: list[tuple[int, int, list[int]]], length: int) -> bool:
    """Would scanning these lines one by one cost more than scanning the whole text again?"""
    return sum(end - start for start, end, _here in lines) + _CAREFUL_LINE * len(lines) > length


def _careful_lines(index: Index, text: str, mentions: list[Mention],
                   lines: list[tuple[int, int, list[int]]], lang: str | _Language, fuzzy: bool,
                   min_start: int, offset: int) -> list[Mention]:
    """The first pass's `mentions`, with those of `lines` (`_lines_around`) replaced by a
    careful scan of each line (see `_scan`). Every line resolves ambiguous names by the
    language the first pass uses there (of the whole text, or of the line's document)."""
    starts = [mention.start - offset for mention in mentions]  # in order, as the lines
    result: list[Mention] = []
    done = 0  # the mentions before this one are placed
    for start, end, here in lines:
        first = bisect.bisect_left(starts, start, done)
        result += mentions[done:first]
        result += _scan(index, text[start:end], lang if isinstance(lang, str) else lang.at(start),
                        fuzzy, max(min_start - start, 0), offset + start, careful=here)
        done = bisect.bisect_left(starts, end, first)  # (no name spans the line's newline)
    result += mentions[done:]
    return result


def _latin_chars(predicate: Callable[[str], bool]) -> list[str]:
    ranges = [(0x41, 0x24F), (0x1E00, 0x1EFF)]
    return [chr(c) for lo, hi in ranges for c in range(lo, hi + 1) if predicate(chr(c))]


def _invisible() -> frozenset[str]:
    return ignorables()  # (a function: mypy cannot type the cached one at module level)


_IGNORABLE = _invisible()
_UPPER_CHARS = _latin_chars(str.isupper)
# letters, marks, and the invisible characters matching looks through ("x\u00adPutin" is one
# word, as the exact scan reads it, not "Putin" after a break)
_LETTER_CHARS = (_latin_chars(str.isalpha) + [chr(c) for c in range(0x300, 0x370)]
                 + sorted(c for c in _IGNORABLE if ord(c) < 0x10000))
_UPPER = "".join(re.escape(c) for c in _UPPER_CHARS)
_LETTER = "".join(re.escape(c) for c in _LETTER_CHARS)
# Runs of capitalised Latin words joined by a space or hyphen: the places a name may hide.
_CAPITALISED_RUN = re.compile(
    f"(?<![{_LETTER}])[{_UPPER}][{_LETTER}]*(?:[ \\-][{_UPPER}][{_LETTER}]*){{0,4}}")
_WORD = re.compile(f"[{_LETTER}]+")
# The capital comes first so that `re` can skip ahead to candidate characters; the
# look-behind after it checks that the character before the capital is not a letter.
_CAPITALISED_WORD = re.compile(f"[{_UPPER}](?<![{_LETTER}][{_UPPER}])[{_LETTER}]*")


@cache
def _latin_kinds() -> npt.NDArray[np.uint8]:
    """For every BMP code point: 2 for a `_UPPER_CHARS` capital, 1 for another
    `_LETTER_CHARS` letter or mark, 0 otherwise."""
    import numpy as np

    kinds = np.zeros(0x10000, dtype=np.uint8)
    kinds[[ord(c) for c in _LETTER_CHARS]] = 1
    kinds[[ord(c) for c in _UPPER_CHARS]] = 2
    return kinds


def _capitalised_words(text: str, min_start: int,
                       units: npt.NDArray[np.uint16] | None) -> Iterable[tuple[int, int]]:
    """(start, end) of every match of `_CAPITALISED_WORD` in `text` from `min_start` on.

    With `units` (`folding.utf16_units(text)`), NumPy finds them: a capital whose neighbour
    before it is no letter starts a word, which ends where the letters do (~1 ms/MB, against
    ~4 for `re` stepping over the text); the two ways agree (a test checks)."""
    if units is None:
        return ((m.start(), m.end()) for m in _CAPITALISED_WORD.finditer(text, min_start))
    import numpy as np

    kinds = np.take(_latin_kinds(), units)
    letter = kinds != 0
    first = kinds == 2
    first[1:] &= ~letter[:-1]
    starts = np.flatnonzero(first)
    closes = np.flatnonzero(letter[:-1] & ~letter[1:]) + 1  # where a run of letters ends
    ends = np.append(closes, len(units))[np.searchsorted(closes, starts)]
    starts, ends = code_points(units, len(text), starts, ends)
    later = starts >= min_start
    return zip(starts[later].tolist(), ends[later].tolist(), strict=True)


def _with_fuzzy(index: Index, text: str, mentions: list[Mention],
                covered: list[tuple[int, int]], min_start: int = 0, offset: int = 0,
                units: npt.NDArray[np.uint16] | None = None) -> list[Mention]:
    """Add mentions found only through the skeleton key, in the gaps the exact scan left.

    Starts only from capitalised words that no exact match covers and whose skeleton may
    begin a name; then tries the longest run of capitalised words first.
    """
    starts = [span[0] for span in covered]
    found: list[Mention] = []
    minimum = min_skeleton_length()
    heads = index.skeleton_heads
    resume = 0
    for w_start, w_end in _capitalised_words(text, min_start, units):
        if w_start < resume:
            continue
        position = bisect.bisect_right(starts, w_start)
        if position and covered[position - 1][1] > w_start:
            continue  # inside an exact match
        if skeleton(text[w_start:w_end]) not in heads:
            continue
        run = _CAPITALISED_RUN.match(text, w_start)
        if run is None:
            continue
        ends = [w_start + m.end() for m in _WORD.finditer(run.group())]
        for end in reversed(ends):
            if (w_start > 0 and is_word_letter(text[w_start - 1])) or (
                    end < len(text) and is_word_letter(text[end])):
                continue  # glued to letters of another alphabet: not a whole name
            position = bisect.bisect_left(starts, end)
            if position and covered[position - 1][1] > w_start:
                continue  # overlaps an exact match: the exact one stands
            key = skeleton(text[w_start:end])
            if len(key) < minimum:
                continue
            owners = index.skeleton_owners_of(key)
            if not owners:
                continue
            entry_ids = sorted({index.ids[e] for e in owners})
            chosen = min(owners, key=lambda e: (-index.priorities[e], e))
            found.append(Mention(
                start=w_start + offset, end=end + offset, text=text[w_start:end],
                entry_id=index.ids[chosen], canonical=index.canonicals[chosen], lang="en",
                how="fuzzy", status="admitted", ambiguous=len(entry_ids) > 1,
                alternatives=tuple(e for e in entry_ids if e != index.ids[chosen])))
            resume = end
            break
    if not found:
        return mentions
    return sorted(mentions + found, key=lambda m: m.start)


@cache
def _homograph_rules() -> tuple[tuple[str, ...], dict[str, str], int]:
    """The Russian cases a homograph form is read as without a preposition, in order; the
    case each preposition governs; how many words back one is looked for (`rules/ru.toml`:
    homograph_order, [prepositions], preposition_reach)."""
    table = data_table("ru.toml")
    order = tuple(f"ru:{case}" for case in table.get("homograph_order", ()))
    governs = {word: f"ru:{case}" for case, words in table.get("prepositions", {}).items()
               for word in words}
    return order, governs, int(table.get("preposition_reach", 1))


def _reading(fitting: list[Candidate], chosen: Candidate, text: str, start: int,
             doc_lang: str | None) -> Candidate:
    """Which of the chosen entry's inflected readings of one form a mention is: one in the
    document's language (Украины is a Russian and a Mongolian genitive), and of Russian
    cases (Урге: dative and prepositional) the one the word before governs, else the first
    of the homograph order (rules/ru.toml); `chosen` when it has no other reading."""
    same = [c for c in fitting if c.entry == chosen.entry and not c.info.block]
    if len(same) < 2:
        return chosen
    own = [c for c in same if c.info.lang == doc_lang]
    if own:
        same = own
    if chosen not in same:
        chosen = same[0]
    if not chosen.info.case.startswith("ru:"):
        return chosen
    order, governs, reach = _homograph_rules()
    wanted = None
    end = start
    for _word in range(reach):  # back over the words of the phrase, to its preposition
        while end > 0 and text[end - 1] in " \u00a0":
            end -= 1
        begin = end
        while begin > 0 and (text[begin - 1].isalpha() or text[begin - 1] == "-"):
            begin -= 1
        if begin == end:
            break  # punctuation or the text's start: no preposition governs it
        wanted = governs.get(text[begin:end].lower().replace("ё", "е"))
        if wanted:
            break
        end = begin
    for case in (wanted, *order) if wanted else order:
        for candidate in same:
            if candidate.info.case.rstrip("~") == case:  # (~: a case's second form)
                return candidate
    return chosen


def _choose(index: Index, fitting: list[Candidate], doc_lang: str | None) -> Candidate:
    """The candidate an ambiguous form resolves to: a term in the document's language first,
    then the entry's priority, the term's status, and glossary order."""

    def rank(c: Candidate) -> tuple[int, int, int, int]:
        return (0 if c.info.lang == doc_lang else 1, -index.priorities[c.entry],
                _STATUS_RANK.get(c.info.status, 3), c.entry)

    return min((c for c in fitting if not c.info.block), key=rank)
