"""Priority and plan timings; prints a table. Not a test: figures depend on the machine.

  - the priority score and band of every site (geo.core.priority.add_scores, with the
    rivers layer where installed) at 5,000 and 50,000 synthetic sites, and the whole
    state of a day with them (geo.core.filters.view_state), medians of --repeat runs;
  - building a plan of 30 (and 100) sites: the shortest tour found and the plan record
    (geo.core.visits.new_plan), and printing its visit list as PDF.

Usage: python scripts/bench_priority.py [--sizes 5000,50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import storage as store  # noqa: E402
from geo.core import filters, indicators, priority, visits  # noqa: E402
from geo.io import visit_list  # noqa: E402
from geo.language import dates  # noqa: E402
from geo.places import boundaries  # noqa: E402
from geo.settings import DEFAULTS, from_environ  # noqa: E402
from scripts.benchmark import synthetic_store  # noqa: E402


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="5000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cfg = from_environ()
    rivers = None
    if cfg.boundaries_configured:
        try:
            rivers = boundaries.load_boundaries(cfg.boundaries_dir).rivers
        except Exception:
            rivers = None
    rules = priority.load_rules(DEFAULTS.priority_file)
    targets = indicators.load_targets(DEFAULTS.targets_file)
    today = dates.today()
    print(f"rivers layer: {'yes' if rivers is not None else 'no'}")
    print(f"{'what':<48} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(x) for x in args.sizes.split(",")]:
            path = Path(tmp) / f"s{n}.gpkg"
            synthetic_store(n, path)
            s = store.GeoPackageStore(path)
            sites, changes, records = s.read_site_table(), s.read_history(), s.read_inspections()
            state = filters.view_state(sites, changes, records, today, targets)
            inputs = filters.priority_inputs(state, changes, records, today, rivers)
            print(f"{f'scores and bands, {n:,} sites':<48} {timed(lambda: priority.add_scores(state, rules, inputs), args.repeat):>8.2f}")
            print(f"{f'  with the river distances, {n:,} sites':<48} "
                  f"{timed(lambda: priority.add_scores(state, rules, filters.priority_inputs(state, changes, records, today, rivers)), args.repeat):>8.2f}")
            print(f"{f'state of a day without / with priority, {n:,}':<48} "
                  f"{timed(lambda: filters.view_state(sites, changes, records, today, targets), args.repeat):>8.2f} / "
                  f"{timed(lambda: filters.view_state(sites, changes, records, today, targets, rules, rivers), args.repeat):.2f}")
            if n >= 5000:
                scored = filters.view_state(sites, changes, records, today, targets, rules, rivers)
                for k in (30, 100):
                    chosen = visits.choose(scored, "view", limit=k)
                    build = lambda: visits.new_plan("Bench", "", today, today, chosen, (105.8542, 21.0285), "start", "bench")  # noqa: E731
                    print(f"{f'plan of {k} sites (route + record)':<48} {timed(build, args.repeat):>8.2f}")
                plan = visits.new_plan("Bench", "", today, today, visits.choose(scored, "view", limit=30), (105.8542, 21.0285), "s", "b")
                lines = {sid: priority.breakdown(scored, sid, rules, filters.priority_inputs(scored, changes, records, today, rivers))
                         for sid in plan.site_ids}
                vl = visit_list.build(plan, scored, records, lines, visit_list.load_checklist(DEFAULTS.checklist_file), today, "vi", "x")
                print(f"{'visit list of 30 sites, PDF':<48} {timed(lambda: visit_list.to_pdf(vl), args.repeat):>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
