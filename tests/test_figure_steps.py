"""Step-through paths (docs/javascripts/figures.js, its step-through part): under each figure
with numbered steps, "Step 2 of 6" with previous and next buttons and the arrow keys lights that
step's flows and their ends, dims the rest, and shows the step's sentence, the figure script's
own; without script the caption lists the steps. (axe with the steps midway:
test_figure_cards.py.)"""

import json

import pytest

from conftest import ROOT
from test_figure_cards import DEVICES, url

STEPPED = ["guest-windows-enlightened", "guest-linux-enlightened", "guest-unenlightened", "management-path"]


def steps_of(slug):
    """The steps' sentences as the figure script wrote them, and which flows make each."""
    meta = json.loads((ROOT / "build" / "figures" / f"{slug}.json").read_text())
    return meta["steps"], [[k for k, flow in enumerate(meta["flows"]) if flow["sentence"] == s] for s in meta["steps"]], meta


def lit_and_dimmed(page, slug):
    return page.locator(f"[data-figure={slug}] svg").evaluate(
        """svg => {
          const opacity = (e) => getComputedStyle(e).opacity;
          const parts = [...svg.querySelectorAll('.node, .edge')];
          return {lit: parts.filter(e => opacity(e) === '1').map(e => e.id).sort(),
                  dimmed: parts.filter(e => opacity(e) !== '1').length};
        }""")


@pytest.fixture
def reader(request, browser):
    # Without the fade between steps, each step's opacities are final at once.
    context = browser.new_context(reduced_motion="reduce", **DEVICES[request.param])
    page = context.new_page()
    page.device = request.param
    # force: a reader may press a button that says it is disabled (aria-disabled); Playwright would wait
    page.press_button = lambda button: button.tap(force=True) if request.param == "phone" else button.click(force=True)
    yield page
    context.close()


# Every stepped figure at desktop size; the phone's taps on one.
@pytest.mark.parametrize("reader, slug", [("desktop", slug) for slug in STEPPED] + [("phone", "guest-unenlightened")],
                         indirect=["reader"])
def test_the_buttons_step_through_lighting_each_step_and_showing_its_sentence(reader, server, slug):
    sentences, flows, meta = steps_of(slug)
    reader.goto(url(server, slug))
    control = reader.locator(f"[data-figure={slug}] + .hv-steps")
    count, sentence = control.locator(".hv-steps__count"), control.locator(".hv-steps__sentence")
    assert count.text_content() == f"{len(sentences)} steps" and lit_and_dimmed(reader, slug)["dimmed"] == 0
    assert sentence.get_attribute("aria-live") == "polite"
    prefix = f"{slug}-light-"
    for number in range(1, len(sentences) + 1):
        reader.press_button(control.locator(".hv-steps__next"))
        assert count.text_content() == f"Step {number} of {len(sentences)}"
        shown = sentence.evaluate("p => [...p.childNodes].slice(1).map(n => n.textContent).join('')")
        assert shown == sentences[number - 1]
        assert sentence.locator(".hv-steps__hidden").text_content() == f"Step {number} of {len(sentences)}: "
        ends = {meta["flows"][k][end] for k in flows[number - 1] for end in ("source", "target")}
        expected = sorted([f"{prefix}flow-{k}" for k in flows[number - 1]] + [prefix + end for end in ends])
        state = lit_and_dimmed(reader, slug)
        assert state["lit"] == expected and state["dimmed"] > 0
    reader.press_button(control.locator(".hv-steps__next"))  # past the last: stays there
    assert count.text_content() == f"Step {len(sentences)} of {len(sentences)}"
    assert control.locator(".hv-steps__next").get_attribute("aria-disabled") == "true"
    for _ in sentences:
        reader.press_button(control.locator(".hv-steps__previous"))
    assert count.text_content() == f"{len(sentences)} steps" and lit_and_dimmed(reader, slug)["dimmed"] == 0


def test_the_arrow_keys_step_while_the_control_has_focus_without_scrolling(page, server):
    page.goto(url(server, "management-path"))
    control = page.locator("[data-figure=management-path] + .hv-steps")
    control.locator(".hv-steps__next").focus()
    scrolled = page.evaluate("scrollY")
    for key, expected in [("ArrowRight", 1), ("ArrowRight", 2), ("ArrowDown", 3), ("ArrowLeft", 2), ("ArrowUp", 1)]:
        page.keyboard.press(key)
        assert control.locator(".hv-steps__count").text_content() == f"Step {expected} of 5"
    assert page.evaluate("scrollY") == scrolled
    page.keyboard.press("ArrowLeft")
    assert control.locator(".hv-steps__count").text_content() == "5 steps"


@pytest.mark.parametrize("slug", STEPPED)
def test_without_script_the_caption_lists_the_steps(browser, server, slug):
    sentences, _, _ = steps_of(slug)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(server, slug))
    items = page.locator(f"ol.hv-figure__steps[data-steps-of={slug}] > li")
    assert items.all_text_contents() == sentences
    assert page.locator(".hv-steps").count() == 0
    context.close()


def test_no_step_sentence_is_written_twice_in_a_caption():
    """The sentences live on the flows; the script's docstring (its caption) does not repeat them."""
    for slug in STEPPED:
        sentences, _, meta = steps_of(slug)
        for sentence in sentences:
            assert " ".join(sentence.split()) not in " ".join(meta["caption"].split()), slug
