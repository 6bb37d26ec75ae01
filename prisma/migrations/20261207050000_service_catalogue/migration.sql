-- AlterTable
ALTER TABLE "service" ADD COLUMN     "description_ar" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "description_en" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "name_en" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "required_documents" JSONB NOT NULL DEFAULT '[]';
