import { HotCRMError } from './errors.js';
import { compact, type Authenticator, type Transport } from './http.js';
import type { ApiToken, CreatedApiToken, RateLimitTier, TokenResponse } from './types.js';

/** A login's tokens, as the client holds them. */
export interface SessionTokens {
  /** The access token (a JWT) sent as `Authorization: Bearer`. */
  token: string;
  /** Exchanged at `POST /auth/refresh` for a new pair; each one works once. */
  refreshToken?: string;
  /** When the access token expires (epoch milliseconds), from `expiresIn`; unknown means "until a 401". */
  expiresAt?: number;
}

export interface LoginCredentials {
  email: string;
  password: string;
}

/** Refresh this long before the access token's expiry, so that a request never carries an expired one. */
const EXPIRY_MARGIN_MS = 30_000;

/** A fixed token (an API token, `hcrm_...`): nothing to renew. */
export class ApiKeyAuth implements Authenticator {
  constructor(private readonly apiKey: string) {}

  async token(): Promise<string> {
    return this.apiKey;
  }

  async renew(): Promise<boolean> {
    return false;
  }
}

/**
 * A login: signs in with email and password when it has no token, refreshes the access token shortly before
 * it expires and after a 401, and signs in again if the refresh token no longer works (when it has the
 * password). Concurrent requests share one login or refresh, because a refresh token works only once.
 */
export class SessionAuth implements Authenticator {
  private pending: Promise<void> | undefined;

  constructor(
    private readonly http: Transport,
    private readonly credentials: LoginCredentials | undefined,
    private tokens: SessionTokens | undefined,
    private readonly onTokens?: (tokens: SessionTokens) => void,
  ) {}

  get current(): SessionTokens | undefined {
    return this.tokens && { ...this.tokens };
  }

  set current(tokens: SessionTokens | undefined) {
    this.tokens = tokens && { ...tokens };
  }

  async token(): Promise<string> {
    if (this.pending) {
      await this.pending;
    }
    if (!this.tokens) {
      await this.once(() => this.login());
    } else if (this.tokens.expiresAt !== undefined && Date.now() >= this.tokens.expiresAt - EXPIRY_MARGIN_MS) {
      await this.once(() => this.refresh());
    }
    return this.tokens!.token;
  }

  async renew(used: string): Promise<boolean> {
    if (this.pending) {
      await this.pending;
    }
    if (this.tokens && this.tokens.token !== used) {
      return true; // another request renewed it meanwhile
    }
    await this.once(() => this.refresh());
    return true;
  }

  async login(): Promise<void> {
    if (!this.credentials) {
      throw new HotCRMError('The session has ended and the client has no email and password to sign in again',
        { code: 'AUTHENTICATION_ERROR', status: 401 });
    }
    this.accept(await this.http.request<TokenResponse>('POST', '/auth/token',
      { body: this.credentials, authenticated: false }));
  }

  /** Ends the login on the server (every refresh token of it) and forgets the tokens. */
  async logout(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    this.tokens = undefined;
    if (refreshToken) {
      await this.http.request('POST', '/auth/logout', { body: { refreshToken }, authenticated: false });
    }
  }

  private async refresh(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    if (!refreshToken) {
      return this.login();
    }
    try {
      this.accept(await this.http.request<TokenResponse>('POST', '/auth/refresh',
        { body: { refreshToken }, authenticated: false }));
    } catch (error) {
      if (error instanceof HotCRMError && error.status === 401 && this.credentials) {
        return this.login();
      }
      throw error;
    }
  }

  private once(work: () => Promise<void>): Promise<void> {
    this.pending ??= work().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private accept(answer: TokenResponse): void {
    this.tokens = {
      token: answer.token,
      refreshToken: answer.refreshToken,
      expiresAt: typeof answer.expiresIn === 'number' ? Date.now() + answer.expiresIn * 1000 : undefined,
    };
    this.onTokens?.({ ...this.tokens });
  }
}

export interface CreateApiTokenRequest {
  name: string;
  /** Defaults to, and may not exceed, your own tier. */
  tier?: RateLimitTier;
  /** ISO-8601 date-time in the future. */
  expiresAt?: string;
}

/** `/auth/api-tokens`: long-lived tokens for `apiKey`. */
export class ApiTokens {
  constructor(private readonly http: Transport) {}

  /** Creates one; the answer's `token` is the secret, shown this once. */
  create(request: CreateApiTokenRequest): Promise<CreatedApiToken> {
    return this.http.request('POST', '/auth/api-tokens', { body: compact(request) });
  }

  /** Your live tokens; `all: true` (admins) lists everyone's. */
  async list(options: { all?: boolean } = {}): Promise<ApiToken[]> {
    const answer = await this.http.request<{ records: ApiToken[] }>('GET', '/auth/api-tokens',
      { query: { all: options.all || undefined } });
    return answer.records;
  }

  /** Revokes one; the gateway stops accepting it within a minute. */
  async revoke(id: string): Promise<void> {
    await this.http.request('DELETE', `/auth/api-tokens/${encodeURIComponent(id)}`);
  }
}
