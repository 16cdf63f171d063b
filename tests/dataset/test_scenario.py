from geo.core import history
from geo.dataset import reference, scenario
from geo.settings import DEFAULTS
from tests.conftest import make_sites


def test_scenario_is_deterministic_flagged_and_never_touches_real_facts():
    sites = reference.read_sites_csv(DEFAULTS.sites_csv)
    facts = reference.read_facts(DEFAULTS.facts_csv)
    a = scenario.generate(sites, facts, seed=1)
    b = scenario.generate(sites, facts, seed=1)
    assert a.equals(b)
    assert a["illustrative"].all() and (a["source"] == scenario.SOURCE).all()
    assert not set(zip(a["site_id"], a["field"])) & set(zip(facts["site_id"], facts["field"]))
    assert history.validate_changes(a, set(sites["site_id"])) == []


def test_scenario_is_calibrated_to_the_public_water_survey():
    """Over many villages, the water classes follow 139/95/61 of 295 (hanoi-facts §1)."""
    villages = make_sites([{"site_id": f"v{i}", "name": "v", "kind": "lang_nghe", "lon": 105.8, "lat": 21.0}
                           for i in range(3000)])
    recs = scenario.generate(villages, seed=5)
    water = recs[recs["field"] == "water_class"]["value"].value_counts(normalize=True)
    assert abs(water["seriously_polluted"] - 139 / 295) < 0.03
    assert abs(water["polluted"] - 95 / 295) < 0.03
