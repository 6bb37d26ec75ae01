-- Outside applications that submit complaints through Open311: only the hash of each api_key is kept.
CREATE TABLE "open311_client" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" UUID,
    "last_used_at" TIMESTAMPTZ(3),
    CONSTRAINT "open311_client_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "open311_client_key_hash_key" ON "open311_client"("key_hash");

-- The public Open311 list reads complaints by type over a window of submission dates.
CREATE INDEX "case_case_type_submitted_at_idx" ON "case"("case_type", "submitted_at");
