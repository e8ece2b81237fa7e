"""Draws the app icon into resources/icons/: PNGs (16-1024 px), .ico and .icns.

    python packaging/make_icons.py

The outputs are committed; run this again only to change the icon.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
CANVAS = 1024
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]

TILE = (24, 52, 88)
CHIP = (236, 241, 247)
DIE = (44, 86, 132)
CHECK = (88, 214, 141)


def draw(size: int = CANVAS) -> Image.Image:
    """A processor with pins on a dark tile, and a check mark on its die."""
    k = size / CANVAS
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([40 * k, 40 * k, 984 * k, 984 * k], radius=200 * k, fill=TILE)
    lo, hi = 272 * k, 752 * k
    for i in range(5):
        c = (352 + i * 80) * k
        half = 18 * k
        d.rounded_rectangle([c - half, 176 * k, c + half, hi], radius=8 * k, fill=CHIP)
        d.rounded_rectangle([c - half, lo, c + half, 848 * k], radius=8 * k, fill=CHIP)
        d.rounded_rectangle([176 * k, c - half, hi, c + half], radius=8 * k, fill=CHIP)
        d.rounded_rectangle([lo, c - half, 848 * k, c + half], radius=8 * k, fill=CHIP)
    d.rounded_rectangle([lo, lo, hi, hi], radius=56 * k, fill=CHIP)
    d.rounded_rectangle([320 * k, 320 * k, 704 * k, 704 * k], radius=36 * k, fill=DIE)
    d.line(
        [(400 * k, 520 * k), (480 * k, 600 * k), (632 * k, 424 * k)],
        fill=CHECK, width=round(64 * k), joint="curve",
    )
    return img


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    master = draw(CANVAS * 2).resize((CANVAS, CANVAS), Image.Resampling.LANCZOS)
    for size in PNG_SIZES:
        name = "configurator.png" if size == 512 else f"configurator-{size}.png"
        master.resize((size, size), Image.Resampling.LANCZOS).save(ICONS / name, optimize=True)
    master.save(ICONS / "configurator.ico", sizes=ICO_SIZES)
    master.save(ICONS / "configurator.icns")
    print(f"icons written to {ICONS}")


if __name__ == "__main__":
    main()
