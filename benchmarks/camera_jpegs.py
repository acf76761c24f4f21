"""A folder of distinct camera-sized JPEGs with EXIF, made once and reused."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 4000, 3000
_MADE_BY = ".complete"
VENDORS = [
    ("Canon", "Canon EOS 80D"),
    ("NIKON CORPORATION", "NIKON D750"),
    ("Apple", "iPhone 13"),
    ("samsung", "SM-G991B"),
    ("SONY", "ILCE-7M3"),
    ("HUAWEI", "ELE-L29"),
]


def _base_image(seed: int) -> Image.Image:
    rng = random.Random(seed)
    small = Image.new("RGB", (400, 300))
    draw = ImageDraw.Draw(small)
    for _ in range(60):
        x, y = rng.randrange(400), rng.randrange(300)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(20, 120), y + rng.randrange(20, 120)), fill=colour)
    image = small.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    noise = Image.effect_noise((WIDTH, HEIGHT), 24).convert("RGB")
    return Image.blend(image, noise, 0.15).filter(ImageFilter.SMOOTH)


def _exif(n: int) -> Image.Exif:
    make, model = VENDORS[n % len(VENDORS)]
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = make, model, 1
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = f"2023:05:{1 + n % 28:02d} {n % 24:02d}:{n % 60:02d}:{(7 * n) % 60:02d}"
    # Cameras give each shot a unique id; without it file n and n + 840 would be identical.
    sub[0xA420] = f"{n:032X}"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (55.0, float(n % 60), 12.5)
    gps[3], gps[4] = "E", (37.0, 36.0, float(n % 60))
    return exif


def make_camera_jpegs(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("*.jpg"))
    if len(existing) == count and folder.with_name(folder.name + _MADE_BY).is_file():
        return existing
    for stale in existing:
        stale.unlink()
    bases = []
    for seed in range(12):
        out = io.BytesIO()
        _base_image(seed).save(out, "JPEG", quality=90)
        bases.append(Image.open(io.BytesIO(out.getvalue())))
    paths = []
    for n in range(count):
        out = io.BytesIO()
        # Re-encoding with each file's own EXIF makes every file distinct, as cameras do.
        bases[n % len(bases)].save(out, "JPEG", quality=90, exif=_exif(n))
        path = folder / f"DSC_{n:04d}.jpg"
        path.write_bytes(out.getvalue())
        paths.append(path)
    folder.with_name(folder.name + _MADE_BY).write_text("unique ids\n")
    return paths
