"""Slow work with a progress bar, done once per session and inputs.

``st.cache_data`` would replay the bar's updates on every hit, so the import preview keeps its
result here instead: one entry per distinct inputs, the last few kept, per session (the file
and the answers are the user's own).
"""

from __future__ import annotations

import hashlib
import pickle

import streamlit as st

KEPT = 4


def once(name: str, inputs: tuple, compute, text: str):
    """``compute(progress)`` for these inputs, with a bar while it runs; again only when the inputs change.

    ``inputs`` must pickle (bytes, text, numbers, dates, tuples); the store's data version belongs in them.
    """
    key = hashlib.sha1(pickle.dumps(inputs)).hexdigest()
    memo: dict = st.session_state.setdefault(f"progress_memo_{name}", {})
    if key not in memo:
        bar = st.progress(0.0, text=text)
        try:
            result = compute(lambda fraction: bar.progress(min(max(float(fraction), 0.0), 1.0), text=text))
        finally:
            bar.empty()
        while len(memo) >= KEPT:
            memo.pop(next(iter(memo)))
        memo[key] = result
    return memo[key]
