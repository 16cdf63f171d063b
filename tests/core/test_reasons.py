from geo.core import reasons


def test_wastewater_and_hazardous_waste_reasons_in_planners_words():
    assert reasons.explain([("ww_status", "none")], "vi") == "Chưa có trạm XLNT tập trung"
    assert reasons.explain([("ww_status", "built_not_operating")], "en") == "Plant built, not operating"
    assert reasons.explain([("haz_waste", "partly")], "en") == "Hazardous waste only partly handled"


def test_missing_legal_conditions_are_each_named():
    text = reasons.explain([("ep_plan", "no"), ("ep_infra", "no")], "en")
    assert "No environmental-protection plan" in text and "Missing environmental infrastructure" in text
    assert "self-governing" not in text


def test_unassessed_media_are_said_together_and_unknowns_apart():
    text = reasons.explain([("water_class", "not_assessed"), ("soil_class", "not_assessed"), ("ep_org", "unknown")], "vi")
    assert text == "Chưa đánh giá, phân loại: nước, đất; Chưa rõ: Tổ chức tự quản về BVMT"


def test_a_pair_without_a_phrase_falls_back_to_field_and_value():
    assert reasons.explain([("operating_status", "closed")], "en") == "Operating status: Closed"
