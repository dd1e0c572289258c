// Lighthouse on every page of the built site, mobile profile, as a reader on a phone gets it.
//
// Usage: node audit/audit.mjs [SITE_DIR [PAGE...]]   (default: site/, every page; `make audit`
// builds the site first). A PAGE is a path as the table shows it, e.g. /glossary/.
//
// The site is served from 127.0.0.1 with gzip, as GitHub Pages serves it; the pages are the
// ones the sitemap lists. Chromium is the system one (CHROME_PATH, default /usr/bin/chromium):
// nothing is downloaded. Prints one table and exits 1 if any score on any page is below 100;
// each page's full report is left in audit/reports/ (open it in a Lighthouse viewer).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';

const SITE = path.resolve(process.argv[2] || 'site');
const REPORTS = path.join(path.dirname(new URL(import.meta.url).pathname), 'reports');
const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
// Lighthouse's simulated mobile timings move from run to run on a busy machine: each page is
// audited RUNS times and the median run is kept, as Lighthouse's own docs advise.
const RUNS = Number(process.env.AUDIT_RUNS || 3);
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.gz': 'application/gzip',
};
const COMPRESSED = new Set(['.html', '.css', '.js', '.json', '.map', '.svg', '.xml', '.txt']);

// A static host like GitHub Pages: directory URLs get their index.html, text is gzipped,
// anything else is the site's 404 page with status 404.
function serve(root) {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) file = '';
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    let status = 200;
    if (!file || !fs.existsSync(file)) {
      status = 404;
      file = path.join(root, '404.html');
    }
    const ext = path.extname(file);
    let body = fs.readFileSync(file);
    const headers = { 'Content-Type': TYPES[ext] || 'application/octet-stream', 'Cache-Control': 'max-age=600' };
    if (COMPRESSED.has(ext) && /\bgzip\b/.test(request.headers['accept-encoding'] || '')) {
      body = zlib.gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
      headers['Vary'] = 'Accept-Encoding';
    }
    headers['Content-Length'] = body.length;
    response.writeHead(status, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The pages are the sitemap's URLs, moved from site_url onto the local server.
function pages(root) {
  const sitemap = fs.readFileSync(path.join(root, 'sitemap.xml'), 'utf8');
  const urls = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
  if (!urls.length) throw new Error(`${root}/sitemap.xml lists no page`);
  const base = new URL(urls[0]).pathname.replace(/[^/]*$/, '');
  const common = urls.reduce((prefix, url) => {
    const pathname = new URL(url).pathname;
    while (!pathname.startsWith(prefix)) prefix = prefix.replace(/[^/]*\/$/, '');
    return prefix;
  }, base);
  return urls.map((url) => new URL(url).pathname.slice(common.length));
}

const server = await serve(SITE);
const origin = `http://127.0.0.1:${server.address().port}/`;
const chrome = await chromeLauncher.launch({
  chromePath: CHROME_PATH,
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu'],
});

fs.rmSync(REPORTS, { recursive: true, force: true });
fs.mkdirSync(REPORTS);
const rows = [];
let failed = false;
try {
  const only = process.argv.slice(3).map((page) => page.replace(/^\//, ''));
  for (const page of pages(SITE).filter((page) => !only.length || only.includes(page))) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await lighthouse(origin + page, { port: chrome.port, logLevel: 'error', onlyCategories: CATEGORIES });
      runs.push(result.lhr);
    }
    const lhr = computeMedianRun(runs);
    const { categories, audits, runtimeError } = lhr;
    fs.writeFileSync(path.join(REPORTS, `${page.replace(/\/$/, '').replaceAll('/', '-') || 'home'}.json`), JSON.stringify(lhr));
    const scores = CATEGORIES.map((id) => (categories[id].score === null ? null : Math.round(categories[id].score * 100)));
    rows.push([`/${page}`, ...scores.map((score) => (score === null ? 'error' : String(score)))]);
    if (runtimeError || scores.some((score) => score === null || score < 100)) {
      failed = true;
      // Say why: every audit that lost points in a category below 100.
      for (const id of CATEGORIES) {
        if (categories[id].score === 1) continue;
        for (const ref of categories[id].auditRefs) {
          const audit = audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
            const value = audit.displayValue ? ` (${audit.displayValue})` : '';
            console.error(`/${page}: ${id}: ${audit.id}: ${audit.title}${value}`);
          }
        }
      }
      if (runtimeError) console.error(`/${page}: ${runtimeError.code}: ${runtimeError.message}`);
    }
  }
} finally {
  await chrome.kill();
  server.close();
}

const header = ['page', 'performance', 'accessibility', 'best practices', 'SEO'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells) => cells.map((cell, column) => (column ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
console.log(line(header));
for (const row of rows) console.log(line(row));
if (failed) {
  console.error('audit: some score is below 100 (reasons above)');
  process.exit(1);
}
