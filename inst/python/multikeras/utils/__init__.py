"""Utilities: `to_categorical`, `get_file`, `Sequence` and its enqueuers, `HDF5Matrix`,
object lookup, the progress bar, `set_random_seed`, `multi_gpu_model`."""
from .np_utils import to_categorical, normalize
from .data_utils import (get_file, validate_file, Sequence, SequenceEnqueuer, OrderedEnqueuer,
                         GeneratorEnqueuer, main_thread_only)
from .io_utils import HDF5Matrix
from .generic_utils import (CustomObjectScope, custom_object_scope, get_custom_objects,
                            serialize_keras_object, deserialize_keras_object, Progbar)
from .layer_utils import (print_summary, get_source_inputs, convert_all_kernels_in_model,
                          convert_kernel)
from .vis_utils import plot_model, model_to_dot
from .random_seed import set_random_seed
from .multi_gpu_utils import multi_gpu_model
from ..engine.saving import export_saved_model
