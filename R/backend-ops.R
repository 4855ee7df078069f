# The rest of the backend API: one thin wrapper per backend function. Each
# wrapper converts its arguments (R arrays to tensors, 1-based axes to 0-based,
# numbers to integers) and goes through k_call(), so that every wrapper is one
# call and Python errors come back as plain R errors.

# Calls the active backend's function `fn` with already converted arguments.
k_call <- function(fn, ...) {
  py_call(do.call(K()[[fn]], list(...)))
}

# A tensor argument: R numbers become arrays of `dtype` (default floatx).
tensor_arg <- function(x, name = "x", dtype = NULL) {
  as_tensor_value(x, name, dtype)
}

# An integer tensor argument (indices, class ids, lengths).
int_tensor_arg <- function(x, name = "indices") {
  if (!is_py_object(x) && !is_whole(x)) {
    arg_error(name, x, "whole numbers or an integer tensor")
  }
  as_tensor_value(x, name, dtype = "int32")
}

# Axes that Python wants as a list even when there is one.
as_axes_list <- function(axes, name = "axes") {
  axes <- as_axis(axes, name)
  if (is.null(axes) || is.list(axes)) axes else list(axes)
}

# An R function given where the backend calls a Python callable.
check_function <- function(f, name) {
  if (!is.function(f) && !is_py_object(f)) arg_error(name, f, "a function")
  f
}

# Padding pairs for k_spatial_2d/3d_padding(): list(c(1, 1), c(2, 2)), or a
# vector of `rank` numbers (symmetric), to a tuple of (before, after) tuples.
as_padding_pairs <- function(padding, rank, name = "padding") {
  if (is.numeric(padding) && length(padding) == rank) {
    padding <- lapply(padding, function(p) c(p, p))
  }
  if (!is.list(padding) || length(padding) != rank) {
    arg_error(name, padding, sprintf("a list of %d pairs of non-negative whole numbers", rank))
  }
  reticulate::tuple(lapply(padding, function(pair) {
    pair <- unlist(pair)
    reticulate::tuple(as.list(as_integer_arg(pair, name, len = 2L, min = 0L)))
  }))
}

check_padding <- function(padding, choices = c("valid", "same")) {
  check_string(padding, "padding", choices = choices)
}

#' Backend reductions and cumulative operations (continued)
#'
#' `k_all()` and `k_any()` reduce with logical AND / OR, `k_logsumexp()`
#' computes `log(sum(exp(x)))` stably; `k_cumsum()` and `k_cumprod()` are
#' cumulative sums and products along an axis.
#'
#' @inheritParams k_sum
#' @return A tensor.
#' @family backend math
#' @name k_reductions
#' @examples
#' if (is_keras_available()) {
#'   x <- k_constant(matrix(1:6, nrow = 2))
#'   k_eval(k_cumsum(x, axis = 2)) # as t(apply(m, 1, cumsum))
#'   k_eval(k_cumprod(x, axis = 1))
#'   k_eval(k_logsumexp(x, axis = 1))
#'   k_eval(k_all(k_greater(x, 0)))
#'   k_eval(k_any(k_greater(x, 5), axis = 2))
#' }
NULL

#' @rdname k_reductions
#' @export
k_all <- function(x, axis = NULL, keepdims = FALSE) reduce_call("all", x, axis, keepdims)

#' @rdname k_reductions
#' @export
k_any <- function(x, axis = NULL, keepdims = FALSE) reduce_call("any", x, axis, keepdims)

#' @rdname k_reductions
#' @export
k_logsumexp <- function(x, axis = NULL, keepdims = FALSE) {
  reduce_call("logsumexp", x, axis, keepdims)
}

#' @rdname k_reductions
#' @export
k_cumsum <- function(x, axis = 1) k_call("cumsum", tensor_arg(x), axis = as_axis(axis))

#' @rdname k_reductions
#' @export
k_cumprod <- function(x, axis = 1) k_call("cumprod", tensor_arg(x), axis = as_axis(axis))

#' Element-wise math
#'
#' Element-wise functions of one tensor (`k_cos()`, `k_sin()`, `k_round()`,
#' `k_sign()`), powers and clipping, element-wise maximum and minimum of two
#' tensors, and `k_l2_normalize()` (divide by the L2 norm along an axis).
#'
#' @inheritParams k_sum
#' @param y A tensor (or R array).
#' @param a Exponent, a number.
#' @param min_value,max_value Bounds of the clipping.
#' @return A tensor.
#' @family backend math
#' @name k_elementwise
#' @examples
#' if (is_keras_available()) {
#'   x <- k_constant(c(-1.5, 0, 2.4))
#'   k_eval(k_round(x))
#'   k_eval(k_sign(x))
#'   k_eval(k_pow(x, 2))
#'   k_eval(k_clip(x, -1, 1))
#'   k_eval(k_cos(x))
#'   k_eval(k_sin(x))
#'   k_eval(k_maximum(x, 0))
#'   k_eval(k_minimum(x, 0))
#'   k_eval(k_l2_normalize(k_constant(c(3, 4)), axis = 1))
#' }
NULL

#' @rdname k_elementwise
#' @export
k_cos <- function(x) unary_call("cos", x)

#' @rdname k_elementwise
#' @export
k_sin <- function(x) unary_call("sin", x)

#' @rdname k_elementwise
#' @export
k_round <- function(x) unary_call("round", x)

#' @rdname k_elementwise
#' @export
k_sign <- function(x) unary_call("sign", x)

#' @rdname k_elementwise
#' @export
k_pow <- function(x, a) k_call("pow", tensor_arg(x), check_number(a, "a"))

#' @rdname k_elementwise
#' @export
k_clip <- function(x, min_value, max_value) {
  k_call("clip", tensor_arg(x), check_number(min_value, "min_value"),
         check_number(max_value, "max_value"))
}

#' @rdname k_elementwise
#' @export
k_maximum <- function(x, y) k_call("maximum", tensor_arg(x), tensor_arg(y, "y"))

#' @rdname k_elementwise
#' @export
k_minimum <- function(x, y) k_call("minimum", tensor_arg(x), tensor_arg(y, "y"))

#' @rdname k_elementwise
#' @export
k_l2_normalize <- function(x, axis = NULL) {
  k_call("l2_normalize", tensor_arg(x), axis = as_axis(axis))
}

#' Element-wise comparisons
#'
#' Compare two tensors element by element; the result is a boolean tensor.
#'
#' @inheritParams k_elementwise
#' @return A boolean tensor.
#' @family backend math
#' @name k_comparisons
#' @examples
#' if (is_keras_available()) {
#'   x <- k_constant(c(1, 2, 3))
#'   y <- k_constant(c(3, 2, 1))
#'   k_eval(k_equal(x, y))
#'   k_eval(k_not_equal(x, y))
#'   k_eval(k_greater(x, y))
#'   k_eval(k_greater_equal(x, y))
#'   k_eval(k_less(x, y))
#'   k_eval(k_less_equal(x, y))
#' }
NULL

#' @rdname k_comparisons
#' @export
k_equal <- function(x, y) k_call("equal", tensor_arg(x), tensor_arg(y, "y"))

#' @rdname k_comparisons
#' @export
k_not_equal <- function(x, y) k_call("not_equal", tensor_arg(x), tensor_arg(y, "y"))

#' @rdname k_comparisons
#' @export
k_greater <- function(x, y) k_call("greater", tensor_arg(x), tensor_arg(y, "y"))

#' @rdname k_comparisons
#' @export
k_greater_equal <- function(x, y) k_call("greater_equal", tensor_arg(x), tensor_arg(y, "y"))

#' @rdname k_comparisons
#' @export
k_less <- function(x, y) k_call("less", tensor_arg(x), tensor_arg(y, "y"))

#' @rdname k_comparisons
#' @export
k_less_equal <- function(x, y) k_call("less_equal", tensor_arg(x), tensor_arg(y, "y"))

#' Batch-wise dot product
#'
#' Dot product of each sample of `x` with the matching sample of `y`,
#' contracting the axes `axes` (**1-based**; the batch axis 1 cannot be
#' contracted).
#'
#' @inheritParams k_elementwise
#' @param axes One axis (used for both tensors) or two, 1-based; `NULL`
#'   contracts the last axis of `x` with the second-to-last of `y` (the last,
#'   when `y` has two axes).
#' @return A tensor; a result with one axis is reshaped to `(batch, 1)`.
#' @family backend math
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- k_constant(matrix(1:6, nrow = 2))
#'   y <- k_constant(matrix(1:6, nrow = 2))
#'   k_eval(k_batch_dot(x, y, axes = 2)) # rowSums(x * y)
#' }
k_batch_dot <- function(x, y, axes = NULL) {
  k_call("batch_dot", tensor_arg(x), tensor_arg(y, "y"), axes = as_axis(axes, "axes"))
}

#' More activation functions
#'
#' @inheritParams k_relu
#' @param alpha Scale of the negative part of the ELU.
#' @return A tensor.
#' @family backend math
#' @name k_activations
#' @examples
#' if (is_keras_available()) {
#'   x <- k_constant(c(-2, 0, 2))
#'   k_eval(k_elu(x))
#'   k_eval(k_hard_sigmoid(x))
#'   k_eval(k_softplus(x))
#'   k_eval(k_softsign(x))
#' }
NULL

#' @rdname k_activations
#' @export
k_elu <- function(x, alpha = 1) k_call("elu", tensor_arg(x), alpha = check_number(alpha, "alpha"))

#' @rdname k_activations
#' @export
k_hard_sigmoid <- function(x) unary_call("hard_sigmoid", x)

#' @rdname k_activations
#' @export
k_softplus <- function(x) unary_call("softplus", x)

#' @rdname k_activations
#' @export
k_softsign <- function(x) unary_call("softsign", x)

#' Rearrange tensors
#'
#' Change the layout of a tensor: drop or add axes, stack, permute, flatten,
#' repeat, tile, reverse, gather rows, one-hot encode. Axes are **1-based**.
#'
#' * `k_squeeze(x, axis)` drops the axis (of size 1).
#' * `k_stack(x, axis)` stacks a list of tensors along a new axis.
#' * `k_permute_dimensions(x, pattern)` reorders the axes: `pattern` is a
#'   permutation of `1:k_ndim(x)`, as for [aperm()].
#' * `k_flatten(x)` makes a 1-d tensor; `k_batch_flatten(x)` keeps the first
#'   (batch) axis and flattens the rest.
#' * `k_repeat(x, n)` turns `(batch, dim)` into `(batch, n, dim)`;
#'   `k_repeat_elements(x, rep, axis)` repeats each element along `axis`, as
#'   [rep()] with `each`.
#' * `k_tile(x, n)` tiles `x` `n[i]` times along axis `i`.
#' * `k_reverse(x, axes)` reverses the tensor along `axes`.
#' * `k_gather(reference, indices)` takes the rows `indices` (**0-based**, as
#'   in R keras) of `reference`.
#' * `k_one_hot(indices, num_classes)` one-hot encodes 0-based class ids.
#' * `k_cast_to_floatx(x)` casts an R array to [k_floatx()].
#'
#' @inheritParams k_sum
#' @param pattern Permutation of the axes, 1-based.
#' @param n Number of repetitions (`k_repeat()`), or a vector with one count
#'   per axis (`k_tile()`).
#' @param rep Number of repetitions of each element.
#' @param axes Axis or axes, 1-based.
#' @param reference A tensor.
#' @param indices Whole numbers or an integer tensor of 0-based indices.
#' @param num_classes Number of classes (the size of the new last axis).
#' @return A tensor (`k_cast_to_floatx()`: a numpy array).
#' @family backend math
#' @name k_rearrange
#' @examples
#' if (is_keras_available()) {
#'   m <- matrix(1:6, nrow = 2)
#'   x <- k_constant(m)
#'   k_int_shape(k_squeeze(k_expand_dims(x, 1), 1))
#'   k_int_shape(k_stack(list(x, x), axis = 1))
#'   k_eval(k_permute_dimensions(x, c(2, 1))) # as t(m)
#'   k_eval(k_flatten(x))
#'   k_eval(k_batch_flatten(x))
#'   k_int_shape(k_repeat(x, 4))
#'   k_eval(k_repeat_elements(x, 2, axis = 1))
#'   k_eval(k_tile(x, c(1, 2)))
#'   k_eval(k_reverse(x, axes = 2))
#'   k_eval(k_gather(x, c(1, 0)))
#'   k_eval(k_one_hot(c(0, 2), num_classes = 3))
#'   k_cast_to_floatx(1:3)
#' }
NULL

#' @rdname k_rearrange
#' @export
k_squeeze <- function(x, axis) {
  if (is.null(axis)) arg_error("axis", axis, "a 1-based axis")
  k_call("squeeze", tensor_arg(x), as_axis(axis))
}

#' @rdname k_rearrange
#' @export
k_stack <- function(x, axis = 1) {
  if (!is.list(x)) arg_error("x", x, "a list of tensors")
  k_call("stack", lapply(x, tensor_arg), axis = as_axis(axis))
}

#' @rdname k_rearrange
#' @export
k_permute_dimensions <- function(x, pattern) {
  k_call("permute_dimensions", tensor_arg(x), reticulate::tuple(as_axes_list(pattern, "pattern")))
}

#' @rdname k_rearrange
#' @export
k_flatten <- function(x) unary_call("flatten", x)

#' @rdname k_rearrange
#' @export
k_batch_flatten <- function(x) unary_call("batch_flatten", x)

#' @rdname k_rearrange
#' @export
k_repeat <- function(x, n) k_call("repeat", tensor_arg(x), as_integer_arg(n, "n", min = 1L))

#' @rdname k_rearrange
#' @export
k_repeat_elements <- function(x, rep, axis) {
  k_call("repeat_elements", tensor_arg(x), as_integer_arg(rep, "rep", min = 1L), as_axis(axis))
}

#' @rdname k_rearrange
#' @export
k_tile <- function(x, n) {
  k_call("tile", tensor_arg(x), as.list(as_integer_arg(n, "n", len = NULL, min = 1L)))
}

#' @rdname k_rearrange
#' @export
k_reverse <- function(x, axes) k_call("reverse", tensor_arg(x), as_axis(axes, "axes"))

#' @rdname k_rearrange
#' @export
k_gather <- function(reference, indices) {
  k_call("gather", tensor_arg(reference, "reference"), int_tensor_arg(indices))
}

#' @rdname k_rearrange
#' @export
k_one_hot <- function(indices, num_classes) {
  k_call("one_hot", int_tensor_arg(indices), as_integer_arg(num_classes, "num_classes", min = 1L))
}

#' @rdname k_rearrange
#' @export
k_cast_to_floatx <- function(x) {
  if (!(is.numeric(x) || is.logical(x))) arg_error("x", x, "a numeric vector, matrix or array")
  storage.mode(x) <- "double"
  drop_1d(py_call(K()$cast_to_floatx(x)))
}

#' Padding and resizing
#'
#' Zero-pad the time axis of a 3D tensor (`k_temporal_padding()`) or the
#' spatial axes of a 4D / 5D tensor, and resize images or volumes by
#' repeating rows, columns (and depths) by whole factors.
#'
#' @inheritParams k_sum
#' @param padding For `k_temporal_padding()`: two numbers (before, after).
#'   Otherwise a list of 2 (or 3) pairs `c(before, after)`, one per spatial
#'   axis.
#' @param data_format `"channels_last"` or `"channels_first"`; `NULL` uses
#'   [k_image_data_format()].
#' @param height_factor,width_factor,depth_factor Positive whole numbers.
#' @param interpolation `"nearest"` or `"bilinear"`.
#' @return A tensor.
#' @family backend math
#' @name k_padding
#' @examples
#' if (is_keras_available()) {
#'   x <- k_ones(c(1, 2, 2, 1))
#'   k_int_shape(k_spatial_2d_padding(x, list(c(1, 1), c(2, 2))))
#'   k_int_shape(k_resize_images(x, 2, 3, "channels_last"))
#'   k_int_shape(k_temporal_padding(k_ones(c(1, 3, 2)), c(1, 2)))
#'   k_int_shape(k_spatial_3d_padding(k_ones(c(1, 2, 2, 2, 1))))
#'   k_int_shape(k_resize_volumes(k_ones(c(1, 2, 2, 2, 1)), 2, 2, 2, "channels_last"))
#' }
NULL

#' @rdname k_padding
#' @export
k_temporal_padding <- function(x, padding = c(1, 1)) {
  k_call("temporal_padding", tensor_arg(x),
         reticulate::tuple(as.list(as_integer_arg(padding, "padding", len = 2L, min = 0L))))
}

#' @rdname k_padding
#' @export
k_spatial_2d_padding <- function(x, padding = list(c(1, 1), c(1, 1)), data_format = NULL) {
  k_call("spatial_2d_padding", tensor_arg(x), as_padding_pairs(padding, 2L),
         check_data_format(data_format))
}

#' @rdname k_padding
#' @export
k_spatial_3d_padding <- function(x, padding = list(c(1, 1), c(1, 1), c(1, 1)),
                                 data_format = NULL) {
  k_call("spatial_3d_padding", tensor_arg(x), as_padding_pairs(padding, 3L),
         check_data_format(data_format))
}

#' @rdname k_padding
#' @export
k_resize_images <- function(x, height_factor, width_factor, data_format,
                            interpolation = "nearest") {
  k_call("resize_images", tensor_arg(x),
         as_integer_arg(height_factor, "height_factor", min = 1L),
         as_integer_arg(width_factor, "width_factor", min = 1L),
         check_data_format(data_format),
         interpolation = check_string(interpolation, "interpolation",
                                      choices = c("nearest", "bilinear")))
}

#' @rdname k_padding
#' @export
k_resize_volumes <- function(x, depth_factor, height_factor, width_factor, data_format) {
  k_call("resize_volumes", tensor_arg(x),
         as_integer_arg(depth_factor, "depth_factor", min = 1L),
         as_integer_arg(height_factor, "height_factor", min = 1L),
         as_integer_arg(width_factor, "width_factor", min = 1L),
         check_data_format(data_format))
}

#' Create tensors and work with variables
#'
#' Tensors of zeros or ones (`k_zeros()`, `k_ones()`, `k_eye()`, and the
#' `_like()` forms), integer sequences (`k_arange()`, as Python's
#' `range(start, stop, step)`: `stop` excluded), the identity, and
#' variable helpers: read or set several variables at once, count their
#' elements, update them in place, and print a tensor when it is evaluated.
#' The `k_is_*()` predicates say what an object is.
#'
#' @inheritParams k_variable
#' @param size Number of rows (and columns) of the identity matrix.
#' @param start,stop,step Sequence bounds and step (`stop` excluded; with
#'   `stop = NULL`, `start` is the stop and the sequence starts at 0).
#' @param ops A list of tensors or variables.
#' @param lists A list of `list(variable, value)` pairs.
#' @param new_x,increment,decrement The new value, or what to add or
#'   subtract.
#' @param value,momentum For `k_moving_average_update()`: the new value and
#'   the momentum of the average.
#' @param message Text printed before the tensor.
#' @return A tensor, an R value (`k_batch_get_value()`, `k_count_params()`,
#'   `k_is_*()`), or `NULL` invisibly (`k_batch_set_value()`).
#' @family backend tensors
#' @name k_tensors
#' @examples
#' if (is_keras_available()) {
#'   k_eval(k_zeros(c(2, 2)))
#'   k_eval(k_ones(3))
#'   k_eval(k_eye(2))
#'   x <- k_variable(matrix(1:4, 2))
#'   k_eval(k_zeros_like(x))
#'   k_eval(k_ones_like(x))
#'   k_eval(k_arange(1, 7, 2))
#'   k_eval(k_identity(x))
#'   k_count_params(x)
#'   k_eval(k_size(x))
#'   k_batch_set_value(list(list(x, matrix(0, 2, 2))))
#'   k_batch_get_value(list(x))
#'   k_is_variable(x)
#'   k_is_tensor(k_constant(1))
#'   k_is_placeholder(k_placeholder(shape = 2))
#'   k_is_sparse(x)
#'   k_is_keras_tensor(layer_input(shape = 2))
#'   k_eval(k_to_dense(x))
#'   k_update_add(x, matrix(1, 2, 2))
#'   k_update_sub(x, matrix(1, 2, 2))
#'   k_update(x, matrix(2, 2, 2))
#'   k_moving_average_update(x, matrix(4, 2, 2), 0.5)
#'   y <- k_print_tensor(x, message = "x is")
#' }
NULL

#' @rdname k_tensors
#' @export
k_zeros <- function(shape, dtype = NULL, name = NULL) {
  k_call("zeros", as_shape(shape), dtype = check_string(dtype, "dtype", null_ok = TRUE),
         name = check_string(name, "name", null_ok = TRUE))
}

#' @rdname k_tensors
#' @export
k_ones <- function(shape, dtype = NULL, name = NULL) {
  k_call("ones", as_shape(shape), dtype = check_string(dtype, "dtype", null_ok = TRUE),
         name = check_string(name, "name", null_ok = TRUE))
}

#' @rdname k_tensors
#' @export
k_eye <- function(size, dtype = NULL, name = NULL) {
  k_call("eye", as_integer_arg(size, "size", min = 1L),
         dtype = check_string(dtype, "dtype", null_ok = TRUE),
         name = check_string(name, "name", null_ok = TRUE))
}

#' @rdname k_tensors
#' @export
k_zeros_like <- function(x, dtype = NULL, name = NULL) {
  k_call("zeros_like", tensor_arg(x), dtype = check_string(dtype, "dtype", null_ok = TRUE),
         name = name)
}

#' @rdname k_tensors
#' @export
k_ones_like <- function(x, dtype = NULL, name = NULL) {
  k_call("ones_like", tensor_arg(x), dtype = check_string(dtype, "dtype", null_ok = TRUE),
         name = name)
}

#' @rdname k_tensors
#' @export
k_arange <- function(start, stop = NULL, step = 1, dtype = "int32") {
  k_call("arange", as_integer_arg(start, "start"),
         stop = as_integer_arg(stop, "stop", null_ok = TRUE),
         step = as_integer_arg(step, "step"), dtype = check_string(dtype, "dtype"))
}

#' @rdname k_tensors
#' @export
k_identity <- function(x, name = NULL) k_call("identity", tensor_arg(x), name = name)

#' @rdname k_tensors
#' @export
k_batch_get_value <- function(ops) {
  if (!is.list(ops)) arg_error("ops", ops, "a list of tensors or variables")
  lapply(k_call("batch_get_value", ops), drop_1d)
}

#' @rdname k_tensors
#' @export
k_batch_set_value <- function(lists) {
  if (!is.list(lists) || !all(vapply(lists, function(p) is.list(p) && length(p) == 2, logical(1)))) {
    arg_error("lists", lists, "a list of list(variable, value) pairs")
  }
  pairs <- lapply(lists, function(p) {
    dtype <- tryCatch(K()$dtype(p[[1]]), error = function(e) NULL)
    reticulate::tuple(p[[1]], tensor_arg(p[[2]], "value", dtype))
  })
  k_call("batch_set_value", pairs)
  invisible(NULL)
}

#' @rdname k_tensors
#' @export
k_count_params <- function(x) k_call("count_params", x)

#' @rdname k_tensors
#' @export
k_size <- function(x) k_call("size", tensor_arg(x))

#' @rdname k_tensors
#' @export
k_is_variable <- function(x) isTRUE(k_call("is_variable", x))

#' @rdname k_tensors
#' @export
k_is_tensor <- function(x) isTRUE(k_call("is_tensor", x))

#' @rdname k_tensors
#' @export
k_is_placeholder <- function(x) isTRUE(k_call("is_placeholder", x))

#' @rdname k_tensors
#' @export
k_is_sparse <- function(x) isTRUE(k_call("is_sparse", x))

#' @rdname k_tensors
#' @export
k_is_keras_tensor <- function(x) isTRUE(k_call("is_keras_tensor", x))

#' @rdname k_tensors
#' @export
k_to_dense <- function(x) k_call("to_dense", x)

#' @rdname k_tensors
#' @export
k_update <- function(x, new_x) {
  k_call("update", x, tensor_arg(new_x, "new_x", tryCatch(K()$dtype(x), error = function(e) NULL)))
}

#' @rdname k_tensors
#' @export
k_update_add <- function(x, increment) {
  k_call("update_add", x, tensor_arg(increment, "increment", tryCatch(K()$dtype(x), error = function(e) NULL)))
}

#' @rdname k_tensors
#' @export
k_update_sub <- function(x, decrement) {
  k_call("update_sub", x, tensor_arg(decrement, "decrement", tryCatch(K()$dtype(x), error = function(e) NULL)))
}

#' @rdname k_tensors
#' @export
k_moving_average_update <- function(x, value, momentum) {
  k_call("moving_average_update", x, tensor_arg(value, "value"),
         check_number(momentum, "momentum"))
}

#' @rdname k_tensors
#' @export
k_print_tensor <- function(x, message = "") {
  k_call("print_tensor", tensor_arg(x), message = check_string(message, "message"))
}

#' Random tensors
#'
#' Tensors of random values, and variables initialised with them.
#' `k_random_binomial()` draws 0/1 values that are 1 with probability `p`;
#' `k_truncated_normal()` redraws values more than two standard deviations
#' from the mean.
#'
#' @param shape Shape of the tensor, a vector of positive whole numbers.
#' @param minval,maxval,low,high Bounds of the uniform distribution.
#' @param mean,stddev,scale Mean and standard deviation of the normal
#'   distribution.
#' @param p Probability of a 1.
#' @param dtype Type of the values; `NULL` uses [k_floatx()].
#' @param name Optional name of the variable.
#' @param seed Whole number to seed the generator, or `NULL`.
#' @return A tensor (`k_random_*_variable()`: a variable).
#' @family backend tensors
#' @name k_random
#' @examples
#' if (is_keras_available()) {
#'   k_eval(k_random_uniform(c(2, 3), seed = 1))
#'   k_eval(k_random_normal(c(2, 3), mean = 10, stddev = 0.1, seed = 1))
#'   k_eval(k_truncated_normal(3, seed = 1))
#'   k_eval(k_random_binomial(5, p = 0.5, seed = 1))
#'   k_get_value(k_random_uniform_variable(c(2, 2), low = 0, high = 1, seed = 2))
#'   k_get_value(k_random_normal_variable(c(2, 2), mean = 0, scale = 1, seed = 2))
#' }
NULL

random_args <- function(dtype, seed) {
  list(dtype = check_string(dtype, "dtype", null_ok = TRUE),
       seed = as_integer_arg(seed, "seed", min = 0L, null_ok = TRUE))
}

#' @rdname k_random
#' @export
k_random_uniform <- function(shape, minval = 0, maxval = 1, dtype = NULL, seed = NULL) {
  do.call(k_call, c(list("random_uniform", as_shape(shape), check_number(minval, "minval"),
                         check_number(maxval, "maxval")), random_args(dtype, seed)))
}

#' @rdname k_random
#' @export
k_random_normal <- function(shape, mean = 0, stddev = 1, dtype = NULL, seed = NULL) {
  do.call(k_call, c(list("random_normal", as_shape(shape), check_number(mean, "mean"),
                         check_number(stddev, "stddev", min = 0)), random_args(dtype, seed)))
}

#' @rdname k_random
#' @export
k_truncated_normal <- function(shape, mean = 0, stddev = 1, dtype = NULL, seed = NULL) {
  do.call(k_call, c(list("truncated_normal", as_shape(shape), check_number(mean, "mean"),
                         check_number(stddev, "stddev", min = 0)), random_args(dtype, seed)))
}

#' @rdname k_random
#' @export
k_random_binomial <- function(shape, p = 0, dtype = NULL, seed = NULL) {
  p <- check_number(p, "p", min = 0)
  if (p > 1) arg_error("p", p, "a probability in [0, 1]")
  do.call(k_call, c(list("random_binomial", as_shape(shape), p), random_args(dtype, seed)))
}

#' @rdname k_random
#' @export
k_random_uniform_variable <- function(shape, low, high, dtype = NULL, name = NULL, seed = NULL) {
  args <- random_args(dtype, seed)
  k_call("random_uniform_variable", as_shape(shape), check_number(low, "low"),
         check_number(high, "high"), dtype = args$dtype, name = name, seed = args$seed)
}

#' @rdname k_random
#' @export
k_random_normal_variable <- function(shape, mean, scale, dtype = NULL, name = NULL, seed = NULL) {
  args <- random_args(dtype, seed)
  k_call("random_normal_variable", as_shape(shape), check_number(mean, "mean"),
         check_number(scale, "scale", min = 0), dtype = args$dtype, name = name, seed = args$seed)
}

#' Convolution and pooling
#'
#' Backend convolutions (kernels are laid out `(spatial..., in, out)`,
#' transposed kernels `(spatial..., out, in)`, on every backend), pooling,
#' bias addition, and unshared (locally connected) convolutions.
#'
#' @param x,inputs Input tensor.
#' @param kernel Kernel tensor.
#' @param depthwise_kernel,pointwise_kernel Kernels of the depthwise and
#'   pointwise steps.
#' @param output_shape Shape of the output (with the batch axis) for the
#'   transposed convolutions; rows and columns of the output for
#'   `k_local_conv2d()`.
#' @param strides Strides: one number per spatial axis (a single number for
#'   1D).
#' @param padding `"valid"` or `"same"` (`"causal"` too for `k_conv1d()`).
#' @param data_format `"channels_last"` or `"channels_first"`; `NULL` uses
#'   [k_image_data_format()].
#' @param dilation_rate Dilation rate: one number per spatial axis.
#' @param pool_size Size of the pooling window, one number per spatial axis.
#' @param pool_mode `"max"` or `"avg"`.
#' @param bias Bias vector.
#' @param kernel_size Size of the window of the unshared convolution.
#' @return A tensor.
#' @family backend math
#' @name k_conv
#' @examples
#' if (is_keras_available()) {
#'   x <- k_ones(c(1, 4, 4, 1))
#'   k <- k_ones(c(3, 3, 1, 2))
#'   k_int_shape(k_conv2d(x, k))
#'   k_int_shape(k_conv2d(x, k, padding = "same"))
#'   k_int_shape(k_conv1d(k_ones(c(1, 5, 1)), k_ones(c(2, 1, 3))))
#'   k_int_shape(k_conv3d(k_ones(c(1, 3, 3, 3, 1)), k_ones(c(2, 2, 2, 1, 1))))
#'   k_int_shape(k_pool2d(x, c(2, 2), strides = c(2, 2)))
#'   k_int_shape(k_pool3d(k_ones(c(1, 2, 2, 2, 1)), c(2, 2, 2), pool_mode = "avg"))
#'   k_eval(k_bias_add(k_zeros(c(1, 2)), k_constant(c(1, 2))))
#'   k_int_shape(k_depthwise_conv2d(x, k_ones(c(2, 2, 1, 2))))
#'   k_int_shape(k_separable_conv2d(x, k_ones(c(2, 2, 1, 1)), k_ones(c(1, 1, 1, 3))))
#' }
NULL

#' @rdname k_conv
#' @export
k_conv1d <- function(x, kernel, strides = 1, padding = "valid", data_format = NULL,
                     dilation_rate = 1) {
  k_call("conv1d", tensor_arg(x), tensor_arg(kernel, "kernel"),
         strides = as_integer_arg(strides, "strides", min = 1L),
         padding = check_padding(padding, c("valid", "same", "causal")),
         data_format = check_data_format(data_format),
         dilation_rate = as_integer_arg(dilation_rate, "dilation_rate", min = 1L))
}

#' @rdname k_conv
#' @export
k_conv2d <- function(x, kernel, strides = c(1, 1), padding = "valid", data_format = NULL,
                     dilation_rate = c(1, 1)) {
  k_call("conv2d", tensor_arg(x), tensor_arg(kernel, "kernel"),
         strides = as_int_tuple(strides, "strides", 2L), padding = check_padding(padding),
         data_format = check_data_format(data_format),
         dilation_rate = as_int_tuple(dilation_rate, "dilation_rate", 2L))
}

#' @rdname k_conv
#' @export
k_conv3d <- function(x, kernel, strides = c(1, 1, 1), padding = "valid", data_format = NULL,
                     dilation_rate = c(1, 1, 1)) {
  k_call("conv3d", tensor_arg(x), tensor_arg(kernel, "kernel"),
         strides = as_int_tuple(strides, "strides", 3L), padding = check_padding(padding),
         data_format = check_data_format(data_format),
         dilation_rate = as_int_tuple(dilation_rate, "dilation_rate", 3L))
}

#' @rdname k_conv
#' @export
k_conv2d_transpose <- function(x, kernel, output_shape, strides = c(1, 1), padding = "valid",
                               data_format = NULL, dilation_rate = c(1, 1)) {
  k_call("conv2d_transpose", tensor_arg(x), tensor_arg(kernel, "kernel"),
         as_shape(output_shape, "output_shape"),
         strides = as_int_tuple(strides, "strides", 2L), padding = check_padding(padding),
         data_format = check_data_format(data_format),
         dilation_rate = as_int_tuple(dilation_rate, "dilation_rate", 2L))
}

#' @rdname k_conv
#' @export
k_conv3d_transpose <- function(x, kernel, output_shape, strides = c(1, 1, 1),
                               padding = "valid", data_format = NULL) {
  k_call("conv3d_transpose", tensor_arg(x), tensor_arg(kernel, "kernel"),
         as_shape(output_shape, "output_shape"),
         strides = as_int_tuple(strides, "strides", 3L), padding = check_padding(padding),
         data_format = check_data_format(data_format))
}

#' @rdname k_conv
#' @export
k_depthwise_conv2d <- function(x, depthwise_kernel, strides = c(1, 1), padding = "valid",
                               data_format = NULL, dilation_rate = c(1, 1)) {
  k_call("depthwise_conv2d", tensor_arg(x), tensor_arg(depthwise_kernel, "depthwise_kernel"),
         strides = as_int_tuple(strides, "strides", 2L), padding = check_padding(padding),
         data_format = check_data_format(data_format),
         dilation_rate = as_int_tuple(dilation_rate, "dilation_rate", 2L))
}

#' @rdname k_conv
#' @export
k_separable_conv1d <- function(x, depthwise_kernel, pointwise_kernel, strides = 1,
                               padding = "valid", data_format = NULL, dilation_rate = 1) {
  k_call("separable_conv1d", tensor_arg(x), tensor_arg(depthwise_kernel, "depthwise_kernel"),
         tensor_arg(pointwise_kernel, "pointwise_kernel"),
         strides = as_integer_arg(strides, "strides", min = 1L), padding = check_padding(padding),
         data_format = check_data_format(data_format),
         dilation_rate = as_integer_arg(dilation_rate, "dilation_rate", min = 1L))
}

#' @rdname k_conv
#' @export
k_separable_conv2d <- function(x, depthwise_kernel, pointwise_kernel, strides = c(1, 1),
                               padding = "valid", data_format = NULL,
                               dilation_rate = c(1, 1)) {
  k_call("separable_conv2d", tensor_arg(x), tensor_arg(depthwise_kernel, "depthwise_kernel"),
         tensor_arg(pointwise_kernel, "pointwise_kernel"),
         strides = as_int_tuple(strides, "strides", 2L), padding = check_padding(padding),
         data_format = check_data_format(data_format),
         dilation_rate = as_int_tuple(dilation_rate, "dilation_rate", 2L))
}

#' @rdname k_conv
#' @export
k_local_conv1d <- function(inputs, kernel, kernel_size, strides, data_format = NULL) {
  k_call("local_conv1d", tensor_arg(inputs, "inputs"), tensor_arg(kernel, "kernel"),
         as_int_tuple(kernel_size, "kernel_size", 1L), as_int_tuple(strides, "strides", 1L),
         data_format = check_data_format(data_format))
}

#' @rdname k_conv
#' @export
k_local_conv2d <- function(inputs, kernel, kernel_size, strides, output_shape,
                           data_format = NULL) {
  k_call("local_conv2d", tensor_arg(inputs, "inputs"), tensor_arg(kernel, "kernel"),
         as_int_tuple(kernel_size, "kernel_size", 2L), as_int_tuple(strides, "strides", 2L),
         as_int_tuple(output_shape, "output_shape", 2L),
         data_format = check_data_format(data_format))
}

#' @rdname k_conv
#' @export
k_pool2d <- function(x, pool_size, strides = c(1, 1), padding = "valid", data_format = NULL,
                     pool_mode = "max") {
  k_call("pool2d", tensor_arg(x), as_int_tuple(pool_size, "pool_size", 2L),
         strides = as_int_tuple(strides, "strides", 2L), padding = check_padding(padding),
         data_format = check_data_format(data_format),
         pool_mode = check_string(pool_mode, "pool_mode", choices = c("max", "avg")))
}

#' @rdname k_conv
#' @export
k_pool3d <- function(x, pool_size, strides = c(1, 1, 1), padding = "valid", data_format = NULL,
                     pool_mode = "max") {
  k_call("pool3d", tensor_arg(x), as_int_tuple(pool_size, "pool_size", 3L),
         strides = as_int_tuple(strides, "strides", 3L), padding = check_padding(padding),
         data_format = check_data_format(data_format),
         pool_mode = check_string(pool_mode, "pool_mode", choices = c("max", "avg")))
}

#' @rdname k_conv
#' @export
k_bias_add <- function(x, bias, data_format = NULL) {
  k_call("bias_add", tensor_arg(x), tensor_arg(bias, "bias"),
         data_format = check_data_format(data_format))
}

#' Losses, normalization and related backend functions
#'
#' Crossentropies between a target and an output tensor; batch
#' normalization; `k_in_top_k()` (whether each target, a 0-based class id, is
#' among the `k` largest predictions); dropout; and the CTC (connectionist
#' temporal classification) loss and decoder.
#'
#' @param target,output Target and predicted tensors (for
#'   `k_sparse_categorical_crossentropy()`, `target` holds 0-based class
#'   ids).
#' @param from_logits Whether `output` holds logits rather than
#'   probabilities.
#' @param axis Axis of the classes (or of the features, for batch
#'   normalization), 1-based.
#' @param x Input tensor.
#' @param mean,var,beta,gamma Mean, variance, offset and scale tensors.
#' @param epsilon Fuzz factor added to the variance.
#' @param reduction_axes Axes to normalise over, 1-based.
#' @param predictions,targets,k Predictions `(batch, classes)`, 0-based
#'   target ids `(batch)` and how many top predictions to look at.
#' @param level Fraction of entries to drop.
#' @param noise_shape Shape of the dropout mask, or `NULL`.
#' @param seed Whole number to seed the generator, or `NULL`.
#' @param y_true,y_pred,input_length,label_length,labels,label_lengths CTC
#'   labels `(samples, max_length)`, softmax outputs `(samples, time,
#'   classes)` (the blank is the last class) and lengths `(samples, 1)`.
#' @param greedy,beam_width,top_paths Decoding: greedy or beam search.
#' @return A tensor (`k_normalize_batch_in_training()`: a list of the
#'   normalised tensor, the mean and the variance; `k_ctc_decode()`: a list of
#'   the decoded sequences and their log probabilities).
#' @family backend math
#' @name k_losses
#' @examples
#' if (is_keras_available()) {
#'   target <- k_constant(rbind(c(0, 1), c(1, 0)))
#'   output <- k_constant(rbind(c(0.2, 0.8), c(0.6, 0.4)))
#'   k_eval(k_categorical_crossentropy(target, output))
#'   k_eval(k_sparse_categorical_crossentropy(k_constant(c(1, 0)), output))
#'   k_eval(k_binary_crossentropy(target, output))
#'   k_eval(k_in_top_k(output, c(1, 1), 1))
#'   x <- k_constant(matrix(1:6, nrow = 3))
#'   k_eval(k_batch_normalization(x, k_constant(c(2, 5)), k_constant(c(1, 1)),
#'                                k_constant(c(0, 0)), k_constant(c(1, 1))))
#'   res <- k_normalize_batch_in_training(x, k_ones(2), k_zeros(2), reduction_axes = 1)
#'   k_eval(res[[2]])
#'   k_int_shape(k_dropout(x, 0.5, seed = 1))
#' }
NULL

#' @rdname k_losses
#' @export
k_binary_crossentropy <- function(target, output, from_logits = FALSE) {
  k_call("binary_crossentropy", tensor_arg(target, "target"), tensor_arg(output, "output"),
         from_logits = check_flag(from_logits, "from_logits"))
}

#' @rdname k_losses
#' @export
k_categorical_crossentropy <- function(target, output, from_logits = FALSE, axis = -1) {
  k_call("categorical_crossentropy", tensor_arg(target, "target"), tensor_arg(output, "output"),
         from_logits = check_flag(from_logits, "from_logits"), axis = as_axis(axis))
}

#' @rdname k_losses
#' @export
k_sparse_categorical_crossentropy <- function(target, output, from_logits = FALSE, axis = -1) {
  k_call("sparse_categorical_crossentropy", tensor_arg(target, "target"),
         tensor_arg(output, "output"), from_logits = check_flag(from_logits, "from_logits"),
         axis = as_axis(axis))
}

#' @rdname k_losses
#' @export
k_batch_normalization <- function(x, mean, var, beta, gamma, axis = -1, epsilon = 0.001) {
  k_call("batch_normalization", tensor_arg(x), tensor_arg(mean, "mean"), tensor_arg(var, "var"),
         tensor_arg(beta, "beta"), tensor_arg(gamma, "gamma"), axis = as_axis(axis),
         epsilon = check_number(epsilon, "epsilon", min = 0))
}

#' @rdname k_losses
#' @export
k_normalize_batch_in_training <- function(x, gamma, beta, reduction_axes, epsilon = 0.001) {
  k_call("normalize_batch_in_training", tensor_arg(x), tensor_arg(gamma, "gamma"),
         tensor_arg(beta, "beta"), as_axes_list(reduction_axes, "reduction_axes"),
         epsilon = check_number(epsilon, "epsilon", min = 0))
}

#' @rdname k_losses
#' @export
k_in_top_k <- function(predictions, targets, k) {
  k_call("in_top_k", tensor_arg(predictions, "predictions"), int_tensor_arg(targets, "targets"),
         as_integer_arg(k, "k", min = 1L))
}

#' @rdname k_losses
#' @export
k_dropout <- function(x, level, noise_shape = NULL, seed = NULL) {
  level <- check_number(level, "level", min = 0)
  if (level >= 1) arg_error("level", level, "a number in [0, 1)")
  k_call("dropout", tensor_arg(x), level, noise_shape = as_shape(noise_shape, "noise_shape"),
         seed = as_integer_arg(seed, "seed", min = 0L, null_ok = TRUE))
}

#' @rdname k_losses
#' @export
k_ctc_batch_cost <- function(y_true, y_pred, input_length, label_length) {
  k_call("ctc_batch_cost", tensor_arg(y_true, "y_true"), tensor_arg(y_pred, "y_pred"),
         int_tensor_arg(input_length, "input_length"), int_tensor_arg(label_length, "label_length"))
}

#' @rdname k_losses
#' @export
k_ctc_decode <- function(y_pred, input_length, greedy = TRUE, beam_width = 100L, top_paths = 1) {
  k_call("ctc_decode", tensor_arg(y_pred, "y_pred"), int_tensor_arg(input_length, "input_length"),
         greedy = check_flag(greedy, "greedy"),
         beam_width = as_integer_arg(beam_width, "beam_width", min = 1L),
         top_paths = as_integer_arg(top_paths, "top_paths", min = 1L))
}

#' @rdname k_losses
#' @export
k_ctc_label_dense_to_sparse <- function(labels, label_lengths) {
  k_call("ctc_label_dense_to_sparse", int_tensor_arg(labels, "labels"),
         int_tensor_arg(label_lengths, "label_lengths"))
}

#' Graph functions, gradients, control flow and the learning phase
#'
#' * `k_function(inputs, outputs, updates)` compiles a function of
#'   placeholders; call it with a list of R arrays, it returns a list of
#'   arrays.
#' * `k_gradients(loss, variables)` returns the gradients of `loss` with
#'   respect to `variables`; `k_stop_gradient()` blocks them.
#' * `k_switch()`, `k_in_train_phase()` and `k_in_test_phase()` choose
#'   between two tensors; `k_learning_phase()` is the flag they use (0 =
#'   test, 1 = train), fixed with `k_set_learning_phase()`.
#' * `k_rnn()` iterates a step function over the time axis (2) of a tensor;
#'   `k_map_fn()`, `k_foldl()` and `k_foldr()` map and fold R functions over
#'   the first axis.
#' * `k_get_uid()` / `k_reset_uids()` manage layer-name counters;
#'   `k_manual_variable_initialization()` is kept for compatibility.
#' * `k_get_session()` / `k_set_session()` give the TensorFlow session (on
#'   the tensorflow backend only).
#'
#' @param inputs,outputs Lists of placeholders and of output tensors.
#' @param updates List of update operations, or `NULL`.
#' @param ... Other arguments of the backend `function()`.
#' @param loss A scalar tensor.
#' @param variables A tensor or variable, or a list of them.
#' @param condition,then_expression,else_expression A scalar (boolean)
#'   tensor and the tensors (or functions returning them) to choose from.
#' @param x,alt Tensors (or functions returning them) used in training and
#'   otherwise.
#' @param training `NULL` (use the learning phase), `TRUE` or `FALSE`.
#' @param value `0` (test) or `1` (train); for
#'   `k_manual_variable_initialization()`, `TRUE` or `FALSE`.
#' @param step_function An R function `function(input, states)` returning
#'   `list(output, new_states)`.
#' @param initial_states List of initial state tensors.
#' @param go_backwards Iterate from the last time step.
#' @param mask Optional `(samples, time)` mask.
#' @param constants Optional list of constants passed to each step.
#' @param unroll Unroll the loop.
#' @param input_length Number of time steps, when known.
#' @param fn An R function of one element (`k_map_fn()`) or of the
#'   accumulator and one element (`k_foldl()`, `k_foldr()`).
#' @param elems A tensor.
#' @param initializer Initial accumulator (`NULL`: the first element).
#' @param name Optional name.
#' @param dtype Type of the output of `fn`, when it differs from `elems`.
#' @param prefix Prefix of the counter.
#' @param session A TensorFlow session.
#' @return See the description.
#' @family backend
#' @name k_function
#' @examples
#' if (is_keras_available()) {
#'   x <- k_placeholder(shape = c(NA, 2))
#'   f <- k_function(list(x), list(k_sum(x, axis = 2)))
#'   f(list(matrix(1:4, 2)))
#'   w <- k_variable(c(1, 2))
#'   g <- k_gradients(k_sum(k_square(w)), list(w))
#'   k_eval(g[[1]])
#'   k_eval(k_stop_gradient(w))
#'   k_eval(k_switch(k_constant(TRUE, dtype = "bool"), w, k_zeros(2)))
#'   k_learning_phase()
#'   k_eval(k_in_train_phase(w, k_zeros(2), training = TRUE))
#'   k_eval(k_in_test_phase(w, k_zeros(2), training = TRUE))
#'   k_eval(k_map_fn(function(v) v * 2, k_constant(c(1, 2, 3))))
#'   k_eval(k_foldl(function(acc, v) acc + v, k_constant(c(1, 2, 3))))
#'   k_eval(k_foldr(function(acc, v) acc + v, k_constant(c(1, 2, 3))))
#'   k_get_uid("my_prefix")
#'   k_reset_uids()
#'   k_manual_variable_initialization(FALSE)
#' }
NULL

#' @rdname k_function
#' @export
k_function <- function(inputs, outputs, updates = NULL, ...) {
  if (!is.list(inputs)) inputs <- list(inputs)
  if (!is.list(outputs)) outputs <- list(outputs)
  f <- k_call("function", inputs, outputs, updates = updates, ...)
  function(inputs) {
    if (!is.list(inputs)) inputs <- list(inputs)
    values <- lapply(seq_along(inputs), function(i) {
      as_tensor_value(inputs[[i]], sprintf("inputs[[%d]]", i))
    })
    lapply(py_call(f(values)), function(v) if (is.array(v) || is.numeric(v)) drop_1d(v) else v)
  }
}

#' @rdname k_function
#' @export
k_gradients <- function(loss, variables) {
  k_call("gradients", loss, if (is.list(variables)) variables else list(variables))
}

#' @rdname k_function
#' @export
k_stop_gradient <- function(variables) k_call("stop_gradient", variables)

#' @rdname k_function
#' @export
k_switch <- function(condition, then_expression, else_expression) {
  k_call("switch", tensor_arg(condition, "condition", "bool"), then_expression, else_expression)
}

#' @rdname k_function
#' @export
k_learning_phase <- function() k_call("learning_phase")

#' @rdname k_function
#' @export
k_set_learning_phase <- function(value) {
  value <- as_integer_arg(value, "value", min = 0L)
  if (value > 1L) arg_error("value", value, "0 (test) or 1 (train)")
  k_call("set_learning_phase", value)
  invisible(NULL)
}

#' @rdname k_function
#' @export
k_in_train_phase <- function(x, alt, training = NULL) {
  k_call("in_train_phase", x, alt, training = training)
}

#' @rdname k_function
#' @export
k_in_test_phase <- function(x, alt, training = NULL) {
  k_call("in_test_phase", x, alt, training = training)
}

#' @rdname k_function
#' @export
k_rnn <- function(step_function, inputs, initial_states, go_backwards = FALSE, mask = NULL,
                  constants = NULL, unroll = FALSE, input_length = NULL) {
  check_function(step_function, "step_function")
  k_call("rnn", step_function, tensor_arg(inputs, "inputs"), as.list(initial_states),
         go_backwards = check_flag(go_backwards, "go_backwards"), mask = mask,
         constants = constants, unroll = check_flag(unroll, "unroll"),
         input_length = as_integer_arg(input_length, "input_length", min = 1L, null_ok = TRUE))
}

#' @rdname k_function
#' @export
k_map_fn <- function(fn, elems, name = NULL, dtype = NULL) {
  k_call("map_fn", check_function(fn, "fn"), tensor_arg(elems, "elems"), name = name,
         dtype = check_string(dtype, "dtype", null_ok = TRUE))
}

#' @rdname k_function
#' @export
k_foldl <- function(fn, elems, initializer = NULL, name = NULL) {
  k_call("foldl", check_function(fn, "fn"), tensor_arg(elems, "elems"),
         initializer = if (is.null(initializer)) NULL else tensor_arg(initializer, "initializer"),
         name = name)
}

#' @rdname k_function
#' @export
k_foldr <- function(fn, elems, initializer = NULL, name = NULL) {
  k_call("foldr", check_function(fn, "fn"), tensor_arg(elems, "elems"),
         initializer = if (is.null(initializer)) NULL else tensor_arg(initializer, "initializer"),
         name = name)
}

#' @rdname k_function
#' @export
k_get_uid <- function(prefix = "") k_call("get_uid", check_string(prefix, "prefix"))

#' @rdname k_function
#' @export
k_reset_uids <- function() {
  k_call("reset_uids")
  invisible(NULL)
}

#' @rdname k_function
#' @export
k_manual_variable_initialization <- function(value) {
  k_call("manual_variable_initialization", check_flag(value, "value"))
  invisible(NULL)
}

#' @rdname k_function
#' @export
k_get_session <- function() {
  check_tensorflow_backend("k_get_session")
  k_call("get_session")
}

#' @rdname k_function
#' @export
k_set_session <- function(session) {
  check_tensorflow_backend("k_set_session")
  k_call("set_session", session)
  invisible(NULL)
}

check_tensorflow_backend <- function(what) {
  if (!identical(k_backend(), "tensorflow")) {
    stop(sprintf("%s() needs the tensorflow backend; the active backend is \"%s\". Call use_backend(\"tensorflow\") first.",
                 what, k_backend()), call. = FALSE)
  }
}
