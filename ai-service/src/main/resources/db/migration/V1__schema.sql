-- Schema ai belongs to ai-service; no other service writes here.
COMMENT ON SCHEMA ai IS 'Lead scoring, win prediction, briefings, transcription, knowledge Q&A and search, case routing, product recommendations.';
