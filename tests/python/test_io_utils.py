"""utils.io_utils: H5Dict, HDF5 files as bytes, as in Keras 2.3."""
import io

import numpy as np
import pytest

h5py = pytest.importorskip('h5py')

from multikeras.utils.io_utils import (H5Dict, load_from_binary_h5py,  # noqa: E402
                                       save_to_binary_h5py)


@pytest.mark.parametrize('in_memory', [False, True])
def test_h5dict_round_trip_with_groups(tmp_path, in_memory):
    path = {} if in_memory else tmp_path / 'd.h5'       # a pathlib.Path is accepted
    array = np.arange(6.).reshape(2, 3)
    f = H5Dict(path, mode='w')
    f['name'] = 'abc'
    f['names'] = [b'x', b'yz']
    f['group']['sub']['array'] = array
    f.close()
    f = H5Dict(path, mode='r')
    assert f['name'] == 'abc' and f['names'] == [b'x', b'yz']
    assert 'group' in f and 'sub' in f['group']
    np.testing.assert_array_equal(f['group']['sub']['array'], array)
    assert f.get('missing', 7) == 7
    with pytest.raises(ValueError, match='read-only'):
        f['missing']
    with pytest.raises(ValueError, match='read-only'):
        f['name'] = 'new'
    f.close()


def test_h5dict_splits_long_name_lists(tmp_path):
    names = ['layer_%05d' % i for i in range(8000)]            # > 64 KB of names
    with H5Dict(tmp_path / 'd.h5', mode='w') as f:
        f['layer_names'] = [n.encode('utf-8') for n in names]
        assert 'layer_names1' in f.attrs
    with H5Dict(str(tmp_path / 'd.h5'), mode='r') as f:
        assert f['layer_names'] == names                         # read back decoded


def test_h5dict_refuses_other_paths():
    with pytest.raises(TypeError, match='file path, an h5py Group or a dict'):
        H5Dict(3)


def test_binary_h5py_round_trip():
    stream = io.BytesIO()
    save_to_binary_h5py(lambda f: f.create_dataset('a/b', data=np.ones(3)), stream)
    stream.seek(0)
    np.testing.assert_array_equal(load_from_binary_h5py(lambda f: f['a/b'][:], stream), np.ones(3))


def test_ask_to_proceed_with_overwrite_reads_as_keras_does(monkeypatch):
    """io_utils_test::test_ask_to_proceed_with_overwrite replaces six.moves.input;
    the question is asked again until the answer is y or n."""
    import six
    from multikeras.utils.io_utils import ask_to_proceed_with_overwrite
    answers = iter(['maybe', ' Y ', 'n'])
    prompts = []
    monkeypatch.setattr(six.moves, 'input', lambda prompt: prompts.append(prompt) or next(answers))
    assert ask_to_proceed_with_overwrite('/tmp/model.h5') is True
    assert len(prompts) == 2 and '/tmp/model.h5' in prompts[0]
    assert ask_to_proceed_with_overwrite('/tmp/model.h5') is False
