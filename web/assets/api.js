/* global fetch */

/** A refusal of the API (status, stable `code`, `details`, and its `message` for developers), or status 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/**
 * Calls the Khidma API and returns the parsed JSON answer (null for 204). Every answer that is
 * not 2xx becomes an ApiError carrying the API's own `message`.
 */
export async function callApi(path, { method = 'GET', body, token, headers = {} } = {}) {
  const init = { method, headers: { accept: 'application/json', ...headers }, cache: 'no-store' };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'unreachable', '');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, data?.code ?? `http_${response.status}`, data?.message ?? response.statusText, data?.details ?? {});
  }
  return data;
}

/** The ws:// or wss:// address of an API path on this site. */
export function webSocketUrl(path, query) {
  const url = new URL(path, globalThis.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined) url.searchParams.set(name, value);
  }
  return url.href;
}

/**
 * Wraps a read so that only the answer to the latest call is applied: when a live update triggers
 * a second read before the first has answered, a slower, older answer cannot overwrite a newer one.
 */
export function latestOnly(read, apply) {
  let latest = 0;
  return async (...args) => {
    const ticket = ++latest;
    const answer = await read(...args);
    if (ticket === latest) apply(answer);
  };
}
