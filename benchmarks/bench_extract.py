"""Benchmark (not a timed test): pages/s per core and peak memory of ``extract`` and ``run``,
as ratios against trafilatura alone on the same pages, in the same run.

    .venv/bin/python benchmarks/make_corpus.py            # once: builds benchmarks/corpus/
    .venv/bin/python benchmarks/bench_extract.py [--limit 1000] [--modes ...] [--repeat N]
        [--json OUT]

Every mode runs in a fresh Python process over the same first ``--limit`` pages, so
each peak memory (max RSS) is its own: the main process, and separately the largest
worker process (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``). Resource loading
(gazetteer, lexicons) and cluster start-up happen before the clock starts; they are
reported on their own. So that lexicons compiled at first use (the trigger lexicon takes
seconds) count there and not against the first pages, every mode first reads and codes
one small page of its own (trafilatura mode: reads it); ``--cold`` skips that.

Modes:
  trafilatura        trafilatura.extract(html) on each page: the yardstick
  read               our reader alone (trafilatura with metadata + body clean-up)
  extract            what `conflictcoder extract` does: read, code, write JSONL rows
  extract-local-N    read in this process, code in a local pool of N processes
  warc-local-N       pages sliced from a WARC file here, read *and* coded in N processes
  extract-dask-N     read here, code on a Dask LocalCluster of N worker processes
  warc-dask-N        WARC pages read and coded on a Dask LocalCluster of N processes
  run                what `conflictcoder run` does: read, dedup, code, store, merge
  run-local-N        the same with a local pool of N processes
  run-dask-N         the same on a Dask LocalCluster of N processes

On a shared machine CPU time per page still varies by a third from run to run; with
``--repeat N`` the modes run N times, interleaved, and the table shows each mode's median
run (by CPU per page) with the spread of its ratio to trafilatura over the rounds.

The corpus is built from development data (../shared/gold) and is never committed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
TARGET_RATIO = 2.5
DEFAULT_MODES = (
    "trafilatura", "read", "extract", "extract-local-2", "warc-local-1", "warc-local-2",
    "extract-dask-1", "extract-dask-2", "warc-dask-2", "run", "run-local-2", "run-dask-2",
)
DAY_OF_NEWS = 250_000


# --- the child: one mode, one process ------------------------------------------------------

def _page_lines(corpus: Path, limit: int) -> Iterator[dict[str, object]]:
    shards = sorted((corpus / "pages").glob("part-*.jsonl"))
    lines = (line for shard in shards for line in shard.open(encoding="utf-8"))
    for line in itertools.islice(lines, limit):
        yield json.loads(line)


def _subset_dir(corpus: Path, limit: int, tmp: Path) -> Path:
    """The first ``limit`` pages as JSONL shards (the reader's input for read/extract/run)."""
    out = tmp / "pages"
    out.mkdir()
    handle = None
    for number, row in enumerate(_page_lines(corpus, limit)):
        if number % 400 == 0:
            if handle is not None:
                handle.close()
            handle = (out / f"part-{number // 400:04d}.jsonl").open("w", encoding="utf-8")
        handle.write(json.dumps(row) + "\n")
    if handle is not None:
        handle.close()
    return out


def _warc_pages(corpus: Path, limit: int) -> Iterator[object]:
    from conflictcoder.sources.warc import iter_warc_pages

    return itertools.islice(iter_warc_pages(corpus / "pages.warc.gz"), limit)


def _articles(subset: Path) -> Iterator[object]:
    from conflictcoder.sources.reader import read_inputs

    return read_inputs([str(subset)])


def _engine_of(mode: str) -> tuple[str, int]:
    parts = mode.split("-")
    if len(parts) == 3:
        return parts[1], int(parts[2])
    return "inline", 1


_WARM_HTML = (
    "<html><head><title>Two soldiers killed in Kabul</title></head><body><article>"
    "<h1>Two soldiers killed in Kabul</h1><p>KABUL, March 2 (Reuters) - Gunmen killed two "
    "soldiers and wounded three civilians at a checkpoint in Kabul province on Monday, "
    "police said. The Taliban claimed responsibility for the attack.</p><p>A bomb blast "
    "later injured a policeman near the city, officials said.</p></article></body></html>"
)


def child(mode: str, corpus: Path, limit: int, warm: bool = True) -> dict[str, object]:
    from conflictcoder.export.rows import record_row
    from conflictcoder.model import ArticleResult, Rejection

    tmp = Path(tempfile.mkdtemp(prefix="cc-bench-"))
    subset = _subset_dir(corpus, limit, tmp)
    setup_started = time.perf_counter()
    if mode != "trafilatura":
        from conflictcoder.pipeline import default_resources

        default_resources()
    if warm:
        _warm(reader_only=mode in ("trafilatura", "read"), bare=mode == "trafilatura")
    engine, workers = _engine_of(mode)
    client = cluster = None
    if engine == "dask":
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address="127.0.0.1:0")
        client = Client(cluster)
        # load the resources (and lexicons) in every worker before the clock starts
        client.run(_warm if warm else _load_resources)
    setup = time.perf_counter() - setup_started
    workers_cpu_before = _workers_cpu(client)
    children_before = _children_cpu()
    pages = records = rejected = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    if mode == "trafilatura":
        import trafilatura

        for row in _page_lines(corpus, limit):
            text = trafilatura.extract(str(row["html"]))
            pages += 1
            rejected += not text
    elif mode == "read":
        for item in _articles(subset):
            pages += 1
            rejected += isinstance(item, Rejection)
    elif mode == "extract" or mode.startswith(("extract-", "warc-")):
        from conflictcoder.engines import map_articles

        source = _warc_pages(corpus, limit) if mode.startswith("warc") else _articles(subset)
        results = map_articles(
            source, engine="local" if engine == "inline" else engine,  # type: ignore[arg-type]
            workers=workers, scheduler=client, scope="all-violence",
        )
        with open(os.devnull, "w", encoding="utf-8") as out:
            for result in results:
                pages += 1
                if isinstance(result, Rejection):
                    rejected += 1
                    continue
                assert isinstance(result, ArticleResult)
                for record in result.records:
                    records += 1
                    out.write(json.dumps(record_row(record, result.article)) + "\n")
    elif mode.startswith("run"):
        from conflictcoder.engines import dask_mapper, local_mapper
        from conflictcoder.runner import run_inputs

        mapper = None
        if engine == "dask":
            mapper = dask_mapper(scheduler=client)
        elif engine == "local":
            mapper = local_mapper(workers)
        summary = run_inputs([str(subset)], str(tmp / "bench.db"), scope="all-violence",
                             workers=workers, progress=False, mapper=mapper)
        pages, records, rejected = summary.articles_read, summary.records_new, summary.rejected
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if client is not None:  # a Dask worker's CPU, asked of the worker itself
        workers_cpu = _workers_cpu(client) - workers_cpu_before
        client.close()
    else:  # pool workers have exited and been reaped by now
        workers_cpu = _children_cpu() - children_before
    if cluster is not None:
        cluster.close()
    return {
        "mode": mode, "engine": engine, "workers": workers, "pages": pages,
        "records": records, "rejected": rejected, "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu + workers_cpu, 3), "main_cpu_seconds": round(cpu, 3),
        "setup_seconds": round(setup, 3),
        "max_rss_main_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "max_rss_worker_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _workers_cpu(client: object) -> float:
    if client is None:
        return 0.0
    return float(sum(client.run(_self_cpu).values()))  # type: ignore[attr-defined]


def _load_resources() -> None:
    from conflictcoder.pipeline import default_resources

    default_resources()


def _warm(reader_only: bool = False, bare: bool = False) -> None:
    """Load what the first page would: the resources, and the lexicons each stage
    compiles at first use (one small page read and coded)."""
    if bare:
        import trafilatura

        trafilatura.extract(_WARM_HTML)
        return
    from datetime import date

    from conflictcoder.pipeline import default_resources, extract_article
    from conflictcoder.sources.page import article_from_html

    resources = default_resources()
    article = article_from_html(_WARM_HTML, article_id="warm-up", url="",
                                published=date(2024, 3, 4))
    if article is not None and not reader_only:
        extract_article(article, resources, scope="all-violence")  # type: ignore[arg-type]


# --- the parent: run the modes, compare, project ---------------------------------------------

def run_mode(mode: str, corpus: Path, limit: int, warm: bool = True) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus),
               "--limit", str(limit)] + ([] if warm else ["--cold"])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"mode {mode} failed:\n{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _cpu_per_page(r: dict[str, object]) -> float:
    return float(r["cpu_seconds"]) / max(int(r["pages"]), 1)


def _median_run(runs: list[dict[str, object]]) -> dict[str, object]:
    """The run of median CPU per page (the lower middle one of an even number)."""
    return sorted(runs, key=_cpu_per_page)[(len(runs) - 1) // 2]


def _spread(rounds: list[list[dict[str, object]]]) -> list[str]:
    """Each mode's CPU per page and ratio to trafilatura, round by round."""
    lines = ["per round: ms CPU a page (x trafilatura of the same round)"]
    for i, first in enumerate(rounds[0]):
        cells = []
        for results in rounds:
            r = results[i]
            base = next((b for b in results if b["mode"] == "trafilatura"), None)
            ratio = f" ({_cpu_per_page(r) / _cpu_per_page(base):.2f}x)" if base else ""
            cells.append(f"{_cpu_per_page(r) * 1000:.1f}{ratio}")
        lines.append(f"  {first['mode']:<16} " + ", ".join(cells))
    return lines


def report(results: list[dict[str, object]]) -> list[str]:
    """A table; "per core" and the ratio use CPU seconds (this process and its workers),
    which a busy machine disturbs far less than wall time."""
    by_mode = {str(r["mode"]): r for r in results}
    base = by_mode.get("trafilatura")
    base_cpu = _cpu_per_page(base) if base else None
    lines = [
        f"{'mode':<16} {'pages':>5} {'wall p/s':>8} {'p/cpu-s':>7} {'x trafil.':>9} "
        f"{'RSS main':>8} {'RSS wkr':>7} {'setup s':>7} {'records':>7}",
    ]
    for r in results:
        wall_rate = float(r["pages"]) / max(float(r["seconds"]), 1e-9)
        cpu_rate = 1 / max(_cpu_per_page(r), 1e-9)
        ratio = f"{_cpu_per_page(r) / base_cpu:9.2f}" if base_cpu else f"{'-':>9}"
        lines.append(
            f"{r['mode']:<16} {r['pages']:>5} {wall_rate:8.1f} {cpu_rate:7.1f} {ratio} "
            f"{r['max_rss_main_mb']:>7}M {r['max_rss_worker_mb']:>6}M "
            f"{r['setup_seconds']:>7} {r['records']:>7}"
        )
    cores = os.cpu_count() or 1
    coded = [r for r in results if str(r["mode"]) not in ("trafilatura", "read")]
    if coded:
        best = max(coded, key=lambda r: float(r["pages"]) / float(r["seconds"]))
        wall_rate = float(best["pages"]) / float(best["seconds"])
        cpu_rate = 1 / _cpu_per_page(best)
        all_cores_h = DAY_OF_NEWS / (cpu_rate * cores) / 3600
        lines.append(
            f"projection for {DAY_OF_NEWS:,} articles on this machine ({cores} cores): "
            f"{DAY_OF_NEWS / wall_rate / 3600:.1f} h at the best measured wall rate "
            f"({best['mode']}, {wall_rate:.1f} pages/s); {all_cores_h:.1f} h if all "
            f"{cores} cores ran at its per-core rate ({cpu_rate:.1f} pages/cpu-s)"
        )
    for name in ("extract", "run"):
        if base_cpu and name in by_mode:
            ratio = _cpu_per_page(by_mode[name]) / base_cpu
            verdict = "meets" if ratio <= TARGET_RATIO else "misses"
            lines.append(f"{name}: {ratio:.2f}x the CPU of trafilatura alone per page "
                         f"({verdict} the {TARGET_RATIO}x target)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=1000, help="pages per mode")
    parser.add_argument("--modes", nargs="+", default=list(DEFAULT_MODES))
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the modes this many times, interleaved; report medians")
    parser.add_argument("--cold", action="store_true",
                        help="no warm-up page: lexicons compile on the clock, in the first page")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.limit, warm=not args.cold)))
        return
    if not (args.corpus / "pages").is_dir():
        raise SystemExit(f"no corpus in {args.corpus}: run benchmarks/make_corpus.py first")
    from conflictcoder.pipeline import default_resources

    default_resources()  # build the gazetteer cache once, outside every measurement
    rounds: list[list[dict[str, object]]] = []
    for number in range(args.repeat):
        results = []
        for mode in args.modes:
            result = run_mode(mode, args.corpus, args.limit, warm=not args.cold)
            results.append(result)
            print(f"  round {number + 1}, {mode}: {result['pages']} pages in "
                  f"{result['seconds']} s, {_cpu_per_page(result) * 1000:.1f} ms CPU a page",
                  file=sys.stderr)
        rounds.append(results)
    results = [_median_run([r[i] for r in rounds]) for i in range(len(args.modes))]
    print("\n".join(report(results)))
    if args.repeat > 1:
        print("\n".join(_spread(rounds)))
    if args.json:
        args.json.write_text(json.dumps(rounds if args.repeat > 1 else results, indent=2))


if __name__ == "__main__":
    main()
