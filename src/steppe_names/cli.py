"""The `steppe-names` command: parses arguments and calls the library; nothing more.

Exit codes: 0 success; 1 `normalize --check` found non-preferred forms, or an input was
empty; 2 bad input or usage (missing file, invalid UTF-8, broken glossary) or an output that
cannot be written; 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import html
import io
import itertools
import json
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TextIO, cast

from steppe_names import __version__
from steppe_names.api import Normalizer, load_glossary
from steppe_names.atomic import replacing
from steppe_names.errors import InvalidUTF8, Terminated, UserError, WorkerDied, invalid_utf8
from steppe_names.folding import expect
from steppe_names.formats import TSV_FIELDS, mention_lines
from steppe_names.glossary import GlossaryError
from steppe_names.limits import LimitError
from steppe_names.model import LANGUAGES, Mention
from steppe_names.parallel import (
    LARGE_INPUT,
    annotate_blocks_parallel,
    annotate_file_parallel,
    annotate_lines_parallel,
    default_jobs,
    newline_pieces,
    normalize_blocks_parallel,
    normalize_file_parallel,
    normalize_parallel,
)
from steppe_names.progress import BuildStatus, Progress
from steppe_names.scan import guess_language
from steppe_names.stream import decode_blocks, segments

PROG = "steppe-names"


@dataclass
class Source:
    """An input named on the command line: a file, or standard input ("-")."""

    name: str  # as shown in messages and in the "file" field
    path: Path | None  # None for standard input
    size: int | None  # bytes, when known


def open_sources(names: Sequence[str]) -> list[Source]:
    """Check every input before any output is written: missing files and folders are errors."""
    sources = []
    for name in names or ["-"]:
        if name == "-":
            sources.append(Source("<stdin>", None, None))
            continue
        path = Path(name)
        # a name that is not UTF-8 (bytes Python keeps as lone surrogates) is shown, and
        # written in the "file" field, with U+FFFD for those bytes: JSON and a UTF-8 output
        # cannot hold it as it is
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if path.is_dir():
            raise UserError(f"{name}: is a directory (give the files inside it)")
        if not path.exists():
            raise UserError(f"{name}: no such file")
        if not os.access(path, os.R_OK):
            raise UserError(f"{name}: permission denied")
        sources.append(Source(name, path, path.stat().st_size))
    return sources


def read_blocks(source: Source, block: int = 1 << 20) -> Generator[bytes, None, None]:
    """The source's bytes, `block` at a time; a failed open or read (a file gone since it was
    named) is a UserError naming it."""
    if source.path is None and sys.stdin is None:
        raise UserError("standard input is closed; name a file to read")
    try:
        handle = (sys.stdin.buffer if source.path is None
                  else open(source.path, "rb"))  # noqa: SIM115
    except OSError as error:
        raise UserError(f"{source.name}: cannot read ({error.strerror})") from None
    try:
        while data := handle.read(block):
            yield data
    except OSError as error:
        raise UserError(f"{source.name}: cannot read ({error.strerror})") from None
    finally:
        if source.path is not None:
            handle.close()


def _advancing(blocks: Iterable[bytes], progress: Progress | None) -> Iterator[bytes]:
    """`blocks`, each counted on `progress` as it is read."""
    for block in blocks:
        if progress is not None:
            progress.advance(len(block))
        yield block


def read_chunks(source: Source, errors: str, progress: Progress | None = None,
                blocks: Iterable[bytes] | None = None) -> Generator[str, None, None]:
    """The source's text, decoded as UTF-8 block by block (bounded memory), the bytes counted
    on `progress` as they are read; `blocks`: its bytes when some were read already.

    Invalid UTF-8 is an error naming the exact byte offset and line, unless errors="replace".
    """
    try:
        yield from decode_blocks(_advancing(blocks if blocks is not None
                                            else read_blocks(source), progress), errors)
    except InvalidUTF8 as bad:
        raise invalid_utf8(source.name, bad.offset, bad.line, bad.byte) from None


def read_text(source: Source, errors: str) -> str:
    """The whole text of a source (for outputs that need it all, like the HTML page)."""
    return "".join(read_chunks(source, errors))


# --- output -----------------------------------------------------------------------------------

@contextmanager
def output(path: str | None) -> Iterator[TextIO]:
    """stdout, or a file written atomically: a temp file in the same folder, renamed at the
    end, so a failure never leaves a half-written file (and never clobbers the old one).
    Through a symbolic link, the file it points to is replaced and the link stays. What is
    not a regular file (/dev/null, /dev/stdout, a named pipe) is written to as it is, as
    `sort -o` does: renaming a file over it would replace a device with a file."""
    if path is None or path == "-":
        if sys.stdout is None:
            raise UserError("standard output is closed; pass -o FILE")
        yield sys.stdout
        sys.stdout.flush()
        return
    if not path:
        raise UserError("-o needs a file name ('-' is standard output)")
    if path.endswith(("/", os.sep)) and not os.path.isdir(path):
        raise UserError(f"{path}: names a folder, which does not exist; pass a file name to -o")
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise UserError(f"{path}: cannot write ({error.strerror})") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UserError(f"{path}: is a folder; pass a file name to -o")
    if mode is not None and not stat.S_ISREG(mode):
        try:
            special = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as error:
            raise UserError(f"{path}: cannot write ({error.strerror})") from None
        with special:
            yield special
        return
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{path}: folder {folder} does not exist")
    with replacing(target) as handle:
        yield cast(TextIO, handle)


# --- commands ---------------------------------------------------------------------------------

def _normalizer(args: argparse.Namespace) -> Normalizer:
    """The command's Normalizer; on a terminal, a build of its Index shows how it goes."""
    # (a build comes before any output: its status line shows on a terminal whatever
    # the output is, as the progress bar does not)
    status = BuildStatus(enabled=_on_terminal(args, before_output=True))
    try:
        return Normalizer.from_files(args.glossary or None,
                                     fuzzy=not getattr(args, "no_fuzzy", False), progress=status)
    finally:
        status.close()


def _warn_empty(source: Source) -> None:
    print(f"{PROG}: {source.name}: empty input, nothing to do", file=sys.stderr)


def _progress(args: argparse.Namespace, sources: list[Source]) -> Progress:
    sizes = [s.size for s in sources]
    total = None if any(size is None for size in sizes) else sum(s or 0 for s in sizes)
    return Progress(total, enabled=_on_terminal(args))


def _on_terminal(args: argparse.Namespace, *, before_output: bool = False) -> bool:
    """Show progress (on stderr)? Only on a terminal and without --quiet; and, while the
    output is written (not `before_output`), not when it goes to the same terminal (the bar
    was drawn between the output's lines)."""
    if getattr(args, "quiet", False) or not sys.stderr.isatty():
        return False
    if before_output:
        return True
    writes_to_stdout = getattr(args, "output", None) in (None, "-")
    return not (writes_to_stdout and sys.stdout is not None and sys.stdout.isatty())


def _jobs(args: argparse.Namespace, sources: list[Source]) -> int | None:
    """--jobs, or the default for these inputs; None when an input's size is unknown (stdin):
    then each such input decides once it has been read for a while (`_stream_jobs`)."""
    if args.jobs is not None:
        if args.jobs < 1:
            raise UserError("--jobs must be at least 1")
        return int(args.jobs)
    sizes = [s.size for s in sources]
    return None if None in sizes else default_jobs(sum(s or 0 for s in sizes))


class _Opened(NamedTuple):
    """An input of `normalize` or `annotate`, opened, in one of three routes."""

    lang: str | None  # the documents' language (`_language`)
    jobs: int  # the processes that scan it
    chunks: Iterator[str] | None = None  # its text, decoded here (one process)
    blocks: Iterator[bytes] | None = None  # its bytes, for workers to decode (a stream)
    # neither: the workers read their own ranges of the file


def _open_text(args: argparse.Namespace, source: Source, jobs: int | None,
               progress: Progress | None) -> _Opened | None:
    """An input of `normalize` or `annotate` opened, or None when it is empty (said on
    stderr). Only its first block is read here (for the language) unless one process scans
    it. `jobs` None: the default, for inputs some of whose sizes are not known in advance
    (stdin): a file decides by its own size, a stream once it has been read for a while
    (`_stream_jobs`)."""
    if jobs is None and source.size is not None:
        jobs = default_jobs(source.size)
    if jobs is not None and jobs > 1 and _has_ranges(source):
        reader = read_chunks(source, args.errors)
        try:
            first = next(reader, "")
        finally:
            reader.close()
        opened = _Opened(_language(args, first), jobs)
    elif jobs != 1 and _copies_bytes():  # a stream (stdin, a pipe) more than one process may scan
        blocks: Iterator[bytes] = read_blocks(source)
        jobs, ahead = _stream_jobs(blocks, jobs)
        if jobs > 1:  # the workers decode (and check) the bytes; the guess needs no more
            first = codecs.getincrementaldecoder("utf-8")("replace").decode(ahead[0])
            # not empty (`_stream_jobs` gives one process to an empty stream), even when its
            # first bytes decode to nothing yet
            return _Opened(_language(args, first), jobs, blocks=itertools.chain(ahead, blocks))
        else:  # progress counts what is read (with workers: what they have done)
            first, chunks = _peek(read_chunks(source, args.errors, progress,
                                              itertools.chain(ahead, blocks)))
            opened = _Opened(_language(args, first), jobs, chunks)
    else:
        if source.size is not None:
            expect(source.size)  # one process scans it all: NumPy from the start if it pays
        first, chunks = _peek(read_chunks(source, args.errors, progress))
        opened = _Opened(_language(args, first), jobs or 1, chunks)
    if not first:
        _warn_empty(source)
        return None
    return opened


def _stream_jobs(blocks: Iterator[bytes], jobs: int | None) -> tuple[int, list[bytes]]:
    """The processes for a stream whose size is not known in advance (stdin), and the blocks
    read to decide (the first one, or none when it is empty). `jobs` None (the default): all
    cores once more than `LARGE_INPUT` bytes of it have come, else 1, so at most that much is
    read ahead."""
    ahead: list[bytes] = []
    size = 0
    for block in blocks:
        ahead.append(block)
        size += len(block)
        if jobs is not None or size > LARGE_INPUT:
            break
    if not ahead:
        return 1, ahead
    return (jobs if jobs is not None else default_jobs(size)), ahead


def _copies_bytes() -> bool:
    """May workers' output be copied to the output as bytes? Only where text output does not
    translate newlines (a byte copy must be what writing the text would have been)."""
    return os.name == "posix"


def _has_ranges(source: Source) -> bool:
    """Can workers read their own byte ranges of this input? A regular file, where
    `_copies_bytes`."""
    if source.path is None or not _copies_bytes():
        return False
    try:
        return stat.S_ISREG(source.path.stat().st_mode)
    except OSError:
        return False  # gone since it was opened: the stream route says so


def _language(args: argparse.Namespace, first: str) -> str | None:
    """The documents' language: --lang, or one guess from the first block of each input, so
    that every block and every worker resolves ambiguous names the same way."""
    return args.lang or (guess_language(first) if first else None)


def _peek(chunks: Iterator[str]) -> tuple[str, Iterator[str]]:
    """The first chunk, and the stream with it put back."""
    first = next(chunks, "")
    return first, itertools.chain([first], chunks)


def cmd_normalize(args: argparse.Namespace) -> int:
    if args.check and (args.to is not None or args.output is not None):
        raise UserError("--check writes nothing and judges each name in its own language: "
                        "drop --to and -o (or drop --check to rewrite)")
    args.to = args.to or "en"
    normalizer = _normalizer(args)
    sources = open_sources(args.files)
    if args.check:
        return _check(normalizer, sources, args)
    progress = _progress(args, sources)
    jobs = _jobs(args, sources)
    status = 0
    with progress, output(args.output) as out:
        for source in sources:
            opened = _open_text(args, source, jobs, progress)
            if opened is None:
                status = 1
                continue
            lang, processes, chunks, blocks = opened
            if blocks is not None:  # the workers decode pieces of the stream
                normalize_blocks_parallel(normalizer, blocks, out, processes, args.to, lang,
                                          errors=args.errors, name=source.name,
                                          progress=progress)
            elif chunks is None:  # the workers read the file themselves
                assert source.path is not None
                normalize_file_parallel(normalizer, source.path, out, processes, args.to,
                                        lang, errors=args.errors, name=source.name,
                                        progress=progress)
            else:  # decoded here: on one process, or where bytes may not be copied
                pieces = (normalize_parallel(normalizer, chunks, processes, args.to, lang)
                          if processes > 1 else normalizer.normalize_stream(chunks, args.to, lang))
                for piece in pieces:
                    out.write(piece)
    return status


def _check(normalizer: Normalizer, sources: list[Source], args: argparse.Namespace) -> int:
    status = 0
    for source in sources:
        opened = _open_text(args, source, 1, None)
        if opened is None:
            status = max(status, 1)
            continue
        lang, _processes, chunks, _blocks = opened
        assert chunks is not None  # one process: the stream route
        line, line_start = 1, 0  # line number and offset of the line's start, so far
        for offset, text, mentions in segments(normalizer.index, chunks, lang,
                                               fuzzy=normalizer.fuzzy):
            if offset == 0 and text.startswith("\ufeff"):
                line_start = 1  # a byte order mark is no column an editor shows
            position = offset
            for mention in mentions:
                wanted = normalizer.correction(mention)
                if wanted is None:
                    continue
                segment_part = text[position - offset:mention.start - offset]
                count = segment_part.count("\n")
                if count:
                    line += count
                    line_start = position + segment_part.rfind("\n") + 1
                position = mention.start
                column = mention.start - line_start + 1
                print(f"{source.name}:{line}:{column}: {mention.text!r} -> {wanted!r} "
                      f"({mention.entry_id}, {mention.status})")
                status = 1
            rest = text[position - offset:]
            count = rest.count("\n")
            if count:
                line += count
                line_start = position + rest.rfind("\n") + 1
    return status


def cmd_annotate(args: argparse.Namespace) -> int:
    normalizer = _normalizer(args)
    sources = open_sources(args.files)
    progress = _progress(args, sources)
    jobs = _jobs(args, sources)
    status = 0
    pages: list[tuple[str, str, list[Mention]]] = []
    with progress, output(args.output) as out:
        if args.format == "tsv":
            out.write("\t".join(TSV_FIELDS) + "\n")
        for source in sources:
            if args.format == "html":  # a page for people: the whole text is needed
                text = read_text(source, args.errors)
                if not text:
                    _warn_empty(source)
                    status = 1
                    continue
                pages.append((source.name, text,
                              normalizer.annotate(text, _language(args, text))))
                continue
            opened = _open_text(args, source, jobs, progress)
            if opened is None:
                status = 1
                continue
            lang, processes, chunks, blocks = opened
            if blocks is not None:  # the workers decode pieces of the stream
                annotate_blocks_parallel(normalizer, blocks, out, processes, lang, source.name,
                                         args.format, errors=args.errors, name=source.name,
                                         progress=progress)
            elif chunks is None:  # the workers read the file themselves
                assert source.path is not None
                annotate_file_parallel(normalizer, source.path, out, processes, lang,
                                       source.name, args.format, errors=args.errors,
                                       name=source.name, progress=progress)
            elif processes > 1:  # decoded here, where bytes may not be copied
                for lines in annotate_lines_parallel(normalizer, chunks, processes, lang,
                                                     source.name, args.format):
                    out.write(lines)
            else:
                for _offset, _text, mentions in segments(normalizer.index, chunks, lang,
                                                         fuzzy=normalizer.fuzzy):
                    out.write(mention_lines(mentions, source.name, args.format))
        if args.format == "html":
            out.write(render_html(pages, normalizer))
    return status


def render_html(docs: list[tuple[str, str, list[Mention]]], normalizer: Normalizer) -> str:
    """A self-contained page: each document with its mentions highlighted; hovering a mention
    shows its entry, canonical form, language and the rule that matched it."""
    parts = ["<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
             f"<title>{PROG} annotations</title>\n<style>\n"
             "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
             "line-height:1.6;padding:0 1rem}\n"
             "pre{white-space:pre-wrap;font-family:inherit}\n"
             "mark{background:#fde68a;border-radius:3px;padding:0 2px;cursor:help}\n"
             "mark.ambiguous{background:#fca5a5}\nmark.deprecated{background:#c4b5fd}\n"
             "h2{font-size:1rem;color:#555;border-bottom:1px solid #ddd}\n"
             "</style>\n</head>\n<body>\n"]
    for name, text, mentions in docs:
        parts.append(f"<h2>{html.escape(name)} — {len(mentions)} mentions</h2>\n<pre>")
        position = 0
        for m in mentions:
            parts.append(html.escape(text[position:m.start]))
            entry = normalizer.index.entries[normalizer.index.entry_position(m.entry_id)]
            title = f"{m.entry_id} — {m.canonical} ({entry.kind}; {m.lang}, {m.how})"
            if m.ambiguous:
                title += "; ambiguous with " + ", ".join(m.alternatives)
            classes = " ".join(c for c in ("ambiguous" if m.ambiguous else "",
                                           "deprecated" if m.status == "deprecated" else "") if c)
            class_attr = f' class="{classes}"' if classes else ""
            parts.append(f'<mark{class_attr} data-id="{html.escape(m.entry_id)}" '
                         f'title="{html.escape(title)}">{html.escape(m.text)}</mark>')
            position = m.end
        parts.append(html.escape(text[position:]))
        parts.append("</pre>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def cmd_lookup(args: argparse.Namespace) -> int:
    normalizer = _normalizer(args)
    entries = normalizer.lookup(args.name)
    if not entries:
        print(f"{PROG}: no entry for {args.name!r}", file=sys.stderr)
        return 1
    for entry in entries:
        if args.format == "json":
            by_lang = {lang: [t.text for t in entry.terms_in(lang)] for lang in LANGUAGES
                       if entry.terms_in(lang)}
            print(json.dumps({"id": entry.id, "kind": entry.kind, "canonical": entry.canonical,
                              "preferred": {lang: entry.preferred(lang) for lang in by_lang},
                              "terms": by_lang}, ensure_ascii=False))
            continue
        print(f"{entry.id}  ({entry.kind})  {entry.canonical}")
        for lang in LANGUAGES:
            terms = entry.terms_in(lang)
            if terms:
                shown = ", ".join(t.text + ("" if t.status == "admitted" else f" [{t.status}]")
                                  for t in terms)
                print(f"  {lang}: {shown}")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    normalizer = _normalizer(args)
    explanations = normalizer.explain(args.name)
    if not explanations:
        print(f"{PROG}: {args.name!r} matches no entry", file=sys.stderr)
        return 1
    for explanation in explanations:
        print(explanation)
    return 0


def cmd_transliterate(args: argparse.Namespace) -> int:
    from steppe_names.translit import UnknownSchemeError, get_scheme

    try:
        scheme = get_scheme(args.scheme)
    except UnknownSchemeError as error:
        raise UserError(f"{error}; `{PROG} schemes` lists them") from None
    sources = open_sources(args.files)
    status = 0
    with output(args.output) as out:
        for source in sources:
            # A scheme looks at most at the word around a letter, and sees a piece's start
            # as it sees a space (a word start): pieces cut after a newline, or in a long
            # line after a space, give the output of the whole, in bounded memory (a 50 MB
            # line is held 512k at a time; a line without any space, as Japanese, whole).
            empty = True
            for piece in newline_pieces(read_chunks(source, args.errors), or_after=" \t"):
                empty = empty and not piece
                out.write(scheme(piece))
            if empty:  # as normalize and annotate: exit 1, and the other inputs go on
                _warn_empty(source)
                status = 1
    return status


def cmd_schemes(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from steppe_names.translit import schemes

    every = schemes()
    found = [s for s in every if not args.lang or s.language == args.lang]
    if not found:  # --lang en: English is a target, never a source
        languages = ", ".join(sorted({s.language for s in every}))
        print(f"{PROG}: no scheme transliterates from {args.lang!r}; the languages with "
              f"schemes are {languages}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps([asdict(s) for s in found], ensure_ascii=False, indent=2))
        return 0
    width = max(len(s.id) for s in found) if found else 0
    for info in found:
        arrow = "<->" if info.reversible else "->"
        print(f"{info.id:<{width}}  {info.source_script}{arrow}{info.target_script}  "
              f"{info.authority} {info.year}: {info.name}")
    return 0


def cmd_glossary_validate(args: argparse.Namespace) -> int:
    paths = args.paths or None
    glossary = load_glossary(paths)
    where = ", ".join(args.paths) if args.paths else "bundled glossary"
    terms = sum(len(e.terms) for e in glossary)
    print(f"{where}: {len(glossary)} entries, {terms} terms: OK")
    return 0


# --- argument parsing -------------------------------------------------------------------------

_EPILOG = """\
examples:
  steppe-names normalize article.txt                 rewrite names to their English form
  steppe-names normalize --to ru - < article.txt     ... to Russian, keeping the case
  steppe-names normalize --check docs/*.md           list non-preferred spellings (exit 1)
  steppe-names annotate --format jsonl article.txt   one JSON object per mention
  steppe-names lookup "Улан-Батор"                   the entry a name refers to
  steppe-names explain "Халхин-Голе"                 why a form matches (term, rule, fold)
  steppe-names glossary validate my-glossary.toml    check a glossary file
  steppe-names transliterate --scheme ru-Cyrl-Latn-bgnpcgn-1947 names.txt
  steppe-names schemes --lang mn                     the transliteration standards known
  steppe-names po export --lang ru                   write locales/ru/.../steppe_names.po
  steppe-names po import --dry-run FILE.po           what a translator's catalog would change
  steppe-names glossary export --format tbx -o g.tbx for CAT tools (tbx, tbx2, csv, tsv)

exit status: 0 ok; 1 --check found non-preferred forms, or an input was empty;
2 bad input (missing file, invalid UTF-8, broken glossary), bad arguments or an output
that cannot be written; 130 Ctrl-C, 143 SIGTERM (the old output stays, no temporary file).
"""


class HelpLayout(argparse.RawDescriptionHelpFormatter):
    """A description of one line is wrapped to the terminal; an epilog laid out by hand
    (examples, in lines of their own) is kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return super()._fill_text(text, width, indent)
        return argparse.HelpFormatter._fill_text(self, text, width, indent)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Recognise names across English, Russian, Mongolian and Japanese "
                    "(\"Ulan Bator\", \"Улаанбаатарт\", \"ウランバートル\") and map each to "
                    "one glossary entry.",
        epilog=_EPILOG, formatter_class=HelpLayout)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--glossary", action="append", metavar="PATH",
                        help="a glossary TOML file or folder to use instead of the bundled "
                             "one (repeatable)")
    files = argparse.ArgumentParser(add_help=False)  # what every command on text takes
    files.add_argument("files", nargs="*", metavar="FILE",
                       help="UTF-8 text files; '-' or nothing reads standard input")
    files.add_argument("--errors", choices=("strict", "replace"), default="strict",
                       help="invalid UTF-8: stop with an error (strict, the default) or "
                            "replace the bad bytes with U+FFFD and go on")
    files.add_argument("-o", "--output", metavar="OUT",
                       help="write here instead of standard output (atomically)")
    text_input = argparse.ArgumentParser(add_help=False, parents=[files])
    text_input.add_argument("--lang", choices=LANGUAGES,
                            help="the documents' language (decides ambiguous names; "
                                 "guessed from the script when left out)")
    text_input.add_argument("-j", "--jobs", type=int, metavar="N",
                            help="worker processes (default: all cores for inputs over 4 MB, "
                                 "standard input included once 4 MB of it have come; else 1); "
                                 "the output is the same whatever N")
    text_input.add_argument("--no-fuzzy", action="store_true",
                            help="exact forms only: skip the skeleton-key lookup of names no "
                                 "rule spells (about 30%% faster on mixed news text)")
    text_input.add_argument("-q", "--quiet", action="store_true",
                            help="no progress bar, and no status line while a changed "
                                 "glossary compiles (both are shown only on a terminal anyway)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    normalize = commands.add_parser(
        "normalize", parents=[common, text_input],
        help="rewrite every name to the entry's preferred form",
        description="Rewrite every mention to the entry's preferred term in --to's language. "
                    "Everything else is copied byte for byte; running it twice changes "
                    "nothing.", formatter_class=HelpLayout,
        epilog="""examples:
  steppe-names normalize news.txt                      names in English, to stdout
  echo 'Путин прилетел в Улан-Батор.' | steppe-names normalize --to mn
                                                       Путин прилетел в Улаанбаатар.
  steppe-names normalize --to ru -o out.txt a.txt b.txt
  steppe-names normalize -j 4 archive.txt > clean.txt  4 processes, the same output
  steppe-names normalize --check docs/*.md             FILE:LINE:COL of each form to fix

exit status: 0 done (--check: nothing to fix); 1 --check found forms, or empty input;
2 a problem with the input or the options, said in one line""")
    normalize.add_argument("--to", choices=LANGUAGES,
                           help="target language (default: en)")
    normalize.add_argument("--check", action="store_true",
                           help="write nothing; list FILE:LINE:COL of each non-preferred form "
                                "and exit 1 if there is any (for editorial CI)")
    normalize.set_defaults(run=cmd_normalize)

    annotate = commands.add_parser(
        "annotate", parents=[common, text_input], help="list the mentions in texts",
        description="List every mention with code-point offsets into the decoded text "
                    "(end exclusive; text[start:end] == the mention).",
        formatter_class=HelpLayout,
        epilog="""examples:
  steppe-names annotate news.txt                       one JSON object a mention
  steppe-names annotate --format tsv *.txt > mentions.tsv
  steppe-names annotate --format html story.txt -o story.html
  echo 'Talks in Ulan Bator' | steppe-names annotate | jq -r .id
                                                       ulaanbaatar

exit status: 0 done; 1 empty input; 2 a problem with the input or the options""")
    annotate.add_argument("--format", choices=("jsonl", "tsv", "html"), default="jsonl",
                          help="jsonl: one object per mention with file, start, end, text, "
                               "id, canonical, lang, how; tsv: the same columns; html: a page "
                               "with the mentions highlighted (default: jsonl)")
    annotate.set_defaults(run=cmd_annotate)

    lookup = commands.add_parser("lookup", parents=[common],
                                 help="show the entry a name refers to",
                                 description="Show the entry (or entries) a name refers to, "
                                             "given in any language and any form the "
                                             "compiler makes (Улан-Баторе, Ulan Bator). "
                                             "Exit status 1 when no entry has it.",
                                 formatter_class=HelpLayout,
                                 epilog="""examples:
  steppe-names lookup Улан-Баторе
  steppe-names lookup "Khalkhyn Gol" --format json
  steppe-names lookup ウランバートル --glossary my-glossary/""")
    lookup.add_argument("name", help="any form of a name, in any language")
    lookup.add_argument("--format", choices=("text", "json"), default="text",
                        help="text: the entry's terms by language; json: one object an entry "
                             "(default: text)")
    lookup.set_defaults(run=cmd_lookup)

    explain = commands.add_parser("explain", parents=[common],
                                  help="show why a name matches: term, rule, fold",
                                  description="Show why a name matches: the glossary term it "
                                              "was made from, the rules that made it "
                                              "(inflection, name pattern, transliteration "
                                              "scheme) and its folded key; a phrase that is "
                                              "not a form is explained mention by mention. "
                                              "Exit status 1 when nothing matches.",
                                  formatter_class=HelpLayout,
                                  epilog="""examples:
  steppe-names explain Халхин-Голе                     the term, the case rule, the key
  steppe-names explain "Sinzo Abe"                     a transliteration scheme's form
  steppe-names explain "Путин прилетел в Улан-Батор"   each mention of a phrase""")
    explain.add_argument("name", help="a name or a phrase that holds names")
    explain.set_defaults(run=cmd_explain)

    transliterate = commands.add_parser(
        "transliterate", parents=[files], help="transliterate text under a published standard",
        description="Transliterate UTF-8 text under one scheme (see `steppe-names schemes`); "
                    "everything the scheme does not cover is copied unchanged.",
        formatter_class=HelpLayout,
        epilog="""examples:
  echo 'Улаанбаатар' | steppe-names transliterate --scheme mn-Cyrl-Latn-mns-2012
                                                       Ulaanbaatar
  steppe-names transliterate --scheme ru-Cyrl-Latn-gost779b-2000 -o out.txt in.txt
  steppe-names schemes --lang ja                       the schemes for Japanese

exit status: 0 done; 1 empty input; 2 a problem with the input or the options""")
    transliterate.add_argument("--scheme", required=True, metavar="ID",
                               help="scheme id, e.g. ru-Cyrl-Latn-bgnpcgn-1947, "
                                    "mn-Cyrl-Latn-mns-2012, ja-Hrkt-Latn-hepburn-modified")
    transliterate.set_defaults(run=cmd_transliterate)

    schemes = commands.add_parser(
        "schemes", help="list the transliteration standards",
        description="The transliteration schemes, each with its standard (name, year, "
                    "table) and source and target scripts.",
        formatter_class=HelpLayout,
        epilog="""examples:
  steppe-names schemes
  steppe-names schemes --lang ru --format json""")
    schemes.add_argument("--format", choices=("text", "json"), default="text",
                         help="text: a line a scheme; json: their ids, standards and scripts "
                              "(default: text)")
    schemes.add_argument("--lang", choices=LANGUAGES, help="only this source language")
    schemes.set_defaults(run=cmd_schemes)

    glossary = commands.add_parser(
        "glossary", help="work with glossary files",
        description="Check glossary files, and bring them to and from the terminology "
                    "formats translators' tools read (TBX, CSV, TSV); `steppe-names glossary "
                    "ACTION --help` says more of each.",
        formatter_class=HelpLayout,
        epilog="""examples:
  steppe-names glossary validate my-glossary/
  steppe-names glossary export --format tbx -o glossary.tbx
  steppe-names glossary import --lang ru --dry-run ru.csv""")
    glossary_commands = glossary.add_subparsers(dest="glossary_command", metavar="ACTION")
    validate = glossary_commands.add_parser(
        "validate", help="check glossary files (the bundled glossary when none are given)",
        formatter_class=HelpLayout,
        description="Check glossary files as every command loads them: TOML syntax, fields, "
                    "scripts, one preferred term per language, no form claimed by two "
                    "entries. A .po catalog among the paths is checked as applied over the "
                    "TOML files given (over the bundled glossary when none are).",
        epilog="""examples:
  steppe-names glossary validate                       the bundled glossary
  steppe-names glossary validate my-glossary/          every *.toml in a folder
  steppe-names glossary validate g.toml locales/ru/LC_MESSAGES/steppe_names.po

exit status: 0 valid; 2 a problem, each said as FILE:LINE: entry 'id': what is wrong""")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="TOML files or folders of them, and .po catalogs")
    validate.set_defaults(run=cmd_glossary_validate)
    glossary.set_defaults(run=lambda _args: _usage(glossary))

    from steppe_names.cli_po import add_commands  # the translators' commands: po, glossary I/O

    add_commands(commands, glossary_commands, common)
    return parser


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _own_parsers(parser: argparse.ArgumentParser) -> None:
    """Let every (sub)command's parser be found from its parsed arguments (`main` has it
    report an unknown option with that command's usage, not the top level's)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                sub.set_defaults(command_parser=sub)
                _own_parsers(sub)


def main(argv: Sequence[str] | None = None) -> int:
    _standard_streams()  # (before --help, whose examples are not ASCII)
    parser = build_parser()
    _own_parsers(parser)
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # what parse_args says, from the command's own parser
        owner: argparse.ArgumentParser = getattr(args, "command_parser", parser)
        owner.error(f"unrecognized arguments: {' '.join(unknown)}")
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        return _usage(parser)
    terminate = _on_sigterm()
    try:
        return run(args)
    except Terminated:
        print(f"{PROG}: terminated", file=sys.stderr)
        return 143
    except (UserError, LimitError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return getattr(error, "code", 2)
    except WorkerDied as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    except GlossaryError as error:
        for problem in error.problems[:20]:
            print(f"{PROG}: {problem}", file=sys.stderr)
        if len(error.problems) > 20:
            print(f"{PROG}: ... and {len(error.problems) - 20} more problems", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): not an error of ours; but `--check` had
        # found forms to report (it exited 0, and a check piped to head passed)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1 if getattr(args, "check", False) else 0
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except OSError as error:  # mostly the output failing: a full disk, a terminal gone
        where = error.filename or getattr(args, "output", None) or "output"
        print(f"{PROG}: {where}: {error.strerror or error}", file=sys.stderr)
        with contextlib.suppress(OSError, AttributeError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error
        return 2
    finally:
        terminate()


def _standard_streams() -> None:
    """Output is UTF-8 whatever the locale says (a Windows console, LANG=C, a
    PYTHONIOENCODING of cp1251: a Japanese name was a UnicodeEncodeError); a closed stderr
    swallows messages instead of crashing on them."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    stdout = sys.stdout
    if isinstance(stdout, io.TextIOWrapper) and (
            stdout.encoding.lower().replace("-", "") != "utf8"):
        with contextlib.suppress(ValueError, OSError):
            stdout.reconfigure(encoding="utf-8")


def _on_sigterm() -> Callable[[], None]:
    """Turn SIGTERM into `Terminated` for the run (in the main thread only, where Python
    delivers signals); returns what puts the previous handler back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def raise_terminated(_signum: int, _frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, raise_terminated)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore


if __name__ == "__main__":
    sys.exit(main())
