import type pg from 'pg';
import type { SimulatedCase } from './case-simulation.js';

/**
 * Writes simulated cases set-based: one INSERT … SELECT from a JSON document per table, in one
 * transaction, so a batch is in the read model whole or not at all. Returns the events written.
 * Commits need not wait for the disk: a run cut short is started again, not recovered.
 */
export async function insertBatch(pool: pg.Pool, batch: SimulatedCase[]): Promise<number> {
  if (batch.length === 0) return 0;
  const cases = JSON.stringify(batch.map((c) => c.row));
  const clocks = JSON.stringify(batch.flatMap((c) => c.clocks));
  const events = batch.flatMap((c) => c.events);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = off');
    await client.query(
      `INSERT INTO "case" (id, workflow_id, tracking_code, case_type, entity_id, service_id, office_id, status, assignee_id,
         idempotency_key_hash, request_fingerprint, applicant, details, sla_state, due_at, explanation, submitted_at, updated_at,
         closed_at, outcome, last_seq, escalation_level, origin_case_id, facts, working_days_to_close, first_free_slot_at)
       SELECT id, workflow_id, tracking_code, case_type, entity_id, service_id, office_id, status, assignee_id,
         idempotency_key_hash, request_fingerprint, applicant, details, sla_state, due_at, explanation, submitted_at, updated_at,
         closed_at, outcome, last_seq, escalation_level, origin_case_id, facts, working_days_to_close, first_free_slot_at
       FROM json_populate_recordset(NULL::"case", $1::json)`,
      [cases],
    );
    await client.query(
      `INSERT INTO case_clock (case_id, clock, state, started_at, due_at, paused, stopped_at, breached_at, escalation_level, explanation, target_due_at)
       SELECT case_id, clock, state, started_at, due_at, paused, stopped_at, breached_at, escalation_level, explanation, target_due_at
       FROM json_populate_recordset(NULL::case_clock, $1::json)`,
      [clocks],
    );
    await client.query(
      `INSERT INTO case_event (case_id, seq, type, status, actor, payload, occurred_at)
       SELECT case_id, seq, type, status, actor, payload, occurred_at FROM json_populate_recordset(NULL::case_event, $1::json)`,
      [JSON.stringify(events)],
    );
    await client.query('COMMIT');
    return events.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
