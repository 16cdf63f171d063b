"""Where a fact comes from, cited as people cite it: outlet, article, date, and what it reported.

The dataset stores a source as the short key it was gathered under ("laodong.vn 688084;
technogas.vn"); ``data/sources.csv`` says for each key which outlet it is (with an English name where it has one), the article's number
or the document's name, its date where the source gives one, what it reported, and its address
where one is known (none is guessed). A key without an entry is shown as it is.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pandas as pd

from geo.language import i18n

SEPARATOR = re.compile(r"\s*[;|]\s*")


@functools.lru_cache(maxsize=4)
def registry(path: Path) -> dict[str, dict]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {row["key"]: row for row in frame.to_dict("records")}


def cite_one(key: str, entries: dict[str, dict], lang: str = "vi") -> str:
    """One source in words: "Lao Động (laodong.vn), bài 688084: các cụm công nghiệp ở Thạch Thất"."""
    entry = entries.get(key.strip())
    if entry is None:
        return key.strip()
    parts = [i18n.pick(lang, entry["outlet"], entry.get("outlet_en") or entry["outlet"])]
    article = entry["article"]
    if article:
        parts.append(i18n.pick(lang, "bài ", "article ") + article if re.fullmatch(r"[A-Z]?\d+", article) else article)
    if entry["date"]:
        parts.append(entry["date"])
    about = entry[f"about_{i18n.code(lang)}"]
    text = ", ".join(parts) + (f": {about}" if about else "")
    return text + (f" ({entry['url']})" if entry["url"] else "")


def cite(sources: str, path: Path, lang: str = "vi") -> str:
    """Every source of a stored source text, in words, separated by '; '."""
    if not isinstance(sources, str) or not sources.strip():
        return "—"
    entries = registry(Path(path))
    return "; ".join(dict.fromkeys(cite_one(key, entries, lang) for key in SEPARATOR.split(sources) if key.strip()))


def outlets(sources: str, path: Path, lang: str = "vi") -> str:
    """The outlets and dates alone, for a list's narrow column: "Kinh tế & Đô thị (kinhtedothi.vn), 28/04/2023"."""
    if not isinstance(sources, str) or not sources.strip():
        return "—"
    entries = registry(Path(path))
    out = []
    for key in SEPARATOR.split(sources):
        entry = entries.get(key.strip())
        if entry is None:
            out.append(key.strip())
            continue
        outlet = i18n.pick(lang, entry["outlet"], entry.get("outlet_en") or entry["outlet"])
        out.append(outlet + (f", {entry['date']}" if entry["date"] else ""))
    return "; ".join(dict.fromkeys(o for o in out if o))
