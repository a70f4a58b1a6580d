"""The glossary at run time: plain gettext for apps, and catalogs as a glossary source."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from steppe_names import GlossaryError, Normalizer, load_glossary, translation
from steppe_names.glossary.catalogs import bundled_locales
from steppe_names.runtime import catalog_glossary, locales_folder


def test_apps_get_preferred_terms_with_plain_gettext() -> None:
    t = translation("ru")
    assert t.pgettext("ulaanbaatar", "Ulaanbaatar") == "Улан-Батор"
    assert translation("ja").pgettext("khalkhin-gol", "Khalkhin Gol") == "ハルハ河"
    assert translation("mn_MN").pgettext("ulaanbaatar", "Ulaanbaatar") == "Улаанбаатар"
    assert translation("ru-RU").pgettext("no-such-entry", "Atlantis") == "Atlantis"
    variants = t.pgettext("ulaanbaatar|variants", "Ulaanbaatar").split("\n")
    assert "Урга | historic | note: до 1924 года" in variants


def test_an_unknown_language_is_a_lookup_error() -> None:
    with pytest.raises(LookupError, match="no steppe-names catalog for 'de'"):
        translation("de")


def test_the_locales_folder_works_with_bindtextdomain() -> None:
    import gettext

    assert (locales_folder() / "ru" / "LC_MESSAGES" / "steppe_names.mo").is_file()
    t = gettext.translation("steppe_names", localedir=locales_folder(), languages=["ja"])
    assert t.pgettext("tokyo", "Tokyo") == "東京"


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    """A copy of the shipped catalogs, with a translator's edit not imported yet."""
    folder = tmp_path / "locales"
    shutil.copytree(bundled_locales(), folder)
    ru = folder / "ru" / "LC_MESSAGES" / "steppe_names.po"
    po = polib.pofile(str(ru), wrapwidth=0)
    variants = po.find("Ulaanbaatar", msgctxt="ulaanbaatar|variants")
    variants.msgstr += "\nУлан Батор | deprecated"
    fuzzy = po.find("Tokyo", msgctxt="tokyo")
    fuzzy.msgstr, fuzzy.flags = "Токё", ["fuzzy"]
    po.save(str(ru))
    return folder


def test_a_normalizer_uses_the_translators_catalogs(locales: Path) -> None:
    glossary = catalog_glossary(locales)
    ulaanbaatar = glossary["ulaanbaatar"]
    assert ("Улан Батор", "deprecated") in [(t.text, t.status) for t in ulaanbaatar.terms]
    assert glossary["tokyo"].preferred("ru") == "Токио"  # fuzzy: not applied
    normalizer = Normalizer(glossary)
    assert normalizer.normalize("Встреча в Улан Баторе.", to="ru") == "Встреча в Улан-Баторе."


def test_load_glossary_accepts_catalogs_and_locales_folders(locales: Path) -> None:
    ru = locales / "ru" / "LC_MESSAGES" / "steppe_names.po"
    for paths in ([ru], [locales], [str(locales)]):
        glossary = load_glossary(paths)
        assert "Улан Батор" in [t.text for t in glossary["ulaanbaatar"].terms_in("ru")]
    assert "Улан Батор" not in [t.text for t in load_glossary()["ulaanbaatar"].terms_in("ru")]


def test_a_broken_catalog_is_reported_with_its_line(locales: Path) -> None:
    ru = locales / "ru" / "LC_MESSAGES" / "steppe_names.po"
    text = ru.read_text(encoding="utf-8").replace('msgstr "Япония"', 'msgstr "Japan"')
    ru.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n"), 1) if row == 'msgstr "Japan"')
    with pytest.raises(GlossaryError) as error:
        load_glossary([ru])
    assert str(error.value) == (f"{ru}:{line}: entry 'japan': term 'Japan' is in Latn script, "
                                f"but 'ru' terms must be Cyrl")
