import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type pg from 'pg';
import type { Actor } from '../../domain/cases/actor.js';
import { caseDefinition } from '../../domain/cases/machines.js';
import { fromEpochDay, isIsoDate, toEpochDay, type EpochDay } from '../../domain/calendar/iso-date.js';
import { endOfLocalDayMs } from '../../domain/calendar/zoned-time.js';
import { clockPolicies } from '../../domain/sla/service-clocks.js';
import type { SlaBudget } from '../../domain/sla/policy.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import { Prisma, type HolidayOverride } from '../../prisma/generated/client.js';
import { calendarWithOverrides } from '../calendar-source.js';
import { lastWarningsFromEvents } from '../last-warnings.js';
import { moroccanToday } from '../slot-publication.js';
import { applicant, complaintDetails, consultationDetails, informationDetails } from './applicants.js';
import {
  appointmentBehaviour,
  complaintBehaviour,
  documentRequestBehaviour,
  informationComplaintBehaviour,
  informationRequestBehaviour,
  legalConsultationBehaviour,
  type LinkedOpener,
} from './behaviours.js';
import { simulateCase, type Behaviour, type CaseIdentitySetting, type SimulatedCase, type Staffing } from './case-simulation.js';
import { GENERATED_STAFF_PREFIX, GENERATED_WORKFLOW_PREFIX, generatedTrackingCode, generatedWorkflowId } from './generated-identity.js';
import { insertBatch } from './insert-batch.js';
import { Random } from './random.js';
import { writeTwins } from './twin-cases.js';
import { dailyCounts, submissionTime } from './seasons.js';
import { WorkingTime } from './working-time.js';

export interface GenerateVolumeOptions {
  cases: number;
  seed?: number;
  /** the last day of submissions, YYYY-MM-DD (Moroccan date); default today */
  endDate?: string;
  /** how many years of submissions end with endDate; default 3 */
  years?: number;
  /**
   * how many of the submissions are simulated one by one (default: all); the others are twins of
   * simulated ones, copied by PostgreSQL, for volumes the simulation would take long to reach
   */
  distinct?: number;
  log?: (msg: string) => void;
}

export interface GenerateVolumeResult {
  /** case rows written: the submissions asked for, and the cases they opened (complaints to the head of the institution, consultations' meetings) */
  cases: number;
  events: number;
  ms: number;
}

/** A run that cannot start: the arguments, or what the database already holds. */
export class VolumeGenerationRefused extends Error {}

/** Shares of the submissions by case type, among the types the catalogue has services for. */
const TYPE_SHARES: Record<string, number> = { document_request: 46, appointment: 22, complaint: 14, information_request: 8, legal_consultation: 5 };

/** Relative demand of the seeded services (others count 1): civil-status papers dominate. */
const SERVICE_DEMAND: Record<string, number> = {
  'EXTRAIT-ACTE-NAISSANCE': 5,
  'LEGALISATION-SIGNATURE': 4,
  'CASIER-JUDICIAIRE': 4,
  'CERTIFICAT-RESIDENCE': 3,
  'CERTIFICAT-NATIONALITE': 1.5,
  'AUTORISATION-INVESTISSEMENT': 0.3,
};

/** How much slower cases move by month of submission: summer leave, the September rush, year end. */
const SEASON_SLOWNESS = [1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.3, 1.35, 1.25, 1.1, 1.0, 1.1];

const BATCH_CASES = 2000;
const MAX_CASES = 20_000_000;
const SLOT_MINUTES = 30;
/** the seeded offices' slot hours: 09:00–12:00 and 14:00–16:00 */
const SLOT_STARTS = [...Array.from({ length: 6 }, (_, i) => 9 * 60 + i * SLOT_MINUTES), ...Array.from({ length: 4 }, (_, i) => 14 * 60 + i * SLOT_MINUTES)];
const MAX_LINKED_PER_CASE = 8;

interface ServiceRow {
  id: string;
  entity_id: string;
  code: string;
  case_type: string;
  clocks: Record<string, unknown>;
  settings: unknown;
}

interface OfficeRow {
  id: string;
  entity_id: string;
  name: string;
  address: string;
}

type StaffActor = Actor & { kind: 'staff' };

interface EntityContext {
  id: string;
  code: string;
  time: WorkingTime;
  offices: OfficeRow[];
  handlers: StaffActor[];
  /** how fast each handler works: 1 typical */
  handlerPace: number[];
  supervisor: StaffActor;
  advisors: StaffActor[];
}

interface ServiceContext {
  row: ServiceRow;
  entity: EntityContext;
  targets: Record<string, SlaBudget>;
  settings: Record<string, unknown>;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function hhmm(minute: number): string {
  return `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`;
}

function checkOptions(opts: GenerateVolumeOptions, today: string) {
  const { cases } = opts;
  if (!Number.isSafeInteger(cases) || cases < 0 || cases > MAX_CASES) throw new VolumeGenerationRefused(`cases must be a whole number from 0 to ${MAX_CASES}, got ${cases}`);
  const seed = opts.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 2 ** 31) throw new VolumeGenerationRefused(`seed must be a whole number from 0 to 2^31, got ${seed}`);
  const years = opts.years ?? 3;
  if (!Number.isInteger(years) || years < 1 || years > 20) throw new VolumeGenerationRefused(`years must be a whole number from 1 to 20, got ${years}`);
  const endDate = opts.endDate ?? today;
  if (!isIsoDate(endDate)) throw new VolumeGenerationRefused(`endDate must be a date YYYY-MM-DD, got ${JSON.stringify(endDate)}`);
  const distinct = opts.distinct ?? cases;
  if (opts.distinct !== undefined && (!Number.isSafeInteger(distinct) || distinct < 1 || distinct > cases)) throw new VolumeGenerationRefused(`distinct must be a whole number from 1 to cases (${cases}), got ${distinct}`);
  return { cases, seed, years, endDate, distinct };
}

/** The internal target a service sets for a clock (`internalTarget` beside its legal budget), when it is a usable budget. */
function internalTargets(clocks: Record<string, unknown>): Record<string, SlaBudget> {
  const targets: Record<string, SlaBudget> = {};
  for (const [name, policy] of Object.entries(clocks ?? {})) {
    const target = (policy as { internalTarget?: unknown } | null)?.internalTarget as SlaBudget | undefined;
    if (target && (target.unit === 'working_days' || target.unit === 'calendar_days') && Number.isInteger(target.amount) && target.amount > 0) targets[name] = target;
  }
  return targets;
}

/** A stable id for a generated account, the same in every database it is generated into. */
function staffId(username: string): string {
  let h = 0;
  for (const ch of username) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return new Random(0x5eed, h).uuid();
}

/**
 * The generated staff of each entity: handlers (more for more cases), a head of service, and
 * advisors where the entity gives legal consultations. Created once; later runs reuse them.
 */
async function ensureStaff(pool: pg.Pool, entities: { id: string; code: string }[], services: ServiceRow[], cases: number) {
  const perEntity = Math.min(25, Math.max(4, Math.ceil(cases / 60_000)));
  // A random secret nobody holds: the accounts exist to be assigned cases, not to sign in.
  const passwordHash = await bcrypt.hash(randomBytes(32).toString('base64'), 10);
  const rows: { id: string; username: string; display: string; role: string; entityId: string; domains: string[] }[] = [];
  for (const entity of entities) {
    const tag = entity.code.toLowerCase();
    for (let i = 1; i <= perEntity; i++) {
      const username = `${GENERATED_STAFF_PREFIX}${tag}-handler-${pad2(i)}`;
      rows.push({ id: staffId(username), username, display: `Agent ${pad2(i)} (${entity.code}, généré)`, role: 'handler', entityId: entity.id, domains: [] });
    }
    const supervisor = `${GENERATED_STAFF_PREFIX}${tag}-supervisor`;
    rows.push({ id: staffId(supervisor), username: supervisor, display: `Chef de service (${entity.code}, généré)`, role: 'supervisor', entityId: entity.id, domains: [] });
    if (services.some((s) => s.entity_id === entity.id && s.case_type === 'legal_consultation')) {
      for (let i = 1; i <= 3; i++) {
        const username = `${GENERATED_STAFF_PREFIX}${tag}-advisor-${pad2(i)}`;
        rows.push({ id: staffId(username), username, display: `Conseiller ${pad2(i)} (${entity.code}, généré)`, role: 'handler', entityId: entity.id, domains: ['social_welfare', 'litigation_appeals'] });
      }
    }
  }
  await pool.query(
    `INSERT INTO staff_user (id, username, password_hash, display_name, role, entity_id, active, advisor_domains, email, created_at)
     SELECT r.id, r.username, $2, r.display, r.role, r.entity_id, true, r.domains, NULL, now()
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, username text, display text, role text, entity_id uuid, domains jsonb)
     ON CONFLICT (username) DO NOTHING`,
    [JSON.stringify(rows.map((r) => ({ id: r.id, username: r.username, display: r.display, role: r.role, entity_id: r.entityId, domains: r.domains }))), passwordHash],
  );
  const { rows: staff } = await pool.query<{ id: string; username: string; role: string; entity_id: string; advisor_domains: string[] }>(
    `SELECT id, username, role, entity_id, advisor_domains FROM staff_user WHERE username LIKE $1 AND active ORDER BY username`,
    [`${GENERATED_STAFF_PREFIX}%`],
  );
  return staff;
}

async function loadCatalogue(pool: pg.Pool) {
  const entities = (await pool.query<{ id: string; code: string }>('SELECT id, code FROM entity ORDER BY code')).rows;
  const services = (await pool.query<ServiceRow>('SELECT s.id, s.entity_id, s.code, s.case_type, s.clocks, s.settings FROM service s JOIN entity e ON e.id = s.entity_id WHERE s.active ORDER BY e.code, s.code')).rows;
  const offices = (await pool.query<OfficeRow>('SELECT id, entity_id, name, address FROM office ORDER BY code')).rows;
  const overrides = (
    await pool.query<HolidayOverride>(
      `SELECT id, entity_id AS "entityId", date, key, kind, status, name_fr AS "nameFr", name_ar AS "nameAr", name_en AS "nameEn",
              removed, updated_by AS "updatedBy", updated_at AS "updatedAt" FROM holiday_override`,
    )
  ).rows;
  return { entities, services, offices, overrides };
}

/**
 * Writes a realistic read model straight into a migrated, seeded database: `cases` submissions
 * spread over `years` years ending with `endDate`, each run through its case type's definition on
 * the domain's own state and clocks, as `case`, `case_clock` and `case_event` rows shaped as the
 * recorder writes them, assigned to generated staff of each entity. The same seed gives the same
 * rows. Generated cases have no workflow (workflow ids start with `generated-`).
 */
export async function generateVolume(pool: pg.Pool, opts: GenerateVolumeOptions): Promise<GenerateVolumeResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const zone = moroccoLegalTime();
  const today = moroccanToday();
  const { cases, seed, years, endDate, distinct } = checkOptions(opts, today);
  const already = await pool.query('SELECT 1 FROM "case" WHERE workflow_id LIKE $1 LIMIT 1', [`${generatedWorkflowId(seed, 0).slice(0, -1)}%`]);
  if (already.rowCount) {
    throw new VolumeGenerationRefused(`cases were already generated with seed ${seed} here: choose another seed, or delete them first (DELETE FROM "case" WHERE workflow_id LIKE '${GENERATED_WORKFLOW_PREFIX}${seed}-%')`);
  }
  const catalogue = await loadCatalogue(pool);
  const lastDay = toEpochDay(endDate);
  const firstDay = toEpochDay(`${Number(endDate.slice(0, 4)) - years}${endDate.slice(4)}`) + 1;
  const calendarYears = Array.from({ length: years + 3 }, (_, i) => Number(endDate.slice(0, 4)) - years + i);
  const horizon = Math.min(Date.now(), endOfLocalDayMs(endDate, zone));

  const staff = await ensureStaff(pool, catalogue.entities, catalogue.services, cases);
  const staffRng = new Random(seed, -1);
  const entities = new Map<string, EntityContext>();
  for (const entity of catalogue.entities) {
    const mine = staff.filter((s) => s.entity_id === entity.id);
    const actor = (s: (typeof staff)[number]): StaffActor => ({ kind: 'staff', userId: s.id, username: s.username, role: s.role as StaffActor['role'] });
    const handlers = mine.filter((s) => s.role === 'handler' && s.advisor_domains.length === 0).map(actor);
    const supervisor = mine.find((s) => s.role === 'supervisor');
    if (!supervisor || handlers.length === 0) continue;
    const calendar = calendarWithOverrides(calendarYears, catalogue.overrides, { entityId: entity.id });
    entities.set(entity.id, {
      id: entity.id,
      code: entity.code,
      time: new WorkingTime(calendar, zone, calendarYears),
      offices: catalogue.offices.filter((o) => o.entity_id === entity.id),
      handlers,
      handlerPace: handlers.map(() => staffRng.between(0.75, 1.3)),
      supervisor: actor(supervisor),
      advisors: mine.filter((s) => s.advisor_domains.length > 0).map(actor),
    });
  }
  const services: ServiceContext[] = [];
  for (const row of catalogue.services) {
    const entity = entities.get(row.entity_id);
    const definition = caseDefinition(row.case_type);
    if (!entity || !definition || definition.linkedOnly) continue;
    if (definition.booking && entity.offices.length === 0) continue;
    if (row.case_type === 'legal_consultation' && (entity.advisors.length === 0 || entity.offices.length === 0)) continue;
    services.push({ row, entity, targets: internalTargets(row.clocks), settings: definition.settings ? (definition.settings.read(row.settings) as Record<string, unknown>) : {} });
  }
  const types = Object.fromEntries(Object.entries(TYPE_SHARES).filter(([type]) => services.some((s) => s.row.case_type === type)));
  if (cases > 0 && Object.keys(types).length === 0) throw new VolumeGenerationRefused('the catalogue has no active service of a registered case type: seed the database first');
  const servicesOf = (type: string) => services.filter((s) => s.row.case_type === type);
  const demand = (s: ServiceContext) => SERVICE_DEMAND[s.row.code] ?? 1;

  const national = new WorkingTime(calendarWithOverrides(calendarYears, catalogue.overrides, { entityId: null }), zone, calendarYears);
  const counts = dailyCounts(distinct, firstDay, lastDay, national, new Random(seed, -2));
  log(`generating ${cases} cases from ${fromEpochDay(firstDay)} to ${endDate} (seed ${seed}) for ${entities.size} entities and ${services.length} services`);

  let batch: SimulatedCase[] = [];
  let writing: Promise<number> = Promise.resolve(0);
  let written = 0;
  let events = 0;
  let index = 0;
  const flush = async () => {
    events += await writing;
    const rows = batch;
    batch = [];
    written += rows.length;
    writing = insertBatch(pool, rows);
    // Let the statement leave before the next batch is simulated: PostgreSQL writes one while Node computes the other.
    await new Promise((resolve) => setImmediate(resolve));
  };

  for (let d = 0; d < counts.length; d++) {
    const day: EpochDay = firstDay + d;
    for (let k = 0; k < counts[d]!; k++, index++) {
      const rng = new Random(seed, index);
      const type = rng.weighted(types);
      const candidates = servicesOf(type);
      const chosen = candidates[Number(rng.weighted(Object.fromEntries(candidates.map((s, i) => [String(i), demand(s)]))))]!;
      const submittedAt = Math.min(submissionTime(day, chosen.entity.time, rng), horizon - rng.below(3_600_000) - 60_000);
      // Refused steps come back as thrown TransitionRefused errors, whose stacks nobody reads here and which cost more than the step.
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        batch.push(...simulateSubmission(chosen, index, seed, submittedAt, rng, horizon));
      } finally {
        Error.stackTraceLimit = stackTraceLimit;
      }
      if (batch.length >= BATCH_CASES) await flush();
      if (index > 0 && index % 100_000 === 0) log(`${index} cases simulated (${Math.round(performance.now() - started)} ms)`);
    }
  }
  await flush();
  events += await writing;
  const twins = await writeTwins(pool, { seed, firstIndex: index, count: cases - index, log });
  written += twins.cases;
  events += twins.events;
  // The simulation writes events as the recorder does, not what the recorder derives from them.
  const lastWarnings = lastWarningsFromEvents(Prisma.sql`c.workflow_id LIKE ${`${generatedWorkflowId(seed, 0).slice(0, -1)}%`}`);
  await pool.query(lastWarnings.text, lastWarnings.values);
  const ms = Math.round(performance.now() - started);
  log(`${written} cases and ${events} events written in ${ms} ms`);
  return { cases: written, events, ms };
}

/** One citizen's submission and the cases it opened, simulated up to `horizon`. */
function simulateSubmission(service: ServiceContext, index: number, seed: number, submittedAt: number, rng: Random, horizon: number): SimulatedCase[] {
  const { entity, row } = service;
  const definition = caseDefinition(row.case_type)!;
  const time = entity.time;
  const handlerIndex = rng.below(entity.handlers.length);
  const month = new Date(submittedAt).getUTCMonth();
  const speed = rng.logNormal(1, 0.45) * SEASON_SLOWNESS[month]! * entity.handlerPace[handlerIndex]!;
  const advisor = entity.advisors.length > 0 ? entity.advisors[rng.below(entity.advisors.length)]! : null;
  const staffing: Staffing = { handler: entity.handlers[handlerIndex]!, supervisor: entity.supervisor, advisor };
  const workflowId = generatedWorkflowId(seed, index);
  const caseId = rng.uuid();
  const office = entity.offices.length > 0 ? entity.offices[rng.below(entity.offices.length)]! : null;
  const opened: SimulatedCase[] = [];
  let linkedCount = 0;

  const openLinked: LinkedOpener = (view, action, at, seq, payload) => {
    if (linkedCount >= MAX_LINKED_PER_CASE) return null;
    const childIndex = index * MAX_LINKED_PER_CASE + linkedCount++;
    const child = {
      caseId: rng.uuid(),
      trackingCode: generatedTrackingCode(seed, true, childIndex),
      workflowId: `${workflowId}-linked-${seq}`,
    };
    if (action === 'complain') {
      const childDefinition = caseDefinition(definition.linked!)!;
      const setting: CaseIdentitySetting = {
        definition: childDefinition,
        ...child,
        caseType: definition.linked!,
        entity,
        serviceId: row.id,
        officeId: setting0.officeId,
        applicant: setting0.applicant,
        details: { originTrackingCode: setting0.trackingCode, reason: payload.reason },
        policies: clockPolicies(row.clocks, childDefinition.clocks.map((c) => c.name)),
        targets: service.targets,
        settings: {},
        facts: {},
        submittedAt: at + 1000,
        originCaseId: caseId,
        firstFreeSlotAt: null,
        requestFingerprint: '',
      };
      const simulated = simulateCase(setting, staffing, informationComplaintBehaviour, time, rng, speed, horizon);
      opened.push(simulated);
      return { result: simulated.result };
    }
    // a consultation's meeting: an appointment on the advisor's agenda, confirmed at once
    const meetingOffice = office ?? entity.offices[0]!;
    const modality = String(payload.modality);
    const slot = slotFacts(time, at, rng, meetingOffice, row.id, staffing.advisor?.userId ?? null, modality);
    const appointment = caseDefinition('appointment')!;
    const setting: CaseIdentitySetting = {
      definition: appointment,
      ...child,
      caseType: 'appointment',
      entity,
      serviceId: row.id,
      officeId: meetingOffice.id,
      applicant: setting0.applicant,
      details: { slotId: slot.facts.slotId, modality },
      policies: clockPolicies(row.clocks, appointment.clocks.map((c) => c.name)),
      targets: service.targets,
      settings: { ...(appointment.settings!.read(row.settings) as Record<string, unknown>), confirmAtOnce: true },
      facts: slot.facts,
      submittedAt: at,
      originCaseId: caseId,
      firstFreeSlotAt: slot.firstFree,
      requestFingerprint: '',
    };
    const simulated = simulateCase(setting, staffing, appointmentBehaviour, time, rng, speed, horizon);
    opened.push(simulated);
    const facts = slot.facts;
    return {
      result: simulated.result,
      facts: { meetingCaseId: child.caseId, meetingCode: child.trackingCode, meetingDate: facts.localDate, meetingStart: facts.localStart, meetingPlace: facts.place },
    };
  };

  const behaviours: Record<string, Behaviour> = {
    document_request: documentRequestBehaviour,
    information_request: informationRequestBehaviour(openLinked),
    complaint: complaintBehaviour,
    appointment: appointmentBehaviour,
    legal_consultation: legalConsultationBehaviour(openLinked, () => staffing.advisor!.userId),
  };
  let details: Record<string, unknown> = {};
  let facts: Record<string, unknown> = {};
  let firstFreeSlotAt: number | null = null;
  let officeId: string | null = office && rng.chance(0.6) ? office.id : null;
  if (row.case_type === 'information_request') details = informationDetails(rng);
  if (row.case_type === 'complaint') details = complaintDetails(rng);
  if (row.case_type === 'legal_consultation') details = consultationDetails(rng);
  if (definition.booking) {
    const modalities = (service.settings.modalities as string[] | undefined) ?? ['in_person'];
    const modality = rng.pick(modalities);
    const slot = slotFacts(time, submittedAt, rng, office!, row.id, null, modality);
    details = { slotId: slot.facts.slotId, modality };
    facts = slot.facts;
    firstFreeSlotAt = slot.firstFree;
    officeId = office!.id;
  }
  const setting0: CaseIdentitySetting = {
    definition,
    caseId,
    trackingCode: generatedTrackingCode(seed, false, index),
    workflowId,
    caseType: row.case_type,
    entity,
    serviceId: row.id,
    officeId,
    applicant: applicant(rng),
    details,
    policies: clockPolicies(row.clocks, definition.clocks.map((c) => c.name)),
    targets: service.targets,
    settings: service.settings,
    facts,
    submittedAt,
    originCaseId: null,
    firstFreeSlotAt,
    requestFingerprint: Array.from({ length: 8 }, () => Math.floor(rng.next() * 2 ** 32).toString(16).padStart(8, '0')).join(''),
  };
  const main = simulateCase(setting0, staffing, behaviours[row.case_type]!, time, rng, speed, horizon);
  return [main, ...opened];
}

/**
 * The slot an appointment books, a few working days after `from`, in the seeded offices' slot
 * hours, and the earliest slot that was free then: most citizens take it, others pick a later day.
 */
function slotFacts(time: WorkingTime, from: number, rng: Random, office: OfficeRow, serviceId: string, advisorId: string | null, modality: string) {
  const waitDays = Math.max(0, Math.round(rng.logNormal(4, 0.7)));
  const slotAt = (days: number) => {
    const at = time.afterWorkingDays(from, days, rng);
    const day = time.dayOf(at);
    const minute = rng.pick(SLOT_STARTS);
    return { day, minute, at: time.at(day, minute) };
  };
  let slot = slotAt(waitDays);
  if (slot.at <= from + 3_600_000) slot = slotAt(waitDays + 1);
  let firstFree = slot.at;
  if (!rng.chance(0.55) && waitDays > 0) {
    const earlier = slotAt(rng.below(waitDays));
    if (earlier.at > from + 3_600_000 && earlier.at < slot.at) firstFree = earlier.at;
  }
  const localDate = fromEpochDay(slot.day);
  const slotFactsRow = {
    slotId: rng.uuid(),
    officeId: office.id,
    serviceId,
    advisorId,
    startsAt: new Date(slot.at).toISOString(),
    endsAt: new Date(slot.at + SLOT_MINUTES * 60_000).toISOString(),
    localDate,
    localStart: hhmm(slot.minute),
    localEnd: hhmm(slot.minute + SLOT_MINUTES),
    officeName: office.name,
    address: office.address,
    modality,
  };
  return { facts: { ...slotFactsRow, place: [office.name, office.address].filter(Boolean).join(', ') }, firstFree };
}

