"""Every page as a reader gets it, in both colour schemes: it loads cleanly from the local
server alone, its pictures render, axe-core finds no WCAG 2.1 A/AA violation; plus search,
keyboard focus on the figures, and the head tags that search engines and link previews read."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT

SCHEMES = ("light", "dark")
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M).group(1)
DOCS = ROOT / "docs"
# Every page, known before the site is built: one per Markdown file, and the 404 page.
PAGES = sorted(
    str(md.relative_to(DOCS).parent) + "/" if md.name == "index.md" else str(md.relative_to(DOCS).with_suffix("")) + "/"
    for md in DOCS.rglob("*.md")
)
PAGES = ["" if page == "./" else page for page in PAGES] + ["404.html"]


@pytest.fixture(scope="module", params=SCHEMES)
def scheme_context(request, browser, server):
    """A browser context that prefers one colour scheme and may reach the local server only."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=request.param)
    local = urlsplit(server).netloc
    context.foreign = []

    def only_local(route):
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != local:
            context.foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", only_local)
    context.scheme = request.param
    yield context
    context.close()


def visit(context, server, path):
    """Open a page; return it with the list of what goes wrong on it, which fills as it loads
    (the search index, say, is fetched after the load event: read the list last)."""
    page = context.new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url} {request.failure}"))
    page.on("response", lambda response: response.status >= 400 and problems.append(f"{response.status}: {response.url}"))
    context.foreign.clear()
    page.goto(server + path)
    return page, problems


def test_the_pages_walked_are_the_pages_built(site):
    built = sorted(str(p.parent.relative_to(site)) + "/" for p in site.rglob("index.html"))
    assert ["" if page == "./" else page for page in built] + ["404.html"] == PAGES


@pytest.mark.parametrize("path", PAGES, ids=[page.rstrip("/") or "home" for page in PAGES])
def test_a_page_loads_cleanly_renders_its_pictures_and_passes_axe(scheme_context, server, path):
    page, problems = visit(scheme_context, server, path)
    try:
        # Each picture the reader can see has a size and pixels (lazy ones once scrolled to).
        images = page.locator("article img:visible")
        for index in range(images.count()):
            image = images.nth(index)
            image.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
            box = image.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 50, f"{path}: image {index} is {box}"

        # Each inline figure renders at a real size, with its full-screen control (which takes
        # the place of its "Full size" links where JavaScript runs).
        for art in page.locator(".hv-figure__art").all():
            box = art.locator("svg").bounding_box()
            assert box and box["width"] > 300 and box["height"] > 150, f"{path}: {art.get_attribute('data-figure')} is {box}"
            assert art.locator(".hv-figure__open").is_visible()
            assert not art.locator(".hv-figure__full").first.is_visible() and not art.locator(".hv-figure__full").last.is_visible()

        results = Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, f"{path} ({scheme_context.scheme}):\n{results.generate_report()}"

        page.wait_for_load_state("networkidle")  # long since reached, unless a request hangs
        assert problems == [], f"{path} ({scheme_context.scheme}): {problems}"
        assert scheme_context.foreign == [], f"{path} asked another host: {scheme_context.foreign}"
    finally:
        page.close()


def test_search_finds_the_glossary_entry_and_highlights_it(page, server):
    page.goto(server)
    page.locator("input.md-search__input").click()
    # The index loads in a worker; a query typed before it is ready is dropped, as for a reader.
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for()
    page.locator("input.md-search__input").press_sequentially("VMBus")
    result = page.locator(".md-search-result__link[href$='glossary/?h=vmbus#vmbus']")
    result.wait_for(state="attached")  # it may sit in the page's folded list of further hits
    assert result.text_content().strip().startswith("VMBus (Virtual Machine Bus)")
    page.goto(result.get_attribute("href"))
    page.wait_for_url(re.compile(r"glossary/\?h=vmbus#vmbus$"))
    assert page.locator("h2#vmbus").is_visible()
    highlights = page.locator("mark[data-md-highlight]", has_text="VMBus")
    highlights.first.wait_for()  # Material marks the words once its script has run after load
    assert highlights.count() > 0


def test_the_keyboard_reaches_a_figure_and_its_components_with_a_visible_focus(page, server):
    page.goto(server + "walkthrough/role-install/")
    # Tab from the "Figure" tab's panel start: first the figure's full-screen control, then its components.
    control = page.locator("[data-figure=after-role] .hv-figure__open")
    control.wait_for()  # shown once the viewer's script has run
    control.focus()
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Full screen: Windows Server 2008 after the Hyper-V role is installed")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineWidth") == "3px"
    page.keyboard.press("Tab")
    first_component = page.evaluate("document.activeElement.getAttribute('xlink:href')")
    assert first_component.startswith("../../glossary/#")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "solid 3px"


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.canonical = None
        self.og = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")
        if tag == "meta" and (attrs.get("property") or "").startswith("og:"):
            self.og[attrs["property"]] = attrs.get("content")


def test_every_page_names_its_canonical_url_and_the_preview_image(site):
    sitemap = (site / "sitemap.xml").read_text()
    for index in site.rglob("index.html"):
        if index.parent.name == "search":
            continue
        url = SITE_URL + ("" if index.parent == site else str(index.parent.relative_to(site)) + "/")
        head = Head()
        head.feed(index.read_text())
        assert head.canonical == url, index
        assert f"<loc>{url}</loc>" in sitemap, url
        assert head.og["og:url"] == url and head.og["og:description"], index
        image = head.og["og:image"]
        assert image.startswith(SITE_URL) and (site / image.removeprefix(SITE_URL)).stat().st_size > 10_000
