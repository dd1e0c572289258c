// Lighthouse on every page of the built site, mobile profile, as a reader on a phone gets it,
// with the CPU slowdown calibrated to this machine and a stock Material page as the floor.
//
// Usage: node audit/audit.mjs [--reference STOCK_DIR] [SITE_DIR [PAGE...]]
// (default: site/, every page; `make audit` builds both sites first, the stock one with
// audit/stock_site.py). A PAGE is a path as the table shows it, e.g. /glossary/.
//
// The site is served from 127.0.0.1 with gzip, as GitHub Pages serves it; the pages are the
// ones the sitemap lists. Chromium is the system one (CHROME_PATH, default /usr/bin/chromium):
// nothing is downloaded, and a run that requests anything from another host fails the audit.
// Prints the benchmark index, the CPU multiplier chosen from it, and one table; exits 1 if any
// score on any of our pages is below 100, saying what lost the points and how far the page is
// from the stock page measured in the same run. A page below 100 in performance is then audited
// as Material alone would serve it: the same page without the site's own styles and script
// (its floor: what Material's bundle and stylesheets cost with this content). Each page's median
// report is left in audit/reports/ (open it in a Lighthouse viewer).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';

const args = process.argv.slice(2);
const referenceFlag = args.indexOf('--reference');
const REFERENCE = referenceFlag >= 0 ? path.resolve(args.splice(referenceFlag, 2)[1]) : null;
const SITE = path.resolve(args[0] || 'site');
const ONLY = args.slice(1).map((page) => page.replace(/^\//, ''));
const REPORTS = path.join(path.dirname(new URL(import.meta.url).pathname), 'reports');
const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
// The performance metrics, as the report compares a page with the stock one.
const METRICS = {
  'first-contentful-paint': 'FCP',
  'largest-contentful-paint': 'LCP',
  'total-blocking-time': 'TBT',
  'cumulative-layout-shift': 'CLS',
  'speed-index': 'SI',
};
// Lighthouse's simulated mobile timings move from run to run on a busy machine: each page is
// audited RUNS times and Lighthouse's own median run is kept (computeMedianRun: the run nearest
// the median FCP and TTI, as its docs/variability.md advises over a median of scores).
const RUNS = Number(process.env.AUDIT_RUNS || 5);
const CALIBRATION_RUNS = 5;

// Lighthouse's CPU slowdown is relative to the host, so it is chosen from the host's
// benchmarkIndex. Lighthouse docs/throttling.md, "Benchmarking CPU Power" gives each device
// class's benchmarkIndex (as of Chrome m86): high-end desktop 1500-2000, low-end desktop
// 1000-1500, high-end mobile 800-1200, mid-tier mobile 125-800, low-end mobile <125; and
// "Calibrating the CPU slowdown" the cpuSlowdownMultiplier that takes each class to a mid-tier
// mobile: 4x from a high-end desktop (the default), 2x from a low-end desktop or a high-end
// mobile, 1x from a mid-tier mobile. A low-end mobile is already slower than the target: 1x.
// The suggested value of each range is used; the guide's nudge within a range (higher index,
// higher multiplier) is left out because the index of this shared machine moves by more than
// that between runs. Where two ranges overlap (1000-1200) both give 2x.
const BRACKETS = [
  { name: 'high-end desktop', from: 1500, multiplier: 4 },
  { name: 'low-end desktop', from: 1000, multiplier: 2 },
  { name: 'high-end mobile', from: 800, multiplier: 2 },
  { name: 'mid-tier mobile', from: 125, multiplier: 1 },
  { name: 'low-end mobile', from: 0, multiplier: 1 },
];
const bracket = (benchmarkIndex) => BRACKETS.find((entry) => benchmarkIndex >= entry.from);

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

// What the site adds to Material in the browser, taken out of a page for its floor: the styles
// written into the head (overrides/partials/styles.html) and the site's own scripts.
const withoutOurs = (html) =>
  html
    .replace(/<style id="site-styles">[\s\S]*?<\/style>/, '')
    .replace(/<script\b[^>]*\bsrc="(?:\.\.\/)*javascripts\/[^"]*"[^>]*><\/script>/g, '');

// A static host like GitHub Pages: directory URLs get their index.html, text is gzipped,
// anything else is the site's 404 page with status 404. `transform` rewrites every HTML page.
function serve(root, transform = (html) => html) {
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
    if (ext === '.html') body = Buffer.from(transform(body.toString('utf8')));
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

const median = (numbers) => {
  const sorted = numbers.slice().sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const score = (lhr, id) => (lhr.categories[id].score === null ? null : Math.round(lhr.categories[id].score * 100));
const formatMetric = (id, value) => (id === 'cumulative-layout-shift' ? value.toFixed(3) : `${Math.round(value)} ms`);

// Every request a run made, other than to our server (data: and blob: URLs are the page's own).
function foreignRequests(lhr, origin) {
  const items = lhr.audits['network-requests']?.details?.items;
  if (!items) return [`(no network-requests audit in the report of ${lhr.finalDisplayedUrl}: nothing to check)`];
  return items.map((item) => item.url).filter((url) => !url.startsWith(origin) && !/^(data|blob):/.test(url));
}

const servers = [await serve(SITE), await serve(SITE, withoutOurs), ...(REFERENCE ? [await serve(REFERENCE)] : [])];
const [origin, floorOrigin, referenceOrigin] = servers.map((server) => `http://127.0.0.1:${server.address().port}/`);
const targets = pages(SITE)
  .filter((page) => !ONLY.length || ONLY.includes(page))
  .map((page) => ({
    label: `/${page}`, origin, url: origin + page, runs: [],
    floor: { label: `/${page}`, origin: floorOrigin, url: floorOrigin + page, runs: [] },
  }));
const reference = REFERENCE ? { label: 'stock Material (reference)', origin: referenceOrigin, url: referenceOrigin, runs: [] } : null;
const audited = reference ? [reference, ...targets] : targets;

const chrome = await chromeLauncher.launch({
  chromePath: CHROME_PATH,
  // Any host name other than our server's address fails to resolve: nothing leaves the machine
  // even if a page asked for it (and foreignRequests() fails the audit if one did).
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});

fs.rmSync(REPORTS, { recursive: true, force: true });
fs.mkdirSync(REPORTS);
const problems = [];
let calibration;
try {
  // Calibration: the median benchmark index of a few runs before any measured one (their
  // scores, at the default 4x, are thrown away). Work elsewhere on the machine lowers the index
  // and slows the page alike, which is what the calibration is for; a machine whose load
  // changes during the audit is shown by the runs' own indexes, printed with the table.
  const calibrationIndexes = [];
  for (let run = 0; run < CALIBRATION_RUNS; run++) {
    const result = await lighthouse(audited[0].url, { port: chrome.port, logLevel: 'error', onlyCategories: ['performance'] });
    calibrationIndexes.push(result.lhr.environment.benchmarkIndex);
  }
  const benchmarkIndex = median(calibrationIndexes);
  calibration = { benchmarkIndex, indexes: calibrationIndexes, ...bracket(benchmarkIndex) };
  console.log(
    `benchmarkIndex ${Math.round(benchmarkIndex)} (calibration runs: ${calibrationIndexes.map(Math.round).join(', ')}): ` +
      `${calibration.name} -> cpuSlowdownMultiplier ${calibration.multiplier}x (Lighthouse docs/throttling.md)`,
  );
  const flags = {
    port: chrome.port,
    logLevel: 'error',
    onlyCategories: CATEGORIES,
    throttling: { cpuSlowdownMultiplier: calibration.multiplier },
  };
  // Round after round over every page, the stock one first: a burst of load from elsewhere on
  // the machine costs one run of several pages, not every run of one page.
  for (let run = 0; run < RUNS; run++) {
    console.error(`round ${run + 1} of ${RUNS}: ${audited.length} pages`);
    for (const target of audited) {
      const { lhr } = await lighthouse(target.url, flags);
      target.runs.push(lhr);
    }
  }
  // The floor of each page below 100 in performance, in rounds as well.
  const below = targets.filter((target) => score(computeMedianRun(target.runs), 'performance') < 100);
  for (let run = 0; below.length && run < RUNS; run++) {
    console.error(`floor round ${run + 1} of ${RUNS}: ${below.length} pages without the site's styles and script`);
    for (const { floor } of below) {
      const { lhr } = await lighthouse(floor.url, flags);
      floor.runs.push(lhr);
    }
  }
} finally {
  await chrome.kill();
  for (const server of servers) server.close();
}

const floors = targets.map((target) => target.floor).filter((floor) => floor.runs.length);
for (const target of [...audited, ...floors]) {
  target.lhr = computeMedianRun(target.runs);
  target.scores = CATEGORIES.map((id) => score(target.lhr, id));
  const performance = target.runs.map((lhr) => score(lhr, 'performance'));
  target.performanceRange = [Math.min(...performance), Math.max(...performance)];
  const name = target === reference ? 'stock' : target.label.slice(1).replace(/\/$/, '').replaceAll('/', '-') || 'home';
  fs.writeFileSync(path.join(REPORTS, `${floors.includes(target) ? `${name}.without-ours` : name}.json`), JSON.stringify(target.lhr));
  for (const lhr of target.runs) {
    for (const url of foreignRequests(lhr, target.origin)) {
      problems.push(`${target.label}: requested ${url}: the audit must not reach another host`);
    }
    if (lhr.runtimeError) problems.push(`${target.label}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  }
}

// A page below 100: every audit that lost points in that category, and the distance from the
// stock page, whose losses are Material's own on this machine, and from the page without ours.
for (const target of targets) {
  if (target.scores.every((value) => value === 100)) continue;
  const { categories, audits } = target.lhr;
  CATEGORIES.forEach((id, column) => {
    if (target.scores[column] === 100) return;
    const value = target.scores[column] === null ? 'error' : target.scores[column];
    const { floor } = target;
    const compared = [
      ...(reference ? [`stock ${reference.scores[column]}`] : []),
      ...(floor.lhr ? [`without the site's styles and script ${floor.scores[column]}`] : []),
    ];
    problems.push(`${target.label}: ${id} ${value}${compared.map((text) => `, ${text}`).join('')}`);
    for (const ref of categories[id].auditRefs) {
      const audit = audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        let detail = audit.displayValue ? ` (${audit.displayValue})` : '';
        if (id === 'performance' && METRICS[audit.id]) {
          const values = [
            formatMetric(audit.id, audit.numericValue),
            ...(reference ? [`stock ${formatMetric(audit.id, reference.lhr.audits[audit.id].numericValue)}`] : []),
            ...(floor.lhr ? [`without ours ${formatMetric(audit.id, floor.lhr.audits[audit.id].numericValue)}`] : []),
          ];
          detail = ` (${values.join(', ')})`;
        }
        problems.push(`  ${audit.id}: ${audit.title}${detail}`);
      }
    }
  });
}

const allIndexes = audited.flatMap((target) => target.runs.map((lhr) => lhr.environment.benchmarkIndex));
const during = median(allIndexes);
const header = ['page', 'performance', 'runs', 'without ours', 'accessibility', 'best practices', 'SEO'];
const range = (target) => `${target.performanceRange[0]}-${target.performanceRange[1]}`;
const rows = audited.map((target) => [
  target.label,
  ...target.scores.slice(0, 1).map((value) => (value === null ? 'error' : String(value))),
  range(target),
  target.floor?.lhr ? `${target.floor.scores[0]} (${range(target.floor)})` : '',
  ...target.scores.slice(1).map((value) => (value === null ? 'error' : String(value))),
]);
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells) => cells.map((cell, column) => (column ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
console.log(
  `${RUNS} runs a page at ${calibration.multiplier}x; benchmarkIndex over those runs: median ${Math.round(during)}, ` +
    `${Math.round(Math.min(...allIndexes))}-${Math.round(Math.max(...allIndexes))}`,
);
// Each run measured the machine again just before loading its page: a run whose own index
// calls for another multiplier than the calibrated one was taken under a different load.
const offBracket = allIndexes.filter((index) => bracket(index).multiplier !== calibration.multiplier).length;
if (offBracket) {
  console.log(
    `note: ${offBracket} of ${allIndexes.length} runs measured a benchmarkIndex that calls for another multiplier ` +
      `(the machine's load changed; median during the audit: ${bracket(during).name}, ${bracket(during).multiplier}x)`,
  );
}
console.log(
  'performance: the median run (Lighthouse computeMedianRun); runs: lowest-highest of all runs; without ours: ' +
    "a page below 100 audited without the site's styles and script, Material alone with its content",
);
console.log(line(header));
for (const row of rows) console.log(line(row));
if (problems.length) {
  for (const problem of problems) console.error(problem);
  console.error('audit: some score is below 100, or a run failed (above)');
  process.exit(1);
}
