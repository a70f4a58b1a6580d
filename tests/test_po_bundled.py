"""The catalogs shipped in the package: in sync with the bundled glossary, and valid for
GNU gettext (msgfmt) and Python's gettext."""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from steppe_names.glossary import catalogs, po_format
from steppe_names.glossary.catalogs import bundled_locales, catalog_path, compiled_path

LOCALES = bundled_locales()
LANGS = ("ru", "mn", "ja")
REGENERATE = ("regenerate them: `steppe-names po export && steppe-names po compile` (add "
              "--force to the export when you changed ru/mn/ja terms in the TOML files)")


def test_catalogs_are_in_sync_with_the_bundled_glossary() -> None:
    report = catalogs.plan_export(catalogs.load_source(), LANGS, LOCALES)
    stale = [str(f.path.relative_to(LOCALES)) for f in report.files if f.changed]
    assert stale == [], f"out of date: {', '.join(stale)}; {REGENERATE}"


def test_compiled_catalogs_are_in_sync_with_the_po_files() -> None:
    stale = [str(f.path.relative_to(LOCALES)) for f in catalogs.plan_compile(LOCALES, LANGS)
             if f.changed]
    assert stale == [], f"out of date: {', '.join(stale)}; {REGENERATE}"


@pytest.mark.parametrize("lang", LANGS)
def test_python_gettext_reads_the_shipped_catalogs(lang: str) -> None:
    translations = gettext.translation(po_format.DOMAIN, localedir=LOCALES, languages=[lang])
    assert translations.info()["language"] == lang
    expected = {"ru": "Улан-Батор", "mn": "Улаанбаатар", "ja": "ウランバートル"}[lang]
    assert translations.pgettext("ulaanbaatar", "Ulaanbaatar") == expected


msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None,
                            reason="GNU gettext is not installed (.ci/run installs it)")


@msgfmt
@pytest.mark.parametrize("lang", LANGS)
def test_msgfmt_checks_and_compiles_every_catalog(lang: str, tmp_path: Path) -> None:
    result = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o",
                             str(tmp_path / "out.mo"), str(catalog_path(LOCALES, lang))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    ours = gettext.GNUTranslations(io.BytesIO(compiled_path(LOCALES, lang).read_bytes()))
    theirs = gettext.GNUTranslations(io.BytesIO((tmp_path / "out.mo").read_bytes()))
    # the same messages (msgfmt leaves POT-Creation-Date out of the header)
    mine: dict[object, str] = dict(ours._catalog)  # type: ignore[attr-defined]
    gnu: dict[object, str] = dict(theirs._catalog)  # type: ignore[attr-defined]
    assert mine.pop("") and gnu.pop("")
    assert mine == gnu


@msgfmt
def test_msgfmt_accepts_the_template(tmp_path: Path) -> None:
    result = subprocess.run(["msgfmt", "--check-format", "-o", str(tmp_path / "t.mo"),
                             str(LOCALES / "steppe_names.pot")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("name", [*(f"{lang}/LC_MESSAGES/steppe_names.po" for lang in LANGS),
                                  "steppe_names.pot"])
def test_files_are_laid_out_exactly_as_msgcat_no_wrap_writes_them(name: str) -> None:
    path = LOCALES / name
    result = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == path.read_text(encoding="utf-8")
