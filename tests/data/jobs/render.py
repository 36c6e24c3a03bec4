"""Job ads rendered as pictures for the OCR tests and the bench: drawn here from the ads' text with Pillow, never
downloaded. Styles imitate what recruiters post: a plain notice, a two-column flyer on a coloured background, a
dark-theme phone screenshot and a low-contrast, slightly blurred screenshot.

    from render import render
    png_bytes = render(text, style="flyer", lang="bn", fmt="PNG")
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = {
    "latin": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "bn": Path("/usr/share/fonts/truetype/lohit-bengali/Lohit-Bengali.ttf"),  # Debian fonts-lohit-beng-bengali
}
STYLES = ("plain", "flyer", "dark", "lowcontrast")


def font(lang: str, size: int) -> ImageFont.FreeTypeFont:
    path = FONTS["bn" if lang == "bn" else "latin"]
    if not path.is_file():
        raise RuntimeError(f"font {path} is missing: install fonts-dejavu-core and fonts-lohit-beng-bengali")
    # Bengali needs complex text layout (conjuncts, vowel signs): Pillow's raqm layout does it
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines no wider than `width` pixels."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            candidate = f"{line} {word}".strip()
            if line and face.getlength(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        if line:
            lines.append(line)
    return lines


def _block(draw: ImageDraw.ImageDraw, lines: list[str], face, x: int, y: int, fill) -> int:
    step = int(face.size * 1.7)
    for line in lines:
        draw.text((x, y), line, font=face, fill=fill)
        y += step
    return y


def render(text: str, style: str = "plain", lang: str = "en", fmt: str = "PNG") -> bytes:
    """The ad as picture bytes (PNG, JPEG or WEBP) in one of STYLES."""
    text = " ".join(text.split())
    if style == "flyer":
        img = _flyer(text, lang)
    else:
        size = 26 if style == "plain" else 22
        face = font(lang, size)
        width = 900 if style == "plain" else 640
        lines = wrap(text, face, width - 80)
        height = 80 + len(lines) * int(size * 1.7)
        colours = {"plain": ("white", "black"), "dark": ("#1f2329", "#e6e6e6"), "lowcontrast": ("#d9d9d9", "#8a8a8a")}
        back, ink = colours[style]
        img = Image.new("RGB", (width, height), back)
        _block(ImageDraw.Draw(img), lines, face, 40, 40, ink)
        if style == "lowcontrast":
            img = img.filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    img.save(out, fmt, **({"quality": 80} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue()


def _flyer(text: str, lang: str) -> Image.Image:
    """A headline band, then the ad in two columns on a pale yellow background, as job flyers are laid out."""
    words = text.split()
    head, body = " ".join(words[:4]), words[4:]
    half = (len(body) + 1) // 2
    columns = [" ".join(body[:half]), " ".join(body[half:])]
    title, face = font(lang, 40), font(lang, 24)
    col_width = 470
    col_lines = [wrap(c, face, col_width - 40) for c in columns]
    head_lines = wrap(head, title, 2 * col_width - 40)
    height = 120 + len(head_lines) * 68 + max(len(c) for c in col_lines) * int(24 * 1.7)
    img = Image.new("RGB", (2 * col_width + 60, height), "#fff4c2")
    draw = ImageDraw.Draw(img)
    band = 40 + len(head_lines) * 68
    draw.rectangle((0, 0, img.width, band), fill="#b3261e")
    _block(draw, head_lines, title, 40, 30, "white")
    for i, lines in enumerate(col_lines):
        _block(draw, lines, face, 40 + i * (col_width + 20), band + 40, "#222222")
    draw.line((col_width + 30, band + 30, col_width + 30, height - 30), fill="#b3261e", width=3)
    return img
