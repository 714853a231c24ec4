"""Build a corpus of realistic news pages for the benchmarks (not committed).

    .venv/bin/python benchmarks/make_corpus.py [--limit N] [--out benchmarks/corpus]

Each development article of ../shared/gold/gva_articles_dev.jsonl.gz is wrapped in
page chrome like a local news site's: head with scripts and styles, navigation,
breadcrumbs, headline, byline and date, the report in paragraphs, a photo caption,
share buttons, tags, an author bio, a "More For You" list, comments teaser and a big
footer (about 23 KB a page: a real article page without its ad and tracking code).

Written to ``--out`` (it ignores itself in git: the gold texts are measured here,
never committed):

- ``pages/part-NNNN.jsonl``: one page a line, ``{"id", "html", "published", "url",
  "title"}``, in shards of ``--shard`` pages (the reader takes files of up to 20 MB)
- ``pages.warc.gz``: the same pages as WARC responses, among request records and
  image responses, as a crawl would hold them
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import io
import json
import random
from collections.abc import Iterator
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "gva_articles_dev.jsonl.gz"
DEFAULT_OUT = Path(__file__).resolve().parent / "corpus"

SECTIONS = ("Home", "Local", "Crime", "Politics", "Business", "Sports", "Weather",
            "Entertainment", "Opinion", "Obituaries", "Traffic", "Education", "Health",
            "Video", "Contests", "Contact us")
# Invented filler headlines: page furniture around the report, never report text.
RELATED = (
    "City council approves new budget for road repairs",
    "Weekend forecast: sunshine returns after days of rain",
    "High school team advances to state semifinal",
    "Five things to do in town this weekend",
    "New bakery opens downtown to long lines",
    "Library extends opening hours for summer",
    "Local farmers market moves to new location",
    "Gas prices dip ahead of holiday travel",
    "Museum unveils restored mural after two-year project",
    "Commuters face lane closures on the interstate",
    "School board names new superintendent",
    "Animal shelter waives adoption fees this month",
    "Restaurant inspections: who passed and who did not",
    "Marathon brings road closures on Sunday",
    "Hospital opens new wing for children",
)
TAGS = ("crime", "police", "local news", "public safety", "courts", "community")
OUTLETS = (("WKXT News 4", "wkxt4.example.com"), ("The Valley Courier", "valleycourier.example"),
           ("Metro Daily Star", "metrodailystar.example.net"))


def _style_block(rng: random.Random) -> str:
    rules = []
    for i in range(120):
        rules.append(f".c{i}-{rng.randint(100, 999)}{{margin:{rng.randint(0, 20)}px;"
                     f"padding:{rng.randint(0, 12)}px;color:#{rng.randint(0, 0xFFFFFF):06x}}}")
    return "<style>" + "".join(rules) + "</style>"


def _script_block(rng: random.Random) -> str:
    calls = "".join(
        f"window.dataLayer.push({{'event':'view','slot':'{rng.randint(1000, 9999)}',"
        f"'pos':{i}}});" for i in range(60)
    )
    return ("<script>window.dataLayer=window.dataLayer||[];" + calls +
            "function lazy(){var e=document.querySelectorAll('img[data-src]');"
            "for(var i=0;i<e.length;i++){e[i].src=e[i].dataset.src;}}</script>")


def _links(items: tuple[str, ...], host: str, cls: str) -> str:
    return "".join(
        f'<li class="{cls}"><a href="https://{host}/{html.escape(i.lower().replace(" ", "-"))}">'
        f"{html.escape(i)}</a></li>" for i in items
    )


def page(row: dict[str, object], number: int) -> tuple[str, str, str]:
    """(html, url, title) of one article wrapped in page chrome."""
    rng = random.Random(number)
    outlet, host = OUTLETS[number % len(OUTLETS)]
    title = str(row.get("title") or "").split(" - ")[0].strip() or "Local news"
    content = str(row.get("content") or "")
    published = str(row.get("dct") or "")
    slug = hashlib.sha1(f"{number}".encode()).hexdigest()[:10]
    url = f"https://{host}/news/{published[:4] or '2016'}/{slug}"
    paragraphs = [p.strip() for p in content.split("\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    related = rng.sample(RELATED, 6)
    more = rng.sample(RELATED, 5)
    byline = rng.choice(("Staff report", "By Jordan Ellis", "By Sam Ortega", "By Casey Lin"))
    doc = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {outlet}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{published}T08:00:00-05:00">
<link rel="canonical" href="{url}">{_style_block(rng)}{_script_block(rng)}</head>
<body class="article-page"><div id="top-bar"><a href="/subscribe">Subscribe</a>
<a href="/login">Sign in</a><span>Weather: {rng.randint(20, 95)}&deg;F</span></div>
<header class="site-header"><a class="logo" href="https://{host}/">{outlet}</a>
<nav class="main-nav"><ul>{_links(SECTIONS, host, "nav-item")}</ul></nav></header>
<div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/local">Local</a>
&rsaquo; <a href="/crime">Crime</a></div>
<main><article class="story"><h1 class="headline">{html.escape(title)}</h1>
<div class="byline"><span class="author">{byline}</span>
<time datetime="{published}">{published}</time></div>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
<figure><img data-src="/img/{slug}.jpg" alt=""><figcaption>File photo. ({outlet})
</figcaption></figure>
<div class="story-body">{body}</div>
<div class="tags">Tags: {" ".join(f'<a href="/tag/{t}">{t}</a>' for t in rng.sample(TAGS, 3))}
</div>
<aside class="author-bio"><p>{byline.replace("By ", "")} covers public safety for {outlet}.
Send tips to newsroom@{host}.</p></aside></article>
<section class="related"><h2>Related stories</h2><ul>{_links(tuple(related), host, "rel")}
</ul></section>
<section class="more-for-you"><h2>More For You</h2><ul>{_links(tuple(more), host, "more")}
</ul></section>
<section class="comments"><h2>Comments</h2><p>Comments are closed for this story.</p>
</section></main>
<aside class="sidebar"><h3>Most read</h3><ol>{_links(tuple(rng.sample(RELATED, 8)), host, "mr")}
</ol><div class="ad-slot" data-slot="{rng.randint(1000, 9999)}"></div></aside>
<footer class="site-footer"><ul>{_links(SECTIONS, host, "foot")}</ul>
<p>&copy; {published[:4]} {outlet}. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a> |
<a href="/ethics">Ethics policy</a> | <a href="/careers">Careers</a></p></footer>
{_script_block(rng)}</body></html>"""
    return doc, url, title


def gold_rows(limit: int | None) -> Iterator[dict[str, object]]:
    with gzip.open(GOLD, "rt", encoding="utf-8") as src:
        for number, line in enumerate(src):
            if limit is not None and number >= limit:
                return
            yield json.loads(line)


def write_warc_record(writer: object, url: str, body: bytes, content_type: str,
                      warc_date: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders

    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(  # type: ignore[attr-defined]
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers,
        warc_headers_dict={"WARC-Date": warc_date},
    )
    writer.write_record(record)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-warc", action="store_true", help="skip the WARC file")
    parser.add_argument("--shard", type=int, default=400, help="pages per JSONL file")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / ".gitignore").write_text("# built from ../shared/gold: never commit\n*\n")
    writer = None
    warc_handle = None
    if not args.no_warc:
        from warcio.warcwriter import WARCWriter

        warc_handle = (args.out / "pages.warc.gz").open("wb")
        writer = WARCWriter(warc_handle, gzip=True)
    pages = total_bytes = 0
    shard_dir = args.out / "pages"
    shard_dir.mkdir(exist_ok=True)
    for old in shard_dir.glob("part-*.jsonl"):
        old.unlink()
    jsonl = None
    for number, row in enumerate(gold_rows(args.limit)):
        if number % args.shard == 0:
            if jsonl is not None:
                jsonl.close()
            jsonl = (shard_dir / f"part-{number // args.shard:04d}.jsonl").open(
                "w", encoding="utf-8")
        doc, url, title = page(row, number)
        published = str(row.get("dct") or "") or None
        jsonl.write(json.dumps({"id": f"page-{number}", "html": doc, "published": published,
                                "url": url, "title": title}) + "\n")
        pages += 1
        total_bytes += len(doc.encode("utf-8"))
        if writer is not None:
            date = f"{published or '2016-01-01'}T12:00:00Z"
            write_warc_record(writer, url, doc.encode("utf-8"), "text/html; charset=utf-8",
                              date)
            if number % 5 == 0:  # crawl noise among the pages
                write_warc_record(writer, url.rsplit("/", 1)[0] + "/logo.png",
                                  b"\x89PNG\r\n\x1a\n" + bytes(512), "image/png", date)
    if jsonl is not None:
        jsonl.close()
    if warc_handle is not None:
        warc_handle.close()
    print(f"{pages} pages, {total_bytes / max(pages, 1) / 1024:.1f} KB a page on average, "
          f"in {args.out}")


if __name__ == "__main__":
    main()
