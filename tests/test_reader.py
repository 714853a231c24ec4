import codecs
import json
from datetime import date
from pathlib import Path

from conflictcoder.model import Article, Rejection
from conflictcoder.sources.decode import decode_bytes, sniff_binary
from conflictcoder.sources.page import article_from_html, article_from_text, detect_wire
from conflictcoder.sources.reader import read_inputs

PAGE = """<!doctype html><html><head>
<meta charset="utf-8">
<meta property="og:site_name" content="The Frontier Ledger">
<meta property="article:published_time" content="2026-03-09T08:00:00Z">
<title>Gunmen storm police post in northern town</title></head>
<body><a href="#main">Skip to content</a>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article id="main"><h1>Gunmen storm police post in northern town</h1>
<p class="byline">By Amina Yusuf</p>
<p>KADUNA, Nigeria (Reuters) - Gunmen on motorcycles stormed a police post in the town of
Birnin Gwari on Sunday, killing three officers and setting two vehicles on fire, a police
spokesman said on Monday.</p>
<figure><img src="x.jpg"><figcaption>Mourners gather at a funeral in Zaria.</figcaption></figure>
<p>Read more: Flooding displaces thousands in the north-east</p>
<p>Residents said the attackers fled into the nearby forest after a two-hour gunfight with
officers who had been deployed to the area last month.</p>
</article>
<aside><h2>More For You</h2><ul><li><a href="/a">Ten killed in market blast</a></li></ul></aside>
<footer>Copyright 2026 The Frontier Ledger</footer></body></html>"""


def test_article_from_html_keeps_body_and_metadata_drops_chrome() -> None:
    article = article_from_html(PAGE, article_id="p1")
    assert article is not None
    assert article.outlet == "The Frontier Ledger"
    assert article.published == date(2026, 3, 9)
    assert article.title.startswith("Gunmen storm police post")
    assert article.wire == "Reuters"
    assert "Birnin Gwari" in article.text
    assert "fled into the nearby forest" in article.text
    for chrome in (
        "Skip to content",
        "Read more",
        "Flooding displaces",
        "Ten killed in market",
        "Copyright",
        "Sport",
    ):
        assert chrome not in article.text


def test_article_from_text_unwraps_hard_wrapped_lines_and_drops_related() -> None:
    text = (
        "Police said two men were shot\ndead near the market.\n"
        "Read more: Another story\n\nA second paragraph."
    )
    article = article_from_text(text, article_id="t")
    assert article is not None
    assert (
        article.text == "Police said two men were shot dead near the market.\n\nA second paragraph."
    )


def test_detect_wire_at_start_and_end() -> None:
    assert detect_wire("MOGADISHU (AP) — A car bomb exploded.") == "AP"
    assert detect_wire("A car bomb exploded in the capital. AFP") == "AFP"
    assert detect_wire("A car bomb exploded in the capital, officials said.") == ""


def test_sniff_binary_by_content_not_name() -> None:
    assert sniff_binary(b"\x1f\x8b\x08\x00rest") == "gzip data"
    assert sniff_binary(b"%PDF-1.7 ...") == "a PDF document"
    assert "NUL" in sniff_binary(b"abc\x00def")
    assert sniff_binary(b"Plain words here.") == ""
    assert sniff_binary(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le")) == ""


def test_decode_bytes_handles_boms_declared_and_wrong_charsets() -> None:
    assert (
        decode_bytes(codecs.BOM_UTF16_LE + "Kyiv – attack".encode("utf-16-le")) == "Kyiv – attack"
    )
    latin = '<meta charset="iso-8859-1"><p>Bogotá</p>'.encode("iso-8859-1")
    assert "Bogotá" in decode_bytes(latin)
    undeclared_cp1252 = "Caf\xe9 bombing in Medell\xedn, “sources” said".encode("cp1252")
    assert "Medellín" in decode_bytes(undeclared_cp1252)


def _collect(inputs: list[str], **kwargs: object) -> tuple[list[Article], list[Rejection]]:
    items = list(read_inputs(inputs, **kwargs))  # type: ignore[arg-type]
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, Rejection)],
    )


def test_read_inputs_bad_files_are_rejected_with_reasons_and_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Troops clashed with rebels near the border on Friday.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "huge.txt").write_bytes(b"a" * 5000)
    articles, rejections = _collect([str(tmp_path), str(tmp_path / "missing.txt")], max_bytes=4000)
    assert [Path(a.id).name for a in articles] == ["good.txt"]
    reasons = {Path(r.origin).name: r.code for r in rejections}
    assert reasons == {
        "empty.txt": "empty",
        "image.html": "binary",
        "huge.txt": "too-large",
        "missing.txt": "not-found",
    }


def test_read_inputs_jsonl_reports_each_bad_line_and_keeps_the_rest(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": "Protesters marched in the capital on Monday.",
                "published": "2026-05-04",
                "source": "Daily Star",
            }
        ),
        "{not json",
        json.dumps({"text": "no id here"}),
        json.dumps({"id": "a1", "text": "duplicate id"}),
        json.dumps(
            {
                "id": "a2",
                "html": "<html><body><p>Rebels shelled the town of Ndola on "
                "Tuesday, killing four civilians, officials said.</p></body></html>",
                "published": None,
            }
        ),
        json.dumps({"id": "a3", "text": 42}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines))
    articles, rejections = _collect([str(path)], published=date(2026, 5, 6))
    assert [a.id for a in articles] == ["a1", "a2"]
    assert articles[0].published == date(2026, 5, 4)
    assert articles[0].outlet == "Daily Star"
    assert articles[1].published == date(2026, 5, 6)  # the default fills a null date
    assert [r.code for r in rejections] == [
        "jsonl-malformed",
        "jsonl-id",
        "jsonl-duplicate",
        "jsonl-type",
    ]
    assert rejections[0].origin.endswith(":2")
