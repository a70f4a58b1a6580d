"""Helpers for the translators' workflow tests: run the command, copy the bundled glossary.

(No tests here; `test_po_*.py`, `test_tbx.py` and `test_csv.py` import these.)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from steppe_names import cli, cli_po
from steppe_names.glossary.catalogs import package_folder


@dataclass
class Run:
    code: int
    out: str
    err: str


_build_parser = cli.build_parser


def _parser() -> argparse.ArgumentParser:
    """cli's parser, with the translators' commands added when cli.py does not add them."""
    parser = _build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "po" not in commands.choices:
        glossary = commands.choices["glossary"]
        glossary_commands = next(a for a in glossary._actions
                                 if isinstance(a, argparse._SubParsersAction))
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument("--glossary", action="append", metavar="PATH")
        cli_po.add_commands(commands, glossary_commands, common)
    return parser


def steppe(*args: str | Path) -> Run:
    """Run `steppe-names ARGS` in this process, as a user would; capture its output."""
    out, err = io.StringIO(), io.StringIO()
    cli.build_parser = _parser
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main([str(a) for a in args])
            except SystemExit as exit_:  # argparse usage errors
                code = int(exit_.code or 0)
    finally:
        cli.build_parser = _build_parser
    return Run(code, out.getvalue(), err.getvalue())


def copy_glossary(folder: Path) -> Path:
    """A copy of the bundled glossary files in `folder`/glossary (the tests edit copies)."""
    target = folder / "glossary"
    shutil.copytree(package_folder() / "glossaries", target)
    return target


def catalog(locales: Path, lang: str) -> Path:
    return locales / lang / "LC_MESSAGES" / "steppe_names.po"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (to check that nothing changed)."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def glossary_args(folder: Path) -> Sequence[str]:
    return ["--glossary", str(folder)]
