"""The postcode table (local_offer/postcodes.py): first-lookup time and memory per letter file, lookup speed.

Each measurement uses a fresh ``PostcodeDirectory``, so it reads its file again whatever ran before. Memory is
what tracemalloc sees: kept after the read, and the peak while reading (the unpacked file, released after).
"""

from __future__ import annotations

import time
import tracemalloc

from local_offer.postcodes import PostcodeDirectory

LETTERS = {"C": "CV11 4AB", "B": "B46 3LD", "O": "OX15 5HW"}  # Warwickshire's (and its border's) letters


def _first_lookup(postcode: str) -> tuple[float, float, float, int]:
    tracemalloc.start()
    traced = PostcodeDirectory()
    traced.lookup(postcode)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced
    directory = PostcodeDirectory()  # tracemalloc slows allocation-heavy code: time a fresh read without it
    started = time.perf_counter()
    directory.lookup(postcode)
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, kept / 1e6, peak / 1e6, len(directory._tables[postcode[0]] or ())


def _per_lookup(directory: PostcodeDirectory, text: str, runs: int = 2000) -> float:
    started = time.perf_counter()
    for _ in range(runs):
        directory.lookup(text)
    return (time.perf_counter() - started) * 1000 / runs


def main() -> None:
    print("## Postcode table: first lookup (reads the letter's file) and memory\n")
    print("| letter | postcodes | first lookup ms | kept MB | peak while reading MB |")
    print("|---|---:|---:|---:|---:|")
    for letter, postcode in LETTERS.items():
        ms, kept, peak, size = _first_lookup(postcode)
        print(f"| {letter} | {size:,} | {ms:.0f} | {kept:.1f} | {peak:.1f} |", flush=True)
    warm = PostcodeDirectory()
    warm.lookup("CV11 4AB")
    print("\n| warm lookup | ms |\n|---|---:|")
    print(f"| full postcode | {_per_lookup(warm, 'CV21 2AB'):.3f} |")
    print(f"| outward code (centroid) | {_per_lookup(warm, 'CV11', 500):.3f} |")
    print(f"| unknown postcode | {_per_lookup(warm, 'CV99 9ZZ'):.3f} |")


if __name__ == "__main__":
    main()
