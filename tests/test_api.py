"""The library API as a pipeline engineer uses it."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import steppe_names
from steppe_names import (
    Glossary,
    GlossaryError,
    Mention,
    Normalizer,
    compile_glossary,
    load_glossary,
)
from steppe_names.compile import _read_cache, cache_dir, index_fingerprint
from tests.conftest import spans

AMBIGUOUS = """\
[georgia-country]
kind = "place"
priority = 1
[georgia-country.en]
preferred = { text = "Georgia", ambiguous = true }
[georgia-country.ru]
preferred = { text = "Грузия", ambiguous = true }

[georgia-state]
kind = "place"
[georgia-state.en]
preferred = "Georgia (U.S. state)"
admitted = [{ text = "Georgia", ambiguous = true }]
[georgia-state.ru]
preferred = "Джорджия"
admitted = [{ text = "Грузия", ambiguous = true, note = "rare, but seen" }]
"""

# "Жоржиа": a form whose entry the document's language decides
BY_LANGUAGE = (Path(__file__).parent / "data" / "by_language.toml").read_text(encoding="utf-8")


def test_public_names_are_exported() -> None:
    for name in ("Normalizer", "Glossary", "Entry", "Term", "Mention", "load_glossary",
                 "annotate", "normalize", "GlossaryError"):
        assert hasattr(steppe_names, name)


def test_module_level_shortcuts() -> None:
    assert steppe_names.normalize("in Ulan Bator") == "in Ulaanbaatar"
    assert [m.entry_id for m in steppe_names.annotate("ウランバートル")] == ["ulaanbaatar"]


def test_ambiguous_forms_are_resolved_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text(AMBIGUOUS, encoding="utf-8")
    normalizer = Normalizer(load_glossary(path), use_cache=False)
    (mention,) = normalizer.annotate("Georgia", lang="en")
    assert mention.ambiguous and mention.entry_id == "georgia-country"  # higher priority
    assert mention.alternatives == ("georgia-state",)
    (mention,) = normalizer.annotate("Грузия")
    assert mention.ambiguous and mention.entry_id == "georgia-country"  # the ru preferred term
    assert mention.lang == "ru"


def test_the_document_language_decides_before_priority(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text(BY_LANGUAGE, encoding="utf-8")
    normalizer = Normalizer(load_glossary(path), use_cache=False)
    assert normalizer.annotate("Жоржиа", lang="mn")[0].entry_id == "georgia-state"
    assert normalizer.annotate("Жоржиа", lang="ru")[0].entry_id == "zhorzhia-city"
    # no language given: guessed from the script (ө marks Mongolian Cyrillic)
    assert normalizer.annotate("Жоржиа мужөөс")[0].entry_id == "georgia-state"
    assert all(m.ambiguous for m in normalizer.annotate("Жоржиа"))


def test_lookup_and_explain_every_language(normalizer: Normalizer) -> None:
    for name in ("Ulan Bator", "Улан-Баторе", "Улаанбаатарт", "ウランバートル", "ULAN-BATOR"):
        assert [e.id for e in normalizer.lookup(name)] == ["ulaanbaatar"], name
    assert normalizer.lookup("Atlantis") == []
    explanations = normalizer.explain("Ц.Элбэгдорж")
    assert {(e.entry_id, e.how) for e in explanations} == {("tsakhiagiin-elbegdorj",
                                                           "name:initials")}
    assert {e.lang for e in explanations} == {"ru", "mn"}
    blocked = normalizer.explain("日本人")
    assert blocked and blocked[0].blocked


def test_normalize_keeps_short_and_abbreviated_references(normalizer: Normalizer) -> None:
    assert normalizer.normalize("Путин и СССР", to="en") == "Putin и USSR"
    # a romanized abbreviation (РФ -> RF) is recognised but never the preferred rendering
    assert normalizer.normalize("ОХУ-ын", to="en") == "Russia-ын"
    assert normalizer.normalize("Putin met Abe.", to="ru") == "Путин met Абэ."
    assert normalizer.normalize("ULAN BATOR", to="en") == "ULAANBAATAR"



def test_an_abbreviation_with_full_stops_is_the_abbreviation(normalizer: Normalizer) -> None:
    """"U.S.S.R." (rules/variants.toml [dotted]) was not found. Its last stop also ends a
    sentence when a sentence ends there, so the replacement keeps one."""
    text = "The U.S.S.R. collapsed. After the fall of the U.S.S.R.\nThe P.R.C. rose."
    assert spans(normalizer, text, "en") == [("U.S.S.R.", "soviet-union"),
                                             ("U.S.S.R.", "soviet-union"),
                                             ("P.R.C.", "china")]
    assert normalizer.normalize(text, "en") == (
        "The USSR collapsed. After the fall of the USSR.\nThe PRC rose.")
    assert normalizer.normalize(text, "ru") == (
        "The СССР collapsed. After the fall of the СССР.\nThe КНР rose.")
    assert spans(normalizer, "U.B. Smith and U.B.", "en") == []  # two letters: initials


def test_a_patronymic_initial_in_english_copy_is_the_full_name(normalizer: Normalizer
                                                               ) -> None:
    """"Vladimir V. Putin" (The New York Times' style): the whole name, not "V. Putin"."""
    text = "Russian leader Vladimir V. Putin met Georgy K. Zhukov's heirs."
    assert [(m.text, m.entry_id, m.role) for m in normalizer.annotate(text)] == [
        ("Vladimir V. Putin", "vladimir-putin", ""), ("Georgy K. Zhukov", "georgy-zhukov", "")]
    assert normalizer.normalize(text, to="ru") == (
        "Russian leader Владимир Путин met Георгий Жуков's heirs.")


def test_a_known_misspelling_is_found_and_reported(normalizer: Normalizer) -> None:
    """Deprecated terms (places.toml: "Khalkin Gol", "Халкин-Гол"): found, inflected like
    the rest, and what `check` reports with its correction."""
    text = "After Khalkin Gol; бои на Халкин-Голе; Khalkhin Gol."
    found = normalizer.check(text)
    assert [(m.text, m.status, normalizer.correction(m)) for m in found] == [
        ("Khalkin Gol", "deprecated", "Khalkhin Gol"),
        ("Халкин-Голе", "deprecated", "Халхин-Голе")]


def test_a_hyphen_and_a_space_match_alike_and_check_tells_them_apart(normalizer: Normalizer
                                                                    ) -> None:
    """A hyphen or dash folds to a space: "Khalkhin-Gol River" is the glossary's "Khalkhin Gol
    River" (before, only "Khalkhin-Gol" in it was found, and a second normalize found the
    rest), and every dash joins as a hyphen does. `check` still reports a space written for
    the preferred form's hyphen (not a dash: typesetting, as before)."""
    text = "The Khalkhin-Gol River; Улан Батор, Улан‑Батор (U+2011), Улан–Батор, УЛАН-БАТОР."
    assert [(m.text, m.entry_id) for m in normalizer.annotate(text)] == [
        ("Khalkhin-Gol River", "khalkhin-gol"), ("Улан Батор", "ulaanbaatar"),
        ("Улан‑Батор", "ulaanbaatar"), ("Улан–Батор", "ulaanbaatar"),
        ("УЛАН-БАТОР", "ulaanbaatar")]
    once = normalizer.normalize(text)
    assert once.startswith("The Khalkhin Gol; Ulaanbaatar, ")
    assert normalizer.normalize(once) == once
    assert [(m.text, normalizer.correction(m)) for m in normalizer.check(text)] == [
        ("Khalkhin-Gol River", "Khalkhin Gol"), ("Улан Батор", "Улан-Батор")]


def test_a_romanization_ending_in_an_apostrophe_leaves_the_possessive_alone(
        normalizer: Normalizer) -> None:
    """GOST 7.79 B writes Абэ "Abe`", and every apostrophe folds to U+0027: that key must not
    make "Abe's" a mention of "Abe'" (it did)."""
    line = "Mr. Abe's policy, Abe’s visit, and (Abe`) as GOST B writes him.\n"
    for text in (line, "Nothing here, only words.\n" * 12_000 + line):  # both scans
        found = normalizer.annotate(text)
        assert [(m.text, m.entry_id) for m in found] == [
            ("Abe", "shinzo-abe"), ("Abe", "shinzo-abe"), ("Abe`", "shinzo-abe")]


def test_the_index_is_picklable(normalizer: Normalizer) -> None:
    index = pickle.loads(pickle.dumps(normalizer.index))
    again = Normalizer(index)
    text = "Putin in Ulan Bator, Улаанбаатарт, ウランバートルで"
    assert again.annotate(text) == normalizer.annotate(text)


def test_the_index_is_cached_and_a_warm_start_is_fast(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEPPE_NAMES_CACHE", str(tmp_path))
    glossary = load_glossary()
    started = time.perf_counter()
    cold = compile_glossary(glossary)
    cold_seconds = time.perf_counter() - started
    files = list(tmp_path.glob("index-*.pickle"))
    assert len(files) == 1 and cache_dir() == tmp_path
    started = time.perf_counter()
    warm = compile_glossary(load_glossary())
    warm_seconds = time.perf_counter() - started
    assert warm.fingerprint == cold.fingerprint == index_fingerprint(glossary)
    assert warm_seconds < 1.0, f"warm start took {warm_seconds:.2f}s (cold {cold_seconds:.2f}s)"


def test_an_index_cached_by_another_unicode_version_is_not_used(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys are marked by `str.title()` (Python's Unicode database) and by the letters of
    `regex` (word ends): a cache written under another version of either has another key."""
    from steppe_names import compile as compiler

    glossary = load_glossary()
    now = (index_fingerprint(glossary), compiler._files_key(None))
    for module, name in ((compiler.unicodedata, "unidata_version"),
                         (compiler.regex, "__version__")):
        with monkeypatch.context() as patch:
            patch.setattr(module, name, "0.0.0")
            other = (index_fingerprint(glossary), compiler._files_key(None))
        assert other[0] != now[0] and other[1] != now[1], name


def test_an_index_cached_with_another_dictionary_or_automaton_is_not_used(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The Index holds pymorphy3's inflections (from its Russian dictionary) and daachorse's
    serialized automaton: a cache written with other versions of those has another key."""
    from steppe_names import compile as compiler

    installed = compiler._installed()
    assert [name.split("-", 1)[0] for name in installed] == [
        "pymorphy3", "pymorphy3_dicts_ru", "daachorse"]
    assert all(name.endswith(".dist-info") and name.split("-", 1)[1][:1].isdigit()
               for name in installed)
    glossary = load_glossary()
    now = (index_fingerprint(glossary), compiler._files_key(None))
    for at in range(len(installed)):
        changed = (*installed[:at], installed[at].split("-", 1)[0] + "-0.0.dist-info",
                   *installed[at + 1:])
        with monkeypatch.context() as patch:
            patch.setattr(compiler, "_installed", lambda changed=changed: changed)
            other = (index_fingerprint(glossary), compiler._files_key(None))
        assert other[0] != now[0] and other[1] != now[1], installed[at]


def test_a_corrupt_cache_is_rebuilt_not_trusted(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEPPE_NAMES_CACHE", str(tmp_path))
    compile_glossary(load_glossary())
    (path,) = tmp_path.glob("index-*.pickle")
    good = path.read_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x40
    for damaged in (good[:100], good[: len(good) - 1], bytes(flipped), b"", b"junk" * 10):
        path.write_bytes(damaged)
        index = compile_glossary(load_glossary())
        assert [m.entry_id for m in Normalizer(index).annotate("Ulan Bator")] == ["ulaanbaatar"]
        rewritten = path.read_bytes()
        assert rewritten != damaged and len(rewritten) > 1000  # rebuilt and rewritten
        assert _read_cache(path, index.fingerprint) is not None  # and it passes the check


def test_an_unwritable_cache_folder_only_costs_a_rebuild(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("STEPPE_NAMES_CACHE", str(blocker / "cache"))
    assert Normalizer().annotate("Tokyo")[0].entry_id == "tokyo"


@pytest.mark.skipif(os.environ.get("STEPPE_NAMES_SKIP_WHEEL") == "1", reason="asked to skip")
def test_the_wheel_ships_the_glossary_and_rules(tmp_path: Path) -> None:
    root = Path(__file__).parent.parent
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                             "--no-build-isolation", "-q", "-w", str(tmp_path), str(root)],
                            capture_output=True, text=True)
    if result.returncode != 0 and "hatchling" in result.stderr:
        pytest.skip("hatchling is not installed in this environment")
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("steppe_names-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("steppe_names/glossaries/places.toml", "steppe_names/rules/ru.toml",
                   "steppe_names/rules/mn.toml", "steppe_names/rules/folding.toml",
                   "steppe_names/translit/schemes/ru-Cyrl-Latn-bgnpcgn-1947.toml",
                   "steppe_names/translit/schemes/mn-Mong-Latn-un-general-2013.toml"):
        assert needed in names


def test_from_files_sees_every_edit_of_the_files(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEPPE_NAMES_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "g.toml"
    path.write_text('[urga]\nkind = "place"\n[urga.en]\npreferred = "Urga"\n', encoding="utf-8")
    assert Normalizer.from_files([path]).annotate("Niislel Khuree") == []
    assert len(list((tmp_path / "cache").glob("files-*.ref"))) == 1
    path.write_text('[urga]\nkind = "place"\n[urga.en]\npreferred = "Urga"\n'
                    'admitted = ["Niislel Khuree"]\n', encoding="utf-8")
    found = Normalizer.from_files([path]).annotate("Niislel Khuree")
    assert [m.entry_id for m in found] == ["urga"]
    path.write_text("[urga\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="TOML syntax error"):
        Normalizer.from_files([path])


def test_a_scan_leaves_the_garbage_collector_as_it_found_it() -> None:
    """The scan switches the collector off while it runs (it makes no cycles); the caller's
    setting comes back afterwards, also when the scan fails, and an explicit `gc.disable()`
    is never undone."""
    import gc

    normalizer = Normalizer()
    seen: list[bool] = []
    real = steppe_names.scan._scan

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        if kwargs.get("fail"):
            raise RuntimeError("boom")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    assert gc.isenabled()
    try:
        steppe_names.scan._scan = spy  # type: ignore[assignment]
        assert [m.entry_id for m in normalizer.annotate("in Ulan Bator")] == ["ulaanbaatar"]
        assert seen == [False] and gc.isenabled()
        gc.disable()
        normalizer.annotate("in Ulan Bator")
        assert not gc.isenabled()
        gc.enable()
        steppe_names.scan._scan = lambda *a, **k: spy(*a, fail=True)  # type: ignore[assignment]
        with pytest.raises(RuntimeError):
            normalizer.annotate("in Ulan Bator")
        assert gc.isenabled()
    finally:
        steppe_names.scan._scan = real
        gc.enable()


def test_an_entrys_renderings_in_every_language_agree_with_render() -> None:
    """`Index.renders_of` lists the preferred writing of an entry per language, role and case
    (the Index stores a line of JSON per language; `render` parses only the one it writes)."""
    index = Normalizer().index
    position = index.entry_position("ulaanbaatar")
    table = index.renders_of(position)
    assert sorted(table) == ["en", "ja", "mn", "mn-Mong", "ru"]
    assert table["en"][("", "")] == index.render(position, "en") == "Ulaanbaatar"
    # Mongolian in its other script: the first term the glossary gives in it
    assert table["mn-Mong"] == {("", ""): "ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠤᠷ"}
    assert table["ru"][("", "ru:gent")] == index.render(position, "ru", "", "ru:gent")
    for lang, rows in table.items():
        for (role, case), text in rows.items():
            assert index.renders_in(position, lang)[role][case] == text


def test_names_inside_addresses_and_handles_are_left_alone(normalizer: Normalizer) -> None:
    """A name in a web or e-mail address or a handle is part of it: rewriting it broke the
    link ("…/wiki/Улан-Батор"). Both scans."""
    line = ("See https://en.wikipedia.org/wiki/Ulaanbaatar (or www.ulaanbaatar.mn), write to "
            "press@Mongolia.gov or @UlanBator; Ulan Bator itself @ home.\n"
            "詳細はhttps://ja.wikipedia.org/wiki/ノモンハン事件。ウランバートルで\n")
    for text in (line, "Nothing here, only words.\n" * 12_000 + line):
        assert [m.text for m in normalizer.annotate(text)] == ["Ulan Bator", "ウランバートル"]
    assert normalizer.normalize(line, to="ru") == line.replace(
        "Ulan Bator itself", "Улан-Батор itself").replace("ウランバートルで", "Улан-Баторで")


def test_a_name_in_a_hashtag_stays_a_hashtag(normalizer: Normalizer) -> None:
    """A space or hyphen ends a hashtag: the replacement's words are joined ("#ノモンハン事件"
    was "#Battles of Khalkhin Gol"); Cyrillic hashtags are found as Latin ones are."""
    text = "#KhalkhinGol #ノモンハン事件 #УланБатор #МонголУлс"
    assert normalizer.normalize(text, to="en") == (
        "#KhalkhinGol #BattlesOfKhalkhinGol #Ulaanbaatar #Mongolia")
    for to in ("en", "ru", "mn", "ja"):
        once = normalizer.normalize(text, to=to)
        assert normalizer.normalize(once, to=to) == once
        assert len(normalizer.annotate(once)) == 4
    assert normalizer.normalize(text, to="ru") == (
        "#ХалхинГол #БоиНаХалхинГоле #УланБатор #Монголия")


def test_english_mongol_is_the_people_and_a_short_name_stays_short(normalizer: Normalizer
                                                                   ) -> None:
    """"Mongol" (the romanization of Монгол) is the people or the adjective in English,
    never the state (a non-mention); "Baikal", a short name, stays short ("the Baikal seal"
    became "the Lake Baikal seal")."""
    text = "The Mongol Empire, the Mongol invasions of Japan, the Baikal seal, Lake Baikal."
    assert normalizer.normalize(text, to="en") == text
    assert spans(normalizer, text) == [("Japan", "japan"), ("Baikal", "lake-baikal"),
                                       ("Lake Baikal", "lake-baikal")]


def test_a_name_alone_after_someone_elses_initials_is_not_the_person(normalizer: Normalizer
                                                                     ) -> None:
    """Д.Баттулга is a wrestler: the president is Х.Баттулга, whose initials form is found
    whole. A surname alone right after other initials was linked to the glossary's person.
    Only a Cyrillic capital written onto the name counts (the Mongolian style): "U.S.",
    "г." (год), "т.е." and the spelling variants of a person's own initial do not."""
    text = ("Д.Баттулга гэдэг бөх; Х.Баттулга; Баттулга. Mr. Putin, А.Жуков, Жуков; the U.S. "
            "Putin; в 1939 г. Жуков; т.е. Путин; S. Abe.")
    for scanned in (text, "Nothing here, only words.\n" * 12_000 + text):  # both scans
        assert [m.text for m in normalizer.annotate(scanned)] == [
            "Х.Баттулга", "Баттулга", "Putin", "Жуков", "Putin", "Жуков", "Путин", "Abe"]
    # an initial in lower case is no initial: "г. Жуков" was G. K. Zhukov, "георгий Жуков"
    assert normalizer.normalize("Летом 1939 г. Жуков прибыл.", to="ru") == (
        "Летом 1939 г. Жуков прибыл.")


def test_an_abbreviation_in_a_code_of_letters_and_digits_is_not_one(normalizer: Normalizer
                                                                    ) -> None:
    """UB40 is a band and SCO2 a sensor: "Улан-Батор40" was written. A hashtag's number
    (#KhalkhinGol85) and a number after a hyphen (СССР-1) stay."""
    text = "UB40 played in UB. The SCO2 sensor at the SCO summit; USSR-1; #KhalkhinGol85; 2UB."
    assert normalizer.normalize(text, "ru") == (
        "UB40 played in Улан-Батор. The SCO2 sensor at the ШОС summit; СССР-1; #ХалхинГол85; "
        "2UB.")


def test_a_name_in_markdown_emphasis_with_low_lines(normalizer: Normalizer) -> None:
    """"_Mongolia_" (Markdown's emphasis) was no mention, as "*Mongolia*" was: a low line
    counted as a letter of the word. One on one side only, or with a letter or digit beyond
    it, still does (my_Mongolia, Mongolia_2, JAPAN_, Russia_\\2020: identifiers, paths)."""
    text = ("Capital of _Mongolia_ and *Mongolia*; my_Mongolia, Mongolia_2, Mongolia_x, _Путин_."
            " JAPAN_ C:\\Data\\Russia_\\2020 _Japan")
    for scanned, shift in ((text, 0), ("x\n" * 200_000 + text, 400_000)):  # both scans
        assert [(m.start - shift, m.text) for m in normalizer.annotate(scanned)] == [
            (12, "Mongolia"), (27, "Mongolia"), (76, "Путин")]
    assert normalizer.normalize(text, "ru") == text.replace("_Mongolia_", "_Монголия_").replace(
        "*Mongolia*", "*Монголия*")


def test_a_full_stop_of_initials_before_the_next_name_of_a_list(normalizer: Normalizer
                                                               ) -> None:
    """"Путин В.В. Лукашенко А.Г.": the stop after the initials is no sentence's, as the
    next name follows. `--to ja` left Putin as written and a second run replaced him."""
    text = "Документ подписали Путин В.В. Лукашенко А.Г. и другие.\nПодписал Путин В. Затем."
    for to, putin, lukashenko in (("ja", "ウラジーミル・プーチン", "アレクサンドル・ルカシェンコ"),
                                  ("en", "Vladimir Putin", "Alexander Lukashenko")):
        once = normalizer.normalize(text, to)
        assert once == (f"Документ подписали {putin} {lukashenko} и другие.\n"
                        f"Подписал {putin}. Затем.")
        assert normalizer.normalize(once, to) == once


def test_hashtags_paths_and_anchors_found_by_the_second_qa_pass(normalizer: Normalizer
                                                                ) -> None:
    """A hashtag drops what ends one (#MongolianPeople'sRepublic was written); a phrase that
    only begins after "#" stays as written; a name in a path or a page's anchor is left
    alone; "Озеро Хасан" at a sentence's start keeps its capital."""
    assert normalizer.normalize("#БНМАУ #МНР", to="en") == (
        "#MongolianPeoplesRepublic #MongolianPeoplesRepublic")
    text = "page.html#Mongolia /home/Mongolia/x #Бои на Халхин-Голе"
    assert normalizer.normalize(text, to="mn") == text
    assert normalizer.normalize("Озеро Хасан небольшое.", to="ru") == "Озеро Хасан небольшое."



def test_a_low_line_joins_a_names_words_as_a_space_does(normalizer: Normalizer) -> None:
    """"#Ulan_Bator", "#Улан_Батор" were not found (rules/folding.toml: "_" folds to a space);
    a name in a handle, an address or a URL still is no mention."""
    text = ("#Ulan_Bator #Улан_Батор #Khalkhin_Gol85 #Battles_of_Khalkhin_Gol "
            "@ulan_bator ulan_bator@mail.mn http://x.mn/Ulan_Bator")
    assert spans(normalizer, text) == [("Ulan_Bator", "ulaanbaatar"),
                                       ("Улан_Батор", "ulaanbaatar"),
                                       ("Khalkhin_Gol", "khalkhin-gol"),
                                       ("Battles_of_Khalkhin_Gol", "battles-of-khalkhin-gol")]
    assert normalizer.normalize(text, to="ru") == (
        "#УланБатор #УланБатор #ХалхинГол85 #БоиНаХалхинГоле "
        "@ulan_bator ulan_bator@mail.mn http://x.mn/Ulan_Bator")


def test_a_one_word_place_drops_the_article_its_long_name_took(normalizer: Normalizer
                                                               ) -> None:
    """"the Russian Federation" -> "Russia", not "the Russia"; a name that keeps several
    words keeps its article (the Kuril Islands), and so does one not replaced, and one that
    has no "the" of its own."""
    text = ("The Russian Federation and the People's Republic of China met the Empire of "
            "Japan; the Soviet Union, the Kuril Islands, the Kurils, theRussian Federation.")
    once = normalizer.normalize(text, to="en")
    assert once == ("Russia and China met Japan; the Soviet Union, the Kuril Islands, "
                    "the Kurils, theRussian Federation.")
    assert normalizer.normalize(once, to="en") == once
    assert normalizer.normalize(text, to="ru").startswith("The Россия and the Китай met the ")
    # a proper name has no "the" of its own: the article is what follows its ("the Ulan
    # Bator talks"), and stays (rules/en.toml [articles]); it was dropped
    assert normalizer.normalize("The Ulan Bator talks and the Outer Mongolia question.",
                                to="en") == "The Ulaanbaatar talks and the Mongolia question."


def test_a_long_decomposed_text_keeps_its_mentions(normalizer: Normalizer) -> None:
    """A text of over 2**20 code points, most lines holding a decomposed accent, is scanned
    again the careful way as a whole; its marked codes came back in the wrong byte order past
    the first 2**20 (np.concatenate made the big-endian pieces native), and every mention was
    lost, or found by the fuzzy pass only."""
    line = "Mongolian People’s Republic, Cafe\u0301 in Moscow.\n"
    text = line * 25_000  # 1.2 M code points
    found = normalizer.annotate(text)
    assert len(found) == 50_000
    assert {m.how for m in found} == {"preferred"}
    assert found[-1].start == len(text) - len(line) + line.index("Moscow")


def test_wrong_arguments_are_said_plainly(normalizer: Normalizer) -> None:
    """Found by a QA pass as a pipeline engineer: to="EN" or lang="fr" quietly turned
    normalizing off; bytes gave "a bytes-like object is required, not 'str'"; a str given
    to annotate_many was read as one-letter documents; Normalizer("g.toml") failed deep
    inside."""
    with pytest.raises(ValueError, match="to='EN': expected one of en, ru, mn, ja"):
        normalizer.normalize("Ulan Bator", to="EN")
    with pytest.raises(ValueError, match="lang='fr'"):
        normalizer.annotate("Ulan Bator", lang="fr")
    with pytest.raises(TypeError, match="text is a bytes, not a str; decode it first"):
        normalizer.annotate(b"Ulan Bator")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="texts is one str"):
        list(normalizer.annotate_many("Ulan Bator"))
    with pytest.raises(TypeError, match="a chunk is a NoneType"):
        list(normalizer.annotate_stream(["Ulan ", None]))  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"Normalizer\.from_files"):
        Normalizer("g.toml")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="name is a NoneType"):
        normalizer.lookup(None)  # type: ignore[arg-type]


def test_small_chunks_and_one_large_chunk_take_the_quick_routes(normalizer: Normalizer
                                                                ) -> None:
    """annotate_stream joined each chunk to its buffer (1 MB in 1-character chunks: ~45 s);
    newline_pieces kept one large chunk whole, so normalize_parallel had one piece."""
    from steppe_names.parallel import newline_pieces

    text = "Talks in Ulan Bator and at Khalkhyn Gol.\n" * 25_000  # 1 M code points
    started = time.perf_counter()
    streamed = list(normalizer.annotate_stream(iter(text)))
    assert time.perf_counter() - started < 20
    assert streamed == normalizer.annotate(text)
    assert len(list(newline_pieces([text]))) == 2
    assert (Path(steppe_names.__file__).parent / "py.typed").exists()  # hints for mypy users


def test_render_refuses_mentions_that_are_not_of_its_text(normalizer: Normalizer) -> None:
    text = "Putin flew to Ulan Bator."
    mentions = normalizer.annotate(text)
    assert normalizer.render(text, mentions, "ru") == "Путин flew to Улан-Батор."
    with pytest.raises(ValueError, match=r"'Putin' at 0:5 is not in this text.*'xPuti'"):
        normalizer.render("x" + text, mentions, "ru")  # (it wrote "Путин" over "xPuti")
    with pytest.raises(ValueError, match="not in this text"):
        normalizer.render("Putin", mentions, "ru")  # (IndexError before)
    with pytest.raises(ValueError, match="in order and not overlap"):
        normalizer.render(text, mentions[::-1], "ru")


def test_a_mention_record_must_be_whole_to_be_read_back() -> None:
    record = Mention(14, 24, "Ulan Bator", "ulaanbaatar", "Ulaanbaatar", "en",
                     "admitted").to_dict()
    assert Mention.from_dict({"file": "a.txt", **record}).entry_id == "ulaanbaatar"
    old = {k: v for k, v in record.items() if k not in ("alternatives", "case", "role")}
    assert Mention.from_dict(old) == Mention.from_dict(record)  # records of 0.1 still read
    for broken, message in [({**record, "id": None}, "are strings"),
                            ({k: v for k, v in record.items() if k != "id"}, "needs 'id'"),
                            ({**record, "start": "14"}, "are offsets"),
                            ({**record, "end": 23}, "characters long"),
                            ({**record, "ambiguous": "no"}, "true or false"),
                            ({**record, "alternatives": "abc"}, "a list of entry ids")]:
        with pytest.raises(ValueError, match=message):
            Mention.from_dict(broken)


def test_names_in_lists_domains_and_file_names(normalizer: Normalizer) -> None:
    """Found by a QA pass: the middle of "Moscow/Tokyo/Ulaanbaatar" was taken for a path,
    and "Putin.ru," or "Путин.рф" for prose (the comma after a domain hid it)."""
    text = ("Moscow/Tokyo/Ulaanbaatar and Russia/Ukraine. Sites: Putin.ru, Mongolia.mn, "
            "Ulaanbaatar.mn. Сайты Путин.рф и Putin-visit.pdf, /home/Mongolia/x ~/Tokyo "
            "data/Tokyo/notes.txt. Putin arrived in Tokyo. Then Moscow.")
    assert normalizer.normalize(text, "ru") == text.replace(
        "Moscow/Tokyo/Ulaanbaatar", "Москва/Токио/Улан-Батор").replace(
        "Russia/Ukraine", "Россия/Украина").replace("Putin arrived in Tokyo. Then Moscow.",
                                                    "Путин arrived in Токио. Then Москва.")


def test_a_name_written_as_one_word_is_written_as_the_name(normalizer: Normalizer) -> None:
    """"Ulanbator" and "Уланбатор" (the joined forms hashtags use) became "УланБатор" in
    running text; only after "#" is the name a hashtag."""
    text = "Уланбатор и Ulanbator, Khalkhingol. #KhalkhinGol #Уланбатор"
    assert normalizer.normalize(text, "ru") == (
        "Улан-Батор и Улан-Батор, Халхин-Гол. #ХалхинГол #УланБатор")
    assert normalizer.normalize(text, "en") == (
        "Ulaanbaatar и Ulaanbaatar, Khalkhin Gol. #KhalkhinGol #Ulaanbaatar")


def test_a_lower_case_replacement_begins_a_sentence_with_a_capital(normalizer: Normalizer
                                                                   ) -> None:
    """"Lake Khasan lies ..." -> "Озеро Хасан lies ...", not "озеро Хасан" (mid-sentence it
    stays "озеро Хасан", as Russian writes it)."""
    text = "Lake Khasan lies near the border. Near Lake Khasan.\nХасан нуур Приморьд оршдог."
    assert normalizer.normalize(text, "ru") == (
        "Озеро Хасан lies near the border. Near озеро Хасан.\nОзеро Хасан Приморьд оршдог.")


def test_newspapers_named_after_places_are_not_them(normalizer: Normalizer) -> None:
    text = "The Japan Times and The Moscow Times; a walk through Kitay-gorod."
    assert spans(normalizer, text, "en") == []


def test_the_indefinite_article_follows_the_new_name(normalizer: Normalizer) -> None:
    """"An Outer Mongolia delegation" became "An Mongolia delegation" (rules/en.toml)."""
    text = ("An Outer Mongolia delegation, a Urga caravan, a Soviet Union army, an U.S.S.R. "
            "army and a Mongolian People's Republic envoy.")
    assert normalizer.normalize(text, "en") == (
        "A Mongolia delegation, an Ulaanbaatar caravan, a Soviet Union army, a USSR army "
        "and a Mongolian People's Republic envoy.")
    # found by a regression hunt: capitals, a letter label, the text's start, quotes
    for written, expected in [("AN OUTER MONGOLIA DELEGATION", "A MONGOLIA DELEGATION"),
                              ("SHE MET A URGA CARAVAN.", "SHE MET AN ULAANBAATAR CARAVAN."),
                              ("Vitamin A Urga caravan", "Vitamin A Ulaanbaatar caravan"),
                              ("a Urga caravan", "an Ulaanbaatar caravan")]:
        assert normalizer.normalize(written, "en") == expected


def test_library_points_from_a_pipeline_qa_pass(normalizer: Normalizer, tmp_path: Path
                                                ) -> None:
    """lookup and explain of a decomposed name recursed until RecursionError; a mention of
    another glossary gave a bare KeyError; replacement(to="xx") said nothing; bytes to
    transliterate a TypeError about is_normalized; normalize_parallel took jobs=0."""
    import unicodedata

    from steppe_names import transliterate
    from steppe_names.parallel import normalize_parallel

    decomposed = unicodedata.normalize("NFD", "Shinzō Abe")
    assert [e.id for e in normalizer.lookup(decomposed)] == ["shinzo-abe"]
    assert normalizer.explain(decomposed)[0].entry_id == "shinzo-abe"
    other = Normalizer(compile_glossary(load_glossary(_write(tmp_path, "g.toml", """\
[baz]
kind = "place"
[baz.en]
preferred = "Baz"
"""))))
    mention = normalizer.annotate("Ulan Bator")[0]
    with pytest.raises(ValueError, match="entry 'ulaanbaatar', which this Normalizer's"):
        other.render("Ulan Bator", [mention], "ru")
    with pytest.raises(ValueError, match="to='xx'"):
        normalizer.replacement(mention, "xx")
    with pytest.raises(TypeError, match="decode it first"):
        transliterate(b"\xd0\x9c", "ru-Cyrl-Latn-bgnpcgn-1947")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="jobs=0"):
        list(normalize_parallel(normalizer, ["Ulan Bator"], 0))


def test_a_glossary_made_in_code_is_checked_as_a_file_is() -> None:
    """Glossary(entries) took an empty term, a term with a leading space (which then came
    back as a mention ' Baz'), kind 'city', a 'fr' term, a decomposed term (which never
    matched), and a str for an Entry (AttributeError)."""
    from steppe_names.model import Entry, Term

    def problems(*terms: Term, kind: str = "place", entry_id: str = "baz") -> str:
        with pytest.raises(GlossaryError) as error:
            Glossary([Entry(entry_id, kind, (Term("Baz", "en", "preferred"), *terms))])
        return "\n".join(map(str, error.value.problems))

    assert "a term needs a non-empty text" in problems(Term("", "en"))
    assert "leading or trailing spaces" in problems(Term(" Bazz", "en"))
    assert "combining accents" in problems(Term("Baze\u0301", "en"))
    assert "language must be one of en, ru, mn, ja, got 'fr'" in problems(Term("Bazz", "fr"))
    assert "kind must be one of place, person, event, org, got 'city'" in problems(kind="city")
    assert "an entry id is lower-case letters" in problems(entry_id="Baz City")
    with pytest.raises(GlossaryError, match="holds Entry objects, not str"):
        Glossary(["baz"])  # type: ignore[list-item]


def test_a_decomposed_term_in_a_file_is_reported_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.toml", '[jose-marti]\nkind = "person"\n[jose-marti.en]\n'
                  'preferred = "Jose\u0301 Marti\u0301"\n')
    with pytest.raises(GlossaryError, match=r"g.toml:4: .*combining accents"):
        load_glossary(path)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_abbreviation_defined_in_brackets_is_not_the_name_again(normalizer: Normalizer
                                                                   ) -> None:
    """"The International Criminal Court (ICC)" with --to ja became "国際刑事裁判所
    (国際刑事裁判所)": Japanese has no abbreviation for it. A language that has one writes it."""
    text = "The International Criminal Court (ICC) met. 国際刑事裁判所（ICC）。 The ICC ruled."
    assert normalizer.normalize(text, "ja") == (
        "The 国際刑事裁判所 (ICC) met. 国際刑事裁判所（ICC）。 The 国際刑事裁判所 ruled.")
    assert normalizer.normalize(text, "ru") == (
        "The Международный уголовный суд (МУС) met. Международный уголовный суд（МУС）。 "
        "The МУС ruled.")
