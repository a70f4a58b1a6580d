"""Machine-readable mention records: JSON lines and TSV (one record per mention)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from steppe_names.model import Mention

TSV_FIELDS = ("file", "start", "end", "text", "id", "canonical", "lang", "how")


def _tsv_cell(value: object) -> str:
    return (str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def mention_lines(mentions: Iterable[Mention], file: str, fmt: str) -> str:
    """The records of `mentions` as text: `fmt` is "jsonl" or "tsv" (no header)."""
    out = []
    for mention in mentions:
        record = {"file": file, **mention.to_dict()}
        if fmt == "jsonl":
            out.append(json.dumps(record, ensure_ascii=False))
        else:
            out.append("\t".join(_tsv_cell(record[k]) for k in TSV_FIELDS))
    return "".join(line + "\n" for line in out)
