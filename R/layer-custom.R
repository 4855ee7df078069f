#' Base class for custom layers written in R
#'
#' Write a custom layer as an R6 class that inherits from `KerasLayer` and
#' overrides some of its methods, then make instances with [create_layer()]
#' (usually inside a `layer_*()`-style wrapper function):
#'
#' * `initialize(...)`: store the layer's arguments in fields.
#' * `build(input_shape)`: create the weights with `self$add_weight()`;
#'   `input_shape` is a list whose first element (the batch size) is `NULL`.
#' * `call(x, mask = NULL)`: compute the output from the input tensor `x`
#'   with the `k_*()` functions.
#' * `compute_output_shape(input_shape)`: the output shape (a list), when it
#'   differs from the input shape.
#'
#' `add_weight(name, shape, dtype, initializer, regularizer, trainable,
#' constraint)` creates a weight of the layer and returns it;
#' `add_loss(losses)` adds loss tensors (e.g. activity penalties);
#' `python_layer()` returns the Python layer that wraps the R6 object.
#'
#' The Python layer is an instance of a subclass of the core's `Layer`,
#' created once per R6 class, whose methods call the R6 object; its
#' `get_config()` returns the arguments given to `initialize()`, so a model
#' holding it is rebuilt (with its weights) after [use_backend()] switches
#' the backend. Those arguments must therefore be plain values (numbers,
#' strings, vectors, lists of them).
#'
#' @format An [R6::R6Class] generator.
#' @family custom layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   CustomLayer <- R6::R6Class("CustomLayer",
#'     inherit = KerasLayer,
#'     public = list(
#'       output_dim = NULL,
#'       kernel = NULL,
#'       initialize = function(output_dim) {
#'         self$output_dim <- output_dim
#'       },
#'       build = function(input_shape) {
#'         self$kernel <- self$add_weight(
#'           name = "kernel",
#'           shape = list(input_shape[[2]], self$output_dim),
#'           initializer = initializer_random_normal(),
#'           trainable = TRUE
#'         )
#'       },
#'       call = function(x, mask = NULL) {
#'         k_dot(x, self$kernel)
#'       },
#'       compute_output_shape = function(input_shape) {
#'         list(input_shape[[1]], self$output_dim)
#'       }
#'     )
#'   )
#'   layer_custom <- function(object, output_dim, name = NULL, trainable = TRUE) {
#'     create_layer(CustomLayer, object, list(
#'       output_dim = as.integer(output_dim), name = name, trainable = trainable
#'     ))
#'   }
#'   model <- keras_model_sequential() %>%
#'     layer_dense(units = 4, input_shape = 3) %>%
#'     layer_custom(output_dim = 2)
#'   model$output_shape
#' }
KerasLayer <- R6::R6Class("KerasLayer",
  public = list(
    build = function(input_shape) {
      invisible(NULL)
    },
    call = function(inputs, mask = NULL) {
      stop("A custom layer must implement call(x, mask = NULL).", call. = FALSE)
    },
    compute_output_shape = function(input_shape) {
      input_shape
    },
    add_weight = function(name, shape, dtype = NULL, initializer = NULL,
                          regularizer = NULL, trainable = TRUE, constraint = NULL) {
      add_python_weight(private$py_layer, name, shape, dtype, initializer, regularizer,
                        trainable, constraint)
    },
    add_loss = function(losses, inputs = NULL) {
      py_call(private$py_layer$add_loss(losses, inputs))
      invisible(NULL)
    },
    python_layer = function() {
      private$py_layer
    },
    .set_wrapped_layer = function(layer) {
      private$py_layer <- layer
      invisible(self)
    }
  ),
  private = list(
    py_layer = NULL
  )
)

#' Define a custom layer from its methods
#'
#' A shortcut for custom layers: creates an R6 class inheriting from
#' [KerasLayer] with the given methods and returns a layer function
#' `function(object, ...)` whose arguments (`...`) go to `initialize()` (and
#' the standard layer arguments such as `input_shape` and `name`).
#'
#' @param classname Name of the layer class (also the prefix of layer names).
#' @param initialize,build,call,compute_output_shape Methods of the layer (see
#'   [KerasLayer]); `NULL` keeps the default.
#' @param ... Other public fields and methods of the R6 class.
#' @param inherit The R6 class to inherit from, [KerasLayer] by default.
#'
#' @return A layer function.
#' @family custom layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   layer_scale <- Layer("Scale",
#'     initialize = function(factor) self$factor <- factor,
#'     call = function(x, mask = NULL) x * self$factor,
#'     factor = NULL
#'   )
#'   model <- keras_model_sequential() %>%
#'     layer_dense(2, input_shape = 3) %>%
#'     layer_scale(factor = 2)
#' }
Layer <- function(classname, initialize = NULL, build = NULL, call = NULL,
                  compute_output_shape = NULL, ..., inherit = KerasLayer) {
  check_string(classname, "classname")
  public <- drop_nulls(list(initialize = initialize, build = build, call = call,
                            compute_output_shape = compute_output_shape))
  public <- c(public, list(...))
  parent <- inherit
  generator <- R6::R6Class(classname, inherit = parent, public = public)
  function(object, ...) {
    create_layer(generator, object, list(...))
  }
}

# Python subclasses of the core's Layer, one per R6 class, by class name.
.r6_classes <- new.env(parent = emptyenv())

r6_python_helpers <- function() {
  helpers <- .r6_classes$helpers
  if (is.null(helpers)) {
    force_core()
    helpers <- reticulate::py_run_string(R6_LAYER_PYTHON, local = TRUE, convert = TRUE)
    assign("helpers", helpers, envir = .r6_classes)
  }
  helpers
}

# The Python code of the wrapper class. `factory(layer, kwargs)` is an R
# function that creates the R6 object and returns its methods.
R6_LAYER_PYTHON <- "
def make_r6_layer_class(classname, factory):
    # Everything is defined in here: py_run_string(local = TRUE) keeps the
    # names of this code out of __main__, so functions cannot see them.
    from multikeras.engine.base_layer import Layer

    def int_shape(shape):
        if shape is None:
            return None
        if isinstance(shape, (list, tuple)) and \\
                any(isinstance(s, (list, tuple)) for s in shape):
            return [int_shape(s) for s in shape]
        return tuple(None if d is None else int(d) for d in shape)

    allowed = Layer._ALLOWED_KWARGS

    class RLayer(Layer):
        def __init__(self, **kwargs):
            base = {k: kwargs.pop(k) for k in list(kwargs) if k in allowed}
            super(RLayer, self).__init__(**base)
            self._r_args = dict(kwargs)
            self._r_methods = factory(self, dict(kwargs))

        def build(self, input_shape):
            self._r_methods['build'](input_shape)
            self.built = True

        def call(self, inputs, mask=None):
            return self._r_methods['call'](inputs, mask)

        def compute_output_shape(self, input_shape):
            return int_shape(self._r_methods['compute_output_shape'](input_shape))

        def get_config(self):
            config = super(RLayer, self).get_config()
            config.update(self._r_args)
            return config

    RLayer.__name__ = classname
    RLayer.__qualname__ = classname
    RLayer.__module__ = 'r6_layers'
    return RLayer
"

# The Python layer class wrapping the R6 class `generator` (made once).
r6_layer_class <- function(generator) {
  if (!inherits_keras_layer(generator)) {
    arg_error("layer_class", generator, "an R6 class that inherits from KerasLayer")
  }
  classname <- generator$classname %||% "RLayer"
  r6_python_class(generator, classname,
    attach = function(r6, py_layer) r6$.set_wrapped_layer(py_layer),
    make_class = function(factory) {
      r6_python_helpers()$make_r6_layer_class(classname, factory)
    }
  )
}

# The Python class, cached per R6 generator under `key`, whose instances
# forward build(), call() and compute_output_shape() to a new R6 object of
# `generator`: `attach(r6, py_object)` gives the R6 object its Python twin,
# `make_class(factory)` makes the class around the factory.
r6_python_class <- function(generator, key, attach, make_class) {
  cached <- .r6_classes[[key]]
  if (!is.null(cached) && identical(cached$generator, generator)) {
    return(cached$python_class)
  }
  factory <- function(py_object, args) {
    r6 <- do.call(generator$new, args)
    attach(r6, py_object)
    takes_mask <- "mask" %in% names(formals(r6$call))
    list(
      build = function(input_shape) {
        r6$build(input_shape)
        NULL
      },
      call = function(inputs, mask = NULL) {
        if (takes_mask) r6$call(inputs, mask = mask) else r6$call(inputs)
      },
      compute_output_shape = function(input_shape) {
        r6$compute_output_shape(input_shape)
      }
    )
  }
  python_class <- make_class(reticulate::r_to_py(factory, convert = TRUE))
  assign(key, list(generator = generator, python_class = python_class), envir = .r6_classes)
  python_class
}

inherits_keras_layer <- function(generator) inherits_class(generator, "KerasLayer")

# ---------------------------------------------------------------------------
# Callbacks, constraints, wrappers and models written in R. Their Python
# classes are subclasses of the core's, made once per session; each method
# calls the R object (always on the thread that called fit(), R's main one).

R_CLASSES_PYTHON <- "
def make_r_classes():
    # As for the layers: everything is defined in here (py_run_string local).
    import numpy as np
    from multikeras.callbacks import Callback
    from multikeras.constraints import Constraint
    from multikeras.engine.base_layer import Layer
    from multikeras.engine.input_layer import Input
    from multikeras.engine.network import Network
    from multikeras.engine.training import Model
    from multikeras.layers.wrappers import Wrapper

    class RCallback(Callback):
        # `hooks`: the on_* methods the R6 object overrides, as functions.
        # Only those are set on the instance (the others are Callback's
        # no-ops), so the training loop skips the batch hooks an R callback
        # does not have.
        def __init__(self, hooks, set_context):
            super(RCallback, self).__init__()
            self._r_set_context = set_context
            for name, fn in hooks.items():
                setattr(self, name, fn)

        def set_params(self, params):
            super(RCallback, self).set_params(params)
            self._r_set_context(params, None)

        def set_model(self, model):
            super(RCallback, self).set_model(model)
            self._r_set_context(None, model)

    class RConstraint(Constraint):
        def __init__(self, call, get_config):
            self._r_call = call
            self._r_get_config = get_config

        def __call__(self, w):
            return self._r_call(w)

        def get_config(self):
            return dict(self._r_get_config() or {})

    def make_wrapper_class(classname, factory):
        allowed = Layer._ALLOWED_KWARGS

        class RWrapper(Wrapper):
            def __init__(self, layer, **kwargs):
                base = {k: kwargs.pop(k) for k in list(kwargs) if k in allowed}
                super(RWrapper, self).__init__(layer, **base)
                self._r_args = dict(kwargs)
                self._r_methods = factory(self, dict(kwargs))

            # The wrapped layer's weights and those the wrapper adds itself.
            @property
            def trainable_weights(self):
                if not self.trainable:
                    return []
                return self.layer.trainable_weights + list(self._trainable_weights)

            @property
            def non_trainable_weights(self):
                if not self.trainable:
                    return self.layer.weights + list(self._trainable_weights) + \\
                        list(self._non_trainable_weights)
                return self.layer.non_trainable_weights + list(self._non_trainable_weights)

            def build(self, input_shape):
                self._r_methods['build'](input_shape)
                self.built = True

            def call(self, inputs, mask=None):
                return self._r_methods['call'](inputs, mask)

            def compute_output_shape(self, input_shape):
                shape = self._r_methods['compute_output_shape'](input_shape)
                return tuple(None if d is None else int(d) for d in shape)

            def get_config(self):
                config = super(RWrapper, self).get_config()
                config.update(self._r_args)
                return config

        RWrapper.__name__ = classname
        RWrapper.__qualname__ = classname
        RWrapper.__module__ = 'r6_layers'
        return RWrapper

    class RModel(Model):
        # A model whose forward pass is an R function (`_r_call`), built on
        # the first data it sees: Input tensors of the data's shapes go
        # through the R function, and the model becomes the graph from them
        # to its outputs. compile() before that is remembered and done then.
        def __init__(self, name=None):
            super(RModel, self).__init__(name=name)
            self._r_call = None
            self._r_compile = None

        def call(self, inputs, mask=None, **kwargs):
            if self.outputs:
                return Network.call(self, inputs)
            return self._r_call(inputs, mask)

        def build(self, input_shape):
            if self.outputs:
                return
            shapes = input_shape if input_shape and isinstance(input_shape[0], (list, tuple)) \\
                else [input_shape]
            inputs = [Input(batch_shape=tuple(s), name='%s_input_%d' % (self.name, i + 1))
                      for i, s in enumerate(shapes)]
            outputs = self._r_call(inputs[0] if len(inputs) == 1 else inputs, None)
            self._init_graph_network(inputs, outputs)
            self._functions = {}
            if self._r_compile is not None:
                args, kwargs = self._r_compile
                self._r_compile = None
                Model.compile(self, *args, **kwargs)

        def _build_if_deferred(self, x):
            if self.outputs or x is None:
                return
            arrays = x if isinstance(x, (list, tuple)) else [x]
            shapes = [(None,) + tuple(np.shape(a)[1:]) for a in arrays]
            self.build(shapes if len(shapes) > 1 else shapes[0])

        def compile(self, *args, **kwargs):
            if not self.outputs:
                self._r_compile = (args, kwargs)
                return
            Model.compile(self, *args, **kwargs)

        def evaluate(self, x=None, *args, **kwargs):
            self._build_if_deferred(x)
            return Model.evaluate(self, x, *args, **kwargs)

        def train_on_batch(self, x, *args, **kwargs):
            self._build_if_deferred(x)
            return Model.train_on_batch(self, x, *args, **kwargs)

    return {'RCallback': RCallback, 'RConstraint': RConstraint, 'RModel': RModel,
            'make_wrapper_class': make_wrapper_class}
"

r_python_classes <- function() {
  classes <- .r6_classes$r_classes
  if (is.null(classes)) {
    force_core()
    helpers <- reticulate::py_run_string(R_CLASSES_PYTHON, local = TRUE, convert = TRUE)
    classes <- helpers$make_r_classes()
    assign("r_classes", classes, envir = .r6_classes)
  }
  classes
}

#' Base class for callbacks written in R
#'
#' Write a callback as an R6 class that inherits from `KerasCallback` and
#' overrides some of its `on_*` methods, then pass an instance to [fit()]
#' (or [fit_generator()]) in `callbacks = list(...)`:
#'
#' * `on_train_begin(logs)`, `on_train_end(logs)`;
#' * `on_epoch_begin(epoch, logs)`, `on_epoch_end(epoch, logs)` (`epoch`
#'   counts from 0, as in Keras);
#' * `on_batch_begin(batch, logs)`, `on_batch_end(batch, logs)` and their
#'   Keras 2.3 names `on_train_batch_begin()`, `on_train_batch_end()` (both
#'   are called, around each training batch);
#' * `on_test_begin(logs)`, `on_test_end(logs)`, `on_predict_begin(logs)`,
#'   `on_predict_end(logs)`, `on_test_batch_begin(batch, logs)`,
#'   `on_test_batch_end(batch, logs)`, `on_predict_batch_begin(batch, logs)`,
#'   `on_predict_batch_end(batch, logs)`: called by the loops that call these
#'   hooks.
#'
#' `logs` is a named R list: `batch` and `size` in the batch hooks, the loss
#' and metrics of the batch after it, and the epoch's (with `val_*` ones)
#' in `on_epoch_end()`. The fields `params` (the training parameters: an R
#' list with `epochs`, `samples`, `verbose`, `metrics`, ...) and `model` (the
#' model being trained) are set before training starts.
#'
#' Only the hooks a class overrides are called, so a callback without batch
#' hooks costs nothing per batch. The hooks run on R's main thread, the one
#' that called `fit()`. An error in a hook stops `fit()` with the hook's
#' message; the model keeps the weights of the last finished batch and can be
#' trained, evaluated or saved afterwards.
#'
#' @format An [R6::R6Class] generator.
#' @family callbacks
#' @export
#' @examples
#' if (is_keras_available()) {
#'   LossHistory <- R6::R6Class("LossHistory",
#'     inherit = KerasCallback,
#'     public = list(
#'       losses = NULL,
#'       on_batch_end = function(batch, logs = list()) {
#'         self$losses <- c(self$losses, logs[["loss"]])
#'       }
#'     )
#'   )
#'   history <- LossHistory$new()
#'   model <- keras_model_sequential() %>% layer_dense(1, input_shape = 2)
#'   model %>% compile(optimizer = "sgd", loss = "mse")
#'   x <- matrix(rnorm(40), ncol = 2)
#'   model %>% fit(x, rowSums(x), epochs = 2, batch_size = 5, verbose = 0,
#'                 callbacks = list(history))
#'   history$losses
#' }
KerasCallback <- R6::R6Class("KerasCallback",
  public = list(
    params = NULL,
    model = NULL,
    set_context = function(params = NULL, model = NULL) {
      if (!is.null(params)) self$params <- params
      if (!is.null(model)) self$model <- model
      invisible(self)
    },
    on_epoch_begin = function(epoch, logs = NULL) NULL,
    on_epoch_end = function(epoch, logs = NULL) NULL,
    on_batch_begin = function(batch, logs = NULL) NULL,
    on_batch_end = function(batch, logs = NULL) NULL,
    on_train_begin = function(logs = NULL) NULL,
    on_train_end = function(logs = NULL) NULL,
    on_train_batch_begin = function(batch, logs = NULL) NULL,
    on_train_batch_end = function(batch, logs = NULL) NULL,
    on_test_begin = function(logs = NULL) NULL,
    on_test_end = function(logs = NULL) NULL,
    on_test_batch_begin = function(batch, logs = NULL) NULL,
    on_test_batch_end = function(batch, logs = NULL) NULL,
    on_predict_begin = function(logs = NULL) NULL,
    on_predict_end = function(logs = NULL) NULL,
    on_predict_batch_begin = function(batch, logs = NULL) NULL,
    on_predict_batch_end = function(batch, logs = NULL) NULL
  )
)

callback_hook_names <- c(
  "on_epoch_begin", "on_epoch_end", "on_batch_begin", "on_batch_end",
  "on_train_begin", "on_train_end", "on_train_batch_begin", "on_train_batch_end",
  "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end",
  "on_predict_begin", "on_predict_end", "on_predict_batch_begin", "on_predict_batch_end"
)

# Whether the R6 object overrides the base class's no-op `method`.
overrides_method <- function(object, method, base) {
  !identical(body(object[[method]]), body(base$public_methods[[method]]))
}

# The Python callback that calls the R6 callback `x` (reticulate converts an
# R6 callback with this wherever a Python object is expected, e.g. in fit()).
as_python_callback <- function(x) {
  hooks <- list()
  for (name in callback_hook_names) {
    if (overrides_method(x, name, KerasCallback)) hooks[[name]] <- x[[name]]
  }
  # The training loop calls on_batch_*; Keras 2.3 names them on_train_batch_*.
  for (when in c("begin", "end")) {
    short <- paste0("on_batch_", when)
    long <- paste0("on_train_batch_", when)
    fns <- drop_nulls(list(hooks[[short]], hooks[[long]]))
    if (length(fns) == 2) {
      hooks[[short]] <- function(batch, logs = NULL) {
        fns[[1]](batch, logs)
        fns[[2]](batch, logs)
      }
    } else if (length(fns) == 1) {
      hooks[[short]] <- fns[[1]]
    }
    hooks[[long]] <- NULL
  }
  # Python passes dicts as they are: the hooks get them as R lists.
  hooks <- lapply(hooks, function(fn) {
    force(fn)
    function(...) {
      do.call(fn, lapply(list(...), py_value_to_r))
      NULL
    }
  })
  set_context <- function(params, model) {
    x$set_context(params = py_value_to_r(params), model = model)
    NULL
  }
  r_python_classes()$RCallback(reticulate::dict(hooks), set_context)
}

py_value_to_r <- function(x) {
  if (is_py_object(x)) reticulate::py_to_r(x) else x
}

#' @exportS3Method reticulate::r_to_py KerasCallback
r_to_py.KerasCallback <- function(x, convert = FALSE) {
  as_python_callback(x)
}

#' Base class for weight constraints written in R
#'
#' Write a constraint as an R6 class that inherits from `KerasConstraint`
#' and implements `call(w)`, which returns the constrained weight tensor
#' (with the `k_*()` functions); `get_config()` returns the constraint's
#' arguments as a named list. Pass an instance as a layer's
#' `kernel_constraint`, `bias_constraint`, ... argument: it is applied to the
#' weight after each training step.
#'
#' @format An [R6::R6Class] generator.
#' @family custom layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   NonNegative <- R6::R6Class("NonNegative",
#'     inherit = KerasConstraint,
#'     public = list(
#'       call = function(w) {
#'         w * k_cast(k_greater_equal(w, 0), k_floatx())
#'       }
#'     )
#'   )
#'   model <- keras_model_sequential() %>%
#'     layer_dense(2, input_shape = 3, kernel_constraint = NonNegative$new())
#' }
KerasConstraint <- R6::R6Class("KerasConstraint",
  public = list(
    call = function(w) {
      stop("A custom constraint must implement call(w).", call. = FALSE)
    },
    get_config = function() {
      list()
    }
  )
)

#' @exportS3Method reticulate::r_to_py KerasConstraint
r_to_py.KerasConstraint <- function(x, convert = FALSE) {
  r_python_classes()$RConstraint(
    function(w) x$call(w),
    function() {
      config <- x$get_config()
      if (length(config)) reticulate::dict(config) else reticulate::dict()
    }
  )
}

#' Base class for layer wrappers written in R
#'
#' A wrapper is a layer that holds another layer (the wrapped one) and adds
#' to it, e.g. a weight that scales its output. Write it as an R6 class that
#' inherits from `KerasWrapper` and make instances with `create_wrapper()`,
#' usually inside a `layer_*()`-style function. By default every method
#' defers to the wrapped layer; override some of them, calling
#' `super$build()` / `super$call()` for the wrapped layer's part:
#'
#' * `build(input_shape)`: builds the wrapped layer; add the wrapper's own
#'   weights here with `self$add_weight()`.
#' * `call(x, mask = NULL)`: the wrapped layer's output.
#' * `compute_output_shape(input_shape)`: the wrapped layer's output shape.
#'
#' `add_weight()`, `add_loss()` are as in [KerasLayer]; `python_wrapper()`
#' returns the Python layer and `layer()` the wrapped one.
#'
#' @param wrapper_class An R6 class inheriting from `KerasWrapper`.
#' @param object What to compose the wrapper with (a model or tensor), as the
#'   first argument of the `layer_*()` functions.
#' @param args A named list: `layer` (the layer to wrap) and the arguments of
#'   `initialize()` and of the layer (`name`, `input_shape`, ...).
#'
#' @return `create_wrapper()`: as a `layer_*()` function, the wrapper layer,
#'   or `object` with it added.
#' @format An [R6::R6Class] generator.
#' @family custom layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   Scaled <- R6::R6Class("Scaled",
#'     inherit = KerasWrapper,
#'     public = list(
#'       scale = NULL,
#'       build = function(input_shape) {
#'         super$build(input_shape)
#'         self$scale <- self$add_weight(name = "scale", shape = list(1L),
#'                                       initializer = initializer_ones())
#'       },
#'       call = function(x, mask = NULL) {
#'         super$call(x) * self$scale
#'       }
#'     )
#'   )
#'   layer_scaled <- function(object, layer, ...) {
#'     create_wrapper(Scaled, object, list(layer = layer, ...))
#'   }
#'   model <- keras_model_sequential() %>%
#'     layer_scaled(layer_dense(units = 2), input_shape = 3)
#'   length(model$trainable_weights)
#' }
KerasWrapper <- R6::R6Class("KerasWrapper",
  public = list(
    build = function(input_shape) {
      layer <- private$py_wrapper$layer
      if (!isTRUE(layer$built)) {
        py_call(layer$build(as_python_shape(input_shape)))
        layer$built <- TRUE
      }
      invisible(NULL)
    },
    call = function(inputs, mask = NULL) {
      py_call(private$py_wrapper$layer$call(inputs))
    },
    compute_output_shape = function(input_shape) {
      py_call(private$py_wrapper$layer$compute_output_shape(as_python_shape(input_shape)))
    },
    add_weight = function(name, shape, dtype = NULL, initializer = NULL,
                          regularizer = NULL, trainable = TRUE, constraint = NULL) {
      add_python_weight(private$py_wrapper, name, shape, dtype, initializer, regularizer,
                        trainable, constraint)
    },
    add_loss = function(losses, inputs = NULL) {
      py_call(private$py_wrapper$add_loss(losses, inputs))
      invisible(NULL)
    },
    layer = function() {
      private$py_wrapper$layer
    },
    python_wrapper = function() {
      private$py_wrapper
    },
    .set_wrapper = function(wrapper) {
      private$py_wrapper <- wrapper
      invisible(self)
    }
  ),
  private = list(
    py_wrapper = NULL
  )
)

# A shape from R (a list with NULL for unknown sizes) as a Python tuple.
as_python_shape <- function(shape) {
  if (is_py_object(shape)) {
    return(shape)
  }
  reticulate::tuple(lapply(shape, function(d) if (is.null(d)) NULL else as.integer(d)))
}

#' @rdname KerasWrapper
#' @export
create_wrapper <- function(wrapper_class, object, args = list()) {
  if (!R6::is.R6Class(wrapper_class) || !inherits_class(wrapper_class, "KerasWrapper")) {
    arg_error("wrapper_class", wrapper_class, "an R6 class that inherits from KerasWrapper")
  }
  if (!is.list(args) || (length(args) > 0 && is.null(names(args)))) {
    arg_error("args", args, "a named list with `layer` and the wrapper's arguments")
  }
  layer <- args$layer
  if (!is_py_object(layer) ||
    !reticulate::import_builtins()$isinstance(layer, core_module("engine.base_layer")$Layer)) {
    arg_error("args$layer", layer, "a layer to wrap, e.g. layer_dense(units = 8)")
  }
  args$layer <- NULL
  common <- names(args) %in% layer_common_args
  args <- c(args[!common], drop_nulls(args[common]))
  if (!is.null(args$input_shape)) args$input_shape <- as_shape(args$input_shape, "input_shape")
  if (!is.null(args$batch_input_shape)) {
    args$batch_input_shape <- as_shape(args$batch_input_shape, "batch_input_shape")
  }
  if (!is.null(args$name)) check_string(args$name, "name")
  python_class <- r6_wrapper_class(wrapper_class)
  wrapper <- py_call(do.call(python_class, c(list(layer), args)))
  compose_layer(object, wrapper)
}

r6_wrapper_class <- function(generator) {
  classname <- generator$classname %||% "RWrapper"
  r6_python_class(generator, paste0("wrapper:", classname),
    attach = function(r6, py_wrapper) r6$.set_wrapper(py_wrapper),
    make_class = function(factory) {
      r_python_classes()$make_wrapper_class(classname, factory)
    }
  )
}

inherits_class <- function(generator, classname) {
  while (!is.null(generator)) {
    if (identical(generator$classname, classname)) {
      return(TRUE)
    }
    generator <- generator$get_inherit()
  }
  FALSE
}

#' Create a custom model from R functions
#'
#' Defines a model by its forward pass, written in R (a "subclassed" model).
#' `model_fn` is called once with the new model, `self`: it creates the
#' layers the model needs as fields of `self` (`self$dense1 <-
#' layer_dense(units = 64)`) and returns the forward pass, a function of
#' `(inputs, mask = NULL)` that calls those layers on the input tensor(s) and
#' returns the output tensor(s).
#'
#' The model is built from the first data it sees (in [fit()],
#' [evaluate()] or [predict()]): the forward pass runs once on symbolic
#' inputs of the data's shape. [compile()] can come before that. Weights are
#' saved and loaded with [save_model_weights_hdf5()] /
#' [load_model_weights_hdf5()]; like Keras's subclassed models, such a model
#' has no configuration from which to rebuild it, so it cannot be saved whole
#' or moved to another backend with [use_backend()] (build it again there).
#'
#' @param model_fn A function of the model (`self`) that creates its layers
#'   and returns its forward pass, `function(inputs, mask = NULL)`.
#' @param name Name of the model (`NULL`: a default one).
#'
#' @return A model, not yet built.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   keras_model_mlp <- function(units, name = NULL) {
#'     keras_model_custom(name = name, function(self) {
#'       self$hidden <- layer_dense(units = units, activation = "relu")
#'       self$out <- layer_dense(units = 1)
#'       function(inputs, mask = NULL) {
#'         inputs %>% self$hidden() %>% self$out()
#'       }
#'     })
#'   }
#'   model <- keras_model_mlp(8)
#'   model %>% compile(optimizer = "adam", loss = "mse")
#'   x <- matrix(rnorm(40), ncol = 4)
#'   model %>% fit(x, rowSums(x), epochs = 2, verbose = 0)
#' }
keras_model_custom <- function(model_fn, name = NULL) {
  if (!is.function(model_fn) || is_py_object(model_fn)) {
    arg_error("model_fn", model_fn, "an R function of the model (`self`) returning its forward pass")
  }
  model <- py_call(r_python_classes()$RModel(name = check_string(name, "name", null_ok = TRUE)))
  forward <- model_fn(model)
  if (!is.function(forward)) {
    stop(sprintf(
      "`model_fn` must return the forward pass, a function(inputs, mask = NULL); it returned %s.",
      format_value(forward)
    ), call. = FALSE)
  }
  takes_mask <- "mask" %in% names(formals(forward))
  model$`_r_call` <- function(inputs, mask = NULL) {
    if (takes_mask) forward(inputs, mask = mask) else forward(inputs)
  }
  model
}

# add_weight() of an R6 layer or wrapper: the arguments checked, then the
# weight made by its Python twin.
add_python_weight <- function(py_object, name, shape, dtype, initializer, regularizer,
                              trainable, constraint) {
  check_string(name, "name")
  py_call(py_object$add_weight(
    name = name,
    shape = as_shape(if (is.list(shape)) shape else as.list(shape), "shape"),
    dtype = check_string(dtype, "dtype", null_ok = TRUE),
    initializer = initializer, regularizer = regularizer,
    trainable = check_flag(trainable, "trainable"), constraint = constraint
  ))
}
