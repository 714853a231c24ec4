"""Hostile input: size, encoding, binary, pathological HTML and JSONL never stop a batch."""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import json
import logging
import lzma
import random
import re
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

from conflictcoder.limits import (
    BudgetExceeded,
    Limits,
    cap_text,
    extract_within_budget,
    run_within_budget,
    time_budget,
)
from conflictcoder.model import Article, ArticleResult, Rejection
from conflictcoder.sources.decode import decode_bytes, sniff_binary
from conflictcoder.sources.page import PageLimitError, article_from_html, load_page
from conflictcoder.sources.reader import read_bytes, read_inputs

REPORT = (
    "Gunmen on motorcycles attacked a police checkpoint outside the town of Birnin Gwari "
    "on Sunday, killing three officers, a police spokesman said on Monday."
)
PARA = f"<p>{REPORT}</p>"


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def read_one(data: bytes, origin: str = "in.html", **kwargs: object) -> Article | Rejection:
    items = list(read_bytes(data, origin, **kwargs))  # type: ignore[arg-type]
    assert len(items) == 1
    return items[0]


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    value = fn(*args, **kwargs)
    return value, time.monotonic() - started


# --- size limits --------------------------------------------------------------------------


def test_a_200_mb_page_is_refused_from_its_size_without_being_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    items, seconds = timed(lambda: list(read_inputs([str(huge)])))
    assert seconds < 1.0
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert items[0].code == "too-large"
    assert "209,715,200 bytes" in items[0].reason and "20,971,520" in items[0].reason


def test_the_page_size_limit_is_configurable(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.txt"
    path.write_text(REPORT * 20)
    assert isinstance(next(read_inputs([str(path)])), Article)
    monkeypatch.setenv("CONFLICTCODER_MAX_PAGE_BYTES", "1000")
    item = next(read_inputs([str(path)]))
    assert isinstance(item, Rejection) and item.code == "too-large"
    assert "limit of 1,000" in item.reason
    item = next(read_inputs([str(path)], max_bytes=100_000))  # an explicit limit wins
    assert isinstance(item, Article)


def test_limits_from_env_ignore_junk_values() -> None:
    limits = Limits.from_env({"CONFLICTCODER_MAX_TEXT_CHARS": "lots",
                              "CONFLICTCODER_ARTICLE_SECONDS": "2.5",
                              "CONFLICTCODER_MAX_ELEMENTS": "-4"})
    assert limits.max_text_chars == Limits().max_text_chars
    assert limits.article_seconds == 2.5
    assert limits.max_elements == Limits().max_elements


def test_cap_text_cuts_at_a_paragraph_end_and_keeps_offsets() -> None:
    text = "\n\n".join(f"Paragraph {i} says that troops moved north." for i in range(400))
    capped = cap_text(text, 5_000)
    assert len(capped) <= 5_000
    assert text.startswith(capped)  # a prefix: every span into it is a span into the whole
    assert capped.endswith("moved north.")
    assert cap_text("short", 5_000) == "short"
    unbroken = "x" * 10_000
    assert cap_text(unbroken, 5_000) == "x" * 5_000


def test_a_long_text_is_capped_and_the_cut_is_logged(caplog) -> None:  # type: ignore[no-untyped-def]
    paragraphs = "\n\n".join(f"Report {i}: {REPORT}" for i in range(2_000))
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        item = read_one(paragraphs.encode(), "long.txt")
    assert isinstance(item, Article)
    assert len(item.text) <= Limits().max_text_chars
    assert item.text.endswith("said on Monday.")
    assert any("only the first" in r.getMessage() and "long.txt" in r.getMessage()
               for r in caplog.records)


# --- the time budget ------------------------------------------------------------------------


def test_time_budget_interrupts_pure_python_and_regex_work() -> None:
    def spin() -> int:
        while True:
            pass

    result, seconds = timed(run_within_budget, spin, "slow.html", seconds=0.3, what="spinning")
    assert isinstance(result, Rejection) and result.code == "time-budget"
    assert "spinning took longer than the budget of 0.3 s" in result.reason
    assert seconds < 2.0

    def backtrack() -> object:
        return re.match(r"(a+)+$", "a" * 40 + "b")  # exponential backtracking

    result, seconds = timed(run_within_budget, backtrack, "re.txt", seconds=0.3, what="regex")
    assert isinstance(result, Rejection) and result.code == "time-budget"
    assert seconds < 2.0


def test_budget_is_not_swallowed_by_a_librarys_broad_except() -> None:
    def careless_library() -> str:
        try:
            while True:
                pass
        except Exception:  # what a library might do
            return "swallowed"

    result = run_within_budget(careless_library, "x", seconds=0.2, what="work")
    assert isinstance(result, Rejection)
    assert not issubclass(BudgetExceeded, Exception)


def test_a_budget_expiring_inside_a_gc_callback_is_raised_at_the_next_tick() -> None:
    import gc

    def slow_callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":  # most of the time is spent here, where a raise is swallowed
            until = time.monotonic() + 0.03
            while time.monotonic() < until:
                pass

    def collect_forever() -> None:
        while True:
            gc.collect()  # 30 ms in the callback
            until = time.monotonic() + 0.03
            while time.monotonic() < until:  # and 30 ms of ordinary work
                pass

    gc.callbacks.append(slow_callback)
    try:
        result, seconds = timed(run_within_budget, collect_forever, "gc.html", seconds=0.1,
                                what="collecting")
    finally:
        gc.callbacks.remove(slow_callback)
    assert isinstance(result, Rejection) and result.code == "time-budget"
    assert seconds < 2.0


def test_budget_restores_the_previous_signal_handler_and_timer() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with time_budget(5.0):
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0.0


def test_budget_outside_the_main_thread_lets_work_finish() -> None:
    out: list[object] = []

    def work() -> None:
        out.append(run_within_budget(lambda: time.sleep(0.3) or "done", "x", seconds=0.05,
                                     what="work"))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert out == ["done"]  # no signal there: the size limits are what bound it


def test_extract_within_budget_rejects_an_overrun_and_codes_a_capped_article() -> None:
    text = "\n\n".join(f"In village {i}, {REPORT}" for i in range(400))
    article = Article(id="long", text=text, published=date(2026, 3, 9), origin="long.txt")
    result = extract_within_budget(article, limits=Limits(article_seconds=0.001))
    assert isinstance(result, Rejection) and result.code == "time-budget"
    assert result.origin == "long.txt"
    result = extract_within_budget(article, limits=Limits(max_text_chars=2_000))
    assert isinstance(result, ArticleResult)
    assert result.article is article
    assert result.records  # the killing in the first paragraphs is coded
    for record in result.records:
        for item in record.provenance:
            assert 0 <= item.span.start <= item.span.end <= 2_000


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('<meta charset="koi8-r"><p>Обстрел Харькова</p>'.encode("koi8-r"), "Обстрел Харькова"),
        ('<?xml version="1.0" encoding="windows-1251"?><p>Обстрел</p>'.encode("cp1251"),
         "Обстрел"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
         "<p>Bogotá</p>".encode("latin-1"), "Bogotá"),
        # declared Latin-1, but really UTF-8: the bytes win
        ('<meta charset="iso-8859-1"><p>Goma – Bukavu, Kinshasa’s forces</p>'.encode(),
         "Goma – Bukavu, Kinshasa’s forces"),
        # declared UTF-16 in ASCII bytes: impossible, ignored
        (b'<meta charset="utf-16"><p>Mogadishu blast</p>', "Mogadishu blast"),
        (b'<meta charset="no-such-charset"><p>Quetta</p>', "Quetta"),
        ("Caf\xe9 in Medell\xedn, \u201csources\u201d said".encode("cp1252"),
         "Café in Medellín, “sources” said"),
        (b"Sana\xe2\x80 (invalid utf-8)", "Sana"),
        (codecs.BOM_UTF16_LE + "Kyiv – drones".encode("utf-16-le"), "Kyiv – drones"),
        (codecs.BOM_UTF16_BE + "Kyiv – drones".encode("utf-16-be"), "Kyiv – drones"),
        (codecs.BOM_UTF32_LE + "Kyiv".encode("utf-32-le"), "Kyiv"),
        (codecs.BOM_UTF8 + b"Kabul", "Kabul"),
        ("Rebels shelled Goma on Tuesday.".encode("utf-16-le"), "Rebels shelled Goma"),
        ("Rebels shelled Goma on Tuesday.".encode("utf-16-be"), "Rebels shelled Goma"),
    ],
)
def test_decode_declared_sniffed_and_wrong_charsets(data: bytes, expected: str) -> None:
    assert sniff_binary(data) == ""
    assert expected in decode_bytes(data)


# Undeclared legacy code pages of non-Latin scripts: read as cp1252 they would be mojibake.
UNDECLARED = [
    ("cp1251", "Обстрел Харькова: по данным полиции, в результате удара по жилому кварталу "
               "погибли три человека, ещё семеро ранены."),
    ("cp1256", "قتل ثلاثة أشخاص وأصيب سبعة آخرون في هجوم على سوق في مدينة حلب يوم السبت، "
               "حسبما أفادت مصادر محلية."),
    ("cp1253", "Τρεις άνθρωποι σκοτώθηκαν σε επίθεση στην πόλη, σύμφωνα με την αστυνομία."),
]


@pytest.mark.parametrize(("encoding", "text"), UNDECLARED)
def test_undeclared_non_latin_code_pages_are_detected(encoding: str, text: str) -> None:
    page = f"<html><body><p>{text}</p></body></html>".encode(encoding)
    assert sniff_binary(page) == ""
    assert text in decode_bytes(page)


def test_undeclared_latin_text_stays_windows_1252() -> None:
    text = "Café bombing in Medellín, “sources” said; the mayor’s office confirmed two deaths."
    assert decode_bytes(text.encode("cp1252")) == text


def test_undeclared_turkish_code_page_is_detected() -> None:
    text = ("Şırnak'ın Silopi ilçesinde düzenlenen saldırıda iki asker şehit oldu, "
            "üç kişi yaralandı; İçişleri Bakanlığı açıklama yaptı.")
    page = f"<html><body><p>{text}</p></body></html>".encode("cp1254")
    assert text in decode_bytes(page)


def test_text_with_letters_turkish_lacks_stays_windows_1252() -> None:
    # ð, ý and þ as in Turkish mojibake, but ž is a byte cp1254 leaves undefined
    text = ("The suspect, named as Eyþor Guðjonsson, was held on the island of Božava; "
            "police said the case of Guðjonsson stays open.")
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize("text", [
    # Icelandic uses ð, þ and ý, always beside á, é, í or æ: it stays Windows-1252
    "Þrír menn voru handteknir í Reykjavík eftir átök við lögreglu á föstudagskvöld, "
    "að sögn lögreglunnar; ekki er vitað hvað olli því.",
    "Über 200 Demonstranten zogen durch die Straßen von Köln; die Polizei löste den Zug auf.",
])
def test_latin_text_with_rare_letters_stays_windows_1252(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == text


def test_decode_drops_control_characters_that_break_parsers() -> None:
    text = decode_bytes(b"<p>Two\x00 killed\x01 in\x0bGao\x7f.</p>")
    assert text == "<p>Two killed in Gao.</p>"


def test_invalid_utf16_after_its_bom_is_an_encoding_rejection() -> None:
    item = read_one(codecs.BOM_UTF16_LE + b"\x00\xd8\x41", "odd.txt")  # a lone surrogate
    assert isinstance(item, Rejection) and item.code == "encoding"


def _compressed_and_binary() -> dict[str, bytes]:
    html = page(PARA * 20).encode()
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("story.html", html)
    return {
        "gzip": gzip.compress(html),
        "zip": zipped.getvalue(),
        "bzip2": bz2.compress(html),
        "xz": lzma.compress(html),
        "PDF": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "PNG": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "ELF": b"\x7fELF\x02\x01\x01" + bytes(500),
        "random": bytes((i * 7919 + 13) % 256 for i in range(4096)),
    }


@pytest.mark.parametrize("kind", list(_compressed_and_binary()))
def test_binary_and_compressed_pages_are_rejected_by_content(kind: str) -> None:
    data = _compressed_and_binary()[kind]
    item = read_one(data, "story.html")  # the name says HTML; the content says otherwise
    assert isinstance(item, Rejection) and item.code == "binary", (kind, item)
    assert item.reason.startswith("not text: looks like")


def test_a_text_with_a_binary_name_is_read_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "report.png"
    path.write_text(REPORT)
    items = list(read_inputs([str(path)]))
    assert [type(i) for i in items] == [Article]


# --- pathological HTML ----------------------------------------------------------------------


def test_200000_nested_divs_are_refused_quickly() -> None:
    html = page("<div>" * 200_000 + PARA + "</div>" * 200_000)
    item, seconds = timed(read_one, html.encode())
    assert isinstance(item, Rejection) and item.code == "page-limit"
    assert "over the limit of 40,000 elements" in item.reason
    assert seconds < 2.0


def test_text_below_the_parsers_nesting_limit_is_named_as_the_reason() -> None:
    html = page("<div>" * 20_000 + PARA + "</div>" * 20_000)
    item, seconds = timed(read_one, html.encode())
    assert isinstance(item, Rejection) and item.code == "page-limit"
    assert "nesting limit" in item.reason
    assert seconds < 5.0


def test_moderate_nesting_is_read() -> None:
    item = read_one(page("<div>" * 100 + PARA * 3 + "</div>" * 100).encode())
    assert isinstance(item, Article) and "Birnin Gwari" in item.text


def test_a_million_empty_tags_are_refused_before_parsing() -> None:
    item, seconds = timed(read_one, page("<span></span>" * 1_000_000).encode())
    assert isinstance(item, Rejection) and item.code == "page-limit"
    assert seconds < 2.0


def test_too_many_elements_after_parsing_is_refused() -> None:
    with pytest.raises(PageLimitError, match="elements, over the limit of 500"):
        load_page(page("<b>x</b><i>y</i>" * 300), max_elements=500)


def test_icons_and_styles_over_the_limit_are_dropped_not_the_page() -> None:
    icon = "<svg><g><path d='M0 0'/><path d='M1 1'/><circle r='2'/></g></svg>"
    html = page("<article>" + PARA * 3 + icon * 300 + "</article>",
                head='<script type="application/ld+json">{"datePublished": "2026-03-09"}'
                     "</script>")
    article = article_from_html(html, article_id="icons", max_elements=400)
    assert article is not None and "Birnin Gwari" in article.text


def test_a_huge_attribute_does_not_stop_the_page() -> None:
    html = page(f'<div class="{"x" * 10_000_000}">' + PARA * 3 + "</div>")
    item, seconds = timed(read_one, html.encode())
    assert isinstance(item, Article) and "Birnin Gwari" in item.text
    assert seconds < 10.0


def test_entity_bombs_are_not_expanded() -> None:
    entities = '<!ENTITY a0 "boom">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    html = (f'<?xml version="1.0"?><!DOCTYPE html [{entities}]>'
            f"<html><body><p>&a9;</p>{PARA * 3}</body></html>")
    item, seconds = timed(read_one, html.encode())
    assert seconds < 5.0
    if isinstance(item, Article):
        assert "boomboom" not in item.text and len(item.text) < 10_000
    else:
        assert item.code in ("no-text", "parse")


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><script>" + "var a = 1;" * 50_000 + "</script>"
        "<style>" + "p { color: red }" * 5_000 + "</style></head></html>",
        "<html><head><title>Nothing here</title></head></html>",
        "<html><body></body></html>",
        "<html><body><p>   </p><div>\n</div></body></html>",
        "<!-- only a comment -->",
    ],
    ids=["scripts-and-styles", "no-body", "empty-body", "blank-body", "comment"],
)
def test_pages_without_text_are_rejected_with_a_reason(html: str) -> None:
    item = read_one(html.encode())
    assert isinstance(item, Rejection)
    assert item.code in ("no-text", "empty")


# --- JSONL ----------------------------------------------------------------------------------


def test_jsonl_bad_lines_are_reported_by_line_and_the_rest_is_read(tmp_path: Path) -> None:
    good = {"id": "g1", "text": REPORT, "published": "2026-03-09"}
    lines = [
        json.dumps(good),                                      # 1
        "{not json",                                           # 2
        "[" * 100_000 + "]" * 100_000,                         # 3: nested too deeply
        '{"id": "n", "text": "x", "count": ' + "9" * 5000 + "}",  # 4: a 5,000-digit number
        json.dumps(["an", "array"]),                           # 5
        json.dumps({"text": REPORT}),                          # 6: no id
        json.dumps({"id": True, "text": REPORT}),              # 7: a boolean id
        json.dumps({"id": {"nested": 1}, "text": REPORT}),     # 8
        json.dumps({"id": "g1", "text": "same id again"}),     # 9: duplicate
        json.dumps({"id": "g2", "text": 42}),                  # 10: wrong type
        json.dumps({"id": "g3", "text": REPORT, "published": "last week"}),  # 11
        "",                                                    # 12: blank, skipped
        json.dumps({"id": "g4", "text": "Lone \ud800 surrogate: " + REPORT}),  # 13
        json.dumps({"id": 5, "html": page(PARA * 2), "published": None}),  # 14
        json.dumps({"id": "g6", "text": "Para one.\u2028" + REPORT}, ensure_ascii=False),  # 15
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read_inputs([str(path)]))
    articles = [i for i in items if isinstance(i, Article)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [a.id for a in articles] == ["g1", "g4", "5", "g6"]
    assert "\ud800" not in articles[1].text
    articles[1].text.encode("utf-8")  # storable
    by_line = {int(r.origin.rsplit(":", 1)[1]): r for r in rejections}
    assert sorted(by_line) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    for number, rejection in by_line.items():
        assert rejection.reason.startswith(f"line {number}:")
    assert by_line[3].reason == "line 3: malformed JSON (nested too deeply)"
    assert by_line[4].code == "jsonl-malformed"
    assert by_line[5].reason == "line 5: expected an object, got an array"
    assert by_line[7].code == "jsonl-id" and "a boolean" in by_line[7].reason
    assert by_line[9].code == "jsonl-duplicate"
    assert by_line[10].code == "jsonl-type"
    assert by_line[11].code == "jsonl-published"


def test_a_budget_that_expires_at_once_leaves_no_timer_behind() -> None:
    """Even a budget that runs out before the block starts is cleaned up: no timer keeps
    ticking, and the previous SIGALRM handler is back."""
    import signal

    before = signal.getsignal(signal.SIGALRM)
    for _ in range(30):
        with pytest.raises(BudgetExceeded), time_budget(1e-6, "nothing"):
            time.sleep(0.05)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) is before
    time.sleep(0.05)  # a stray tick would raise here


def test_set_limits_reaches_every_reader_and_refuses_nonsense(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from conflictcoder.limits import current_limits, parse_size, set_limits

    for name in ("CONFLICTCODER_MAX_PAGE_BYTES", "CONFLICTCODER_MAX_TEXT_CHARS",
                 "CONFLICTCODER_ARTICLE_SECONDS"):
        monkeypatch.setenv(name, "1")  # recorded, so the test puts the old value back
        monkeypatch.delenv(name)
    limits = set_limits(max_page_bytes=parse_size("2MB"), max_text_chars=5000,
                        article_seconds=1.5)
    assert limits == current_limits()
    assert (limits.max_page_bytes, limits.max_text_chars, limits.article_seconds) == (
        2 * 1024 * 1024, 5000, 1.5)
    assert set_limits().max_page_bytes == 2 * 1024 * 1024  # None keeps a limit as it is
    for bad in ({"max_page_bytes": 0}, {"max_text_chars": -1}, {"article_seconds": -0.5}):
        with pytest.raises(ValueError):
            set_limits(**bad)  # type: ignore[arg-type]
    assert [parse_size(t) for t in ("5000000", "512K", "20MB", "1.5GiB", "3 kb")] == [
        5_000_000, 512 * 1024, 20 * 1024**2, int(1.5 * 1024**3), 3 * 1024]
    for junk in ("", "MB", "lots", "12XB", "nan", "inf"):
        with pytest.raises(ValueError):
            parse_size(junk)


def test_a_jsonl_corpus_over_the_page_limit_is_read_line_by_line(tmp_path: Path) -> None:
    """The page size limit is per article: a large JSONL file is a corpus, streamed, and
    only a line over the limit is refused, by its number."""
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": f"r{i}", "text": REPORT, "published": "2026-03-09"})
             for i in range(40)]
    lines[7] = json.dumps({"id": "r7", "text": REPORT + " More." * 1000})  # about 6 KB
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 4000
    items = list(read_inputs([str(path)], max_bytes=4000))
    assert len(items) == 40
    refused = [i for i in items if isinstance(i, Rejection)]
    assert [(r.origin, r.code) for r in refused] == [(f"{path}:8", "too-large")]
    assert "line 8" in refused[0].reason and "4,000 bytes" in refused[0].reason
    assert [a.id for a in items if isinstance(a, Article)] == [
        f"r{i}" for i in range(40) if i != 7]
    # The same file under a roomy limit reads the same, as one page.
    roomy = list(read_inputs([str(path)], max_bytes=1_000_000))
    assert [a.id for a in roomy if isinstance(a, Article)] == [f"r{i}" for i in range(40)]


def test_a_large_file_that_is_not_jsonl_is_still_refused_whole(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body>" + PARA * 100 + "</body></html>")
    named = tmp_path / "binary.jsonl"  # a .jsonl name, but not JSON lines inside
    named.write_bytes(gzip.compress(random.Random(5).randbytes(10_000)))
    for path in (page, named):
        (item,) = list(read_inputs([str(path)], max_bytes=2000))
        assert isinstance(item, Rejection) and item.code == "too-large", path


# Regular expressions that once backtracked exponentially on such runs (seconds to minutes):
# each now answers in well under a second.
def test_a_title_of_one_long_capital_run_is_read_at_once() -> None:
    from conflictcoder.sources.page import headline_of

    title = "Shooting - " + "A" * 400 + "a!"
    head, seconds = timed(headline_of, title)
    assert head.startswith("Shooting")
    assert seconds < 1.0


def test_a_run_of_hyphenated_capitals_before_a_place_is_read_at_once() -> None:
    from conflictcoder.stages.place_unlisted import _CUED

    text = "Gunmen killed two people in " + "Xa-" * 60 + "Qo near Kandahar on Sunday."
    found, seconds = timed(lambda: list(_CUED.finditer(text)))
    assert found == []
    assert seconds < 1.0
