import { readdir, readFile } from 'node:fs/promises';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { CASE_DEFINITIONS } from '../../domain/cases/machines.js';
import { AesGcmPayloadCodec } from '../../platform/payload-codec.js';
import { REPLAY_FIXTURE_KEY } from '../fixtures/replay-key.js';

/*
 * Every history recorded from an earlier version of the workflows (npm run record:histories)
 * replays on today's code: a change that would break running cases fails here, not in production.
 */
const HISTORIES = new URL('../fixtures/histories/', import.meta.url);

async function recordedHistories() {
  const files = (await readdir(HISTORIES)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({ file, ...(JSON.parse(await readFile(new URL(file, HISTORIES), 'utf8')) as { workflowId: string; history: RecordedHistory }) })),
  );
}

interface RecordedHistory {
  events: Array<{ workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }>;
}

function workflowTypeOf(history: RecordedHistory): string | undefined {
  return history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
}

describe('recorded histories', () => {
  it('cover each kind of run the workflows had when they were recorded', async () => {
    const names = (await recordedHistories()).map((h) => h.file.replace(/\.\d{4}-\d{2}-\d{2}(-[\w-]+)?\.json$/, ''));
    expect(names).toEqual(
      expect.arrayContaining([
        'calendar-propagation',
        'document-request-breach',
        'document-request-calendar-change',
        'document-request-extension',
        'document-request-happy-path',
        'document-request-pause-resume',
      ]),
    );
  });

  it('include runs of every registered case type, so a change to the core is checked against each', async () => {
    const recordedTypes = new Set((await recordedHistories()).map((h) => workflowTypeOf(h.history)));
    const registeredTypes = Object.values(CASE_DEFINITIONS).map((definition) => definition.workflowType);
    expect(registeredTypes.filter((type) => !recordedTypes.has(type))).toEqual([]);
  });

  it('all replay on the current workflow code without a nondeterminism error', async () => {
    const histories = await recordedHistories();
    const results = Worker.runReplayHistories(
      {
        workflowBundle: { code: inject('workflowBundleCode') },
        dataConverter: { payloadCodecs: [new AesGcmPayloadCodec(REPLAY_FIXTURE_KEY)] },
      },
      histories.map(({ workflowId, history }) => ({ workflowId, history })),
    );
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of results) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
  }, 120_000);
});
