-- Grants and subsidies awarded, published as open data and imported by administrators.
CREATE TABLE "grant_award" (
    "id" BIGSERIAL NOT NULL,
    "agreement_reference" TEXT NOT NULL,
    "agreement_date" DATE NOT NULL,
    "granting_entity_code" TEXT NOT NULL,
    "granting_entity_name" TEXT NOT NULL,
    "programme" TEXT NOT NULL,
    "beneficiary_name" TEXT NOT NULL,
    "beneficiary_type" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "province" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "amount_centimes" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "grant_award_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "grant_award_beneficiary_type_check" CHECK ("beneficiary_type" IN ('association', 'cooperative', 'company', 'other')),
    CONSTRAINT "grant_award_kind_check" CHECK ("kind" IN ('financial', 'in_kind')),
    CONSTRAINT "grant_award_amount_check" CHECK ("amount_centimes" >= 0)
);
CREATE UNIQUE INDEX "grant_award_granting_entity_code_agreement_reference_key" ON "grant_award"("granting_entity_code", "agreement_reference");
CREATE INDEX "grant_award_year_idx" ON "grant_award"("year");
CREATE INDEX "grant_award_region_idx" ON "grant_award"("region");
CREATE INDEX "grant_award_programme_idx" ON "grant_award"("programme");
CREATE INDEX "grant_award_agreement_date_idx" ON "grant_award"("agreement_date");
CREATE INDEX "grant_award_updated_at_idx" ON "grant_award"("updated_at");
