"""Perceptual hashes compared: how far a messenger's copy of a photo moves, how close
different photos come, and what each hash costs.

Every picture comes from scikit-image's sample photographs, so the run is repeatable
offline. Each is hashed as ingest hashes it (decoded to thumbnail size by
`media.thumbnail.make_thumbnail`), as the original saved at JPEG quality 92, and as copies a
messenger or a person would make: resized to 60 % and re-encoded at quality 40; resized to
30 % at quality 30; 1 % or 4 % cropped from every edge; 15 % brighter; turned grey. "Same" is the
distance between an original and its copies, "different" between any two different photos
(the stereo pair `motorcycle_left`/`motorcycle_right`, two views of one scene a moment
apart, is reported on its own line).

    .venv/bin/python -m benchmarks.bench_perceptual_hash
"""

from __future__ import annotations

import io
import itertools
import time
from collections.abc import Callable
from pathlib import Path

import imagehash
from PIL import Image, ImageEnhance
from skimage import data as samples

from evidence_app.media.perceptual_hash import NEAR_DUPLICATE_BITS
from evidence_app.media.thumbnail import make_thumbnail

SAMPLES = Path(samples.__file__).parent
PHOTOS = [
    "astronaut.png",
    "camera.png",
    "coffee.png",
    "chelsea.png",
    "coins.png",
    "moon.png",
    "page.png",
    "text.png",
    "rocket.jpg",
    "retina.jpg",
    "hubble_deep_field.jpg",
    "brick.png",
    "grass.png",
    "gravel.png",
    "ihc.png",
    "motorcycle_left.png",
    "motorcycle_right.png",
    "clock_motion.png",
    "cell.png",
    "horse.png",
    "color.png",
    "phantom.png",
]
PAIR = ("motorcycle_left.png", "motorcycle_right.png")
HASHES: dict[str, Callable[[Image.Image], imagehash.ImageHash]] = {
    "pHash": imagehash.phash,
    "dHash": imagehash.dhash,
    "aHash": imagehash.average_hash,
    "wHash": imagehash.whash,
}


def _jpeg(picture: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _scaled(picture: Image.Image, factor: float) -> Image.Image:
    width, height = picture.size
    return picture.resize((max(1, int(width * factor)), max(1, int(height * factor))))


def _cropped(picture: Image.Image, share: float) -> Image.Image:
    width, height = picture.size
    dx, dy = int(width * share), int(height * share)
    return picture.crop((dx, dy, width - dx, height - dy))


COPIES: dict[str, Callable[[Image.Image], bytes]] = {
    "60 %, quality 40": lambda p: _jpeg(_scaled(p, 0.6), 40),
    "30 %, quality 30": lambda p: _jpeg(_scaled(p, 0.3), 30),
    "crop 1 %": lambda p: _jpeg(_cropped(p, 0.01), 85),
    "crop 4 %": lambda p: _jpeg(_cropped(p, 0.04), 85),
    "15 % brighter": lambda p: _jpeg(ImageEnhance.Brightness(p).enhance(1.15), 85),
    "grey": lambda p: _jpeg(p.convert("L"), 85),
}


def _photo(name: str) -> Image.Image:
    with Image.open(SAMPLES / name) as stored:
        picture = stored.convert("RGB")
    # A photo as small as a thumbnail would not show what downscaling does.
    return picture.resize((picture.width * 2, picture.height * 2), Image.Resampling.LANCZOS)


def _as_ingested(jpeg: bytes) -> Image.Image:
    thumbnail = make_thumbnail(jpeg, 512).jpeg
    assert thumbnail is not None
    return Image.open(io.BytesIO(thumbnail))


def main() -> None:
    originals = {name: _jpeg(_photo(name), 92) for name in PHOTOS}
    shown = {name: _as_ingested(data) for name, data in originals.items()}
    copies = {
        (name, how): _as_ingested(make(_photo(name)))
        for name in PHOTOS
        for how, make in COPIES.items()
    }
    started = time.perf_counter()
    for data in originals.values():
        make_thumbnail(data, 512)
    per_thumbnail = (time.perf_counter() - started) / len(originals)
    print(
        f"{len(PHOTOS)} photos of about 1 megapixel; thumbnail: {per_thumbnail * 1e3:.1f} ms each"
    )
    print(f"{'hash':6} {'same: max':>9} {'worst copy':>18} {'different: min':>15}", end="")
    print(f" {'pair':>5} {'ms':>6}")
    for label, hash_of in HASHES.items():
        hashes = {name: hash_of(picture) for name, picture in shown.items()}
        same = {key: hashes[key[0]] - hash_of(picture) for key, picture in copies.items()}
        worst = max(same, key=lambda key: same[key])
        different = [
            hashes[a] - hashes[b]
            for a, b in itertools.combinations(PHOTOS, 2)
            if {a, b} != set(PAIR)
        ]
        started = time.perf_counter()
        for picture in shown.values():
            hash_of(picture)
        per_hash = (time.perf_counter() - started) / len(shown) * 1e3
        by_copy = {how: max(v for k, v in same.items() if k[1] == how) for how in COPIES}
        print(
            f"{label:6} {same[worst]:>9} {worst[1]:>18} {min(different):>15} "
            f"{hashes[PAIR[0]] - hashes[PAIR[1]]:>5} {per_hash:>6.2f}"
        )
        print("       max by copy: " + ", ".join(f"{how}: {d}" for how, d in by_copy.items()))
        close = sum(1 for d in different if d <= NEAR_DUPLICATE_BITS)
        print(
            f"       different photos within {NEAR_DUPLICATE_BITS} bits: {close}/{len(different)}"
        )


if __name__ == "__main__":
    main()
