"""Cluster route: annotate and normalize dask collections (install the `dask` extra).

`annotate_bag` and `normalize_bag` map a `dask.bag.Bag` of texts; `annotate_frame` adds
mention (and normalized-text) columns to a dask DataFrame through `map_partitions`. They run on
any dask scheduler; on a `dask.distributed` cluster the compiled `Index` is shipped to each
worker process once per computation, not once per partition:

* the Index goes into the task graph as a single key (`steppe-names-index-<fingerprint>`)
  that every partition task depends on, so it is serialized once and each worker process
  receives (unpickles) it once — or pass `ship_index(normalizer, client)` to broadcast it to
  every worker with `client.scatter` and reuse it across computations;
* each process builds one `Normalizer` per Index fingerprint and keeps it, so the
  Aho-Corasick automaton is built once per worker process, not per task.

(dask's local "processes" scheduler, the default for bags without a Client, sends a task's
inputs with every task, so there the Index travels once per partition; the Normalizer is still
built once per process. Use a `distributed.Client`, even on one machine, for large jobs.)

`shipping_stats()` reports, for the process it runs in, how often the Index arrived and how
many Normalizers were built (`client.run(shipping_stats)` asks every worker).

>>> import dask.bag as db
>>> from steppe_names.dask import annotate_bag, normalize_bag
>>> texts = db.from_sequence(["Putin flew to Ulan Bator.", "Бои на Халхин-Голе."],
...                          npartitions=2)
>>> normalize_bag(texts, to="en").compute(scheduler="sync")
['Putin flew to Ulaanbaatar.', 'Battles of Khalkhin Gol.']
>>> [[m["id"] for m in mentions] for mentions in annotate_bag(texts).compute(scheduler="sync")]
[['vladimir-putin', 'ulaanbaatar'], ['battles-of-khalkhin-gol']]
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

try:
    import dask.bag
    from dask.delayed import delayed
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "steppe_names.dask needs dask: pip install 'steppe-names[dask]'") from error

from steppe_names.api import Normalizer, default_normalizer
from steppe_names.compile import Index
from steppe_names.model import Mention, checked_language

if TYPE_CHECKING:
    import dask.dataframe

__all__ = [
    "IndexShipment",
    "annotate_bag",
    "annotate_frame",
    "normalize_bag",
    "reset_shipping_stats",
    "ship_index",
    "shipping_stats",
]


class IndexShipment:
    """The Index as it travels in a task graph: unpickling it is counted per process.

    Built by `ship_index`; the tasks receive it and look up the process's Normalizer for it.
    """

    __slots__ = ("index",)

    def __init__(self, index: Index) -> None:
        self.index = index

    def __reduce__(self) -> tuple[Any, tuple[Index]]:
        return (_arrive, (self.index,))

    def __repr__(self) -> str:
        return f"IndexShipment({self.index.fingerprint[:12]}, {len(self.index.entries)} entries)"


_lock = threading.Lock()
_normalizers: dict[str, Normalizer] = {}  # Index fingerprint -> this process's Normalizer
_stats = {"index_arrivals": 0, "normalizers_built": 0, "partitions": 0}


def _arrive(index: Index) -> IndexShipment:
    """Unpickling an IndexShipment: count it, and reuse a Normalizer's Index already here."""
    with _lock:
        _stats["index_arrivals"] += 1
        known = _normalizers.get(index.fingerprint)
    return IndexShipment(known.index if known is not None else index)


def _normalizer_for(shipment: IndexShipment) -> Normalizer:
    """This process's Normalizer for the shipped Index (built on first use, then kept)."""
    fingerprint = shipment.index.fingerprint
    with _lock:
        _stats["partitions"] += 1
        normalizer = _normalizers.get(fingerprint)
        if normalizer is None:
            normalizer = _normalizers[fingerprint] = Normalizer(shipment.index)
            _stats["normalizers_built"] += 1
        return normalizer


def shipping_stats() -> dict[str, int]:
    """Counters for the process this runs in (run it on every worker: `client.run`).

    `index_arrivals`: how many times an Index was unpickled here; `normalizers_built`: how many
    Normalizers (hence automata) this process built; `partitions`: partitions it processed;
    `pid`: the process id.

    >>> sorted(shipping_stats())
    ['index_arrivals', 'normalizers_built', 'partitions', 'pid']
    """
    with _lock:
        return {**_stats, "pid": os.getpid()}


def reset_shipping_stats() -> None:
    """Zero this process's counters (the Normalizers it built are kept)."""
    with _lock:
        for name in _stats:
            _stats[name] = 0


def _resolve(normalizer: Normalizer | Index | None) -> Index:
    if normalizer is None:
        return default_normalizer().index
    if isinstance(normalizer, Index):
        return normalizer
    return normalizer.index


def ship_index(normalizer: Normalizer | Index | None = None, client: Any = None) -> Any:
    """The Index of `normalizer` (default: `default_normalizer()`) ready to pass to the
    functions of this module as `normalizer=`.

    Without `client`: a `dask.delayed` object, one graph key named after the Index
    fingerprint (what the functions do by themselves). With a `distributed.Client`: a Future
    from `client.scatter(..., broadcast=True)`, copied to every worker now and reusable by
    later computations for as long as you keep the Future.
    """
    shipment = IndexShipment(_resolve(normalizer))
    if client is not None:
        return client.scatter(shipment, broadcast=True, hash=False)
    return delayed(shipment, name=f"steppe-names-index-{shipment.index.fingerprint[:32]}",
                   pure=True, traverse=False)


def _shipped(normalizer: Normalizer | Index | Any | None) -> Any:
    """`normalizer` as a graph argument: a Normalizer or Index is wrapped in one delayed key;
    what `ship_index` returned (a Delayed or a Future) is passed through."""
    if normalizer is None or isinstance(normalizer, (Normalizer, Index)):
        return ship_index(normalizer)
    return normalizer


def _mention_dicts(mentions: Iterable[Mention]) -> list[dict[str, object]]:
    return [mention.to_dict() for mention in mentions]


def _annotate_texts(texts: Iterable[str], shipment: IndexShipment,
                    lang: str | None) -> list[list[dict[str, object]]]:
    normalizer = _normalizer_for(shipment)
    return [_mention_dicts(found) for found in normalizer.annotate_many(texts, lang)]


def _normalize_texts(texts: Iterable[str], shipment: IndexShipment, to: str,
                     lang: str | None) -> list[str]:
    normalizer = _normalizer_for(shipment)
    return list(normalizer.normalize_many(texts, to, lang))


def annotate_bag(bag: dask.bag.Bag, normalizer: Normalizer | Index | Any | None = None,
                 lang: str | None = None) -> dask.bag.Bag:
    """Each text of `bag` -> the list of its mentions as dicts (`Mention.to_dict()`).

    `normalizer`: a Normalizer or Index (default: `default_normalizer()`), or what
    `ship_index` returned. `lang`: the documents' language, as for `Normalizer.annotate`.
    The result for each text is exactly `[m.to_dict() for m in normalizer.annotate(text,
    lang)]`.

    Example (on a distributed cluster, or any other scheduler)::

        import dask.bag as db
        from dask.distributed import Client
        from steppe_names.dask import annotate_bag

        client = Client()                       # or Client("scheduler-address:8786")
        lines = db.read_text("corpus/*.txt").str.rstrip("\\n")
        mentions = annotate_bag(lines, lang="ru").flatten()
        mentions.map(lambda m: m["id"]).frequencies().topk(10, key=1).compute()
    """
    checked_language(lang)  # now, not in every partition on the workers
    map_partitions: Callable[..., dask.bag.Bag] = bag.map_partitions
    return map_partitions(_annotate_texts, _shipped(normalizer), lang)


def normalize_bag(bag: dask.bag.Bag, normalizer: Normalizer | Index | Any | None = None,
                  to: str = "en", lang: str | None = None) -> dask.bag.Bag:
    """Each text of `bag` -> `normalizer.normalize(text, to, lang)`.

    `normalizer` as for `annotate_bag`; `to`: the language to normalize to (en, ru, mn, ja).

    Example::

        import dask.bag as db
        from steppe_names.dask import normalize_bag

        lines = db.read_text("corpus/*.txt").str.rstrip("\\n")
        normalize_bag(lines, to="ru").to_textfiles("out/*.txt", last_endline=True)
    """
    checked_language(to, "to", optional=False)  # now, not in every partition on the workers
    checked_language(lang)
    map_partitions: Callable[..., dask.bag.Bag] = bag.map_partitions
    return map_partitions(_normalize_texts, _shipped(normalizer), to, lang)


def _pandas() -> Any:
    """The pandas module (it comes with dask.dataframe; imported lazily, untyped)."""
    try:
        return importlib.import_module("pandas")
    except ImportError as error:  # pragma: no cover - exercised only without the extra
        raise ImportError("annotate_frame needs dask.dataframe and pandas: "
                          "pip install 'steppe-names[dask]'") from error


def _annotate_partition(part: Any, shipment: IndexShipment, column: str, lang: str | None,
                        to: str | None, mentions_column: str, normalized_column: str) -> Any:
    """One pandas partition of `annotate_frame`."""
    pd = _pandas()
    normalizer = _normalizer_for(shipment)
    values = list(part[column])
    texts = [text for text in values if isinstance(text, str)]  # None, NaN, pd.NA: no text
    scanned = iter(normalizer.annotate_many(texts, lang))  # in batches: a call per row costs
    found: list[list[dict[str, object]] | None] = []
    normalized: list[object] = []
    for text in values:
        if not isinstance(text, str):  # no text, no mentions
            if pd.isna(text) is not True:
                raise TypeError(f"column {column!r} holds a {type(text).__name__} "
                                f"({text!r}), not text: annotate_frame reads a text column")
            found.append(None)
            normalized.append(text)
            continue
        mentions = next(scanned)
        found.append(_mention_dicts(mentions))
        if to is not None:
            normalized.append(normalizer.render(text, mentions, to, lang))
    columns = {mentions_column: pd.Series(found, index=part.index, dtype=object)}
    if to is not None:
        columns[normalized_column] = pd.Series(normalized, index=part.index,
                                               dtype=_text_dtype(pd, part[column].dtype))
    return part.assign(**columns)


def _text_dtype(pd: Any, dtype: Any) -> Any:
    """The dtype of the normalized column: that of the text column (its categories' dtype
    for a categorical column, whose categories the normalized texts are not among)."""
    return dtype.categories.dtype if isinstance(dtype, pd.CategoricalDtype) else dtype


def annotate_frame(df: dask.dataframe.DataFrame, column: str,
                   normalizer: Normalizer | Index | Any | None = None,
                   lang: str | None = None, to: str | None = None) -> dask.dataframe.DataFrame:
    """`df` with a `<column>_mentions` column (object dtype: each row's mentions as a list of
    dicts, as `annotate_bag` gives them) and, when `to` is given, a `<column>_normalized`
    column (the text normalized to `to`, with the dtype of `column`). Each row gets exactly
    what `normalizer.annotate(text, lang)` and `normalizer.normalize(text, to, lang)` give.

    Runs through `df.map_partitions`, with the Index passed as one delayed key (see the
    module docstring). Missing texts (None, NaN, pd.NA) get None mentions and stay missing.

    Example::

        import dask.dataframe as dd
        from steppe_names.dask import annotate_frame

        articles = dd.read_parquet("articles/")           # a "body" text column
        articles = annotate_frame(articles, "body", lang="ru", to="en")
        articles[["id", "body_normalized"]].to_parquet("normalized/")
        mentions = articles["body_mentions"].explode().dropna()
    """
    checked_language(lang)  # now, not in every partition on the workers
    checked_language(to, "to")
    pd = _pandas()
    if column not in df.columns:
        raise KeyError(f"no column {column!r} in the DataFrame (columns: {list(df.columns)})")
    dtype = df._meta[column].dtype
    text_dtype = _text_dtype(pd, dtype)
    if not (pd.api.types.is_object_dtype(text_dtype) or pd.api.types.is_string_dtype(
            text_dtype)):  # (a number column gave None mentions in every row, silently)
        raise TypeError(f"column {column!r} is of dtype {dtype}, not text: annotate_frame "
                        f"reads a column of str")
    mentions_column = f"{column}_mentions"
    normalized_column = f"{column}_normalized"
    empty = df._meta
    meta_columns = {mentions_column: pd.Series([], index=empty.index, dtype=object)}
    if to is not None:
        meta_columns[normalized_column] = pd.Series(
            [], index=empty.index, dtype=_text_dtype(pd, empty[column].dtype))
    meta = empty.assign(**meta_columns)
    map_partitions: Callable[..., dask.dataframe.DataFrame] = df.map_partitions
    return map_partitions(_annotate_partition, _shipped(normalizer), column=column, lang=lang,
                          to=to, mentions_column=mentions_column,
                          normalized_column=normalized_column, meta=meta)
