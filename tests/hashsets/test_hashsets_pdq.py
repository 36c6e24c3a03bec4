"""PDQ hashing: transformed copies stay within the radius, unrelated images do not, flat images are unhashable."""

from __future__ import annotations

import numpy as np
from PIL import Image

from heroes.hashsets.pdq import DIHEDRAL, hamming, hash_image, prepare


def _min_distance(a, b) -> int:
    return int(hamming(a.hashes[0][None, :], b.hashes).min())


def test_transformed_copies_match_their_original(images):
    for i in range(3):
        original = hash_image(str(images / "originals" / f"scene{i}.png"))
        assert original.hashable
        for copy in sorted((images / "copies").glob(f"scene{i}_*")):
            assert _min_distance(original, hash_image(str(copy))) <= 31, copy.name


def test_rotation_and_mirror_match_only_through_the_dihedral_variants(images):
    original = hash_image(str(images / "originals" / "scene0.png"))
    rotated = hash_image(str(images / "copies" / "scene0_rot90.png"))
    assert int(hamming(original.hashes[0], rotated.hashes[0])) > 31  # the plain hash alone misses it
    assert _min_distance(original, rotated) <= 31
    assert len(DIHEDRAL) == len(rotated.hashes) == 8


def test_unrelated_images_do_not_match(images):
    originals = [hash_image(str(p)) for p in sorted((images / "originals").glob("*.png"))]
    for other in sorted((images / "unrelated").glob("*.png")):
        h = hash_image(str(other))
        assert all(_min_distance(o, h) > 31 for o in originals)


def test_flat_image_is_unhashable(images):
    result = hash_image(str(images / "flat.png"))
    assert not result.hashable and result.quality < 50


def test_large_images_are_thumbnailed_and_grey_converted(tmp_path):
    big = Image.new("L", (2000, 1000), 0)
    big.paste(255, (0, 0, 1000, 1000))
    big.save(tmp_path / "big.jpg")
    arr = prepare(str(tmp_path / "big.jpg"))
    assert arr.dtype == np.uint8 and arr.shape[2] == 3 and max(arr.shape[:2]) <= 512
