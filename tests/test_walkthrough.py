"""The walkthrough's text: the article's translated paragraphs, and our notes kept apart from them."""

import re

import pytest

from conftest import ROOT
from illustrated.markdown.citations import CITATION

WALKTHROUGH = sorted((ROOT / "docs" / "walkthrough").glob("*.md"))
NOTE = re.compile(r'^!!! \w+(?: "[^"]*")?\n((?:    .*\n|\n)*)', re.M)
# What is ours on a page besides the notes: front matter, headings, figure markers, abbreviations.
NOT_ARTICLE = re.compile(r"^(---|#|\[\[|\*\[|description:|!!!)")


def notes(text):
    """The admonitions of a page: (line number, body)."""
    return [(text[: match.start()].count("\n") + 1, match.group(1)) for match in NOTE.finditer(text)]


def translated_paragraphs(text):
    """The paragraphs of the article's translation on a page: top-level text outside the notes."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = NOTE.sub("", text)
    return [p for p in re.split(r"\n\s*\n", text) if p.strip() and not NOT_ARTICLE.match(p.strip())]


@pytest.mark.parametrize("page", WALKTHROUGH, ids=lambda p: p.name)
def test_the_translation_says_user_mode_and_kernel_mode(page):
    for paragraph in translated_paragraphs(page.read_text(encoding="utf-8")):
        wrong = re.search(r"\b(user|kernel)[ -]space\b", paragraph, re.I)
        assert not wrong, f"{page.name}: {wrong[0]!r} in the translation; Microsoft writes user mode / kernel mode"


@pytest.mark.parametrize("page", WALKTHROUGH, ids=lambda p: p.name)
def test_every_note_cites_a_source(page):
    for line, body in notes(page.read_text(encoding="utf-8")):
        assert CITATION.search(body), f"walkthrough/{page.name}, line {line}: a note without a citation"


def test_every_page_of_the_walkthrough_carries_the_article():
    pages = [page for page in WALKTHROUGH if translated_paragraphs(page.read_text(encoding="utf-8"))]
    assert len(pages) == len(WALKTHROUGH), "each page of the walkthrough carries a part of the article"
