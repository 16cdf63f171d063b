"""How many password guesses an attacker gets checked in a fixed time; prints a table. Not a test.

For each backend (the embedded GeoPackage and PostGIS) and each number of attacking
processes, every process guesses wrong passwords for one user name as fast as it can for
``--seconds``; a guess counts as *checked* when the password was actually verified (the
answer is "wrong password"), not refused by the slow-down. A sound slow-down gives the same
figure whatever the number of attackers.

Usage: python scripts/bruteforce.py [--attackers 1,8,16] [--seconds 20] [--backends gpkg,postgis]
"""

from __future__ import annotations

import argparse
import multiprocessing
import secrets
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _open(where: str):
    from geo import storage
    from geo.storage import postgis

    return postgis.PostGISStore(where) if where.startswith("postgresql") else storage.GeoPackageStore(Path(where))


def attacker(where: str, seconds: float, start_at: float, queue, client: str) -> None:
    from geo.access import auth
    from geo.errors import SignInFailed

    s = _open(where)
    checked = refused = 0
    while time.time() < start_at:
        time.sleep(0.01)
    end = start_at + seconds
    while time.time() < end:
        try:
            auth.sign_in(s, "quantri", secrets.token_hex(8), **({"client": client} if _takes_client() else {}))
        except SignInFailed as exc:
            if "Wrong user name or password" in exc.text("en"):
                checked += 1
            else:
                refused += 1
                time.sleep(0.05)
    queue.put((checked, refused))


def _takes_client() -> bool:
    import inspect

    from geo.access import auth

    return "client" in inspect.signature(auth.sign_in).parameters


def fresh_store(backend: str, work: Path) -> str:
    import dataclasses

    import sqlalchemy as sa

    from geo import settings, storage
    from geo.access import auth

    if backend == "gpkg":
        path = work / f"bf-{uuid.uuid4().hex[:8]}.gpkg"
        s = storage.open_store(dataclasses.replace(settings.DEFAULTS, store_path=path))
        where = str(path)
    else:
        name = f"hanoi_bf_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        where = sa.engine.make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
        s = storage.open_store(dataclasses.replace(settings.DEFAULTS, database_url=where))
    auth.create_user(s, None, "quantri", "mat-khau-dung-that-dai", "admin")
    return where


def drop(where: str) -> None:
    import sqlalchemy as sa

    if where.startswith("postgresql"):
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{sa.engine.make_url(where).database}" WITH (FORCE)'))
        admin.dispose()


def run(backend: str, attackers: int, seconds: float, work: Path) -> tuple[int, int]:
    where = fresh_store(backend, work)
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    start_at = time.time() + 8  # every process has opened the store before the clock starts
    procs = [ctx.Process(target=attacker, args=(where, seconds, start_at, queue, f"10.0.0.{i + 1}")) for i in range(attackers)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join(30)
    drop(where)
    return sum(r[0] for r in results), sum(r[1] for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attackers", default="1,8,16")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--backends", default="gpkg,postgis")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bruteforce-"))
    print(f"| backend | attackers | guesses checked in {args.seconds:g} s | refused by the slow-down |\n|---|---|---|---|")
    for backend in args.backends.split(","):
        for n in (int(a) for a in args.attackers.split(",")):
            checked, refused = run(backend, n, args.seconds, work)
            print(f"| {backend} | {n} | {checked} | {refused} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
