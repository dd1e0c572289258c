"""A page as it prints (docs/stylesheets/print.css, docs/javascripts/figures.js, its print
part), in Chromium's print media: the figure's drawing at the page's full width in the light
scheme, no navigation or controls, and the address of every link to another site written after
it."""

import pytest


@pytest.fixture
def printing(page, server):
    page.goto(server + "walkthrough/role-install/")
    page.emulate_media(media="print")
    return page


def shown(page, selector):
    return page.eval_on_selector_all(selector, "els => els.filter(el => el.getClientRects().length).length")


def test_a_printed_figure_is_its_drawing_and_caption_at_full_width(printing):
    assert shown(printing, ".hv-figure__art svg") == 2
    for controls in (".hv-figure + .tabbed-set .tabbed-labels", ".hv-figure__source", ".hv-figure__full",
                     ".hv-figure__downloads", ".md-header", ".md-sidebar", ".md-footer"):
        assert shown(printing, controls) == 0, controls
    widths = printing.evaluate("""() => [document.querySelector('.md-content__inner').clientWidth,
        ...[...document.querySelectorAll('.hv-figure__art svg')].map(svg => svg.getBoundingClientRect().width)]""")
    content, *figures = widths
    assert all(abs(width - content) <= 2 for width in figures), widths
    assert shown(printing, ".hv-figure__caption") == 2


def test_a_printed_link_to_another_site_shows_its_address(printing):
    after = printing.evaluate("""() => {
        const link = document.querySelector('.md-typeset p a[href^="http"]');
        return [link.href, getComputedStyle(link, '::after').content];
    }""")
    assert after[1] == f'" <{after[0]}>"'
    inside_figure = printing.evaluate("""() => getComputedStyle(
        document.querySelector('.hv-figure__art svg a'), '::after').content""")
    assert inside_figure in ("none", "normal")


def test_the_dark_scheme_prints_in_the_light_one_and_comes_back(page, server):
    page.emulate_media(color_scheme="dark")
    page.goto(server + "walkthrough/role-install/")
    scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "slate"
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(scheme) == "default"
    page.evaluate("() => dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(scheme) == "slate"
