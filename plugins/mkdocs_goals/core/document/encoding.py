"""Turning a file's bytes into text we can parse, without losing what we must write back."""

from __future__ import annotations

from dataclasses import dataclass

BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class UndecodableError(ValueError):
    """The bytes are not UTF-8 Markdown; `line` says where the trouble starts."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Decoded:
    """UTF-8 bytes without the BOM; `offset` maps their byte offsets back to the file."""

    body: bytes
    has_bom: bool

    @property
    def offset(self) -> int:
        return len(BOM) if self.has_bom else 0


def decode(raw: bytes) -> Decoded:
    """Check that `raw` is UTF-8 text and strip a leading BOM (editors hide it; so do we)."""
    if raw.startswith(_UTF16_BOMS):
        raise UndecodableError("file is UTF-16 encoded; save it as UTF-8", 1)
    nul = raw.find(b"\x00", 0, 8192)
    if nul != -1:
        raise UndecodableError("binary file (contains NUL bytes), not Markdown", raw.count(b"\n", 0, nul) + 1)
    has_bom = raw.startswith(BOM)
    body = raw[len(BOM) :] if has_bom else raw
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        raise UndecodableError(
            f"not valid UTF-8 (byte 0x{body[error.start]:02x} on this line); save the file as UTF-8", line
        ) from None
    return Decoded(body=body, has_bom=has_bom)
