"""What builds keep between runs (compiled templates, highlighted figure sources) must never
make a page stale."""

from conftest import SLUGS, build_site


def test_an_edited_theme_override_shows_on_the_next_build(site_project, tmp_path):
    assert build_site(site_project, tmp_path / "first").returncode == 0
    assert any((site_project / "build" / "templates").iterdir()), "the first build cached nothing"

    override = site_project / "overrides" / "main.html"
    override.write_text(override.read_text().replace(
        '<meta name="twitter:card"', '<meta name="hv-edited" content="yes">\n  <meta name="twitter:card"'
    ))
    result = build_site(site_project, tmp_path / "second")
    assert result.returncode == 0, result.stderr
    assert '<meta name="hv-edited" content="yes">' in (tmp_path / "second" / "index.html").read_text()
    assert "hv-edited" not in (tmp_path / "first" / "index.html").read_text()


def test_an_edited_figure_script_shows_in_its_source_tab_on_the_next_build(site_project, tmp_path):
    assert build_site(site_project, tmp_path / "first").returncode == 0
    cached = sorted(path.name for path in (site_project / "build" / "sources").iterdir())
    assert len(cached) == len(SLUGS), f"one highlighted source per figure: {cached}"

    script = site_project / "diagrams" / "after_role.py"
    script.write_text(script.read_text() + "# hv-edited\n")
    result = build_site(site_project, tmp_path / "second")
    assert result.returncode == 0, result.stderr
    assert "# hv-edited" in (tmp_path / "second" / "walkthrough" / "role-install" / "index.html").read_text()
    assert "# hv-edited" not in (tmp_path / "first" / "walkthrough" / "role-install" / "index.html").read_text()
    recached = sorted(path.name for path in (site_project / "build" / "sources").iterdir())
    assert len(recached) == len(SLUGS) and recached != cached, "the old source is replaced, not kept beside the new"
