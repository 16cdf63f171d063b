from geo import history, model, reference, scenario


def test_committed_reference_sites_are_valid_and_carry_a_source():
    sites = reference.read_sites_csv()
    assert model.validate_sites(sites) == []
    assert (sites["source"].str.len() > 0).all()
    counts = sites["kind"].value_counts()
    assert counts["kcn"] == 8 and counts["ccn"] + counts["ccn_lang_nghe"] >= 55 and counts["lang_nghe"] >= 85


def test_the_committed_dataset_matches_a_rebuild(boundaries):
    committed = reference.read_sites_csv()
    rebuilt, _report = reference.build_sites(boundaries, reference.read_reference_lists())
    cols = ["site_id", "old_district_code", "old_commune_code", "new_unit_code", "location_precision"]
    assert committed[cols].astype(str).values.tolist() == rebuilt[cols].astype(str).values.tolist()
    assert (committed.geometry.x.round(6) == rebuilt.geometry.x.round(6)).all()


def test_real_facts_are_valid_records_of_known_sites():
    sites = reference.read_sites_csv()
    facts = reference.read_facts()
    assert history.validate_changes(facts, set(sites["site_id"])) == []
    assert not facts["illustrative"].any()


def test_scenario_is_deterministic_flagged_and_never_touches_real_facts():
    sites = reference.read_sites_csv()
    facts = reference.read_facts()
    a = scenario.generate(sites, facts, seed=1)
    b = scenario.generate(sites, facts, seed=1)
    assert a.equals(b)
    assert a["illustrative"].all() and (a["source"] == scenario.SOURCE).all()
    assert not set(zip(a["site_id"], a["field"])) & set(zip(facts["site_id"], facts["field"]))
    assert history.validate_changes(a, set(sites["site_id"])) == []


def test_scenario_is_calibrated_to_the_public_water_survey():
    """Over many villages, the water classes follow 139/95/61 of 295 (hanoi-facts §1)."""
    from tests.conftest import make_sites

    villages = make_sites([{"site_id": f"v{i}", "name": "v", "kind": "lang_nghe", "lon": 105.8, "lat": 21.0}
                           for i in range(3000)])
    recs = scenario.generate(villages, seed=5)
    water = recs[recs["field"] == "water_class"]["value"].value_counts(normalize=True)
    assert abs(water["seriously_polluted"] - 139 / 295) < 0.03
    assert abs(water["polluted"] - 95 / 295) < 0.03
