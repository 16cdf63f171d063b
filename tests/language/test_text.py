import unicodedata

from geo.language import text


def test_nfc_composes_decomposed_vietnamese():
    decomposed = unicodedata.normalize("NFD", "Bát Tràng")
    assert decomposed != "Bát Tràng"
    assert text.nfc(decomposed) == "Bát Tràng"
    assert not text.is_nfc(decomposed) and text.is_nfc("Bát Tràng")


def test_fold_removes_diacritics_including_d_stroke():
    assert text.fold("Đông Anh") == "dong anh"
    assert text.fold("  Bát   Tràng ") == "bat trang"


def test_search_matches_with_or_without_diacritics():
    assert text.matches("bat trang", "Làng gốm Bát Tràng")
    assert text.matches("Bát Tràng", unicodedata.normalize("NFD", "Làng gốm Bát Tràng"))
    assert text.matches("BAT", "Bát Tràng")
    assert not text.matches("bat trang", "Vạn Phúc")


def test_a_query_typed_with_diacritics_must_match_them():
    assert not text.matches("Bác", "Bát Tràng")
    assert text.matches("Bát", "Bát Tràng")


def test_bare_admin_name_strips_unit_prefixes():
    assert text.bare_admin_name("Xã Phùng Xá") == "phung xa"
    assert text.bare_admin_name("Thị trấn Phùng") == "phung"
    assert text.bare_admin_name("Huyện Thạch Thất") == "thach that"
