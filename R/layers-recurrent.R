# Arguments shared by the recurrent layers, from the calling function.
recurrent_args <- function(env = parent.frame()) {
  names <- c("units", "activation", "recurrent_activation", "use_bias", "return_sequences",
             "return_state", "go_backwards", "stateful", "unroll", "kernel_initializer",
             "recurrent_initializer", "bias_initializer", "unit_forget_bias",
             "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
             "activity_regularizer", "kernel_constraint", "recurrent_constraint",
             "bias_constraint", "dropout", "recurrent_dropout", "implementation",
             "reset_after")
  args <- mget(names, envir = env, ifnotfound = rep(list(NULL), length(names)))
  args <- args[names %in% ls(env)]
  args$units <- check_units(args$units)
  args$activation <- check_activation(args$activation)
  if ("recurrent_activation" %in% names(args)) {
    args$recurrent_activation <- check_activation(args$recurrent_activation)
  }
  for (flag in intersect(c("use_bias", "return_sequences", "return_state", "go_backwards",
                           "stateful", "unroll", "unit_forget_bias", "reset_after"),
                         names(args))) {
    args[[flag]] <- check_flag(args[[flag]], flag)
  }
  args$dropout <- check_rate(args$dropout, "dropout")
  args$recurrent_dropout <- check_rate(args$recurrent_dropout, "recurrent_dropout")
  if ("implementation" %in% names(args)) {
    args$implementation <- as_integer_arg(args$implementation, "implementation", min = 1L)
  }
  args
}

#' Recurrent layers: simple RNN, GRU and LSTM
#'
#' Run a recurrent cell over the time axis of a `(batch, timesteps,
#' features)` input. `layer_simple_rnn()` feeds its output back as input;
#' `layer_gru()` is a Gated Recurrent Unit (Cho et al. 2014);
#' `layer_lstm()` a Long Short-Term Memory (Hochreiter and Schmidhuber
#' 1997). Masked time steps (from [layer_masking()] or an embedding with
#' `mask_zero = TRUE`) are skipped.
#'
#' As in R keras 2.2, the default `recurrent_activation` of the GRU and LSTM
#' is `"hard_sigmoid"` (the Python core's default is `"sigmoid"`).
#'
#' @inheritParams layer-common
#' @param units Dimensionality of the output space, a positive whole number.
#' @param recurrent_activation Activation of the recurrent gates.
#' @param return_sequences Return the output of every time step (`(batch,
#'   timesteps, units)`) rather than only the last (`(batch, units)`).
#' @param return_state Also return the final states (a list of tensors).
#' @param go_backwards Process the sequence backwards.
#' @param stateful Carry the final states of each batch into the next
#'   (needs a fixed batch size: give `batch_input_shape` or `batch_size`).
#' @param unroll Unroll the loop (faster for short sequences, more memory).
#' @param recurrent_initializer Initializer of the recurrent kernel.
#' @param unit_forget_bias Add 1 to the bias of the forget gate at
#'   initialization.
#' @param recurrent_regularizer,recurrent_constraint Regularizer and
#'   constraint of the recurrent kernel.
#' @param dropout,recurrent_dropout Fractions of the input and of the
#'   recurrent state units to drop, in `[0, 1)`.
#' @param implementation Implementation mode (1 or 2), kept for
#'   compatibility.
#' @param reset_after GRU convention: apply the reset gate after the matrix
#'   multiplication.
#'
#' @return A model, a tensor (or a list of tensors with `return_state =
#'   TRUE`) or a layer, depending on `object`.
#' @family recurrent layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_simple_rnn(4, return_sequences = TRUE, input_shape = c(5, 2)) %>%
#'     layer_gru(4, return_sequences = TRUE) %>%
#'     layer_lstm(3)
#'   model$output_shape
#' }
layer_simple_rnn <- function(object, units, activation = "tanh", use_bias = TRUE,
                             return_sequences = FALSE, return_state = FALSE,
                             go_backwards = FALSE, stateful = FALSE, unroll = FALSE,
                             kernel_initializer = "glorot_uniform",
                             recurrent_initializer = "orthogonal",
                             bias_initializer = "zeros", kernel_regularizer = NULL,
                             recurrent_regularizer = NULL, bias_regularizer = NULL,
                             activity_regularizer = NULL, kernel_constraint = NULL,
                             recurrent_constraint = NULL, bias_constraint = NULL,
                             dropout = 0, recurrent_dropout = 0, input_shape = NULL,
                             batch_input_shape = NULL, batch_size = NULL, dtype = NULL,
                             name = NULL, trainable = NULL, weights = NULL) {
  create_layer("SimpleRNN", object, c(recurrent_args(), standard_args()))
}

#' @rdname layer_simple_rnn
#' @export
layer_gru <- function(object, units, activation = "tanh",
                      recurrent_activation = "hard_sigmoid", use_bias = TRUE,
                      return_sequences = FALSE, return_state = FALSE,
                      go_backwards = FALSE, stateful = FALSE, unroll = FALSE,
                      reset_after = FALSE, kernel_initializer = "glorot_uniform",
                      recurrent_initializer = "orthogonal", bias_initializer = "zeros",
                      kernel_regularizer = NULL, recurrent_regularizer = NULL,
                      bias_regularizer = NULL, activity_regularizer = NULL,
                      kernel_constraint = NULL, recurrent_constraint = NULL,
                      bias_constraint = NULL, dropout = 0, recurrent_dropout = 0,
                      implementation = 1L, input_shape = NULL,
                      batch_input_shape = NULL, batch_size = NULL, dtype = NULL,
                      name = NULL, trainable = NULL, weights = NULL) {
  create_layer("GRU", object, c(recurrent_args(), standard_args()))
}

#' @rdname layer_simple_rnn
#' @export
layer_lstm <- function(object, units, activation = "tanh",
                       recurrent_activation = "hard_sigmoid", use_bias = TRUE,
                       return_sequences = FALSE, return_state = FALSE,
                       go_backwards = FALSE, stateful = FALSE, unroll = FALSE,
                       kernel_initializer = "glorot_uniform",
                       recurrent_initializer = "orthogonal", bias_initializer = "zeros",
                       unit_forget_bias = TRUE, kernel_regularizer = NULL,
                       recurrent_regularizer = NULL, bias_regularizer = NULL,
                       activity_regularizer = NULL, kernel_constraint = NULL,
                       recurrent_constraint = NULL, bias_constraint = NULL,
                       dropout = 0, recurrent_dropout = 0, implementation = 1L,
                       input_shape = NULL, batch_input_shape = NULL,
                       batch_size = NULL, dtype = NULL, name = NULL,
                       trainable = NULL, weights = NULL) {
  create_layer("LSTM", object, c(recurrent_args(), standard_args()))
}

#' Recurrent layers with CuDNN's weights: GRU and LSTM
#'
#' The layers of Keras 2.3 written for NVIDIA's CuDNN kernels. No backend of
#' this package runs on a CUDA GPU, so they run with backend ops as the
#' equivalent layers: `layer_cudnn_gru()` as [layer_gru()] with
#' `reset_after = TRUE` and `recurrent_activation = "sigmoid"`,
#' `layer_cudnn_lstm()` as [layer_lstm()] with `recurrent_activation =
#' "sigmoid"`, computing what the CuDNN kernel computes. Their weights keep
#' the CuDNN layout (`kernel`, `recurrent_kernel`, and a `bias` holding the
#' input biases then the recurrent biases: 6 or 8 times `units`), so models
#' and weights saved with CuDNN layers load here. The first layer of each
#' kind made in a session warns that the CuDNN kernel is not used.
#'
#' @inheritParams layer_simple_rnn
#' @param unit_forget_bias Start the (recurrent) bias of the forget gate at 1.
#'
#' @return A model, a tensor (or a list of tensors with `return_state =
#'   TRUE`) or a layer, depending on `object`.
#' @family recurrent layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_cudnn_gru(4, return_sequences = TRUE, input_shape = c(5, 2)) %>%
#'     layer_cudnn_lstm(3)
#'   lengths(get_weights(model))
#' }
layer_cudnn_gru <- function(object, units, kernel_initializer = "glorot_uniform",
                            recurrent_initializer = "orthogonal", bias_initializer = "zeros",
                            kernel_regularizer = NULL, recurrent_regularizer = NULL,
                            bias_regularizer = NULL, activity_regularizer = NULL,
                            kernel_constraint = NULL, recurrent_constraint = NULL,
                            bias_constraint = NULL, return_sequences = FALSE,
                            return_state = FALSE, stateful = FALSE, input_shape = NULL,
                            batch_input_shape = NULL, batch_size = NULL, dtype = NULL,
                            name = NULL, trainable = NULL, weights = NULL) {
  cudnn_layer("CuDNNGRU", object, c(cudnn_args(), standard_args()))
}

#' @rdname layer_cudnn_gru
#' @export
layer_cudnn_lstm <- function(object, units, kernel_initializer = "glorot_uniform",
                             recurrent_initializer = "orthogonal",
                             bias_initializer = "zeros", unit_forget_bias = TRUE,
                             kernel_regularizer = NULL, recurrent_regularizer = NULL,
                             bias_regularizer = NULL, activity_regularizer = NULL,
                             kernel_constraint = NULL, recurrent_constraint = NULL,
                             bias_constraint = NULL, return_sequences = FALSE,
                             return_state = FALSE, stateful = FALSE, input_shape = NULL,
                             batch_input_shape = NULL, batch_size = NULL, dtype = NULL,
                             name = NULL, trainable = NULL, weights = NULL) {
  args <- cudnn_args()
  args$unit_forget_bias <- check_flag(unit_forget_bias, "unit_forget_bias")
  cudnn_layer("CuDNNLSTM", object, c(args, standard_args()))
}

# The arguments shared by the CuDNN layers, from the calling function.
cudnn_args <- function(env = parent.frame()) {
  names <- c("units", "kernel_initializer", "recurrent_initializer", "bias_initializer",
             "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
             "activity_regularizer", "kernel_constraint", "recurrent_constraint",
             "bias_constraint", "return_sequences", "return_state", "stateful")
  args <- mget(names, envir = env)
  args$units <- check_units(args$units)
  for (flag in c("return_sequences", "return_state", "stateful")) {
    args[[flag]] <- check_flag(args[[flag]], flag)
  }
  args
}

# Builds a CuDNN layer, giving the core's one-time notice (that the CuDNN
# kernel is not used) as an R warning.
cudnn_layer <- function(layer_class, object, args) {
  notice <- py_call(core_module("layers.cudnn_recurrent")$fallback_notice(layer_class))
  if (!is.null(notice)) {
    warning(notice, call. = FALSE)
  }
  create_layer(layer_class, object, args)
}
