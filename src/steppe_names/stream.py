"""Streaming: annotate and normalize text of any size in bounded memory.

The text arrives as chunks (of any size, split anywhere). It is scanned in blocks of about
`BLOCK` code points. A block's mentions are final only when they start before
`len(block) - margin`, where the margin is larger than twice the longest form: every
candidate that could compete with them, and the neighbour its boundary rule looks at, lies
inside the block. The next block starts at the cut, keeping one character before it as
context for the boundary rule (`scan(min_start=1)`). So the result is exactly that of one
scan over the whole text: a name across a chunk or block boundary is found once, with its
offsets in the whole text.

One difference is unavoidable: when no language is given, ambiguous names are resolved by
the language guessed from each block rather than from the whole document.
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from steppe_names.errors import InvalidUTF8
from steppe_names.model import Mention, checked_language, checked_text
from steppe_names.scan import scan

if TYPE_CHECKING:
    from steppe_names.compile import Index

BLOCK = 1 << 20  # code points scanned at a time (~1-3 MB of UTF-8)


_LINE_REACH = 1 << 16  # how far back a cut looks for a newline
_SENTENCE_REACH = 1 << 12  # ... and then for a sentence's end
_RUN_REACH = 256  # ... and back over marks and invisible characters (`_safe_cut`)
_SENTENCE_STOP = re.compile(r"[.!?…。！？][\"'»”’)]*[ \u3000]+")


def _last_sentence_end(text: str, low: int, high: int) -> int:
    """Where the last sentence that ends in text[low:high] ends (after the spaces that
    follow its stop), or -1."""
    found = -1
    for match in _SENTENCE_STOP.finditer(text, low, high):
        found = match.end()
    return found


def _safe_cut(text: str, position: int, floor: int) -> int:
    """Where to cut `text` at most at `position` (and after `floor`): after the last newline
    not far before it, where no name, no article and no hashtag reaches across; in a long
    line, after the last sentence's end, else after a space (one word back: an article or a
    preposition stays with the name after it); never between a base character and its
    marks, nor right after an invisible character (a soft hyphen, a zero-width space: the
    scan of the next segment must see the letter before it, to tell whether a name there
    starts a word)."""
    newline = text.rfind("\n", max(floor, position - _LINE_REACH), position)
    if newline >= 0:
        return newline + 1
    stop = _last_sentence_end(text, max(floor, position - _SENTENCE_REACH), position)
    if stop > floor:  # between sentences: no article or preposition reaches across
        return stop
    low = max(floor, position - 256)
    space = text.rfind(" ", low, position)
    if space >= 0:
        # one word further back, so that "the Russian Federation" and "во Внешней Монголии"
        # stay in one segment, whose rendering drops or fits the article and the preposition
        before = text.rfind(" ", low, space)
        position = (before if before >= 0 else space) + 1
    lowest = max(floor + 1, position - _RUN_REACH)
    start = position
    while position > lowest and (unicodedata.combining(text[position])
                                 or unicodedata.category(text[position - 1]) == "Cf"):
        position -= 1
    if position == lowest and lowest > floor + 1:
        # inside a long run of marks or invisible characters, where no name lies: cut in its
        # middle (walking back to `floor` made each block advance by a character or two: a
        # file with a million zero-width spaces did not finish)
        return (lowest + start) // 2
    return position


def segments(index: Index, chunks: Iterable[str], lang: str | None = None, *,
             fuzzy: bool = True, block: int = BLOCK) -> Iterator[tuple[int, str, list[Mention]]]:
    """Split a stream of text into consecutive segments and yield, for each,
    `(offset, text, mentions)`: the segment's offset in the whole stream, its text, and its
    mentions with offsets into the whole stream. The segments' texts concatenate to the input.
    """
    checked_language(lang)
    margin = 2 * index.max_key_length + 64
    buffer = ""
    base = 0  # offset of buffer[0] in the whole stream
    skip = 0  # buffer[:skip] is context that belongs to the previous segment
    pending: list[str] = []  # small chunks not yet joined to the buffer (joining each one
    pending_length = 0  # would copy the buffer for every chunk: quadratic for 1-char chunks)
    for chunk in chunks:
        checked_text(chunk, "a chunk")
        if not chunk:
            continue
        pending.append(chunk)
        pending_length += len(chunk)
        if len(buffer) + pending_length - skip < block + margin:
            continue
        buffer = buffer + "".join(pending) if buffer else "".join(pending)
        pending.clear()
        pending_length = 0
        while len(buffer) - skip >= block + margin:
            limit = _safe_cut(buffer, len(buffer) - margin, skip + 1)
            mentions = scan(index, buffer, lang, fuzzy=fuzzy, min_start=skip, offset=base)
            final = [m for m in mentions if m.start < base + limit]
            cut = max(limit, final[-1].end - base if final else 0)
            yield base + skip, buffer[skip:cut], final
            keep = cut - 1  # the character before the cut: the next scan's context
            buffer = buffer[keep:]
            base += keep
            skip = 1
    buffer += "".join(pending)
    if len(buffer) > skip:
        yield base + skip, buffer[skip:], scan(index, buffer, lang, fuzzy=fuzzy, min_start=skip,
                                                  offset=base)


def split_text(text: str, block: int = BLOCK) -> Iterator[str]:
    """A big string as chunks (slices), so that `segments` never copies the whole text."""
    for start in range(0, len(text), block):
        yield text[start:start + block]


def decode_blocks(blocks: Iterable[bytes], errors: str = "strict", *,
                  start: int = 0) -> Iterator[str]:
    """UTF-8 bytes arriving in blocks (split anywhere, even inside a character) as text.
    With errors="strict", invalid UTF-8 raises `InvalidUTF8` with its byte offset (`start` is
    the offset of the first block) and its line (counted from the first block); with
    "replace", each invalid sequence becomes U+FFFD."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors)
    consumed = start  # bytes before the current block
    newlines = 0  # newlines in them
    for data in itertools.chain(blocks, [b""]):
        pending = len(decoder.getstate()[0])  # bytes of a character the last block began
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise InvalidUTF8(consumed - pending + error.start,
                              newlines + error.object[:error.start].count(b"\n") + 1,
                              error.object[error.start]) from None
        consumed += len(data)
        newlines += data.count(b"\n")
        if text:
            yield text
