import type pg from 'pg';
import { generatedTrackingCode, generatedWorkflowId } from './generated-identity.js';
import { Random } from './random.js';

const CHUNK = 20_000;

/**
 * Copies of simulated cases, made by PostgreSQL alone (INSERT … SELECT), for volumes the
 * simulation would take too long to reach: each twin is a case of its own (id, workflow id and
 * tracking code) with its base case's life, dates, clocks and events. Only cases that opened no
 * other are copied, so no link has to be redrawn. Returns the cases and events written.
 */
export async function writeTwins(pool: pg.Pool, opts: { seed: number; firstIndex: number; count: number; log: (msg: string) => void }): Promise<{ cases: number; events: number }> {
  if (opts.count <= 0) return { cases: 0, events: 0 };
  const { rows: bases } = await pool.query<{ id: string }>(
    `SELECT c.id FROM "case" c
     WHERE c.workflow_id LIKE $1 AND c.origin_case_id IS NULL AND NOT EXISTS (SELECT 1 FROM "case" l WHERE l.origin_case_id = c.id)
     ORDER BY c.workflow_id`,
    [`${generatedWorkflowId(opts.seed, 0).slice(0, -1)}%`],
  );
  if (bases.length === 0) return { cases: 0, events: 0 };
  let cases = 0;
  let events = 0;
  for (let start = 0; start < opts.count; start += CHUNK) {
    const size = Math.min(CHUNK, opts.count - start);
    const baseIds: string[] = [];
    const ids: string[] = [];
    const workflowIds: string[] = [];
    const codes: string[] = [];
    for (let k = 0; k < size; k++) {
      const index = opts.firstIndex + start + k;
      baseIds.push(bases[(start + k) % bases.length]!.id);
      ids.push(new Random(opts.seed, index, 0x7717).uuid());
      workflowIds.push(generatedWorkflowId(opts.seed, index));
      codes.push(generatedTrackingCode(opts.seed, false, index));
    }
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL synchronous_commit = off');
      await client.query(
        `CREATE TEMP TABLE twin ON COMMIT DROP AS
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS t(base_id, id, workflow_id, tracking_code)`,
        [baseIds, ids, workflowIds, codes],
      );
      const inserted = await client.query(
        `INSERT INTO "case" (id, workflow_id, tracking_code, case_type, entity_id, service_id, office_id, status, assignee_id,
           idempotency_key_hash, request_fingerprint, applicant, details, sla_state, due_at, explanation, submitted_at, updated_at,
           closed_at, outcome, last_seq, escalation_level, origin_case_id, facts, working_days_to_close, first_free_slot_at)
         SELECT t.id, t.workflow_id, t.tracking_code, b.case_type, b.entity_id, b.service_id, b.office_id, b.status, b.assignee_id,
           NULL, b.request_fingerprint, b.applicant, b.details, b.sla_state, b.due_at, b.explanation, b.submitted_at, b.updated_at,
           b.closed_at, b.outcome, b.last_seq, b.escalation_level, NULL, b.facts, b.working_days_to_close, b.first_free_slot_at
         FROM twin t JOIN "case" b ON b.id = t.base_id`,
      );
      await client.query(
        `INSERT INTO case_clock (case_id, clock, state, started_at, due_at, paused, stopped_at, breached_at, escalation_level, explanation, target_due_at)
         SELECT t.id, cc.clock, cc.state, cc.started_at, cc.due_at, cc.paused, cc.stopped_at, cc.breached_at, cc.escalation_level, cc.explanation, cc.target_due_at
         FROM twin t JOIN case_clock cc ON cc.case_id = t.base_id`,
      );
      const written = await client.query(
        `INSERT INTO case_event (case_id, seq, type, status, actor, payload, occurred_at)
         SELECT t.id, e.seq, e.type, e.status, e.actor, e.payload, e.occurred_at
         FROM twin t JOIN case_event e ON e.case_id = t.base_id ORDER BY e.occurred_at`,
      );
      await client.query('COMMIT');
      cases += inserted.rowCount ?? 0;
      events += written.rowCount ?? 0;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    opts.log(`${cases} twin cases written`);
  }
  return { cases, events };
}
