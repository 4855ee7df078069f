# Initializers, regularizers, constraints and activation functions: thin
# constructors of the core objects, for the *_initializer, *_regularizer,
# *_constraint and activation arguments of the layers.

py_object <- function(module, name, ...) {
  py_call(do.call(core_module(module)[[name]], list(...)))
}

check_seed <- function(seed) as_integer_arg(seed, "seed", min = 0L, null_ok = TRUE)

#' Weight initializers
#'
#' Objects that set the initial values of a layer's weights, for the
#' `kernel_initializer`, `bias_initializer`, ... arguments of the layers
#' (which also take these names as strings, e.g. `"glorot_uniform"`).
#'
#' * `initializer_zeros()`, `initializer_ones()`, `initializer_constant()`:
#'   constant values.
#' * `initializer_random_normal()`, `initializer_random_uniform()`,
#'   `initializer_truncated_normal()` (values beyond two standard deviations
#'   are redrawn).
#' * `initializer_variance_scaling()`: a distribution whose scale adapts to
#'   the number of input (`"fan_in"`), output (`"fan_out"`) or average
#'   (`"fan_avg"`) units; the Glorot (Xavier), He and LeCun initializers are
#'   special cases of it.
#' * `initializer_orthogonal()`: a random orthogonal matrix;
#'   `initializer_identity()`: the identity matrix (2D square weights only).
#'
#' @param value Constant value.
#' @param mean,stddev Mean and standard deviation of the normal
#'   distribution.
#' @param minval,maxval Bounds of the uniform distribution.
#' @param scale Scaling factor, a positive number.
#' @param mode `"fan_in"`, `"fan_out"` or `"fan_avg"`.
#' @param distribution `"normal"` (truncated) or `"uniform"`.
#' @param gain Multiplicative factor.
#' @param seed Whole number to seed the generator, or `NULL`.
#' @return An initializer.
#' @family initializers
#' @name initializers
#' @examples
#' if (is_keras_available()) {
#'   layer <- layer_dense(units = 3, kernel_initializer = initializer_random_normal(stddev = 0.1),
#'                        bias_initializer = initializer_constant(0.5))
#'   inits <- list(initializer_zeros(), initializer_ones(), initializer_random_uniform(),
#'                 initializer_truncated_normal(), initializer_variance_scaling(),
#'                 initializer_orthogonal(), initializer_identity(),
#'                 initializer_glorot_uniform(), initializer_glorot_normal(),
#'                 initializer_he_uniform(), initializer_he_normal(),
#'                 initializer_lecun_uniform(), initializer_lecun_normal())
#'   length(inits)
#' }
NULL

#' @rdname initializers
#' @export
initializer_zeros <- function() py_object("initializers", "Zeros")

#' @rdname initializers
#' @export
initializer_ones <- function() py_object("initializers", "Ones")

#' @rdname initializers
#' @export
initializer_constant <- function(value = 0) {
  py_object("initializers", "Constant", value = check_number(value, "value"))
}

#' @rdname initializers
#' @export
initializer_random_normal <- function(mean = 0, stddev = 0.05, seed = NULL) {
  py_object("initializers", "RandomNormal", mean = check_number(mean, "mean"),
            stddev = check_number(stddev, "stddev", min = 0), seed = check_seed(seed))
}

#' @rdname initializers
#' @export
initializer_random_uniform <- function(minval = -0.05, maxval = 0.05, seed = NULL) {
  py_object("initializers", "RandomUniform", minval = check_number(minval, "minval"),
            maxval = check_number(maxval, "maxval"), seed = check_seed(seed))
}

#' @rdname initializers
#' @export
initializer_truncated_normal <- function(mean = 0, stddev = 0.05, seed = NULL) {
  py_object("initializers", "TruncatedNormal", mean = check_number(mean, "mean"),
            stddev = check_number(stddev, "stddev", min = 0), seed = check_seed(seed))
}

#' @rdname initializers
#' @export
initializer_variance_scaling <- function(scale = 1, mode = c("fan_in", "fan_out", "fan_avg"),
                                         distribution = c("normal", "uniform"), seed = NULL) {
  if (missing(mode)) mode <- "fan_in"
  if (missing(distribution)) distribution <- "normal"
  scale <- check_number(scale, "scale")
  if (scale <= 0) arg_error("scale", scale, "a positive number")
  py_object("initializers", "VarianceScaling", scale = scale,
            mode = check_string(mode, "mode", choices = c("fan_in", "fan_out", "fan_avg")),
            distribution = check_string(distribution, "distribution",
                                        choices = c("normal", "uniform")),
            seed = check_seed(seed))
}

#' @rdname initializers
#' @export
initializer_orthogonal <- function(gain = 1, seed = NULL) {
  py_object("initializers", "Orthogonal", gain = check_number(gain, "gain"),
            seed = check_seed(seed))
}

#' @rdname initializers
#' @export
initializer_identity <- function(gain = 1) {
  py_object("initializers", "Identity", gain = check_number(gain, "gain"))
}

#' @rdname initializers
#' @export
initializer_glorot_uniform <- function(seed = NULL) {
  py_object("initializers", "glorot_uniform", seed = check_seed(seed))
}

#' @rdname initializers
#' @export
initializer_glorot_normal <- function(seed = NULL) {
  py_object("initializers", "glorot_normal", seed = check_seed(seed))
}

#' @rdname initializers
#' @export
initializer_he_uniform <- function(seed = NULL) {
  py_object("initializers", "he_uniform", seed = check_seed(seed))
}

#' @rdname initializers
#' @export
initializer_he_normal <- function(seed = NULL) {
  py_object("initializers", "he_normal", seed = check_seed(seed))
}

#' @rdname initializers
#' @export
initializer_lecun_uniform <- function(seed = NULL) {
  py_object("initializers", "lecun_uniform", seed = check_seed(seed))
}

#' @rdname initializers
#' @export
initializer_lecun_normal <- function(seed = NULL) {
  py_object("initializers", "lecun_normal", seed = check_seed(seed))
}

#' Weight regularizers
#'
#' Penalties on a layer's weights added to the loss, for the
#' `kernel_regularizer`, `bias_regularizer` and `activity_regularizer`
#' arguments of the layers: `l1 * sum(abs(w))` and `l2 * sum(w^2)`.
#'
#' @param l,l1,l2 Regularization factors, numbers >= 0.
#' @return A regularizer.
#' @family regularizers
#' @name regularizers
#' @examples
#' if (is_keras_available()) {
#'   layer <- layer_dense(units = 3, kernel_regularizer = regularizer_l2(0.01),
#'                        bias_regularizer = regularizer_l1(0.01),
#'                        activity_regularizer = regularizer_l1_l2(l1 = 0.01, l2 = 0.01))
#' }
NULL

#' @rdname regularizers
#' @export
regularizer_l1 <- function(l = 0.01) py_object("regularizers", "l1", check_number(l, "l", min = 0))

#' @rdname regularizers
#' @export
regularizer_l2 <- function(l = 0.01) py_object("regularizers", "l2", check_number(l, "l", min = 0))

#' @rdname regularizers
#' @export
regularizer_l1_l2 <- function(l1 = 0.01, l2 = 0.01) {
  py_object("regularizers", "l1_l2", l1 = check_number(l1, "l1", min = 0),
            l2 = check_number(l2, "l2", min = 0))
}

#' Weight constraints
#'
#' Projections applied to a layer's weights after each optimizer update, for
#' the `kernel_constraint` and `bias_constraint` arguments of the layers:
#' a maximum norm, non-negative weights, unit norm, or a norm between two
#' bounds. The norm is taken along `axis`, counted as in Python (`0`: the
#' first axis of the weight, i.e. per output unit of a dense kernel).
#'
#' @param max_value,min_value Bounds of the norm.
#' @param axis Axis (or axes) along which the norm is computed, 0-based as
#'   in Keras.
#' @param rate Rate of the projection (1: strict).
#' @return A constraint.
#' @family constraints
#' @name constraints
#' @examples
#' if (is_keras_available()) {
#'   layer <- layer_dense(units = 3, kernel_constraint = constraint_maxnorm(2),
#'                        bias_constraint = constraint_nonneg())
#'   others <- list(constraint_unitnorm(), constraint_minmaxnorm(0, 1))
#' }
NULL

constraint_axis <- function(axis) {
  axis <- as_integer_arg(axis, "axis", len = NULL, min = 0L)
  if (length(axis) == 1) axis else as.list(axis)
}

#' @rdname constraints
#' @export
constraint_maxnorm <- function(max_value = 2, axis = 0) {
  py_object("constraints", "MaxNorm", max_value = check_number(max_value, "max_value", min = 0),
            axis = constraint_axis(axis))
}

#' @rdname constraints
#' @export
constraint_nonneg <- function() py_object("constraints", "NonNeg")

#' @rdname constraints
#' @export
constraint_unitnorm <- function(axis = 0) {
  py_object("constraints", "UnitNorm", axis = constraint_axis(axis))
}

#' @rdname constraints
#' @export
constraint_minmaxnorm <- function(min_value = 0, max_value = 1, rate = 1, axis = 0) {
  py_object("constraints", "MinMaxNorm", min_value = check_number(min_value, "min_value", min = 0),
            max_value = check_number(max_value, "max_value", min = 0),
            rate = check_number(rate, "rate", min = 0), axis = constraint_axis(axis))
}

#' Activation functions
#'
#' The activation functions of the core, applied to a tensor. Layers take
#' them by name (`activation = "relu"`) or as these functions.
#'
#' @param x A tensor.
#' @param alpha Slope (ReLU) or scale (ELU) of the negative part.
#' @param max_value Saturation threshold of the ReLU, or `NULL`.
#' @param threshold Threshold of the ReLU.
#' @param axis Softmax axis, counted as in Python (`-1`: the last).
#' @return A tensor.
#' @family activations
#' @name activations
#' @examples
#' if (is_keras_available()) {
#'   x <- k_constant(c(-1, 0, 2))
#'   k_eval(activation_relu(x))
#'   k_eval(activation_elu(x))
#'   k_eval(activation_selu(x))
#'   k_eval(activation_hard_sigmoid(x))
#'   k_eval(activation_linear(x))
#'   k_eval(activation_sigmoid(x))
#'   k_eval(activation_softmax(k_constant(matrix(1:4, 2))))
#'   k_eval(activation_softplus(x))
#'   k_eval(activation_softsign(x))
#'   k_eval(activation_tanh(x))
#'   k_eval(activation_exponential(x))
#' }
NULL

activation_call <- function(name, x, ...) {
  py_call(core_module("activations")[[name]](as_tensor_value(x), ...))
}

#' @rdname activations
#' @export
activation_relu <- function(x, alpha = 0, max_value = NULL, threshold = 0) {
  activation_call("relu", x, alpha = check_number(alpha, "alpha"),
                  max_value = check_number(max_value, "max_value", null_ok = TRUE),
                  threshold = check_number(threshold, "threshold"))
}

#' @rdname activations
#' @export
activation_elu <- function(x, alpha = 1) activation_call("elu", x, alpha = check_number(alpha, "alpha"))

#' @rdname activations
#' @export
activation_selu <- function(x) activation_call("selu", x)

#' @rdname activations
#' @export
activation_hard_sigmoid <- function(x) activation_call("hard_sigmoid", x)

#' @rdname activations
#' @export
activation_linear <- function(x) activation_call("linear", x)

#' @rdname activations
#' @export
activation_sigmoid <- function(x) activation_call("sigmoid", x)

#' @rdname activations
#' @export
activation_softmax <- function(x, axis = -1) {
  activation_call("softmax", x, axis = as_integer_arg(axis, "axis"))
}

#' @rdname activations
#' @export
activation_softplus <- function(x) activation_call("softplus", x)

#' @rdname activations
#' @export
activation_softsign <- function(x) activation_call("softsign", x)

#' @rdname activations
#' @export
activation_tanh <- function(x) activation_call("tanh", x)

#' @rdname activations
#' @export
activation_exponential <- function(x) activation_call("exponential", x)
