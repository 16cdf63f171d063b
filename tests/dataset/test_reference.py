from geo.core import history, model
from geo.dataset import reference
from geo.settings import DEFAULTS


def test_committed_reference_sites_are_valid_and_carry_a_source():
    sites = reference.read_sites_csv(DEFAULTS.sites_csv)
    assert model.validate_sites(sites) == []
    assert (sites["source"].str.len() > 0).all()
    lists = reference.read_reference_lists(DEFAULTS.reference_dir)
    assert sorted(sites["site_id"]) == sorted(lists["site_id"])      # every hand-written row, placed, and nothing else
    assert sites["kind"].value_counts().to_dict() == lists["kind"].value_counts().to_dict()


def test_the_committed_dataset_matches_a_rebuild(boundaries):
    committed = reference.read_sites_csv(DEFAULTS.sites_csv)
    rebuilt, _report = reference.build_sites(boundaries, reference.read_reference_lists(DEFAULTS.reference_dir))
    cols = ["site_id", "old_district_code", "old_commune_code", "new_unit_code", "location_precision"]
    assert committed[cols].astype(str).values.tolist() == rebuilt[cols].astype(str).values.tolist()
    assert (committed.geometry.x.round(6) == rebuilt.geometry.x.round(6)).all()


def test_real_facts_are_valid_records_of_known_sites():
    sites = reference.read_sites_csv(DEFAULTS.sites_csv)
    facts = reference.read_facts(DEFAULTS.facts_csv)
    assert history.validate_changes(facts, set(sites["site_id"])) == []
    assert not facts["illustrative"].any()


def test_every_point_lies_in_both_its_new_unit_and_its_former_district(boundaries):
    sites = reference.read_sites_csv(DEFAULTS.sites_csv)
    districts, units = boundaries.districts.set_index("code"), boundaries.units.set_index("code")
    outside = [(s.site_id, level) for s in sites.itertuples()
               for level, layer, code in (("district", districts, s.old_district_code), ("unit", units, s.new_unit_code))
               if code in layer.index and not layer.loc[code].geometry.covers(s.geometry)]
    assert outside == []


def test_every_fact_says_how_precise_its_date_is_and_why_when_assumed():
    facts = reference.read_facts(DEFAULTS.facts_csv)
    assert set(facts["date_precision"]) <= {"day", "month", "year", "assumed"}
    assumed = facts[facts["date_precision"] == "assumed"]
    assert len(assumed) and (assumed["note"].str.contains("không ghi ngày")).all()
    assert (facts["note_en"].str.len() > 0).all()
    # A month or a year is stored on a day the precision explains: the 1st of the month, 31/12 or a stated day.
    months = facts[facts["date_precision"] == "month"]["effective_date"]
    assert months.str.endswith("-01").all()
    # Nothing silently set to the end of 2019 any more: it is a year the source gives, or an assumption that says why.
    end_2019 = facts[facts["effective_date"] == "2019-12-31"]
    assert set(end_2019["date_precision"]) == {"assumed", "year"} and (end_2019["date_precision"] == "assumed").sum() == 9


def test_facts_that_lived_in_notes_are_records_now():
    facts = reference.read_facts(DEFAULTS.facts_csv)
    got = set(zip(facts["site_id"], facts["field"], facts["value"], facts["effective_date"]))
    assert {("ccn-phu-minh", "event", "pollution_incident", "2025-09-16"), ("ccn-phu-minh", "event", "inspection_order", "2025-10-08"),
            ("ccn-binh-phu-1", "event", "fire", "2020-08-22"), ("ln-minh-khai", "ww_status", "out_of_use", "2007-12-31"),
            ("ln-bat-trang", "event", "pollution_reported_air", "2015-12-31"),
            ("ccn-yen-son", "operating_status", "established", "2017-12-01")} <= got


def test_decision_2546_list_iv_is_an_attribute_of_its_villages():
    sites = reference.read_sites_csv(DEFAULTS.sites_csv)
    villages = sites[sites["kind"] == "lang_nghe"]
    assert (villages["roadmap_list"] == "iv").sum() == 28          # the villages hanoi-facts names of its 29
    assert set(sites[sites["kind"] != "lang_nghe"]["roadmap_list"]) == {"na"}
    assert set(villages["roadmap_list"]) <= {"i", "ii", "iii", "iv", "unknown"}
