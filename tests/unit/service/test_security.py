"""Tests for copy_that.service.security: passwords, API keys, cookies, the dev secret."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from copy_that.service.security import (
    API_KEY_PREFIX,
    CookieSigner,
    Passwords,
    hash_token,
    load_or_create_dev_secret,
    new_api_key,
    new_session_token,
)


@pytest.fixture(scope="module")
def passwords() -> Passwords:
    return Passwords(time_cost=1, memory_kib=32)


def test_passwords_verify(passwords: Passwords) -> None:
    stored = passwords.hash("hunter22hunter22")
    assert stored.startswith("$argon2id$")
    assert passwords.verify(stored, "hunter22hunter22")
    assert not passwords.verify(stored, "hunter22hunter23")
    assert not passwords.verify(None, "anything")
    assert not passwords.verify("not-a-hash", "anything")


def test_api_keys_are_random_and_stored_as_sha256() -> None:
    first, second = new_api_key(), new_api_key()
    assert first.plaintext != second.plaintext
    assert first.plaintext.startswith(API_KEY_PREFIX)
    assert len(first.plaintext) >= 40
    assert first.plaintext.startswith(first.prefix)
    assert first.key_hash == hash_token(first.plaintext)
    assert len(first.key_hash) == 64
    assert first.plaintext not in first.key_hash


def test_session_tokens_are_random() -> None:
    assert len({new_session_token() for _ in range(50)}) == 50


def test_cookie_signing_rejects_tampering() -> None:
    signer = CookieSigner("s" * 40)
    cookie = signer.sign("token-1")
    assert signer.unsign(cookie) == "token-1"
    assert signer.unsign(cookie[:-1] + ("A" if cookie[-1] != "A" else "B")) is None
    assert CookieSigner("t" * 40).unsign(cookie) is None
    assert signer.unsign("garbage") is None


def test_dev_secret_is_created_once_and_private(tmp_path: Path) -> None:
    first = load_or_create_dev_secret(tmp_path / "var")
    assert len(first) >= 48
    assert load_or_create_dev_secret(tmp_path / "var") == first
    path = tmp_path / "var" / "secret_key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert not list((tmp_path / "var").glob(".secret-*"))


def test_concurrent_first_starts_agree_on_one_secret(tmp_path: Path) -> None:
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(load_or_create_dev_secret(tmp_path)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1
