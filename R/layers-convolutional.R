#' 2D convolution layer (e.g. spatial convolution over images)
#'
#' Convolves the input with `filters` kernels of size `kernel_size`, adds a
#' bias and applies `activation`. For the first layer of a model give
#' `input_shape`, e.g. `c(28, 28, 1)` for 28x28 grey images with
#' `data_format = "channels_last"`.
#'
#' @inheritParams layer-common
#' @param filters Number of output filters, a positive whole number.
#' @param kernel_size Height and width of the convolution window: one number
#'   (used for both) or two.
#' @param strides Strides of the convolution along height and width: one
#'   number or two.
#' @param padding `"valid"` (no padding) or `"same"` (pad so the output has
#'   the input's spatial size when `strides` is 1).
#' @param dilation_rate Dilation rate of the convolution: one number or two.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family convolutional layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_conv_2d(filters = 4, kernel_size = c(3, 3), activation = "relu",
#'                   input_shape = c(8, 8, 1)) %>%
#'     layer_max_pooling_2d(pool_size = c(2, 2)) %>%
#'     layer_flatten() %>%
#'     layer_dense(10, activation = "softmax")
#'   model
#' }
layer_conv_2d <- function(object, filters, kernel_size, strides = c(1L, 1L),
                          padding = "valid", data_format = NULL,
                          dilation_rate = c(1L, 1L), activation = NULL,
                          use_bias = TRUE,
                          kernel_initializer = "glorot_uniform",
                          bias_initializer = "zeros",
                          kernel_regularizer = NULL, bias_regularizer = NULL,
                          activity_regularizer = NULL,
                          kernel_constraint = NULL, bias_constraint = NULL,
                          input_shape = NULL, batch_input_shape = NULL,
                          batch_size = NULL, dtype = NULL, name = NULL,
                          trainable = NULL, weights = NULL) {
  create_layer("Conv2D", object, list(
    filters = as_integer_arg(filters, "filters", min = 1L),
    kernel_size = as_int_tuple(kernel_size, "kernel_size", 2L),
    strides = as_int_tuple(strides, "strides", 2L),
    padding = check_string(padding, "padding", choices = c("valid", "same")),
    data_format = check_data_format(data_format),
    dilation_rate = as_int_tuple(dilation_rate, "dilation_rate", 2L),
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

# Arguments shared by the convolution layers, checked for a layer of `rank`
# spatial axes.
conv_args <- function(filters, kernel_size, strides, padding, data_format, dilation_rate,
                      rank, paddings = c("valid", "same")) {
  list(
    filters = as_integer_arg(filters, "filters", min = 1L),
    kernel_size = as_int_tuple(kernel_size, "kernel_size", rank),
    strides = as_int_tuple(strides, "strides", rank),
    padding = check_string(padding, "padding", choices = paddings),
    data_format = check_data_format(data_format),
    dilation_rate = as_int_tuple(dilation_rate, "dilation_rate", rank)
  )
}

# Activation, bias, initializers, regularizers and constraints of a layer
# with a kernel, from the calling function's arguments.
kernel_args <- function(env = parent.frame()) {
  args <- mget(c("activation", "use_bias", "kernel_initializer", "bias_initializer",
                 "kernel_regularizer", "bias_regularizer", "activity_regularizer",
                 "kernel_constraint", "bias_constraint"), envir = env)
  args$activation <- check_activation(args$activation)
  args$use_bias <- check_flag(args$use_bias, "use_bias")
  args
}

#' 1D convolution layer (e.g. temporal convolution)
#'
#' Convolves a `(batch, steps, channels)` input over its time axis.
#'
#' @inheritParams layer_conv_2d
#' @param kernel_size Length of the convolution window: one number.
#' @param strides Stride of the window: one number.
#' @param padding `"valid"`, `"same"` or `"causal"` (output at time t depends
#'   only on inputs up to t).
#' @param dilation_rate Dilation rate: one number.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family convolutional layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_conv_1d(filters = 4, kernel_size = 3, activation = "relu",
#'                   input_shape = c(10, 2)) %>%
#'     layer_global_max_pooling_1d()
#'   model$output_shape
#' }
layer_conv_1d <- function(object, filters, kernel_size, strides = 1L, padding = "valid",
                          data_format = "channels_last",
                          dilation_rate = 1L, activation = NULL, use_bias = TRUE,
                          kernel_initializer = "glorot_uniform",
                          bias_initializer = "zeros", kernel_regularizer = NULL,
                          bias_regularizer = NULL, activity_regularizer = NULL,
                          kernel_constraint = NULL, bias_constraint = NULL,
                          input_shape = NULL, batch_input_shape = NULL,
                          batch_size = NULL, dtype = NULL, name = NULL,
                          trainable = NULL, weights = NULL) {
  create_layer("Conv1D", object, c(
    conv_args(filters, kernel_size, strides, padding, data_format, dilation_rate, 1L,
              c("valid", "same", "causal")),
    kernel_args(), standard_args()
  ))
}

#' 3D convolution layer (e.g. spatial convolution over volumes)
#'
#' @inheritParams layer_conv_2d
#' @param kernel_size Depth, height and width of the window: one number or
#'   three.
#' @param strides,dilation_rate One number or three.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family convolutional layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_conv_3d(filters = 2, kernel_size = c(2, 2, 2),
#'                   input_shape = c(4, 4, 4, 1))
#'   model$output_shape
#' }
layer_conv_3d <- function(object, filters, kernel_size, strides = c(1L, 1L, 1L),
                          padding = "valid", data_format = NULL,
                          dilation_rate = c(1L, 1L, 1L), activation = NULL,
                          use_bias = TRUE, kernel_initializer = "glorot_uniform",
                          bias_initializer = "zeros", kernel_regularizer = NULL,
                          bias_regularizer = NULL, activity_regularizer = NULL,
                          kernel_constraint = NULL, bias_constraint = NULL,
                          input_shape = NULL, batch_input_shape = NULL,
                          batch_size = NULL, dtype = NULL, name = NULL,
                          trainable = NULL, weights = NULL) {
  create_layer("Conv3D", object, c(
    conv_args(filters, kernel_size, strides, padding, data_format, dilation_rate, 3L),
    kernel_args(), standard_args()
  ))
}

#' Transposed convolution layers (deconvolution)
#'
#' The transpose of a normal convolution: maps something shaped like the
#' output of a convolution back to something shaped like its input, e.g. to
#' upsample in a generator or decoder.
#'
#' @inheritParams layer_conv_2d
#' @param output_padding Extra size added to one side of each output spatial
#'   axis (smaller than the stride), or `NULL` to infer the output shape.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family convolutional layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_conv_2d_transpose(filters = 2, kernel_size = 3, strides = 2,
#'                             input_shape = c(4, 4, 1))
#'   model$output_shape
#'   model3 <- keras_model_sequential() %>%
#'     layer_conv_3d_transpose(filters = 1, kernel_size = 2, strides = 2,
#'                             input_shape = c(2, 2, 2, 1))
#'   model3$output_shape
#' }
layer_conv_2d_transpose <- function(object, filters, kernel_size, strides = c(1, 1),
                                    padding = "valid", output_padding = NULL,
                                    data_format = NULL, dilation_rate = c(1, 1),
                                    activation = NULL, use_bias = TRUE,
                                    kernel_initializer = "glorot_uniform",
                                    bias_initializer = "zeros",
                                    kernel_regularizer = NULL, bias_regularizer = NULL,
                                    activity_regularizer = NULL,
                                    kernel_constraint = NULL, bias_constraint = NULL,
                                    input_shape = NULL, batch_input_shape = NULL,
                                    batch_size = NULL, dtype = NULL, name = NULL,
                                    trainable = NULL, weights = NULL) {
  create_layer("Conv2DTranspose", object, c(
    conv_args(filters, kernel_size, strides, padding, data_format, dilation_rate, 2L),
    list(output_padding = as_int_tuple(output_padding, "output_padding", 2L, min = 0L,
                                       null_ok = TRUE)),
    kernel_args(), standard_args()
  ))
}

#' @rdname layer_conv_2d_transpose
#' @export
layer_conv_3d_transpose <- function(object, filters, kernel_size, strides = c(1, 1, 1),
                                    padding = "valid", output_padding = NULL,
                                    data_format = NULL, activation = NULL,
                                    use_bias = TRUE,
                                    kernel_initializer = "glorot_uniform",
                                    bias_initializer = "zeros",
                                    kernel_regularizer = NULL, bias_regularizer = NULL,
                                    activity_regularizer = NULL,
                                    kernel_constraint = NULL, bias_constraint = NULL,
                                    input_shape = NULL, batch_input_shape = NULL,
                                    batch_size = NULL, dtype = NULL, name = NULL,
                                    trainable = NULL, weights = NULL) {
  args <- conv_args(filters, kernel_size, strides, padding, data_format, 1L, 3L)
  args$dilation_rate <- NULL
  create_layer("Conv3DTranspose", object, c(
    args,
    list(output_padding = as_int_tuple(output_padding, "output_padding", 3L, min = 0L,
                                       null_ok = TRUE)),
    kernel_args(), standard_args()
  ))
}

#' Depthwise separable convolution layers
#'
#' A depthwise convolution (each input channel convolved on its own, with
#' `depth_multiplier` filters) followed by a pointwise (1x1) convolution
#' mixing the channels into `filters` outputs. `layer_depthwise_conv_2d()`
#' is the depthwise step alone.
#'
#' @inheritParams layer_conv_2d
#' @param depth_multiplier Number of depthwise filters per input channel.
#' @param depthwise_initializer,pointwise_initializer Initializers of the two
#'   kernels.
#' @param depthwise_regularizer,pointwise_regularizer Regularizers of the two
#'   kernels.
#' @param depthwise_constraint,pointwise_constraint Constraints of the two
#'   kernels.
#' @param bias_initializer,bias_regularizer,bias_constraint Initializer,
#'   regularizer and constraint of the bias.
#' @param activity_regularizer Regularizer of the output, or `NULL`.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family convolutional layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_separable_conv_2d(filters = 4, kernel_size = 3, input_shape = c(6, 6, 2)) %>%
#'     layer_depthwise_conv_2d(kernel_size = 2, depth_multiplier = 2)
#'   model$output_shape
#'   seq_model <- keras_model_sequential() %>%
#'     layer_separable_conv_1d(filters = 3, kernel_size = 2, input_shape = c(8, 2))
#'   seq_model$output_shape
#' }
layer_separable_conv_2d <- function(object, filters, kernel_size, strides = c(1, 1),
                                    padding = "valid", data_format = NULL,
                                    dilation_rate = c(1, 1), depth_multiplier = 1,
                                    activation = NULL, use_bias = TRUE,
                                    depthwise_initializer = "glorot_uniform",
                                    pointwise_initializer = "glorot_uniform",
                                    bias_initializer = "zeros",
                                    depthwise_regularizer = NULL,
                                    pointwise_regularizer = NULL,
                                    bias_regularizer = NULL, activity_regularizer = NULL,
                                    depthwise_constraint = NULL,
                                    pointwise_constraint = NULL, bias_constraint = NULL,
                                    input_shape = NULL, batch_input_shape = NULL,
                                    batch_size = NULL, dtype = NULL, name = NULL,
                                    trainable = NULL, weights = NULL) {
  create_layer("SeparableConv2D", object, c(
    conv_args(filters, kernel_size, strides, padding, data_format, dilation_rate, 2L),
    separable_args(), standard_args()
  ))
}

#' @rdname layer_separable_conv_2d
#' @export
layer_separable_conv_1d <- function(object, filters, kernel_size, strides = 1,
                                    padding = "valid", data_format = "channels_last",
                                    dilation_rate = 1, depth_multiplier = 1,
                                    activation = NULL, use_bias = TRUE,
                                    depthwise_initializer = "glorot_uniform",
                                    pointwise_initializer = "glorot_uniform",
                                    bias_initializer = "zeros",
                                    depthwise_regularizer = NULL,
                                    pointwise_regularizer = NULL,
                                    bias_regularizer = NULL, activity_regularizer = NULL,
                                    depthwise_constraint = NULL,
                                    pointwise_constraint = NULL, bias_constraint = NULL,
                                    input_shape = NULL, batch_input_shape = NULL,
                                    batch_size = NULL, dtype = NULL, name = NULL,
                                    trainable = NULL, weights = NULL) {
  create_layer("SeparableConv1D", object, c(
    conv_args(filters, kernel_size, strides, padding, data_format, dilation_rate, 1L),
    separable_args(), standard_args()
  ))
}

#' @rdname layer_separable_conv_2d
#' @export
layer_depthwise_conv_2d <- function(object, kernel_size, strides = c(1, 1),
                                    padding = "valid", depth_multiplier = 1,
                                    data_format = NULL, dilation_rate = c(1, 1),
                                    activation = NULL, use_bias = TRUE,
                                    depthwise_initializer = "glorot_uniform",
                                    bias_initializer = "zeros",
                                    depthwise_regularizer = NULL, bias_regularizer = NULL,
                                    activity_regularizer = NULL,
                                    depthwise_constraint = NULL, bias_constraint = NULL,
                                    input_shape = NULL, batch_input_shape = NULL,
                                    batch_size = NULL, dtype = NULL, name = NULL,
                                    trainable = NULL, weights = NULL) {
  args <- conv_args(1L, kernel_size, strides, padding, data_format, dilation_rate, 2L)
  args$filters <- NULL
  create_layer("DepthwiseConv2D", object, c(
    args,
    list(
      depth_multiplier = as_integer_arg(depth_multiplier, "depth_multiplier", min = 1L),
      activation = check_activation(activation),
      use_bias = check_flag(use_bias, "use_bias"),
      depthwise_initializer = depthwise_initializer,
      bias_initializer = bias_initializer,
      depthwise_regularizer = depthwise_regularizer,
      bias_regularizer = bias_regularizer,
      activity_regularizer = activity_regularizer,
      depthwise_constraint = depthwise_constraint,
      bias_constraint = bias_constraint
    ),
    standard_args()
  ))
}

separable_args <- function(env = parent.frame()) {
  args <- mget(c("depth_multiplier", "activation", "use_bias", "depthwise_initializer",
                 "pointwise_initializer", "bias_initializer", "depthwise_regularizer",
                 "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
                 "depthwise_constraint", "pointwise_constraint", "bias_constraint"),
               envir = env)
  args$depth_multiplier <- as_integer_arg(args$depth_multiplier, "depth_multiplier", min = 1L)
  args$activation <- check_activation(args$activation)
  args$use_bias <- check_flag(args$use_bias, "use_bias")
  args
}

#' Upsampling layers
#'
#' Repeat each time step (1D), row and column (2D) or depth, row and column
#' (3D) `size` times.
#'
#' @inheritParams layer-common
#' @param size Upsampling factor: one number, or one per spatial axis.
#' @param interpolation `"nearest"` or `"bilinear"` (2D only).
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family convolutional layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   m1 <- keras_model_sequential() %>% layer_upsampling_1d(2, input_shape = c(3, 2))
#'   m2 <- keras_model_sequential() %>% layer_upsampling_2d(c(2, 3), input_shape = c(2, 2, 1))
#'   m3 <- keras_model_sequential() %>% layer_upsampling_3d(2, input_shape = c(1, 2, 2, 1))
#'   m2$output_shape
#' }
layer_upsampling_1d <- function(object, size = 2L, batch_size = NULL, name = NULL,
                                trainable = NULL, weights = NULL, input_shape = NULL) {
  create_layer("UpSampling1D", object, c(
    list(size = as_integer_arg(size, "size", min = 1L)), standard_args()
  ))
}

#' @rdname layer_upsampling_1d
#' @export
layer_upsampling_2d <- function(object, size = c(2L, 2L), data_format = NULL,
                                interpolation = "nearest", batch_size = NULL, name = NULL,
                                trainable = NULL, weights = NULL, input_shape = NULL) {
  create_layer("UpSampling2D", object, c(
    list(size = as_int_tuple(size, "size", 2L), data_format = check_data_format(data_format),
         interpolation = check_string(interpolation, "interpolation",
                                      choices = c("nearest", "bilinear"))),
    standard_args()
  ))
}

#' @rdname layer_upsampling_1d
#' @export
layer_upsampling_3d <- function(object, size = c(2L, 2L, 2L), data_format = NULL,
                                batch_size = NULL, name = NULL, trainable = NULL,
                                weights = NULL, input_shape = NULL) {
  create_layer("UpSampling3D", object, c(
    list(size = as_int_tuple(size, "size", 3L), data_format = check_data_format(data_format)),
    standard_args()
  ))
}

#' Zero-padding layers
#'
#' Add rows, columns (and depths) of zeros at the start and end of each
#' spatial axis.
#'
#' @inheritParams layer-common
#' @param padding One number (the same on every side), one number per
#'   spatial axis (symmetric), or a list of pairs `c(before, after)`, one per
#'   spatial axis. For 1D, two numbers are `c(before, after)`.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family convolutional layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   m1 <- keras_model_sequential() %>% layer_zero_padding_1d(c(1, 2), input_shape = c(3, 2))
#'   m2 <- keras_model_sequential() %>%
#'     layer_zero_padding_2d(list(c(1, 0), c(2, 2)), input_shape = c(2, 2, 1))
#'   m3 <- keras_model_sequential() %>% layer_zero_padding_3d(1, input_shape = c(1, 2, 2, 1))
#'   m2$output_shape
#' }
layer_zero_padding_1d <- function(object, padding = 1L, batch_size = NULL, name = NULL,
                                  trainable = NULL, weights = NULL, input_shape = NULL) {
  create_layer("ZeroPadding1D", object, c(
    list(padding = as_pairs_arg(padding, "padding", 1L)), standard_args()
  ))
}

#' @rdname layer_zero_padding_1d
#' @export
layer_zero_padding_2d <- function(object, padding = c(1L, 1L), data_format = NULL,
                                  batch_size = NULL, name = NULL, trainable = NULL,
                                  weights = NULL, input_shape = NULL) {
  create_layer("ZeroPadding2D", object, c(
    list(padding = as_pairs_arg(padding, "padding", 2L),
         data_format = check_data_format(data_format)),
    standard_args()
  ))
}

#' @rdname layer_zero_padding_1d
#' @export
layer_zero_padding_3d <- function(object, padding = c(1L, 1L, 1L), data_format = NULL,
                                  batch_size = NULL, name = NULL, trainable = NULL,
                                  weights = NULL, input_shape = NULL) {
  create_layer("ZeroPadding3D", object, c(
    list(padding = as_pairs_arg(padding, "padding", 3L),
         data_format = check_data_format(data_format)),
    standard_args()
  ))
}

#' Cropping layers
#'
#' Remove rows, columns (and depths) at the start and end of each spatial
#' axis. As in Keras, a crop may remove a whole axis: the layer is still
#' built (its output has length 0 on that axis), and what then uses the empty
#' output is what fails.
#'
#' @inheritParams layer-common
#' @param cropping One number (the same on every side), one number per
#'   spatial axis (symmetric), or a list of pairs `c(before, after)`, one per
#'   spatial axis. For 1D, two numbers are `c(before, after)`.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family convolutional layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   m1 <- keras_model_sequential() %>% layer_cropping_1d(c(1, 1), input_shape = c(5, 2))
#'   m2 <- keras_model_sequential() %>%
#'     layer_cropping_2d(list(c(1, 0), c(1, 1)), input_shape = c(5, 5, 1))
#'   m3 <- keras_model_sequential() %>% layer_cropping_3d(1, input_shape = c(3, 3, 3, 1))
#'   m2$output_shape
#' }
layer_cropping_1d <- function(object, cropping = c(1L, 1L), batch_size = NULL, name = NULL,
                              trainable = NULL, weights = NULL, input_shape = NULL) {
  create_layer("Cropping1D", object, c(
    list(cropping = as_pairs_arg(cropping, "cropping", 1L)), standard_args()
  ))
}

#' @rdname layer_cropping_1d
#' @export
layer_cropping_2d <- function(object, cropping = list(c(0L, 0L), c(0L, 0L)),
                              data_format = NULL, batch_size = NULL, name = NULL,
                              trainable = NULL, weights = NULL, input_shape = NULL) {
  create_layer("Cropping2D", object, c(
    list(cropping = as_pairs_arg(cropping, "cropping", 2L),
         data_format = check_data_format(data_format)),
    standard_args()
  ))
}

#' @rdname layer_cropping_1d
#' @export
layer_cropping_3d <- function(object, cropping = list(c(1L, 1L), c(1L, 1L), c(1L, 1L)),
                              data_format = NULL, batch_size = NULL, name = NULL,
                              trainable = NULL, weights = NULL, input_shape = NULL) {
  create_layer("Cropping3D", object, c(
    list(cropping = as_pairs_arg(cropping, "cropping", 3L),
         data_format = check_data_format(data_format)),
    standard_args()
  ))
}

#' Convolutional LSTM layer
#'
#' An LSTM whose input and recurrent transformations are 2D convolutions:
#' it runs over the time axis of a sequence of images, shaped `(batch, time,
#' rows, cols, channels)` with `data_format = "channels_last"` (or `(batch,
#' time, channels, rows, cols)` with `"channels_first"`), and keeps an image
#' of `filters` channels as its state.
#'
#' As in R keras 2.2, the default `recurrent_activation` is
#' `"hard_sigmoid"`.
#'
#' @inheritParams layer-common
#' @inheritParams layer_simple_rnn
#' @param filters Number of output filters (channels of the state), a
#'   positive whole number.
#' @param kernel_size Height and width of the convolution window: one number
#'   (used for both) or two.
#' @param strides Strides of the convolution: one number or two.
#' @param padding `"valid"` or `"same"`.
#' @param dilation_rate Dilation rate of the convolution: one number or two.
#'
#' @return A model, a tensor (or a list of tensors with `return_state =
#'   TRUE`) or a layer, depending on `object`.
#' @family convolutional layers
#' @family recurrent layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_conv_lstm_2d(filters = 2, kernel_size = c(3, 3), padding = "same",
#'                        return_sequences = TRUE, input_shape = c(4, 6, 6, 1)) %>%
#'     layer_conv_lstm_2d(filters = 1, kernel_size = 3)
#'   model$output_shape
#' }
layer_conv_lstm_2d <- function(object, filters, kernel_size, strides = c(1L, 1L),
                               padding = "valid", data_format = NULL,
                               dilation_rate = c(1L, 1L), activation = "tanh",
                               recurrent_activation = "hard_sigmoid", use_bias = TRUE,
                               kernel_initializer = "glorot_uniform",
                               recurrent_initializer = "orthogonal",
                               bias_initializer = "zeros", unit_forget_bias = TRUE,
                               kernel_regularizer = NULL, recurrent_regularizer = NULL,
                               bias_regularizer = NULL, activity_regularizer = NULL,
                               kernel_constraint = NULL, recurrent_constraint = NULL,
                               bias_constraint = NULL, return_sequences = FALSE,
                               return_state = FALSE, go_backwards = FALSE,
                               stateful = FALSE, dropout = 0, recurrent_dropout = 0,
                               input_shape = NULL, batch_input_shape = NULL,
                               batch_size = NULL, dtype = NULL, name = NULL,
                               trainable = NULL, weights = NULL) {
  args <- c(
    conv_args(filters, kernel_size, strides, padding, data_format, dilation_rate, rank = 2L),
    list(
      activation = check_activation(activation),
      recurrent_activation = check_activation(recurrent_activation),
      use_bias = check_flag(use_bias, "use_bias"),
      kernel_initializer = kernel_initializer,
      recurrent_initializer = recurrent_initializer,
      bias_initializer = bias_initializer,
      unit_forget_bias = check_flag(unit_forget_bias, "unit_forget_bias"),
      kernel_regularizer = kernel_regularizer,
      recurrent_regularizer = recurrent_regularizer,
      bias_regularizer = bias_regularizer,
      activity_regularizer = activity_regularizer,
      kernel_constraint = kernel_constraint,
      recurrent_constraint = recurrent_constraint,
      bias_constraint = bias_constraint,
      return_sequences = check_flag(return_sequences, "return_sequences"),
      return_state = check_flag(return_state, "return_state"),
      go_backwards = check_flag(go_backwards, "go_backwards"),
      stateful = check_flag(stateful, "stateful"),
      dropout = check_rate(dropout, "dropout"),
      recurrent_dropout = check_rate(recurrent_dropout, "recurrent_dropout")
    ),
    standard_args()
  )
  create_layer("ConvLSTM2D", object, args)
}
