/**
 * The server-side 0Bit API client. It is the only code that holds the secret key, and it
 * never logs or returns it.
 */
export interface ZeroBitSession {
  id: string;
  status: string;
  amount: number;
  currency: string;
  clientSecret: string;
}

export interface DeadLetter {
  eventId: string;
  type: string;
}

export class ZeroBitError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ZeroBitError';
  }
}

const TIMEOUT_MS = 10_000;

export function createZeroBitClient({ apiBase, secretKey }: { apiBase: string; secretKey: string }) {
  async function call<T>(method: 'GET' | 'POST', path: string, init: { body?: unknown; idempotencyKey?: string } = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${secretKey}`, accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
    let res: Response;
    try {
      res = await fetch(`${apiBase}${path}`, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (cause) {
      throw new ZeroBitError(`0Bit ${method} ${path} failed to connect`, undefined, { cause });
    }
    const text = await res.text();
    if (!res.ok) {
      const type = safeErrorType(text);
      throw new ZeroBitError(`0Bit ${method} ${path} answered ${res.status}${type ? ` (${type})` : ''}`, res.status);
    }
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new ZeroBitError(`0Bit ${method} ${path} answered invalid JSON`, res.status, { cause });
    }
  }

  return {
    createSession(body: { amount: number; currency: string; returnUrl?: string }, idempotencyKey: string) {
      return call<ZeroBitSession>('POST', '/v1/sessions', { body, idempotencyKey });
    },
    createVerification(body: { type: 'individual' | 'business'; reference: string }, idempotencyKey?: string) {
      return call<{ id: string; url: string; status: string }>('POST', '/v1/verification_sessions', { body, ...(idempotencyKey && { idempotencyKey }) });
    },
    async listSessions(status: 'completed' | 'failed' | 'open' | 'expired'): Promise<ZeroBitSession[]> {
      return (await call<{ data: ZeroBitSession[] }>('GET', `/v1/sessions?status=${status}`)).data;
    },
    async deadLetters(): Promise<DeadLetter[]> {
      return (await call<{ data: DeadLetter[] }>('GET', '/v1/webhooks/dead_letters')).data;
    },
  };
}

/** Only the error type goes into messages: an upstream body may echo request data. */
function safeErrorType(text: string): string | undefined {
  try {
    const type = (JSON.parse(text) as { error?: { type?: unknown } }).error?.type;
    return typeof type === 'string' && /^[a-z_]{1,64}$/.test(type) ? type : undefined;
  } catch {
    return undefined;
  }
}

export type ZeroBitClient = ReturnType<typeof createZeroBitClient>;
