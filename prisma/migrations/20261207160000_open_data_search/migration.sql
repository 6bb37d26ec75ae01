-- Searches of calls for tenders and of grants look for each folded word anywhere in the folded text
-- (LIKE '%word%'), which no B-tree serves: trigram indexes do, from three characters on. pg_trgm ships
-- with PostgreSQL's contrib and is loaded into the embedded PGlite by platform/database.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "tender_search_text_trgm_idx" ON "tender" USING GIN ("search_text" gin_trgm_ops);
CREATE INDEX "grant_award_search_text_trgm_idx" ON "grant_award" USING GIN ("search_text" gin_trgm_ops);
