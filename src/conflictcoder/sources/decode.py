"""Bytes to text: binary sniffing by content (never by name) and charset detection."""

from __future__ import annotations

import codecs
import re

# Magic numbers of formats that sometimes arrive named .html or .txt.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip data"),
    (b"PK\x03\x04", "a zip archive"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
    (b"(\xb5/\xfd", "zstd data"),
    (b"\x7fELF", "an executable"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"RIFF", "a media file"),
    (b"WARC/", "a WARC file (use a .warc input)"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.I,
)
# Characters no parser or database wants: C0 controls other than tab, newline and
# carriage return, DEL, and lone surrogates (JSON can carry them; UTF-8 cannot).
_UNWANTED = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")
_FORM = re.compile("[\x0b\x0c]")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell."""


def _utf16_without_bom(sample: bytes) -> str:
    """ "utf-16-le" or "utf-16-be" when every other byte is NUL, as in mostly-ASCII UTF-16."""
    pairs = len(sample) // 2
    if pairs < 4:
        return ""
    even_nul = sample[0 : 2 * pairs : 2].count(0)
    odd_nul = sample[1 : 2 * pairs : 2].count(0)
    if odd_nul >= 0.9 * pairs and even_nul <= 0.05 * pairs:
        return "utf-16-le"
    if even_nul >= 0.9 * pairs and odd_nul <= 0.05 * pairs:
        return "utf-16-be"
    return ""


def sniff_binary(data: bytes) -> str:
    """A description of the binary format ``data`` is in, or "" when it looks like text."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return ""
    if _utf16_without_bom(data[:8192]):
        return ""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary data (NUL bytes)"
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and control / len(sample) > 0.05:
        return "binary data (control bytes)"
    return ""


def clean_text(text: str) -> str:
    """``text`` without control characters and lone surrogates (see ``_UNWANTED``)."""
    if _UNWANTED.search(text) or _FORM.search(text):
        return _FORM.sub(" ", _UNWANTED.sub("", text))
    return text


def _declared_encoding(data: bytes) -> str:
    """The charset a page declares, when Python knows it and it can be declared in ASCII.

    A page cannot truly be in UTF-16 or UTF-32 and declare so in ASCII bytes: such a
    declaration is wrong, and obeying it would turn the page into CJK noise.
    """
    match = _DECLARED.search(data[:4096])
    if not match:
        return ""
    name = (match.group(1) or match.group(2)).decode("ascii", "replace").lower()
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return ""
    try:
        if "<meta charset>".encode(codec.name) != b"<meta charset>":
            return ""
    except (UnicodeError, LookupError, TypeError, ValueError):
        return ""
    return codec.name


def decode_bytes(data: bytes) -> str:
    """Decode by BOM, then UTF-8, then the declared charset, then cp1252 or a detected one.

    Valid UTF-8 wins over a declaration: text in a legacy charset is almost never valid
    UTF-8 by accident, while pages saved as UTF-8 under a stale Latin-1 declaration are
    common. Control characters and lone surrogates are removed (:func:`clean_text`).
    """
    return clean_text(_decode(data))


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding} after its byte-order mark") from exc
    bomless = _utf16_without_bom(data[:8192])
    if bomless:
        return data.decode(bomless, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(data)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # a wrong declaration is common: fall through to sniffing
    return _undeclared(data)


def _undeclared(data: bytes) -> str:
    """Undeclared legacy text: Windows-1252 (a superset of Latin-1), unless that reading
    is mojibake, as Cyrillic, Arabic or Greek in their Windows code pages are; those are
    detected with charset_normalizer (trafilatura's own dependency)."""
    try:
        latin = data.decode("cp1252")
    except UnicodeDecodeError:
        latin = ""
    if latin and _looks_turkish(latin):
        try:
            return data.decode("cp1254")
        except UnicodeDecodeError:
            pass  # a byte cp1254 leaves undefined (ž, Ž): not Turkish after all
    if latin and not _looks_like_mojibake(latin):
        return latin
    from charset_normalizer import from_bytes  # imported here: rarely needed, slow to load

    best = from_bytes(data[:_DETECT_BYTES]).best()
    if best is not None:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return latin or data.decode("utf-8", errors="replace")


_DETECT_BYTES = 256 * 1024
# Windows-1254 (Turkish) differs from 1252 in six letters: ğ ı ş Ğ İ Ş read as ð ý þ Ð Ý Þ.
# Icelandic uses those six too, but always beside á é í ó ú æ, which Turkish lacks.
_TURKISH_AS_1252 = re.compile("[ðýþÐÝÞ]")
_ICELANDIC_ONLY = re.compile("[áéíúæÁÉÍÚÆ]")
_LETTER = re.compile(r"[^\W\d_]")


def _looks_turkish(text: str) -> bool:
    """Undeclared Turkish text (cp1254) read as cp1252: its ğ ı ş come out as ð ý þ, letters
    no other language written in cp1252 uses without á é í ó ú or æ."""
    sample = text[:20000]
    turkish = len(_TURKISH_AS_1252.findall(sample))
    return turkish >= 2 and turkish > 4 * len(_ICELANDIC_ONLY.findall(sample))


def _looks_like_mojibake(text: str) -> bool:
    """Latin-script news has a few accented letters among many ASCII ones; a non-Latin
    script read as cp1252 is mostly accented letters (Обстрел -> Îáñòðåë)."""
    letters = _LETTER.findall(text[:20000])
    if len(letters) < 20:
        return False
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    return non_ascii / len(letters) > 0.3
