"""Passport data pages laid out as eight real states print them, for judging the visual-zone reader.

The layouts follow the shared real specimens (../shared/real-passports: Finland, Croatia, Hungary,
Poland, Luxembourg, Canada, Australia, the Czech Republic): where each field stands, captions in
two or three languages (numbered `01 …`, `1. …` or `… (1)` as the state numbers them), values
in capitals or mixed case (`Virtanen`, `Vzor`), the state's own date format (`21.12.1971`,
`25.12.1982.`, `22 FEB/FEB 78`, `13 LIP/JUL 2006`, `8 Août/Aug 2006`, `01 JAN /JAN 85`), the sex as
printed (`K/F`, `N/F`), places with a district or state suffix (`BUDAPEST 07`, `OTTAWA CAN`), names
with the state's letters (Ł, Ř, Ő, Ä), a personal number beside the dates, a SPECIMEN stamp and a
hologram over fields, a ghost portrait. Typefaces are URW's (Debian fonts-urw-base35): Helvetica,
Courier and Century shapes, as passports use, with OCR-B for the MRZ.

Each page is then captured as users upload them: scanned at 600 px as the shared pages are, and
photographed at an angle on a dark table under a light streak.

`pages(faces_dir, rng)` yields (name, image, JPEG quality, truth additions, identity tuple).
"""
import dataclasses
import math

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from page_parts import MONTHS as PRINTED_MONTHS
from page_parts import OCRB, H, W, face_photo, find_coeffs, mrz_lines

URW = "/usr/share/fonts/opentype/urw-base35/"

# Caption text per language and field.
FIELDS = ["type", "code", "number", "surname", "given", "nationality", "birth", "sex", "place", "issue", "expiry",
          "authority", "personal", "height", "birthname", "signature"]
WORDS = {
    "en": ["Type", "Country code", "Passport No.", "Surname", "Given names", "Nationality", "Date of birth", "Sex",
           "Place of birth", "Date of issue", "Date of expiry", "Authority", "Personal No.", "Height", "Birth name",
           "Holder's signature"],
    "fr": ["Type", "Code du pays", "N° du passeport", "Nom", "Prénoms", "Nationalité", "Date de naissance", "Sexe",
           "Lieu de naissance", "Date de délivrance", "Date d'expiration", "Autorité", "N° personnel", "Taille",
           "Nom de naissance", "Signature du titulaire"],
    "fi": ["Tyyppi", "Maatunnus", "Passin nro", "Sukunimi", "Etunimet", "Kansalaisuus", "Syntymäaika", "Sukupuoli",
           "Syntymäpaikka", "Myöntämispäivä", "Viimeinen voimassaolopäivä", "Viranomainen", "Henkilötunnus",
           "Pituus", "Syntymänimi", "Haltijan allekirjoitus"],
    "sv": ["Typ", "Landskod", "Passnummer", "Efternamn", "Förnamn", "Nationalitet", "Födelsedatum", "Kön",
           "Födelseort", "Utfärdandedatum", "Sista giltighetsdag", "Myndighet", "Personnummer", "Längd",
           "Födelsenamn", "Innehavarens namnteckning"],
    "hr": ["Vrsta", "Oznaka države", "Br. putovnice", "Prezime", "Ime", "Državljanstvo", "Datum rođenja", "Spol",
           "Mjesto rođenja", "Datum izdavanja", "Datum isteka valjanosti", "Izdao", "OIB", "Visina", "Rođeno prezime",
           "Vlastoručni potpis"],
    "hu": ["Típus", "Kód", "Útlevélszám", "Családi név", "Utónév", "Állampolgárság", "Születési idő", "Nem",
           "Születési hely", "Kiállítás dátuma", "Érvényesség vége", "Hatóság", "Személyi szám", "Magasság",
           "Születési név", "Aláírás"],
    "pl": ["Typ", "Kod", "Numer paszportu", "Nazwisko", "Imiona", "Obywatelstwo", "Data urodzenia", "Płeć",
           "Miejsce urodzenia", "Data wydania", "Data ważności", "Organ wydający", "Numer PESEL", "Wzrost",
           "Nazwisko rodowe", "Podpis posiadacza"],
    "lb": ["Typ", "Lännercode", "Pass Nr.", "Numm", "Virnimm", "Nationalitéit", "Gebuer den", "Geschlecht",
           "Gebuer zou", "Ausgestallt den", "Gëllt bis den", "Autoritéit", "Perséinlech Nr.", "Gréisst",
           "Gebuertsnumm", "Ënnerschrëft vum Titulär"],
    "cs": ["Typ", "Kód", "Číslo pasu", "Příjmení", "Jméno", "Státní občanství", "Datum narození", "Pohlaví",
           "Místo narození", "Datum vydání", "Platnost do", "Pas vydal", "Rodné číslo", "Výška", "Rodné příjmení",
           "Podpis držitele"],
}
MONTHS = {
    **PRINTED_MONTHS,
    "fr": ["JAN", "FÉV", "MARS", "AVR", "MAI", "JUIN", "JUIL", "AOÛT", "SEPT", "OCT", "NOV", "DÉC"],
    "pl": ["STY", "LUT", "MAR", "KWI", "MAJ", "CZE", "LIP", "SIE", "WRZ", "PAŹ", "LIS", "GRU"],
}


def printed_date(iso, style):
    """A date as the state prints it."""
    year, month, day = iso.split("-")
    m = int(month) - 1
    return {
        "dotted": f"{day}.{month}.{year}",
        "dotted-trailing": f"{day}.{month}.{year}.",
        "hu": f"{day} {MONTHS['hu'][m]}/{MONTHS['en'][m]} {year[2:]}",
        "pl": f"{day} {MONTHS['pl'][m]}/{MONTHS['en'][m]} {year}",
        "lux": f"{int(day)} {MONTHS['fr'][m].title()}/{MONTHS['en'][m].title()} {year}",
        "can": f"{day} {MONTHS['en'][m]} /{MONTHS['fr'][m]} {year[2:]}",
        "aus": f"{day} {MONTHS['en'][m]} {year}",
    }[style]


@dataclasses.dataclass
class Layout:
    """How one state prints its data page. `grid` places each field's caption (its value below it)
    at (x, y) on a 1250 × 880 page; `mixed` fields are printed in mixed case."""

    languages: tuple
    numbering: str  # "01", "1.", "(1)" or ""
    caption_font: str
    caption_size: int
    caption_ink: tuple
    value_font: str
    value_size: int
    date: str
    grid: dict
    paper: tuple
    guilloche: tuple
    header: list  # (text, (x, y), font, size, ink)
    mixed: tuple = ()
    caption_upper: bool = False
    wrap: int = 420  # a caption wider than this breaks at its slashes
    sex: dict = dataclasses.field(default_factory=lambda: {"F": "F", "M": "M"})
    inks: dict = dataclasses.field(default_factory=dict)  # a field printed in another ink
    stamp: tuple = None  # (ink, (x, y), angle, outlined)
    hologram: tuple = None  # a box (x0, y0, x1, y1) of iridescent foil over the values
    ghost: tuple = None  # (x, y): a small faded second portrait
    photo: tuple = (45, 130)
    mrz: tuple = (20, 740, 38)  # x, first baseline's top, OCR-B size


LAYOUTS = {
    "FIN": Layout(
        ("fi", "sv", "en"), "", "NimbusSans-Regular", 11, (40, 70, 120), "NimbusSans-Bold", 27, "dotted",
        {"type": (380, 80), "code": (600, 80), "number": (800, 80), "surname": (380, 140), "given": (380, 200),
         "nationality": (380, 260), "sex": (1060, 260), "birth": (380, 320), "place": (380, 380),
         "issue": (380, 445), "expiry": (800, 445), "authority": (800, 510)},
        (205, 236, 242), (160, 210, 225),
        [("PASSI · PASS", (40, 18), "NimbusSans-Bold", 24, (250, 250, 250)),
         ("PASSPORT · PASSEPORT", (40, 46), "NimbusSans-Bold", 24, (250, 250, 250)),
         ("SUOMI · FINLAND · FINLAND · FINLANDE", (380, 22), "NimbusSans-Bold", 34, (40, 90, 170))],
        mixed=("surname", "given", "place", "nationality", "authority"), inks={"issue": (95, 95, 100)},
        stamp=((40, 80, 200), (560, 160), 28, True), ghost=(830, 270)),
    "HRV": Layout(
        ("hr", "en", "fr"), "", "NimbusSans-Bold", 11, (30, 30, 40), "NimbusSans-Regular", 28, "dotted-trailing",
        {"type": (375, 95), "code": (500, 95), "number": (800, 95), "surname": (375, 160), "given": (375, 220),
         "nationality": (375, 280), "birth": (375, 340), "sex": (375, 405), "place": (500, 405),
         "issue": (375, 470), "authority": (800, 470), "expiry": (375, 530), "signature": (800, 530)},
        (244, 218, 224), (226, 180, 196),
        [("REPUBLIKA HRVATSKA/REPUBLIC OF CROATIA/RÉPUBLIQUE DE CROATIE", (50, 30), "NimbusSans-Bold", 27,
          (20, 20, 30)),
         ("P U T O V N I C A", (50, 72), "NimbusSans-Bold", 22, (20, 20, 30)),
         ("P A S S P O R T", (50, 100), "NimbusSans-Bold", 22, (20, 20, 30)),
         ("RH", (1060, 420), "NimbusSans-Bold", 44, (130, 60, 130))],
        hologram=(860, 220, 1000, 330)),
    "HUN": Layout(
        ("hu", "en", "fr"), "(1)", "C059-Italic", 12, (100, 95, 100), "NimbusSans-Regular", 26, "hu",
        {"type": (380, 60), "code": (470, 60), "number": (800, 60), "surname": (380, 115), "given": (380, 172),
         "birthname": (380, 229), "nationality": (380, 286), "birth": (800, 286), "sex": (380, 343),
         "place": (470, 343), "issue": (380, 400), "authority": (800, 400), "expiry": (380, 457),
         "signature": (800, 457)},
        (236, 232, 236), (210, 196, 214),
        [("M A G Y A R O R S Z Á G", (330, 8), "C059-Bold", 36, (120, 60, 60)),
         ("ÚTLEVÉL", (70, 95), "C059-Bold", 26, (60, 40, 40)), ("PASSPORT", (60, 125), "C059-BdIta", 24, (60, 40, 40))],
        sex={"F": "N/F", "M": "F/M"}, inks={"nationality": (20, 20, 20)},
        stamp=((220, 60, 60), (-60, 60), 62, False), photo=(45, 165)),
    "POL": Layout(
        ("pl", "en", "fr"), "1.", "NimbusSans-Regular", 10, (170, 60, 110), "NimbusSans-Regular", 28, "pl",
        {"type": (385, 80), "code": (655, 80), "number": (910, 80), "surname": (385, 135), "given": (385, 190),
         "nationality": (385, 248), "birth": (385, 308), "personal": (880, 308), "sex": (385, 368),
         "place": (520, 368), "issue": (385, 428), "authority": (880, 428), "expiry": (385, 488),
         "signature": (880, 488)},
        (242, 234, 228), (228, 205, 210),
        [("RZECZPOSPOLITA POLSKA", (40, 22), "NimbusSans-Bold", 30, (150, 60, 100)),
         ("/ REPUBLIC OF POLAND / RÉPUBLIQUE DE POLOGNE", (470, 30), "NimbusSans-Bold", 20, (150, 60, 100)),
         ("PASZPORT", (40, 105), "NimbusSans-Bold", 13, (170, 60, 110)),
         ("PASSPORT", (40, 150), "NimbusSans-Bold", 13, (170, 60, 110)),
         ("PASSEPORT", (40, 195), "NimbusSans-Bold", 13, (170, 60, 110))],
        caption_upper=True, sex={"F": "K/F", "M": "M/M"}, inks={"nationality": (170, 40, 90)},
        hologram=(330, 70, 470, 180), photo=(60, 240)),
    "LUX": Layout(
        ("lb", "fr", "en"), "1.", "NimbusSans-Regular", 14, (60, 60, 80), "NimbusSans-Bold", 26, "lux",
        {"type": (470, 150), "code": (600, 150), "number": (820, 150), "surname": (470, 210),
         "given": (470, 268), "nationality": (470, 326), "height": (820, 326), "birth": (470, 384),
         "sex": (820, 420), "place": (470, 458), "authority": (820, 478), "issue": (470, 530),
         "expiry": (470, 590)},
        (220, 222, 242), (196, 196, 228),
        [("GRAND-DUCHÉ DE LUXEMBOURG", (330, 28), "C059-Bold", 38, (50, 50, 110)),
         ("GRAND DUCHY OF LUXEMBOURG", (330, 70), "C059-Bold", 28, (50, 50, 110)),
         ("PASS/PASSEPORT/PASSPORT", (330, 104), "NimbusSans-Regular", 16, (90, 90, 110))],
        mixed=("surname", "given", "nationality", "authority"), wrap=210,
        inks={"issue": (50, 80, 170), "expiry": (50, 80, 170)}, photo=(60, 190)),
    "CAN": Layout(
        ("en", "fr"), "", "NimbusSans-Regular", 13, (40, 40, 40), "NimbusMonoPS-Bold", 30, "can",
        {"type": (330, 80), "code": (450, 80), "number": (1000, 80), "surname": (330, 132), "given": (330, 184),
         "nationality": (330, 236), "birth": (330, 290), "sex": (330, 344), "place": (420, 344),
         "issue": (330, 398), "expiry": (330, 452), "authority": (330, 506)},
        (240, 236, 228), (232, 206, 204),
        [("CANADA", (560, 12), "NimbusSans-Bold", 40, (40, 110, 70)),
         ("PASSPORT", (140, 20), "NimbusSans-Bold", 15, (90, 90, 90)),
         ("PASSEPORT", (140, 40), "NimbusSans-Bold", 15, (90, 90, 90))],
        stamp=((220, 70, 70), (250, 240), 22, True)),
    "AUS": Layout(
        ("en", "fr"), "", "NimbusSans-Italic", 15, (40, 110, 200), "NimbusMonoPS-Bold", 32, "aus",
        {"type": (420, 40), "code": (620, 40), "number": (960, 40), "surname": (420, 110),
         "nationality": (420, 225), "birth": (420, 285), "sex": (420, 345), "place": (870, 345),
         "issue": (420, 405), "signature": (870, 405), "expiry": (420, 465), "authority": (420, 525)},
        (246, 246, 244), (226, 226, 236),
        [("SPECIMEN", (80, 30), "NimbusSans-Regular", 40, (60, 130, 210))],
        stamp=((250, 130, 60), (700, 90), 0, True), hologram=(520, 420, 780, 520), photo=(50, 110)),
    "CZE": Layout(
        ("cs", "en", "fr"), "01", "C059-Roman", 11, (200, 40, 70), "NimbusSans-Regular", 27, "dotted",
        {"type": (470, 95), "code": (700, 95), "number": (1060, 95), "surname": (470, 160), "given": (470, 225),
         "nationality": (470, 290), "birth": (470, 355), "personal": (1020, 355), "place": (470, 420),
         "sex": (1150, 420), "issue": (470, 485), "expiry": (880, 485), "authority": (70, 560)},
        (232, 226, 222), (214, 200, 196),
        [("CESTOVNÍ PAS/PASSPORT/PASSEPORT", (70, 60), "C059-Roman", 18, (200, 40, 70)),
         ("ČESKÁ REPUBLIKA/CZECH REPUBLIC/RÉPUBLIQUE TCHÈQUE", (450, 55), "C059-Bold", 22, (200, 40, 70))],
        mixed=("given",), caption_upper=True, ghost=(1110, 200), photo=(80, 130)),
}

# Three holders per state, with the state's letters; numbers as the state forms them.
# (surname, given names, number, nationality as printed, birth, sex, place, issue, years valid, authority, face)
HOLDERS = {
    "FIN": [("Mäkinen", "Aino Helena", "XP4416027", "Suomi Finland Finland Finlande", "1983-04-09", "F", "Jyväskylä",
             "2024-05-14", 5, "Poliisi/Jyväskylä", "obama.jpg"),
            ("Korhonen", "Mikko Juhani", "XM1185230", "Suomi Finland Finland Finlande", "1969-11-27", "M", "Oulu",
             "2025-02-03", 5, "Poliisi/Oulu", "biden.jpg"),
            ("Nieminen", "Sanna", "XP9930471", "Suomi Finland Finland Finlande", "1991-07-30", "F", "Tampere",
             "2024-10-21", 5, "Poliisi/Tampere", "obama2.jpg")],
    "HRV": [("ŠIMIĆ", "IVANA", "118204733", "HRVATSKO", "1987-05-19", "F", "SPLIT", "2024-03-11", 10, "PU/SPLIT",
             "obama3.jpg"),
            ("KOVAČEVIĆ", "MARKO", "120559816", "HRVATSKO", "1975-09-02", "M", "RIJEKA", "2023-12-01", 10,
             "PU/PRIMORSKO-GORANSKA", "astronaut.jpg"),
            ("HORVAT", "ANA MARIJA", "119347205", "HRVATSKO", "2002-01-23", "F", "ZAGREB", "2025-06-30", 10,
             "PU/ZAGREBAČKA", "johns/John_Simm/000288_00470387.jpg")],
    "HUN": [("KOVÁCS", "ZOLTÁN", "BK1204457", "MAGYAR/HUNGARIAN", "1976-10-05", "M", "DEBRECEN", "2023-04-17", 10,
             "KEK KH", "biden.jpg"),
            ("SZABÓ", "ÁGNES", "BE5530912", "MAGYAR/HUNGARIAN", "1990-03-28", "F", "BUDAPEST 11", "2024-09-02", 10,
             "KEK KH", "obama.jpg"),
            ("NAGY", "ESZTER KATALIN", "BD7718320", "MAGYAR/HUNGARIAN", "1968-12-14", "F", "SZEGED", "2025-01-08", 10,
             "KEK KH", "obama2.jpg")],
    "POL": [("WIŚNIEWSKA", "MAŁGORZATA", "EA4471026", "POLSKIE / POLISH / POLONAISE", "1981-08-17", "F", "KRAKÓW",
             "2022-11-29", 10, "WOJEWODA MAŁOPOLSKI", "obama3.jpg"),
            ("NOWAK", "PIOTR", "EB1236540", "POLSKIE / POLISH / POLONAISE", "1973-02-06", "M", "WARSZAWA",
             "2024-06-13", 10, "WOJEWODA MAZOWIECKI", "johns/John_Savage/000264_01099001.jpg"),
            ("KOWALCZYK", "ZOFIA", "EC9012374", "POLSKIE / POLISH / POLONAISE", "1996-04-21", "F", "GDAŃSK",
             "2025-03-20", 10, "WOJEWODA POMORSKI", "obama.jpg")],
    "LUX": [("Schmit", "Claude", "S774102", "Luxembourgeoise", "1979-01-31", "M", "LUXEMBOURG", "2024-02-26", 5,
             "Ministère des Affaires étrangères", "johns/John_Schneider/000288_00925786.jpg"),
            ("Weber", "Anne Marie", "S812650", "Luxembourgeoise", "1988-06-11", "F", "ESCH-SUR-ALZETTE",
             "2025-07-04", 5, "Ministère des Affaires étrangères", "obama2.jpg"),
            ("Hoffmann", "Léa", "S905318", "Luxembourgeoise", "2000-09-15", "F", "DIEKIRCH", "2024-12-09", 5,
             "Ministère des Affaires étrangères", "obama3.jpg")],
    "CAN": [("TREMBLAY", "JULIE", "AB123456", "CANADIAN/CANADIENNE", "1986-02-14", "F", "MONTREAL CAN", "2021-08-19",
             10, "MONTREAL", "obama.jpg"),
            ("SINGH", "ARJUN", "HK778201", "CANADIAN/CANADIENNE", "1977-07-03", "M", "TORONTO CAN", "2023-05-25", 10,
             "MISSISSAUGA", "johns/John_Shimkus/000373_03228153.jpg"),
            ("GAGNON", "LUC", "GA400917", "CANADIAN/CANADIENNE", "1964-12-01", "M", "QUEBEC CAN", "2024-10-10", 10,
             "GATINEAU", "biden.jpg")],
    "AUS": [("NGUYEN", "THI LAN", "PA5512093", "AUSTRALIAN", "1992-03-09", "F", "SYDNEY", "2022-04-12", 10, "AUSTRALIA",
             "obama2.jpg"),
            ("O'CONNOR", "LIAM", "PB0377164", "AUSTRALIAN", "1980-10-26", "M", "MELBOURNE", "2023-09-18", 10,
             "AUSTRALIA", "johns/John_Salley/000198_02159470.jpg"),
            ("SMITH", "OLIVIA ROSE", "PC6621850", "AUSTRALIAN", "1971-05-30", "F", "PERTH", "2024-01-22", 10,
             "AUSTRALIA", "obama.jpg")],
    "CZE": [("DVOŘÁKOVÁ", "Růžena", "41207733", "ČESKÁ REPUBLIKA / CZECH REPUBLIC", "1985-03-17", "F", "BRNO",
             "2023-10-02", 10, "MĚSTSKÝ ÚŘAD BRNO", "obama3.jpg"),
            ("NOVÁK", "Jiří", "40915528", "ČESKÁ REPUBLIKA / CZECH REPUBLIC", "1970-08-08", "M", "PRAHA", "2024-04-15",
             10, "PRAHA", "biden.jpg"),
            ("ČERNÝ", "Tomáš Petr", "42388160", "ČESKÁ REPUBLIKA / CZECH REPUBLIC", "1998-11-24", "M", "OSTRAVA",
             "2025-05-06", 10, "MAGISTRÁT MĚSTA OSTRAVY", "obama2.jpg")],
}


def font(name, size):
    return ImageFont.truetype(OCRB if name == "OCRB" else f"{URW}{name}.otf", size)


def caption(layout, field, index):
    """The caption as the state prints it: its languages joined by slashes, numbered its way."""
    text = "/".join(WORDS[language][FIELDS.index(field)] for language in layout.languages)
    if layout.caption_upper:
        text = text.upper()
    if field in ("type", "code", "number") or not layout.numbering:
        return text
    return {"01": f"{index:02d} {text}", "1.": f"{index}. {text}", "(1)": f"{text} ({index})"}[layout.numbering]


def wrapped(text, typeface, width):
    """Lines of `text` no wider than `width`, broken after a slash."""
    lines, line = [], ""
    for part in text.split("/"):
        candidate = f"{line}/{part}" if line else part
        if line and typeface.getlength(candidate) > width:
            lines.append(line + "/")
            line = part
        else:
            line = candidate
    return lines + [line]


def personal_number(state, birth, sex):
    """The personal number printed beside the dates: a PESEL, or a Czech birth number."""
    year, month, day = birth.split("-")
    if state == "POL":
        return f"{year[2:]}{month}{day}0{'2' if sex == 'F' else '3'}47{sum(map(int, year + month + day)) % 10}"
    if state == "CZE":
        return f"{year[2:]}{int(month) + (50 if sex == 'F' else 0):02d}{day}/{int(day) * 37 % 10000:04d}"
    return ""


def shown_number(state, number):
    """Poland prints its series apart from the digits (`ZS 0000177`)."""
    return f"{number[:2]} {number[2:]}" if state == "POL" else number


def values(state, holder, layout):
    surname, given, number, nationality, birth, sex, place, issued, years, authority, _ = holder
    expiry = expiry_date(issued, years)
    texts = {"type": "P", "code": state, "number": shown_number(state, number), "surname": surname, "given": given,
             "nationality": nationality, "birth": printed_date(birth, layout.date), "sex": layout.sex[sex],
             "place": place, "issue": printed_date(issued, layout.date), "expiry": printed_date(expiry, layout.date),
             "authority": authority, "personal": personal_number(state, birth, sex), "height": "17" + birth[3],
             "birthname": f"{surname} {given}", "signature": None}
    if state == "AUS":  # the given names print under the surname, with the one "Name" caption
        texts["surname"] = f"{surname}\n{given}"
    return texts


def expiry_date(issued, years):
    year, month, day = issued.split("-")
    return f"{int(year) + years}-{month}-{day}"


def paper(layout):
    """The page's tint with its guilloche: fine waves and a few rosettes in the state's second ink."""
    image = Image.new("RGB", (W, H), layout.paper)
    draw = ImageDraw.Draw(image)
    for k in range(0, H, 8):
        draw.line([(x, k + 5 * math.sin(x / 29 + k / 7)) for x in range(0, W, 5)], fill=layout.guilloche, width=1)
    for cx, cy in [(300, 420), (900, 200), (1100, 640)]:
        for r in range(16, 220, 18):
            draw.ellipse((cx - r, cy - r * 0.7, cx + r, cy + r * 0.7), outline=layout.guilloche, width=1)
    return image


def stamped(image, layout):
    """The SPECIMEN stamp across fields, in the state's ink: outlined letters or translucent solid ones."""
    ink, (x, y), angle, outlined = layout.stamp
    mask = Image.new("L", (980, 240), 0)
    letters = font("NimbusSans-Bold", 150)
    if outlined:
        ImageDraw.Draw(mask).text((10, 10), "SPECIMEN", font=letters, fill=0, stroke_width=4, stroke_fill=200)
    else:
        ImageDraw.Draw(mask).text((10, 10), "SPECIMEN", font=font("C059-Roman", 150), fill=130)
    mask = mask.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    image.paste(Image.new("RGB", mask.size, ink), (x, y), mask)


def foil(image, box):
    """An iridescent hologram over the values: bands of colour, lightening what lies under them."""
    x0, y0, x1, y1 = box
    patch = Image.new("RGB", (x1 - x0, y1 - y0))
    draw = ImageDraw.Draw(patch)
    for i in range(patch.width):
        hue = i / patch.width * 2 * math.pi
        draw.line([(i, 0), (i, patch.height)],
                  fill=tuple(int(200 + 50 * math.sin(hue + k * 2.1)) for k in range(3)))
    mask = Image.new("L", patch.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, patch.width - 1, patch.height - 1), radius=30, fill=110)
    image.paste(patch, (x0, y0), mask)


def page(state, holder, faces_dir):
    """One state's data page for one holder, at 1250 × 880."""
    layout = LAYOUTS[state]
    image = paper(layout)
    if state == "FIN":  # the pale yellow lower half and the teal title band of the Finnish page
        ImageDraw.Draw(image).rectangle((0, 580, W, H), fill=(246, 238, 200))
        ImageDraw.Draw(image).rectangle((0, 0, 340, 80), fill=(70, 180, 190))
    draw = ImageDraw.Draw(image)
    for text, xy, face, size, ink in layout.header:
        draw.text(xy, text, font=font(face, size), fill=ink)
    face = face_photo(faces_dir, holder[-1])
    image.paste(face, layout.photo)
    if layout.ghost:
        ghost = face.resize((90, 118)).convert("L").point(lambda v: 150 + v // 3).convert("RGB")
        image.paste(ghost, layout.ghost)
    captions_font = font(layout.caption_font, layout.caption_size)
    value_font = font(layout.value_font, layout.value_size)
    texts = values(state, holder, layout)
    numbered = [f for f in layout.grid if f not in ("type", "code", "number")]
    for field, (x, y) in layout.grid.items():
        index = numbered.index(field) + 1 if field in numbered else 0
        lines = wrapped(caption(layout, field, index), captions_font, layout.wrap)
        for k, line in enumerate(lines):
            draw.text((x, y + k * (layout.caption_size + 1)), line, font=captions_font, fill=layout.caption_ink)
        value = texts[field]
        if value is None:
            continue
        if field in layout.mixed and value.isupper():
            value = value.title()
        top = y + len(lines) * (layout.caption_size + 1) + 2
        for k, line in enumerate(value.split("\n")):
            draw.text((x, top + k * (layout.value_size + 8)), line, font=value_font,
                      fill=layout.inks.get(field, (20, 20, 28)))
    if layout.hologram:
        foil(image, layout.hologram)
    x, top, size = layout.mrz
    for k, line in enumerate(mrz_lines(identity(state, holder))):
        draw.text((x, top + k * (size + 18)), line, font=font("OCRB", size), fill=(15, 15, 20))
    if layout.stamp:
        stamped(image, layout)
    return image


def identity(state, holder):
    """The holder as passports.py's identity tuple, the MRZ names in ICAO's Latin capitals."""
    surname, given, number, nationality, birth, sex, place, issued, years, _, face = holder
    return (surname.upper(), given.upper(), number, state, nationality, birth, sex, place, issued,
            expiry_date(issued, years), face)


def scanned(image, rng):
    """A flatbed scan at the shared pages' size: 600 px wide, a little skew, JPEG 85."""
    tilt = image.rotate(rng.choice([-0.8, -0.4, 0.4, 0.8]), expand=False, fillcolor=(250, 250, 250),
                        resample=Image.Resampling.BICUBIC)
    return tilt.resize((600, 600 * H // W), Image.Resampling.LANCZOS), 85


def photographed(image, rng):
    """The open booklet photographed at an angle on a dark table, a light streak across the page."""
    table = Image.new("RGB", (1600, 1200), (14, 14, 18))
    table.paste(image.resize((1180, 830), Image.Resampling.LANCZOS), (210, 170))
    w, h = table.size
    # Keystone: the far edge shorter, one side nearer the camera than the other.
    inset, near, far = rng.randint(50, 90), rng.randint(0, 50), rng.randint(20, 80)
    source = [(inset, near), (w - inset, far), (w, h), (0, h)]
    coeffs = find_coeffs([(0, 0), (w, 0), (w, h), (0, h)], source)
    photo = table.transform((w, h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC,
                            fillcolor=(14, 14, 18))
    photo = photo.rotate(rng.choice([-4, -2, 2, 4]), resample=Image.Resampling.BICUBIC, fillcolor=(14, 14, 18))
    streak = Image.new("L", photo.size, 0)
    y = rng.randint(450, 800)
    ImageDraw.Draw(streak).rectangle((0, y, w, y + 26), fill=200)
    streak = streak.filter(ImageFilter.GaussianBlur(18))
    photo = ImageChops.screen(photo, Image.merge("RGB", [streak.point(lambda v: v * 4 // 5), streak, streak]))
    return photo.filter(ImageFilter.GaussianBlur(0.8)), 88


CAPTURES = {"scan": scanned, "photo": photographed}


def pages(faces_dir, rng):
    """Every state's holders, each page in every capture."""
    for state, holders in HOLDERS.items():
        for k, holder in enumerate(holders):
            base = page(state, holder, faces_dir)
            for capture, make in CAPTURES.items():
                image, quality = make(base, rng)
                truth = {"placeOfBirth": holder[6], "authority": holder[9], "state": state,
                         "variant": f"state {capture}"}
                yield f"s-{state.lower()}{k}-{capture}.jpg", image, quality, truth, identity(state, holder)
