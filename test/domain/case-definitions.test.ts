import { describe, expect, it } from 'vitest';
import { OUTCOME_LABELS, OUTCOMES } from '../../domain/cases/case-definition.js';
import { CASE_DEFINITIONS } from '../../domain/cases/machines.js';
import * as workflows from '../../workflows/index.js';

/** What every registered case type must say, whatever it is: checked here once for all. */
const definitions = Object.entries(CASE_DEFINITIONS);

const isLabelled = (name: unknown) =>
  typeof name === 'object' && name !== null && ['fr', 'ar', 'en'].every((lang) => typeof (name as Record<string, unknown>)[lang] === 'string' && ((name as Record<string, string>)[lang] ?? '').trim() !== '');

describe.each(definitions)('the %s definition', (_type, definition) => {
  const { machine } = definition;
  const rules = Object.entries(machine.transitions);

  it('reaches every status from the initial one', () => {
    const reached = new Set([machine.initial]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [, rule] of rules) {
        if (rule.to && rule.from.some((s) => reached.has(s)) && !reached.has(rule.to)) {
          reached.add(rule.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...machine.states].sort());
  });

  it('leaves every status that is not terminal by some step, and none that is', () => {
    for (const status of machine.states) {
      const ways = rules.filter(([, rule]) => rule.from.includes(status));
      if (machine.terminal.includes(status)) expect(ways, status).toEqual([]);
      else expect(ways.length, status).toBeGreaterThan(0);
    }
  });

  it('names the case type in three languages, and each outcome it can end with', () => {
    expect(isLabelled(definition.label)).toBe(true);
    for (const status of machine.terminal) {
      const outcome = definition.statuses[status]?.outcome;
      if (outcome !== undefined && outcome !== 'as_decided') expect(isLabelled(OUTCOME_LABELS[outcome]), `${status} → ${outcome}`).toBe(true);
    }
  });

  it('labels every status in three languages for the citizen and for staff, and says how each terminal one ended', () => {
    for (const status of machine.states) {
      const labels = definition.statuses[status];
      expect(isLabelled(labels?.citizen), `${status} (citizen)`).toBe(true);
      expect(isLabelled(labels?.staff), `${status} (staff)`).toBe(true);
      if (machine.terminal.includes(status)) expect([...OUTCOMES, 'as_decided'], status).toContain(labels?.outcome);
      else if (labels?.outcome !== undefined) expect(OUTCOMES, status).toContain(labels.outcome);
    }
    expect(Object.keys(definition.statuses).sort()).toEqual([...machine.states].sort());
  });

  it('labels every action in three languages and gives it a payload schema', () => {
    for (const [action] of rules) {
      expect(isLabelled(definition.actions[action]?.label), action).toBe(true);
      expect(definition.actions[action]?.payload, action).toMatchObject({ type: 'object' });
    }
    expect(Object.keys(definition.actions).sort()).toEqual(rules.map(([action]) => action).sort());
  });

  it('names every field a page must show: each detail and each step field other than its text, and each choice, in three languages', () => {
    const detailProperties = Object.entries(((definition.details as { properties?: Record<string, { enum?: string[] }> }).properties ?? {}));
    for (const [name, schema] of detailProperties) {
      expect(isLabelled(definition.detailFields?.[name]?.label), `detail ${name}`).toBe(true);
      for (const value of schema.enum ?? []) expect(isLabelled(definition.detailFields?.[name]?.choices?.[value]), `detail ${name}=${value}`).toBe(true);
    }
    for (const [action] of rules) {
      const declared = definition.actions[action]!;
      const properties = (declared.payload as { properties?: Record<string, { enum?: string[] }> }).properties ?? {};
      for (const [name, schema] of Object.entries(properties)) {
        const isText = (name === 'message' || name === 'reason') && !schema.enum;
        if (!isText) expect(isLabelled(declared.fields?.[name]), `${action}.${name}`).toBe(true);
        for (const value of schema.enum ?? []) expect(isLabelled(declared.choices?.[name]?.[value]), `${action}.${name}=${value}`).toBe(true);
      }
    }
  });

  it('keeps the outcome of a case closed "as decided" from a status that decided it', () => {
    for (const status of machine.states) {
      if (definition.statuses[status]?.outcome !== 'as_decided') continue;
      for (const [action, rule] of rules.filter(([, r]) => r.to === status)) {
        expect(rule.from.every((from) => definition.statuses[from]?.outcome !== undefined || from === 'under_complaint'), action).toBe(true);
      }
    }
  });

  it('names only its own clocks and statuses in transitions, silence and guards', () => {
    const clocks = definition.clocks.map((c) => c.name);
    for (const [action, rule] of rules) {
      for (const name of Object.keys(rule.clocks ?? {})) expect(clocks, action).toContain(name);
      for (const guard of rule.guards ?? []) if ('clock' in guard) expect(clocks, action).toContain(guard.clock);
      for (const from of rule.from) expect(machine.states, action).toContain(from);
    }
    for (const [clock, action] of Object.entries(definition.silence)) {
      expect(clocks).toContain(clock);
      expect(machine.transitions[action!]?.by, `${clock} → ${action}`).toBe('system');
    }
    for (const action of Object.values(definition.linkedOutcomes ?? {})) expect(machine.transitions[action!]?.by).toBe('system');
    for (const timer of definition.timers ?? []) {
      for (const status of timer.in) expect(machine.states, timer.name).toContain(status);
      if (timer.action) expect(machine.transitions[timer.action]?.by, `${timer.name} → ${timer.action}`).toBe('system');
    }
    for (const action of definition.automatic ?? []) expect(machine.transitions[action]?.by, action).toBe('system');
  });

  it('has a main clock that starts at submission, and its workflow type is exported by the worker', () => {
    expect(definition.clocks[0]?.fromSubmission).toBe(true);
    expect(typeof (workflows as Record<string, unknown>)[definition.workflowType]).toBe('function');
  });
});

describe('the registry', () => {
  it('holds every case type of the platform', () => {
    expect(definitions.map(([type]) => type).sort()).toEqual(['appointment', 'complaint', 'document_request', 'information_complaint', 'information_request', 'legal_consultation']);
  });
});
