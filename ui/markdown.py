"""Text from outside (links, files, forms, the store) shown as plain text in Streamlit's Markdown.

Streamlit renders Markdown in titles, captions, alerts, table cells, expander and widget
labels: links, images (fetched by the browser), LaTeX (``$...$``), colour directives
(``:red[...]``), and bare URLs and e-mail addresses made into links. :func:`text`
backslash-escapes every ASCII punctuation character, which CommonMark then shows as itself;
and because GitHub's bare-URL links are found in the text *after* escapes are resolved, it
also puts an invisible word joiner into ``://``, ``www.`` and ``@``. Everything a person wrote
still reads the same; nothing of it acts.
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_JOINER = "\u2060"  # WORD JOINER: zero width, no break
_AUTOLINKED = re.compile(r"(://|(?i:www)\.|@)")


def text(value) -> str:
    """``value`` as Markdown that displays exactly it (control characters dropped; lines kept)."""
    if value is None:
        return ""
    plain = _CONTROL.sub("", str(value))
    plain = _AUTOLINKED.sub(lambda m: m.group(1)[0] + _JOINER + m.group(1)[1:], plain)
    escaped = _PUNCTUATION.sub(r"\\\1", plain)
    return escaped.replace("\n", "  \n")
