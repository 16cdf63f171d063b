"""One thing wrong with an imported file: where (row, column) and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass

from geo.errors import Message
from geo.language import i18n


@dataclass(frozen=True)
class Problem:
    row: int  # the file's own row number; 0 = the file as a whole
    column: str
    message: Message

    @classmethod
    def of(cls, row: int, column: str, vi: str, en: str) -> Problem:
        return cls(row, column, Message(vi, en))

    def text(self, lang: str = "vi") -> str:
        where = "" if self.row == 0 else i18n.pick(lang, f"Dòng {self.row}: ", f"Row {self.row}: ")
        col = f"{self.column}: " if self.column else ""
        return where + col + self.message.text(lang)
