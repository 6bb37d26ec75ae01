-- AlterTable
ALTER TABLE "case" ADD COLUMN     "attention_reason" TEXT,
ADD COLUMN     "attention_since" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "case_event_retracted" (
    "id" BIGINT NOT NULL,
    "case_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "retracted_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "case_event_retracted_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "case_event_retracted_case_id_idx" ON "case_event_retracted"("case_id");

-- AddForeignKey
ALTER TABLE "case_event_retracted" ADD CONSTRAINT "case_event_retracted_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
