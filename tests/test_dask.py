"""The cluster route: dask bags and DataFrames on a two-process LocalCluster give exactly what
Normalizer gives, and the Index reaches each worker process once."""

from __future__ import annotations

import importlib
import logging
import os
import pickle
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

dask = pytest.importorskip("dask")
db = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import cloudpickle  # noqa: E402  (comes with dask)

from steppe_names import Normalizer  # noqa: E402
from steppe_names.dask import (  # noqa: E402
    IndexShipment,
    _annotate_texts,
    annotate_bag,
    annotate_frame,
    normalize_bag,
    reset_shipping_stats,
    ship_index,
    shipping_stats,
)

TEXTS = [
    # en
    "Putin flew to Ulan Bator for the anniversary.",
    "The Battles of Khalkhin Gol ended in September 1939.",
    "Talks in Улаанбаатар and at Khalkhyn Gol.",
    "Putin met Хүрэлсүх in ウランバートル.",
    "No names here at all.",
    "",
    # ru
    "В Улан-Баторе Путина встретил Хүрэлсүх.",
    "Бои на Халхин-Голе начались в мае.",
    "Переговоры прошли в Улан Баторе.",
    "СССР и Монголия подписали договор.",
    "Путин прилетел в Улан-Батор.",
    # mn
    "Ерөнхийлөгч У.Хүрэлсүх Улаанбаатарт ОХУ-ын Ерөнхийлөгч В.Путинтэй уулзав.",
    "Хүрэлсүхтэй уулзав",
    "Халх голын тулалдаан",
    "Улаанбаатараас Токио руу нисэв.",
    # ja
    "ウランバートルで会談した。",
    "安倍晋三元首相はウランバートルでモンゴルの大統領と会談した。",
    "ノモンハン事件は1939年に起きた。",
    "ハルハ河の戦い",
    "東京からウランバートルへ",
    "Ulan Bator → Улаанбаатар → ウランバートル",
]
PARTITIONS = 7


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None, silence_logs=logging.ERROR)
    with cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def bag() -> Any:
    texts = db.from_sequence(TEXTS, npartitions=PARTITIONS)
    assert texts.npartitions >= 4
    return texts


def _stats(client: Any) -> dict[str, dict[str, int]]:
    return dict(client.run(shipping_stats))


def _heavy_values(collection: Any, index_size: int) -> int:
    """How many values in the collection's graph are at least half the size of the Index."""
    graph = dict(collection.__dask_graph__())
    return sum(len(cloudpickle.dumps(value)) > index_size // 2 for value in graph.values())


def test_the_texts_have_mentions(normalizer: Normalizer) -> None:
    assert sum(bool(normalizer.annotate(text)) for text in TEXTS) >= 17


def test_annotate_bag_is_annotate(client: Any, bag: Any, normalizer: Normalizer) -> None:
    guessed, russian = dask.compute(annotate_bag(bag), annotate_bag(bag, normalizer, lang="ru"))
    assert guessed == [[m.to_dict() for m in normalizer.annotate(text)] for text in TEXTS]
    assert russian == [[m.to_dict() for m in normalizer.annotate(text, "ru")] for text in TEXTS]


def test_normalize_bag_is_normalize(client: Any, bag: Any, normalizer: Normalizer) -> None:
    targets = ("en", "ru", "mn", "ja")
    results = dask.compute(*(normalize_bag(bag, to=to) for to in targets),
                           normalize_bag(bag, normalizer.index, to="ru", lang="mn"))
    for to, got in zip(targets, results, strict=False):
        assert got == [normalizer.normalize(text, to) for text in TEXTS], to
    assert results[-1] == [normalizer.normalize(text, "ru", "mn") for text in TEXTS]


def _frame() -> Any:
    texts = [*TEXTS, None]
    return pd.DataFrame({"id": range(len(texts)), "body": texts})


def test_annotate_frame_adds_the_columns(client: Any, normalizer: Normalizer) -> None:
    frame = dd.from_pandas(_frame(), npartitions=4)
    annotated = annotate_frame(frame, "body", to="ru")
    assert list(annotated.columns) == ["id", "body", "body_mentions", "body_normalized"]
    only_mentions = annotate_frame(frame, "body", lang="en")
    assert list(only_mentions.columns) == ["id", "body", "body_mentions"]
    got, got_en = dask.compute(annotate_frame(frame, "body", to="ru"), only_mentions)
    assert list(got.columns) == ["id", "body", "body_mentions", "body_normalized"]
    assert list(got["id"]) == list(range(len(TEXTS) + 1))
    rows = got.iloc[:len(TEXTS)]
    assert list(rows["body_mentions"]) == [
        [m.to_dict() for m in normalizer.annotate(text)] for text in TEXTS]
    assert list(rows["body_normalized"]) == [normalizer.normalize(text, "ru") for text in TEXTS]
    assert list(got_en["body_mentions"].iloc[:len(TEXTS)]) == [
        [m.to_dict() for m in normalizer.annotate(text, "en")] for text in TEXTS]
    missing = got.iloc[len(TEXTS)]
    assert missing["body_mentions"] is None
    assert pd.isna(missing["body_normalized"])
    with pytest.raises(KeyError, match="no column 'text'"):
        annotate_frame(frame, "text")
    # a column that is not text is said to be so (it gave None mentions in every row)
    with pytest.raises(TypeError, match="column 'id' is of dtype int64, not text"):
        annotate_frame(frame, "id", to="ru")
    with dask.config.set({"dataframe.convert-string": False}):  # (else dask makes "7")
        mixed = dd.from_pandas(pd.DataFrame({"body": ["Ulan Bator", 7, None]}), npartitions=1)
        with pytest.raises(TypeError, match="column 'body' holds a int"):
            annotate_frame(mixed, "body").compute()


def test_annotate_frame_on_a_categorical_column(client: Any, normalizer: Normalizer) -> None:
    frame = dd.from_pandas(pd.DataFrame({"body": pd.Categorical(TEXTS[:8])}), npartitions=2)
    got = annotate_frame(frame, "body", lang="ru", to="ru").compute()
    assert list(got["body_normalized"]) == [normalizer.normalize(t, "ru", "ru") for t in TEXTS[:8]]


def test_the_graph_holds_the_index_once(bag: Any, normalizer: Normalizer) -> None:
    index_size = len(pickle.dumps(normalizer.index))
    assert index_size > 100_000
    frame = dd.from_pandas(_frame(), npartitions=4)
    assert _heavy_values(annotate_bag(bag), index_size) == 1
    assert _heavy_values(normalize_bag(bag, to="ru"), index_size) == 1
    assert _heavy_values(annotate_frame(frame, "body", to="en"), index_size) == 1
    # the control: passed as a plain argument, the Index is in every partition's task
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = bag.map_partitions(lambda part, shipment: list(part),
                                   IndexShipment(normalizer.index))
        assert _heavy_values(plain, index_size) == bag.npartitions


def test_each_worker_process_gets_the_index_once(client: Any, bag: Any,
                                                 normalizer: Normalizer) -> None:
    many = db.from_sequence(TEXTS * 4, npartitions=16)
    client.run(reset_shipping_stats)
    assert many.npartitions >= 8
    assert annotate_bag(many).compute() == [
        [m.to_dict() for m in normalizer.annotate(text)] for text in TEXTS * 4]
    stats = _stats(client)
    assert len({s["pid"] for s in stats.values()} - {os.getpid()}) == 2  # two other processes
    assert sum(s["partitions"] for s in stats.values()) == many.npartitions
    busy = [s for s in stats.values() if s["partitions"]]
    assert any(s["partitions"] >= 2 for s in busy)
    for s in busy:
        assert s["index_arrivals"] == 1, stats
        assert s["normalizers_built"] <= 1, stats  # 0 when an earlier test built it

    # the control: passed as a plain argument, the Index arrives with every task
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = many.map_partitions(_annotate_texts, IndexShipment(normalizer.index), None)
        assert len(plain.compute()) == len(TEXTS) * 4
    after = _stats(client)
    for worker, s in after.items():
        arrivals = s["index_arrivals"] - stats[worker]["index_arrivals"]
        assert arrivals == s["partitions"] - stats[worker]["partitions"], after
        assert s["normalizers_built"] <= 1, after  # the Normalizer is kept per process


def test_a_scattered_index_is_reused(client: Any, bag: Any, normalizer: Normalizer) -> None:
    shipped = ship_index(normalizer, client)
    client.run(reset_shipping_stats)
    frame = dd.from_pandas(_frame(), npartitions=3)
    mentions, normalized = dask.compute(annotate_bag(bag, shipped),
                                        normalize_bag(bag, shipped, to="mn"))
    annotated = annotate_frame(frame, "body", shipped, to="ja").compute()
    assert mentions == [[m.to_dict() for m in normalizer.annotate(text)] for text in TEXTS]
    assert normalized == [normalizer.normalize(text, "mn") for text in TEXTS]
    assert list(annotated["body_normalized"].iloc[:len(TEXTS)]) == [
        normalizer.normalize(text, "ja") for text in TEXTS]
    stats = _stats(client)
    # The scattered Index is already on every worker. The scheduler may still move a copy
    # (work stealing under load, a replica lost), but never one per task: at most one
    # arrival per worker, while every partition was processed.
    assert all(s["index_arrivals"] <= 1 for s in stats.values()), stats
    assert sum(s["partitions"] for s in stats.values()) >= 2 * bag.npartitions + 3


def test_without_dask_the_import_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in sys.modules if n == "dask" or n.startswith("dask.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.delitem(sys.modules, "steppe_names.dask")
    with pytest.raises(ImportError, match=r"pip install 'steppe-names\[dask\]'"):
        importlib.import_module("steppe_names.dask")
