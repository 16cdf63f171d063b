from geo.views import assets


def test_leaflet_and_its_cluster_plugin_are_copied_from_installed_packages(tmp_path):
    target = assets.install_static(tmp_path)
    for _name, url in [*assets.LEAFLET_JS, *assets.LEAFLET_CSS, *assets.CLUSTER_JS, *assets.CLUSTER_CSS]:
        assert url.startswith(assets.URL_PREFIX + "/")
        assert (target / url[len(assets.URL_PREFIX) + 1:]).is_file(), url


def test_a_second_install_copies_nothing_that_is_up_to_date(tmp_path):
    target = assets.install_static(tmp_path)
    leaflet = target / assets.folder("leaflet") / "leaflet.js"
    before = leaflet.stat().st_mtime_ns
    assets.install_static(tmp_path)
    assert leaflet.stat().st_mtime_ns == before


def test_each_packages_folder_is_named_with_its_version_and_an_old_versions_folder_goes(tmp_path):
    (tmp_path / "vendor" / "leaflet-0.0.1").mkdir(parents=True)
    target = assets.install_static(tmp_path)
    assert sorted(p.name for p in target.iterdir()) == sorted([assets.folder("leaflet"), assets.folder("markercluster")])
    assert assets.folder("leaflet").startswith("leaflet-1.") and assets.LEAFLET_JS[0][1].endswith(f"/{assets.folder('leaflet')}/leaflet.js")
