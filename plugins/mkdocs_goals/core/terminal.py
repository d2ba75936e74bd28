"""Text for terminals and build logs: control characters shown, never obeyed.

Goal files come from anyone who can open a pull request, and a terminal (or a CI log
viewer) obeys the escape sequences in what it prints. The CLI and the MkDocs plugin pass
every string that came from a file, a file name or git through `terminal_safe`.
"""

from __future__ import annotations

import re

# Characters that reorder or hide text (Trojan Source): ALM, LRM, RLM, LRE..RLO, LRI..PDI.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# C0 controls but TAB, DEL, C1 controls (U+009B is a one-byte CSI), line and paragraph
# separators, bidi controls, and lone surrogates (undecodable bytes in a file name).
_UNSAFE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}\ud800-\udfff]")


def visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"<0x{code - 0xDC00:02X}>"
    return f"<U+{code:04X}>"


def terminal_safe(text: object) -> str:
    """`text` with every control character shown as `<U+001B>` instead of acted on.

    No escape sequence (colours, cursor moves, window titles, OSC 52 clipboard writes),
    no carriage return or backspace that overprints, no line break that fakes an output
    line, no bidi control that reorders what is shown. A TAB becomes a space.
    """
    return _UNSAFE.sub(visible, str(text).replace("\t", " "))
