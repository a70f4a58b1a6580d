"""The public API: load a glossary, then annotate, normalize, look up and explain names.

>>> from steppe_names import Normalizer, load_glossary
>>> normalizer = Normalizer(load_glossary())
>>> [(m.text, m.entry_id) for m in normalizer.annotate("Putin flew to Ulan Bator.")]
[('Putin', 'vladimir-putin'), ('Ulan Bator', 'ulaanbaatar')]
>>> normalizer.normalize("Переговоры прошли в Улан Баторе.", to="ru")
'Переговоры прошли в Улан-Баторе.'
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any, NamedTuple

from steppe_names._data import rule_table
from steppe_names.compile import (
    BuildProgress,
    Index,
    compile_files,
    compile_glossary,
    generate_forms,
)
from steppe_names.folding import fold_key, mark, separators, without_ignorables
from steppe_names.glossary import Glossary, GlossaryError, Problem, toml_format
from steppe_names.model import LANGUAGES, Entry, Mention, checked_language, checked_text
from steppe_names.scan import emphasised, scan
from steppe_names.scripts import TAG_BREAKS, hashtag, is_katakana, is_word_letter, one_script
from steppe_names.stream import BLOCK, segments, split_text


def bundled_glossary_files() -> list[str]:
    """The names of the glossary files shipped with the package."""
    folder = resources.files("steppe_names").joinpath("glossaries")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))


def load_glossary(paths: str | Path | Iterable[str | Path] | None = None) -> Glossary:
    """Load and validate a glossary: the bundled one by default, or TOML files and folders.

    Translators' catalogs among the paths (.po files, or locales folders holding
    `<lang>/LC_MESSAGES/*.po`) are applied over the TOML files given (over the bundled
    glossary when only catalogs are given); their fuzzy translations are not.

    Raises GlossaryError listing every problem with file, line and entry.

    >>> glossary = load_glossary()
    >>> glossary["khalkhin-gol"].preferred("ru")
    'Халхин-Гол'
    """
    entries: list[Entry] = []
    problems: list[Problem] = []
    catalog_paths: list[str | Path] = []
    if paths is not None:
        from steppe_names.glossary import catalogs

        paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
        catalog_paths = [p for p in paths if catalogs.is_catalog_path(p)]
        toml_paths = [p for p in paths if not catalogs.is_catalog_path(p)]
        paths = toml_paths if toml_paths or not catalog_paths else None
    if paths is None:
        folder = resources.files("steppe_names").joinpath("glossaries")
        for name in bundled_glossary_files():
            text = folder.joinpath(name).read_text(encoding="utf-8")
            try:
                entries.extend(toml_format.loads(text, f"glossaries/{name}"))
            except GlossaryError as error:
                problems.extend(error.problems)
    else:
        if isinstance(paths, (str, Path)):
            paths = [paths]
        files = _expand(paths)
        for path in files:
            try:
                entries.extend(toml_format.load(path))
            except GlossaryError as error:
                problems.extend(error.problems)
        if files and not entries and not problems:  # (an empty file: normalize changed
            # nothing, quietly; no path at all is an empty Glossary, as `Glossary([])`)
            problems.append(Problem(", ".join(map(str, files)), 0, "",
                                    "holds no glossary entry ([id] tables with a kind and "
                                    "an [id.en] preferred term: docs/glossary-format.md)"))
    if problems:
        raise GlossaryError(problems)
    if catalog_paths:
        from steppe_names.glossary import catalogs

        entries = catalogs.apply_catalog_files(list(Glossary(entries)), catalog_paths)
    return Glossary(entries)


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                raise GlossaryError([Problem(str(path), 0, "", "folder holds no .toml glossary")])
            files.extend(found)
        else:
            files.append(path)
    return files


@dataclass(frozen=True)
class Explanation:
    """Why a string matches an entry: the term it came from, the rule and the fold."""

    name: str
    folded: str
    entry_id: str
    canonical: str
    form: str
    source: str
    how: str
    status: str
    lang: str
    blocked: bool = False

    def __str__(self) -> str:
        if self.blocked:
            return (f"{self.name!r} is not a mention: it is the listed non-mention "
                    f"{self.form!r} of {self.entry_id!r} ({self.how})")
        steps = [f"{self.name!r} matches {self.entry_id!r} ({self.canonical})"]
        steps.append(f"  form:   {self.form!r} [{self.lang}, {self.status}]")
        steps.append(f"  made:   {self.how}" + (f" from {self.source!r}"
                                                if self.source != self.form else ""))
        steps.append(f"  folded: {self.folded!r}")
        return "\n".join(steps)


def _foreign(mention: Mention, text: str, offset: int, overlaps: bool) -> str:
    """Why `render` refuses `mention` for `text` (mentions must be this text's, in order)."""
    if overlaps:
        return (f"mentions must be in order and not overlap: {mention.text!r} at "
                f"{mention.start} comes before the end of the one before it")
    start, end = mention.start - offset, mention.end - offset
    return (f"mention {mention.text!r} at {mention.start}:{mention.end} is not in this text "
            f"(it holds {text[start:end]!r} there): render takes the mentions that "
            f"annotate found in the same text")


class Normalizer:
    """Finds glossary names in text and rewrites them to the preferred form.

    Built once per glossary (the compiled Index comes from the on-disk cache when the
    glossary and the rules are unchanged); then `annotate` and `normalize` are thread-safe
    and cheap to call for each document.

    >>> n = Normalizer()
    >>> n.normalize("Talks in Улаанбаатар and at Khalkhyn Gol.")
    'Talks in Ulaanbaatar and at Khalkhin Gol.'
    >>> [m.how for m in n.annotate("Хүрэлсүхтэй уулзав")]
    ['name:short+mn:com']
    """

    def __init__(self, glossary: Glossary | Index | None = None, *,
                 use_cache: bool = True, fuzzy: bool = True,
                 progress: BuildProgress | None = None) -> None:
        """`progress` hears how a build of the Index goes, when one is needed
        (`progress.BuildStatus` draws it on a terminal)."""
        self.fuzzy = fuzzy  # also look names up by their skeleton key (how="fuzzy")
        # (entry, text as written, role, case, target language) -> replacement: news repeats
        # its names, and working one out costs ~10 µs
        self._replacements: dict[tuple[str, str, str, str, str], str] = {}
        if not isinstance(glossary, Glossary | Index | None):
            raise TypeError(f"glossary is a {type(glossary).__name__}: pass a Glossary "
                            f"(load_glossary(paths)) or an Index, or use "
                            f"Normalizer.from_files(paths) for glossary files")
        if isinstance(glossary, Index):
            self.index = glossary
        elif glossary is None and use_cache:
            self.index = compile_files(None, load_glossary, progress)
        else:
            self.index = compile_glossary(glossary if glossary is not None else load_glossary(),
                                          use_cache=use_cache, progress=progress)

    @classmethod
    def from_files(cls, paths: Sequence[str | Path] | None = None, *,
                   fuzzy: bool = True, progress: BuildProgress | None = None) -> Normalizer:
        """A Normalizer over glossary files (None: the bundled glossary). When the files have
        not changed since the last run, the compiled Index comes straight from the cache,
        without parsing them again: the fast start of the CLI.

        >>> Normalizer.from_files().annotate("Ulan Bator")[0].entry_id
        'ulaanbaatar'
        """
        return cls(compile_files(paths, lambda: load_glossary(paths), progress), fuzzy=fuzzy)

    @property
    def entries(self) -> Sequence[Entry]:
        return self.index.entries

    @property
    def _by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.index.entries}

    def annotate(self, text: str, lang: str | None = None) -> list[Mention]:
        """Every mention in `text`: code-point offsets (end exclusive), entry, rule.

        `lang` is the document's language (en, ru, mn, ja); it decides between entries that
        share a form. Left out, it is guessed from the script when needed.

        >>> [(m.start, m.end, m.entry_id) for m in Normalizer().annotate("ウランバートルで")]
        [(0, 7, 'ulaanbaatar')]
        """
        checked_text(text)
        if len(text) > 2 * BLOCK:
            return list(self.annotate_stream(split_text(text), lang))
        return scan(self.index, text, lang, fuzzy=self.fuzzy)

    def annotate_many(self, texts: Iterable[str], lang: str | None = None
                      ) -> Iterator[list[Mention]]:
        """`annotate` of each text, in order: for many short documents (headlines, posts,
        a DataFrame column). Texts are joined by newlines into batches and each batch is
        scanned at once, which saves the fixed cost of a call per text (a third of the time on
        500-character texts); the results are exactly those of `annotate(text, lang)` for
        each text, offsets into that text. Lazy: memory holds one batch, whatever the
        number of texts.

        >>> [[m.entry_id for m in found]
        ...  for found in Normalizer().annotate_many(["Ulan Bator", "", "ウランバートルで"])]
        [['ulaanbaatar'], [], ['ulaanbaatar']]
        """
        for text, mentions in self._many(texts, lang):
            yield mentions if mentions is not None else self.annotate(text, lang)

    def normalize_many(self, texts: Iterable[str], to: str = "en", lang: str | None = None
                       ) -> Iterator[str]:
        """`normalize` of each text, in order, batched as `annotate_many` does.

        >>> list(Normalizer().normalize_many(["Улан-Батор", "Khalkhyn Gol"], to="en"))
        ['Ulaanbaatar', 'Khalkhin Gol']
        """
        for text, mentions in self._many(texts, lang):
            yield (self._render(text, mentions, to, lang=lang) if mentions is not None
                   else self.normalize(text, to, lang))

    def _many(self, texts: Iterable[str], lang: str | None
              ) -> Iterator[tuple[str, list[Mention] | None]]:
        """Each text with its mentions, scanned in batches of texts joined by newlines (a
        name never spans one, `scan`'s `starts`); a text longer than a block comes alone with
        None (the caller takes the single-text route, streaming included)."""
        if isinstance(texts, str):
            raise TypeError("texts is one str: pass a list (or any iterable) of texts, or "
                            "call annotate/normalize for one text")
        checked_language(lang)
        batch: list[str] = []
        size = 0
        for number, text in enumerate(texts):
            checked_text(text, f"text {number}")
            if len(text) > BLOCK:
                yield from self._batch(batch, lang)
                batch, size = [], 0
                yield text, None
                continue
            batch.append(text)
            size += len(text) + 1
            if size >= MANY_BATCH:
                yield from self._batch(batch, lang)
                batch, size = [], 0
        yield from self._batch(batch, lang)

    def _batch(self, texts: list[str], lang: str | None
               ) -> Iterator[tuple[str, list[Mention]]]:
        if len(texts) <= 1:
            for text in texts:
                yield text, scan(self.index, text, lang, fuzzy=self.fuzzy)
            return
        starts = [0]
        for text in texts[:-1]:
            starts.append(starts[-1] + len(text) + 1)
        found = scan(self.index, "\n".join(texts), lang, fuzzy=self.fuzzy,
                     starts=starts if lang is None else None)
        places = [m[0] for m in found]
        make = Mention._make
        k = 0  # the first mention not handed out yet
        for text, start in zip(texts, starts, strict=True):
            first = k
            k = bisect.bisect_left(places, start + len(text), k)
            if first == k:
                yield text, []
            elif not start:
                yield text, found[first:k]
            else:
                yield text, [make((m[0] - start, m[1] - start, *m[2:])) for m in found[first:k]]

    def annotate_stream(self, chunks: Iterable[str], lang: str | None = None
                        ) -> Iterator[Mention]:
        """`annotate` over text that arrives in chunks (a file read piece by piece, a socket):
        bounded memory, offsets into the whole stream, identical results.

        >>> n = Normalizer()
        >>> [(m.start, m.text) for m in n.annotate_stream(["Talks in Ulan B", "ator today"])]
        [(9, 'Ulan Bator')]
        """
        for _offset, _text, mentions in segments(self.index, chunks, lang, fuzzy=self.fuzzy):
            yield from mentions

    def normalize_stream(self, chunks: Iterable[str], to: str = "en",
                         lang: str | None = None) -> Iterator[str]:
        """`normalize` over text that arrives in chunks; yields the output piece by piece.

        >>> "".join(Normalizer().normalize_stream(["in Улан-Бат", "оре"], to="en"))
        'in Ulaanbaatar'
        """
        checked_language(to, "to", optional=False)
        before = ""  # the character before the held segment
        held: tuple[int, str, list[Mention]] | None = None
        for segment in segments(self.index, chunks, lang, fuzzy=self.fuzzy):
            if held is not None:  # its neighbour on the right is now known
                yield self._render(held[1], held[2], to, held[0], before, segment[1][:2], lang)
                before = (before + held[1])[-8:]  # (what the next segment's start sees)
            held = segment
        if held is not None:
            yield self._render(held[1], held[2], to, held[0], before, "", lang)

    def render(self, text: str, mentions: Iterable[Mention], to: str = "en",
               lang: str | None = None) -> str:
        """`normalize(text, to, lang)` from mentions already found by `annotate(text, lang)`
        (to annotate and normalize a document with one scan).

        >>> n = Normalizer()
        >>> text = "Ulan Bator"
        >>> n.render(text, n.annotate(text), "ru")
        'Улан-Батор'
        """
        found = list(mentions)
        position = 0
        for mention in found:  # (normalize's own mentions need no such check)
            if mention.start < position or text[mention.start:mention.end] != mention.text:
                raise ValueError(_foreign(mention, text, 0, mention.start < position))
            position = mention.end
        return self._render(text, found, to, lang=lang)

    def _render(self, text: str, mentions: Iterable[Mention], to: str, offset: int = 0,
                before: str = "", after: str = "", lang: str | None = None) -> str:
        """`render` of a segment of a stream at `offset`, `before` and `after` the text on
        either side of it (a few characters)."""
        checked_language(to, "to", optional=False)
        found = list(mentions)
        chosen: list[str] = []
        articles: list[bool] = []  # drop the "the" before the mention (`_without_article`)
        pieces: list[str] = []  # as `_assemble` makes them, in the same loop
        known = self._replacements
        length = len(text)
        position = 0
        previous: Mention | None = None
        previous_changed = False
        # what `_fitted` and `_sentence_case` look at, so that most mentions skip them
        tails, heads = _before_tails(), _generic_heads(to)
        after_langs, after_first = _after_languages(), _after_initials()
        for k, mention in enumerate(found):
            start, end = mention.start - offset, mention.end - offset
            replacement = known.get((mention.entry_id, mention.text, mention.role,
                                     mention.case, to))  # (`replacement`, inlined)
            if replacement is None:
                replacement = self.replacement(mention, to)
            if replacement != mention.text:
                left = text[start - 1] if start > 0 else before[-1:]
                if start == position and previous_changed:
                    left = chosen[-1][-1:]  # two names written together (日本モンゴル): the
                    # one before is replaced, so its replacement is the neighbour
                right = text[end] if end < length else after[:1]
                if left == "_" and right == "_" and emphasised(text, start, end):
                    left = right = ""  # Markdown's emphasis (_Mongolia_), no word's "_"
                if left in _HASH:
                    replacement = _as_tag(replacement, mention.text, text, start)
                if _glues(replacement, left, right):
                    replacement = mention.text
                else:
                    if mention.text[-1:] == "." and replacement[-1:] != "." and _ends_sentence(
                            text[end:end + 2] if end + 2 <= length else text[end:] + after) and (
                            k + 1 == len(found) or found[k + 1].start - offset != end + 1):
                        # "Подписал Путин В." -> "... Vladimir Putin." (but a name right
                        # after it is more likely the next of a list: "Путин В.В. Лукашенко")
                        replacement += "."
                    if heads is not None or (replacement[:1].islower()
                                             and mention.text[:1].isupper()):
                        replacement = _sentence_case(
                            replacement, mention.text, to,
                            text[max(0, start - 4):start] if start >= 4
                            else (before + text[:start])[-4:], offset + start, left in _HASH)
            gap = text[position:start]
            if (mention.role == "abbr" and previous is not None and chosen
                    and replacement == chosen[-1] and previous.entry_id == mention.entry_id
                    and gap.strip() in _OPENING):
                # "the International Criminal Court (ICC)" in a language without the
                # abbreviation: it stays, not the name again ("国際刑事裁判所 (国際刑事裁判所)")
                replacement = mention.text
            chosen.append(replacement)
            article = (to == "en" and mention.lang == "en" and replacement != mention.text
                       and " " in mention.text and " " not in replacement
                       and _takes_article(mention.text)
                       and self._article_free(mention.entry_id))
            articles.append(article)
            changed = replacement != mention.text
            if article:  # (`_fitted`, inlined: most gaps need none of it)
                gap = _without_article(gap)
            if changed and not (len(gap) > 3 and gap[-4:-1].isalpha()) and (  # (a word of 3+
                    gap[-3:] in tails or gap[-4:] in tails or gap[-5:] in tails  # letters agrees
                    or (len(gap) < 3 and gap in tails)):  # with nothing: most gaps end in one)
                gap = _fit_before(gap, mention.lang or to, replacement)
            if previous_changed and previous is not None and gap[:1] == " " and (
                    previous.lang or to) in after_langs and gap[1:2].lower() in after_first:
                gap = _fit_after(gap, previous.lang or to, chosen[-2])
            pieces.append(gap)
            pieces.append(replacement)
            position = end
            previous, previous_changed = mention, changed
        pieces.append(_fitted(text[position:], to, False, previous,
                              chosen[-1] if previous else "", None, ""))
        assembled = "".join(pieces), pieces
        for _round in range(3):  # a replacement put back may unsettle its neighbour: again
            if _round:
                assembled = _assemble(text, found, chosen, offset, articles, to)
            unsettled = self._unsettled(found, chosen, to, lang, assembled)
            if not unsettled:
                return assembled[0]
            for i in unsettled:
                chosen[i] = found[i].text
        return _assemble(text, found, chosen, offset, articles, to)[0]

    def _article_free(self, entry_id: str) -> bool:
        """Does the entry's English name go without "the"? A place's one-word name does
        (Russia, Japan, Manchuria): "the Russian Federation" becomes "Russia", not "the
        Russia". (A name of several words may take it or not: the Kuril Islands, Lake
        Baikal; an abbreviation takes it, the USSR; `_render` asks only for one word.)"""
        return self.index.kinds[self.index.entry_position(entry_id)] == "place"

    def _unsettled(self, found: list[Mention], chosen: list[str], to: str, lang: str | None,
                   assembled: tuple[str, list[str]]) -> set[int]:
        """The replacements that, with the text around them, would read as another name
        that normalizes differently: "Elbegdorj Ts. Elbegdorj" must not become "Elbegdorj
        Tsakhiagiin Elbegdorj", where "Elbegdorj Tsakhiagiin" is the name in reverse order
        (normalizing twice would change it again). The surroundings of such replacements
        are scanned again, as many words as the longest form has."""
        # Only a replacement next to another mention (at most a separator between) is checked:
        # that is where the glossary's longer forms (name patterns in either order) can form
        # across the edge; checking every replacement would cost a second scan.
        near: set[int] = set()  # the mentions next to another one
        for i, (mention, following) in enumerate(pairwise(found)):
            if following.start - mention.end <= _NEIGHBOUR_GAP:
                near.update((i, i + 1))
        changed = [i for i in sorted(near) if chosen[i] != found[i].text]
        if not changed:
            return set()
        output, pieces = assembled  # the text with `chosen` in place, and its pieces
        edges = list(accumulate(map(len, pieces)))  # a replacement's: 2 i and 2 i + 1
        spans = [(edges[2 * i], edges[2 * i + 1]) for i in range(len(found))]
        reach = self.index.max_key_length
        words = self.index.max_words  # a name across the edge has fewer words on either side
        windows: list[tuple[int, int]] = []
        for i in changed:
            start, end = spans[i]
            floor, ceiling = max(0, start - reach), min(len(output), end + reach)
            for _word in range(words - 1):  # back to the space before words-1 more words
                space = output.rfind(" ", floor, start - 1) if start - 1 > floor else -1
                start = space if space >= 0 else floor
                if space < 0:
                    break
            for _word in range(words - 1):
                space = output.find(" ", end + 1, ceiling) if end + 1 < ceiling else -1
                end = space if space >= 0 else ceiling
                if space < 0:
                    break
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], end))
            else:
                windows.append((start, end))
        unsettled: set[int] = set()
        changed_starts = [spans[i][0] for i in changed]
        # one scan for all the windows, a newline between two (no form holds one)
        batch_starts: list[int] = []
        length = 0
        for w_start, w_end in windows:
            batch_starts.append(length)
            length += w_end - w_start + 1
        batch = "\n".join(output[w_start:w_end] for w_start, w_end in windows)
        # the document's language, when given, decides ambiguous names as in the first scan
        for m in scan(self.index, batch, lang, fuzzy=self.fuzzy):
            k = bisect.bisect_right(batch_starts, m.start) - 1
            w_start, w_end = windows[k]
            m_start = m.start - batch_starts[k] + w_start
            m_end = m.end - batch_starts[k] + w_start
            if (m_start == w_start and w_start) or (m_end == w_end and w_end < len(output)):
                continue  # cut off by the window: not what a scan of the whole would see
            position = bisect.bisect_right(changed_starts, m_end - 1) - 1
            touched = []
            while position >= 0 and spans[changed[position]][1] > m_start:
                touched.append(changed[position])
                position -= 1
            if not touched:
                continue
            replaced = [spans[i] for i in touched]
            same = (m_start, m_end) in replaced or (  # (or the replacement and the full stop
                output[m_end:m_end + 1] == "." and (m_start, m_end + 1) in replaced)  # after it)
            if not same or _as_tag(self.replacement(m, to), m.text, output, m_start) != m.text:
                unsettled.update(touched)
        return unsettled

    def normalize(self, text: str, to: str = "en", lang: str | None = None) -> str:
        """Replace each mention by the entry's preferred term in language `to`.

        A name alone stays a name alone (Putin -> Путин), an abbreviation stays an
        abbreviation where `to` has one (СССР -> USSR), and in Russian and Mongolian the
        mention's grammatical case is kept. A replacement is never glued onto a neighbouring
        word: where a letter touches the mention (Uｳﾗﾝﾊﾞｰﾄﾙ) and the replacement would merge
        with it, the mention is left as written. Entries with no term in `to` are left as written.
        Everything else in the text is kept exactly; normalizing twice changes nothing.

        >>> Normalizer().normalize("Путин прилетел в Улан-Батор.", to="mn")
        'Путин прилетел в Улаанбаатар.'
        """
        checked_text(text)
        return "".join(self.normalize_stream(split_text(text), to, lang))

    def replacement(self, mention: Mention, to: str) -> str:
        """What `normalize(..., to=to)` writes in place of `mention` (a mention of this
        Normalizer's glossary: another's is a ValueError)."""
        key = (mention.entry_id, mention.text, mention.role, mention.case, to)
        known = self._replacements.get(key)
        if known is None:
            checked_language(to, "to", optional=False)
            if not self.index.has_entry(mention.entry_id):
                raise ValueError(f"mention {mention.text!r} is of entry {mention.entry_id!r}, "
                                 f"which this Normalizer's glossary does not have (a mention "
                                 f"found with another glossary, or another version of it)")
            if len(self._replacements) >= _REPLACEMENTS_KEPT:
                self._replacements.clear()
            known = self._replacements[key] = self._replace(mention, to)
        return known

    def _replace(self, mention: Mention, to: str) -> str:
        replaced = self._rendered(mention, to)
        if replaced != mention.text and replaced == without_ignorables(mention.text):
            return mention.text  # written as it should be: its soft hyphens stay
        return replaced

    def _rendered(self, mention: Mention, to: str) -> str:
        position = self.index.entry_position(mention.entry_id)
        rendered = None
        # a name written as one word ("Ulanbator", "Уланбатор") is the name in running text;
        # only after "#" is it written as a hashtag again (`_render`), not "УланБатор" here
        role = "" if mention.role == "joined" else mention.role
        if to == mention.lang:  # in its own language a name keeps its script, if it can
            script = one_script(mention.text)
            if script:
                rendered = self.index.render(position, f"{to}-{script}", role, mention.case)
        if rendered is None:
            rendered = self.index.render(position, to, role, mention.case)
        if rendered is None:
            return mention.text
        if mention.role != "abbr" and _all_capitals(mention.text):
            return rendered.upper()
        first = rendered.split(" ", 1)[0]
        same_first = fold_key(mention.text.split(" ", 1)[0]) == fold_key(first)
        if mention.text[:1].isupper() and rendered[:1].islower() and same_first:
            # "Озеро Хасан" at a sentence's start keeps its capital ("озеро Хасан")
            return rendered[:1].upper() + rendered[1:]
        if (mention.text[:1].islower() and rendered[:1].isupper() and not first.isupper()
                and ((" " in rendered and to == mention.lang
                      and not mention.how.startswith("name:")) or same_first)):
            # A phrase written in lower case is running text ("в войне на Халхин-Голе"):
            # in its own language its replacement is too ("в боях на Халхин-Голе", not "в
            # Боях"); a one-word name keeps its capital (река Халха -> Халхин-Гол), and
            # another language its own way ("Battles of Khalkhin Gol")
            return rendered[:1].lower() + rendered[1:]
        return rendered

    def check(self, text: str, lang: str | None = None) -> list[Mention]:
        """The mentions written in a non-preferred form (what `normalize` to their own
        language would change): for editorial CI.

        >>> [m.text for m in Normalizer().check("From Ulan Bator to Ulaanbaatar.")]
        ['Ulan Bator']
        """
        return [m for m in self.annotate(text, lang) if self.correction(m) is not None]

    def correction(self, mention: Mention) -> str | None:
        """What `normalize` to the mention's own language writes in its place, or None when
        that is the same name as written (case, invisible characters and, as for matching,
        Latin diacritics aside; a hyphen written as a space is a change): what `check` and
        `steppe-names normalize --check` report.

        >>> [Normalizer().correction(m) for m in Normalizer().annotate("Ulan Bator, Ulaanbaatar")]
        ['Ulaanbaatar', None]
        """
        wanted = self.replacement(mention, mention.lang or "en")
        same = (fold_key(wanted) == fold_key(mention.text)
                and separators(wanted) == separators(mention.text))
        return None if same else wanted

    def lookup(self, name: str) -> list[Entry]:
        """The entries that `name` (any form, any language) refers to.

        >>> [e.id for e in Normalizer().lookup("Халхин-Голе")]
        ['khalkhin-gol']
        """
        found: list[Entry] = []
        for explanation in self.explain(name):
            if explanation.blocked or not explanation.entry_id:
                continue
            entry = self.index.entries[self.index.entry_position(explanation.entry_id)]
            if entry not in found:
                found.append(entry)
        return found

    def explain(self, name: str) -> list[Explanation]:
        """Why `name` matches: which term, which rule (scheme, inflection, pattern), which fold.

        >>> print(Normalizer().explain("Улаанбаатарт")[0])
        'Улаанбаатарт' matches 'ulaanbaatar' (Ulaanbaatar)
          form:   'Улаанбаатарт' [mn, preferred]
          made:   preferred+mn:dat from 'Улаанбаатар'
          folded: 'улаанбаатарт'
        """
        checked_text(name, "name")
        name = name.strip()
        # (composed: a name typed with combining accents is the same name)
        key = fold_key(unicodedata.normalize("NFC", name))
        position = self.index.key_index.get(mark(key))
        if position is None:
            # not a whole form: explain the mentions inside it instead
            explanations: list[Explanation] = []
            for mention in self.annotate(name):
                if mention.text != name:  # (itself: a fuzzy match, which no form explains)
                    explanations.extend(self.explain(mention.text))
            return explanations
        result = []
        for candidate in self.index.candidates(position):
            info = candidate.info
            entry = self.index.entries[candidate.entry]
            # The Index keeps no form texts: make the entry's forms again (one entry, fast)
            # and find the one this candidate stands for.
            form = next((f for f in generate_forms(entry) if fold_key(f.text) == key
                         and (f.lang, f.how, f.role, f.case, f.block)
                         == (info.lang, info.how, info.role, info.case, info.block)), None)
            text, source = (form.text, form.source) if form else (name, name)
            if info.block:
                blocked = Explanation(name, key, "", "", text, source, info.how, info.status,
                                      info.lang, blocked=True)
                if blocked not in result:  # the same phrase may be listed by two entries
                    result.append(blocked)
                continue
            result.append(Explanation(name, key, entry.id, entry.canonical, text, source,
                                      info.how, info.status, info.lang))
        return result


_NEIGHBOUR_GAP = 3  # code points between two mentions that count as next to each other


def _assemble(text: str, found: list[Mention], chosen: list[str], offset: int,
              articles: list[bool], to: str) -> tuple[str, list[str]]:
    """The text with each mention replaced by its chosen text, and its pieces: the text
    before the first mention, the first replacement, the text up to the next mention...
    (less the article before a replaced mention that `articles` marks, and with the words
    next to a replaced mention agreeing with it: `_fitted`)."""
    pieces: list[str] = []
    position = 0
    previous: Mention | None = None
    for i, (mention, replacement, article) in enumerate(zip(found, chosen, articles,
                                                            strict=True)):
        gap = text[position:mention.start - offset]
        pieces.append(_fitted(gap, to, article, previous, chosen[i - 1] if i else "", mention,
                              replacement))
        pieces.append(replacement)
        position = mention.end - offset
        previous = mention
    pieces.append(_fitted(text[position:], to, False, previous, chosen[-1] if chosen else "",
                          None, ""))
    return "".join(pieces), pieces


@cache
def _joins(ch: str) -> int:
    """What `ch` joins with (`_glues`): 1 if it is a word letter, + 2 if it is katakana."""
    return (1 if is_word_letter(ch) else 0) | (2 if is_katakana(ch) else 0)


_ARTICLE = re.compile(r"(?<!\w)(?:the|The|THE)[ \u00a0]+$")


@cache
def _article_heads() -> re.Pattern[str]:
    heads = rule_table("en.toml")["articles"]["heads"]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, heads)) + r")\b", re.IGNORECASE)


def _takes_article(name: str) -> bool:
    """Does this English name carry its own "the" ("the Russian Federation"), which goes
    when a one-word name replaces it? Not a proper name used as one, whose "the" belongs
    to what follows ("the Ulan Bator talks"). rules/en.toml [articles]."""
    return _article_heads().search(name) is not None


def _without_article(gap: str) -> str:
    """The text before a mention less its final "the " ("the Russian Federation" ->
    "Russia"); as it is when it does not end so."""
    found = _ARTICLE.search(gap)
    return gap[:found.start()] if found else gap


_HASH = frozenset("#＃")
_OPENING = frozenset("(（[［")  # brackets that open the abbreviation after a name


# --- the words next to a replacement ---------------------------------------------------------

class _Before(NamedTuple):
    """A word that agrees with the name after it (rules/<lang>.toml [[agreement.before]])."""

    words: frozenset[str]
    form: str
    when: re.Pattern[str]
    unless: re.Pattern[str] | None
    otherwise: str


class _After(NamedTuple):
    """A word that agrees with the name before it (rules/mn.toml [[agreement.after]])."""

    words: frozenset[str]
    forms: dict[str, str]
    after_r: dict[str, str]


@cache
def _agreement(to: str) -> tuple[tuple[_Before, ...], tuple[_After, ...]]:
    table = rule_table(f"{to}.toml").get("agreement", {})

    def pattern(rule: dict[str, Any], key: str) -> re.Pattern[str]:
        return re.compile(rule[key], re.IGNORECASE if rule.get("ignore_case") else 0)

    before = tuple(_Before(frozenset(r["words"]), r["form"], pattern(r, "when"),
                           pattern(r, "unless") if "unless" in r else None, r["else"])
                   for r in table.get("before", ()))
    after = tuple(_After(frozenset(r["words"]), dict(r["forms"]), dict(r["after_r"]))
                  for r in table.get("after", ()))
    return before, after


_LAST_WORD = re.compile(r"(?<![\w\-])(\w+)(\s+)$")
_FIRST_WORD = re.compile(r"^(\s+)(\w+)(?![\w\-])")


def _as_written(new: str, written: str, capitals: bool = False) -> str:
    """`new` in the case `written` has: ВО -> В, Во -> В, An -> A; a one-letter word in
    capitals next to a name in capitals (`capitals`) is all capitals: О УРГЕ -> ОБ."""
    if written.isupper() and (len(written) > 1 or capitals):
        return new.upper()
    return new[:1].upper() + new[1:] if written[:1].isupper() else new


def _fitted(gap: str, to: str, article: bool, previous: Mention | None, previous_as: str,
            following: Mention | None, following_as: str) -> str:
    """The text between two mentions (`previous`, written as `previous_as`, and
    `following`, as `following_as`; None at the text's ends) as normalize writes it: less
    the article that `article` marks, and a preposition before a replaced name, or a
    postposition after one, in the form the new name takes ("во Внешней Монголии" -> "в
    Монголии", "an Outer Mongolia delegation" -> "a Mongolia delegation", "Их Хүрээ рүү" ->
    "Улаанбаатар луу"). The words around a name are in its language (the mention's), which
    may not be `to`. (`Normalizer._render` does the same inline.)"""
    if article:
        gap = _without_article(gap)
    if following is not None and following_as and following_as != following.text:
        gap = _fit_before(gap, following.lang or to, following_as)
    if previous is not None and previous_as and previous_as != previous.text:
        gap = _fit_after(gap, previous.lang or to, previous_as)
    return gap


def _fit_before(gap: str, lang: str, name: str) -> str:
    """`gap` with its last word, a preposition or an article of `lang`, in the form that
    goes before `name` (rules/<lang>.toml [[agreement.before]])."""
    rules = _agreement(lang)[0]
    found = _LAST_WORD.search(gap, max(0, len(gap) - 12)) if rules else None
    if found is None:
        return gap
    written = found.group(1)
    lower = written.lower()
    word = name.split(None, 1)[0]
    if written[:1].isupper() and not _capitalised_here(gap[:found.start(1)], word):
        return gap  # "Vitamin A Urga": a capital inside a sentence, not the article
    for rule in rules:
        if lower in rule.words:
            fits = rule.when.search(word) is not None and not (
                rule.unless and rule.unless.search(word))
            new = _as_written(rule.form if fits else rule.otherwise, written, word.isupper())
            return gap[:found.start(1)] + new + gap[found.end(1):]
    return gap


def _capitalised_here(preceding: str, word: str) -> bool:
    """May a word be written with a capital after `preceding`: at a sentence's start, or in
    a text in capitals (the word before it, or the name after it)?"""
    if not preceding.strip() or _SENTENCE_START.search(preceding[-4:]):
        return True
    last = preceding.split()[-1]
    return (len(last) > 1 and last.isupper()) or (len(word) > 1 and word.isupper())


def _fit_after(gap: str, lang: str, name: str) -> str:
    """`gap` with its first word, a postposition of `lang`, in the form that goes after
    `name`: by its vowel harmony, and after р (rules/mn.toml [[agreement.after]])."""
    rules = _agreement(lang)[1]
    found = _FIRST_WORD.match(gap[:16]) if rules else None
    if found is None:
        return gap
    written = found.group(2)
    lower = written.lower()
    for post in rules:
        if lower in post.words:
            last = name.rsplit(None, 1)[-1]
            harmony = _mongolian().harmony_classes(last.lower())[0]
            table = post.after_r if last[-1:].lower() == "р" else post.forms
            new = _as_written(table[harmony], written, last.isupper())
            return gap[:found.start(2)] + new + gap[found.end(2):]
    return gap


@cache
def _before_tails() -> frozenset[str]:
    """How a gap ends when its last word may agree with the name after it, in any language
    and case: " во ", "An ", ... (`_render` calls `_fit_before` only for those; the words
    are short, so the last three or four characters tell)."""
    words = {w for lang in LANGUAGES for rule in _agreement(lang)[0] for w in rule.words}
    cased = {form for w in words for form in (w, w.capitalize(), w.upper())}
    made = {f"{before}{w}{space}" for w in cased for before in _TAIL_BEFORE
            for space in (" ", "  ", "\u00a0", "\t")}
    return frozenset(t[-n:] for t in made for n in (2, 3, 4, 5) if len(t) >= n)


@cache
def _after_initials() -> frozenset[str]:
    """The first letters of the words that agree with the name before them (a quick test
    before `_fit_after`)."""
    return frozenset(w[:1].lower() for lang in LANGUAGES for post in _agreement(lang)[1]
                     for w in post.words)


@cache
def _after_languages() -> frozenset[str]:
    """The languages with a word that agrees with the name before it."""
    return frozenset(lang for lang in LANGUAGES if _agreement(lang)[1])


@cache
def _mongolian() -> Any:
    from steppe_names.morph.mn import MongolianInflector

    return MongolianInflector()


@cache
def _generic_heads(to: str) -> re.Pattern[str] | None:
    heads = rule_table(f"{to}.toml").get("lowercase", {}).get("generic_heads")
    return re.compile("(?:" + "|".join(heads) + r")\Z") if heads else None


def _sentence_case(replacement: str, written: str, to: str, preceding: str, position: int,
                   in_tag: bool) -> str:
    """A replacement's first letter where it stands: a capital at a sentence's start ("Lake
    Khasan lies" -> "Озеро Хасан lies", not "озеро"), and inside a sentence the small letter
    of a generic word that begins a name ("on the Nomonhan Incident" -> "о боях на
    Халхин-Голе", not "о Боях": rules/<lang>.toml [lowercase])."""
    if in_tag or not replacement[:1].isalpha():
        return replacement
    if replacement[:1].islower():
        if written[:1].isupper() and _starts_sentence(preceding, position):
            return replacement[:1].upper() + replacement[1:]
        return replacement
    heads = _generic_heads(to)
    if (heads is not None and not replacement.isupper()
            and heads.match(replacement.split(None, 1)[0].lower())
            and not _starts_sentence(preceding, position)):
        return replacement[:1].lower() + replacement[1:]
    return replacement


def _as_tag(replacement: str, written: str, text: str, start: int) -> str:
    """The replacement of `written` at text[start:], as a hashtag when it follows a "#" that
    begins one: a hashtag holds one word, so a name inside it is joined ("#ХалхинГол"), and
    a phrase that only begins with it ("#Бои на Халхин-Голе") stays as written."""
    if start < 1 or text[start - 1] not in _HASH or (start >= 2 and text[start - 2].isalnum()):
        return replacement
    return written if TAG_BREAKS.search(written) else hashtag(replacement)  # (a phrase
    # after "#" is not one tag)


_SENTENCE_START = re.compile(r"(?:[.!?…][\"'»”’)]*\s+|[。！？][」』）\"'»”’)]*\s*"  # (Japanese:
                             r"|\n\s*|[«\"“„「『]\s*|^[—–]\s+|\n[—–]\s+)$")  # no space after 。)
_TAIL_BEFORE = ("", " ", "(", "\n", "«", '"', "“", "„", "\t", "\u00a0")  # (`_before_tails`)


def _starts_sentence(preceding: str, position: int) -> bool:
    """Does a mention at `position` begin a sentence, by the (up to) four characters before
    it: nothing but spaces from the text's start, a line's start, a sentence's end (and a
    closing quote) and a space, an opening quote, or a dialogue's dash?"""
    if not preceding.strip():
        return position == len(preceding) or "\n" in preceding
    return _SENTENCE_START.search(preceding) is not None


def _ends_sentence(following: str) -> bool:
    """Does a mention that ends in a full stop ("Путин В.", "U.S.") end its sentence too,
    by the (up to) two characters after it: the end of the text or of a line, or a space
    and a capital? Then the stop is the sentence's as well, and a replacement without one
    writes it (one stop stands for both, as the mention wrote it)."""
    return (not following or following[0] in "\n\r\u2028\u2029"
            or (following[0].isspace() and following[1:2].isupper()))


def _glues(replacement: str, left: str, right: str) -> bool:
    """Would `replacement`, put between `left` and `right`, merge into a neighbouring word
    (a word letter next to a word letter, or katakana next to katakana)?"""
    if not replacement:
        return False
    return bool((left and _joins(left) & _joins(replacement[0]))
                or (right and _joins(right) & _joins(replacement[-1])))


MANY_BATCH = 1 << 16  # code points of texts `annotate_many` joins into one scan
_REPLACEMENTS_KEPT = 200_000  # replacements a Normalizer remembers (then it starts again)
_default: Normalizer | None = None
_default_lock = threading.Lock()


def default_normalizer() -> Normalizer:
    """A process-wide Normalizer over the bundled glossary (built on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Normalizer()
        return _default


def annotate(text: str, lang: str | None = None) -> list[Mention]:
    """`Normalizer().annotate` on the bundled glossary."""
    return default_normalizer().annotate(text, lang)


def normalize(text: str, to: str = "en", lang: str | None = None) -> str:
    """`Normalizer().normalize` on the bundled glossary."""
    return default_normalizer().normalize(text, to, lang)


def _all_capitals(text: str) -> bool:
    """Has `text` two letters or more, all capitals ("ULAN BATOR")? Stops at the first
    letter that is not one, usually the second."""
    letters = 0
    for ch in text:
        if ch.isalpha():
            if not ch.isupper():
                return False
            letters += 1
    return letters > 1
