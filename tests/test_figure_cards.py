"""Glossary cards on the figures' components (docs/javascripts/figures.js, its cards part,
illustrated/markdown/explorable.py): hovered, focused or tapped, a component shows its glossary
entry's term, expansion and first sentence, the same text a screen reader hears; Tab walks the
components in reading order; Enter follows; axe finds nothing with a card open, in both schemes."""

import re
import html as html_text

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT
from illustrated import site as site_pages
from illustrated import inline_svg
from illustrated.markdown import explorable

GLOSSARY = {entry["id"]: entry for entry in yaml.safe_load((ROOT / "includes" / "glossary.yml").read_text())}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGE_OF = {slug: pages[0] for slug, pages in site_pages.figures_shown(ROOT / "mkdocs.yml").items()}
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
}
VID = "[data-figure=management-path] svg a[data-term=vid]"


def page_dir(slug):
    """Where the page that shows a figure is published: walkthrough/guests.md -> walkthrough/guests/."""
    return PAGE_OF[slug].removesuffix(".md").removesuffix("index").rstrip("/") + "/"


def url(server, slug):
    return server + page_dir(slug)


def a_reader(browser, device, scheme="light"):
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce", **DEVICES[device])
    page = context.new_page()
    page.device = device
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture(params=list(DEVICES))
def reader(request, browser):
    page = a_reader(browser, request.param)
    yield page
    page.context.close()


def card_text(page):
    card = page.locator(".hv-card")
    card.wait_for(state="visible")
    return {part: card.locator(f".hv-card__{part}").text_content() for part in ("term", "expansion", "definition")}


def the_entry_of(term):
    entry = GLOSSARY[term]
    return entry, " ".join(entry["definition"].split())


def open_card(page, selector):
    link = page.locator(selector)
    link.scroll_into_view_if_needed()
    if page.device == "phone":
        link.tap()
    else:
        link.hover()


def test_a_component_shows_its_glossary_card_and_a_tap_or_click_follows_it(reader, server):
    reader.goto(url(server, "management-path"))
    open_card(reader, VID)
    shown = card_text(reader)
    entry, definition = the_entry_of("vid")
    assert shown["term"] == entry["term"] and shown["expansion"] == entry["expansion"]
    # The first sentence, whole: the definition's beginning, up to a full stop before the next.
    assert definition.startswith(shown["definition"]) and shown["definition"].endswith(".")
    assert definition[len(shown["definition"]):].startswith(" ") and len(shown["definition"]) < len(definition)
    link = reader.locator(".hv-card__link")
    assert link.get_attribute("href") == "../../glossary/#vid" and link.text_content() == "Glossary: VID"
    assert reader.url.endswith("/walkthrough/hypervisor/")  # a tap opened the card, it did not navigate
    if reader.device == "phone":
        reader.locator(VID).tap()  # the second tap follows the link
    else:
        reader.locator(VID).click()
    reader.wait_for_url("**/glossary/#vid")
    assert reader.errors == []


def test_the_card_stays_while_the_pointer_or_finger_moves_onto_it_and_escape_closes_it(reader, server):
    reader.goto(url(server, "management-path"))
    open_card(reader, VID)
    card = reader.locator(".hv-card")
    card.wait_for(state="visible")
    if reader.device == "desktop":
        card.hover()
        reader.wait_for_timeout(500)  # longer than the pause before a card hides
        assert card.is_visible()
    reader.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=2000)  # Escape closes it (a hover's pause may still run out)
    open_card(reader, VID)
    card.wait_for(state="visible")
    reader.locator(".md-typeset h1").first.tap() if reader.device == "phone" else reader.mouse.move(0, 0)
    card.wait_for(state="hidden")


def test_a_screen_reader_hears_the_cards_text_and_the_component_has_no_tooltip(reader, server):
    reader.goto(url(server, "management-path"))
    cdp = reader.context.new_cdp_session(reader)
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": VID})["nodeId"]
    heard = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
    open_card(reader, VID)
    shown = card_text(reader)
    assert heard["name"]["value"] == "VID"
    assert heard["description"]["value"] == f"{shown['term']} ({shown['expansion']}): {shown['definition']}"
    # One text on a component, the card's: no tooltip of the browser's own beside it.
    tooltips = reader.locator(".hv-figure__art svg a[title], .hv-figure__art svg a[*|title], .hv-figure__art svg a title")
    assert tooltips.count() == 0


def test_every_component_of_every_figure_describes_its_own_glossary_entry(site):
    for slug in PAGE_OF:
        html = (site / page_dir(slug) / "index.html").read_text()
        art = html[html.index(f'data-figure="{slug}"'):]
        art = art[:art.index('<div class="tabbed-block">')]
        links = re.findall(r'<a xlink:href="[^"]*#([^"]+)"[^>]*aria-describedby="([^"]+)"', art)
        assert links and len(links) == art.count("<a xlink:href"), f"{slug}: a component without a description"
        for term, described_by in links:
            entry, definition = the_entry_of(term)
            spoken = re.search(rf'<span id="{described_by}"[^>]*>([^<]*)</span>', art).group(1)
            spoken = html_text.unescape(spoken)
            assert spoken.startswith(entry["term"] + (f" ({entry['expansion']}): " if entry.get("expansion") else ": ")), (slug, term)
            assert definition.startswith(spoken.split(": ", 1)[1]), (slug, term)


def boxes_in_tab_order(page, slug):
    """Tab from the figure's first component to its last: each focused link's box, and all links'."""
    links = page.locator(f"[data-figure={slug}] svg a")
    links.first.focus()
    order = []
    for _ in range(links.count()):
        order.append(page.evaluate(
            "() => { const a = document.activeElement, b = a.getBoundingClientRect();"
            " return [a.getAttribute('aria-label'), b.left, b.top + scrollY, b.right, b.bottom + scrollY]; }"))
        page.keyboard.press("Tab")
    return order, sorted(links.evaluate_all("links => links.map(a => a.getAttribute('aria-label'))"))


@pytest.mark.parametrize("page_path", sorted(set(map(page_dir, PAGE_OF))))
def test_tab_reaches_every_component_in_reading_order(page, server, page_path):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server + page_path)
    for slug in [slug for slug in PAGE_OF if page_dir(slug) == page_path]:
        order, every = boxes_in_tab_order(page, slug)
        assert sorted(name for name, *_ in order) == every, f"{slug}: Tab skips or repeats a component"
        for (name, left, top, _, bottom), (after, next_left, next_top, _, next_bottom) in zip(order, order[1:]):
            # Rows top to bottom, each left to right: the next is never wholly above, and within
            # a row (the boxes overlap vertically) it is further right.
            assert next_bottom > top, f"{slug}: {after!r} comes after {name!r} but stands above it"
            if next_top < bottom:
                assert next_left > left, f"{slug}: {after!r} comes after {name!r} in its row but stands left of it"


def test_enter_on_a_focused_component_follows_its_link_with_the_card_open(page, server):
    page.goto(url(server, "management-path"))
    page.locator(VID).focus()
    assert card_text(page)["term"] == "VID"
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary/#vid")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(DEVICES))
def test_axe_finds_nothing_with_a_card_open_midway_through_the_steps(browser, server, device, scheme):
    page = a_reader(browser, device, scheme)
    try:
        page.goto(url(server, "management-path"))
        next_step = page.locator("[data-figure=management-path] + .hv-steps .hv-steps__next")
        for _ in range(2):
            next_step.tap() if device == "phone" else next_step.click()
        open_card(page, VID)
        page.locator(".hv-card").wait_for(state="visible")
        results = Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, results.generate_report()
    finally:
        page.context.close()


# --- the page side, without a browser -------------------------------------------------------


def test_reading_order_is_rows_top_to_bottom_each_left_to_right():
    boxes = {"right": (50, 0, 60, 30), "left": (0, 10, 10, 20), "tall": (20, 5, 30, 80), "below": (0, 40, 10, 50),
             "under": (0, 90, 10, 95)}
    assert inline_svg.reading_order(boxes, boxes.get) == ["left", "tall", "right", "below", "under"]


def test_a_figure_linking_to_a_term_the_glossary_lacks_fails_naming_it():
    with pytest.raises(explorable.ExplorableError, match="'after-role' links to glossary terms it lacks: no-such-term"):
        explorable.terms_html("after-role", ["vmbus", "no-such-term"], "../glossary/")
