from geo.core import vocab


def test_every_member_has_a_vietnamese_and_an_english_label():
    for voc in set(vocab.FIELD_VOCAB.values()):
        for member in voc:
            assert member.vi and member.en, member
            assert member.label("vi") == member.vi and member.label("en") == member.en


def test_codes_are_stable_ascii_strings():
    for voc in set(vocab.FIELD_VOCAB.values()):
        for code in voc.codes():
            assert code.isascii() and code == code.strip()
    assert vocab.Kind("lang_nghe") is vocab.Kind.VILLAGE
    assert f"{vocab.Kind.PARK}" == "kcn"


def test_label_of_an_unknown_code_shows_the_code_instead_of_hiding_it():
    assert vocab.label("ww_status", "built_not_operating", "vi") == "Đã xây, chưa vận hành"
    assert vocab.label("ww_status", "weird", "en") == "weird"
    assert vocab.label("not_a_field", 3) == "3"


def test_wastewater_vocabulary_has_the_states_the_issue_names():
    assert set(vocab.WastewaterStatus.codes()) == {
        "none", "planned", "under_construction", "built_not_operating", "operating", "operating_noncompliant", "out_of_use", "unknown",
        "built"}  # a list's "Đã có" / "x": there is a plant, whether it runs is not stated
