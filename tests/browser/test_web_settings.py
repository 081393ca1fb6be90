"""Renaming and deleting a project from its page; both are for owners only."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect


def _sign_up_with_project(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/signup")
    page.get_by_label("Email").fill(f"web-{uuid.uuid4().hex[:12]}@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(f"{base}/")
    page.get_by_label("Project name").fill(name)
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(re.compile(r"/projects/[^/]+$"))


def test_owner_renames_a_project(page: Page, live_server: str) -> None:
    _sign_up_with_project(page, live_server, "Draft")
    page.get_by_label("New project name").fill("Checkout redesign")
    page.get_by_role("button", name="Rename project").click()
    expect(page.locator("h1")).to_have_text("Checkout redesign")
    expect(page).to_have_title(re.compile("^Checkout redesign"))
    page.reload()
    expect(page.locator("h1")).to_have_text("Checkout redesign")


def test_owner_deletes_a_project_after_confirming(page: Page, live_server: str) -> None:
    _sign_up_with_project(page, live_server, "Short-lived")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Delete project").click()
    expect(page.locator("h1")).to_have_text("Short-lived")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete project").click()
    page.wait_for_url(f"{live_server}/")
    expect(page.locator("[data-list-status]")).to_contain_text("No projects yet")
