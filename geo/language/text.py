"""Vietnamese text: NFC normalisation and diacritic-insensitive matching.

Public Vietnamese data mixes NFC and NFD (and legacy composed forms), so every
comparison goes through :func:`nfc`; search goes through :func:`fold` so that
"bat trang" finds "Bát Tràng".
"""

from __future__ import annotations

import re
import unicodedata

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
