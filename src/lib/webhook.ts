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
 * there is no answer: timeout, connection failure, a full queue, or an
 * open circuit breaker.
 * `probe` does the same with an OPTIONS request (mod_rest asks the
 * endpoint at load which format it wants).
 *
 * With `breaker` configured, each endpoint URL has a circuit breaker
 * (src/lib/breaker.ts): after consecutive outages (no connection, timeout,
 * 5xx other than 501) requests to it are refused at once, queued ones
 * included, until a probe gets through; a 429 or 503 with Retry-After
 * opens it for that long.
 *
 * Requests go through src/lib/http_pool.ts when `connections` is set: kept-alive
 * connections, or with `keepalive` false one connection per request; and
 * through net.http without `connections`, or when the pool cannot serve: outside a running Prosody or with connection
 * libraries of an unknown API (src/lib/http_client_libs.ts), and for URLs it
 * does not parse (another scheme, an IPv6 literal host: src/lib/http_target.ts).
 */
import * as http from "net.http";
import * as hashes from "util.hashes";
import * as errorlib from "util.error";
import * as promiselib from "util.promise";
import * as timelib from "util.time";
import * as standard from "./standard_webhooks";
import { newDeadlines } from "./deadlines";
import { newFifo } from "./fifo";
import { newIdSource } from "./ids";
import { labelledCounter } from "./labelled_counter";
import { newBreaker } from "./breaker";
import { retryAfterSeconds } from "./retry_after";
import { addUnloadTask } from "./unload";
import { newPool, TOO_LARGE } from "./http_pool";
import { loadClientLibs } from "./http_client_libs";
import { clientTlsContext } from "./tls_client";
import type { Pool, PoolAnswer, PoolRequest } from "./http_pool";
import type { Breaker, BreakerState } from "./breaker";
import type { Timed } from "./deadlines";
import type { ClientRequest, ClientResponse, RequestOptions } from "net.http";
import type { Promise } from "util.promise";
import type { UtilError } from "util.error";

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
  /** A circuit breaker per endpoint URL; none when nil. */
  breaker?: BreakerOptions;
  /** Connection reuse and TLS trust; nil: net.http for every request, its default CA store. */
  connections?: ConnectionSettings;
}

/** How requests reach the endpoint (see src/lib/http_pool.ts). */
export interface ConnectionSettings {
  /** Keep connections open and reuse them; false: a connection per request. */
  keepalive: boolean;
  /** Connections per origin (scheme, host, port); more requests wait for one. */
  maxConnections: number;
  /** Seconds an unused connection stays open. */
  idleTimeout: number;
  /** A PEM file of CA certificates trusted for https besides the default store; nil: the default store only. */
  cafile?: string;
}

/** The circuit breaker's settings (see src/lib/breaker.ts). */
export interface BreakerOptions {
  /** Consecutive outages that open it; 0: only Retry-After does. */
  failures: number;
  /** First cooldown, seconds. */
  cooldown: number;
  /** Longest cooldown and longest Retry-After honoured, seconds. */
  maxCooldown: number;
}

/** The breaker's settings from a module's options; a cap below the first cooldown is raised to it. */
export function breakerSettings(failures: number, cooldown: number, maxCooldown: number): BreakerOptions {
  return { failures, cooldown, maxCooldown: math.max(cooldown, maxCooldown) };
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

/**
 * What `deliver` calls with the outcome: exactly one of the two, once,
 * with the context given to `deliver`. The same handlers serve every
 * delivery (a constant table), so a delivery makes no closures.
 */
export interface DeliveryHandlers<C> {
  answered: (this: void, context: C, answer: WebhookAnswer) => void;
  failed: (this: void, context: C, err: UtilError) => void;
  /** Called when `answered` or `failed` raised (a bug of the caller's): the sender still needs an answer. */
  broke?: (this: void, context: C, err: unknown) => void;
}

/**
 * Handlers as a job keeps them, with their context: the context's type is
 * known where they are paired, in `deliver`; kept as `never` here, which
 * every handler accepts.
 */
type StoredHandlers = DeliveryHandlers<never>;

/** Hand the outcome over, catching what a handler raises (the library's state is already settled). */
function notify<T>(
  handlers: StoredHandlers, handler: (this: void, context: never, value: T) => void, context: unknown, value: T,
): void {
  const [ok, err] = pcall(handler, context as never, value);
  if (!ok) {
    handlers.broke?.(context as never, err);
  }
}

export interface Webhook {
  /** POST `body` to `url`; see the module comment for the outcome. */
  post(this: void, url: string, body: string, headers: { [name: string]: string }): Promise<WebhookAnswer>;
  /**
   * `post` with plain callbacks, for hot paths: each util.promise step
   * costs a zero-delay timer turn in Prosody. The handlers may be called
   * before `deliver` returns (a full queue, an open breaker).
   */
  deliver<C>(this: void, url: string, body: string, headers: { [name: string]: string }, handlers: DeliveryHandlers<C>, context: C): void;
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
  "circuit-open": { type: "wait", condition: "remote-server-timeout", text: "The endpoint is failing; not sent until it recovers" },
});

/** A promise's settling functions: the context of `post` and `probe`. */
interface Settlers {
  resolve: (this: void, answer: WebhookAnswer) => void;
  reject: (this: void, err: UtilError) => void;
}

/** The handlers of `post` and `probe`: settle their promise. */
const SETTLING: DeliveryHandlers<Settlers> = {
  answered: (settlers, answer) => settlers.resolve(answer),
  failed: (settlers, err) => settlers.reject(err),
};

/** The request methods the library sends. */
type Method = "POST" | "OPTIONS";

/** A delivery; while sent, its own fields keep it in the timeout list. */
interface Job extends Timed<Job> {
  method: Method;
  url: string;
  /** Nil for a probe. */
  body?: string;
  /** The caller's table when nothing is added to it (unsigned), else a copy. */
  headers: { [name: string]: string };
  /** The breaker's probe: its outcome decides whether the breaker closes. */
  probe: boolean;
  /** The endpoint's breaker, when there are breakers. */
  breaker?: Breaker;
  handlers: StoredHandlers;
  /** What the handlers are called with. */
  context: unknown;
  /** Set while it is sent: when it started (util.time), the request. */
  started?: number;
  request?: ClientRequest;
  /** The request when it went through the connection pool. */
  pooled?: PoolRequest;
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
  /** A chunked body ended by the connection closing, before its last chunk. */
  cutShort(this: void): boolean;
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
  let cut = false;
  const finish = (response: ClientResponse): void => {
    // net.http ends a chunked body at the connection's close too; only then has it set `body` (else still false).
    cut = response.chunked === true && (response.body as string | false) !== false;
    response.body = table.concat(parts);
  };
  return {
    handler: () => $multi(sink, finish),
    cutShort: () => cut,
    tooLarge: () => overflow,
  };
}

/** The pool's answer as a WebhookAnswer: the same table, one field more (it has room for it). */
function withLatency(answer: PoolAnswer, latency: number): WebhookAnswer {
  const completed: PoolAnswer & { latency?: number } = answer;
  completed.latency = latency;
  return completed as WebhookAnswer;
}

/** True for an answer that shows an outage: 5xx, except 501 (a definite "not supported"). */
function isOutage(code: number): boolean {
  return code >= 500 && code !== 501;
}

/** The breaker's states: one series each in the webhook_breaker gauge. */
const BREAKER_STATES: BreakerState[] = ["closed", "open", "half-open"];

/** The connection pool of a webhook, or nil (logged) when Prosody's connection libraries cannot be used. */
function poolFor(connections: ConnectionSettings, maxBody: number, tlsContext: object | undefined): Pool | undefined {
  const [libs, why] = loadClientLibs();
  if (libs === undefined) {
    module.log("debug", "Webhook requests go through net.http: %s", why);
    return undefined;
  }
  const pool = newPool({
    maxConnections: connections.maxConnections, idleTimeout: connections.idleTimeout, maxBody, tlsContext, reuse: connections.keepalive,
  }, libs);
  // Close the connections with the module (and before a reload).
  addUnloadTask(pool.close);
  return pool;
}

export function newWebhook(config: WebhookConfig): Webhook {
  const count = labelledCounter("webhook_requests", "Webhook requests by outcome", "outcome");
  const latencies = module.metric("histogram", "webhook_latency", "seconds", "Time until the endpoint answered", [], {
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
  });
  const latency = latencies.with_labels(); // Looked up once: the hot path samples it per request.
  const queue = newFifo<Job>();
  const nextId = newIdSource();
  let inflight = 0;
  let health: "unknown" | "connected" | "failing" = "unknown";
  const breakers = new LuaMap<string, Breaker>();
  const breakerOptions = config.breaker;
  const signs = config.secret !== undefined || (config.standardKeys !== undefined && config.standardKeys.length > 0);
  // Endpoints per breaker state, and how often a breaker opened (only with a breaker: mod_rest's metrics stay as they were).
  const breakerStates = breakerOptions === undefined ? undefined
    : module.metric("gauge", "webhook_breaker", "", "Endpoints per circuit breaker state", ["state"]);
  const breakerOpenings = breakerOptions === undefined ? undefined
    : module.metric("counter", "webhook_breaker_opened", "", "Times a circuit breaker opened", []);
  // Requests in flight and waiting, read when the metrics are collected: nothing to do per request.
  const requestsIn = module.metric("gauge", "webhook_queue", "", "Webhook requests in flight and waiting", ["state"]);
  const inFlightGauge = requestsIn.with_labels("in-flight");
  const waitingGauge = requestsIn.with_labels("waiting");
  module.hook_global("stats-update", () => {
    inFlightGauge.set(inflight);
    waitingGauge.set(queue.size());
  });
  const endpointsIn = new LuaMap<BreakerState, number>();
  for (const state of BREAKER_STATES) {
    endpointsIn.set(state, 0);
    breakerStates?.with_labels(state).set(0);
  }

  /**
   * Keep the module status in step with the endpoint's health, logging
   * changes only. `reason`: why it fails, or the HTTP status code that
   * tells (formatted only on a change).
   */
  function setHealth(ok: boolean, reason: string | number): void {
    if (ok && health !== "connected") {
      health = "connected";
      module.set_status("info", "Connected to the endpoint", true);
    } else if (!ok && health !== "failing") {
      health = "failing";
      module.log_status("warn", "Endpoint failing: %s", typeof reason === "number" ? `HTTP ${reason}` : reason);
    }
  }

  /** Refuse the waiting requests to `url`: none waits behind an open breaker. */
  function refuseQueued(url: string): void {
    const refused: Job[] = [];
    for (const job of queue.drain()) {
      if (job.url === url) {
        refused.push(job);
      } else {
        queue.push(job);
      }
    }
    for (const job of refused) {
      count("circuit-open");
      notify(job.handlers, job.handlers.failed, job.context, deliveryErrors.new("circuit-open", { url, outcome: "circuit-open" }));
    }
  }

  /** The breaker of an endpoint, made on first use. */
  function breakerFor(url: string, options: BreakerOptions): Breaker {
    const existing = breakers.get(url);
    if (existing !== undefined) {
      return existing;
    }
    let current: BreakerState = "closed";
    endpointsIn.set("closed", (endpointsIn.get("closed") ?? 0) + 1);
    breakerStates?.with_labels("closed").set(endpointsIn.get("closed") ?? 0);
    const breaker = newBreaker({
      failures: options.failures,
      cooldown: options.cooldown,
      maxCooldown: options.maxCooldown,
      onChange(state, reason, cooldown) {
        endpointsIn.set(current, (endpointsIn.get(current) ?? 1) - 1);
        breakerStates?.with_labels(current).set(endpointsIn.get(current) ?? 0);
        endpointsIn.set(state, (endpointsIn.get(state) ?? 0) + 1);
        breakerStates?.with_labels(state).set(endpointsIn.get(state) ?? 0);
        current = state;
        if (state === "open") {
          breakerOpenings?.with_labels().add(1);
          health = "failing";
          module.log_status("warn", "Endpoint failing: %s; circuit open, nothing sent for %s s", reason, string.format("%.1f", cooldown));
          refuseQueued(url);
        } else if (state === "half-open") {
          module.set_status("warn", `Endpoint failing: ${reason}; circuit half-open, the next request probes it`);
        }
        // Closed: the success that closed it sets the status to Connected.
      },
    });
    breakers.set(url, breaker);
    return breaker;
  }

  /** The request is over: free its slot (starting the next queued one) and count its outcome. */
  function finish(job: Job, outcome: string): void {
    inflight--;
    deadlines.remove(job);
    count(outcome);
    const next = queue.shift();
    if (next !== undefined) {
      start(next);
    }
  }

  /** No answer in time: the request is dropped and its connection closed. */
  function expire(job: Job): void {
    // The breaker first: if it opens, the queue is refused before finish starts its next request.
    const breaker = job.breaker;
    breaker?.failure("timeout", job.probe);
    finish(job, "timeout");
    if (job.pooled !== undefined) {
      pool?.cancel(job.pooled);
    } else if (job.request !== undefined) {
      http.destroy_request(job.request);
    }
    setHealth(false, "timeout");
    notify(job.handlers, job.handlers.failed, job.context, deliveryErrors.new("timeout", { url: job.url, outcome: "timeout" }));
  }
  const deadlines = newDeadlines<Job>(config.timeout, expire);
  const tlsContext = clientTlsContext(config.connections?.cafile);
  const pool = config.connections === undefined ? undefined : poolFor(config.connections, config.maxBody, tlsContext);

  /**
   * The outcome of a sent request: the answer (`code` > 0), or no answer
   * (`code` 0, `body` saying why), or one over the body limit (`tooLarge`).
   * `pooled`: the pool's answer table, completed and handed on rather than copied.
   */
  function settle(
    job: Job, body: string, code: number,
    answerHeaders: { [name: string]: string | undefined } | undefined, tooLarge: boolean, pooled?: PoolAnswer,
  ): void {
    if (job.timing !== true) {
      return; // Timed out (and cancelled) already.
    }
    const breaker = job.breaker;
    if (tooLarge) {
      breaker?.success(); // It answered: its mistake, not an outage.
      finish(job, "too-large");
      setHealth(false, "answer too large");
      notify(job.handlers, job.handlers.failed, job.context, deliveryErrors.new("too-large", { url: job.url, outcome: "too-large", limit: config.maxBody }));
      return;
    }
    if (code === 0) {
      breaker?.failure(body, job.probe);
      finish(job, "connection");
      setHealth(false, body);
      notify(job.handlers, job.handlers.failed, job.context, deliveryErrors.new("connection", { url: job.url, outcome: "connection", reason: body }));
      return;
    }
    const elapsed = timelib.now() - (job.started as number);
    latency.sample(elapsed);
    const headers = answerHeaders ?? {};
    if (breaker !== undefined) {
      const pause = code === 429 || code === 503 ? retryAfterSeconds(headers["retry-after"], os.time()) : undefined;
      if (pause !== undefined && pause > 0) {
        breaker.pause(pause, `HTTP ${code} with Retry-After ${pause}`);
      } else if (isOutage(code)) {
        breaker.failure(`HTTP ${code}`, job.probe);
      } else {
        breaker.success();
      }
    }
    finish(job, code >= 200 && code < 300 ? "success" : "http-error");
    setHealth(code < 500 || (job.method === "OPTIONS" && code === 501), code);
    const answer = pooled === undefined ? { code, body, headers, latency: elapsed } : withLatency(pooled, elapsed);
    notify(job.handlers, job.handlers.answered, job.context, answer);
  }

  /** The pool's outcome of a job's request. */
  function settlePooled(job: Job, answer: PoolAnswer | undefined, failure?: string): void {
    if (answer !== undefined) {
      settle(job, answer.body, answer.code, answer.headers, false, answer);
    } else {
      settle(job, failure ?? "connection failed", 0, undefined, failure === TOO_LARGE);
    }
  }

  function start(job: Job): void {
    inflight++;
    job.started = timelib.now();
    deadlines.add(job);

    if (config.standardKeys !== undefined && config.standardKeys.length > 0) {
      // Signed when sent (not when queued): the timestamp is the sending time.
      // The webhook-id: one per delivery (the pool's one retry sends the same bytes).
      standard.addHeaders(job.headers, config.standardKeys, `msg_${nextId()}`, os.time(), job.body ?? "");
    }

    if (pool !== undefined) {
      const pooled = pool.request(job.method, job.url, job.headers, job.body, settlePooled, job);
      if (pooled !== undefined) {
        job.pooled = pooled;
        return;
      }
    }

    const collector = bodyCollector(config.maxBody);
    const onAnswer = (body: string, code: number, response: ClientResponse | ClientRequest | undefined): void => {
      const tooLarge = collector.tooLarge() || (code !== 0 && body.length > config.maxBody);
      const cut = code !== 0 && collector.cutShort();
      settle(job, cut ? "answer cut short" : body, cut ? 0 : code, (response as ClientResponse | undefined)?.headers, tooLarge);
    };

    const options: RequestOptions = {
      method: job.method,
      body: job.body,
      headers: job.headers,
      suppress_url: true,
      streaming_handler: collector.handler,
      sslctx: tlsContext,
    };
    // net.http raises for some URLs (https without LuaSec): a failed delivery, not a crash.
    const [ok, result] = pcall(() => http.request(job.url, options, onAnswer));
    if (!ok) {
      onAnswer(tostring(result), 0, undefined);
    } else {
      job.request = result;
    }
  }

  /** Send now, queue, or refuse when the queue is full or the endpoint's breaker open. */
  function submit(
    method: Method, url: string, body: string | undefined, headers: { [name: string]: string }, handlers: StoredHandlers, context: unknown,
  ): void {
    const hasSlot = inflight < config.maxInflight;
    if (!hasSlot && queue.size() >= config.maxQueue) {
      count("queue-full");
      notify(handlers, handlers.failed, context, deliveryErrors.new("queue-full", { url, outcome: "queue-full" }));
      return;
    }
    let probe = false;
    const breaker = breakerOptions === undefined ? undefined : breakerFor(url, breakerOptions);
    if (breaker !== undefined) {
      const [admitted, isProbe] = breaker.admit();
      if (!admitted) {
        count("circuit-open");
        notify(handlers, handlers.failed, context, deliveryErrors.new("circuit-open", { url, outcome: "circuit-open" }));
        return;
      }
      probe = isProbe;
    }
    // Signatures are added to a copy: the caller may pass the same table every time.
    let sentHeaders = headers;
    if (signs) {
      sentHeaders = {};
      for (const [name, value] of pairs(headers)) {
        sentHeaders[name] = value;
      }
      if (config.secret !== undefined) {
        sentHeaders[SIGNATURE_HEADER] = sign(config.secret, body ?? "");
      }
    }
    // Every field named here, those set later too: a table sized once, not grown while it is sent.
    const job: Job = {
      method, url, body, headers: sentHeaders, probe, breaker, handlers, context,
      started: undefined, request: undefined, pooled: undefined, due: undefined, prevTimed: undefined, nextTimed: undefined, timing: undefined,
    };
    if (hasSlot) {
      start(job);
    } else {
      queue.push(job);
    }
  }

  /** `submit` as a promise, for callers that chain. */
  function submitted(method: Method, url: string, body: string | undefined, headers: { [name: string]: string }): Promise<WebhookAnswer> {
    return promiselib.new<WebhookAnswer>((resolve, reject) => submit(method, url, body, headers, SETTLING, { resolve, reject }));
  }

  return {
    post(url, body, headers) {
      return submitted("POST", url, body, headers);
    },
    deliver(url, body, headers, handlers, context) {
      submit("POST", url, body, headers, handlers, context);
    },
    probe(url, headers) {
      return submitted("OPTIONS", url, undefined, headers);
    },
    load() {
      return $multi(inflight, queue.size());
    },
  };
}
