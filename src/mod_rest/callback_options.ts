/**
 * The rest_callback_* options that choose what the webhook gets: the
 * format, the stanza kinds and the addressing forms hooked. Read once at
 * load; a wrong value is reported there, once, and replaced by the default.
 */
import type { Addressing } from "core.moduleapi";
import type { StanzaKind } from "util.stanza";
import { setOf } from "../lib/collections";
import { mediaType } from "../lib/media_type";
import { STANZA_FORMATS, XMPP_XML, JSON_TYPE } from "./formats";
import type { StanzaFormat } from "./formats";

const KINDS: StanzaKind[] = ["message", "presence", "iq"];
const ADDRESSINGS: Addressing[] = ["bare", "full", "host"];

/** The format named by rest_callback_content_type: a media type of STANZA_FORMATS (any case, parameters ignored) or `json`. */
function formatNamed(value: string): StanzaFormat | undefined {
  const named = string.lower(value) === "json" ? JSON_TYPE : mediaType(value);
  for (const format of STANZA_FORMATS) {
    if (format === named) {
      return format;
    }
  }
  return undefined;
}

/**
 * rest_callback_content_type: the format stanzas are POSTed in until the
 * endpoint's OPTIONS answer picks one. An unknown value is an error
 * logged here, once, and XML is used.
 */
export function callbackFormatOption(): StanzaFormat {
  const value = module.get_option_string("rest_callback_content_type", XMPP_XML);
  const format = formatNamed(value);
  if (format === undefined) {
    module.log("error", "rest_callback_content_type = %q is not one of %s (or json); sending %s",
      value, table.concat(STANZA_FORMATS, ", "), XMPP_XML);
    return XMPP_XML;
  }
  return format;
}

/**
 * A list option of known words: unknown entries are ignored with a
 * warning; when none is left, the default (with a warning).
 */
function wordsOption<T extends string>(name: string, known: T[], fallback: T[]): T[] {
  const knownSet = setOf<string>(known);
  const chosen: T[] = [];
  const seen = new LuaSet<string>();
  for (const word of module.get_option_array(name, fallback)) {
    if (typeof word === "string" && knownSet.has(word)) {
      if (!seen.has(word)) {
        seen.add(word);
        chosen.push(word as T);
      }
    } else {
      module.log("warn", "Ignoring %s in %s: expected %s", tostring(word), name, table.concat(known, ", "));
    }
  }
  if (chosen.length === 0) {
    module.log("warn", "No valid entry in %s; using %s", name, table.concat(fallback, ", "));
    return fallback;
  }
  return chosen;
}

/** rest_callback_stanzas: the stanza kinds forwarded (default all three). */
export function callbackKindsOption(): StanzaKind[] {
  return wordsOption("rest_callback_stanzas", KINDS, KINDS);
}

/**
 * rest_callback_events: the addressing forms hooked. A Component gets
 * everything addressed to it by default; a VirtualHost only what is
 * addressed to the host itself (its users' stanzas are theirs).
 */
export function callbackEventsOption(): Addressing[] {
  const fallback: Addressing[] = module.get_host_type() === "component" ? ADDRESSINGS : ["host"];
  return wordsOption("rest_callback_events", ADDRESSINGS, fallback);
}
