"""What both page generators draw alike: the portrait cut, the MRZ lines, the perspective maths."""
from mrz.generator.td3 import TD3CodeGenerator
from PIL import Image, ImageOps

OCRB = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
W, H = 1250, 880  # a TD3 data page at about 10 px/mm
# Month abbreviations as data pages print them, by language.
MONTHS = {
    "en": ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    "hu": ["JAN", "FEB", "MÁR", "ÁPR", "MÁJ", "JÚN", "JÚL", "AUG", "SZEP", "OKT", "NOV", "DEC"],
}

# Face boxes in the upright images, as fractions (left, top, right, bottom); dlib found them.
FACE_BOXES = {
    "obama.jpg": (366 / 910, 136 / 1137, 624 / 910, 394 / 1137),
    "obama2.jpg": (164 / 626, 302 / 1200, 474 / 626, 611 / 1200),
    "obama3.jpg": (327 / 717, 145 / 1167, 476 / 717, 294 / 1167),
    "biden.jpg": (211 / 485, 128 / 1102, 360 / 485, 277 / 1102),
    "astronaut.jpg": (179 / 512, 83 / 512, 266 / 512, 170 / 512),
}


def face_photo(faces_dir, name):
    """A passport-style portrait: head and shoulders, the face about half the photo's width."""
    face = ImageOps.exif_transpose(Image.open(faces_dir / name)).convert("RGB")
    if name in FACE_BOXES:
        l, t, r, b = FACE_BOXES[name]
        fw = (r - l) * face.width
        cx, cy = (l + r) / 2 * face.width, (t + b) / 2 * face.height
        box = (cx - fw, cy - 1.25 * fw, cx + fw, cy + 1.35 * fw)
        face = face.crop(tuple(int(v) for v in box))
    return face.resize((270, 350))


def mrz_lines(identity, expiry=None):
    surname, given, number, state, _, birth, sex, _, _, exp, _ = identity
    code = TD3CodeGenerator("P", state, surname.replace("'", ""), given, number, state, birth[2:].replace("-", ""),
                            sex if sex != "X" else "<", (expiry or exp)[2:].replace("-", ""), "")
    return str(code).split("\n")



def find_coeffs(target, source):
    """The 8 coefficients of PIL's perspective transform taking `target` corners to `source` corners."""
    matrix = []
    for (x, y), (u, v) in zip(target, source):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    rhs = [c for point in source for c in point]
    # Gaussian elimination on the 8x8 system.
    n = 8
    a = [row[:] + [rhs[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col:
                f = a[r][col] / a[col][col]
                a[r] = [x - f * y for x, y in zip(a[r], a[col])]
    return [a[i][n] / a[i][i] for i in range(n)]
