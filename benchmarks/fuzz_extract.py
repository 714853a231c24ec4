"""Fuzz the reader and ``extract`` with generated and mutated pages, texts and JSONL.

    .venv/bin/python benchmarks/fuzz_extract.py [--inputs 100000] [--seed 1] [--workers 2]
        [--hang-seconds 10] [--save-corpus 200] [--out benchmarks/corpus/fuzz]

Every input is made from (seed, index) alone, so any failure is reproduced with
``--only INDEX``. Each input goes through what ``conflictcoder extract`` does: bytes ->
reader (encoding, binary sniffing, HTML or text or JSONL) -> ``extract_article`` for
every article. An input fails when:

- crash: the reader or a stage raised (the batch would have turned a stage's exception
  into a Rejection, but it is still a bug);
- hang: it ran longer than ``--hang-seconds`` (the time budget interrupts it), and
  again when run alone after the run (a machine busy with other work starves inputs);
- invariant: a record broke a rule (a span outside the text, an event after
  publication, a negative count, low <= best <= high broken, an unknown event type, a row
  that is not JSON).

Prints inputs tried, failures by kind, rate and peak memory; failing inputs and a sample
of the generated corpus are written under ``--out`` (git-ignored). Exit status 1 when
anything failed. ``tests/test_fuzz.py`` runs a short seeded version.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import random
import resource
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from importlib import resources as package_files
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from conflictcoder.export.rows import record_row
from conflictcoder.limits import BudgetExceeded, cap_article, time_budget
from conflictcoder.model import Article, EventRecord, Rejection
from conflictcoder.sources.reader import read_bytes
from conflictcoder.taxonomy import is_valid_pair

OUT = Path(__file__).resolve().parent / "corpus" / "fuzz"

# --- material, written for this generator ---------------------------------------------------

PLACES = ("Quetta", "Nushki", "Kabul", "Mogadishu", "Goma", "Kharkiv", "Maiduguri", "Bijapur",
          "Djibo", "El Fasher", "Marib", "Kirkuk", "Chilapa", "Sagaing", "Lubero", "Gao",
          "Birnin Gwari", "Port-au-Prince", "Aleppo", "Kidal", "Tal Afar", "São Paulo",
          "Zhytomyr", "Nowhere Creek", "Springfield", "Paris", "Lagos", "Dhaka", "Niger",
          "Georgia", "Jordan", "Chad", "Police", "Mali", "Congo", "Sudan", "Timbuktu")
ACTORS = ("gunmen", "the Taliban", "BLA fighters", "al-Shabaab militants", "police",
          "the army", "soldiers", "M23 rebels", "Houthi forces", "the RSF", "protesters",
          "a mob", "unidentified attackers", "Boko Haram", "ISWAP", "the military junta",
          "security forces", "villagers", "students", "a drone", "Russian forces", "JNIM",
          "Islamic State", "the IS-K", "Maoists", "cartel gunmen", "a suicide bomber")
VERBS = ("killed", "attacked", "shelled", "bombed", "ambushed", "abducted", "arrested",
         "injured", "wounded", "clashed with", "stormed", "burned", "looted", "shot dead",
         "protested against", "marched through", "captured", "retook", "struck", "fired on")
COUNTS = ("three", "at least 12", "more than 20", "dozens of", "hundreds of", "0", "1",
          "-5", "99999999999999999999999", "1,000,000", "3,50,000", "2.5", "10 to 15",
          "between 5 and 500000000", "twenty-two", "a dozen", "scores of", "tens of",
          "٣", "３", "Ⅻ", "²", "1e9", "NaN", "one hundred and one", "no", "several",
          "40,000", "a 12-year-old", "2026", "1999", "18", "11 or 12")
WHO = ("people", "civilians", "soldiers", "policemen", "militants", "children", "protesters",
       "officers", "fighters", "workers", "students", "villagers", "troops")
WHEN = ("on Sunday", "late on Monday (2)", "Saturday (31)", "last week", "yesterday",
        "on March 31", "on Feb. 30", "on 31/02/2026", "in 9999", "in the year 0",
        "on Tuesday night", "earlier this month", "in January last year", "on 2026-13-45",
        "two days ago", "on Friday, Dec. 32", "tomorrow", "next week", "in 1066",
        "on the 31st", "this morning", "on Jan. 1, 0001", "on 12 March 2026")
SOURCES = ("a police spokesman said", "officials said", "the group claimed",
           "hospital sources said", "(Reuters)", "(AP) —", "AFP reported",
           "residents told reporters", "the ministry said in a statement", "")
NOISE = ("\u200b", "\u200f", "\u202e", "\u2028", "\u0085", "\ufeff", "\u00ad", "\u00a0",
         "\u0301", "😀", "中文", "العربية", "Ελληνικά", "\ufffd", "\\", "\"", "'", "“", "”",
         "(", ")", "[", "]", "{", "}", "<", ">", "&", ";", "...", "—", "–", "-", "\t",
         "\r\n", "\n\n", "\r", "$", "%", "#", "@", "\x0c", "ﬁ", "İ", "ß", "Σ", "\U0010ffff")
ENTITIES = ("&amp;", "&nbsp;", "&lt;", "&#0;", "&#x0;", "&#1114112;", "&#xD800;", "&#x110000;",
            "&bogus;", "&#99999999999;", "&", "&#", "&#x;", "&mdash;", "&#8217;")
ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1",
             "koi8-r", "cp1251", "shift_jis", "gb18030", "utf-8-sig", "iso-8859-7", "cp437")
MAGIC = (b"\x1f\x8b", b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"BZh", b"\x00",
         b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"WARC/1.0\r\n", b"RIFF", b"\x7fELF")
DATES = ("2026-03-09", "2026-03-09T08:00:00Z", "0001-01-01", "9999-12-31", "2026-13-45",
         "tomorrow", "", "1970-01-01", "2026-02-29", "2024-02-29", "not a date", "20260309",
         "2026-03-09T25:61:00", "1900-01-01", "2199-12-31", "-2026-01-01")


@dataclass(frozen=True, slots=True)
class FuzzInput:
    index: int
    fmt: str  # what the reader is told: auto, html, text, jsonl
    data: bytes
    origin: str
    published: date | None


def _samples() -> list[str]:
    folder = package_files.files("conflictcoder") / "samples"
    pages = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".html", ".jsonl")):
            pages.append(entry.read_text(encoding="utf-8"))
    return pages


_SAMPLES: list[str] | None = None


def samples() -> list[str]:
    global _SAMPLES
    if _SAMPLES is None:
        _SAMPLES = _samples()
    return _SAMPLES


# --- generators -----------------------------------------------------------------------------

def sentence(rng: random.Random) -> str:
    parts = [rng.choice(ACTORS).capitalize(), rng.choice(VERBS), rng.choice(COUNTS),
             rng.choice(WHO), "in", rng.choice(PLACES), rng.choice(WHEN)]
    if rng.random() < 0.5:
        parts.append(rng.choice(SOURCES))
    if rng.random() < 0.2:
        parts.insert(rng.randrange(len(parts)), rng.choice(NOISE))
    if rng.random() < 0.1:
        parts.insert(rng.randrange(len(parts)), rng.choice(COUNTS) + " " + rng.choice(WHO))
    return " ".join(p for p in parts if p) + rng.choice((".", ".", ".", "!", "?", "", ";"))


def text_of(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.choice((1, 1, 2, 3, 5, 8))):
        paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 4))))
    joiner = rng.choice(("\n\n", "\n", " ", "\r\n\r\n", "\n\n\n"))
    return joiner.join(paragraphs)


def mutate_text(rng: random.Random, text: str) -> str:
    for _ in range(rng.choice((0, 1, 1, 2, 4, 8))):
        if not text:
            text = rng.choice(NOISE)
        op = rng.randrange(9)
        i = rng.randrange(len(text) + 1)
        j = min(len(text), i + rng.randint(0, 40))
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:i] + text[i:j] * rng.randint(2, 20) + text[j:]
        elif op == 2:
            text = text[:i] + rng.choice(NOISE) * rng.randint(1, 30) + text[i:]
        elif op == 3:
            text = text[:i] + chr(rng.randrange(0x20, 0x3000)) + text[i:]
        elif op == 4:
            text = text[:i] + rng.choice(COUNTS) + " " + rng.choice(WHO) + text[i:]
        elif op == 5:
            text = text[:i] + rng.choice(WHEN) + text[i:]
        elif op == 6:
            text = text[:i]
        elif op == 7:
            text = text[:i] + text[i:j].upper() + text[j:]
        else:
            text = text[:i] + " " + rng.choice(PLACES) + " " + rng.choice(ACTORS) + text[i:]
    return text


def _attrs(rng: random.Random) -> str:
    names = ("class", "id", "itemprop", "style", "data-x", "onclick", "href", "lang")
    values = ("related", "byline", "caption", "article-body", "nav", "footer", "content",
              "x" * rng.choice((1, 50, 5000)), "\"'<>", "&amp;&bogus;", "")
    return "".join(f' {rng.choice(names)}="{rng.choice(values)}"'
                   for _ in range(rng.choice((0, 0, 1, 2, 3))))


def html_of(rng: random.Random, text: str) -> str:
    tags = ("p", "div", "span", "section", "article", "b", "i", "a", "li", "td", "blockquote",
            "h2", "figure", "figcaption", "aside", "nav", "footer", "script", "style", "table",
            "br", "img", "svg", "noscript", "template", "main", "font", "center", "xmp")
    body = []
    for paragraph in text.split("\n"):
        tag = rng.choice(tags) if rng.random() < 0.3 else "p"
        opened = "".join(f"<{rng.choice(tags)}{_attrs(rng)}>"
                         for _ in range(rng.choice((0, 0, 1, 3, 12))))
        if rng.random() < 0.2:
            paragraph = paragraph.replace(" ", f" {rng.choice(ENTITIES)} ", 1)
        body.append(f"{opened}<{tag}{_attrs(rng)}>{paragraph}</{tag}>")
        if rng.random() < 0.1:
            body.append(rng.choice(("<!--", "-->", "<![CDATA[", "]]>", "</div>", "<", "</",
                                    "<p", "<script>", "</body>", "<html>", "<?php ?>")))
    depth = rng.choice((0, 0, 0, 5, 50, 300))
    inner = "<div>" * depth + "".join(body) + "</div>" * rng.choice((0, depth))
    head = []
    if rng.random() < 0.6:
        head.append(f"<title>{mutate_text(rng, sentence(rng))}</title>")
    if rng.random() < 0.5:
        head.append(f'<meta property="article:published_time" content="{rng.choice(DATES)}">')
    if rng.random() < 0.3:
        head.append(f'<meta charset="{rng.choice((*ENCODINGS, "bogus", "utf-7", ""))}">')
    if rng.random() < 0.2:
        head.append('<script type="application/ld+json">'
                    + rng.choice((f'{{"datePublished": "{rng.choice(DATES)}"}}',
                                  '{"@type": "NewsArticle", "author": {"name": [1, 2]}}',
                                  "{broken", '[{"headline": null}]'))
                    + "</script>")
    if rng.random() < 0.3:
        head.append(f'<meta property="og:site_name" content="The {rng.choice(PLACES)} Ledger">')
    doctype = rng.choice(("<!doctype html>", "", '<?xml version="1.0"?>',
                          "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]>"))
    html = f"{doctype}<html><head>{''.join(head)}</head><body>{inner}</body></html>"
    if rng.random() < 0.1:
        html = html[: rng.randrange(len(html) + 1)]  # truncated download
    return html


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice((1, 2, 4, 16))):
        op = rng.randrange(5)
        i = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(i, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:
            buf[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 2:
            del buf[i : i + rng.randint(1, 64)]
        elif op == 3:
            buf[i:i] = rng.choice(MAGIC)
        else:
            buf[i:i] = buf[i : i + rng.randint(1, 200)] * rng.randint(1, 5)
    return bytes(buf)


def encode(rng: random.Random, text: str) -> bytes:
    encoding = rng.choice(ENCODINGS) if rng.random() < 0.3 else "utf-8"
    data = text.encode(encoding, errors="replace")
    if encoding in ("utf-16-le", "utf-16-be") and rng.random() < 0.5:
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    return data


def jsonl_of(rng: random.Random) -> str:
    lines = []
    ids = ["a", "b", "1", "2", ""]
    for _ in range(rng.randint(1, 6)):
        obj: dict[str, Any] = {}
        if rng.random() < 0.9:
            obj["id"] = rng.choice((*ids, 3, None, True, 1.5, [1], {"x": 1},
                                    rng.choice(NOISE) * 3, "x" * 500))
        body = text_of(rng)
        key = rng.choice(("text", "text", "html", "body"))
        obj[key] = html_of(rng, body) if key == "html" else mutate_text(rng, body)
        if rng.random() < 0.2:
            obj["text"] = rng.choice((42, None, [], {"a": 1}, "", " "))
        if rng.random() < 0.7:
            obj["published"] = rng.choice((*DATES, None, 20260309, ["2026-03-09"]))
        for name in ("url", "title", "source"):
            if rng.random() < 0.3:
                obj[name] = rng.choice(("https://x.example/a", 7, None, sentence(rng)))
        line = json.dumps(obj, ensure_ascii=rng.random() < 0.5)
        if rng.random() < 0.1:
            line = line[: rng.randrange(len(line) + 1)]
        if rng.random() < 0.05:
            line = rng.choice(("[" * 5000, "1" * 5000, "null", "[]", '"str"', "{}", "\ud800"))
        lines.append(line)
    return rng.choice(("\n", "\r\n", "\n\n")).join(lines)


def make_input(seed: int, index: int) -> FuzzInput:
    """The input number ``index`` of the run seeded ``seed``: always the same bytes."""
    rng = random.Random(seed * 1_000_003 + index)
    kind = rng.random()
    # The reader keeps publication dates within 1900-2199: the extremes are tried here.
    published = rng.choice((date(2026, 3, 9), date(2026, 3, 9), None, date(1900, 1, 1),
                            date(2199, 12, 31), date(2000, 2, 29)))
    if kind < 0.35:
        fmt, text = rng.choice(("text", "auto")), mutate_text(rng, text_of(rng))
        data = encode(rng, text)
    elif kind < 0.65:
        fmt, text = rng.choice(("html", "auto")), html_of(rng, mutate_text(rng, text_of(rng)))
        data = encode(rng, text)
    elif kind < 0.8:
        fmt, data = rng.choice(("jsonl", "auto")), jsonl_of(rng).encode("utf-8", "surrogatepass")
    else:  # a shipped sample page or text, mutated
        page = rng.choice(samples())
        fmt = "jsonl" if page.lstrip().startswith("{") else "html"
        if rng.random() < 0.5:
            page = mutate_text(rng, page)
        data = page.encode("utf-8", "surrogatepass")
    if rng.random() < 0.15:
        data = mutate_bytes(rng, data)
    if rng.random() < 0.02:
        data = gzip.compress(data, mtime=0)  # no time stamp: the same input from the same seed
    return FuzzInput(index, fmt, data, f"fuzz-{seed}-{index}", published)


# --- checking -------------------------------------------------------------------------------

@dataclass(slots=True)
class Outcome:
    index: int
    seconds: float = 0.0
    articles: int = 0
    records: int = 0
    rejections: Counter[str] = field(default_factory=Counter)
    failure: str = ""  # "", "crash", "hang", "invariant"
    detail: str = ""


def invariant_errors(article: Article, record: EventRecord) -> list[str]:
    """The rules every record must keep, whatever the input."""
    errors = []
    for span in record.spans():
        if span.article_id != article.id or not 0 <= span.start <= span.end <= len(article.text):
            errors.append(f"span {span} outside the text ({len(article.text)} characters)")
    if record.date.start > record.date.end:
        errors.append(f"date starts after it ends: {record.date}")
    if article.published is not None and record.date.end > article.published:
        errors.append(f"event after publication: {record.date.end} > {article.published}")
    counts = ("fatalities", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low",
              "best", "high")
    for name in counts:
        if getattr(record, name) < 0:
            errors.append(f"{name} is negative: {getattr(record, name)}")
    if not record.low <= record.best <= record.high:
        errors.append(f"low <= best <= high broken: {record.low}, {record.best}, {record.high}")
    for figure in (*record.figures, *record.claims):
        if not 0 <= figure.low <= figure.best <= figure.high:
            errors.append(f"figure out of order: {figure.low}, {figure.best}, {figure.high}")
    if not is_valid_pair(record.event_type, record.sub_event_type):
        errors.append(f"unknown event type: {record.event_type} / {record.sub_event_type}")
    try:
        json.dumps(record_row(record, article), allow_nan=False, ensure_ascii=False).encode()
    except (TypeError, ValueError, UnicodeError) as exc:
        errors.append(f"row is not JSON: {exc}")
    return errors


def check(item: FuzzInput, hang_seconds: float, resources: Any = None) -> Outcome:
    from conflictcoder.pipeline import extract_article

    out = Outcome(item.index)
    started = time.monotonic()
    try:
        with time_budget(hang_seconds, "the input"):
            for got in read_bytes(item.data, item.origin, input_format=item.fmt,
                                  published=item.published):
                if isinstance(got, Rejection):
                    out.rejections[got.code] += 1
                    continue
                out.articles += 1
                article = cap_article(got)
                result = extract_article(article, resources)
                out.records += len(result.records)
                for record in result.records:
                    errors = invariant_errors(article, record)
                    if errors:
                        out.failure, out.detail = "invariant", "; ".join(errors[:3])
    except BudgetExceeded:
        out.failure, out.detail = "hang", f"over {hang_seconds:g} s"
    except Exception:
        out.failure, out.detail = "crash", traceback.format_exc(limit=12)
    out.seconds = time.monotonic() - started
    return out


# --- the run --------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(seed: int, hang_seconds: float, quiet: bool = True) -> None:
    import logging

    from conflictcoder.pipeline import default_resources, extract_article

    if quiet:
        logging.disable(logging.WARNING)  # capped-text warnings, by the thousand
    resources = default_resources()
    warm = Article("warm", "Gunmen killed two police officers in Quetta on Sunday.",
                   published=date(2026, 3, 9))
    extract_article(warm, resources)  # compile the lexicons before any input is timed
    _WORKER.update(seed=seed, hang=hang_seconds, resources=resources)


def _work(index: int) -> Outcome:
    item = make_input(_WORKER["seed"], index)
    return check(item, _WORKER["hang"], _WORKER["resources"])


@dataclass(slots=True)
class Summary:
    tried: int = 0
    articles: int = 0
    records: int = 0
    rejections: Counter[str] = field(default_factory=Counter)
    failures: list[Outcome] = field(default_factory=list)
    slowest: list[tuple[float, int]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        self.tried += 1
        self.articles += outcome.articles
        self.records += outcome.records
        self.rejections.update(outcome.rejections)
        if outcome.failure:
            self.failures.append(outcome)
        self.slowest = sorted([*self.slowest, (outcome.seconds, outcome.index)], reverse=True)[:5]

    def by_kind(self) -> Counter[str]:
        return Counter(f.failure for f in self.failures)


def fuzz(count: int, seed: int = 1, *, workers: int = 1, hang_seconds: float = 10.0,
         start: int = 0, progress: bool = False, out: Path | None = None) -> Summary:
    """Try inputs ``start`` .. ``start + count`` of ``seed``; failures are saved under ``out``
    as they happen, so a run stopped early keeps what it found."""
    summary = Summary()
    began = time.monotonic()
    indices = range(start, start + count)

    def take(outcome: Outcome) -> None:
        summary.add(outcome)
        if outcome.failure and out is not None:
            save_failure(outcome, seed, out)
        if progress and summary.tried % 1000 == 0:
            elapsed = time.monotonic() - began
            kinds = summary.by_kind()
            print(f"{summary.tried:,}/{count:,} inputs in {elapsed:.0f} s "
                  f"({summary.tried / elapsed:.1f}/s): {summary.articles:,} articles, "
                  f"{summary.records:,} records; crashes {kinds['crash']}, hangs "
                  f"{kinds['hang']}, invariants {kinds['invariant']}",
                  file=sys.stderr, flush=True)

    if workers <= 1:
        _init_worker(seed, hang_seconds, quiet=False)
        for outcome in map(_work, indices):
            take(outcome)
    else:
        context = get_context("fork")
        with context.Pool(workers, _init_worker, (seed, hang_seconds)) as pool:
            for outcome in pool.imap_unordered(_work, indices, chunksize=16):
                take(outcome)
    summary.seconds = time.monotonic() - began
    return summary


def recheck_hangs(summary: Summary, seed: int, hang_seconds: float) -> list[int]:
    """Run every hang again, alone in this process: one that now finishes in time was
    starved of CPU (other work on the machine), not hung. Those are dropped from the
    failures; their indices are returned."""
    hangs = [f for f in summary.failures if f.failure == "hang"]
    if not hangs:
        return []
    _init_worker(seed, hang_seconds)
    transient = []
    for outcome in hangs:
        again = check(make_input(seed, outcome.index), hang_seconds, _WORKER["resources"])
        if again.failure != "hang":
            transient.append(outcome.index)
            summary.failures.remove(outcome)
    return transient


def signature(outcome: Outcome) -> str:
    """What a failure is, to count alike ones once: the kind, the last project frame, the error."""
    if outcome.failure != "crash":
        return outcome.failure
    lines = outcome.detail.strip().splitlines()
    frames = [ln.strip() for ln in lines if ln.strip().startswith("File ") and "/src/" in ln]
    return f"crash at {frames[-1] if frames else '?'}: {lines[-1][:120] if lines else ''}"


def save_failure(outcome: Outcome, seed: int, out: Path) -> None:
    item = make_input(seed, outcome.index)
    failures = out / "failures"
    failures.mkdir(parents=True, exist_ok=True)
    stem = failures / f"{seed}-{outcome.index}-{outcome.failure}"
    stem.with_suffix(".input").write_bytes(item.data)
    stem.with_suffix(".txt").write_text(
        f"format {item.fmt}, published {item.published}\n{outcome.detail}\n")


def save_corpus(seed: int, out: Path, corpus: int) -> None:
    if corpus:
        inputs = out / "inputs"
        inputs.mkdir(parents=True, exist_ok=True)
        for index in range(corpus):
            item = make_input(seed, index)
            (inputs / f"{seed}-{index}.{item.fmt}").write_bytes(item.data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first input index")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hang-seconds", type=float, default=10.0)
    parser.add_argument("--save-corpus", type=int, default=0, metavar="N",
                        help="also write the first N generated inputs")
    parser.add_argument("--only", type=int, default=None, metavar="INDEX",
                        help="run one input and print what happened")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.only is not None:
        _init_worker(args.seed, args.hang_seconds, quiet=False)
        item = make_input(args.seed, args.only)
        print(f"format {item.fmt}, {len(item.data)} bytes, published {item.published}")
        print(item.data[:2000])
        print(_work(args.only))
        return 0
    save_corpus(args.seed, args.out, args.save_corpus)
    summary = fuzz(args.inputs, args.seed, workers=args.workers,
                   hang_seconds=args.hang_seconds, start=args.start, progress=True,
                   out=args.out)
    transient = recheck_hangs(summary, args.seed, args.hang_seconds)
    kinds = summary.by_kind()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    peak = max(peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    print(f"inputs tried: {summary.tried:,} (seed {args.seed}, from {args.start}) in "
          f"{summary.seconds:.0f} s: {summary.tried / max(summary.seconds, 1e-9):.0f} inputs/s "
          f"on {args.workers} workers")
    print(f"articles read: {summary.articles:,}; records: {summary.records:,}; rejections: "
          + ", ".join(f"{code} {n:,}" for code, n in summary.rejections.most_common()))
    print(f"failures: {len(summary.failures)} (crashes {kinds['crash']}, hangs {kinds['hang']}, "
          f"invariants {kinds['invariant']})")
    print("slowest inputs: " + ", ".join(f"#{i} {s:.2f} s" for s, i in summary.slowest))
    print(f"peak memory of one process: {peak} MB")
    if transient:
        print(f"{len(transient)} inputs ran over {args.hang_seconds:g} s under load but not "
              f"alone (not counted): " + ", ".join(f"#{i}" for i in transient[:20]))
    signatures = Counter(signature(f) for f in summary.failures)
    for sig, n in signatures.most_common():
        print(f"  {n:>5} x {sig}")
    for outcome in summary.failures[:5]:
        print(f"--- #{outcome.index} {outcome.failure}: {outcome.detail.strip()[-600:]}")
    if summary.failures:
        print(f"failing inputs written to {args.out / 'failures'}")
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
