"""The `steppe-names` command: parses arguments and calls the library; nothing more.

Exit codes: 0 success; 1 `normalize --check` found non-preferred forms, or an input was
empty; 2 bad input or usage (missing file, invalid UTF-8, broken glossary).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from steppe_names import __version__
from steppe_names.api import Normalizer, load_glossary
from steppe_names.glossary import GlossaryError
from steppe_names.model import LANGUAGES, Mention

PROG = "steppe-names"


class UserError(Exception):
    """A mistake in the user's input or arguments: one line on stderr, no traceback."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Document:
    name: str  # as given on the command line ("-" for stdin)
    text: str


# --- input ------------------------------------------------------------------------------------

def read_document(name: str, errors: str) -> Document:
    """Read a file (or stdin for "-") as UTF-8; invalid bytes are an error naming the offset."""
    if name == "-":
        raw = sys.stdin.buffer.read()
        shown = "<stdin>"
    else:
        path = Path(name)
        shown = name
        if path.is_dir():
            raise UserError(f"{name}: is a directory (give the files inside it)")
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise UserError(f"{name}: no such file") from None
        except PermissionError:
            raise UserError(f"{name}: permission denied") from None
        except OSError as error:
            raise UserError(f"{name}: cannot read ({error.strerror})") from None
    try:
        text = raw.decode("utf-8", errors=errors)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UserError(
            f"{shown}: invalid UTF-8 at byte offset {error.start} (line {line}): "
            f"byte 0x{raw[error.start]:02x}; convert the file to UTF-8, or pass "
            f"--errors replace to read it anyway") from None
    return Document(shown, text)


def read_documents(names: Sequence[str], errors: str) -> Iterator[Document]:
    for name in names or ["-"]:
        yield read_document(name, errors)


# --- output -----------------------------------------------------------------------------------

@contextmanager
def output(path: str | None) -> Iterator[TextIO]:
    """stdout, or a file written atomically: a temp file in the same folder, renamed at the
    end, so a failure never leaves a half-written file (and never clobbers the old one)."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{path}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# --- commands ---------------------------------------------------------------------------------

def _normalizer(args: argparse.Namespace) -> Normalizer:
    glossary = load_glossary(args.glossary) if args.glossary else load_glossary()
    return Normalizer(glossary)


def _warn_empty(doc: Document) -> bool:
    if doc.text == "":
        print(f"{PROG}: {doc.name}: empty input, nothing to do", file=sys.stderr)
        return True
    return False


def cmd_normalize(args: argparse.Namespace) -> int:
    normalizer = _normalizer(args)
    status = 0
    if args.check:
        for doc in read_documents(args.files, args.errors):
            if _warn_empty(doc):
                status = max(status, 1)
                continue
            for mention in normalizer.check(doc.text, args.lang):
                line = doc.text.count("\n", 0, mention.start) + 1
                column = mention.start - (doc.text.rfind("\n", 0, mention.start) + 1) + 1
                wanted = normalizer.replacement(mention, mention.lang or "en")
                print(f"{doc.name}:{line}:{column}: {mention.text!r} -> {wanted!r} "
                      f"({mention.entry_id}, {mention.status})")
                status = 1
        return status
    with output(args.output) as out:
        for doc in read_documents(args.files, args.errors):
            if _warn_empty(doc):
                status = 1
                continue
            out.write(normalizer.normalize(doc.text, to=args.to, lang=args.lang))
    return status


_TSV_FIELDS = ("file", "start", "end", "text", "id", "canonical", "lang", "how")


def _tsv_cell(value: object) -> str:
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace(
        "\r", "\\r")


def cmd_annotate(args: argparse.Namespace) -> int:
    normalizer = _normalizer(args)
    status = 0
    docs: list[tuple[Document, list[Mention]]] = []
    with output(args.output) as out:
        if args.format == "tsv":
            out.write("\t".join(_TSV_FIELDS) + "\n")
        for doc in read_documents(args.files, args.errors):
            if _warn_empty(doc):
                status = 1
                continue
            mentions = normalizer.annotate(doc.text, args.lang)
            if args.format == "jsonl":
                for m in mentions:
                    record = {"file": doc.name, **m.to_dict()}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif args.format == "tsv":
                for m in mentions:
                    record = {"file": doc.name, **m.to_dict()}
                    out.write("\t".join(_tsv_cell(record[k]) for k in _TSV_FIELDS) + "\n")
            else:
                docs.append((doc, mentions))
        if args.format == "html":
            out.write(render_html(docs, normalizer))
    return status


def render_html(docs: list[tuple[Document, list[Mention]]], normalizer: Normalizer) -> str:
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
    for doc, mentions in docs:
        parts.append(f"<h2>{html.escape(doc.name)} — {len(mentions)} mentions</h2>\n<pre>")
        position = 0
        for m in mentions:
            parts.append(html.escape(doc.text[position:m.start]))
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
        parts.append(html.escape(doc.text[position:]))
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
        raise UserError(f"{error}; `{PROG} schemes` lists them all") from None
    with output(args.output) as out:
        for doc in read_documents(args.files, args.errors):
            out.write(scheme(doc.text))
    return 0


def cmd_schemes(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from steppe_names.translit import schemes

    found = [s for s in schemes() if not args.lang or s.language == args.lang]
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

exit status: 0 ok; 1 --check found non-preferred forms, or an input was empty;
2 bad input (missing file, invalid UTF-8, broken glossary) or bad arguments.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Recognise names across English, Russian, Mongolian and Japanese "
                    "(\"Ulan Bator\", \"Улаанбаатарт\", \"ウランバートル\") and map each to "
                    "one glossary entry.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--glossary", action="append", metavar="PATH",
                        help="a glossary TOML file or folder to use instead of the bundled "
                             "one (repeatable)")
    text_input = argparse.ArgumentParser(add_help=False)
    text_input.add_argument("files", nargs="*", metavar="FILE",
                            help="UTF-8 text files; '-' or nothing reads standard input")
    text_input.add_argument("--lang", choices=LANGUAGES,
                            help="the documents' language (decides ambiguous names; "
                                 "guessed from the script when left out)")
    text_input.add_argument("--errors", choices=("strict", "replace"), default="strict",
                            help="invalid UTF-8: stop with an error (strict, the default) or "
                                 "replace the bad bytes with U+FFFD and go on")
    text_input.add_argument("-o", "--output", metavar="OUT",
                            help="write here instead of standard output (atomically)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    normalize = commands.add_parser(
        "normalize", parents=[common, text_input],
        help="rewrite every name to the entry's preferred form",
        description="Rewrite every mention to the entry's preferred term in --to's language. "
                    "Everything else is copied byte for byte; running it twice changes "
                    "nothing.")
    normalize.add_argument("--to", choices=LANGUAGES, default="en",
                           help="target language (default: en)")
    normalize.add_argument("--check", action="store_true",
                           help="write nothing; list FILE:LINE:COL of each non-preferred form "
                                "and exit 1 if there is any (for editorial CI)")
    normalize.set_defaults(run=cmd_normalize)

    annotate = commands.add_parser(
        "annotate", parents=[common, text_input], help="list the mentions in texts",
        description="List every mention with code-point offsets into the decoded text "
                    "(end exclusive; text[start:end] == the mention).")
    annotate.add_argument("--format", choices=("jsonl", "tsv", "html"), default="jsonl",
                          help="jsonl: one object per mention with file, start, end, text, "
                               "id, canonical, lang, how; tsv: the same columns; html: a page "
                               "with the mentions highlighted (default: jsonl)")
    annotate.set_defaults(run=cmd_annotate)

    lookup = commands.add_parser("lookup", parents=[common],
                                 help="show the entry a name refers to")
    lookup.add_argument("name", help="any form of a name, in any language")
    lookup.add_argument("--format", choices=("text", "json"), default="text")
    lookup.set_defaults(run=cmd_lookup)

    explain = commands.add_parser("explain", parents=[common],
                                  help="show why a name matches: term, rule, fold")
    explain.add_argument("name")
    explain.set_defaults(run=cmd_explain)

    transliterate = commands.add_parser(
        "transliterate", help="transliterate text under a published standard",
        description="Transliterate UTF-8 text under one scheme (see `steppe-names schemes`); "
                    "everything the scheme does not cover is copied unchanged.")
    transliterate.add_argument("--scheme", required=True, metavar="ID",
                               help="scheme id, e.g. ru-Cyrl-Latn-bgnpcgn-1947, "
                                    "mn-Cyrl-Latn-mns-2012, ja-Hrkt-Latn-hepburn-modified")
    transliterate.add_argument("files", nargs="*", metavar="FILE",
                               help="UTF-8 text files; '-' or nothing reads standard input")
    transliterate.add_argument("--errors", choices=("strict", "replace"), default="strict")
    transliterate.add_argument("-o", "--output", metavar="OUT")
    transliterate.set_defaults(run=cmd_transliterate)

    schemes = commands.add_parser("schemes", help="list the transliteration standards")
    schemes.add_argument("--format", choices=("text", "json"), default="text")
    schemes.add_argument("--lang", choices=LANGUAGES, help="only this source language")
    schemes.set_defaults(run=cmd_schemes)

    glossary = commands.add_parser("glossary", help="work with glossary files")
    glossary_commands = glossary.add_subparsers(dest="glossary_command", metavar="ACTION")
    validate = glossary_commands.add_parser(
        "validate", help="check glossary files (the bundled glossary when none are given)")
    validate.add_argument("paths", nargs="*", metavar="PATH")
    validate.set_defaults(run=cmd_glossary_validate)
    glossary.set_defaults(run=lambda _args: _usage(glossary))
    return parser


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        return _usage(parser)
    try:
        return run(args)
    except UserError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return error.code
    except GlossaryError as error:
        for problem in error.problems[:20]:
            print(f"{PROG}: {problem}", file=sys.stderr)
        if len(error.problems) > 20:
            print(f"{PROG}: ... and {len(error.problems) - 20} more problems", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
