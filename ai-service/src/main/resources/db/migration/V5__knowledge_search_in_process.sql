-- Knowledge search runs in each replica's Lucene index (KnowledgeSearch: HNSW vectors and BM25), rebuilt from this
-- table at start. The table keeps the passages and their embeddings; its indexes are read by nothing now (the rebuild
-- reads by primary key). The generated full-text column stays for this release: during a rolling update the previous
-- version's pods still rank with it until they are replaced. A later migration drops it.
DROP INDEX IF EXISTS ai.knowledge_chunk_search;
DROP INDEX IF EXISTS ai.knowledge_chunk_category;
