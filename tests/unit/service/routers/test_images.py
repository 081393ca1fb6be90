"""Tests for /api/v1/projects/{id}/images: upload limits, sniffing, import, content, delete."""

from __future__ import annotations

import functools
from pathlib import Path

import anyio
import httpx
import pytest

from copy_that.service.fetch import FetchLimits, fetch_url
from copy_that.service.routers import images as images_router
from tests.unit.service._harness import (
    Client,
    Harness,
    make_settings,
    png_bytes,
    sample_tokens,
    seed_result,
)


def _url(project_id: str) -> str:
    return f"/api/v1/projects/{project_id}/images"


def test_upload_many_and_list(alice: Client) -> None:
    project_id = alice.new_project()
    files = [
        ("files", ("a.png", png_bytes(color=(200, 0, 0)), "image/png")),
        ("files", ("b.png", png_bytes(color=(0, 200, 0)), "image/png")),
    ]
    response = alice.post(_url(project_id), files=files)
    assert response.status_code == 201
    created = response.json()["data"]
    assert [i["filename"] for i in created] == ["a.png", "b.png"]
    assert (created[0]["width_px"], created[0]["height_px"]) == (64, 48)
    listed = alice.get(_url(project_id)).json()
    assert listed["count"] == 2
    assert alice.get(f"{_url(project_id)}/{created[1]['id']}").json() == created[1]


def test_the_same_bytes_are_one_image(alice: Client, harness: Harness) -> None:
    project_id = alice.new_project()
    data = png_bytes()
    first = alice.upload(project_id, data, "first.png")
    second = alice.upload(project_id, data, "again.png")
    assert second["id"] == first["id"]
    assert alice.get(_url(project_id)).json()["count"] == 1


def test_content_is_the_original_bytes(alice: Client) -> None:
    project_id = alice.new_project()
    data = png_bytes()
    image = alice.upload(project_id, data)
    response = alice.get(f"{_url(project_id)}/{image['id']}/content")
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["etag"] == f'"{image["sha256"]}"'


def test_the_type_is_judged_from_the_bytes(alice: Client) -> None:
    project_id = alice.new_project()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = alice.post(_url(project_id), files=[("files", ("x.png", svg, "image/png"))])
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_a_corrupt_image_is_422(alice: Client) -> None:
    project_id = alice.new_project()
    truncated = png_bytes()[:60]
    response = alice.post(_url(project_id), files=[("files", ("x.png", truncated, "image/png"))])
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "image_unreadable"


def test_a_bad_file_stores_nothing(alice: Client) -> None:
    project_id = alice.new_project()
    files = [
        ("files", ("good.png", png_bytes(), "image/png")),
        ("files", ("bad.png", b"not an image", "image/png")),
    ]
    assert alice.post(_url(project_id), files=files).status_code == 415
    assert alice.get(_url(project_id)).json()["count"] == 0


def test_upload_needs_files(alice: Client) -> None:
    project_id = alice.new_project()
    assert alice.post(_url(project_id), data={"x": "y"}).status_code == 422


@pytest.fixture
def tight(tmp_path: Path) -> Harness:
    return Harness(
        make_settings(
            tmp_path,
            max_upload_bytes=4000,
            max_request_bytes=20_000,
            max_files_per_request=3,
            max_image_pixels=100 * 100,
        )
    )


def test_limits(tight: Harness) -> None:
    try:
        client = tight.client().register("a@example.com")
        project_id = client.new_project()
        url = _url(project_id)
        big = png_bytes(90, 90)
        noisy = bytes(range(256)) * 20  # over 4000 bytes
        too_big = [("files", ("n.png", b"\x89PNG\r\n\x1a\n" + noisy, "image/png"))]
        response = client.post(url, files=too_big)
        assert response.status_code == 413
        assert response.json()["error"]["details"] == {"max_bytes": 4000}
        many = [("files", (f"{i}.png", png_bytes(8, 8, (i, 0, 0)), "image/png")) for i in range(4)]
        assert client.post(url, files=many).status_code == 413
        huge_request = [("files", ("h.png", b"x" * 30_000, "image/png"))]
        response = client.post(url, files=huge_request)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "payload_too_large"
        wide = png_bytes(200, 60)
        response = client.post(url, files=[("files", ("w.png", wide, "image/png"))])
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "image_too_large"
        assert client.post(url, files=[("files", ("ok.png", big, "image/png"))]).status_code == 201
    finally:
        tight.close()


def test_a_request_body_without_content_length_is_still_capped(tight: Harness) -> None:
    try:
        client = tight.client().register("a@example.com")
        project_id = client.new_project()

        async def chunks():  # type: ignore[no-untyped-def]
            yield (
                b'--zzz\r\nContent-Disposition: form-data; name="files"; filename="a.png"\r\n'
                b"Content-Type: image/png\r\n\r\n"
            )
            for _ in range(30):
                yield b"x" * 1000

        response = client.post(
            f"/api/v1/projects/{project_id}/images",
            content=chunks(),
            headers={"Content-Type": "multipart/form-data; boundary=zzz"},
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "payload_too_large"
    finally:
        tight.close()


def test_delete_removes_the_unshared_blob(alice: Client, harness: Harness) -> None:
    project_id = alice.new_project()
    image = alice.upload(project_id, png_bytes())
    assert alice.delete(f"{_url(project_id)}/{image['id']}").status_code == 204
    assert alice.get(f"{_url(project_id)}/{image['id']}").status_code == 404
    assert alice.get(f"{_url(project_id)}/{image['id']}/content").status_code == 404
    assert not harness.run(harness.context.blob_store.exists, image["sha256"])
    assert alice.delete(f"{_url(project_id)}/{image['id']}").status_code == 404


def test_deleting_a_measured_image_rebuilds_the_tokens(alice: Client, harness: Harness) -> None:
    project_id = alice.new_project()
    first = alice.upload(project_id, png_bytes(color=(1, 2, 3)))
    second = alice.upload(project_id, png_bytes(color=(3, 2, 1)))
    seed_result(harness, project_id, first["id"], sample_tokens("#ff0000"))
    seed_result(harness, project_id, second["id"], sample_tokens("#0000ff", spacing_px=12))
    assert alice.delete(f"{_url(project_id)}/{first['id']}").status_code == 204
    versions = alice.get(f"/api/v1/projects/{project_id}/versions").json()["data"]
    assert versions[0]["kind"] == "images"
    assert versions[0]["summary"]["images"] == 1
    tokens = alice.get(f"/api/v1/projects/{project_id}/tokens").json()
    assert tokens["color"]["palette"]["blue"]["$value"]["hex"] == "#0000ff"


def _fetcher(routes: dict[str, httpx.Response], addresses: dict[str, str]):  # type: ignore[no-untyped-def]
    async def resolver(host: str, port: int) -> list[str]:
        return [addresses[host]]

    def handler(request: httpx.Request) -> httpx.Response:
        return routes[f"{request.headers['host']}{request.url.path}"]

    return functools.partial(fetch_url, resolver=resolver, transport=httpx.MockTransport(handler))


def test_import_by_url(alice: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    data = png_bytes(color=(9, 9, 9))
    fetch = _fetcher(
        {"img.example/shots/home.png": httpx.Response(200, content=data)},
        {"img.example": "93.184.216.34"},
    )
    monkeypatch.setattr(images_router, "fetch_url", fetch)
    project_id = alice.new_project()
    response = alice.post(
        f"{_url(project_id)}/import", json={"url": "https://img.example/shots/home.png"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["filename"] == "home.png"
    assert body["source_url"] == "https://img.example/shots/home.png"
    assert alice.get(f"{_url(project_id)}/{body['id']}/content").content == data


def test_import_of_a_non_image_is_415(alice: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    fetch = _fetcher(
        {"img.example/page": httpx.Response(200, content=b"<html></html>")},
        {"img.example": "93.184.216.34"},
    )
    monkeypatch.setattr(images_router, "fetch_url", fetch)
    project_id = alice.new_project()
    response = alice.post(f"{_url(project_id)}/import", json={"url": "https://img.example/page"})
    assert response.status_code == 415


def test_import_from_a_failing_server_is_502(
    alice: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetch = _fetcher({"img.example/x.png": httpx.Response(500)}, {"img.example": "93.184.216.34"})
    monkeypatch.setattr(images_router, "fetch_url", fetch)
    project_id = alice.new_project()
    response = alice.post(f"{_url(project_id)}/import", json={"url": "https://img.example/x.png"})
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "fetch_failed"


def test_import_from_a_slow_server_is_504(alice: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    async def trickle():  # type: ignore[no-untyped-def]
        yield b"\x89PNG"
        await anyio.sleep(5)

    fetch = functools.partial(
        _fetcher(
            {"img.example/x.png": httpx.Response(200, content=trickle())},
            {"img.example": "93.184.216.34"},
        ),
        limits=FetchLimits(max_bytes=10_000, timeout_s=0.2, max_redirects=0),
    )

    async def capped(url: str, *, limits: FetchLimits) -> object:
        return await fetch(url)

    monkeypatch.setattr(images_router, "fetch_url", capped)
    project_id = alice.new_project()
    response = alice.post(f"{_url(project_id)}/import", json={"url": "https://img.example/x.png"})
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "fetch_timeout"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/a.png",
        "http://[::1]/a.png",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.7/a.png",
        "ftp://example.com/a.png",
        "http://user:pw@example.com/a.png",
    ],
)
def test_import_refuses_unsafe_urls(alice: Client, url: str) -> None:
    project_id = alice.new_project()
    response = alice.post(f"{_url(project_id)}/import", json={"url": url})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "url_not_allowed"


def test_import_validates_its_body(alice: Client) -> None:
    project_id = alice.new_project()
    assert alice.post(f"{_url(project_id)}/import", json={}).status_code == 422
    long_url = "https://example.com/" + "a" * 3000
    assert alice.post(f"{_url(project_id)}/import", json={"url": long_url}).status_code == 422
