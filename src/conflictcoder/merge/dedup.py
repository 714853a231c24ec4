"""Near-duplicate articles (syndicated wire copies) found with a 64-bit Simhash.

Two articles are copies when their Simhashes differ in at most ``k`` bits *and*
they quote the same numbers. The second condition keeps a wire update ("the toll
rose to 12") apart from the first take ("seven killed"): the update is a new
report of the toll, and dropping it would lose a revision.

Lookup uses the pigeonhole rule: split the 64 bits into ``k + 1`` bands; two
hashes within ``k`` bits agree exactly on at least one band.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = frozenset((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "hundreds", "thousand", "thousands", "dozen", "dozens", "several", "single",
))
_MASK64 = (1 << 64) - 1
# What outlets change when they run a wire story: the dateline with the agency's name,
# and the credit and copyright lines at the end.
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'\-]*[ ,]*){1,5}(?:\([^)]{1,40}\))?\s*[-\u2013\u2014:]+\s+"
)
_CREDIT = re.compile(
    r"^\s*\(?(?:reporting|writing|editing|additional reporting|compiled|copyright|\u00a9|"
    r"all rights reserved)\b.*$",
    re.IGNORECASE | re.MULTILINE,
)


def core_text(text: str) -> str:
    """The story without the parts syndication changes (dateline, credits, copyright)."""
    head = _DATELINE.sub("", text[:200], count=1)
    return _CREDIT.sub("", head + text[200:])


def simhash(text: str, *, shingle: int = 3) -> int:
    """Charikar's Simhash over word shingles: similar texts get hashes a few bits apart."""
    words = [w.lower() for w in _WORD.findall(core_text(text))]
    if not words:
        return 0
    grams = (
        [" ".join(words[i : i + shingle]) for i in range(len(words) - shingle + 1)]
        if len(words) >= shingle
        else [" ".join(words)]
    )
    # All the shingles' hashes as one bit string, 64 characters each: one conversion of
    # one big integer, then one strided count per bit position, both in C (a per-shingle
    # format and a transpose cost twice as much).
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(g.encode("utf-8"), digest_size=8).digest() for g in grams])
    bits = format(int.from_bytes(digests, "big"), f"0{64 * len(grams)}b")
    half = len(grams) / 2
    result = 0
    for position in range(64):
        if bits[position::64].count("1") > half:
            result |= 1 << (63 - position)
    return result


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & _MASK64).bit_count()


def number_signature(text: str) -> str:
    """The numbers an article quotes, in order of first use: copies quote the same ones."""
    seen: dict[str, None] = {}
    for token in _WORD.findall(text.lower()):
        if token in _NUMBER_WORDS:
            seen.setdefault(token, None)
    for match in _NUMBER.finditer(text):
        seen.setdefault(match.group().replace(",", ""), None)
    return hashlib.blake2b(" ".join(sorted(seen)).encode(), digest_size=8).hexdigest()


def bands(value: int, count: int = 4) -> tuple[int, ...]:
    """``count`` disjoint bit ranges of a 64-bit hash, tagged with their position."""
    width = 64 // count
    mask = (1 << width) - 1
    return tuple((value >> (i * width)) & mask for i in range(count))


def to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


@dataclass(frozen=True, slots=True)
class Fingerprint:
    simhash: int
    numbers: str

    @classmethod
    def of(cls, text: str) -> Fingerprint:
        return cls(simhash(text), number_signature(text))

    def is_copy_of(self, other: Fingerprint, max_distance: int) -> bool:
        if self.numbers != other.numbers:
            return False
        return hamming(self.simhash, other.simhash) <= max_distance


@dataclass(slots=True)
class FingerprintIndex:
    """An in-memory banded index: which known article is this text a copy of?"""

    max_distance: int = 3
    _bands: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    _prints: dict[str, Fingerprint] = field(default_factory=dict)

    def add(self, article_id: str, fingerprint: Fingerprint) -> None:
        self._prints[article_id] = fingerprint
        for position, value in enumerate(bands(fingerprint.simhash, self.max_distance + 1)):
            self._bands.setdefault((position, value), []).append(article_id)

    def get(self, article_id: str) -> Fingerprint | None:
        return self._prints.get(article_id)

    def remove(self, article_id: str) -> None:
        fingerprint = self._prints.pop(article_id, None)
        if fingerprint is None:
            return
        for position, value in enumerate(bands(fingerprint.simhash, self.max_distance + 1)):
            ids = self._bands.get((position, value), [])
            if article_id in ids:
                ids.remove(article_id)
            if not ids:
                self._bands.pop((position, value), None)

    def find(self, fingerprint: Fingerprint) -> str | None:
        """The first-added article this fingerprint copies, or None."""
        candidates: list[str] = []
        for position, value in enumerate(bands(fingerprint.simhash, self.max_distance + 1)):
            candidates.extend(self._bands.get((position, value), ()))
        return first_copy(fingerprint, ((c, self._prints[c]) for c in candidates),
                          self.max_distance)


def first_copy(
    fingerprint: Fingerprint, candidates: Iterable[tuple[str, Fingerprint]], max_distance: int
) -> str | None:
    """The smallest-id candidate the fingerprint copies (ids order is stable across runs)."""
    matches = sorted(
        {cid for cid, other in candidates if fingerprint.is_copy_of(other, max_distance)}
    )
    return matches[0] if matches else None
