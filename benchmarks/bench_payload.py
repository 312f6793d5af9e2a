"""What reading a body with the VBA client's elided elements costs, against a clean body.

    python benchmarks/bench_payload.py [--rows 5000] [--repeat 5]

xlwings' VBA client writes the newer Excel errors (#SPILL!, #CALC!…) as nothing, so one such
cell makes the whole body invalid JSON and ``s55xl.server.payload.parse`` repairs it token by
token before reading it. The baseline, measured in the same run, is ``parse`` of the same body
with that one cell as text (plain ``json.loads`` plus the shape check). Figures: the best of
``--repeat`` runs of each, and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))


def body(rows: int, elided: bool) -> bytes:
    from support.xlpayload import vba_json

    header = [f"Column {i}" for i in range(20)]
    values = [header] + [[f"Row {r} text, with a comma" if c % 2 else r * c for c in range(20)]
                         for r in range(1, rows + 1)]
    values[rows // 2][5] = "#SPILL!" if elided else "#N/A"
    payload = {"client": "VBA", "version": "0", "book": {"name": "b.xlsm",
                                                        "active_sheet_index": 0},
               "names": [], "sheets": [{"name": "Recommendations", "pictures": [], "tables": [],
                                        "values": values}]}
    return vba_json(payload)


def best(data: bytes, repeat: int) -> float:
    from s55xl.server.payload import parse

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        parse(data)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    clean, elided = body(args.rows, False), body(args.rows, True)
    baseline = best(clean, args.repeat)
    repaired = best(elided, args.repeat)
    print(f"body {len(clean) / 1e6:.1f} MB, {args.rows} rows x 20 columns")
    print(f"clean body          {baseline * 1000:8.1f} ms  (baseline)")
    print(f"one elided element  {repaired * 1000:8.1f} ms  ratio {repaired / baseline:.2f}")


if __name__ == "__main__":
    main()
