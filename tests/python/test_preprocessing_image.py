"""multikeras.preprocessing.image: transforms, generators, iterators, image files.

Expected values come from the documented meaning of each operation (a
horizontal flip reverses the columns, a shift by k pixels moves the content by
k, fill modes as drawn in the Keras docs, ...), computed here with plain numpy.
Images are tiny PNG/JPEG files written by the tests.
"""
import os
import subprocess
import sys

import numpy as np
import pytest

from multikeras import backend as K
from multikeras.preprocessing import image
from multikeras.utils import Sequence

PIL = pytest.importorskip('PIL.Image')
pd = pytest.importorskip('pandas')


def ramp(rows=8, cols=8, channels=1):
    """An image whose value is 10 * row + col (+ 100 * channel)."""
    r, c = np.meshgrid(np.arange(rows), np.arange(cols), indexing='ij')
    base = (10.0 * r + c)[:, :, None]
    return base + 100.0 * np.arange(channels)[None, None, :]


def write_image(path, array):
    PIL.fromarray(np.asarray(array, dtype='uint8')).save(path)


@pytest.fixture
def image_dir(tmp_path):
    """classes a (5 PNG, one nested), b (3: 2 PNG + 1 JPEG), plus a non-image file.

    Pixel value = 20 * file number + class offset, so a batch tells which file
    it came from.
    """
    root = tmp_path / 'data'
    (root / 'a' / 'nested').mkdir(parents=True)
    (root / 'b').mkdir()
    files = {}
    for k in range(5):
        sub = 'a/nested' if k == 4 else 'a'
        path = root / sub / ('img%d.png' % k)
        write_image(path, np.full((8, 8, 3), 20 * k, dtype='uint8'))
        files[str(path)] = 20 * k
    for k in range(2):
        path = root / 'b' / ('img%d.png' % k)
        write_image(path, np.full((8, 8, 3), 20 * k + 5, dtype='uint8'))
        files[str(path)] = 20 * k + 5
    jpeg = np.full((8, 8, 3), 200, dtype='uint8')
    PIL.fromarray(jpeg).save(str(root / 'b' / 'photo.jpg'), quality=95)
    (root / 'b' / 'notes.txt').write_text('not an image')
    return root


# ---------------------------------------------------------------------------
# Affine transformations.

def test_rotation_by_90_degrees_turns_the_pixel_grid_clockwise():
    x = ramp()
    out = image.apply_affine_transform(x, theta=90, fill_mode='constant', cval=-1)
    np.testing.assert_array_equal(out[:, :, 0], np.rot90(x[:, :, 0], -1))
    out = image.apply_affine_transform(x, theta=180)
    np.testing.assert_array_equal(out, x[::-1, ::-1])
    out = image.apply_affine_transform(x, theta=-90)
    np.testing.assert_array_equal(out[:, :, 0], np.rot90(x[:, :, 0], 1))


def test_rotation_channels_first_moves_every_channel_alike():
    x = ramp(6, 6, 3).transpose(2, 0, 1)
    out = image.apply_affine_transform(x, theta=90, row_axis=1, col_axis=2, channel_axis=0)
    assert out.shape == x.shape
    for c in range(3):
        np.testing.assert_array_equal(out[c], np.rot90(x[c], -1))


def test_zero_transform_returns_the_image_unchanged():
    x = ramp(4, 5, 3)
    np.testing.assert_array_equal(image.apply_affine_transform(x), x)


@pytest.mark.parametrize('mode, expected_tail', [
    ('constant', lambda x: np.full_like(x[:, :2], -7.0)),
    ('nearest', lambda x: np.repeat(x[:, -1:], 2, axis=1)),
    ('reflect', lambda x: x[:, [5, 4]]),
    ('wrap', lambda x: x[:, :2]),
])
def test_integer_column_shift_with_each_fill_mode(mode, expected_tail):
    x = ramp(4, 6)
    out = image.apply_affine_transform(x, ty=2, fill_mode=mode, cval=-7.0)
    # Positive ty: output column c shows input column c + 2 (content moves left).
    np.testing.assert_array_equal(out[:, :4], x[:, 2:])
    np.testing.assert_array_equal(out[:, 4:], expected_tail(x))


@pytest.mark.parametrize('mode, expected_head', [
    ('constant', lambda x: np.zeros_like(x[:2])),
    ('nearest', lambda x: np.repeat(x[:1], 2, axis=0)),
    ('reflect', lambda x: x[[1, 0]]),
    ('wrap', lambda x: x[-2:]),
])
def test_negative_row_shift_with_each_fill_mode(mode, expected_head):
    x = ramp(6, 4)
    out = image.apply_affine_transform(x, tx=-2, fill_mode=mode, cval=0.0)
    np.testing.assert_array_equal(out[2:], x[:4])
    np.testing.assert_array_equal(out[:2], expected_head(x))


def test_wrap_is_a_roll_of_the_image():
    x = ramp(5, 7, 2)
    out = image.apply_affine_transform(x, tx=3, ty=-4, fill_mode='wrap')
    np.testing.assert_array_equal(out, np.roll(x, (-3, 4), axis=(0, 1)))


def test_zoom_in_and_out_about_the_centre():
    x = ramp()  # linear in row and column, so bilinear interpolation is exact
    r, c = np.meshgrid(np.arange(8.0), np.arange(8.0), indexing='ij')
    out = image.apply_affine_transform(x, zx=0.5, zy=0.5)
    rows_in, cols_in = 0.5 * (r - 3.5) + 3.5, 0.5 * (c - 3.5) + 3.5
    np.testing.assert_allclose(out[:, :, 0], 10 * rows_in + cols_in, atol=1e-5)
    out = image.apply_affine_transform(x, zx=2, zy=1, fill_mode='nearest')
    rows_in = np.clip(2 * (r - 3.5) + 3.5, 0, 7)
    np.testing.assert_allclose(out[:, :, 0], 10 * rows_in + c, atol=1e-5)


def test_shear_moves_rows_along_columns():
    x = ramp(16, 16)
    out = image.apply_affine_transform(x, shear=10)
    r, c = np.meshgrid(np.arange(16.0), np.arange(16.0), indexing='ij')
    s = np.deg2rad(10)
    rows_in = r - np.sin(s) * (c - 7.5)
    cols_in = np.cos(s) * (c - 7.5) + 7.5
    inside = (rows_in >= 0) & (rows_in <= 15)
    np.testing.assert_allclose(out[:, :, 0][inside], (10 * rows_in + cols_in)[inside],
                               atol=1e-4)


def test_flip_axis_and_channel_and_brightness_shifts():
    x = ramp(3, 4, 2)
    np.testing.assert_array_equal(image.flip_axis(x, 1), x[:, ::-1])
    np.testing.assert_array_equal(image.flip_axis(x, 0), x[::-1])
    shifted = image.apply_channel_shift(x, 50.0, channel_axis=2)
    np.testing.assert_array_equal(shifted, np.clip(x + 50.0, x.min(), x.max()))
    pixels = np.array([[[0.0, 100.0, 200.0]]])
    np.testing.assert_allclose(image.apply_brightness_shift(pixels, 0.5), [[[0, 50, 100]]])
    np.testing.assert_allclose(image.apply_brightness_shift(pixels, 2.0), [[[0, 200, 255]]])


def test_random_helpers_draw_from_the_global_seed():
    x = ramp(8, 8, 3).transpose(2, 0, 1)  # helpers default to channels first
    np.random.seed(3)
    hrg_draw, wrg_draw = np.random.uniform(-0.25, 0.25), np.random.uniform(-0.5, 0.5)
    expected = image.apply_affine_transform(x, tx=hrg_draw * 8, ty=wrg_draw * 8,
                                            row_axis=1, col_axis=2, channel_axis=0)
    np.random.seed(3)
    np.testing.assert_allclose(image.random_shift(x, 0.5, 0.25), expected)
    for fn, arg in [(image.random_rotation, 30), (image.random_shear, 20),
                    (image.random_zoom, (0.8, 1.2)), (image.random_channel_shift, 10.0),
                    (image.random_brightness, (0.5, 1.5))]:
        np.random.seed(7)
        first = fn(x, arg)
        np.random.seed(7)
        np.testing.assert_array_equal(fn(x, arg), first)
        assert first.shape == x.shape


def test_affine_helpers_reject_bad_arguments():
    with pytest.raises(ValueError, match=r"`fill_mode`.*'mirror'"):
        image.apply_affine_transform(ramp(), theta=10, fill_mode='mirror')
    with pytest.raises(ValueError, match='rank 3'):
        image.apply_affine_transform(np.zeros((4, 4)), theta=10)
    with pytest.raises(ValueError, match=r'`zoom_range`.*0\.5'):
        image.random_zoom(ramp(), 0.5)
    with pytest.raises(ValueError, match=r'`brightness_range`.*\(1, 2, 3\)'):
        image.random_brightness(ramp(), (1, 2, 3))
    with pytest.raises(ValueError, match='`order`.*9'):
        image.apply_affine_transform(ramp(), theta=5, order=9)


# ---------------------------------------------------------------------------
# ImageDataGenerator: arguments, random parameters, transforms.

@pytest.mark.parametrize('kwargs, pattern', [
    ({'fill_mode': 'mirror'}, r"`fill_mode`.*'constant'.*'mirror'"),
    ({'data_format': 'channels_middle'}, r"`data_format`.*'channels_middle'"),
    ({'validation_split': 1.5}, r'`validation_split`.*1\.5'),
    ({'zoom_range': [0.5, 1, 2]}, r'`zoom_range`.*two floats.*\[0\.5, 1, 2\]'),
    ({'brightness_range': 0.5}, r'`brightness_range`.*two floats.*0\.5'),
    ({'width_shift_range': 'wide'}, r"`width_shift_range`.*'wide'"),
    ({'height_shift_range': [[1, 2]]}, r'`height_shift_range`.*1-D'),
    ({'interpolation_order': 7}, r'`interpolation_order`.*0 to 5.*7'),
])
def test_generator_rejects_bad_arguments_naming_them(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        image.ImageDataGenerator(**kwargs)


def test_generator_rejects_non_numbers_and_non_callables():
    with pytest.raises(TypeError, match=r"`rotation_range`.*'90'"):
        image.ImageDataGenerator(rotation_range='90')
    with pytest.raises(TypeError, match='`preprocessing_function`'):
        image.ImageDataGenerator(preprocessing_function=3)


def test_generator_defaults_and_zoom_forms():
    gen = image.ImageDataGenerator()
    assert gen.data_format == 'channels_last' and gen.dtype == 'float32'
    assert gen.fill_mode == 'nearest' and gen.zoom_range == [1, 1]
    assert (gen.channel_axis, gen.row_axis, gen.col_axis) == (3, 1, 2)
    assert image.ImageDataGenerator(zoom_range=0.2).zoom_range == pytest.approx([0.8, 1.2])
    assert image.ImageDataGenerator(zoom_range=(0.5, 2)).zoom_range == [0.5, 2]
    gen = image.ImageDataGenerator(data_format='channels_first', dtype='float64')
    assert (gen.channel_axis, gen.row_axis, gen.col_axis) == (1, 2, 3)
    assert gen.dtype == 'float64'


def test_defaults_follow_the_keras_json_settings():
    K.set_image_data_format('channels_first')
    K.set_floatx('float64')
    try:
        gen = image.ImageDataGenerator()
        assert gen.data_format == 'channels_first' and gen.dtype == 'float64'
        assert image.img_to_array(np.zeros((2, 3))).shape == (1, 2, 3)
        it = gen.flow(np.zeros((2, 3, 4, 4)), batch_size=2)
        assert next(it).dtype == np.float64
    finally:
        K.set_image_data_format('channels_last')
        K.set_floatx('float32')


def test_dependent_options_switch_on_with_a_warning():
    with pytest.warns(UserWarning, match='featurewise_center'):
        gen = image.ImageDataGenerator(featurewise_std_normalization=True)
    assert gen.featurewise_center
    with pytest.warns(UserWarning, match='samplewise_center'):
        gen = image.ImageDataGenerator(samplewise_std_normalization=True)
    assert gen.samplewise_center
    with pytest.warns(UserWarning, match='zca_whitening'):
        gen = image.ImageDataGenerator(zca_whitening=True, featurewise_std_normalization=True)
    assert gen.featurewise_center and not gen.featurewise_std_normalization


def draws(gen, key, n=300, shape=(8, 8, 3)):
    np.random.seed(0)
    return np.array([gen.get_random_transform(shape)[key] for _ in range(n)])


def test_shift_range_forms():
    ints = draws(image.ImageDataGenerator(width_shift_range=2), 'ty')
    assert set(ints.tolist()) == {-1, 0, 1}
    listed = draws(image.ImageDataGenerator(height_shift_range=[3, 5]), 'tx')
    assert set(listed.tolist()) == {-5, -3, 3, 5}
    fraction = draws(image.ImageDataGenerator(width_shift_range=0.25), 'ty')
    assert np.abs(fraction).max() <= 2.0 and len(np.unique(fraction)) > 100
    pixels = draws(image.ImageDataGenerator(width_shift_range=3.0), 'ty')
    assert np.abs(pixels).max() <= 3.0 and np.abs(pixels).max() > 2.5
    fractions = draws(image.ImageDataGenerator(height_shift_range=[0.25, 0.5]), 'tx',
                      shape=(8, 4, 3))
    assert set(np.abs(fractions).tolist()) == {2.0, 4.0}


def test_random_parameters_are_in_range_and_reproducible():
    gen = image.ImageDataGenerator(rotation_range=30, shear_range=10, zoom_range=0.2,
                                   channel_shift_range=5, brightness_range=(0.5, 1.5),
                                   horizontal_flip=True)
    assert np.abs(draws(gen, 'theta')).max() <= 30
    zx = draws(gen, 'zx')
    assert zx.min() >= 0.8 and zx.max() <= 1.2
    flips = draws(gen, 'flip_horizontal')
    assert 0 < flips.sum() < len(flips)
    assert not draws(gen, 'flip_vertical').any()
    b = draws(gen, 'brightness')
    assert b.min() >= 0.5 and b.max() <= 1.5
    assert gen.get_random_transform((8, 8, 3), seed=5) == \
        gen.get_random_transform((8, 8, 3), seed=5)


def test_apply_transform_flips_and_shifts_in_each_data_format():
    x = ramp(4, 6, 3)
    gen = image.ImageDataGenerator(data_format='channels_last')
    np.testing.assert_array_equal(gen.apply_transform(x, {'flip_horizontal': True}),
                                  x[:, ::-1])
    np.testing.assert_array_equal(gen.apply_transform(x, {'flip_vertical': True}), x[::-1])
    out = gen.apply_transform(x, {'ty': 1, 'flip_horizontal': True})
    shifted = np.concatenate([x[:, 1:], x[:, -1:]], axis=1)
    np.testing.assert_array_equal(out, shifted[:, ::-1])
    gen = image.ImageDataGenerator(data_format='channels_first')
    xc = x.transpose(2, 0, 1)
    np.testing.assert_array_equal(gen.apply_transform(xc, {'flip_horizontal': True}),
                                  xc[:, :, ::-1])
    np.testing.assert_array_equal(gen.apply_transform(xc, {'theta': 180}), xc[:, ::-1, ::-1])


def test_random_transform_with_seed_repeats():
    gen = image.ImageDataGenerator(rotation_range=40, width_shift_range=0.2,
                                   zoom_range=0.3, horizontal_flip=True)
    x = ramp(8, 8, 3)
    np.testing.assert_array_equal(gen.random_transform(x, seed=11),
                                  gen.random_transform(x, seed=11))


# ---------------------------------------------------------------------------
# Normalization: standardize and fit.

def test_rescale_and_preprocessing_function_order():
    x = np.random.RandomState(0).randint(0, 256, (6, 4, 4, 3)).astype('uint8')
    batch = next(image.ImageDataGenerator(rescale=1. / 255).flow(x, shuffle=False))
    np.testing.assert_allclose(batch, x / 255.0, rtol=1e-6)
    gen = image.ImageDataGenerator(rescale=2.0, preprocessing_function=lambda im: im + 1)
    batch = next(gen.flow(x, shuffle=False))
    np.testing.assert_allclose(batch, (x + 1.0) * 2.0)


def test_featurewise_statistics_equal_numpy_on_the_fitted_data():
    x = np.random.RandomState(1).rand(20, 5, 6, 3) * [1, 10, 100]
    gen = image.ImageDataGenerator(featurewise_center=True,
                                   featurewise_std_normalization=True, dtype='float64')
    gen.fit(x)
    np.testing.assert_allclose(gen.mean, x.mean(axis=(0, 1, 2)).reshape(1, 1, 3))
    np.testing.assert_allclose(gen.std, x.std(axis=(0, 1, 2)).reshape(1, 1, 3))
    out = gen.standardize(np.copy(x[0]))
    np.testing.assert_allclose(out, (x[0] - gen.mean) / (gen.std + 1e-6))
    batch = next(gen.flow(x, batch_size=20, shuffle=False))
    np.testing.assert_allclose(batch.mean(axis=(0, 1, 2)), 0, atol=1e-9)
    np.testing.assert_allclose(batch.std(axis=(0, 1, 2)), 1, atol=1e-5)
    gen = image.ImageDataGenerator(featurewise_center=True, data_format='channels_first')
    xc = x.transpose(0, 3, 1, 2)
    gen.fit(xc)
    assert gen.mean.shape == (3, 1, 1)
    np.testing.assert_allclose(gen.mean.ravel(), x.mean(axis=(0, 1, 2)), rtol=1e-5)


def test_samplewise_normalization_batched_equals_per_image():
    x = np.random.RandomState(2).rand(7, 4, 4, 3) * 50
    gen = image.ImageDataGenerator(samplewise_center=True, samplewise_std_normalization=True,
                                   dtype='float64')
    batch = next(gen.flow(x, batch_size=7, shuffle=False))
    for i in range(7):
        np.testing.assert_allclose(batch[i], gen.standardize(np.copy(x[i])), atol=1e-12)
    np.testing.assert_allclose(batch.mean(axis=(1, 2, 3)), 0, atol=1e-9)
    np.testing.assert_allclose(batch.std(axis=(1, 2, 3)), 1, atol=1e-5)


def test_zca_whitening_makes_the_covariance_identity():
    rng = np.random.RandomState(3)
    mixing = rng.randn(12, 12)
    x = (rng.randn(600, 12).dot(mixing)).reshape(600, 2, 2, 3)
    gen = image.ImageDataGenerator(featurewise_center=True, zca_whitening=True,
                                   zca_epsilon=1e-9, dtype='float64')
    gen.fit(x)
    white = np.stack([gen.standardize(np.copy(im)) for im in x]).reshape(600, -1)
    # ZCA whitens the (channel-)centred data: its second moment becomes I.
    np.testing.assert_allclose(white.T.dot(white) / 600, np.eye(12), atol=1e-6)
    # ... by a symmetric map (ZCA, not PCA), so the images stay close to themselves.
    np.testing.assert_allclose(gen.principal_components, gen.principal_components.T)
    batch = next(gen.flow(x, batch_size=600, shuffle=False)).reshape(600, -1)
    np.testing.assert_allclose(batch, white, atol=1e-9)


def test_fit_with_augmentation_and_errors():
    x = np.random.RandomState(4).rand(4, 6, 6, 1)
    gen = image.ImageDataGenerator(featurewise_center=True, horizontal_flip=True)
    gen.fit(x, augment=True, rounds=3, seed=1)
    # A flip keeps every pixel, so the fitted mean is the data's mean.
    np.testing.assert_allclose(gen.mean.ravel(), [x.mean()], rtol=1e-5)
    with pytest.raises(ValueError, match=r'rank 4.*\(6, 6, 1\)'):
        gen.fit(x[0])
    with pytest.raises(ValueError, match='`rounds`'):
        gen.fit(x, augment=True, rounds=0)


def test_standardize_warns_when_not_fitted():
    gen = image.ImageDataGenerator(featurewise_center=True)
    with pytest.warns(UserWarning, match="hasn't been fit"):
        gen.standardize(np.ones((2, 2, 1)))


# ---------------------------------------------------------------------------
# flow(): NumpyArrayIterator.

def test_flow_without_shuffle_covers_every_sample_once_in_order():
    x = np.arange(10, dtype='float32').reshape(10, 1, 1, 1) * np.ones((1, 2, 2, 1))
    y = np.arange(10)
    w = np.linspace(0, 1, 10)
    it = image.ImageDataGenerator().flow(x, y, batch_size=4, shuffle=False, sample_weight=w)
    assert isinstance(it, Sequence) and len(it) == 3
    seen = []
    for _ in range(len(it)):
        bx, by, bw = next(it)
        np.testing.assert_array_equal(bx[:, 0, 0, 0], by)
        np.testing.assert_array_equal(bw, w[by])
        seen.extend(by.tolist())
    assert seen == list(range(10))
    assert [len(b[1]) for b in (it[0], it[1], it[2])] == [4, 4, 2]
    with pytest.raises(ValueError, match='length 3'):
        it[3]


def test_flow_with_shuffle_covers_every_sample_and_repeats_with_a_seed():
    x = np.arange(13, dtype='float32').reshape(13, 1, 1, 1)
    y = np.arange(13)

    def epoch(seed):
        it = image.ImageDataGenerator().flow(x, y, batch_size=5, seed=seed)
        return np.concatenate([next(it)[1] for _ in range(len(it))])

    first = epoch(42)
    assert sorted(first.tolist()) == list(range(13))
    assert first.tolist() != list(range(13))
    np.testing.assert_array_equal(epoch(42), first)
    assert epoch(43).tolist() != first.tolist()


def test_flow_augmentation_repeats_with_a_seed():
    x = np.random.RandomState(5).rand(6, 8, 8, 3) * 255
    gen = image.ImageDataGenerator(rotation_range=30, width_shift_range=0.2,
                                   height_shift_range=2, zoom_range=0.2,
                                   horizontal_flip=True)
    a = gen.flow(x, batch_size=3, seed=9)
    b = gen.flow(x, batch_size=3, seed=9)
    for _ in range(3):
        np.testing.assert_array_equal(next(a), next(b))
    np.testing.assert_array_equal(a[1], b[1])


def test_flow_extra_inputs_and_dtype():
    x = np.zeros((6, 2, 2, 3))
    extra = np.arange(6)
    it = image.ImageDataGenerator(dtype='float64').flow((x, [extra, extra * 2]),
                                                        np.arange(6), shuffle=False,
                                                        batch_size=6)
    (bx, e1, e2), by = next(it)
    assert bx.dtype == np.float64
    np.testing.assert_array_equal(e2, extra * 2)
    with pytest.raises(ValueError, match='same length'):
        image.ImageDataGenerator().flow((x, np.arange(5)))


def test_flow_validation_split_subsets_are_disjoint_and_complete():
    x = np.arange(20, dtype='float32').reshape(20, 1, 1, 1)
    y = np.tile([0, 1], 10)
    gen = image.ImageDataGenerator(validation_split=0.25)
    val = gen.flow(x, y, batch_size=50, shuffle=False, subset='validation')
    train = gen.flow(x, y, batch_size=50, shuffle=False, subset='training')
    vx, tx = next(val)[0].ravel(), next(train)[0].ravel()
    assert vx.tolist() == list(range(5))
    assert sorted(vx.tolist() + tx.tolist()) == list(range(20))
    with pytest.raises(ValueError, match='different number of classes'):
        gen.flow(x, np.repeat([0, 1], 10), subset='training')
    with pytest.raises(ValueError, match=r"`subset`.*'test'"):
        gen.flow(x, y, subset='test')


def test_flow_rejects_bad_input():
    gen = image.ImageDataGenerator()
    with pytest.raises(ValueError, match=r'rank 4.*\(3, 2, 2\)'):
        gen.flow(np.zeros((3, 2, 2)))
    with pytest.raises(ValueError, match='x.shape = \\(3, 2, 2, 1\\), y.shape = \\(4,\\)'):
        gen.flow(np.zeros((3, 2, 2, 1)), np.zeros(4))
    with pytest.raises(ValueError, match='`batch_size`.*0'):
        gen.flow(np.zeros((3, 2, 2, 1)), batch_size=0)
    with pytest.warns(UserWarning, match='channels'):
        gen.flow(np.zeros((3, 2, 2, 5)))


def test_flow_save_to_dir(tmp_path):
    x = np.random.RandomState(6).rand(3, 4, 4, 3)
    it = image.ImageDataGenerator().flow(x, batch_size=3, save_to_dir=str(tmp_path),
                                         save_prefix='aug', save_format='png')
    next(it)
    saved = sorted(os.listdir(str(tmp_path)))
    assert len(saved) == 3 and all(f.startswith('aug_') and f.endswith('.png') for f in saved)


# ---------------------------------------------------------------------------
# Image files.

def test_save_and_load_png_round_trip(tmp_path):
    x = np.random.RandomState(7).randint(0, 256, (5, 6, 3)).astype('float32')
    path = str(tmp_path / 'x.png')
    image.save_img(path, x, scale=False)
    img = image.load_img(path)
    assert img.size == (6, 5) and img.mode == 'RGB'
    np.testing.assert_array_equal(image.img_to_array(img), x)
    gray = image.img_to_array(image.load_img(path, color_mode='grayscale'))
    assert gray.shape == (5, 6, 1)
    rgba = image.img_to_array(image.load_img(path, color_mode='rgba'))
    assert rgba.shape == (5, 6, 4) and (rgba[:, :, 3] == 255).all()
    small = image.load_img(path, target_size=(3, 2), interpolation='bilinear')
    assert small.size == (2, 3)
    with pytest.warns(UserWarning, match='grayscale is deprecated'):
        assert image.load_img(path, grayscale=True).mode == 'L'


def test_jpeg_files_and_rgba_conversion(tmp_path):
    x = np.full((8, 8, 4), 128.0)
    path = str(tmp_path / 'x.jpg')
    with pytest.warns(UserWarning, match='RGBA'):
        image.save_img(path, x, file_format='jpeg', scale=False)
    loaded = image.img_to_array(image.load_img(path))
    assert loaded.shape == (8, 8, 3)
    assert np.abs(loaded - 128).max() <= 2  # JPEG is lossy


def test_array_to_img_scaling_formats_and_errors():
    x = np.linspace(-1, 1, 12).reshape(2, 2, 3)
    img = image.array_to_img(x)
    arr = np.asarray(img)
    assert arr.min() == 0 and arr.max() == 255
    chw = np.arange(12.0).reshape(3, 2, 2)
    img = image.array_to_img(chw, data_format='channels_first', scale=False)
    np.testing.assert_array_equal(np.asarray(img), chw.transpose(1, 2, 0))
    assert image.array_to_img(np.full((2, 2, 1), 1000.0), scale=False).mode == 'I'
    np.testing.assert_array_equal(
        image.img_to_array(img, data_format='channels_first'), chw)
    with pytest.raises(ValueError, match='Unsupported channel number: 2'):
        image.array_to_img(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match=r'rank 3.*\(2, 2\)'):
        image.array_to_img(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="`data_format`.*'nchw'"):
        image.img_to_array(img, data_format='nchw')


def test_load_img_rejects_bad_arguments(tmp_path):
    path = str(tmp_path / 'x.png')
    write_image(path, np.zeros((4, 4, 3)))
    with pytest.raises(ValueError, match=r"`color_mode`.*'cmyk'"):
        image.load_img(path, color_mode='cmyk')
    with pytest.raises(ValueError, match=r"interpolation.*'cubic'"):
        image.load_img(path, target_size=(2, 2), interpolation='cubic')
    with pytest.raises(ValueError, match=r'`target_size`.*\(2, 0\)'):
        image.load_img(path, target_size=(2, 0))


def test_list_pictures(image_dir):
    found = image.list_pictures(str(image_dir))
    assert len(found) == 8 and not any(f.endswith('.txt') for f in found)
    assert len(image.list_pictures(str(image_dir), ext='jpg')) == 1
    assert len(image.list_pictures(str(image_dir), ext='jpg|png')) == 8


# ---------------------------------------------------------------------------
# flow_from_directory(): DirectoryIterator.

def test_flow_from_directory_finds_classes_and_labels(image_dir, capsys):
    gen = image.ImageDataGenerator()
    it = gen.flow_from_directory(str(image_dir), target_size=(8, 8), batch_size=8,
                                 shuffle=False)
    assert 'Found 8 images belonging to 2 classes.' in capsys.readouterr().out
    assert it.class_indices == {'a': 0, 'b': 1}
    assert it.filenames == [os.path.join('a', 'img%d.png' % k) for k in range(4)] + [
        os.path.join('a', 'nested', 'img4.png'),
        os.path.join('b', 'img0.png'), os.path.join('b', 'img1.png'),
        os.path.join('b', 'photo.jpg')]
    np.testing.assert_array_equal(it.classes, [0] * 5 + [1] * 3)
    x, y = next(it)
    assert x.shape == (8, 8, 8, 3) and x.dtype == np.float32
    np.testing.assert_array_equal(x[:7, 0, 0, 0], [0, 20, 40, 60, 80, 5, 25])
    assert abs(x[7, 0, 0, 0] - 200) <= 2
    np.testing.assert_array_equal(y, np.eye(2)[[0] * 5 + [1] * 3])


@pytest.mark.parametrize('mode', ['binary', 'sparse', 'input', None])
def test_flow_from_directory_class_modes(image_dir, mode):
    it = image.ImageDataGenerator(rescale=1. / 255).flow_from_directory(
        str(image_dir), target_size=(4, 4), class_mode=mode, batch_size=8, shuffle=False,
        color_mode='grayscale', interpolation='bilinear')
    batch = next(it)
    if mode is None:
        assert batch.shape == (8, 4, 4, 1)
        return
    x, y = batch
    assert x.shape == (8, 4, 4, 1)
    if mode == 'input':
        np.testing.assert_array_equal(y, x)
        assert y is not x
    else:
        np.testing.assert_array_equal(y, [0] * 5 + [1] * 3)


def test_flow_from_directory_explicit_classes_rgba_channels_first(image_dir):
    it = image.ImageDataGenerator(data_format='channels_first').flow_from_directory(
        str(image_dir), target_size=(3, 5), classes=['b', 'a'], color_mode='rgba',
        class_mode='sparse', batch_size=2, shuffle=False)
    assert it.class_indices == {'b': 0, 'a': 1}
    x, y = next(it)
    assert x.shape == (2, 4, 3, 5)
    np.testing.assert_array_equal(y, [0, 0])
    with pytest.raises(ValueError, match=r"`classes`.*\['c'\]"):
        image.ImageDataGenerator().flow_from_directory(str(image_dir), classes=['a', 'c'])


def test_flow_from_directory_subsets_are_disjoint_and_complete(image_dir):
    gen = image.ImageDataGenerator(validation_split=0.4)
    kw = dict(target_size=(2, 2), shuffle=False)
    val = gen.flow_from_directory(str(image_dir), subset='validation', **kw)
    train = gen.flow_from_directory(str(image_dir), subset='training', **kw)
    everything = gen.flow_from_directory(str(image_dir), **kw)
    assert not set(val.filenames) & set(train.filenames)
    assert sorted(val.filenames + train.filenames) == sorted(everything.filenames)
    # The split is per class: int(0.4 * 5) = 2 of a, int(0.4 * 3) = 1 of b.
    assert val.classes.tolist() == [0, 0, 1]


def test_flow_from_directory_shuffle_seed_and_epoch_cover(image_dir):
    gen = image.ImageDataGenerator(horizontal_flip=True, rotation_range=10)

    def epoch(seed):
        it = gen.flow_from_directory(str(image_dir), target_size=(8, 8), batch_size=3,
                                     class_mode='sparse', seed=seed)
        xs = [next(it)[0] for _ in range(len(it))]
        return np.concatenate(xs)[:, 4, 4, 0]

    first = epoch(1)
    assert len(first) == 8
    np.testing.assert_array_equal(epoch(1), first)


def test_flow_from_directory_follow_links_and_save_to_dir(image_dir, tmp_path):
    other = tmp_path / 'elsewhere'
    other.mkdir()
    write_image(str(other / 'linked.png'), np.zeros((8, 8, 3)))
    os.symlink(str(other), str(image_dir / 'a' / 'link'))
    gen = image.ImageDataGenerator()
    assert gen.flow_from_directory(str(image_dir)).samples == 8
    assert gen.flow_from_directory(str(image_dir), follow_links=True).samples == 9
    out = tmp_path / 'saved'
    out.mkdir()
    it = gen.flow_from_directory(str(image_dir), target_size=(4, 4), batch_size=2,
                                 save_to_dir=str(out), save_prefix='p', save_format='jpeg')
    next(it)
    assert len([f for f in os.listdir(str(out)) if f.endswith('.jpeg')]) == 2


def test_flow_from_directory_rejects_bad_arguments(image_dir):
    gen = image.ImageDataGenerator()
    with pytest.raises(ValueError, match=r"class_mode: 'onehot'"):
        gen.flow_from_directory(str(image_dir), class_mode='onehot')
    with pytest.raises(ValueError, match=r"`color_mode`.*'bgr'"):
        gen.flow_from_directory(str(image_dir), color_mode='bgr')
    with pytest.raises(ValueError, match='`directory`.*missing'):
        gen.flow_from_directory(str(image_dir / 'missing'))
    with pytest.raises(ValueError, match=r'`target_size`.*64'):
        gen.flow_from_directory(str(image_dir), target_size=64)
    with pytest.raises(ValueError, match=r"`subset`.*'test'"):
        gen.flow_from_directory(str(image_dir), subset='test')


# ---------------------------------------------------------------------------
# flow_from_dataframe(): DataFrameIterator.

@pytest.fixture
def frame(image_dir):
    return pd.DataFrame({
        'filename': ['a/img0.png', 'a/img1.png', 'b/img0.png', 'b/img1.png', 'a/img2.png'],
        'class': ['cat', 'cat', 'dog', 'dog', 'cat'],
        'tags': [['x'], ['x', 'y'], ['y'], ['z'], ['x']],
        'w': [1.0, 2.0, 3.0, 4.0, 5.0],
        'v1': [0.5, 1.5, 2.5, 3.5, 4.5],
        'v2': [1, 2, 3, 4, 5],
    })


def test_flow_from_dataframe_categorical_binary_sparse(image_dir, frame, capsys):
    gen = image.ImageDataGenerator()
    kw = dict(directory=str(image_dir), target_size=(2, 2), shuffle=False, batch_size=5)
    it = gen.flow_from_dataframe(frame, **kw)
    assert 'Found 5 validated image filenames belonging to 2 classes.' in \
        capsys.readouterr().out
    assert it.class_indices == {'cat': 0, 'dog': 1}
    x, y = next(it)
    np.testing.assert_array_equal(x[:, 0, 0, 0], [0, 20, 5, 25, 40])
    np.testing.assert_array_equal(y, np.eye(2)[[0, 0, 1, 1, 0]])
    for mode in ('binary', 'sparse'):
        _, y = next(gen.flow_from_dataframe(frame, class_mode=mode, **kw))
        np.testing.assert_array_equal(y, [0, 0, 1, 1, 0])
    x, y, w = next(gen.flow_from_dataframe(frame, weight_col='w', **kw))
    np.testing.assert_array_equal(w, frame['w'].values)


def test_flow_from_dataframe_multilabel_raw_multi_output_input(image_dir, frame):
    gen = image.ImageDataGenerator()
    kw = dict(directory=str(image_dir), target_size=(2, 2), shuffle=False, batch_size=5)
    it = gen.flow_from_dataframe(frame, y_col='tags', **kw)
    assert it.class_indices == {'x': 0, 'y': 1, 'z': 2}
    _, y = next(it)
    np.testing.assert_array_equal(y, [[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]])
    _, y = next(gen.flow_from_dataframe(frame, y_col=['v1', 'v2'], class_mode='raw', **kw))
    np.testing.assert_array_equal(y, frame[['v1', 'v2']].values)
    _, y = next(gen.flow_from_dataframe(frame, y_col='v1', class_mode='raw', **kw))
    np.testing.assert_array_equal(y, frame['v1'].values)
    _, (y1, y2) = next(gen.flow_from_dataframe(frame, y_col=['v1', 'v2'],
                                               class_mode='multi_output', **kw))
    np.testing.assert_array_equal(y2, [1, 2, 3, 4, 5])
    x, y = next(gen.flow_from_dataframe(frame, class_mode='input', **kw))
    np.testing.assert_array_equal(x, y)
    assert next(gen.flow_from_dataframe(frame, class_mode=None, **kw)).shape == (5, 2, 2, 3)
    with pytest.warns(DeprecationWarning, match='"other" is deprecated'):
        it = gen.flow_from_dataframe(frame, y_col='v1', class_mode='other', **kw)
    assert it.class_mode == 'raw'


def test_flow_from_dataframe_filters_classes_files_and_splits(image_dir, frame):
    gen = image.ImageDataGenerator(validation_split=0.4)
    bad = pd.concat([frame, pd.DataFrame({'filename': ['missing.png', 'a/../notes.txt'],
                                          'class': ['cat', 'dog']})], ignore_index=True)
    kw = dict(directory=str(image_dir), target_size=(2, 2), shuffle=False)
    with pytest.warns(UserWarning, match='Found 2 invalid image filename'):
        it = gen.flow_from_dataframe(bad, **kw)
    assert it.samples == 5
    it = gen.flow_from_dataframe(frame, classes=['dog'], **kw)
    assert it.filenames == ['b/img0.png', 'b/img1.png'] and it.class_indices == {'dog': 0}
    val = gen.flow_from_dataframe(frame, subset='validation', **kw)
    train = gen.flow_from_dataframe(frame, subset='training', **kw)
    assert val.filenames == frame['filename'].tolist()[:2]
    assert train.filenames == frame['filename'].tolist()[2:]
    absolute = frame.assign(filename=[os.path.join(str(image_dir), f)
                                      for f in frame['filename']])
    assert gen.flow_from_dataframe(absolute, target_size=(2, 2)).samples == 5


def test_flow_from_dataframe_rejects_bad_arguments(image_dir, frame):
    gen = image.ImageDataGenerator()
    kw = dict(directory=str(image_dir))
    with pytest.raises(TypeError, match='y_col must be a list'):
        gen.flow_from_dataframe(frame, y_col='v1', class_mode='multi_output', **kw)
    with pytest.raises(TypeError, match='column values must be strings'):
        gen.flow_from_dataframe(frame, y_col='tags', class_mode='sparse', **kw)
    with pytest.raises(ValueError, match='there must be 2 classes'):
        gen.flow_from_dataframe(frame, classes=['cat', 'dog', 'cow'], class_mode='binary',
                                **kw)
    with pytest.raises(KeyError, match="'label'"):
        gen.flow_from_dataframe(frame, y_col='label', **kw)
    with pytest.raises(TypeError, match='weight_col=class must be numeric'):
        gen.flow_from_dataframe(frame, weight_col='class', **kw)
    with pytest.raises(TypeError, match='`dataframe` should be a pandas DataFrame'):
        gen.flow_from_dataframe(frame.values, **kw)


# ---------------------------------------------------------------------------
# Optional dependencies.

def test_missing_pillow_or_pandas_gives_an_actionable_error(monkeypatch, tmp_path, frame):
    monkeypatch.setitem(sys.modules, 'PIL', None)
    monkeypatch.setitem(sys.modules, 'PIL.Image', None)
    with pytest.raises(ImportError, match=r'`load_img` needs Pillow.*pip install Pillow'):
        image.load_img(str(tmp_path / 'x.png'))
    with pytest.raises(ImportError, match=r'`array_to_img` needs Pillow'):
        image.array_to_img(np.zeros((2, 2, 3)))
    # Transforms need no Pillow.
    assert image.apply_brightness_shift(np.ones((2, 2, 3)), 2.0).max() == 2.0
    monkeypatch.setitem(sys.modules, 'pandas', None)
    with pytest.raises(ImportError, match=r'`flow_from_dataframe` needs pandas.*pip install'):
        image.ImageDataGenerator().flow_from_dataframe(frame)


def test_module_imports_without_pillow_and_pandas():
    code = ("import sys; sys.modules['PIL'] = None; sys.modules['pandas'] = None\n"
            "import multikeras.preprocessing.image as image\n"
            "import numpy as np\n"
            "it = image.ImageDataGenerator(horizontal_flip=True).flow(np.zeros((2, 4, 4, 3)))\n"
            "assert next(it).shape == (2, 4, 4, 3)\n"
            "assert 'PIL' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
            "print('ok')\n")
    env = dict(os.environ, KERAS_HOME=os.environ['KERAS_HOME'])
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == 'ok'
