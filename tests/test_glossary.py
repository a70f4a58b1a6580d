"""Glossary files: what loads, and the errors a glossary author gets (file, line, entry)."""

from __future__ import annotations

from pathlib import Path

import pytest

from steppe_names import GlossaryError, load_glossary
from steppe_names.glossary import toml_format

GOOD = """\
[ulaanbaatar]
kind = "place"

[ulaanbaatar.en]
preferred = "Ulaanbaatar"
admitted = ["Ulan Bator", { text = "UB", usage = ["colloquial", "abbreviation"] }]

[ulaanbaatar.ru]
preferred = "Улан-Батор"
"""


def write(tmp_path: Path, text: str, name: str = "g.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_bundled_glossary_has_every_required_entry() -> None:
    glossary = load_glossary()
    required = {
        "ulaanbaatar": "Ulaanbaatar", "khalkhin-gol": "Khalkhin Gol", "nomonhan": "Nomonhan",
        "battles-of-khalkhin-gol": "Battles of Khalkhin Gol", "mongolia": "Mongolia",
        "russia": "Russia", "japan": "Japan", "china": "China", "soviet-union": "Soviet Union",
        "mongolian-peoples-republic": "Mongolian People's Republic", "manchuria": "Manchuria",
        "manchukuo": "Manchukuo", "tokyo": "Tokyo", "moscow": "Moscow", "ukraine": "Ukraine",
        "lake-khasan": "Lake Khasan", "lake-baikal": "Lake Baikal", "siberia": "Siberia",
        "kuril-islands": "Kuril Islands", "dornod": "Dornod", "vladimir-putin": "Vladimir Putin",
        "tsakhiagiin-elbegdorj": "Tsakhiagiin Elbegdorj",
        "khaltmaagiin-battulga": "Khaltmaagiin Battulga",
        "ukhnaagiin-khurelsukh": "Ukhnaagiin Khürelsükh", "shinzo-abe": "Shinzo Abe",
        "yuri-ushakov": "Yuri Ushakov", "alexander-lukashenko": "Alexander Lukashenko",
        "georgy-zhukov": "Georgy Zhukov", "leonid-brezhnev": "Leonid Brezhnev",
        "michitaro-komatsubara": "Michitarō Komatsubara", "kwantung-army": "Kwantung Army",
        "red-army": "Red Army", "international-criminal-court": "International Criminal Court",
        "eurasian-economic-union": "Eurasian Economic Union",
        "shanghai-cooperation-organisation": "Shanghai Cooperation Organisation",
        "udriin-sonin": "Udriin Sonin", "anti-comintern-pact": "Anti-Comintern Pact",
        "ulaanbaatar-railway": "Ulaanbaatar Railway",
    }
    for entry_id, canonical in required.items():
        entry = glossary[entry_id]
        assert entry.canonical == canonical
        for lang in ("en", "ru", "mn", "ja"):
            assert entry.preferred(lang), (entry_id, lang)


def test_a_valid_file_loads(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, GOOD))
    entry = glossary["ulaanbaatar"]
    assert entry.preferred("ru") == "Улан-Батор"
    ub = next(t for t in entry.terms if t.text == "UB")
    assert ub.usage == ("colloquial", "abbreviation") and ub.line == 6


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('preferred = "Улан-Батор"', 'preferred = "Улан-Батор'))
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert f"{path}:9:" in str(caught.value)
    assert "TOML syntax error" in str(caught.value)


def test_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    """Notepad saves UTF-8 with a BOM, which TOML does not allow: say so, not 'Invalid
    statement'."""
    path = tmp_path / "g.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert f"{path}:1: the file starts with a byte order mark" in str(caught.value)


def test_a_tab_in_a_term_is_refused(tmp_path: Path) -> None:
    """A tab (any control character) in a term: refused where a line break is (the TSV
    export could not hold it, and no name has one)."""
    path = write(tmp_path, GOOD.replace('"Улан-Батор"', '"Улан\\tБатор"'))
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert f"{path}:9:" in str(caught.value)
    assert "holds a control character (a tab)" in str(caught.value)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, GOOD, "a.toml")
    second = write(tmp_path, GOOD.replace("Ulan Bator", "Ulan-Bator"), "b.toml")
    with pytest.raises(GlossaryError) as caught:
        load_glossary([first, second])
    assert "duplicate id" in str(caught.value) and "b.toml:1" in str(caught.value)


def test_a_form_claimed_by_two_entries(tmp_path: Path) -> None:
    other = '\n[urga]\nkind = "place"\n[urga.en]\npreferred = "Ulan Bator"\n'
    path = write(tmp_path, GOOD + other)
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    message = str(caught.value)
    assert "'Ulan Bator' already belongs to entry 'ulaanbaatar'" in message
    assert f"{path}:14: entry 'urga'" in message


def test_a_term_written_twice_in_one_entry(tmp_path: Path) -> None:
    """"Onetown" preferred and deprecated, or "Oneville" twice, passed validation, and
    `lookup` showed the term as both (found by a QA pass). A term that folds alike but is
    written otherwise (Shinzō Abe, Shinzo Abe) is another spelling, not a repeat."""
    path = write(tmp_path, '[onetown]\nkind = "place"\n\n[onetown.en]\n'
                           'preferred = "Onetown"\nadmitted = ["Oneville", "Oneville", "OneTown"]\n'
                           'deprecated = ["Onetówn", "Onetown"]\n')
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:6: entry 'onetown': term 'Oneville' (en) is written twice in this entry "
        "(admitted and admitted): keep one",
        f"{path}:7: entry 'onetown': term 'Onetown' (en) is written twice in this entry "
        "(preferred and deprecated): keep one"]


@pytest.mark.parametrize(("text", "expected"), [
    ('[zeta]\nkind = "place"\n\n[zeta.en]\npreferred = ""\n',
     ":5: entry 'zeta': a preferred term needs a non-empty text"),
    ('[zeta]\nkind = "place"\n\n[zeta.en]\npreferred = "Zeta"\nadmitted = [\n  "Z",\n'
     '  ["A", "B"],\n]\n', ":6: entry 'zeta': a term must be a string or a table"),
    ('["Zeta Place"]\nkind = "place"\n\n["Zeta Place".en]\npreferred = "Zeta"\n',
     ":1: entry 'Zeta Place': entry id must be lowercase"),
])
def test_a_problem_names_the_line_it_is_on(tmp_path: Path, text: str, expected: str) -> None:
    """An empty or malformed term was reported at its table's header, and an entry with
    a quoted id at no line at all (a QA pass)."""
    path = write(tmp_path, text)
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert str(caught.value).startswith(f"{path}{expected}")


def test_a_glossary_with_no_entry_is_an_error(tmp_path: Path) -> None:
    """An empty file given as the glossary passed validation ("0 entries: OK") and
    `normalize --glossary empty.toml` changed nothing, silently (a QA pass)."""
    path = write(tmp_path, "# nothing yet\n")
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert str(caught.value).startswith(f"{path}: holds no glossary entry")


def test_a_form_shared_on_purpose_is_allowed(tmp_path: Path) -> None:
    text = GOOD.replace('"Ulan Bator"', '{ text = "Ulan Bator", ambiguous = true }')
    text += ('\n[urga]\nkind = "place"\n[urga.en]\npreferred = "Urga"\n'
             'admitted = [{ text = "Ulan Bator", ambiguous = true }]\n')
    assert len(load_glossary(write(tmp_path, text))) == 2


def test_term_in_the_wrong_script(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('preferred = "Улан-Батор"', 'preferred = "Ulan-Bator"'))
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert "'ru' terms must be Cyrl" in str(caught.value)
    assert f"{path}:9:" in str(caught.value)


def test_missing_preferred_term(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('preferred = "Улан-Батор"', 'admitted = ["Улан-Батор"]'))
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert "[ulaanbaatar.ru] has no preferred term" in str(caught.value)
    assert f"{path}:8:" in str(caught.value)


def test_unknown_keys_and_bad_kinds_are_reported(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="kind must be one of"):
        load_glossary(write(tmp_path, GOOD.replace('"place"', '"city"')))
    with pytest.raises(GlossaryError, match="unknown key"):
        load_glossary(write(tmp_path, GOOD.replace('kind = "place"', 'kind = "place"\ncolor = 1')))


def test_invalid_utf8_glossary(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(GOOD.encode() + b'\n# \xff\n')
    with pytest.raises(GlossaryError, match=r"not valid UTF-8 \(byte offset"):
        load_glossary(path)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace('"place"', '"city"') + '\n[x]\nkind = "town"\n[x.en]\npreferred = "X"\n'
    with pytest.raises(GlossaryError) as caught:
        load_glossary(write(tmp_path, text))
    assert [p.entry for p in caught.value.problems] == ["ulaanbaatar", "x"]


def test_semantic_problems_are_all_reported(tmp_path: Path) -> None:
    text = GOOD + '\n[x]\nkind = "place"\n[x.ru]\npreferred = "Икс"\n[x.ja]\npreferred = "X"\n'
    with pytest.raises(GlossaryError) as caught:
        load_glossary(write(tmp_path, text))
    messages = [p.message for p in caught.value.problems]
    assert any("missing preferred English term" in m for m in messages)
    assert any("'ja' terms must be Jpan" in m for m in messages)


def test_dump_then_load_keeps_every_term(tmp_path: Path) -> None:
    glossary = load_glossary()
    text = toml_format.dumps(list(glossary))
    again = load_glossary(write(tmp_path, text))
    assert again.fingerprint() == glossary.fingerprint()


def test_fingerprint_follows_content_not_object_identity_or_place() -> None:
    """The Index cache key: the same content gives the same fingerprint however its strings
    were made and wherever it was read; any change of content gives another one."""
    import dataclasses

    from steppe_names.glossary import Glossary

    entries = list(load_glossary())
    first = entries[0]
    # equal strings that are distinct objects, and another file and line
    copied = dataclasses.replace(
        first, id="".join(list(first.id)), file="elsewhere.toml", line=first.line + 7,
        terms=tuple(dataclasses.replace(t, text="".join(list(t.text)), line=99)
                    for t in first.terms))
    assert copied.id is not first.id
    assert (Glossary([copied, *entries[1:]]).fingerprint()
            == Glossary(entries).fingerprint())
    changed = dataclasses.replace(first, terms=(
        dataclasses.replace(first.terms[0], note=first.terms[0].note + "!"), *first.terms[1:]))
    assert (Glossary([changed, *entries[1:]]).fingerprint()
            != Glossary(entries).fingerprint())


def test_a_table_named_only_through_its_subtables_is_reported_at_the_first(
        tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + '\n[steppe]\nkind = "place"\n\n[steppe.en.preferred]\n'
                                  'text = "Steppe"\ncolour = 1\n')  # no [steppe.en] header
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert f"{path}:14: entry 'steppe': unknown term key(s) colour" in str(caught.value)


def test_a_large_glossary_loads_in_time_linear_in_its_size(tmp_path: Path) -> None:
    """Finding the line of a table named only through its subtables ([id.ja.preferred] and
    no [id.ja]) once cost a pass over every table header: 17 s for a 10k-entry file, ~30
    min at 100k. Now a lookup."""
    import time

    count = 8000
    text = "".join(f'[place-{i}]\nkind = "place"\n\n[place-{i}.en.preferred]\n'
                   f'text = "Place {i}"\n\n' for i in range(count))
    started = time.perf_counter()
    glossary = load_glossary(write(tmp_path, text))
    assert len(list(glossary)) == count
    assert time.perf_counter() - started < 8  # (a pass over 16,000 headers per entry: > 20 s)


def test_terms_written_with_escapes_load_in_linear_time_and_name_their_table(
        tmp_path: Path) -> None:
    """A term written with escapes ("\\u0421...") is not found as written; the search for
    its line stops at the end of its entry instead of reading the rest of the file."""
    import time

    count = 6000
    text = "".join(f'[place-{i}]\nkind = "place"\n\n[place-{i}.en]\npreferred = "Place {i}"\n'
                   f'\n[place-{i}.ru]\npreferred = "\\u041c\\u0435\\u0441\\u0442\\u043e {i}"\n\n'
                   for i in range(count))
    text += ('[bad]\nkind = "place"\n\n[bad.en]\npreferred = "Bad"\n\n'
             '[bad.ru]\npreferred = "\\u0041bc"\n')  # Latin letters in a Russian term
    started = time.perf_counter()
    with pytest.raises(GlossaryError) as caught:
        load_glossary(write(tmp_path, text))
    assert time.perf_counter() - started < 6  # (to the end of the file each: ~20 s)
    # (the line of its key: "preferred = ...", the line after its table's header)
    assert (f":{9 * count + 8}: entry 'bad': term 'Abc' is in Latn script, but 'ru' terms "
            "must be Cyrl") in str(caught.value)
