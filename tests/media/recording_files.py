"""Recordings made in the test with PyAV: a phone video with its capture time and place, an
iPhone-style movie, a messenger's voice note, and what breaks: cut short, random, empty."""

from __future__ import annotations

import io
from typing import Any

import av
import numpy as np

CREATION_TIME = "2024-03-05T10:20:30.000000Z"
CREATION_ISO = "2024-03-05T10:20:30Z"
MOSCOW = "+55.7512+037.6184/"
APPLE_DATE = "2024-03-05T13:20:30+0300"
APPLE_DATE_ISO = "2024-03-05T13:20:30+03:00"
SYDNEY = "-33.8688+151.2093+010.000/"


def scene(index: int, width: int, height: int, kind: int = 0) -> np.ndarray:
    """Frame `index` of a scene worth a thumbnail: smooth shades (as a photo has, and a
    perceptual hash reads) and a square that crosses it, the same at any size."""
    y, x = np.mgrid[0:height, 0:width]
    u, v = x / width, y / height
    if kind == 0:
        channels = (np.sin(3 * u + 1), np.cos(4 * v), np.sin(2 * (u + v)))
    else:
        channels = (np.cos(5 * v + 2), np.sin(3 * u * v + 1), np.cos(6 * u))
    picture = np.stack([128 + 110 * c for c in channels], axis=-1)
    left = int(width * (index % 60) / 90)
    picture[height // 3 : 2 * height // 3, left : left + height // 3] = (250, 220, 30)
    return picture.astype(np.uint8)


def video(
    *,
    container: str = "mp4",
    codec: str = "libx264",
    seconds: float = 6.0,
    size: tuple[int, int] = (320, 240),
    metadata: dict[str, str] | None = None,
    options: dict[str, str] | None = None,
    sound: bool = True,
    kind: int = 0,
    bit_rate: int | None = None,
) -> bytes:
    """A video at 10 frames a second, with a sound track unless told otherwise."""
    buffer = io.BytesIO()
    out: Any = av.open(buffer, "w", format=container, options=options or {})
    out.metadata.update(metadata or {})
    stream = out.add_stream(codec, rate=10)
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    if bit_rate:
        stream.bit_rate = bit_rate
    audio = out.add_stream("aac", rate=48000) if sound else None
    width, height = size
    for index in range(int(seconds * 10)):
        frame = av.VideoFrame.from_ndarray(scene(index, width, height, kind), format="rgb24")
        for packet in stream.encode(frame):
            out.mux(packet)
    if audio is not None:
        for chunk in _tone(seconds, 48000, 1024):
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="mono")
            frame.sample_rate = 48000
            for packet in audio.encode(frame):
                out.mux(packet)
        for packet in audio.encode():
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)
    out.close()
    return buffer.getvalue()


def phone_video() -> bytes:
    """An MP4 as an Android phone leaves it: creation time and a location atom."""
    return video(metadata={"creation_time": CREATION_TIME, "location": MOSCOW})


def iphone_movie() -> bytes:
    """A MOV as an iPhone leaves it: Apple's creation date and ISO 6709 location keys, and
    an encoding time that is not when it was filmed."""
    return video(
        container="mov",
        codec="mpeg4",
        seconds=2.0,
        sound=False,
        metadata={
            "com.apple.quicktime.creationdate": APPLE_DATE,
            "com.apple.quicktime.location.ISO6709": SYDNEY,
            "creation_time": "2024-03-06T08:00:00.000000Z",
        },
        options={"movflags": "use_metadata_tags"},
    )


def voice_note(seconds: float = 4.0) -> bytes:
    """A messenger's voice note: Opus in Ogg, mono, 48 kHz, louder in the middle."""
    buffer = io.BytesIO()
    out: Any = av.open(buffer, "w", format="ogg")
    stream = out.add_stream("libopus", rate=48000)
    stream.layout = "mono"
    for chunk in _tone(seconds, 48000, 960):
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="mono")
        frame.sample_rate = 48000
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)
    out.close()
    return buffer.getvalue()


def sound_in_mp4(seconds: float = 2.0) -> bytes:
    """AAC sound in an MP4 whose brands say nothing of sound only (as a dictaphone app
    names it .mp4)."""
    buffer = io.BytesIO()
    out: Any = av.open(buffer, "w", format="mp4")
    stream = out.add_stream("aac", rate=48000)
    for chunk in _tone(seconds, 48000, 1024):
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="mono")
        frame.sample_rate = 48000
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)
    out.close()
    return buffer.getvalue()


def _tone(seconds: float, rate: int, block: int) -> list[np.ndarray]:
    total = int(seconds * rate)
    t = np.arange(total) / rate
    envelope = np.sin(np.pi * t / seconds)
    wave = (0.6 * envelope * np.sin(2 * np.pi * 330 * t)).astype(np.float32)
    return [wave[start : start + block][None, :] for start in range(0, total - block + 1, block)]
