"""utils.conv_utils: output lengths, as in Keras 2.3."""
import pytest

from multikeras.utils import conv_utils


def test_conv_output_length_by_padding():
    assert conv_utils.conv_output_length(None, 7, 'same', 1) is None
    assert conv_utils.conv_output_length(224, 7, 'same', 2) == 112
    assert conv_utils.conv_output_length(32, 5, 'valid', 2) == 14
    assert conv_utils.conv_output_length(32, 5, 'causal', 2) == 16
    assert conv_utils.conv_output_length(32, 5, 'full', 2) == 18
    assert conv_utils.conv_output_length(32, 3, 'valid', 1, dilation=2) == 28
    with pytest.raises(AssertionError, match="`padding` must be .*got 'diagonal'"):
        conv_utils.conv_output_length(32, 5, 'diagonal', 2)
