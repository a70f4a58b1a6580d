"""The translators' workflow as they live it: export catalogs, edit them in a .po editor (polib
here), import the edits, update and compile — real files in, real files and messages out."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import tomllib
from pathlib import Path

import polib
import pytest

from steppe_names import load_glossary, translation
from tests.test_po_helpers import catalog, copy_glossary, steppe, tree


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a copy of the bundled glossary (./glossary) and its catalogs (./locales)."""
    monkeypatch.chdir(tmp_path)
    copy_glossary(tmp_path)
    result = steppe("po", "export", "--glossary", "glossary")
    assert result.code == 0, result.err
    return tmp_path


def edit_catalog(path: Path, changes: dict[str, str], *, fuzzy: tuple[str, ...] = (),
                 comments: dict[str, str] | None = None) -> polib.POFile:
    """Edit a catalog as a translator does in Poedit, and save it (no line wrapping)."""
    po = polib.pofile(str(path), wrapwidth=0)
    for message in po:
        if message.msgctxt in changes:
            message.msgstr = changes[message.msgctxt]
        if message.msgctxt in fuzzy:
            message.flags.append("fuzzy")
        if comments and message.msgctxt in comments:
            message.tcomment = comments[message.msgctxt]
    po.metadata["Last-Translator"] = "Ivan Petrov <ivan@example.org>"
    po.metadata["PO-Revision-Date"] = "2025-03-01 12:00+0300"
    po.save(str(path))
    return po


def ru_terms(folder: Path, entry_id: str) -> list[tuple[str, str, tuple[str, ...], str]]:
    entry = load_glossary(folder)[entry_id]
    return [(t.text, t.status, t.usage, t.note) for t in entry.terms_in("ru")]


# --- export -----------------------------------------------------------------------------------

def test_export_writes_one_catalog_per_language_and_a_template(project: Path) -> None:
    ru = polib.pofile(str(catalog(project / "locales", "ru")))
    main = ru.find("Ulaanbaatar", msgctxt="ulaanbaatar")
    variants = ru.find("Ulaanbaatar", msgctxt="ulaanbaatar|variants")
    assert main is not None and variants is not None
    assert main.msgstr == "Улан-Батор"
    assert variants.msgstr == "Урга | historic | note: до 1924 года"
    assert main.occurrences == [("glossary/places.toml", "")]
    assert "kind: place" in main.comment and "Capital and largest city of Mongolia." in main.comment
    assert "English variants: Ulan Bator; Ulaan Baatar; UB [colloquial, abbreviation]" \
        in main.comment
    assert "mn: Улаанбаатар" in main.comment and "ja: ウランバートル" in main.comment
    assert "ru: Улан-Батор" not in main.comment  # the catalog's own terms are the msgstrs
    assert ru.metadata["Language"] == "ru"
    assert ru.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert ru.metadata["Plural-Forms"].startswith("nplurals=3;")
    contexts = [m.msgctxt for m in ru]
    assert contexts == sorted(contexts, key=lambda c: (c.split("|")[0], "|" in c))
    template = polib.pofile(str(project / "locales" / "steppe_names.pot"))
    assert all(m.msgstr == "" for m in template)
    assert "mn: " not in template.find("Ulaanbaatar", msgctxt="ulaanbaatar").comment
    assert [m.msgctxt for m in template] == contexts
    for lang in ("mn", "ja"):
        assert catalog(project / "locales", lang).exists()


def test_export_again_changes_no_byte(project: Path) -> None:
    before = tree(project / "locales")
    result = steppe("po", "export", "--glossary", "glossary")
    assert result.code == 0
    assert "up to date" in result.out
    assert tree(project / "locales") == before
    assert steppe("po", "export", "--glossary", "glossary", "--check").code == 0


def test_export_check_reports_stale_catalogs(project: Path) -> None:
    places = project / "glossary" / "places.toml"
    places.write_text(places.read_text(encoding="utf-8").replace(
        'preferred = "Номонхан"', 'preferred = "Номон-Хан"', 1), encoding="utf-8")
    result = steppe("po", "export", "--glossary", "glossary", "--check")
    assert result.code == 1
    assert "locales/ru/LC_MESSAGES/steppe_names.po: out of date" in result.out


def test_export_only_the_languages_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.chdir(tmp_path)
    copy_glossary(tmp_path)
    result = steppe("po", "export", "--glossary", "glossary", "--lang", "mn", "--out", "l10n")
    assert result.code == 0, result.err
    assert sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "l10n").rglob("*.po*")) \
        == ["l10n/mn/LC_MESSAGES/steppe_names.po", "l10n/steppe_names.pot"]
    bad = steppe("po", "export", "--glossary", "glossary", "--lang", "de")
    assert bad.code == 2
    assert "--lang: no catalog language 'de' (choose from ru,mn,ja)" in bad.err


# --- import: the translator's edits -----------------------------------------------------------

def test_translator_edits_are_imported_and_every_mistake_reported(project: Path) -> None:
    ru = catalog(project / "locales", "ru")
    glossary = project / "glossary"
    po = edit_catalog(ru, {
        # a new preferred term: the translator promotes a variant and keeps the old one
        "dornod": "аймак Дорнод",
        "dornod|variants": ("Дорнод | short\n"
                            "Восточный аймак | historic | note: Soviet-era Russian name\n"
                            "Чойбалсанский аймак | historic | note: 1941–1963"),
        # a removed variant
        "nomonhan|variants": ("Номонган | note: Russian translation of Drea, 'Nomonhan' | "
                              "source: https://litfond.net/r/144245?p_=8"),
        # an added deprecated variant (and, by mistake, another entry's name)
        "ulaanbaatar|variants": ("Урга | historic | note: до 1924 года\n"
                                 "Улан Батор | deprecated\n"
                                 "Номонхан"),
        "khalkhin-gol": "Халхин Гол",  # fuzzy: a suggestion, not to be applied
        "mongolian-peoples-republic|variants": "МНР | abreviation",  # a typo
        "japan": "Japan",  # wrong script
        "china": "",  # cleared: untranslated, allowed
    }, fuzzy=("khalkhin-gol",), comments={"tokyo": "проверено по БРЭ"})
    po.append(polib.POEntry(msgctxt="atlantis", msgid="Atlantis", msgstr="Атлантида"))
    po.save(str(ru))
    before = tree(glossary)

    failed = steppe("po", "import", "--glossary", "glossary", ru.relative_to(project))
    assert failed.code == 2
    text = ru.read_text(encoding="utf-8").split("\n")

    def line_of(needle: str, after: int = 0) -> int:
        return next(i for i, line in enumerate(text, 1) if needle in line and i > after)

    shown = "locales/ru/LC_MESSAGES/steppe_names.po"
    errors = failed.err
    typo = line_of('msgstr "МНР | abreviation')
    latin = line_of('msgstr "Japan')
    claimed = line_of('"Номонхан"', after=line_of('msgctxt "ulaanbaatar|variants"'))
    unknown = line_of('msgctxt "atlantis"')
    fuzzy = line_of('msgctxt "khalkhin-gol"')
    assert (f"{shown}:{typo}: entry 'mongolian-peoples-republic': unknown field "
            f"'abreviation' after 'МНР'") in errors
    assert (f"{shown}:{latin}: entry 'japan': term 'Japan' is in Latn script, but 'ru' terms "
            f"must be Cyrl") in errors
    assert (f"{shown}:{claimed}: entry 'ulaanbaatar': variant 'Номонхан' already belongs to "
            f"entry 'nomonhan'") in errors
    assert f"{shown}:{unknown}: entry 'atlantis': unknown entry id" in errors
    assert "Traceback" not in errors
    assert tree(glossary) == before  # a failed import changes nothing

    po = edit_catalog(ru, {"mongolian-peoples-republic|variants": "МНР | abbreviation",
                           "japan": "Япония",
                           "ulaanbaatar|variants": ("Урга | historic | note: до 1924 года\n"
                                                    "Улан Батор | deprecated")})
    po.remove(po.find("Atlantis", msgctxt="atlantis"))
    po.save(str(ru))
    result = steppe("po", "import", "--glossary", "glossary", ru.relative_to(project))
    assert result.code == 0, result.err
    assert f"{shown}: 1 untranslated, 1 fuzzy not applied" in result.out
    assert f"{shown}:{fuzzy}: entry 'khalkhin-gol': fuzzy" in result.err
    assert "dornod [ru]: 'аймак Дорнод' admitted -> preferred" in result.out
    assert "dornod [ru]: 'Дорнод' preferred -> admitted" in result.out
    assert "wrote glossary/places.toml" in result.out

    assert ru_terms(glossary, "dornod") == [
        ("аймак Дорнод", "preferred", (), ""),
        ("Дорнод", "admitted", ("short",), ""),
        ("Восточный аймак", "admitted", ("historic",), "Soviet-era Russian name"),
        ("Чойбалсанский аймак", "admitted", ("historic",), "1941–1963")]
    assert [t[0] for t in ru_terms(glossary, "nomonhan")] == ["Номонхан", "Номонган"]
    nomonhan = load_glossary(glossary)["nomonhan"].terms_in("ru")[1]
    assert nomonhan.source == "https://litfond.net/r/144245?p_=8"  # kept, as written
    assert ("Улан Батор", "deprecated", (), "") in ru_terms(glossary, "ulaanbaatar")
    assert ru_terms(glossary, "khalkhin-gol")[0][0] == "Халхин-Гол"  # fuzzy: not applied
    assert ru_terms(glossary, "china")[0][0] == "Китай"  # untranslated: glossary kept
    assert ru_terms(glossary, "tokyo")[0][3] == "проверено по БРЭ"

    # the linguists' file keeps its comments and layout; only the edited tables changed
    places = (glossary / "places.toml").read_text(encoding="utf-8")
    assert places.startswith("# steppe-names glossary: PLACES\n")
    assert "# States (present and historical)\n" in places
    assert ('[dornod.ru]\npreferred = "аймак Дорнод"\nadmitted = [\n'
            '  { text = "Дорнод", usage = ["short"] },\n'
            '  { text = "Восточный аймак", usage = ["historic"], '
            'note = "Soviet-era Russian name" },\n'
            '  { text = "Чойбалсанский аймак", usage = ["historic"], note = "1941–1963" },\n'
            ']\n') in places
    original = (Path(__file__).parent.parent / "src/steppe_names/glossaries/places.toml"
                ).read_text(encoding="utf-8")
    unchanged = [line for line in original.split("\n") if line.startswith("[")]
    assert [line for line in places.split("\n") if line.startswith("[")] == unchanged
    old = tomllib.loads(original)
    new = tomllib.loads(places)
    for entry_id in old:
        if entry_id not in ("dornod", "nomonhan", "ulaanbaatar", "japan", "tokyo",
                            "mongolian-peoples-republic"):
            assert new[entry_id] == old[entry_id]


def test_reexport_after_a_translators_save_gives_an_empty_diff(project: Path) -> None:
    ru = catalog(project / "locales", "ru")
    edit_catalog(ru, {
        "dornod": "аймак Дорнод",
        "dornod|variants": "Дорнод | short\nВосточный аймак | historic | note: Soviet-era "
                           "Russian name\nЧойбалсанский аймак | historic | note: 1941–1963",
        "ulaanbaatar|variants": "Урга | historic | note: до 1924 года\nУлан Батор | deprecated",
        "khalkhin-gol": "Халхин Гол"}, fuzzy=("khalkhin-gol",),
        comments={"tokyo": "проверено по БРЭ\nвторая строка"})
    saved = ru.read_bytes()
    template = (project / "locales" / "steppe_names.pot").read_bytes()
    assert steppe("po", "import", "--glossary", "glossary", ru).code == 0
    result = steppe("po", "export", "--glossary", "glossary")
    assert result.code == 0, result.err
    assert ru.read_bytes() == saved
    assert (project / "locales" / "steppe_names.pot").read_bytes() == template
    # the other catalogs show the new Russian term as context
    mn = polib.pofile(str(catalog(project / "locales", "mn")))
    assert "ru: аймак Дорнод" in mn.find("Dornod", msgctxt="dornod").comment
    header = polib.pofile(str(ru)).metadata
    assert header["Last-Translator"] == "Ivan Petrov <ivan@example.org>"
    assert header["PO-Revision-Date"] == "2025-03-01 12:00+0300"


def test_import_dry_run_prints_changes_and_writes_nothing(project: Path) -> None:
    ru = catalog(project / "locales", "ru")
    edit_catalog(ru, {"nomonhan|variants": ""})
    before = tree(project)
    result = steppe("po", "import", "--dry-run", "--glossary", "glossary", ru)
    assert result.code == 0, result.err
    assert "nomonhan [ru]: - admitted 'Номонган'" in result.out
    assert "nomonhan [ru]: - admitted 'Номон-Хан-Бурд-Обо'" in result.out
    assert "1 entry would change" in result.out
    assert "would write glossary/places.toml" in result.out
    assert tree(project) == before


def test_import_without_edits_changes_nothing(project: Path) -> None:
    before = tree(project)
    result = steppe("po", "import", "--glossary", "glossary",
                    *(catalog(project / "locales", lang) for lang in ("ru", "mn", "ja")))
    assert result.code == 0, result.err
    assert "0 entries changed" in result.out
    assert tree(project) == before


def test_include_fuzzy_applies_fuzzy_translations(project: Path) -> None:
    ru = catalog(project / "locales", "ru")
    edit_catalog(ru, {"khalkhin-gol": "Халхин Гол"}, fuzzy=("khalkhin-gol",))
    result = steppe("po", "import", "--include-fuzzy", "--glossary", "glossary", ru)
    assert result.code == 0, result.err
    assert ru_terms(project / "glossary", "khalkhin-gol")[0][0] == "Халхин Гол"


def test_a_comment_on_the_variants_message_is_reported(project: Path) -> None:
    ru = catalog(project / "locales", "ru")
    edit_catalog(ru, {}, comments={"tokyo|variants": "see the atlas"})
    result = steppe("po", "import", "--glossary", "glossary", ru)
    assert result.code == 2
    assert "entry 'tokyo': a translator comment on the '|variants' message cannot be kept" \
        in result.err


def test_a_catalog_of_another_language_folder_is_rejected(project: Path) -> None:
    ru = catalog(project / "locales", "ru")
    wrong = project / "locales" / "mn" / "LC_MESSAGES" / "steppe_names.po"
    shutil.copy(ru, wrong)
    result = steppe("po", "import", "--glossary", "glossary", wrong)
    assert result.code == 2
    assert "the Language header says 'ru' but the catalog sits in the 'mn' folder" in result.err


def test_a_broken_catalog_is_a_one_line_error(project: Path) -> None:
    ru = catalog(project / "locales", "ru")
    ru.write_text(ru.read_text(encoding="utf-8").replace('msgid "Tokyo"', 'msgid "Tok"yo"'),
                  encoding="utf-8")
    result = steppe("po", "import", "--glossary", "glossary", ru)
    assert result.code == 2
    assert "steppe_names.po:" in result.err and "not a valid .po file" in result.err
    missing = steppe("po", "import", "--glossary", "glossary", "nothere.po")
    assert missing.code == 2
    assert "nothere.po: no such file" in missing.err


# --- export against a translator's pending work -----------------------------------------------

def test_export_does_not_overwrite_translations_that_were_not_imported(project: Path) -> None:
    ru = catalog(project / "locales", "ru")
    edit_catalog(ru, {"tokyo": "Токё"})
    before = tree(project / "locales")
    refused = steppe("po", "export", "--glossary", "glossary")
    assert refused.code == 2
    assert "entry 'tokyo': the catalog's translation 'Токё' differs from the glossary's " \
           "'Токио'" in refused.err
    assert "import these catalogs first" in refused.err
    assert tree(project / "locales") == before
    forced = steppe("po", "export", "--glossary", "glossary", "--force")
    assert forced.code == 0
    assert polib.pofile(str(ru)).find("Tokyo", msgctxt="tokyo").msgstr == "Токио"


# --- update (msgmerge) ------------------------------------------------------------------------

def test_update_merges_the_glossary_into_catalogs_as_msgmerge_does(project: Path) -> None:
    ru = catalog(project / "locales", "ru")
    edit_catalog(ru, {"tokyo": "Токё"}, comments={"tokyo": "так в источнике"})
    places = project / "glossary" / "places.toml"
    text = places.read_text(encoding="utf-8")
    # an entry removed, an English source changed, an entry added
    start, end = text.index("[dornod]\n"), text.index("[mongolia]\n")
    text = text[:start] + text[end:]
    text = text.replace('[nomonhan.en]\npreferred = "Nomonhan"',
                        '[nomonhan.en]\npreferred = "Nomonkhan"')
    text += ('\n[kherlen]\nkind = "place"\n\n[kherlen.en]\npreferred = "Kherlen"\n\n'
             '[kherlen.ru]\npreferred = "Керулен"\n')
    places.write_text(text, encoding="utf-8")

    result = steppe("po", "update", "--glossary", "glossary")
    assert result.code == 0, result.err
    assert "differ from the glossary and are kept" in result.err
    po = polib.pofile(str(ru))
    tokyo = po.find("Tokyo", msgctxt="tokyo")
    assert (tokyo.msgstr, tokyo.tcomment) == ("Токё", "так в источнике")  # work survives
    nomonhan = po.find("Nomonkhan", msgctxt="nomonhan")
    assert nomonhan.msgstr == "Номонхан" and "fuzzy" in nomonhan.flags
    assert nomonhan.previous_msgid == "Nomonhan"
    assert po.find("Kherlen", msgctxt="kherlen").msgstr == "Керулен"
    gone = [m for m in po if m.obsolete and m.msgctxt == "dornod"]
    assert gone and gone[0].msgstr == "Дорнод"
    text = ru.read_text(encoding="utf-8")
    assert '#| msgid "Nomonhan"\nmsgctxt "nomonhan"\nmsgid "Nomonkhan"\n' in text
    assert '#~ msgctxt "dornod"\n#~ msgid "Dornod"\n#~ msgstr "Дорнод"\n' in text
    if shutil.which("msgfmt"):
        check = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", "/dev/null",
                                str(ru)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    # a second update changes nothing
    before = tree(project / "locales")
    assert steppe("po", "update", "--glossary", "glossary").code == 0
    assert tree(project / "locales") == before


# --- compile and run time ---------------------------------------------------------------------

def test_compiled_catalogs_work_with_plain_gettext(project: Path) -> None:
    ru = catalog(project / "locales", "ru")
    edit_catalog(ru, {"khalkhin-gol": "Халхин Гол"}, fuzzy=("khalkhin-gol",))
    result = steppe("po", "compile", "--out", "locales")
    assert result.code == 0, result.err
    assert "wrote locales/ru/LC_MESSAGES/steppe_names.mo" in result.out
    t = gettext.translation("steppe_names", localedir="locales", languages=["ru"])
    assert t.pgettext("ulaanbaatar", "Ulaanbaatar") == "Улан-Батор"
    assert t.pgettext("khalkhin-gol", "Khalkhin Gol") == "Khalkhin Gol"  # fuzzy: left out
    assert translation("mn", localedir="locales").pgettext("ulaanbaatar", "Ulaanbaatar") \
        == "Улаанбаатар"
    # given the glossary, a fuzzy suggestion compiles as the glossary's approved term (left
    # out, gettext gave the English, though the glossary has the Russian)
    result = steppe("po", "compile", "--glossary", "glossary", "--out", "locales")
    assert result.code == 0, result.err
    with open("locales/ru/LC_MESSAGES/steppe_names.mo", "rb") as mo:  # (not gettext's cache)
        assert gettext.GNUTranslations(mo).pgettext("khalkhin-gol", "Khalkhin Gol") == \
            "Халхин-Гол"
    assert "Халхин Гол" in ru.read_text(encoding="utf-8")  # the suggestion stays for review
    if shutil.which("msgfmt"):
        for lang in ("ru", "mn", "ja"):
            check = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o",
                                    "/dev/null", str(catalog(Path("locales"), lang))],
                                   capture_output=True, text=True)
            assert check.returncode == 0 and check.stderr == "", check.stderr


def test_po_without_an_action_shows_usage() -> None:
    result = steppe("po")
    assert result.code == 2
    assert "export" in result.err and "import" in result.err


def test_the_preferred_terms_flags_are_edited_on_its_own_line(project: Path) -> None:
    ja = catalog(project / "locales", "ja")
    po = polib.pofile(str(ja))
    assert po.find("Tokyo", msgctxt="tokyo|variants").msgstr == \
        "東京 | preferred | reading: とうきょう\n東京都"
    edit_catalog(ja, {"tokyo|variants": "東京 | preferred | reading: とうきょう と\n東京都"})
    result = steppe("po", "import", "--glossary", "glossary", ja)
    assert result.code == 0, result.err
    tokyo = load_glossary(project / "glossary")["tokyo"].terms_in("ja")[0]
    assert (tokyo.text, tokyo.reading) == ("東京", "とうきょう と")
    # a new preferred term needs its own line (or none): the old one does not fit it
    edit_catalog(ja, {"tokyo": "東京市"})
    mismatch = steppe("po", "import", "--glossary", "glossary", ja.relative_to(project))
    assert mismatch.code == 2
    assert "entry 'tokyo': the line marked '| preferred' is for '東京', but the preferred " \
           "term (the main message) is '東京市': make them the same" in mismatch.err


# --- the glossary changes while catalogs are out (steppe_names.synced.json) --------------------

def _add_variant(project: Path, text: str) -> None:
    places = project / "glossary" / "places.toml"
    old = '  { text = "Урга", usage = ["historic"], note = "до 1924 года" },\n]\n'
    data = places.read_text(encoding="utf-8")
    assert old in data
    places.write_text(data.replace(old, old[:-2] + f'  "{text}",\n]\n', 1), encoding="utf-8")


def test_a_maintainers_edit_of_the_toml_goes_into_the_catalogs(project: Path) -> None:
    """The README's way: edit the TOML, then `po export`. Export refused ("import these
    catalogs first"), and the import it advised deleted the maintainer's new term."""
    ru = catalog(project / "locales", "ru")
    edit_catalog(ru, {"moscow": "Москва-град"})  # a translator's edit, not imported yet
    _add_variant(project, "Улан Батор")
    result = steppe("po", "export", "--glossary", "glossary")
    assert result.code == 2  # the translator's edit is still said to be in the way ...
    assert "'Москва-град' differs from the glossary's 'Москва'" in result.err
    assert "ulaanbaatar" not in result.err  # ... but not the glossary's own change
    result = steppe("po", "import", "--glossary", "glossary")
    assert result.code == 0, result.err
    assert "+ preferred 'Москва-град'" in result.out and "Улан Батор" not in result.out
    assert ("Улан Батор", "admitted", (), "") in ru_terms(project / "glossary", "ulaanbaatar")
    assert steppe("po", "export", "--glossary", "glossary").code == 0
    assert "Улан Батор" in ru.read_text(encoding="utf-8")
    assert steppe("po", "export", "--glossary", "glossary", "--check").code == 0


def test_an_old_catalog_does_not_revert_what_changed_in_the_glossary_since(project: Path
                                                                         ) -> None:
    """A translator took the catalog; the glossary gained a term and was exported again;
    the old catalog came back with one edit. Its import deleted the new term, silently."""
    ru = catalog(project / "locales", "ru")
    taken = ru.read_bytes()
    _add_variant(project, "Улан Батор")
    assert steppe("po", "export", "--glossary", "glossary").code == 0
    ru.write_bytes(taken)
    edit_catalog(ru, {"moscow": "Москва-град"})
    result = steppe("po", "import", "--glossary", "glossary")
    assert result.code == 0, result.err
    assert "+ preferred 'Москва-град'" in result.out and "Улан Батор" not in result.out
    assert "entry 'ulaanbaatar': [ru] not applied: unchanged since" in result.err
    assert ("Улан Батор", "admitted", (), "") in ru_terms(project / "glossary", "ulaanbaatar")
    # a copy saved elsewhere (sent back by mail) is judged by the project's record too
    ru.write_bytes(taken)
    elsewhere = project / "from-mail.po"
    elsewhere.write_bytes(taken)
    result = steppe("po", "import", "--glossary", "glossary", str(elsewhere))
    assert result.code == 0, result.err
    assert "not applied: unchanged since" in result.err and "Улан Батор" not in result.out
    # a record written for another glossary is not this one's: every difference counts
    other = project / "other"
    shutil.copytree(project / "glossary", other)
    result = steppe("po", "import", "--glossary", "other", "--dry-run", str(ru))
    assert "- admitted 'Улан Батор'" in result.out


def test_export_keeps_the_review_marks(project: Path) -> None:
    """A reviewer's fuzzy mark on an unchanged translation, and the one `po update` sets
    when the English changed, were removed by the next `po export` (and `--check` said the
    catalog was out of date right after `po update`)."""
    ru = catalog(project / "locales", "ru")
    edit_catalog(ru, {}, fuzzy=("tokyo",))
    places = project / "glossary" / "places.toml"
    data = places.read_text(encoding="utf-8")
    places.write_text(data.replace('preferred = "Moscow"', 'preferred = "Moskva"', 1),
                      encoding="utf-8")
    assert steppe("po", "update", "--glossary", "glossary").code == 0
    assert steppe("po", "export", "--glossary", "glossary", "--check").code == 0
    assert steppe("po", "export", "--glossary", "glossary").code == 0
    po = polib.pofile(str(ru))
    assert sorted(m.msgctxt for m in po if "fuzzy" in m.flags) == ["moscow", "tokyo"]
    assert po.find("Moskva", by="msgid").previous_msgid == "Moscow"


def test_a_comment_rewrapped_by_an_editor_is_the_same_note(project: Path) -> None:
    """polib (and Poedit) wrap long translator comments at 78 columns; the import wrote the
    line break into the glossary's note."""
    mn = catalog(project / "locales", "mn")
    polib.pofile(str(mn)).save(str(mn))  # wrapwidth 78: no edit at all
    assert "# transcription following current Mongolian practice for Japanese names (cf.\n" \
        in mn.read_text(encoding="utf-8")
    result = steppe("po", "import", "--glossary", "glossary")
    assert result.code == 0, result.err
    assert "0 entries changed" in result.out


def test_second_po_qa_pass_points(project: Path) -> None:
    """Found by a QA pass of the translators' workflow: a CRLF glossary came back with every
    line in LF; a broken catalog got the advice to import it (which fails on the same
    line); `po update` kept one of a message written twice; fuzzy spreadsheet rows were
    skipped without a word; a Russian spreadsheet imported as Mongolian replaced the
    Mongolian terms."""
    places = project / "glossary" / "places.toml"
    places.write_bytes(places.read_bytes().replace(b"\n", b"\r\n"))
    ru = catalog(project / "locales", "ru")
    edit_catalog(ru, {"moscow": "Москва-град"})
    assert steppe("po", "import", "--glossary", "glossary").code == 0
    data = places.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert "Москва-град".encode() in data

    text = ru.read_text(encoding="utf-8")
    message = 'msgctxt "tokyo"\nmsgid "Tokyo"\nmsgstr "Токио"\n'
    assert message in text
    ru.write_text(text.replace(message, message + "\n" + message.replace("Токио", "Токё")),
                  encoding="utf-8")
    result = steppe("po", "update", "--glossary", "glossary", "--lang", "ru")
    assert result.code == 2 and "entry 'tokyo': message appears twice" in result.err
    assert "fix the catalog where it is said above" in result.err
    assert "import these catalogs first" not in result.err
    ru.write_text(text, encoding="utf-8")

    assert steppe("glossary", "export", "--glossary", "glossary", "--format", "csv", "--lang",
                  "ru", "-o", "ru.csv").code == 0
    result = steppe("glossary", "import", "--glossary", "glossary", "--lang", "mn", "ru.csv")
    assert result.code == 2
    assert "given as 'mn', but" in result.err and "import it with --lang ru" in result.err
    rows = (project / "ru.csv").read_text(encoding="utf-8").split("\n")
    fuzzy = [i for i, row in enumerate(rows) if '"Tokyo","Токио","tokyo","False"' in row]
    assert fuzzy
    rows[fuzzy[0]] = rows[fuzzy[0]].replace('"False"', '"True"')
    (project / "ru.csv").write_text("\n".join(rows), encoding="utf-8")
    result = steppe("glossary", "import", "--glossary", "glossary", "--lang", "ru", "ru.csv")
    assert result.code == 0, result.err
    assert "entry 'tokyo': fuzzy [ru]: not applied" in result.err


def test_an_entry_under_review_does_not_block_the_export(project: Path) -> None:
    """A reviewed main message beside a fuzzy variants message was skipped by the import
    (the entry is under review) and then made `po export` refuse ("import these catalogs
    first"); so did variants beside an empty main message, which the import ignored with no
    word. Both wait in the catalog now, with their marks."""
    ru = catalog(project / "locales", "ru")
    text = ru.read_text(encoding="utf-8")
    text = text.replace('msgstr "Москва"\n', 'msgstr "г. Москва"\n', 1)
    text = text.replace('msgctxt "moscow|variants"', '#, fuzzy\nmsgctxt "moscow|variants"', 1)
    text = text.replace('msgstr "Улан-Батор"', 'msgstr ""', 1)
    old = 'msgstr "Урга | historic | note: до 1924 года"'
    assert old in text
    text = text.replace(old, 'msgstr ""\n"Урга | historic | note: до 1924 года\\n"\n'
                             '"Улан Батор | deprecated"', 1)
    ru.write_text(text, encoding="utf-8")
    result = steppe("po", "import", "--glossary", "glossary")
    assert result.code == 0 and "0 entries changed" in result.out
    assert "entry 'ulaanbaatar': variants [ru]: not applied, as the main message is empty" \
        in result.err
    result = steppe("po", "export", "--glossary", "glossary")
    assert result.code == 0, result.err
    po = polib.pofile(str(ru))
    assert po.find("moscow", by="msgctxt").msgstr == "г. Москва"
    assert "fuzzy" in po.find("moscow|variants", by="msgctxt").flags
    assert "Улан Батор | deprecated" in po.find("ulaanbaatar|variants", by="msgctxt").msgstr


def test_an_editors_catalog_comes_back_as_it_saved_it(project: Path) -> None:
    """CRLF line ends, a byte order mark, "Language: ru_RU" and the header's field order of
    an editor's save were rewritten by the next `po export`."""
    ru = catalog(project / "locales", "ru")
    text = ru.read_text(encoding="utf-8").replace('"Language: ru\\n"', '"Language: ru_RU\\n"')
    assert '"Language: ru_RU\\n"' in text
    head, _, rest = text.partition('"Plural-Forms:')
    plural, _, rest = rest.partition("\n")
    text = head + '"X-Generator: Poedit 3.4.2\\n"\n"Plural-Forms:' + plural + "\n" + rest
    saved = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    ru.write_bytes(saved)
    result = steppe("po", "export", "--glossary", "glossary")
    assert result.code == 0, result.err
    assert ru.read_bytes() == saved


def test_a_tbx_import_with_lang_brings_that_language_only(project: Path) -> None:
    """`glossary import --lang ru file.tbx` applied the file's Mongolian edits too."""
    assert steppe("glossary", "export", "--glossary", "glossary", "--format", "tbx",
                  "-o", "all.tbx").code == 0
    tbx = project / "all.tbx"
    data = tbx.read_text(encoding="utf-8")
    assert ">Улаанбаатар<" in data and ">Москва<" in data
    tbx.write_text(data.replace(">Улаанбаатар<", ">Улаанбаатарх<", 1)
                   .replace(">Москва<", ">Москва-град<", 1), encoding="utf-8")
    result = steppe("glossary", "import", "--glossary", "glossary", "--lang", "ru", "all.tbx")
    assert result.code == 0, result.err
    places = (project / "glossary" / "places.toml").read_text(encoding="utf-8")
    assert "Москва-град" in places and "Улаанбаатарх" not in places
