"""Profile the pipeline (not a timed test): where the time of `extract` goes.

    .venv/bin/python benchmarks/profile_pipeline.py [--limit 300] [--top 25]

Runs reading (trafilatura) and every per-article stage under cProfile over the first
``--limit`` pages of benchmarks/corpus/ (build it with make_corpus.py), then prints:

1. time by stage: the share of each pipeline step, timed around each call;
2. time by module: own time summed per source file (ours, and libraries by package);
3. the top functions by own time and by cumulative time.

One small page is read and coded before the profiler starts, so that lexicons compiled at
first use (seconds, once per process) do not show as per-page work; ``--cold`` keeps them.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import pstats
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"


def load_pages(corpus: Path, limit: int) -> list[dict[str, Any]]:
    shards = sorted((corpus / "pages").glob("part-*.jsonl"))
    lines = (line for shard in shards for line in shard.open(encoding="utf-8"))
    return [json.loads(line) for line in itertools.islice(lines, limit)]


def timed_stages(stage_time: Counter[str]) -> list[tuple[Any, str, Callable[..., Any]]]:
    """Wrap each stage function the pipeline calls, summing wall time per stage."""
    import conflictcoder.pipeline as pipeline

    # Every stage function the pipeline module imported (the wiring changes; this follows it).
    names = sorted(
        name for name, value in vars(pipeline).items()
        if callable(value) and getattr(value, "__module__", "").startswith("conflictcoder.stages")
    )
    originals = []
    for name in names:
        original = getattr(pipeline, name)

        def wrapper(*args: Any, _f: Callable[..., Any] = original, _n: str = name,
                    **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return _f(*args, **kwargs)
            finally:
                stage_time[_n] += time.perf_counter() - started

        setattr(pipeline, name, wrapper)
        originals.append((pipeline, name, original))
    return originals


def module_of(filename: str) -> str:
    if "/conflictcoder/" in filename:
        return "conflictcoder/" + filename.split("/conflictcoder/", 1)[1]
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins"
    return "stdlib"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--scope", default="all-violence")
    parser.add_argument("--cold", action="store_true", help="profile first-use compiles too")
    parser.add_argument("--stats", type=Path, default=None,
                        help="also save the raw cProfile stats here (for pstats/snakeviz)")
    args = parser.parse_args()

    from conflictcoder.pipeline import default_resources, extract_article
    from conflictcoder.sources.page import article_from_html

    resources = default_resources()
    if not args.cold:
        from bench_extract import _warm

        _warm()
    pages = load_pages(args.corpus, args.limit)
    stage_time: Counter[str] = Counter()
    originals = timed_stages(stage_time)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for row in pages:
        t0 = time.perf_counter()
        published = date.fromisoformat(str(row["published"])) if row.get("published") else None
        article = article_from_html(str(row["html"]), article_id=str(row["id"]),
                                    url=str(row.get("url") or ""), published=published)
        stage_time["read (trafilatura + clean-up)"] += time.perf_counter() - t0
        if article is not None:
            extract_article(article, resources, scope=args.scope)  # type: ignore[arg-type]
    profiler.disable()
    total = time.perf_counter() - started
    for module, name, original in originals:
        setattr(module, name, original)

    print(f"{len(pages)} pages in {total:.1f} s under the profiler "
          f"({total / max(len(pages), 1) * 1000:.0f} ms a page)\n")
    print("time by stage (wall, under the profiler):")
    for name, seconds in stage_time.most_common():
        print(f"  {seconds / total:6.1%}  {seconds:7.2f} s  {name}")

    stats = pstats.Stats(profiler)
    if args.stats:
        stats.dump_stats(str(args.stats))
    by_module: Counter[str] = Counter()
    for (filename, _line, _func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        by_module[module_of(filename)] += tottime
    print("\nown time by module:")
    for module, seconds in by_module.most_common(args.top):
        print(f"  {seconds / total:6.1%}  {seconds:7.2f} s  {module}")

    print("\ntop functions by own time:")
    stats.sort_stats("tottime").print_stats(args.top)
    print("top functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
