"""The letterhead's pictures (Settings Logo and Signature image), checked by content."""

from __future__ import annotations

import pytest
from PIL import Image

from s55xl import images


def _picture(path, size=(300, 100), kind="PNG"):
    Image.new("RGB", size, "navy").save(path, kind)
    return path


def test_png_and_jpeg_pictures_are_usable_relative_to_the_workbook_folder(tmp_path):
    _picture(tmp_path / "logo.png")
    _picture(tmp_path / "sig.jpg", (400, 120), "JPEG")
    logo = images.check("logo.png", tmp_path)
    assert (logo.format, logo.width, logo.height) == ("PNG", 300, 100)
    assert images.check(str(tmp_path / "sig.jpg"), tmp_path / "elsewhere").format == "JPEG"


def test_a_picture_named_png_but_holding_something_else_is_refused(tmp_path):
    Image.new("RGB", (300, 100)).save(tmp_path / "logo.png", "GIF")  # a GIF named .png
    with pytest.raises(images.PictureProblem, match="logo.png is not a PNG or JPEG picture"):
        images.check("logo.png", tmp_path)


@pytest.mark.parametrize("size, message", [
    ((20, 100), "only 20×100 pixels and would print blurred"),
    ((9000, 100), "9000×100 pixels, far more than a letterhead needs"),
])
def test_sizes_that_would_not_print_well_are_refused(tmp_path, size, message):
    _picture(tmp_path / "logo.png", size)
    with pytest.raises(images.PictureProblem, match=message):
        images.check("logo.png", tmp_path)


def test_a_file_too_big_for_a_letterhead_is_refused(tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(images.MAX_BYTES + 1))
    with pytest.raises(images.PictureProblem, match=r"logo.png is 5.0 MB, too big"):
        images.check("logo.png", tmp_path)


def test_a_missing_or_blank_picture_is_not_used(tmp_path):
    with pytest.raises(images.PictureProblem, match=r"there is no file logo.png \(looked in"):
        images.check("logo.png", tmp_path)
    assert images.usable("", tmp_path) is None
    assert images.usable("logo.png", tmp_path) is None
