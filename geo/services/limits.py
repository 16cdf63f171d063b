"""How often one client may call the services: a token bucket per client, in the process.

Each instance counts its own clients (behind a proxy with sticky sessions a client stays on
one instance). The client is the peer address, or the address the proxy in front says it
forwarded (``X-Real-IP``), only when the peer is that proxy on this machine.
"""

from __future__ import annotations

import threading
import time

LOCAL_PROXIES = {"127.0.0.1", "::1"}


class RateLimit:
    """``per_minute`` requests per client, refilled continuously, bursts up to the same number."""

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0 when the request may go on, else the seconds to wait."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                if len(self._buckets) > 10_000:  # forget the idle ones
                    self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 120}
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate


def client_of(peer: str | None, headers) -> str:
    """Who is asking: the peer, or what a local proxy says it forwarded."""
    peer = peer or "unknown"
    forwarded = headers.get("x-real-ip", "").strip()
    return forwarded if forwarded and peer in LOCAL_PROXIES else peer
