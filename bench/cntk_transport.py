"""Round trips to the CNTK engine process: what the process boundary costs.

Times `ping` requests (the engine does no work) carrying no array, one
training batch (128 x 784 float32, 392 KiB) and a large array (2048 x 784,
6.1 MiB), each through the shared-memory file and through the socket, and
prints the median microseconds per round trip. The engine copies the arrays
of any request but "run" out of the shared file, so the shared-memory figures
include a copy that a training step does not make.

Usage: python bench/cntk_transport.py [--calls 2000]
"""
import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'inst', 'python'))


def round_trip_us(engine, arrays, calls):
    """Median over 5 blocks of `calls` round trips, in microseconds per call."""
    blocks = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(calls):
            engine.request({'cmd': 'ping'}, arrays)
        blocks.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(blocks)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--calls', type=int, default=2000)
    args = ap.parse_args()
    import numpy as np
    from multikeras.backend.cntk_engine import client
    try:
        client.engine_command()
    except ImportError as e:
        print('SKIP: %s' % e)
        return 0
    engine = client.get()
    shared = engine.shared
    rs = np.random.RandomState(0)
    cases = [('no array', [], args.calls),
             ('batch 128x784 float32', [rs.rand(128, 784).astype('float32')], args.calls),
             ('2048x784 float32', [rs.rand(2048, 784).astype('float32')], args.calls // 10)]
    print('round trips to the CNTK engine (median us per call):')
    for label, arrays, calls in cases:
        via_shared = round_trip_us(engine, arrays, calls) if shared else None
        engine.shared = None                        # every array on the socket
        via_socket = round_trip_us(engine, arrays, calls)
        engine.shared = shared
        print('  %-24s shared memory %s   socket %8.1f'
              % (label, '%8.1f' % via_shared if via_shared is not None else '     n/a',
                 via_socket))
    return 0


if __name__ == '__main__':
    sys.exit(main())
