import datetime as dt

from geo.language import i18n


def test_the_language_pick_and_a_bound_translator():
    assert i18n.pick("vi", "Có", "Yes") == "Có" and i18n.pick("en", "Có", "Yes") == "Yes"
    tr = i18n.translator("en")
    assert tr("Bản đồ", "Map") == "Map"


def test_numbers_as_each_language_writes_them():
    assert i18n.format_number(1234.5, "vi", 1) == "1.234,5"
    assert i18n.format_number(1234.5, "en", 1) == "1,234.5"
    assert i18n.format_number(-2.0, "vi", 1, signed=True) == "-2,0"
    assert i18n.format_percent(44.8, "vi") == "44,8 %" and i18n.format_percent(None, "en") == "—"
    assert i18n.format_number(float("nan")) == "—"


def test_dates_as_each_language_writes_them():
    assert i18n.format_date(dt.date(2025, 12, 31), "vi") == "31/12/2025"
    assert i18n.format_date("2025-12-31", "en") == "2025-12-31"
    assert i18n.format_date(None) == "" and i18n.format_date("not a date") == "not a date"


def test_field_labels_in_both_languages_and_unknown_fields_shown_as_they_are():
    assert i18n.field_label("ww_status", "vi") == "Trạm XLNT" and i18n.field_label("ww_status", "en") == "Wastewater plant"
    assert i18n.field_label("something_new") == "something_new"
