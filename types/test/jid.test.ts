import * as jid from "util.jid";
import { type Equals, expectAssignable } from "./helpers";

// split returns three values: destructure them.
const [node, host, resource] = jid.split("juliet@capulet.lit/balcony");
const nodeType: Equals<typeof node, string | undefined> = true;
const hostType: Equals<typeof host, string | undefined> = true;
const resourceType: Equals<typeof resource, string | undefined> = true;

// Only the first value is wanted: still destructure.
const [onlyNode] = jid.split("juliet@capulet.lit");
expectAssignable<string | undefined>(onlyNode);

const [pnode, phost] = jid.prepped_split("Juliet@Capulet.lit");
expectAssignable<string | undefined>(pnode);
expectAssignable<string | undefined>(phost);

// Single-value functions.
const bare = jid.bare("juliet@capulet.lit/balcony");
const bareType: Equals<typeof bare, string | undefined> = true;
const prepped = jid.prep("Juliet@Capulet.lit");
const preppedType: Equals<typeof prepped, string | undefined> = true;
expectAssignable<string | undefined>(jid.join("juliet", "capulet.lit", "balcony"));
expectAssignable<boolean>(jid.compare("juliet@capulet.lit/balcony", "capulet.lit"));
expectAssignable<string>(jid.escape("d'artagnan"));

// Misuse is rejected.
// @ts-expect-error split returns several values: it is not a string
const asString: string | undefined = jid.split("juliet@capulet.lit");
// @ts-expect-error bare may return nil
const mustBeString: string = jid.bare("not a jid");
