"""Does an uploaded document's content match its extension?

An ``.exe`` renamed ``.pdf`` or an HTML page named ``.pdf`` is the classic way to smuggle malware or a
phishing page onto an official site: the office's address lends it credibility, and a browser may
sniff the content and run it. Wagtail checks only the extension (``WAGTAILDOCS_EXTENSIONS``), so the
document form (``home.editorial.forms``) also checks the first bytes and, for ZIP-based formats, the
archive's table of contents.

``filetype`` (a Wagtail dependency) names binary formats it recognises — it is used only to say what
the file really is; the decision is made by the explicit rules below, one per allowed extension.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

import filetype

HEAD_BYTES = 8192

# What the person called the file: the extension, named the way an office worker knows it.
CLAIMED = {
    "pdf": "PDF",
    "docx": "dokument Word (DOCX)",
    "xlsx": "arkusz Excel (XLSX)",
    "odt": "dokument OpenDocument (ODT)",
    "ods": "arkusz OpenDocument (ODS)",
    "zip": "archiwum ZIP",
    "rtf": "dokument RTF",
    "txt": "plik tekstowy (TXT)",
    "csv": "plik CSV",
    "xml": "plik XML",
    "jpg": "zdjęcie JPEG",
    "jpeg": "zdjęcie JPEG",
    "png": "obraz PNG",
}

_FOUND_NAMES = {
    "exe": "program Windows (EXE)",
    "elf": "program Linux (ELF)",
    "html": "strona HTML",
    "binary": "plik binarny nieznanego rodzaju",
    "zip": "archiwum ZIP",
    "docx": "dokument Word (DOCX)",
    "xlsx": "arkusz Excel (XLSX)",
    "pptx": "prezentacja PowerPoint (PPTX)",
    "odt": "dokument OpenDocument (ODT)",
    "ods": "arkusz OpenDocument (ODS)",
    "odp": "prezentacja OpenDocument (ODP)",
    "pdf": "PDF",
    "rtf": "dokument RTF",
    "text": "plik tekstowy",
    "xml": "plik XML",
    "doc": "dokument Word 97–2003 (DOC)",
    "xls": "arkusz Excel 97–2003 (XLS)",
    "empty": "pusty plik",
    "jpg": "zdjęcie JPEG",
    "png": "obraz PNG",
    "gif": "obraz GIF",
}

_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<svg")
_TEXT_LIKE = {"txt", "csv", "xml"}
_ZIP_LIKE = {"zip", "docx", "xlsx", "odt", "ods"}


@dataclass(frozen=True)
class Mismatch:
    """The content is ``found`` (a Polish description), the name claims ``claimed``."""

    found: str
    claimed: str


def _ooxml_or_odf(upload) -> str:
    """``docx``/``xlsx``/``pptx``/``odt``/``ods``/``odp`` from a ZIP's table of contents, else ``zip``.

    A damaged archive counts as plain ``zip`` data: the editor sees the mismatch message rather than
    a 500, and a genuine ``.zip`` is accepted as it is.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                kind = _OPENDOCUMENT.get(archive.read("mimetype").strip())
                if kind:
                    return kind
    except (zipfile.BadZipFile, OSError, EOFError, KeyError):
        return "zip"
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(name.startswith(prefix) for name in names):
                return kind
    return "zip"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1250"):  # Polish files from older Office versions are often cp1250
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            # A multi-byte UTF-8 character cut at the end of the sample is still text.
            if encoding == "utf-8":
                try:
                    head[:-3].decode(encoding)
                    return True
                except UnicodeDecodeError:
                    continue
    return False


def sniff(upload) -> str:
    """What the file's content is, as a key of ``_FOUND_NAMES`` (or a ``filetype`` extension)."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not head:
        return "empty"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"MZ"):
        return "exe"
    if head.startswith(b"\x7fELF"):
        return "elf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _ooxml_or_odf(upload)
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"  # OLE2: Word/Excel 97–2003; the exact one does not matter for the message
    if any(stripped.startswith(marker) for marker in _HTML_MARKERS):
        return "html"
    if _looks_like_text(head):
        if stripped.startswith(b"<?xml") or stripped.startswith(b"<"):
            return "xml"
        return "text"
    kind = filetype.guess(head)
    return kind.extension if kind else "binary"


def _accepts(extension: str, found: str) -> bool:
    if extension == found:
        return True
    if extension == "jpeg":
        return found == "jpg"
    if extension == "zip":
        return found in _ZIP_LIKE  # an archive of Office files is still an archive
    if extension == "txt":
        return found in ("text", "xml")
    if extension == "csv":
        return found == "text"
    return False


def content_mismatch(upload, name: str) -> Mismatch | None:
    """``None`` when the content of ``upload`` fits the extension of ``name``; a ``Mismatch`` otherwise.

    Extensions outside ``CLAIMED`` are not judged here (Wagtail's extension list rejects them).
    """
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in CLAIMED:
        return None
    found = sniff(upload)
    if _accepts(extension, found):
        return None
    return Mismatch(found=_FOUND_NAMES.get(found, found.upper()), claimed=CLAIMED[extension])
