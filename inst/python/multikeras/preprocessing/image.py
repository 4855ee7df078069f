"""Image loading and real-time data augmentation, as Keras 2.3 `preprocessing.image`.

The names, arguments and defaults are those of Keras 2.3.1 (which re-exports
keras-preprocessing 1.1.0): `ImageDataGenerator` with `flow()`,
`flow_from_directory()` and `flow_from_dataframe()`, the iterators they
return, the affine helpers (`apply_affine_transform`, `random_rotation`, ...)
and the image file helpers (`load_img`, `img_to_array`, `array_to_img`,
`save_img`, `list_pictures`).

Pillow is needed only by the functions that read or write image files, and
pandas only by `flow_from_dataframe()`; both are imported when first needed,
so this module imports without them and the function that needs one raises
an `ImportError` naming the package and how to install it.

Where Keras' own behaviour contradicts its documentation, this module follows
the documentation (each case is noted where it happens):

- Rotations, shears and zooms turn about the true centre of the image,
  `((rows - 1) / 2, (cols - 1) / 2)`; Keras uses `rows / 2 + 0.5`, one pixel
  off, so a 90 degree rotation there is not a rotation of the pixel grid.
- `fill_mode='wrap'` repeats the image with period `rows` (`abcd|abcd|abcd`);
  Keras hands `'wrap'` to scipy, whose `'wrap'` has period `rows - 1` since
  scipy 1.6.
- Brightness shifts multiply the pixel values by the factor (as Pillow's
  `ImageEnhance.Brightness` does on 8-bit images) and clip to [0, 255], in
  floating point; Keras round-trips through an 8-bit Pillow image, which first
  rescales the image to make its maximum 255 and truncates to integers.
"""
import io
import math
import os
import threading
import warnings

import numpy as np

from .. import backend as K

from ..utils.data_utils import Sequence


_PILLOW_INSTALL = 'pip install Pillow==10.4.0   (or, in R: install_keras())'
_PANDAS_INSTALL = 'pip install pandas==2.1.4   (or, in R: install_keras())'
_SCIPY_INSTALL = 'pip install scipy==1.11.4   (or, in R: install_keras())'

_FILL_MODES = ('constant', 'nearest', 'reflect', 'wrap')
# Our fill modes in scipy.ndimage's names (see the module docstring on 'wrap').
_SCIPY_MODES = {'constant': 'constant', 'nearest': 'nearest',
                'reflect': 'reflect', 'wrap': 'grid-wrap'}
_COLOR_MODES = ('grayscale', 'rgb', 'rgba')
_DATA_FORMATS = ('channels_last', 'channels_first')
_INTERPOLATIONS = ('nearest', 'bilinear', 'bicubic', 'hamming', 'box', 'lanczos')


# ---------------------------------------------------------------------------
# Optional dependencies, imported on first use.

def _pil_image(what):
    """Return `PIL.Image`, or raise an ImportError saying how to get it."""
    try:
        from PIL import Image
    except ImportError as e:
        raise ImportError('`%s` needs Pillow (the `PIL` package), which could not be '
                          'imported (%s). Install it with: %s' % (what, e, _PILLOW_INSTALL))
    return Image


def _pandas(what):
    """Return the `pandas` module, or raise an ImportError saying how to get it."""
    try:
        import pandas
    except ImportError as e:
        raise ImportError('`%s` needs pandas, which could not be imported (%s). '
                          'Install it with: %s' % (what, e, _PANDAS_INSTALL))
    return pandas


def _scipy(what, submodule):
    """Return `scipy.<submodule>`, or raise an ImportError saying how to get it."""
    try:
        if submodule == 'ndimage':
            from scipy import ndimage as module
        else:
            from scipy import linalg as module
    except ImportError as e:
        raise ImportError('`%s` needs SciPy, which could not be imported (%s). '
                          'Install it with: %s' % (what, e, _SCIPY_INSTALL))
    return module


def _pil_resample(Image, interpolation):
    if interpolation not in _INTERPOLATIONS:
        raise ValueError('Invalid interpolation: %r. Supported methods are %s.'
                         % (interpolation, ', '.join(repr(m) for m in _INTERPOLATIONS)))
    resampling = getattr(Image, 'Resampling', Image)
    return getattr(resampling, interpolation.upper())


# ---------------------------------------------------------------------------
# Argument checks: every error names the argument, the value and what is expected.

def _is_number(value):
    return (isinstance(value, (int, float, np.integer, np.floating))
            and not isinstance(value, (bool, np.bool_)))


def _check_number(name, value, minimum=None):
    if not _is_number(value):
        raise TypeError('`%s` should be a number; received: %r' % (name, value))
    if minimum is not None and value < minimum:
        raise ValueError('`%s` should be >= %s; received: %r' % (name, minimum, value))
    return value


def _check_choice(name, value, choices):
    if value not in choices:
        raise ValueError('`%s` should be one of %s; received: %r'
                         % (name, ', '.join(repr(c) for c in choices), value))
    return value


def _check_data_format(data_format):
    if data_format is None:
        data_format = K.image_data_format()
    if data_format not in _DATA_FORMATS:
        raise ValueError('`data_format` should be "channels_last" (channel after row and '
                         'column) or "channels_first" (channel before row and column); '
                         'received: %r' % (data_format,))
    return data_format


def _check_dtype(dtype):
    if dtype is None:
        return K.floatx()
    try:
        return np.dtype(dtype).name
    except TypeError:
        raise TypeError('`dtype` should be a numpy dtype name such as "float32"; '
                        'received: %r' % (dtype,))


def _check_shift_range(name, value):
    """A shift range as Keras accepts it: a number or a 1-D list of numbers."""
    if _is_number(value):
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        values = np.asarray(value)
        if values.ndim == 1 and values.size and np.issubdtype(values.dtype, np.number):
            return tuple(values.tolist())
    raise ValueError('`%s` should be a float (a fraction of the size if < 1, else '
                     'pixels), an int (pixels) or a non-empty 1-D list of numbers; '
                     'received: %r' % (name, value))


def _check_pair(name, value, what='a tuple or list of two floats'):
    if (not isinstance(value, (list, tuple, np.ndarray)) or len(value) != 2
            or not all(_is_number(v) for v in value)):
        raise ValueError('`%s` should be %s; received: %r' % (name, what, value))
    return [value[0], value[1]]


def _check_image(x, name='x'):
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError('`%s` should be a single image, an array of rank 3; received an '
                         'array of shape %s' % (name, x.shape))
    return x


def _check_axes(x, row_axis, col_axis, channel_axis):
    axes = (row_axis, col_axis, channel_axis)
    if sorted(a % 3 for a in axes) != [0, 1, 2]:
        raise ValueError('`row_axis`, `col_axis` and `channel_axis` should be three '
                         'different axes of the rank-3 image; received: %r' % (axes,))
    return tuple(a % 3 for a in axes)


# ---------------------------------------------------------------------------
# Affine transformations.

def _snap(value):
    """Round a value within 1e-10 of an integer, so right angles stay exact."""
    rounded = round(value)
    return float(rounded) if abs(value - rounded) < 1e-10 else value


def _affine_matrix(theta, tx, ty, shear, zx, zy, rows, cols):
    """The 2x2 matrix and offset that map output (row, col) to input (row, col).

    The transformation is rotation . shift . shear . zoom (in the order Keras
    composes them), about the centre of the image. Plain float arithmetic:
    numpy calls on 2x2 arrays would cost more than the arithmetic.
    """
    t = math.radians(theta)
    s = math.radians(shear)
    ct, st = _snap(math.cos(t)), _snap(math.sin(t))
    cts, sts = _snap(math.cos(t + s)), _snap(math.sin(t + s))
    a, b, c, d = ct * zx, -zy * sts, st * zx, zy * cts
    cr, cc = (rows - 1) / 2.0, (cols - 1) / 2.0
    offset = (_snap(ct * tx - st * ty + cr - (a * cr + b * cc)),
              _snap(st * tx + ct * ty + cc - (c * cr + d * cc)))
    return np.array([[a, b], [c, d]]), offset


def transform_matrix_offset_center(matrix, x, y):
    """Re-centres a 3x3 homogeneous transform on the middle of an `x` by `y` image.

    # Arguments
        matrix: 3x3 Numpy array, the transform about the origin.
        x: Int, size of the image along its first (row) axis.
        y: Int, size of the image along its second (column) axis.

    # Returns
        The 3x3 Numpy array of the same transform about the image centre,
        `((x - 1) / 2, (y - 1) / 2)`.
    """
    o_x, o_y = (x - 1) / 2.0, (y - 1) / 2.0
    to_centre = np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]], dtype='float64')
    from_centre = np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]], dtype='float64')
    return to_centre.dot(matrix).dot(from_centre)


def apply_affine_transform(x, theta=0, tx=0, ty=0, shear=0, zx=1, zy=1,
                           row_axis=0, col_axis=1, channel_axis=2,
                           fill_mode='nearest', cval=0., order=1):
    """Applies an affine transformation (rotation, shift, shear, zoom) to an image.

    The output pixel at `p` takes the input value at `A . (p - c) + c + t`
    (`c` the image centre), so a positive `tx` moves the content up, a
    positive `ty` moves it left, and `theta = 90` turns it clockwise.

    # Arguments
        x: 3D Numpy array, a single image.
        theta: Rotation angle in degrees.
        tx: Shift along the row axis (pixels).
        ty: Shift along the column axis (pixels).
        shear: Shear angle in degrees.
        zx: Zoom factor along the row axis (< 1 enlarges the content).
        zy: Zoom factor along the column axis.
        row_axis: Index of the axis for rows in `x`.
        col_axis: Index of the axis for columns in `x`.
        channel_axis: Index of the axis for channels in `x`.
        fill_mode: Points outside the boundaries of the input are filled
            according to the given mode: `'constant'` (kkkk|abcd|kkkk with
            k = `cval`), `'nearest'` (aaaa|abcd|dddd), `'reflect'`
            (dcba|abcd|dcba) or `'wrap'` (abcd|abcd|abcd).
        cval: Value used for points outside the boundaries when
            `fill_mode='constant'`.
        order: Int, 0 to 5, the order of the spline interpolation.

    # Returns
        The transformed image, a Numpy array of the shape and dtype of `x`.

    # Raises
        ValueError: for an array that is not rank 3, or a bad `fill_mode`,
            `order` or axis.
        ImportError: if SciPy is not installed.
    """
    x = _check_image(x)
    row_axis, col_axis, channel_axis = _check_axes(x, row_axis, col_axis, channel_axis)
    _check_choice('fill_mode', fill_mode, _FILL_MODES)
    if not isinstance(order, (int, np.integer)) or not 0 <= order <= 5:
        raise ValueError('`order` (the interpolation order) should be an int from 0 to 5; '
                         'received: %r' % (order,))
    if theta == 0 and tx == 0 and ty == 0 and shear == 0 and zx == 1 and zy == 1:
        return x
    ndimage = _scipy('apply_affine_transform', 'ndimage')
    rows, cols = x.shape[row_axis], x.shape[col_axis]
    linear, offset = _affine_matrix(theta, tx, ty, shear, zx, zy, rows, cols)
    # One contiguous (channel, row, col) stack; scipy then runs once per channel
    # into a preallocated output (measured faster than one 3D call, which
    # interpolates along the channel axis too).
    axes = (channel_axis, row_axis, col_axis)
    stack = np.ascontiguousarray(x.transpose(axes))
    out = np.empty_like(stack)
    mode = _SCIPY_MODES[fill_mode]
    for channel in range(stack.shape[0]):
        ndimage.affine_transform(stack[channel], linear, offset, output=out[channel],
                                 order=order, mode=mode, cval=cval)
    return out.transpose(np.argsort(axes))


def flip_axis(x, axis):
    """Reverses an image along one axis.

    # Arguments
        x: Numpy array.
        axis: Int, the axis to reverse.

    # Returns
        The flipped array (a view of `x`).
    """
    return np.flip(np.asarray(x), axis)


def random_rotation(x, rg, row_axis=1, col_axis=2, channel_axis=0,
                    fill_mode='nearest', cval=0., interpolation_order=1):
    """Rotates an image by a random angle.

    # Arguments
        x: Input tensor. Must be 3D.
        rg: Rotation range, in degrees: the angle is drawn from `[-rg, rg)`.
        row_axis: Index of axis for rows in the input tensor.
        col_axis: Index of axis for columns in the input tensor.
        channel_axis: Index of axis for channels in the input tensor.
        fill_mode: One of `'constant'`, `'nearest'`, `'reflect'`, `'wrap'`.
        cval: Value used for points outside the boundaries of the input
            when `fill_mode='constant'`.
        interpolation_order: Int, order of the spline interpolation.

    # Returns
        Rotated Numpy image tensor.
    """
    _check_number('rg', rg)
    theta = np.random.uniform(-rg, rg)
    return apply_affine_transform(x, theta=theta, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode,
                                  cval=cval, order=interpolation_order)


def random_shift(x, wrg, hrg, row_axis=1, col_axis=2, channel_axis=0,
                 fill_mode='nearest', cval=0., interpolation_order=1):
    """Shifts an image by a random fraction of its size.

    # Arguments
        x: Input tensor. Must be 3D.
        wrg: Width shift range, as a fraction of the width.
        hrg: Height shift range, as a fraction of the height.
        row_axis: Index of axis for rows in the input tensor.
        col_axis: Index of axis for columns in the input tensor.
        channel_axis: Index of axis for channels in the input tensor.
        fill_mode: One of `'constant'`, `'nearest'`, `'reflect'`, `'wrap'`.
        cval: Value used for points outside the boundaries of the input
            when `fill_mode='constant'`.
        interpolation_order: Int, order of the spline interpolation.

    # Returns
        Shifted Numpy image tensor.
    """
    _check_number('wrg', wrg)
    _check_number('hrg', hrg)
    x = _check_image(x)
    h, w = x.shape[row_axis], x.shape[col_axis]
    tx = np.random.uniform(-hrg, hrg) * h
    ty = np.random.uniform(-wrg, wrg) * w
    return apply_affine_transform(x, tx=tx, ty=ty, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode,
                                  cval=cval, order=interpolation_order)


def random_shear(x, intensity, row_axis=1, col_axis=2, channel_axis=0,
                 fill_mode='nearest', cval=0., interpolation_order=1):
    """Shears an image by a random angle.

    # Arguments
        x: Input tensor. Must be 3D.
        intensity: Shear range in degrees: the angle is drawn from
            `[-intensity, intensity)`.
        row_axis: Index of axis for rows in the input tensor.
        col_axis: Index of axis for columns in the input tensor.
        channel_axis: Index of axis for channels in the input tensor.
        fill_mode: One of `'constant'`, `'nearest'`, `'reflect'`, `'wrap'`.
        cval: Value used for points outside the boundaries of the input
            when `fill_mode='constant'`.
        interpolation_order: Int, order of the spline interpolation.

    # Returns
        Sheared Numpy image tensor.
    """
    _check_number('intensity', intensity)
    shear = np.random.uniform(-intensity, intensity)
    return apply_affine_transform(x, shear=shear, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode,
                                  cval=cval, order=interpolation_order)


def random_zoom(x, zoom_range, row_axis=1, col_axis=2, channel_axis=0,
                fill_mode='nearest', cval=0., interpolation_order=1):
    """Zooms an image by random factors, one per axis.

    # Arguments
        x: Input tensor. Must be 3D.
        zoom_range: Tuple of floats `(lower, upper)`: each factor is drawn from
            `[lower, upper)`; a factor below 1 enlarges the content.
        row_axis: Index of axis for rows in the input tensor.
        col_axis: Index of axis for columns in the input tensor.
        channel_axis: Index of axis for channels in the input tensor.
        fill_mode: One of `'constant'`, `'nearest'`, `'reflect'`, `'wrap'`.
        cval: Value used for points outside the boundaries of the input
            when `fill_mode='constant'`.
        interpolation_order: Int, order of the spline interpolation.

    # Returns
        Zoomed Numpy image tensor.

    # Raises
        ValueError: if `zoom_range` is not a pair of numbers.
    """
    zoom_range = _check_pair('zoom_range', zoom_range)
    if zoom_range[0] == 1 and zoom_range[1] == 1:
        zx, zy = 1, 1
    else:
        zx, zy = np.random.uniform(zoom_range[0], zoom_range[1], 2)
    return apply_affine_transform(x, zx=zx, zy=zy, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode,
                                  cval=cval, order=interpolation_order)


def apply_channel_shift(x, intensity, channel_axis=0):
    """Adds a constant to every channel, clipped to the image's value range.

    # Arguments
        x: Input tensor. Must be 3D.
        intensity: The value added.
        channel_axis: Index of axis for channels in the input tensor.

    # Returns
        Numpy image tensor: `clip(x + intensity, min(x), max(x))`.
    """
    x = _check_image(x)
    _check_number('intensity', intensity)
    if not -3 <= channel_axis < 3:
        raise ValueError('`channel_axis` should be an axis of the rank-3 image; '
                         'received: %r' % (channel_axis,))
    return np.clip(x + intensity, np.min(x), np.max(x))


def random_channel_shift(x, intensity_range, channel_axis=0):
    """Adds a random constant to every channel (see `apply_channel_shift`).

    # Arguments
        x: Input tensor. Must be 3D.
        intensity_range: The constant is drawn from
            `[-intensity_range, intensity_range)`.
        channel_axis: Index of axis for channels in the input tensor.

    # Returns
        Numpy image tensor.
    """
    _check_number('intensity_range', intensity_range)
    intensity = np.random.uniform(-intensity_range, intensity_range)
    return apply_channel_shift(x, intensity, channel_axis=channel_axis)


def apply_brightness_shift(x, brightness):
    """Changes the brightness of an image.

    As Pillow's `ImageEnhance.Brightness` on an 8-bit image: pixel values are
    multiplied by `brightness` (0 gives a black image, 1 the original) and
    clipped to [0, 255]. Unlike Keras, which goes through an 8-bit Pillow
    image, the result is not rescaled to a maximum of 255 first nor rounded.

    # Arguments
        x: Input tensor. Must be 3D.
        brightness: Float, the brightness factor.

    # Returns
        Numpy image tensor.
    """
    x = _check_image(x)
    _check_number('brightness', brightness)
    out = x * brightness if x.dtype.kind == 'f' else x.astype(K.floatx()) * brightness
    return np.clip(out, 0, 255, out=out)


def random_brightness(x, brightness_range):
    """Changes the brightness of an image by a random factor.

    # Arguments
        x: Input tensor. Must be 3D.
        brightness_range: Tuple of floats `(lower, upper)`: the factor is drawn
            from `[lower, upper)`.

    # Returns
        Numpy image tensor.

    # Raises
        ValueError: if `brightness_range` is not a pair of numbers.
    """
    brightness_range = _check_pair('brightness_range', brightness_range)
    u = np.random.uniform(brightness_range[0], brightness_range[1])
    return apply_brightness_shift(x, u)


# ---------------------------------------------------------------------------
# Image files.

def array_to_img(x, data_format=None, scale=True, dtype=None):
    """Converts a 3D Numpy array to a PIL Image instance.

    # Arguments
        x: Input Numpy array, a single image.
        data_format: Image data format, `"channels_last"` or `"channels_first"`
            (default: the `image_data_format` of `keras.json`).
        scale: Whether to rescale the values to [0, 255] (shifted to make the
            minimum at least 0, then divided by the maximum).
        dtype: Dtype used for the conversion (default: the float type of
            `keras.json`).

    # Returns
        A PIL Image instance: mode `'L'` (or `'I'` above 255) for one channel,
        `'RGB'` for three, `'RGBA'` for four.

    # Raises
        ImportError: if Pillow is not installed.
        ValueError: if the array is not rank 3 or has another number of channels.
    """
    Image = _pil_image('array_to_img')
    data_format = _check_data_format(data_format)
    x = np.array(x, dtype=_check_dtype(dtype))
    if x.ndim != 3:
        raise ValueError('Expected image array to have rank 3 (single image); got an '
                         'array of shape %s' % (x.shape,))
    if data_format == 'channels_first':
        x = x.transpose(1, 2, 0)
    if scale:
        x = x + max(-np.min(x), 0)
        x_max = np.max(x)
        if x_max != 0:
            x /= x_max
        x *= 255
    channels = x.shape[2]
    if channels == 4:
        return Image.fromarray(x.astype('uint8'), 'RGBA')
    if channels == 3:
        return Image.fromarray(x.astype('uint8'), 'RGB')
    if channels == 1:
        if np.max(x) > 255:
            return Image.fromarray(x[:, :, 0].astype('int32'), 'I')
        return Image.fromarray(x[:, :, 0].astype('uint8'), 'L')
    raise ValueError('Unsupported channel number: %s (expected 1, 3 or 4 channels on the '
                     'channel axis of a %s image of shape %s)'
                     % (channels, data_format, x.shape))


def img_to_array(img, data_format=None, dtype=None):
    """Converts a PIL Image instance to a 3D Numpy array.

    # Arguments
        img: PIL Image instance.
        data_format: Image data format, `"channels_last"` or `"channels_first"`
            (default: the `image_data_format` of `keras.json`).
        dtype: Dtype of the array (default: the float type of `keras.json`).

    # Returns
        A 3D Numpy array.

    # Raises
        ValueError: if the image is neither 2D nor 3D.
    """
    data_format = _check_data_format(data_format)
    x = np.asarray(img, dtype=_check_dtype(dtype))
    if x.ndim == 3:
        if data_format == 'channels_first':
            x = x.transpose(2, 0, 1)
    elif x.ndim == 2:
        if data_format == 'channels_first':
            x = x.reshape((1,) + x.shape)
        else:
            x = x.reshape(x.shape + (1,))
    else:
        raise ValueError('Unsupported image shape: %s (expected a 2D or 3D image)'
                         % (x.shape,))
    return x


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Saves an image stored as a Numpy array to a path or file object.

    # Arguments
        path: Path or file object.
        x: Numpy array, a single image.
        data_format: Image data format, `"channels_last"` or `"channels_first"`.
        file_format: Optional file format, e.g. `'png'` or `'jpeg'`; by default
            it is taken from the file name extension.
        scale: Whether to rescale the values to [0, 255].
        **kwargs: Further arguments passed to `PIL.Image.save()`.

    # Raises
        ImportError: if Pillow is not installed.
    """
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == 'RGBA' and file_format in ('jpg', 'jpeg'):
        warnings.warn('The JPG format does not support RGBA images, converting to RGB.')
        img = img.convert('RGB')
    if file_format == 'jpg':
        file_format = 'jpeg'
    img.save(path, format=file_format, **kwargs)


def load_img(path, grayscale=False, color_mode='rgb', target_size=None,
             interpolation='nearest'):
    """Loads an image into PIL format.

    # Arguments
        path: Path to the image file.
        grayscale: Deprecated, use `color_mode="grayscale"`.
        color_mode: One of `"grayscale"`, `"rgb"`, `"rgba"`: the image is
            converted to 1, 3 or 4 channels.
        target_size: `None` (the original size) or a tuple of ints
            `(img_height, img_width)`.
        interpolation: Interpolation method used to resample the image when
            the target size differs from the size of the loaded image:
            `"nearest"`, `"bilinear"`, `"bicubic"`, `"hamming"`, `"box"` or
            `"lanczos"`.

    # Returns
        A PIL Image instance.

    # Raises
        ImportError: if Pillow is not installed.
        ValueError: for an unknown `color_mode` or `interpolation`, or a bad
            `target_size`.
    """
    if grayscale is True:
        warnings.warn('grayscale is deprecated. Please use color_mode = "grayscale"')
        color_mode = 'grayscale'
    _check_choice('color_mode', color_mode, _COLOR_MODES)
    if target_size is not None:
        if (not isinstance(target_size, (list, tuple)) or len(target_size) != 2
                or not all(isinstance(v, (int, np.integer)) and v > 0 for v in target_size)):
            raise ValueError('`target_size` should be None or a tuple of two positive ints '
                             '(img_height, img_width); received: %r' % (target_size,))
    Image = _pil_image('load_img')
    # Read the bytes first so no file handle stays open behind the lazy image.
    with open(path, 'rb') as f:
        img = Image.open(io.BytesIO(f.read()))
    wanted = {'grayscale': 'L', 'rgb': 'RGB', 'rgba': 'RGBA'}[color_mode]
    if img.mode != wanted:
        img = img.convert(wanted)
    if target_size is not None:
        width_height = (int(target_size[1]), int(target_size[0]))
        if img.size != width_height:
            img = img.resize(width_height, _pil_resample(Image, interpolation))
    return img


def list_pictures(directory, ext=('jpg', 'jpeg', 'bmp', 'png', 'ppm', 'tif', 'tiff')):
    """Lists the image files in a directory and its sub-directories.

    # Arguments
        directory: Path of the directory.
        ext: Extension or tuple of extensions (without the dot) of the files
            to list, matched case-insensitively; the older `'jpg|png'` form
            is accepted too.

    # Returns
        A list of file paths.
    """
    if isinstance(ext, str):
        ext = ext.split('|')
    suffixes = tuple('.' + e.lower().lstrip('.') for e in ext)
    return [os.path.join(root, f)
            for root, _, files in os.walk(directory) for f in sorted(files)
            if f.lower().endswith(suffixes)]


# ---------------------------------------------------------------------------
# Iterators.

class Iterator(Sequence):
    """Base class for the image data iterators.

    An iterator is both a `Sequence` (`len()` batches, `iterator[i]` the
    i-th batch of the epoch, `on_epoch_end()` reshuffles) and an endless
    Python iterator (`next(iterator)`), thread-safe, that reshuffles at the
    start of every pass over the data.

    # Arguments
        n: Int, total number of samples in the dataset to loop over.
        batch_size: Int, size of a batch.
        shuffle: Boolean, whether to shuffle the data between epochs.
        seed: Random seeding for data shuffling and augmentation.
    """
    white_list_formats = ('png', 'jpg', 'jpeg', 'bmp', 'ppm', 'tif', 'tiff')

    def __init__(self, n, batch_size, shuffle, seed):
        if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError('`batch_size` should be a positive int; received: %r'
                             % (batch_size,))
        if seed is not None and not isinstance(seed, (int, np.integer)):
            raise TypeError('`seed` should be None or an int; received: %r' % (seed,))
        self.n = n
        self.batch_size = batch_size
        self.seed = seed
        self.shuffle = shuffle
        self.batch_index = 0
        self.total_batches_seen = 0
        self.lock = threading.Lock()
        self.index_array = None
        self.index_generator = self._flow_index()

    def _set_index_array(self):
        if self.shuffle:
            self.index_array = np.random.permutation(self.n)
        else:
            self.index_array = np.arange(self.n)

    def __getitem__(self, idx):
        if idx >= len(self):
            raise ValueError('Asked to retrieve element {idx}, but the Sequence has '
                             'length {length}'.format(idx=idx, length=len(self)))
        if self.seed is not None:
            np.random.seed(self.seed + self.total_batches_seen)
        self.total_batches_seen += 1
        if self.index_array is None:
            self._set_index_array()
        index_array = self.index_array[self.batch_size * idx:self.batch_size * (idx + 1)]
        return self._get_batches_of_transformed_samples(index_array)

    def __len__(self):
        return (self.n + self.batch_size - 1) // self.batch_size

    def on_epoch_end(self):
        self._set_index_array()

    def reset(self):
        """Starts the next `next()` at the beginning of a new pass."""
        self.batch_index = 0

    def _flow_index(self):
        self.reset()
        while True:
            if self.seed is not None:
                np.random.seed(self.seed + self.total_batches_seen)
            if self.batch_index == 0:
                self._set_index_array()
            current_index = (self.batch_index * self.batch_size) % self.n if self.n else 0
            if self.n > current_index + self.batch_size:
                self.batch_index += 1
            else:
                self.batch_index = 0
            self.total_batches_seen += 1
            yield self.index_array[current_index:current_index + self.batch_size]

    def __iter__(self):
        return self

    def __next__(self, *args, **kwargs):
        return self.next(*args, **kwargs)

    def next(self):
        """The next batch."""
        with self.lock:
            index_array = next(self.index_generator)
        return self._get_batches_of_transformed_samples(index_array)

    def _get_batches_of_transformed_samples(self, index_array):
        """Gets a batch of transformed samples.

        # Arguments
            index_array: Array of sample indices to include in the batch.

        # Returns
            A batch of transformed samples.
        """
        raise NotImplementedError

    # Shared by the iterators: augment and standardize one batch in place.
    def _transform_batch(self, batch_x, images):
        """Fills `batch_x` with the augmented, standardized `images` (an iterable)."""
        generator = self.image_data_generator
        if generator is None:
            for i, x in enumerate(images):
                batch_x[i] = x
            return batch_x
        whole_batch = (generator.preprocessing_function is None
                       and type(generator).standardize is ImageDataGenerator.standardize)
        for i, x in enumerate(images):
            params = generator.get_random_transform(x.shape)
            batch_x[i] = generator.apply_transform(x, params)
            if not whole_batch:
                batch_x[i] = generator.standardize(batch_x[i])
        if whole_batch:
            batch_x = generator._standardize_batch(batch_x)
        return batch_x

    def _save_batch(self, batch_x, index_array):
        for i, j in enumerate(index_array):
            img = array_to_img(batch_x[i], self.data_format, scale=True)
            fname = '{prefix}_{index}_{hash}.{format}'.format(
                prefix=self.save_prefix, index=j, hash=np.random.randint(1e7),
                format=self.save_format)
            img.save(os.path.join(self.save_to_dir, fname))


class NumpyArrayIterator(Iterator):
    """Iterator yielding data from a Numpy array.

    # Arguments
        x: Numpy array of input data (rank 4), or a tuple whose first element
            is that array and whose second is another array or a list of
            arrays passed to the output unchanged.
        y: Numpy array of targets data.
        image_data_generator: Instance of `ImageDataGenerator` to use for
            random transformations and normalization.
        batch_size: Integer, size of a batch.
        shuffle: Boolean, whether to shuffle the data between epochs.
        sample_weight: Numpy array of sample weights.
        seed: Random seed for data shuffling.
        data_format: String, one of `channels_first`, `channels_last`.
        save_to_dir: Optional directory where to save the pictures being
            yielded, in a viewable format.
        save_prefix: String prefix for the file names of saved pictures.
        save_format: Format of the saved pictures, `"png"` or `"jpeg"`.
        subset: Subset of data (`"training"` or `"validation"`) if
            `validation_split` is set in `ImageDataGenerator`.
        dtype: Dtype to use for the generated arrays.
    """

    def __init__(self, x, y, image_data_generator, batch_size=32, shuffle=False,
                 sample_weight=None, seed=None, data_format=None, save_to_dir=None,
                 save_prefix='', save_format='png', subset=None, dtype=None):
        self.dtype = _check_dtype(dtype)
        if isinstance(x, (tuple, list)):
            if len(x) != 2:
                raise ValueError('`x` as a tuple should be (images, extra array or list of '
                                 'arrays); received a %s of length %d'
                                 % (type(x).__name__, len(x)))
            if isinstance(x[1], list):
                x_misc = [np.asarray(xx) for xx in x[1]]
            else:
                x_misc = [np.asarray(x[1])]
            x = x[0]
            for xx in x_misc:
                if len(x) != len(xx):
                    raise ValueError('All of the arrays in `x` should have the same length. '
                                     'Found a pair with: len(x[0]) = %s, len(x[?]) = %s'
                                     % (len(x), len(xx)))
        else:
            x_misc = []
        if y is not None and len(x) != len(y):
            raise ValueError('`x` (images tensor) and `y` (labels) should have the same '
                             'length. Found: x.shape = %s, y.shape = %s'
                             % (np.asarray(x).shape, np.asarray(y).shape))
        if sample_weight is not None and len(x) != len(sample_weight):
            raise ValueError('`x` (images tensor) and `sample_weight` should have the same '
                             'length. Found: x.shape = %s, sample_weight.shape = %s'
                             % (np.asarray(x).shape, np.asarray(sample_weight).shape))
        if subset is not None:
            _check_choice('subset', subset, ('training', 'validation'))
            split_idx = int(len(x) * image_data_generator._validation_split)
            if (y is not None and not np.array_equal(np.unique(y[:split_idx]),
                                                     np.unique(y[split_idx:]))):
                raise ValueError('Training and validation subsets have different number of '
                                 'classes after the split. If your numpy arrays are sorted '
                                 'by the label, you might want to shuffle them.')
            part = slice(None, split_idx) if subset == 'validation' else slice(split_idx, None)
            x = x[part]
            x_misc = [np.asarray(xx[part]) for xx in x_misc]
            if y is not None:
                y = y[part]
            if sample_weight is not None:
                sample_weight = sample_weight[part]
        self.data_format = _check_data_format(data_format)
        self.x = np.asarray(x, dtype=self.dtype)
        self.x_misc = x_misc
        if self.x.ndim != 4:
            raise ValueError('Input data in `NumpyArrayIterator` should have rank 4; '
                             'received an array of shape %s' % (self.x.shape,))
        channels_axis = 3 if self.data_format == 'channels_last' else 1
        if self.x.shape[channels_axis] not in {1, 3, 4}:
            warnings.warn('NumpyArrayIterator is set to use the data format convention "%s" '
                          '(channels on axis %d), i.e. expected either 1, 3, or 4 channels '
                          'on axis %d. However, it was passed an array with shape %s (%d '
                          'channels).' % (self.data_format, channels_axis, channels_axis,
                                          self.x.shape, self.x.shape[channels_axis]))
        self.y = np.asarray(y) if y is not None else None
        self.sample_weight = np.asarray(sample_weight) if sample_weight is not None else None
        self.image_data_generator = image_data_generator
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        super(NumpyArrayIterator, self).__init__(self.x.shape[0], batch_size, shuffle, seed)

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = np.empty((len(index_array),) + self.x.shape[1:], dtype=self.dtype)
        batch_x = self._transform_batch(batch_x, (self.x[j] for j in index_array))
        if self.save_to_dir:
            self._save_batch(batch_x, index_array)
        batch_x_miscs = [xx[index_array] for xx in self.x_misc]
        output = (batch_x if not batch_x_miscs else [batch_x] + batch_x_miscs,)
        if self.y is None:
            return output[0]
        output += (self.y[index_array],)
        if self.sample_weight is not None:
            output += (self.sample_weight[index_array],)
        return output


class BatchFromFilesMixin(object):
    """What `DirectoryIterator` and `DataFrameIterator` share: image files to batches."""

    def set_processing_attrs(self, image_data_generator, target_size, color_mode,
                             data_format, save_to_dir, save_prefix, save_format, subset,
                             interpolation):
        """Sets the attributes used to load, augment and save the images.

        # Arguments
            image_data_generator: Instance of `ImageDataGenerator` (or None)
                to use for random transformations and normalization.
            target_size: Tuple of ints `(height, width)`, the size the images
                are resized to.
            color_mode: One of `"rgb"`, `"rgba"`, `"grayscale"`.
            data_format: String, one of `channels_first`, `channels_last`.
            save_to_dir: Optional directory where to save the pictures being
                yielded, in a viewable format.
            save_prefix: String prefix for the file names of saved pictures.
            save_format: Format of the saved pictures, `"png"` or `"jpeg"`.
            subset: Subset of data (`"training"` or `"validation"`) if
                `validation_split` is set in `ImageDataGenerator`.
            interpolation: Interpolation method used to resample the images.
        """
        self.image_data_generator = image_data_generator
        if (not isinstance(target_size, (list, tuple)) or len(target_size) != 2
                or not all(isinstance(v, (int, np.integer)) and v > 0 for v in target_size)):
            raise ValueError('`target_size` should be a tuple of two positive ints '
                             '(height, width); received: %r' % (target_size,))
        self.target_size = tuple(int(v) for v in target_size)
        self.color_mode = _check_choice('color_mode', color_mode, ('rgb', 'rgba', 'grayscale'))
        self.data_format = _check_data_format(data_format)
        channels = {'rgba': 4, 'rgb': 3, 'grayscale': 1}[color_mode]
        if self.data_format == 'channels_last':
            self.image_shape = self.target_size + (channels,)
        else:
            self.image_shape = (channels,) + self.target_size
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        _check_choice('interpolation', interpolation, _INTERPOLATIONS)
        self.interpolation = interpolation
        if subset is not None:
            _check_choice('subset', subset, ('training', 'validation'))
            validation_split = (image_data_generator._validation_split
                                if image_data_generator is not None else 0)
            if subset == 'validation':
                self.split = (0, validation_split)
            else:
                self.split = (validation_split, 1)
        else:
            self.split = None
        self.subset = subset

    def _load_images(self, index_array):
        filepaths = self.filepaths
        for j in index_array:
            img = load_img(filepaths[j], color_mode=self.color_mode,
                           target_size=self.target_size, interpolation=self.interpolation)
            x = img_to_array(img, data_format=self.data_format, dtype=self.dtype)
            img.close()
            yield x

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = np.empty((len(index_array),) + self.image_shape, dtype=self.dtype)
        batch_x = self._transform_batch(batch_x, self._load_images(index_array))
        if self.save_to_dir:
            self._save_batch(batch_x, index_array)
        mode = self.class_mode
        if mode == 'input':
            batch_y = batch_x.copy()
        elif mode in {'binary', 'sparse'}:
            batch_y = np.asarray([self.classes[j] for j in index_array], dtype=self.dtype)
        elif mode == 'categorical':
            batch_y = np.zeros((len(batch_x), len(self.class_indices)), dtype=self.dtype)
            for i, j in enumerate(index_array):
                batch_y[i, self.classes[j]] = 1.
        elif mode == 'multi_output':
            batch_y = [output[index_array] for output in self.labels]
        elif mode == 'raw':
            batch_y = self.labels[index_array]
        else:
            return batch_x
        if self.sample_weight is None:
            return batch_x, batch_y
        return batch_x, batch_y, self.sample_weight[index_array]

    @property
    def filepaths(self):
        """List of absolute paths to image files."""
        raise NotImplementedError

    @property
    def labels(self):
        """Class labels of every observation."""
        raise NotImplementedError

    @property
    def sample_weight(self):
        raise NotImplementedError


def _iter_valid_files(directory, white_list_formats, follow_links):
    """Yields (root, file name) for every image file under `directory`, sorted."""
    suffixes = tuple('.' + e for e in white_list_formats)
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links),
                                 key=lambda walked: walked[0]):
        for fname in sorted(files):
            lower = fname.lower()
            if lower.endswith('.tiff'):
                warnings.warn('Using ".tiff" files with multiple bands will cause '
                              'distortion. Please verify your output.')
            if lower.endswith(suffixes):
                yield root, fname


class DirectoryIterator(BatchFromFilesMixin, Iterator):
    """Iterator capable of reading images from a directory on disk.

    # Arguments
        directory: Path to the directory to read images from. Each
            subdirectory in this directory is one class, and the images of a
            class are all the image files under its subdirectory (recursively).
        image_data_generator: Instance of `ImageDataGenerator` (or None) to
            use for random transformations and normalization.
        target_size: tuple of integers, dimensions to resize input images to.
        color_mode: One of `"rgb"`, `"rgba"`, `"grayscale"`.
        classes: Optional list of strings, names of the subdirectories
            containing images from each class (e.g. `["dogs", "cats"]`); it
            also fixes the class indices. By default every subdirectory is a
            class, in alphanumeric order.
        class_mode: Mode for yielding the targets:
            `"binary"`: binary targets (if there are only two classes),
            `"categorical"`: categorical targets,
            `"sparse"`: integer targets,
            `"input"`: targets are images identical to input images (mainly
                used to work with autoencoders),
            `None`: no targets get yielded (only input images are yielded).
        batch_size: Integer, size of a batch.
        shuffle: Boolean, whether to shuffle the data between epochs.
        seed: Random seed for data shuffling.
        data_format: String, one of `channels_first`, `channels_last`.
        save_to_dir: Optional directory where to save the pictures being
            yielded, in a viewable format.
        save_prefix: String prefix for the file names of saved pictures.
        save_format: Format of the saved pictures, `"png"` or `"jpeg"`.
        follow_links: Whether to follow symbolic links inside the class
            subdirectories.
        subset: Subset of data (`"training"` or `"validation"`) if
            `validation_split` is set in `ImageDataGenerator`.
        interpolation: Interpolation method used to resample the image if the
            target size is different from that of the loaded image:
            `"nearest"`, `"bilinear"`, `"bicubic"`, `"hamming"`, `"box"` or
            `"lanczos"`.
        dtype: Dtype to use for generated arrays.
    """
    allowed_class_modes = {'categorical', 'binary', 'sparse', 'input', None}

    def __init__(self, directory, image_data_generator, target_size=(256, 256),
                 color_mode='rgb', classes=None, class_mode='categorical', batch_size=32,
                 shuffle=True, seed=None, data_format=None, save_to_dir=None,
                 save_prefix='', save_format='png', follow_links=False, subset=None,
                 interpolation='nearest', dtype=None):
        self.set_processing_attrs(image_data_generator, target_size, color_mode,
                                  data_format, save_to_dir, save_prefix, save_format,
                                  subset, interpolation)
        if not os.path.isdir(directory):
            raise ValueError('`directory` should be an existing directory with one '
                             'subdirectory per class; received: %r' % (directory,))
        if class_mode not in self.allowed_class_modes:
            raise ValueError('Invalid class_mode: %r; expected one of: %s'
                             % (class_mode, ', '.join(sorted(repr(m) for m in
                                                             self.allowed_class_modes))))
        self.directory = directory
        self.class_mode = class_mode
        self.dtype = _check_dtype(dtype)
        if not classes:
            classes = sorted(d for d in os.listdir(directory)
                             if os.path.isdir(os.path.join(directory, d)))
        else:
            classes = list(classes)
            missing = [c for c in classes if not os.path.isdir(os.path.join(directory, c))]
            if missing:
                raise ValueError('`classes` should name subdirectories of %r; these are '
                                 'not: %r' % (directory, missing))
        self.num_classes = len(classes)
        self.class_indices = dict(zip(classes, range(len(classes))))
        self.filenames = []
        labels = []
        for name in classes:
            subdir = os.path.join(directory, name)
            files = list(_iter_valid_files(subdir, self.white_list_formats, follow_links))
            if self.split:
                start = int(self.split[0] * len(files))
                stop = int(self.split[1] * len(files))
                files = files[start:stop]
            for root, fname in files:
                self.filenames.append(
                    os.path.join(name, os.path.relpath(os.path.join(root, fname), subdir)))
            labels.extend([self.class_indices[name]] * len(files))
        self.samples = len(self.filenames)
        self.classes = np.asarray(labels, dtype='int32')
        print('Found %d images belonging to %d classes.' % (self.samples, self.num_classes))
        self._filepaths = [os.path.join(directory, fname) for fname in self.filenames]
        super(DirectoryIterator, self).__init__(self.samples, batch_size, shuffle, seed)

    @property
    def filepaths(self):
        return self._filepaths

    @property
    def labels(self):
        return self.classes

    @property
    def sample_weight(self):
        return None


class DataFrameIterator(BatchFromFilesMixin, Iterator):
    """Iterator capable of reading images listed in a pandas DataFrame.

    # Arguments
        dataframe: Pandas DataFrame with a column of image file names
            (relative to `directory`, or absolute paths when `directory` is
            None) and, depending on `class_mode`, columns of targets:
            - `"binary"` or `"sparse"`: `y_col` holds class names (strings),
            - `"categorical"`: `y_col` holds class names or lists/tuples of
              them (multi-label),
            - `"raw"`: `y_col` (a name or a list of names) holds any values,
            - `"multi_output"`: `y_col` is a list of column names, one target
              each,
            - `"input"` or `None`: no `y_col` is needed.
        directory: Path to the directory to read images from, or None.
        image_data_generator: Instance of `ImageDataGenerator` (or None) to
            use for random transformations and normalization.
        x_col: Column of `dataframe` that holds the file names.
        y_col: Column or list of columns of `dataframe` that hold the targets.
        weight_col: Optional column of `dataframe` with sample weights.
        target_size: tuple of integers, dimensions to resize input images to.
        color_mode: One of `"rgb"`, `"rgba"`, `"grayscale"`.
        classes: Optional list of classes (e.g. `['dogs', 'cats']`); it also
            fixes the class indices. By default the classes are inferred from
            `y_col`, in alphanumeric order.
        class_mode: One of `"binary"`, `"categorical"`, `"input"`,
            `"multi_output"`, `"raw"`, `"sparse"` or None.
        batch_size: Integer, size of a batch.
        shuffle: Boolean, whether to shuffle the data between epochs.
        seed: Random seed for data shuffling.
        data_format: String, one of `channels_first`, `channels_last`.
        save_to_dir: Optional directory where to save the pictures being
            yielded, in a viewable format.
        save_prefix: String prefix for the file names of saved pictures.
        save_format: Format of the saved pictures, `"png"` or `"jpeg"`.
        subset: Subset of data (`"training"` or `"validation"`) if
            `validation_split` is set in `ImageDataGenerator`.
        interpolation: Interpolation method used to resample the image if the
            target size is different from that of the loaded image.
        dtype: Dtype to use for the generated arrays.
        validate_filenames: Boolean, whether to keep only the rows whose file
            exists and has an image extension (the others are dropped with a
            warning).
    """
    allowed_class_modes = {'binary', 'categorical', 'input', 'multi_output', 'raw',
                           'sparse', None}

    def __init__(self, dataframe, directory=None, image_data_generator=None,
                 x_col='filename', y_col='class', weight_col=None, target_size=(256, 256),
                 color_mode='rgb', classes=None, class_mode='categorical', batch_size=32,
                 shuffle=True, seed=None, data_format=None, save_to_dir=None,
                 save_prefix='', save_format='png', subset=None, interpolation='nearest',
                 dtype=None, validate_filenames=True):
        pandas = _pandas('flow_from_dataframe')
        if not isinstance(dataframe, pandas.DataFrame):
            raise TypeError('`dataframe` should be a pandas DataFrame; received: %s'
                            % (type(dataframe).__name__,))
        self.set_processing_attrs(image_data_generator, target_size, color_mode,
                                  data_format, save_to_dir, save_prefix, save_format,
                                  subset, interpolation)
        df = dataframe.copy()
        self.directory = directory or ''
        self.class_mode = class_mode
        self.dtype = _check_dtype(dtype)
        self._check_params(df, x_col, y_col, weight_col, classes)
        if validate_filenames:
            df = self._filter_valid_filepaths(df, x_col)
        labelled = class_mode not in ('input', 'multi_output', 'raw', None)
        if labelled:
            df, classes = self._filter_classes(df, y_col, classes)
            num_classes = len(classes)
            self.class_indices = dict(zip(classes, range(len(classes))))
        if self.split:
            start = int(self.split[0] * len(df))
            stop = int(self.split[1] * len(df))
            df = df.iloc[start:stop, :]
        if labelled:
            self.classes = self.get_classes(df, y_col)
        self.filenames = df[x_col].tolist()
        self._sample_weight = df[weight_col].values if weight_col else None
        if class_mode == 'multi_output':
            self._targets = [np.array(df[col].tolist()) for col in y_col]
        if class_mode == 'raw':
            self._targets = df[y_col].values
        self.samples = len(self.filenames)
        validated = 'validated' if validate_filenames else 'non-validated'
        if labelled:
            print('Found {} {} image filenames belonging to {} classes.'.format(
                self.samples, validated, num_classes))
        else:
            print('Found {} {} image filenames.'.format(self.samples, validated))
        self._filepaths = [os.path.join(self.directory, fname) for fname in self.filenames]
        super(DataFrameIterator, self).__init__(self.samples, batch_size, shuffle, seed)

    def _check_params(self, df, x_col, y_col, weight_col, classes):
        mode = self.class_mode
        if mode not in self.allowed_class_modes:
            raise ValueError('Invalid class_mode: %r; expected one of: %s'
                             % (mode, ', '.join(sorted(repr(m) for m in
                                                       self.allowed_class_modes))))
        if mode == 'multi_output' and not isinstance(y_col, list):
            raise TypeError('If class_mode="{}", y_col must be a list. Received {}.'
                            .format(mode, type(y_col).__name__))
        columns = [x_col]
        if mode not in ('input', None):
            columns += y_col if isinstance(y_col, list) else [y_col]
        if weight_col:
            columns.append(weight_col)
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise KeyError('Column(s) %r not found in `dataframe` (its columns are %r).'
                           % (missing, list(df.columns)))
        if not all(df[x_col].apply(lambda v: isinstance(v, str))):
            raise TypeError('All values in column x_col={} must be strings.'.format(x_col))
        if mode in {'binary', 'sparse'}:
            if not all(df[y_col].apply(lambda v: isinstance(v, str))):
                raise TypeError('If class_mode="{}", y_col="{}" column values must be '
                                'strings.'.format(mode, y_col))
        if mode == 'binary':
            if classes:
                if len(set(classes)) != 2:
                    raise ValueError('If class_mode="binary" there must be 2 classes. '
                                     '{} class/es were given.'.format(len(set(classes))))
            elif df[y_col].nunique() != 2:
                raise ValueError('If class_mode="binary" there must be 2 classes. '
                                 'Found {} classes.'.format(df[y_col].nunique()))
        if mode == 'categorical':
            if not all(df[y_col].apply(lambda v: isinstance(v, (str, list, tuple)))):
                raise TypeError('If class_mode="{}", y_col="{}" column values must be type '
                                'string, list or tuple.'.format(mode, y_col))
        if classes and mode in {'input', 'multi_output', 'raw', None}:
            warnings.warn('`classes` will be ignored given the class_mode="{}"'.format(mode))
        if weight_col and not issubclass(df[weight_col].dtype.type, np.number):
            raise TypeError('Column weight_col={} must be numeric.'.format(weight_col))

    def get_classes(self, df, y_col):
        """The class index (or list of indices) of every row of `df`."""
        labels = []
        for label in df[y_col]:
            if isinstance(label, (list, tuple)):
                labels.append([self.class_indices[lbl] for lbl in label])
            else:
                labels.append(self.class_indices[label])
        return labels

    @staticmethod
    def _filter_classes(df, y_col, classes):
        """Drops the labels not in `classes`; returns the frame and the class list."""
        df = df.copy()

        def keep(labels):
            if isinstance(labels, (list, tuple)):
                kept = [label for label in labels if label in wanted]
                return kept or None
            if isinstance(labels, str):
                return labels if labels in wanted else None
            raise TypeError('Expect string, list or tuple but found {} in {} column '
                            .format(type(labels), y_col))

        if classes:
            classes = list(dict.fromkeys(classes))
            wanted = set(classes)
            df[y_col] = df[y_col].apply(keep)
        else:
            found = set()
            for v in df[y_col]:
                if isinstance(v, (list, tuple)):
                    found.update(v)
                else:
                    found.add(v)
            classes = sorted(found)
        return df.dropna(subset=[y_col]), classes

    def _filter_valid_filepaths(self, df, x_col):
        suffixes = tuple('.' + e for e in self.white_list_formats)

        def valid(fname):
            path = os.path.join(self.directory, fname)
            return path.lower().endswith(suffixes) and os.path.isfile(path)

        mask = df[x_col].map(valid).astype(bool)
        n_invalid = int((~mask).sum())
        if n_invalid:
            warnings.warn('Found {} invalid image filename(s) in x_col="{}". These '
                          'filename(s) will be ignored.'.format(n_invalid, x_col))
        return df[mask]

    @property
    def filepaths(self):
        return self._filepaths

    @property
    def labels(self):
        if self.class_mode in {'multi_output', 'raw'}:
            return self._targets
        return self.classes

    @property
    def sample_weight(self):
        return self._sample_weight


# ---------------------------------------------------------------------------
# The generator.

class ImageDataGenerator(object):
    """Generates batches of tensor image data with real-time data augmentation.

    The data will be looped over (in batches).

    # Arguments
        featurewise_center: Boolean. Set input mean to 0 over the dataset,
            feature-wise (per channel; needs `fit()`).
        samplewise_center: Boolean. Set each sample mean to 0.
        featurewise_std_normalization: Boolean. Divide inputs by std of the
            dataset, feature-wise (needs `fit()`).
        samplewise_std_normalization: Boolean. Divide each input by its std.
        zca_whitening: Boolean. Apply ZCA whitening (needs `fit()`).
        zca_epsilon: epsilon for ZCA whitening. Default is 1e-6.
        rotation_range: Int. Degree range for random rotations.
        width_shift_range: Float, 1-D array-like or int
            - float: fraction of total width, if < 1, or pixels if >= 1.
            - 1-D array-like: random elements from the array.
            - int: integer number of pixels from interval
                `(-width_shift_range, +width_shift_range)`
            - With `width_shift_range=2` possible values are integers
                `[-1, 0, +1]`, same as with `width_shift_range=[-1, 0, +1]`,
                while with `width_shift_range=1.0` possible values are floats
                in the interval [-1.0, +1.0).
        height_shift_range: Float, 1-D array-like or int, as
            `width_shift_range` along the height.
        brightness_range: Tuple or list of two floats. Range for picking a
            brightness factor from (see `apply_brightness_shift`).
        shear_range: Float. Shear intensity (shear angle in counter-clockwise
            direction in degrees).
        zoom_range: Float or [lower, upper]. Range for random zoom. If a
            float, `[lower, upper] = [1-zoom_range, 1+zoom_range]`.
        channel_shift_range: Float. Range for random channel shifts.
        fill_mode: One of {"constant", "nearest", "reflect" or "wrap"}.
            Default is 'nearest'. Points outside the boundaries of the input
            are filled according to the given mode:
            - 'constant': kkkkkkkk|abcd|kkkkkkkk (cval=k)
            - 'nearest':  aaaaaaaa|abcd|dddddddd
            - 'reflect':  abcddcba|abcd|dcbaabcd
            - 'wrap':  abcdabcd|abcd|abcdabcd
        cval: Float or Int. Value used for points outside the boundaries when
            `fill_mode = "constant"`.
        horizontal_flip: Boolean. Randomly flip inputs horizontally.
        vertical_flip: Boolean. Randomly flip inputs vertically.
        rescale: rescaling factor. Defaults to None. If None or 0, no
            rescaling is applied, otherwise we multiply the data by the value
            provided (after applying all other transformations).
        preprocessing_function: function that will be applied on each input.
            The function will run after the image is resized and augmented.
            The function should take one argument: one image (Numpy tensor
            with rank 3), and should output a Numpy tensor with the same
            shape.
        data_format: Image data format, either "channels_first" or
            "channels_last". It defaults to the `image_data_format` value
            found in your Keras config file at `~/.keras/keras.json`. If you
            never set it, then it will be "channels_last".
        validation_split: Float. Fraction of images reserved for validation
            (strictly between 0 and 1).
        interpolation_order: Int, order of the spline interpolation used by
            the affine transformations (default 1, bilinear).
        dtype: Dtype to use for the generated arrays (default: the float type
            of `keras.json`).

    # Raises
        ValueError: for an argument of the wrong kind or out of range; the
            message names the argument, the value and what is expected.

    # Examples
    ```python
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    datagen = ImageDataGenerator(featurewise_center=True,
                                 featurewise_std_normalization=True,
                                 rotation_range=20,
                                 width_shift_range=0.2,
                                 height_shift_range=0.2,
                                 horizontal_flip=True)
    datagen.fit(x_train)
    model.fit_generator(datagen.flow(x_train, y_train, batch_size=32),
                        steps_per_epoch=len(x_train) / 32, epochs=epochs)

    train_generator = ImageDataGenerator(rescale=1. / 255).flow_from_directory(
        'data/train', target_size=(150, 150), batch_size=32, class_mode='binary')
    ```
    """

    def __init__(self,
                 featurewise_center=False,
                 samplewise_center=False,
                 featurewise_std_normalization=False,
                 samplewise_std_normalization=False,
                 zca_whitening=False,
                 zca_epsilon=1e-6,
                 rotation_range=0,
                 width_shift_range=0.,
                 height_shift_range=0.,
                 brightness_range=None,
                 shear_range=0.,
                 zoom_range=0.,
                 channel_shift_range=0.,
                 fill_mode='nearest',
                 cval=0.,
                 horizontal_flip=False,
                 vertical_flip=False,
                 rescale=None,
                 preprocessing_function=None,
                 data_format=None,
                 validation_split=0.0,
                 interpolation_order=1,
                 dtype=None):
        self.featurewise_center = featurewise_center
        self.samplewise_center = samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.zca_whitening = zca_whitening
        self.zca_epsilon = _check_number('zca_epsilon', zca_epsilon, minimum=0)
        self.rotation_range = _check_number('rotation_range', rotation_range)
        self.width_shift_range = _check_shift_range('width_shift_range', width_shift_range)
        self.height_shift_range = _check_shift_range('height_shift_range',
                                                     height_shift_range)
        self.shear_range = _check_number('shear_range', shear_range)
        self.channel_shift_range = _check_number('channel_shift_range', channel_shift_range)
        self.fill_mode = _check_choice('fill_mode', fill_mode, _FILL_MODES)
        self.cval = _check_number('cval', cval)
        self.horizontal_flip = horizontal_flip
        self.vertical_flip = vertical_flip
        if rescale is not None:
            _check_number('rescale', rescale)
        self.rescale = rescale
        if preprocessing_function is not None and not callable(preprocessing_function):
            raise TypeError('`preprocessing_function` should be None or a function of one '
                            'image; received: %r' % (preprocessing_function,))
        self.preprocessing_function = preprocessing_function
        self.dtype = _check_dtype(dtype)
        if (not isinstance(interpolation_order, (int, np.integer))
                or not 0 <= interpolation_order <= 5):
            raise ValueError('`interpolation_order` should be an int from 0 to 5; '
                             'received: %r' % (interpolation_order,))
        self.interpolation_order = interpolation_order

        self.data_format = _check_data_format(data_format)
        if self.data_format == 'channels_first':
            self.channel_axis, self.row_axis, self.col_axis = 1, 2, 3
        else:
            self.channel_axis, self.row_axis, self.col_axis = 3, 1, 2
        _check_number('validation_split', validation_split)
        if validation_split and not 0 < validation_split < 1:
            raise ValueError('`validation_split` must be strictly between 0 and 1. '
                             'Received: %s' % (validation_split,))
        self._validation_split = validation_split

        self.mean = None
        self.std = None
        self.principal_components = None

        if _is_number(zoom_range):
            self.zoom_range = [1 - zoom_range, 1 + zoom_range]
        else:
            self.zoom_range = _check_pair('zoom_range', zoom_range,
                                          'a float or a tuple or list of two floats')
        if zca_whitening:
            if not featurewise_center:
                self.featurewise_center = True
                warnings.warn('This ImageDataGenerator specifies `zca_whitening`, which '
                              'overrides setting of `featurewise_center`.')
            if featurewise_std_normalization:
                self.featurewise_std_normalization = False
                warnings.warn('This ImageDataGenerator specifies `zca_whitening` which '
                              'overrides setting of `featurewise_std_normalization`.')
        if featurewise_std_normalization and not self.featurewise_center:
            self.featurewise_center = True
            warnings.warn('This ImageDataGenerator specifies '
                          '`featurewise_std_normalization`, which overrides setting of '
                          '`featurewise_center`.')
        if samplewise_std_normalization and not samplewise_center:
            self.samplewise_center = True
            warnings.warn('This ImageDataGenerator specifies '
                          '`samplewise_std_normalization`, which overrides setting of '
                          '`samplewise_center`.')
        if brightness_range is not None:
            brightness_range = _check_pair('brightness_range', brightness_range)
        self.brightness_range = brightness_range

    # -- iterators ----------------------------------------------------------

    def flow(self, x, y=None, batch_size=32, shuffle=True, sample_weight=None, seed=None,
             save_to_dir=None, save_prefix='', save_format='png', subset=None):
        """Takes data & label arrays, generates batches of augmented data.

        # Arguments
            x: Input data. Numpy array of rank 4 or a tuple. If tuple, the
                first element should contain the images and the second element
                another numpy array or a list of numpy arrays that gets passed
                to the output without any modifications. In case of grayscale
                data, the channels axis of the image array should have value
                1, 3 for RGB data and 4 for RGBA data.
            y: Labels.
            batch_size: Int (default: 32).
            shuffle: Boolean (default: True).
            sample_weight: Sample weights.
            seed: Int (default: None).
            save_to_dir: None or str (default: None). This allows you to
                optionally specify a directory to which to save the augmented
                pictures being generated (useful for visualizing what you are
                doing).
            save_prefix: Str (default: `''`). Prefix to use for filenames of
                saved pictures (only relevant if `save_to_dir` is set).
            save_format: one of "png", "jpeg" (only relevant if `save_to_dir`
                is set). Default: "png".
            subset: Subset of data (`"training"` or `"validation"`) if
                `validation_split` is set in `ImageDataGenerator`.

        # Returns
            A `NumpyArrayIterator` yielding tuples of `(x, y)` where `x` is a
            numpy array of image data (in the case of a single image input)
            or a list of numpy arrays (in the case with additional inputs)
            and `y` is a numpy array of corresponding labels. If
            `sample_weight` is not None, the yielded tuples are of the form
            `(x, y, sample_weight)`. If `y` is None, only the numpy array `x`
            is returned.
        """
        return NumpyArrayIterator(
            x, y, self, batch_size=batch_size, shuffle=shuffle,
            sample_weight=sample_weight, seed=seed, data_format=self.data_format,
            save_to_dir=save_to_dir, save_prefix=save_prefix, save_format=save_format,
            subset=subset, dtype=self.dtype)

    def flow_from_directory(self, directory, target_size=(256, 256), color_mode='rgb',
                            classes=None, class_mode='categorical', batch_size=32,
                            shuffle=True, seed=None, save_to_dir=None, save_prefix='',
                            save_format='png', follow_links=False, subset=None,
                            interpolation='nearest'):
        """Takes the path to a directory & generates batches of augmented data.

        # Arguments
            directory: string, path to the target directory. It should
                contain one subdirectory per class. Any PNG, JPG, BMP, PPM or
                TIF images inside each of the subdirectories directory tree
                will be included in the generator.
            target_size: Tuple of integers `(height, width)`, default:
                `(256, 256)`. The dimensions to which all images found will
                be resized.
            color_mode: One of "grayscale", "rgb", "rgba". Default: "rgb".
                Whether the images will be converted to have 1, 3 or 4
                channels.
            classes: Optional list of class subdirectories (e.g.
                `['dogs', 'cats']`). Default: None. If not provided, the list
                of classes will be automatically inferred from the
                subdirectory names/structure under `directory`, where each
                subdirectory will be treated as a different class (and the
                order of the classes, which will map to the label indices,
                will be alphanumeric). The dictionary containing the mapping
                from class names to class indices can be obtained via the
                attribute `class_indices`.
            class_mode: One of "categorical", "binary", "sparse", "input", or
                None. Default: "categorical". Determines the type of label
                arrays that are returned: "categorical" will be 2D one-hot
                encoded labels, "binary" will be 1D binary labels, "sparse"
                will be 1D integer labels, "input" will be images identical to
                input images (mainly used to work with autoencoders). If None,
                no labels are returned.
            batch_size: Size of the batches of data (default: 32).
            shuffle: Whether to shuffle the data (default: True). If set to
                False, sorts the data in alphanumeric order.
            seed: Optional random seed for shuffling and transformations.
            save_to_dir: None or str (default: None). This allows you to
                optionally specify a directory to which to save the augmented
                pictures being generated (useful for visualizing what you are
                doing).
            save_prefix: Str. Prefix to use for filenames of saved pictures
                (only relevant if `save_to_dir` is set).
            save_format: One of "png", "jpeg" (only relevant if `save_to_dir`
                is set). Default: "png".
            follow_links: Whether to follow symlinks inside class
                subdirectories (default: False).
            subset: Subset of data (`"training"` or `"validation"`) if
                `validation_split` is set in `ImageDataGenerator`.
            interpolation: Interpolation method used to resample the image if
                the target size is different from that of the loaded image.
                Supported methods are `"nearest"`, `"bilinear"`, `"bicubic"`,
                `"lanczos"`, `"box"` and `"hamming"`. By default, `"nearest"`
                is used.

        # Returns
            A `DirectoryIterator` yielding tuples of `(x, y)` where `x` is a
            numpy array containing a batch of images with shape
            `(batch_size, *target_size, channels)` and `y` is a numpy array
            of corresponding labels.
        """
        return DirectoryIterator(
            directory, self, target_size=target_size, color_mode=color_mode,
            classes=classes, class_mode=class_mode, data_format=self.data_format,
            batch_size=batch_size, shuffle=shuffle, seed=seed, save_to_dir=save_to_dir,
            save_prefix=save_prefix, save_format=save_format, follow_links=follow_links,
            subset=subset, interpolation=interpolation, dtype=self.dtype)

    def flow_from_dataframe(self, dataframe, directory=None, x_col='filename', y_col='class',
                            weight_col=None, target_size=(256, 256), color_mode='rgb',
                            classes=None, class_mode='categorical', batch_size=32,
                            shuffle=True, seed=None, save_to_dir=None, save_prefix='',
                            save_format='png', subset=None, interpolation='nearest',
                            validate_filenames=True, **kwargs):
        """Takes a dataframe and a directory path, generates batches of augmented data.

        # Arguments
            dataframe: Pandas dataframe containing the filepaths relative to
                `directory` (or absolute paths if `directory` is None) of the
                images in a string column, and, depending on `class_mode`:
                - if `class_mode` is `"categorical"` (default value) it must
                    include the `y_col` column with the class/es of each
                    image. Values in column can be string/list/tuple if a
                    single class or list/tuple if multiple classes.
                - if `class_mode` is `"binary"` or `"sparse"` it must include
                    the given `y_col` column with class values as strings.
                - if `class_mode` is `"raw"` or `"multi_output"` it should
                    contain the columns specified in `y_col`.
                - if `class_mode` is `"input"` or `None` no extra column is
                    needed.
            directory: string, path to the directory to read images from. If
                `None`, data in `x_col` column should be absolute paths.
            x_col: string, column in `dataframe` that contains the filenames
                (or absolute paths if `directory` is set to `None`).
            y_col: string or list, column/s in `dataframe` that has the
                target data.
            weight_col: string, column in `dataframe` that contains the
                sample weights. Default: `None`.
            target_size: tuple of integers `(height, width)`, default:
                `(256, 256)`. The dimensions to which all images found will
                be resized.
            color_mode: one of "grayscale", "rgb", "rgba". Default: "rgb".
            classes: optional list of classes (e.g. `['dogs', 'cats']`).
                Default: None. If not provided, the classes are automatically
                inferred from the `y_col`, which will map to the label
                indices, will be alphanumeric). The dictionary containing the
                mapping from class names to class indices can be obtained via
                the attribute `class_indices`.
            class_mode: one of "binary", "categorical", "input",
                "multi_output", "raw", "sparse" or None. Default:
                "categorical". Mode for yielding the targets:
                - `"binary"`: 1D numpy array of binary labels,
                - `"categorical"`: 2D numpy array of one-hot encoded labels.
                    Supports multi-label output.
                - `"input"`: images identical to input images (mainly used to
                    work with autoencoders),
                - `"multi_output"`: list with the values of the different
                    columns,
                - `"raw"`: numpy array of values in `y_col` column(s),
                - `"sparse"`: 1D numpy array of integer labels,
                - `None`, no targets are returned (the generator will only
                    yield batches of image data).
                (`"other"` is the deprecated name of `"raw"`.)
            batch_size: size of the batches of data (default: 32).
            shuffle: whether to shuffle the data (default: True)
            seed: optional random seed for shuffling and transformations.
            save_to_dir: None or str (default: None). This allows you to
                optionally specify a directory to which to save the augmented
                pictures being generated (useful for visualizing what you are
                doing).
            save_prefix: str. Prefix to use for filenames of saved pictures
                (only relevant if `save_to_dir` is set).
            save_format: one of "png", "jpeg" (only relevant if `save_to_dir`
                is set). Default: "png".
            subset: Subset of data (`"training"` or `"validation"`) if
                `validation_split` is set in `ImageDataGenerator`.
            interpolation: Interpolation method used to resample the image if
                the target size is different from that of the loaded image.
            validate_filenames: Boolean, whether to validate image filenames
                in `x_col`. If `True`, invalid images will be ignored.
                Disabling this option can lead to speed-up in the execution
                of this function. Default: `True`.
            **kwargs: The deprecated `has_ext`, `sort` and `drop_duplicates`
                (accepted with a warning, no effect).

        # Returns
            A `DataFrameIterator` yielding tuples of `(x, y)` where `x` is a
            numpy array containing a batch of images with shape
            `(batch_size, *target_size, channels)` and `y` is a numpy array
            of corresponding labels.

        # Raises
            ImportError: if pandas is not installed.
        """
        _pandas('flow_from_dataframe')
        if 'has_ext' in kwargs:
            warnings.warn('has_ext is deprecated, filenames in the dataframe have to '
                          'contain the extension', DeprecationWarning)
        if 'sort' in kwargs:
            warnings.warn('sort is deprecated, batches will be created in the same order '
                          'than the filenames provided if shuffle is set to False.',
                          DeprecationWarning)
        if class_mode == 'other':
            warnings.warn('`class_mode` "other" is deprecated, please use `class_mode` '
                          '"raw".', DeprecationWarning)
            class_mode = 'raw'
        if 'drop_duplicates' in kwargs:
            warnings.warn('drop_duplicates is deprecated, you can drop duplicates by using '
                          'the pandas.DataFrame.drop_duplicates method.',
                          DeprecationWarning)
        unknown = set(kwargs) - {'has_ext', 'sort', 'drop_duplicates'}
        if unknown:
            raise TypeError('flow_from_dataframe() got unexpected keyword argument(s): %s'
                            % ', '.join(sorted(unknown)))
        return DataFrameIterator(
            dataframe, directory, self, x_col=x_col, y_col=y_col, weight_col=weight_col,
            target_size=target_size, color_mode=color_mode, classes=classes,
            class_mode=class_mode, data_format=self.data_format, batch_size=batch_size,
            shuffle=shuffle, seed=seed, save_to_dir=save_to_dir, save_prefix=save_prefix,
            save_format=save_format, subset=subset, interpolation=interpolation,
            dtype=self.dtype, validate_filenames=validate_filenames)

    # -- normalization ------------------------------------------------------

    def _warn_unfitted(self, option):
        warnings.warn("This ImageDataGenerator specifies `%s`, but it hasn't been fit on "
                      "any training data. Fit it first by calling `.fit(numpy_data)`."
                      % option)

    def standardize(self, x):
        """Applies the normalization configuration in-place to a batch of inputs.

        `x` is changed in place (to spare a copy per image); pass `np.copy(x)`
        to keep the original.

        # Arguments
            x: Batch of inputs to be normalized.

        # Returns
            The inputs, normalized.
        """
        if self.preprocessing_function:
            x = self.preprocessing_function(x)
        if self.rescale:
            x *= self.rescale
        if self.samplewise_center:
            x -= np.mean(x, keepdims=True)
        if self.samplewise_std_normalization:
            x /= (np.std(x, keepdims=True) + 1e-6)
        return self._featurewise(x, (-1, int(np.prod(x.shape[-3:]))))

    def _featurewise(self, x, flat_shape):
        if self.featurewise_center:
            if self.mean is not None:
                x -= self.mean
            else:
                self._warn_unfitted('featurewise_center')
        if self.featurewise_std_normalization:
            if self.std is not None:
                x /= (self.std + 1e-6)
            else:
                self._warn_unfitted('featurewise_std_normalization')
        if self.zca_whitening:
            if self.principal_components is not None:
                whitex = np.dot(np.reshape(x, flat_shape), self.principal_components)
                x = np.reshape(whitex, x.shape)
            else:
                self._warn_unfitted('zca_whitening')
        return x

    def _standardize_batch(self, batch):
        """`standardize` applied to every image of `batch` at once (no
        preprocessing_function); the per-sample statistics stay per sample."""
        if self.rescale:
            batch *= self.rescale
        if self.samplewise_center:
            batch -= np.mean(batch, axis=(1, 2, 3), keepdims=True)
        if self.samplewise_std_normalization:
            batch /= (np.std(batch, axis=(1, 2, 3), keepdims=True) + 1e-6)
        return self._featurewise(batch, (batch.shape[0], -1))

    # -- augmentation -------------------------------------------------------

    @staticmethod
    def _draw_shift(shift_range, size):
        """A random shift in pixels, drawn as Keras draws it (same random calls)."""
        if isinstance(shift_range, tuple) or isinstance(shift_range, (int, np.integer)):
            # Pixels drawn from a list, or from range(n), with a random sign.
            shift = np.random.choice(shift_range)
            shift *= np.random.choice([-1, 1])
        else:
            shift = np.random.uniform(-shift_range, shift_range)
        if np.max(shift_range) < 1:
            shift *= size
        return shift

    def get_random_transform(self, img_shape, seed=None):
        """Generates random parameters for a transformation.

        # Arguments
            img_shape: Tuple of integers. Shape of the image that is
                transformed.
            seed: Random seed.

        # Returns
            A dictionary containing randomly chosen parameters describing the
            transformation (the keys that `apply_transform` reads).
        """
        img_row_axis = self.row_axis - 1
        img_col_axis = self.col_axis - 1
        if seed is not None:
            np.random.seed(seed)
        if self.rotation_range:
            theta = np.random.uniform(-self.rotation_range, self.rotation_range)
        else:
            theta = 0
        if self.height_shift_range:
            tx = self._draw_shift(self.height_shift_range, img_shape[img_row_axis])
        else:
            tx = 0
        if self.width_shift_range:
            ty = self._draw_shift(self.width_shift_range, img_shape[img_col_axis])
        else:
            ty = 0
        if self.shear_range:
            shear = np.random.uniform(-self.shear_range, self.shear_range)
        else:
            shear = 0
        if self.zoom_range[0] == 1 and self.zoom_range[1] == 1:
            zx, zy = 1, 1
        else:
            zx, zy = np.random.uniform(self.zoom_range[0], self.zoom_range[1], 2)
        flip_horizontal = (np.random.random() < 0.5) * self.horizontal_flip
        flip_vertical = (np.random.random() < 0.5) * self.vertical_flip
        channel_shift_intensity = None
        if self.channel_shift_range != 0:
            channel_shift_intensity = np.random.uniform(-self.channel_shift_range,
                                                        self.channel_shift_range)
        brightness = None
        if self.brightness_range is not None:
            brightness = np.random.uniform(self.brightness_range[0],
                                           self.brightness_range[1])
        return {'theta': theta,
                'tx': tx,
                'ty': ty,
                'shear': shear,
                'zx': zx,
                'zy': zy,
                'flip_horizontal': flip_horizontal,
                'flip_vertical': flip_vertical,
                'channel_shift_intensity': channel_shift_intensity,
                'brightness': brightness}

    def apply_transform(self, x, transform_parameters):
        """Applies a transformation to an image according to given parameters.

        # Arguments
            x: 3D tensor, single image.
            transform_parameters: Dictionary with string - parameter pairs
                describing the transformation. Currently, the following
                parameters from the dictionary are used:
                - `'theta'`: Float. Rotation angle in degrees.
                - `'tx'`: Float. Shift in the x direction (rows).
                - `'ty'`: Float. Shift in the y direction (columns).
                - `'shear'`: Float. Shear angle in degrees.
                - `'zx'`: Float. Zoom in the x direction.
                - `'zy'`: Float. Zoom in the y direction.
                - `'flip_horizontal'`: Boolean. Horizontal flip.
                - `'flip_vertical'`: Boolean. Vertical flip.
                - `'channel_shift_intensity'`: Float. Channel shift intensity.
                - `'brightness'`: Float. Brightness shift intensity.

        # Returns
            A transformed version of the input (same shape).
        """
        img_row_axis = self.row_axis - 1
        img_col_axis = self.col_axis - 1
        img_channel_axis = self.channel_axis - 1
        params = transform_parameters
        x = apply_affine_transform(x, params.get('theta', 0), params.get('tx', 0),
                                   params.get('ty', 0), params.get('shear', 0),
                                   params.get('zx', 1), params.get('zy', 1),
                                   row_axis=img_row_axis, col_axis=img_col_axis,
                                   channel_axis=img_channel_axis, fill_mode=self.fill_mode,
                                   cval=self.cval, order=self.interpolation_order)
        if params.get('channel_shift_intensity') is not None:
            x = apply_channel_shift(x, params['channel_shift_intensity'], img_channel_axis)
        if params.get('flip_horizontal', False):
            x = flip_axis(x, img_col_axis)
        if params.get('flip_vertical', False):
            x = flip_axis(x, img_row_axis)
        if params.get('brightness') is not None:
            x = apply_brightness_shift(x, params['brightness'])
        return x

    def random_transform(self, x, seed=None):
        """Applies a random transformation to an image.

        # Arguments
            x: 3D tensor, single image.
            seed: Random seed.

        # Returns
            A randomly transformed version of the input (same shape).
        """
        params = self.get_random_transform(x.shape, seed)
        return self.apply_transform(x, params)

    def fit(self, x, augment=False, rounds=1, seed=None):
        """Fits the data generator to some sample data.

        This computes the internal data stats related to the data-dependent
        transformations, based on an array of sample data. Only required if
        `featurewise_center` or `featurewise_std_normalization` or
        `zca_whitening` are set to True.

        # Arguments
            x: Sample data. Should have rank 4. In case of grayscale data, the
                channels axis should have value 1, in case of RGB data, it
                should have value 3, and in case of RGBA data, it should have
                value 4.
            augment: Boolean (default: False). Whether to fit on randomly
                augmented samples.
            rounds: Int (default: 1). If using data augmentation
                (`augment=True`), this is how many augmentation passes over
                the data to use.
            seed: Int (default: None). Random seed.

        # Raises
            ValueError: if `x` is not of rank 4, or `rounds` is not a
                positive int.
        """
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError('Input to `.fit()` should have rank 4. Got array with shape: '
                             + str(x.shape))
        if not isinstance(rounds, (int, np.integer)) or rounds < 1:
            raise ValueError('`rounds` should be a positive int; received: %r' % (rounds,))
        if x.shape[self.channel_axis] not in {1, 3, 4}:
            warnings.warn('Expected input to be images (as Numpy array) following the data '
                          'format convention "%s" (channels on axis %d), i.e. expected '
                          'either 1, 3 or 4 channels on axis %d. However, it was passed an '
                          'array with shape %s (%d channels).'
                          % (self.data_format, self.channel_axis, self.channel_axis,
                             x.shape, x.shape[self.channel_axis]))
        if seed is not None:
            np.random.seed(seed)
        x = np.copy(x)
        if augment:
            ax = np.empty((rounds * x.shape[0],) + x.shape[1:], dtype=self.dtype)
            for r in range(rounds):
                for i in range(x.shape[0]):
                    ax[i + r * x.shape[0]] = self.random_transform(x[i])
            x = ax
        broadcast_shape = [1, 1, 1]
        broadcast_shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        axes = (0, self.row_axis, self.col_axis)
        if self.featurewise_center:
            self.mean = np.reshape(np.mean(x, axis=axes), broadcast_shape)
            x -= self.mean
        if self.featurewise_std_normalization:
            self.std = np.reshape(np.std(x, axis=axes), broadcast_shape)
            x /= (self.std + 1e-6)
        if self.zca_whitening:
            linalg = _scipy('ImageDataGenerator.fit', 'linalg')
            flat_x = np.reshape(x, (x.shape[0], -1)).astype('float64')
            sigma = np.dot(flat_x.T, flat_x) / flat_x.shape[0]
            u, s, _ = linalg.svd(sigma)
            s_inv = 1. / np.sqrt(s[np.newaxis] + self.zca_epsilon)
            self.principal_components = (u * s_inv).dot(u.T).astype(self.dtype)
