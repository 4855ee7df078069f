# The one way every layer_*() function builds its layer.

# Keyword arguments of the base Layer that Python must not receive as None.
layer_common_args <- c(
  "input_shape", "batch_input_shape", "batch_size", "dtype", "name",
  "trainable", "weights"
)

#' Create a layer and compose it with a model or tensor
#'
#' Builds the layer `layer_class(args)`, then:
#' * when `object` is a sequential model, adds the layer to it and returns the
#'   model (so that `%>%` chains work);
#' * when `object` is a tensor (or a list of tensors), calls the layer on it
#'   and returns the output tensor;
#' * when `object` is missing or `NULL`, returns the layer.
#'
#' This is how every `layer_*()` function builds its layer, and how custom
#' layers written in R (R6 classes inheriting from [KerasLayer]) are
#' instantiated.
#'
#' @param layer_class The layer class: an R6 class generator inheriting from
#'   [KerasLayer] (a custom layer), the name of a class of the core's
#'   `multikeras.layers` module (e.g. `"Dense"`), or a Python layer class.
#' @param object Model, tensor or missing.
#' @param args Named list of arguments of the layer's constructor: for an R6
#'   class, the arguments of its `initialize()` method, plus the standard
#'   layer arguments (`input_shape`, `name`, `trainable`, ...).
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family custom layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   # the Python classes of the core by name
#'   layer <- create_layer("Dense", NULL, list(units = 3L))
#'   # and custom R6 layers (see ?KerasLayer)
#'   Scale <- R6::R6Class("Scale", inherit = KerasLayer,
#'     public = list(
#'       factor = NULL,
#'       initialize = function(factor) self$factor <- factor,
#'       call = function(x, mask = NULL) x * self$factor
#'     )
#'   )
#'   model <- keras_model_sequential() %>%
#'     layer_dense(2, input_shape = 3) %>%
#'     create_layer(Scale, ., list(factor = 10))
#' }
create_layer <- function(layer_class, object, args = list()) {
  if (!is.list(args) || (length(args) > 0 && is.null(names(args)))) {
    arg_error("args", args, "a named list of layer arguments")
  }
  constructor <- layer_constructor(layer_class)
  common <- names(args) %in% layer_common_args
  args <- c(args[!common], drop_nulls(args[common]))
  if (!is.null(args$input_shape)) {
    args$input_shape <- as_shape(args$input_shape, "input_shape")
  }
  if (!is.null(args$batch_input_shape)) {
    args$batch_input_shape <- as_shape(args$batch_input_shape, "batch_input_shape")
  }
  if (!is.null(args$batch_size)) {
    args$batch_size <- as_integer_arg(args$batch_size, "batch_size", min = 1L)
  }
  if (!is.null(args$name)) check_string(args$name, "name")
  if (!is.null(args$trainable)) check_flag(args$trainable, "trainable")
  if (!is.null(args$weights)) {
    args$weights <- lapply(args$weights, as_tensor_value, name = "weights")
  }
  layer <- py_call(do.call(constructor, args))
  compose_layer(object, layer)
}

# The Python callable that makes a layer of `layer_class`.
layer_constructor <- function(layer_class) {
  if (R6::is.R6Class(layer_class)) {
    return(r6_layer_class(layer_class))
  }
  if (is.character(layer_class) && length(layer_class) == 1 && !is.na(layer_class)) {
    layers <- core_module("layers")
    if (!reticulate::py_has_attr(layers, layer_class)) {
      stop(sprintf("Unknown layer class \"%s\": the core has no layers.%s.", layer_class,
                   layer_class), call. = FALSE)
    }
    return(layers[[layer_class]])
  }
  if (is_py_object(layer_class)) {
    return(layer_class)
  }
  arg_error("layer_class", layer_class,
            "an R6 class inheriting from KerasLayer, a layer class name or a Python layer class")
}

compose_layer <- function(object, layer) {
  if (missing(object) || is.null(object)) {
    return(layer)
  }
  if (is_sequential_model(object)) {
    py_call(object$add(layer))
    return(object)
  }
  if (is_keras_tensor_like(object)) {
    return(py_call(layer(object)))
  }
  stop(sprintf(
    "`object` must be a sequential model, a tensor (e.g. from layer_input()), or missing; not %s.",
    format_value(object)
  ), call. = FALSE)
}

is_keras_tensor_like <- function(x) {
  if (is.list(x) && !is.data.frame(x) && length(x) > 0) {
    return(all(vapply(x, is_py_object, logical(1))))
  }
  is_py_object(x)
}

is_sequential_model <- function(x) {
  is_py_object(x) &&
    isTRUE(tryCatch(
      reticulate::import_builtins()$isinstance(x, core_module("models")$Sequential),
      error = function(e) FALSE
    ))
}

is_keras_model <- function(x) {
  is_py_object(x) &&
    isTRUE(tryCatch(
      reticulate::import_builtins()$isinstance(x, core_module("models")$Model),
      error = function(e) FALSE
    ))
}

check_model <- function(object, name = "object") {
  if (!is_keras_model(object)) {
    stop(sprintf(
      "`%s` must be a keras model (from keras_model_sequential(), keras_model() or load_model_hdf5()), not %s.",
      name, format_value(object)
    ), call. = FALSE)
  }
  invisible(object)
}

check_units <- function(units, name = "units") {
  as_integer_arg(units, name, min = 1L)
}

check_activation <- function(activation) {
  if (is.null(activation) || is.function(activation) || is_py_object(activation)) {
    return(activation)
  }
  check_string(activation, "activation", null_ok = TRUE)
}

check_data_format <- function(data_format) {
  check_string(data_format, "data_format",
    null_ok = TRUE,
    choices = c("channels_last", "channels_first")
  )
}


#' Common layer arguments
#'
#' @param object What to compose the new layer with: a sequential model (the
#'   layer is added to it and the model returned), a tensor (the layer is
#'   called on it and the output tensor returned), or missing (the layer
#'   itself is returned).
#' @param input_shape Shape of the input, excluding the batch axis, e.g.
#'   `c(28, 28, 1)`; use `NA` (or `NULL` inside a list) for unknown sizes. Only
#'   for the first layer of a model.
#' @param batch_input_shape Shape of the input including the batch axis, e.g.
#'   `list(32, 10)` or `list(NULL, 10)`.
#' @param batch_size Fixed batch size for the input, if any.
#' @param dtype Type of the input, e.g. `"float32"`.
#' @param name Optional name of the layer (unique within a model).
#' @param trainable Whether the layer's weights are updated during training.
#' @param weights Initial weights: a list of arrays.
#' @param activation Name of the activation function (`"relu"`, `"softmax"`,
#'   `"sigmoid"`, `"tanh"`, `"linear"`, ...), or `NULL` for none (linear).
#' @param use_bias Whether the layer uses a bias vector.
#' @param kernel_initializer,bias_initializer Initializers of the kernel
#'   weights and of the bias, by name (`"glorot_uniform"`, `"zeros"`, ...).
#' @param kernel_regularizer,bias_regularizer,activity_regularizer
#'   Regularizers of the kernel, bias and output, or `NULL`.
#' @param kernel_constraint,bias_constraint Constraints on the kernel and
#'   bias, or `NULL`.
#' @param data_format `"channels_last"` (inputs shaped
#'   `(batch, ..., channels)`) or `"channels_first"`; `NULL` uses
#'   [k_image_data_format()].
#' @param filters Number of output filters (channels), a positive whole
#'   number.
#' @param kernel_size Size of the convolution window: one number (used for
#'   every spatial axis) or one per spatial axis.
#' @param strides Strides of the window: one number or one per spatial axis.
#' @param padding `"valid"` (no padding) or `"same"` (pad so the output has
#'   the input's spatial size when `strides` is 1).
#' @param dilation_rate Dilation rate: one number or one per spatial axis.
#' @param rate Fraction of the input units to drop, in `[0, 1)`.
#' @param seed A whole number to use as random seed, or `NULL`.
#' @param inputs A list of at least two tensors to merge (or missing, to
#'   get the layer itself).
#' @param ... Other arguments of the Python layer.
#' @return A model, a tensor or a layer, depending on `object`.
#' @keywords internal
#' @name layer-common
NULL

# The standard layer arguments (input_shape, name, ...) of the calling
# function, for create_layer(): those it does not have are NULL.
standard_args <- function(env = parent.frame()) {
  mget(layer_common_args, envir = env,
       ifnotfound = rep(list(NULL), length(layer_common_args)))
}

check_rate <- function(rate, name = "rate") {
  rate <- check_number(rate, name)
  if (rate < 0 || rate >= 1) arg_error(name, rate, "a number in [0, 1)")
  rate
}

# A layer's own integer setting (axis, depth multiplier...) that may be NULL.
as_int_or_null <- function(x, name, min = NULL) {
  as_integer_arg(x, name, min = min, null_ok = TRUE)
}

# Padding / cropping of `rank` spatial axes: one number (all sides), `rank`
# numbers (symmetric per axis), or a list of `rank` pairs c(before, after).
# For rank 1, two numbers are the (before, after) pair.
as_pairs_arg <- function(x, name, rank) {
  expected <- sprintf("a non-negative whole number, %d of them, or a list of %d pairs c(before, after)", rank, rank)
  if (is.list(x)) {
    if (length(x) != rank) arg_error(name, unlist(x), expected)
    return(reticulate::tuple(lapply(x, function(pair) {
      reticulate::tuple(as.list(as_integer_arg(unlist(pair), name, len = 2L, min = 0L)))
    })))
  }
  if (!is.numeric(x) || !(length(x) %in% c(1L, rank, if (rank == 1) 2L))) {
    arg_error(name, x, expected)
  }
  values <- as_integer_arg(x, name, len = length(x), min = 0L)
  if (length(values) == 1) values else reticulate::tuple(as.list(values))
}
