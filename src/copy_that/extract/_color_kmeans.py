"""Perceptual colour clusters for photos: seeded OKLab k-means, CIELAB k-medians refinement.

Photos and renders have no flat colours; their palette is the set of perceptual clusters of
their pixels, weighted by area. Pixels are sampled on a fixed stride (deterministic and spread
over the whole image), clustered with k-means++ seeding from a fixed random seed, the centres
moved to their members' geometric medians in CIELAB (a palette is judged by mean CIEDE2000 to
the nearest colour, a sum of distances, not of squares), and clusters
whose centres are within a CIEDE2000 threshold are merged, so near-duplicates never appear.
Each cluster is represented by its medoid-like member: the sampled pixel colour nearest to the
centre, so every reported colour exists in the image.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from copy_that.imaging import delta_e_2000, lab_from_srgb, oklab_from_srgb8

__all__ = ["PixelCluster", "cluster_pixels"]

# Fixed seed: the same image always gives the same clusters.
_SEED = 20_251_129
# Seedings tried; the one with the smallest within-cluster sum of squares wins. One k-means++
# seeding lands in a poor local minimum on some photos (a second light cluster instead of a
# separate dark one); a few seedings from the same fixed generator cost a few ms more.
_RESTARTS = 4
# Lloyd iterations stop when no centre moves more than this in OKLab, or after _MAX_ITERATIONS.
_TOLERANCE = 1e-4
_MAX_ITERATIONS = 30
# k-medians refinement in CIELAB: Weiszfeld steps per centre, and the smallest distance (ΔE*ab)
# a member's weight 1/distance is computed from (a member on the centre would weigh infinitely).
_MEDIAN_ITERATIONS = 20
_MEDIAN_MIN_DISTANCE = 1e-3


@dataclass(frozen=True)
class PixelCluster:
    """One perceptual cluster of sampled pixels.

    Parameters
    ----------
    srgb8 : tuple of 3 ints
        The member colour nearest to the cluster centre.
    weight : float
        Fraction (0–1) of the sampled pixels in the cluster.
    spread : float
        Mean CIEDE2000 of the members from `srgb8` (compactness; smaller is tighter).
    sample_index : ndarray of shape (M,), dtype intp
        Indices of the members in the sample, nearest to the centre first.
    """

    srgb8: tuple[int, int, int]
    weight: float
    spread: float
    sample_index: NDArray[np.intp]


def _kmeans_pp(
    points: NDArray[np.float32], k: int, rng: np.random.Generator
) -> NDArray[np.float32]:
    """k-means++ seeding (Arthur & Vassilvitskii 2007)."""
    centers = np.empty((k, points.shape[1]), dtype=np.float32)
    centers[0] = points[rng.integers(points.shape[0])]
    nearest_sq = ((points - centers[0]) ** 2).sum(axis=1)
    for i in range(1, k):
        total = float(nearest_sq.sum())
        if total <= 0.0:
            return centers[:i]
        centers[i] = points[rng.choice(points.shape[0], p=nearest_sq / total)]
        nearest_sq = np.minimum(nearest_sq, ((points - centers[i]) ** 2).sum(axis=1))
    return centers


def _lloyd(
    points: NDArray[np.float32], centers: NDArray[np.float32]
) -> tuple[NDArray[np.float32], NDArray[np.intp], float]:
    """Lloyd iterations; squared distances as |p|² − 2 p·c + |c|², channel by channel.

    Returns the centres, each point's label and the within-cluster sum of squares.
    """
    k = centers.shape[0]
    norms = (points * points).sum(axis=1)[:, None]
    columns = [points[:, j : j + 1] for j in range(3)]
    labels = np.zeros(points.shape[0], dtype=np.intp)
    for _ in range(_MAX_ITERATIONS):
        dot = columns[0] * centers[:, 0] + columns[1] * centers[:, 1] + columns[2] * centers[:, 2]
        distance = norms - 2.0 * dot + (centers * centers).sum(axis=1)[None, :]
        labels = np.argmin(distance, axis=1)
        counts = np.bincount(labels, minlength=k)
        sums = np.stack(
            [np.bincount(labels, weights=points[:, j], minlength=k) for j in range(3)], axis=1
        )
        update = np.where(
            counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centers
        ).astype(np.float32)
        moved = float(np.abs(update - centers).max())
        centers = update
        if moved < _TOLERANCE:
            break
    # The sum of squares of the assignment the centres came from (a tight upper bound).
    inertia = float(((points - centers[labels]) ** 2).sum())
    return centers, labels, inertia


def cluster_pixels(rgb: NDArray[np.uint8], *, k: int, merge_delta_e: float) -> list[PixelCluster]:
    """Cluster sampled pixel colours.

    Parameters
    ----------
    rgb : ndarray of shape (N, 3), dtype uint8
        Sampled sRGB pixels (already chosen deterministically by the caller).
    k : int
        Most clusters to find (fewer when the sample has fewer distinct colours).
    merge_delta_e : float
        Clusters whose representative colours are within this CIEDE2000 are merged.

    Returns
    -------
    list of PixelCluster
        Heaviest first.

    Notes
    -----
    Lloyd's k-means in OKLab (Ottosson 2020), where Euclidean distance tracks perceived
    difference, with k-means++ seeding from a fixed seed; of `_RESTARTS` seedings the one
    with the smallest within-cluster sum of squares is kept.
    """
    if rgb.shape[0] == 0 or k < 1:
        return []
    points = oklab_from_srgb8(rgb)
    distinct = np.unique(rgb, axis=0).shape[0]
    rng = np.random.default_rng(_SEED)
    best: tuple[NDArray[np.float32], NDArray[np.intp], float] | None = None
    for _ in range(_RESTARTS):
        trial = _lloyd(points, _kmeans_pp(points, min(k, distinct), rng))
        if best is None or trial[2] < best[2]:
            best = trial
    assert best is not None  # _RESTARTS >= 1
    _, labels, _ = best

    lab_points = lab_from_srgb(rgb / 255.0).astype(np.float32)
    lab_centers, labels = _refine_medians(
        lab_points,
        np.stack([lab_points[labels == j].mean(axis=0) for j in np.unique(labels)]),
    )

    members = [np.flatnonzero(labels == j) for j in range(lab_centers.shape[0])]
    merged: list[list[int]] = []
    rep_lab: list[NDArray[np.float64]] = []
    order = sorted(range(len(members)), key=lambda j: (-members[j].size, j))
    for j in order:
        if members[j].size == 0:
            continue
        lab = lab_from_srgb(_representative(rgb, lab_points, members[j], lab_centers[j]) / 255.0)
        match = next(
            (
                m
                for m, other in enumerate(rep_lab)
                if float(delta_e_2000(lab, other)) <= merge_delta_e
            ),
            None,
        )
        if match is None:
            merged.append([j])
            rep_lab.append(lab)
        else:
            merged[match].append(j)

    clusters = []
    for group in merged:
        index = np.concatenate([members[j] for j in group])
        # A merged group keeps the centre of its heaviest cluster: the others lie within
        # merge_delta_e of it and are the lesser part.
        center = lab_centers[group[0]]
        rep = _representative(rgb, lab_points, index, center)
        order_in = np.argsort(((lab_points[index] - center) ** 2).sum(axis=1), kind="stable")
        spread = float(
            delta_e_2000(lab_from_srgb(rgb[index] / 255.0), lab_from_srgb(rep / 255.0)).mean()
        )
        clusters.append(
            PixelCluster(
                srgb8=(int(rep[0]), int(rep[1]), int(rep[2])),
                weight=index.size / rgb.shape[0],
                spread=spread,
                sample_index=index[order_in],
            )
        )
    clusters.sort(key=lambda c: (-c.weight, c.srgb8))
    return clusters


def _refine_medians(
    points: NDArray[np.float32], centers: NDArray[np.float32]
) -> tuple[NDArray[np.float32], NDArray[np.intp]]:
    """k-medians by Weiszfeld steps: each centre moves to its members' geometric median.

    Parameters
    ----------
    points : ndarray of shape (N, 3), dtype float32
        CIELAB of the sampled pixels.
    centers : ndarray of shape (K, 3), dtype float32
        Starting centres (the k-means clusters' CIELAB means).

    Returns
    -------
    centers : ndarray of shape (K, 3), dtype float32
    labels : ndarray of shape (N,), dtype intp
        Each point's nearest centre.

    Notes
    -----
    A palette is judged by the mean distance from each pixel to its nearest colour, not the
    mean squared distance k-means minimises: squares let a few far pixels (highlights, deep
    shadows) pull a centre away from the bulk of its cluster. Weighting each member by the
    inverse of its distance (Weiszfeld 1937) turns the mean into the geometric median, which
    minimises the sum of distances; CIELAB is the space CIEDE2000 is defined in.
    """
    k = centers.shape[0]
    labels = np.zeros(points.shape[0], dtype=np.intp)
    norms = (points * points).sum(axis=1)
    columns = [points[:, j : j + 1] for j in range(3)]
    rows = np.arange(points.shape[0])
    for _ in range(_MEDIAN_ITERATIONS):
        dot = columns[0] * centers[:, 0] + columns[1] * centers[:, 1] + columns[2] * centers[:, 2]
        squared = (centers * centers).sum(axis=1)[None, :] - 2.0 * dot
        labels = np.argmin(squared, axis=1)
        nearest_sq = np.maximum(squared[rows, labels] + norms, 0.0)
        weights = 1.0 / np.maximum(np.sqrt(nearest_sq), _MEDIAN_MIN_DISTANCE)
        total = np.bincount(labels, weights=weights, minlength=k)
        sums = np.stack(
            [np.bincount(labels, weights=weights * points[:, j], minlength=k) for j in range(3)],
            axis=1,
        )
        update = np.where(
            total[:, None] > 0, sums / np.where(total > 0, total, 1.0)[:, None], centers
        ).astype(np.float32)
        moved = float(np.abs(update - centers).max())
        centers = update
        if moved < _TOLERANCE:
            break
    return centers, labels


def _representative(
    rgb: NDArray[np.uint8],
    points: NDArray[np.float32],
    index: NDArray[np.intp],
    center: NDArray[np.float32],
) -> NDArray[np.uint8]:
    """The member colour nearest to `center` (ties to the first in sample order)."""
    nearest = index[int(np.argmin(((points[index] - center) ** 2).sum(axis=1)))]
    chosen: NDArray[np.uint8] = rgb[nearest]
    return chosen
