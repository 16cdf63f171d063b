"""The Streamlit side that pages share: the view of this run, cached loaders, the sidebar,
the sign-in box, cards and banners. Only ``dashboard.py``, ``ui/`` and ``pages/`` import
Streamlit; everything they compute comes from ``geo``.
"""
