-- CreateTable
CREATE TABLE "office_schedule" (
    "id" UUID NOT NULL,
    "entity_id" UUID,
    "kind" TEXT NOT NULL,
    "hijri_year" INTEGER,
    "opens_at" TEXT NOT NULL,
    "closes_at" TEXT NOT NULL,
    "ramadan_start" DATE,
    "ramadan_end" DATE,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "office_schedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
-- NULLS NOT DISTINCT is added by hand (Prisma cannot express it): the national regular hours (entity_id and hijri_year NULL) are one row too.
CREATE UNIQUE INDEX "office_schedule_entity_id_kind_hijri_year_key" ON "office_schedule"("entity_id", "kind", "hijri_year") NULLS NOT DISTINCT;

-- AddForeignKey
ALTER TABLE "office_schedule" ADD CONSTRAINT "office_schedule_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
