-- A service sets one policy per named clock of its case type (an information request's answer,
-- complaint window and complaint answer; a complaint's acknowledgement and answer).
ALTER TABLE "service" ADD COLUMN "clocks" JSONB NOT NULL DEFAULT '{}';
UPDATE "service" SET "clocks" = jsonb_build_object('decision', "sla_policy");
ALTER TABLE "service" DROP COLUMN "sla_policy";

-- The highest escalation any of the case's clocks reached.
ALTER TABLE "case" ADD COLUMN "escalation_level" INTEGER NOT NULL DEFAULT 0;

-- The case whose effect opened this one (a complaint against an information request's answer).
ALTER TABLE "case" ADD COLUMN "origin_case_id" UUID;

-- One row per clock of a case: a case closed late stays closed late.
CREATE TABLE "case_clock" (
    "case_id" UUID NOT NULL,
    "clock" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "due_at" TIMESTAMPTZ(3),
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "stopped_at" TIMESTAMPTZ(3),
    "breached_at" TIMESTAMPTZ(3),
    "escalation_level" INTEGER NOT NULL DEFAULT 0,
    "explanation" JSONB,
    CONSTRAINT "case_clock_pkey" PRIMARY KEY ("case_id","clock")
);
ALTER TABLE "case_clock" ADD CONSTRAINT "case_clock_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The running and finished document requests' one clock, from their case rows.
INSERT INTO "case_clock" ("case_id", "clock", "state", "started_at", "due_at", "paused", "stopped_at", "breached_at", "explanation")
SELECT c."id", 'decision', c."sla_state", c."submitted_at", c."due_at", c."sla_state" = 'paused',
       CASE WHEN c."sla_state" = 'stopped' THEN c."closed_at" END,
       (SELECT min(e."occurred_at") FROM "case_event" e WHERE e."case_id" = c."id" AND e."type" = 'sla_breached'),
       c."explanation"
FROM "case" c WHERE c."case_type" = 'document_request';
UPDATE "case" c SET "escalation_level" = coalesce((SELECT max((e."payload"->>'level')::int) FROM "case_event" e WHERE e."case_id" = c."id" AND e."type" = 'escalated'), 0);
