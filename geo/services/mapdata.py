"""The map's site data at an address of its own, so that a map document carries none.

The Map page registers the rows of its view under a key made of the data version, the date,
the filters, the colouring and the language, and the map fetches ``/du-lieu-ban-do/<key>.json``.
The address changes whenever its content could, so the answer is cached by the browser for
good (``immutable``): a returning browser fetches nothing, a filter change fetches only the new
rows, and neither goes through Streamlit's WebSocket. The body is kept gzipped (Streamlit's
server compresses nothing of its own).
"""

from __future__ import annotations

import concurrent.futures
import gzip
import hashlib
import json
import threading
from collections import OrderedDict

PATH = "/du-lieu-ban-do"


class MapData:
    """The last ``max_entries`` payloads, raw and gzipped, by key; shared by the pages and the route of one process.

    A payload is made off the page's run (:meth:`prepare`): the page registers what to draw and
    goes on, the bytes are ready by the time the browser, having loaded the map's scripts, asks.
    """

    def __init__(self, max_entries: int = 64):
        self.max_entries = max_entries
        self._items: OrderedDict[str, concurrent.futures.Future] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="map-data")

    @staticmethod
    def key(*parts) -> str:
        return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()[:24]

    def has(self, key: str) -> bool:
        with self._lock:
            return key in self._items

    def prepare(self, key: str, make_payload) -> None:
        """Make ``make_payload()``'s bytes in the background, unless this key is already there."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return
            self._items[key] = self._pool.submit(_pack, make_payload)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def put(self, key: str, payload) -> None:
        """Register a payload made already (tests, small maps)."""
        done: concurrent.futures.Future = concurrent.futures.Future()
        done.set_result(_pack(lambda: payload))
        with self._lock:
            self._items[key] = done
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def get(self, key: str, timeout: float = 60.0) -> tuple[bytes, bytes] | None:
        """(raw, gzipped), waiting for one still being made; None for a key not registered (or dropped)."""
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
        return None if item is None else item.result(timeout)


def _pack(make_payload) -> tuple[bytes, bytes]:
    raw = json.dumps(make_payload(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return raw, gzip.compress(raw, compresslevel=6)


#: The process's payloads.
REGISTRY = MapData()
