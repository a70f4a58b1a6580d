"""Folding: make text and glossary forms comparable, one code point for one code point.

Because every code point folds to exactly one code point, an offset into the folded text is
the offset into the original, and mentions never drift.

>>> fold("Khürelsükh’s visit to ＴＯＫＹＯ")
"khurelsukh's visit to tokyo"
>>> fold("Улан–Батор, Королёв")
'улан батор, королев'
>>> len(fold("Straße İzmir")) == len("Straße İzmir")
True
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING

import regex

from steppe_names._data import rule_table
from steppe_names.diskcache import bmp_table

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# Code point ranges whose folding we compute; everything else folds to itself. They cover
# Latin, Greek, Cyrillic (with its supplements), general punctuation and the width forms.
_RANGES = ((0x0000, 0x058F), (0x1C80, 0x1C8F), (0x1D00, 0x1FFF), (0x2000, 0x206F),
           (0x2100, 0x214F), (0x2C60, 0x2C7F), (0x2DE0, 0x2DFF), (0x3000, 0x3000),
           (0xA640, 0xA69F), (0xA720, 0xA7FF), (0xFB00, 0xFB06), (0xFE30, 0xFE6F),
           (0xFF00, 0xFFEF))


def _single(s: str, fallback: str) -> str:
    return s if len(s) == 1 else fallback


def _fold_char(ch: str, strip_scripts: tuple[str, ...], fullwidth: bool) -> str:
    code = ord(ch)
    if fullwidth and 0xFF01 <= code <= 0xFF5E:
        ch = chr(code - 0xFEE0)
    folded = _single(ch.casefold(), _single(ch.lower(), ch))
    name = unicodedata.name(ch, "")
    if name.startswith(strip_scripts):
        decomposed = unicodedata.normalize("NFD", folded)
        base = decomposed[0]
        if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
            folded = _single(base.casefold(), base)
    return folded


@cache
def fold_table() -> dict[int, int]:
    """Every code point whose fold differs from itself (for `str.translate` and for `explain`).

    Built from `rules/folding.toml` over the Latin, Greek, Cyrillic, punctuation and width
    ranges; outside them a code point folds to its simple lower case.
    """
    rules = rule_table("folding.toml")["fold"]
    strip_scripts = tuple(rules.get("strip_marks_scripts", ()))
    fullwidth = bool(rules.get("fullwidth_ascii", False))
    table: dict[int, int] = {}
    for low, high in _RANGES:
        for code in range(low, high + 1):
            ch = chr(code)
            if unicodedata.category(ch) == "Cs":
                continue
            folded = _fold_char(ch, strip_scripts, fullwidth)
            if folded != ch:
                table[code] = ord(folded)
    for target, members in rules.get("classes", {}).items():
        for member in members:
            table[ord(member)] = ord(target)
    for source, target in rules.get("map", {}).items():
        table[ord(source)] = ord(target)
    for code, target in list(table.items()):
        table[code] = table.get(target, target)
    return table


@cache
def _post_lower() -> tuple[re.Pattern[str], dict[str, str]]:
    """What is left to do after `str.lower()`: a sparse map over lower-case code points.

    `lower()` runs in C at memory speed; for every code point but U+0130 (İ, replaced by I
    first) it yields one code point, and `fold(c) == post(lower(c))` (checked in the tests).
    """
    table = fold_table()
    post: dict[str, str] = {}
    for code, target in table.items():
        lowered = chr(code).lower()
        if len(lowered) == 1 and lowered != chr(target):
            post[lowered] = chr(target)
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(post)) + "]")
    return pattern, post


def fold(text: str) -> str:
    """Fold `text` for matching: case, Latin diacritics, ё, dashes, quotes, widths, spaces."""
    if "\u0130" in text:
        text = text.replace("\u0130", "I")
    pattern, post = _post_lower()
    lowered = text.lower()
    return pattern.sub(lambda m: post[m.group()], lowered)


def _code_points(ranges: list[str]) -> list[str]:
    """The characters of a data file's list of hex code points and ranges ("2170-217F")."""
    out: list[str] = []
    for item in ranges:
        low, _, high = item.partition("-")
        out.extend(chr(c) for c in range(int(low, 16), int(high or low, 16) + 1))
    return out


def _char_class(ranges: list[str]) -> str:
    """A data file's list of hex code points and ranges as the inside of a `re` class."""
    out = []
    for item in ranges:
        low, _, high = item.partition("-")
        out.append(re.escape(chr(int(low, 16))) if not high else
                   f"{re.escape(chr(int(low, 16)))}-{re.escape(chr(int(high, 16)))}")
    return "".join(out)


@cache
def _marking_specials() -> tuple[re.Pattern[str], frozenset[str]]:
    """The characters `mark` handles one by one (`rules/folding.toml`, [marking]): a pattern
    that finds them, and the subset after which the next letter still starts a word."""
    table = rule_table("folding.toml")["marking"]
    cased_non_letters = _code_points(table["cased_non_letters"])
    pattern = re.compile("[" + _char_class(table["expanding"])
                         + _char_class(table["cased_non_letters"]) + "]")
    return pattern, frozenset(cased_non_letters)


@cache
def _marking_byte_prefixes() -> dict[bytes, tuple[bytes, ...]]:
    """lead byte -> UTF-8 prefixes of the cased non-letters (see `needs_piecewise_marking`)."""
    table = rule_table("folding.toml")["marking"]
    prefixes: dict[bytes, set[bytes]] = {}
    for ch in _code_points(table["cased_non_letters"]):
        for variant in (ch, ch.title()):  # as folded, and as title() makes it
            encoded = variant.encode("utf-8")
            prefixes.setdefault(encoded[:1], set()).add(encoded[:-1])
    return {lead: tuple(sorted(found)) for lead, found in prefixes.items()}


def needs_piecewise_marking(folded: str, titled: str, utf8: bytes) -> bool:
    """Might `mark(folded)` differ from `titled` (= `folded.title()`, `utf8` its UTF-8)?

    Only where `title()` changed the length (ß, ligatures) or the text holds a cased
    non-letter (ⅻ, ⓐ). The second test looks for their UTF-8 lead bytes first (a memchr at
    memory speed; a regex character class over the text is ten times slower).
    """
    if len(titled) != len(folded):
        return True
    if len(utf8) == len(titled):
        return False  # ASCII
    return any(lead in utf8 and any(prefix in utf8 for prefix in prefixes)
               for lead, prefixes in _marking_byte_prefixes().items())


def mark(folded: str) -> str:
    """Mark word starts and ends in folded text: the first letter of every word becomes a
    capital (`mark_starts`), and its last letter its end form (`mark_ends`).

    Keys and text are marked alike, so a key that starts with a letter only matches where a
    word starts (the automaton skips "ub" inside "public"), and one that ends with a letter
    only where a word ends (it skips "Mini" at the start of "Ministry"). One code point in,
    one out.

    >>> unmark(mark("khalkhin-gol, 1939; улан-батор")) == "khalkhin-gol, 1939; улан-батор"
    True
    >>> [hex(ord(c)) for c in mark("ub, a")]
    ['0x55', '0xe062', '0x2c', '0x20', '0xe041']
    """
    return mark_ends(mark_starts(folded))


_MARK_MANY_VECTOR = 1 << 14  # UTF-16 units from which `mark_many` takes the NumPy way


def mark_many(folded: list[str]) -> list[str]:
    """`mark` of each string, in one call for all that hold no newline (a newline ends and
    starts words as the edges of a text do): the compiler marks a chunk's keys at once.

    >>> mark_many(["ulan bator", "улан-батор"]) == [mark("ulan bator"), mark("улан-батор")]
    True
    """
    if any("\n" in text for text in folded):
        return [mark(text) for text in folded]
    if not folded:
        return []
    joined = "\n".join(folded)
    # many keys (a compiler's chunk, ~2 MB): NumPy's marking of folded text is `mark` of it
    # (folding folded text changes nothing), ~20 times faster than the str way
    units = utf16_units(joined, _MARK_MANY_VECTOR)
    if units is not None:
        done = marked(joined, units)
        assert not isinstance(done, str)
        return done.tobytes().decode("utf-16-le", "surrogatepass").split("\n")
    return mark(joined).split("\n")


def mark_starts(folded: str) -> str:
    """Mark word starts in folded text: the first letter of every word becomes a capital.

    >>> mark_starts("khalkhin-gol, 1939; улан-батор")
    'Khalkhin-Gol, 1939; Улан-Батор'
    >>> mark_starts("straße ⅻkhalkhin")
    'Straße ⅻKhalkhin'
    """
    marked = folded.title()
    pattern, after_boundary = _marking_specials()
    if len(marked) == len(folded) and pattern.search(folded) is None:
        return marked
    # Piecewise: each special character stays as it is; the piece after it is marked as
    # title() would mark it after a letter ("a" + piece), or after a boundary.
    pieces = []
    position = 0
    boundary = True
    for found in pattern.finditer(folded):
        piece = folded[position:found.start()]
        pieces.append(piece.title() if boundary or not piece else ("a" + piece).title()[1:])
        special = found.group()
        pieces.append(special)
        boundary = special in after_boundary
        position = found.end()
    piece = folded[position:]
    pieces.append(piece.title() if boundary or not piece else ("a" + piece).title()[1:])
    return "".join(pieces)


@cache
def _end_marking() -> tuple[regex.Pattern[str], dict[int, int], re.Pattern[str], str]:
    """What `mark_ends` needs (`rules/folding.toml` [marking.ends]): a pattern that finds
    each letter that ends a word (captured), the map of those letters to their end forms, a
    pattern for the private-use characters of a text, and what they become."""
    from steppe_names.scripts import WORD_CONTINUES

    table = rule_table("folding.toml")["marking"]["ends"]
    below = int(table["letters_below"], 16)
    offset = int(table["end_offset"], 16)
    letters = regex.compile(
        rf"([[\p{{Lu}}\p{{Ll}}\p{{Lt}}]&&[\u0000-\u{below - 1:04x}]])(?![{WORD_CONTINUES}])",
        regex.V1)
    spaced = " ".join(map(chr, range(below)))  # each code point before a space: a word end
    ends = {ord(found): ord(found) + offset for found in letters.findall(spaced)}
    private = re.compile(f"[{_char_class(table['private_use'])}]")
    return letters, ends, private, chr(int(table["private_use_to"], 16))


def mark_ends(marked: str) -> str:
    """Mark word ends in start-marked text (`mark_starts`): a cased letter that ends a word
    becomes its end form, a private-use code point (`rules/folding.toml` [marking.ends]). A
    letter ends a word where the next character is no letter or mark of an alphabetic script
    (or where the text ends). The text's own private-use characters become one that is none.

    This is the exact marking, one match a word (~130 ms/MB): long texts are marked with
    NumPy (`marked`), which gives the same.

    >>> [hex(ord(c)) for c in mark_ends("Ulan-Bator")]
    ['0x55', '0x6c', '0x61', '0xe06e', '0x2d', '0x42', '0x61', '0x74', '0x6f', '0xe072']
    """
    letters, ends, private, private_to = _end_marking()
    if private.search(marked) is not None:
        marked = private.sub(private_to, marked)
    pieces = letters.split(marked)
    if len(pieces) == 1:
        return marked
    pieces[1::2] = "".join(pieces[1::2]).translate(ends)
    return "".join(pieces)


@cache
def _unmarked() -> dict[int, int]:
    return {end: code for code, end in _end_marking()[1].items()}


def unmark(marked: str) -> str:
    """A marked key as folded text again (end forms back, capitals lowered; for tools and
    the boundary classes of keys).

    >>> unmark(mark(fold("Улан-Батор")))
    'улан батор'
    """
    return marked.translate(_unmarked()).lower()


@cache
def nfc_triggers() -> frozenset[str]:
    """Characters after which a text may compose differently (`rules/folding.toml` [nfc])."""
    return frozenset(_code_points(rule_table("folding.toml")["nfc"]["triggers"]))


@cache
def ignorables() -> frozenset[str]:
    """Invisible format characters that matching looks through (`rules/folding.toml`
    [ignorable]): soft hyphen, zero-width space and joiners, Mongolian variation selectors."""
    return frozenset(_code_points(rule_table("folding.toml")["ignorable"]["characters"]))


@cache
def _ignorable_pattern() -> re.Pattern[str]:
    return re.compile("[" + _char_class(rule_table("folding.toml")["ignorable"]["characters"])
                      + "]")


def fold_key(text: str) -> str:
    """`fold`, less the ignorable characters: the key a form (or a name looked up) stands
    for. Unlike `fold` it may be shorter than `text`; the scan never folds text this way, it
    looks through those characters itself (`ignorable_patterns`)."""
    return without_ignorables(fold(text))


@cache
def _dashes() -> frozenset[str]:
    """The hyphen and the dashes that fold to it (`rules/folding.toml`, [fold.classes])."""
    classes = rule_table("folding.toml")["fold"].get("classes", {})
    return frozenset(["-", *classes.get("-", ())])


def separators(text: str) -> str:
    """The word separators of `text` in order, each "-" (a hyphen or dash) or " " (a space
    of any width): what `fold` no longer tells apart, for `Normalizer.correction` to see that
    "Улан Батор" is not written as "Улан-Батор".

    >>> separators("Khalkhin-Gol\u00a0River – Улан Батор")
    '-  -  '
    """
    dashes = _dashes()
    table = fold_table()
    return "".join("-" if ch in dashes else " " for ch in text
                   if ch in dashes or ch == " " or table.get(ord(ch)) == 0x20)


def without_ignorables(text: str) -> str:
    """`text` less its ignorable characters (`ignorables`)."""
    return text if text.isascii() else _ignorable_pattern().sub("", text)


def ignorable_patterns() -> list[str]:
    """The ignorable characters as the automaton sees them in marked, folded text, for the
    scan to learn that a line must be scanned again without them."""
    return _as_marked(ignorables())


def _as_marked(characters: Iterable[str]) -> list[str]:
    """`characters` as they look in marked, folded text: at a word start or inside a word,
    at a word end or not."""
    patterns: set[str] = set()
    for ch in characters:
        folded = fold(ch)
        for before in ("", "a"):
            for after in ("", "a"):
                patterns.add(mark(before + folded + after)[len(before):][:len(folded)])
    return sorted(patterns)


def marking_trigger_patterns() -> list[str]:
    """The cased non-letters (`rules/folding.toml` [marking]) as `fold_and_mark(...,
    specials=False)` leaves them in a text (none is an ordinary letter: a test checks), for
    the scan's automaton to report a text that must be marked piecewise."""
    _, table = _post_title()
    patterns: set[str] = set()
    for ch in _code_points(rule_table("folding.toml")["marking"]["cased_non_letters"]):
        for variant in (ch, ch.title(), ch.lower(), ch.upper()):
            if len(variant) == 1:
                patterns.update((variant, table.get(variant, variant)))
    return sorted(patterns)


def nfc_trigger_patterns() -> list[str]:
    """The triggers as the automaton sees them in marked, folded text (each as it looks at a
    word start or inside a word, at a word end or not), for the scan to learn that a text
    needs composing."""
    return _as_marked(nfc_triggers())


@cache
def _post_title() -> tuple[re.Pattern[str], dict[str, str]]:
    """What is left to do after `str.title()` of a text to have `mark(fold(text))`: the
    lower-case map of `fold`, plus each character's title-case form mapped to the marked
    form of its fold (Ü -> U, Ё -> Е, ＴＯ -> To)."""
    _, post = _post_lower()
    table = dict(post)
    extra = _code_points(rule_table("folding.toml")["marking"]["title_differs"])
    for ch in [*map(chr, fold_table()), *extra]:
        if ch == "\u0130":
            continue  # replaced by I first
        titled = ch.title()
        folded = fold(ch)
        wanted = folded.title() if len(folded.title()) == 1 else folded
        if len(titled) == 1 and titled != wanted:
            table[titled] = wanted
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(table)) + "]")
    return pattern, table


def fold_and_mark(text: str, *, specials: bool = True) -> str:
    """`mark(fold(text))`, the scan's view of a text, in one `title()` pass where it can:
    `title()` of the text as written decides word starts by the same property ("cased") that
    folding keeps, and a sparse map then folds what `title()` left. Texts where that is not
    exact (`title()` changes their length, or they hold a cased non-letter) take the two-step
    way. The test suite checks the two agree on every code point, at and after word starts.
    Word ends are marked after (`mark_ends`).

    `specials=False` leaves out the search for cased non-letters (a third of the time on
    non-ASCII text): for a caller that finds them otherwise, as the scan does with its
    automaton (`marking_trigger_patterns`), and then marks the lines that hold one again
    with `mark(fold(line))`.

    >>> unmark(fold_and_mark("Khürelsükh in ＴＯＫＹＯ, улан-БАТОР"))
    'khurelsukh in tokyo, улан батор'
    >>> fold_and_mark("Khürelsükh in ＴＯＫＹＯ") == mark(fold("Khürelsükh in ＴＯＫＹＯ"))
    True
    """
    if "\u0130" in text:
        text = text.replace("\u0130", "I")
    titled = text.title()
    if len(titled) != len(text) or (specials and not titled.isascii() and
                                    needs_piecewise_marking(
                                        titled, titled, titled.encode("utf-8", "surrogatepass"))):
        return mark(fold(text))
    pattern, table = _post_title()
    return mark_ends(pattern.sub(lambda m: table[m.group()], titled))


# The scan's NumPy ways: marking (`marked`) is worth it for any text once NumPy is
# loaded, since the str way marks word ends one word at a time (~165 ms/MB, against ~3.5 for
# NumPy); testing raw matches (`_valid_matches`) for a text of at least VECTOR_MIN code points
# (NumPy costs a microsecond or so an operation). Loading NumPy costs ~0.06 s once per process
# (the import; the tables come from the cache folder in ~7 ms, see `diskcache.bmp_table`,
# made once per machine in ~0.3 s), what the str way loses against it on ~0.4 MB of the
# mixed corpus, ~250,000 code points. So a process loads it once it has scanned that much
# (a long text at once, or a stream, or many documents), or at once if NumPy is imported
# already (by pandas, dask, ...) or `use_vector()` asks for it (the parallel routes do,
# before their workers fork), or `expect()` is told of a large input (the command line, of
# a file). A command on one article never loads it.
VECTOR_MIN = 4096
VECTOR_AFTER = 250_000
_scanned = 0  # code points scanned the str way
# `marked` marks a long text a piece at a time: besides a copy of the text's units with a
# space at each end and the marked units (2 bytes a character each), its temporaries stay at
# ~10 bytes a character of a piece, not of the text.
_VECTOR_PIECE = 1 << 20


def use_vector() -> None:
    """Load NumPy and the marking tables now (a parallel route calls this before forking its
    workers, so that they inherit them)."""
    global _scanned
    _vector_tables()
    _scanned = VECTOR_AFTER


def vector_on() -> bool:
    """Does a long text take the NumPy ways now (NumPy loaded, or imported by the host)?"""
    return _scanned >= VECTOR_AFTER or "numpy" in sys.modules


def expect(utf8_bytes: int) -> None:
    """A caller is about to scan this many bytes of UTF-8 (a file of known size): load NumPy
    now if the str ways would lose more on them than loading costs, instead of after the
    first ~0.4 MB (a character takes 1 to 3 bytes; the mixed corpus ~1.6)."""
    if utf8_bytes >= 1.6 * VECTOR_AFTER:
        use_vector()


@cache
def _vector_tables() -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32],
                              npt.NDArray[np.uint16], npt.NDArray[np.uint16]]:
    """`mark(fold(text))` as three lookups per UTF-16 unit, for `marked` (made by
    `_make_vector_tables`, kept in the cache folder: `diskcache.bmp_table`)."""
    import numpy as np

    return (bmp_table("opens", lambda: _make_vector_tables()[0], np.uint32, (0x10000,)),
            bmp_table("closes", lambda: _make_vector_tables()[1], np.uint32, (0x10000,)),
            bmp_table("forms", lambda: _make_vector_tables()[2], np.uint16, (0x40000,)),
            np.full(1, 0x20, dtype=np.uint16))  # a space, to pad a text with


@cache
def _make_vector_tables() -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32],
                                   npt.NDArray[np.uint16]]:
    """`_vector_tables`, made from `mark` and `fold` (~0.3 s: the str way, once a machine).

    `mark` decides a character's form by two things only: whether the character before it
    leaves a word open (a cased character other than the cased non-letters), and whether the
    one after it continues the word (a letter or mark of an alphabetic script); and `fold`
    maps one character at a time (`lower()`'s final sigma folds like any sigma). So every BMP
    code point gets its form in each of the four contexts: `forms[c]` at a word start,
    `forms[0x10000 + c]` inside a word, and `0x20000` higher where the word ends with it.
    `opens[c]` is 0x10000 when the character after c is inside a word, and `closes[c]` is
    0x20000 when the character before c ends a word (if it is a letter that can). All are
    read off `mark(fold(...))` itself, over every BMP code point in those contexts, so they
    cannot disagree with it. Surrogates stand for themselves, close a word and end one, as
    `title()` and `mark_ends` treat a lone surrogate."""
    import numpy as np

    every = np.arange(0x10000, dtype=np.uint32)
    at = every[(every < 0xD800) | (every >= 0xE000)]  # every code point of the BMP

    def marked(*columns: str | None) -> npt.NDArray[np.uint16]:
        """mark(fold(...)) of every code point in a context: the columns, None standing
        for the code point, as UTF-16 units in rows."""
        rows = np.empty((len(at), len(columns)), dtype=np.uint16)
        for i, column in enumerate(columns):
            rows[:, i] = at if column is None else ord(column)
        text = rows.tobytes().decode("utf-16-le")
        done = np.frombuffer(mark(fold(text)).encode("utf-16-le"), dtype=np.uint16)
        return done.reshape(rows.shape)

    forms = np.concatenate([every.astype(np.uint16)] * 4)
    for context, (before, after) in enumerate(((" ", "a"), ("a", "a"), (" ", " "),
                                               ("a", " "))):
        forms[at + 0x10000 * context] = marked(before, None, after)[:, 1]
    opens = np.zeros(0x10000, dtype=np.uint32)
    opens[at[marked(None, "a", "a")[:, 1] == ord("a")]] = 0x10000
    closes = np.full(0x10000, 0x20000, dtype=np.uint32)
    closes[at[marked("a", "a", None)[:, 1] == ord("a")]] = 0
    return opens, closes, forms


ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # a character beyond the BMP


@cache
def _inert(ch: str) -> bool:
    """Is `ch` (beyond the BMP) one that the NumPy ways may see as the two surrogates it is
    in UTF-16, each a lone surrogate to them: unchanged by folding and marking, ending a word,
    and no letter, mark, katakana or capital to the boundary and capitals rules? Emoji, flags,
    most symbols and Han beyond the BMP (𠮷) are; letters of alphabets (𝐀, 𐐀, 𞤀) are not."""
    from steppe_names.scripts import is_katakana, is_mark, is_word_letter

    return (fold(ch) == ch and mark(ch) == ch and mark(f"a{ch}a") == mark("a a").replace(" ", ch)
            and not (is_word_letter(ch) or is_mark(ch) or is_katakana(ch) or ch.isupper()))


def _units_will_do(text: str, units: int) -> bool:
    """May the NumPy ways take `text`, `units` UTF-16 units long: does it hold no character
    beyond the BMP, or only inert ones (`_inert`)?"""
    return units == len(text) or all(map(_inert, set(ASTRAL.findall(text))))


def utf16_units(text: str, minimum: int | None = None) -> npt.NDArray[np.uint16] | None:
    """`text` as UTF-16 code units in a NumPy array, for the scan's NumPy ways; None when it
    is shorter than `minimum` or, by default, when NumPy is not worth it (see VECTOR_MIN), and
    when it holds a character beyond the BMP that is not inert (`_inert`). An inert one is
    two units (the scan counts them back to code points); lone surrogates are one unit each.
    """
    global _scanned
    if minimum is None:
        if _scanned < VECTOR_AFTER:  # NumPy not loaded yet: is it worth it now?
            _scanned += len(text)
            if not vector_on():
                return None
            use_vector()
        if len(text) < VECTOR_MIN:
            return None
    elif len(text) < minimum:
        return None
    data = text.encode("utf-16-le", "surrogatepass")
    if not _units_will_do(text, len(data) // 2):
        return None
    import numpy as np

    units = np.frombuffer(data, dtype=np.uint16)
    # one high surrogate per character beyond the BMP: no lone one to pair with a lone low one
    if len(units) != len(text) and len(_high_surrogates(units)) != len(units) - len(text):
        return None
    return units


def _high_surrogates(units: npt.NDArray[np.uint16]) -> npt.NDArray[np.int64]:
    """Where the high surrogates are in `units`: one begins each character beyond the BMP."""
    import numpy as np

    return np.flatnonzero((units >= 0xD800) & (units < 0xDC00))


def code_points(units: npt.NDArray[np.uint16], length: int,
                *offsets: npt.NDArray[np.int64]) -> list[npt.NDArray[np.int64]]:
    """Unit `offsets` into `units` (`utf16_units` of a text of `length` code points) as code
    point offsets: less the characters beyond the BMP before each (the same arrays for a
    text without any)."""
    if len(units) == length:
        return list(offsets)
    highs = _high_surrogates(units)
    return [found - highs.searchsorted(found) for found in offsets]


def marking_forms() -> npt.NDArray[np.uint16]:
    """The marked form of every BMP code point in each of the four contexts (see
    `_make_vector_tables`), for a table composed with it (`automaton.Automaton.forms`)."""
    return _vector_tables()[2]


def marked(text: str, units: npt.NDArray[np.uint16] | None = None, *, exact: bool = False,
           forms: Callable[[], npt.NDArray[np.uint16]] | None = None
           ) -> npt.NDArray[np.uint16] | str:
    """`mark(fold(text))`, as the scan reads it: UTF-16 units in a NumPy array, or a str.

    NumPy marks the text with three table lookups per UTF-16 unit (~3.5 ms/MB, against ~11
    for `str.title()` and a map, and ~165 with word ends marked the str way; ~10 us for a
    line of 300 characters): exactly `mark(fold(text))`, cased non-letters and expanding
    characters included. It does with `units` (`utf16_units(text)`), and without them once
    NumPy is loaded (`vector_on`), unless the text holds a letter beyond the BMP (see
    `_inert`). `forms`, when given, returns a table to use instead of `marking_forms()`, one
    composed with it: the array then holds what that table maps the marked units to.
    Otherwise the str way: `fold_and_mark(text, specials=False)`, which leaves the cased
    non-letters for the scan's automaton to report, or with `exact`, `mark(fold(text))`.
    """
    if not text:
        return ""
    if units is None and vector_on():
        # a space on each side: the text's first character starts a word, its last ends one
        data = f" {text} ".encode("utf-16-le", "surrogatepass")
        if _units_will_do(text, len(data) // 2 - 2):
            import numpy as np

            return _marked_padded(np.frombuffer(data, dtype=np.uint16),
                                  forms() if forms else marking_forms())
    if units is None:
        return mark(fold(text)) if exact else fold_and_mark(text, specials=False)
    import numpy as np

    space = _vector_tables()[3]
    return _marked_padded(np.concatenate((space, units, space)),
                          forms() if forms else marking_forms())


def marked_utf16(text: str, units: npt.NDArray[np.uint16] | None = None, *,
                 exact: bool = False) -> bytes:
    """`marked`, in UTF-16-LE (lone surrogates passed through): what the tests compare with
    `mark(fold(text))`.

    >>> marked_utf16("ⅻKhalkhin", utf16_units("ⅻKhalkhin", 0)) == mark(fold("ⅻKhalkhin")).encode(
    ...     "utf-16-le")
    True
    """
    done = marked(text, units, exact=exact)
    return done.encode("utf-16-le", "surrogatepass") if isinstance(done, str) else done.tobytes()


def _marked_padded(padded: npt.NDArray[np.uint16],
                   forms: npt.NDArray[np.uint16]) -> npt.NDArray[np.uint16]:
    """`marked` of the units between the first and the last of `padded` (spaces)."""
    import numpy as np

    opens, closes, _forms, _space = _vector_tables()
    length = len(padded) - 2
    pieces = []
    for at in range(0, length, _VECTOR_PIECE):
        stop = min(at + _VECTOR_PIECE, length)
        index = opens.take(padded[at:stop])  # what the character before each leaves open
        index += closes.take(padded[at + 2:stop + 2])  # whether the one after ends a word
        index += padded[at + 1:stop + 1]
        pieces.append(forms.take(index))
    # (np.concatenate makes big-endian pieces native: `forms_be`'s codes, whose zero bytes
    # `Automaton.find_codes_list` drops, then lost their order past one piece)
    return pieces[0] if len(pieces) == 1 else np.concatenate(pieces, dtype=forms.dtype)
