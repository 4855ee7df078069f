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
