-- CreateTable
CREATE TABLE "holiday_override" (
    "id" UUID NOT NULL,
    "entity_id" UUID,
    "date" DATE NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "name_fr" TEXT NOT NULL,
    "name_ar" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "removed" BOOLEAN NOT NULL DEFAULT false,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "holiday_override_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
-- NULLS NOT DISTINCT is added by hand (Prisma cannot express it): national rows, whose entity_id is NULL, are unique per date too.
CREATE UNIQUE INDEX "holiday_override_entity_id_date_key" ON "holiday_override"("entity_id", "date") NULLS NOT DISTINCT;

-- AddForeignKey
ALTER TABLE "holiday_override" ADD CONSTRAINT "holiday_override_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
