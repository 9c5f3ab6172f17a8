export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  scope?: string;
  write?: (line: string) => void;
  now?: () => Date;
}

/**
 * One line per event on standard error. Payloads of calls are never logged: they can hold
 * patients' data.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const scope = options.scope ?? 'healthdesk';
  function log(at: LogLevel, message: string, fields?: LogFields): void {
    if (ORDER[at] < ORDER[level]) return;
    const extra = fields
      ? Object.entries(fields)
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
          .join(' ')
      : '';
    write(
      `${now().toISOString()} ${at.toUpperCase()} [${scope}] ${message}${extra ? ' ' + extra : ''}`,
    );
  }
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (child) => createLogger({ ...options, scope: `${scope}:${child}` }),
  };
}

/** A logger that keeps its lines in memory, for tests. */
export function createMemoryLogger(): Logger & {
  lines: { level: LogLevel; message: string; fields?: LogFields }[];
} {
  const lines: { level: LogLevel; message: string; fields?: LogFields }[] = [];
  function make(): Logger {
    const push = (level: LogLevel) => (message: string, fields?: LogFields) => {
      lines.push(fields ? { level, message, fields } : { level, message });
    };
    return {
      debug: push('debug'),
      info: push('info'),
      warn: push('warn'),
      error: push('error'),
      child: () => make(),
    };
  }
  return Object.assign(make(), { lines });
}
