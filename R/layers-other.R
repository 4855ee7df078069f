#' Batch normalization layer
#'
#' Normalizes the activations of the previous layer over each batch during
#' training (mean 0, standard deviation 1), and with moving averages of the
#' batch statistics at inference.
#'
#' @inheritParams layer-common
#' @param axis The features axis, counted as in Python (as R keras 2.2
#'   does): `-1` is the last axis, `1` the channels of a `channels_first`
#'   input (`0` is the batch axis).
#' @param momentum Momentum of the moving averages.
#' @param epsilon Small number added to the variance.
#' @param center,scale Learn an offset `beta` and a scale `gamma`.
#' @param beta_initializer,gamma_initializer,moving_mean_initializer,moving_variance_initializer
#'   Initializers of the weights.
#' @param beta_regularizer,gamma_regularizer,beta_constraint,gamma_constraint
#'   Regularizers and constraints of `beta` and `gamma`.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family normalization layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(8, input_shape = 4) %>%
#'     layer_batch_normalization() %>%
#'     layer_activation("relu")
#' }
layer_batch_normalization <- function(object, axis = -1L, momentum = 0.99, epsilon = 0.001,
                                      center = TRUE, scale = TRUE,
                                      beta_initializer = "zeros",
                                      gamma_initializer = "ones",
                                      moving_mean_initializer = "zeros",
                                      moving_variance_initializer = "ones",
                                      beta_regularizer = NULL, gamma_regularizer = NULL,
                                      beta_constraint = NULL, gamma_constraint = NULL,
                                      input_shape = NULL, batch_input_shape = NULL,
                                      batch_size = NULL, dtype = NULL, name = NULL,
                                      trainable = NULL, weights = NULL) {
  momentum <- check_number(momentum, "momentum", min = 0)
  if (momentum > 1) arg_error("momentum", momentum, "a number in [0, 1]")
  create_layer("BatchNormalization", object, c(
    list(
      axis = as_integer_arg(axis, "axis"),
      momentum = momentum,
      epsilon = check_number(epsilon, "epsilon", min = 0),
      center = check_flag(center, "center"),
      scale = check_flag(scale, "scale"),
      beta_initializer = beta_initializer,
      gamma_initializer = gamma_initializer,
      moving_mean_initializer = moving_mean_initializer,
      moving_variance_initializer = moving_variance_initializer,
      beta_regularizer = beta_regularizer,
      gamma_regularizer = gamma_regularizer,
      beta_constraint = beta_constraint,
      gamma_constraint = gamma_constraint
    ),
    standard_args()
  ))
}

#' Turn positive integers (indexes) into dense vectors of fixed size
#'
#' Maps each integer in `[0, input_dim)` (e.g. a word id) to a learned
#' vector of `output_dim` numbers: `(batch, length)` becomes `(batch, length,
#' output_dim)`. Use it as the first layer of a model.
#'
#' @inheritParams layer-common
#' @param input_dim Size of the vocabulary: the largest index + 1.
#' @param output_dim Size of each vector.
#' @param embeddings_initializer,embeddings_regularizer,embeddings_constraint
#'   Initializer, regularizer and constraint of the embedding matrix.
#' @param mask_zero Whether index 0 is padding, masked (skipped) by later
#'   layers that support masking (such as [layer_lstm()]); index 0 then
#'   cannot be used as a word.
#' @param input_length Length of the input sequences, when constant (needed
#'   by a later [layer_flatten()]).
#' @param activity_regularizer Regularizer of the output, or `NULL`.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_embedding(input_dim = 100, output_dim = 8, input_length = 10) %>%
#'     layer_flatten()
#'   model$output_shape
#' }
layer_embedding <- function(object, input_dim, output_dim,
                            embeddings_initializer = "uniform",
                            embeddings_regularizer = NULL, activity_regularizer = NULL,
                            embeddings_constraint = NULL, mask_zero = FALSE,
                            input_length = NULL, batch_size = NULL, name = NULL,
                            trainable = NULL, weights = NULL) {
  create_layer("Embedding", object, c(
    list(
      input_dim = as_integer_arg(input_dim, "input_dim", min = 1L),
      output_dim = as_integer_arg(output_dim, "output_dim", min = 1L),
      embeddings_initializer = embeddings_initializer,
      embeddings_regularizer = embeddings_regularizer,
      activity_regularizer = activity_regularizer,
      embeddings_constraint = embeddings_constraint,
      mask_zero = check_flag(mask_zero, "mask_zero"),
      input_length = as_int_or_null(input_length, "input_length", min = 1L)
    ),
    standard_args()
  ))
}

# Merge layers: the layer is called on `inputs`, a list of tensors.
merge_layer <- function(layer_class, inputs, args) {
  if (missing(inputs) || is.null(inputs)) {
    return(create_layer(layer_class, NULL, args))
  }
  if (!is.list(inputs) || length(inputs) < 2 || !all(vapply(inputs, is_py_object, logical(1)))) {
    arg_error("inputs", inputs, "a list of at least 2 tensors")
  }
  create_layer(layer_class, unname(inputs), args)
}

#' Merge layers: combine a list of tensors
#'
#' `layer_add()`, `layer_subtract()` (exactly 2 inputs), `layer_multiply()`,
#' `layer_average()`, `layer_maximum()` and `layer_minimum()` combine
#' same-shaped tensors element-wise; `layer_concatenate()` joins them along
#' an axis; `layer_dot()` takes the dot product of two tensors along axes.
#'
#' Axes are counted as in Python, as in R keras 2.2: `0` is the batch axis
#' and `-1` the last.
#'
#' @inheritParams layer-common
#' @param axis Concatenation axis (`-1`: the last).
#' @param axes Axis or pair of axes contracted by the dot product.
#' @param normalize Whether to L2-normalize the samples along `axes` first
#'   (the dot product is then the cosine proximity).
#'
#' @return A tensor, or the layer when `inputs` is missing.
#' @family merge layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   a <- layer_input(shape = 3)
#'   b <- layer_input(shape = 3)
#'   k_int_shape(layer_add(list(a, b)))
#'   k_int_shape(layer_subtract(list(a, b)))
#'   k_int_shape(layer_multiply(list(a, b)))
#'   k_int_shape(layer_average(list(a, b)))
#'   k_int_shape(layer_maximum(list(a, b)))
#'   k_int_shape(layer_minimum(list(a, b)))
#'   k_int_shape(layer_concatenate(list(a, b)))
#'   k_int_shape(layer_dot(list(a, b), axes = 1))
#' }
layer_add <- function(inputs, batch_size = NULL, dtype = NULL, name = NULL,
                      trainable = NULL, weights = NULL) {
  merge_layer("Add", inputs, standard_args())
}

#' @rdname layer_add
#' @export
layer_subtract <- function(inputs, batch_size = NULL, dtype = NULL, name = NULL,
                           trainable = NULL, weights = NULL) {
  merge_layer("Subtract", inputs, standard_args())
}

#' @rdname layer_add
#' @export
layer_multiply <- function(inputs, batch_size = NULL, dtype = NULL, name = NULL,
                           trainable = NULL, weights = NULL) {
  merge_layer("Multiply", inputs, standard_args())
}

#' @rdname layer_add
#' @export
layer_average <- function(inputs, batch_size = NULL, dtype = NULL, name = NULL,
                          trainable = NULL, weights = NULL) {
  merge_layer("Average", inputs, standard_args())
}

#' @rdname layer_add
#' @export
layer_maximum <- function(inputs, batch_size = NULL, dtype = NULL, name = NULL,
                          trainable = NULL, weights = NULL) {
  merge_layer("Maximum", inputs, standard_args())
}

#' @rdname layer_add
#' @export
layer_minimum <- function(inputs, batch_size = NULL, dtype = NULL, name = NULL,
                          trainable = NULL, weights = NULL) {
  merge_layer("Minimum", inputs, standard_args())
}

#' @rdname layer_add
#' @export
layer_concatenate <- function(inputs, axis = -1, batch_size = NULL, dtype = NULL,
                              name = NULL, trainable = NULL, weights = NULL) {
  merge_layer("Concatenate", inputs, c(list(axis = as_integer_arg(axis, "axis")),
                                       standard_args()))
}

#' @rdname layer_add
#' @export
layer_dot <- function(inputs, axes, normalize = FALSE, batch_size = NULL, dtype = NULL,
                      name = NULL, trainable = NULL, weights = NULL) {
  axes <- as_integer_arg(axes, "axes", len = NULL)
  if (length(axes) > 2) arg_error("axes", axes, "one axis or two")
  merge_layer("Dot", inputs, c(
    list(axes = if (length(axes) == 1) axes else as.list(axes),
         normalize = check_flag(normalize, "normalize")),
    standard_args()
  ))
}

#' Noise layers: regularization active only in training
#'
#' `layer_gaussian_noise()` adds zero-centred Gaussian noise of standard
#' deviation `stddev`; `layer_gaussian_dropout()` multiplies by Gaussian
#' noise of mean 1; `layer_alpha_dropout()` is a dropout that keeps the mean
#' and variance of self-normalizing (`"selu"`) activations.
#'
#' @inheritParams layer-common
#' @param stddev Standard deviation of the noise, a number >= 0.
#' @param noise_shape Shape of the dropout mask, or `NULL`.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family noise layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(8, input_shape = 4) %>%
#'     layer_gaussian_noise(0.1) %>%
#'     layer_gaussian_dropout(0.2) %>%
#'     layer_alpha_dropout(0.1)
#' }
layer_gaussian_noise <- function(object, stddev, input_shape = NULL,
                                 batch_input_shape = NULL, batch_size = NULL,
                                 dtype = NULL, name = NULL, trainable = NULL,
                                 weights = NULL) {
  create_layer("GaussianNoise", object, c(
    list(stddev = check_number(stddev, "stddev", min = 0)), standard_args()
  ))
}

#' @rdname layer_gaussian_noise
#' @export
layer_gaussian_dropout <- function(object, rate, input_shape = NULL,
                                   batch_input_shape = NULL, batch_size = NULL,
                                   dtype = NULL, name = NULL, trainable = NULL,
                                   weights = NULL) {
  create_layer("GaussianDropout", object, c(list(rate = check_rate(rate)), standard_args()))
}

#' @rdname layer_gaussian_noise
#' @export
layer_alpha_dropout <- function(object, rate, noise_shape = NULL, seed = NULL,
                                input_shape = NULL, batch_input_shape = NULL,
                                batch_size = NULL, dtype = NULL, name = NULL,
                                trainable = NULL, weights = NULL) {
  create_layer("AlphaDropout", object, c(
    list(rate = check_rate(rate), noise_shape = as_shape(noise_shape, "noise_shape"),
         seed = as_integer_arg(seed, "seed", min = 0L, null_ok = TRUE)),
    standard_args()
  ))
}

#' Advanced activation layers
#'
#' Activations with parameters, as layers: leaky ReLU (`alpha * x` for `x <
#' 0`), parametric ReLU (the slopes are learned weights), ELU, thresholded
#' ReLU (`x` for `x > theta`, else 0), softmax along an axis, ReLU with
#' an optional maximum, negative slope and threshold, and SELU (scaled ELU,
#' Klambauer et al. 2017; an activation layer with `"selu"`, as in R keras).
#'
#' @inheritParams layer-common
#' @param alpha Slope (leaky ReLU) or scale (ELU) of the negative part.
#' @param alpha_initializer,alpha_regularizer,alpha_constraint Initializer,
#'   regularizer and constraint of the learned slopes.
#' @param shared_axes Axes (1-based, excluding the batch axis, as in Keras)
#'   along which the learned slopes are shared, e.g. `c(1, 2)` for one slope
#'   per channel of an image.
#' @param theta Threshold of the thresholded ReLU.
#' @param axis Softmax axis, counted as in Python (`-1`: the last).
#' @param max_value Maximum output of the ReLU, or `NULL`.
#' @param negative_slope Slope below `threshold`.
#' @param threshold Values below it are damped (ReLU).
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family activation layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(4, input_shape = 3) %>%
#'     layer_activation_leaky_relu(alpha = 0.1) %>%
#'     layer_activation_parametric_relu() %>%
#'     layer_activation_elu() %>%
#'     layer_activation_thresholded_relu(theta = 0.5) %>%
#'     layer_activation_relu(max_value = 6) %>%
#'     layer_activation_selu() %>%
#'     layer_activation_softmax()
#' }
layer_activation_leaky_relu <- function(object, alpha = 0.3, input_shape = NULL,
                                        batch_input_shape = NULL, batch_size = NULL,
                                        dtype = NULL, name = NULL, trainable = NULL,
                                        weights = NULL) {
  create_layer("LeakyReLU", object, c(list(alpha = check_number(alpha, "alpha", min = 0)),
                                      standard_args()))
}

#' @rdname layer_activation_leaky_relu
#' @export
layer_activation_parametric_relu <- function(object, alpha_initializer = "zeros",
                                             alpha_regularizer = NULL,
                                             alpha_constraint = NULL, shared_axes = NULL,
                                             input_shape = NULL, batch_input_shape = NULL,
                                             batch_size = NULL, dtype = NULL, name = NULL,
                                             trainable = NULL, weights = NULL) {
  create_layer("PReLU", object, c(
    list(alpha_initializer = alpha_initializer, alpha_regularizer = alpha_regularizer,
         alpha_constraint = alpha_constraint,
         shared_axes = if (is.null(shared_axes)) NULL else
           as.list(as_integer_arg(shared_axes, "shared_axes", len = NULL, min = 1L))),
    standard_args()
  ))
}

#' @rdname layer_activation_leaky_relu
#' @export
layer_activation_elu <- function(object, alpha = 1, input_shape = NULL,
                                 batch_input_shape = NULL, batch_size = NULL, dtype = NULL,
                                 name = NULL, trainable = NULL, weights = NULL) {
  create_layer("ELU", object, c(list(alpha = check_number(alpha, "alpha")), standard_args()))
}

#' @rdname layer_activation_leaky_relu
#' @export
layer_activation_thresholded_relu <- function(object, theta = 1, input_shape = NULL,
                                              batch_input_shape = NULL, batch_size = NULL,
                                              dtype = NULL, name = NULL, trainable = NULL,
                                              weights = NULL) {
  create_layer("ThresholdedReLU", object, c(list(theta = check_number(theta, "theta")),
                                            standard_args()))
}

#' @rdname layer_activation_leaky_relu
#' @export
layer_activation_softmax <- function(object, axis = -1L, input_shape = NULL,
                                     batch_input_shape = NULL, batch_size = NULL,
                                     dtype = NULL, name = NULL, trainable = NULL,
                                     weights = NULL) {
  create_layer("Softmax", object, c(list(axis = as_integer_arg(axis, "axis")),
                                    standard_args()))
}

#' @rdname layer_activation_leaky_relu
#' @export
layer_activation_selu <- function(object, input_shape = NULL, batch_input_shape = NULL,
                                  batch_size = NULL, dtype = NULL, name = NULL,
                                  trainable = NULL, weights = NULL) {
  create_layer("Activation", object, c(list(activation = "selu"), standard_args()))
}

#' @rdname layer_activation_leaky_relu
#' @export
layer_activation_relu <- function(object, max_value = NULL, negative_slope = 0,
                                  threshold = 0, input_shape = NULL,
                                  batch_input_shape = NULL, batch_size = NULL, dtype = NULL,
                                  name = NULL, trainable = NULL, weights = NULL) {
  create_layer("ReLU", object, c(
    list(max_value = check_number(max_value, "max_value", min = 0, null_ok = TRUE),
         negative_slope = check_number(negative_slope, "negative_slope", min = 0),
         threshold = check_number(threshold, "threshold")),
    standard_args()
  ))
}

#' Locally-connected layers
#'
#' Like [layer_conv_1d()] and [layer_conv_2d()], but the weights are not
#' shared: each position of the output has its own filter. Only `padding =
#' "valid"` is supported, and the input shape must be fully known.
#'
#' @inheritParams layer_conv_2d
#' @param implementation Implementation mode, kept for compatibility.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family convolutional layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   m1 <- keras_model_sequential() %>%
#'     layer_locally_connected_1d(2, 3, input_shape = c(6, 2))
#'   m2 <- keras_model_sequential() %>%
#'     layer_locally_connected_2d(2, c(2, 2), input_shape = c(4, 4, 1))
#'   m2$output_shape
#' }
layer_locally_connected_1d <- function(object, filters, kernel_size, strides = 1L,
                                       padding = "valid", data_format = NULL,
                                       activation = NULL, use_bias = TRUE,
                                       kernel_initializer = "glorot_uniform",
                                       bias_initializer = "zeros",
                                       kernel_regularizer = NULL, bias_regularizer = NULL,
                                       activity_regularizer = NULL,
                                       kernel_constraint = NULL, bias_constraint = NULL,
                                       implementation = 1L, batch_size = NULL,
                                       name = NULL, trainable = NULL, weights = NULL,
                                       input_shape = NULL) {
  args <- conv_args(filters, kernel_size, strides, padding, data_format, 1L, 1L, "valid")
  args$dilation_rate <- NULL
  create_layer("LocallyConnected1D", object, c(
    args, kernel_args(),
    list(implementation = as_integer_arg(implementation, "implementation", min = 1L)),
    standard_args()
  ))
}

#' @rdname layer_locally_connected_1d
#' @export
layer_locally_connected_2d <- function(object, filters, kernel_size, strides = c(1L, 1L),
                                       padding = "valid", data_format = NULL,
                                       activation = NULL, use_bias = TRUE,
                                       kernel_initializer = "glorot_uniform",
                                       bias_initializer = "zeros",
                                       kernel_regularizer = NULL, bias_regularizer = NULL,
                                       activity_regularizer = NULL,
                                       kernel_constraint = NULL, bias_constraint = NULL,
                                       implementation = 1L, batch_size = NULL,
                                       name = NULL, trainable = NULL, weights = NULL,
                                       input_shape = NULL) {
  args <- conv_args(filters, kernel_size, strides, padding, data_format, 1L, 2L, "valid")
  args$dilation_rate <- NULL
  create_layer("LocallyConnected2D", object, c(
    args, kernel_args(),
    list(implementation = as_integer_arg(implementation, "implementation", min = 1L)),
    standard_args()
  ))
}

#' Apply a layer to every time step of an input
#'
#' The wrapped `layer` is applied independently to each slice along axis 2
#' (the time axis) of a `(batch, timesteps, ...)` input; its weights are
#' shared across time steps. E.g. a [layer_conv_2d()] applied to each frame
#' of a video.
#'
#' @inheritParams layer-common
#' @param layer A layer (from a `layer_*()` function called without
#'   `object`).
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family layer wrappers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     time_distributed(layer_dense(units = 4), input_shape = c(5, 3))
#'   model$output_shape
#' }
time_distributed <- function(object, layer, input_shape = NULL,
                             batch_input_shape = NULL, batch_size = NULL, dtype = NULL,
                             name = NULL, trainable = NULL, weights = NULL) {
  check_layer(layer)
  create_layer("TimeDistributed", object, c(list(layer = layer), standard_args()))
}

#' Bidirectional wrapper for recurrent layers
#'
#' Runs the recurrent `layer` forwards and a copy of it backwards over the
#' sequence and merges the two outputs.
#'
#' @inheritParams layer-common
#' @param layer A recurrent layer, e.g. `layer_lstm(units = 8)`.
#' @param merge_mode How to merge the two outputs: `"concat"`, `"sum"`,
#'   `"mul"`, `"ave"`, or `NULL` (a list of both).
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family layer wrappers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     bidirectional(layer_lstm(units = 4), input_shape = c(5, 3))
#'   model$output_shape
#' }
bidirectional <- function(object, layer, merge_mode = "concat", input_shape = NULL,
                          batch_input_shape = NULL, batch_size = NULL, dtype = NULL,
                          name = NULL, trainable = NULL, weights = NULL) {
  check_layer(layer)
  create_layer("Bidirectional", object, c(
    list(layer = layer,
         merge_mode = check_string(merge_mode, "merge_mode", null_ok = TRUE,
                                   choices = c("concat", "sum", "mul", "ave"))),
    standard_args()
  ))
}

check_layer <- function(layer, name = "layer") {
  if (!is_layer(layer)) {
    arg_error(name, layer, "a layer (call the layer_*() function without `object`)")
  }
  invisible(layer)
}

is_layer <- function(x) {
  is_py_object(x) &&
    isTRUE(tryCatch(
      reticulate::import_builtins()$isinstance(x, core_module("layers")$Layer),
      error = function(e) FALSE
    ))
}
