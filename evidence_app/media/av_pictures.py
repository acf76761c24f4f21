"""Pictures of recordings, decoded in memory with bounded work: a video's frame at a moment,
a few frames spread over it, a sound's waveform, and an icon for sound that cannot be drawn.

Each function decodes at most a fixed number of frames or seconds of sound, whatever the
file's length, and seeks rather than decodes its way to a moment; a file that stops being
readable part-way gives what was decoded before it stopped.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, BinaryIO, Final

import numpy as np
from PIL import Image, ImageDraw

if TYPE_CHECKING:
    import av.container
    import av.stream
    import av.video.stream

MAX_FRAME_PIXELS: Final = 40_000_000
"""Videos declaring larger frames than this are not decoded."""
MAX_DECODED_FRAMES: Final = 300
"""Frames decoded at most to reach one moment (from the key frame a seek lands on)."""
WAVEFORM_SECONDS: Final = 600.0
"""Sound decoded at most for a waveform: a voice note whole, a long recording's start."""
_WAVEFORM_RATE: Final = 8000
_BACKGROUND: Final = (255, 255, 255)
_INK: Final = (60, 64, 72)
_GAP: Final = 8


@contextmanager
def open_container(source: BinaryIO) -> Iterator[av.container.InputContainer]:
    import av  # only when a recording arrives: most ingests never load FFmpeg

    source.seek(0)
    container = av.open(source, mode="r")
    try:
        yield container
    finally:
        container.close()


def is_cover_picture(stream: av.stream.Stream) -> bool:
    """A sound file's album cover, stored as a one-picture "video" track."""
    return bool(stream.disposition & 0x400)  # AV_DISPOSITION_ATTACHED_PIC


def _video_stream(container: av.container.InputContainer) -> av.video.stream.VideoStream | None:
    for stream in container.streams.video:
        if not is_cover_picture(stream):
            return stream
    return None


def frame_near(source: BinaryIO, at: float) -> Image.Image | None:
    """The first frame shown at or after `at` seconds (or the last one decoded before the
    bound), upright as stored; None when no frame decodes."""
    with open_container(source) as container:
        stream = _video_stream(container)
        return None if stream is None else _frame_in(container, stream, at)


def key_frames(source: BinaryIO, times: list[float]) -> list[Image.Image] | None:
    """The video's frames at each of `times` (seconds) that decodes; None when the file has
    no video track."""
    found: list[Image.Image] = []
    with open_container(source) as container:
        stream = _video_stream(container)
        if stream is None:
            return None
        codec = stream.codec_context
        if (codec.width or 0) * (codec.height or 0) > MAX_FRAME_PIXELS:
            return []
        for at in times:
            frame = _frame_in(container, stream, at)
            if frame is not None:
                found.append(frame)
    return found


def _frame_in(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream, at: float
) -> Image.Image | None:
    import av

    if at > 0 and stream.time_base:
        try:
            container.seek(int(at / stream.time_base), stream=stream, backward=True)
        except av.FFmpegError:
            return None
    best = None
    decoded = 0
    try:
        for frame in container.decode(stream):
            best = frame
            decoded += 1
            if frame.time is None or frame.time >= at - 0.001 or decoded >= MAX_DECODED_FRAMES:
                break
    except av.FFmpegError:
        pass  # cut short: what decoded before is shown
    return None if best is None else best.to_image()  # type: ignore[no-untyped-call]


def waveform_picture(source: BinaryIO, max_side: int) -> Image.Image | None:
    """The loudness of the sound over time (of its first `WAVEFORM_SECONDS`), dark on white;
    None when no sound decodes."""
    peaks = _peaks(source)
    if peaks.size == 0:
        return None
    width, height = max_side, max(16, max_side * 3 // 10)
    columns = np.array_split(peaks, min(width, peaks.size))
    levels = np.array([column.max() for column in columns])
    levels = levels / max(float(levels.max()), 1e-6)
    picture = Image.new("RGB", (width, height), _BACKGROUND)
    draw = ImageDraw.Draw(picture)
    step = width / len(levels)
    middle = height / 2
    for index, level in enumerate(levels):
        x = index * step
        reach = max(1.0, float(level) * (middle - 2))
        draw.rectangle((x, middle - reach, x + max(step - 1, 1), middle + reach), fill=_INK)
    return picture


def _peaks(source: BinaryIO) -> np.ndarray:
    """The loudest sample of every hundredth of a second, mono, at most WAVEFORM_SECONDS."""
    import av

    block = _WAVEFORM_RATE // 100
    limit = int(WAVEFORM_SECONDS * _WAVEFORM_RATE)
    chunks: list[np.ndarray] = []
    taken = 0
    with open_container(source) as container:
        if not container.streams.audio:
            return np.zeros(0)
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=_WAVEFORM_RATE)
        try:
            for frame in container.decode(stream):
                for mono in resampler.resample(frame):
                    samples = np.abs(mono.to_ndarray().reshape(-1))
                    chunks.append(samples)
                    taken += samples.size
                if taken >= limit:
                    break
        except av.FFmpegError:
            pass  # cut short: what decoded before is drawn
    if not chunks:
        return np.zeros(0)
    samples = np.concatenate(chunks)[:limit]
    usable = samples.size - samples.size % block
    if usable == 0:
        return np.array([samples.max()])
    peaks: np.ndarray = samples[:usable].reshape(-1, block).max(axis=1)
    return peaks


def sound_icon(max_side: int) -> Image.Image:
    """A loudspeaker: what stands for a sound that cannot be drawn as a waveform."""
    height = max(16, max_side * 3 // 10)
    picture = Image.new("RGB", (max_side, height), _BACKGROUND)
    draw = ImageDraw.Draw(picture)
    unit = height / 8
    left = max_side / 2 - 2 * unit
    draw.rectangle((left, 3 * unit, left + unit, 5 * unit), fill=_INK)
    draw.polygon(
        [
            (left + unit, 3 * unit),
            (left + 2.5 * unit, 1.5 * unit),
            (left + 2.5 * unit, 6.5 * unit),
            (left + unit, 5 * unit),
        ],
        fill=_INK,
    )
    for radius in (1.2 * unit, 2.2 * unit):
        centre_x, centre_y = left + 2.5 * unit, 4 * unit
        draw.arc(
            (centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius),
            -45,
            45,
            fill=_INK,
            width=max(1, int(unit / 3)),
        )
    return picture


def frame_strip(frames: list[Image.Image], width: int) -> Image.Image:
    """Frames side by side, each scaled to an equal share of `width`, on white."""
    share = (width - _GAP * (len(frames) - 1)) // max(len(frames), 1)
    scaled = []
    for frame in frames:
        copy = frame.convert("RGB")
        copy.thumbnail((share, share * 2), Image.Resampling.BICUBIC)
        scaled.append(copy)
    height = max(picture.height for picture in scaled)
    strip = Image.new("RGB", (width, height), _BACKGROUND)
    x = 0
    for picture in scaled:
        strip.paste(picture, (x + (share - picture.width) // 2, (height - picture.height) // 2))
        x += share + _GAP
    return strip
