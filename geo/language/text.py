"""Vietnamese text: NFC normalisation, diacritic-insensitive and typo-tolerant matching.

Public Vietnamese data mixes NFC and NFD (and legacy composed forms), so every
comparison goes through :func:`nfc`; search goes through :func:`fold` so that
"bat trang" finds "Bát Tràng", and :func:`resembles` (rapidfuzz) so that "bat trag" and
"battrang" do too.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz, process, utils

_SPACES = re.compile(r"\s+")


def nfc(text) -> str:
    """Unicode NFC with collapsed white space; ``None`` becomes ''."""
    if text is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def is_nfc(text) -> bool:
    return text is None or unicodedata.is_normalized("NFC", str(text))


def fold(text) -> str:
    """Lower-case, without diacritics; đ/Đ become d (NFD does not decompose them)."""
    return _fold(text) if isinstance(text, str) else _fold(nfc(text))


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", nfc(text).casefold())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d")


def matches(query: str, *texts) -> bool:
    """True when every word of ``query`` occurs in one of ``texts``, diacritics ignored.

    A query typed with diacritics must match them exactly ("Bắc" does not find
    "Bác"); one typed without them matches any.
    """
    words = nfc(query).casefold().split()
    if not words:
        return True
    haystack_exact = " ".join(nfc(t).casefold() for t in texts if t is not None)
    haystack_folded = fold(haystack_exact)
    for word in words:
        target = haystack_folded if fold(word) == word else haystack_exact
        if word not in target:
            return False
    return True


def slug(text) -> str:
    """ASCII slug for identifiers: 'Phùng Xá' -> 'phung-xa'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


_ADMIN_PREFIXES = (
    "thi tran", "thi xa", "phuong", "quan", "huyen", "xa", "tt", "tx", "p.", "q.", "h.",
)


def bare_admin_name(text) -> str:
    """Folded name without 'xã', 'phường', 'huyện'...: 'Xã Phùng Xá' -> 'phung xa'."""
    name = fold(text)
    for prefix in _ADMIN_PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :].strip()
    return name


#: How alike (0-100) a query and a text must be to count as the same despite a typo.
RESEMBLES = 85
#: Queries shorter than this (letters) are not matched loosely: "ba" resembles everything.
MIN_FUZZY = 4


def resembles(query: str, haystack: str) -> bool:
    """True when ``query`` occurs in ``haystack`` but for a typo or a missing space ("battrang")."""
    q, h = fold(query), fold(haystack)
    if len(q.replace(" ", "")) < MIN_FUZZY:
        return False
    return (fuzz.partial_ratio(q, h) >= RESEMBLES
            or fuzz.partial_ratio(q.replace(" ", ""), h.replace(" ", "")) >= RESEMBLES + 5)


def suggest(query: str, candidates, limit: int = 3) -> list[str]:
    """The candidates most like ``query``, best first ("did you mean"), without duplicates."""
    if len(fold(query).replace(" ", "")) < MIN_FUZZY:
        return []
    names = list(dict.fromkeys(nfc(c) for c in candidates if c))
    found = process.extract(fold(query), [fold(n) for n in names], scorer=fuzz.WRatio, limit=limit * 3,
                            score_cutoff=RESEMBLES - 10, processor=utils.default_process)
    out: list[str] = []
    for _match, _score, index in found:
        if names[index] not in out:
            out.append(names[index])
    return out[:limit]
