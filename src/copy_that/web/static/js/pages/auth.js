/**
 * The log-in and sign-up page: submit the form to the API, then go where the visitor was headed.
 */

import { ApiError, ROOT, api, safeNext } from "../api.js";
import { endpoints } from "../endpoints.js";
import { $, showText } from "../dom.js";

const mode = document.body.dataset.mode === "signup" ? "signup" : "login";
const form = /** @type {HTMLFormElement} */ ($("[data-auth-form]"));
const error = $("[data-form-error]");
const next = safeNext(new URLSearchParams(location.search).get("next"));

// Carry ?next= over when switching between log-in and sign-up.
for (const link of document.querySelectorAll("a[data-keep-next]")) {
  const url = new URL(link.getAttribute("href") ?? "", location.href);
  url.searchParams.set("next", next);
  link.setAttribute("href", `${url.pathname}${url.search}`);
}

/**
 * The first invalid field's message, using the browser's own constraint validation.
 * @returns {string}
 */
function invalidMessage() {
  for (const field of form.querySelectorAll("input")) {
    if (!field.checkValidity()) {
      field.focus();
      const label = form.querySelector(`label[for="${field.id}"]`)?.firstChild?.textContent?.trim();
      return `${label ?? field.name}: ${field.validationMessage}`;
    }
  }
  return "";
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const problem = invalidMessage();
  showText(error, problem);
  if (problem) return;
  const data = new FormData(form);
  const email = String(data.get("email") ?? "");
  const password = String(data.get("password") ?? "");
  const button = /** @type {HTMLButtonElement} */ ($("button[type=submit]", form));
  button.disabled = true;
  try {
    if (mode === "signup") {
      // Registering also logs in: the response sets the session cookie.
      const name = String(data.get("name") ?? "").trim();
      await api(endpoints.register(), {
        method: "POST",
        json: { email, password, name: name || null },
        auth: false,
      });
    } else {
      await api(endpoints.login(), { method: "POST", json: { email, password }, auth: false });
    }
    location.assign(next);
  } catch (err) {
    const message =
      err instanceof ApiError && err.status === 401
        ? "That email and password do not match an account."
        : err instanceof Error
          ? err.message
          : String(err);
    showText(error, message);
    button.disabled = false;
    $("#email").focus();
  }
});

// Already signed in? Skip the form. Otherwise hand it to the visitor.
api(endpoints.me(), { auth: false })
  .then(() => location.replace(next === `${ROOT}/login` ? `${ROOT}/` : next))
  .catch(() => {
    /** @type {HTMLButtonElement} */ ($("button[type=submit]", form)).disabled = false;
    if (document.activeElement === document.body) $("#email").focus();
  });
