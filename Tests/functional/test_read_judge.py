"""The one judge of read fields (Tests/support/read_judge.py) that the real-document tests and
scripts/bench share: its rules on their own, without images or binaries."""
import pytest
import read_judge as judge


@pytest.mark.parametrize("reported, truth", [
    ("ROZALIA IRMA", "ROZALIA<IRMA"), ("Rozália Irma", "ROZALIA<IRMA"), ("ROZÁLIA IRMA", "ROZALIA IRMA"),
    ("MÜLLER", "MUELLER"), ("Müller", "MULLER"), ("Männik", "MAENNIK"), ("Mari-Liis", "MARI<LIIS"),
    ("ŁUKASZ", "LUKASZ"), ("O'NEILL", "ONEILL"), ("", ""),
])
def test_a_name_is_right_in_any_spelling_the_mrz_may_give_it(reported, truth):
    assert judge.field("lastName", reported, truth) == judge.RIGHT


@pytest.mark.parametrize("reported, truth", [
    ("MUSTERMRANN", "MUSTERMANN"), ("ROZALIA", "ROZALIA<IRMA"), ("MULLERS", "MUELLER"), ("AZORBAYCAN", "AZƏRBAYCAN"),
])
def test_a_name_with_another_letter_is_wrong(reported, truth):
    assert judge.field("givenNames", reported, truth) == judge.WRONG


def test_places_dates_and_the_rest():
    assert judge.field("placeOfBirth", "SPARTI", "ΣΠΑΡΤΗ / SPARTI GRC") == judge.RIGHT
    assert judge.field("placeOfBirth", "Florida URY", "FLORIDA / URY") == judge.RIGHT
    assert judge.field("placeOfBirth", "AZORBAYCAN", "AZƏRBAYCAN") == judge.WRONG
    assert judge.field("authority", "POLICE / ZAGREB", "POLICE ZAGREB") == judge.RIGHT
    assert judge.field("issuedDate", "2014-03-01", "2014-03-01") == judge.RIGHT
    assert judge.field("issuedDate", "2014-03-02", "2014-03-01") == judge.WRONG
    assert judge.field("issuedDate", None, "2014-03-01") == judge.MISSING
    assert judge.field("issuedDate", "2014-03-01", None) == judge.WRONG  # reported where nothing is printed


def test_not_right_lists_each_field_that_is_wrong_or_missing():
    truth = {"passportNumber": "X1", "lastName": "MUELLER", "givenNames": "ANNA<MARIA", "placeOfBirth": None}
    data = {"passportNumber": "X1", "lastName": "Müller", "firstName": "ANNA", "middleName": "MARIA"}
    reported = {**data, "givenNames": judge.given_names(data)}
    assert judge.not_right(reported, truth) == {}
    assert judge.not_right({**reported, "passportNumber": None, "placeOfBirth": "ROMA"}, truth) == {
        "passportNumber": judge.MISSING, "placeOfBirth": judge.WRONG}
