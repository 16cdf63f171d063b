"""Rebuild data/sites.csv from data/reference/*.csv and the boundary layers.

Usage: python scripts/build_reference.py [BOUNDARIES_DIR]
Prints every site that could not be placed in a new unit, or whose old commune was
split between several new units, with the choice made and why.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import boundaries, model, reference  # noqa: E402


def main(argv: list[str]) -> int:
    folder = argv[1] if len(argv) > 1 else os.environ.get("HANOI_BOUNDARIES_DIR", "../shared/data/boundaries")
    b = boundaries.load_boundaries(folder)
    lists = reference.read_reference_lists()
    sites, report = reference.build_sites(b, lists)
    errors = model.validate_sites(sites, outline=b.outline)
    for e in errors:
        print("ERROR", e.message)
    reference.write_sites_csv(sites)
    counts = sites["location_precision"].value_counts().to_dict()
    print(f"{len(sites)} sites written to {reference.SITES_CSV}; precision: {counts}")
    print(f"{len(report)} sites to check:")
    for line in report:
        print("  " + line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
