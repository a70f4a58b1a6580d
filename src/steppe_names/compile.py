"""Compile a Glossary into an Index: every surface form a text may contain, made once.

The generators, in order (each is data-driven; the tables are in `steppe_names/rules/`):

1. the hand-written terms;
2. person-name patterns (`names.toml`): either order, initials, the name alone;
3. inflection: Russian cases (`morph.ru`), Mongolian case suffixes (`morph.mn`);
4. spelling: joined hashtag forms and dotted abbreviations (`variants.toml`; a hyphen needs
   no variant, it folds to a space), half-width katakana; Japanese demonyms (`ja.toml`) and
   `not_mentions` become blocking forms;
5. romanizations and other machine variants from `variant_generators` (transliteration
   schemes plug in there).

Every form is folded (`folding.fold`) into a key; the Index maps keys to candidates and holds
the automaton that finds keys in folded text. Nothing here runs at scan time.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import itertools
import json
import mmap
import os
import pickle
import struct
import tempfile
import time
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import NamedTuple

import regex

from steppe_names import __version__
from steppe_names._data import rule_table, rules_fingerprint
from steppe_names.atomic import replacing, write_bytes
from steppe_names.diskcache import cache_dir as cache_dir  # re-exported: the public name
from steppe_names.errors import worker_died
from steppe_names.folding import fold_key, mark_many, unmark
from steppe_names.glossary import Glossary, GlossaryError, Problem, content_hash
from steppe_names.index import Candidate as Candidate  # re-exported: the public name
from steppe_names.index import Index as Index  # re-exported: the public name
from steppe_names.index import Info, build_automaton, skeleton_hash
from steppe_names.limits import Limits
from steppe_names.model import LANGUAGES, Entry, NameParts
from steppe_names.scripts import (
    LANGUAGE_SCRIPTS,
    SCHEME_SCRIPTS,
    edge_class,
    hashtag,
    one_script,
    scripts_of,
)
from steppe_names.skeleton import min_length as min_skeleton_length
from steppe_names.skeleton import skeleton

# Bump when the compiler's output changes for the same inputs (invalidates caches).
COMPILER_VERSION = "31"

_STATUS_RANK = {"preferred": 0, "admitted": 1, "deprecated": 2}


class Form(NamedTuple):
    """One surface form of an entry, with how it was made (a named tuple: the generators make
    hundreds of thousands, and `_replace` is far cheaper than `dataclasses.replace`)."""

    text: str
    entry_id: str
    lang: str
    status: str
    how: str  # "preferred" / "admitted" / "deprecated" for hand-written, else the rule chain
    source: str  # the hand-written term (or name parts) it was made from
    role: str = ""  # "short": a name alone (Putin), a short term (Монгол); "abbr", "joined"
    case: str = ""  # "ru:gent", "mn:abl", ... for inflected forms
    block: bool = False  # a phrase that is NOT a mention (not_mentions, demonyms)
    abbreviation: bool = False
    inflect: bool = True
    from_preferred: bool = False
    reading: str = ""  # Japanese kana reading of a kanji term, for romanization


# What a build reports as it goes (`progress.BuildStatus` draws it): the step, and for the
# step that makes the forms, the entries done and their total (else 0, 0).
BuildProgress = Callable[[str, int, int], None]

# A variant generator takes an entry and the forms made so far and yields new forms.
VariantGenerator = Callable[[Entry, list[Form]], Iterable[Form]]
variant_generators: list[VariantGenerator] = []


def register_variant_generator(generator: VariantGenerator) -> VariantGenerator:
    """Add a generator of machine-made variants (used by the transliteration schemes)."""
    variant_generators.append(generator)
    return generator


# --- name patterns ---------------------------------------------------------------------------

def _initial(part: str, explicit: str) -> str:
    if explicit:
        return explicit.rstrip(".")
    if not part:
        return ""
    digraphs = rule_table("names.toml")["initials"]["digraphs"]
    for digraph in digraphs:
        if part.startswith(digraph):
            return str(digraph)
    return part[0]


def name_forms(entry: Entry, lang: str, parts: NameParts) -> Iterator[tuple[str, str, str]]:
    """(text, role, pattern kind) for every name pattern of `parts` in `lang`."""
    styles = rule_table("names.toml")["styles"]
    style = parts.style
    if style == "japanese" and "Jpan" in scripts_of(parts.family + parts.given):
        style = "japanese_script"
    values = {
        "given": parts.given, "family": parts.family, "patronymic": parts.patronymic,
        "father": parts.father,
        "gi": _initial(parts.given, parts.given_initial),
        "pi": _initial(parts.patronymic, parts.patronymic_initial),
    }
    for kind in ("full", "initials", "short"):
        for written in styles[style].get(kind, []):
            # a pattern is a string, or a table that names the languages it is written in
            if isinstance(written, dict):
                if lang not in written.get("langs", ()):
                    continue
                written = written["pattern"]
            pattern = str(written)
            needed = [name for name in values if "{" + name + "}" in pattern]
            if all(values[name] for name in needed):
                text = pattern.format(**values)
                role = "short" if kind == "short" else ""
                yield text, role, f"name:{kind}"
                if lang == "ja" and style != "japanese_script" and " " in text:
                    # a foreign name in katakana separates its parts with ・ (ウフナー・
                    # フレルスフ); folding makes ＝ and the half-width ･ the same
                    yield text.replace(" ", "・"), role, f"name:{kind}"


# --- generators --------------------------------------------------------------------------------

def _hand_written(entry: Entry) -> list[Form]:
    forms = []
    for term in entry.terms:
        role = ("abbr" if term.is_abbreviation else
                "short" if "short" in term.usage and term.status != "deprecated" else "")
        forms.append(Form(term.text, entry.id, term.lang, term.status, term.status, term.text,
                          role=role,
                          abbreviation=term.is_abbreviation, inflect=term.inflect,
                          from_preferred=term.status == "preferred", reading=term.reading))
    for lang, parts in entry.names:
        preferred = entry.preferred(lang)
        for text, role, how in name_forms(entry, lang, parts):
            forms.append(Form(text, entry.id, lang, "admitted", how, preferred or text, role=role,
                              from_preferred=True))
    for phrase in entry.not_mentions:
        forms.append(Form(phrase, entry.id, "", "admitted", "not-mention", phrase, block=True))
    return forms


@cache
def _russian() -> object:
    from steppe_names.morph.ru import RussianInflector

    return RussianInflector()


@cache
def _mongolian() -> object:
    from steppe_names.morph.mn import MongolianInflector

    return MongolianInflector()


def _inflected(entry: Entry, forms: list[Form]) -> Iterator[Form]:
    from steppe_names.morph.mn import MongolianInflector
    from steppe_names.morph.ru import RussianInflector

    for form in forms:
        if not form.inflect or form.abbreviation or form.case:
            continue
        if "Cyrl" not in scripts_of(form.text):
            continue
        # A non-mention has no language: a Cyrillic one takes the cases of both (Внутренняя
        # Монголия -> во Внутренней Монголии; монгол хэл -> монгол хэлний).
        if form.lang == "ru" or form.block:
            ru = _russian()
            assert isinstance(ru, RussianInflector)
            made = ru.forms(form.text, person=entry.kind == "person" and not form.block)
            for case, text in made.items():
                if case != "nomn" and text != form.text:
                    yield form._replace(text=text, case=f"ru:{case}", how=f"{form.how}+ru:{case}")
        if form.lang == "mn" or form.block:
            mn = _mongolian()
            assert isinstance(mn, MongolianInflector)
            for case, text in mn.forms(form.text).items():
                yield form._replace(text=text, case=f"mn:{case}", how=f"{form.how}+mn:{case}")


def _spelling(entry: Entry, forms: list[Form]) -> Iterator[Form]:
    """Abbreviations with full stops ("U.S.S.R."), and multiword names as hashtags write
    them (`scripts.hashtag`: "#KhalkhinGol", "#УланБатор", "#BattlesOfKhalkhinGol"); not a
    name with initials ("Ц. Элбэгдорж" joined
    is its own initials form, "Ц.Элбэгдорж"). A hyphen and a space need no variants: they
    fold alike (`rules/folding.toml`)."""
    table = rule_table("variants.toml")
    joined, dotted = table["joined"], table["dotted"]
    for form in forms:
        if (form.role == "abbr" and not form.case and form.text.isupper()
                and form.text.isalpha() and scripts_of(form.text) <= set(dotted["scripts"])
                and dotted["min_letters"] <= len(form.text) <= dotted["max_letters"]):
            yield form._replace(text="".join(c + "." for c in form.text),
                                how=form.how + "+dotted")
        words = form.text.replace("-", " ").split(" ")
        if (scripts_of(form.text) <= set(joined["scripts"]) and len(words) >= joined["min_words"]
                and not form.block and not form.case and words[0][:1].isupper()
                and not any(w.endswith(".") for w in words)):
            yield form._replace(text=hashtag(form.text), how=form.how + "+joined", role="joined")


@cache
def _halfwidth_table() -> dict[str, str]:
    """Full-width katakana (and marks) -> half-width, by inverting NFKC of U+FF61..U+FF9F."""
    table: dict[str, str] = {}
    for code in range(0xFF61, 0xFFA0):
        half = chr(code)
        full = unicodedata.normalize("NFKC", half)
        if len(full) == 1:
            table.setdefault(full, half)
    table["\u3099"] = "\uff9e"  # combining voiced mark -> half-width dakuten
    table["\u309a"] = "\uff9f"
    return table


def _to_halfwidth(text: str) -> str | None:
    table = _halfwidth_table()
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in table:
            out.append(table[ch])
        elif "\u30a0" <= ch <= "\u30ff":
            return None  # a katakana with no half-width form
        else:
            out.append(ch)
    result = "".join(out)
    return result if result != text else None


def _japanese(entry: Entry, forms: list[Form]) -> Iterator[Form]:
    ja = rule_table("ja.toml")
    own = {t.text for t in entry.terms if t.lang == "ja"}
    for form in forms:
        if form.lang != "ja" or "Jpan" not in scripts_of(form.text):
            continue
        if ja.get("halfwidth_katakana"):
            half = _to_halfwidth(form.text)
            if half:
                yield form._replace(text=half, how=form.how + "+halfwidth")
        if entry.kind == "place" and not form.block and not form.role:
            for suffix in ja["demonym_suffixes"]:
                yield form._replace(text=form.text + suffix, how="demonym", block=True)
        if not form.block and not form.role and form.how == form.status:  # (hand-written)
            for table, free in (("bound_heads", False), ("free_heads", True)):
                for head, words in ja.get(table, {}).items():
                    if form.text.endswith(head) and form.text[:-len(head)] in own:
                        # ("bound-head:2": the scan may still find 日本 in 日本国内)
                        how = (f"bound-head:{len(form.text) - len(head)}" if free
                               else "bound-head")
                        for word in words:
                            yield form._replace(text=form.text + word, block=True, how=how)




@cache
def _transliteration_plan() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """language -> ((scheme id, source script, language of the output), ...)."""
    from steppe_names.translit import get_scheme

    table = rule_table("variants.toml").get("transliteration", {})
    targets = table.get("target_language", {})
    plan: dict[str, tuple[tuple[str, str, str], ...]] = {}
    for lang in LANGUAGES:
        steps = []
        for scheme_id in table.get(lang, []):
            info = get_scheme(scheme_id).info
            steps.append((scheme_id, SCHEME_SCRIPTS.get(info.source_script, ""),
                          targets.get(info.target_script, "")))
        plan[lang] = tuple(steps)
    return plan


_ROMANIZED_ORIGINS = frozenset({"preferred", "admitted", "deprecated", "name:short"})


def _title(text: str) -> str:
    """Capitalise each word of an uncased script's romanization (these are names)."""
    if any(ch.isupper() for ch in text):
        return text
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def _romanized(entry: Entry, forms: list[Form]) -> Iterator[Form]:
    from steppe_names.translit import get_scheme

    plan = _transliteration_plan()
    for form in forms:
        # Romanize what people write and cite (the terms) and the name alone ("Poutine"); the
        # other name patterns have Latin forms of their own from the English name parts.
        if form.block or form.case or form.how not in _ROMANIZED_ORIGINS:
            continue
        source = form.text
        if form.lang == "ja":
            # Only Japanese words are romanized, from their kana reading: a katakana
            # loanword romanized back (ウランバートル -> "Uranbātoru") is written by nobody.
            if not form.reading:
                continue
            source = form.reading
        scripts = scripts_of(source)
        for scheme_id, source_script, out_lang in plan.get(form.lang, ()):
            if source_script not in scripts or not out_lang:
                continue
            text = get_scheme(scheme_id)(source).strip()
            if form.lang == "ja":
                text = _title(text.replace("•", ""))
            if not text or text == form.text or scripts_of(text) & scripts - {"Latn"}:
                continue  # nothing changed, or letters of the source script were left over
            made = form._replace(text=text, lang=out_lang, how=f"{form.how}+translit:{scheme_id}",
                                 status="deprecated" if form.status == "deprecated"
                                 else "admitted", from_preferred=False, reading="")
            yield made
            if form.lang == "ja" and entry.kind == "person" and text.count(" ") == 1:
                # a reading is family name first (あべ しんぞう); English copy writes the
                # given name first in any romanization: "Sinzo Abe", "Shinzou Abe"
                family, given = text.split(" ")
                yield made._replace(text=f"{given} {family}", how=made.how + "+given-first")


def generate_forms(entry: Entry, limits: Limits | None = None) -> list[Form]:
    """Every surface form of `entry`, hand-written first, then machine-made.

    Raises GlossaryError naming the term when one term would make more forms than
    `limits.max_forms_per_term` (checked after every stage, and each stage is bounded by the
    forms before it, so an explosion stops early).
    """
    limits = limits or Limits.current()
    forms = _hand_written(entry)
    stages: list[VariantGenerator] = [_inflected, _romanized, _spelling, _japanese,
                                      *variant_generators]
    for stage in stages:
        forms += list(itertools.islice(stage(entry, forms),
                                       limits.max_forms_per_term * max(1, len(entry.terms))))
        _check_form_counts(entry, forms, limits)
    return forms


def _check_form_counts(entry: Entry, forms: list[Form], limits: Limits) -> None:
    counts: dict[str, int] = {}
    for form in forms:
        counts[form.source] = counts.get(form.source, 0) + 1
    for source, count in counts.items():
        if count > limits.max_forms_per_term:
            term = next((t for t in entry.terms if t.text == source), None)
            raise GlossaryError([Problem(
                (term.file if term else "") or entry.file, (term.line if term else 0) or entry.line,
                entry.id, f"term {source!r} makes {count:,} forms, too many "
                + limits.hint("max_forms_per_term"))])


# --- the Index ---------------------------------------------------------------------------------



def _upper_at(form: Form) -> tuple[tuple[int, ...], bool]:
    """Where a text must have capitals for this form to count as a name, and whether all of
    those places (abbreviations: UB, not ub) or any one of them (names) must be capitals.

    A name needs one of its capitalised words capitalised: "battles of Khalkhin Gol" and
    "Khalkhin Gol river" are mentions; "монгол хэл" is not "Монгол". A name with initials
    needs every word's capital.
    """
    text = form.text
    if text == text.lower():  # no capitals at all (kana, kanji, lower-case forms)
        return (), False
    # (map and compress loop in C: the compiler asks this of millions of forms)
    capitals = tuple(itertools.compress(range(len(text)), map(str.isupper, text)))
    if form.abbreviation:
        return capitals, True
    # the capitals that start a word (\b\w: a letter, digit or _ with none of those before)
    starts = [i for i in capitals if text[i].isalnum()
              and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"))]
    # A name with initials needs them all capitals: "г. Жуков" is "1939 г.", "v. Putin"
    # "Trump v. Putin", not G. Zhukov or V. Putin.
    return (tuple(starts) if starts else capitals), form.how.startswith("name:initials")


def _is_latin(text: str) -> bool:
    return scripts_of(text) == {"Latn"}


def _renders_as(form: Form) -> bool:
    """Is `form` the preferred way to write its entry in its language, role and case?"""
    origin = form.how.split("+")[0]
    if form.role == "abbr":  # a hand-written abbreviation, not a romanized one (РФ -> "RF")
        return form.status != "deprecated" and "+" not in form.how
    if form.role == "short" and origin in ("preferred", "admitted"):
        # a short term (Монгол for Монгол Улс, Baikal, ソ連) in its cases, not romanized: a
        # short name stays short where the language has one, as a name alone does
        return form.how in (origin, f"{origin}+{form.case}")
    return form.from_preferred and origin in ("preferred", "name:short")


# A term in the other script of a language written in two is rendered for a mention in that
# script unless its usage says it is not the name as written today.
_NOT_RENDERED = frozenset({"historic", "colloquial", "abbreviation"})


def _other_scripts(entry: Entry, rendered: dict[tuple[str, str, str], str]
                   ) -> Iterator[tuple[str, str, str]]:
    """(lang-Script, role, text): how to write `entry` in the other script of a language
    written in two (Mongolian: Cyrillic and the Uyghur-Mongolian script), when a mention is
    in that script: the first term the glossary gives in it, not deprecated, historic,
    colloquial or an abbreviation (`Index.render`, lang "mn-Mong"); and the first short one
    (role "short": ᠮᠣᠩᠭᠣᠯ for a mention of the short name, as Монгол stays Монгол)."""
    seen: set[tuple[str, str]] = set()
    for term in entry.terms:
        if (len(LANGUAGE_SCRIPTS.get(term.lang, ())) < 2 or term.status == "deprecated"
                or _NOT_RENDERED.intersection(term.usage)):
            continue
        script = one_script(term.text)
        tag = f"{term.lang}-{script}"
        role = "short" if "short" in term.usage else ""
        if script and (tag, role) not in seen:
            seen.add((tag, role))
            if script not in scripts_of(rendered.get((term.lang, role, ""), "")):
                yield tag, role, term.text


# Building runs in two phases, each in forked worker processes for large glossaries:
# 1. chunks of entries: every form made, folded and marked, one *line* per candidate,
#      escaped marked key (UTF-8), NUL, then fixed-width digits: blocking (1), status (1),
#      rule-chain length (1), entry (7), form number (7), the chunk's info number (7);
#    lines go to one of `parts` partitions by a hash of the key;
# 2. partitions: each sorts its lines (in C) and builds its keys' arrays; the parent only
#    concatenates. No phase holds millions of Python objects at once, and none is serial.
_CHUNK = 2_000
_TAIL = 1 + 3 + 7 + 7 + 7
_PARTS = 16
# `automaton.Automaton.build` at its peak, per key of the glossaries the benchmark makes:
# 5.3 GiB for the 7.0 M keys of 100k entries, measured alone (9.1 GiB over UTF-16)
_AUTOMATON_BYTES_PER_KEY = 800


def _escape(key: bytes) -> bytes:
    """NUL ends a key in a line: a key that holds one (or the escape byte) is escaped."""
    if b"\x00" in key or b"\x01" in key:
        return key.replace(b"\x01", b"\x01\x02").replace(b"\x00", b"\x01\x01")
    return key


def _unescape(key: bytes) -> bytes:
    if b"\x01" in key:
        return key.replace(b"\x01\x01", b"\x00").replace(b"\x01\x02", b"\x01")
    return key


class _Chunk(NamedTuple):
    parts: tuple[bytes, ...]  # newline-terminated lines, by partition
    infos: list[Info]
    renders: list[bytes]  # per entry, JSON in UTF-8
    skeletons: list[tuple[int, int]]  # (skeleton hash, entry)
    heads: set[str]
    max_key_length: int
    max_words: int


def _build_chunk(entries: Sequence[Entry], first: int, limits: Limits, parts: int) -> _Chunk:
    """Phase 1 for `entries` (positions from `first`): lines, infos, renderings, skeletons."""
    # Info's fields, as a tuple (quicker to make than the named tuple, made once at the end)
    infos: dict[tuple[str, str, str, str, str, tuple[int, ...], bool, bool], int] = {}
    buckets: list[list[bytes]] = [[] for _ in range(parts)]
    keys: list[str] = []  # the chunk's keys, marked all at once after the loop
    rests: list[bytes] = []  # the rest of each key's line
    renders: list[bytes] = []
    skeletons: list[tuple[int, int]] = []
    heads: set[str] = set()
    longest = most_words = 1
    minimum = min_skeleton_length()
    for position, entry in enumerate(entries, first):
        seen: set[tuple[object, ...]] = set()
        rendered: dict[tuple[str, str, str], str] = {}
        owned: set[int] = set()
        skeletonized: set[str] = set()
        for number, form in enumerate(generate_forms(entry, limits)):
            key = fold_key(form.text)
            if not key.strip():
                continue
            upper_at, upper_all = ((), False) if form.block else _upper_at(form)
            identity = (key, form.block, form.lang, form.role, form.case, upper_at)
            if identity in seen:
                continue
            seen.add(identity)
            local = infos.setdefault((form.lang, form.status, form.how, form.role, form.case,
                                      upper_at, upper_all, form.block), len(infos))
            keys.append(key)
            rests.append(b"\x00%d%d%d%07d%07d%07d\n" % (
                0 if form.block else 1, _STATUS_RANK.get(form.status, 3),
                min(form.how.count("+"), 9), position, number, local))
            longest = max(longest, len(key))
            most_words = max(most_words, key.count(" ") + 1)
            if form.block:
                continue
            if _renders_as(form):
                rendered.setdefault((form.lang, form.role, form.case), form.text)
            if form.role != "abbr" and key not in skeletonized and _is_latin(form.text):
                skeletonized.add(key)
                skel = skeleton(form.text)
                if len(skel) >= minimum:
                    hashed = skeleton_hash(skel)
                    if hashed not in owned:
                        owned.add(hashed)
                        skeletons.append((hashed, position))
                    words = form.text.replace("-", " ").split()
                    heads.add(skeleton(words[0]) if len(words) > 1 else skel)
        by_lang: dict[str, dict[str, dict[str, str]]] = {}
        for (lang, role, case), text in rendered.items():
            by_lang.setdefault(lang, {}).setdefault(role, {})[case] = text
        for tag, role, text in _other_scripts(entry, rendered):
            by_lang.setdefault(tag, {})[role] = {"": text}
        renders.append("".join(  # a line per language (JSON escapes newlines): Index.renders_in
            f"{lang}\t{json.dumps(roles, ensure_ascii=False)}\n" for lang, roles in by_lang.items()
        ).encode("utf-8", "surrogatepass"))
    for marked_key, rest in zip(mark_many(keys), rests, strict=True):
        marked = _escape(marked_key.encode("utf-8"))
        buckets[zlib.crc32(marked) % parts].append(marked + rest)
    return _Chunk(tuple(b"".join(bucket) for bucket in buckets),
                  [Info(*fields) for fields in infos], renders, skeletons, heads, longest,
                  most_words)


@cache
def _marked_edge(ch: str) -> int:
    """The boundary class of a marked key's first or last character (`scripts.edge_class`
    of it unmarked: an end form is a private-use code point)."""
    return edge_class(unmark(ch))


class _Part(NamedTuple):
    patterns: bytes  # marked keys joined by newlines
    edges: bytes
    key_chars: array[int]
    rules: array[int]
    cand_start: array[int]  # per key, relative to the partition's first candidate
    cand_entry: array[int]
    cand_info: array[int]


def _build_part(runs: Sequence[bytes], remaps: Sequence[Sequence[int]],
                info_rule: Sequence[int]) -> _Part:
    """Phase 2 for one partition: sort its lines, group them by key, fill the arrays.
    `remaps[chunk]` maps a chunk's info numbers to the Index's; `info_rule` an info to its
    capitals rule."""
    lines = b"".join(runs).split(b"\n")
    lines.pop()  # after the last newline
    lines.sort()
    patterns = bytearray()
    edges = bytearray()
    key_chars = array("I")
    rules = array("i")
    cand_start = array("I")
    cand_entry = array("I")
    cand_info = array("I")
    previous = b""
    rule = -1
    tail = -_TAIL
    chunk = _CHUNK
    for line in lines:
        escaped = line[:tail]
        entry = int(line[-21:-14])
        info = remaps[entry // chunk][int(line[-7:])]
        if escaped != previous or not cand_start:
            if cand_start:
                rules.append(rule)
                patterns += b"\n"
            previous = escaped
            raw = _unescape(escaped)
            key = raw.decode("utf-8")
            patterns += raw
            edges.append(_marked_edge(key[0]))
            edges.append(_marked_edge(key[-1]))
            key_chars.append(len(key))
            cand_start.append(len(cand_entry))
            rule = info_rule[info]
        elif rule != info_rule[info]:
            rule = -1
        cand_entry.append(entry)
        cand_info.append(info)
    if cand_start:
        rules.append(rule)
    return _Part(bytes(patterns), bytes(edges), key_chars, rules, cand_start, cand_entry,
                 cand_info)


_parallel_entries: Sequence[Entry] = ()


def _build_chunk_forked(first: int, keep: Path | None, limits: Limits,
                        parts: int) -> _Chunk | list[Problem] | Path:
    """A worker's chunk (the entries come with the fork); a glossary problem comes back as
    data, since GlossaryError does not survive pickling. With `keep`, the chunk is written
    there (`_ChunkStore`) and its path comes back instead: pickled once, not once for the
    file and once for the pipe."""
    try:
        chunk = _build_chunk(_parallel_entries[first:first + _CHUNK], first, limits, parts)
    except GlossaryError as error:
        return error.problems
    if keep is not None and _write_chunk(keep, chunk):
        return keep
    return chunk


_FORMS_STEP = "making the forms of the entries"
_KEYS_STEP = "sorting the keys"


def build_index(glossary: Glossary, *, jobs: int | None = None,
                progress: BuildProgress | None = None, reuse: bool = False) -> Index:
    """Compile `glossary` (no Index cache): generate every form of every entry, fold, index.

    Glossaries of more than one chunk of entries are compiled on `jobs` processes (default:
    every core); the Index is the same either way. `progress` hears of each step, and of
    each chunk of entries done. With `reuse`, the chunks of such a glossary are kept in the
    cache folder (`_ChunkStore`), and a chunk whose entries have not changed since an
    earlier build is read back instead of compiled again: after an edit of a few entries,
    only their chunks are.
    """
    def report(step: str, done: int = 0, total: int = 0) -> None:
        if progress is not None:
            progress(step, done, total)

    import multiprocessing  # (here: a command that finds its Index in the cache never forks)
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _parallel_entries
    entries = tuple(glossary)
    limits = Limits.current()
    starts = range(0, len(entries), _CHUNK)
    store = _ChunkStore(entries, limits) if reuse and len(starts) > 1 else None
    kept = {first: store.get(first) for first in starts} if store else {}
    todo = [first for first in starts if kept.get(first) is None]
    jobs = min(jobs or os.cpu_count() or 1, len(starts))
    report(_FORMS_STEP, 0, len(entries))
    def gather(made: Iterator[_Chunk | list[Problem] | Path]) -> list[_Chunk]:
        """Every chunk in order: kept, or the next one `made` (compiled for `todo`)."""
        chunks = []
        for first in starts:
            chunk = kept.get(first)
            if chunk is None:
                result = next(made)
                if isinstance(result, list):
                    raise GlossaryError(result)
                chunk = _read_chunk(result) if isinstance(result, Path) else result
                if chunk is None:  # (written, and gone or damaged since): compiled here
                    chunk = _build_chunk(entries[first:first + _CHUNK], first, limits, _PARTS)
            chunks.append(chunk)
            report(_FORMS_STEP, min(first + _CHUNK, len(entries)), len(entries))
        if store:
            store.prune()
        kept.clear()
        return chunks

    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        def compiled_here() -> Iterator[_Chunk]:
            for first in todo:
                chunk = _build_chunk(entries[first:first + _CHUNK], first, limits, _PARTS)
                if store:
                    store.put(first, chunk)
                yield chunk

        chunks = gather(compiled_here())
        report(_KEYS_STEP)
        infos, remaps, info_rule, rule_table = _infos(chunks)
        parts = [_build_part([chunk.parts[p] for chunk in chunks], remaps, info_rule)
                 for p in range(_PARTS)]
        report(_automaton_step(sum(len(part.key_chars) for part in parts)))
        patterns = _patterns(parts)
        return _assemble(glossary, entries, chunks, parts, infos, rule_table, patterns,
                         _automaton_of(patterns))
    _parallel_entries = entries
    gc.freeze()  # the workers' collections leave the parent's objects (and their pages) alone
    # concurrent.futures, not multiprocessing.Pool: a worker killed by the out-of-memory
    # killer (the automaton's worker peaks at ~800 bytes per key) ends the build with an error,
    # where Pool would wait forever for its result.
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    step = f"compiling {len(entries):,} entries"
    spill = ""  # where the automaton's worker leaves it
    try:
        chunks = gather(pool.map(
            functools.partial(_build_chunk_forked, limits=limits, parts=_PARTS),
            todo, [store.path(first) if store else None for first in todo]))
        report(_KEYS_STEP)
        infos, remaps, info_rule, rule_table = _infos(chunks)
        parts = list(pool.map(_build_part, [[chunk.parts[p] for chunk in chunks]
                                            for p in range(_PARTS)],
                              [remaps] * _PARTS, [info_rule] * _PARTS))
        chunks = [chunk._replace(parts=()) for chunk in chunks]  # the lines are spent
        # the automaton is built in a worker (its peak memory stays there) meanwhile
        keys = sum(len(part.key_chars) for part in parts)
        report(_automaton_step(keys))
        step = (f"{_automaton_step(keys)}, which takes about "
                f"{keys * _AUTOMATON_BYTES_PER_KEY / 2**30:.1f} GiB of memory")
        patterns = _patterns(parts)
        with suppress(OSError):  # (no temporary folder to write to: through the pipe)
            handle, spill = tempfile.mkstemp(prefix="steppe-names-automaton-")
            os.close(handle)
        automaton = pool.submit(_automaton_into, patterns, spill)
        index = _assemble(glossary, entries, chunks, parts, infos, rule_table, patterns, b"")
        del chunks, parts, patterns  # the Index holds what it needs of them
        piped = automaton.result()
        index.automaton = piped if piped is not None else Path(spill).read_bytes()
        return index
    except BrokenProcessPool:
        raise worker_died(step) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        _parallel_entries = ()
        if spill:
            with suppress(OSError):
                os.unlink(spill)


def _automaton_step(keys: int) -> str:
    return f"building the automaton of {keys:,} keys"


_CHUNK_MAGIC = b"steppe-names chunk\x00v1\n"
_CHUNK_HEADER = struct.Struct("<QI")  # the pickle's length and CRC-32
_CHUNKS_KEPT_DAYS = 7  # a chunk no build has read for this long is removed (`prune`)


def chunks_dir() -> Path:
    """Where the compiled chunks of large glossaries are kept (`_ChunkStore`)."""
    return cache_dir() / "chunks"


def _read_chunk(path: Path) -> _Chunk | None:
    """The chunk `_write_chunk` wrote at `path`; None when it is not there or does not check
    out (cut short, damaged, of another version)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(_CHUNK_MAGIC) + _CHUNK_HEADER.size
    if len(data) < start or not data.startswith(_CHUNK_MAGIC):
        return None
    length, crc = _CHUNK_HEADER.unpack_from(data, len(_CHUNK_MAGIC))
    payload = memoryview(data)[start:]
    if len(payload) != length or zlib.crc32(payload) != crc:
        return None
    try:
        chunk = pickle.loads(payload)
    except Exception:  # a checked file we wrote ourselves; still, never crash on it
        return None
    return chunk if isinstance(chunk, _Chunk) else None


def _write_chunk(path: Path, chunk: _Chunk) -> bool:
    """Write `chunk` at `path`, atomically but not synced to the disk: a lost or damaged one
    (its CRC-32) only costs its compiling, and syncing each made a 100k build 10-16 s
    slower. False when it could not be written."""
    payload = pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path, binary=True, durable=False) as out:
            out.write(_CHUNK_MAGIC)
            out.write(_CHUNK_HEADER.pack(len(payload), zlib.crc32(payload)))
            out.write(payload)
        return True
    except OSError:
        return False


class _ChunkStore:
    """The compiled chunks of a glossary's entries, kept in `cache_dir()/chunks` (~10 MB for
    2,000 entries of the benchmark's glossaries), each under a hash of its entries' content
    (not where they were read), their place in the glossary, the limits and everything else
    an Index depends on (`_code_fingerprint`). A file is the magic line, the pickle's length
    and CRC-32, and the pickle; one that does not check out is compiled again and rewritten.
    A folder that cannot be written only costs the time of compiling."""

    def __init__(self, entries: Sequence[Entry], limits: Limits) -> None:
        self.entries = entries
        self.folder = chunks_dir()
        common = hashlib.sha256()
        for part in (*_code_fingerprint(), repr(limits), str(_CHUNK), str(_PARTS)):
            common.update(part.encode() + b"\0")
        self.common = common.hexdigest()
        self.used: dict[int, Path] = {}  # the chunks this build reads or writes, by place

    def path(self, first: int) -> Path:
        known = self.used.get(first)
        if known is None:
            digest = hashlib.sha256(f"{self.common}\0{first}\0".encode())
            digest.update(content_hash(self.entries[first:first + _CHUNK]).encode())
            known = self.used[first] = self.folder / f"chunk-{digest.hexdigest()[:40]}.pickle"
        return known

    def get(self, first: int) -> _Chunk | None:
        chunk = _read_chunk(self.path(first))
        if chunk is not None:
            with suppress(OSError):
                os.utime(self.path(first))  # read now: kept by `prune`
        return chunk

    def put(self, first: int, chunk: _Chunk) -> None:
        _write_chunk(self.path(first), chunk)

    def prune(self) -> None:
        """Remove the chunks that this build did not use and no build has used for
        `_CHUNKS_KEPT_DAYS` (those of an older version of the glossary, or of another one
        no longer compiled)."""
        oldest = time.time() - _CHUNKS_KEPT_DAYS * 86400
        used = {path.name for path in self.used.values()}
        with suppress(OSError):
            for path in self.folder.iterdir():  # (and what a killed build left half-written)
                with suppress(OSError):
                    if (path.name.startswith(("chunk-", ".chunk-")) and path.name not in used
                            and path.stat().st_mtime < oldest):
                        path.unlink()


def _infos(chunks: Sequence[_Chunk]) -> tuple[
        list[Info], list[list[int]], list[int], list[tuple[tuple[int, ...], bool]]]:
    """The Index's infos, each chunk's map to them, and the capitals rules."""
    table: dict[Info, int] = {}
    remaps = [[table.setdefault(info, len(table)) for info in chunk.infos] for chunk in chunks]
    rule_ids: dict[tuple[tuple[int, ...], bool], int] = {}
    info_rule = [rule_ids.setdefault((i.upper_at, i.upper_all), len(rule_ids)) for i in table]
    return list(table), remaps, info_rule, list(rule_ids)


def _patterns(parts: Sequence[_Part]) -> bytes:
    return b"\n".join(part.patterns for part in parts if part.key_chars)


def _automaton_of(patterns: bytes) -> bytes:
    """The serialized automaton over newline-joined UTF-8 keys."""
    return build_automaton(patterns.decode("utf-8").split("\n") if patterns else [])


def _automaton_into(patterns: bytes, path: str) -> bytes | None:
    """`_automaton_of`, written to the file at `path` for a worker's parent to read (through
    the pipe, the parent would hold it twice while unpickling it: 409 MiB each at 100k
    entries); returned instead when there is no such file or it cannot be written."""
    automaton = _automaton_of(patterns)
    if path:
        try:
            with open(path, "wb") as out:
                out.write(automaton)
            return None
        except OSError:  # a full or read-only temporary folder: the pipe will do
            pass
    return automaton


def _assemble(glossary: Glossary, entries: tuple[Entry, ...], chunks: Sequence[_Chunk],
              parts: Sequence[_Part], infos: list[Info],
              rule_table: list[tuple[tuple[int, ...], bool]], patterns: bytes,
              automaton: bytes) -> Index:
    """Concatenate the partitions' arrays into the Index (`patterns`: `_patterns(parts)`;
    `automaton`: b"" to add later)."""
    key_chars = array("I")
    rules = array("i")
    cand_start = array("I")
    cand_entry = array("I")
    cand_info = array("I")
    for part in parts:
        base = len(cand_entry)
        cand_start.extend(array("I", (start + base for start in part.cand_start))
                          if base else part.cand_start)
        key_chars.extend(part.key_chars)
        rules.extend(part.rules)
        cand_entry.extend(part.cand_entry)
        cand_info.extend(part.cand_info)
    cand_start.append(len(cand_entry))
    skeletons: dict[int, list[int]] = {}
    for chunk in chunks:
        for hashed, position in chunk.skeletons:
            owners = skeletons.setdefault(hashed, [])
            if position not in owners:
                owners.append(position)
    hashes = array("q", sorted(skeletons))
    owner_of = array("i")
    shared: list[tuple[int, ...]] = []
    for hashed in hashes:
        found = skeletons[hashed]
        if len(found) == 1:
            owner_of.append(found[0])
        else:
            shared.append(tuple(found))
            owner_of.append(-len(shared))
    return Index(
        fingerprint=index_fingerprint(glossary), entries=entries,
        patterns=patterns, automaton=automaton,
        key_count=len(key_chars),
        max_key_length=max((chunk.max_key_length for chunk in chunks), default=1),
        max_words=max((chunk.max_words for chunk in chunks), default=1),
        edges=b"".join(part.edges for part in parts), key_chars=key_chars, rules=rules,
        rule_table=tuple(rule_table), cand_start=cand_start, cand_entry=cand_entry,
        cand_info=cand_info, infos=tuple(infos),
        renders=b"".join(r for chunk in chunks for r in chunk.renders),
        render_ends=array("Q", itertools.accumulate(
            len(r) for chunk in chunks for r in chunk.renders)),
        skeleton_hashes=hashes, skeleton_owners=owner_of, skeleton_shared=tuple(shared),
        skeleton_heads=set().union(*(chunk.heads for chunk in chunks)))


# --- building and caching ---------------------------------------------------------------------

@cache
def schemes_fingerprint() -> str:
    """A hash of every transliteration scheme file (they make variants too)."""
    from importlib import resources

    digest = hashlib.sha256()
    # located through the parent package: importing steppe_names.translit would load the
    # scheme compiler on every start, only to hash its data files
    folder = resources.files("steppe_names").joinpath("translit").joinpath("schemes")
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.endswith(".toml"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def index_fingerprint(glossary: Glossary) -> str:
    """The cache key of a glossary's Index: its content, the rules, schemes and code version."""
    digest = hashlib.sha256()
    for part in (glossary.fingerprint(), *_code_fingerprint()):
        digest.update(part.encode())
    return digest.hexdigest()


def _code_fingerprint() -> tuple[str, ...]:
    """Everything besides the glossary that an Index depends on: the rules, schemes, code
    version and variant generators, the Unicode databases of Python (`str.title()`,
    `lower()`) and of `regex` (word letters, the letters that have end forms), and the
    installed packages whose output it holds (`_installed`)."""
    return (rules_fingerprint(), schemes_fingerprint(), __version__, COMPILER_VERSION,
            unicodedata.unidata_version, regex.__version__, *_installed(),
            *(_generator_fingerprint(g) for g in variant_generators))


# The packages an Index holds the output of: pymorphy3 and its Russian dictionary (the
# inflected forms), daachorse (the serialized automaton).
_PACKAGES = ("pymorphy3", "pymorphy3_dicts_ru", "daachorse")


@cache
def _installed() -> tuple[str, ...]:
    """The installed distributions of `_PACKAGES`, as their metadata folders are named
    ("pymorphy3_dicts_ru-2.4.417150.4580142.dist-info"; "" when none is found). Found
    without importing them or importlib.metadata (whose import alone took ~30 ms of a
    warm start of 130): a package upgraded or replaced invalidates the cached Indexes."""
    from importlib.util import find_spec

    found = []
    for package in _PACKAGES:
        spec = find_spec(package)
        name = ""
        if spec is not None and spec.origin:
            where = Path(spec.origin).resolve().parent  # a package's folder, or site-packages
            folder = where.parent if spec.submodule_search_locations is not None else where
            with suppress(OSError):
                name = next((entry for entry in sorted(os.listdir(folder))
                             if entry.startswith(f"{package}-")
                             and entry.endswith((".dist-info", ".egg-info"))), "")
        found.append(name)
    return tuple(found)


def _generator_fingerprint(generator: VariantGenerator) -> str:
    fingerprint = getattr(generator, "fingerprint", None)
    if callable(fingerprint):
        return str(fingerprint())
    return f"{generator.__module__}.{getattr(generator, '__qualname__', '')}"


_MAGIC = b"steppe-names index\x00v3\n"
# after the magic line: the pickle's length and CRC-32, and how many out-of-band buffers
_HEADER = struct.Struct("<QII")
_BUFFER = struct.Struct("<QQ")  # each buffer's offset in the file and length
_ALIGN = 64


def compile_glossary(glossary: Glossary, *, use_cache: bool = True,
                     progress: BuildProgress | None = None) -> Index:
    """The Index for `glossary`, from the on-disk cache when its inputs have not changed.

    A cache file is the magic line, a header, the pickled Index (protocol 5) and its arrays
    and blobs out of band, each at an aligned offset. Loading maps the file and hands those
    buffers to the Index as memoryviews: nothing is copied, and what a run never reads is
    never read from disk. A file that is truncated, from another version, or whose pickle
    fails its CRC-32 is rebuilt (and rewritten), never unpickled; the buffers carry their
    own CRC-32s (`Index._check`), checked at load for what a scan reads (a damaged one is
    rebuilt too) and on first use for the keys and entries. (CRC-32 rather than SHA-256: it
    catches the same accidents at 2 GB/s, and a hash stored beside its payload never stopped
    a deliberate change anyway; the cache folder is the user's own.)

    `progress` hears how a build goes (`build_index`); a cached Index never calls it.
    """
    fingerprint = index_fingerprint(glossary)
    path = cache_dir() / f"index-{fingerprint[:40]}.pickle"
    if use_cache:
        index = _read_cache(path, fingerprint)
        if index is not None:
            return index
    index = build_index(glossary, progress=progress, reuse=use_cache)
    if use_cache:
        _write_cache(path, index)
    return index


def compile_files(paths: Sequence[str | Path] | None, load: Callable[[], Glossary],
                  progress: BuildProgress | None = None) -> Index:
    """The Index for glossary files (None: the bundled glossary) without reading them as a
    glossary when their bytes have not changed since the last build: a small reference file
    keyed by the files' raw bytes points to the content-keyed Index cache. On a miss, `load`
    parses and validates the glossary and `compile_glossary` takes over (then the reference
    is written for next time; `progress` hears how the build goes)."""
    raw_key = _files_key(paths)
    reference = cache_dir() / f"files-{raw_key[:40]}.ref" if raw_key else None
    if reference is not None:
        try:
            fingerprint = reference.read_text(encoding="ascii").strip()
        except OSError:
            fingerprint = ""
        if len(fingerprint) == 64:
            index = _read_cache(cache_dir() / f"index-{fingerprint[:40]}.pickle", fingerprint)
            if index is not None:
                return index
    index = compile_glossary(load(), progress=progress)
    if reference is not None:
        with suppress(OSError):
            write_bytes(reference, index.fingerprint.encode("ascii"))
    return index


def _files_key(paths: Sequence[str | Path] | None) -> str:
    """A hash of the glossary files' names and bytes, and of everything else the Index
    depends on; "" when a path cannot be read (then the slow path reports the problem)."""
    from importlib import resources

    digest = hashlib.sha256()
    for part in _code_fingerprint():
        digest.update(part.encode())
    try:
        if paths is None:
            folder = resources.files("steppe_names").joinpath("glossaries")
            files = sorted((p for p in folder.iterdir() if p.name.endswith(".toml")),
                           key=lambda p: p.name)
            for file in files:
                digest.update(file.name.encode())
                digest.update(file.read_bytes())
        else:
            for raw in paths:
                path = Path(raw)
                found = sorted(path.iterdir()) if path.is_dir() else [path]
                for file in found:
                    digest.update(str(file.resolve()).encode("utf-8", "surrogateescape"))
                    digest.update(file.read_bytes())
    except OSError:
        return ""
    return digest.hexdigest()


def _read_cache(path: Path, fingerprint: str) -> Index | None:
    try:
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable, or empty
        return None
    view = memoryview(mapped)
    try:
        index = _unpickle(view, fingerprint)
    except Exception:  # a checked file we wrote ourselves; still, never crash on it
        index = None
    if index is None:
        view.release()
        mapped.close()
    return index


def _unpickle(view: memoryview, fingerprint: str) -> Index | None:
    start = len(_MAGIC) + _HEADER.size
    if len(view) < start or view[:len(_MAGIC)] != _MAGIC:
        return None
    length, crc, count = _HEADER.unpack_from(view, len(_MAGIC))
    table = start + count * _BUFFER.size
    if table + length > len(view):
        return None
    payload = view[table:table + length]
    if zlib.crc32(payload) != crc:
        return None  # damaged: never unpickle it
    buffers = []
    for offset, size in _BUFFER.iter_unpack(view[start:table]):
        if offset + size > len(view):
            return None  # truncated
        buffers.append(view[offset:offset + size])
    index = pickle.loads(payload, buffers=buffers)
    if isinstance(index, Index) and index.fingerprint == fingerprint:
        return index
    return None


def _write_cache(path: Path, index: Index) -> None:
    buffers: list[pickle.PickleBuffer] = []
    payload = pickle.dumps(index, protocol=5, buffer_callback=buffers.append)
    views = [buffer.raw() for buffer in buffers]
    head = len(_MAGIC) + _HEADER.size + len(views) * _BUFFER.size + len(payload)
    offsets = []  # where each buffer starts: aligned, after the pickle
    end = head
    for view in views:
        offsets.append(end + -end % _ALIGN)
        end = offsets[-1] + view.nbytes
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path, binary=True) as out:
            out.write(_MAGIC + _HEADER.pack(len(payload), zlib.crc32(payload), len(views)))
            out.write(b"".join(_BUFFER.pack(at, view.nbytes)
                               for at, view in zip(offsets, views, strict=True)))
            out.write(payload)
            end = head
            for at, view in zip(offsets, views, strict=True):
                out.write(bytes(at - end))  # padding up to the aligned offset
                out.write(view)
                end = at + view.nbytes
    except OSError:
        pass  # a read-only or full cache folder only costs a rebuild next time
