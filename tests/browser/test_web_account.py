"""API keys from the web app: a new key is shown once, works for machines, and revoking stops it."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, Page, expect


def test_create_use_and_revoke_an_api_key(page: Page, browser: Browser, live_server: str) -> None:
    email = f"web-{uuid.uuid4().hex[:12]}@example.com"
    page.goto(f"{live_server}/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(f"{live_server}/")
    page.get_by_role("link", name="API keys").click()
    page.wait_for_url(f"{live_server}/account")
    expect(page.locator("[data-keys-status]")).to_have_text("No keys yet.")

    page.get_by_label("Key name").fill("ci-exporter")
    page.get_by_role("button", name="Create key").click()
    secret = page.get_by_label("Key for ci-exporter")
    expect(secret).to_be_focused()
    key = secret.input_value()
    assert len(key) >= 32
    row = page.locator("[data-keys] tr")
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_have_text("ci-exporter")
    prefix = row.locator("code").inner_text().rstrip("…")
    assert key.startswith(prefix)

    # The key works on its own, with no cookie, as a script would use it.
    machine = browser.new_context()
    me = machine.request.get(
        f"{live_server}/api/v1/auth/me", headers={"Authorization": f"Bearer {key}"}
    )
    assert me.ok
    assert me.json()["email"] == email

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke ci-exporter").click()
    expect(row.locator("td").last).to_contain_text("revoked")
    refused = machine.request.get(
        f"{live_server}/api/v1/auth/me", headers={"Authorization": f"Bearer {key}"}
    )
    assert refused.status == 401
    machine.close()
    page.reload()
    expect(page.get_by_label("Key for ci-exporter")).to_be_hidden()
