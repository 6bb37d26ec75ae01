-- AlterTable
ALTER TABLE "case" ADD COLUMN     "request_fingerprint" TEXT;
