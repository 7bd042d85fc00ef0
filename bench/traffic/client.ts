// A lean XMPP client for long runs: hands every stanza to a callback and
// keeps none (the test harness's client stores every stanza it receives,
// which over minutes of traffic is hundreds of thousands of elements).
import { client, xml, type Client, type Element } from "@xmpp/client";
import type { ProsodyServer } from "../../test/harness/prosody";

export { xml, type Element };

export interface LeanClient {
  xmpp: Client;
  send(el: Element): Promise<void>;
  stop(): Promise<void>;
}

/** Logs in user@localhost with SASL PLAIN, sends presence, and passes each stanza to `onStanza`. */
export async function connectLean(
  server: ProsodyServer,
  user: string,
  password: string,
  onStanza: (el: Element) => void,
): Promise<LeanClient> {
  const xmpp = client({
    service: `xmpp://127.0.0.1:${server.c2sPort}`,
    domain: server.host,
    resource: "traffic",
    // PLAIN over loopback (allowed by the test config); SCRAM would cost a JS PBKDF2 per login.
    credentials: async (authenticate) => authenticate({ username: user, password }, "PLAIN"),
  });
  xmpp.reconnect.stop();
  xmpp.on("error", () => {});
  xmpp.on("stanza", onStanza);
  await xmpp.start();
  await xmpp.send(xml("presence"));
  // A round trip: once the ping is answered the presence was processed.
  await xmpp.iqCaller.request(xml("iq", { type: "get", to: server.host }, xml("ping", { xmlns: "urn:xmpp:ping" })));
  return {
    xmpp,
    send: (el) => xmpp.send(el),
    stop: async () => {
      try {
        await xmpp.stop();
      } catch {
        // Already closed.
      }
    },
  };
}
