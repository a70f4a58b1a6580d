"""The glossary at run time through plain gettext, and glossaries read from catalogs.

The package ships compiled catalogs (`locales/<lang>/LC_MESSAGES/steppe_names.mo`), so any
program can ask for an entry's preferred term with `pgettext(entry id, canonical English)`:

>>> t = translation("ru")
>>> t.pgettext("ulaanbaatar", "Ulaanbaatar")
'Улан-Батор'
>>> translation("ja").pgettext("khalkhin-gol", "Khalkhin Gol")
'ハルハ河'

The other forms are in the `|variants` message, one per line (see the README, section
"For translators"):

>>> print(t.pgettext("ulaanbaatar|variants", "Ulaanbaatar"))
Урга | historic | note: до 1924 года
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from pathlib import Path

from steppe_names.glossary import Glossary
from steppe_names.glossary.catalogs import (
    apply_catalog_files,
    bundled_locales,
    compiled_path,
    find_catalogs,
)
from steppe_names.glossary.po_format import CATALOG_LANGUAGES, DOMAIN

__all__ = ["DOMAIN", "catalog_glossary", "locales_folder", "translation"]


def locales_folder() -> Path:
    """The folder of the catalogs shipped with the package (for `gettext.bindtextdomain`)."""
    return bundled_locales()


def translation(lang: str, localedir: str | Path | None = None) -> gettext.GNUTranslations:
    """The compiled glossary catalog for `lang` (ru, mn or ja; `ru_RU` and `ru-RU` work too)
    as a `gettext.GNUTranslations`: `pgettext(entry_id, canonical)` is the preferred term.

    `localedir` is a folder with `<lang>/LC_MESSAGES/steppe_names.mo` (default: the catalogs
    shipped with the package). Raises LookupError when there is no catalog for `lang`.

    >>> translation("mn").pgettext("ulaanbaatar", "Ulaanbaatar")
    'Улаанбаатар'
    >>> translation("de")
    Traceback (most recent call last):
    ...
    LookupError: no steppe-names catalog for 'de' (there are: ru, mn, ja)
    """
    code = lang.replace("-", "_").split("_")[0].lower()
    folder = Path(localedir) if localedir is not None else bundled_locales()
    path = compiled_path(folder, code)
    if not path.is_file():
        known = sorted(p.parts[-3] for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
        if localedir is None:
            known = [c for c in CATALOG_LANGUAGES if c in known]
        raise LookupError(f"no steppe-names catalog for {lang!r} "
                          f"(there are: {', '.join(known) or 'none'})")
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def catalog_glossary(localedir: str | Path | None = None,
                     glossary: str | Path | Sequence[str | Path] | None = None, *,
                     include_fuzzy: bool = False) -> Glossary:
    """A glossary with the translators' catalogs applied: the TOML glossary (`glossary`,
    default the bundled one) with every `<lang>/LC_MESSAGES/*.po` under `localedir` (default
    the shipped catalogs) laid over it. `Normalizer(catalog_glossary("locales"))` normalizes
    with the translators' latest terms before they are imported.

    Raises GlossaryError listing every problem of the catalogs (file:line).

    >>> catalog_glossary()["khalkhin-gol"].preferred("ru")
    'Халхин-Гол'
    """
    from steppe_names.api import load_glossary

    base = load_glossary(glossary) if glossary is not None else load_glossary()
    folder = Path(localedir) if localedir is not None else bundled_locales()
    entries = apply_catalog_files(list(base), find_catalogs(folder),
                                  include_fuzzy=include_fuzzy)
    return Glossary(entries)
