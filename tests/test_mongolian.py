"""Mongolian (Cyrillic) text: case suffixes with vowel harmony, hyphenated abbreviations,
name patterns, and phrases that are not mentions."""

from __future__ import annotations

from steppe_names import Normalizer
from tests.conftest import spans

PARAGRAPH = (
    "Ерөнхийлөгч Ц.Элбэгдорж Улаанбаатарт ОХУ-ын Ерөнхийлөгч В.Путинтэй уулзав. "
    "Улаанбаатараас Токио руу нисэв. Хүрэлсүхтэй Япон, Хятадын төлөөлөгчид уулзсан. "
    "Халх голын байлдааны 85 жилийн ой. Улаанбаатарын иргэд, Японоос ирсэн зочид, "
    "ЗХУ-ын цэргүүд Дорнод аймагт."
)


def test_suffixed_forms_span_the_whole_word(normalizer: Normalizer) -> None:
    found = spans(normalizer, PARAGRAPH, "mn")
    for pair in [
        ("Ц.Элбэгдорж", "tsakhiagiin-elbegdorj"),
        ("Улаанбаатарт", "ulaanbaatar"),
        ("Улаанбаатараас", "ulaanbaatar"),
        ("Улаанбаатарын", "ulaanbaatar"),
        ("Токио", "tokyo"),
        ("Хүрэлсүхтэй", "ukhnaagiin-khurelsukh"),
        ("Япон", "japan"),
        ("Хятадын", "china"),
        ("Японоос", "japan"),
        ("Дорнод аймагт", "dornod"),
    ]:
        assert pair in found, pair


def test_hyphenated_suffix_after_abbreviation_leaves_the_suffix_out(normalizer: Normalizer
                                                                      ) -> None:
    found = spans(normalizer, PARAGRAPH, "mn")
    assert ("ОХУ", "russia") in found
    assert ("ЗХУ", "soviet-union") in found


def test_battle_name_in_genitive(normalizer: Normalizer) -> None:
    assert spans(normalizer, "Халх голын байлдааны ой", "mn")[0][1] in (
        "battles-of-khalkhin-gol", "khalkhin-gol")


def test_language_and_adjective_are_not_the_country(normalizer: Normalizer) -> None:
    assert spans(normalizer, "Тэр монгол хэлээр ярьдаг, монгол хүн.", "mn") == []


def test_explain_names_the_suffix_rule(normalizer: Normalizer) -> None:
    explanation = normalizer.explain("Улаанбаатартай")[0]
    assert explanation.entry_id == "ulaanbaatar"
    assert explanation.how.endswith("+mn:com")
