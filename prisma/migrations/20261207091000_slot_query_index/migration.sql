-- The public slot query and the booking code's "next free slots" read one service's slots of an
-- office in start order; with fifty services at an office the (office_id, starts_at) index would
-- walk every service's slots of the range.
CREATE INDEX "slot_office_id_service_id_starts_at_idx" ON "slot"("office_id", "service_id", "starts_at");
