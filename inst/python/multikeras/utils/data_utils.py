"""`get_file`: download a file once into the Keras cache, check it, extract it.

`Sequence`, and the enqueuers that read a `Sequence` or a generator ahead of
the training loop (`OrderedEnqueuer`, `GeneratorEnqueuer`).
"""
import collections
import concurrent.futures
import hashlib
import multiprocessing
import os
import queue
import random
import shutil
import tarfile
import tempfile
import threading
import urllib.request
import warnings
import zipfile

from .. import config


def _hash_file(fpath, algorithm='sha256', chunk_size=1 << 20):
    """The hex digest of the file at `fpath`: 'sha256' (default) or 'md5'
    (Keras 2.3's signature; 'auto' means sha256 here, as there)."""
    digest = hashlib.new('sha256' if algorithm == 'auto' else algorithm)
    with open(fpath, 'rb') as f:
        for chunk in iter(lambda: f.read(chunk_size), b''):
            digest.update(chunk)
    return digest.hexdigest()


def _algorithm_for(file_hash, hash_algorithm):
    if hash_algorithm in ('sha256', 'md5'):
        return hash_algorithm
    if hash_algorithm != 'auto':
        raise ValueError('get_file: hash_algorithm must be "auto", "sha256" or "md5"; got %r.'
                         % (hash_algorithm,))
    return 'sha256' if len(file_hash) == 64 else 'md5'


def validate_file(fpath, file_hash, algorithm='auto'):
    """Whether the file at `fpath` has the hash `file_hash` (sha256 or md5)."""
    return _hash_file(fpath, _algorithm_for(file_hash, algorithm)) == file_hash.lower()


def _extract(path, destination, archive_format):
    kinds = {'auto': ('tar', 'zip'), 'tar': ('tar',), 'zip': ('zip',)}
    if archive_format is None:
        return False
    if archive_format not in kinds:
        raise ValueError('get_file: archive_format must be "auto", "tar", "zip" or None; got %r.'
                         % (archive_format,))
    for kind in kinds[archive_format]:
        if kind == 'tar' and tarfile.is_tarfile(path):
            with tarfile.open(path) as archive:
                for member in archive.getmembers():
                    target = os.path.realpath(os.path.join(destination, member.name))
                    if not target.startswith(os.path.realpath(destination) + os.sep):
                        raise ValueError('get_file: %s holds a path outside the cache: %s'
                                         % (path, member.name))
                archive.extractall(destination)
            return True
        if kind == 'zip' and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                archive.extractall(destination)
            return True
    return False


def get_file(fname, origin, untar=False, md5_hash=None, file_hash=None, cache_subdir='datasets',
             hash_algorithm='auto', extract=False, archive_format='auto', cache_dir=None):
    """Download `origin` to `cache_dir/cache_subdir/fname` unless it is already there.

    # Arguments
        fname: file name in the cache.
        origin: URL to download from (any scheme urllib reads, file:// included).
        untar: (deprecated) extract a tar archive; use `extract`.
        md5_hash: (deprecated) the expected md5 hash; use `file_hash`.
        file_hash: the expected hash (sha256 or md5); a cached file with
            another hash is downloaded again, a download with another hash is
            an error (and is not kept).
        cache_subdir: folder under the cache directory.
        hash_algorithm: "auto" (told apart by the hash's length), "sha256"
            or "md5".
        extract: extract a tar or zip archive beside the file.
        archive_format: "auto", "tar", "zip" or None.
        cache_dir: default `$KERAS_HOME` (else `~/.keras`).

    # Returns
        The path of the file (or, with `untar`, of the extracted folder).

    # Raises
        ValueError: for an empty `fname`, a bad `hash_algorithm` or
            `archive_format`, a download whose hash differs, or an archive
            member that would land outside the cache.
        OSError: when the download fails (the message names the URL).
    """
    if not fname:
        raise ValueError('get_file: `fname` must be a non-empty file name.')
    cache_dir = cache_dir or config.keras_home()
    directory = os.path.join(os.path.expanduser(cache_dir), cache_subdir)
    os.makedirs(directory, exist_ok=True)
    expected = file_hash or md5_hash
    if untar:
        untar_path = os.path.join(directory, fname)
        fpath = untar_path + '.tar.gz'
    else:
        fpath = os.path.join(directory, fname)
    needed = not os.path.exists(fpath) or (expected and not validate_file(fpath, expected,
                                                                          hash_algorithm))
    if needed:
        fd, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(fpath) + '.', dir=directory)
        os.close(fd)
        try:
            try:
                with urllib.request.urlopen(origin) as response, open(tmp, 'wb') as out:
                    shutil.copyfileobj(response, out)
            except Exception as e:  # noqa: BLE001 - say which URL failed
                raise OSError('get_file: could not download %s: %s' % (origin, e)) from e
            if expected and not validate_file(tmp, expected, hash_algorithm):
                raise ValueError('get_file: the file downloaded from %s does not have the '
                                 'expected hash %s; it was not kept.' % (origin, expected))
            os.replace(tmp, fpath)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
    if untar:
        if not os.path.exists(untar_path):
            _extract(fpath, directory, 'tar')
        return untar_path
    if extract:
        _extract(fpath, directory, archive_format)
    return fpath


class Sequence(object):
    """Base object for fitting to a sequence of data, such as a dataset.

    Every `Sequence` must implement `__getitem__` and `__len__`; it may
    implement `on_epoch_end` to change the data between epochs (for example
    to shuffle it). `__getitem__` returns one complete batch: `(x, y)` or
    `(x, y, sample_weight)`, each a Numpy array or a list of them.

    Unlike a Python generator, a `Sequence` is indexed, so each batch is used
    exactly once per epoch even when it is read by several workers.

    # Examples

    ```python
    class Batches(Sequence):

        def __init__(self, x, y, batch_size):
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):
            return int(np.ceil(len(self.x) / float(self.batch_size)))

        def __getitem__(self, idx):
            part = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
            return self.x[part], self.y[part]
    ```
    """

    def __getitem__(self, index):
        """Gets the batch at position `index`.

        # Arguments
            index: position of the batch in the Sequence.

        # Returns
            A batch.
        """
        raise NotImplementedError

    def __len__(self):
        """Number of batches in the Sequence.

        # Returns
            The number of batches in the Sequence.
        """
        raise NotImplementedError

    def on_epoch_end(self):
        """Method called at the end of every epoch."""
        pass

    def __iter__(self):
        """Create a generator that iterates over the Sequence, once."""
        for index in range(len(self)):
            yield self[index]


# -- reading data on the calling thread only -------------------------------------------------

MAIN_THREAD_ONLY = '_keras_main_thread_only'


class _MainThreadIterator(object):
    """An iterator marked main-thread-only, around one that cannot take the attribute."""

    _keras_main_thread_only = True

    def __init__(self, iterator):
        self._iterator = iter(iterator)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._iterator)


def main_thread_only(data):
    """Marks a generator or `Sequence` so that it is only ever read on the calling thread.

    Data marked this way is read synchronously, by the thread that runs
    `fit()` / `evaluate()` / `predict()` (or that iterates `get()` of an
    enqueuer), whatever `workers` and `use_multiprocessing` say. It is how the
    R package feeds R functions, which must only run on R's main thread.

    The mark is the attribute `_keras_main_thread_only = True`; a class may
    also set it for all its instances.

    # Arguments
        data: a generator, an iterator or a `Sequence`.

    # Returns
        `data` itself with the attribute set, or, when the object takes no new
        attributes (a native Python generator), an iterator around it that
        carries the mark.
    """
    try:
        setattr(data, MAIN_THREAD_ONLY, True)
        return data
    except (AttributeError, TypeError):
        if isinstance(data, Sequence):
            raise
        return _MainThreadIterator(data)


class FunctionBatches(object):
    """An iterator of batches pulled from a function, on the calling thread only.

    How the R package feeds an R function to the generator loops: the class
    is marked main-thread-only (see `main_thread_only()`), so the function is
    only ever called by the thread that runs `fit()` / `evaluate()` /
    `predict()`. Each call of `next_batch()` gives one batch; its parts (in
    any layout, e.g. R's column-major arrays) become C-ordered arrays of
    `dtype`.

    # Arguments
        next_batch: a function of no argument returning a batch: `(x, y)` or
            `(x, y, sample_weight)`, each part an array or a list of arrays;
            with `inputs_only`, the inputs alone (an array or a list).
        dtype: the type of the arrays made, e.g. `'float32'`.
        inputs_only: whether batches hold only the inputs (for prediction).
    """

    _keras_main_thread_only = True

    def __init__(self, next_batch, dtype, inputs_only=False):
        import numpy
        self._next_batch = next_batch
        self._dtype = dtype
        self._inputs_only = bool(inputs_only)
        self._to_array = numpy.ascontiguousarray

    def _convert(self, part):
        if isinstance(part, (list, tuple)):
            return [self._convert(p) for p in part]
        return self._to_array(part, dtype=self._dtype)

    def __iter__(self):
        return self

    def __next__(self):
        batch = self._next_batch()
        if self._inputs_only:
            return self._convert(batch)
        return tuple(self._convert(part) for part in batch)


def is_main_thread_only(data):
    """Whether `data` must only be read on the calling thread (see `main_thread_only`)."""
    return bool(getattr(data, MAIN_THREAD_ONLY, False))


# -- enqueuers ---------------------------------------------------------------------------------

_POLL = 0.05   # seconds: how often a blocked thread looks at the stop signal
# Seconds the consumer waits for a batch being read before it warns and reads
# the batch itself (a worker may have died), as Keras does.
_SLOT_TIMEOUT = 30.


def _whole(value, argument, minimum):
    """`value` as an int (whole floats, as R sends them, accepted), at least `minimum`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            int(value) != value or value < minimum:
        raise ValueError('`%s` must be a whole number >= %d; got %r.' % (argument, minimum, value))
    return int(value)


class _End(object):
    """Put in the queue when a generator is exhausted."""


def _done(value=None, error=None):
    """A finished future holding `value` or raising `error`."""
    future = concurrent.futures.Future()
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(value)
    return future


# The Sequence of a process pool's workers (each pool is forked with its own).
_WORKER_SEQUENCE = None


def _set_worker_sequence(sequence):
    global _WORKER_SEQUENCE
    _WORKER_SEQUENCE = sequence


def _worker_getitem(index):
    return _WORKER_SEQUENCE[index]


class SequenceEnqueuer(object):
    """Base class of the enqueuers: reads data ahead of its consumer, in parallel.

    An enqueuer fills a queue of at most `max_queue_size` batches, from
    `workers` threads (or processes), while its consumer works on earlier
    batches:

    ```python
    enqueuer = OrderedEnqueuer(sequence, shuffle=True)
    enqueuer.start(workers=2, max_queue_size=10)
    batches = enqueuer.get()
    for step in range(steps):
        x, y = next(batches)
    enqueuer.stop()
    ```

    Reading on the calling thread: with `workers=0`, or when the data is
    marked with `_keras_main_thread_only = True` (see `main_thread_only()`),
    `start()` starts no thread or process and `get()` reads each batch
    synchronously on the thread that iterates it. The R package relies on
    this: R code must only ever run on R's main thread.

    An exception raised while reading (by `__getitem__`, the generator or
    `on_epoch_end`) is raised again by `get()`, in the consumer, with its own
    type and message, and the enqueuer is stopped.

    # Arguments
        sequence: the data, a `Sequence` or a generator (see the subclasses).
        use_multiprocessing: read in processes instead of threads.
    """

    def __init__(self, sequence, use_multiprocessing=False):
        self.sequence = sequence
        self.use_multiprocessing = use_multiprocessing
        self.workers = 0
        self.queue = None
        self.stop_signal = None
        self._threads = []

    def is_running(self):
        """Whether `start()` was called and `stop()` was not."""
        return self.stop_signal is not None and not self.stop_signal.is_set()

    def start(self, workers=1, max_queue_size=10):
        """Starts the workers.

        # Arguments
            workers: number of worker threads or processes; 0 reads on the
                consumer's thread (as does data marked main-thread-only,
                whatever `workers` says).
            max_queue_size: most batches read ahead (threads wait on `put()`
                when the queue is full).

        # Raises
            ValueError: for a negative `workers` or a `max_queue_size` below 1.
        """
        workers = _whole(workers, 'workers', 0)
        max_queue_size = _whole(max_queue_size, 'max_queue_size', 1)
        if is_main_thread_only(self.sequence):
            workers = 0
        self.workers = workers
        self.queue = queue.Queue(max_queue_size)
        self.stop_signal = threading.Event()
        self._threads = [threading.Thread(target=self._guarded, args=(target,), daemon=True,
                                          name='keras-enqueuer-%d' % i)
                         for i, target in enumerate(self._worker_targets())]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout=None):
        """Stops the workers and waits for them to exit.

        Call it from the thread that called `start()`.

        # Arguments
            timeout: most seconds to wait for each worker thread (None: until
                it exits; a thread inside a slow read finishes that read).
        """
        if self.stop_signal is None:
            return
        self.stop_signal.set()
        self._drain()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout)
        self._drain()

    def get(self):
        """A generator over the batches, in order, for as long as the enqueuer runs.

        # Returns
            A generator yielding the batches (`(inputs, targets)` or
            `(inputs, targets, sample_weights)`).
        """
        if self.stop_signal is None:
            raise RuntimeError('%s.get(): call start() first.' % type(self).__name__)
        try:
            if self.workers == 0:
                for batch in self._read_here():
                    if not self.is_running():
                        return
                    yield batch
            else:
                while True:
                    item = self._take()
                    if item is None:
                        return
                    yield self._unwrap(item)
        except GeneratorExit:
            raise
        except BaseException:
            self.stop()
            raise

    # -- for subclasses ------------------------------------------------------------------

    def _worker_targets(self):
        """Functions run by the worker threads (none when reading on the calling thread)."""
        raise NotImplementedError

    def _read_here(self):
        """A generator reading the batches on the calling thread."""
        raise NotImplementedError

    def _unwrap(self, item):
        """The batch of a queue item (a future); may raise the reader's exception."""
        return item.result()

    # -- queue helpers ---------------------------------------------------------------------

    def _guarded(self, target):
        try:
            target()
        except BaseException as e:  # noqa: BLE001 - hand every failure to the consumer
            self._put(_done(error=e))

    def _put(self, item):
        """Puts `item` in the queue, waiting while it is full; False once stopped."""
        while not self.stop_signal.is_set():
            try:
                self.queue.put(item, timeout=_POLL)
                return True
            except queue.Full:
                pass
        return False

    def _take(self):
        """The next queue item, or None once stopped."""
        while self.is_running():
            try:
                return self.queue.get(timeout=_POLL)
            except queue.Empty:
                pass
        return None

    def _drain(self):
        try:
            while True:
                self.queue.get_nowait()
        except queue.Empty:
            pass


class OrderedEnqueuer(SequenceEnqueuer):
    """Reads a `Sequence` ahead of its consumer, in parallel, keeping the order of its batches.

    The batches come in passes: each pass reads every index of the Sequence
    once (in a new random order with `shuffle=True`), then calls its
    `on_epoch_end()` on the consumer's thread, once the consumer has taken the
    last batch of the pass and before it receives it; no batch of the next
    pass is read before that. `len(sequence)` is read again at every pass.

    Worker threads take the indices in turn: each claims the next one, puts
    the slot of its batch in the queue (so the slots keep the order of the
    pass) and reads the batch into the slot, while the others read theirs.
    With `use_multiprocessing=True` the batches are read in forked processes,
    one pool per pass (so that they see what `on_epoch_end` changed); the
    batches must be picklable. A Sequence marked main-thread-only is read on
    the consumer's thread (see `SequenceEnqueuer`).

    # Arguments
        sequence: a `Sequence`.
        use_multiprocessing: read in processes instead of threads.
        shuffle: shuffle the order of the batches at every pass.
    """

    def __init__(self, sequence, use_multiprocessing=False, shuffle=False):
        super(OrderedEnqueuer, self).__init__(sequence, use_multiprocessing)
        self.shuffle = shuffle
        self._pass_taken = threading.Event()
        self._epoch_ended = threading.Event()
        self._claim_lock = threading.Lock()
        self._left = None    # the indices of the current pass not yet claimed

    def start(self, workers=1, max_queue_size=10):
        self._pass_taken.clear()
        self._left = None
        super(OrderedEnqueuer, self).start(workers, max_queue_size)

    def _order(self):
        n = len(self.sequence)
        if n < 1:
            raise ValueError('The Sequence %r has no batches (its len() is %d).'
                             % (type(self.sequence).__name__, n))
        order = list(range(n))
        if self.shuffle:
            random.shuffle(order)
        return order

    def _read_here(self):
        while True:
            order = self._order()
            for position, index in enumerate(order):
                batch = self.sequence[index]
                if position == len(order) - 1:
                    self._end_epoch()
                yield batch

    def _worker_targets(self):
        if not self.workers:
            return []
        if self.use_multiprocessing:
            return [self._run_processes]
        return [self._read_in_turn] * self.workers

    def _wait_for_pass_taken(self):
        """Waits until the consumer took the last batch of a pass; False once stopped."""
        while not self._pass_taken.wait(_POLL):
            if self.stop_signal.is_set():
                return False
        self._pass_taken.clear()
        return True

    def _claim(self):
        """`(index, last of its pass)` of the next batch to read; None once stopped.

        Called with the claim lock held. The first claim of a pass after the
        first waits for the consumer to take the previous pass.
        """
        if self._left is not None and not self._left and not self._wait_for_pass_taken():
            return None
        if not self._left:
            self._left = collections.deque(self._order())
        index = self._left.popleft()
        return index, not self._left

    def _read_in_turn(self):
        """A worker thread: claims an index and queues its slot in turn, then reads the batch."""
        while not self.stop_signal.is_set():
            if not self._claim_lock.acquire(timeout=_POLL):
                continue
            try:
                claimed = self._claim()
                if claimed is None:
                    return
                index, last = claimed
                slot = concurrent.futures.Future()
                if not self._put((slot, index, last)):
                    return
            finally:
                self._claim_lock.release()
            try:
                slot.set_result(self.sequence[index])
            except BaseException as e:  # noqa: BLE001 - raised again in the consumer
                slot.set_exception(e)

    def _run_processes(self):
        """The producer for processes: submits the indices of each pass to a pool, in order."""
        while not self.stop_signal.is_set():
            order = self._order()
            executor = concurrent.futures.ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context('fork'),
                initializer=_set_worker_sequence, initargs=(self.sequence,))
            try:
                for position, index in enumerate(order):
                    last = position == len(order) - 1
                    if not self._put((executor.submit(_worker_getitem, index), index, last)):
                        return
                if not self._wait_for_pass_taken():
                    return
            finally:
                executor.shutdown(wait=True, cancel_futures=True)

    def _unwrap(self, item):
        if isinstance(item, concurrent.futures.Future):   # a worker failed outside a read
            return item.result()
        slot, index, last = item
        try:
            batch = slot.result(timeout=_SLOT_TIMEOUT)
        except concurrent.futures.TimeoutError:
            warnings.warn('The input %d could not be retrieved. It could be because a worker '
                          'has died.' % index, UserWarning)
            batch = self.sequence[index]
        if last:
            self._end_epoch()
            self._pass_taken.set()
        return batch

    def _end_epoch(self):
        self.sequence.on_epoch_end()
        self._epoch_ended.set()

    def join_end_of_epoch(self):
        """Waits (30 s at most) until the Sequence's `on_epoch_end()` has run
        at the end of a pass, then rearms the wait for the next pass."""
        self._epoch_ended.wait(timeout=_SLOT_TIMEOUT)
        self._epoch_ended.clear()


class GeneratorEnqueuer(SequenceEnqueuer):
    """Reads a generator ahead of its consumer, in threads.

    The workers take turns calling `next()` on the generator (one at a time,
    so it need not be thread-safe), in the order of the queue, so batches
    come in the order the generator yields them. When the generator is
    exhausted `get()` ends; when it raises, `get()` raises the same exception.

    A generator marked main-thread-only (see `main_thread_only()`) is read on
    the consumer's thread, whatever `workers` says.

    # Arguments
        sequence: a generator or iterator (endless for training).
        use_multiprocessing: a generator cannot be shared between processes
            without each yielding its own copy of the data, so this reads in
            threads, with a warning; use a `Sequence` to read in processes.
        wait_time: deprecated, unused.
        random_seed: unused (kept for Keras' signature; it seeded processes).
    """

    def __init__(self, sequence, use_multiprocessing=False, wait_time=None, random_seed=None):
        super(GeneratorEnqueuer, self).__init__(sequence, use_multiprocessing)
        self.random_seed = random_seed
        self._iterator = None
        self._lock = threading.Lock()
        self._exhausted = False
        if wait_time is not None:
            warnings.warn('GeneratorEnqueuer: `wait_time` is no longer used.', DeprecationWarning)

    def start(self, workers=1, max_queue_size=10):
        self._iterator = iter(self.sequence)
        self._exhausted = False
        if self.use_multiprocessing and workers and not is_main_thread_only(self.sequence):
            warnings.warn('use_multiprocessing=True with a generator: each process would yield '
                          'its own copy of the data, so the generator is read in %d threads '
                          'instead. Use a Sequence to read in processes.' % workers)
        super(GeneratorEnqueuer, self).start(workers, max_queue_size)

    def _read_here(self):
        return self._iterator

    def _worker_targets(self):
        return [self._run] * self.workers

    def _run(self):
        """A worker: pulls the generator in turn with the others, queues what it yields."""
        while not self.stop_signal.is_set():
            if not self._lock.acquire(timeout=_POLL):
                continue
            try:
                if self._exhausted or self.stop_signal.is_set():
                    return
                try:
                    item = _done(next(self._iterator))
                except StopIteration:
                    self._exhausted = True
                    item = _End
                except BaseException as e:  # noqa: BLE001 - raised again in the consumer
                    self._exhausted = True
                    item = _done(error=e)
                if not self._put(item):
                    return
            finally:
                self._lock.release()

    def _take(self):
        item = super(GeneratorEnqueuer, self)._take()
        return None if item is _End else item
