/**
 * Follow an extraction job to its end: Server-Sent Events for live progress, polling as fallback.
 */

import { api, apiUrl } from "./api.js";
import { endpoints } from "./endpoints.js";

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
// Polling period when the event stream is unavailable; a job takes seconds, not milliseconds.
const POLL_MS = 1000;

/**
 * Whether a job status is final.
 * @param {string} status
 * @returns {boolean}
 */
export function isTerminal(status) {
  return TERMINAL.has(status);
}

/**
 * Follow job `jobId` until it ends.
 * @param {string} projectId
 * @param {string} jobId
 * @param {(update: {status?: string, stage?: string, progress?: number, error?: string|null}) => void} onUpdate
 *     called with every progress report (progress 0–1)
 * @returns {Promise<Object>} the job as the API returns it once it has ended
 */
export function watchJob(projectId, jobId, onUpdate) {
  return new Promise((resolve, reject) => {
    let finished = false;
    const finish = async () => {
      if (finished) return;
      finished = true;
      source.close();
      try {
        // The job row is the truth; read it once the stream says the job ended.
        let job = await api(endpoints.job(projectId, jobId));
        while (!isTerminal(job.status)) {
          onUpdate(job);
          await new Promise((r) => setTimeout(r, POLL_MS));
          job = await api(endpoints.job(projectId, jobId));
        }
        onUpdate(job);
        resolve(job);
      } catch (err) {
        reject(err);
      }
    };
    const source = new EventSource(apiUrl(endpoints.jobEvents(projectId, jobId)));
    const onEvent = (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!data || typeof data !== "object") return;
      const update = data.job && typeof data.job === "object" ? data.job : data;
      onUpdate(update);
      if (typeof update.status === "string" && isTerminal(update.status)) finish();
    };
    // `progress` carries the job whenever it changes; `result` ({job, version}) ends the stream.
    source.addEventListener("progress", onEvent);
    source.addEventListener("result", onEvent);
    // The stream closing (normal at the end) or failing: the job row decides what happened.
    source.addEventListener("error", () => finish());
  });
}
