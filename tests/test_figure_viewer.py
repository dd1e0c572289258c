"""The full-screen figure viewer (docs/javascripts/figures.js, its viewer part) as a reader uses
it, at a 1280 x 800 desktop window and on a 390 x 844 touch screen: it opens from every figure,
zooms and pans by buttons, keys, Ctrl+wheel and pinch, keeps the figure's links working (a drag
is not a click), never captures the page's scrolling, follows the colour scheme, and passes axe
open. Its gestures (Panzoom) are fetched when a reader reaches for the control; if they cannot
be, the figure opens as its SVG file. Without JavaScript: tests/test_browser.py."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from illustrated import site as site_pages

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
READABLE_PX = 16
# Each page that shows a figure, as its URL path, and the figures it shows.
PAGES = {}
for slug, pages in site_pages.figures_shown().items():
    url = re.sub(r"(^|/)index\.md$", r"\1", pages[0]).removesuffix(".md")
    PAGES.setdefault(url if url.endswith("/") or not url else url + "/", []).append(slug)

# Panzoom sets its transform on the next animation frame: the scale once two frames have passed.
SCALE = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  return +document.querySelector('.hv-viewer__canvas').style.transform.match(/scale\\(([^)]+)\\)/)[1];
}"""
# The transform as drawn (Panzoom animates the buttons' and keys' zoom): settled once it is the one set.
SETTLED = """() => {
  const canvas = document.querySelector('.hv-viewer__canvas');
  const drawn = new DOMMatrix(getComputedStyle(canvas).transform), set = new DOMMatrix(canvas.style.transform);
  return Math.abs(drawn.a - set.a) < 1e-3 && Math.abs(drawn.e - set.e) < 0.5 && Math.abs(drawn.f - set.f) < 0.5;
}"""
# The smallest label of the open figure as rendered, in CSS px: a text's box on screen against
# its box in the SVG's own units gives every scale between them, the zoom included.
SMALLEST_LABEL = """() => Math.min(...[...document.querySelectorAll('.hv-viewer svg text')].map(text =>
  parseFloat(text.getAttribute('font-size')) * text.getBoundingClientRect().width / text.getBBox().width))"""


@pytest.fixture(params=["desktop", "phone"])
def device(request, browser):
    context = browser.new_context(**(DESKTOP if request.param == "desktop" else PHONE))
    context.name = request.param
    yield context
    context.close()


def visit(context, server, path, errors=None):
    page = context.new_page()
    if errors is not None:
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(server + path)
    page.locator(".hv-figure__art--viewer").first.wait_for()  # the viewer's script has run
    return page


def activate(page, locator):
    """A tap on a touch screen, a click elsewhere."""
    if page.context.name == "phone":
        locator.tap()
    else:
        locator.click()


def open_viewer(page, slug):
    control = page.locator(f"[data-figure={slug}] .hv-figure__open")
    control.scroll_into_view_if_needed()
    activate(page, control)
    dialog = page.locator("dialog.hv-viewer")
    dialog.wait_for()
    assert dialog.evaluate("d => d.open && d.matches(':modal')")
    return dialog


def settle(page):
    page.evaluate(SCALE)  # the transform set
    page.wait_for_function(SETTLED)  # and drawn


@pytest.mark.parametrize("path", sorted(PAGES), ids=lambda path: path.rstrip("/") or "home")
def test_every_figure_opens_full_screen_and_closes_back_to_its_control(device, server, path):
    errors = []
    page = visit(device, server, path, errors)
    for slug in PAGES[path]:
        art = page.locator(f"[data-figure={slug}]")
        assert not art.locator(".hv-figure__full").first.is_visible()  # the control replaces "Full size"
        title = art.locator("svg title").text_content()
        dialog = open_viewer(page, slug)
        assert dialog.get_by_role("heading").text_content() == title
        assert page.get_by_role("dialog", name=title).is_visible()
        box = dialog.locator(".hv-viewer__canvas svg").bounding_box()
        window = device.pages[0].viewport_size
        assert box["width"] >= window["width"] * 0.9 and box["y"] + box["height"] <= window["height"]
        assert art.locator("svg").count() == 0  # moved, not copied: its ids stay unique
        page.keyboard.press("Escape")
        assert not dialog.evaluate("d => d.open")
        # The dialog's close event, dispatched after it closes, puts the figure and focus back.
        art.locator("svg").first.wait_for(state="attached", timeout=3000)
        assert art.locator("svg").count() == 1
        page.wait_for_function("slug => document.activeElement.closest('[data-figure]')?.dataset.figure === slug",
                               arg=slug, timeout=3000)
        assert page.evaluate("document.activeElement.classList.contains('hv-figure__open')")
    assert errors == []


def test_a_click_on_the_figures_margin_opens_it(browser, server):
    context = browser.new_context(**DESKTOP)
    context.name = "desktop"
    page = visit(context, server, "walkthrough/role-install/")
    svg = page.locator("[data-figure=after-role] svg")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    page.mouse.click(box["x"] + 4, box["y"] + box["height"] - 4)
    assert page.locator("dialog.hv-viewer").evaluate("d => d.open")
    assert page.url.endswith("walkthrough/role-install/")
    context.close()


def test_the_gestures_are_fetched_when_a_reader_reaches_for_the_control_not_with_the_page(browser, server):
    context = browser.new_context(**DESKTOP)
    context.name = "desktop"
    fetched = []
    context.on("request", lambda request: "panzoom" in request.url and fetched.append(request.url))
    page = visit(context, server, "walkthrough/role-install/")
    page.wait_for_load_state("networkidle")
    assert fetched == []
    page.locator("[data-figure=after-role] .hv-figure__open").hover()
    page.wait_for_function("() => window.Panzoom")
    assert len(fetched) == 1
    open_viewer(page, "after-role")
    assert len(fetched) == 1
    context.close()


def test_without_the_gestures_a_figure_opens_as_its_svg_file(browser, server):
    context = browser.new_context(**DESKTOP)
    context.name = "desktop"
    context.route("**/panzoom.min.js", lambda route: route.abort())
    page = visit(context, server, "walkthrough/role-install/")
    with page.expect_navigation():
        page.locator("[data-figure=after-role] .hv-figure__open").click()
    assert page.url.endswith("figures/after-role.svg")
    context.close()


def test_the_keyboard_opens_zooms_pans_resets_and_closes_with_focus_kept_inside(browser, server):
    context = browser.new_context(**DESKTOP)
    context.name = "desktop"
    page = visit(context, server, "walkthrough/role-install/")
    control = page.locator("[data-figure=after-role] .hv-figure__open")
    control.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.hv-viewer")
    assert dialog.evaluate("d => d.open && d.contains(document.activeElement)")
    page.keyboard.press("+")
    page.keyboard.press("+")
    assert page.evaluate(SCALE) > 1.5
    settle(page)
    before = page.evaluate("getComputedStyle(document.querySelector('.hv-viewer__canvas')).transform")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    settle(page)
    after = page.evaluate("getComputedStyle(document.querySelector('.hv-viewer__canvas')).transform")
    assert after != before
    page.keyboard.press("-")
    assert 1 < page.evaluate(SCALE) < 1.5
    page.keyboard.press("0")
    assert page.evaluate(SCALE) == 1
    # Tab cycles through the dialog's buttons and the figure's links, never to the page under
    # it (past the last, the browser's own controls have focus: the document's body is active).
    inside = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        where = dialog.evaluate("d => d.contains(document.activeElement) ? 'dialog' : document.activeElement.tagName")
        assert where in ("dialog", "BODY")
        inside += where == "dialog"
    assert inside > 30
    # A page shortcut of Material's ("s" opens search) does not fire under the dialog.
    page.keyboard.press("s")
    assert not page.locator(".md-search__input").evaluate("input => input === document.activeElement")
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    page.wait_for_function("() => document.activeElement?.classList.contains('hv-figure__open')",
                           timeout=3000)  # focus returns on the close event
    assert control.evaluate("c => c === document.activeElement")
    context.close()


def test_the_buttons_zoom_in_and_out_reset_and_close(device, server):
    page = visit(device, server, "walkthrough/role-install/")
    dialog = open_viewer(page, "after-role")
    activate(page, dialog.get_by_role("button", name="Zoom in"))
    activate(page, dialog.get_by_role("button", name="Zoom in"))
    zoomed = page.evaluate(SCALE)
    assert zoomed > 1.5
    activate(page, dialog.get_by_role("button", name="Zoom out"))
    assert 1 < page.evaluate(SCALE) < zoomed
    activate(page, dialog.get_by_role("button", name="Reset"))
    # On a loaded machine the zoom-out's animation may still be ending when Reset lands: wait.
    page.wait_for_function(SCALE.replace("return +", "return 1 === +"), timeout=5000)
    activate(page, dialog.get_by_role("button", name="Close"))
    assert not dialog.evaluate("d => d.open")
    page.wait_for_function("() => document.activeElement.closest('[data-figure]')?.dataset.figure === 'after-role'",
                           timeout=3000)  # focus returns on the close event


def test_on_a_phone_the_buttons_zoom_until_the_smallest_label_reads_at_16_px(browser, server):
    context = browser.new_context(**PHONE)
    context.name = "phone"
    page = visit(context, server, "walkthrough/parent-partition/")
    dialog = open_viewer(page, "guest-types")  # the widest figure: the smallest on a phone
    assert page.evaluate(SMALLEST_LABEL) < 8  # unreadable until zoomed
    zoom_in = dialog.get_by_role("button", name="Zoom in")
    for _ in range(10):
        zoom_in.tap()
    settle(page)
    largest = page.evaluate(SMALLEST_LABEL)
    print(f"guest-types on a 390 x 844 phone: smallest label at {largest:.1f} CSS px at the largest zoom")
    assert largest >= READABLE_PX
    context.close()


def pinch(page, cdp, spread):
    """Two fingers on the figure moving apart (or together), as Chromium's touch input gets them."""
    box = page.locator(".hv-viewer__stage").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    def touch(kind, half):
        points = [{"x": x - half, "y": y, "id": 0}, {"x": x + half, "y": y, "id": 1}] if kind != "touchEnd" else []
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 30)
    for step in range(1, 11):
        touch("touchMove", 30 + spread * step / 10)
    touch("touchEnd", 0)


def test_a_pinch_zooms_the_figure_on_a_touch_screen_until_labels_read_at_16_px(browser, server):
    context = browser.new_context(**PHONE)
    context.name = "phone"
    page = visit(context, server, "walkthrough/parent-partition/")
    open_viewer(page, "guest-types")
    cdp = context.new_cdp_session(page)
    pinch(page, cdp, 120)
    first = page.evaluate(SCALE)
    assert first > 1.5
    for _ in range(6):
        pinch(page, cdp, 120)
    assert page.evaluate(SCALE) > first
    settle(page)
    assert page.evaluate(SMALLEST_LABEL) >= READABLE_PX
    largest = page.evaluate(SCALE)
    pinch(page, cdp, -25)  # fingers together: out again
    assert page.evaluate(SCALE) < largest
    context.close()


def test_the_wheel_zooms_with_ctrl_or_after_a_click_only(browser, server):
    context = browser.new_context(**DESKTOP)
    context.name = "desktop"
    page = visit(context, server, "walkthrough/role-install/")
    open_viewer(page, "after-role")
    box = page.locator(".hv-viewer__stage").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(100)
    assert page.evaluate(SCALE) == 1  # a plain wheel over a figure not clicked yet does nothing
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    assert page.evaluate(SCALE) > 1
    page.keyboard.press("0")
    page.mouse.click(box["x"] + 5, box["y"] + 5)  # a click on the figure's empty margin
    page.mouse.wheel(0, -300)
    assert page.evaluate(SCALE) > 1
    context.close()


def test_scrolling_the_page_over_a_figure_scrolls_the_page(device, server):
    page = visit(device, server, "walkthrough/parent-partition/")
    art = page.locator("[data-figure=guest-types]")
    art.scroll_into_view_if_needed()
    box = art.locator("svg").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    start = page.evaluate("scrollY")
    if device.name == "phone":
        cdp = device.new_cdp_session(page)  # one finger swiping up over the figure
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for step in range(1, 11):
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 20 * step}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    else:
        page.mouse.move(x, y)
        page.mouse.wheel(0, 300)
    page.wait_for_function(f"scrollY > {start + 100}")
    assert not page.locator("dialog.hv-viewer").count() or not page.locator("dialog.hv-viewer").evaluate("d => d.open")
    assert page.evaluate("getComputedStyle(document.querySelector('[data-figure=guest-types] svg')).transform") == "none"


def test_a_component_in_the_viewer_leads_to_its_glossary_entry_and_back(device, server):
    page = visit(device, server, "walkthrough/role-install/")
    dialog = open_viewer(page, "after-role")
    activate(page, dialog.locator("svg a", has_text="VMBus"))
    page.wait_for_url("**/glossary/#vmbus")
    assert page.locator("h2#vmbus").is_visible()
    assert page.locator("dialog.hv-viewer[open]").count() == 0
    # Back on the figure's page (instant navigation or not), the viewer works again.
    page.go_back()
    page.wait_for_url("**/walkthrough/role-install/")
    dialog = open_viewer(page, "after-role")
    assert dialog.locator("svg a", has_text="VMBus").is_visible()


def test_a_drag_that_ends_on_a_link_pans_and_does_not_follow_it(browser, server):
    context = browser.new_context(**DESKTOP)
    context.name = "desktop"
    page = visit(context, server, "walkthrough/role-install/")
    dialog = open_viewer(page, "after-role")
    dialog.get_by_role("button", name="Zoom in").click()
    settle(page)
    link = dialog.locator("svg a", has_text="VMBus")
    box = link.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 30, steps=6)
    page.mouse.up()
    moved = link.bounding_box()
    assert abs(moved["x"] - box["x"] - 60) < 3 and abs(moved["y"] - box["y"] - 30) < 3
    page.wait_for_timeout(300)
    assert page.url.endswith("walkthrough/role-install/")
    assert dialog.evaluate("d => d.open")
    # A plain click on the link still follows it.
    link.click()
    page.wait_for_url("**/glossary/#vmbus")
    context.close()


@pytest.mark.parametrize("scheme, background", [("light", "rgb(255, 255, 255)"), ("dark", "rgb(30, 33, 41)")])
def test_the_viewer_follows_the_colour_scheme_and_passes_axe(browser, server, scheme, background):
    for device in (DESKTOP, PHONE):
        context = browser.new_context(color_scheme=scheme, **device)
        context.name = "phone" if device is PHONE else "desktop"
        page = visit(context, server, "walkthrough/role-install/")
        dialog = open_viewer(page, "after-role")
        fill = dialog.locator("svg g.graph > polygon").first.evaluate("p => getComputedStyle(p).fill")
        assert fill == background
        assert dialog.evaluate("d => getComputedStyle(d).backgroundColor") == background
        dialog.get_by_role("button", name="Zoom in").focus()
        results = Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, f"{scheme}, {context.name}:\n{results.generate_report()}"
        context.close()

