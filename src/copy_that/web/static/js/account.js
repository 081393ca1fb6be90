/**
 * The header's account area: who is signed in, and the log-out button.
 */

import { ROOT, api } from "./api.js";
import { endpoints } from "./endpoints.js";
import { $ } from "./dom.js";

/**
 * Load the signed-in user (redirecting to log in when there is none) and wire log-out.
 * @returns {Promise<{id: string, email: string, name: string|null}>}
 */
export async function initAccount() {
  const user = await api(endpoints.me());
  const nav = $("[data-account]");
  $("[data-account-email]", nav).textContent = user.name ? `${user.name} (${user.email})` : user.email;
  $("[data-logout]", nav).addEventListener("click", async () => {
    try {
      await api(endpoints.logout(), { method: "POST", auth: false });
    } finally {
      location.assign(`${ROOT}/login`);
    }
  });
  nav.hidden = false;
  return user;
}
