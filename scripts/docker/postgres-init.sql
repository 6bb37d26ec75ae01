-- Runs once, when the postgres volume is first initialised (docker-compose.yml).
-- Temporal's own role: it creates and owns its databases, apart from Khidma's.
CREATE ROLE temporal LOGIN PASSWORD 'temporal' CREATEDB;
