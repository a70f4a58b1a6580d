"""`steppe-names po ...` and `steppe-names glossary export|import`: the translators' commands.

`add_commands(commands, glossary_commands, common)` adds them to the parser that `cli.py`
builds; each command parses nothing itself and calls the library.

Exit codes: 0 success; 1 `po export --check` found catalogs out of date; 2 bad input (a broken
catalog, an import that would not validate, an export that would overwrite translations that
were not imported yet), with one `file:line: entry 'id': problem` line per problem.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from steppe_names.errors import UserError
from steppe_names.glossary import GlossaryError, Problem

if TYPE_CHECKING:
    from steppe_names.glossary import catalogs as cat
else:  # polib, tomlkit and the catalog code load only when a po/glossary command runs
    class _Catalogs:
        def __getattr__(self, name: str) -> Any:
            from steppe_names.glossary import catalogs

            return getattr(catalogs, name)

    cat = _Catalogs()
from steppe_names.lock import LockTimeout, locked

PROG = "steppe-names"

# --- helpers ----------------------------------------------------------------------------------


def _fail(message: str, code: int = 2) -> NoReturn:
    raise UserError(message, code)


def _source(args: argparse.Namespace) -> cat.Source:
    return cat.load_source(getattr(args, "glossary", None))


def _langs(args: argparse.Namespace) -> list[str]:
    try:
        return cat.parse_languages(args.lang)
    except ValueError as error:
        _fail(f"--lang: {error}")


def _out(args: argparse.Namespace, source: cat.Source) -> Path:
    out = Path(args.out) if args.out else source.default_locales()
    if out.exists() and not out.is_dir():
        _fail(f"{out}: not a folder")
    return out


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _note(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _warn(problems: Sequence[Problem], limit: int = 20) -> None:
    for problem in problems[:limit]:
        _note(f"warning: {problem}")
    if len(problems) > limit:
        _note(f"... and {len(problems) - limit} more warnings")


def _glossary_folders(args: argparse.Namespace) -> list[Path]:
    """The folders whose glossary files a command may rewrite (locked while it runs)."""
    paths = getattr(args, "glossary", None)
    if not paths:
        return [cat.package_folder() / "glossaries"]
    return [Path(p) if Path(p).is_dir() else Path(p).parent for p in paths]


def _catalog_folders(args: argparse.Namespace) -> list[Path]:
    """The locales folder a command may rewrite."""
    if getattr(args, "out", None):
        return [Path(args.out)]
    return [cat.bundled_locales() if not getattr(args, "glossary", None) else Path("locales")]


def _locking(folders: Callable[[argparse.Namespace], list[Path]],
             check: Callable[[argparse.Namespace], object] | None = None,
             ) -> Callable[[Callable[[argparse.Namespace], int]],
                           Callable[[argparse.Namespace], int]]:
    """Run a command holding the lock of the folders it rewrites: a second command on the same
    files waits, and then reads what the first one wrote (see lock.py). Taking the lock makes
    a folder that is missing, so `check` first fails on what the arguments get wrong."""

    def wrap(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        @functools.wraps(command)
        def run(args: argparse.Namespace) -> int:
            if check is not None:
                check(args)
            if getattr(args, "dry_run", False):
                return command(args)
            rewritten = folders(args)
            for folder in rewritten:
                if folder.exists() and not folder.is_dir():
                    _fail(f"{folder}: not a folder (--out takes the locales folder)")
            try:
                with locked(rewritten):
                    return command(args)
            except LockTimeout as error:
                _fail(str(error))
            except OSError as error:
                _fail(f"cannot take the lock: {error}")

        return run

    return wrap


# --- po ---------------------------------------------------------------------------------------

@_locking(_catalog_folders, check=_langs)
def cmd_po_export(args: argparse.Namespace) -> int:
    source = _source(args)
    out = _out(args, source)
    report = cat.plan_export(source, _langs(args), out, force=args.force or args.check)
    changed = report.changed
    if args.check:
        for path in changed:
            print(f"{_shown(path)}: out of date (run `{PROG} po export`)")
        if not changed:
            print(f"{_shown(out)}: catalogs are up to date")
        return 1 if changed else 0
    written = cat.write_planned(report.files)
    for path in written:
        print(f"wrote {_shown(path)}")
    if not written:
        print(f"{_shown(out)}: catalogs are up to date")
    return 0


@_locking(_catalog_folders, check=_langs)
def cmd_po_update(args: argparse.Namespace) -> int:
    source = _source(args)
    out = _out(args, source)
    report = cat.plan_export(source, _langs(args), out, update=True)
    for path in cat.write_planned(report.files):
        print(f"wrote {_shown(path)}")
    if report.pending:
        _note(f"{len(report.pending)} translation(s) in the catalogs differ from the glossary "
              f"and are kept (bring them in with `{PROG} po import`):")
        for problem in report.pending[:20]:
            _note(f"  {problem}")
    return 0


@_locking(_glossary_folders)
def cmd_po_import(args: argparse.Namespace) -> int:
    source = _source(args)
    files: list[str | Path] = list(args.catalogs)
    if not files:
        folder = source.default_locales()
        files = list(cat.find_catalogs(folder))
        if not files:
            _fail(f"no catalogs in {_shown(folder)} (give the .po files to import)")
    for name in files:
        if Path(name).is_dir():
            _fail(f"{name}: is a folder (give the .po files, e.g. "
                  f"{Path(name) / 'ru' / 'LC_MESSAGES' / 'steppe_names.po'})")
    report = cat.import_catalogs(source, files, include_fuzzy=args.include_fuzzy,
                                 dry_run=args.dry_run)
    _warn(report.warnings)
    for line in report.descriptions:
        print(line)
    for name in files:
        counts = []
        if report.untranslated.get(str(name)):
            counts.append(f"{report.untranslated[str(name)]} untranslated")
        if report.fuzzy.get(str(name)):
            counts.append(f"{report.fuzzy[str(name)]} fuzzy not applied")
        if counts:
            print(f"{name}: {', '.join(counts)}")
    verb = "would change" if args.dry_run else "changed"
    print(f"{len(report.changes)} entr{'y' if len(report.changes) == 1 else 'ies'} {verb}")
    if args.dry_run:
        for path, old, new in report.planned:
            if old != new:
                print(f"would write {_shown(path)}")
    for path in report.written:
        print(f"wrote {_shown(path)}")
    return 0


@_locking(_catalog_folders, check=_langs)
def cmd_po_compile(args: argparse.Namespace) -> int:
    source_bundled = not getattr(args, "glossary", None)
    out = Path(args.out) if args.out else (cat.bundled_locales() if source_bundled
                                           else Path("locales"))
    langs = _langs(args)
    if not args.lang:
        langs = [lang for lang in langs if cat.catalog_path(out, lang).exists()]
        if not langs:
            _fail(f"no catalogs in {_shown(out)}")
    # a fuzzy message compiles as the glossary's term, when the glossary is known to be the
    # catalogs' own: given, or the bundled one for the bundled catalogs (`plan_compile`)
    own = source_bundled and not args.out
    entries = list(_source(args).glossary) if own or not source_bundled else None
    planned = cat.plan_compile(out, langs, entries)
    written = cat.write_planned(planned)
    for path in written:
        print(f"wrote {_shown(path)}")
    if not written:
        print(f"{_shown(out)}: compiled catalogs are up to date")
    return 0


# --- glossary export / import -----------------------------------------------------------------

_FORMATS = ("tbx", "tbx2", "csv", "tsv")
_EXTENSIONS = {".tbx": "tbx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".utf8": "tsv",
               ".txt": "tsv"}


def _format(args: argparse.Namespace, path: str | None) -> str:
    if args.format:
        chosen: str = args.format
        return chosen
    suffix = Path(path).suffix.lower() if path and path != "-" else ""
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    _fail("give --format (tbx, tbx2, csv or tsv)")


def _one_lang(args: argparse.Namespace, fmt: str) -> str:
    if not args.lang:
        _fail(f"--format {fmt} holds one language: give --lang ru, mn or ja")
    langs = _langs(args)
    if len(langs) != 1:
        _fail(f"--format {fmt} holds one language: give one --lang")
    return langs[0]


def cmd_glossary_export(args: argparse.Namespace) -> int:
    from steppe_names.cli import output
    from steppe_names.glossary import csv_format, tbx_format

    source = _source(args)
    fmt = _format(args, args.output)
    entries = sorted(source.glossary, key=lambda e: e.id)
    dropped: list[str]
    if fmt in ("tbx", "tbx2"):
        data = tbx_format.dumps(entries, version=3 if fmt == "tbx" else 2)
        dropped = []
    else:
        lang = _one_lang(args, fmt)
        dump = csv_format.dumps_weblate if fmt == "csv" else csv_format.dumps_omegat
        data, dropped = dump(entries, lang)
    with output(args.output) as out:
        out.write(data)
    for line in dropped:
        _note(line)
    return 0


@_locking(_glossary_folders)
def cmd_glossary_import(args: argparse.Namespace) -> int:
    from steppe_names.glossary import csv_format, tbx_format

    source = _source(args)
    fmt = _format(args, args.file)
    path = Path(args.file)
    if not path.is_file():
        _fail(f"{args.file}: no such file")
    report = cat.ImportReport()
    if fmt in ("tbx", "tbx2"):
        new_entries, problems = tbx_format.merge(list(source.glossary),
                                                 tbx_format.load(path))
        if args.lang:  # only that language's terms come in (it was ignored)
            lang = _one_lang(args, fmt)
            before = {e.id: e for e in source.glossary}
            new_entries = [cat.with_language(before[entry.id], lang, entry.terms_in(lang))
                           if entry.id in before else entry for entry in new_entries]
    else:
        lang = _one_lang(args, fmt)
        load = csv_format.load_weblate if fmt == "csv" else csv_format.load_omegat
        rows = load(path, lang)
        new_entries, problems = csv_format.merge(list(source.glossary), rows, lang)
        mismatch = csv_format.language_problem(list(source.glossary), rows, lang, args.file)
        if mismatch is not None:
            problems.append(mismatch)
        fuzzy = sorted({(row.line, row.entry_id) for row in rows if row.fuzzy})
        _warn([Problem(args.file, row_line, entry_id, f"fuzzy [{lang}]: not applied (review "
                       f"it and clear the fuzzy mark)") for row_line, entry_id in fuzzy])
    cat.commit(source, new_entries, problems, report, dry_run=args.dry_run)
    for line in report.descriptions:
        print(line)
    verb = "would change" if args.dry_run else "changed"
    print(f"{len(report.changes)} entr{'y' if len(report.changes) == 1 else 'ies'} {verb}")
    for written in report.written:
        print(f"wrote {_shown(written)}")
    return 0


# --- wiring -----------------------------------------------------------------------------------

_PO_EPILOG = """\
the catalogs: <out>/<lang>/LC_MESSAGES/steppe_names.po (+ .mo) and <out>/steppe_names.pot;
<out> is the package's locales/ for the bundled glossary, ./locales with --glossary.

examples:
  steppe-names po import --dry-run locales/ru/LC_MESSAGES/steppe_names.po
  steppe-names po import locales/ru/LC_MESSAGES/steppe_names.po && steppe-names po export
  steppe-names po update          # bring new glossary entries into the catalogs
  steppe-names po compile         # .po -> .mo for gettext
"""


def add_commands(commands: Any, glossary_commands: Any,
                 common: argparse.ArgumentParser) -> None:
    """Add `po export|import|update|compile` to `commands` and `export`/`import` to the
    `glossary` command's `glossary_commands`; `common` is the parent with --glossary."""
    from steppe_names.cli import HelpLayout  # (cli imports this module late: no cycle)

    formatter = HelpLayout
    po = commands.add_parser(
        "po", help="gettext catalogs for translators (export, import, update, compile)",
        description="The glossary's Russian, Mongolian and Japanese sides as gettext "
                    "catalogs that translators edit in Poedit, Lokalize or Weblate.",
        epilog=_PO_EPILOG, formatter_class=formatter)
    po_commands = po.add_subparsers(dest="po_command", metavar="ACTION")

    def usage(_args: argparse.Namespace) -> int:
        po.print_help(sys.stderr)
        return 2

    po.set_defaults(run=usage)

    langs = argparse.ArgumentParser(add_help=False)
    langs.add_argument("--lang", metavar="LANGS",
                       help="comma-separated catalog languages (default: ru,mn,ja)")
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument("--out", metavar="DIR",
                     help="the locales folder (default: the package's for the bundled "
                          "glossary, ./locales with --glossary)")

    export = po_commands.add_parser(
        "export", parents=[common, langs, out], formatter_class=formatter,
        help="write the catalogs and the template from the glossary",
        description="Write <DIR>/<lang>/LC_MESSAGES/steppe_names.po and "
                    "<DIR>/steppe_names.pot from the glossary. Header fields of translators, "
                    "fuzzy suggestions and obsolete messages of existing catalogs are kept; "
                    "a translation that differs from the glossary stops the export (import "
                    "it first, or --force).",
        epilog="""examples:
  steppe-names po export                               every catalog of the bundled glossary
  steppe-names po export --lang ru --glossary g/ --out locales/
  steppe-names po export --check                       exit 1 when a catalog is out of date""")
    export.add_argument("--force", action="store_true",
                        help="overwrite catalog translations that differ from the glossary")
    export.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a catalog is out of date")
    export.set_defaults(run=cmd_po_export)

    update = po_commands.add_parser(
        "update", parents=[common, langs, out],
        help="merge the glossary into existing catalogs (as msgmerge)",
        description="Add new entries, make removed ones obsolete (#~), mark entries whose "
                    "English changed fuzzy with the previous msgid (#|); translations and "
                    "translator comments in the catalogs are kept.",
        formatter_class=formatter, epilog="""examples:
  steppe-names po update
  steppe-names po update --lang mn --glossary g/ --out locales/""")
    update.set_defaults(run=cmd_po_update)

    import_ = po_commands.add_parser(
        "import", parents=[common],
        help="bring translators' catalogs into the glossary files",
        description="Apply new preferred terms, added, removed or re-ranked variants and "
                    "translator comments to the glossary's TOML files (their comments and "
                    "layout are kept). Every problem is reported as FILE:LINE; a failed "
                    "import changes nothing. Empty translations are left alone (counted); "
                    "fuzzy ones are not applied unless --include-fuzzy.",
        formatter_class=formatter, epilog="""examples:
  steppe-names po import --dry-run locales/ru/LC_MESSAGES/steppe_names.po
  steppe-names po import                               every catalog of the locales folder
  steppe-names po import --glossary g/ ru.po mn.po""")
    import_.add_argument("catalogs", nargs="*", metavar="CATALOG",
                         help=".po files (default: every catalog in the locales folder)")
    import_.add_argument("--dry-run", action="store_true",
                         help="print what would change; write nothing")
    import_.add_argument("--include-fuzzy", action="store_true",
                         help="apply fuzzy translations too")
    import_.set_defaults(run=cmd_po_import)

    compile_ = po_commands.add_parser(
        "compile", parents=[common, langs, out], help="compile the catalogs to .mo files",
        description="Write <DIR>/<lang>/LC_MESSAGES/steppe_names.mo for gettext "
                    "(translated, non-fuzzy messages).",
        formatter_class=formatter, epilog="""examples:
  steppe-names po compile
  steppe-names po compile --lang ja --out locales/""")
    compile_.set_defaults(run=cmd_po_compile)

    g_export = glossary_commands.add_parser(
        "export", parents=[common],
        help="write the glossary as TBX, CSV or TSV for CAT tools and Weblate",
        description="tbx: TBX v3 / TBX-Basic (ISO 30042:2019), every term, status and note; "
                    "tbx2: the older TBX 'martif' that Translate Toolkit and Weblate read; "
                    "csv: Weblate's CSV columns, one language; tsv: OmegaT's "
                    "source/target/comment glossary, one language. csv and tsv say on "
                    "stderr what they leave out.",
        formatter_class=formatter, epilog="""examples:
  steppe-names glossary export -o glossary.tbx         the format from the extension
  steppe-names glossary export --format csv --lang ru -o ru.csv
  steppe-names glossary export --format tbx2 --glossary g/ > g.tbx""")
    g_export.add_argument("--format", choices=_FORMATS,
                          help="default: from the -o file's extension")
    g_export.add_argument("--lang", metavar="LANG", help="the target language (csv, tsv)")
    g_export.add_argument("-o", "--output", metavar="OUT",
                          help="write here (atomically) instead of standard output")
    g_export.set_defaults(run=cmd_glossary_export)

    g_import = glossary_commands.add_parser(
        "import", parents=[common],
        help="bring a TBX, CSV or TSV glossary into the glossary files",
        description="Entries are matched by id; a TBX file replaces their terms, notes and "
                    "names, a CSV or TSV file the terms of one language (keeping what the "
                    "format cannot hold).",
        formatter_class=formatter, epilog="""examples:
  steppe-names glossary import --dry-run glossary.tbx  what would change
  steppe-names glossary import --lang ru ru.csv
  steppe-names glossary import --glossary g/ --lang ja --format tsv omegat.txt""")
    g_import.add_argument("file", metavar="FILE",
                          help="a .tbx, .csv or .tsv file (or --format for another name)")
    g_import.add_argument("--format", choices=_FORMATS,
                          help="default: from the file's extension")
    g_import.add_argument("--lang", metavar="LANG", help="the target language (csv, tsv)")
    g_import.add_argument("--dry-run", action="store_true",
                          help="print what would change; write nothing")
    g_import.set_defaults(run=cmd_glossary_import)


__all__ = ["GlossaryError", "add_commands"]
