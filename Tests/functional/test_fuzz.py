"""A fuzz suite of hostile JPEGs through both upload functions: headers mutated (dimensions,
sampling factors, component counts, quantisation and Huffman tables, scan scripts), truncation,
EXIF (orientations, offsets out of bounds, IFD loops), stray markers and byte flips, all built
from real test images. Each case must answer 200 or 400 in the spec's envelope — never a crash,
a timeout or a 500 — within the memory budget, and count no attempt when refused.

KYC_FUZZ_CASES (300) cases per run, from KYC_FUZZ_SEED: scripts/test draws a new one each run
unless it is set, and prints both; every failure names the seed and the case, to replay it."""
import copy
import json
import os
import random
import struct
import time

import pytest

from conftest import TESTDATA, VID, load_event

CASES = int(os.environ.get("KYC_FUZZ_CASES", "300"))
SEED = int(os.environ.get("KYC_FUZZ_SEED", str(random.SystemRandom().randrange(1 << 32))))
SOURCES = {"uploadAvatar": TESTDATA / "faces" / "obama.jpg", "uploadPassport": TESTDATA / "passports" / "p00-600px.jpg"}


def segments(data):
    """(marker, start, end) of each header segment up to the first SOS, and the SOS itself."""
    found, index = [], 2
    while index + 4 <= len(data) and data[index] == 0xFF:
        marker = data[index + 1]
        length = struct.unpack(">H", data[index + 2:index + 4])[0]
        found.append((marker, index, index + 2 + length))
        if marker == 0xDA:
            break
        index += 2 + length
    return found


def first(data, marker_set):
    return next(((s, e) for m, s, e in segments(data) if m in marker_set), None)


def patch(data, offset, new):
    return data[:offset] + bytes(new) + data[offset + len(new):]


def exif(orientation_bytes, ifd_offset=8, count=1):
    """An APP1 Exif segment whose IFD0 holds one orientation entry, with whatever offsets."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", ifd_offset) + struct.pack(">H", count)
    tiff += struct.pack(">HHI", 0x0112, 3, 1) + orientation_bytes + b"\x00\x00" + struct.pack(">I", 8)
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def mutate(data, rng):
    """One hostile variant of `data` and the name of what was done."""
    kind = rng.choice(["dimensions", "sampling", "components", "quantisation", "huffman", "scan", "truncate",
                       "exif", "flip", "restart", "double-frame"])
    sof = first(data, {0xC0, 0xC1, 0xC2})
    if kind == "dimensions" and sof:
        height, width = rng.choice([0, 1, 7, 99, 100, 8191, 65535, rng.randrange(65536)]), rng.randrange(65536)
        return patch(data, sof[0] + 5, struct.pack(">HH", height, width)), kind
    if kind == "sampling" and sof:
        component = rng.randrange(3)
        return patch(data, sof[0] + 11 + 3 * component, [rng.randrange(256)]), kind
    if kind == "components" and sof:
        return patch(data, sof[0] + 9, [rng.choice([0, 2, 4, 255])]), kind
    if kind == "quantisation" and (dqt := first(data, {0xDB})):
        start, end = dqt[0] + 4, dqt[1]
        return patch(data, rng.randrange(start, end), [rng.choice([0, 255, rng.randrange(256)])]), kind
    if kind == "huffman" and (dht := first(data, {0xC4})):
        start = dht[0] + 5
        return patch(data, start + rng.randrange(16), [rng.choice([0, 255, 200])]), kind
    if kind == "scan" and (sos := first(data, {0xDA})):
        end = sos[1]
        return patch(data, end - 3, [rng.randrange(256), rng.randrange(256), rng.randrange(256)]), kind
    if kind == "truncate":
        return data[:rng.randrange(2, len(data))], kind
    if kind == "exif":
        orientation = rng.choice([struct.pack(">H", rng.randrange(65536)), b"\x00\x06", b"\x00\x08"])
        offset = rng.choice([8, 0, 0xFFFFFFF0, rng.randrange(1 << 32)])
        count = rng.choice([1, 0, 0xFFFF, rng.randrange(65536)])
        return data[:2] + exif(orientation, offset, count) + data[2:], kind
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randrange(1, 40)):
            out[rng.randrange(2, min(len(out), 4096))] = rng.randrange(256)
        return bytes(out), kind
    if kind == "restart":
        sos = first(data, {0xDA})
        position = rng.randrange(sos[1], len(data) - 2) if sos else len(data) // 2
        return data[:position] + bytes([0xFF, 0xD0 + rng.randrange(8)]) * rng.randrange(1, 50) + data[position:], kind
    if kind == "double-frame" and sof:
        return data[:sof[0]] + data[sof[0]:sof[1]] * 2 + data[sof[0]:], kind
    return data[:len(data) // 3], "truncate"


def cases():
    rng = random.Random(SEED)
    sources = {name: path.read_bytes() for name, path in SOURCES.items()}
    out = []
    for index in range(CASES):
        operation = "uploadAvatar" if index % 2 == 0 else "uploadPassport"
        data, kind = mutate(sources[operation], rng)
        out.append((operation, kind, data))
    return out


CASE_LIST = cases() if all(path.exists() for path in SOURCES.values()) else []


@pytest.mark.parametrize("index", range(len(CASE_LIST)),
                         ids=[f"{i}-{op}-{kind}" for i, (op, kind, _) in enumerate(CASE_LIST)])
def test_a_hostile_jpeg_is_200_or_400_never_a_crash(functions, s3, index):
    operation, kind, data = CASE_LIST[index]
    functions.seed(state="pending" if operation == "uploadAvatar" else "avatar_verified", vid=VID)
    key = f"verifications/{VID}/fuzz/{index}.jpg"
    s3.put_object(Bucket=os.environ["KYC_TEST_BUCKET"], Key=key, Body=data)
    event = copy.deepcopy(load_event(operation))
    event["body"] = json.dumps({"fileKey": key})
    started = time.monotonic()
    status, body = functions.invoke(operation, event)
    elapsed = time.monotonic() - started
    assert status in (200, 400), (SEED, index, kind, status, body)
    assert elapsed < 15, (SEED, index, kind, elapsed)
    assert functions.last_peak_rss_mb <= 400, (SEED, index, kind, functions.last_peak_rss_mb)
    if status == 400:
        assert body["errors"][0]["code"] == "validation", body
        _, progress = functions.invoke("getVerificationStatus", load_event("getVerificationStatus"))
        step = "avatarVerified" if operation == "uploadAvatar" else "passportVerified"
        assert progress["progress"][step]["attempts"] == 0
