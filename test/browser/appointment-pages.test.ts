import bcrypt from 'bcryptjs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { createAppointmentOffice } from '../support/appointments.js';
import { addDays, today } from '../support/dates.js';
import { createSlot } from '../support/slots.js';
import { eventually, SCREENSHOT_DIR, uniqueName, usePagesBrowser } from './pages-harness.js';

/*
 * Appointments in the pages, drawn from the case type's `booking`: a citizen books (office,
 * modality, a slot of the week view held while the form is filled), a handler confirms in the
 * office's agenda, the citizen sees the video link, the QR code and the calendar file, moves to
 * another slot and cancels; the agenda checks a citizen in by code; an administrator closes the
 * office for a day; the Arabic page fits a phone. Each test has an entity, office and agent of its
 * own, so the shared database's other appointments never show in its agenda.
 */
const { web, newPage } = usePagesBrowser({ acceptDownloads: true });

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * An office taking appointments in person or by video, with a handler of its entity who signs in
 * with the seed's password. The office is listed for the service by an opening far beyond the
 * publication's horizon (it publishes nothing), so the tests' slots are the only ones.
 */
async function appointmentOffice() {
  const f = await createAppointmentOffice(web.platform.prisma);
  await web.platform.prisma.service.update({ where: { id: f.service.id }, data: { settings: { modalities: ['in_person', 'video'] } } });
  await web.platform.prisma.slotException.create({
    data: {
      officeId: f.office.id,
      serviceId: f.service.id,
      kind: 'opening',
      date: new Date(`${addDays(today(), 300)}T00:00:00Z`),
      startTime: '09:00',
      endTime: '10:00',
      lengthMinutes: 30,
      seats: 1,
      updatedBy: 'test',
    },
  });
  const agent = await web.platform.prisma.staffUser.create({
    data: { username: `agent-${f.entity.code.toLowerCase()}`, displayName: 'Agent', role: 'handler', entityId: f.entity.id, passwordHash: await bcrypt.hash(TEST_SEED_PASSWORD, 4) },
  });
  return { ...f, agent };
}

/** A slot `inMs` from now, with its local date and times as the page shows them. */
async function slot(f: Awaited<ReturnType<typeof appointmentOffice>>, inMs: number, seats = 2) {
  const id = await createSlot(web.platform.prisma, { serviceId: f.service.id, officeId: f.office.id, inMs, seats });
  const row = await web.platform.prisma.slot.findUniqueOrThrow({ where: { id } });
  return { id, date: row.localDate.toISOString().slice(0, 10), start: row.localStart, end: row.localEnd };
}

async function bookOverApi(serviceId: string, slotId: string, fullName = uniqueName()) {
  const res = await web.platform.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    payload: { serviceId, applicant: { fullName, nationalId: 'AB123456', phone: '+212 612345678' }, details: { slotId, modality: 'in_person' } },
  });
  if (res.statusCode !== 201) throw new Error(`booking failed: ${res.body}`);
  return { ...res.json<{ caseId: string; trackingCode: string; accessToken: string }>(), fullName };
}

async function staffPage(username: string, viewport?: { width: number; height: number }) {
  const page = await newPage(viewport);
  await page.goto(`${web.baseUrl}/staff/`);
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(TEST_SEED_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  return page;
}

/** The agent's agenda on `date` (their entity's one office is chosen already). */
async function agendaOn(page: Page, date: string) {
  await page.locator('#agenda-card').waitFor();
  await page.locator('#agenda-filters').getByLabel('Jour').fill(date);
  await page.locator('#agenda-filters').getByRole('button', { name: 'Actualiser' }).click();
}

const agendaRow = (page: Page, name: string) => page.locator('#agenda-groups tr').filter({ hasText: name });

describe('appointments in the pages', () => {
  it('books a slot from the week view, shows the confirmation with its link, QR code and calendar file, moves it and cancels it', async () => {
    const f = await appointmentOffice();
    const first = await slot(f, 2 * DAY_MS);
    const second = await slot(f, 3 * DAY_MS + HOUR_MS);

    const citizen = await newPage();
    await citizen.goto(web.baseUrl);
    await citizen.getByLabel('Administration', { exact: true }).selectOption({ label: f.entity.name });
    await citizen.getByLabel('Démarche', { exact: true }).selectOption({ label: f.service.name });
    const booking = citizen.locator('#booking');
    await booking.waitFor();
    await eventually(() => citizen.getByLabel('Bureau', { exact: true }).locator('option').allTextContents()).toEqual([f.office.name]);
    expect(await citizen.locator('#booking-office-address').textContent()).toBe(f.office.address);
    // The modalities are the service's, named by the definition.
    expect(await citizen.getByLabel('Modalité', { exact: true }).locator('option').allTextContents()).toEqual(['Au guichet', 'Par visioconférence']);
    await citizen.getByLabel('Modalité', { exact: true }).selectOption({ label: 'Par visioconférence' });

    // Sending without a slot says what is missing.
    const fullName = uniqueName();
    await citizen.getByLabel('Nom complet').fill(fullName);
    await citizen.getByLabel('Numéro de CIN').fill('AB123456');
    await citizen.getByLabel('Téléphone').fill('+212 612345678');
    await citizen.getByRole('button', { name: 'Envoyer la demande' }).click();
    await eventually(() => citizen.locator('#booking-slot-error').textContent()).toBe('Choisissez un créneau.');

    const firstButton = citizen.locator('#booking-week button.slot', { hasText: `${first.start}–${first.end}` });
    await firstButton.click();
    await eventually(() => citizen.locator('#booking-hold').textContent()).toContain('Créneau retenu pour vous');
    expect(await firstButton.getAttribute('aria-pressed')).toBe('true');
    expect(await citizen.locator('#booking-countdown').textContent()).toMatch(/^Temps restant pour envoyer : [0-5]:\d\d$/);
    expect(await web.platform.prisma.slotSeat.count({ where: { slotId: first.id } })).toBe(1);

    await citizen.getByRole('button', { name: 'Envoyer la demande' }).click();
    await citizen.locator('#receipt').waitFor({ timeout: 15_000 });
    expect(await citizen.locator('#receipt-appointment').textContent()).toContain(`${first.start}–${first.end}`);
    // The held seat became the booking: one seat taken, not two.
    expect(await web.platform.prisma.slotSeat.count({ where: { slotId: first.id } })).toBe(1);
    const stored = await web.platform.prisma.case.findFirstOrThrow({ where: { applicant: { path: ['fullName'], equals: fullName } } });
    expect(stored.facts).toMatchObject({ slotId: first.id, modality: 'video' });

    await citizen.getByRole('button', { name: 'Suivre cette demande' }).click();
    const appointment = citizen.locator('#appointment');
    await appointment.waitFor();
    expect(await citizen.locator('#appointment-time').textContent()).toBe(`${first.start}–${first.end}`);
    expect(await citizen.locator('#appointment-place').textContent()).toBe('Par visioconférence : le lien vous sera donné à la confirmation.');
    await eventually(() => citizen.locator('#appointment-qr-image').getAttribute('src')).toMatch(/^data:image\/svg\+xml,/);
    await eventually(() => citizen.locator('#appointment-qr-image').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await citizen.locator('#appointment-qr-caption').textContent()).toContain(stored.trackingCode);
    const download = citizen.waitForEvent('download');
    await citizen.getByRole('button', { name: 'Ajouter à mon agenda (.ics)' }).click();
    expect((await download).suggestedFilename()).toBe(`rendez-vous-${stored.trackingCode}.ics`);
    await eventually(() => citizen.locator('#live-state').getAttribute('data-state')).toBe('live');

    // The handler confirms from the office's agenda.
    const staff = await staffPage(f.agent.username);
    await agendaOn(staff, first.date);
    const row = agendaRow(staff, fullName);
    await eventually(() => row.textContent()).toContain('À confirmer');
    expect(await row.textContent()).toContain(`${first.start}–${first.end}`);
    expect(await row.textContent()).toContain('Par visioconférence');
    await row.getByRole('button', { name: `Confirmer — ${first.start} ${fullName}` }).click();
    await eventually(() => row.textContent()).toContain('Confirmé');
    expect(await row.getByRole('link', { name: 'Lien de la visioconférence' }).getAttribute('href')).toMatch(/\/khidma-[A-Za-z0-9_-]+$/);

    // The citizen's page follows live: confirmed, with the room's link.
    await eventually(() => citizen.locator('#case-status').textContent()).toBe('Rendez-vous confirmé');
    await eventually(() => citizen.locator('#appointment-place a').getAttribute('href')).toMatch(/\/khidma-[A-Za-z0-9_-]+$/);

    // Another slot of the same service and office, from the week view.
    await citizen.getByRole('button', { name: 'Choisir un autre créneau' }).click();
    const secondButton = citizen.locator('#appointment-week button.slot', { hasText: `${second.start}–${second.end}` });
    await secondButton.click();
    expect(await citizen.locator('#appointment-choice-text').textContent()).toContain(`${second.start}–${second.end}`);
    await citizen.locator('#appointment-choice').getByRole('button', { name: 'Changer de créneau' }).click();
    await eventually(() => citizen.locator('#appointment-time').textContent()).toBe(`${second.start}–${second.end}`);
    expect(await citizen.locator('#appointment-picker').isHidden()).toBe(true);
    expect((await web.platform.prisma.case.findUniqueOrThrow({ where: { id: stored.id } })).facts).toMatchObject({ slotId: second.id });

    // Cancelling needs a reason, typed in the page's text box.
    await citizen.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
    expect(await citizen.locator('#case-alert').textContent()).toBe('Écrivez votre message ou motif avant de confirmer.');
    await citizen.getByLabel('Votre message ou motif').fill('Empêchement professionnel');
    await citizen.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
    await eventually(() => citizen.locator('#case-status').textContent()).toBe('Rendez-vous annulé');
    await eventually(() => citizen.locator('#appointment-qr').isHidden()).toBe(true);
    expect(await citizen.getByRole('button', { name: 'Choisir un autre créneau' }).count()).toBe(0);
    expect(await web.platform.prisma.slotSeat.count({ where: { slotId: { in: [first.id, second.id] } } })).toBe(0);
    await citizen.screenshot({ path: `${SCREENSHOT_DIR}/khidma-appointment-cancelled.png`, fullPage: true });
  });

  it('joins the waiting list of a full slot from the appointment’s page and takes the seat it is offered', async () => {
    const f = await appointmentOffice();
    const mine = await slot(f, 2 * DAY_MS);
    const wanted = await slot(f, 3 * DAY_MS, 1);
    const booked = await bookOverApi(f.service.id, mine.id);
    const other = await bookOverApi(f.service.id, wanted.id);

    const citizen = await newPage();
    await citizen.goto(`${web.baseUrl}/#suivi`);
    await citizen.getByLabel('Code de suivi').fill(booked.trackingCode);
    await citizen.getByLabel('Code d’accès').fill(booked.accessToken);
    await citizen.getByRole('button', { name: 'Afficher ma demande' }).click();
    await eventually(() => citizen.locator('#live-state').getAttribute('data-state')).toBe('live');
    // A slot is picked in the week view, never typed: no step asks for a slot's id.
    expect(await citizen.locator('#citizen-step-buttons input').count()).toBe(0);

    await citizen.getByRole('button', { name: 'Choisir un autre créneau' }).click();
    await citizen.locator('#appointment-week button.slot.full', { hasText: `${wanted.start}–${wanted.end}` }).click();
    expect(await citizen.locator('#appointment-choice-text').textContent()).toContain('est complet');
    await citizen.locator('#appointment-choice').getByRole('button', { name: 'M’inscrire en liste d’attente' }).click();
    await eventually(() => citizen.locator('#case-notice').textContent()).toBe('C’est enregistré : Rendez-vous demandé, en attente de confirmation.');
    expect(await citizen.locator('#appointment-time').textContent()).toBe(`${mine.start}–${mine.end}`);

    // The other citizen cancels: the freed seat is offered to the first in line, live.
    const cancelled = await web.platform.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${other.trackingCode}/citizen-actions/cancel`,
      headers: { authorization: `Bearer ${other.accessToken}` },
      payload: { reason: 'Empêchement' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const offer = citizen.locator('#appointment-offer');
    await eventually(() => offer.isVisible()).toBe(true);
    expect(await citizen.locator('#appointment-offer-text').textContent()).toContain(`à ${wanted.start}`);
    await offer.getByRole('button', { name: 'Prendre la place offerte' }).click();
    await eventually(() => citizen.locator('#appointment-time').textContent()).toBe(`${wanted.start}–${wanted.end}`);
    await eventually(() => offer.isHidden()).toBe(true);
  });

  it('shows a full slot with the next free ones, and a seat taken under the citizen’s eyes is refused with them', async () => {
    const f = await appointmentOffice();
    const full = await slot(f, 2 * DAY_MS, 1);
    const contested = await slot(f, 2 * DAY_MS + HOUR_MS, 1);
    const free = await slot(f, 2 * DAY_MS + 2 * HOUR_MS, 1);
    await bookOverApi(f.service.id, full.id);

    const citizen = await newPage();
    await citizen.goto(web.baseUrl);
    await citizen.getByLabel('Administration', { exact: true }).selectOption({ label: f.entity.name });
    await citizen.getByLabel('Démarche', { exact: true }).selectOption({ label: f.service.name });
    await eventually(() => citizen.locator('#booking-week .slot').count()).toBe(3);
    // A full slot is shown, not offered: the waiting list is for citizens who have an appointment.
    expect(await citizen.locator('#booking-week span.slot.full').textContent()).toBe(`${full.start}–${full.end} · complet`);

    await bookOverApi(f.service.id, contested.id);
    await citizen.locator('#booking-week button.slot', { hasText: `${contested.start}–${contested.end}` }).click();
    await eventually(() => citizen.locator('#booking-slot-error').textContent()).toBe('ce créneau est complet : choisissez-en un autre');
    const next = citizen.locator('#booking-next-slots button');
    await eventually(() => next.allTextContents()).toEqual([expect.stringContaining(`${free.start}–${free.end}`)]);
    await next.click();
    await eventually(() => citizen.locator('#booking-hold').textContent()).toContain(`${free.start}–${free.end}`);
    expect(await citizen.locator('#booking-next').isHidden()).toBe(true);
  });

  it('lists an office’s day for the agent, checks a citizen in by the code a scanner types, and lists the no-shows', async () => {
    const f = await appointmentOffice();
    await web.platform.prisma.service.update({ where: { id: f.service.id }, data: { settings: { confirmAtOnce: true, noShowGrace: 'PT1S' } } });
    const later = await slot(f, 2 * HOUR_MS);
    const arriving = await bookOverApi(f.service.id, later.id);
    // Confirmed at once and started a moment later: nobody checks in, so the system marks a no-show.
    const soon = await slot(f, 3000);
    const missed = await bookOverApi(f.service.id, soon.id);

    const staff = await staffPage(f.agent.username);
    await agendaOn(staff, later.date);
    await eventually(() => agendaRow(staff, arriving.fullName).textContent()).toContain('Confirmé');

    // A scanner types the code into the focused field and presses Enter.
    await staff.getByLabel('Arrivée d’un citoyen : code de suivi').focus();
    await staff.keyboard.type(arriving.trackingCode.toLowerCase());
    await staff.keyboard.press('Enter');
    await eventually(() => staff.locator('#checkin-notice').textContent()).toBe(`Arrivée enregistrée : ${arriving.trackingCode} — Présent.`);
    expect(await staff.evaluate('document.activeElement.id')).toBe('checkin-code');
    await eventually(() => agendaRow(staff, arriving.fullName).textContent()).toContain('Présent');

    // Something else scanned, or a code of no appointment here, is said plainly (the field's text is selected for the next scan).
    await staff.keyboard.type('KH-0000-0000');
    await staff.keyboard.press('Enter');
    await eventually(() => staff.locator('#checkin-alert').textContent()).toBe('« KH-0000-0000 » n’est pas un code de suivi (KH-…).');
    await staff.keyboard.type('KH-0000-0000-00');
    await staff.keyboard.press('Enter');
    await eventually(() => staff.locator('#checkin-alert').textContent()).toBe('Aucun rendez-vous de votre entité n’a le code KH-0000-0000-00.');

    // The visit ends from the row.
    await agendaRow(staff, arriving.fullName).getByRole('button', { name: `Clore le rendez-vous — ${later.start} ${arriving.fullName}` }).click();
    await eventually(() => agendaRow(staff, arriving.fullName).textContent()).toContain('Tenu');
    await staff.locator('#agenda-card').screenshot({ path: `${SCREENSHOT_DIR}/khidma-staff-agenda.png` });

    await eventually(() => web.platform.prisma.case.findUniqueOrThrow({ where: { id: missed.caseId } }).then((c) => c.status)).toBe('no_show');
    await agendaOn(staff, soon.date);
    await eventually(() => staff.locator('#noshow-list').textContent()).toContain(missed.fullName);
    expect(await agendaRow(staff, missed.fullName).count()).toBe(0);
  });

  it('lets an administrator close an office for a day and says how many appointments were cancelled', async () => {
    const f = await appointmentOffice();
    const day = await slot(f, 4 * DAY_MS);
    const booked = await bookOverApi(f.service.id, day.id);

    const admin = await staffPage('admin');
    await admin.locator('#admin-workspace').waitFor();
    const office = admin.locator('#slot-office');
    await eventually(() => office.locator('option').allTextContents()).toContain(`${f.office.name} (${f.entity.code})`);
    await office.selectOption({ label: `${f.office.name} (${f.entity.code})` });
    const form = admin.locator('#closure-form');
    await form.getByLabel('Date').fill(day.date);
    await form.getByLabel('Motif (lu par les citoyens)').fill('Travaux');
    await form.getByRole('button', { name: 'Fermer le bureau ce jour' }).click();
    expect(await admin.locator('#closure-confirm-text').textContent()).toBe(`Fermer « ${f.office.name} (${f.entity.code}) » le ${day.date} ? Tous les rendez-vous de ce jour seront annulés.`);
    await admin.getByRole('button', { name: 'Oui, fermer et annuler les rendez-vous' }).click();
    await eventually(() => admin.locator('#closure-notice').textContent()).toBe(`Bureau fermé le ${day.date} : 1 créneaux fermés, 1 rendez-vous annulés.`);
    await eventually(() => web.platform.prisma.case.findUniqueOrThrow({ where: { id: booked.caseId } }).then((c) => c.status)).toBe('cancelled');
  });

  it('reads right to left in Arabic at phone width, without scrolling sideways', async () => {
    const f = await appointmentOffice();
    const first = await slot(f, 2 * DAY_MS);
    const booked = await bookOverApi(f.service.id, first.id);
    await slot(f, 3 * DAY_MS);

    const citizen = await newPage({ width: 360, height: 740 });
    await citizen.goto(web.baseUrl);
    await citizen.getByRole('button', { name: 'العربية' }).click();
    expect(await citizen.locator('html').getAttribute('dir')).toBe('rtl');
    await citizen.locator('#entity').selectOption({ label: f.entity.name });
    await citizen.locator('#service').selectOption({ label: `موعد ${f.entity.code.slice(4)}` });
    await eventually(() => citizen.locator('#booking-week .slot').count()).toBe(2);
    expect(await citizen.locator('#booking-slot-legend').textContent()).toBe('الموعد');
    expect(await citizen.locator('#booking-week .week-nav button').allTextContents()).toEqual(['الأسبوع السابق', 'الأسبوع الموالي']);
    expect(await citizen.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await citizen.screenshot({ path: `${SCREENSHOT_DIR}/khidma-booking-arabic-phone.png`, fullPage: true });

    // The appointment's page too, with its week view open.
    await citizen.goto(`${web.baseUrl}/#suivi`);
    await citizen.locator('#trackingCode').fill(booked.trackingCode);
    await citizen.locator('#accessToken').fill(booked.accessToken);
    await citizen.locator('#track-form button[type=submit]').click();
    await citizen.locator('#appointment').waitFor();
    expect(await citizen.locator('#appointment-heading').textContent()).toBe('موعدكم');
    await citizen.getByRole('button', { name: 'اختيار موعد آخر' }).click();
    await eventually(() => citizen.locator('#appointment-week .slot').count()).toBe(1);
    expect(await citizen.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await citizen.screenshot({ path: `${SCREENSHOT_DIR}/khidma-appointment-arabic-phone.png`, fullPage: true });
  });
});
