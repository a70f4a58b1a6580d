"""Find scheme files in the package, load them once, and hand out compiled schemes."""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources
from importlib.abc import Traversable

from .compiler import Scheme, compile_scheme
from .errors import SchemeError, UnknownSchemeError
from .spec import SchemeInfo, SchemeSpec, parse_scheme

__all__ = ["get_scheme", "scheme_specs", "schemes", "transliterate"]

# Scheme files live in the "schemes" folder of this package. It is read as a resource folder
# (not imported as a subpackage, whose module would shadow the schemes() function).
_PACKAGE = "steppe_names.translit"
_FOLDER = "schemes"
_SUFFIX = ".toml"
_lock = threading.Lock()
_compiled: dict[str, Scheme] = {}


def _folder() -> Traversable:
    return resources.files(_PACKAGE).joinpath(_FOLDER)


@cache
def _file_names() -> tuple[str, ...]:
    return tuple(
        sorted(
            entry.name
            for entry in _folder().iterdir()
            if entry.name.endswith(_SUFFIX) and entry.is_file()
        )
    )


@cache
def _load_file(name: str) -> SchemeSpec:
    """Parse and validate one scheme file (both directions), once per process."""
    entry = _folder().joinpath(name)
    return parse_scheme(
        entry.read_text(encoding="utf-8"), f"{_FOLDER}/{name}", expected_id=name[: -len(_SUFFIX)]
    )


def _directions(spec: SchemeSpec) -> list[SchemeSpec]:
    return [spec] if spec.reverse is None else [spec, spec.reverse]


@cache
def scheme_specs() -> dict[str, SchemeSpec]:
    """Every scheme direction shipped with the package, by id (each file validated once)."""
    specs: dict[str, SchemeSpec] = {}
    for name in _file_names():
        for direction in _directions(_load_file(name)):
            if direction.info.id in specs:
                raise SchemeError(
                    f"scheme id {direction.info.id!r} is defined twice "
                    f"(also in {specs[direction.info.id].path})",
                    direction.path,
                )
            specs[direction.info.id] = direction
    return specs


def schemes() -> list[SchemeInfo]:
    """Describe every available scheme (both directions of reversible ones), sorted by id."""
    return [spec.info for _, spec in sorted(scheme_specs().items())]


def _find_spec(scheme_id: str) -> SchemeSpec:
    # The forward direction of a scheme is the file of the same name: read only that file,
    # so one broken file elsewhere does not stop the others from working.
    file_name = scheme_id + _SUFFIX
    if file_name in _file_names():
        return _load_file(file_name)
    # A reverse direction lives in its forward scheme's file: look through all of them.
    first_error: SchemeError | None = None
    known: list[str] = []
    for name in _file_names():
        try:
            spec = _load_file(name)
        except SchemeError as exc:
            first_error = first_error or exc
            continue
        for direction in _directions(spec):
            if direction.info.id == scheme_id:
                return direction
            known.append(direction.info.id)
    if first_error is not None:
        raise first_error
    raise UnknownSchemeError(scheme_id, known)


def get_scheme(scheme_id: str) -> Scheme:
    """Return the compiled scheme ``scheme_id`` (compiled on first use, then cached)."""
    scheme = _compiled.get(scheme_id)
    if scheme is not None:
        return scheme
    spec = _find_spec(scheme_id)
    with _lock:
        scheme = _compiled.get(scheme_id)
        if scheme is None:
            scheme = compile_scheme(spec)
            _compiled[scheme_id] = scheme
    return scheme


def transliterate(text: str, scheme: str) -> str:
    """Transliterate ``text`` with the scheme whose id is ``scheme``."""
    from steppe_names.model import checked_text

    checked_text(text, "text")  # (bytes: "decode it first", as everywhere in the API)
    return get_scheme(scheme)(text)
