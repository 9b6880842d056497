"""Real test images, from packages only, and the variants and broken files the tests need.

Usage: python test_images.py OUT_DIR

- faces/: Debian libdlib19.1's examples (johns/: 5 people x 11 crops, faces/), the face_recognition
  1.3.0 sdist's tests/test_images (obama, biden), scikit-image's astronaut.
- nonfaces/: scikit-image's chelsea (a cat) and coffee, dlib's dogs.jpg.
- variants/: EXIF-rotated selfies (pixels turned, orientation tag set), the same pixels without
  the tag, a 1600x1200 selfie, a 12 MP photo.
- corpus/: files that must be refused: empty, random bytes, truncations, corrupted entropy data,
  a header claiming 60000x60000, a 91-scan progressive file, CMYK, huge APP1 segments, text
  named .jpg, PNG, GIF, PDF.
Nothing here is committed: everything is fetched or made when the tests run.
"""
import io
import os
import pathlib
import random
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile

from PIL import Image

DLIB_EXAMPLES = pathlib.Path("/usr/share/doc/libdlib19.1/examples")
STAMP_VERSION = "5"


def pip_download(spec, into, source=False):
    args = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--disable-pip-version-check", "-d", str(into), spec]
    if source:
        args.insert(-1, "--no-binary=:all:")
    subprocess.run(args, check=True)
    return next(p for p in pathlib.Path(into).iterdir() if p.is_file())


def save_jpeg(image, path, **options):
    image.convert("RGB").save(path, "JPEG", quality=options.pop("quality", 92), **options)


def exif_rotated(source, path, orientation):
    """Pixels stored turned, with the EXIF tag that tells a viewer how to turn them back."""
    image = Image.open(source).convert("RGB")
    stored = {6: image.transpose(Image.Transpose.ROTATE_90), 8: image.transpose(Image.Transpose.ROTATE_270),
              3: image.transpose(Image.Transpose.ROTATE_180)}[orientation]
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, "JPEG", quality=92, exif=exif.tobytes())
    stored.save(path.with_name(path.stem + "-no-exif.jpg"), "JPEG", quality=92)


def scan_script(path):
    """91 scans (jpegtran allows 100): DC and its refinement, every luma AC coefficient alone, the
    first twelve chroma AC coefficients alone and the rest of each chroma band at once."""
    lines = ["0,1,2: 0-0, 0, 1;", "0,1,2: 0-0, 1, 0;"]
    lines += [f"0: {k}-{k}, 0, 0;" for k in range(1, 64)]
    for component in (1, 2):
        lines += [f"{component}: {k}-{k}, 0, 0;" for k in range(1, 13)] + [f"{component}: 13-63, 0, 0;"]
    path.write_text("\n".join(lines) + "\n")


def corpus(out, good):
    data = good.read_bytes()
    random.seed(7)
    files = {
        "empty.jpg": b"",
        "random.jpg": bytes(random.getrandbits(8) for _ in range(20_000)),
        "random-with-soi.jpg": b"\xff\xd8\xff" + bytes(random.getrandbits(8) for _ in range(20_000)),
        "text.jpg": b"This is not an image, just text with a .jpg name.\n" * 20,
        "truncated-header.jpg": data[:200],
        "truncated-quarter.jpg": data[: len(data) // 4],
        "truncated-half.jpg": data[: len(data) // 2],
        "truncated-end.jpg": data[:-300],
        "pdf.jpg": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    }
    # Corrupted entropy data: overwrite a stretch of scan bytes with an impossible pattern.
    scan = data.index(b"\xff\xda")
    start = scan + (len(data) - scan) // 2
    files["corrupt-entropy.jpg"] = data[:start] + b"\xff\xd3" * 200 + data[start + 400 :]
    # A header claiming 60000x60000: patch the frame header of a plain baseline file.
    plain = io.BytesIO()
    Image.open(good).convert("RGB").resize((320, 240)).save(plain, "JPEG", quality=80)
    plain = plain.getvalue()
    sof = plain.index(b"\xff\xc0")
    files["claims-60000x60000.jpg"] = plain[: sof + 5] + struct.pack(">HH", 60000, 60000) + plain[sof + 9 :]
    # Huge APP1 segments (each at the 64 KiB maximum) before the image.
    app1 = b"\xff\xe1" + struct.pack(">H", 65535) + b"Exif\0\0" + b"\xab" * (65535 - 8)
    files["huge-app1.jpg"] = data[:2] + app1 * 40 + data[2:]
    for name, content in files.items():
        (out / name).write_bytes(content)
    # Hostile geometry: an 80 kB sliver and band that once cost gigabytes to search for an MRZ.
    Image.new("RGB", (100, 65500), "white").save(out / "sliver-100x65500.jpg", "JPEG", quality=60)
    Image.new("RGB", (65500, 120), "white").save(out / "band-65500x120.jpg", "JPEG", quality=60)
    image = Image.open(good)
    image.convert("CMYK").save(out / "cmyk.jpg", "JPEG", quality=90)
    image.save(out / "png-image.jpg", "PNG")
    image.convert("P").save(out / "gif-image.jpg", "GIF")
    with tempfile.TemporaryDirectory() as tmp:
        script = pathlib.Path(tmp) / "scans.txt"
        scan_script(script)
        subprocess.run(["jpegtran", "-scans", str(script), "-outfile", str(out / "many-scans.jpg"), str(good)], check=True)


def main():
    out = pathlib.Path(sys.argv[1])
    stamp = out / ".complete"
    if stamp.exists() and stamp.read_text() == STAMP_VERSION:
        return
    for sub in ["faces", "nonfaces", "variants", "corpus"]:
        (out / sub).mkdir(parents=True, exist_ok=True)
    cache = out / "downloads"
    cache.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sdist = pip_download("face_recognition==1.3.0", tmp, source=True)
        with tarfile.open(sdist) as archive:
            for member in archive.getmembers():
                name = os.path.basename(member.name)
                if "/tests/test_images/" in member.name and name in ("obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg"):
                    (out / "faces" / name).write_bytes(archive.extractfile(member).read())
    with tempfile.TemporaryDirectory() as tmp:
        wheel = pip_download("scikit-image==0.26.0", tmp)
        with zipfile.ZipFile(wheel) as archive:
            for name, folder in [("astronaut", "faces"), ("chelsea", "nonfaces"), ("coffee", "nonfaces")]:
                image = Image.open(io.BytesIO(archive.read(f"skimage/data/{name}.png")))
                save_jpeg(image, out / folder / f"{name}.jpg")
    shutil.copytree(DLIB_EXAMPLES / "johns", out / "faces" / "johns", dirs_exist_ok=True)
    shutil.copy(DLIB_EXAMPLES / "faces" / "dogs.jpg", out / "nonfaces" / "dogs.jpg")
    shutil.copy(DLIB_EXAMPLES / "faces" / "2008_002506.jpg", out / "faces" / "group.jpg")

    selfie = out / "faces" / "obama.jpg"
    for orientation in (6, 8, 3):
        exif_rotated(selfie, out / "variants" / f"obama-exif-{orientation}.jpg", orientation)
    portrait = Image.open(selfie).convert("RGB")
    for name, (width, height), options in [
        ("selfie-1600x1200.jpg", (1600, 1200), {}),
        ("photo-12mp.jpg", (4000, 3000), {"quality": 90}),
        ("photo-12mp-progressive.jpg", (4000, 3000), {"quality": 90, "progressive": True}),
    ]:
        # The portrait scaled to the frame's height, centred on a plain background: proportions kept.
        frame = Image.new("RGB", (width, height), (200, 205, 210))
        scaled = portrait.resize((portrait.width * height // portrait.height, height))
        frame.paste(scaled, ((width - scaled.width) // 2, 0))
        save_jpeg(frame, out / "variants" / name, **options)
    corpus(out / "corpus", selfie)
    stamp.write_text(STAMP_VERSION)


if __name__ == "__main__":
    main()
