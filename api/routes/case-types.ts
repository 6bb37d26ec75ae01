import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OUTCOME_LABELS, OUTCOMES } from '../../domain/cases/case-definition.js';
import { CASE_DEFINITIONS } from '../../domain/cases/machines.js';
import { actorsOf } from '../../domain/lifecycle/state-machine.js';
import { LocalizedText } from '../schemas/common.js';

const CaseTypeView = Type.Object({
  caseType: Type.String(),
  workflowType: Type.String(),
  label: LocalizedText,
  clocks: Type.Array(
    Type.Object({ name: Type.String(), label: LocalizedText, fromSubmission: Type.Boolean(), window: Type.Boolean({ description: 'a time the citizen has to act in, not a deadline' }) }),
    { description: 'named clocks; the first is the main deadline' },
  ),
  linkedOnly: Type.Boolean({ description: 'opened by another case, never submitted by a citizen' }),
  booking: Type.Union([Type.Object({ slotField: Type.String(), modalityField: Type.String() }), Type.Null()], {
    description: 'a case of this type books a seat of a slot: the detail naming the slot, and the one naming how the meeting is held',
  }),
  timers: Type.Array(
    Type.Object({ name: Type.String(), anchor: Type.String(), direction: Type.String(), in: Type.Array(Type.String()), action: Type.Union([Type.String(), Type.Null()]) }),
    { description: 'timers per status that are not deadlines (reminders, a no-show grace), counted from a fact of the case' },
  ),
  silence: Type.Record(Type.String(), Type.String(), { description: 'the system transition taken when each clock runs out' }),
  submission: Type.Object({
    details: Type.Unknown({ description: 'JSON Schema of the submission’s details' }),
    fields: Type.Unknown({ description: 'label (and labelled choices) of each declared detail, in form order' }),
  }),
  statuses: Type.Array(
    Type.Object({
      status: Type.String(),
      labels: Type.Object({ citizen: LocalizedText, staff: LocalizedText }),
      initial: Type.Boolean(),
      terminal: Type.Boolean(),
      outcome: Type.Union([Type.String(), Type.Null()], { description: 'how a case ending here ended (granted, refused, withdrawn…)' }),
    }),
  ),
  actions: Type.Array(
    Type.Object({
      action: Type.String(),
      by: Type.String({ description: 'citizen, staff or system: the first of `actors`' }),
      actors: Type.Array(Type.String(), { description: 'who may take it: citizen, staff, system (a citizen within the notice period, staff always…)' }),
      roles: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'staff roles that may take it (null: handler and supervisor)' }),
      from: Type.Array(Type.String()),
      to: Type.Union([Type.String(), Type.Null()], { description: 'null: the status stays' }),
      guards: Type.Array(Type.Unknown(), { description: 'conditions beyond the from statuses (a window, one extension…)' }),
      clocks: Type.Record(Type.String(), Type.String(), { description: 'what the step does to each named clock' }),
      effects: Type.Array(Type.String()),
      choices: Type.Unknown({ description: 'labels of the values of enumerated payload fields, by field' }),
      fields: Type.Unknown({ description: 'labels of the payload fields other than the message or reason text' }),
      label: LocalizedText,
      payload: Type.Unknown({ description: 'JSON Schema of the action’s body' }),
      tone: Type.Union([Type.Literal('primary'), Type.Literal('danger'), Type.Null()], { description: 'how its button stands out' }),
    }),
  ),
});

const OutcomeView = Type.Object(
  { outcome: Type.String(), label: LocalizedText },
  { description: 'how a finished case ended, whatever its type: the outcome of its terminal status, as statistics count it' },
);

/** Every case type as its definition declares it: the pages render statuses, fields and buttons from this. */
export const caseTypeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const items = Object.entries(CASE_DEFINITIONS).map(([caseType, definition]) => ({
    caseType,
    workflowType: definition.workflowType,
    label: definition.label,
    clocks: definition.clocks.map((c) => ({ name: c.name, label: c.label, fromSubmission: c.fromSubmission, window: c.window ?? false })),
    linkedOnly: definition.linkedOnly ?? false,
    booking: definition.booking ? { ...definition.booking } : null,
    timers: (definition.timers ?? []).map((t) => ({ name: t.name, anchor: t.anchor, direction: t.direction, in: [...t.in], action: t.action ?? null })),
    silence: { ...definition.silence } as Record<string, string>,
    submission: { details: definition.details, fields: definition.detailFields ?? {} },
    statuses: definition.machine.states.map((status) => ({
      status,
      labels: { citizen: definition.statuses[status]!.citizen, staff: definition.statuses[status]!.staff },
      initial: status === definition.machine.initial,
      terminal: definition.machine.terminal.includes(status),
      outcome: definition.statuses[status]!.outcome ?? null,
    })),
    actions: Object.entries(definition.machine.transitions).map(([action, rule]) => ({
      action,
      by: actorsOf(rule)[0]!,
      actors: [...actorsOf(rule)],
      roles: rule.roles ? [...rule.roles] : null,
      from: [...rule.from],
      to: rule.to ?? null,
      guards: [...(rule.guards ?? [])],
      clocks: { ...rule.clocks } as Record<string, string>,
      effects: [...(rule.effects ?? [])],
      choices: definition.actions[action]!.choices ?? {},
      fields: definition.actions[action]!.fields ?? {},
      label: definition.actions[action]!.label,
      payload: definition.actions[action]!.payload,
      tone: definition.actions[action]!.tone ?? null,
    })),
  }));
  const outcomes = OUTCOMES.map((outcome) => ({ outcome, label: OUTCOME_LABELS[outcome] }));
  app.get(
    '/api/v1/case-types',
    { schema: { tags: ['catalogue'], summary: 'Every case type (named): statuses with labels and outcomes, actions with labels and payload schemas, clocks, submission schema', response: { 200: Type.Object({ items: Type.Array(CaseTypeView), outcomes: Type.Array(OutcomeView) }) } } },
    async () => ({ items, outcomes }),
  );
};
