"""Reproducible runs: one call seeds Python, NumPy and the active backend."""
import os
import random

import numpy as np


def set_random_seed(seed, disable_gpu=True, disable_parallel_cpu=True, quiet=False):
    """Seeds Python's `random`, NumPy and the active backend, in a fresh session.

    Running the same script twice then gives the same weights and results.

    As R keras' `use_session_with_seed()`, call it first, before building
    models (and after `use_backend()`): it clears the backend session.

    What each backend does with the seed:
    - weights are initialised with NumPy's global generator (all backends);
    - TensorFlow: the graph-level seed of the backend's graph (every random
      op, e.g. dropout, gets its seed from it), kept for later sessions;
    - Theano: its random streams take their seeds from NumPy;
    - CNTK: random ops get their seeds from NumPy, and each engine process
      started afterwards calls CNTK's `set_fixed_random_seed` and
      `force_deterministic_algorithms`.

    What the engines cannot make deterministic by a seed, and what is turned
    off here: multi-threaded CPU kernels may sum floating point values in an
    order that varies from run to run (TensorFlow's inter- and intra-op
    thread pools, CNTK's CPU threads); `disable_parallel_cpu` runs them on one
    thread (for Theano, OpenBLAS is set to one thread when its library can be
    reached; Theano's own graph runs on one thread). GPU kernels (atomic
    additions in cuDNN) are not deterministic: `disable_gpu` hides GPUs from
    engines started afterwards (`CUDA_VISIBLE_DEVICES`); the CPU-only
    TensorFlow package this project installs has none. Data read by
    generators in several worker threads or processes arrives in a
    nondeterministic order unless the data is a `Sequence`; Python's hash
    seed (`PYTHONHASHSEED`) is set for child processes only.

    # Arguments
        seed: a whole number >= 0.
        disable_gpu: hide GPUs from engines started afterwards.
        disable_parallel_cpu: run CPU kernels on one thread.
        quiet: do not print the message saying what was set.

    # Raises
        ValueError: for a seed that is not a whole number >= 0.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError('set_random_seed: `seed` must be a whole number >= 0; got %r.'
                         % (seed,))
    from .. import backend as K
    seed = int(seed)
    os.environ['PYTHONHASHSEED'] = str(seed)
    if disable_gpu:
        os.environ['CUDA_VISIBLE_DEVICES'] = '-1'
    try:
        backend_seed = K.set_random_seed
    except AttributeError:
        backend_seed = None
    if backend_seed is not None:
        backend_seed(seed, disable_parallel_cpu=disable_parallel_cpu)
    # After the session is cleared, so nothing in between draws from them.
    random.seed(seed)
    np.random.seed(seed)
    if not quiet:
        turned_off = [what for flag, what in ((disable_gpu, 'GPU'),
                                              (disable_parallel_cpu, 'CPU parallelism'))
                      if flag]
        print('Set session seed to %d%s' % (seed, ' (disabled %s)' % ', '.join(turned_off)
                                           if turned_off else ''))
