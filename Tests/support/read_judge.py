"""How a reading of a real document is judged against its truth (../shared/real-world's README):
the one rule the tests and scripts/bench share.

Names and places compare without case, accents and punctuation (`Florida URY` is `FLORIDA / URY`);
a place printed in two scripts is right in either half (`SPARTI` for `ΣΠΑΡΤΗ / SPARTI GRC`), with
or without the state code printed after it; a letter outside the reader's alphabet read as another
letter is wrong (`AZORBAYCAN` for `AZƏRBAYCAN`). Dates must be the printed day. A value reported
where the truth has none (`null`) is a wrong value."""
import re
import unicodedata

RIGHT, WRONG, MISSING = "right", "wrong", "missing"


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


def field(name, reported, truth):
    """RIGHT, WRONG or MISSING for one printed field: `reported` None when the reader left it out."""
    if reported is None:
        return MISSING
    if truth is None:
        return WRONG
    if name == "placeOfBirth":
        return RIGHT if place_right(reported, truth) else WRONG
    return RIGHT if reported == truth else WRONG
