-- AlterTable
ALTER TABLE "case" ADD COLUMN     "outcome" TEXT;

-- How the finished cases ended, by the document request's definition (closed: granted).
UPDATE "case" SET "outcome" = CASE "status" WHEN 'closed' THEN 'granted' WHEN 'rejected' THEN 'refused' WHEN 'withdrawn' THEN 'withdrawn' END
WHERE "case_type" = 'document_request';
