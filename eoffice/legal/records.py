"""Văn bản pháp luật: one record of the legal corpus, validated, whatever file or table it came from.

The JSON/CSV schema of ``eoffice legal import`` (docs/LEGAL_CORPUS.md) is this model's fields. Statuses may be
written as the stable codes (``in_force``…) or the Vietnamese labels of the national database (``Còn hiệu
lực``, ``Hết hiệu lực toàn bộ``, ``Hết hiệu lực một phần``…).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from eoffice.legal.citation_keys import NAMED_TYPES, name_of, number_of, words

__all__ = ["LegalRecord", "LegalStatus"]


class LegalStatus(enum.StrEnum):
    """Tình trạng hiệu lực. ``AMENDED`` (được sửa đổi, hết hiệu lực một phần) is still in force (the check asks
    for the amending documents, ``amended_by``, to be cited too); unknown is ``None`` on a record.
    ``NOT_YET_IN_FORCE`` (chưa có hiệu lực) and ``SUSPENDED`` (tạm ngưng hiệu lực) are what the national legal
    database publishes besides."""

    IN_FORCE = "in_force"
    EXPIRED = "expired"
    REPLACED = "replaced"
    AMENDED = "amended"
    NOT_YET_IN_FORCE = "not_yet_in_force"
    SUSPENDED = "suspended"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, value: str) -> LegalStatus:
        """A code or a Vietnamese label, case- and diacritic-insensitively."""
        key = words(value).replace(" ", "_")
        for status in cls:
            if key == status.value:
                return status
        found = _ALIASES.get(words(value))
        if found is None:
            accepted = ", ".join(f"«{s.label}»" for s in cls)
            raise ValueError(f"tình trạng hiệu lực «{value}» không hợp lệ; dùng một trong: {accepted}")
        return found


_LABELS = {
    LegalStatus.IN_FORCE: "Còn hiệu lực",
    LegalStatus.EXPIRED: "Hết hiệu lực",
    LegalStatus.REPLACED: "Bị thay thế",
    LegalStatus.AMENDED: "Được sửa đổi",
    LegalStatus.NOT_YET_IN_FORCE: "Chưa có hiệu lực",
    LegalStatus.SUSPENDED: "Tạm ngưng hiệu lực",
}
_ALIASES = {
    "con hieu luc": LegalStatus.IN_FORCE,
    "het hieu luc": LegalStatus.EXPIRED,
    "het hieu luc toan bo": LegalStatus.EXPIRED,
    "bi thay the": LegalStatus.REPLACED,
    "da bi thay the": LegalStatus.REPLACED,
    "duoc sua doi": LegalStatus.AMENDED,
    "sua doi": LegalStatus.AMENDED,
    "duoc sua doi bo sung": LegalStatus.AMENDED,
    "het hieu luc mot phan": LegalStatus.AMENDED,
    "con hieu luc mot phan": LegalStatus.AMENDED,
    "chua co hieu luc": LegalStatus.NOT_YET_IN_FORCE,
    "tam ngung hieu luc": LegalStatus.SUSPENDED,
    "ngung hieu luc": LegalStatus.SUSPENDED,
    "tam ngung hieu luc toan bo": LegalStatus.SUSPENDED,
    "ngung hieu luc toan bo": LegalStatus.SUSPENDED,
    # a part suspended: the rest applies, as with a part expired
    "tam ngung hieu luc mot phan": LegalStatus.AMENDED,
    "ngung hieu luc mot phan": LegalStatus.AMENDED,
}
_NUMBER = re.compile(r"\d{1,6}\s*[/-]\s*\S.*")
_HAS_YEAR = re.compile(r"/(?:19|20)\d\d(?:/|$)")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _nfc(value: Any) -> Any:
    return " ".join(unicodedata.normalize("NFC", value).split()) if isinstance(value, str) else value


class LegalRecord(BaseModel):
    """One legal document: what it is, when it was issued, whether it still applies, and where that is from.

    ``replaced_by`` / ``amended_by`` hold numbers of other records. ``source`` says where the facts come from
    (Công báo, the national legal database, the document's own text) and how sure they are.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    number: str | None = None
    type: str
    issuer: str
    issue_date: dt.date
    title: str
    effective_date: dt.date | None = None
    expiry_date: dt.date | None = None
    status: LegalStatus | None = None
    replaced_by: tuple[str, ...] = ()
    amended_by: tuple[str, ...] = ()
    source: str
    source_id: str | None = None

    @field_validator("number", "type", "issuer", "title", "source", "source_id", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        value = _nfc(value)
        return None if value == "" else value

    @field_validator("type", "issuer", "title", "source")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value:
            raise ValueError("không được để trống")
        return value

    @field_validator("number")
    @classmethod
    def _number(cls, value: str | None) -> str | None:
        if value is not None and not _NUMBER.fullmatch(value):
            raise ValueError(f"số, ký hiệu «{value}» không đúng dạng (ví dụ 30/2020/NĐ-CP)")
        return value

    @field_validator("issue_date", "effective_date", "expiry_date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            dmy = _DMY.fullmatch(value)
            if dmy:
                try:
                    return dt.date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
                except ValueError:
                    raise ValueError(f"ngày «{value}» không tồn tại") from None
        return value

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        if isinstance(value, str):
            return LegalStatus.parse(value) if value.strip() else None
        return value

    @field_validator("replaced_by", "amended_by", mode="before")
    @classmethod
    def _numbers(cls, value: Any) -> Any:
        if value is None:
            return ()
        if isinstance(value, str):
            value = value.split(";")
        if isinstance(value, list | tuple):
            return tuple(n for n in (_nfc(v) for v in value) if n)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> LegalRecord:
        if self.effective_date and self.effective_date < self.issue_date - dt.timedelta(days=366):
            raise ValueError("ngày có hiệu lực sớm hơn ngày ban hành quá một năm")
        if self.number and any(number_of(n) == number_of(self.number) for n in self.replaced_by):
            raise ValueError("văn bản không thể thay thế chính nó")
        return self

    @property
    def key(self) -> str:
        """The upsert key: the number (with the year when the symbol has none, ``749/qd-ttg@2020``), else the
        name and date (a constitution)."""
        if self.number:
            key = number_of(self.number)
            return key if _HAS_YEAR.search(key) else f"{key}@{self.issue_date.year}"
        return f"{name_of(self.type, self.title)}@{self.issue_date.isoformat()}"

    @property
    def name(self) -> str:
        """How the document is called: ``Luật Đất đai``; ``Nghị định số 30/2020/NĐ-CP``."""
        if self.type in NAMED_TYPES:
            return (
                self.title if words(self.title).startswith(words(self.type)) else f"{self.type} {self.title}"
            )
        return f"{self.type} số {self.number}" if self.number else f"{self.type} {self.title}"

    @property
    def heading(self) -> str:
        """The name with the summary: ``Nghị định số 30/2020/NĐ-CP về công tác văn thư``; a law's name alone."""
        if self.type in NAMED_TYPES or not self.number:
            return self.name
        title = self.title
        if len(title) > 1 and title[1].islower():
            title = title[0].lower() + title[1:]
        return f"{self.name} {title}"

    @property
    def label(self) -> str:
        """A short unambiguous name: ``Luật Lưu trữ số 33/2024/QH15``, ``Nghị định số 30/2020/NĐ-CP``."""
        if self.type in NAMED_TYPES and self.number:
            return f"{self.name} số {self.number}"
        return self.name

    @property
    def reference(self) -> str:
        """How to cite it: ``Luật Lưu trữ số 33/2024/QH15``; ``Nghị định số 30/2020/NĐ-CP về công tác văn thư``."""
        return self.label if self.type in NAMED_TYPES else self.heading
