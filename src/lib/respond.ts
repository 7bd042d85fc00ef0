/**
 * Answers written directly, so that other modules' `http-error`
 * formatting never touches them.
 */
import type { HttpEvent, ServerResponse } from "net.http.server";
import type { UtilError } from "util.error";
import * as json from "./json";
import { negotiate } from "./negotiate";
import { labelledCounter } from "./labelled_counter";

/** Response headers, named as Prosody's HTTP server takes them (`content_type`). */
export type Headers = { [name: string]: string };

/** Counts answers by status once the module asked for it (`countAnswers`). */
let countStatus: ((this: void, status: string) => void) | undefined;

/** Count every answer written from now on in the module's `http_answers` metric, by status. */
export function countAnswers(): void {
  countStatus = labelledCounter("http_answers", "HTTP answers by status", "status");
}

/** Count an answer the module writes without `respond` (no-op until `countAnswers`). */
export function answered(status: number): void {
  countStatus?.(tostring(status));
}

/** Write a complete answer; returns true, the "already answered" handler result. */
export function respond(response: ServerResponse, status: number, body: string, contentType: string, headers?: Headers): true {
  answered(status);
  response.status_code = status;
  response.headers.content_type = contentType;
  if (headers !== undefined) {
    for (const [name, value] of pairs(headers)) {
      response.headers[name] = value;
    }
  }
  response.send(body);
  return true;
}

/** The JSON error document shared by the modules. */
export function errorDocument(err: UtilError, status: number): string {
  return json.encode({
    type: "error",
    error: { type: err.type, condition: err.condition, text: err.text },
    code: status,
  });
}

/**
 * Answer with a util.error: its `code` is the status; the body is JSON when
 * the client prefers it, else one line of text.
 */
export function respondError(event: HttpEvent, err: UtilError, headers?: Headers): true {
  const status = err.code ?? 500;
  const format = negotiate(event.request.headers.accept, ["text/plain", "application/json"]);
  if (format === "application/json") {
    return respond(event.response, status, errorDocument(err, status), "application/json", headers);
  }
  const text = err.text ?? err.condition;
  return respond(event.response, status, `${text}\n`, "text/plain; charset=utf-8", headers);
}
