/**
 * Webhook delivery, shared by mod_component_http and mod_rest's callbacks:
 * one POST per stanza, a timeout enforced with a timer (net.http has none),
 * bounded concurrency with a bounded queue, optional signatures (the
 * legacy X-Prosody-Signature HMAC-SHA256 of the exact body, and Standard
 * Webhooks headers from src/lib/standard_webhooks.ts), metrics, and the module status kept as
 * "connected" or "failing" for admins.
 *
 * `post` resolves with the endpoint's answer whatever its status (mapping
 * statuses is the caller's business) and rejects with a util.error when
 * there is no answer: timeout, connection failure, or a full queue.
 * `probe` does the same with an OPTIONS request (mod_rest asks the
 * endpoint at load which format it wants).
 */
import * as http from "net.http";
import * as hashes from "util.hashes";
import * as errorlib from "util.error";
import * as promiselib from "util.promise";
import * as timelib from "util.time";
import * as idlib from "util.id";
import * as standard from "./standard_webhooks";
import type { ClientRequest, ClientResponse, RequestOptions } from "net.http";
import type { Promise } from "util.promise";
import type { UtilError } from "util.error";
import type { Timer } from "core.moduleapi";

/** Name of the legacy header carrying `sha256=<hex HMAC of the body>`. */
export const SIGNATURE_HEADER = "X-Prosody-Signature";

export interface WebhookConfig {
  /** Seconds before an unanswered request counts as failed. */
  timeout: number;
  /** HMAC-SHA256 key of the legacy X-Prosody-Signature; none when nil. */
  secret?: string;
  /** Decoded `whsec_` keys for the Standard Webhooks headers (one signature each); none when nil or empty. */
  standardKeys?: string[];
  /** Requests in flight at once. */
  maxInflight: number;
  /** Requests waiting for a slot; more are refused. */
  maxQueue: number;
  /** Largest answer body accepted, in bytes; a larger one fails the delivery ("too-large"). */
  maxBody: number;
}

/** What the endpoint answered. */
export interface WebhookAnswer {
  code: number;
  body: string;
  /** Lower-case header names. */
  headers: { [name: string]: string | undefined };
  /** Seconds between sending and the answer. */
  latency: number;
}

export interface Webhook {
  /** POST `body` to `url`; see the module comment for the outcome. */
  post(this: void, url: string, body: string, headers: { [name: string]: string }): Promise<WebhookAnswer>;
  /**
   * An OPTIONS request without a body, through the same timeout, signature
   * (of the empty body), queue, metrics and status as `post`. An answer of
   * 501 (no OPTIONS support) still counts as the endpoint being up.
   */
  probe(this: void, url: string, headers: { [name: string]: string }): Promise<WebhookAnswer>;
  /** Requests in flight and waiting. */
  load(this: void): LuaMultiReturn<[number, number]>;
}

/**
 * Why a delivery produced no answer. The key is also in the error's
 * `context.outcome`, for callers that treat the endpoint's own mistakes
 * (an answer too large) apart from outages.
 */
export const deliveryErrors = errorlib.init("webhook", {
  timeout: { type: "cancel", condition: "remote-server-timeout", text: "The endpoint did not answer in time" },
  connection: { type: "cancel", condition: "remote-server-timeout", text: "The endpoint could not be reached" },
  "queue-full": { type: "wait", condition: "resource-constraint", text: "Too many requests waiting for the endpoint" },
  "too-large": { type: "cancel", condition: "undefined-condition", text: "The endpoint's answer is too large" },
});

/** The request methods the library sends. */
type Method = "POST" | "OPTIONS";

interface Job {
  method: Method;
  url: string;
  /** Nil for a probe. */
  body?: string;
  headers: { [name: string]: string };
  /** The webhook-id: one per delivery, kept if it is ever sent again. */
  id: string;
  resolve: (this: void, answer: WebhookAnswer) => void;
  reject: (this: void, err: UtilError) => void;
}

/** The signature header value for a body: `sha256=` and the hex HMAC. */
export function sign(secret: string, body: string): string {
  return `sha256=${hashes.hmac_sha256(secret, body, true)}`;
}

type StreamingHandler = NonNullable<RequestOptions["streaming_handler"]>;
/** net.http's body sink (its `write` is a method: net.http calls `sink:write(chunk)`). */
type BodySink = ReturnType<StreamingHandler>[0];

/** Where a streamed answer body goes, and whether it outgrew the limit. */
interface BodyCollector {
  handler: StreamingHandler;
  tooLarge(this: void): boolean;
}

/**
 * Collect answer bodies that net.http streams: those without Content-Length
 * (delimited by the connection closing, as PHP's built-in server sends
 * them: net.http 0.12 would keep only the first packet of such a body),
 * chunked ones, and those over its own 10 MB limit. Stops past `maxBody`
 * bytes, which fails the request rather than buffering without end.
 */
function bodyCollector(maxBody: number): BodyCollector {
  const parts: string[] = [];
  let size = 0;
  let overflow = false;
  const sink: BodySink = {
    write(chunk: string): boolean {
      size += chunk.length;
      if (size > maxBody) {
        overflow = true;
        return false;
      }
      parts.push(chunk);
      return true;
    },
  };
  const finish = (response: ClientResponse): void => {
    response.body = table.concat(parts);
  };
  return {
    handler: () => $multi(sink, finish),
    tooLarge: () => overflow,
  };
}

export function newWebhook(config: WebhookConfig): Webhook {
  const outcomes = module.metric("counter", "webhook_requests", "", "Webhook requests by outcome", ["outcome"]);
  const latencies = module.metric("histogram", "webhook_latency", "seconds", "Time until the endpoint answered", [], {
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
  });
  const queue: Job[] = [];
  let inflight = 0;
  let health: "unknown" | "connected" | "failing" = "unknown";

  /** Keep the module status in step with the endpoint's health, logging changes only. */
  function setHealth(ok: boolean, reason: string): void {
    if (ok && health !== "connected") {
      health = "connected";
      module.set_status("info", "Connected to the endpoint", true);
    } else if (!ok && health !== "failing") {
      health = "failing";
      module.log_status("warn", "Endpoint failing: %s", reason);
    }
  }

  function start(job: Job): void {
    inflight++;
    const started = timelib.now();
    let settled = false;
    let request: ClientRequest | undefined;
    let timer: Timer | undefined;

    const finish = (outcome: string): void => {
      settled = true;
      inflight--;
      timer?.stop();
      outcomes.with_labels(outcome).add(1);
      const next = table.remove(queue, 1);
      if (next !== undefined) {
        start(next);
      }
    };

    timer = module.add_timer(config.timeout, () => {
      if (!settled) {
        finish("timeout");
        if (request !== undefined) {
          http.destroy_request(request);
        }
        setHealth(false, "timeout");
        job.reject(deliveryErrors.new("timeout", { url: job.url, outcome: "timeout" }));
      }
    });

    if (config.standardKeys !== undefined && config.standardKeys.length > 0) {
      // Signed when sent (not when queued): the timestamp is the sending time.
      standard.addHeaders(job.headers, config.standardKeys, job.id, os.time(), job.body ?? "");
    }

    const collector = bodyCollector(config.maxBody);
    const onAnswer = (body: string, code: number, response: ClientResponse | ClientRequest | undefined): void => {
      if (settled) {
        return; // Timed out (and destroyed) already.
      }
      if (collector.tooLarge() || (code !== 0 && body.length > config.maxBody)) {
        finish("too-large");
        setHealth(false, "answer too large");
        job.reject(deliveryErrors.new("too-large", { url: job.url, outcome: "too-large", limit: config.maxBody }));
        return;
      }
      if (code === 0) {
        finish("connection");
        setHealth(false, body);
        job.reject(deliveryErrors.new("connection", { url: job.url, outcome: "connection", reason: body }));
        return;
      }
      const latency = timelib.now() - started;
      latencies.with_labels().sample(latency);
      finish(code >= 200 && code < 300 ? "success" : "http-error");
      setHealth(code < 500 || (job.method === "OPTIONS" && code === 501), `HTTP ${code}`);
      const headers = (response as ClientResponse | undefined)?.headers ?? {};
      job.resolve({ code, body, headers, latency });
    };

    const options: RequestOptions = {
      method: job.method,
      body: job.body,
      headers: job.headers,
      suppress_url: true,
      streaming_handler: collector.handler,
    };
    // net.http raises for some URLs (https without LuaSec): a failed delivery, not a crash.
    const [ok, result] = pcall(() => http.request(job.url, options, onAnswer));
    if (!ok) {
      onAnswer(tostring(result), 0, undefined);
    } else {
      request = result;
    }
  }

  /** Send now, queue, or refuse when the queue is full. */
  function submit(method: Method, url: string, body: string | undefined, headers: { [name: string]: string }): Promise<WebhookAnswer> {
    const allHeaders: { [name: string]: string } = {};
    for (const [name, value] of pairs(headers)) {
      allHeaders[name] = value;
    }
    if (config.secret !== undefined) {
      allHeaders[SIGNATURE_HEADER] = sign(config.secret, body ?? "");
    }
    return promiselib.new<WebhookAnswer>((resolve, reject) => {
      const job: Job = { method, url, body, headers: allHeaders, id: `msg_${idlib.medium()}`, resolve, reject };
      if (inflight < config.maxInflight) {
        start(job);
      } else if (queue.length < config.maxQueue) {
        queue.push(job);
      } else {
        outcomes.with_labels("queue-full").add(1);
        reject(deliveryErrors.new("queue-full", { url, outcome: "queue-full" }));
      }
    });
  }

  return {
    post(url, body, headers) {
      return submit("POST", url, body, headers);
    },
    probe(url, headers) {
      return submit("OPTIONS", url, undefined, headers);
    },
    load() {
      return $multi(inflight, queue.length);
    },
  };
}
