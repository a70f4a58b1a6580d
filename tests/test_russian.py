"""Russian text: inflected names, multiword names, indeclinables and look-alike traps."""

from __future__ import annotations

from steppe_names import Normalizer
from tests.conftest import spans

PARAGRAPH = (
    "В 1939 году на Халхин-Голе Красная армия под командованием Георгия Жукова разбила "
    "части Квантунской армии. Переговоры в Улан-Баторе вёл Владимир Путин; Путина встретил "
    "Ц. Элбэгдорж, а позже с Элбэгдоржем и Баттулгой говорили о Монголии и Японии. "
    "Абэ прилетел в Токио, а не в Маньчжоу-Го."
)


def test_inflected_forms_are_found(normalizer: Normalizer) -> None:
    found = spans(normalizer, PARAGRAPH, "ru")
    for pair in [
        ("Халхин-Голе", "khalkhin-gol"),
        ("Красная армия", "red-army"),
        ("Георгия Жукова", "georgy-zhukov"),
        ("Квантунской армии", "kwantung-army"),
        ("Улан-Баторе", "ulaanbaatar"),
        ("Владимир Путин", "vladimir-putin"),
        ("Путина", "vladimir-putin"),
        ("Ц. Элбэгдорж", "tsakhiagiin-elbegdorj"),
        ("Элбэгдоржем", "tsakhiagiin-elbegdorj"),
        ("Баттулгой", "khaltmaagiin-battulga"),
        ("Монголии", "mongolia"),
        ("Японии", "japan"),
        ("Абэ", "shinzo-abe"),
        ("Токио", "tokyo"),
        ("Маньчжоу-Го", "manchukuo"),
    ]:
        assert pair in found, pair


def test_lookalikes_are_not_mentions(normalizer: Normalizer) -> None:
    text = ("Гололёд на дорогах; монгольский и японский языки; российский рубль; "
            "Путинцев и Голованов; японцы и монголы; москвичи.")
    assert spans(normalizer, text, "ru") == []


def test_normalize_to_russian_keeps_the_case(normalizer: Normalizer) -> None:
    text = "Встреча прошла в Улаанбаатаре и на Халх голе? Нет: в Улан-Баторе."
    assert normalizer.normalize("Путина встретили в Улан Баторе.", to="ru") == (
        "Путина встретили в Улан-Баторе.")
    out = normalizer.normalize(text, to="ru")
    assert normalizer.normalize(out, to="ru") == out


def test_normalize_russian_to_english(normalizer: Normalizer) -> None:
    assert normalizer.normalize("Бои на Халхин-Голе", to="en") == "Battles of Khalkhin Gol"
    assert normalizer.normalize("в Квантунской армии", to="en") == "в Kwantung Army"


def test_abbreviations_match_case_sensitively(normalizer: Normalizer) -> None:
    assert spans(normalizer, "Граница СССР", "ru") == [("СССР", "soviet-union")]
    assert spans(normalizer, "ссср", "ru") == []


def test_a_lower_case_descriptive_name_stays_lower_case(normalizer: Normalizer) -> None:
    assert normalizer.normalize("шли бои на Халхин-Голе", to="ru") == "шли бои на Халхин-Голе"
    assert normalizer.normalize("the battles of Khalkhyn Gol", to="en") == (
        "the battles of Khalkhin Gol")
    assert normalizer.normalize("Бои на Халхин-Голе", to="en") == "Battles of Khalkhin Gol"
