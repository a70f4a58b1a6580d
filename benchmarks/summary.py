"""The compact table printed at the end of a benchmark run (from `support.RESULTS`).

Throughputs are MB of UTF-8 input per second, median and best round. The ratios use the best
rounds: on a shared machine a round slowed down by another process says nothing about the
code, and the best round is the steadier estimate of what the code costs.
"""

from __future__ import annotations

from benchmarks.support import RESULTS, compare_size

_COMPARE = [
    ("compare:annotate", "annotate (whole corpus, one call)"),
    ("compare:annotate-exact", "annotate, exact forms only (fuzzy=False)"),
    ("compare:annotate-lines", "annotate (one call per line)"),
    ("compare:annotate-many", "annotate_many (the lines as documents, batched)"),
    ("compare:normalize", "normalize to en"),
    ("compare:normalize-jobs1", "normalize a file to a file (--jobs 1)"),
    ("compare:normalize-jobs2", "the same, 2 workers reading their own ranges (--jobs 2)"),
    ("compare:normalize-jobs2-stdin", "the same from stdin (the parent cuts the bytes)"),
    ("compare:normalize-jobs2-stream", "the same, str chunks through pipes (library)"),
    ("compare:normalize-apart2", "two --jobs 1 at once, apart (both files' MB)"),
    ("compare:flashtext", "flashtext extract_keywords(span_info=True)"),
    ("compare:aho-raw", "ahocorasick_rs LeftmostLongest, raw"),
    ("compare:aho-ll-filter", "ahocorasick_rs LeftmostLongest + boundary filter"),
    ("compare:aho-standard-filter", "ahocorasick_rs Standard + filter + leftmost-longest"),
    ("compare:casefold", "str.casefold() alone (the floor)"),
]

_RATIOS = [
    ("annotate / flashtext", "compare:annotate", "compare:flashtext", ">= 4"),
    ("annotate exact / flashtext", "compare:annotate-exact", "compare:flashtext", ">= 4"),
    ("annotate exact / aho Standard+filter", "compare:annotate-exact",
     "compare:aho-standard-filter", ">= 0.8"),
    ("annotate / aho Standard+filter", "compare:annotate", "compare:aho-standard-filter",
     ">= 0.8"),
    ("annotate / aho LeftmostLongest+filter", "compare:annotate", "compare:aho-ll-filter", ""),
    ("annotate / aho raw scan", "compare:annotate", "compare:aho-raw", "stretch: >= 1"),
    ("annotate_many / annotate per line", "compare:annotate-many", "compare:annotate-lines",
     ""),
    ("normalize / annotate", "compare:normalize", "compare:annotate", ">= 1/1.3 = 0.77"),
    ("normalize --jobs 2 / --jobs 1", "compare:normalize-jobs2", "compare:normalize-jobs1",
     ">= 1.7 on 2 cores"),
    ("two --jobs 1 at once / one (the ceiling)", "compare:normalize-apart2",
     "compare:normalize-jobs1", ""),
    ("normalize --jobs 2 / that ceiling", "compare:normalize-jobs2", "compare:normalize-apart2",
     ""),
    ("normalize --jobs 2 from stdin / --jobs 1", "compare:normalize-jobs2-stdin",
     "compare:normalize-jobs1", ""),
    ("normalize_parallel (str pipes) / --jobs 1", "compare:normalize-jobs2-stream",
     "compare:normalize-jobs1", ""),
]


def _get(case: str, field: str) -> float | None:
    value = RESULTS.get(case, {}).get(field)
    return float(value) if value else None


def _ratio(a: str, b: str, field: str = "best MB/s") -> float | None:
    x, y = _get(a, field), _get(b, field)
    return x / y if x and y else None


def _fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _size_label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def _sized(prefix: str) -> list[tuple[float, dict[str, float]]]:
    return sorted((float(k[len(prefix):]), v) for k, v in RESULTS.items()
                  if k.startswith(prefix))


def summary_lines() -> list[str]:
    if not RESULTS:
        return []
    if not any("s" in numbers for numbers in RESULTS.values()):
        return ["timings disabled (--benchmark-disable): nothing to summarise"]
    lines: list[str] = []
    size = compare_size()
    if any(case in RESULTS for case, _ in _COMPARE):
        meta = RESULTS.get("compare:annotate", {})
        lines.append(f"{_size_label(size)}-entry glossary, {meta.get('MB', 0):.1f} MB mixed "
                     f"corpus, {int(meta.get('inserted', 0))} names inserted")
        lines.append(f"  {'case':<52} {'median':>7} {'best':>7} MB/s  {'matches':>8}")
        for case, label in _COMPARE:
            if case in RESULTS:
                found = RESULTS[case].get("found")
                lines.append(f"  {label:<52} {_fmt(_get(case, 'MB/s')):>7} "
                             f"{_fmt(_get(case, 'best MB/s')):>7}       "
                             + (f"{int(found):>8}" if found is not None else ""))
        lines.append("  ratios of the best rounds (target):")
        for label, a, b, target in _RATIOS:
            lines.append(f"    {label:<40} {_fmt(_ratio(a, b), 2):>6}"
                         + (f"   ({target})" if target else ""))
    by_size = _sized("size:annotate:")
    if by_size:
        cells = ", ".join(f"{_size_label(int(n))} {_fmt(v.get('best MB/s'))}"
                          for n, v in by_size)
        lines.append(f"annotate by glossary size, best MB/s: {cells}")
        first, last = by_size[0][1].get("best MB/s"), by_size[-1][1].get("best MB/s")
        if first and last and len(by_size) > 1:
            lines.append(f"  {_size_label(int(by_size[-1][0]))} / "
                         f"{_size_label(int(by_size[0][0]))}: {last / first:.2f}   "
                         f"(target: 0.8-1.2)")
    side = _sized("size:side-by-side:")
    if len(side) > 1:
        cells = ", ".join(f"{_size_label(int(n))} {_fmt(v.get('best MB/s'))}" for n, v in side)
        first, last = side[0][1].get("best MB/s"), side[-1][1].get("best MB/s")
        lines.append(f"  side by side in one process, in turns, best MB/s: {cells}")
        if first and last:
            lines.append(f"  {_size_label(int(side[-1][0]))} / {_size_label(int(side[0][0]))} "
                         f"side by side: {last / first:.2f}   (target: 0.8-1.2)")
    standard = _sized("size:standard:")
    if standard:
        cells = ", ".join(f"{_size_label(int(n))} {_fmt(v.get('best MB/s'))}"
                          for n, v in standard)
        lines.append(f"aho Standard+filter by glossary size, best MB/s: {cells}")
    by_input = _sized("input:annotate:")
    if by_input:
        cells = ", ".join(f"{v.get('MB', 0):.1f} MB {_fmt(v.get('best MB/s'))}"
                          for _, v in by_input)
        lines.append(f"annotate by input size ({_size_label(size)} glossary), best MB/s: "
                     f"{cells}   (linear: equal MB/s)")
    builds = _sized("index:build:")
    if builds:
        lines.append("Index  entries       keys  build s  peak RSS MiB (growth) worker MiB  "
                     "cache MiB  load s  automaton s (MiB)  glossary hash s")
        for n, v in builds:
            load = RESULTS.get(f"index:load:{int(n)}", {})
            growth = f"(+{_fmt(v.get('rss_growth_mib'), 0)})"
            lines.append(
                f"  {_size_label(int(n)):>13} {int(v.get('keys', 0)):>10,} "
                f"{_fmt(v.get('s')):>8} {_fmt(v.get('peak_rss_mib'), 0):>13} {growth:>8} "
                f"{_fmt(v.get('children_peak_rss_mib'), 0):>10} "
                f"{_fmt(v.get('cache_mib'), 0):>10} {_fmt(load.get('s'), 2):>7} "
                f"{_fmt(load.get('matcher_s'), 2):>8} ({_fmt(load.get('matcher_mib'), 0)}) "
                f"{_fmt(load.get('fingerprint_s'), 2):>8}")
        rebuilt = [(n, v) for n, v in builds if "rebuild_s" in v]
        if rebuilt:
            lines.append("  the build again after one term of one entry changed (its chunk "
                         "compiled, the others read back): " + ", ".join(
                             f"{_size_label(int(n))} {_fmt(v['rebuild_s'])} s "
                             f"({_fmt(v.get('chunks_mib'), 0)} MiB of chunks kept)"
                             for n, v in rebuilt))
    cold, warm = RESULTS.get("cli:cold", {}), RESULTS.get("cli:warm", {})
    if cold or warm:
        lines.append(f"CLI `steppe-names normalize FILE` to first output (median): cold "
                     f"{_fmt(cold.get('s'), 2)} s, warm {_fmt(warm.get('s'), 2)} s")
    for case in sorted(k for k in RESULTS if k.startswith("translit:steppe:")):
        label = case.split(":", 2)[2]
        other = f"translit:iuliia:{label}"
        lines.append(f"transliteration {label}, best MB/s: steppe-names "
                     f"{_fmt(_get(case, 'best MB/s'))}"
                     + (f", iuliia {_fmt(_get(other, 'best MB/s'))}" if other in RESULTS
                        else ""))
    return lines
