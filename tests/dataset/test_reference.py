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
