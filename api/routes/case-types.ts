import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CASE_DEFINITIONS } from '../../domain/cases/machines.js';
import { LocalizedText } from '../schemas/common.js';

const CaseTypeView = Type.Object({
  caseType: Type.String(),
  workflowType: Type.String(),
  clocks: Type.Array(Type.String(), { description: 'named clocks; the first is the main deadline' }),
  submission: Type.Object({ details: Type.Unknown({ description: 'JSON Schema of the submission’s details' }) }),
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
      by: Type.String({ description: 'citizen or staff' }),
      from: Type.Array(Type.String()),
      to: Type.String(),
      label: LocalizedText,
      payload: Type.Unknown({ description: 'JSON Schema of the action’s body' }),
      tone: Type.Union([Type.Literal('primary'), Type.Literal('danger'), Type.Null()], { description: 'how its button stands out' }),
    }),
  ),
});

/** Every case type as its definition declares it: the pages render statuses, fields and buttons from this. */
export const caseTypeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const items = Object.entries(CASE_DEFINITIONS).map(([caseType, definition]) => ({
    caseType,
    workflowType: definition.workflowType,
    clocks: [...definition.clocks],
    submission: { details: definition.details },
    statuses: definition.machine.states.map((status) => ({
      status,
      labels: { citizen: definition.statuses[status]!.citizen, staff: definition.statuses[status]!.staff },
      initial: status === definition.machine.initial,
      terminal: definition.machine.terminal.includes(status),
      outcome: definition.statuses[status]!.outcome ?? null,
    })),
    actions: Object.entries(definition.machine.transitions).map(([action, rule]) => ({
      action,
      by: rule.by,
      from: [...rule.from],
      to: rule.to,
      label: definition.actions[action]!.label,
      payload: definition.actions[action]!.payload,
      tone: definition.actions[action]!.tone ?? null,
    })),
  }));
  app.get(
    '/api/v1/case-types',
    { schema: { tags: ['catalogue'], summary: 'Every case type: statuses with labels and outcomes, actions with labels and payload schemas, clocks, submission schema', response: { 200: Type.Object({ items: Type.Array(CaseTypeView) }) } } },
    async () => ({ items }),
  );
};
