// The credential cache never authenticates one user with another's
// password, nor with a password that is no longer right: a model-based
// property test (fast-check commands, fixed seed) against a real Prosody
// running mod_post_msg and mod_rest, whose caches stay warm all along (TTL
// 60 s). Commands: Basic attempts on either module with a user named as
// `user`, upper case, `user@host` or mixed case `User@LocalHost` (nodeprep
// makes them one account), and a password that is the user's own, another
// user's, one the user (or another) had before, or new; password changes
// (sometimes to another user's password), deletions and re-creations
// through the admin shell. Property: an attempt succeeds exactly when the
// model says the account exists with that password.
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSuite, stopSuite, withPasswords, type Suite } from "../harness/suite";
import type { ProsodyServer } from "../harness/prosody";
import { fuzzRuns, fuzzSeed } from "../harness/fuzz";
import { basicAuth, ROUTES } from "./kit";

const USERS = ["ann", "ben", "cat", "dan", "eve"];
/** Fixed unless FUZZ_SEED replays another run. */
const SEED = fuzzSeed() ?? 20261123;
const RUNS = fuzzRuns(40);

let suite: Suite<never> | undefined;
const server = (): ProsodyServer => {
  if (suite === undefined) throw new Error("the server is not running (beforeAll failed?)");
  return suite.server;
};

beforeAll(async () => {
  suite = await startSuite({
    name: "security-credential-cache",
    // The fewest iterations 13 allows: the property makes many checks.
    globalConfig: "default_iteration_count = 4096",
    virtualHostModules: ["post_msg", "rest"],
    virtualHostConfig: ["post_msg_max_auth_failures = 0", "rest_max_auth_failures = 0"].join("\n"),
    users: [...withPasswords(...USERS), ["sink", "sink-pw"]],
  });
}, 120_000);
afterAll(() => stopSuite(suite));

/** The accounts as the server has them: password, or null when deleted; and every password ever used. */
interface Model {
  passwords: Map<string, string | null>;
  used: string[];
}
/** What the run did, so the test can show it covered each case. */
const counts = { accepted: 0, refused: 0, acceptedAfterChange: 0, refusedKnownPassword: 0, changes: 0, deletions: 0, creations: 0 };
/** Users whose password changed (or who were re-created) since their last accepted attempt. */
const changedSince = new Set<string>();

const model: Model = { passwords: new Map(USERS.map((u) => [u, `${u}-pw`])), used: USERS.map((u) => `${u}-pw`) };

/** How the username is written: nodeprep and the host part make all of these the same account. */
type Form = "plain" | "upper" | "at-host" | "mixed";
const written = (user: string, form: Form): string =>
  form === "plain" ? user : form === "upper" ? user.toUpperCase()
  : form === "at-host" ? `${user}@localhost` : `${user[0]!.toUpperCase()}${user.slice(1)}@LocalHost`;

/** Which password an attempt uses, resolved against the model when it runs. */
type PasswordChoice = { kind: "own" } | { kind: "other"; user: string } | { kind: "used"; index: number } | { kind: "new"; text: string };

function resolve(choice: PasswordChoice, user: string, m: Model): string {
  switch (choice.kind) {
    case "own":
      return m.passwords.get(user) ?? `${user}-pw`;
    case "other":
      return m.passwords.get(choice.user) ?? `${choice.user}-pw`;
    case "used":
      return m.used[choice.index % m.used.length]!;
    case "new":
      return choice.text;
  }
}

class Attempt implements fc.AsyncCommand<Model, ProsodyServer> {
  constructor(
    readonly route: number,
    readonly user: string,
    readonly form: Form,
    readonly choice: PasswordChoice,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: Model, real: ProsodyServer): Promise<void> {
    const password = resolve(this.choice, this.user, m);
    const expected = m.passwords.get(this.user) === password;
    const res = await ROUTES[this.route]!.send(real, basicAuth(written(this.user, this.form), password));
    const what = `${written(this.user, this.form)}:${password} on mod_${ROUTES[this.route]!.module}`;
    if (expected) expect(res.status, `${what} must be accepted`).toBeLessThan(300);
    else expect(res.status, `${what} must be refused`).toBe(401);
    if (expected) {
      counts.accepted++;
      if (changedSince.delete(this.user)) counts.acceptedAfterChange++;
    } else {
      counts.refused++;
      if (m.used.includes(password) && m.passwords.get(this.user) !== undefined) counts.refusedKnownPassword++;
    }
  }
  toString(): string {
    return `attempt(${ROUTES[this.route]!.module}, ${written(this.user, this.form)}, ${JSON.stringify(this.choice)})`;
  }
}

class ChangePassword implements fc.AsyncCommand<Model, ProsodyServer> {
  constructor(
    readonly user: string,
    readonly choice: PasswordChoice,
  ) {}
  check(m: Model): boolean {
    return m.passwords.get(this.user) !== null;
  }
  async run(m: Model, real: ProsodyServer): Promise<void> {
    const password = resolve(this.choice, this.user, m);
    await real.shell(`user:password(${JSON.stringify(`${this.user}@localhost`)}, ${JSON.stringify(password)})`);
    m.passwords.set(this.user, password);
    m.used.push(password);
    changedSince.add(this.user);
    counts.changes++;
  }
  toString(): string {
    return `password(${this.user}, ${JSON.stringify(this.choice)})`;
  }
}

class Delete implements fc.AsyncCommand<Model, ProsodyServer> {
  constructor(readonly user: string) {}
  check(m: Model): boolean {
    return m.passwords.get(this.user) !== null;
  }
  async run(m: Model, real: ProsodyServer): Promise<void> {
    await real.shell(`user:delete(${JSON.stringify(`${this.user}@localhost`)})`);
    m.passwords.set(this.user, null);
    counts.deletions++;
  }
  toString(): string {
    return `delete(${this.user})`;
  }
}

class Recreate implements fc.AsyncCommand<Model, ProsodyServer> {
  constructor(
    readonly user: string,
    readonly choice: PasswordChoice,
  ) {}
  check(m: Model): boolean {
    return m.passwords.get(this.user) === null;
  }
  async run(m: Model, real: ProsodyServer): Promise<void> {
    const password = resolve(this.choice, this.user, m);
    await real.shell(`user:create(${JSON.stringify(`${this.user}@localhost`)}, ${JSON.stringify(password)})`);
    m.passwords.set(this.user, password);
    m.used.push(password);
    changedSince.add(this.user);
    counts.creations++;
  }
  toString(): string {
    return `create(${this.user}, ${JSON.stringify(this.choice)})`;
  }
}

const user = fc.constantFrom(...USERS);
const passwordChoice: fc.Arbitrary<PasswordChoice> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<PasswordChoice>({ kind: "own" }) },
  { weight: 2, arbitrary: user.map((u): PasswordChoice => ({ kind: "other", user: u })) },
  { weight: 2, arbitrary: fc.nat().map((index): PasswordChoice => ({ kind: "used", index })) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12, unit: "grapheme-ascii" }).filter((s) => !s.includes(":")).map((text): PasswordChoice => ({ kind: "new", text })) },
);
const form = fc.constantFrom<Form>("plain", "upper", "at-host", "mixed");
// Attempts (weighted by repetition) outnumber the admin commands, which cost a prosodyctl run each.
const attempt = fc.tuple(fc.nat({ max: ROUTES.length - 1 }), user, form, passwordChoice).map(([r, u, f, p]) => new Attempt(r, u, f, p));
const commands = [
  attempt, attempt, attempt, attempt, attempt, attempt,
  fc.tuple(user, passwordChoice).map(([u, p]) => new ChangePassword(u, p)),
  user.map((u) => new Delete(u)),
  fc.tuple(user, passwordChoice).map(([u, p]) => new Recreate(u, p)),
];

it(`accepts a password exactly when it is the account's current one (${RUNS} runs of up to 40 commands, seed ${SEED})`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: "max" }), (cmds) =>
      fc.asyncModelRun(() => ({ model, real: server() }), cmds),
    ),
    { numRuns: RUNS, seed: SEED, endOnFailure: false },
  );
  console.log(`credential cache property on Prosody ${server().version}: ${JSON.stringify(counts)}`);
  for (const [what, count] of Object.entries(counts)) expect(count, what).toBeGreaterThan(0);
}, 600_000);
