-- CreateTable
CREATE TABLE "calendar_revision" (
    "id" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "calendar_revision_pkey" PRIMARY KEY ("id")
);

-- The single row every holiday change bumps.
INSERT INTO "calendar_revision" ("id", "revision") VALUES (1, 0);
