from collections.abc import Callable

import numpy as np
import pytest

from copy_that.analysis import Layout, analyse
from copy_that.errors import OptionsError
from copy_that.extract.borders import extract_borders
from copy_that.extract.radii import extract_radii
from copy_that.extract.shadows import extract_shadows
from copy_that.extract.spacing import extract_spacing
from copy_that.imaging import Image
from tests.unit.analysis._synth import dashboard, image_of


@pytest.mark.parametrize(
    "extract", [extract_spacing, extract_radii, extract_shadows, extract_borders]
)
def test_every_layout_extractor_refuses_another_images_layout(
    extract: Callable[[Image, Layout], object],
) -> None:
    layout = analyse(image_of(dashboard(), dpr=1), text_lines=False)
    other = Image.from_array(np.zeros((7, 9, 3), dtype=np.uint8))
    with pytest.raises(OptionsError) as err:
        extract(other, layout)
    assert err.value.option == "layout"
    assert "7" in str(err.value)
