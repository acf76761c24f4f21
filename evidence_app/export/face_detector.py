"""Finding faces offline, to propose regions a curator then accepts or rejects.

Two of dlib's detectors, chosen by measurement (benchmarks/bench_faces.py): its CNN
(MMOD), which finds faces turned partly away, lit from one side or cut by the frame, and
its HOG frontal detector, which finds smaller frontal faces at a fraction of the cost.
Together they proposed no false box on the benchmark's photos, where Haar cascades
blurred coins and the moon. The CNN's weights ship inside the `face-recognition-models`
package and HOG's are built into dlib, so nothing is downloaded. The CNN costs seconds
per megapixel, so it looks at a copy `WORKING_SIDE` pixels long, HOG at one twice that:
large photos are shrunk, small ones enlarged so that faces reach the smallest window
(about 40 pixels for the CNN, 80 for HOG). Everything stays in memory; the picture given
here was already decoded within the image-size guards of `make_thumbnail`.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import dlib
import numpy as np
from PIL import Image

from evidence_app.kernel.errors import EvidenceAppError

WORKING_SIDE = 800
HOG_ENLARGEMENT = 2.0  # HOG looks at a copy twice as large: its window is twice the CNN's
# HOG's boxes with margins below 0.2 included badges on a spacesuit (0.02 to 0.15); only
# 3 of the 96 faces it found scored that low (benchmarks/README.md).
HOG_MIN_SCORE = 0.2
MAX_ENLARGEMENT = 4.0  # beyond this an enlarged thumbnail shows nothing more to find
_WEIGHTS = "mmod_human_face_detector.dat"
_REINSTALL = "The face detector needs {}, which is not installed; reinstall evidence-app."


class DetectorMissing(EvidenceAppError):
    """The detector's weights are not installed: the installation is incomplete."""


@dataclass(frozen=True)
class Detection:
    x: int
    y: int
    width: int
    height: int
    score: float  # the detector's own: CNN confidence or HOG margin, each above 0
    model: str  # "cnn" or "hog"

    def overlaps(self, other: Detection) -> bool:
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.height
            and other.y < self.y + self.height
        )


def _weights_path() -> Path:
    # find_spec locates the package without running its __init__, which imports the
    # deprecated pkg_resources only to compute this same path.
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise DetectorMissing(_REINSTALL.format("the face-recognition-models package"))
    path = Path(next(iter(spec.submodule_search_locations))) / "models" / _WEIGHTS
    if not path.is_file():
        raise DetectorMissing(_REINSTALL.format(_WEIGHTS))
    return path


@cache
def _network() -> Any:
    return dlib.cnn_face_detection_model_v1(str(_weights_path()))


@cache
def _hog() -> Any:
    return dlib.get_frontal_face_detector()


@cache
def model_name(model: str) -> str:
    """Names a detector, and the CNN's weights exactly, for the custody log."""
    if model == "hog":
        return f"dlib {dlib.__version__} hog frontal at {round(WORKING_SIDE * HOG_ENLARGEMENT)} px"
    digest = hashlib.sha256(_weights_path().read_bytes()).hexdigest()[:16]
    return f"dlib {dlib.__version__} cnn {_WEIGHTS} sha256:{digest} at {WORKING_SIDE} px"


def detector_name() -> str:
    return f"{model_name('cnn')} + {model_name('hog')}"


def working_scale(size: tuple[int, int]) -> float:
    return min(MAX_ENLARGEMENT, WORKING_SIDE / max(size))


def _working_copy(image: Image.Image, scale: float) -> np.ndarray:
    working = image.convert("RGB")
    if scale != 1.0:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        working = working.resize(size, Image.Resampling.BILINEAR)
    return np.ascontiguousarray(np.asarray(working))


def _detection(
    rect: Any, scale: float, shape: tuple[int, ...], score: float, model: str
) -> Detection | None:
    left, top = max(0, rect.left()), max(0, rect.top())
    right, bottom = min(shape[1], rect.right() + 1), min(shape[0], rect.bottom() + 1)
    if right <= left or bottom <= top:
        return None
    return Detection(
        round(left / scale),
        round(top / scale),
        max(1, round((right - left) / scale)),
        max(1, round((bottom - top) / scale)),
        round(score, 3),
        model,
    )


def cnn_faces(image: Image.Image) -> list[Detection]:
    scale = working_scale(image.size)
    pixels = _working_copy(image, scale)
    found = (
        _detection(c.rect, scale, pixels.shape, float(c.confidence), "cnn")
        for c in _network()(pixels, 0)
    )
    return [d for d in found if d is not None]


def hog_faces(image: Image.Image) -> list[Detection]:
    scale = working_scale(image.size) * HOG_ENLARGEMENT
    pixels = _working_copy(image, scale)
    rects, scores, _ = _hog().run(pixels, 0, HOG_MIN_SCORE)
    found = (
        _detection(rect, scale, pixels.shape, float(score), "hog")
        for rect, score in zip(rects, scores, strict=True)
    )
    return [d for d in found if d is not None]


def detect_faces(image: Image.Image) -> list[Detection]:
    """Boxes around faces in an upright RGB picture, in its pixels: the CNN's, and HOG's
    where the CNN found nothing."""
    cnn = cnn_faces(image)
    hog = [h for h in hog_faces(image) if not any(h.overlaps(c) for c in cnn)]
    return sorted(cnn + hog, key=lambda d: (d.y, d.x))
