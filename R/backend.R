# Thin wrappers around the backend functions (`multikeras.backend`): each one
# converts its arguments (1-based axes, integer shapes, R arrays) and calls the
# active backend's function of the same name.

K <- function() core_module("backend")

# R values given as tensors: numeric vectors, matrices and arrays become numpy
# arrays of `dtype` (default: floatx); tensors and variables pass through.
as_tensor_value <- function(x, name = "x", dtype = NULL) {
  if (is_py_object(x)) {
    return(x)
  }
  if (is.list(x)) {
    return(lapply(x, as_tensor_value, name = name, dtype = dtype))
  }
  if (!(is.numeric(x) || is.logical(x))) {
    arg_error(name, x, "a tensor, or a numeric vector, matrix or array")
  }
  storage.mode(x) <- "double"
  dtype <- dtype %||% k_floatx()
  if (is.null(dim(x)) && length(x) == 1) {
    return(core_np()$array(x, dtype = dtype))
  }
  core_np()$ascontiguousarray(x, dtype = dtype)
}

#' Backend tensors and variables
#'
#' Create and read backend variables, constants and placeholders, and
#' evaluate tensors.
#'
#' @param value An R numeric vector, matrix or array (or a tensor).
#' @param x A tensor or variable.
#' @param dtype Type of the tensor (e.g. `"float32"`); `NULL` uses
#'   [k_floatx()].
#' @param name Optional name of the tensor.
#' @param constraint Optional projection function applied after an optimizer
#'   update.
#' @param shape A shape: integer vector (`NA` for an unknown size).
#' @param ndim Number of axes of the placeholder, when `shape` is not given.
#' @param sparse Whether the placeholder is sparse.
#'
#' @return `k_variable()`, `k_constant()`, `k_placeholder()`: a tensor.
#'   `k_eval()`, `k_get_value()`: an R array (a plain vector for scalars and
#'   1-d tensors). `k_set_value()`: `NULL`, invisibly.
#' @family backend tensors
#' @name k_variable
#' @examples
#' if (is_keras_available()) {
#'   v <- k_variable(matrix(1:6, nrow = 2))
#'   k_int_shape(v)
#'   k_set_value(v, matrix(0, nrow = 2, ncol = 3))
#'   k_get_value(v)
#'   k_eval(k_constant(c(1, 2, 3)))
#' }
NULL

#' @rdname k_variable
#' @export
k_variable <- function(value, dtype = NULL, name = NULL, constraint = NULL) {
  check_string(dtype, "dtype", null_ok = TRUE)
  check_string(name, "name", null_ok = TRUE)
  py_call(K()$variable(as_tensor_value(value, "value", dtype),
    dtype = dtype, name = name, constraint = constraint
  ))
}

#' @rdname k_variable
#' @export
k_constant <- function(value, dtype = NULL, shape = NULL, name = NULL) {
  check_string(dtype, "dtype", null_ok = TRUE)
  py_call(K()$constant(as_tensor_value(value, "value", dtype),
    dtype = dtype, shape = as_shape(shape, "shape"), name = name
  ))
}

#' @rdname k_variable
#' @export
k_placeholder <- function(shape = NULL, ndim = NULL, dtype = NULL, sparse = FALSE,
                          name = NULL) {
  py_call(K()$placeholder(
    shape = as_shape(shape, "shape"),
    ndim = as_integer_arg(ndim, "ndim", min = 0L, null_ok = TRUE),
    dtype = dtype, sparse = check_flag(sparse, "sparse"), name = name
  ))
}

#' @rdname k_variable
#' @export
k_eval <- function(x) {
  drop_1d(py_call(K()$eval(x)))
}

#' @rdname k_variable
#' @export
k_get_value <- function(x) {
  drop_1d(py_call(K()$get_value(x)))
}

# Scalars and 1-d arrays come back as plain R vectors.
drop_1d <- function(x) {
  if (is.array(x) && length(dim(x)) <= 1) as.vector(x) else x
}

#' @rdname k_variable
#' @export
k_set_value <- function(x, value) {
  dtype <- tryCatch(K()$dtype(x), error = function(e) NULL)
  py_call(K()$set_value(x, as_tensor_value(value, "value", dtype)))
  invisible(NULL)
}

#' Shape of a tensor
#'
#' `k_int_shape()` returns the static shape as a list of integers (`NULL` for
#' an unknown size); `k_get_variable_shape()` does the same for a variable
#' (an older name); `k_shape()` returns the symbolic shape as a tensor;
#' `k_ndim()` the number of axes; `k_dtype()` the type as a string.
#'
#' @inheritParams k_variable
#' @return See the description.
#' @family backend tensors
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- k_variable(array(0, dim = c(2, 3, 4)))
#'   k_int_shape(x)
#'   k_ndim(x)
#'   k_dtype(x)
#'   k_eval(k_shape(x))
#' }
k_int_shape <- function(x) {
  shape <- py_call(K()$int_shape(x))
  if (is.null(shape)) NULL else as.list(shape)
}

#' @rdname k_int_shape
#' @export
k_get_variable_shape <- function(x) {
  shape <- py_call(K()$get_variable_shape(x))
  if (is.null(shape)) NULL else as.list(shape)
}

#' @rdname k_int_shape
#' @export
k_shape <- function(x) {
  py_call(K()$shape(x))
}

#' @rdname k_int_shape
#' @export
k_ndim <- function(x) {
  py_call(K()$ndim(x))
}

#' @rdname k_int_shape
#' @export
k_dtype <- function(x) {
  py_call(K()$dtype(x))
}

#' Reductions over axes
#'
#' Sum, mean, maximum, minimum, product, variance and standard deviation of a
#' tensor along `axis`, and the index of the largest / smallest value.
#'
#' @param x A tensor (or an R array, converted to one).
#' @param axis Axis or axes to reduce, **1-based** as in R (negative values
#'   count from the end, `-1` is the last axis); `NULL` reduces all axes.
#' @param keepdims Whether to keep the reduced axes with length 1.
#' @return A tensor.
#' @family backend math
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- k_constant(matrix(1:6, nrow = 2))
#'   k_eval(k_sum(x))
#'   k_eval(k_sum(x, axis = 1)) # column sums, as colSums()
#'   k_eval(k_mean(x, axis = 2)) # row means, as rowMeans()
#'   k_eval(k_argmax(x, axis = 2))
#' }
k_sum <- function(x, axis = NULL, keepdims = FALSE) {
  reduce_call("sum", x, axis, keepdims)
}

#' @rdname k_sum
#' @export
k_mean <- function(x, axis = NULL, keepdims = FALSE) {
  reduce_call("mean", x, axis, keepdims)
}

#' @rdname k_sum
#' @export
k_max <- function(x, axis = NULL, keepdims = FALSE) {
  reduce_call("max", x, axis, keepdims)
}

#' @rdname k_sum
#' @export
k_min <- function(x, axis = NULL, keepdims = FALSE) {
  reduce_call("min", x, axis, keepdims)
}

#' @rdname k_sum
#' @export
k_prod <- function(x, axis = NULL, keepdims = FALSE) {
  reduce_call("prod", x, axis, keepdims)
}

#' @rdname k_sum
#' @export
k_var <- function(x, axis = NULL, keepdims = FALSE) {
  reduce_call("var", x, axis, keepdims)
}

#' @rdname k_sum
#' @export
k_std <- function(x, axis = NULL, keepdims = FALSE) {
  reduce_call("std", x, axis, keepdims)
}

#' @rdname k_sum
#' @export
k_argmax <- function(x, axis = -1) {
  py_call(K()$argmax(as_tensor_value(x), axis = as_axis(axis)))
}

#' @rdname k_sum
#' @export
k_argmin <- function(x, axis = -1) {
  py_call(K()$argmin(as_tensor_value(x), axis = as_axis(axis)))
}

reduce_call <- function(fn, x, axis, keepdims) {
  check_flag(keepdims, "keepdims")
  py_call(K()[[fn]](as_tensor_value(x), axis = as_axis(axis), keepdims = keepdims))
}

#' Element-wise and linear-algebra operations
#'
#' `k_dot()` multiplies two tensors (matrix product), `k_transpose()`
#' transposes, the others apply a function element-wise.
#'
#' @inheritParams k_sum
#' @param y A tensor.
#' @return A tensor.
#' @family backend math
#' @export
#' @examples
#' if (is_keras_available()) {
#'   a <- k_constant(matrix(1:6, nrow = 2))
#'   b <- k_constant(matrix(1:6, nrow = 3))
#'   k_eval(k_dot(a, b)) # as a %*% b
#'   k_eval(k_transpose(a))
#'   k_eval(k_square(a))
#' }
k_dot <- function(x, y) {
  py_call(K()$dot(as_tensor_value(x), as_tensor_value(y, "y")))
}

#' @rdname k_dot
#' @export
k_transpose <- function(x) unary_call("transpose", x)

#' @rdname k_dot
#' @export
k_square <- function(x) unary_call("square", x)

#' @rdname k_dot
#' @export
k_sqrt <- function(x) unary_call("sqrt", x)

#' @rdname k_dot
#' @export
k_abs <- function(x) unary_call("abs", x)

#' @rdname k_dot
#' @export
k_exp <- function(x) unary_call("exp", x)

#' @rdname k_dot
#' @export
k_log <- function(x) unary_call("log", x)

unary_call <- function(fn, x) {
  py_call(K()[[fn]](as_tensor_value(x)))
}

#' Activation functions
#'
#' @inheritParams k_sum
#' @param alpha Slope for negative values (leaky ReLU); 0 for a plain ReLU.
#' @param max_value Saturation threshold, or `NULL` for none.
#' @param threshold Values below it are set to zero (or damped by `alpha`).
#' @param axis Axis of the softmax normalization, 1-based (`-1`: the last).
#' @return A tensor.
#' @family backend math
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- k_constant(matrix(c(-1, 0, 1, 2), nrow = 2))
#'   k_eval(k_relu(x))
#'   k_eval(k_softmax(x))
#'   k_eval(k_sigmoid(x))
#' }
k_relu <- function(x, alpha = 0, max_value = NULL, threshold = 0) {
  py_call(K()$relu(as_tensor_value(x),
    alpha = check_number(alpha, "alpha"),
    max_value = check_number(max_value, "max_value", null_ok = TRUE),
    threshold = check_number(threshold, "threshold")
  ))
}

#' @rdname k_relu
#' @export
k_softmax <- function(x, axis = -1) {
  py_call(K()$softmax(as_tensor_value(x), axis = as_axis(axis)))
}

#' @rdname k_relu
#' @export
k_sigmoid <- function(x) unary_call("sigmoid", x)

#' @rdname k_relu
#' @export
k_tanh <- function(x) unary_call("tanh", x)

#' Reshape and combine tensors
#'
#' @inheritParams k_sum
#' @param shape New shape, an integer vector (`-1` for the inferred size).
#' @param tensors A list of tensors.
#' @param dtype Target type, e.g. `"float32"`.
#' @return A tensor.
#' @family backend math
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- k_constant(array(1:24, dim = c(2, 3, 4)))
#'   k_int_shape(k_reshape(x, c(6, 4)))
#'   k_int_shape(k_expand_dims(x, axis = 1))
#'   k_int_shape(k_concatenate(list(x, x), axis = 2))
#'   k_dtype(k_cast(x, "float64"))
#' }
k_reshape <- function(x, shape) {
  if (!is_whole(shape) || length(shape) == 0) {
    arg_error("shape", shape, "a vector of whole numbers (-1 for the inferred size)")
  }
  py_call(K()$reshape(as_tensor_value(x), reticulate::tuple(as.list(as.integer(shape)))))
}

#' @rdname k_reshape
#' @export
k_expand_dims <- function(x, axis = -1) {
  py_call(K()$expand_dims(as_tensor_value(x), axis = as_axis(axis)))
}

#' @rdname k_reshape
#' @export
k_concatenate <- function(tensors, axis = -1) {
  if (!is.list(tensors)) arg_error("tensors", tensors, "a list of tensors")
  py_call(K()$concatenate(lapply(tensors, as_tensor_value, name = "tensors"),
    axis = as_axis(axis)
  ))
}

#' @rdname k_reshape
#' @export
k_cast <- function(x, dtype) {
  check_string(dtype, "dtype")
  py_call(K()$cast(as_tensor_value(x), dtype))
}

#' Keras implementation
#'
#' R keras 2.2 could run on one of two Python implementations of Keras, the
#' multi-backend `keras` or `tensorflow.keras`, chosen with
#' `use_implementation()`. This package has one implementation, its own
#' Python core `multikeras` (the multi-backend Keras 2.3 API), which runs on
#' TensorFlow as well as on Theano, CNTK and MXNet: choose the engine with
#' [use_backend()] instead. `use_implementation("keras")` is accepted (it
#' changes nothing); `"tensorflow"` is an error that says so.
#'
#' @param implementation `"keras"`.
#'
#' @return `implementation()`: the Python module `multikeras`.
#'   `use_implementation()`: `"keras"`, invisibly.
#' @family backend
#' @export
#' @examples
#' if (is_keras_available()) {
#'   implementation()$`__name__`
#' }
#' use_implementation("keras")
implementation <- function() {
  force_core()
  keras
}

#' @rdname implementation
#' @export
use_implementation <- function(implementation = "keras") {
  check_string(implementation, "implementation")
  if (identical(implementation, "tensorflow")) {
    stop(paste(
      "`implementation = \"tensorflow\"` is not available: this package has a single",
      "implementation, its Python core multikeras (the multi-backend Keras 2.3 API),",
      "which runs on TensorFlow too. Use use_backend(\"tensorflow\") to compute with",
      "TensorFlow."
    ), call. = FALSE)
  }
  check_string(implementation, "implementation", choices = "keras")
  invisible(implementation)
}

#' A tensor shape
#'
#' `shape(...)` writes a shape with an unknown size where it has one: `NA`
#' (or `NULL`) for an unknown size, e.g. the batch axis. It can be given
#' wherever a shape is expected (`input_shape`, `batch_shape`,
#' [k_placeholder()], ...) and becomes a Python tuple (with `None` for the
#' unknown sizes) when passed to Python.
#'
#' @param ... Sizes: whole numbers, `NA` or `NULL`; or a single vector or
#'   list of them.
#'
#' @return A list of integers and `NULL`s, of class `keras_shape`.
#' @family backend tensors
#' @export
#' @examples
#' shape(NA, 28, 28, 1)
#' if (is_keras_available()) {
#'   x <- layer_input(batch_shape = shape(NA, 3))
#'   k_int_shape(x)
#'   reticulate::r_to_py(shape(NA, 3))
#' }
shape <- function(...) {
  dims <- list(...)
  if (length(dims) == 1 && (length(dims[[1]]) > 1 || is.list(dims[[1]]))) {
    dims <- as.list(dims[[1]])
  }
  dims <- lapply(seq_along(dims), function(i) {
    d <- dims[[i]]
    if (is.null(d) || (length(d) == 1 && is.na(d))) {
      return(NULL)
    }
    if (length(d) != 1 || !is_whole(d) || d < 0) {
      arg_error(sprintf("..%d", i), d, "a non-negative whole number, NA or NULL")
    }
    as.integer(d)
  })
  structure(dims, class = "keras_shape")
}

#' @export
format.keras_shape <- function(x, ...) {
  dims <- vapply(x, function(d) if (is.null(d)) "NA" else as.character(d), character(1))
  paste0("shape(", paste(dims, collapse = ", "), ")")
}

#' @export
print.keras_shape <- function(x, ...) {
  cat(format(x), "\n", sep = "")
  invisible(x)
}

#' @exportS3Method reticulate::r_to_py keras_shape
r_to_py.keras_shape <- function(x, convert = FALSE) {
  reticulate::tuple(unclass(x), convert = convert)
}
