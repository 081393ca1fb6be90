"""Credentials: Argon2id password hashes, API keys and session tokens stored only as SHA-256.

API keys and session tokens are 256-bit random strings, so a fast hash is enough to store them
(nothing to brute-force) and lets a request find its row by the hash. Passwords are low-entropy
and get Argon2id. Session cookies are additionally signed with ``SECRET_KEY`` so forged or
truncated cookies are rejected before any database lookup.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeSerializer

__all__ = [
    "API_KEY_PREFIX",
    "CookieSigner",
    "NewApiKey",
    "Passwords",
    "hash_token",
    "load_or_create_dev_secret",
    "new_api_key",
    "new_session_token",
]

#: Every API key starts with this, so leaked keys are easy to grep for and to recognise.
API_KEY_PREFIX = "ct_"
# 32 random bytes = 256 bits: far beyond guessing, and the SHA-256 stored is as strong.
_TOKEN_BYTES = 32
# Characters of the key shown in listings so a user can tell keys apart.
_DISPLAY_PREFIX_CHARS = 10
_DEV_SECRET_FILE = "secret_key"


def hash_token(token: str) -> str:
    """SHA-256 of a high-entropy token (API key or session token), as 64 hex digits."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewApiKey:
    """A freshly minted API key: the plaintext is shown to the user once, then only the hash kept.

    Parameters
    ----------
    plaintext : str
        The full key, ``ct_`` + 43 URL-safe characters.
    prefix : str
        Its first characters, kept for display.
    key_hash : str
        `hash_token` of the plaintext.
    """

    plaintext: str
    prefix: str
    key_hash: str


def new_api_key() -> NewApiKey:
    """Mint a random API key."""
    plaintext = API_KEY_PREFIX + secrets.token_urlsafe(_TOKEN_BYTES)
    return NewApiKey(
        plaintext=plaintext,
        prefix=plaintext[:_DISPLAY_PREFIX_CHARS],
        key_hash=hash_token(plaintext),
    )


def new_session_token() -> str:
    """A random session token for the cookie (256 bits, URL-safe)."""
    return secrets.token_urlsafe(_TOKEN_BYTES)


class Passwords:
    """Argon2id hashing with configurable cost.

    Parameters
    ----------
    time_cost : int
        Passes over memory.
    memory_kib : int
        Memory per hash in KiB.
    """

    def __init__(self, *, time_cost: int, memory_kib: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        # Verifying against this when the user does not exist keeps timing the same either way.
        self._dummy = self._hasher.hash(secrets.token_urlsafe(_TOKEN_BYTES))

    def hash(self, password: str) -> str:
        """Hash a password for storage."""
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """Whether `password` matches `stored_hash` (None: no such user, still costs a hash)."""
        try:
            return self._hasher.verify(stored_hash or self._dummy, password) and bool(stored_hash)
        except (VerificationError, InvalidHashError):
            return False


class CookieSigner:
    """Signs and checks the session token carried in the cookie.

    Parameters
    ----------
    secret_key : str
        ``SECRET_KEY``.
    """

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt="copy-that.session")

    def sign(self, token: str) -> str:
        """The cookie value for `token`."""
        return self._serializer.dumps(token)

    def unsign(self, cookie: str) -> str | None:
        """The token inside a cookie value, or None when the signature does not check out."""
        try:
            token = self._serializer.loads(cookie)
        except BadSignature:
            return None
        return token if isinstance(token, str) else None


def load_or_create_dev_secret(data_dir: Path) -> str:
    """A development ``SECRET_KEY`` kept in ``DATA_DIR/secret_key`` (created 0600 when missing).

    Parameters
    ----------
    data_dir : Path
        The service's data folder.

    Returns
    -------
    str
        The secret; stable across restarts so sessions survive them.
    """
    path = data_dir / _DEV_SECRET_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    # Write a private temp file, then hard-link it into place: the link either wins whole or
    # fails because another process got there first, so nobody ever reads a half-written key.
    fd, temp = tempfile.mkstemp(dir=data_dir, prefix=".secret-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secret)
        os.link(temp, path)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    finally:
        os.unlink(temp)
    return secret
