"""The glossary (includes/glossary.yml): every term the figures link to, in the article's words."""

import json
import re

import yaml

from conftest import ROOT, SLUGS

ENTRIES = yaml.safe_load((ROOT / "includes" / "glossary.yml").read_text(encoding="utf-8"))
ARTICLE = ROOT / "includes" / "article.ru.txt"  # the Russian original, as translated


def stem(word):
    """A Russian word without its ending, so that «партиции» finds «партиция»."""
    return word if len(word) <= 4 else word[: max(4, len(word) - 2)]


def test_every_component_of_every_figure_has_a_glossary_entry(figures):
    ids = {entry["id"] for entry in ENTRIES}
    for slug in SLUGS:
        terms = json.loads((figures / f"{slug}.json").read_text())["terms"]
        missing = sorted(set(terms) - ids)
        assert not missing, f"{slug} links to glossary terms that do not exist: {missing}"


def test_every_russian_term_is_the_articles_own():
    article = ARTICLE.read_text(encoding="utf-8").lower()
    for entry in ENTRIES:
        if "russian" in entry:
            words = re.findall(r"[\w-]+", entry["russian"].lower())
            absent = [word for word in words if stem(word) not in article]
            assert not absent, f"{entry['id']}: «{entry['russian']}» is not the article's wording ({absent})"
