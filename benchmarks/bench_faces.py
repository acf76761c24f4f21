"""Face detectors compared: precision, recall and time per megapixel, old (Haar) and new.

Every picture comes from installed packages, so the run is repeatable offline:

- scikit-image's astronaut and cameraman (one face each, the second turned three-quarters
  away), the astronaut cut off at the left edge of the frame, and the astronaut small in a
  large photo (faces of 96 and 48 pixels in 2400 × 1600);
- scikit-image's `lfw_subset`: 100 faces and 100 non-faces of 25 × 25 pixels, enlarged to
  100 pixels and laid out 25 to a canvas, one per cell (a face found in a non-face cell is
  a false positive);
- photographs without faces (coffee, a cat, a rocket, a retina, textures, coins, text).

A face counts as found when a box's centre lies in the face's box and the face's centre in
the box. Precision is over every box proposed, recall over every labelled face.

    .venv/bin/python -m benchmarks.bench_faces [DETECTOR…]   # haar cnn hog new (default all)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image
from skimage import data

from evidence_app.export import face_detector

Box = tuple[int, int, int, int]
Detector = Callable[[Image.Image], list[Box]]
CELL, FACE_SIDE = 200, 100


@dataclass
class Sample:
    name: str
    image: Image.Image
    faces: list[Box]


def _rgb(array: np.ndarray) -> Image.Image:
    return Image.fromarray(array).convert("RGB")


def _lfw_canvases() -> list[Sample]:
    crops = data.lfw_subset()  # 100 faces, then 100 non-faces
    samples = []
    for start in range(0, 200, 25):
        canvas = Image.new("RGB", (5 * CELL, 5 * CELL), (128, 128, 128))
        faces = []
        for index in range(25):
            crop = Image.fromarray((crops[start + index] * 255).astype(np.uint8)).convert("RGB")
            x = (index % 5) * CELL + (CELL - FACE_SIDE) // 2
            y = (index // 5) * CELL + (CELL - FACE_SIDE) // 2
            canvas.paste(crop.resize((FACE_SIDE, FACE_SIDE), Image.Resampling.BICUBIC), (x, y))
            if start < 100:
                faces.append((x, y, FACE_SIDE, FACE_SIDE))
        kind = "faces" if start < 100 else "non-faces"
        samples.append(Sample(f"lfw {kind} {start % 100 + 1}-{start % 100 + 25}", canvas, faces))
    return samples


def _small_in_large(scale: float) -> Sample:
    background = _rgb(data.coffee()).resize((2400, 1600))
    person = _rgb(data.astronaut())
    side = round(512 * scale)
    background.paste(person.resize((side, side)), (1500, 700))
    face = (
        1500 + round(168 * scale),
        700 + round(69 * scale),
        round(96 * scale),
        round(100 * scale),
    )
    return Sample(f"astronaut face {face[2]} px in 2400×1600", background, [face])


def corpus() -> list[Sample]:
    astronaut = _rgb(data.astronaut())
    samples = [
        Sample("astronaut", astronaut, [(168, 69, 96, 100)]),
        Sample("cameraman (three-quarter view)", _rgb(data.camera()), [(180, 110, 85, 90)]),
        Sample(
            "astronaut cut at the left edge", astronaut.crop((200, 0, 512, 512)), [(0, 69, 64, 100)]
        ),
        _small_in_large(1.0),
        _small_in_large(0.5),
        *_lfw_canvases(),
    ]
    for name in (
        "coffee",
        "chelsea",
        "rocket",
        "retina",
        "hubble_deep_field",
        "brick",
        "grass",
        "gravel",
        "coins",
        "immunohistochemistry",
        "page",
        "text",
        "moon",
        "horse",
    ):
        array = getattr(data, name)()
        if array.dtype != np.uint8:
            array = (array * 255).astype(np.uint8)
        samples.append(Sample(name, _rgb(array), []))
    return samples


# The detector the exhibition used before: OpenCV's Haar cascades, frontal and profile.
_CASCADES = (
    "haarcascade_frontalface_default.xml",
    "haarcascade_frontalface_alt2.xml",
    "haarcascade_profileface.xml",
)


@cache
def _cascades() -> list[tuple[cv2.CascadeClassifier, bool]]:
    folder = Path(cv2.data.haarcascades)  # type: ignore[attr-defined]
    return [(cv2.CascadeClassifier(str(folder / name)), "profile" in name) for name in _CASCADES]


def haar(image: Image.Image) -> list[Box]:
    scale = min(1.0, 1200 / max(image.size))
    small = image.convert("L").resize((round(image.width * scale), round(image.height * scale)))
    grey = cv2.equalizeHist(np.asarray(small))
    minimum = max(20, min(grey.shape) // 40)
    boxes = []
    for classifier, is_profile in _cascades():
        views = [(grey, False), (cv2.flip(grey, 1), True)] if is_profile else [(grey, False)]
        for view, mirrored in views:
            for x, y, w, h in classifier.detectMultiScale(
                view, scaleFactor=1.1, minNeighbors=5, minSize=(minimum, minimum)
            ):
                if mirrored:
                    x = view.shape[1] - x - w
                boxes.append(tuple(round(v / scale) for v in (x, y, w, h)))
    return _merged(boxes)  # type: ignore[arg-type]


def _merged(boxes: list[Box]) -> list[Box]:
    """The old detector kept one box per group of overlapping boxes."""
    merged: list[Box] = []
    for box in sorted(boxes):
        for index, kept in enumerate(merged):
            if _overlap(box, kept):
                x, y = min(box[0], kept[0]), min(box[1], kept[1])
                right = max(box[0] + box[2], kept[0] + kept[2])
                bottom = max(box[1] + box[3], kept[1] + kept[3])
                merged[index] = (x, y, right - x, bottom - y)
                break
        else:
            merged.append(box)
    return merged


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _boxes(found: list[face_detector.Detection]) -> list[Box]:
    return [(d.x, d.y, d.width, d.height) for d in found]


def cnn(image: Image.Image) -> list[Box]:
    return _boxes(face_detector.cnn_faces(image))


def hog(image: Image.Image) -> list[Box]:
    return _boxes(face_detector.hog_faces(image))


def new(image: Image.Image) -> list[Box]:
    """What the exhibition proposes now: the CNN's boxes, and HOG's where it found none."""
    return _boxes(face_detector.detect_faces(image))


DETECTORS: dict[str, Detector] = {"haar": haar, "cnn": cnn, "hog": hog, "new": new}


def _run(name: str, sample: Sample) -> tuple[list[Box], float]:
    started = time.perf_counter()
    boxes = DETECTORS[name](sample.image)
    return boxes, time.perf_counter() - started


def _centre_in(a: Box, b: Box) -> bool:
    cx, cy = a[0] + a[2] / 2, a[1] + a[3] / 2
    return b[0] <= cx <= b[0] + b[2] and b[1] <= cy <= b[1] + b[3]


def _matches(box: Box, face: Box) -> bool:
    return _centre_in(box, face) and _centre_in(face, box)


def measure(name: str, samples: list[Sample]) -> dict[str, float]:
    proposed = correct = faces = found = 0
    seconds = megapixels = 0.0
    misses, false = [], []
    for sample in samples:
        boxes, spent = _run(name, sample)
        seconds += spent
        megapixels += sample.image.width * sample.image.height / 1e6
        proposed += len(boxes)
        hits = [b for b in boxes if any(_matches(b, f) for f in sample.faces)]
        correct += len(hits)
        false += [sample.name] * (len(boxes) - len(hits))
        faces += len(sample.faces)
        found_here = sum(any(_matches(b, f) for b in boxes) for f in sample.faces)
        found += found_here
        misses += [sample.name] * (len(sample.faces) - found_here)
    return {
        "precision": correct / proposed if proposed else 1.0,
        "recall": found / faces,
        "proposed": proposed,
        "false": len(false),
        "found": found,
        "faces": faces,
        "s_per_mp": seconds / megapixels,
        "misses": ", ".join(sorted(set(misses))),  # type: ignore[dict-item]
        "false_in": ", ".join(sorted(set(false))),  # type: ignore[dict-item]
    }


def main(names: list[str]) -> None:
    samples = corpus()
    print(f"{len(samples)} pictures, {sum(len(s.faces) for s in samples)} labelled faces")
    print("| detector | precision | recall | boxes (false) | faces found | s / megapixel |")
    print("|---|---|---|---|---|---|")
    for name in names or list(DETECTORS):
        r = measure(name, samples)
        print(
            f"| {name} | {r['precision']:.2f} | {r['recall']:.2f} | {r['proposed']} ({r['false']}) "
            f"| {r['found']} / {r['faces']} | {r['s_per_mp']:.2f} |",
            flush=True,
        )
        print(
            f"  {name}: missed in {r['misses'] or '—'}; false boxes in {r['false_in'] or '—'}",
            file=sys.stderr,
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
