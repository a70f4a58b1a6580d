"""Compile a Glossary into an Index: every surface form a text may contain, made once.

The generators, in order (each is data-driven; the tables are in `steppe_names/rules/`):

1. the hand-written terms;
2. person-name patterns (`names.toml`): either order, initials, the name alone;
3. inflection: Russian cases (`morph.ru`), Mongolian case suffixes (`morph.mn`);
4. spelling: hyphen/space alternation, joined hashtag forms (`variants.toml`), half-width
   katakana; Japanese demonyms (`ja.toml`) and `not_mentions` become blocking forms;
5. romanizations and other machine variants from `variant_generators` (transliteration
   schemes plug in there).

Every form is folded (`folding.fold`) into a key; the Index maps keys to candidates and holds
the automaton that finds keys in folded text. Nothing here runs at scan time.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from steppe_names import __version__
from steppe_names._data import rule_table, rules_fingerprint
from steppe_names.atomic import write_bytes
from steppe_names.folding import fold
from steppe_names.glossary import Glossary, GlossaryError, Problem
from steppe_names.limits import Limits
from steppe_names.model import LANGUAGES, Entry, NameParts
from steppe_names.scripts import SCHEME_SCRIPTS, edge_class, scripts_of
from steppe_names.skeleton import min_length as min_skeleton_length
from steppe_names.skeleton import skeleton

# Bump when the compiler's output changes for the same inputs (invalidates caches).
COMPILER_VERSION = "9"

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
    role: str = ""  # "short" for a name alone (Putin, Elbegdorj), else ""
    case: str = ""  # "ru:gent", "mn:abl", ... for inflected forms
    block: bool = False  # a phrase that is NOT a mention (not_mentions, demonyms)
    abbreviation: bool = False
    inflect: bool = True
    from_preferred: bool = False
    reading: str = ""  # Japanese kana reading of a kanji term, for romanization


@dataclass(frozen=True, slots=True)
class Candidate:
    """What a key may mean: one entry's form, with the checks a match must pass."""

    entry: int  # index into Index.entries; -1 for a blocking form
    lang: str
    status: str
    how: str
    source: str
    role: str
    case: str
    upper_at: tuple[int, ...]  # offsets (within the match) where capitals are expected
    upper_all: bool  # all of them must be capitals (abbreviations), or any one (names)
    form: str

    def fits_case(self, text: str, start: int) -> bool:
        """Does the text at `start` have the capitals this form needs?"""
        if not self.upper_at:
            return True
        if self.upper_all:
            return all(text[start + p].isupper() for p in self.upper_at)
        return any(text[start + p].isupper() for p in self.upper_at)


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
        for pattern in styles[style].get(kind, []):
            needed = [name for name in values if "{" + name + "}" in pattern]
            if all(values[name] for name in needed):
                text = pattern.format(**values)
                yield text, ("short" if kind == "short" else ""), f"name:{kind}"


# --- generators --------------------------------------------------------------------------------

def _hand_written(entry: Entry) -> list[Form]:
    forms = []
    for term in entry.terms:
        forms.append(Form(term.text, entry.id, term.lang, term.status, term.status, term.text,
                          role="abbr" if term.is_abbreviation else "",
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
        if form.lang == "ru":
            ru = _russian()
            assert isinstance(ru, RussianInflector)
            made = ru.forms(form.text, person=entry.kind == "person")
            for case, text in made.items():
                if case != "nomn" and text != form.text:
                    yield form._replace(text=text, case=f"ru:{case}", how=f"{form.how}+ru:{case}")
        elif form.lang == "mn" or form.block:
            # Mongolian forms, and Cyrillic non-mentions (монгол хэл -> монгол хэлний)
            mn = _mongolian()
            assert isinstance(mn, MongolianInflector)
            for case, text in mn.forms(form.text).items():
                yield form._replace(text=text, case=f"mn:{case}", how=f"{form.how}+mn:{case}")


def _spelling(entry: Entry, forms: list[Form]) -> Iterator[Form]:
    variants = rule_table("variants.toml")
    hyphen_scripts = set(variants["hyphen_space"]["scripts"])
    joined = variants["joined"]
    for form in forms:
        scripts = scripts_of(form.text)
        if scripts & hyphen_scripts:
            if "-" in form.text:
                yield form._replace(text=form.text.replace("-", " "),
                              how=form.how + "+hyphen-space")
            if " " in form.text and entry.kind == "place" and not form.block:
                yield form._replace(text=form.text.replace(" ", "-"),
                              how=form.how + "+space-hyphen")
        words = form.text.replace("-", " ").split(" ")
        if (scripts <= set(joined["scripts"]) and len(words) >= joined["min_words"]
                and not form.block and not form.case
                and all(w[:1].isupper() for w in words)):
            yield form._replace(text="".join(words), how=form.how + "+joined", role="joined")


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
            yield form._replace(text=text, lang=out_lang, how=f"{form.how}+translit:{scheme_id}",
                          status="deprecated" if form.status == "deprecated" else "admitted",
                          from_preferred=False, reading="")


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

_WORD_START = re.compile(r"\b\w")


def _upper_at(form: Form) -> tuple[tuple[int, ...], bool]:
    """Where a text must have capitals for this form to count as a name, and whether all of
    those places (abbreviations: UB, not ub) or any one of them (names) must be capitals.

    A name needs one of its capitalised words capitalised: "battles of Khalkhin Gol" and
    "Khalkhin Gol river" are mentions; "монгол хэл" is not "Монгол".
    """
    text = form.text
    if text == text.lower():  # no capitals at all (kana, kanji, lower-case forms)
        return (), False
    if form.abbreviation:
        return _shared(tuple(i for i, ch in enumerate(text) if ch.isupper())), True
    starts = tuple(m.start() for m in _WORD_START.finditer(text) if text[m.start()].isupper())
    if not starts:
        starts = tuple(i for i, ch in enumerate(text) if ch.isupper())
    return _shared(starts), False


_SHARED: dict[tuple[int, ...], tuple[int, ...]] = {}


def _shared(value: tuple[int, ...]) -> tuple[int, ...]:
    """One object per distinct small tuple (an Index holds millions of them)."""
    return _SHARED.setdefault(value, value)


class Index:
    """The compiled glossary: an automaton over folded keys and what each key may mean.

    Immutable once built, and picklable (the automaton is rebuilt on first use after
    unpickling), so it can be cached on disk and shipped to worker processes.
    """

    def __init__(self, glossary: Glossary, forms: Iterable[Form], fingerprint: str) -> None:
        self.entries: tuple[Entry, ...] = tuple(glossary)
        self.canonicals: tuple[str, ...] = tuple(e.canonical for e in self.entries)
        self.ids: tuple[str, ...] = tuple(e.id for e in self.entries)
        self.fingerprint = fingerprint
        position = {entry.id: i for i, entry in enumerate(self.entries)}
        by_key: dict[str, list[Candidate]] = {}
        seen: set[tuple[object, ...]] = set()
        renders: dict[tuple[str, str], dict[tuple[str, str], str]] = {}
        intern = sys.intern
        for form in forms:
            key = fold(form.text)
            if not key.strip():
                continue
            upper_at, upper_all = ((), False) if form.block else _upper_at(form)
            entry = -1 if form.block else position[form.entry_id]
            identity = (key, entry, form.lang, form.role, form.case, upper_at)
            if identity in seen:
                continue
            seen.add(identity)
            by_key.setdefault(key, []).append(Candidate(
                entry=entry, lang=intern(form.lang), status=intern(form.status),
                how=intern(form.how), source=form.source, role=intern(form.role),
                case=intern(form.case), upper_at=upper_at, upper_all=upper_all,
                form=form.text))
            if not form.block and _renders_as(form):
                slot = renders.setdefault((form.entry_id, form.lang), {})
                slot.setdefault((form.role, form.case), form.text)
        del seen
        self.keys: list[str] = list(by_key)
        self.candidates: list[tuple[Candidate, ...]] = [
            tuple(sorted(by_key[key], key=_candidate_rank)) for key in self.keys]
        self.max_key_length = max((len(k) for k in self.keys), default=1)
        # The capitals rule of a key when all its candidates share it (the usual case), so
        # the scan checks it once; None when the candidates differ.
        self.case_rules: list[Candidate | None] = [
            group[0] if all((c.upper_at, c.upper_all) == (group[0].upper_at, group[0].upper_all)
                            for c in group) else None
            for group in self.candidates]
        edge_pairs: dict[tuple[int, int], tuple[int, int]] = {}
        self.edges: list[tuple[int, int]] = [
            edge_pairs.setdefault(pair, pair)
            for pair in ((edge_class(k[0]), edge_class(k[-1])) for k in self.keys)]
        self.renders = renders
        # Fuzzy matching: skeleton key -> (entry, form) for every Latin-script name form, and
        # the skeletons a multiword name may start with (so the scan tries longer spans only
        # after a promising first word).
        self.skeletons: dict[str, list[int]] = {}
        self.skeleton_heads: set[str] = set()
        minimum = min_skeleton_length()
        for group in self.candidates:
            for candidate in group:
                if candidate.entry < 0 or candidate.role == "abbr" or not _is_latin(candidate.form):
                    continue
                skel = skeleton(candidate.form)
                if len(skel) < minimum:
                    continue
                owners = self.skeletons.setdefault(skel, [])
                if candidate.entry not in owners:
                    owners.append(candidate.entry)
                words = candidate.form.replace("-", " ").split()
                self.skeleton_heads.add(skeleton(words[0]) if len(words) > 1 else skel)
        self._matcher: object | None = None

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_matcher"] = None
        state.pop("_key_index", None)
        return state

    @property
    def key_index(self) -> dict[str, int]:
        """key -> position, for lookups by name (built on first use: scans do not need it)."""
        table: dict[str, int] | None = self.__dict__.get("_key_index")
        if table is None:
            table = {key: i for i, key in enumerate(self.keys)}
            self.__dict__["_key_index"] = table
        return table

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    @property
    def matcher(self) -> object:
        """The Aho-Corasick automaton over the folded keys (built on first use)."""
        if self._matcher is None:
            import ahocorasick_rs

            self._matcher = ahocorasick_rs.AhoCorasick(
                self.keys or ["\x00"], matchkind=ahocorasick_rs.MatchKind.Standard)
        return self._matcher

    def entry_position(self, entry_id: str) -> int:
        for i, entry in enumerate(self.entries):
            if entry.id == entry_id:
                return i
        raise KeyError(entry_id)

    def render(self, entry: Entry, lang: str, role: str = "", case: str = "") -> str | None:
        """The preferred way to write `entry` in `lang`, keeping a short role and the case."""
        table = self.renders.get((entry.id, lang))
        if not table:
            return None
        plain_case = case.rstrip("~^") if case else ""
        same_family = case.split(":")[0] == lang
        for wanted in ((role, case), (role, plain_case), (role, ""), ("", case),
                       ("", plain_case), ("", "")):
            if wanted[1] and not same_family:
                continue
            if wanted in table:
                return table[wanted]
        return None


def _is_latin(text: str) -> bool:
    return scripts_of(text) == {"Latn"}


def _renders_as(form: Form) -> bool:
    """Is `form` the preferred way to write its entry in its language, role and case?"""
    origin = form.how.split("+")[0]
    if form.role == "abbr":  # a hand-written abbreviation, not a romanized one (РФ -> "RF")
        return form.status != "deprecated" and "+" not in form.how
    return form.from_preferred and origin in ("preferred", "name:short")


def _candidate_rank(c: Candidate) -> tuple[int, int, int]:
    return (0 if c.entry < 0 else 1, _STATUS_RANK.get(c.status, 3), c.how.count("+"))


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
    for part in (glossary.fingerprint(), rules_fingerprint(), schemes_fingerprint(),
                 __version__, COMPILER_VERSION,
                 *(_generator_fingerprint(g) for g in variant_generators)):
        digest.update(part.encode())
    return digest.hexdigest()


def _generator_fingerprint(generator: VariantGenerator) -> str:
    fingerprint = getattr(generator, "fingerprint", None)
    if callable(fingerprint):
        return str(fingerprint())
    return f"{generator.__module__}.{getattr(generator, '__qualname__', '')}"


def build_index(glossary: Glossary) -> Index:
    """Compile `glossary` (no cache): generate every form of every entry, fold, index."""
    forms: list[Form] = []
    limits = Limits.current()
    for entry in glossary:
        forms.extend(generate_forms(entry, limits))
    return Index(glossary, forms, index_fingerprint(glossary))


def cache_dir() -> Path:
    """Where compiled indexes are cached: $STEPPE_NAMES_CACHE, else the user cache folder."""
    explicit = os.environ.get("STEPPE_NAMES_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "steppe-names"


_MAGIC = b"steppe-names index\x00v1\n"


def compile_glossary(glossary: Glossary, *, use_cache: bool = True) -> Index:
    """The Index for `glossary`, from the on-disk cache when its inputs have not changed.

    A cache file is the magic line, the SHA-256 of the payload, then the pickled Index; a
    file that is truncated, altered or from another version fails the check and is rebuilt
    (and rewritten), never unpickled.
    """
    fingerprint = index_fingerprint(glossary)
    path = cache_dir() / f"index-{fingerprint[:40]}.pickle"
    if use_cache:
        index = _read_cache(path, fingerprint)
        if index is not None:
            return index
    index = build_index(glossary)
    if use_cache:
        _write_cache(path, index)
    return index


def compile_files(paths: Sequence[str | Path] | None,
                  load: Callable[[], Glossary]) -> Index:
    """The Index for glossary files (None: the bundled glossary) without reading them as a
    glossary when their bytes have not changed since the last build: a small reference file
    keyed by the files' raw bytes points to the content-keyed Index cache. On a miss, `load`
    parses and validates the glossary and `compile_glossary` takes over (then the reference
    is written for next time)."""
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
    index = compile_glossary(load())
    if reference is not None:
        with suppress(OSError):
            write_bytes(reference, index.fingerprint.encode("ascii"))
    return index


def _files_key(paths: Sequence[str | Path] | None) -> str:
    """A hash of the glossary files' names and bytes, and of everything else the Index
    depends on; "" when a path cannot be read (then the slow path reports the problem)."""
    from importlib import resources

    digest = hashlib.sha256()
    for part in (rules_fingerprint(), schemes_fingerprint(), __version__, COMPILER_VERSION,
                 *(_generator_fingerprint(g) for g in variant_generators)):
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
        data = path.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + 32
    if len(data) < header or not data.startswith(_MAGIC):
        return None
    digest, payload = data[len(_MAGIC):header], data[header:]
    if hashlib.sha256(payload).digest() != digest:
        return None  # truncated or altered: never unpickle it
    try:
        index = pickle.loads(payload)
    except Exception:  # a checksummed file we wrote ourselves; still, never crash on it
        return None
    if isinstance(index, Index) and index.fingerprint == fingerprint:
        return index
    return None


def _write_cache(path: Path, index: Index) -> None:
    payload = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, _MAGIC + hashlib.sha256(payload).digest() + payload)
    except OSError:
        pass  # a read-only or full cache folder only costs a rebuild next time
