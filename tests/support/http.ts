/** A small HTTP client for e2e tests against the local stack; each response is checked against the document. */
import { recordExchange } from "./contract.ts";

export interface Response {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field
  json: any;
}

export interface RequestOptions {
  body?: unknown;
  /** A raw body sent as is (for malformed JSON and size tests). */
  raw?: string | Buffer;
  key?: string;
  headers?: Record<string, string>;
}

export function client(baseUrl: string, defaultKey?: string) {
  return async (method: string, path: string, options: RequestOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key ?? defaultKey;
    if (key && !("authorization" in headers)) headers.authorization = `Bearer ${key}`;
    let body: string | Buffer | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    recordExchange({ method, url: path, status: response.status, headers: response.headers, text });
    return { status: response.status, headers: response.headers, text, json };
  };
}
