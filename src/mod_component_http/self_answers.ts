/**
 * What the component answers itself, without its endpoint: XEP-0030
 * disco#info (so clients show the bot as one) and XEP-0199 ping.
 *
 * The default identity is client/bot: in the XEP-0030 registry the
 * "component" category is for a server's internal parts (c2s, sm, router,
 * ...), "automation" for command and RPC nodes, while client/bot is "an
 * automated client that is not controlled by a human user", which is what
 * an HTTP bot is, and what clients display as a bot.
 */
import * as st from "util.stanza";
import * as jid from "util.jid";
import type { Stanza } from "util.stanza";

export const DISCO_INFO = "http://jabber.org/protocol/disco#info";
export const PING = "urn:xmpp:ping";

/** The identity and features the component declares. */
export interface DiscoInfo {
  category: string;
  identityType: string;
  /** Nil: the local part of the JID asked, or its domain. */
  name?: string;
  /** Always with disco#info and ping first, no duplicates. */
  features: string[];
}

/** Read the component_disco_* options; entries that are not strings are dropped with a warning. */
export function discoInfoOptions(): DiscoInfo {
  const features = [DISCO_INFO, PING];
  const seen = new LuaSet<string>();
  seen.add(DISCO_INFO);
  seen.add(PING);
  for (const feature of module.get_option_array("component_disco_features", [])) {
    if (typeof feature !== "string" || feature === "") {
      module.log("warn", "Ignoring %s in component_disco_features: not a feature name", tostring(feature));
    } else if (!seen.has(feature)) {
      seen.add(feature);
      features.push(feature);
    }
  }
  return {
    category: module.get_option_string("component_disco_category", "client"),
    identityType: module.get_option_string("component_disco_type", "bot"),
    name: module.get_option_string("component_disco_name"),
    features,
  };
}

/** The disco#info or ping request an iq carries, if any (a get with that one child). */
export function selfAnswerable(stanza: Stanza): "disco" | "ping" | undefined {
  if (stanza.name !== "iq" || stanza.attr.type !== "get") {
    return undefined;
  }
  const child = stanza.tags[0];
  if (child === undefined || stanza.tags.length !== 1) {
    return undefined;
  }
  if (child.name === "query" && child.attr.xmlns === DISCO_INFO) {
    return "disco";
  }
  if (child.name === "ping" && child.attr.xmlns === PING) {
    return "ping";
  }
  return undefined;
}

/**
 * The answer to a disco#info or ping request (see selfAnswerable): a ping
 * gets an empty result; disco#info the identity and features, or
 * item-not-found for a node (the component has none).
 */
export function selfAnswer(stanza: Stanza, info: DiscoInfo): Stanza {
  const query = stanza.tags[0] as Stanza;
  if (query.attr.xmlns === PING) {
    return st.reply(stanza);
  }
  if (query.attr.node !== undefined) {
    return st.error_reply(stanza, "cancel", "item-not-found", "This entity has no disco#info nodes");
  }
  const [node, host] = jid.split(stanza.attr.to ?? module.host);
  const name = info.name ?? node ?? host ?? module.host;
  const reply = st.reply(stanza).tag("query", { xmlns: DISCO_INFO });
  reply.tag("identity", { category: info.category, type: info.identityType, name }).up();
  for (const feature of info.features) {
    reply.tag("feature", { var: feature }).up();
  }
  return reply;
}
