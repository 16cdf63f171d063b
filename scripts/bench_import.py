"""Import speed: a 10,000-row list placed from old addresses, previewed and committed on both backends.

Usage: python scripts/bench_import.py [--rows 10000] [--backends gpkg,postgis]

The list is what a department sends: an XLSX with a name, an old address ("Xã …, Huyện …")
drawn from the communes of the reference dataset, an area written the Vietnamese way
("10,5") and two statuses. It prints read / place / plan / preview total / commit seconds,
and the targets beside them (issue 15: preview ≤ 15 s, commit ≤ 5 s on either backend).
Needs the boundary files (HANOI_BOUNDARIES_DIR) and, for PostGIS, a local PostgreSQL.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def department_xlsx(sites: pd.DataFrame, rows: int, seed: int = 1) -> bytes:
    pairs = [(r.old_commune_name, r.old_district_name) for r in sites.itertuples() if r.old_commune_name and r.old_district_name]
    rng = random.Random(seed)
    chosen = [pairs[rng.randrange(len(pairs))] for _ in range(rows)]
    frame = pd.DataFrame({"TT": range(1, rows + 1), "Tên cụm công nghiệp": [f"CCN Thử nghiệm số {i}" for i in range(rows)],
                          "Địa điểm": [f"{c}, {d}" for c, d in chosen], "Diện tích (ha)": "10,5",
                          "Tình trạng": "Đang hoạt động", "Trạm XLNT": "Chưa có"})
    buf = io.BytesIO()
    frame.to_excel(buf, index=False)
    return buf.getvalue()


def fresh_store(backend: str, work: Path):
    import sqlalchemy as sa

    from geo import settings, storage

    if backend == "gpkg":
        return storage.open_store(dataclasses.replace(settings.DEFAULTS, store_path=work / "bench-import.gpkg")), None
    name = f"hanoi_bench_imp_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    return storage.open_store(dataclasses.replace(settings.DEFAULTS, database_url=url)), name


def drop(name: str | None) -> None:
    if name is None:
        return
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run(backend: str, rows: int, b, work: Path) -> dict:
    from geo.access import auth, recording
    from geo.io import importing

    s, name = fresh_store(backend, work)
    try:
        data = department_xlsx(s.read_site_table(), rows)
        admin = auth.User("bench", "Benchmark", "admin")
        t0 = time.perf_counter()
        raw = importing.read_upload("danh-sach.xlsx", data)
        t1 = time.perf_counter()
        opts = importing.Options(importing.auto_mapping(raw.headers), "ccn", "EPSG:4326", "2026-11-30", "benchmark")
        cand, problems, statuses = importing.candidates(raw, opts, b)
        t2 = time.perf_counter()
        plan = importing.plan(s.read_site_table(), s.read_sites(dt.date(2026, 11, 30)), cand, problems, statuses, opts, "bench",
                              b.city.geometry.iloc[0])
        t3 = time.perf_counter()
        if not plan.ok:
            raise SystemExit(f"{backend}: the benchmark list has problems: {[p.text('en') for p in plan.problems[:3]]}")
        recording.commit_import(s, admin, plan, "danh-sach.xlsx", "benchmark")
        t4 = time.perf_counter()
        return {"backend": backend, "rows": rows, "read": t1 - t0, "place": t2 - t1, "plan": t3 - t2, "preview": t3 - t0,
                "commit": t4 - t3, "counts": plan.counts()}
    finally:
        drop(name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--backends", default="gpkg,postgis")
    args = parser.parse_args()
    from geo import settings
    from geo.places import boundaries

    b = boundaries.load_boundaries(settings.from_environ().boundaries_dir)
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    results = [run(backend, args.rows, b, work) for backend in args.backends.split(",")]
    print("| backend | rows | read XLSX s | place from old addresses s | plan s | preview total s | commit s |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['backend']} | {r['rows']:,} | {r['read']:.2f} | {r['place']:.2f} | {r['plan']:.2f} | {r['preview']:.2f} | "
              f"{r['commit']:.2f} |")
    print("\nTargets (issue 15): a 10,000-row list placed from old addresses previews in ≤ 15 s and commits in ≤ 5 s on either backend.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
