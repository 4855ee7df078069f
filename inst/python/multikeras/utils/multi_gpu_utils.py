"""`multi_gpu_model`: Keras 2.3's data parallelism over GPUs, here without GPUs.

Our backends run on the CPU only (`tensorflow-cpu`; Theano, CNTK and
MXNet on the CPU), so there is never more than one device to replicate a model on:
`multi_gpu_model` checks its arguments as Keras 2.3 does and raises the
ValueError Keras raises on a machine without GPUs. Code that falls back to
the template model on that error (as Keras' documentation suggests) runs
unchanged.
"""
from .. import backend as K


def _get_available_devices():
    """The devices a model can be placed on: the CPU."""
    return ['/cpu:0']


def _normalize_device_name(name):
    """`'/job:x/device:GPU:0'` -> `'/gpu:0'` (the last two fields, lower case)."""
    return '/' + ':'.join(name.lower().replace('/', '').split(':')[-2:])


def multi_gpu_model(model, gpus=None, cpu_merge=True, cpu_relocation=False):
    """Replicate `model` on `gpus` GPUs (Keras 2.3's signature).

    # Arguments
        model: the template model.
        gpus: the number of GPUs (>= 2) or the list of their ids; None: all
            the GPUs available.
        cpu_merge: whether the replicas' outputs are merged on the CPU.
        cpu_relocation: whether the model's weights are created on the CPU.

    # Raises
        ValueError: always here, with Keras 2.3's message: on a backend other
            than TensorFlow; for fewer than 2 GPUs (`gpus=None` finds none);
            for GPUs this machine does not have.
    """
    if K.backend() != 'tensorflow':
        raise ValueError('`multi_gpu_model` is only available with the TensorFlow backend.')
    available = [_normalize_device_name(d) for d in _get_available_devices()]
    if not gpus:
        gpus = len([d for d in available if d.startswith('/gpu:')])
    if isinstance(gpus, (list, tuple)):
        if len(gpus) <= 1:
            raise ValueError('For multi-gpu usage to be effective, call `multi_gpu_model` with '
                             '`len(gpus) >= 2`. Received: `gpus=%s`' % (list(gpus),))
        ids = list(gpus)
    else:
        if gpus <= 1:
            raise ValueError('For multi-gpu usage to be effective, call `multi_gpu_model` with '
                             '`gpus >= 2`. Received: `gpus=%d`' % gpus)
        ids = list(range(gpus))
    wanted = ['/cpu:0'] + ['/gpu:%d' % i for i in ids]
    raise ValueError('To call `multi_gpu_model` with `gpus=%s`, we expect the following devices '
                     'to be available: %s. However this machine only has: %s. Try reducing '
                     '`gpus`.' % (gpus, wanted, available))
