"""WARC input: HTML responses become articles; crawl noise is skipped; damage is reported."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conflictcoder.model import Article, Rejection
from conflictcoder.sources.warc import WarcPage, is_warc, iter_warc_pages, read_warc

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>{meta}</head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>{lead}</p>
<p>The district commissioner said rescue teams were still searching the rubble late on
Tuesday and that the toll could rise as more of the wounded were moved to the provincial
hospital.</p>
<p>Residents told reporters they had heard two loud blasts shortly before noon, followed by
gunfire that lasted for nearly half an hour.</p>
</article><footer>Contact us | Privacy</footer></body></html>"""

LEADS = (
    "Gunmen stormed a police checkpoint on the outskirts of Dera Murad Jamali on Tuesday, "
    "killing four officers before fleeing on motorcycles, police said.",
    "A roadside bomb struck a passenger van near the town of Mastung on Tuesday, killing "
    "six people including two children, officials said.",
    "Security forces clashed with militants in the hills north of Turbat on Tuesday, "
    "leaving three soldiers dead, the military said in a statement.",
)


def page(lead: str, *, title: str = "Attack in Balochistan", meta: str = "") -> bytes:
    return PAGE.format(title=title, lead=lead, meta=meta).encode("utf-8")


def http_response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    warc_date: str = "2024-05-14T09:30:00Z",
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers,
        warc_headers_dict={"WARC-Date": warc_date},
    )
    writer.write_record(record)


def write_crawl(path: Path, *, gzip: bool) -> Path:
    """Three news pages among the usual crawl noise (request, image, redirect, 404)."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = writer.create_warc_record(
            "https://news.example.org/a/1", "request", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(
                "GET /a/1 HTTP/1.1", [("Host", "news.example.org")], is_http_request=True
            ),
        )
        writer.write_record(request)
        http_response(writer, "https://news.example.org/a/1", page(LEADS[0]))
        http_response(writer, "https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\nxxxx",
                      content_type="image/png")
        http_response(writer, "https://news.example.org/old", b"", status="301 Moved")
        http_response(writer, "https://news.example.org/missing", page(LEADS[1]),
                      status="404 Not Found")
        http_response(writer, "https://news.example.org/a/2", page(LEADS[1]),
                      warc_date="2024-05-15T01:00:00Z")
        meta = '<meta property="article:published_time" content="2024-05-10T08:00:00Z">'
        http_response(writer, "https://news.example.org/a/3", page(LEADS[2], meta=meta))
    return path


@pytest.mark.parametrize("gzip", [False, True])
def test_read_warc_html_responses_become_articles(tmp_path: Path, gzip: bool) -> None:
    path = write_crawl(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)
    items = list(read_warc(path))
    assert all(isinstance(i, Article) for i in items), items
    urls = [i.url for i in items if isinstance(i, Article)]
    assert urls == [
        "https://news.example.org/a/1", "https://news.example.org/a/2",
        "https://news.example.org/a/3",
    ]
    first = items[0]
    assert isinstance(first, Article)
    assert first.id == "https://news.example.org/a/1"
    assert first.origin == str(path)
    assert "Dera Murad Jamali" in first.text
    assert "Privacy" not in first.text and "Home" not in first.text


def test_read_warc_date_is_the_fallback_publication_date(tmp_path: Path) -> None:
    path = write_crawl(tmp_path / "crawl.warc", gzip=False)
    by_url = {i.url: i for i in read_warc(path, published=date(2020, 1, 1))
              if isinstance(i, Article)}
    assert by_url["https://news.example.org/a/1"].published == date(2024, 5, 14)
    assert by_url["https://news.example.org/a/2"].published == date(2024, 5, 15)
    # the page's own date wins over the crawl date
    assert by_url["https://news.example.org/a/3"].published == date(2024, 5, 10)


def test_iter_warc_pages_defers_parsing(tmp_path: Path) -> None:
    path = write_crawl(tmp_path / "crawl.warc.gz", gzip=True)
    pages = list(iter_warc_pages(path))
    assert [type(p) for p in pages] == [WarcPage] * 3
    assert isinstance(pages[0], WarcPage) and pages[0].body.startswith(b"<!doctype html>")
    loaded = pages[1].load()
    assert isinstance(loaded, Article) and "Mastung" in loaded.text


def test_read_warc_http_charset_is_used(tmp_path: Path) -> None:
    lead = ("Protesters marched through Saint-Étienne on Tuesday against the new security "
            "law, and police fired tear gas near the préfecture, witnesses said.")
    body = PAGE.format(title="Manifestation", lead=lead, meta="").replace(
        '<meta charset="utf-8">', ""
    ).encode("cp1252")
    path = tmp_path / "latin.warc"
    with path.open("wb") as handle:
        http_response(WARCWriter(handle, gzip=False), "https://fr.example.org/1", body,
                      content_type="text/html; charset=windows-1252")
    [article] = list(read_warc(path))
    assert isinstance(article, Article)
    assert "Saint-Étienne" in article.text and "préfecture" in article.text


@pytest.mark.parametrize("gzip", [False, True])
def test_read_warc_truncated_keeps_earlier_records_and_reports(tmp_path: Path, gzip: bool) -> None:
    path = write_crawl(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)
    data = path.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    cut.write_bytes(data[: len(data) - 700])  # inside the last page
    items = list(read_warc(cut))
    articles = [i for i in items if isinstance(i, Article)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [a.url for a in articles] == [
        "https://news.example.org/a/1", "https://news.example.org/a/2",
    ]
    assert len(rejections) == 1
    assert rejections[0].code in {"warc-truncated", "warc-invalid"}
    assert "WARC" in rejections[0].reason


def test_read_warc_cut_inside_record_headers_is_reported(tmp_path: Path) -> None:
    path = write_crawl(tmp_path / "crawl.warc", gzip=False)
    data = path.read_bytes()
    start_of_last = data.rindex(b"WARC/1")
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: start_of_last + 60])
    items = list(read_warc(cut))
    assert len([i for i in items if isinstance(i, Article)]) == 2
    assert isinstance(items[-1], Rejection) and items[-1].code == "warc-truncated"


def test_read_warc_bad_files_are_rejections(tmp_path: Path) -> None:
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a crawl file\nat all\n")
    missing = tmp_path / "missing.warc"
    assert [r.code for r in read_warc(empty)] == ["empty"]  # type: ignore[union-attr]
    assert [r.code for r in read_warc(junk)] == ["warc-invalid"]  # type: ignore[union-attr]
    assert [r.code for r in read_warc(missing)] == ["unreadable"]  # type: ignore[union-attr]


def test_read_warc_oversized_page_is_rejected_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        http_response(writer, "https://news.example.org/huge", page(LEADS[0] * 400))
        http_response(writer, "https://news.example.org/a/2", page(LEADS[1]))
    items = list(read_warc(path, max_bytes=20_000))
    assert isinstance(items[0], Rejection) and items[0].code == "too-large"
    assert items[0].origin == "https://news.example.org/huge"
    assert isinstance(items[1], Article) and "Mastung" in items[1].text


def test_is_warc_by_name_and_by_content(tmp_path: Path) -> None:
    named = write_crawl(tmp_path / "a.warc.gz", gzip=True)
    unnamed = tmp_path / "crawl-0001.gz"
    unnamed.write_bytes(named.read_bytes())
    plain = tmp_path / "crawl-0002.dat"
    plain.write_bytes(write_crawl(tmp_path / "b.warc", gzip=False).read_bytes())
    other = tmp_path / "notes.gz"
    other.write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert is_warc(named) and is_warc(unnamed) and is_warc(plain)
    assert not is_warc(other)
    assert not is_warc(tmp_path / "story.html")


def test_read_inputs_dispatches_a_directory_of_warc_files(tmp_path: Path) -> None:
    from conflictcoder.sources.reader import read_inputs

    write_crawl(tmp_path / "crawl.warc.gz", gzip=True)
    direct = [i for i in read_warc(tmp_path / "crawl.warc.gz") if isinstance(i, Article)]
    via_reader = [i for i in read_inputs([str(tmp_path)]) if isinstance(i, Article)]
    assert direct and [a.url for a in via_reader] == [a.url for a in direct]


def test_read_warc_follows_the_page_limit_in_force(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit the CLI's --max-page-bytes sets applies per record, with a clear message."""
    path = tmp_path / "big.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        http_response(writer, "https://news.example.org/huge", page(LEADS[0] * 400))
        http_response(writer, "https://news.example.org/a/2", page(LEADS[1]))
    monkeypatch.setenv("CONFLICTCODER_MAX_PAGE_BYTES", "20000")
    items = list(read_warc(path))
    assert isinstance(items[0], Rejection) and items[0].code == "too-large"
    assert "over the page size limit of 20,000 bytes" in items[0].reason
    assert "--max-page-bytes" in items[0].reason
    assert isinstance(items[1], Article)
    monkeypatch.setenv("CONFLICTCODER_MAX_PAGE_BYTES", "10000000")
    assert all(isinstance(i, Article) for i in read_warc(path))
