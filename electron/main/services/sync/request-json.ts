export type JsonExchange =
  | { kind: 'response'; status: number; json: unknown; headers: Headers }
  | { kind: 'failed'; reason: 'timeout' | 'network' | 'bad-response'; message: string };

export interface JsonRequest {
  fetch: typeof fetch;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  /** Larger answers are refused while they stream in, so a broken server cannot fill memory. */
  maxBytes: number;
}

/**
 * One HTTP exchange with a deadline covering connecting, sending and reading the whole answer.
 * Never throws: network errors, timeouts and answers that are not JSON come back as values.
 */
export async function requestJson(request: JsonRequest): Promise<JsonExchange> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const response = await request.fetch(request.url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: controller.signal,
      redirect: 'error',
    });
    const text = await readText(response, request.maxBytes);
    if (text === null)
      return {
        kind: 'failed',
        reason: 'bad-response',
        message: 'The server sent too large an answer',
      };
    try {
      return {
        kind: 'response',
        status: response.status,
        json: JSON.parse(text) as unknown,
        headers: response.headers,
      };
    } catch {
      return {
        kind: 'failed',
        reason: 'bad-response',
        message: `The server answered ${response.status} without JSON`,
      };
    }
  } catch (error) {
    if (controller.signal.aborted)
      return {
        kind: 'failed',
        reason: 'timeout',
        message: `No answer within ${Math.round(request.timeoutMs / 1000)} s`,
      };
    return { kind: 'failed', reason: 'network', message: describe(error) };
  } finally {
    clearTimeout(timer);
  }
}

async function readText(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici puts the useful part (ECONNREFUSED, certificate errors) in `cause`.
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
