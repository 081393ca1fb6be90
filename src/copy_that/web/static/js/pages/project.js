/**
 * The project page: images, extraction with live progress, the token view with its inspector,
 * exports and versions.
 */

import { ApiError, api, apiUrl } from "../api.js";
import { initAccount } from "../account.js";
import { $, clear, h, showText } from "../dom.js";
import { TokenDocument } from "../dtcg.js";
import { endpoints } from "../endpoints.js";
import { EvidenceLocator } from "../evidence.js";
import { initExports } from "../exports.js";
import { colorToCss, isColor, percent } from "../format.js";
import { Inspector } from "../inspector.js";
import { isTerminal, watchJob } from "../jobs.js";
import { initSettings, showProjectName } from "../project-settings.js";
import { TokenEditor } from "../token-editor.js";
import { TokensView } from "../tokens-view.js";
import { initUploads } from "../uploads.js";
import { VersionList } from "../versions.js";

const projectId = document.body.dataset.projectId ?? "";
const status = $("[data-project-status]");
const sizeFormat = new Intl.NumberFormat(undefined, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 });

const state = {
  /** @type {Array<{id: string, filename: string, width_px: number, height_px: number, size_bytes: number}>} */
  images: [],
  /** @type {TokenDocument|null} */
  doc: null,
  /** @type {number|null} version on show; null = current */
  viewing: null,
  /** @type {string|null} token pinned by a click */
  pinned: null,
  /** @type {string|null} token whose evidence is drawn (hovered, focused or pinned) */
  shown: null,
  /** @type {EvidenceLocator|null} */
  locator: null,
  /** @type {Map<string, TokenDocument|null>} image id → its own document */
  ownDocs: new Map(),
};

// --- images -------------------------------------------------------------------------------

const strip = $("[data-image-strip]");
const imagesEmpty = $("[data-images-empty]");

async function loadImages() {
  const page = await api(endpoints.images(projectId));
  state.images = page.data;
  clear(strip);
  imagesEmpty.hidden = state.images.length > 0;
  for (const image of state.images) {
    strip.append(
      h(
        "li",
        { class: "image-card", dataset: { imageId: image.id } },
        h("img", {
          src: apiUrl(endpoints.imageContent(projectId, image.id)),
          alt: "",
          loading: "lazy",
          width: image.width_px,
          height: image.height_px,
        }),
        h("span", { class: "image-name", text: image.filename }),
        h("span", { class: "muted", text: `${image.width_px} × ${image.height_px} px · ${sizeFormat.format(image.size_bytes / 1000)}` }),
        h("button", {
          type: "button",
          class: "button button-quiet",
          text: "Remove",
          "aria-label": `Remove ${image.filename}`,
          onClick: () => removeImage(image),
        }),
      ),
    );
  }
  $("[data-extract-start]").toggleAttribute("disabled", state.images.length === 0);
  inspector.setImages(
    state.images.map((i) => ({
      id: i.id,
      name: i.filename,
      url: apiUrl(endpoints.imageContent(projectId, i.id)),
      width: i.width_px,
      height: i.height_px,
    })),
  );
}

/**
 * Delete an image (and what was measured in it) after the visitor confirms.
 * @param {{id: string, filename: string}} image
 */
async function removeImage(image) {
  if (!window.confirm(`Remove ${image.filename}? Its tokens leave the design system.`)) return;
  try {
    await api(endpoints.image(projectId, image.id), { method: "DELETE" });
    state.ownDocs.delete(image.id);
    await loadImages();
    await Promise.all([loadTokens(), versions.load()]);
  } catch (err) {
    report(err);
  }
}

const importForm = /** @type {HTMLFormElement} */ ($("[data-import-form]"));
const importError = $("[data-import-error]");

importForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const url = String(new FormData(importForm).get("url") ?? "").trim();
  showText(importError, "");
  const button = /** @type {HTMLButtonElement} */ ($("button[type=submit]", importForm));
  button.disabled = true;
  try {
    await api(endpoints.importImage(projectId), { method: "POST", json: { url } });
    importForm.reset();
    await loadImages();
  } catch (err) {
    report(err, importError);
  } finally {
    button.disabled = false;
  }
});

// --- inspector ----------------------------------------------------------------------------

const inspector = new Inspector(
  {
    tabs: $("[data-inspector-images]"),
    image: /** @type {HTMLImageElement} */ ($("[data-inspector-image]")),
    overlay: /** @type {SVGSVGElement} */ (/** @type {unknown} */ ($("[data-inspector-overlay]"))),
    caption: $("[data-inspector-caption]"),
  },
  (image) => selectImage(image.id, image.name),
);

/**
 * The image's own document (what extraction measured in it alone), or null when there is none.
 * @param {string} imageId
 * @returns {Promise<TokenDocument|null>}
 */
async function ownDocument(imageId) {
  if (!state.ownDocs.has(imageId)) {
    let doc = null;
    try {
      doc = new TokenDocument(await api(endpoints.imageTokens(projectId, imageId)));
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
    state.ownDocs.set(imageId, doc);
  }
  return state.ownDocs.get(imageId) ?? null;
}

async function selectImage(imageId, name) {
  if (!state.locator) return;
  const locator = state.locator;
  locator.setImage(name, null, false);
  showToken(state.pinned);
  const own = await ownDocument(imageId).catch(() => null);
  if (state.locator === locator && inspector.current?.id === imageId) {
    locator.setImage(name, own, true);
    showToken(state.shown);
  }
}

/**
 * Draw `name`'s evidence, or clear the overlay when `name` is null.
 * @param {string|null} name
 */
function showToken(name) {
  state.shown = name;
  const token = name ? state.doc?.byName.get(name) : null;
  if (!token || !state.locator) {
    inspector.clearMarks();
    return;
  }
  const marks = state.locator.marksFor(token);
  const value = state.doc?.resolve(token.value);
  inspector.draw(token.name, marks, marks.caption, isColor(value) ? colorToCss(value) : undefined);
}

// --- token view ---------------------------------------------------------------------------

const tokensSection = $("[data-tokens-section]");
const groupsBox = $("[data-token-groups]");

function setPinned(name) {
  state.pinned = name;
  for (const button of groupsBox.querySelectorAll("button[data-token]")) {
    button.setAttribute("aria-pressed", String(button.dataset.token === name));
  }
  showToken(name);
  editor.show(state.doc, name ? state.doc?.byName.get(name) : null, state.viewing === null);
}

const editor = new TokenEditor(projectId, async (keep) => {
  state.pinned = keep;
  await Promise.all([loadTokens(), versions.load(), editor.loadEdits()]);
});

groupsBox.addEventListener("click", (event) => {
  const button = /** @type {HTMLElement|null} */ (/** @type {Element} */ (event.target).closest("button[data-token]"));
  if (button) setPinned(state.pinned === button.dataset.token ? null : (button.dataset.token ?? null));
});
groupsBox.addEventListener("pointerover", (event) => {
  const rowEl = /** @type {HTMLElement|null} */ (/** @type {Element} */ (event.target).closest("[data-token-row]"));
  const name = rowEl ? (rowEl.dataset.tokenRow ?? null) : state.pinned;
  // Pointer moves inside one row fire again and again; redraw only on a change.
  if ((inspector.overlay.dataset.token ?? null) !== name) showToken(name);
});
groupsBox.addEventListener("pointerleave", () => showToken(state.pinned));
groupsBox.addEventListener("focusin", (event) => {
  const button = /** @type {HTMLElement|null} */ (/** @type {Element} */ (event.target).closest("button[data-token]"));
  if (button) showToken(button.dataset.token ?? null);
});
groupsBox.addEventListener("focusout", (event) => {
  if (!groupsBox.contains(/** @type {Node|null} */ (event.relatedTarget))) showToken(state.pinned);
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && state.pinned) setPinned(null);
});

/**
 * Show a token document (the current one, or version `version`).
 * @param {Object} raw - the DTCG document
 * @param {number|null} version
 */
function showDocument(raw, version) {
  const doc = new TokenDocument(raw);
  state.doc = doc;
  state.viewing = version;
  state.locator = new EvidenceLocator(doc, state.images.length);
  clear(groupsBox);
  groupsBox.append(...new TokensView(doc).render());
  tokensSection.hidden = false;
  const colours = doc.group("color", "palette").length;
  $("[data-tokens-caption]").textContent = `· ${doc.tokens.length} tokens, ${colours} palette colours`;
  const notice = $("[data-version-notice]");
  notice.hidden = version === null;
  $("[data-version-notice-text]").textContent = version === null ? "" : `You are looking at version ${version}; downloads export this version.`;
  if (state.pinned && !doc.byName.has(state.pinned)) state.pinned = null;
  setPinned(state.pinned);
  if (inspector.current) selectImage(inspector.current.id, inspector.current.name);
}

async function loadTokens() {
  try {
    showDocument(await api(endpoints.tokens(projectId)), null);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      tokensSection.hidden = true;
      return;
    }
    throw err;
  }
}

$("[data-version-current]").addEventListener("click", () => loadTokens().catch(report));

// --- exports ------------------------------------------------------------------------------

const exportControl = initExports(projectId, () => state.viewing);

// --- extraction ---------------------------------------------------------------------------

const extractForm = /** @type {HTMLFormElement} */ ($("[data-extract-form]"));
const startButton = /** @type {HTMLButtonElement} */ ($("[data-extract-start]"));
const cancelButton = /** @type {HTMLButtonElement} */ ($("[data-extract-cancel]"));
const progressBox = $("[data-progress]");
const progressBar = /** @type {HTMLProgressElement} */ ($("[data-progress-bar]"));
const progressLabel = $("[data-progress-label]");
const extractError = $("[data-extract-error]");
let runningJob = /** @type {string|null} */ (null);

function showProgress(update) {
  const fraction = typeof update.progress === "number" ? update.progress : null;
  if (fraction !== null) progressBar.value = Math.round(fraction * 100);
  const stage = update.stage ? String(update.stage).replaceAll("_", " ") : update.status ?? "";
  const cancelling = update.cancel_requested ? " · cancelling…" : "";
  progressLabel.textContent = `${stage}${fraction === null ? "" : ` · ${percent(fraction, 0)}`}${cancelling}`;
}

async function follow(job) {
  runningJob = job.id;
  startButton.disabled = true;
  cancelButton.hidden = false;
  cancelButton.disabled = false;
  progressBox.hidden = false;
  showText(extractError, "");
  showProgress(job);
  try {
    const done = await watchJob(projectId, job.id, showProgress);
    if (done.status === "succeeded") {
      progressLabel.textContent = `Done · version ${done.version_number ?? ""}`.trim();
      state.ownDocs.clear();
      await Promise.all([loadTokens(), versions.load(), editor.loadEdits()]);
    } else if (done.status === "cancelled") {
      progressLabel.textContent = "Cancelled";
    } else {
      progressLabel.textContent = "Failed";
      showText(extractError, `Extraction failed: ${done.error ?? "no reason given"}`);
    }
  } catch (err) {
    report(err);
  } finally {
    runningJob = null;
    startButton.disabled = state.images.length === 0;
    cancelButton.hidden = true;
  }
}

extractForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(extractForm);
  const kinds = data.getAll("kinds").map(String);
  if (!kinds.length) {
    showText(extractError, "Choose at least one token kind.");
    return;
  }
  const dpr = String(data.get("dpr") ?? "");
  const body = {
    kinds,
    max_colors: Number(data.get("max_colors") ?? 16),
    dpr: dpr ? Number(dpr) : null,
  };
  startButton.disabled = true;
  try {
    await follow(await api(endpoints.jobs(projectId), { method: "POST", json: body }));
  } catch (err) {
    startButton.disabled = false;
    report(err, extractError);
  }
});

cancelButton.addEventListener("click", async () => {
  if (!runningJob) return;
  cancelButton.disabled = true;
  try {
    showProgress(await api(endpoints.cancelJob(projectId, runningJob), { method: "POST" }));
  } catch (err) {
    report(err, extractError);
  }
});

// --- start --------------------------------------------------------------------------------

/**
 * Say what went wrong, in the page.
 * @param {unknown} err
 * @param {HTMLElement} [where]
 */
function report(err, where = status) {
  showText(where, err instanceof Error ? err.message : String(err));
}

const versions = new VersionList(projectId, async (number) => {
  try {
    if (number === null) await loadTokens();
    else showDocument((await api(endpoints.version(projectId, number))).document, number);
    tokensSection.scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (err) {
    report(err);
  }
});

initSettings(projectId);

initUploads(
  {
    dropzone: $("[data-dropzone]"),
    input: /** @type {HTMLInputElement} */ ($("[data-file-input]")),
    list: $("[data-upload-list]"),
  },
  projectId,
  () => loadImages().catch(report),
);

async function start() {
  await initAccount();
  let project;
  try {
    project = await api(endpoints.project(projectId));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      $("[data-project-name]").textContent = "Project not found";
      for (const panel of document.querySelectorAll("main .panel")) /** @type {HTMLElement} */ (panel).hidden = true;
      showText(status, "It does not exist, or you have no access to it.");
      return;
    }
    throw err;
  }
  showProjectName(project.name);
  $("[data-import-submit]").removeAttribute("disabled");
  // Renaming and deleting are for owners; members would only meet a refusal.
  $("[data-settings]").hidden = project.role !== "owner";
  await loadImages();
  await Promise.all([loadTokens(), exportControl.load(), versions.load(), editor.loadEdits()]);
  const jobs = await api(`${endpoints.jobs(projectId)}?limit=1`);
  const latest = jobs.data?.[0];
  if (latest && !isTerminal(latest.status)) await follow(latest);
}

start().catch((err) => {
  if (!(err instanceof ApiError && err.status === 401)) report(err);
});
