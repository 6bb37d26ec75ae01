-- CreateTable
CREATE TABLE "entity" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_ar" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "office" (
    "id" UUID NOT NULL,
    "entity_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,

    CONSTRAINT "office_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service" (
    "id" UUID NOT NULL,
    "entity_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "case_type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_ar" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "sla_policy" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_user" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "entity_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case" (
    "id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "tracking_code" TEXT NOT NULL,
    "case_type" TEXT NOT NULL,
    "entity_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "office_id" UUID,
    "status" TEXT NOT NULL,
    "assignee_id" UUID,
    "idempotency_key_hash" TEXT,
    "applicant" JSONB NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "sla_state" TEXT NOT NULL DEFAULT 'on_track',
    "due_at" TIMESTAMPTZ(3),
    "explanation" JSONB,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "last_seq" INTEGER NOT NULL,

    CONSTRAINT "case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_event" (
    "id" BIGSERIAL NOT NULL,
    "case_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "case_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "entity_code_key" ON "entity"("code");

-- CreateIndex
CREATE UNIQUE INDEX "office_entity_id_code_key" ON "office"("entity_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "service_entity_id_code_key" ON "service"("entity_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "staff_user_username_key" ON "staff_user"("username");

-- CreateIndex
CREATE UNIQUE INDEX "case_workflow_id_key" ON "case"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "case_tracking_code_key" ON "case"("tracking_code");

-- CreateIndex
CREATE UNIQUE INDEX "case_idempotency_key_hash_key" ON "case"("idempotency_key_hash");

-- CreateIndex
CREATE INDEX "case_entity_id_status_idx" ON "case"("entity_id", "status");

-- CreateIndex
CREATE INDEX "case_service_id_status_idx" ON "case"("service_id", "status");

-- CreateIndex
CREATE INDEX "case_assignee_id_idx" ON "case"("assignee_id");

-- CreateIndex
CREATE UNIQUE INDEX "case_event_case_id_seq_key" ON "case_event"("case_id", "seq");

-- AddForeignKey
ALTER TABLE "office" ADD CONSTRAINT "office_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service" ADD CONSTRAINT "service_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_office_id_fkey" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_event" ADD CONSTRAINT "case_event_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
