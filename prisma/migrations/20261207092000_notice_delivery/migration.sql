-- Staff receive their notices by e-mail at this address (none: the notice stays in the staff page only).
ALTER TABLE "staff_user" ADD COLUMN "email" TEXT;

-- The delivery outbox: one row per notice, channel and recipient, written with the notice itself.
-- The address is not copied here: it is read from the case's applicant or the staff account when sending.
CREATE TABLE "notice_delivery" (
    "id" BIGSERIAL NOT NULL,
    "notification_id" BIGINT NOT NULL,
    "channel" TEXT NOT NULL,
    "recipient_kind" TEXT NOT NULL,
    "recipient_ref" UUID NOT NULL,
    "language" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "provider_message_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "notice_delivery_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notice_delivery_channel_check" CHECK ("channel" IN ('email', 'sms')),
    CONSTRAINT "notice_delivery_recipient_kind_check" CHECK ("recipient_kind" IN ('citizen', 'staff')),
    CONSTRAINT "notice_delivery_language_check" CHECK ("language" IN ('fr', 'ar', 'en')),
    CONSTRAINT "notice_delivery_state_check" CHECK ("state" IN ('pending', 'sending', 'sent', 'failed', 'not_sent'))
);
CREATE UNIQUE INDEX "notice_delivery_recipient_key" ON "notice_delivery"("notification_id", "channel", "recipient_kind", "recipient_ref");
CREATE INDEX "notice_delivery_state_next_attempt_at_idx" ON "notice_delivery"("state", "next_attempt_at");
ALTER TABLE "notice_delivery" ADD CONSTRAINT "notice_delivery_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;
