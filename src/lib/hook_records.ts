/**
 * Prosody 13.0's `module:unhook` leaves an empty table behind in the
 * module's record of hooks for each event name (0.12 removes it).
 * `module:send_iq` hooks an event named after each iq's id
 * (`iq-result/bare/<id>`), so every iq sent leaves two tables for good: a
 * leak of about 400 bytes per iq, found by the ten-minute soak.
 */

/** The per-id events send_iq hooks for an iq from a bare JID or a host. */
const IQ_EVENT_PREFIXES = ["iq-result/bare/", "iq-error/bare/", "iq-result/host/", "iq-error/host/"];

/** Forget the empty records send_iq's hooks for the iq `id` left (once it settled). */
export function forgetIqHooks(id: string): void {
  const host = hosts.get(module.host);
  if (host === undefined) {
    return;
  }
  for (const prefix of IQ_EVENT_PREFIXES) {
    const handlers = module.event_handlers.get(host.events, `${prefix}${id}`);
    if (handlers !== undefined && next(handlers)[0] === undefined) {
      module.event_handlers.remove(host.events, `${prefix}${id}`);
    }
  }
}
