"""How a reading of a document is judged against its truth: the one rule the tests
(Tests/functional: test_real_passports, test_real_world, test_cards) and scripts/bench share.
Both import it as `read_judge`: pytest through Tests/functional/conftest.py, which puts this
folder on the path, and scripts/bench.d/passport.py by its own path.

Fields are named as the API names them (`passportData`), with `givenNames` for the first and
middle names together and `authority` for the printed issuing authority.

- Names are judged as the MRZ writes them, since the MRZ is the truth every document carries:
  a reported name is right when some MRZ spelling of it is the truth's (`ROZÁLIA` and `ROZALIA`
  for `ROZALIA`, `MÜLLER` for `MUELLER` or `MULLER`, `ANNA MARIA` for `ANNA<MARIA`); case,
  hyphens and apostrophes aside.
- Places compare without case, accents and punctuation (`Florida URY` is `FLORIDA / URY`); a place
  printed in two scripts is right in either half (`SPARTI` for `ΣΠΑΡΤΗ / SPARTI GRC`), with or
  without the state code printed after it; a letter outside the reader's alphabet read as another
  letter is wrong (`AZORBAYCAN` for `AZƏRBAYCAN`).
- The authority compares with its slashes and runs of spaces as single spaces.
- Everything else (numbers, dates, codes) must be exactly the truth: dates the printed day.

A value reported where the truth has none (`None`: the page does not print it) is a wrong value."""
import re
import unicodedata

RIGHT, WRONG, MISSING = "right", "wrong", "missing"

# How an MRZ may spell a letter out (ICAO 9303 part 3's transliteration, and the umlauts' German
# convention); the MRZ may also drop the accent (`Ä` → `A`).
SPELLED = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "Å": "AA", "Æ": "AE", "Ø": "OE"}
# Letters that Unicode does not decompose into a base letter and a mark: ICAO 9303's own.
UNDECOMPOSED = {"Ł": "L", "Đ": "D", "Ħ": "H", "Ŧ": "T", "Þ": "TH", "Œ": "OE"}


def mrz_forms(name):
    """The ways an MRZ may write a printed or read name: words apart by `<`, umlauts spelled out
    or accents dropped."""
    name = (name or "").upper().replace(" ", "<").replace("-", "<").replace("'", "")
    name = "".join(UNDECOMPOSED.get(c, c) for c in name)
    spelled = "".join(SPELLED.get(c, c) for c in name)
    return {"".join(c for c in unicodedata.normalize("NFKD", form) if c.isascii()) for form in (name, spelled)}


def name_right(reported, truth):
    """`reported` (as read or printed) is the name `truth` (as the MRZ writes it; spaces for `<`
    are taken too) spells."""
    return (truth or "").replace(" ", "<") in mrz_forms(reported)


def folded(text):
    """Letters and digits only, upper case, accents dropped; letters with no ASCII base stay."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).upper().split())


def place_right(reported, truth):
    """`reported` names the place `truth` prints: whole, or either half of a two-script printing,
    with or without the state code after it."""
    halves = [truth] + re.split(r"\s*/\s*|,\s*", truth)
    wanted = {folded(half) for half in halves if folded(half)}
    got = folded(reported)
    code = re.compile(r" [A-Z]{2,3}$")
    return got in wanted or code.sub("", got) in wanted or any(code.sub("", w) == got for w in wanted)


def authority_right(reported, truth):
    fold = lambda text: " ".join(text.replace("/", " ").split())
    return fold(reported) == fold(truth)


def field(name, reported, truth):
    """RIGHT, WRONG or MISSING for one field: `reported` None when the reader left it out."""
    if reported is None:
        return MISSING
    if truth is None:
        return WRONG
    if name in ("lastName", "givenNames"):
        right = name_right(reported, truth)
    elif name == "placeOfBirth":
        right = place_right(reported, truth)
    elif name == "authority":
        right = authority_right(reported, truth)
    else:
        right = reported == truth
    return RIGHT if right else WRONG


def given_names(data):
    """`givenNames` of a `passportData`: the first and middle names, as one."""
    return " ".join(n for n in [data.get("firstName"), data.get("middleName")] if n)


def not_right(reported, truth):
    """The fields of `truth` (field name → value) that `reported` (field name → value, None or
    absent for not read) does not have right, each with its judgement; a field neither printed nor
    reported is no finding."""
    judged = {name: field(name, reported.get(name), value) for name, value in truth.items()
              if not (value is None and reported.get(name) is None)}
    return {name: verdict for name, verdict in judged.items() if verdict != RIGHT}
