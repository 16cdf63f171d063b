"""Probable matches: a file's "CCN Bình Phú" may be the store's "CCN Bình Phú 1".

Exact matches (by id, by name and commune) are made without asking; a name that is only
alike is proposed with a score for the user to confirm, never turned silently into a new
site nor merged into an old one. RapidFuzz scores the names once the words every list
writes differently ("CCN", "Cụm công nghiệp", "Làng nghề") are set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from geo.language import text

#: At or above this score (0-100) a name is proposed as the same site.
THRESHOLD = 85.0
_PREFIXES = re.compile(r"^(cum cong nghiep lang nghe|cum cong nghiep|ccn lang nghe|ccn|khu cong nghiep|kcn|lang nghe truyen thong|"
                       r"lang nghe|ln)\b\s*")
#: Kinds that can be the same site under different words (a cluster listed as a craft-village cluster).
_FAMILY = {"ccn": "cluster", "ccn_lang_nghe": "cluster", "kcn": "park", "lang_nghe": "village"}


def key(name) -> str:
    """A name as compared: folded, without the kind's words, digits kept ("Bình Phú 1" and "Bình Phú 2" differ)."""
    folded = re.sub(r"[^a-z0-9 ]+", " ", text.fold(name)).strip()
    return re.sub(r"\s+", " ", _PREFIXES.sub("", folded)).strip()


@dataclass(frozen=True)
class Match:
    site_id: str
    name: str
    score: float


class Matcher:
    """The store's sites, keyed for comparing; :meth:`best` gives the most alike above the threshold."""

    def __init__(self, existing: pd.DataFrame):
        self.rows = existing[["site_id", "name", "kind", "old_district_name"]].reset_index(drop=True) if len(existing) else None
        self.keys = [key(n) for n in self.rows["name"]] if self.rows is not None else []
        self._choices: dict = {}  # (family, district) -> {position: key}: built once, a list of 10,000 rows asks again and again

    def _candidates(self, family, district: str) -> dict:
        cached = self._choices.get((family, district))
        if cached is None:
            cached = {}
            for i, (k, row) in enumerate(zip(self.keys, self.rows.itertuples())):
                if family and _FAMILY.get(row.kind) != family:
                    continue
                if district and row.old_district_name and text.bare_admin_name(row.old_district_name) != district:
                    continue
                cached[i] = k
            self._choices[(family, district)] = cached
        return cached

    def best(self, name, kind: str = "", district: str = "") -> Match | None:
        if self.rows is None or not key(name):
            return None
        wanted = key(name)
        numbers = set(re.findall(r"\d+", wanted))
        family = _FAMILY.get(kind or "")
        choices = self._candidates(family, text.bare_admin_name(district) if district else "")
        if numbers:  # "Bình Phú 2" is not "Bình Phú 1": phases are different sites
            choices = {i: k for i, k in choices.items() if set(re.findall(r"\d+", k)) in (set(), numbers)}
        hit = process.extractOne(wanted, choices, scorer=fuzz.ratio, score_cutoff=THRESHOLD)
        if hit is None:
            return None
        row = self.rows.iloc[hit[2]]
        return Match(row["site_id"], row["name"], float(hit[1]))
