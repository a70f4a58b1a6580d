"""Mongolian case forms with vowel harmony, from the tables in `rules/mn.toml`.

>>> mn = MongolianInflector()
>>> forms = mn.forms("Улаанбаатар")
>>> [forms[c] for c in ("gen", "dat", "abl", "com")]
['Улаанбаатарын', 'Улаанбаатарт', 'Улаанбаатараас', 'Улаанбаатартай']
>>> mn.forms("Элбэгдорж")["gen"], mn.forms("Хүрэлсүх")["abl"], mn.forms("Монгол Улс")["dat"]
('Элбэгдоржийн', 'Хүрэлсүхээс', 'Монгол Улсад')
"""

from __future__ import annotations

from typing import Any

from steppe_names._data import rule_table
from steppe_names.morph._case import match_case


class MongolianInflector:
    """Makes the suffixed case forms of Mongolian names once, for the compiler."""

    def __init__(self) -> None:
        table = rule_table("mn.toml")
        harmony = dict(table["harmony"])
        self.neutral = set(harmony.pop("neutral", ()))
        self.harmony = {v: cls for cls, vowels in harmony.items() for v in vowels}
        letters = table["letters"]
        self.vowels = set(letters["vowels"])
        self.long_endings = tuple(letters["long_vowel_endings"])
        self.short_endings = set(letters["short_vowel_endings"])
        self.clusters = bool(letters.get("consonant_clusters", False))
        self.not_in_clusters = set(letters.get("not_in_clusters", ""))
        # (a list of endings as a tuple, for str.endswith)
        self.cases: dict[str, list[dict[str, Any]]] = {
            case: [{**rule, "after": tuple(rule["after"])} if isinstance(rule["after"], list)
                   else rule for rule in rules]
            for case, rules in table["cases"].items()}
        self.fleeting: dict[str, str] = dict(table.get("fleeting", {}))
        hidden = table.get("hidden_n", {})
        self.hidden_n: frozenset[str] = frozenset(hidden.get("words", ()))
        self.hidden_n_cases: tuple[str, ...] = tuple(hidden.get("cases", ()))
        self.hidden_n_dative: dict[str, str] = dict(hidden.get("dative", {}))
        self.irregular: dict[str, dict[str, str]] = {
            word: dict(cases) for word, cases in table.get("irregular", {}).items()}
        self.reflexive: dict[str, Any] = table["reflexive"]

    def harmony_classes(self, word: str) -> list[str]:
        """The harmony class of `word`; a final neutral vowel adds the front class too."""
        lower = word.lower()
        last_vowel = next((ch for ch in reversed(lower) if ch in self.vowels), "")
        for ch in reversed(lower):
            if ch in self.harmony:
                cls = self.harmony[ch]
                return [cls, "e"] if last_vowel in self.neutral and cls != "e" else [cls]
        return ["e"] if any(ch in self.neutral for ch in lower) else ["a"]

    def _ending(self, word: str) -> str:
        lower = word.lower()
        if lower.endswith(self.long_endings):
            return "long"
        if lower[-1:] in self.short_endings:
            return "short"
        if (self.clusters and len(lower) >= 2 and lower[-1] not in self.vowels
                and lower[-2] not in self.vowels and lower[-2] not in self.not_in_clusters):
            return "cluster"
        return "consonant"

    def _rule(self, case: str, stem: str, ending: str, cls: str,
              dropped: bool = False) -> tuple[str, str]:
        """The suffix of `case` for `stem` and what it drops from the stem's end first
        (`dropped`: the stem is a word less its final short vowel)."""
        lower = stem.lower()
        for rule in self.cases[case]:
            after = rule["after"]
            if dropped and rule.get("as_written"):
                continue
            if after == "*" or after == ending or (
                    isinstance(after, tuple) and lower.endswith(after)):
                suffix = rule["suffix"]
                strip = rule.get("strip", "")
                return (strip if lower.endswith(strip) else "",
                        suffix if isinstance(suffix, str) else str(suffix[cls]))
        return "", ""

    def forms(self, text: str) -> dict[str, str]:
        """Every case form of `text` (the suffix goes on its last word). Keys are case names;
        a word ending in a short vowel also gets the native forms, under "<case>~"."""
        head, sep, word = text.rpartition(" ")
        prefix = head + sep
        classes = self.harmony_classes(word)
        ending = self._ending(word)
        upper = word.isupper() and len(word) > 1
        result: dict[str, str] = {}
        stems = [(word, ending, "")]
        if ending == "short":
            # a native word drops its final short vowel before a vowel-initial suffix
            stems.append((word[:-1], "consonant", "~"))
        fleeting = self.fleeting.get(word.lower())
        if fleeting:  # аймаг -> аймг- before a vowel (rules 28-30)
            fleeting = match_case(word, fleeting)
        refl_table = self.reflexive
        for n, cls in enumerate(classes):
            alt = "^" * n  # forms of the second (front) class, for a final neutral vowel
            for stem, stem_ending, mark in stems:
                for case in self.cases:
                    strip, suffix = self._rule(case, stem, stem_ending, cls, bool(mark))
                    vowel_first = suffix[:1].lower() in self.vowels
                    if mark and not vowel_first:
                        continue  # consonant-initial suffixes keep the vowel
                    base = stem
                    if fleeting and vowel_first:
                        base = fleeting
                        strip, suffix = self._rule(case, base, self._ending(base), cls)
                    form = base[:len(base) - len(strip)] + suffix
                    result.setdefault(case + mark + alt, prefix + _cased(form, upper))
                    if case in refl_table["cases"]:
                        refl = refl_table["suffix"][cls]
                        if form[-1:].lower() in refl_table["link_after"]:
                            refl = refl_table["link"] + refl
                        result.setdefault(case + "+refl" + mark + alt,
                                          prefix + _cased(form + refl, upper))
        if word.lower() in self.hidden_n:
            self._hidden_n(word, prefix, classes, upper, result)
        for case, form in self.irregular.get(word.lower(), {}).items():  # (rules/mn.toml)
            if case in result:
                result.setdefault(case + "~", result[case])
            result[case] = prefix + _cased(match_case(word, form), upper)
        return result

    def _hidden_n(self, word: str, prefix: str, classes: list[str], upper: bool,
                  result: dict[str, str]) -> None:
        """The forms of a noun with a hidden н (хэл -> хэлний, хэлнээс, хэлэнд; холбоо ->
        холбооны, холбоонд) under the cases' names; the regular ones (хэлийн) move to
        "<case>~", as a word's other forms do."""
        stem = word + "н"  # (an all-capitals word is upper-cased whole by `_cased`)
        vowel_end = word[-1:].lower() in self.vowels
        refl_table = self.reflexive
        for n, cls in enumerate(classes):
            alt = "^" * n
            made = {case: stem + self._rule(case, stem, self._ending(stem), cls)[1]
                    for case in self.hidden_n_cases}
            if vowel_end:
                made["dat"] = word + "нд"
            elif cls in self.hidden_n_dative:
                made["dat"] = word + self.hidden_n_dative[cls]
            for case, form in made.items():
                variants = [(case, form)]
                if case in refl_table["cases"]:
                    variants.append((case + "+refl", form + refl_table["suffix"][cls]))
                for name, text in variants:
                    if name + alt in result:
                        result.setdefault(name + "~" + alt, result[name + alt])
                    result[name + alt] = prefix + _cased(text, upper)


def _cased(form: str, upper: bool) -> str:
    return form.upper() if upper else form
