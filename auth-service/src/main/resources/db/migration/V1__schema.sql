-- Schema auth belongs to auth-service; no other service writes here.
COMMENT ON SCHEMA auth IS 'Users, roles, login, JWT and refresh tokens, API tokens, JWKS.';
