"""Draw the add-in's icons (s55xl/addin/icons/icon-N.png) at every size Office asks for.

Run ``python scripts/render_addin_icons.py`` after changing the design; the PNGs are committed
so the server and the wheel need no drawing library.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (16, 20, 24, 32, 40, 48, 64, 80)
NAVY, WHITE, GOLD = (31, 56, 100, 255), (255, 255, 255, 255), (255, 192, 0, 255)
FOLDER = Path(__file__).resolve().parent.parent / "s55xl" / "addin" / "icons"


def icon(size: int) -> Image.Image:
    """A navy sheet with white rows and a gold tick: a checked governance workbook."""
    scale = 8
    big = size * scale
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    pad = big // 16
    d.rounded_rectangle((pad, pad, big - pad, big - pad), radius=big // 8, fill=NAVY)
    for i in range(3):
        top = big * (5 + 4 * i) // 20
        d.rectangle((big * 4 // 20, top, big * 11 // 20, top + big // 14), fill=WHITE)
    w = max(big // 10, scale * 2)
    d.line([(big * 12 // 20, big * 11 // 20), (big * 14 // 20, big * 14 // 20),
            (big * 17 // 20, big * 6 // 20)], fill=GOLD, width=w, joint="curve")
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        icon(size).save(FOLDER / f"icon-{size}.png", optimize=True)
        print(FOLDER / f"icon-{size}.png")


if __name__ == "__main__":
    main()
