"""``make bench``: runs every benchmark module's ``main()`` in turn and prints its tables.

Each module is also runnable on its own: ``python -m tests.benchmarks.bench_search``.
A module that fails is reported and the rest still run; the exit status says whether all ran.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback

import tests.benchmarks as package


def main() -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__) if m.name.startswith("bench_"))
    selected = [n for n in names if not sys.argv[1:] or any(arg in n for arg in sys.argv[1:])]
    failed = []
    for name in selected:
        started = time.perf_counter()
        print(f"\n# {name}\n", flush=True)
        try:
            importlib.import_module(f"tests.benchmarks.{name}").main()
        except Exception:
            traceback.print_exc()
            failed.append(name)
        print(f"\n({name} took {time.perf_counter() - started:.1f} s)", flush=True)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
