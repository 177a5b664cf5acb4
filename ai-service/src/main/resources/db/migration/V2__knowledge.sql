-- The knowledge index: published KnowledgeArticle records, cut into passages, each with its all-MiniLM-L6-v2
-- sentence embedding (384 floats, unit length) and its full-text vector. Kept current from the record
-- change events; POST /v1/ai/knowledge/reindex rebuilds it from the articles themselves.
-- Embeddings are a plain real[] (the portable form: cosine similarity is their dot product, computed in SQL).
CREATE TABLE ai.knowledge_chunk (
    article_id  text        NOT NULL,
    chunk_no    integer     NOT NULL,
    title       text        NOT NULL,
    category    text,
    summary     text,
    content     text        NOT NULL,
    embedding   real[]      NOT NULL,
    search      tsvector    GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', title), 'A') ||
                    setweight(to_tsvector('english', coalesce(summary, '')), 'B') ||
                    setweight(to_tsvector('english', content), 'C')) STORED,
    indexed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (article_id, chunk_no)
);
CREATE INDEX knowledge_chunk_search ON ai.knowledge_chunk USING gin (search);
CREATE INDEX knowledge_chunk_category ON ai.knowledge_chunk (category);
