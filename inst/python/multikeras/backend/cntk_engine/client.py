"""The Python 3 side of the CNTK engine: find it, start it, talk to it, stop it.

The engine (`engine.py`, Python 2.7) runs in its own process, started on
first use with the private interpreter that `setup-cntk.sh` (beside this file) installs in
`${KERAS_CNTK_PREFIX:-${KERAS_HOME:-~/.keras}/cntk-engine}`. It is connected
by a Unix socket pair: when this process exits (even killed) the socket
closes and the engine exits too. `stop()` (also run at exit) closes the
socket and waits for the process, so no zombie is left. Large request arrays
(training batches) travel through a shared-memory file instead of the socket
(`SharedRequests`).

A dead engine is reported as `EngineError` with the tail of its stderr, never
as a hang; an error inside the engine (CNTK rejecting a shape) comes back as
`EngineError` carrying CNTK's message.
"""
import atexit
import json
import mmap
import os
import select
import socket
import struct
import subprocess
import tempfile
import time

import numpy as np

_HEAD = struct.Struct('<II')
ENGINE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'engine.py')
INSTALL_HINT = ('Install it with: python -m multikeras.backend.cntk_engine.install   (or, in '
                'R: install_keras(backends = "cntk"); in a checkout: bash tools/setup-cntk.sh)')
ARCH = 'x86_64-linux-gnu'


class EngineError(RuntimeError):
    """An error reported by the CNTK engine, or its unexpected death."""


def prefix():
    """Where the engine is installed: `KERAS_CNTK_PREFIX`, else `$KERAS_HOME/cntk-engine`,
    else `~/.keras/cntk-engine` (the first of the last two that exists)."""
    explicit = os.environ.get('KERAS_CNTK_PREFIX')
    if explicit:
        return explicit
    default = os.path.join(os.path.expanduser('~'), '.keras', 'cntk-engine')
    home = os.environ.get('KERAS_HOME')
    if home and (os.path.isdir(os.path.join(home, 'cntk-engine')) or not os.path.isdir(default)):
        return os.path.join(home, 'cntk-engine')
    return default


def engine_settings(cpuinfo=None):
    """The engine's OpenMP and MKL settings (environment variables; the user's win).

    Threads: CNTK's element-wise loops run on one thread, MKL's matrix products
    and convolutions on every core, and idle threads sleep at once. A step runs
    thousands of small element-wise regions (one per op and timestep of an
    unrolled recurrence); on two threads each one wakes a sleeping thread, and on
    a virtual machine with an idle core that wake-up (through the hypervisor)
    cost more than the work: an LSTM epoch spent half its time in the kernel and
    took 8x as long as on one thread. Threads that spin instead (Intel's
    default, 200 ms) take the cores from our own process and any other.

    AMD processors: CNTK's MKL (2018) picks its slowest generic code for any
    processor that is not Intel's; `MKL_DEBUG_CPU_TYPE=5` makes it use its AVX2
    kernels where the processor has AVX2 (3x faster convolutions and matrix
    products on an AMD EPYC host).

    # Arguments
        cpuinfo: the text of /proc/cpuinfo (read when None).
    """
    settings = {'OMP_NUM_THREADS': '1',
                'MKL_NUM_THREADS': str(len(os.sched_getaffinity(0))),
                'KMP_BLOCKTIME': '0'}
    if cpuinfo is None:
        try:
            with open('/proc/cpuinfo') as f:
                cpuinfo = f.read()
        except OSError:
            cpuinfo = ''
    first_processor = cpuinfo.split('\n\n')[0]
    fields = {name.strip(): value.split() for name, _, value in
              (line.partition(':') for line in first_processor.splitlines())}
    if fields.get('vendor_id') == ['AuthenticAMD'] and 'avx2' in fields.get('flags', []):
        settings['MKL_DEBUG_CPU_TYPE'] = '5'
    return settings


def engine_command():
    """(argv prefix, environment) that run the engine's Python 2.7 with cntk importable.

    `KERAS_CNTK_PYTHON` may name a launcher (such as tools/cntk-python);
    otherwise the environment is set up here from the prefix, as the
    launcher does, so this works wherever the R package installed us.

    # Raises
        ImportError: naming what is missing and how to install it.
    """
    env = dict(os.environ)
    for name, value in engine_settings().items():   # the user's settings win
        env.setdefault(name, value)
    launcher = os.environ.get('KERAS_CNTK_PYTHON')
    if launcher:
        if not (os.path.isfile(launcher) and os.access(launcher, os.X_OK)):
            raise ImportError('KERAS_CNTK_PYTHON=%r is not an executable file. %s'
                              % (launcher, INSTALL_HINT))
        return [launcher], env
    pre = prefix()
    root = os.path.join(pre, 'root')
    python = os.path.join(root, 'usr', 'bin', 'python2.7')
    site = os.path.join(pre, 'site-packages')
    if not os.access(python, os.X_OK):
        raise ImportError('no CNTK engine Python 2.7 at %s (missing: %s). %s'
                          % (pre, python, INSTALL_HINT))
    if not os.path.isdir(os.path.join(site, 'cntk')):
        raise ImportError('the CNTK engine at %s has no cntk package (missing: %s). %s'
                          % (pre, os.path.join(site, 'cntk'), INSTALL_HINT))
    extra = os.environ.get('KERAS_CNTK_PYTHONPATH')
    env.update({
        'PYTHONHOME': os.path.join(root, 'usr'),
        'PYTHONPATH': site + (':' + extra if extra else ''),
        'LD_LIBRARY_PATH': ':'.join([
            os.path.join(pre, 'lib'), os.path.join(root, 'usr', 'lib', ARCH),
            os.path.join(root, 'lib', ARCH), os.path.join(root, 'usr', 'lib', ARCH, 'openmpi', 'lib'),
            os.path.join(site, 'cntk', 'libs')]),
        'OPAL_PREFIX': os.path.join(root, 'usr'),
        'PYTHONNOUSERSITE': '1',
    })
    env.setdefault('OMPI_MCA_shmem_mmap_enable_nfs_warning', '0')
    for key in ('PYTHONSTARTUP', 'PYTHONEXECUTABLE', 'VIRTUAL_ENV'):
        env.pop(key, None)
    return [python], env


# Linux's sendmsg takes at most IOV_MAX (1024) buffers per call.
_BUFFERS_PER_SENDMSG = 512


def _send_buffers(sock, buffers):
    """Send every byte of `buffers` (bytes or arrays) with as few copies as
    sendmsg allows: at most _BUFFERS_PER_SENDMSG at a time, resuming where a
    partial send stopped."""
    views = [memoryview(b).cast('B') for b in buffers]
    first = 0
    while first < len(views):
        sent = sock.sendmsg(views[first:first + _BUFFERS_PER_SENDMSG])
        while sent and sent >= len(views[first]):
            sent -= len(views[first])
            first += 1
        if sent:
            views[first] = views[first][sent:]
        while first < len(views) and not len(views[first]):
            first += 1


class SharedRequests(object):
    """An anonymous shared-memory file the engine maps too: a request's large
    arrays are copied into it once, where a socket would copy them twice and
    block while the engine drains it. Requests are one at a time, so each one
    starts writing at offset 0."""

    MIN_BYTES = 1 << 16     # smaller arrays are cheaper on the socket
    ALIGN = 64

    def __init__(self):
        self.fd = os.memfd_create('keras-cntk-requests')   # close-on-exec; pass_fds hands it on
        self.size = 0
        self._bytes = None

    def place(self, arrays):
        """The offset of each array in the file (None: send it on the socket)."""
        offsets, end = [], 0
        for a in arrays:
            if a.nbytes < self.MIN_BYTES:
                offsets.append(None)
                continue
            offsets.append(end)
            end += -(-a.nbytes // self.ALIGN) * self.ALIGN
        if end > self.size:
            self._grow(end)
        for a, offset in zip(arrays, offsets):
            if offset is not None:
                self._bytes[offset:offset + a.nbytes] = memoryview(a).cast('B')
        return offsets

    def _grow(self, needed):
        size = max(4 << 20, 1 << (needed - 1).bit_length())
        os.ftruncate(self.fd, size)
        self._bytes = memoryview(mmap.mmap(self.fd, size))
        self.size = size

    def close(self):
        self._bytes = None
        try:
            os.close(self.fd)
        except OSError:
            pass


class Engine(object):
    """One running engine process."""

    def __init__(self):
        argv, env = engine_command()
        self._log = tempfile.TemporaryFile(prefix='keras-cntk-engine-')
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock = ours
        self.shared = SharedRequests() if hasattr(os, 'memfd_create') else None
        shared_fds = (self.shared.fd,) if self.shared else ()
        self.timeout = float(os.environ.get('KERAS_CNTK_TIMEOUT', '0') or 0)
        try:
            self.proc = subprocess.Popen(argv + [ENGINE_FILE] +
                                         [str(fd) for fd in (theirs.fileno(),) + shared_fds],
                                         env=env, stdin=subprocess.DEVNULL, stdout=self._log,
                                         stderr=subprocess.STDOUT,
                                         pass_fds=(theirs.fileno(),) + shared_fds, close_fds=True)
        finally:
            theirs.close()
        self.pid = self.proc.pid
        try:
            hello, _ = self._recv(startup=True)
        except EngineError:
            self.stop()
            raise
        self.version = hello.get('cntk')

    # -- transport ---------------------------------------------------------------

    def stderr_tail(self, n=3000):
        try:
            self._log.flush()
            self._log.seek(0, os.SEEK_END)
            size = self._log.tell()
            self._log.seek(max(0, size - n))
            return self._log.read().decode('utf-8', 'replace').strip()
        except (OSError, ValueError):
            return ''

    def _died(self, what):
        code = self.proc.poll()
        if code is None:
            try:
                code = self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                code = None
        tail = self.stderr_tail()
        self.stop()
        return EngineError('The CNTK engine process (pid %d) %s (exit status %s). Its last output:\n%s'
                           % (self.pid, what, code, tail or '(nothing)'))

    def _wait_readable(self, startup):
        started = time.time()
        while True:
            ready, _, _ = select.select([self.sock], [], [], 0.5)
            if ready:
                return
            if self.proc.poll() is not None:
                raise self._died('exited while starting' if startup else 'died')
            limit = 120. if startup else self.timeout
            if limit and time.time() - started > limit:
                self.proc.kill()
                raise self._died('did not answer within %g s and was killed' % limit)

    def _recv_exact(self, n):
        buf = bytearray(n)
        view = memoryview(buf)
        pos = 0
        while pos < n:
            try:
                got = self.sock.recv_into(view[pos:], n - pos)
            except OSError:
                got = 0
            if not got:
                raise self._died('died')
            pos += got
        return buf

    def _recv(self, startup=False):
        self._wait_readable(startup)
        hlen, narr = _HEAD.unpack(bytes(self._recv_exact(_HEAD.size)))
        header = json.loads(bytes(self._recv_exact(hlen)).decode('utf-8'))
        arrays = []
        for dtype, shape in header.get('arrays', [])[:narr]:
            dtype = np.dtype(dtype)
            size = int(np.prod(shape)) * dtype.itemsize
            data = self._recv_exact(size) if size else bytearray()
            arrays.append(np.frombuffer(data, dtype=dtype).reshape(shape))
        return header, arrays

    def request(self, header, arrays=()):
        """Send one command; return (reply header, arrays); raise EngineError on errors."""
        if self.sock is None:
            raise EngineError('The CNTK engine has been stopped.')
        arrays = [np.ascontiguousarray(a) for a in arrays]
        offsets = self.shared.place(arrays) if self.shared else [None] * len(arrays)
        header = dict(header)
        header['arrays'] = [[a.dtype.name, list(a.shape)] + ([] if at is None else [at])
                            for a, at in zip(arrays, offsets)]
        data = json.dumps(header).encode('utf-8')
        try:
            _send_buffers(self.sock, [_HEAD.pack(len(data), len(arrays)), data] +
                          [a for a, at in zip(arrays, offsets) if at is None and a.size])
        except OSError as e:
            raise self._died('died' if self.proc.poll() is not None else
                             'could not be sent a request (%s) and was stopped' % e) from None
        reply, out = self._recv()
        if 'error' in reply:
            raise EngineError('CNTK engine error in %r: %s' % (header.get('cmd'), reply['error']))
        return reply, out

    def alive(self):
        return self.sock is not None and self.proc.poll() is None

    def stop(self):
        """Close the socket (the engine exits on EOF) and reap the process."""
        sock, self.sock = self.sock, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass
        shared, self.shared = getattr(self, 'shared', None), None
        if shared is not None:
            shared.close()
        proc = getattr(self, 'proc', None)
        if proc is not None and proc.returncode is None:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


_current = {'engine': None, 'generation': 0}


def get():
    """The running engine, started if needed."""
    engine = _current['engine']
    if engine is None or engine.sock is None:
        engine = Engine()
        _current['engine'] = engine
        _current['generation'] += 1
    return engine


def running():
    engine = _current['engine']
    return engine is not None and engine.sock is not None


def generation():
    return _current['generation']


def stop():
    engine, _current['engine'] = _current['engine'], None
    if engine is not None:
        engine.stop()


atexit.register(stop)
