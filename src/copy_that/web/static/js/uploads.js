/**
 * Drag-and-drop and file-picker uploads: one request per file, with progress and per-file errors.
 */

import { upload } from "./api.js";
import { endpoints } from "./endpoints.js";
import { h } from "./dom.js";

// Two uploads at a time keep the connection busy without starving the event stream of a job.
const PARALLEL_UPLOADS = 2;
// Multipart field the service reads files from.
const FILE_FIELD = "files";

/**
 * Wire a drop zone and a file input to upload into a project.
 * @param {Object} els
 * @param {HTMLElement} els.dropzone
 * @param {HTMLInputElement} els.input
 * @param {HTMLElement} els.list - shows one line per file being uploaded
 * @param {string} projectId
 * @param {() => void} onUploaded - called after each batch with at least one success
 */
export function initUploads({ dropzone, input, list }, projectId, onUploaded) {
  const send = async (files) => {
    const queue = [...files];
    let ok = 0;
    const worker = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        const bar = h("progress", { max: "1", value: "0", "aria-label": `Uploading ${file.name}` });
        const state = h("span", { class: "upload-state", text: "uploading…" });
        const item = h("li", { class: "upload-item" }, h("span", { class: "upload-name", text: file.name }), bar, state);
        list.append(item);
        const form = new FormData();
        form.append(FILE_FIELD, file, file.name);
        try {
          await upload(endpoints.uploadImages(projectId), form, (f) => {
            bar.value = f;
          });
          ok += 1;
          item.remove();
        } catch (err) {
          bar.remove();
          item.classList.add("upload-failed");
          state.textContent = err instanceof Error ? err.message : String(err);
          item.append(h("button", { type: "button", class: "button button-quiet", text: "Dismiss", onClick: () => item.remove() }));
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_UPLOADS }, worker));
    if (ok) onUploaded();
  };

  input.addEventListener("change", () => {
    if (input.files?.length) send(input.files);
    input.value = "";
  });
  const over = (event) => {
    event.preventDefault();
    dropzone.classList.add("dropzone-over");
  };
  dropzone.addEventListener("dragenter", over);
  dropzone.addEventListener("dragover", over);
  dropzone.addEventListener("dragleave", (event) => {
    if (!dropzone.contains(/** @type {Node|null} */ (event.relatedTarget))) dropzone.classList.remove("dropzone-over");
  });
  dropzone.addEventListener("drop", (event) => {
    event.preventDefault();
    dropzone.classList.remove("dropzone-over");
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) send(files);
  });
}
