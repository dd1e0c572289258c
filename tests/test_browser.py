"""The site in a real browser: figures render, their components are links, the dark scheme works."""

import pytest


def open_page(page, server, path):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.goto(server + path)
    return errors


@pytest.mark.parametrize("path, slug", [("walkthrough/role-install/", "after-role"),
                                        ("walkthrough/parent-partition/", "guest-types")])
def test_a_figure_renders_at_a_readable_size(page, server, path, slug):
    errors = open_page(page, server, path)
    figure = page.locator(f"[data-figure={slug}] svg")
    box = figure.bounding_box()
    assert box and box["width"] > 500 and box["height"] > 200
    assert errors == []


def test_a_click_on_a_component_lands_on_its_glossary_entry(page, server):
    open_page(page, server, "walkthrough/role-install/")
    page.locator("[data-figure=after-role] svg a", has_text="VMBus").click()
    page.wait_for_url("**/glossary/#vmbus")
    assert page.locator("h2#vmbus").is_visible()


def test_a_component_link_is_reachable_from_the_keyboard(page, server):
    open_page(page, server, "walkthrough/role-install/")
    link = page.locator("[data-figure=after-role] svg a", has_text="VMBus")
    link.focus()
    assert page.evaluate("document.activeElement.getAttribute('xlink:href')") == "../../glossary/#vmbus"
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary/#vmbus")


def test_the_scheme_toggle_switches_figures_to_their_dark_rendering(page, server):
    open_page(page, server, "walkthrough/role-install/")
    svg = page.locator("[data-figure=after-role] svg")
    background = "el => getComputedStyle(el.querySelector('g.graph > polygon')).fill"
    assert svg.evaluate(background) == "rgb(255, 255, 255)"
    page.locator("label[for='__palette_1']").click()
    assert svg.evaluate(background) == "rgb(30, 33, 41)"  # the dark palette's background, #1e2129
    page.locator("[data-figure=after-role] .hv-figure__open").click()  # and so does the full-screen view
    assert page.locator("dialog.hv-viewer svg").evaluate(background) == "rgb(30, 33, 41)"


@pytest.mark.parametrize("query, entry", [("VMBus", "vmbus"), ("гипервизор", "hypervisor")])
def test_search_finds_glossary_entries_in_english_and_russian(page, server, query, entry):
    open_page(page, server, "")
    page.locator(".md-search__input").click()
    # The index loads in a worker; a query typed before it is ready is dropped, as for a reader.
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for()
    page.locator(".md-search__input").press_sequentially(query)
    page.keyboard.press("End")  # Cyrillic arrives as text input with no key-up; a real keyboard sends one
    result = page.locator(f".md-search-result__link[href*='glossary/'][href$='#{entry}']")
    result.first.wait_for(state="attached")  # later hits on a page sit in a folded list
    assert result.count() >= 1


# Without JavaScript, "Full size" links to the figure's SVG file (with it, the full-screen viewer
# takes its place: tests/test_figure_viewer.py); the page is then in its light scheme.
def test_without_javascript_a_click_on_a_figure_opens_it_full_size_with_its_links_working(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    open_page(page, server, "walkthrough/role-install/")
    assert not page.locator("[data-figure=after-role] .hv-figure__open").is_visible()
    figure = page.locator("[data-figure=after-role] svg")
    figure.scroll_into_view_if_needed()
    box = figure.bounding_box()
    # A click on the figure's margin, where no component is, opens the figure on its own.
    page.mouse.click(box["x"] + 4, box["y"] + box["height"] - 4)
    page.wait_for_url(f"{server}figures/after-role.svg")
    opened = page.locator("svg").bounding_box()
    assert opened["width"] >= box["width"]
    # There, a component still leads to its glossary entry.
    page.locator("a", has_text="VMBus").click()
    page.wait_for_url("**/glossary/#vmbus")
    assert page.locator("h2#vmbus").is_visible()
    context.close()


def test_without_javascript_the_full_size_button_is_labelled_and_clickable(browser, server):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False).new_page()
    open_page(page, server, "walkthrough/parent-partition/")
    button = page.get_by_role("link", name="Full size: The parent partition and three kinds of guest")
    label = button.get_by_text("Full size", exact=True)
    assert label.is_visible()
    label.click()
    page.wait_for_url("**/figures/guest-types.svg")
    page.context.close()
