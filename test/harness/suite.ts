// One Prosody per test file, with its XMPP clients: started in beforeAll,
// stopped in afterAll with the check that its log shows no errors or
// tracebacks. Uses vitest's expect: for test files only (not bench or demo).

import { expect } from "vitest";
import { startProsody, type ProsodyOptions, type ProsodyServer } from "./prosody.js";
import { connectClient, type TestClient } from "./xmpp.js";

/** [name, "<name>-pw"] pairs for ProsodyOptions.users: the password convention of the tests. */
export function withPasswords(...names: string[]): [string, string][] {
  return names.map((name) => [name, `${name}-pw`]);
}

export interface SuiteOptions<U extends string> extends ProsodyOptions {
  /** Users (from `users`) to log in once the server is up, each with its resource. */
  clients?: Record<U, string>;
}

export interface Suite<U extends string> {
  server: ProsodyServer;
  clients: Record<U, TestClient>;
}

/** Starts Prosody, then logs the clients in (in parallel). */
export async function startSuite<U extends string = never>(opts: SuiteOptions<U>): Promise<Suite<U>> {
  const server = await startProsody(opts);
  const entries = Object.entries<string>(opts.clients ?? ({} as Record<U, string>));
  try {
    const connected = await Promise.all(
      entries.map(([user, resource]) => {
        const password = opts.users?.find(([name]) => name === user)?.[1];
        if (password === undefined) throw new Error(`client ${user} is not among the users`);
        return connectClient(server, user, password, resource);
      }),
    );
    return { server, clients: Object.fromEntries(entries.map(([user], i) => [user, connected[i]])) as Record<U, TestClient> };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

export interface StopOptions {
  /** Log entries the suite expects (e.g. a configuration error it provokes), left out of the check. */
  expected?: (entry: string) => boolean;
  /** Run after the server stopped (closing webhook servers, ending helper processes...). */
  cleanup?: Array<() => unknown>;
}

/**
 * Stops the clients, the server, then runs the cleanups; then asserts that the
 * log holds no errors or tracebacks. Safe with a suite that failed to start.
 */
export async function stopSuite(suite: Suite<string> | undefined, opts: StopOptions = {}): Promise<void> {
  try {
    await Promise.all(Object.values<TestClient>(suite?.clients ?? {}).map((c) => c.stop()));
    await suite?.server.stop();
  } finally {
    await Promise.all((opts.cleanup ?? []).map((f) => f()));
  }
  const expected = opts.expected ?? (() => false);
  expect((suite?.server.problems() ?? []).filter((entry) => !expected(entry))).toEqual([]);
}
