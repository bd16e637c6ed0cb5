// The self-check page of `preflight serve` in headless Chromium (Debian's), as
// an author uses it: pick a track, choose a PDF, see the verdict and a finding
// with its fix. Asserts that no request leaves the server's origin and saves a
// screenshot. Usage: node page_test.mjs PREFLIGHT_BIN PDF SCREENSHOT.png
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [bin, pdf, shot] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { console.log((ok ? 'ok   ' : 'FAIL ') + what); if (!ok) failures.push(what); };

const server = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--jobs', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the server did not start in 30 s')), 30000);
  server.stdout.on('data', (d) => {
    const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(String(d));
    if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
  });
  server.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
});

const profile = mkdtempSync(join(tmpdir(), 'preflight-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1000, height: 1400 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run', '--disable-quic', '--no-proxy-server'],
  });
  const page = context.pages()[0] || await context.newPage();
  const elsewhere = [];
  const cspErrors = [];
  page.on('request', (r) => { if (!r.url().startsWith(base + '/') && !r.url().startsWith('data:')) elsewhere.push(r.url()); });
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) cspErrors.push(m.text()); });
  await page.goto(base + '/', { timeout: 30000 });
  await page.waitForSelector('#track option[value="long"]', { state: 'attached', timeout: 30000 });
  check((await page.textContent('body')).includes('checked in memory and not kept'), 'the page says the PDF is not kept');
  await page.selectOption('#track', 'long');
  await page.setInputFiles('#pdf', pdf);
  await page.click('#go');
  await page.waitForSelector('#verdict', { timeout: 120000 });
  const verdict = await page.textContent('#verdict');
  check(/^Fail/.test(verdict), `the verdict is shown: "${verdict}"`);
  const finding = await page.locator('.finding.error').first().textContent();
  check(/anonymity\.email/.test(finding) && /Fix:/.test(finding), 'an error finding is shown with its rule and fix');
  check(await page.locator('.finding.error img').count() > 0, 'errors show their region image');
  check(await page.locator('#thumb').count() === 1, 'the page-1 thumbnail is shown');
  check(elsewhere.length === 0, `no request leaves the origin (${elsewhere.join(', ') || 'none'})`);
  check(cspErrors.length === 0, `the Content-Security-Policy blocks nothing of the page's own (${cspErrors.join('; ') || 'none'})`);
  await page.screenshot({ path: shot, fullPage: false });
  console.log(`screenshot: ${shot}`);
} finally {
  if (context) await context.close();
  server.kill('SIGTERM');
  rmSync(profile, { recursive: true, force: true });
}
if (failures.length) { console.log(`${failures.length} check(s) failed`); process.exit(1); }
console.log('all browser checks passed');
