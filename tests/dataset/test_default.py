from geo.core import history
from geo.dataset import default, reference, scenario
from geo.settings import DEFAULTS


def test_the_default_content_is_the_reference_sites_their_facts_and_the_labelled_scenario():
    sites, changes, meta = default.default_content(DEFAULTS)
    assert sorted(sites["site_id"]) == sorted(reference.read_sites_csv(DEFAULTS.sites_csv)["site_id"])
    facts = reference.read_facts(DEFAULTS.facts_csv)
    assert set(facts["record_id"]) <= set(changes["record_id"])
    illustrative = changes[changes["illustrative"]]
    assert len(illustrative) and (illustrative["source"] == scenario.SOURCE).all()
    assert history.validate_changes(changes, set(sites["site_id"])) == []
    assert meta["illustrative_seed"] == str(scenario.SEED) and meta["schema_version"] == "1" and meta["data_version"]


def test_another_seed_gives_another_scenario_but_the_same_facts():
    _s, a, _m = default.default_content(DEFAULTS, seed=1)
    _s, b, _m = default.default_content(DEFAULTS, seed=2)
    assert not a[a["illustrative"]]["value"].reset_index(drop=True).equals(b[b["illustrative"]]["value"].reset_index(drop=True))
    assert a[~a["illustrative"]]["record_id"].tolist() == b[~b["illustrative"]]["record_id"].tolist()
