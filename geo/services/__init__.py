"""Standard web services beside the dashboard: the OGC API (what is published: :mod:`geo.core.published`)
through pygeoapi (:mod:`~.ogc`, :mod:`~.ogc_provider`), exports by link and the change feed
(:mod:`~.links_out`, :mod:`~.feed`) and request limits (:mod:`~.limits`). All read-only, all
public data; no Streamlit here (the ASGI routes in :mod:`ui.server` mount them)."""
