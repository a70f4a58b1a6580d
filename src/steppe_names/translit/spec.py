"""Read and validate scheme files (format described in FORMAT.md).

This module only turns TOML into checked, immutable values; it knows nothing about
regular expressions or how the rules are applied (that is ``compiler``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from typing import Any, Literal

from .errors import SchemeError

__all__ = [
    "KnownFailure",
    "PostRule",
    "RuleSpec",
    "SchemeInfo",
    "SchemeSpec",
    "parse_scheme",
]

Normalization = Literal["NFC", "NFD", "NFKC", "NFKD", "none"]
_NORMALIZATIONS: frozenset[str] = frozenset({"NFC", "NFD", "NFKC", "NFKD", "none"})
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*\Z")
_CLASS_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class SchemeInfo:
    """What a scheme is: its id, the standard it follows and where that standard is published."""

    id: str
    name: str
    language: str
    source_script: str
    target_script: str
    authority: str
    year: int
    source: str
    conforms_to: tuple[str, ...]
    reversible: bool


@dataclass(frozen=True)
class KnownFailure:
    """A conformance vector that a scheme knowingly does not reproduce, and why."""

    source: str
    expected: str
    reason: str
    system: str | None = None


@dataclass(frozen=True)
class RuleSpec:
    """One rule as written in a scheme file (``[map]`` entries become rules without conditions)."""

    source: str
    target: str
    index: int
    line: int | None = None
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    word_start: bool | None = None
    word_end: bool | None = None
    word_has: tuple[str, ...] = ()
    word_lacks: tuple[str, ...] = ()
    exact_case: bool = False
    note: str = ""

    @property
    def has_conditions(self) -> bool:
        """True when the rule only applies in some contexts."""
        return bool(
            self.before
            or self.after
            or self.not_before
            or self.not_after
            or self.word_start is not None
            or self.word_end is not None
            or self.word_has
            or self.word_lacks
        )

    @property
    def has_word_conditions(self) -> bool:
        """True when the rule looks at the whole word (``word_has``/``word_lacks``)."""
        return bool(self.word_has or self.word_lacks)


@dataclass(frozen=True)
class PostRule:
    """A regular-expression rewrite of the output."""

    pattern: str
    replace: str
    line: int | None = None


@dataclass(frozen=True)
class SchemeSpec:
    """A validated scheme file (one direction)."""

    info: SchemeInfo
    path: str
    notes: str
    samples: tuple[tuple[str, str], ...]
    known_failures: tuple[KnownFailure, ...]
    normalize: Normalization
    normalize_output: Normalization
    classes: dict[str, str | tuple[str, ...]]
    rules: tuple[RuleSpec, ...]
    post: tuple[PostRule, ...]
    reverse: SchemeSpec | None = None


_METADATA_KEYS = {
    "id",
    "name",
    "language",
    "source_script",
    "target_script",
    "authority",
    "year",
    "source",
    "conforms_to",
    "reversible",
    "samples",
}
_BODY_KEYS = {
    "notes",
    "known_failures",
    "normalize",
    "normalize_output",
    "classes",
    "map",
    "rules",
    "post",
}
_TOP_KEYS = frozenset(_METADATA_KEYS | _BODY_KEYS | {"format", "reverse"})
_TOP_REQUIRED = (
    "id",
    "name",
    "language",
    "source_script",
    "target_script",
    "authority",
    "year",
    "source",
    "conforms_to",
    "reversible",
    "samples",
)
_REVERSE_KEYS = frozenset(_BODY_KEYS | {"id", "name", "conforms_to", "samples"})
_REVERSE_REQUIRED = ("id", "conforms_to", "samples")
_RULE_KEYS = frozenset(
    {
        "from",
        "to",
        "before",
        "after",
        "not_before",
        "not_after",
        "word_start",
        "word_end",
        "word_has",
        "word_lacks",
        "case",
        "note",
    }
)
_PATTERN_KEYS = ("before", "after", "not_before", "not_after", "word_has", "word_lacks")
_FAILURE_KEYS = frozenset({"source", "expected", "reason", "system"})
_POST_KEYS = frozenset({"pattern", "replace", "note"})


class _Reader:
    """Validation helpers that know the file, for messages of the form ``path:line: problem``."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def error(self, problem: str, line: int | None = None) -> SchemeError:
        return SchemeError(problem, self.path, line)

    def find_line(self, *needles: str, start: int = 1) -> int | None:
        """Return the first line number (from ``start``) containing every needle, if any."""
        for number in range(max(start, 1), len(self.lines) + 1):
            text = self.lines[number - 1]
            if all(needle in text for needle in needles):
                return number
        return None

    def key_line(self, key: str, section: str | None = None, start: int = 1) -> int | None:
        if section is not None:
            start = self.find_line(f"[{section}]") or start
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for number in range(start, len(self.lines) + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return None

    def check_keys(
        self,
        table: dict[str, Any],
        allowed: frozenset[str],
        what: str,
        line: int | None,
    ) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            bad = unknown[0]
            raise self.error(
                f"unknown key {bad!r} in {what} (allowed: {', '.join(sorted(allowed))})",
                self.key_line(bad, start=line or 1) or line,
            )

    def string(self, table: dict[str, Any], key: str, what: str, line: int | None) -> str:
        value = table[key]
        if not isinstance(value, str):
            raise self.error(
                f"{what}: {key} must be a string, not {type(value).__name__}",
                self.key_line(key) or line,
            )
        return value

    def optional_string(self, table: dict[str, Any], key: str, what: str, line: int | None) -> str:
        if key not in table:
            return ""
        return self.string(table, key, what, line)

    def string_list(
        self, table: dict[str, Any], key: str, what: str, line: int | None
    ) -> tuple[str, ...]:
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(
                f"{what}: {key} must be an array of strings", self.key_line(key) or line
            )
        return tuple(value)

    def patterns(
        self, table: dict[str, Any], key: str, what: str, line: int | None
    ) -> tuple[str, ...]:
        if key not in table:
            return ()
        value = table[key]
        if isinstance(value, str):
            values = [value]
        elif isinstance(value, list) and value and all(isinstance(item, str) for item in value):
            values = list(value)
        else:
            raise self.error(
                f"{what}: {key} must be a pattern string or a non-empty array of them", line
            )
        if any(not item for item in values):
            raise self.error(f"{what}: {key} has an empty pattern", line)
        return tuple(values)

    def normalization(
        self, table: dict[str, Any], key: str, default: Normalization
    ) -> Normalization:
        if key not in table:
            return default
        value = table[key]
        if value not in _NORMALIZATIONS:
            raise self.error(
                f"{key} must be one of {', '.join(sorted(_NORMALIZATIONS))}, not {value!r}",
                self.key_line(key),
            )
        result: Normalization = value
        return result


def parse_scheme(text: str, path: str, expected_id: str | None = None) -> SchemeSpec:
    """Parse and validate the TOML text of a scheme file.

    ``path`` is only used in error messages; ``expected_id`` (the file name without
    ``.toml``) must equal the ``id`` key when given.
    """
    reader = _Reader(path, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        raise reader.error(f"invalid TOML: {message}", line) from exc

    reader.check_keys(data, _TOP_KEYS, "the scheme", None)
    missing = [key for key in _TOP_REQUIRED if key not in data]
    if missing:
        raise reader.error(f"missing required key(s): {', '.join(missing)}")
    fmt = data.get("format", 1)
    if fmt != 1:
        raise reader.error(f"unsupported format {fmt!r} (only 1 exists)", reader.key_line("format"))

    scheme_id = reader.string(data, "id", "scheme", None)
    if not _ID_RE.match(scheme_id):
        raise reader.error(
            f"id {scheme_id!r} may only use letters, digits, '.' and '-'", reader.key_line("id")
        )
    if expected_id is not None and scheme_id != expected_id:
        raise reader.error(
            f"id {scheme_id!r} does not match the file name ({expected_id}.toml)",
            reader.key_line("id"),
        )
    year = data["year"]
    if not isinstance(year, int) or isinstance(year, bool):
        raise reader.error("year must be an integer", reader.key_line("year"))
    reversible = data["reversible"]
    if not isinstance(reversible, bool):
        raise reader.error("reversible must be true or false", reader.key_line("reversible"))
    if reversible != ("reverse" in data):
        raise reader.error(
            "reversible = true requires a [reverse] table, "
            "and a [reverse] table requires reversible = true",
            reader.key_line("reversible"),
        )
    strings = {
        key: reader.string(data, key, "scheme", None)
        for key in ("name", "language", "source_script", "target_script", "authority", "source")
    }
    for key, value in strings.items():
        if not value.strip():
            raise reader.error(f"{key} must not be empty", reader.key_line(key))
    info = SchemeInfo(
        id=scheme_id,
        name=strings["name"],
        language=strings["language"],
        source_script=strings["source_script"],
        target_script=strings["target_script"],
        authority=strings["authority"],
        year=year,
        source=strings["source"],
        conforms_to=reader.string_list(data, "conforms_to", "scheme", None),
        reversible=reversible,
    )
    forward = _parse_body(reader, data, info, section=None)

    if "reverse" in data:
        rev = data["reverse"]
        rev_line = reader.find_line("[reverse")
        if not isinstance(rev, dict):
            raise reader.error("reverse must be a table", reader.key_line("reverse"))
        reader.check_keys(rev, _REVERSE_KEYS, "[reverse]", rev_line)
        missing = [key for key in _REVERSE_REQUIRED if key not in rev]
        if missing:
            raise reader.error(
                f"[reverse] is missing required key(s): {', '.join(missing)}", rev_line
            )
        rev_id = reader.string(rev, "id", "[reverse]", rev_line)
        if not _ID_RE.match(rev_id) or rev_id == scheme_id:
            raise reader.error(
                f"[reverse] id {rev_id!r} is not a valid id distinct from {scheme_id!r}", rev_line
            )
        rev_info = SchemeInfo(
            id=rev_id,
            name=(
                reader.string(rev, "name", "[reverse]", rev_line)
                if "name" in rev
                else f"{info.name} (reverse)"
            ),
            language=info.language,
            source_script=info.target_script,
            target_script=info.source_script,
            authority=info.authority,
            year=info.year,
            source=info.source,
            conforms_to=reader.string_list(rev, "conforms_to", "[reverse]", rev_line),
            reversible=True,
        )
        reverse = _parse_body(reader, rev, rev_info, section="reverse")
        forward = replace(forward, reverse=reverse)
    return forward


def _parse_body(
    reader: _Reader, data: dict[str, Any], info: SchemeInfo, section: str | None
) -> SchemeSpec:
    prefix = f"{section}." if section else ""
    where = f"[{section}]" if section else "the scheme"
    base_line = reader.find_line(f"[{section}]") if section else None

    samples = _parse_samples(reader, data.get("samples"), where, base_line)
    failures = _parse_failures(reader, data.get("known_failures", []), info, where, base_line)
    notes = reader.optional_string(data, "notes", where, base_line)

    classes: dict[str, str | tuple[str, ...]] = {}
    raw_classes = data.get("classes", {})
    if not isinstance(raw_classes, dict):
        raise reader.error(f"{prefix}classes must be a table", base_line)
    class_line = reader.find_line(f"[{prefix}classes]")
    for name, value in raw_classes.items():
        line = reader.key_line(name, f"{prefix}classes") or class_line
        if not _CLASS_NAME_RE.match(name):
            raise reader.error(f"class name {name!r} must match [A-Za-z_][A-Za-z0-9_]*", line)
        if isinstance(value, str) and value:
            classes[name] = value
        elif isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
            classes[name] = tuple(value)
        else:
            raise reader.error(
                f"class {name!r} must be a non-empty string "
                "or a non-empty array of non-empty strings",
                line,
            )

    rules: list[RuleSpec] = []
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        raise reader.error(
            f"{prefix}rules must be an array of tables ([[{prefix}rules]])", base_line
        )
    header = f"[[{prefix}rules]]"
    search_from = 1
    for number, raw in enumerate(raw_rules, start=1):
        line = reader.find_line(header, start=search_from)
        if line is not None:
            search_from = line + 1
        if not isinstance(raw, dict):
            raise reader.error(f"rule {number} of {where} must be a table", line)
        if line is None and isinstance(raw.get("from"), str):
            line = reader.find_line("from", _toml_quoted(raw["from"]))
        rules.append(_parse_rule(reader, raw, len(rules), line, f"rule {number} of {where}"))

    raw_map = data.get("map", {})
    if not isinstance(raw_map, dict):
        raise reader.error(f"{prefix}map must be a table", base_line)
    for source, target in raw_map.items():
        line = reader.key_line(source, f"{prefix}map") or reader.find_line(_toml_quoted(source))
        if not source:
            raise reader.error("map has an empty source string", line)
        if not isinstance(target, str):
            raise reader.error(f"map entry {source!r} must map to a string", line)
        rules.append(
            RuleSpec(
                source=source,
                target=target,
                index=len(rules),
                line=line,
                exact_case=_has_upper(source),
            )
        )
    if not rules:
        raise reader.error(
            f"{where} has no rules (give [{prefix}map] or [[{prefix}rules]])", base_line
        )

    seen: dict[tuple[str, bool], RuleSpec] = {}
    for rule in rules:
        if rule.has_conditions:
            continue
        key = (rule.source, rule.exact_case)
        if key in seen:
            first = seen[key]
            raise reader.error(
                f"rule for {rule.source!r} can never apply: the rule at line {first.line} "
                "has the same source and no conditions",
                rule.line,
            )
        seen[key] = rule

    post: list[PostRule] = []
    raw_post = data.get("post", [])
    if not isinstance(raw_post, list):
        raise reader.error(f"{prefix}post must be an array of tables", base_line)
    search_from = 1
    for number, raw in enumerate(raw_post, start=1):
        line = reader.find_line(f"[[{prefix}post]]", start=search_from)
        if line is not None:
            search_from = line + 1
        what = f"post rule {number} of {where}"
        if not isinstance(raw, dict):
            raise reader.error(f"{what} must be a table", line)
        reader.check_keys(raw, _POST_KEYS, what, line)
        for required in ("pattern", "replace"):
            if required not in raw:
                raise reader.error(f"{what} is missing {required!r}", line)
        pattern = reader.string(raw, "pattern", what, line)
        if not pattern:
            raise reader.error(f"{what} has an empty pattern", line)
        post.append(
            PostRule(pattern=pattern, replace=reader.string(raw, "replace", what, line), line=line)
        )

    return SchemeSpec(
        info=info,
        path=reader.path,
        notes=notes,
        samples=samples,
        known_failures=failures,
        normalize=reader.normalization(data, "normalize", "NFC"),
        normalize_output=reader.normalization(data, "normalize_output", "none"),
        classes=classes,
        rules=tuple(rules),
        post=tuple(post),
    )


def _parse_rule(
    reader: _Reader, raw: dict[str, Any], index: int, line: int | None, what: str
) -> RuleSpec:
    reader.check_keys(raw, _RULE_KEYS, what, line)
    for key in ("from", "to"):
        if key not in raw:
            raise reader.error(f"{what} is missing {key!r}", line)
    source = reader.string(raw, "from", what, line)
    if not source:
        raise reader.error(f"{what}: 'from' must not be empty", line)
    target = reader.string(raw, "to", what, line)
    patterns = {key: reader.patterns(raw, key, what, line) for key in _PATTERN_KEYS}
    flags: dict[str, bool | None] = {}
    for key in ("word_start", "word_end"):
        value = raw.get(key)
        if value is not None and not isinstance(value, bool):
            raise reader.error(f"{what}: {key} must be true or false", line)
        flags[key] = value
    case = raw.get("case")
    if case is None:
        exact = _has_upper(source)
    elif case == "exact":
        exact = True
    elif case == "auto":
        if _has_upper(source):
            raise reader.error(
                f'{what}: case = "auto" rules are written in lowercase (from = {source!r})', line
            )
        exact = False
    else:
        raise reader.error(f'{what}: case must be "auto" or "exact", not {case!r}', line)
    return RuleSpec(
        source=source,
        target=target,
        index=index,
        line=line,
        before=patterns["before"],
        after=patterns["after"],
        not_before=patterns["not_before"],
        not_after=patterns["not_after"],
        word_start=flags["word_start"],
        word_end=flags["word_end"],
        word_has=patterns["word_has"],
        word_lacks=patterns["word_lacks"],
        exact_case=exact,
        note=reader.optional_string(raw, "note", what, line),
    )


def _parse_samples(
    reader: _Reader, raw: object, where: str, line: int | None
) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, list) or not raw:
        raise reader.error(
            f"samples of {where} must be a non-empty array of [source, expected] pairs", line
        )
    samples: list[tuple[str, str]] = []
    for number, pair in enumerate(raw, start=1):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(item, str) for item in pair)
        ):
            raise reader.error(
                f"sample {number} of {where} must be a [source, expected] pair of strings",
                reader.find_line(_toml_quoted(pair[0]))
                if isinstance(pair, list) and pair and isinstance(pair[0], str)
                else line,
            )
        samples.append((pair[0], pair[1]))
    return tuple(samples)


def _parse_failures(
    reader: _Reader, raw: object, info: SchemeInfo, where: str, line: int | None
) -> tuple[KnownFailure, ...]:
    if not isinstance(raw, list):
        raise reader.error(f"known_failures of {where} must be an array of tables", line)
    failures: list[KnownFailure] = []
    for number, item in enumerate(raw, start=1):
        what = f"known failure {number} of {where}"
        if not isinstance(item, dict):
            raise reader.error(f"{what} must be a table", line)
        item_line = (
            reader.find_line(_toml_quoted(item["source"]))
            if isinstance(item.get("source"), str)
            else line
        )
        reader.check_keys(item, _FAILURE_KEYS, what, item_line)
        for key in ("source", "expected", "reason"):
            if key not in item:
                raise reader.error(f"{what} is missing {key!r}", item_line)
        reason = reader.string(item, "reason", what, item_line)
        if not reason.strip():
            raise reader.error(f"{what} needs a reason", item_line)
        system = reader.string(item, "system", what, item_line) if "system" in item else None
        if system is not None and system not in info.conforms_to:
            raise reader.error(f"{what}: system {system!r} is not in conforms_to", item_line)
        failures.append(
            KnownFailure(
                source=reader.string(item, "source", what, item_line),
                expected=reader.string(item, "expected", what, item_line),
                reason=reason,
                system=system,
            )
        )
    return tuple(failures)


def _has_upper(text: str) -> bool:
    return any(ch.isupper() for ch in text)


def _toml_quoted(text: str) -> str:
    """The text as it most likely appears in the file (first line only, for line lookup)."""
    first = text.split("\n", 1)[0]
    return first[:40]
