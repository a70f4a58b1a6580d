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


def test_multiword_names_are_found_in_every_case(normalizer: Normalizer) -> None:
    """The noun of a multiword name agrees with its adjectives: "Красной армии", not
    "Красной армия"; an adjective the dictionary does not know (Номонханский, Улан-Баторская)
    is read by its ending; a capital does not make an adjective a place (Красная)."""
    text = ("Бойцы Красной армии и Рабоче-крестьянской Красной армии; о Номонханском "
            "инциденте; по Улан-Баторской железной дороге; с Улан-Баторской железной дорогой; "
            "вспомнили Номонханский инцидент и Красную армию.")
    assert spans(normalizer, text, "ru") == [
        ("Красной армии", "red-army"),
        ("Рабоче-крестьянской Красной армии", "red-army"),
        ("Номонханском инциденте", "battles-of-khalkhin-gol"),
        ("Улан-Баторской железной дороге", "ulaanbaatar-railway"),
        ("Улан-Баторской железной дорогой", "ulaanbaatar-railway"),
        ("Номонханский инцидент", "battles-of-khalkhin-gol"),
        ("Красную армию", "red-army"),
    ]
    # the forms that agree in only one word are no names
    assert spans(normalizer, "Красной армия; Улан-Баторской железная дорога", "ru") == []


def test_a_multiword_name_normalizes_in_its_case(normalizer: Normalizer) -> None:
    assert normalizer.normalize("о Номонханском инциденте", to="en") == (
        "о Battles of Khalkhin Gol")
    assert normalizer.normalize("в Рабоче-крестьянской Красной армии", to="ru") == (
        "в Красной армии")


def test_a_mongolian_title_keeps_its_form_in_russian() -> None:
    """A phrase holding a Mongolian genitive is not declined: «Удрийн сонин» сообщает, в
    «Удрийн сонин»."""
    from steppe_names.morph.ru import RussianInflector

    forms = RussianInflector().forms("Удрийн сонин")
    assert set(forms.values()) == {"Удрийн сонин"}


def test_unknown_adjectives_and_heads_decline_by_their_endings() -> None:
    from steppe_names.morph.ru import RussianInflector

    ru = RussianInflector()
    assert ru.forms("Хэнтэйский аймак") == {
        "nomn": "Хэнтэйский аймак", "gent": "Хэнтэйского аймака", "datv": "Хэнтэйскому аймаку",
        "accs": "Хэнтэйский аймак", "ablt": "Хэнтэйским аймаком", "loct": "Хэнтэйском аймаке"}
    # Хинган is not in the dictionary: it takes masculine, inanimate from Малый
    assert ru.forms("Малый Хинган")["accs"] == "Малый Хинган"
    assert ru.forms("Малый Хинган")["ablt"] == "Малым Хинганом"
    assert ru.forms("Столовая гора")["gent"] == "Столовой горы"


def test_a_dative_prepositional_homograph_takes_the_case_of_its_preposition(
        normalizer: Normalizer) -> None:
    """Урге and Халхин-Голе are dative and prepositional at once; normalizing to Russian
    wrote the dative (в Улан-Батору, на Халхин-Голу). The word before decides
    (rules/ru.toml [prepositions]), up to three words back; without one, never the
    prepositional, which stands only after a preposition."""
    text = ("В Урге жили монахи. К Урге шли обозы. Об Урге. Бои шли на реке Халха. Урге "
            "угрожала опасность. В древней Урге, к Кяхте и Урге; посвящена войне на Халхин-Голе.")
    assert normalizer.normalize(text, to="ru") == (
        "В Улан-Баторе жили монахи. К Улан-Батору шли обозы. Об Улан-Баторе. "
        "Бои шли на Халхин-Голе. Улан-Батору угрожала опасность. В древней Улан-Баторе, к "
        "Кяхте и Улан-Батору; посвящена боям на Халхин-Голе.")
    cases = [m.case for m in normalizer.annotate(text, "ru")]
    assert cases == ["ru:loct", "ru:datv", "ru:loct", "ru:loct", "ru:datv", "ru:loct", "ru:datv",
                     "ru:datv"]


def test_a_phrase_in_lower_case_is_replaced_in_lower_case(normalizer: Normalizer) -> None:
    """"в войне на Халхин-Голе" is running text: "в боях", not "в Боях" (the glossary writes
    the name as a title, "Бои на Халхин-Голе"). A one-word name keeps its capital."""
    text = "Он погиб в войне на Халхин-Голе. Бои на Халхин-Голе. У реки Халха."
    assert normalizer.normalize(text, to="ru") == (
        "Он погиб в боях на Халхин-Голе. Бои на Халхин-Голе. У Халхин-Гола.")


def test_non_mentions_are_blocked_in_every_case(normalizer: Normalizer) -> None:
    """not_mentions are inflected as the terms are, in Russian too: "во Внутренней Монголии"
    is not Mongolia (it was: only the nominative was blocked)."""
    text = ("Во Внутренней Монголии и набережная Москвы-реки; Единой России; Китай-город. "
            "В Монголии.")
    assert spans(normalizer, text, "ru") == [("Монголии", "mongolia")]


def test_surname_and_initial_and_the_full_stop_they_share(normalizer: Normalizer) -> None:
    """Official Russian lists write the surname first: "Путин В.", "Путин В. В.". At the end
    of a sentence its full stop is the initial's too; the replacement, which has no
    initial, writes it (it was lost: "Подписал Vladimir Putin")."""
    text = "Подписал Путин В.\nПодписал Путин В. В. Затем ушёл. Встреча с Путиным В. прошла."
    assert spans(normalizer, text, "ru") == [("Путин В.", "vladimir-putin"),
                                             ("Путин В. В.", "vladimir-putin"),
                                             ("Путиным В.", "vladimir-putin")]
    assert normalizer.normalize(text, "en") == (
        "Подписал Vladimir Putin.\nПодписал Vladimir Putin. Затем ушёл. Встреча с Vladimir "
        "Putin прошла.")
    assert normalizer.normalize("Поручение (Путин В.) дано.", "en") == (
        "Поручение (Vladimir Putin) дано.")


def test_a_place_name_alone_in_quotation_marks_is_a_title(normalizer: Normalizer) -> None:
    """Ships, channels, papers, teams and brands are written in «»: крейсер «Москва» is not
    Moscow (it became «Moscow»). A quoted sentence that begins with the name is the place."""
    text = ("Крейсер «Москва» затонул. Канал «Россия-1». Газета «Советская Россия». "
            "Напиток «Байкал», ФК „Сибирь“. Он сказал: «Москва — столица».")
    assert spans(normalizer, text, "ru") == [("Москва", "moscow")]
    assert normalizer.normalize(text, "en") == text.replace("«Москва —", "«Moscow —")
    # a number or capitalised words after the name are the title's too; a lower-case word
    # is a quoted sentence's
    text = ("Телеканал «Россия 24» сообщил. Клуб «Байкал-Энергия» победил. «Москва-Сити», "
            "отель «Токио Инн». «Россия готова», — сказал он. Данные Банка России.")
    assert spans(normalizer, text, "ru") == [("Россия", "russia")]


def test_a_preposition_takes_the_form_of_the_new_name(normalizer: Normalizer) -> None:
    """"во Внешней Монголии" became "во Монголии" (rules/ru.toml [[agreement.before]]); a
    generic word that begins a name is written small inside a sentence ("о Боях")."""
    text = ("Во Внешней Монголии, со Внешней Монголией. Ко Внешней Монголии. О Урге писали. "
            "ВО ВНЕШНЕЙ МОНГОЛИИ. Во Владивостоке.")
    assert normalizer.normalize(text, "ru") == (
        "В Монголии, с Монголией. К Монголии. Об Улан-Баторе писали. В МОНГОЛИИ. "
        "Во Владивостоке.")
    text = "О Номонханском инциденте. Номонханский инцидент начался. Тема: Номонханский инцидент."
    assert normalizer.normalize(text, "ru") == (
        "О боях на Халхин-Голе. Бои на Халхин-Голе начался. Тема: бои на Халхин-Голе.")
    # found by a regression hunt: the text's start, a quote, spaces, capitals, a dialogue
    for written, expected in [("О Урге говорили.", "Об Улан-Баторе говорили."),
                              ('"о Урге" говорили.', '"об Улан-Баторе" говорили.'),
                              ("Мы говорили о\u00a0Урге.", "Мы говорили об\u00a0Улан-Баторе."),
                              ("МЫ ГОВОРИЛИ О УРГЕ.", "МЫ ГОВОРИЛИ ОБ УЛАН-БАТОРЕ."),
                              ("— Nomonhan Incident начался.", "— Бои на Халхин-Голе начался."),
                              ("«Ура!» Nomonhan Incident начался.",
                               "«Ура!» Бои на Халхин-Голе начался.")]:
        assert normalizer.normalize(written, "ru") == expected


def test_a_river_name_declines_with_the_word_river(normalizer: Normalizer) -> None:
    """"через реку Халху", "вдоль реки Халхи" were missed: only "река" declined
    (rules/ru.toml apposition_declines_after); after "озеро" the name stays."""
    text = "через реку Халху, вдоль реки Халхи, за рекой Халхой, по реке Халхе. У озера Хасан."
    assert spans(normalizer, text, "ru") == [
        ("реку Халху", "khalkhin-gol"), ("реки Халхи", "khalkhin-gol"),
        ("рекой Халхой", "khalkhin-gol"), ("реке Халхе", "khalkhin-gol"),
        ("озера Хасан", "lake-khasan")]
