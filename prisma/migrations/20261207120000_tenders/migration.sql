-- Calls for tenders, published as open data; their status is derived when read, never stored.
CREATE TABLE "tender" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "object_fr" TEXT NOT NULL,
    "object_ar" TEXT NOT NULL,
    "buyer_code" TEXT NOT NULL,
    "buyer_name" TEXT NOT NULL,
    "buyer_name_ar" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "procedure" TEXT NOT NULL,
    "published_on" DATE NOT NULL,
    "deadline_at" TIMESTAMPTZ(3) NOT NULL,
    "opening_at" TIMESTAMPTZ(3) NOT NULL,
    "opening_place" TEXT NOT NULL,
    "estimate_centimes" BIGINT,
    "guarantee_centimes" BIGINT,
    "lots" JSONB NOT NULL DEFAULT '[]',
    "documents" JSONB NOT NULL DEFAULT '[]',
    "cancelled_on" DATE,
    "cancellation_reason" TEXT,
    "awardee" TEXT,
    "award_centimes" BIGINT,
    "awarded_on" DATE,
    "search_text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tender_pkey" PRIMARY KEY ("id")
);

-- The files of a dossier the platform serves itself (seeded DCEs): their links cannot break.
CREATE TABLE "tender_file" (
    "tender_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "tender_file_pkey" PRIMARY KEY ("tender_id","file_name")
);

CREATE UNIQUE INDEX "tender_reference_key" ON "tender"("reference");
CREATE INDEX "tender_published_on_idx" ON "tender"("published_on");
CREATE INDEX "tender_deadline_at_idx" ON "tender"("deadline_at");
CREATE INDEX "tender_buyer_code_idx" ON "tender"("buyer_code");

ALTER TABLE "tender_file" ADD CONSTRAINT "tender_file_tender_id_fkey" FOREIGN KEY ("tender_id") REFERENCES "tender"("id") ON DELETE CASCADE ON UPDATE CASCADE;
