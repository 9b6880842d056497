"""The real specimen photos of ../shared/real-passports shot again, as users would: in other light,
scaled down, blurred, compressed hard, tilted either way, on a table with room around the page, and
cropped tight to the page (its margins, never the MRZ). The documents stay real; only the capture
changes. Written to an output folder (never into the project): `<source>--<variant>.jpg` and
`truth.json`, which names each file's source in the shared truth.json.

Usage: reshot.py <real-passports-dir> <out-dir>
"""
import json
import pathlib
import sys

from PIL import Image, ImageEnhance, ImageFilter, ImageOps

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from passports import stale  # noqa: E402


def variants(page):
    """Each re-shot of an upright page, by name."""
    width, height = page.size
    red, green, blue = page.split()
    return {
        "dark": ImageEnhance.Brightness(page).enhance(0.55),
        "bright": ImageEnhance.Brightness(page).enhance(1.35),
        "low-contrast": ImageEnhance.Contrast(page).enhance(0.55),
        "warm-light": Image.merge("RGB", [red.point(lambda v: min(255, int(v * 1.1))), green,
                                          blue.point(lambda v: int(v * 0.75))]),
        "half-size": page.resize((width // 2, height // 2), Image.LANCZOS),
        "blur": page.filter(ImageFilter.GaussianBlur(1.2)),
        "jpeg-q30": page,
        "tilt+4": page.rotate(4, expand=True, fillcolor=(40, 40, 40)),
        "tilt-7": page.rotate(-7, expand=True, fillcolor=(200, 200, 200)),
        "on-table": ImageOps.expand(page, border=(width // 5, height // 4), fill=(70, 60, 55)),
        "tight": page.crop((0, height // 10, width - width // 40, height)),
    }


def main():
    real, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    version = stale(out, __file__)
    if version is None or not (real / "truth.json").exists():
        return
    truth = json.loads((real / "truth.json").read_text())
    index = {}
    for name, t in sorted(truth.items()):
        # Pages with an MRZ, once each: the Czech page's eight orientations and the Australian
        # page's quarter turns are one document each.
        if not t.get("mrzFields") or "rotate" in name or (name.startswith("Czech") and "orient1" not in name):
            continue
        page = ImageOps.exif_transpose(Image.open(real / name)).convert("RGB")
        for variant, image in variants(page).items():
            file = f"{pathlib.Path(name).stem}--{variant}.jpg"
            image.save(out / file, "JPEG", quality=30 if variant == "jpeg-q30" else 88)
            index[file] = {"source": name, "variant": variant}
    (out / "truth.json").write_text(json.dumps(index, indent=1))
    (out / ".generator").write_text(version)


if __name__ == "__main__":
    main()
