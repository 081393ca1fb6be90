"""Signing up, logging in and out, and tenant isolation, through the web app on the real service."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

_PASSWORD = "correct horse battery"


def _email() -> str:
    return f"web-{uuid.uuid4().hex[:12]}@example.com"


def _sign_up(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(_PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(f"{base}/")


def test_logged_out_visitor_is_sent_to_log_in_and_back(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/")
    page.wait_for_url(f"{live_server}/login?next=%2F")
    page.get_by_role("link", name="Create an account").click()
    page.wait_for_url(re.compile(r"/signup\?next=%2F$"))
    page.get_by_label("Email").fill(_email())
    page.get_by_label("Name").fill("Ada")
    page.get_by_label("Password").fill(_PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(f"{live_server}/")
    expect(page.locator("[data-account-email]")).to_contain_text("Ada")
    expect(page.locator("[data-list-status]")).to_contain_text("No projects yet")


def test_wrong_password_is_reported_and_the_right_one_logs_in(page: Page, live_server: str) -> None:
    email = _email()
    _sign_up(page, live_server, email)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text(
        "That email and password do not match an account."
    )
    expect(page).to_have_url(f"{live_server}/login")
    page.get_by_label("Password").fill(_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server}/")
    expect(page.locator("[data-account-email]")).to_contain_text(email)


def test_log_out_ends_the_session(page: Page, live_server: str) -> None:
    _sign_up(page, live_server, _email())
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server}/login")
    page.goto(f"{live_server}/")
    page.wait_for_url(f"{live_server}/login?next=%2F")


def test_short_password_is_refused_before_sending(page: Page, live_server: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.method == "POST" else None)
    page.goto(f"{live_server}/signup")
    page.get_by_label("Email").fill(_email())
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("alert")).to_contain_text("Password")
    expect(page.get_by_label("Password")).to_be_focused()
    assert requests == []


def test_another_users_project_is_not_found(browser: Browser, live_server: str) -> None:
    owner = browser.new_context()
    page = owner.new_page()
    _sign_up(page, live_server, _email())
    page.get_by_label("Project name").fill("Private work")
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(re.compile(r"/projects/[^/]+$"))
    project_url = page.url
    owner.close()

    stranger = browser.new_context()
    page = stranger.new_page()
    _sign_up(page, live_server, _email())
    page.goto(project_url)
    expect(page.locator("h1")).to_have_text("Project not found")
    expect(page.get_by_text("Private work")).to_have_count(0)
    expect(page.get_by_role("button", name="Extract tokens")).to_be_hidden()
    stranger.close()
