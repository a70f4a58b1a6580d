"""The compiled Index: what the scan reads, in flat arrays.

`compile.py` makes an Index from a glossary; `scan.py` reads it. A 100k-entry glossary makes
millions of keys, so nothing here is one Python object per key or per candidate (that cost
~1.2 KB a key, a minute to unpickle and a garbage collector walking it all):

- `patterns`: every key, folded (`folding.fold`) and its word starts and ends marked
  (`folding.mark`), UTF-8, joined by newlines, in key order;
- `automaton`: daachorse's double-array Aho-Corasick over those keys, written in an alphabet
  of their own (`automaton.Automaton`), serialized (`build_automaton`, made with the Index),
  loaded on first use;
- per key: `edges` (the boundary class at each end, two bytes), `key_chars` (its length in
  code points), `rules` (its capitals rule, when all its candidates share one; else -1) and
  `cand_start` (where its candidates begin);
- per candidate: `cand_entry` (the entry's position) and `cand_info` (a position in `infos`:
  the few thousand distinct (language, status, rule chain, role, case, capitals, blocking)
  combinations);
- per entry: `ids`, `canonicals`, `priorities`, `kinds`, and its preferred renderings, a
  line of JSON per language (all of them one UTF-8 blob, `renders` with `render_ends`; one
  entry's one language is parsed on first use); the entries themselves stay pickled until
  something asks for them;
- `skeleton_hashes` / `skeleton_owners`: the fuzzy pass's keys, as sorted 64-bit hashes, and
  `skeleton_heads` (the skeletons a name may begin with) kept as one newline-joined string
  until the fuzzy pass first asks.

An Index is immutable once built and picklable. Pickled with protocol 5, its arrays and blobs
go out of band: the cache file keeps them at aligned offsets and a later run maps the file and
uses them in place (`__reduce_ex__`, `compile._read_cache`); only the automaton is copied out,
into daachorse, on first use.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import pickle
import zlib
from array import array
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, SupportsIndex

from steppe_names.model import Entry

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from steppe_names.automaton import Automaton


class Info(NamedTuple):
    """What a candidate is, apart from its entry (shared by every candidate that is alike)."""

    lang: str
    status: str
    how: str  # "preferred" / "admitted" / "deprecated" for hand-written, else the rule chain
    role: str  # "short", "abbr", "joined" or ""
    case: str  # "ru:gent", "mn:abl", ... or ""
    upper_at: tuple[int, ...]  # offsets (within the match) where capitals are expected
    upper_all: bool  # all of them must be capitals (abbreviations), or any one (names)
    block: bool  # a phrase that is NOT a mention (not_mentions, demonyms)


class Candidate(NamedTuple):
    """What a key may mean: one entry, and what the form is."""

    entry: int
    info: Info

    def fits_case(self, text: str, start: int) -> bool:
        """Does the text at `start` have the capitals this form needs?"""
        return fits_case(self.info.upper_at, self.info.upper_all, text, start)


def fits_case(upper_at: tuple[int, ...], upper_all: bool, text: str, start: int) -> bool:
    if not upper_at:
        return True
    if upper_all:
        return all(text[start + p].isupper() for p in upper_at)
    return any(text[start + p].isupper() for p in upper_at)


_NONE: dict[str, str] = {}

# A capitals rule with more places than this is checked in Python (a long abbreviation).
_RULE_WIDTH = 8


class KeyTables(NamedTuple):
    """`Index.key_tables`: per key, its edge classes (`edges`: the left one + 256 times the
    right one), its length in code points (`chars`) and its capitals rule (-1: its
    candidates differ); per rule, the places that may need a capital (`positions`, -1 past
    the rule's last), whether all of them must (`every`; else any one), and whether the rule
    is too long for the table (`python`); and the candidates' arrays (`Index.cand_start`,
    `cand_entry`, `cand_info`), which the scan reads for all its matches at once."""

    edges: npt.NDArray[np.uint16]
    chars: npt.NDArray[np.uint32]
    rules: npt.NDArray[np.int32]
    positions: npt.NDArray[np.int64]
    every: npt.NDArray[np.bool_]
    python: npt.NDArray[np.bool_]
    cand_start: npt.NDArray[np.uint32]
    cand_entry: npt.NDArray[np.uint32]
    cand_info: npt.NDArray[np.uint32]


def build_automaton(keys: list[str]) -> bytes:
    """The serialized automaton (`automaton.Automaton`) over `keys` (marked), and after them,
    numbered from `len(keys)`, the characters that make the scan compose a text first
    (`folding.nfc_trigger_patterns`), look through them (`folding.ignorable_patterns`) or
    mark it piecewise (`folding.marking_trigger_patterns`)."""
    from steppe_names.automaton import Automaton
    from steppe_names.folding import (
        ignorable_patterns,
        marking_trigger_patterns,
        nfc_trigger_patterns,
    )

    wanted = {*nfc_trigger_patterns(), *ignorable_patterns(), *marking_trigger_patterns()}
    known = wanted.intersection(keys)  # (not a set of the keys: millions, kept while it builds)
    return Automaton.build(keys + sorted(wanted - known)).serialize()


def skeleton_hash(skeleton: str) -> int:
    """A stable 64-bit hash of a skeleton key (the same in every process, unlike `hash`)."""
    return int.from_bytes(hashlib.blake2b(skeleton.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little", signed=True)


# The flat parts pickled out of band (protocol 5): arrays by type code, and byte blobs.
_ARRAYS = {"key_chars": "I", "rules": "i", "cand_start": "I", "cand_entry": "I",
           "cand_info": "I", "skeleton_hashes": "q", "skeleton_owners": "i",
           "render_ends": "Q"}
_BLOBS = ("edges", "patterns", "renders", "_entries_pickle", "automaton")
_CHECKED_AT_LOAD = (*_ARRAYS, "edges", "renders", "automaton")


def _bare_index() -> Index:
    """An Index without state, for unpickling."""
    return Index.__new__(Index)


class Index:
    """The compiled glossary: an automaton over marked keys and what each key may mean."""

    def __init__(self, *, fingerprint: str, entries: tuple[Entry, ...], patterns: bytes,
                 key_count: int, max_key_length: int, max_words: int, edges: bytes,
                 key_chars: array[int], rules: array[int],
                 rule_table: tuple[tuple[tuple[int, ...], bool], ...],
                 cand_start: array[int], cand_entry: array[int], cand_info: array[int],
                 infos: tuple[Info, ...], renders: bytes, render_ends: array[int],
                 skeleton_hashes: array[int], skeleton_owners: array[int],
                 skeleton_shared: tuple[tuple[int, ...], ...],
                 skeleton_heads: Iterable[str], automaton: bytes) -> None:
        self.fingerprint = fingerprint
        self.ids: tuple[str, ...] = tuple(e.id for e in entries)
        self.canonicals: tuple[str, ...] = tuple(e.canonical for e in entries)
        self.priorities: tuple[int, ...] = tuple(e.priority for e in entries)
        self.kinds: tuple[str, ...] = tuple(e.kind for e in entries)  # (place, person, ...)
        self._entries_pickle = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        self.patterns = patterns
        self.key_count = key_count
        self.max_key_length = max_key_length
        self.max_words = max_words  # the most words (separated by spaces) in one key
        self.edges = edges
        self.key_chars = key_chars
        self.rules = rules
        self.rule_table = rule_table
        self.cand_start = cand_start
        self.cand_entry = cand_entry
        self.cand_info = cand_info
        self.infos = infos
        self.renders = renders
        self.render_ends = render_ends
        self.skeleton_hashes = skeleton_hashes
        self.skeleton_owners = skeleton_owners
        self.skeleton_shared = skeleton_shared
        self._heads = "\n".join(sorted(skeleton_heads))
        # the automaton, serialized (`build_automaton`; made with the Index, so that loading
        # it is a copy, not a rebuild)
        self.automaton = automaton

    # --- pickling: the derived, lazily built parts stay out ------------------------------------
    _LAZY = ("entries", "matcher", "key_index", "_renders", "_positions",
             "skeleton_heads", "key_tables")

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        """Pickled as its flat parts. With protocol 5 the arrays and blobs are `PickleBuffer`s:
        the Index cache stores them out of band and maps them back without a copy
        (`compile._read_cache`); each carries its CRC-32 (`_check`)."""
        state = {k: v for k, v in self.__dict__.items() if k not in self._LAZY}
        if not state["automaton"]:  # dropped once loaded: serialize it again
            state["automaton"] = self.matcher.serialize()
        state["_sums"] = {name: zlib.crc32(state[name]) for name in (*_ARRAYS, *_BLOBS)}
        for name in (*_ARRAYS, *_BLOBS):
            value = state[name]
            if int(protocol) >= 5:
                state[name] = pickle.PickleBuffer(value)
            elif isinstance(value, memoryview):
                state[name] = array(_ARRAYS[name], value) if name in _ARRAYS else bytes(value)
        return (_bare_index, (), state)

    def __setstate__(self, state: dict[str, Any]) -> None:
        sums: dict[str, int] = state.pop("_sums", {})
        for name, code in _ARRAYS.items():  # bytes (in band) or a mapped memoryview
            value = state[name]
            if not isinstance(value, array):
                state[name] = memoryview(value).cast("B").cast(code)  # type: ignore[call-overload]
        self.__dict__.update(state)
        # What a scan or a rendering reads is checked now (a damaged cache file is then
        # rebuilt); the keys and the entries, which only lookups read, when first used.
        self._sums = sums
        for name in _CHECKED_AT_LOAD:
            self._check(name)

    def _check(self, name: str) -> None:
        """Check part `name` against its CRC-32 once (a part built here, not loaded, has
        none); a part that fails stays unchecked, so it fails again if asked again."""
        sums: dict[str, int] = self.__dict__.get("_sums", {})
        expected = sums.get(name)
        if expected is None:
            return
        if zlib.crc32(self.__dict__[name]) != expected:
            from steppe_names.errors import UserError

            raise UserError(f"the cached Index is damaged (its {name} fails its CRC-32): "
                            "remove the steppe-names cache folder and run again")
        del sums[name]

    def _blob(self, name: str) -> bytes:
        """A big blob (`patterns`, the entries) as bytes, checked first."""
        self._check(name)
        return bytes(self.__dict__[name])

    # --- what the scan reads -------------------------------------------------------------------
    @cached_property
    def matcher(self) -> Automaton:
        """The Aho-Corasick automaton over the marked keys (`automaton.Automaton`: daachorse's
        double array, over the keys in an alphabet of their own), loaded from its serialized
        form on first use."""
        from steppe_names.automaton import Automaton

        self._check("automaton")
        matcher = Automaton.load(self.__dict__["automaton"])
        self.automaton = b""  # not kept twice; pickling serializes it again
        return matcher

    @cached_property
    def key_tables(self) -> KeyTables:
        """The per-key arrays the scan's NumPy filter reads (views, nothing copied), and the
        capitals rules as a table."""
        import numpy as np

        width = max((len(at) for at, _all in self.rule_table if len(at) <= _RULE_WIDTH),
                    default=0)
        positions = np.full((max(len(self.rule_table), 1), max(width, 1)), -1, dtype=np.int64)
        every = np.zeros(len(positions), dtype=bool)
        python = np.zeros(len(positions), dtype=bool)
        for rule, (upper_at, upper_all) in enumerate(self.rule_table):
            if len(upper_at) > _RULE_WIDTH:
                python[rule] = True
            else:
                positions[rule, :len(upper_at)] = upper_at
                every[rule] = upper_all
        return KeyTables(np.frombuffer(self.edges, dtype="<u2"),
                         np.frombuffer(self.key_chars, dtype=np.uint32),
                         np.frombuffer(self.rules, dtype=np.int32), positions, every, python,
                         np.frombuffer(self.cand_start, dtype=np.uint32),
                         np.frombuffer(self.cand_entry, dtype=np.uint32),
                         np.frombuffer(self.cand_info, dtype=np.uint32))

    def candidates(self, key: int) -> list[Candidate]:
        """The candidates of key number `key`, best first (blocking forms before all)."""
        infos, entries, kinds = self.infos, self.cand_entry, self.cand_info
        return [Candidate(entries[i], infos[kinds[i]])
                for i in range(self.cand_start[key], self.cand_start[key + 1])]

    @property
    def candidate_count(self) -> int:
        return len(self.cand_entry)

    @cached_property
    def skeleton_heads(self) -> frozenset[str]:
        """The skeletons a Latin name may begin with (its first word's, or its whole one)."""
        return frozenset(self._heads.split("\n")) if self._heads else frozenset()

    def skeleton_owners_of(self, skeleton: str) -> tuple[int, ...]:
        """The entries (positions) with a Latin form of this skeleton key; () for none."""
        hashes = self.skeleton_hashes
        wanted = skeleton_hash(skeleton)
        i = bisect.bisect_left(hashes, wanted)
        if i == len(hashes) or hashes[i] != wanted:
            return ()
        owner = self.skeleton_owners[i]
        return (owner,) if owner >= 0 else self.skeleton_shared[-owner - 1]

    # --- entries and renderings ----------------------------------------------------------------
    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        """The glossary's entries (unpickled on first use: the scan needs only ids)."""
        entries: tuple[Entry, ...] = pickle.loads(self._blob("_entries_pickle"))
        return entries

    def has_entry(self, entry_id: str) -> bool:
        return entry_id in self._positions

    def entry_position(self, entry_id: str) -> int:
        position = self._positions.get(entry_id)
        if position is None:
            raise KeyError(entry_id)
        return position

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {entry_id: i for i, entry_id in enumerate(self.ids)}

    @cached_property
    def _renders(self) -> dict[tuple[int, str], dict[str, dict[str, str]]]:
        return {}

    def renders_in(self, position: int, lang: str) -> dict[str, dict[str, str]]:
        """role -> case -> the preferred way to write entry `position` in `lang` ({} for
        none). Each entry's renderings are a line of JSON per language, parsed on first use
        in this process: a run that writes one language parses only that one's."""
        table = self._renders.get((position, lang))
        if table is None:
            table = next((json.loads(rows) for written, rows in self._render_lines(position)
                          if written == lang), {})
            if len(self._renders) > 100_000:
                self._renders.clear()
            self._renders[position, lang] = table
        return table

    def renders_of(self, position: int) -> dict[str, dict[tuple[str, str], str]]:
        """lang -> (role, case) -> the preferred way to write entry `position`, in every
        language, and as "mn-Mong" in a language's other script (parsed anew at each call;
        `render` reads `renders_in`)."""
        return {lang: {(role, case): text for role, cases in json.loads(rows).items()
                       for case, text in cases.items()}
                for lang, rows in self._render_lines(position)}

    def _render_lines(self, position: int) -> Iterator[tuple[str, bytes]]:
        """Entry `position`'s renderings: (language, its JSON), a line of the blob each."""
        start = self.render_ends[position - 1] if position else 0
        for line in bytes(self.renders[start:self.render_ends[position]]).splitlines():
            lang, _tab, rows = line.partition(b"\t")
            yield lang.decode(), rows

    def render(self, entry: Entry | int, lang: str, role: str = "", case: str = "") -> str | None:
        """The preferred way to write `entry` in `lang`, keeping a short role and the case."""
        position = entry if isinstance(entry, int) else self.entry_position(entry.id)
        table = self.renders_in(position, lang)
        if not table:
            return None
        plain_case = case.rstrip("~^") if case else ""
        same_family = case.split(":")[0] == lang
        for wanted_role, wanted_case in ((role, case), (role, plain_case), (role, ""),
                                         ("", case), ("", plain_case), ("", "")):
            if wanted_case and not same_family:
                continue
            text = table.get(wanted_role, _NONE).get(wanted_case)
            if text is not None:
                return text
        return None

    # --- lookups by name (explain, lookup, benchmarks) -----------------------------------------
    @cached_property
    def key_index(self) -> dict[str, int]:
        """marked key -> key number (built on first use: scans do not need it)."""
        if not self.key_count:
            return {}
        return {key.decode("utf-8", "surrogatepass"): i
                for i, key in enumerate(self._blob("patterns").split(b"\n"))}

    def marked_keys(self) -> list[str]:
        """Every key as the automaton sees it (folded, word starts and ends marked)."""
        if not self.key_count:
            return []
        return self._blob("patterns").decode("utf-8", "surrogatepass").split("\n")

    @property
    def keys(self) -> list[str]:
        """Every key, folded (for yardsticks and tools; the scan uses `patterns`)."""
        from steppe_names.folding import unmark

        return [unmark(key) for key in self.marked_keys()]
