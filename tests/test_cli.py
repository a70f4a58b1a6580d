"""The `steppe-names` command as a user runs it: files in, output and exit codes checked."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steppe_names import Mention, Normalizer
from steppe_names.cli import main
from tests.conftest import DATA, deadline

SEED = DATA / "seeds" / "000_c5e43e7d4d31f561.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the real console entry point in a child process."""
    return subprocess.run([sys.executable, "-m", "steppe_names.cli", *args], input=stdin,
                          capture_output=True, timeout=120, env=os.environ.copy())


def test_normalize_a_file_to_stdout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("Talks in Ulan Bator and at Khalkhyn Gol.\n", encoding="utf-8")
    assert main(["normalize", str(path)]) == 0
    assert capsys.readouterr().out == "Talks in Ulaanbaatar and at Khalkhin Gol.\n"


def test_normalize_to_russian_from_stdin() -> None:
    result = run("normalize", "--to", "ru", "-", stdin=b"Putin arrived in Ulan Bator.")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "Путин arrived in Улан-Батор."


def test_normalize_output_file_is_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old", encoding="utf-8")
    assert main(["normalize", str(SEED), "-o", str(out)]) == 0
    assert "Ulaanbaatar" in out.read_text(encoding="utf-8")
    # a failing run (missing input) leaves the previous output untouched and no temp files
    assert main(["normalize", str(tmp_path / "missing.txt"), "-o", str(out)]) == 2
    assert "Ulaanbaatar" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_normalize_check_lists_non_preferred_forms(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Ulaanbaatar and Khalkhin Gol.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("First line.\nTalks in Ulan Bator.\n", encoding="utf-8")
    assert main(["normalize", "--check", str(good)]) == 0
    assert main(["normalize", "--check", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:2:10: 'Ulan Bator' -> 'Ulaanbaatar'" in out
    assert str(good) not in out


def test_annotate_jsonl_offsets_slice_the_decoded_file(capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    assert main(["annotate", "--format", "jsonl", str(SEED)]) == 0
    text = SEED.read_text(encoding="utf-8")
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 41
    for record in records:
        assert set(record) >= {"file", "start", "end", "text", "id", "canonical", "lang", "how"}
        assert text[record["start"]:record["end"]] == record["text"]
        assert record["file"] == str(SEED)
    assert ("Ulan Bator", "ulaanbaatar") in [(r["text"], r["id"]) for r in records]


def test_annotate_jsonl_records_read_back_as_the_librarys_mentions(
        capsys: pytest.CaptureFixture[str], normalizer: Normalizer, tmp_path: Path) -> None:
    # a pipeline may store the records and rebuild the mentions later (to `render` them)
    path = tmp_path / "mixed.txt"
    path.write_text(SEED.read_text(encoding="utf-8") + "\nВ Улан-Баторе Путина ждали.\n"
                    "Улаанбаатарт Путин ирэв.\n", encoding="utf-8")
    assert main(["annotate", "--format", "jsonl", str(path)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    text = path.read_text(encoding="utf-8")
    mentions = normalizer.annotate(text)
    assert [Mention.from_dict(record) for record in records] == mentions
    assert {m.role for m in mentions} >= {"short", ""}
    assert {m.case for m in mentions} >= {"ru:loct", "ru:gent", "mn:dat"}
    assert normalizer.render(text, [Mention.from_dict(r) for r in records], "ru") == \
        normalizer.normalize(text, "ru")


def test_annotate_tsv_has_a_header_and_escapes(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Ulan Bator\tTokyo\n", encoding="utf-8")
    assert main(["annotate", "--format", "tsv", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "file\tstart\tend\ttext\tid\tcanonical\tlang\thow"
    assert lines[1].split("\t")[1:5] == ["0", "10", "Ulan Bator", "ulaanbaatar"]
    assert lines[2].split("\t")[4] == "tokyo"


def test_annotate_html_highlights_with_entries_on_hover(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("<b>Ulan Bator</b> & Токио", encoding="utf-8")
    out = tmp_path / "page.html"
    assert main(["annotate", "--format", "html", str(path), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "&lt;b&gt;" in page and "&amp;" in page
    assert 'title="ulaanbaatar — Ulaanbaatar (place; en, admitted)">Ulan Bator</mark>' in page
    assert ">Токио</mark>" in page


def test_lookup_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Улан-Баторе"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ulaanbaatar  (place)  Ulaanbaatar")
    assert "ru: Улан-Батор [preferred]" in out
    assert main(["explain", "Халхин-Голе"]) == 0
    out = capsys.readouterr().out
    assert "matches 'khalkhin-gol'" in out and "ru:loct" in out
    assert main(["lookup", "Atlantis"]) == 1


def test_glossary_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["glossary", "validate"]) == 0
    assert "bundled glossary: " in capsys.readouterr().out
    broken = tmp_path / "broken.toml"
    broken.write_text('[x]\nkind = "place"\n[x.en]\npreferred = "X\n', encoding="utf-8")
    assert main(["glossary", "validate", str(broken)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:4:" in err and "TOML syntax error" in err


@pytest.mark.parametrize("case", ["invalid-utf8", "missing", "directory", "glossary-syntax"])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    if case == "invalid-utf8":
        path = tmp_path / "latin1.txt"
        path.write_bytes(b"Ulan Bator " + "Khalkhin Gol – Ömnögovi".encode("latin-1",
                                                                                "replace"))
        result = run("annotate", str(path))
        assert "invalid UTF-8 at byte offset" in result.stderr.decode()
    elif case == "missing":
        result = run("normalize", str(tmp_path / "nope.txt"))
        assert "no such file" in result.stderr.decode()
    elif case == "directory":
        result = run("normalize", str(tmp_path))
        assert "is a directory" in result.stderr.decode()
    else:
        glossary = tmp_path / "g.toml"
        glossary.write_text("[x\n", encoding="utf-8")
        result = run("normalize", "--glossary", str(glossary), "-", stdin=b"x")
        assert f"{glossary}:1:" in result.stderr.decode()
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert "Traceback" not in result.stderr.decode()


def test_errors_replace_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Ulan Bator \xff Tokyo")
    result = run("annotate", "--errors", "replace", str(path))
    assert result.returncode == 0
    ids = [json.loads(line)["id"] for line in result.stdout.decode().splitlines()]
    assert ids == ["ulaanbaatar", "tokyo"]


def test_empty_input_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run("normalize", str(path))
    assert result.returncode == 1
    assert result.stdout == b""
    assert "empty input" in result.stderr.decode()
    # transliterate says so too (it wrote nothing and exited 0), and goes on to the next
    words = tmp_path / "words.txt"
    words.write_text("Москва\n", encoding="utf-8")
    result = run("transliterate", "--scheme", "ru-Cyrl-Latn-bgnpcgn-1947", str(path),
                 str(words))
    assert (result.returncode, result.stdout) == (1, b"Moskva\n")
    assert f"{path}: empty input, nothing to do" in result.stderr.decode()


def test_a_50_mb_single_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    chunk = "steppe wind over the grassland and Ulan Bator skyline; "
    path.write_text(chunk * (50_000_000 // len(chunk)), encoding="utf-8")
    out = tmp_path / "out.txt"
    result = run("normalize", str(path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Ulan Bator" not in text and text.count("Ulaanbaatar") == 50_000_000 // len(chunk)


def test_help_teaches_by_example() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert b"examples:" in result.stdout and b"exit status" in result.stdout
    assert run().returncode == 2


def _on_a_terminal(argv: list[str], cache: Path, tmp_path: Path) -> tuple[int, str, str]:
    """Run the command line with stderr on a pseudo-terminal (stdout a file): its exit code,
    stdout, and what the terminal showed. The build status is drawn from the start."""
    import pty

    leader, follower = pty.openpty()
    out = tmp_path / "stdout.txt"
    code = ("import sys\nfrom steppe_names import progress\nprogress.BuildStatus.DELAY = 0\n"
            "from steppe_names.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    with open(out, "wb") as stdout:
        process = subprocess.Popen([sys.executable, "-c", code, *argv], stdout=stdout,
                                   stderr=follower, stdin=subprocess.DEVNULL,
                                   env={**os.environ, "STEPPE_NAMES_CACHE": str(cache)})
    os.close(follower)
    shown = b""
    with deadline(120):
        while True:
            try:
                block = os.read(leader, 1 << 16)
            except OSError:  # the terminal is closed: the process has ended
                break
            if not block:
                break
            shown += block
    os.close(leader)
    return process.wait(timeout=120), out.read_text(encoding="utf-8"), shown.decode("utf-8")


def test_a_glossary_that_compiles_shows_its_status_on_a_terminal_only(tmp_path: Path) -> None:
    text = tmp_path / "in.txt"
    text.write_text("Talks in Улаанбаатар.\n", encoding="utf-8")
    code, out, shown = _on_a_terminal(["normalize", str(text)], tmp_path / "cache", tmp_path)
    assert (code, out) == (0, "Talks in Ulaanbaatar.\n")
    assert "compiling the glossary: making the forms of the entries" in shown
    assert "building the automaton of " in shown
    # the status line is erased once the Index is built, before the scan's bar is drawn
    erased = "so far\x1b[K\r\x1b[K"
    status, scan = shown.rsplit(erased, 1)
    assert status.count("compiling the glossary") >= 2
    assert "compiling" not in scan and "MB/s" in scan
    # the Index is cached now: only the scan's own progress bar
    again = _on_a_terminal(["normalize", str(text)], tmp_path / "cache", tmp_path)[2]
    assert "compiling" not in again and "MB/s" in again
    # with --quiet on a new cache, or on a pipe: nothing at all
    assert _on_a_terminal(["normalize", "--quiet", str(text)], tmp_path / "new", tmp_path)[2] == ""
    piped = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize", str(text)],
                           capture_output=True, timeout=120,
                           env={**os.environ, "STEPPE_NAMES_CACHE": str(tmp_path / "newer")})
    assert (piped.returncode, piped.stderr) == (0, b"")


def test_python_dash_m_runs_the_command() -> None:
    """`python -m steppe_names` is the command, where the console script is not on PATH."""
    done = subprocess.run([sys.executable, "-m", "steppe_names", "normalize", "-"],
                          input="Улан-Батор\n".encode(), capture_output=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"Ulaanbaatar\n", b"")


def test_output_through_a_link_or_into_a_pipe_writes_there(tmp_path: Path) -> None:
    """`-o` replaces a regular file atomically; through a symbolic link it replaces the file
    the link points to (the link stays); a named pipe (like /dev/null or /dev/stdout) is
    written into, not replaced by a regular file."""
    source = tmp_path / "in.txt"
    source.write_text("Ulan Bator\n", encoding="utf-8")
    real = tmp_path / "real.txt"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    assert main(["normalize", str(source), "-o", str(link)]) == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "Ulaanbaatar\n"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert main(["normalize", str(source), "-o", str(fifo)]) == 0
    reader.join(timeout=30)
    assert got == [b"Ulaanbaatar\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "link.txt", "pipe",
                                                          "real.txt"]


def test_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("Ulan Bator\n", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    result = run("normalize", str(source), "-o", str(folder))
    assert (result.returncode, result.stderr.decode()) == (
        2, f"steppe-names: {folder}: is a folder; pass a file name to -o\n")
    if Path("/dev/full").exists():  # a disk that is full
        with open("/dev/full", "wb") as full:
            result = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize",
                                     str(source)], stdout=full, stderr=subprocess.PIPE,
                                    timeout=120)
        assert (result.returncode, result.stderr.decode()) == (
            2, "steppe-names: output: No space left on device\n")
    closed = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize",
                             str(source)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            timeout=120, preexec_fn=lambda: os.close(1))
    assert (closed.returncode, closed.stderr.decode()) == (
        2, "steppe-names: standard output is closed; pass -o FILE\n")


def test_sigterm_leaves_the_old_output_and_no_temporary_file(tmp_path: Path) -> None:
    """`timeout` and cancelled jobs send SIGTERM: the run stops with 143 and cleans up as
    for Ctrl-C (before, the half-written temporary file stayed)."""
    source = tmp_path / "in.txt"
    source.write_text("Putin flew to Ulan Bator.\n" * 600_000, encoding="utf-8")
    out = tmp_path / "out.txt"
    out.write_text("old\n", encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "steppe_names.cli", "normalize", "-j1",
                              str(source), "-o", str(out)], stderr=subprocess.PIPE)
    with deadline(60):
        while not list(tmp_path.glob(".out.txt.*.tmp")) and child.poll() is None:
            time.sleep(0.01)
    child.send_signal(signal.SIGTERM)
    _, stderr = child.communicate(timeout=60)
    if child.returncode == 0:
        pytest.skip("the run ended before the signal came")
    assert (child.returncode, stderr.decode()) == (143, "steppe-names: terminated\n")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "out.txt"]


def test_the_progress_line_is_erased_before_an_error(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the bar is drawn over itself; an error's message must not be glued to
    its end ("... 6.1 MB/ssteppe-names: ...")."""
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Ulan Bator\n" * 200_000 + b"\xff\n")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["normalize", "-j1", str(path), "-o", str(tmp_path / "out.txt")]) == 2
    err = capsys.readouterr().err
    assert "MB/s" in err  # the bar was drawn
    assert err.endswith(f"\r\x1b[Ksteppe-names: {path}: invalid UTF-8 at byte offset "
                        f"2200000 (line 200001): byte 0xff; convert the file to UTF-8, or pass "
                        f"--errors replace to read it anyway\n")


def test_small_usage_mistakes_are_said_plainly(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Found by a QA pass: --check silently ignored --to and -o; `schemes --lang en` printed
    nothing with exit 0; a duplicated TOML table was named as a Python tuple; `po export
    --out FILE` said "cannot take the lock: [Errno 17]"."""
    text = tmp_path / "in.txt"
    text.write_text("Ulaanbaatar is fine.\n", encoding="utf-8")
    assert main(["normalize", "--check", "--to", "ru", str(text)]) == 2
    assert "--check writes nothing" in capsys.readouterr().err
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffUlan Bator here.\r\nUlan Bator.\n".encode())
    assert main(["normalize", "--check", str(bom)]) == 1  # the BOM is no column
    assert capsys.readouterr().out.splitlines() == [
        f"{bom}:1:1: 'Ulan Bator' -> 'Ulaanbaatar' (ulaanbaatar, admitted)",
        f"{bom}:2:1: 'Ulan Bator' -> 'Ulaanbaatar' (ulaanbaatar, admitted)"]
    assert main(["schemes", "--lang", "en"]) == 1
    assert "no scheme transliterates from 'en'; the languages with schemes are ja, mn, ru" in (
        capsys.readouterr().err)
    broken = tmp_path / "dup.toml"
    broken.write_text('[a]\nkind = "place"\n[a.en]\npreferred = "A"\n[a.en]\n', encoding="utf-8")
    assert main(["glossary", "validate", str(broken)]) == 2
    assert f"{broken}:5: TOML syntax error: Cannot declare [a.en] twice" in (
        capsys.readouterr().err)
    assert main(["po", "export", "--out", str(text)]) == 2
    assert f"{text}: not a folder" in capsys.readouterr().err
    # an unknown option is shown with the command's usage, not the top level's
    with pytest.raises(SystemExit) as stopped:
        main(["normalize", "--bogus", str(text)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: steppe-names normalize ")
    assert "steppe-names normalize: error: unrecognized arguments: --bogus" in err
    with pytest.raises(SystemExit):
        main(["po", "compile", "--bogus"])
    assert "steppe-names po compile: error: unrecognized arguments: --bogus" in (
        capsys.readouterr().err)
    # a wrong --lang is said before the --out folder is made (it was left behind)
    out = tmp_path / "l10n"
    assert main(["po", "export", "--lang", "xx", "--out", str(out)]) == 2
    assert "--lang: no catalog language 'xx'" in capsys.readouterr().err
    assert not out.exists()


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.sampled_from(["Улан-Баторе", "Съезд", "ЕЁ", "ёж", "Хүрэлсүх", "ъ",
                                       "ウランバートル", "しんぶん", "ン", "ー", " ", "  ", "\n",
                                       "\t", ".", "«Е»"]), max_size=40),
       size=st.integers(1, 12))
def test_transliterate_cuts_long_lines_after_a_space_with_the_same_output(
        words: list[str], size: int) -> None:
    """A 50 MB line was held whole (966 MB RSS); `transliterate` now cuts a long line after
    a space. A scheme sees a piece's start as a word start, as after a space: the output of
    the pieces is the output of the whole, for every bundled scheme tried here."""
    from steppe_names.parallel import newline_pieces
    from steppe_names.translit import get_scheme

    text = "".join(words)
    chunks = [text[i:i + 5] for i in range(0, len(text), 5)]
    for scheme_id in ("ru-Cyrl-Latn-bgnpcgn-1947", "ru-Cyrl-Latn-gost779b-2000",
                      "mn-Cyrl-Latn-mns-2012", "ja-Hrkt-Latn-hepburn-modified",
                      "ja-Hrkt-Cyrl-polivanov"):
        scheme = get_scheme(scheme_id)
        pieces = list(newline_pieces(iter(chunks), size, or_after=" \t"))
        assert "".join(pieces) == text
        assert "".join(scheme(piece) for piece in pieces) == scheme(text), scheme_id


def test_output_is_utf8_whatever_the_locale_and_odd_streams_are_reported(tmp_path: Path
                                                                         ) -> None:
    """Found by a QA pass: a stdout in cp1251 or ASCII (a Windows console, LANG=C) crashed
    with a UnicodeEncodeError on the first Japanese name; a file name that is not UTF-8
    crashed the JSON of annotate; a closed stdin was a traceback, a closed stderr an exit
    1 with nothing said; `--check` piped to `head` exited 0 though it had found forms."""
    text = tmp_path / "s.txt"
    text.write_text("Путин в Токио. Ulan Bator\n", encoding="utf-8")
    for encoding in ("cp1251", "ascii", "utf-8:strict"):
        done = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize", "--to",
                               "ja", str(text)], capture_output=True, timeout=120,
                              env={**os.environ, "PYTHONIOENCODING": encoding})
        assert done.returncode == 0, done.stderr
        assert done.stdout.decode("utf-8") == "プーチン в 東京. ウランバートル\n"
        shown = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize",
                                "--help"], capture_output=True, timeout=120,
                               env={**os.environ, "PYTHONIOENCODING": encoding})
        assert shown.returncode == 0 and "Улан-Батор" in shown.stdout.decode("utf-8")
    odd = os.fsencode(tmp_path) + b"/big\xffname.txt"
    with open(odd, "wb") as handle:
        handle.write(text.read_bytes())
    done = subprocess.run([sys.executable, "-m", "steppe_names.cli", "annotate", odd],
                          capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"})
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout.decode("utf-8").splitlines()[0])
    assert record["file"].endswith("big\ufffdname.txt") and record["text"] == "Путин"
    closed = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize", "-"],
                            stdin=None, capture_output=True, timeout=120,
                            preexec_fn=lambda: os.close(0))
    assert closed.returncode == 2
    assert b"standard input is closed" in closed.stderr
    quiet = subprocess.run([sys.executable, "-m", "steppe_names.cli", "lookup", "UB"],
                           stdout=subprocess.PIPE, timeout=120,
                           preexec_fn=lambda: os.close(2))
    assert quiet.returncode == 0 and b"ulaanbaatar" in quiet.stdout
    many = tmp_path / "many.txt"
    many.write_text("".join(f"Ulan Bator and Urga, line {i}\n" for i in range(20_000)),
                    encoding="utf-8")
    check = subprocess.Popen([sys.executable, "-m", "steppe_names.cli", "normalize",
                              "--check", str(many)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    assert check.stdout is not None
    check.stdout.readline()
    check.stdout.close()  # as `| head -1` does
    assert check.wait(timeout=120) == 1


def test_no_progress_bar_when_the_output_is_the_same_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar was drawn between the output's lines when both went to one terminal."""
    import argparse

    from steppe_names import cli

    class Terminal:
        def __init__(self, tty: bool) -> None:
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    monkeypatch.setattr(sys, "stderr", Terminal(True))
    monkeypatch.setattr(sys, "stdout", Terminal(True))
    assert not cli._on_terminal(argparse.Namespace(output=None, quiet=False))
    assert cli._on_terminal(argparse.Namespace(output="out.txt", quiet=False))
    assert not cli._on_terminal(argparse.Namespace(output="out.txt", quiet=True))
    monkeypatch.setattr(sys, "stdout", Terminal(False))
    assert cli._on_terminal(argparse.Namespace(output=None, quiet=False))


def test_every_commands_help_teaches_with_examples() -> None:
    """`--help` of each command shows how it is used, not only its options (most had no
    example: a QA pass)."""
    import argparse

    from steppe_names.cli import build_parser

    def commands(parser: argparse.ArgumentParser, path: tuple[str, ...]
                 ) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
        found = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append(((*path, name), sub))
                    found.extend(commands(sub, (*path, name)))
        return found

    every = commands(build_parser(), ())
    assert len(every) >= 15
    for path, parser in every:
        shown = parser.format_help()
        assert "examples:" in shown, path
        assert f"steppe-names {' '.join(path)}" in shown.split("examples:")[1], path
        for action in parser._actions:
            assert action.help or action.dest in ("help", "command", "glossary_command",
                                                  "po_command"), (path, action.dest)


def test_odd_output_names_are_reported_plainly(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """`-o ""` named a temporary file the user never saw; `-o folder/newfile/` made a file
    named newfile; `-o /dev/full` said "output" (a QA pass)."""
    text = tmp_path / "s.txt"
    text.write_text("Ulan Bator\n", encoding="utf-8")
    assert main(["normalize", str(text), "-o", ""]) == 2
    assert "-o needs a file name" in capsys.readouterr().err
    assert main(["normalize", str(text), "-o", f"{tmp_path}/newfile/"]) == 2
    assert "names a folder, which does not exist" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.txt"]
    if os.path.exists("/dev/full"):
        assert main(["normalize", str(text), "-o", "/dev/full"]) == 2
        assert capsys.readouterr().err == "steppe-names: /dev/full: No space left on device\n"
