-- Knowledge search runs in each replica's Lucene index (KnowledgeSearch: HNSW vectors and BM25), rebuilt from this
-- table at start: the table keeps the passages and their embeddings, and no longer needs its own full-text vector
-- (maintained on every write, read by nothing now) nor the category index (the rebuild reads by primary key).
ALTER TABLE ai.knowledge_chunk DROP COLUMN search;
DROP INDEX IF EXISTS ai.knowledge_chunk_category;
