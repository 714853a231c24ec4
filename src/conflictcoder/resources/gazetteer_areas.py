"""Admin areas spelt nearly like a name ("Garwah" for Garhwa): the gazetteer's fuzzy match.

Mixed into :class:`conflictcoder.resources.gazetteer.SqliteGazetteer`, which holds the
connection (``_conn``, ``_lock``) and the entries (``get``).
"""

from __future__ import annotations

import array
import bisect
import sqlite3
import threading

from conflictcoder.resources.gazetteer_types import GazEntry, Hit

#: Every admin area's name keys, in the name index's order (stored whole at build time).
AREA_KEYS_QUERY = (
    "SELECT key, place_id FROM name WHERE place_id IN"
    " (SELECT id FROM place WHERE kind IN ('admin1', 'admin2')) ORDER BY key, place_id"
)


class AreaMatcher:
    """The fuzzy area match over every admin area's name keys, read at first use."""

    _conn: sqlite3.Connection
    _lock: threading.Lock
    _areas: tuple[list[str], list[int]] | None = None
    _areas_by_initial: dict[str, list[str]] | None = None
    _areas_by_length: dict[int, tuple[list[str], array.array[int]]] | None = None

    def get(self, place_id: int) -> GazEntry | None:
        raise NotImplementedError

    def _similar_areas(self, key: str) -> tuple[Hit, ...]:
        from rapidfuzz import fuzz, process

        # Only names with the key's first letter are kept below: when none of them is 80%
        # alike, nothing is (a twentieth of the names to compare, and most words stop here).
        same_initial = self._area_keys_by_initial().get(key[0], [])
        first = process.extractOne(key, same_initial, scorer=fuzz.ratio, score_cutoff=80)
        if not first:
            return ()
        ids = self._area_keys()[1]
        found = self._best_area_keys(key, first[1])
        best = max((score for _, score, _ in found), default=0)
        out = []
        for other, score, n in found:
            entry = self.get(ids[n])
            if score >= best - 1 and other[0] == key[0] and entry is not None:
                out.append(Hit(entry, False))
        return tuple(sorted(out, key=lambda h: -h.entry.population))

    def _best_area_keys(self, key: str, floor: float) -> list[tuple[str, float, int]]:
        """The 8 area keys most like ``key`` (80% alike at least), as ``process.extract``
        over all of them gives them, that score at least ``floor - 1``.

        Only those matter to :meth:`_similar_areas`: ``floor`` is the best score of a key
        with the same initial, and it keeps nothing a point below the best. The ratio is
        ``200 * common / (len(a) + len(b))``, at most ``200 * min / sum`` of the lengths:
        only keys of a few lengths can reach the floor, compared in their own buckets (a
        tenth of the keys, where scanning all took milliseconds)."""
        from rapidfuzz import fuzz, process

        # A hair under the floor: a looser cutoff only keeps more, and rounding cannot drop
        # a key the plain scan keeps.
        cutoff = max(80.0, floor - 1.0 - 1e-6)
        size = len(key)
        found: list[tuple[str, float, int]] = []
        for length, (bucket, positions) in self._area_keys_by_length().items():
            if 200.0 * min(size, length) / (size + length) < cutoff - 1e-6:
                continue
            for other, score, n in process.extract(
                key, bucket, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
            ):
                found.append((other, score, positions[n]))
        # process.extract's order: best score first, and ties in the order of the keys.
        found.sort(key=lambda f: (-f[1], f[2]))
        return found[:8]

    def _area_keys_by_length(self) -> dict[int, tuple[list[str], array.array[int]]]:
        """The area keys by length, each with its position among all of them."""
        if self._areas_by_length is None:
            by_length: dict[int, tuple[list[str], array.array[int]]] = {}
            for n, other in enumerate(self._area_keys()[0]):
                bucket = by_length.setdefault(len(other), ([], array.array("i")))
                bucket[0].append(other)
                bucket[1].append(n)
            self._areas_by_length = by_length
        return self._areas_by_length

    def _area_keys_by_initial(self) -> dict[str, list[str]]:
        if self._areas_by_initial is None:
            # The keys are sorted: each initial's keys are one slice of them.
            keys = self._area_keys()[0]
            by_initial: dict[str, list[str]] = {}
            start = bisect.bisect_right(keys, "")  # empty keys have no initial
            while start < len(keys):
                initial = keys[start][0]
                end = bisect.bisect_left(keys, chr(ord(initial) + 1), start)
                by_initial[initial] = keys[start:end]
                start = end
            self._areas_by_initial = by_initial
        return self._areas_by_initial

    def _area_keys(self) -> tuple[list[str], list[int]]:
        if self._areas is None:
            with self._lock:
                try:
                    # Stored whole at build time: a few milliseconds to read.
                    row = self._conn.execute("SELECT keys, ids FROM area_keys").fetchone()
                except sqlite3.OperationalError:  # a file built without the table
                    row = None
                if row is not None:
                    ids = array.array("q")
                    ids.frombytes(row[1])
                    keys = row[0].split("\n") if ids else []
                    self._areas = (keys, ids.tolist())
                else:
                    # One pass over the name index against the set of area ids, in the
                    # index's order.
                    rows = self._conn.execute(AREA_KEYS_QUERY).fetchall()
                    self._areas = ([r[0] for r in rows], [r[1] for r in rows])
        return self._areas
