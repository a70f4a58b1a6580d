"""The scan's automaton: daachorse's Aho-Corasick over the marked keys, written in an alphabet
of the Index's own.

daachorse's automaton takes one transition per byte of what it reads. Over UTF-16 a
character took two, and with millions of keys (100k entries) the transitions deep in the trie
miss the cache. So the UTF-16 units that the keys hold are numbered by how often they occur
there (`_alphabet`): the 254 - L most frequent are one byte each (2 ... 255 - L), the others
two, a lead byte (256 - L ... 255) and a trail byte (1 ... 255 - L); L is as small as the
keys allow (0 up to 254 distinct units, 1 up to 507, at most 16,383). A unit that no key
holds is byte 1, which no key holds either. No code holds a zero byte, so a text's codes in
UTF-16-BE less their zero bytes are the text in the alphabet (`find_codes_list`); and no
trail byte is a lead, so the bytes before an offset tell how many two-byte units they hold.
With the synthetic 10k and 100k glossaries (506 distinct units) 98% of the keys' units and
97% of the mixed corpus' are one byte. At 100k entries that makes the automaton 408 MiB
instead of 707, built in 45 s with 5.3 GiB at the peak instead of 65-82 s with 9.1 GiB, and
halves what the scan walks (by hand: 10.4 -> 4.8 ms/MB at 100k entries, 6.4 -> 3.3 at 10k;
laying out the text's two-byte units costs ~1.4 ms/MB of that back).

The text is marked as the keys are (`folding.marked`) and then written in the alphabet:
NumPy looks each unit up in the marking table composed with the alphabet (`Automaton.forms`),
so the text is never written out in UTF-16; the str way translates the marked str
(`Automaton.find_str`). A key's bytes may also occur from a trail byte on: both ways drop
those and give offsets in UTF-16 units.

Serialized, an automaton is its alphabet (2 bytes a BMP code point, little-endian) and then
daachorse's own bytes.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_UNITS = 0x10000
_ALPHABET_BYTES = 2 * _UNITS
_ELSE = 1  # the code of every unit that no key holds
_SHORT_DATA = 4096  # bytes up to which `_in_units` counts lead bytes anew for each match
Found = list[tuple[int, int, int]]  # (start, end, key) in UTF-16 units


def _room(leads: int) -> int:
    """How many units an alphabet with this many lead bytes numbers: 254 - leads one-byte
    codes, and for each lead as many trails as one-byte codes, plus 1."""
    return 254 - leads + leads * (255 - leads)


def _alphabet(counts: npt.NDArray[np.int64]) -> array[int]:
    """The code of every UTF-16 unit, given how often the keys hold each (`counts`): below
    256 one byte, else lead byte * 256 + trail."""
    import numpy as np

    present = np.flatnonzero(counts)
    present = present[np.argsort(-counts[present], kind="stable")]  # ties: by unit
    leads = 0
    while _room(leads) < len(present):
        leads += 1
        if _room(leads) <= _room(leads - 1):
            raise ValueError(f"the keys hold {len(present):,} distinct UTF-16 units; an "
                             f"automaton's alphabet has room for {_room(leads - 1):,}")
    singles = min(254 - leads, len(present))
    codes = np.full(_UNITS, _ELSE, dtype=np.uint16)
    codes[present[:singles]] = np.arange(_ELSE + 1, _ELSE + 1 + singles)
    rest = np.arange(len(present) - singles)
    trails = 255 - leads
    codes[present[singles:]] = (256 - leads + rest // trails) * 256 + 1 + rest % trails
    return array("H", codes.astype("<u2").tobytes())


class _Translation(dict[int, str]):
    """str.translate's table from code points to the alphabet's bytes (as latin-1
    characters), filled as characters are met: a character beyond the BMP is its two
    surrogates' codes."""

    def __init__(self, codes: array[int]) -> None:
        super().__init__()
        self.codes = codes

    def __missing__(self, point: int) -> str:
        units = chr(point).encode("utf-16-le", "surrogatepass")
        out = []
        for at in range(0, len(units), 2):
            code = self.codes[units[at] | units[at + 1] << 8]
            out.append(chr(code) if code < 256 else chr(code >> 8) + chr(code & 0xFF))
        self[point] = written = "".join(out)
        return written


class Automaton:
    """daachorse's automaton over keys written in their own alphabet (see the module)."""

    def __init__(self, codes: array[int], matcher: Any) -> None:
        self.codes = codes
        self.matcher = matcher
        # the high bytes of the codes: 0, or a lead byte; the lowest lead is 256 - leads
        # (bytes operations: a Python loop over the 65,536 codes took ~4 ms a load)
        high = codes.tobytes()[1 if sys.byteorder == "little" else 0::2]
        found_leads = high.translate(None, b"\x00")
        self.leads = 256 - min(found_leads) if found_leads else 0
        self._translation = _Translation(codes)
        self._forms: npt.NDArray[np.uint16] | None = None
        self._forms_be: npt.NDArray[np.uint16] | None = None
        self._not_leads = bytes(range(256 - self.leads))  # to delete, to count the leads
        self._lead = re.compile(b"[" + re.escape(bytes([256 - self.leads])) + b"-\xff]"
                                if self.leads else b"(?!)")  # (a lead byte; none)

    @classmethod
    def build(cls, keys: Sequence[str]) -> Automaton:
        """The automaton over `keys` (marked str, none holding a newline), numbered in order.
        NumPy writes them in the alphabet all at once (~2 s for the 7 million keys of 100k
        entries, where a `str.translate` a key took ~7 s), then daachorse builds."""
        import daachorse
        import numpy as np

        if not keys:
            return cls(array("H", [_ELSE]) * _UNITS, daachorse.DoubleArrayAhoCorasick([]))
        units = np.frombuffer("\n".join(keys).encode("utf-16-le", "surrogatepass"),
                              dtype=np.uint16)
        counts = np.zeros(_UNITS, dtype=np.int64)
        for at in range(0, len(units), 1 << 22):  # (bincount makes a copy of what it counts)
            counts += np.bincount(units[at:at + (1 << 22)], minlength=_UNITS)
        counts[ord("\n")] -= len(keys) - 1
        automaton = cls(_alphabet(counts), None)
        data, wide = automaton._written(np.frombuffer(automaton.codes, dtype=np.uint16).take(
            units))
        cuts = np.flatnonzero(units == ord("\n"))
        starts = np.concatenate(([0], cuts + 1))  # in units
        ends = np.append(cuts, len(units))
        del units
        starts += np.searchsorted(wide, starts)  # in bytes: after the two-byte units before
        ends += np.searchsorted(wide, ends)
        written = [data[start:end] for start, end in zip(starts.tolist(), ends.tolist(),
                                                          strict=True)]
        del data, wide, starts, ends
        automaton.matcher = daachorse.DoubleArrayAhoCorasick(written)
        return automaton

    @classmethod
    def load(cls, blob: bytes | memoryview) -> Automaton:
        """An automaton from `serialize`'s bytes."""
        import daachorse

        view = memoryview(blob)
        codes = array("H")
        codes.frombytes(view[:_ALPHABET_BYTES])
        if sys.byteorder != "little":
            codes.byteswap()
        return cls(codes, daachorse.DoubleArrayAhoCorasick.deserialize(
            bytes(view[_ALPHABET_BYTES:])))

    def serialize(self) -> bytes:
        codes = array("H", self.codes)
        if sys.byteorder != "little":
            codes.byteswap()
        serialized: bytes = self.matcher.serialize()
        return codes.tobytes() + serialized

    def find_str(self, marked: str) -> Found | list[Any]:
        """Every key in `marked` (a marked str), overlapping ones too: (start, end, key) in
        UTF-16 units of it."""
        data = marked.translate(self._translation).encode("latin-1")
        found: list[Any] = self.matcher.find_overlapping(data)
        if not found or len(data) == len(marked) or not self.leads:
            return found  # one byte a unit (a character beyond the BMP is two bytes)
        return self._in_units(found, data)

    def forms(self) -> npt.NDArray[np.uint16]:
        """The marking table (`folding.marking_forms`) composed with the alphabet:
        `folding.marked(..., forms=automaton.forms)` gives a text in codes at once."""
        if self._forms is None:
            import numpy as np

            from steppe_names.folding import marking_forms

            self._forms = np.frombuffer(self.codes, dtype=np.uint16).take(marking_forms())
        return self._forms

    def forms_be(self) -> npt.NDArray[np.uint16]:
        """`forms` in UTF-16-BE, for a short text (`find_codes_list`)."""
        if self._forms_be is None:
            self._forms_be = self.forms().astype(">u2")
        return self._forms_be

    def _written(self, codes: npt.NDArray[np.uint16]) -> tuple[bytes, npt.NDArray[np.intp]]:
        """A text given as codes, in the alphabet's bytes, and where its two-byte units are:
        the trail bytes inserted after the lead bytes (~1.9 ms a million units; dropping
        the zero bytes of the codes in UTF-16-BE, as `find_codes_list` does, ~8.5)."""
        import numpy as np

        wide = np.flatnonzero(codes > 255) if self.leads else np.empty(0, dtype=np.intp)
        data = codes.astype(np.uint8)  # the code of a one-byte unit, a two-byte one's trail
        if not len(wide):
            return data.tobytes(), wide
        trails = data[wide]
        data[wide] = codes[wide] >> 8
        return np.insert(data, wide + 1, trails).tobytes(), wide

    def find_codes(self, codes: npt.NDArray[np.uint16]) -> npt.NDArray[np.int64]:
        """Every key in a text given as codes (`folding.marked` through `forms`), overlapping
        ones too: rows of (start, end, key) in UTF-16 units."""
        import numpy as np

        data, wide = self._written(codes)
        found = self.matcher.find_overlapping(data)
        del data
        flat = np.fromiter(chain.from_iterable(found), dtype=np.int64,
                           count=3 * len(found)).reshape(-1, 3)
        if len(wide) and len(flat):
            leads = wide + np.arange(len(wide))  # where each two-byte unit begins
            before = np.searchsorted(leads, flat[:, 0])
            trail = (before > 0) & (leads[np.maximum(before - 1, 0)] == flat[:, 0] - 1)
            flat, before = flat[~trail], before[~trail]
            flat[:, 0] -= before
            flat[:, 1] -= np.searchsorted(leads, flat[:, 1])
        return flat

    def find_codes_list(self, codes: npt.NDArray[np.uint16]) -> Found | list[Any]:
        """`find_codes` as a list, for a short text given as big-endian codes
        (`folding.marked` through `forms_be`). The text is written in the alphabet by dropping
        the zero bytes of its codes, the high bytes of the one-byte codes (~0.8 us for 300
        units, where `np.insert` takes ~20)."""
        data = codes.tobytes().translate(None, b"\x00")  # (bytes.replace takes ~4 us)
        found: list[Any] = self.matcher.find_overlapping(data)
        if not found or len(data) == len(codes):
            return found
        return self._in_units(found, data)

    def _in_units(self, found: list[Any], data: bytes) -> Found:
        """The automaton's matches `found` in `data` (in bytes) in UTF-16 units; those that
        begin at a trail byte (after a lead: no trail is a lead) dropped. A match's offset
        in units is its offset in bytes less the lead bytes before it: counted by deleting
        the others from what comes before it in a short text (~0.6 us a line), found once
        and bisected in a long one (counting anew for each match would be quadratic)."""
        first_lead = 256 - self.leads
        out: Found = []
        if len(data) > _SHORT_DATA:
            leads = [lead.start() for lead in self._lead.finditer(data)]
            for start, end, key in found:
                if start and data[start - 1] >= first_lead:
                    continue  # from a trail byte
                out.append((start - bisect_left(leads, start), end - bisect_left(leads, end),
                            key))
            return out
        not_leads = self._not_leads
        for start, end, key in found:
            if start and data[start - 1] >= first_lead:
                continue  # from a trail byte
            out.append((start - len(data[:start].translate(None, not_leads)),
                        end - len(data[:end].translate(None, not_leads)), key))
        return out
