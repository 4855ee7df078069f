"""get_file: real download-and-cache code, exercised on files the test makes (file:// URLs)."""
import hashlib
import os
import tarfile

import pytest

from multikeras.utils import get_file


@pytest.fixture
def source(tmp_path):
    data = tmp_path / 'src' / 'data.txt'
    data.parent.mkdir()
    data.write_text('1,2,3\n')
    archive = tmp_path / 'src' / 'bundle.tar.gz'
    with tarfile.open(archive, 'w:gz') as tar:
        tar.add(data, arcname='bundle/data.txt')
    return data, archive


def test_download_once_then_cached(tmp_path, source):
    data, _ = source
    cache = tmp_path / 'cache'
    path = get_file('data.txt', data.as_uri(), cache_dir=str(cache))
    assert path == str(cache / 'datasets' / 'data.txt')
    assert open(path).read() == '1,2,3\n'
    data.write_text('changed\n')                      # the cache is used, not the origin
    assert open(get_file('data.txt', data.as_uri(), cache_dir=str(cache))).read() == '1,2,3\n'
    assert [f for f in os.listdir(cache / 'datasets') if f.startswith('.')] == []


def test_hash_mismatch_redownloads_and_bad_download_is_refused(tmp_path, source):
    data, _ = source
    cache = tmp_path / 'cache'
    good = hashlib.sha256(b'1,2,3\n').hexdigest()
    get_file('data.txt', data.as_uri(), file_hash=good, cache_dir=str(cache))
    data.write_text('new\n')
    new_hash = hashlib.md5(b'new\n').hexdigest()
    path = get_file('data.txt', data.as_uri(), file_hash=new_hash, cache_dir=str(cache))
    assert open(path).read() == 'new\n'               # stale cached copy replaced
    with pytest.raises(ValueError, match='expected hash'):
        get_file('data.txt', data.as_uri(), file_hash='0' * 64, cache_dir=str(cache))
    assert open(path).read() == 'new\n'               # the good copy was kept


def test_extract_tar(tmp_path, source):
    _, archive = source
    cache = tmp_path / 'cache'
    path = get_file('bundle.tar.gz', archive.as_uri(), extract=True, cache_dir=str(cache))
    assert os.path.exists(path)
    assert open(cache / 'datasets' / 'bundle' / 'data.txt').read() == '1,2,3\n'
    folder = get_file('bundle', archive.as_uri(), untar=True, cache_dir=str(tmp_path / 'c2'))
    assert open(os.path.join(folder, 'data.txt')).read() == '1,2,3\n'


def test_unreachable_origin_names_the_url(tmp_path):
    with pytest.raises(OSError, match='could not download file:///nonexistent'):
        get_file('x', 'file:///nonexistent/x', cache_dir=str(tmp_path))


def test_hash_file_defaults_to_sha256(source):
    from multikeras.utils.data_utils import _hash_file
    data, _ = source
    assert _hash_file(str(data)) == hashlib.sha256(b'1,2,3\n').hexdigest()
    assert _hash_file(str(data), algorithm='md5', chunk_size=2) == hashlib.md5(b'1,2,3\n').hexdigest()


def test_load_backend_names_the_keras_home_and_follows_reload(tmp_path, monkeypatch, source):
    import importlib
    from multikeras.backend import load_backend
    data, _ = source
    monkeypatch.setenv('KERAS_HOME', str(tmp_path / 'home'))
    importlib.reload(load_backend)
    try:
        assert load_backend._config_path == str(tmp_path / 'home' / 'keras.json')
        assert load_backend._keras_dir == str(tmp_path / 'home')
        path = get_file('data.txt', data.as_uri())       # lands beside keras.json
        assert os.path.dirname(os.path.dirname(path)) == os.path.dirname(load_backend._config_path)
    finally:
        monkeypatch.undo()
        importlib.reload(load_backend)
