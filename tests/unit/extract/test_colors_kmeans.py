"""Seeded OKLab k-means for photo clusters: determinism, merging, representatives."""

import numpy as np
import pytest

from copy_that.extract._color_kmeans import cluster_pixels


def _blobs(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = np.array([[200, 40, 40], [40, 160, 60], [30, 60, 200]])
    sizes = [600, 300, 100]
    parts = [
        np.clip(c + rng.normal(0, 4, (n, 3)), 0, 255) for c, n in zip(centres, sizes, strict=True)
    ]
    return np.concatenate(parts).astype(np.uint8)


def test_finds_the_blobs_weighted_by_size():
    clusters = cluster_pixels(_blobs(), k=3, merge_delta_e=6.0)
    assert len(clusters) == 3
    assert [round(c.weight, 2) for c in clusters] == [0.6, 0.3, 0.1]
    assert clusters[0].srgb8[0] > 180  # the red blob is the heaviest


def test_deterministic():
    pixels = _blobs()
    first = cluster_pixels(pixels, k=5, merge_delta_e=6.0)
    second = cluster_pixels(pixels, k=5, merge_delta_e=6.0)
    assert [(c.srgb8, c.weight, c.spread) for c in first] == [
        (c.srgb8, c.weight, c.spread) for c in second
    ]
    for a, b in zip(first, second, strict=True):
        assert np.array_equal(a.sample_index, b.sample_index)


def test_surplus_clusters_merge_into_near_duplicates():
    clusters = cluster_pixels(_blobs(), k=8, merge_delta_e=15.0)
    assert len(clusters) == 3
    assert sum(c.weight for c in clusters) == pytest.approx(1.0)


def test_representatives_are_sampled_colours():
    pixels = _blobs(1)
    present = {tuple(p) for p in pixels}
    for cluster in cluster_pixels(pixels, k=4, merge_delta_e=6.0):
        assert cluster.srgb8 in present
        assert cluster.spread >= 0.0


def test_fewer_distinct_colours_than_k():
    pixels = np.array([[10, 20, 30]] * 5 + [[200, 200, 200]] * 5, dtype=np.uint8)
    clusters = cluster_pixels(pixels, k=6, merge_delta_e=1.0)
    assert sorted(c.srgb8 for c in clusters) == [(10, 20, 30), (200, 200, 200)]


def test_empty_input():
    assert cluster_pixels(np.zeros((0, 3), np.uint8), k=3, merge_delta_e=1.0) == []


def test_centres_follow_the_bulk_not_the_outliers():
    # A tight grey cluster with a few far pixels of the same cluster: the sum of distances (what
    # a palette is judged by) is smallest at the bulk, where k-medians puts the representative.
    bulk = np.full((95, 3), 128, dtype=np.uint8)
    far = np.full((5, 3), 60, dtype=np.uint8)
    clusters = cluster_pixels(np.concatenate([bulk, far]), k=1, merge_delta_e=1.0)
    assert clusters[0].srgb8 == (128, 128, 128)
