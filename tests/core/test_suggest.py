"""'Did you mean': the closest known word, or nothing when no word is close."""

from __future__ import annotations

from generator.core.suggest import closest, did_you_mean

CHANNELS = ("email", "phone", "in_person", "letter")


def test_a_close_word_is_suggested() -> None:
    assert closest("emial", CHANNELS) == "email"
    assert did_you_mean("emial", CHANNELS) == "; did you mean 'email'?"


def test_the_closest_of_several_candidates_wins() -> None:
    assert closest("letterr", ("better", "letter", "letters")) == "letter"


def test_no_close_word_gives_otherwise() -> None:
    assert closest("fax", CHANNELS) is None
    assert did_you_mean("fax", CHANNELS) == ""
    assert did_you_mean("fax", CHANNELS, otherwise="; known: email, phone") == "; known: email, phone"


def test_the_cutoff_is_respected() -> None:
    # 'phon' and 'phone' match with a ratio of 8/9 (about 0.89)
    assert closest("phon", CHANNELS, cutoff=0.88) == "phone"
    assert closest("phon", CHANNELS, cutoff=0.9) is None
    assert did_you_mean("phon", CHANNELS, cutoff=0.9, otherwise="-") == "-"
    # the default cutoff is 0.6, inclusive: 'emxyl' matches 'email' at exactly 0.6,
    # 'letxx' matches 'letter' at 6/11 (about 0.55)
    assert closest("emxyl", CHANNELS) == "email"
    assert did_you_mean("emxyl", CHANNELS) == "; did you mean 'email'?"
    assert closest("letxx", CHANNELS) is None
    assert did_you_mean("letxx", CHANNELS) == ""


def test_known_words_may_be_any_iterable_read_once() -> None:
    assert closest("in-person", (word for word in CHANNELS)) == "in_person"
    assert did_you_mean("dnaa", {"dana": 1, "olga": 2}) == "; did you mean 'dana'?"


def test_an_exact_word_is_its_own_suggestion_and_quotes_are_escaped() -> None:
    assert closest("email", CHANNELS) == "email"
    assert did_you_mean("o'nei", ["o'neil"]) == '; did you mean "o\'neil"?'
