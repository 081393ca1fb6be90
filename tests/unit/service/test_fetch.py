"""Tests for copy_that.service.fetch: the SSRF rules, redirects, size and time caps."""

from __future__ import annotations

import anyio
import httpx
import pytest

from copy_that.service.errors import (
    FetchError,
    FetchTimeoutError,
    PayloadTooLargeError,
    URLNotAllowedError,
)
from copy_that.service.fetch import FetchLimits, check_public_address, fetch_url

LIMITS = FetchLimits(max_bytes=1000, timeout_s=2.0, max_redirects=2)
DNS = {
    "img.example": ["93.184.216.34"],
    "cdn.example": ["151.101.1.1"],
    "internal.example": ["10.1.2.3"],
    "mixed.example": ["93.184.216.34", "127.0.0.1"],
    "metadata.example": ["169.254.169.254"],
}


async def resolver(host: str, port: int) -> list[str]:
    return DNS.get(host, [])


def _fetch(url: str, handler, limits: FetchLimits = LIMITS) -> object:  # type: ignore[no-untyped-def]
    return anyio.run(
        lambda: fetch_url(
            url, limits=limits, resolver=resolver, transport=httpx.MockTransport(handler)
        )
    )


def test_connects_to_the_checked_address_with_the_original_host() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"bytes")

    fetched = _fetch("https://img.example:8443/a/b%20c.png?x=1", handler)
    assert fetched.data == b"bytes"  # type: ignore[attr-defined]
    assert fetched.filename == "b c.png"  # type: ignore[attr-defined]
    request = seen[0]
    assert request.url.host == "93.184.216.34"
    assert request.url.port == 8443
    assert request.headers["host"] == "img.example:8443"
    assert request.extensions["sni_hostname"] == "img.example"


def test_follows_redirects_to_public_hosts() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers["host"] == "img.example":
            return httpx.Response(302, headers={"Location": "https://cdn.example/real.png"})
        return httpx.Response(200, content=b"img")

    fetched = _fetch("https://img.example/x", handler)
    assert fetched.url == "https://cdn.example/real.png"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "location",
    [
        "http://internal.example/admin",
        "http://127.0.0.1/",
        "http://[::ffff:10.0.0.1]/",
        "file:///etc/passwd",
    ],
)
def test_redirects_to_private_places_are_refused(location: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": location})

    with pytest.raises(URLNotAllowedError):
        _fetch("https://img.example/x", handler)


def test_too_many_redirects() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "/again"})

    with pytest.raises(FetchError, match="redirects"):
        _fetch("https://img.example/x", handler)


@pytest.mark.parametrize(
    "url",
    [
        "http://internal.example/x",
        "http://mixed.example/x",
        "http://metadata.example/latest",
        "http://localhost.invalid/x",
        "gopher://img.example/x",
        "https://user:pass@img.example/x",
        "not a url at all",
        "http:///nohost",
    ],
)
def test_unsafe_urls_never_connect(url: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("must not connect")

    with pytest.raises((URLNotAllowedError, FetchError)):
        _fetch(url, handler)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.5",
        "192.168.1.1",
        "100.64.0.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "2002:7f00:1::1",
        "::",
    ],
)
def test_non_public_addresses(address: str) -> None:
    with pytest.raises(URLNotAllowedError):
        check_public_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses(address: str) -> None:
    assert str(check_public_address(address)) == address


def test_declared_size_over_the_cap_is_refused_before_reading() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "5000"}, content=b"x" * 5000)

    with pytest.raises(PayloadTooLargeError):
        _fetch("https://img.example/x", handler)


def test_streamed_size_over_the_cap_is_refused() -> None:
    async def stream():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b"x" * 100

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=stream())

    with pytest.raises(PayloadTooLargeError):
        _fetch("https://img.example/x", handler)


def test_slow_servers_time_out() -> None:
    async def slow():  # type: ignore[no-untyped-def]
        yield b"x"
        await anyio.sleep(5)
        yield b"y"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=slow())

    limits = FetchLimits(max_bytes=1000, timeout_s=0.2, max_redirects=0)
    with pytest.raises(FetchTimeoutError):
        _fetch("https://img.example/x", handler, limits)


def test_server_errors_and_connection_failures_are_fetch_errors() -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        _fetch("https://img.example/x", lambda r: httpx.Response(404))

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    with pytest.raises(FetchError, match="ConnectError"):
        _fetch("https://img.example/x", refuse)


def test_unresolvable_names_are_fetch_errors() -> None:
    with pytest.raises(FetchError, match="does not resolve"):
        _fetch("https://nowhere.example/x", lambda r: httpx.Response(200))


def test_the_system_resolver_refuses_loopback() -> None:
    with pytest.raises(URLNotAllowedError):
        anyio.run(lambda: fetch_url("http://localhost:9/x", limits=LIMITS))
