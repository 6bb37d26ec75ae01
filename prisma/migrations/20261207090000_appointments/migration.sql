-- Appointments: offices publish slots per service (weekly templates plus exceptions), a slot's
-- capacity is enforced here (a conditional update of "taken", checked by a constraint), seats are
-- held while a citizen fills the form and booked by a case, and a full slot keeps a waiting list.

-- Per-service settings of a case type beyond its clocks (appointment reminders, grace, notice period…).
ALTER TABLE "service" ADD COLUMN "settings" JSONB NOT NULL DEFAULT '{}';

-- The legal-consultation domains a staff member advises in (social_welfare, litigation_appeals).
ALTER TABLE "staff_user" ADD COLUMN "advisor_domains" JSONB NOT NULL DEFAULT '[]';

-- What a case's effects set and its view shows (the appointment's slot and meeting link…).
ALTER TABLE "case" ADD COLUMN "facts" JSONB NOT NULL DEFAULT '{}';

CREATE TABLE "slot_template" (
    "id" UUID NOT NULL,
    "office_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "advisor_id" UUID,
    "weekday" INTEGER NOT NULL,
    "start_time" TEXT NOT NULL,
    "end_time" TEXT NOT NULL,
    "length_minutes" INTEGER NOT NULL,
    "seats" INTEGER NOT NULL,
    "buffer_minutes" INTEGER NOT NULL DEFAULT 0,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "slot_template_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "slot_template_weekday_check" CHECK ("weekday" BETWEEN 1 AND 7),
    CONSTRAINT "slot_template_sizes_check" CHECK ("length_minutes" > 0 AND "seats" > 0 AND "buffer_minutes" >= 0)
);
CREATE INDEX "slot_template_office_id_service_id_idx" ON "slot_template"("office_id", "service_id");
ALTER TABLE "slot_template" ADD CONSTRAINT "slot_template_office_id_fkey" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "slot_template" ADD CONSTRAINT "slot_template_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "slot_template" ADD CONSTRAINT "slot_template_advisor_id_fkey" FOREIGN KEY ("advisor_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "slot_exception" (
    "id" UUID NOT NULL,
    "office_id" UUID NOT NULL,
    "service_id" UUID,
    "advisor_id" UUID,
    "date" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "start_time" TEXT,
    "end_time" TEXT,
    "length_minutes" INTEGER,
    "seats" INTEGER,
    "buffer_minutes" INTEGER,
    "reason" TEXT NOT NULL DEFAULT '',
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "slot_exception_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "slot_exception_kind_check" CHECK ("kind" IN ('closure', 'opening'))
);
CREATE INDEX "slot_exception_office_id_date_idx" ON "slot_exception"("office_id", "date");
ALTER TABLE "slot_exception" ADD CONSTRAINT "slot_exception_office_id_fkey" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "slot_exception" ADD CONSTRAINT "slot_exception_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "slot_exception" ADD CONSTRAINT "slot_exception_advisor_id_fkey" FOREIGN KEY ("advisor_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "slot" (
    "id" UUID NOT NULL,
    "office_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "advisor_id" UUID,
    "local_date" DATE NOT NULL,
    "local_start" TEXT NOT NULL,
    "local_end" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "seats" INTEGER NOT NULL,
    "taken" INTEGER NOT NULL DEFAULT 0,
    "open" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "slot_pkey" PRIMARY KEY ("id"),
    -- The last word on capacity: whatever the code does, no slot holds more seats than it has.
    CONSTRAINT "slot_capacity_check" CHECK ("taken" >= 0 AND "taken" <= "seats")
);
-- NULLS NOT DISTINCT is added by hand (Prisma cannot express it): one slot per office, service and start without an advisor too.
CREATE UNIQUE INDEX "slot_office_id_service_id_advisor_id_starts_at_key" ON "slot"("office_id", "service_id", "advisor_id", "starts_at") NULLS NOT DISTINCT;
CREATE INDEX "slot_office_id_starts_at_idx" ON "slot"("office_id", "starts_at");
ALTER TABLE "slot" ADD CONSTRAINT "slot_office_id_fkey" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "slot" ADD CONSTRAINT "slot_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "slot" ADD CONSTRAINT "slot_advisor_id_fkey" FOREIGN KEY ("advisor_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "slot_seat" (
    "id" UUID NOT NULL,
    "slot_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "case_id" UUID,
    "hold_token_hash" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "slot_seat_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "slot_seat_kind_check" CHECK ("kind" IN ('hold', 'booking')),
    CONSTRAINT "slot_seat_hold_expires_check" CHECK ("kind" = 'booking' OR "expires_at" IS NOT NULL)
);
CREATE UNIQUE INDEX "slot_seat_case_id_key" ON "slot_seat"("case_id");
CREATE UNIQUE INDEX "slot_seat_hold_token_hash_key" ON "slot_seat"("hold_token_hash");
CREATE INDEX "slot_seat_slot_id_idx" ON "slot_seat"("slot_id");
CREATE INDEX "slot_seat_expires_at_idx" ON "slot_seat"("expires_at");
ALTER TABLE "slot_seat" ADD CONSTRAINT "slot_seat_slot_id_fkey" FOREIGN KEY ("slot_id") REFERENCES "slot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "slot_waitlist" (
    "id" BIGSERIAL NOT NULL,
    "slot_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'waiting',
    "offered_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "slot_waitlist_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "slot_waitlist_state_check" CHECK ("state" IN ('waiting', 'offered', 'claimed', 'passed', 'left'))
);
CREATE UNIQUE INDEX "slot_waitlist_slot_id_case_id_key" ON "slot_waitlist"("slot_id", "case_id");
CREATE INDEX "slot_waitlist_slot_id_state_id_idx" ON "slot_waitlist"("slot_id", "state", "id");
ALTER TABLE "slot_waitlist" ADD CONSTRAINT "slot_waitlist_slot_id_fkey" FOREIGN KEY ("slot_id") REFERENCES "slot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
