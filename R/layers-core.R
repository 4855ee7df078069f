#' Densely-connected layer
#'
#' `output = activation(dot(input, kernel) + bias)`, where `kernel` is a
#' weight matrix created by the layer and `bias` a weight vector (when
#' `use_bias` is `TRUE`).
#'
#' @inheritParams layer-common
#' @param units Dimensionality of the output space, a positive whole number.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(units = 16, activation = "relu", input_shape = 4) %>%
#'     layer_dense(units = 3, activation = "softmax")
#'   model
#' }
layer_dense <- function(object, units, activation = NULL, use_bias = TRUE,
                        kernel_initializer = "glorot_uniform",
                        bias_initializer = "zeros", kernel_regularizer = NULL,
                        bias_regularizer = NULL, activity_regularizer = NULL,
                        kernel_constraint = NULL, bias_constraint = NULL,
                        input_shape = NULL, batch_input_shape = NULL,
                        batch_size = NULL, dtype = NULL, name = NULL,
                        trainable = NULL, weights = NULL) {
  create_layer("Dense", object, list(
    units = check_units(units),
    activation = check_activation(activation),
    use_bias = check_flag(use_bias, "use_bias"),
    kernel_initializer = kernel_initializer,
    bias_initializer = bias_initializer,
    kernel_regularizer = kernel_regularizer,
    bias_regularizer = bias_regularizer,
    activity_regularizer = activity_regularizer,
    kernel_constraint = kernel_constraint,
    bias_constraint = bias_constraint,
    input_shape = input_shape,
    batch_input_shape = batch_input_shape,
    batch_size = batch_size,
    dtype = dtype,
    name = name,
    trainable = trainable,
    weights = weights
  ))
}

#' Apply an activation function to an output
#'
#' @inheritParams layer-common
#' @param activation Name of the activation function (`"relu"`, `"softmax"`,
#'   `"sigmoid"`, `"tanh"`, `"linear"`, ...).
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(8, input_shape = 4) %>%
#'     layer_activation("relu")
#' }
layer_activation <- function(object, activation, input_shape = NULL,
                             batch_input_shape = NULL, batch_size = NULL,
                             dtype = NULL, name = NULL, trainable = NULL,
                             weights = NULL) {
  if (is.null(activation)) arg_error("activation", activation, "the name of an activation function")
  create_layer("Activation", object, list(
    activation = check_activation(activation),
    input_shape = input_shape,
    batch_input_shape = batch_input_shape,
    batch_size = batch_size,
    dtype = dtype,
    name = name,
    trainable = trainable,
    weights = weights
  ))
}

#' Apply dropout to the input
#'
#' During training, sets a fraction `rate` of the input units to 0 at each
#' update, which helps prevent overfitting. Does nothing at inference time.
#'
#' @inheritParams layer-common
#' @param rate Fraction of the input units to drop, between 0 and 1.
#' @param noise_shape Shape of the binary dropout mask that is multiplied with
#'   the input (e.g. `c(NA, 1, NA)` to share the mask across time steps), or
#'   `NULL`.
#' @param seed A whole number to use as random seed, or `NULL`.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(32, activation = "relu", input_shape = 10) %>%
#'     layer_dropout(rate = 0.5) %>%
#'     layer_dense(1, activation = "sigmoid")
#' }
layer_dropout <- function(object, rate, noise_shape = NULL, seed = NULL,
                          input_shape = NULL, batch_input_shape = NULL,
                          batch_size = NULL, name = NULL, trainable = NULL,
                          weights = NULL) {
  rate <- check_number(rate, "rate")
  if (rate < 0 || rate >= 1) arg_error("rate", rate, "a number in [0, 1)")
  if (!is.null(noise_shape)) {
    noise_shape <- as_shape(noise_shape, "noise_shape")
  }
  create_layer("Dropout", object, list(
    rate = rate,
    noise_shape = noise_shape,
    seed = as_integer_arg(seed, "seed", min = 0L, null_ok = TRUE),
    input_shape = input_shape,
    batch_input_shape = batch_input_shape,
    batch_size = batch_size,
    name = name,
    trainable = trainable,
    weights = weights
  ))
}

#' Flatten the input
#'
#' Collapses every axis but the batch axis into one: `(batch, 7, 7, 32)`
#' becomes `(batch, 1568)`.
#'
#' @inheritParams layer-common
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_flatten(input_shape = c(4, 4)) %>%
#'     layer_dense(2)
#' }
layer_flatten <- function(object, data_format = NULL, input_shape = NULL,
                          dtype = NULL, name = NULL, trainable = NULL,
                          weights = NULL) {
  create_layer("Flatten", object, list(
    data_format = check_data_format(data_format),
    input_shape = input_shape,
    dtype = dtype,
    name = name,
    trainable = trainable,
    weights = weights
  ))
}

#' Mask time steps with a given value
#'
#' For each time step of the input (axis 2), if every feature equals
#' `mask_value`, the time step is masked (skipped) in all later layers that
#' support masking, such as the recurrent layers.
#'
#' @inheritParams layer-common
#' @param mask_value The value that marks a skipped time step.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_masking(mask_value = 0, input_shape = c(5, 3)) %>%
#'     layer_simple_rnn(4)
#' }
layer_masking <- function(object, mask_value = 0, input_shape = NULL,
                          batch_input_shape = NULL, batch_size = NULL,
                          dtype = NULL, name = NULL, trainable = NULL,
                          weights = NULL) {
  create_layer("Masking", object, c(
    list(mask_value = check_number(mask_value, "mask_value")),
    standard_args()
  ))
}

#' Spatial dropout: drop whole feature maps
#'
#' Like [layer_dropout()], but drops entire channels (1D: whole feature
#' columns over time; 2D / 3D: whole feature maps), which suits inputs whose
#' neighbouring values are strongly correlated.
#'
#' @inheritParams layer-common
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_conv_1d(4, 3, input_shape = c(10, 2)) %>%
#'     layer_spatial_dropout_1d(rate = 0.2)
#'   img <- layer_input(shape = c(6, 6, 3))
#'   out <- img %>% layer_spatial_dropout_2d(0.5)
#'   vol <- layer_input(shape = c(4, 4, 4, 2))
#'   out3 <- vol %>% layer_spatial_dropout_3d(0.5)
#' }
layer_spatial_dropout_1d <- function(object, rate, batch_size = NULL, name = NULL,
                                     trainable = NULL, weights = NULL) {
  create_layer("SpatialDropout1D", object, c(list(rate = check_rate(rate)), standard_args()))
}

#' @rdname layer_spatial_dropout_1d
#' @export
layer_spatial_dropout_2d <- function(object, rate, data_format = NULL, batch_size = NULL,
                                     name = NULL, trainable = NULL, weights = NULL) {
  create_layer("SpatialDropout2D", object, c(
    list(rate = check_rate(rate), data_format = check_data_format(data_format)),
    standard_args()
  ))
}

#' @rdname layer_spatial_dropout_1d
#' @export
layer_spatial_dropout_3d <- function(object, rate, data_format = NULL, batch_size = NULL,
                                     name = NULL, trainable = NULL, weights = NULL) {
  create_layer("SpatialDropout3D", object, c(
    list(rate = check_rate(rate), data_format = check_data_format(data_format)),
    standard_args()
  ))
}

#' Reshape the output to a given shape
#'
#' @inheritParams layer-common
#' @param target_shape The new shape of each sample (without the batch
#'   axis), e.g. `c(3, 4)`; one entry may be `-1`, inferred from the others.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_reshape(target_shape = c(3, 4), input_shape = 12) %>%
#'     layer_reshape(c(-1, 2))
#'   model$output_shape
#' }
layer_reshape <- function(object, target_shape, input_shape = NULL,
                          batch_input_shape = NULL, batch_size = NULL, dtype = NULL,
                          name = NULL, trainable = NULL, weights = NULL) {
  if (!is_whole(target_shape) || length(target_shape) == 0 ||
      any(target_shape == 0 | target_shape < -1) || sum(target_shape == -1) > 1) {
    arg_error("target_shape", target_shape,
              "a vector of positive whole numbers (one entry may be -1)")
  }
  create_layer("Reshape", object, c(
    list(target_shape = reticulate::tuple(as.list(as.integer(target_shape)))),
    standard_args()
  ))
}

#' Permute the axes of the input
#'
#' @inheritParams layer-common
#' @param dims Permutation of the sample axes, 1-based and excluding the
#'   batch axis: `c(2, 1)` swaps the two axes of a `(batch, a, b)` input.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_permute(dims = c(2, 1), input_shape = c(10, 64))
#'   model$output_shape
#' }
layer_permute <- function(object, dims, input_shape = NULL, batch_input_shape = NULL,
                          batch_size = NULL, dtype = NULL, name = NULL,
                          trainable = NULL, weights = NULL) {
  dims <- as_integer_arg(dims, "dims", len = NULL, min = 1L)
  if (!identical(sort(dims), seq_along(dims))) {
    arg_error("dims", dims, sprintf("a permutation of 1:%d", length(dims)))
  }
  create_layer("Permute", object, c(
    list(dims = reticulate::tuple(as.list(dims))),
    standard_args()
  ))
}

#' Repeat the input n times
#'
#' Turns a `(batch, features)` input into `(batch, n, features)`.
#'
#' @inheritParams layer-common
#' @param n Number of repetitions, a positive whole number.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(8, input_shape = 4) %>%
#'     layer_repeat_vector(3)
#'   model$output_shape
#' }
layer_repeat_vector <- function(object, n, batch_size = NULL, name = NULL,
                                trainable = NULL, weights = NULL) {
  create_layer("RepeatVector", object, c(
    list(n = as_integer_arg(n, "n", min = 1L)),
    standard_args()
  ))
}

#' Wrap an R function as a layer
#'
#' `f` is called on the input tensor and returns a tensor; write it with the
#' `k_*()` functions (e.g. `function(x) k_square(x)`).
#'
#' Models with a Lambda layer cannot be rebuilt from a file or after a
#' backend switch unless the function is supplied again.
#'
#' @inheritParams layer-common
#' @param f The function, of the input tensor (or list of tensors).
#' @param output_shape Shape of the output without the batch axis, or an R
#'   function of the input shape (a list including the batch axis) returning
#'   the output shape; `NULL`: the same as the input.
#' @param mask Optional mask, or a function `function(inputs, mask)`.
#' @param arguments Optional named list of further arguments to `f`.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(4, input_shape = 3) %>%
#'     layer_lambda(function(x) k_square(x))
#'   x <- layer_input(shape = 4)
#'   y <- x %>% layer_lambda(function(x) k_sum(x, axis = 2, keepdims = TRUE),
#'                           output_shape = 1)
#' }
layer_lambda <- function(object, f, output_shape = NULL, mask = NULL, arguments = NULL,
                         input_shape = NULL, batch_input_shape = NULL,
                         batch_size = NULL, dtype = NULL, name = NULL,
                         trainable = NULL, weights = NULL) {
  if (!is.function(f) && !is_py_object(f)) arg_error("f", f, "a function")
  if (!is.null(output_shape) && !is.function(output_shape)) {
    output_shape <- as_shape(output_shape, "output_shape")
  }
  if (!is.null(arguments) && (!is.list(arguments) || is.null(names(arguments)))) {
    arg_error("arguments", arguments, "a named list")
  }
  create_layer("Lambda", object, c(
    list(`function` = f, output_shape = output_shape, mask = mask, arguments = arguments),
    standard_args()
  ))
}

#' Add an L1 / L2 penalty on the input activity to the loss
#'
#' @inheritParams layer-common
#' @param l1,l2 L1 and L2 regularization factors (numbers >= 0).
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family core layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(4, input_shape = 3) %>%
#'     layer_activity_regularization(l1 = 0.01)
#' }
layer_activity_regularization <- function(object, l1 = 0, l2 = 0, input_shape = NULL,
                                          batch_input_shape = NULL, batch_size = NULL,
                                          dtype = NULL, name = NULL, trainable = NULL,
                                          weights = NULL) {
  create_layer("ActivityRegularization", object, c(
    list(l1 = check_number(l1, "l1", min = 0), l2 = check_number(l2, "l2", min = 0)),
    standard_args()
  ))
}

#' Dense features from TensorFlow feature columns (not available)
#'
#' R keras builds this layer from TensorFlow's feature-column API
#' (`tf$feature_column` and tf.keras' `DenseFeatures` layer), which
#' multi-backend Keras 2.3 and its backends (Theano, CNTK, TensorFlow used as
#' a graph engine) do not have. It therefore stops with an error saying so.
#' Turn the features into numeric matrices in R instead (e.g. with
#' [to_categorical()] for categories) and use [layer_input()] per feature, or
#' one input for all.
#'
#' @inheritParams layer-common
#' @param feature_columns TensorFlow feature columns.
#' @return Never returns: always an error.
#' @family core layers
#' @export
#' @examples
#' try(layer_dense_features(feature_columns = list()))
layer_dense_features <- function(object, feature_columns, name = NULL, trainable = NULL,
                                 input_shape = NULL, batch_input_shape = NULL,
                                 batch_size = NULL, dtype = NULL) {
  stop(
    "layer_dense_features() needs TensorFlow's feature-column API (tf.feature_column ",
    "and the tf.keras DenseFeatures layer), which the multi-backend Keras 2.3 API of this ",
    "package does not have on any backend. Encode the features as numeric matrices in R ",
    "(e.g. to_categorical() for categories) and feed them through layer_input().",
    call. = FALSE
  )
}
