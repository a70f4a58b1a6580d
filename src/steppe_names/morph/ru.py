"""Russian case forms of glossary terms: pymorphy3 where the dictionary knows the word,
declension rules from `rules/ru.toml` where it does not.

>>> ru = RussianInflector()
>>> ru.forms("Квантунская армия")["gent"]
'Квантунской армии'
>>> ru.forms("Номонханский инцидент")["gent"]
'Номонханского инцидента'
>>> ru.forms("Халхин-Гол")["loct"]
'Халхин-Голе'
>>> ru.forms("Элбэгдорж", person=True)["ablt"]
'Элбэгдоржем'
>>> ru.forms("Токио")["datv"]
'Токио'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from steppe_names._data import rule_table
from steppe_names.morph._case import match_case

_NOUNISH = {"NOUN"}
_ADJ = {"ADJF", "PRTF"}
_PROPER = {"Geox", "Name", "Surn", "Patr", "Orgn"}


class _Agreement(NamedTuple):
    head: int  # the noun's place in the phrase; the adjectives before it agree with it
    head_parse: Any | None
    number: str
    gender: str | None
    animate: bool


@dataclass(frozen=True)
class _Rule:
    endings: tuple[str, ...]
    indeclinable: bool
    strip: str
    endings_by_case: dict[str, str]


@cache
def _analyzer() -> Any:
    import pymorphy3  # imported lazily: only the compiler needs it

    return pymorphy3.MorphAnalyzer()


class RussianInflector:
    """Makes the case forms of Russian names once, for the compiler."""

    def __init__(self) -> None:
        table = rule_table("ru.toml")
        self.cases: tuple[str, ...] = tuple(table["cases"])
        self.fixed_endings: tuple[str, ...] = tuple(table["person_fixed_endings"])
        self.apposition_heads = frozenset(table.get("apposition_declines_after", ()))
        self.rules = [
            _Rule(tuple(r["endings"]), bool(r.get("indeclinable", False)), r.get("strip", ""),
                  {k: v for k, v in r.items() if k in (*self.cases, "accs_anim")})
            for r in table["fallback"]
        ]
        self.morph = _analyzer()
        # The same words recur in every case and every name pattern (and given names and
        # patronymics in thousands of entries): parse and inflect each once.
        self._parses: dict[str, Any] = {}
        self._adjectives: dict[str, Any] = {}
        self._inflected: dict[tuple[str, str, bool], str] = {}

    def forms(self, text: str, *, person: bool = False) -> dict[str, str]:
        """The form of `text` in every case (nominative included, as "nomn")."""
        words = text.split(" ")
        result = {"nomn": text}
        agreement = None if person else self._agreement(words)
        for case in self.cases:
            if person:
                new = [w if self._fixed_in_name(w) else self._word(w, case, True, None)
                       for w in words]
            elif agreement is None:
                new = words  # a Mongolian phrase (Удрийн сонин): Russian leaves it as it is
            else:
                new = self._phrase(words, case, agreement)
                following = agreement.head + 1
                if words[agreement.head].lower() in self.apposition_heads and (
                        following < len(words)):
                    # the name after "река" declines too, or not: both are written (на реке
                    # Халхе, на реке Халха); the declined one is the case's second form
                    declined = list(new)
                    declined[following] = self._word(words[following], case, False, None)
                    if declined != new:
                        result[case + "~"] = " ".join(declined)
            result[case] = " ".join(new)
        return result

    def _fixed_in_name(self, word: str) -> bool:
        return "." in word or word.lower().endswith(self.fixed_endings)

    # --- multiword names: adjectives agree with the first noun; the rest stays -------------
    def _agreement(self, words: list[str]) -> _Agreement | None:
        """How the words of a phrase agree, the same in every case; None for a phrase that
        holds a Mongolian genitive, which does not decline."""
        if any(self._foreign_genitive(word) for word in words):
            return None
        # the head: the first word that cannot be an adjective, or the last word (a word
        # that can, Красная or Столовая, agrees with the noun after it)
        head = next((i for i, word in enumerate(words[:-1])
                     if self._adjective_parse(word) is None), len(words) - 1)
        head_parse = self._nominative_parse(words[head])
        # number and gender: the head's; of a head the dictionary does not know (Хинган), the
        # adjective's before it, which is in the nominative and agrees with it (Малый)
        agreeing = head_parse if head_parse is not None or not head else (
            self._adjective_parse(words[head - 1]))
        number = "plur" if agreeing is not None and "plur" in agreeing.tag else "sing"
        gender = None
        if agreeing is not None:
            gender = next((g for g in ("masc", "femn", "neut") if g in agreeing.tag), None)
        animate = head_parse is not None and "anim" in head_parse.tag
        return _Agreement(head, head_parse, number, gender, animate)

    def _phrase(self, words: list[str], case: str, agreement: _Agreement) -> list[str]:
        head, head_parse, number, gender, animate = agreement
        out = list(words)
        out[head] = self._word(words[head], case, animate, head_parse)
        for i in range(head):
            out[i] = self._adjective(words[i], case, number, gender, animate)
        return out

    def _adjective(self, word: str, case: str, number: str, gender: str | None,
                   animate: bool) -> str:
        parse = self._adjective_parse(word)
        if parse is None:
            return word
        wanted = {case, number}
        if number == "sing" and gender:
            wanted.add(gender)
        if case == "accs" and (number == "plur" or gender == "masc"):
            wanted.add("anim" if animate else "inan")
        form = parse.inflect(wanted) or parse.inflect({case, number})
        return match_case(word, form.word) if form else word

    def _adjective_parse(self, word: str) -> Any | None:
        """The likeliest reading of `word` as an adjective (or participle) in the nominative,
        from the dictionary or, for a word it does not know, pymorphy3's guess by the ending
        (Номонханский, Улан-Баторская); None if it cannot be one. A capital does not make
        it a name here: Красная in Красная армия is an adjective, not the place."""
        if word not in self._adjectives:
            parses = [p for p in self.morph.parse(word)
                      if p.tag.POS in _ADJ and "nomn" in p.tag and p.score > 0]
            self._adjectives[word] = max(parses, key=lambda p: p.score) if parses else None
        return self._adjectives[word]

    def _foreign_genitive(self, word: str) -> bool:
        """A Mongolian genitive (Удрийн, Цахиагийн): no Russian word ends so."""
        return (word.lower().endswith(self.fixed_endings)
                and not self.morph.word_is_known(word.lower()))

    # --- one noun ---------------------------------------------------------------------------
    def _nominative_parse(self, word: str) -> Any | None:
        if word not in self._parses:
            self._parses[word] = self._parse_nominative(word)
        return self._parses[word]

    def _parse_nominative(self, word: str) -> Any | None:
        if not self.morph.word_is_known(word.lower()):
            return None
        parses = [p for p in self.morph.parse(word) if "nomn" in p.tag and p.score > 0]
        if not parses:
            return None
        if word[:1].isupper():
            proper = [p for p in parses if _PROPER & set(str(p.tag).replace(" ", ",").split(","))]
            if proper:
                parses = proper
        return max(parses, key=lambda p: p.score)

    def _word(self, word: str, case: str, animate: bool, parse: Any | None) -> str:
        # `parse`, when given, is always `_nominative_parse(word)`: the result depends on the
        # word, the case and animacy only
        key = (word, case, animate)
        made = self._inflected.get(key)
        if made is None:
            if len(self._inflected) > 200_000:  # bounded: invented names rarely recur
                self._inflected.clear()
            made = self._inflected[key] = self._inflect_word(word, case, animate, parse)
        return made

    def _inflect_word(self, word: str, case: str, animate: bool, parse: Any | None) -> str:
        if parse is None:
            parse = self._nominative_parse(word)
        if parse is not None and parse.tag.POS in _NOUNISH | _ADJ:
            if "Fixd" in parse.tag:
                return word
            form = parse.inflect({case})
            if form is not None:
                return match_case(word, form.word)
        if "-" in word:
            first, _, last = word.rpartition("-")
            return first + "-" + self._word(last, case, animate, None)
        return self._fallback(word, case, animate)

    def _fallback(self, word: str, case: str, animate: bool) -> str:
        lower = word.lower()
        for rule in self.rules:
            if any(lower.endswith(e) for e in rule.endings):
                if rule.indeclinable:
                    return word
                key = "accs_anim" if case == "accs" and animate else case
                stem = word[: len(word) - len(rule.strip)] if rule.strip else word
                ending = rule.endings_by_case.get(key, rule.endings_by_case.get(case, ""))
                if word.isupper() and len(word) > 1:
                    ending = ending.upper()
                return stem + ending
        return word
