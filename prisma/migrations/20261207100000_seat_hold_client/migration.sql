-- Who holds a booking form's seat (a hash of the client's address): one client holds a few seats at a time, not an agenda.
ALTER TABLE "slot_seat" ADD COLUMN "client_key" TEXT;
CREATE INDEX "slot_seat_client_key_idx" ON "slot_seat"("client_key");
