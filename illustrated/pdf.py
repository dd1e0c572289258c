"""The walkthrough as one PDF: its pages, the glossary and the credits, in the nav's reading
order, printed by the system Chromium (Playwright, no browser of its own) from the built site.

    python -m illustrated.pdf [SITE] [PDF]    # `make pdf`: site/ into site/PDF_NAME

The pages' contents are put one after the other into one HTML document, written into the
site (so its style sheets and figures load as they do for any page) and printed with the
print style sheet: figures inline, so they stay vector; page numbers in the footer; the PDF's
outline from the headings. Every id is made unique by its page's prefix, and every link
between these pages becomes a link inside the document, so it works in the PDF; a link to any
other page of the site points at the published site (site_url).
"""

import argparse
import html
import os
import posixpath
import re
import shutil
import sys
from pathlib import Path

from illustrated import site

PDF_NAME = "hyper-v-architecture-illustrated.pdf"  # in the site's root, where the pages link to it
SECTIONS = ("walkthrough/", "glossary/", "about/")  # the pages printed, by where their sources are
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(?P<content>.*?)</article>', re.S)
URL_ATTRIBUTE = re.compile(r'(?P<name>\s(?:href|xlink:href|src))="(?P<value>[^"]*)"')
ID_ATTRIBUTE = re.compile(r'(?P<name>\s(?:id|for))="(?P<value>[^"]*)"')
ID_LIST_ATTRIBUTE = re.compile(r'(?P<name>\saria-(?:labelledby|describedby|controls))="(?P<value>[^"]*)"')
FOOTER = (
    '<div style="width: 100%; font-size: 8px; color: #555; text-align: center;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


class PdfError(Exception):
    pass


def printed_pages(config=site.CONFIG):
    """The sources of the pages the PDF holds, in reading order."""
    return [page.path for page in site.pages(config) if page.path.startswith(SECTIONS)]


def built_file(site_dir, url):
    return Path(site_dir) / url / "index.html"


def key(url):
    """The prefix of a page's ids in the document, and its own anchor: 'walkthrough-guests'."""
    return url.strip("/").replace("/", "-") or "home"


def document(site_dir, config=site.CONFIG):
    """The print document's HTML: the home page's head and frame, the printed pages' contents."""
    settings = site.settings(config)
    base_url = settings.get("site_url") or ""
    urls = [site.page_url(source) for source in printed_pages(config)]
    if not urls:
        raise PdfError(f"no page of {config} is under {', '.join(SECTIONS)}")
    keys = {url: key(url) for url in urls}
    sections = [_cover(settings, urls, keys, site_dir)]
    for url in urls:
        path = built_file(site_dir, url)
        if not path.is_file():
            raise PdfError(f"{path} is missing: build the site first (make build)")
        match = ARTICLE.search(path.read_text(encoding="utf-8"))
        if not match:
            raise PdfError(f"{path} has no <article> of Material's")
        content = _rewrite(match["content"], url, keys, base_url)
        sections.append(f'<section class="hv-print-page" id="{keys[url]}">{content}</section>')
    frame = (Path(site_dir) / "index.html").read_text(encoding="utf-8")
    frame = re.sub(r"<title>.*?</title>", f"<title>{html.escape(settings.get('site_name', ''))}</title>", frame, count=1, flags=re.S)
    home = ARTICLE.search(frame)  # the home page's content gives way to the printed pages'
    return frame[:home.start("content")] + "".join(sections) + frame[home.end("content"):]


def _cover(settings, urls, keys, site_dir):
    """The first page: the title, what this is, where it is published, and its contents."""
    entries = []
    for url in urls:
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", built_file(site_dir, url).read_text(encoding="utf-8"), re.S)
        title = re.sub(r"<[^>]+>", "", heading[1]).replace("¶", "").replace("&para;", "").strip() if heading else url
        entries.append(f'<li><a href="#{keys[url]}">{title}</a></li>')
    address = html.escape(settings.get("site_url", ""))
    return (
        '<section class="hv-print-cover">'
        f"<h1>{html.escape(settings.get('site_name', ''))}</h1>"
        f"<p>{html.escape(' '.join(settings.get('site_description', '').split()))}</p>"
        f'<p>The walkthrough, its glossary and its sources, as published at <a href="{address}">{address}</a>.</p>'
        f"<h2>Contents</h2><ol>{''.join(entries)}</ol></section>"
    )


def _rewrite(content, url, keys, base_url):
    """A page's content with ids prefixed by its key and links resolved in the document."""
    prefix = keys[url]
    content = ID_ATTRIBUTE.sub(lambda m: f'{m["name"]}="{prefix}--{m["value"]}"', content)
    content = ID_LIST_ATTRIBUTE.sub(
        lambda m: f'{m["name"]}="{" ".join(f"{prefix}--{token}" for token in m["value"].split())}"', content
    )

    def link(match):
        value = html.unescape(match["value"])
        if re.match(r"[a-z][a-z0-9+.-]*:", value) or value.startswith("//"):
            return match[0]  # another site, mailto:
        path, _, anchor = value.partition("#")
        if not path:
            target = url
        else:
            target = posixpath.normpath(posixpath.join(url, path))
            target = "" if target == "." else target + ("/" if path.endswith("/") else "")
        if target in keys and match["name"].strip() != "src":
            return f'{match["name"]}="#{keys[target]}{f"--{anchor}" if anchor else ""}"'
        if match["name"].strip() == "src":  # an image: from the document's place, the site's root
            return f'{match["name"]}="{html.escape(target)}"'
        return f'{match["name"]}="{html.escape(base_url + target + (f"#{anchor}" if anchor else ""))}"'

    return URL_ATTRIBUTE.sub(link, content)


def chromium():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise PdfError("Chromium is missing: install the chromium package (make pdf does), or set CHROMIUM")
    return path


def write_pdf(site_dir, out, config=site.CONFIG, browser=None):
    """Print the walkthrough from the built site in `site_dir` into the PDF `out`, with the
    system Chromium, or with `browser`, a Playwright browser already running (the tests')."""
    site_dir, out = Path(site_dir), Path(out)
    source = site_dir / ".print.html"  # a dot file, in the root so its relative links hold
    source.write_text(document(site_dir, config), encoding="utf-8")
    try:
        if browser:
            _print(browser, source, out)
        else:
            from playwright.sync_api import sync_playwright  # a test tool: only `make pdf` needs it

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium(), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
                )
                _print(browser, source, out)
                browser.close()
    finally:
        source.unlink(missing_ok=True)
    return out


def _print(browser, source, out):
    # No script: the page as printed is the HTML and CSS alone, in the light scheme.
    context = browser.new_context(java_script_enabled=False, color_scheme="light")
    page = context.new_page()
    page.goto(source.resolve().as_uri(), wait_until="load")
    out.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(
        path=str(out), format="A4", print_background=True, outline=True, tagged=True,
        display_header_footer=True, header_template="<div></div>", footer_template=FOOTER,
        margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
    )
    context.close()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m illustrated.pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="site", help="the built site (default: site)")
    parser.add_argument("pdf", nargs="?", help=f"the PDF to write (default: SITE/{PDF_NAME})")
    args = parser.parse_args(argv)
    try:
        out = write_pdf(args.site, args.pdf or Path(args.site) / PDF_NAME)
    except PdfError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{out}: {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
