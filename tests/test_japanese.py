"""Japanese text: names with particles attached, katakana boundaries, demonyms."""

from __future__ import annotations

from steppe_names import Normalizer
from tests.conftest import spans


def test_particles_attach_directly(normalizer: Normalizer) -> None:
    text = "安倍晋三首相はウランバートルでモンゴルの大統領と会談し、ノモンハン事件について語った。"
    found = spans(normalizer, text, "ja")
    assert ("安倍晋三", "shinzo-abe") in found
    assert ("ウランバートル", "ulaanbaatar") in found
    assert ("モンゴル", "mongolia") in found
    assert ("ノモンハン事件", "battles-of-khalkhin-gol") in found


def test_katakana_inside_a_longer_katakana_word_is_not_a_mention(normalizer: Normalizer
                                                                  ) -> None:
    # ロシアン (Russian-style) and モンゴリアン contain ロシア / モンゴル
    assert spans(normalizer, "ロシアンティーとモンゴリアンバーベキュー", "ja") == []


def test_demonyms_and_languages_are_not_places(normalizer: Normalizer) -> None:
    assert spans(normalizer, "日本人と日本語、モンゴル人、ロシア製", "ja") == []


def test_kanji_names_and_latin_names_in_japanese(normalizer: Normalizer) -> None:
    found = spans(normalizer, "東京とモスクワ、Khalkhin Golの戦い、関東軍", "ja")
    assert found == [("東京", "tokyo"), ("モスクワ", "moscow"),
                     ("Khalkhin Gol", "khalkhin-gol"), ("関東軍", "kwantung-army")]


def test_halfwidth_katakana(normalizer: Normalizer) -> None:
    assert spans(normalizer, "ｳﾗﾝﾊﾞｰﾄﾙで", "ja") == [("ｳﾗﾝﾊﾞｰﾄﾙ", "ulaanbaatar")]


def test_family_name_alone_and_both_orders(normalizer: Normalizer) -> None:
    found = spans(normalizer, "Abe Shinzo met Shinzō Abe; Abe said.", "en")
    assert found == [("Abe Shinzo", "shinzo-abe"), ("Shinzō Abe", "shinzo-abe"),
                     ("Abe", "shinzo-abe")]


def test_the_parts_of_a_katakana_name_may_be_separated_in_any_style(normalizer: Normalizer
                                                                      ) -> None:
    """・, its half-width form and the double hyphens ＝ and ゠ all separate the parts of a
    foreign name; each still separates two names."""
    for written in ("ウラジーミル・プーチン", "ウラジーミル＝プーチン", "ウラジーミル･プーチン",
                    "ウラジーミル゠プーチン"):
        assert spans(normalizer, f"{written}大統領", "ja") == [(written, "vladimir-putin")]
    assert spans(normalizer, "日本＝モンゴル関係", "ja") == [("日本", "japan"),
                                                             ("モンゴル", "mongolia")]


def test_hepburn_with_a_hyphenated_suffix_is_the_whole_name(normalizer: Normalizer) -> None:
    """en.wikipedia writes 関東軍 "Kantō-gun" and 満洲国 "Manshū-koku": before those were
    glossary terms, "Manshū-koku" was found as Manshū, Manchuria, a different entry."""
    text = "The Kantō-gun (Kantogun) ran Manshū-koku, or Manshukoku, not Manshū alone."
    assert spans(normalizer, text) == [
        ("Kantō-gun", "kwantung-army"), ("Kantogun", "kwantung-army"),
        ("Manshū-koku", "manchukuo"), ("Manshukoku", "manchukuo"), ("Manshū", "manchuria")]
    # a reading's word break may be written with a hyphen too (it folds to a space)
    assert spans(normalizer, "The Nomonhan-jiken, near Nomonhan; Abe-Shinzō") == [
        ("Nomonhan-jiken", "battles-of-khalkhin-gol"), ("Nomonhan", "nomonhan"),
        ("Abe-Shinzō", "shinzo-abe")]


def test_a_products_and_old_names_are_not_the_place(normalizer: Normalizer) -> None:
    """日本酒 (sake), 日本茶, 日本画, 中国料理 are products and arts, as 日本語 is a language
    (rules/ja.toml); 白ロシア is Belarus; モンゴル帝国 the empire of 1206. ソ連邦 is a
    short name of the USSR: it was found as ソ連 and then written "ソビエト連邦邦"."""
    text = "日本酒と日本茶、日本画、中国料理。白ロシア。モンゴル帝国。ソ連邦の崩壊。日本へ。"
    assert spans(normalizer, text, "ja") == [("ソ連邦", "soviet-union"), ("日本", "japan")]
    assert normalizer.normalize(text, to="ja") == text.replace("ソ連邦", "ソ連")
    assert normalizer.normalize("ソ連邦の崩壊", to="en") == "Soviet Unionの崩壊"


def test_a_names_last_kanji_that_begins_the_next_word_is_not_the_names(
        normalizer: Normalizer) -> None:
    """Japanese writes no space: モンゴル国 took the 国 of 国立 "national" and `--to ja` wrote
    "モンゴル立大学" (rules/ja.toml [bound_heads]): a body's name (国立大学, 都立大学,
    連邦保安庁) is no mention. In an ordinary word the name without its head is still found
    ([free_heads]): 日本国内 is 日本 + 国内 "in Japan" (it was missed). 中国 is no モンゴル国:
    中国内陸部 is China. 日本国憲法, the Constitution, is a title (a glossary non-mention)."""
    text = ("モンゴル国立大学の教授。日本国内の世論。東京都立大学。ロシア連邦保安庁。日本国憲法。"
            "中国内陸部。モンゴル国の首都。東京都の知事。東京都内で、モンゴル国境で。")
    assert spans(normalizer, text, "ja") == [
        ("日本", "japan"), ("中国", "china"), ("モンゴル国", "mongolia"), ("東京都", "tokyo"),
        ("東京", "tokyo"), ("モンゴル", "mongolia")]
    assert normalizer.normalize(text, "ja") == text.replace("モンゴル国の", "モンゴルの") \
        .replace("東京都の", "東京の")
    assert normalizer.normalize("日本国内で、東京都知事", "en") == "Japan国内で、Tokyo都知事"
    # a firm and a river named as the region and the family are not them
    assert spans(normalizer, "中国電力と安倍川もち。安倍首相。", "ja") == [
        ("安倍", "shinzo-abe")]


def test_two_names_written_together_are_not_glued_by_their_replacements(
        normalizer: Normalizer) -> None:
    """日本モンゴル首脳会談 (the Japan-Mongolia summit) became "JapanMongolia首脳会談": each
    replacement was checked against the text, not against its neighbour's replacement. The
    second is left as written, as a name glued to a letter is."""
    text = "日本モンゴル首脳会談。在東京ロシア大使館。"
    assert normalizer.normalize(text, "en") == "Japanモンゴル首脳会談。在Tokyoロシア大使館。"
    assert normalizer.normalize(text, "ru") == "Японияモンゴル首脳会談。在Токиоロシア大使館。"
    assert normalizer.normalize(normalizer.normalize(text, "ru"), "ru") == (
        normalizer.normalize(text, "ru"))


def test_a_sentence_after_a_japanese_full_stop_starts_with_a_capital(
        normalizer: Normalizer) -> None:
    """Japanese writes no space after 。: "。бои на Халхин-Голе" was left small."""
    text = "事件は1939年に起きた。ノモンハン事件の研究。「ノモンハン事件」。彼はノモンハン事件を"
    assert normalizer.normalize(text, "ru") == (
        "事件は1939年に起きた。Бои на Халхин-Голеの研究。「Бои на Халхин-Голе」。"
        "彼はбои на Халхин-Голеを")
    # organisations named after the country are not it
    assert spans(normalizer, "日本経済新聞によると日本銀行と日本航空は", "ja") == []


def test_romanized_readings_in_english_order_and_katakana_name_separators(
        normalizer: Normalizer) -> None:
    """A reading romanized in any scheme was made family name first only: "Abe Sinzo" was
    found, "Sinzo Abe" (given first, as English writes it) half-replaced ("Sinzo Абэ"). A
    Mongolian or Russian name's parts in katakana are separated with ・ as well as a space
    (ウフナー・フレルスフ: "ウフナー・Khürelsükh")."""
    text = ("Sinzo Abe, Shinzou Abe and Michitarou Komatsubara; Abe Sinzo. "
            "ウフナー・フレルスフ大統領")
    assert [m.entry_id for m in normalizer.annotate(text)] == [
        "shinzo-abe", "shinzo-abe", "michitaro-komatsubara", "shinzo-abe",
        "ukhnaagiin-khurelsukh"]
    assert normalizer.normalize(text, "ru") == (
        "Синдзо Абэ, Синдзо Абэ and Мититаро Комацубара; Синдзо Абэ. Ухнаагийн Хурэлсух大統領")
