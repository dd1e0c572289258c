"""Tables (illustrated/markdown/tables.py, the tables section of overrides/partials/styles.html):
written inside Material's scrolling wrapper at build time, they look exactly as the tables Material's
script wraps after the page has loaded, in both colour schemes, and the script leaves them where
they are."""

import pytest

# Every property Chromium computes, for each part of a table: ours, and a copy of it without the
# class, in the wrapper Material's script would have put it in.
COMPARE = """() => {
  const ours = document.querySelector('.md-typeset__table > table.hv-table');
  const wrapper = ours.closest('.md-typeset__scrollwrap').cloneNode(true);
  const material = wrapper.querySelector('table');
  material.removeAttribute('class');
  ours.closest('.md-typeset__scrollwrap').after(wrapper);
  const parts = ['', 'thead th', 'tbody tr', 'tbody td', 'tbody td a', 'tbody td > :first-child'];
  const differences = [];
  for (const part of parts) {
    const [a, b] = [ours, material].map((table) => (part ? table.querySelector(part) : table));
    if (!a) continue;
    const [styleA, styleB] = [getComputedStyle(a), getComputedStyle(b)];
    for (const name of styleA) {
      if (styleA.getPropertyValue(name) !== styleB.getPropertyValue(name)) {
        differences.push(`${part || 'table'} ${name}: ${styleA.getPropertyValue(name)} (ours) vs ${styleB.getPropertyValue(name)}`);
      }
    }
  }
  wrapper.remove();
  return differences;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_table_looks_as_material_shows_one(page, server, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(server + "about/")
    assert page.evaluate(COMPARE) == []


def test_materials_script_leaves_the_tables_where_they_are(page, server):
    page.goto(server + "about/")  # returns on "load": Material's script has set up the page on DOMContentLoaded
    counts = page.evaluate("""() => [document.querySelectorAll('article table').length,
        document.querySelectorAll('article .md-typeset__scrollwrap').length,
        document.querySelectorAll('article .md-typeset__table > table.hv-table').length]""")
    assert counts[0] >= 1 and counts == [counts[0]] * 3, "each table in one wrapper: " + str(counts)
