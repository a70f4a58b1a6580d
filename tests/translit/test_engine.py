"""The rules engine on small inline schemes: what FORMAT.md promises, case by case."""

from __future__ import annotations

import re

import pytest

from steppe_names.translit import Scheme, SchemeError
from steppe_names.translit.compiler import compile_scheme
from steppe_names.translit.spec import parse_scheme

HEADER = """\
format = 1
id = "xx-Test-Test-unit-1"
name = "unit test"
language = "xx"
source_script = "Cyrl"
target_script = "Latn"
authority = "tests"
year = 2024
source = "tests/translit/test_engine.py"
conforms_to = []
reversible = false
samples = [["", ""]]
"""


def scheme(body: str, header: str = HEADER) -> Scheme:
    return compile_scheme(
        parse_scheme(header + body, "unit.toml", expected_id="xx-Test-Test-unit-1")
    )


def error(body: str, header: str = HEADER) -> SchemeError:
    with pytest.raises(SchemeError) as caught:
        scheme(body, header)
    return caught.value


# -- rules and their order -------------------------------------------------------------


def test_longest_source_wins() -> None:
    run = scheme(
        '[map]\n"к" = "k"\n"х" = "h"\n"кх" = "kx"\n"っ" = "Q"\n"っか" = "kka"\n"か" = "ka"\n'
    )
    assert run("кхх") == "kxh"
    assert run("っかか") == "kkaka"
    assert run("っ") == "Q"


def test_rules_with_conditions_come_before_plain_ones() -> None:
    body = """
[map]
"е" = "e"

[[rules]]
from = "е"
to = "ye"
word_start = true
"""
    assert scheme(body)("ее е") == "yee ye"


def test_file_order_breaks_ties_between_conditional_rules() -> None:
    body = """
[[rules]]
from = "а"
to = "FIRST"
after = "б"

[[rules]]
from = "а"
to = "SECOND"
after = "б"

[map]
"а" = "a"
"""
    assert scheme(body)("аб") == "FIRSTб"


def test_unknown_characters_pass_through() -> None:
    assert scheme('[map]\n"а" = "a"\n')("а-b 1 ж 東") == "a-b 1 ж 東"


def test_empty_target_deletes() -> None:
    assert scheme('[map]\n"ь" = ""\n"а" = "a"\n')("аьа") == "aa"


# -- contexts ----------------------------------------------------------------------------


def test_before_after_and_negations() -> None:
    body = """
[classes]
vowel = "аео"

[[rules]]
from = "е"
to = "ye"
before = ["{vowel}", "ь"]

[[rules]]
from = "т"
to = "t·"
after = "с"
not_after = "ск"

[[rules]]
from = "с"
to = "S"
not_before = "т"
not_after = "к"

[map]
"а" = "a"
"е" = "e"
"т" = "t"
"с" = "s"
"к" = "k"
"ь" = "'"
"""
    run = scheme(body)
    assert run("ае") == "aye"
    assert run("ье") == "'ye"
    assert run("те") == "te"
    assert run("тса") == "t·sa"
    assert run("тск") == "tsk"
    assert run("са") == "Sa"


def test_contexts_ignore_case() -> None:
    body = '[[rules]]\nfrom = "т"\nto = "t·"\nafter = "с"\n[map]\n"т" = "t"\n"с" = "s"\n'
    assert scheme(body)("ТС тс Тс тС") == "T·S t·s T·s t·S"


def test_contexts_are_read_on_the_source() -> None:
    # "б" becomes "a" but the next rule still sees the Cyrillic "б" before it.
    body = """
[[rules]]
from = "в"
to = "V!"
before = "б"

[map]
"б" = "a"
"в" = "v"
"""
    assert scheme(body)("бв ав") == "aV! аv"


def test_word_start_and_end() -> None:
    body = """
[[rules]]
from = "е"
to = "Ye"
case = "exact"
word_start = true

[[rules]]
from = "е"
to = "E$"
case = "exact"
word_end = true

[[rules]]
from = "е"
to = "(mid)"
case = "exact"
word_start = false
word_end = false
"""
    assert scheme(body)("е еее -е-") == "Ye Ye(mid)E$ -Ye-"


def test_word_has_and_word_lacks_for_vowel_harmony() -> None:
    body = """
[classes]
back = "аоу"
front = "эөү"

[[rules]]
from = "г"
to = "γ"
word_has = "{back}"

[[rules]]
from = "г"
to = "g"
word_lacks = "{back}"

[map]
"а" = "a"
"о" = "o"
"э" = "e"
"ө" = "ö"
"""
    run = scheme(body)
    assert run("гаг гэг, гөг-гаг") == "γaγ geg, gög-γaγ"


def test_multi_character_class_members_and_nesting() -> None:
    body = """
[classes]
long = ["おう", "うう"]
kana = "か{small}"
small = "ゃ"

[[rules]]
from = "ー"
to = "-"
before = "{long}"

[[rules]]
from = "。"
to = "!"
after = "{kana}"

[map]
"ー" = "~"
"""
    run = scheme(body)
    assert run("おうー") == "おう-"
    assert run("かー") == "か~"
    assert run("。ゃ。") == "!ゃ。"


# -- case --------------------------------------------------------------------------------


def test_auto_case_title_upper_and_neighbours() -> None:
    run = scheme('[map]\n"ш" = "sh"\n"а" = "a"\n"р" = "r"\n"кх" = "kh"\n')
    assert run("шар Шар ШАР") == "shar Shar SHAR"
    assert run("Ш") == "Sh"
    assert run("Ш.") == "Sh."
    assert run("АШ") == "ASH"
    assert run("кх Кх КХ кХ") == "kh Kh KH kh"


def test_title_uppercases_the_first_cased_character() -> None:
    assert scheme('[map]\n"э" = "`e"\n')("Э") == "`E"


def test_exact_case_rules_for_prescribed_capitals() -> None:
    run = scheme('[map]\n"ц" = "t͡s"\n"Ц" = "T͡S"\n"и" = "i"\n')
    assert run("Ци ЦИ ци") == "T͡Si T͡SI t͡si"


def test_exact_rule_can_be_lowercase() -> None:
    body = '[[rules]]\nfrom = "а"\nto = "a!"\ncase = "exact"\n[map]\n"б" = "b"\n'
    assert scheme(body)("аА") == "a!А"


def test_caseless_sign_between_capitals_is_capitalised() -> None:
    run = scheme('[map]\n"ʹ" = "ь"\n"s" = "с"\n"e" = "е"\n')
    assert run("SʹE sʹe Sʹe") == "СЬЕ сье Сье"


def test_caseless_syllabary_stays_as_written() -> None:
    assert scheme('[map]\n"か" = "ka"\n')("AかB") == "AkaB"


# -- post rules and normalisation --------------------------------------------------------


def test_post_rules_rewrite_the_output() -> None:
    body = """
[map]
"か" = "ka"
"ー" = "ー"

[[post]]
pattern = "aー"
replace = "ā"
"""
    assert scheme(body)("かー") == "kā"


def test_input_is_nfc_by_default_and_output_normalisation_is_optional() -> None:
    decomposed = "и\u0306"  # й as и + combining breve
    assert scheme('[map]\n"й" = "j"\n')(decomposed) == "j"
    assert scheme('normalize = "none"\n[map]\n"й" = "j"\n')(decomposed) == decomposed
    body = 'normalize_output = "NFC"\n[map]\n"у" = "u"\n"ー" = "\\u0304"\n'
    assert scheme(body)("уー") == "ū"


# -- fast paths agree with the plain path ------------------------------------------------


def test_table_stage_passes_unknown_and_sentinel_characters() -> None:
    run = scheme('[map]\n"а" = "a"\n"б" = ""\n')
    text = ("а\uffff\ufffeб😀\udc80x" * 40) + "й"
    assert run(text) == text.replace("а", "a").replace("б", "")


# -- errors ------------------------------------------------------------------------------


def test_toml_syntax_error_has_line() -> None:
    err = error('[map]\n"а" = \n')
    assert re.match(r"unit\.toml:14: invalid TOML", str(err)), str(err)


def test_unknown_top_level_key() -> None:
    err = error('colour = "red"\n[map]\n"а" = "a"\n')
    assert str(err).startswith("unit.toml:13: unknown key 'colour'")


def test_missing_required_key() -> None:
    header = HEADER.replace('authority = "tests"\n', "")
    err = error('[map]\n"а" = "a"\n', header)
    assert "missing required key(s): authority" in str(err)


def test_unknown_rule_key_points_at_the_rule() -> None:
    err = error('[[rules]]\nfrom = "а"\nto = "a"\nafterwards = "б"\n')
    assert str(err).startswith("unit.toml:16: unknown key 'afterwards' in rule 1")


def test_before_context_must_have_fixed_width() -> None:
    err = error('[[rules]]\nfrom = "а"\nto = "a"\nbefore = "б+"\n')
    assert "fixed width" in str(err) and str(err).startswith("unit.toml:13:")


def test_context_must_not_capture() -> None:
    err = error('[[rules]]\nfrom = "а"\nto = "a"\nafter = "(б)"\n')
    assert "capturing group" in str(err)


def test_unknown_class() -> None:
    err = error('[[rules]]\nfrom = "а"\nto = "a"\nafter = "{vowels}"\n')
    assert "unknown class {vowels}" in str(err)


def test_class_cycle() -> None:
    err = error('[classes]\na = "{b}"\nb = "{a}"\n[[rules]]\nfrom = "а"\nto = "a"\nafter = "{a}"\n')
    assert "includes itself" in str(err)


def test_duplicate_plain_rule() -> None:
    err = error('[[rules]]\nfrom = "а"\nto = "x"\n[map]\n"а" = "a"\n')
    assert "can never apply" in str(err)


def test_reversible_requires_reverse_table() -> None:
    err = error('[map]\n"а" = "a"\n', HEADER.replace("reversible = false", "reversible = true"))
    assert "requires a [reverse] table" in str(err)


def test_id_must_match_file_name() -> None:
    with pytest.raises(SchemeError, match="does not match the file name"):
        parse_scheme(HEADER + '[map]\n"а" = "a"\n', "other.toml", expected_id="other")


def test_known_failure_needs_a_reason() -> None:
    err = error('known_failures = [{source = "а", expected = "b"}]\n[map]\n"а" = "a"\n')
    assert "missing 'reason'" in str(err)


def test_no_rules() -> None:
    assert "has no rules" in str(error('notes = "empty"\n'))


def test_auto_case_rule_must_be_lowercase() -> None:
    err = error('[[rules]]\nfrom = "А"\nto = "a"\ncase = "auto"\n')
    assert "written in lowercase" in str(err)


def test_reverse_table_is_its_own_scheme() -> None:
    header = HEADER.replace("reversible = false", "reversible = true")
    body = """
[map]
"ш" = "sh"

[reverse]
id = "xx-Test-Test-unit-1-rev"
conforms_to = []
samples = [["sh", "ш"]]

[reverse.map]
"sh" = "ш"
"""
    spec = parse_scheme(header + body, "unit.toml")
    assert spec.reverse is not None
    back = compile_scheme(spec.reverse)
    assert back.info.source_script == "Latn" and back.info.target_script == "Cyrl"
    assert back("Shar SHAR") == "Шar ШAR"
    assert back.info.name == "unit test (reverse)"
