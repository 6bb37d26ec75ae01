-- AlterTable
ALTER TABLE "sign_in_failure" DROP CONSTRAINT "sign_in_failure_pkey",
ADD COLUMN     "client" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "sign_in_failure_pkey" PRIMARY KEY ("username", "client");
