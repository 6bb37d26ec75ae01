import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../domain/cases/case-definition.js';
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
        if (rule.from.some((s) => reached.has(s)) && !reached.has(rule.to)) {
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

  it('labels every status in three languages for the citizen and for staff, and says how each terminal one ended', () => {
    for (const status of machine.states) {
      const labels = definition.statuses[status];
      expect(isLabelled(labels?.citizen), `${status} (citizen)`).toBe(true);
      expect(isLabelled(labels?.staff), `${status} (staff)`).toBe(true);
      if (machine.terminal.includes(status)) expect(OUTCOMES, status).toContain(labels?.outcome);
      else expect(labels?.outcome, status).toBeUndefined();
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

  it('has a main clock, and its workflow type is exported by the worker', () => {
    expect(definition.clocks.length).toBeGreaterThan(0);
    expect(typeof (workflows as Record<string, unknown>)[definition.workflowType]).toBe('function');
  });
});

describe('the registry', () => {
  it('holds at least the document request', () => {
    expect(definitions.map(([type]) => type)).toContain('document_request');
  });
});
