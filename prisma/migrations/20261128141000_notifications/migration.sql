-- CreateTable
CREATE TABLE "notification" (
    "id" BIGSERIAL NOT NULL,
    "case_id" UUID NOT NULL,
    "entity_id" UUID NOT NULL,
    "event_seq" INTEGER NOT NULL,
    "audience" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "read_at" TIMESTAMPTZ(3),
    "read_by" TEXT,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notification_entity_id_audience_read_at_idx" ON "notification"("entity_id", "audience", "read_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_case_id_event_seq_audience_key" ON "notification"("case_id", "event_seq", "audience");

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
