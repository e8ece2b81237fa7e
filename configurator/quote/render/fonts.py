"""Embedded Unicode fonts for quotes, and literal text in any script.

DejaVu Sans prints Latin, Greek, Cyrillic and symbols; runs of characters it lacks switch to
the first fallback that has them: Droid Sans Fallback (Chinese, Japanese), NanumGothic
(Korean), Symbola (emoji and pictographs). All ship in resources/fonts with their licences.

Right-to-left text (Hebrew, Arabic) is put in drawing order first (``visual_order``: the
Unicode bidirectional algorithm, and Arabic letters in their joined forms), since reportlab
draws every run left to right.

Two things reportlab's TrueType support does not do on its own, handled by ``LiteralTTFont``:

- a character no font has (most emoji) would be dropped from the text layer; here it gets a
  code of its own drawn with the font's empty-box glyph, so it still copies and extracts;
- the ToUnicode map writes code points above U+FFFF as 5 hex digits, which readers reject; here
  they are written as UTF-16 surrogate pairs, as the PDF specification asks.
"""

from __future__ import annotations

import re
from functools import cache
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from configurator import paths

REGULAR = "QuoteSans"
BOLD = "QuoteSans-Bold"
FALLBACKS = ("QuoteSansCJK", "QuoteSansHangul", "QuoteSymbols")

FONT_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    "QuoteSansCJK": "DroidSansFallbackFull.ttf",
    "QuoteSansHangul": "NanumGothic.ttf",
    "QuoteSymbols": "Symbola.ttf",
}

NOTDEF_GLYPH = 0


class LiteralTTFont(TTFont):
    """A TrueType font that keeps every character in the text layer, with or without a glyph."""

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        self.covered = frozenset(self.face.charToGlyph)

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 - reportlab's name
        char_to_glyph = self.face.charToGlyph
        for char in text:
            char_to_glyph.setdefault(ord(char), NOTDEF_GLYPH)
        return super().splitString(text, doc, encoding)

    def addObjects(self, doc):  # noqa: N802 - reportlab's name
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)  # forgets the document's state, hence the copy above
        for n, subset in enumerate(subsets):
            base_name = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
            stream = doc.idToObject["toUnicodeCMap:" + base_name.decode("pdfdoc")]
            stream.content = _to_unicode_cmap(base_name.decode("pdfdoc"), subset)


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(name: str, subset: list[int]) -> str:
    entries = [f"<{i:02X}> <{_utf16_hex(code)}>" for i, code in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(entries)} beginbfchar", *entries, "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


@cache
def font(name: str) -> LiteralTTFont:
    """Load and register one of the quote fonts (once per process; a fallback only if needed)."""
    loaded = LiteralTTFont(name, str(paths.resources_dir() / "fonts" / FONT_FILES[name]))
    pdfmetrics.registerFont(loaded)
    return loaded


def register_fonts() -> None:
    font(REGULAR)
    font(BOLD)


_RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")


def visual_order(text: str) -> str:
    """Each line of ``text`` in the order its characters are drawn: right-to-left runs reversed
    by the bidirectional algorithm, Arabic letters joined. Text without them is returned as is."""
    if not _RIGHT_TO_LEFT.search(text):
        return text
    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


def runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split text into (font name, piece) runs: the main font where it has the glyph, else the
    first fallback that has it, else the main font (empty-box glyph)."""
    main_name = BOLD if bold else REGULAR
    main = font(main_name).covered
    out: list[tuple[str, str]] = []
    for char in text:
        name = main_name
        if ord(char) not in main and char not in "\n\t":
            name = next((f for f in FALLBACKS if ord(char) in font(f).covered), main_name)
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + char)
        else:
            out.append((name, char))
    return out


def markup(text: str, bold: bool = False) -> str:
    """Paragraph markup that prints ``text`` literally: escaped, fonts switched per run,
    line breaks kept."""
    main_name = BOLD if bold else REGULAR
    pieces = []
    for name, piece in runs(visual_order(text), bold):
        escaped = escape(piece).replace("\n", "<br/>")
        pieces.append(escaped if name == main_name else f'<font name="{name}">{escaped}</font>')
    return "".join(pieces)


def draw_string(canvas, x: float, y: float, text: str, size: float, bold: bool = False,
                align: str = "left", max_width: float | None = None) -> None:
    """canvas.drawString with the same per-run font fallback as ``markup``; text wider than
    ``max_width`` is shortened with an ellipsis rather than drawn over its neighbours."""
    text = text.replace("\n", " ")
    if max_width is not None:
        text = fit_text(text, size, max_width, bold)
    pieces = runs(visual_order(text), bold)
    width = _width(pieces, size)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for name, piece in pieces:
        canvas.setFont(name, size)
        canvas.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, name, size)


def _width(pieces: list[tuple[str, str]], size: float) -> float:
    return sum(pdfmetrics.stringWidth(piece, name, size) for name, piece in pieces)


def text_width(text: str, size: float, bold: bool = False) -> float:
    return _width(runs(visual_order(text), bold), size)


def fit_text(text: str, size: float, max_width: float, bold: bool = False) -> str:
    """``text``, or as much of it as fits in ``max_width`` followed by an ellipsis."""
    keep = len(text)
    fitted = text
    while keep and text_width(fitted, size, bold) > max_width:
        keep = keep * 9 // 10 if keep > 20 else keep - 1
        fitted = text[:keep].rstrip() + "…"
    return fitted
