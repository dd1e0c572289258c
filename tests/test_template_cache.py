"""hooks/template_cache.py keeps compiled templates between builds: it must never serve a
stale page."""

from conftest import build_site


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
