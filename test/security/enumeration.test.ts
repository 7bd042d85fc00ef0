// No user enumeration, for mod_post_msg and mod_rest (Basic): a wrong
// password and an unknown user get the same answer (status, headers, body)
// and take about as long. internal_hashed checks an existing account's
// password with a PBKDF2 derivation but refuses a missing one at once;
// src/lib/refusal_cost.ts derives a key for the missing one too.
//
// Timing, made robust: the server derives with 50,000 iterations (a
// derivation costs several times a whole HTTP round trip here), requests of
// all groups are interleaved in a new order each round (drift hits them alike), each group gives the
// median of ROUNDS requests, and only ratios of medians are asserted, within
// a generous bound. No absolute time is asserted. A control group (cached
// right password: no derivation at all) must fall outside the bound, which
// proves the measurement sees a missing derivation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSuite, stopSuite, withPasswords, type Suite } from "../harness/suite";
import { basicAuth, median, observable, ROUTES, timed, type AuthenticatedRoute } from "./kit";

/** Requests per group (medians of at least 30). */
const ROUNDS = 41;
/** A group's median over the wrong-password median must lie within [1/BOUND, BOUND]. */
const BOUND = 2;
const ITERATIONS = 50_000;

let suite: Suite<never> | undefined;
const server = () => {
  if (suite === undefined) throw new Error("the server is not running (beforeAll failed?)");
  return suite.server;
};

beforeAll(async () => {
  suite = await startSuite({
    name: "security-enumeration",
    globalConfig: `default_iteration_count = ${ITERATIONS}`,
    virtualHostModules: ["post_msg", "rest"],
    // No 429 after repeated failures: every request here is a failure from one address.
    virtualHostConfig: ["post_msg_max_auth_failures = 0", "rest_max_auth_failures = 0"].join("\n"),
    users: withPasswords("alice", "bob", "dora", "sink"),
  });
  // Prosody 13 can disable an account; its password check then returns before deriving anything.
  if (suite.server.version === "13") await suite.server.shell('user:disable("dora@localhost")');
}, 120_000);
afterAll(() => stopSuite(suite));

/** How each group authenticates in round `i`: fresh names and passwords, so nothing is ever answered from a cache. */
const GROUPS: Record<string, (i: number) => string> = {
  "known user, wrong password": (i) => basicAuth("alice", `wrong-${i}`),
  "unknown user": (i) => basicAuth(`nobody${i}`, `wrong-${i}`),
  "unknown user@host": (i) => basicAuth(`ghost${i}@localhost`, `wrong-${i}`),
  "unknown user, a known user's password": (i) => basicAuth(`Stranger${i}`, "alice-pw"),
  "known user whose right password is cached, wrong password": (i) => basicAuth("bob", `bob-pw${i}`),
};
const CONTROL = "cached right password (control: no derivation)";
const DISABLED = "disabled account, its right password (Prosody 13)";

/** The groups measured on this server: 13 adds the disabled account. */
const groupsOf = (version: string): Record<string, (i: number) => string> =>
  version === "13" ? { ...GROUPS, [DISABLED]: () => basicAuth("dora", "dora-pw") } : GROUPS;

interface Measured {
  medians: Record<string, number>;
  answers: Record<string, ReturnType<typeof observable>[]>;
}

async function measure(route: AuthenticatedRoute): Promise<Measured> {
  // bob's right password goes into the cache first; the control group reads it from there.
  expect((await route.send(server(), basicAuth("bob", "bob-pw"))).status).toBeLessThan(300);
  const groups: Record<string, (i: number) => string> = { ...groupsOf(server().version), [CONTROL]: () => basicAuth("bob", "bob-pw") };
  const times: Record<string, number[]> = {};
  const answers: Record<string, ReturnType<typeof observable>[]> = {};
  const order = Object.entries(groups);
  let seed = 20261123;
  for (let i = 0; i < ROUNDS; i++) {
    // A new order each round (seeded shuffle), so nothing periodic on the server always hits the same group.
    for (let j = order.length - 1; j > 0; j--) {
      seed = (seed * 16807) % 2147483647;
      const k = seed % (j + 1);
      [order[j], order[k]] = [order[k]!, order[j]!];
    }
    for (const [name, auth] of order) {
      const { ms, res } = await timed(() => route.send(server(), auth(i)));
      (times[name] ??= []).push(ms);
      (answers[name] ??= []).push(observable(res));
    }
  }
  const medians: Record<string, number> = {};
  for (const name of Object.keys(groups)) medians[name] = median(times[name]!);
  return { medians, answers };
}

describe.each(ROUTES.map((route) => [route.module, route] as const))("mod_%s", (_module, route) => {
  let measured: Measured;
  beforeAll(async () => {
    measured = await measure(route);
    const figures = Object.entries(measured.medians).map(([name, ms]) => `  ${name}: ${ms.toFixed(2)} ms`);
    console.log(`mod_${route.module} on Prosody ${server().version}, medians of ${ROUNDS} requests, ${ITERATIONS} iterations:\n${figures.join("\n")}`);
  }, 180_000);

  it("answers every refusal alike: same status, headers and body", () => {
    const reference = measured.answers["known user, wrong password"]![0]!;
    expect(reference.status).toBe(401);
    for (const name of Object.keys(groupsOf(server().version))) {
      for (const answer of measured.answers[name]!) expect(answer, name).toEqual(reference);
    }
  });

  it(`takes as long for an unknown user as for a wrong password (medians within ${1 / BOUND}x-${BOUND}x)`, () => {
    const reference = measured.medians["known user, wrong password"]!;
    for (const name of Object.keys(groupsOf(server().version))) {
      const ratio = measured.medians[name]! / reference;
      expect(ratio, `${name}: ${ratio.toFixed(2)}x`).toBeGreaterThan(1 / BOUND);
      expect(ratio, `${name}: ${ratio.toFixed(2)}x`).toBeLessThan(BOUND);
    }
  });

  it("can see a missing derivation (the control group falls outside the bound)", () => {
    const ratio = measured.medians[CONTROL]! / measured.medians["known user, wrong password"]!;
    expect(ratio, `control: ${ratio.toFixed(2)}x`).toBeLessThan(1 / BOUND);
  });
});
