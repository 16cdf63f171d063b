"""The map's site data at an address of its own, so that a map document carries none.

The Map page registers the rows of its view under a key made of the data version, the date,
the filters, the colouring and the language, and the map fetches ``/du-lieu-ban-do/<key>.json``.
The address changes whenever its content could, so the answer is cached by the browser for
good (``immutable``): a returning browser fetches nothing, a filter change fetches only the new
rows, and neither goes through Streamlit's WebSocket. The body is kept gzipped (Streamlit's
server compresses nothing of its own).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections import OrderedDict

PATH = "/du-lieu-ban-do"


class MapData:
    """The last ``max_entries`` payloads, raw and gzipped, by key; shared by the pages and the route of one process."""

    def __init__(self, max_entries: int = 64):
        self.max_entries = max_entries
        self._items: OrderedDict[str, tuple[bytes, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(*parts) -> str:
        return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()[:24]

    def has(self, key: str) -> bool:
        with self._lock:
            return key in self._items

    def put(self, key: str, payload) -> None:
        raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        packed = gzip.compress(raw, compresslevel=6)
        with self._lock:
            self._items[key] = (raw, packed)
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def get(self, key: str) -> tuple[bytes, bytes] | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item


#: The process's payloads.
REGISTRY = MapData()
