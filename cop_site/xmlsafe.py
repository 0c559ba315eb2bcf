"""What every XML file the engine writes (feed.xml, network.gexf, network.graphml) goes
through last: XML 1.0 cannot hold most control characters (U+0001, U+0008, U+000B...),
U+FFFE, U+FFFF or a lone surrogate, not even escaped, and a reader stops at the first one.
Front matter can hold them (YAML's "\\x01" escapes) and a note's text can too; the loader
tells the editor where (`load.control_characters`), and here they are left out."""

from __future__ import annotations

import re

# Everything XML 1.0 does not allow as a character (production [2], "Char").
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """`text` without the characters XML cannot hold."""
    return NOT_XML.sub("", text)


def document(text: str) -> bytes:
    """A serialised XML document as UTF-8 bytes, without the characters XML cannot hold.
    Markup never holds them, so only values lose anything."""
    return clean(text).encode("utf-8")
