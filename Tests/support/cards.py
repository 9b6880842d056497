"""Synthetic identity cards with ground truth, for the card tests and benchmarks.

Usage: python cards.py OUT_DIR FACES_DIR

Each identity becomes a card in ICAO 9303's sizes: a TD1 card (ID-1, 85.6 × 54 mm) whose MRZ of
three lines of 30 is on the back and whose portrait is on the front, or a TD2 card (105 × 74 mm)
with portrait and its two lines of 36 on the front. Lines are built here from ICAO's rules (check
digits, a document number longer than nine characters continued in the optional data, the
composite digit) and printed in OCR-B (Debian's fonts-ocr-b). Variants as users send them: scans
600, 300 and 250 px wide (the size of real card scans found online), a phone photo of the card on a
table (rounded corners, perspective, glare) and one from arm's length (the card a third of the
frame), an iridescent hologram over the MRZ, both sides
scanned into one image, and a TD2 front photographed. Refusals: visas (MRV-A, MRV-B), a card whose
composite digit is wrong, a payment card. OUT_DIR/truth.json maps each file to its identity,
variant and expected outcome; `front` names the matching front image of a back.
"""
import json
import pathlib
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from page_parts import OCRB, face_photo, find_coeffs  # noqa: E402
from passports import SANS, SANS_BOLD, stale  # noqa: E402

CW, CH = 856, 540  # ID-1 at 10 px/mm
TW, TH = 1050, 740  # ID-2

# surname, given names, number, state, birth, sex, expiry, format, face
IDENTITIES = [
    ("MUSTERMANN", "ERIKA", "T22000129", "D", "1964-08-12", "F", "2031-10-31", "TD1", "obama.jpg"),
    ("VADIS", "QUO", "S0002068", "CHE", "1981-02-28", "F", "2033-01-01", "TD1", "biden.jpg"),
    ("DE BRUIJN", "WILLEKE LISELOTTE", "SPECI2014", "NLD", "1965-03-10", "F", "2030-03-09", "TD1", "obama2.jpg"),
    ("ROSSI", "MARIO", "CA00000AA", "ITA", "1977-12-31", "M", "2032-06-15", "TD1", "obama3.jpg"),
    ("ESPAÑOLA", "CARMEN", "BAB123456", "ESP", "1980-01-01", "F", "2031-02-28", "TD1", "astronaut.jpg"),
    ("JANSSENS", "PIETER", "592000011734", "BEL", "1990-05-17", "M", "2034-05-16", "TD1", "obama.jpg"),
    ("ERIKSSON", "ANNA MARIA", "D23145890", "UTO", "1974-08-12", "F", "2032-04-15", "TD2", "obama2.jpg"),
    ("DUBOIS", "LUC", "X4RTBPFW4", "FRA", "1988-09-09", "M", "2031-09-08", "TD2", "biden.jpg"),
]
# Where each holder was born, printed on the front as many cards print it (the 2021 EU layout
# among them), with the date of issue: a day after the expiry's, ten years earlier.
PLACES = {"D": "BERLIN", "CHE": "LUZERN", "NLD": "DEN HAAG", "ITA": "ROMA", "ESP": "MADRID", "BEL": "GENT",
          "UTO": "ZENITH", "FRA": "LYON"}


def issue_date(expiry):
    year, month, day = expiry.split("-")
    return f"{int(year) - 10}-{month}-{day}"


TRANSLIT = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "Ñ": "N", "É": "E", "'": ""}


def check(field):
    weights, total = [7, 3, 1], 0
    for i, c in enumerate(field):
        value = int(c) if c.isdigit() else 0 if c == "<" else ord(c) - 55
        total += value * weights[i % 3]
    return str(total % 10)


def fit(text, length):
    return (text + "<" * length)[:length]


def names_field(surname, given, length):
    mrz = lambda s: "".join(TRANSLIT.get(c, c) for c in s.upper()).replace(" ", "<").replace("-", "<")
    return fit(mrz(surname) + "<<" + mrz(given), length)


def yymmdd(iso):
    return iso[2:].replace("-", "")


def td1_lines(identity, optional="", break_composite=False):
    surname, given, number, state, birth, sex, expiry, _, _ = identity
    code_state = fit("ID", 2) + fit(state, 3)
    if len(number) > 9:  # ICAO 9303-5 4.2.4: nine in place, `<`, the rest and its check digit
        line1 = code_state + number[:9] + "<" + fit(number[9:] + check(number) + optional, 15)
    else:
        line1 = code_state + fit(number, 9) + check(fit(number, 9)) + fit(optional, 15)
    line2 = yymmdd(birth) + check(yymmdd(birth)) + sex.replace("X", "<") + yymmdd(expiry) + check(yymmdd(expiry))
    line2 += fit(state, 3) + "<" * 11
    composite = check(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    if break_composite:
        composite = str((int(composite) + 4) % 10)
    return [line1, line2 + composite, names_field(surname, given, 30)]


def two_line(identity, code, length, composite=True):
    """TD2 (36) or, with a `V` code, the visas MRV-B (36) and MRV-A (44), which have no composite."""
    surname, given, number, state, birth, sex, expiry, _, _ = identity
    line1 = fit(code, 2) + fit(state, 3) + names_field(surname, given, length - 5)
    line2 = fit(number, 9) + check(fit(number, 9)) + fit(state, 3) + yymmdd(birth) + check(yymmdd(birth))
    line2 += sex.replace("X", "<") + yymmdd(expiry) + check(yymmdd(expiry))
    if composite:
        line2 = fit(line2, length - 1)
        line2 += check(line2[0:10] + line2[13:20] + line2[21:length - 1])
    return [line1, fit(line2, length)]


def mrz(draw, lines, width, top, pitch):
    """OCR-B lines sized so the longest spans `width`."""
    size = 60
    while ImageFont.truetype(OCRB, size).getlength(lines[0]) > width:
        size -= 1
    font = ImageFont.truetype(OCRB, size)
    for i, line in enumerate(lines):
        draw.text((int((CW if len(line) == 30 else TW) * 0.045), top + i * pitch), line, font=font, fill=(15, 15, 20))


def tinted(size, rng, hue):
    card = Image.new("RGB", size, hue)
    draw = ImageDraw.Draw(card)
    for k in range(-size[1], size[0], 11):
        draw.line([(k, 0), (k + size[1], size[1])], fill=tuple(max(0, c - 14) for c in hue), width=1)
    return card


def printed(draw, x, y, caption, value, small, big):
    draw.text((x, y), caption, font=small, fill=(70, 70, 110))
    draw.text((x, y + 18), value, font=big, fill=(15, 15, 25))


def front(identity, faces, rng, size):
    surname, given, number, state, birth, sex, expiry, _, face = identity
    card = tinted(size, rng, (222, 232, 226))
    draw = ImageDraw.Draw(card)
    small, big = ImageFont.truetype(SANS, 16), ImageFont.truetype(SANS_BOLD, 24)
    draw.text((30, 20), f"IDENTITY CARD · {state}", font=ImageFont.truetype(SANS_BOLD, 26), fill=(30, 50, 90))
    card.paste(face_photo(faces, face).resize((int(size[0] * 0.27), int(size[0] * 0.35))), (30, 70))
    x = int(size[0] * 0.33)
    dotted = lambda iso: ".".join(reversed(iso.split("-")))
    rows = [("Surname / Nom", surname), ("Given names / Prénoms", given), ("Sex / Sexe", sex),
            ("Date of birth / Date de naissance", dotted(birth)), ("Place of birth / Lieu de naissance", PLACES[state]),
            ("Date of issue / Date de délivrance", dotted(issue_date(expiry))), ("Date of expiry", dotted(expiry)),
            ("Document No.", number)]
    for i, (caption, value) in enumerate(rows):
        printed(draw, x, 64 + i * 50, caption, value, small, big)
    return card


def back(identity, rng, lines):
    card = tinted((CW, CH), rng, (230, 226, 236))
    draw = ImageDraw.Draw(card)
    small, big = ImageFont.truetype(SANS, 16), ImageFont.truetype(SANS_BOLD, 22)
    printed(draw, 40, 30, "Address / Adresse", f"{rng.randint(1, 99)} MAIN STREET, {identity[3]}", small, big)
    printed(draw, 40, 95, "Authority / Autorité", "CITY HALL", small, big)
    printed(draw, 480, 95, "Height", f"{rng.randint(150, 195)} cm", small, big)
    # Backs print the card's date of issue as the German and Swiss backs do.
    issued = ".".join(reversed(issue_date(identity[6]).split("-")))
    printed(draw, 40, 160, "Date of issue / Datum", issued, small, big)
    draw.line([(30, 285), (CW - 30, 285)], fill=(150, 140, 170), width=2)
    mrz(draw, lines, CW * 0.91, 330, 58)
    return card


def rounded(card, radius=38):
    mask = Image.new("L", card.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, card.width - 1, card.height - 1), radius, fill=255)
    return mask


def on_table(card, rng):
    """A phone photo: the card on a wooden table, corners rounded, keystoned, with a lamp's glare."""
    table = Image.new("RGB", (card.width + 360, card.height + 300), (96, 70, 48))
    table.paste(card, (180, 150), rounded(card))
    w, h = table.size
    d = rng.randint(40, 70)
    warped = table.transform((w, h), Image.Transform.PERSPECTIVE,
                             find_coeffs([(0, 0), (w, 0), (w, h), (0, h)], [(d, d // 2), (w - d, 0), (w, h), (0, h - d // 3)]),
                             Image.Resampling.BICUBIC)
    spot = Image.new("L", warped.size, 0)
    cx, cy = rng.randint(300, w - 300), rng.randint(200, h - 250)
    ImageDraw.Draw(spot).ellipse((cx - 150, cy - 70, cx + 150, cy + 70), fill=170)
    photo = Image.composite(Image.new("RGB", warped.size, (255, 255, 248)), warped, spot.filter(ImageFilter.GaussianBlur(45)))
    photo = photo.rotate(rng.choice([-4, -2, 3]), resample=Image.Resampling.BICUBIC, fillcolor=(96, 70, 48))
    return photo.filter(ImageFilter.GaussianBlur(0.8))


def far_on_table(card, rng):
    """A phone photo from arm's length: the card a third of the frame's width on a wooden table."""
    table = Image.new("RGB", (card.width * 3, card.height * 3), (96, 70, 48))
    grain = ImageDraw.Draw(table)
    for y in range(0, table.height, 7):
        grain.line([(0, y), (table.width, y + rng.randint(-6, 6))], fill=(104, 77, 52), width=2)
    table.paste(card, (rng.randint(card.width // 2, card.width * 3 // 2), rng.randint(card.height // 2, card.height)),
                rounded(card))
    return table.rotate(rng.choice([-3, 2]), resample=Image.Resampling.BICUBIC, fillcolor=(96, 70, 48))


def hologram(card, rng):
    """An iridescent, translucent patch over part of the MRZ, as laminates carry."""
    layer = Image.new("RGB", card.size, (0, 0, 0))
    draw = ImageDraw.Draw(layer)
    x0 = rng.randint(200, 420)
    for r in range(10, 150, 8):
        colour = [(90, 160, 220), (200, 120, 210), (120, 210, 150)][r // 8 % 3]
        draw.ellipse((x0 - r, 380 - r // 2, x0 + r, 380 + r // 2), outline=colour, width=4)
    return ImageChops.blend(card, ImageChops.lighter(card, layer), 0.45)


def scan(image, width):
    return image.resize((width, width * image.height // image.width), Image.Resampling.LANCZOS)


def payment_card(rng):
    card = tinted((CW, CH), rng, (40, 60, 120))
    draw = ImageDraw.Draw(card)
    draw.text((60, 260), "4000 1234 5678 9010", font=ImageFont.truetype(OCRB, 56), fill=(235, 235, 240))
    draw.text((60, 360), "VALID THRU 12/30     J SMITH", font=ImageFont.truetype(SANS_BOLD, 30), fill=(235, 235, 240))
    return card


def fields(identity):
    surname, given, number, state, birth, sex, expiry, form, _ = identity
    return {"documentNumber": number, "surname": names_field(surname, given, 90).split("<<")[0],
            "givenNames": names_field(surname, given, 90).split("<<")[1].rstrip("<"), "birthDate": birth,
            "expiryDate": expiry, "issuingState": state, "format": form, "placeOfBirth": PLACES[state],
            "issueDate": issue_date(expiry)}


def main():
    out, faces = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    version = stale(out, __file__)
    if version is None:
        return
    rng = random.Random(9305)
    truths = {}

    def save(image, name, variant, expect, truth=None, **extra):
        image.convert("RGB").save(out / name, "JPEG", quality=85)
        truths[name] = {"variant": variant, "expect": expect, **({"fields": truth} if truth else {}), **extra}

    for index, identity in enumerate(IDENTITIES):
        truth = fields(identity)
        if identity[7] == "TD1":
            lines = td1_lines(identity)
            face, rear = front(identity, faces, rng, (CW, CH)), back(identity, rng, lines)
            save(scan(face, 600), f"c{index:02d}-front.jpg", "front", "front", face=identity[8])
            for width in (600, 300, 250):
                save(scan(rear, width), f"c{index:02d}-back-{width}.jpg", f"back-{width}", "read", truth,
                     front=f"c{index:02d}-front.jpg")
            save(scan(on_table(rear, rng), 1200), f"c{index:02d}-back-photo.jpg", "back-photo", "read", truth)
            save(scan(far_on_table(rear, rng), 1600), f"c{index:02d}-back-far.jpg", "back-far", "read", truth)
            save(scan(hologram(rear, rng), 450), f"c{index:02d}-back-hologram.jpg", "back-hologram", "read", truth)
            both = Image.new("RGB", (CW + 80, 2 * CH + 120), (245, 245, 245))
            both.paste(face, (40, 40), rounded(face))
            both.paste(rear, (40, CH + 80), rounded(rear))
            save(scan(both, 700), f"c{index:02d}-both-sides.jpg", "both-sides", "read", truth)
        else:
            card = front(identity, faces, rng, (TW, TH))
            mrz(ImageDraw.Draw(card), two_line(identity, "I", 36), TW * 0.91, 600, 62)
            for width in (600, 350):
                save(scan(card, width), f"c{index:02d}-td2-{width}.jpg", f"td2-{width}", "read", truth, face=identity[8])
            save(scan(on_table(card, rng), 1200), f"c{index:02d}-td2-photo.jpg", "td2-photo", "read", truth)

    # What must be refused: visas (every check digit right), a wrong composite, a payment card.
    for index, identity in enumerate(IDENTITIES[:2]):
        visa = tinted((1250, 880), rng, (236, 228, 214))
        draw = ImageDraw.Draw(visa)
        draw.text((60, 60), "VISA", font=ImageFont.truetype(SANS_BOLD, 60), fill=(90, 40, 60))
        mrz(draw, two_line(identity, "V", 44, composite=False), 1250 * 0.91, 700, 70)
        save(scan(visa, 900), f"visa-a{index}.jpg", "visa", "invalid")
        small = tinted((TW, TH), rng, (236, 228, 214))
        draw = ImageDraw.Draw(small)
        draw.text((40, 40), "VISA", font=ImageFont.truetype(SANS_BOLD, 50), fill=(90, 40, 60))
        mrz(draw, two_line(identity, "V", 36, composite=False), TW * 0.91, 600, 62)
        save(scan(small, 600), f"visa-b{index}.jpg", "visa", "invalid")
    save(scan(back(IDENTITIES[0], rng, td1_lines(IDENTITIES[0], break_composite=True)), 600),
         "wrong-composite.jpg", "refusal", "invalid")
    # No MRZ at all: refused with word of the side to send.
    save(scan(payment_card(rng), 600), "payment-card.jpg", "refusal", "other side")
    (out / "truth.json").write_text(json.dumps(truths, indent=1, ensure_ascii=False))
    (out / ".generator").write_text(version)


if __name__ == "__main__":
    main()
