import { appointmentSettings } from '../../domain/appointments/appointment-settings.js';
import { SLOT_CASE_TYPES, slotTimeMinutes } from '../../domain/appointments/slot-publication.js';
import type { PrismaClient } from '../../platform/prisma.js';
import type { Prisma, SlotException, SlotTemplate } from '../../prisma/generated/client.js';
import { dbDateOf } from '../../store/calendar-source.js';
import { lockOfficeSlots, moroccanToday, publishSlotsWithin, type PublicationResult } from '../../store/slot-publication.js';
import { ChangeConflicts, InvalidInput, NotFound } from '../errors.js';
import type { SlotExceptionBody, SlotTemplateBody } from '../schemas/slots.js';
import { exceptionDate, exceptionFields, templateCut } from './slot-rule-request.js';

/*
 * An administrator's changes to an office's slot templates and exceptions. Each runs in one
 * transaction under the office's slot lock: checked against the rules in place, written, and the
 * office's horizon republished, so the answer tells what the change did to the published slots.
 */

const ADVISOR_ROLES = ['handler', 'supervisor'];

type Tx = Prisma.TransactionClient;

interface OfficeScope {
  id: string;
  entityId: string;
}

export interface RuleChange<T> {
  row: T;
  publication: PublicationResult;
}

/** Publishing eight weeks of a busy office takes a moment; the default five seconds is short on a loaded machine. */
const TRANSACTION = { maxWait: 30_000, timeout: 120_000 };

async function lockedOffice(tx: Tx, officeId: string): Promise<OfficeScope> {
  await lockOfficeSlots(tx, officeId);
  const office = await tx.office.findUnique({ where: { id: officeId }, select: { id: true, entityId: true } });
  if (!office) throw new NotFound('no office has this id');
  return office;
}

async function appointmentService(tx: Tx, office: OfficeScope, serviceId: string) {
  const service = await tx.service.findUnique({ where: { id: serviceId }, select: { id: true, entityId: true, caseType: true, settings: true } });
  if (!service || service.entityId !== office.entityId) {
    throw new InvalidInput('body.serviceId must be a service of the entity this office belongs to', { field: 'body.serviceId' });
  }
  if (!SLOT_CASE_TYPES.includes(service.caseType)) {
    throw new InvalidInput(`body.serviceId must be a service taking appointments (${SLOT_CASE_TYPES.join(' or ')}), not ${service.caseType}`, { field: 'body.serviceId' });
  }
  return { id: service.id, byAdvisor: appointmentSettings(service.settings).byAdvisor };
}

async function checkAdvisor(tx: Tx, office: OfficeScope, advisorId: string): Promise<void> {
  const advisor = await tx.staffUser.findUnique({ where: { id: advisorId }, select: { entityId: true, role: true, active: true } });
  if (!advisor || advisor.entityId !== office.entityId || !ADVISOR_ROLES.includes(advisor.role) || !advisor.active) {
    throw new InvalidInput(`body.advisorId must be an active ${ADVISOR_ROLES.join(' or ')} of the entity this office belongs to`, { field: 'body.advisorId' });
  }
}

/** The advisor of slots a service cuts: required when it books advisors, refused otherwise. */
async function slotAdvisor(tx: Tx, office: OfficeScope, service: { byAdvisor: boolean }, advisorId: string | null | undefined): Promise<string | null> {
  if (service.byAdvisor && !advisorId) {
    throw new InvalidInput('body.advisorId is required: this service books advisors, so each slot is one advisor’s', { field: 'body.advisorId' });
  }
  if (!service.byAdvisor && advisorId) {
    throw new InvalidInput('body.advisorId does not belong here: this service does not book advisors', { field: 'body.advisorId' });
  }
  if (advisorId) await checkAdvisor(tx, office, advisorId);
  return advisorId ?? null;
}

const minutes = (time: string) => slotTimeMinutes(time)!;

/**
 * A weekly template may not overlap another of the same service and advisor at the office on the
 * same weekday, nor (an advisor is one person) another of the same advisor anywhere.
 */
async function checkNoOverlap(tx: Tx, template: Pick<SlotTemplate, 'officeId' | 'serviceId' | 'advisorId' | 'weekday' | 'startTime' | 'endTime'>, ignoreId?: string) {
  const others = await tx.slotTemplate.findMany({
    where: {
      weekday: template.weekday,
      ...(template.advisorId ? { advisorId: template.advisorId } : { officeId: template.officeId, serviceId: template.serviceId, advisorId: null }),
      ...(ignoreId ? { NOT: { id: ignoreId } } : {}),
    },
  });
  const clash = others.find((o) => minutes(template.startTime) < minutes(o.endTime) && minutes(o.startTime) < minutes(template.endTime));
  if (clash) {
    const whose = template.advisorId ? 'of the same advisor' : 'of the same service';
    throw new ChangeConflicts(`this overlaps the template ${clash.startTime}–${clash.endTime} ${whose} on that weekday; change or remove that one first`, {
      field: 'body.startTime',
      templateId: clash.id,
    });
  }
}

async function templateData(tx: Tx, office: OfficeScope, body: SlotTemplateBody, ignoreId?: string) {
  const cut = templateCut(body);
  const service = await appointmentService(tx, office, body.serviceId);
  const advisorId = await slotAdvisor(tx, office, service, body.advisorId);
  const data = { officeId: office.id, serviceId: service.id, advisorId, ...cut };
  await checkNoOverlap(tx, data, ignoreId);
  return data;
}

export function addTemplate(prisma: PrismaClient, officeId: string, body: SlotTemplateBody, actor: string): Promise<RuleChange<SlotTemplate>> {
  return prisma.$transaction(async (tx) => {
    const office = await lockedOffice(tx, officeId);
    const row = await tx.slotTemplate.create({ data: { ...(await templateData(tx, office, body)), updatedBy: actor } });
    return { row, publication: await publishSlotsWithin(tx, { officeId: office.id }) };
  }, TRANSACTION);
}

/** A template or exception read again under its office's lock: a concurrent removal is a 404, never a failed write. */
async function lockedRule<T extends { officeId: string }>(tx: Tx, read: () => Promise<T | null>, what: string): Promise<{ row: T; office: OfficeScope }> {
  const first = await read();
  if (!first) throw new NotFound(`no ${what} has this id`);
  const office = await lockedOffice(tx, first.officeId);
  const row = await read();
  if (!row) throw new NotFound(`no ${what} has this id`);
  return { row, office };
}

const readTemplate = (tx: Tx, id: string) => () => tx.slotTemplate.findUnique({ where: { id } });
const readException = (tx: Tx, id: string) => () => tx.slotException.findUnique({ where: { id } });

export function replaceTemplate(prisma: PrismaClient, id: string, body: SlotTemplateBody, actor: string): Promise<RuleChange<SlotTemplate>> {
  return prisma.$transaction(async (tx) => {
    const { office } = await lockedRule(tx, readTemplate(tx, id), 'slot template');
    const row = await tx.slotTemplate.update({ where: { id }, data: { ...(await templateData(tx, office, body, id)), updatedBy: actor } });
    return { row, publication: await publishSlotsWithin(tx, { officeId: office.id }) };
  }, TRANSACTION);
}

export function removeTemplate(prisma: PrismaClient, id: string): Promise<RuleChange<SlotTemplate>> {
  return prisma.$transaction(async (tx) => {
    const { office } = await lockedRule(tx, readTemplate(tx, id), 'slot template');
    const row = await tx.slotTemplate.delete({ where: { id } });
    return { row, publication: await publishSlotsWithin(tx, { officeId: office.id }) };
  }, TRANSACTION);
}

async function exceptionData(tx: Tx, office: OfficeScope, body: SlotExceptionBody) {
  const date = exceptionDate(body.date, moroccanToday());
  const fields = exceptionFields(body);
  const common = { officeId: office.id, date: dbDateOf(date), reason: fields.reason };
  if (fields.kind === 'closure') {
    if (body.serviceId) await appointmentService(tx, office, body.serviceId);
    if (body.advisorId) await checkAdvisor(tx, office, body.advisorId);
    const { kind, startTime, endTime } = fields;
    return { ...common, kind, startTime, endTime, serviceId: body.serviceId ?? null, advisorId: body.advisorId ?? null };
  }
  const service = await appointmentService(tx, office, fields.serviceId);
  const advisorId = await slotAdvisor(tx, office, service, body.advisorId);
  const { kind, startTime, endTime, lengthMinutes, seats, bufferMinutes } = fields;
  return { ...common, kind, startTime, endTime, lengthMinutes, seats, bufferMinutes, serviceId: service.id, advisorId };
}

export function addException(prisma: PrismaClient, officeId: string, body: SlotExceptionBody, actor: string): Promise<RuleChange<SlotException>> {
  return prisma.$transaction(async (tx) => {
    const office = await lockedOffice(tx, officeId);
    const row = await tx.slotException.create({ data: { ...(await exceptionData(tx, office, body)), updatedBy: actor } });
    return { row, publication: await publishSlotsWithin(tx, { officeId: office.id }) };
  }, TRANSACTION);
}

export function removeException(prisma: PrismaClient, id: string): Promise<RuleChange<SlotException>> {
  return prisma.$transaction(async (tx) => {
    const { office } = await lockedRule(tx, readException(tx, id), 'slot exception');
    const row = await tx.slotException.delete({ where: { id } });
    return { row, publication: await publishSlotsWithin(tx, { officeId: office.id }) };
  }, TRANSACTION);
}
