"""SSRF-safe download of an image by URL.

Rules, checked at every redirect hop:

- ``http`` and ``https`` only, no credentials in the URL;
- the host name is resolved once, every address it resolves to must be public (no loopback,
  private, link-local, carrier-grade NAT, multicast, reserved or cloud metadata addresses), and
  the connection goes to exactly the address that was checked (no second lookup an attacker's
  DNS could answer differently); TLS still verifies the certificate against the host name;
- at most ``max_redirects`` redirects, each one checked like the first URL;
- at most ``max_bytes`` read (``Content-Length`` checked first, then the stream counted) and the
  whole exchange within ``timeout_s``;
- proxies from the environment are ignored, since a proxy would resolve the name itself.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import unquote

import anyio
import httpx

from copy_that.service.errors import (
    FetchError,
    FetchTimeoutError,
    PayloadTooLargeError,
    URLNotAllowedError,
)

__all__ = ["FetchLimits", "FetchedFile", "Resolver", "check_public_address", "fetch_url"]

#: ``resolver(host, port) -> addresses``: resolves a host name to IP address strings.
Resolver = Callable[[str, int], Awaitable[list[str]]]
_DEFAULT_PORTS = {"http": 80, "https": 443}
_REDIRECT_CODES = {301, 302, 303, 307, 308}
_USER_AGENT = "copy-that-url-import"


@dataclass(frozen=True)
class FetchLimits:
    """Caps on one URL import.

    Parameters
    ----------
    max_bytes : int
        Largest body accepted.
    timeout_s : float
        Whole exchange, redirects included.
    max_redirects : int
        Redirects followed before giving up.
    """

    max_bytes: int
    timeout_s: float
    max_redirects: int


@dataclass(frozen=True)
class FetchedFile:
    """A downloaded body and where it finally came from."""

    data: bytes
    url: str
    filename: str | None


async def _system_resolver(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise FetchError(f"the host name {host!r} does not resolve") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_public_address(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """Parse `address` and refuse anything but a public unicast address.

    Raises
    ------
    URLNotAllowedError
        Loopback, private, link-local, shared, multicast, reserved or unspecified addresses,
        including IPv4 addresses hidden in IPv6 (mapped, 6to4, Teredo).
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    embedded: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in (ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None):
            if inner is not None:
                embedded.append(inner)
    for candidate in embedded:
        if not candidate.is_global or candidate.is_multicast:
            raise URLNotAllowedError(
                f"the URL points at a non-public address ({candidate}); only public http(s) "
                "servers can be imported from"
            )
    return ip


def _literal_address(host: str) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        return []


def _checked_url(text: str) -> httpx.URL:
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL:
        raise URLNotAllowedError(f"{text[:200]!r} is not a valid URL") from None
    if url.scheme not in _DEFAULT_PORTS:
        raise URLNotAllowedError(f"only http and https URLs can be imported, not {url.scheme!r}")
    if url.userinfo:
        raise URLNotAllowedError("URLs with a user name or password are not accepted")
    if not url.host:
        raise URLNotAllowedError("the URL has no host name")
    return url


def _filename(url: httpx.URL) -> str | None:
    last = unquote(url.path.rsplit("/", 1)[-1])
    return last or None


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLargeError(
            f"the remote file is {int(declared):,} bytes, over the {max_bytes:,}-byte limit",
            max_bytes=max_bytes,
        )
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise PayloadTooLargeError(
                f"the remote file is over the {max_bytes:,}-byte limit", max_bytes=max_bytes
            )
    return bytes(body)


async def _fetch(
    client: httpx.AsyncClient, start: str, limits: FetchLimits, resolver: Resolver
) -> FetchedFile:
    url = _checked_url(start)
    for _hop in range(limits.max_redirects + 1):
        port = url.port or _DEFAULT_PORTS[url.scheme]
        addresses = _literal_address(url.host) or await resolver(url.host, port)
        if not addresses:
            raise FetchError(f"the host name {url.host!r} does not resolve")
        # Every address must be public (a name resolving to one private address is refused);
        # the connection then goes to the first one.
        checked = [check_public_address(a) for a in addresses]
        pinned = checked[0]
        host_header = url.host if url.port is None else f"{url.host}:{url.port}"
        request = client.build_request(
            "GET",
            url.copy_with(host=str(pinned)),
            headers={"Host": host_header, "User-Agent": _USER_AGENT, "Accept": "image/*"},
            extensions={"sni_hostname": url.host},
        )
        try:
            response = await client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise FetchError(f"could not download from {url.host}: {type(exc).__name__}") from None
        try:
            if response.status_code in _REDIRECT_CODES:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"{url.host} sent a redirect without a Location")
                url = _checked_url(str(url.join(location)))
                continue
            if response.status_code != httpx.codes.OK:
                raise FetchError(f"{url.host} answered HTTP {response.status_code}")
            data = await _read_capped(response, limits.max_bytes)
        finally:
            await response.aclose()
        return FetchedFile(data=data, url=str(url), filename=_filename(url))
    raise FetchError(f"more than {limits.max_redirects} redirects; link the image itself")


async def fetch_url(
    url: str,
    *,
    limits: FetchLimits,
    resolver: Resolver | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> FetchedFile:
    """Download `url` under the rules in the module docstring.

    Parameters
    ----------
    url : str
        An http(s) URL.
    limits : FetchLimits
        Size, time and redirect caps.
    resolver : callable, optional
        Host name resolver; the system's by default (tests pass a fixed table).
    transport : httpx transport, optional
        For tests; the default opens real connections.

    Returns
    -------
    FetchedFile
        The body and final URL.

    Raises
    ------
    URLNotAllowedError
        A bad scheme, credentials, or a non-public address (at any hop).
    PayloadTooLargeError
        The body is over `limits.max_bytes`.
    FetchTimeoutError
        The exchange took longer than `limits.timeout_s`.
    FetchError
        The name does not resolve, the server failed, or too many redirects.
    """
    client = httpx.AsyncClient(
        transport=transport,
        follow_redirects=False,
        trust_env=False,
        timeout=httpx.Timeout(limits.timeout_s),
    )
    try:
        with anyio.fail_after(limits.timeout_s):
            return await _fetch(client, url, limits, resolver or _system_resolver)
    except TimeoutError:
        raise FetchTimeoutError(
            f"the download did not finish within {limits.timeout_s:g} s"
        ) from None
    finally:
        await client.aclose()
