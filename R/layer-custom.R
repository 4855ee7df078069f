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
      check_string(name, "name")
      shape <- as_shape(if (is.list(shape)) shape else as.list(shape), "shape")
      py_call(private$py_layer$add_weight(
        name = name, shape = shape,
        dtype = check_string(dtype, "dtype", null_ok = TRUE),
        initializer = initializer, regularizer = regularizer,
        trainable = check_flag(trainable, "trainable"), constraint = constraint
      ))
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
  cached <- .r6_classes[[classname]]
  if (!is.null(cached) && identical(cached$generator, generator)) {
    return(cached$python_class)
  }
  factory <- function(py_layer, args) {
    r6 <- do.call(generator$new, args)
    r6$.set_wrapped_layer(py_layer)
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
  helpers <- r6_python_helpers()
  python_class <- helpers$make_r6_layer_class(classname, reticulate::r_to_py(factory, convert = TRUE))
  assign(classname, list(generator = generator, python_class = python_class),
         envir = .r6_classes)
  python_class
}

inherits_keras_layer <- function(generator) {
  while (!is.null(generator)) {
    if (identical(generator$classname, "KerasLayer")) {
      return(TRUE)
    }
    generator <- generator$get_inherit()
  }
  FALSE
}
