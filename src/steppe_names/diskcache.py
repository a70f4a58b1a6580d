"""The on-disk cache: where compiled Indexes and the scan's tables over the BMP are kept.

The scan's NumPy ways read a few tables with an entry per BMP code point: how folding and
marking word starts and ends write each character (`folding._vector_tables`), which
characters the boundary rules refuse at a name's edges (`scripts.edge_refusals`) and which
are capitals (`scan._upper`). Made from Python's Unicode database and the rule files, they
cost ~0.3 s per process; read from here, ~7 ms. So the first process on a machine makes them,
and every later one, every `--jobs` worker that loads NumPy on its own included, reads them.

A table's file name holds a hash of everything it is made from: the package version, the
rule files, the Python, Unicode, `regex` and NumPy versions, and the source of the modules
that make the tables. Changing any of them makes new files; nothing stale is ever read. A
file that cannot be read back (damaged, cut short, of another shape) is made again and
rewritten; a cache folder that cannot be written to only costs the time of making the table.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from steppe_names import __version__
from steppe_names.atomic import write_bytes

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

TABLES_FORMAT = "1"  # bump when a table's layout changes without its makers' source changing
# the modules whose source makes the tables (their bytes are part of each file's name)
_MAKERS = ("folding", "scripts", "scan")


def cache_dir() -> Path:
    """Where compiled indexes are cached: $STEPPE_NAMES_CACHE, else the user cache folder."""
    explicit = os.environ.get("STEPPE_NAMES_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "steppe-names"


@cache
def tables_fingerprint() -> str | None:
    """A hash of everything the BMP tables are made from (None: a maker's source cannot be
    read, as from a zip without sources; then tables are made in each process)."""
    import numpy
    import regex

    from steppe_names._data import rules_fingerprint

    digest = hashlib.sha256()
    for part in (TABLES_FORMAT, __version__, sys.version, unicodedata.unidata_version,
                 regex.__version__, numpy.__version__, rules_fingerprint()):
        digest.update(part.encode() + b"\0")
    folder = Path(__file__).parent
    for name in _MAKERS:
        try:
            digest.update((folder / f"{name}.py").read_bytes())
        except OSError:
            return None
    return digest.hexdigest()[:32]


def bmp_table(name: str, make: Callable[[], npt.NDArray[Any]], dtype: type[np.generic],
              shape: tuple[int, ...]) -> npt.NDArray[Any]:
    """The table `name` (of `dtype` and `shape`): read from the cache folder, or made by
    `make()` and written there (atomically) for the next process. A file that does not read
    back as such a table is made again."""
    import numpy as np

    fingerprint = tables_fingerprint()
    if fingerprint is None:
        return make()
    path = cache_dir() / f"bmp-{name}-{fingerprint}.npy"
    try:
        table: npt.NDArray[Any] = np.load(path, allow_pickle=False)
        if table.dtype == dtype and table.shape == shape:
            return table
    except (OSError, ValueError, EOFError):
        pass  # not there yet, or damaged: made again below
    table = make()
    buffer = io.BytesIO()
    np.save(buffer, table, allow_pickle=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, buffer.getvalue())
    except OSError:
        pass  # a cache folder that cannot be written: the next process makes it again
    return table
