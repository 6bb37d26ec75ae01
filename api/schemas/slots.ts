import { Type, type Static } from 'typebox';
import { LocalizedText, MultiLineText, Uuid } from './common.js';

const SlotTime = (description: string) => Type.String({ maxLength: 5, description: `${description}, HH:MM from 00:00 to 24:00, Moroccan time`, examples: ['09:00'] });
const NullableUuid = (description: string) => Type.Union([Uuid, Type.Null()], { description });
const LocalDate = (description: string) => Type.String({ maxLength: 10, description, examples: ['2027-01-04'] });

const cut = {
  lengthMinutes: Type.Integer({ minimum: 5, maximum: 480, description: 'length of one slot, 5 to 480 minutes' }),
  seats: Type.Integer({ minimum: 1, maximum: 500, description: 'citizens one slot takes, 1 to 500' }),
  bufferMinutes: Type.Integer({ minimum: 0, maximum: 240, description: 'minutes left free after each slot, 0 to 240' }),
};

export const OfficeIdParams = Type.Object({ officeId: Uuid }, { additionalProperties: false });
export const RuleIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const SlotTemplateBody = Type.Object(
  {
    serviceId: Uuid,
    advisorId: Type.Optional(NullableUuid('the advisor (a handler or supervisor of the entity) whose slots these are; required when the service books advisors')),
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 Monday … 7 Sunday' }),
    startTime: SlotTime('first slot starts'),
    endTime: SlotTime('last slot ends by'),
    lengthMinutes: cut.lengthMinutes,
    seats: cut.seats,
    bufferMinutes: Type.Optional(cut.bufferMinutes),
  },
  { additionalProperties: false },
);
export type SlotTemplateBody = Static<typeof SlotTemplateBody>;

export const SlotExceptionBody = Type.Object(
  {
    date: LocalDate('the day, YYYY-MM-DD, from today to a year ahead'),
    kind: Type.Enum(['closure', 'opening'], { description: 'closure: slots taken off; opening: slots added (inside opening hours only)' }),
    serviceId: Type.Optional(NullableUuid('the service; a closure without one closes every service, an opening needs one')),
    advisorId: Type.Optional(NullableUuid('one advisor only (a closure), or the advisor whose slots an opening adds')),
    startTime: Type.Optional(SlotTime('closure: from (with endTime; neither: the whole day); opening: first slot starts')),
    endTime: Type.Optional(SlotTime('closure: until; opening: last slot ends by')),
    lengthMinutes: Type.Optional(cut.lengthMinutes),
    seats: Type.Optional(cut.seats),
    bufferMinutes: Type.Optional(cut.bufferMinutes),
    reason: Type.Optional(MultiLineText({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type SlotExceptionBody = Static<typeof SlotExceptionBody>;

export const SlotTemplateView = Type.Object({
  id: Type.String(),
  officeId: Type.String(),
  serviceId: Type.String(),
  advisorId: Type.Union([Type.String(), Type.Null()]),
  weekday: Type.Integer(),
  startTime: Type.String(),
  endTime: Type.String(),
  lengthMinutes: Type.Integer(),
  seats: Type.Integer(),
  bufferMinutes: Type.Integer(),
  updatedBy: Type.String(),
  updatedAt: Type.String(),
});

export const SlotExceptionView = Type.Object({
  id: Type.String(),
  officeId: Type.String(),
  date: Type.String(),
  kind: Type.String(),
  serviceId: Type.Union([Type.String(), Type.Null()]),
  advisorId: Type.Union([Type.String(), Type.Null()]),
  startTime: Type.Union([Type.String(), Type.Null()]),
  endTime: Type.Union([Type.String(), Type.Null()]),
  lengthMinutes: Type.Union([Type.Integer(), Type.Null()]),
  seats: Type.Union([Type.Integer(), Type.Null()]),
  bufferMinutes: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.String(),
  updatedBy: Type.String(),
  updatedAt: Type.String(),
});

export const PublicationSummary = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    created: Type.Integer({ description: 'slots added' }),
    updated: Type.Integer({ description: 'slots whose seats or end changed, or that opened again' }),
    removed: Type.Integer({ description: 'slots no longer offered that nobody had taken' }),
    closed: Type.Integer({ description: 'slots no longer offered that had seats taken: closed, their bookings to be cancelled' }),
    closedSlots: Type.Array(Type.Object({ slotId: Type.String(), taken: Type.Integer() })),
  },
  { description: 'what republishing the office’s horizon (eight weeks) changed' },
);

const OfficeSummary = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), address: Type.String(), entityCode: Type.String() });

export const SlotTemplatesAnswer = Type.Object({
  office: OfficeSummary,
  services: Type.Array(
    Type.Object({ id: Type.String(), code: Type.String(), caseType: Type.String(), names: LocalizedText, byAdvisor: Type.Boolean() }),
    { description: 'the entity’s services that take appointments' },
  ),
  advisors: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String(), advisorDomains: Type.Array(Type.String()) }), {
    description: 'the entity’s handlers and supervisors, who may hold slots of their own',
  }),
  items: Type.Array(SlotTemplateView),
});

export const SlotExceptionsAnswer = Type.Object({ office: OfficeSummary, items: Type.Array(SlotExceptionView) });

const AppointmentsCancelled = Type.Integer({ description: 'appointments booked on the slots it closed: cancelled, each citizen told why and offered the first free slots' });
export const SlotTemplateChange = Type.Object({ template: SlotTemplateView, publication: PublicationSummary, appointmentsCancelled: AppointmentsCancelled });
export const SlotExceptionChange = Type.Object({ exception: SlotExceptionView, publication: PublicationSummary, appointmentsCancelled: AppointmentsCancelled });
export const SlotRuleRemoved = Type.Object({
  removed: Type.String({ description: 'id of the template or exception removed' }),
  publication: PublicationSummary,
  appointmentsCancelled: AppointmentsCancelled,
});

export const OfficesQuery = Type.Object(
  { serviceId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

export const OfficesAnswer = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      name: Type.String(),
      address: Type.String(),
      entityCode: Type.String(),
      services: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), caseType: Type.String(), names: LocalizedText }), {
        description: 'the appointment and consultation services this office publishes slots for',
      }),
    }),
  ),
});

export const SlotsQuery = Type.Object(
  {
    serviceId: Uuid,
    from: Type.Optional(LocalDate('first day, YYYY-MM-DD (Moroccan date); default today')),
    to: Type.Optional(LocalDate('last day, at most 62 days from the first; default a week after the first')),
    advisorId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const SlotsAnswer = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      localDate: Type.String(),
      localStart: Type.String({ description: 'HH:MM, Moroccan time' }),
      localEnd: Type.String(),
      startsAt: Type.String({ description: 'UTC instant' }),
      endsAt: Type.String(),
      seats: Type.Integer(),
      seatsLeft: Type.Integer({ description: 'seats neither booked nor held; 0: full (its waiting list may be joined)' }),
      advisorId: Type.Union([Type.String(), Type.Null()]),
    }),
    { description: 'open slots that have not started, earliest first (at most 2000)' },
  ),
});
