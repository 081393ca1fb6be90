/**
 * The export control: the formats the service has exporters for, and downloading one.
 */

import { ApiError, api, apiUrl } from "./api.js";
import { $, clear, h, showText } from "./dom.js";
import { endpoints } from "./endpoints.js";

/**
 * The file name a `Content-Disposition` header gives, or `fallback`.
 * @param {string|null} header
 * @param {string} fallback
 * @returns {string}
 */
function attachmentName(header, fallback) {
  const match = /filename="([^"]+)"/.exec(header ?? "");
  return match ? match[1] : fallback;
}

/**
 * Save `blob` as a file named `name`, as a download.
 * @param {Blob} blob
 * @param {string} name
 */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the blob goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Wire the export form.
 * @param {string} projectId
 * @param {() => number|null} version - the version on show (null: the current one)
 * @returns {{load: () => Promise<void>}} `load` fills the format list from the service
 */
export function initExports(projectId, version) {
  const form = /** @type {HTMLFormElement} */ ($("[data-export-form]"));
  const select = /** @type {HTMLSelectElement} */ ($("[data-export-format]"));
  const button = /** @type {HTMLButtonElement} */ ($("[data-export-download]"));
  const error = $("[data-export-error]");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const format = select.value;
    if (!format) return;
    showText(error, "");
    button.disabled = true;
    try {
      // Fetched first so a refusal (a format that cannot express these tokens) is shown here
      // rather than as a failed download.
      const response = await fetch(apiUrl(endpoints.exportTokens(projectId, format, version())), {
        credentials: "same-origin",
      });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        throw new ApiError(response.status, body?.error?.message ?? `Export failed (HTTP ${response.status}).`);
      }
      save(await response.blob(), attachmentName(response.headers.get("Content-Disposition"), `tokens.${format}`));
    } catch (err) {
      showText(error, err instanceof Error ? err.message : String(err));
    } finally {
      button.disabled = false;
    }
  });

  return {
    async load() {
      const page = await api(endpoints.formats());
      clear(select);
      for (const format of page.data) {
        select.append(h("option", { value: format.name, text: `${format.name} (.${format.extension.replace(/^\./, "")})` }));
      }
      if (page.data.some((f) => f.name === "css")) select.value = "css";
    },
  };
}
