"""Synthetic passport data pages with ground truth, for the OCR tests and benchmarks.

Usage: python passports.py OUT_DIR FACES_DIR

Each identity becomes a TD3 data page: a face photo (a real face from the test images), the
visual zone, and the MRZ in OCR-B (Debian's fonts-ocr-b) whose two lines come from PyPI's `mrz`
generator. The visual zone is laid out as the issuing state would print it: captions in its
language beside English (and French), numbered on some pages, fields in two columns, dates in
the national format (`16.04.2012`, `25.12.1982.`, `22 FEB/FEB 78`, `01 MÁR/MAR 12`, `20 JUIN/JUN 1978`).
Then variants of each page, as users upload them: JPEG quality 40, noise, blur, 600 px wide,
rotated ±3°, photographed in perspective under uneven light, upside down; a coloured patterned
background running through the MRZ, the page cropped so the MRZ runs to the bottom edge, scans
300 and 450 px wide, a quarter turn (a portrait photo of a landscape page), a two-page spread on
a dark table, a watermark across the page, and a phone photo with perspective, glare and blur.
Special pages: blank, an altered check digit, an expired passport. Beside them, pages laid out as
eight real states print theirs, scanned and photographed (state_pages.py).
OUT_DIR/truth.json maps each file to its identity and variant.
"""
import hashlib
import json
import math
import pathlib
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

import state_pages
from page_parts import MONTHS as PRINTED_MONTHS
from page_parts import OCRB, H, W, face_photo, find_coeffs, mrz_lines

SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
MONTHS = PRINTED_MONTHS["en"]

# surname, given names, number, state, nationality text, birth, sex, place, issue, expiry, face
IDENTITIES = [
    ("ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", "UTOPIAN", "1974-08-12", "F", "ZENITH", "2022-04-16", "2032-04-15", "obama.jpg"),
    ("MÜLLER", "JÜRGEN", "C01X00T47", "D", "DEUTSCH", "1964-08-12", "M", "BERLIN", "2021-08-03", "2031-08-02", "biden.jpg"),
    ("DUPONT", "MARIE CLAIRE", "18AV01234", "FRA", "FRANÇAISE", "1990-01-15", "F", "LYON", "2023-02-20", "2033-02-19", "obama2.jpg"),
    ("OKAFOR", "CHIDI", "A09876543", "NGA", "NIGERIAN", "1985-11-30", "M", "LAGOS", "2020-06-01", "2030-05-31", "obama3.jpg"),
    ("SMITH", "JOHN JAMES", "533401928", "GBR", "BRITISH CITIZEN", "1979-03-04", "M", "LONDON", "2019-12-10", "2029-12-10", "astronaut.jpg"),
    ("GARCÍA LÓPEZ", "LUCÍA", "PAA123456", "ESP", "ESPAÑOLA", "2001-07-22", "F", "SEVILLA", "2024-01-05", "2034-01-04", "johns/John_Simm/000288_00470387.jpg"),
    ("HORVAT", "IVANA", "117654321", "HRV", "HRVATSKO", "1982-12-25", "F", "ZAGREB", "2018-09-14", "2028-09-14", "obama3.jpg"),
    ("O'BRIEN", "SIOBHAN", "PX5551234", "IRL", "ÉIREANNACH", "1995-10-09", "F", "CORK", "2022-11-11", "2032-11-10", "johns/John_Savage/000264_01099001.jpg"),
    ("NOVAK", "PETR", "40123987", "CZE", "ČESKÁ REPUBLIKA", "1988-02-29", "M", "BRNO", "2023-06-30", "2033-06-30", "johns/John_Schneider/000288_00925786.jpg"),
    ("SILVA", "JOÃO PEDRO", "CB1234567", "BRA", "BRASILEIRO", "1999-12-31", "M", "RECIFE", "2021-03-03", "2031-03-02", "johns/John_Shimkus/000373_03228153.jpg"),
    ("NAGY", "ESZTER", "BE1234567", "HUN", "MAGYAR", "1972-06-17", "F", "BUDAPEST", "2020-10-10", "2030-10-09", "obama.jpg"),
    ("WILLIAMS", "TAYLOR", "567890123", "CAN", "CANADIAN", "2005-04-01", "X", "TORONTO", "2024-05-20", "2034-05-19", "biden.jpg"),
]


# How each state's page prints its captions and dates. Captions: (surname, given names,
# nationality, date of birth, sex, place of birth, date of issue, authority, date of expiry,
# passport no.) in the national language; English follows each (and French where it prints it).
CAPTIONS = {
    "en": ("Surname", "Given names", "Nationality", "Date of birth", "Sex", "Place of birth", "Date of issue",
           "Authority", "Date of expiry", "Passport No."),
    "fr": ("Nom", "Prénoms", "Nationalité", "Date de naissance", "Sexe", "Lieu de naissance", "Date de délivrance",
           "Autorité", "Date d'expiration", "N° du passeport"),
    "de": ("Name", "Vornamen", "Staatsangehörigkeit", "Geburtsdatum", "Geschlecht", "Geburtsort",
           "Ausstellungsdatum", "Behörde", "Gültig bis", "Pass-Nr."),
    "es": ("Apellidos", "Nombre", "Nacionalidad", "Fecha de nacimiento", "Sexo", "Lugar de nacimiento",
           "Fecha de expedición", "Autoridad", "Fecha de caducidad", "Pasaporte N°"),
    "cs": ("Příjmení", "Jméno", "Státní občanství", "Datum narození", "Pohlaví", "Místo narození", "Datum vydání",
           "Úřad", "Datum platnosti", "Číslo pasu"),
    "pt": ("Sobrenome", "Nome", "Nacionalidade", "Data de nascimento", "Sexo", "Local de nascimento",
           "Data de emissão", "Autoridade", "Data de validade", "Passaporte N°"),
    "hr": ("Prezime", "Ime", "Državljanstvo", "Datum rođenja", "Spol", "Mjesto rođenja", "Datum izdavanja",
           "Izdao", "Datum isteka", "Broj putovnice"),
    "hu": ("Vezetéknév", "Utónév", "Állampolgárság", "Születési idő", "Nem", "Születési hely", "Kiállítás dátuma",
           "Hatóság", "Érvényesség", "Útlevél száma"),
}
MONTHS_NATIONAL = {
    "fr": ["JANV", "FÉVR", "MARS", "AVR", "MAI", "JUIN", "JUIL", "AOÛT", "SEPT", "OCT", "NOV", "DÉC"],
    "pt": ["JAN", "FEV", "MAR", "ABR", "MAI", "JUN", "JUL", "AGO", "SET", "OUT", "NOV", "DEZ"],
    "hu": PRINTED_MONTHS["hu"],
}
# state: (national language or None, French too, numbered captions, date style)
LAYOUTS = {
    "UTO": (None, True, False, "dmy-mon"),
    "D": ("de", True, True, "dotted"),
    "FRA": ("fr", False, False, "national-mon"),
    "NGA": (None, False, False, "dmy-mon-yy"),
    "GBR": (None, True, False, "dmy-mon"),
    "ESP": ("es", False, False, "spaced"),
    "HRV": ("hr", False, True, "dotted-trailing"),
    "IRL": (None, True, False, "dmy-mon"),
    "CZE": ("cs", False, True, "dotted"),
    "BRA": ("pt", False, False, "national-mon"),
    "HUN": ("hu", False, False, "national-mon-yy"),
    "CAN": (None, True, False, "dmy-mon-yy"),
}


def visual_date(iso, style="dmy-mon", language=None):
    year, month, day = iso.split("-")
    english = MONTHS[int(month) - 1]
    national = MONTHS_NATIONAL.get(language, MONTHS)[int(month) - 1]
    return {
        "dmy-mon": f"{day} {english} {year}",
        "dmy-mon-yy": f"{day} {english}/{english} {year[2:]}",
        "dotted": f"{day}.{month}.{year}",
        "dotted-trailing": f"{day}.{month}.{year}.",
        "spaced": f"{day} {month} {year}",
        "national-mon": f"{day} {national}/{english} {year}",
        "national-mon-yy": f"{day} {national}/{english} {year[2:]}",
    }[style]


def captions(state):
    """The ten captions of a state's page: national / English (/ French), numbered on some pages."""
    language, french, numbered, _ = LAYOUTS[state]
    columns = [CAPTIONS[language]] if language else []
    columns.append(CAPTIONS["en"])
    if french:
        columns.append(CAPTIONS["fr"])
    texts = [" / ".join(parts) for parts in zip(*columns)]
    if numbered:
        texts = [f"{index:02d} {text}" for index, text in enumerate(texts, start=1)]
    return texts


def background(rng):
    page = Image.new("RGB", (W, H), (236, 232, 220))
    draw = ImageDraw.Draw(page)
    for k in range(0, H, 9):  # faint guilloche waves, as security printing has
        points = [(x, k + 6 * math.sin(x / 37 + k)) for x in range(0, W, 6)]
        draw.line(points, fill=(222, 216, 205), width=1)
    return page


def page(identity, faces_dir, rng, mrz=None, blank=False):
    surname, given, number, state, nationality, birth, sex, place, issued, expiry, face = identity
    image = background(rng)
    if blank:
        return image
    draw = ImageDraw.Draw(image)
    label, value, title = ImageFont.truetype(SANS, 15), ImageFont.truetype(SANS_BOLD, 24), ImageFont.truetype(SANS_BOLD, 30)
    draw.text((40, 30), "PASSPORT / PASSEPORT", font=title, fill=(60, 40, 90))
    draw.text((700, 36), "UTOPIA — REPUBLIC OF EXAMPLES", font=label, fill=(60, 40, 90))
    image.paste(face_photo(faces_dir, face), (45, 130))
    language, _, _, style = LAYOUTS[state]
    c = captions(state)
    date = lambda iso: visual_date(iso, style, language)  # noqa: E731
    rows = [
        [("Type / Type", "P"), ("Code / Code", state), (c[9], number)],
        [(c[0], surname)],
        [(c[1], given)],
        [(c[2], nationality)],
        [(c[3], date(birth)), (c[4], sex)],
        [(c[5], place)],
        [(c[6], date(issued)), (c[7], "PASSPORT OFFICE")],
        [(c[8], date(expiry))],
    ]
    y = 120
    for row in rows:
        x = 360
        for caption, text in row:
            draw.text((x, y), caption, font=label, fill=(90, 90, 110))
            draw.text((x, y + 20), text, font=value, fill=(15, 15, 25))
            x += 300 if len(row) > 1 else 0
        y += 66
    ocrb = ImageFont.truetype(OCRB, 38)  # 44 characters span 1209 px of the 1250 px page
    lines = mrz or mrz_lines(identity)
    for i, line in enumerate(lines):
        draw.text((20, 740 + i * 56), line, font=ocrb, fill=(10, 10, 10))
    return image


def patterned(image, rng):
    """A coloured security background (rosettes and waves in two inks) that runs through the MRZ."""
    pattern = Image.new("RGB", image.size, (214, 228, 236))
    draw = ImageDraw.Draw(pattern)
    for k in range(-200, W + 200, 14):
        points = [(k + 40 * math.sin(y / 45), y) for y in range(0, H, 6)]
        draw.line(points, fill=(150, 178, 214), width=2)
    for cx, cy in [(250, 760), (700, 420), (1050, 780)]:
        for r in range(20, 260, 12):
            draw.ellipse((cx - r, cy - r * 0.6, cx + r, cy + r * 0.6), outline=(214, 150, 172), width=3)
    # The page's ink over the pattern: darker of the two, as print on tinted paper.
    return ImageChops.darker(image, pattern)


def edge_cropped(image, rng):
    """Cropped tightly by the user: the MRZ's last line runs to the bottom edge, no margin left or right."""
    return image.crop((14, 60, W - 8, 740 + 56 + 44))


def scan(width):
    return lambda image, rng: (image.resize((width, width * H // W), Image.Resampling.LANCZOS), {"quality": 85})


def quarter_turn(image, rng):
    """A portrait phone photo of a landscape page: stored a quarter turn round, with no EXIF to undo it."""
    return image.rotate(rng.choice([90, 270]), expand=True)


def spread(image, rng):
    """The open booklet on a dark table: the facing page above with its own print, the data page below."""
    facing = background(rng)
    draw = ImageDraw.Draw(facing)
    font = ImageFont.truetype(SANS, 18)
    for k in range(6):
        draw.text((80, 120 + 90 * k), "VISAS / VISAS / VISADOS " + "·" * 30, font=font, fill=(120, 110, 140))
    table = Image.new("RGB", (W + 160, 2 * H + 120), (38, 34, 30))
    table.paste(facing, (80, 40))
    table.paste(image, (80, 40 + H + 20))
    table = table.rotate(rng.choice([-2, 2]), expand=False, fillcolor=(38, 34, 30), resample=Image.Resampling.BICUBIC)
    return table.resize((table.width * 3 // 4, table.height * 3 // 4), Image.Resampling.LANCZOS)


def watermarked(image, rng):
    """A stock-photo watermark across the page, MRZ included."""
    layer = Image.new("L", (W * 2, H * 2), 0)
    draw = ImageDraw.Draw(layer)
    font = ImageFont.truetype(SANS_BOLD, 120)
    for row in range(0, H * 2, 220):
        draw.text((row % 400 - 200, row), "SPECIMEN  SAMPLE  SPECIMEN", font=font, fill=90)
    layer = layer.rotate(25, resample=Image.Resampling.BICUBIC).crop((W // 2, H // 2, W // 2 + W, H // 2 + H))
    white = Image.new("RGB", image.size, (255, 255, 255))
    return Image.composite(white, image, layer)


def glare(image, rng):
    """A phone photo: perspective on a table, a lamp's glare on the laminate, a little blur."""
    photo = perspective(image, rng)
    spot = Image.new("L", photo.size, 0)
    cx, cy = rng.randint(400, 1100), rng.randint(350, 850)
    ImageDraw.Draw(spot).ellipse((cx - 180, cy - 90, cx + 180, cy + 90), fill=210)
    spot = spot.filter(ImageFilter.GaussianBlur(50))
    photo = Image.composite(Image.new("RGB", photo.size, (255, 255, 250)), photo, spot)
    return photo.filter(ImageFilter.GaussianBlur(1.0))


def perspective(image, rng):
    """The page photographed on a table: keystone distortion and light falling off to one side."""
    table = Image.new("RGB", (1500, 1150), (70, 60, 52))
    shrink = image.resize((1200, 845))
    table.paste(shrink, (150, 150))
    w, h = table.size
    # Map the output rectangle onto a trapezoid of the input (top edge narrower).
    dx, dy = 90, 40
    coeffs = find_coeffs([(0, 0), (w, 0), (w, h), (0, h)], [(dx, dy), (w - dx, dy), (w, h), (0, h)])
    warped = table.transform((w, h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    light = Image.linear_gradient("L").rotate(90).resize((w, h))
    light = light.point(lambda v: 150 + v * 105 // 255)
    return Image.composite(warped, Image.new("RGB", (w, h), (0, 0, 0)), light)


def noisy(image, rng):
    noise = Image.effect_noise(image.size, 28).convert("RGB")
    return Image.blend(image, noise, 0.18)


VARIANTS = {
    "clean": lambda im, rng: (im, {"quality": 92}),
    "jpeg-q40": lambda im, rng: (im, {"quality": 40}),
    "noise": lambda im, rng: (noisy(im, rng), {"quality": 90}),
    "blur": lambda im, rng: (im.filter(ImageFilter.GaussianBlur(1.4)), {"quality": 90}),
    "600px": lambda im, rng: (im.resize((600, 600 * H // W), Image.Resampling.LANCZOS), {"quality": 90}),
    "rotated": lambda im, rng: (im.rotate(rng.choice([-3, 3]), expand=True, fillcolor=(236, 232, 220),
                                          resample=Image.Resampling.BICUBIC), {"quality": 90}),
    "perspective": lambda im, rng: (perspective(im, rng), {"quality": 88}),
    "upside-down": lambda im, rng: (im.rotate(180), {"quality": 90}),
    "pattern-bg": lambda im, rng: (patterned(im, rng), {"quality": 88}),
    "edge-crop": lambda im, rng: (edge_cropped(im, rng), {"quality": 88}),
    "scan-300": scan(300),
    "scan-450": scan(450),
    "quarter-turn": lambda im, rng: (quarter_turn(im, rng), {"quality": 88}),
    "spread": lambda im, rng: (spread(im, rng), {"quality": 85}),
    "watermark": lambda im, rng: (watermarked(im, rng), {"quality": 88}),
    "photo-glare": lambda im, rng: (glare(im, rng), {"quality": 85}),
}


def truth(identity):
    surname, given, number, state, nationality, birth, sex, place, issued, expiry, face = identity
    names = given.split(" ")
    return {"lastName": surname, "firstName": names[0], "middleName": " ".join(names[1:]), "passportNumber": number,
            "dateOfBirth": birth, "issuedDate": issued, "placeOfBirth": place, "sex": sex, "expiryDate": expiry,
            "issuingState": state, "face": face, "mrz": mrz_lines(identity)}


def stale(out, *generators):
    """The version of `generators` to stamp `out` with once made anew, or None when `out` already
    holds what this version makes (made again whenever a generator changes); old images go."""
    version = hashlib.sha256(b"".join(pathlib.Path(g).read_bytes() for g in generators)).hexdigest()
    stamp = out / ".generator"
    if (out / "truth.json").exists() and stamp.exists() and stamp.read_text() == version:
        return None
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.jpg"):
        old.unlink()
    return version


def main():
    out, faces = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    version = stale(out, __file__, state_pages.__file__, face_photo.__code__.co_filename)
    if version is None:
        return
    rng = random.Random(9303)
    truths = {}
    for index, identity in enumerate(IDENTITIES):
        base = page(identity, faces, rng)
        for variant, make in VARIANTS.items():
            image, options = make(base, rng)
            name = f"p{index:02d}-{variant}.jpg"
            image.save(out / name, "JPEG", **options)
            truths[name] = {**truth(identity), "variant": variant}
    # Pages laid out as the real specimens' states print them, scanned and photographed.
    for name, image, quality, additions, identity in state_pages.pages(faces, rng):
        image.save(out / name, "JPEG", quality=quality)
        truths[name] = {**truth(identity), **additions}
    identity = IDENTITIES[0]
    page(identity, faces, rng, blank=True).save(out / "blank.jpg", "JPEG", quality=90)
    altered = mrz_lines(identity)
    altered[1] = altered[1][:19] + str((int(altered[1][19]) + 3) % 10) + altered[1][20:]
    page(identity, faces, rng, mrz=altered).save(out / "altered-check-digit.jpg", "JPEG", quality=92)
    expired = identity[:9] + ("2024-04-15",) + identity[10:]
    page(expired, faces, rng).save(out / "expired.jpg", "JPEG", quality=92)
    (out / "truth.json").write_text(json.dumps(truths, indent=1, ensure_ascii=False))
    (out / ".generator").write_text(version)


if __name__ == "__main__":
    main()
