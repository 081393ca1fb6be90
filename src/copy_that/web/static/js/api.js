/**
 * The JSON API client of the web app: every call the pages make to `/api/v1`, in one place.
 *
 * Requests carry the session cookie (same origin). A 401 sends the visitor to the log-in page
 * and back afterwards; other failures become an `ApiError` with the server's message.
 */

const body = document.body;
/** Prefix of the app (empty at the root, "/copy-that" behind a path-based proxy). */
export const ROOT = body.dataset.root ?? "";
/** Base URL of the JSON API. */
export const API = body.dataset.api ?? `${ROOT}/api/v1`;

/** An API call that did not succeed. */
export class ApiError extends Error {
  /**
   * @param {number} status - HTTP status (0 when the network failed)
   * @param {string} message - what the server said, or what went wrong
   * @param {*} [payload] - the parsed error body
   */
  constructor(status, message, payload = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.payload = payload;
  }
}

/**
 * The human message in an error body, whatever its shape (FastAPI `detail`, or `{error: {message}}`).
 * @param {*} payload
 * @param {string} fallback
 * @returns {string}
 */
function messageOf(payload, fallback) {
  if (!payload || typeof payload !== "object") return fallback;
  const { detail, error, message } = payload;
  if (typeof message === "string") return message;
  if (error && typeof error === "object" && typeof error.message === "string") return error.message;
  if (typeof error === "string") return error;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail) && detail.length) {
    return detail.map((d) => (d && typeof d.msg === "string" ? d.msg : String(d))).join("; ");
  }
  return fallback;
}

/**
 * Where the log-in page should send the visitor back to: a same-origin path, never another site.
 * @param {string|null} next
 * @returns {string}
 */
export function safeNext(next) {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return `${ROOT}/`;
  }
  return next;
}

/** Send the visitor to the log-in page, to come back here after. */
export function redirectToLogin() {
  const here = `${location.pathname}${location.search}`;
  location.assign(`${ROOT}/login?next=${encodeURIComponent(here)}`);
}

/**
 * Call the API.
 * @param {string} path - below `/api/v1`, starting with "/"
 * @param {Object} [options]
 * @param {string} [options.method]
 * @param {*} [options.json] - sent as a JSON body
 * @param {FormData} [options.form] - sent as multipart
 * @param {boolean} [options.auth] - redirect to log in on 401 (default true)
 * @param {AbortSignal} [options.signal]
 * @returns {Promise<*>} the parsed JSON body, or null for 204
 */
export async function api(path, { method = "GET", json, form, auth = true, signal } = {}) {
  const headers = { Accept: "application/json" };
  let payload;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(json);
  } else if (form) {
    payload = form;
  }
  let response;
  try {
    response = await fetch(`${API}${path}`, {
      method,
      headers,
      body: payload,
      credentials: "same-origin",
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "The server cannot be reached. Check your connection and try again.");
  }
  if (response.status === 401 && auth) {
    redirectToLogin();
    throw new ApiError(401, "Your session has ended. Log in again.");
  }
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") ?? "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const retry = response.headers.get("Retry-After");
    const fallback =
      response.status === 429 && retry
        ? `Too many requests; try again in ${retry} s.`
        : `The request failed (HTTP ${response.status}).`;
    throw new ApiError(response.status, messageOf(data, fallback), data);
  }
  return data;
}

/**
 * Upload one file with progress, as multipart; `fetch` cannot report upload progress.
 * @param {string} path - below `/api/v1`
 * @param {FormData} form
 * @param {(fraction: number) => void} onProgress - 0–1 of the bytes sent
 * @returns {Promise<*>} the parsed JSON body
 */
export function upload(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${API}${path}`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.withCredentials = true;
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status === 401) {
        redirectToLogin();
        reject(new ApiError(401, "Your session has ended. Log in again."));
      } else if (xhr.status >= 200 && xhr.status < 300) {
        resolve(xhr.response);
      } else {
        reject(new ApiError(xhr.status, messageOf(xhr.response, `Upload failed (HTTP ${xhr.status}).`), xhr.response));
      }
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "The upload was interrupted.")));
    xhr.send(form);
  });
}

/**
 * A URL under the API, for links and `<img>`/EventSource sources.
 * @param {string} path
 * @returns {string}
 */
export function apiUrl(path) {
  return `${API}${path}`;
}
