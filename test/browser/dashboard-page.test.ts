import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { addDays, today } from '../support/dates.js';
import { createTestEntity, createTestService } from '../support/platform.js';
import { until } from '../support/until.js';
import { eventually, SCREENSHOT_DIR, submitOverApi, usePagesBrowser } from './pages-harness.js';

const { web, newPage } = usePagesBrowser({ acceptDownloads: true });

async function signIn(page: Page, username: string) {
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(TEST_SEED_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * A service of the seeded ministry whose cases breach two seconds after submission. The test
 * database is shared with the other files, whose cases move the entity's figures too: the
 * dashboard is filtered to this service, so its counters count this test's cases only.
 */
async function breachingService(entityId?: string) {
  const service = await createTestService(web.platform.prisma, { budget: { unit: 'duration', iso: 'PT2S' }, warnAt: [] }, entityId);
  return web.platform.prisma.service.update({ where: { id: service.id }, data: { nameAr: 'خدمة اختبار', nameEn: 'Test service' } });
}

const counter = (page: Page, name: 'backlog' | 'at-risk' | 'breached') => page.locator(`#live-${name}`).getAttribute('data-value');

async function openDashboard(page: Page, query: string) {
  await page.goto(`${web.baseUrl}/staff/dashboard/${query}`);
  await signIn(page, 'manager');
  await page.locator('#dashboard').waitFor();
  await eventually(() => page.locator('#live-state').getAttribute('data-state')).toBe('live');
}

describe('the managers’ dashboard', () => {
  it('is reached from the staff page; its breached counter moves live when a case breaches, and its filters live in the address across a reload', async () => {
    const service = await breachingService();
    const page = await newPage();
    await page.goto(`${web.baseUrl}/staff/`);
    await signIn(page, 'manager');
    await page.getByRole('link', { name: 'Tableau de bord' }).click();
    await page.waitForURL(`${web.baseUrl}/staff/dashboard/`);
    await page.locator('#dashboard').waitFor();
    expect(await page.locator('#signed-in').textContent()).toBe('manager (responsable)');

    await page.getByLabel('Regrouper par').selectOption('week');
    await page.getByLabel('Service', { exact: true }).selectOption(service.id);
    await page.waitForURL((url) => url.searchParams.get('serviceId') === service.id && url.searchParams.get('groupBy') === 'week');
    // The period nobody chose is the API's default (the last months), shown but not pinned in the address.
    expect(new URL(page.url()).searchParams.has('from')).toBe(false);
    await eventually(() => page.getByLabel('Au', { exact: true }).inputValue()).toBe(today());
    await eventually(() => page.locator('#live-state').getAttribute('data-state')).toBe('live');
    await eventually(() => counter(page, 'breached')).toBe('0');
    expect(await counter(page, 'backlog')).toBe('0');
    const firstReading = await page.locator('#live-updated').getAttribute('data-at');
    // Set in this document: a reload would lose it.
    await page.evaluate('window.notReloaded = true');

    const receipt = await submitOverApi(web.platform, service.id);
    await expect.poll(() => counter(page, 'backlog'), { timeout: 15_000, interval: 100 }).toBe('1');
    await expect.poll(() => counter(page, 'breached'), { timeout: 20_000, interval: 100 }).toBe('1');
    expect(await page.locator('#live-breached').textContent()).toBe('1');
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    const lastReading = await page.locator('#live-updated').getAttribute('data-at');
    expect(Date.parse(lastReading!)).toBeGreaterThan(Date.parse(firstReading!));
    expect(await page.locator('#live-updated').textContent()).toMatch(/^Mis à jour à \d{2}:\d{2}:\d{2}$/);
    const stored = await web.platform.prisma.caseEvent.count({ where: { caseId: receipt.caseId, type: 'sla_breached' } });
    expect(stored).toBe(1);

    await page.reload();
    await page.locator('#dashboard').waitFor();
    expect(new URL(page.url()).searchParams.get('serviceId')).toBe(service.id);
    await eventually(() => page.getByLabel('Service', { exact: true }).inputValue()).toBe(service.id);
    expect(await page.getByLabel('Regrouper par').inputValue()).toBe('week');
    await eventually(() => counter(page, 'breached')).toBe('1');
    // The figures of the filtered view: one case submitted this week, in the chart and in its table.
    const volume = page.locator('table[data-table=volume]');
    await eventually(() => volume.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await volume.locator('tbody th').first().textContent()).toMatch(/^semaine \d+ de \d{4}$/);
    const submitted = await page.evaluate(
      "Chart.getChart(document.querySelector('[data-figure=volume] canvas')).data.datasets[0].data.reduce((a, b) => a + b, 0)",
    );
    expect(submitted).toBe(1);
    expect(await page.locator('[data-figure=volume] canvas').getAttribute('aria-label')).toContain('Dossiers déposés : 1 ;');
    // One breach of this service's decision clock, named as its definition names it.
    await eventually(() => page.locator('table[data-table=breaches] tbody').textContent()).toContain('Délai de réponse');
    // No appointment booked here: the no-show rate of nothing is suppressed, never 0 % or NaN.
    const appointments = await page.locator('table[data-table=appointments] tbody').textContent();
    expect(appointments).toContain('trop peu de dossiers');
    expect(await page.locator('#figures').textContent()).not.toMatch(/NaN|undefined|null/);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/khidma-dashboard.png`, fullPage: true });
  });

  it('exports a table as CSV with its header row and the filters in the file name', async () => {
    const service = await breachingService();
    await submitOverApi(web.platform, service.id);
    const to = today();
    const from = addDays(to, -6);
    const page = await newPage();
    await openDashboard(page, `?from=${from}&to=${to}&groupBy=day&serviceId=${service.id}`);
    await eventually(() => page.locator('table[data-table=volume] tbody tr').count()).toBe(7);
    expect(await page.getByLabel('Du', { exact: true }).inputValue()).toBe(from);
    expect(await page.getByLabel('Au', { exact: true }).inputValue()).toBe(to);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger le tableau « Dossiers déposés et terminés » en CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`khidma-volume-MJ-${from}-${to}-day-${service.id}.csv`);
    const lines = (await readFile((await download.path())!, 'utf8')).trim().split(/\r?\n/);
    expect(lines[0]).toBe('period,submitted,finished');
    expect(lines).toHaveLength(8);
    expect(lines.at(-1)).toMatch(new RegExp(`^${to},1,0$`));
  });

  it('reads in Arabic right to left, charts included, with no English left, and fits a 360 px screen', async () => {
    const service = await breachingService();
    await submitOverApi(web.platform, service.id);
    const page = await newPage({ width: 360, height: 800 });
    await openDashboard(page, `?serviceId=${service.id}`);
    await page.getByRole('button', { name: 'العربية' }).click();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await eventually(() => page.locator('table[data-table=volume] tbody tr').count()).toBeGreaterThan(0);
    await eventually(() => page.locator('#dashboard-heading').textContent()).toBe('لوحة قيادة الآجال');
    expect(await page.locator('table[data-table=appointments] tbody').textContent()).toContain('عدد الملفات غير كاف');

    const legends = await page.evaluate<Array<boolean | undefined>>(
      "[...document.querySelectorAll('.figure canvas')].map((canvas) => Chart.getChart(canvas)?.options.plugins.legend.rtl)",
    );
    expect(legends.length).toBe(11);
    expect(legends.every((rtl) => rtl === true)).toBe(true);

    // Every word the page shows or names for screen readers, except what agents typed (names of
    // accounts, offices and entities offered in the lists) and the address-like values.
    const latin = await page.evaluate<string[]>(`(() => {
      const words = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest('option, script, noscript, [hidden], .brand, [lang=fr], [lang=en], bdi')) continue;
        words.push(...(node.textContent.match(/[A-Za-z]{2,}/g) ?? []));
      }
      for (const labelled of document.querySelectorAll('[aria-label]')) {
        if (!labelled.closest('[hidden]')) words.push(...(labelled.getAttribute('aria-label').match(/[A-Za-z]{2,}/g) ?? []));
      }
      return words;
    })()`);
    // "CSV" names the file format in every language.
    expect(latin.filter((w) => w !== 'CSV')).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/khidma-dashboard-arabic-phone.png`, fullPage: true });
  });

  it('says in the page’s language which filter of a shared address it refuses, and shows no figures for it', async () => {
    const other = await createTestEntity(web.platform.prisma, 'OTHER');
    const otherService = await breachingService(other.id);
    const page = await newPage();
    await openDashboard(page, '?groupBy=year');
    const alert = page.locator('#stats-alert');
    await eventually(() => alert.textContent()).toBe('Filtre refusé : Regrouper par');
    await eventually(() => page.locator('#figures').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'العربية' }).click();
    await eventually(() => alert.textContent()).toBe('عامل تصفية مرفوض: التجميع حسب');

    await page.goto(`${web.baseUrl}/staff/dashboard/?serviceId=${otherService.id}`);
    await eventually(() => alert.textContent()).toBe('مرفوض: لا يمكنكم الاطلاع إلا على أرقام جهتكم');
    await eventually(() => page.locator('#figures').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await eventually(() => page.locator('table[data-table=volume] tbody tr').count()).toBeGreaterThan(0);
    expect(await alert.isVisible()).toBe(false);
    expect(new URL(page.url()).search).toBe('');
  });

  it('is not offered to a handler, and tells one who opens it that it is for managers', async () => {
    const page = await newPage();
    const statsCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/stats')) statsCalls.push(request.url());
    });
    await page.goto(`${web.baseUrl}/staff/`);
    await signIn(page, 'handler');
    await page.locator('#workspace').waitFor();
    expect(await page.getByRole('link', { name: 'Tableau de bord' }).count()).toBe(0);

    await page.goto(`${web.baseUrl}/staff/dashboard/`);
    const notice = page.locator('#not-for-you');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Ce tableau de bord est réservé aux responsables, aux chefs de service et aux administrateurs.');
    expect(await page.locator('#dashboard').isVisible()).toBe(false);
    expect(await page.locator('[role=alert]:visible').count()).toBe(0);
    expect(statsCalls).toEqual([]);
  });

  it('counts only its own entity: another entity’s breach reaches neither the live channel nor the counters', async () => {
    const other = await createTestEntity(web.platform.prisma, 'OTHER');
    const otherService = await breachingService(other.id);
    const ownService = await breachingService();
    const page = await newPage();
    const frames: string[] = [];
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => frames.push(String(payload))));
    await openDashboard(page, `?serviceId=${ownService.id}`);
    await eventually(() => counter(page, 'breached')).toBe('0');

    const foreign = await submitOverApi(web.platform, otherService.id);
    await until(
      () => web.platform.prisma.caseEvent.count({ where: { caseId: foreign.caseId, type: 'sla_breached' } }),
      (n) => n === 1,
    );
    // The feed polls every second at the latest: give a leaked event the time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(frames.filter((f) => f.includes(foreign.caseId))).toEqual([]);
    expect(await counter(page, 'breached')).toBe('0');

    // The same channel does carry the manager's own entity, so the silence above is no dead channel.
    const own = await submitOverApi(web.platform, ownService.id);
    await expect.poll(() => counter(page, 'breached'), { timeout: 20_000, interval: 100 }).toBe('1');
    expect(frames.some((f) => f.includes(own.caseId))).toBe(true);
    expect(frames.filter((f) => f.includes(foreign.caseId))).toEqual([]);
  });
});
