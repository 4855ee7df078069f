#' Callbacks: hooks into training
#'
#' Pass a list of callbacks to [fit()] in `callbacks`.
#' * `callback_early_stopping()` stops when `monitor` has stopped improving.
#' * `callback_model_checkpoint()` saves the model (atomically) after epochs;
#'   `filepath` may hold `{epoch:02d}` and log names such as `{val_loss:.2f}`.
#' * `callback_reduce_lr_on_plateau()` lowers the learning rate on plateaus.
#' * `callback_learning_rate_scheduler()` sets it from `schedule(epoch)`.
#' * `callback_csv_logger()` writes each epoch's metrics to a CSV file.
#' * `callback_terminate_on_naan()` stops when the loss becomes NaN.
#' * `callback_lambda()` calls R functions at the start and end of epochs,
#'   batches and training (and, with the Keras 2.3 hooks, of evaluation and
#'   prediction and their batches, when the loop running them calls
#'   callbacks).
#'
#' @param monitor Quantity to watch, e.g. `"val_loss"` or `"loss"`.
#' @param min_delta Smallest change that counts as an improvement.
#' @param patience Epochs without improvement before acting.
#' @param verbose 0 (silent) or 1.
#' @param mode `"auto"`, `"min"` or `"max"`.
#' @param baseline Value the monitored quantity must beat.
#' @param restore_best_weights Restore the best epoch's weights when stopping.
#' @param filepath File to write.
#' @param save_best_only Save only when `monitor` improves.
#' @param save_weights_only Save only the weights.
#' @param period Epochs between checkpoints.
#' @param factor Multiplier of the learning rate, in `(0, 1)`.
#' @param cooldown Epochs to wait after a reduction.
#' @param min_lr Lower bound of the learning rate.
#' @param schedule Function of the epoch (0-based), or of the epoch and the
#'   current learning rate, returning the learning rate.
#' @param filename CSV file.
#' @param separator Field separator.
#' @param append Append to an existing file.
#' @param on_epoch_begin,on_epoch_end Functions `(epoch, logs)`.
#' @param on_batch_begin,on_batch_end Functions `(batch, logs)`.
#' @param on_train_begin,on_train_end Functions `(logs)`.
#' @param on_train_batch_begin,on_train_batch_end Keras 2.3's names of
#'   `on_batch_begin` and `on_batch_end`: give one name or the other.
#' @param on_test_begin,on_test_end,on_predict_begin,on_predict_end Functions
#'   `(logs)`, at the start and end of evaluation and prediction.
#' @param on_test_batch_begin,on_test_batch_end,on_predict_batch_begin,on_predict_batch_end
#'   Functions `(batch, logs)`, around each batch of evaluation and
#'   prediction.
#'
#' @return A callback, for `fit(callbacks = list(...))`.
#' @family callbacks
#' @name callbacks
#' @examples
#' if (is_keras_available()) {
#'   x <- matrix(rnorm(60), ncol = 3)
#'   y <- x %*% c(1, 2, 3)
#'   model <- keras_model_sequential() %>% layer_dense(1, input_shape = 3)
#'   model %>% compile(optimizer = "sgd", loss = "mse")
#'   epochs_seen <- 0
#'   model %>% fit(x, y, epochs = 5, verbose = 0, callbacks = list(
#'     callback_early_stopping(monitor = "loss", patience = 2),
#'     callback_lambda(on_epoch_end = function(epoch, logs) epochs_seen <<- epochs_seen + 1)
#'   ))
#'   epochs_seen
#' }
NULL

#' @rdname callbacks
#' @export
callback_early_stopping <- function(monitor = "val_loss", min_delta = 0, patience = 0,
                                    verbose = 0, mode = c("auto", "min", "max"),
                                    baseline = NULL, restore_best_weights = FALSE) {
  make_callback("EarlyStopping",
    monitor = check_string(monitor, "monitor"),
    min_delta = check_number(min_delta, "min_delta", min = 0),
    patience = as_integer_arg(patience, "patience", min = 0L),
    verbose = as_integer_arg(verbose, "verbose", min = 0L),
    mode = match.arg(mode),
    baseline = check_number(baseline, "baseline", null_ok = TRUE),
    restore_best_weights = check_flag(restore_best_weights, "restore_best_weights")
  )
}

#' @rdname callbacks
#' @export
callback_model_checkpoint <- function(filepath, monitor = "val_loss", verbose = 0,
                                      save_best_only = FALSE, save_weights_only = FALSE,
                                      mode = c("auto", "min", "max"), period = 1) {
  make_callback("ModelCheckpoint",
    filepath = normalizePath(check_string(filepath, "filepath"), mustWork = FALSE),
    monitor = check_string(monitor, "monitor"),
    verbose = as_integer_arg(verbose, "verbose", min = 0L),
    save_best_only = check_flag(save_best_only, "save_best_only"),
    save_weights_only = check_flag(save_weights_only, "save_weights_only"),
    mode = match.arg(mode),
    period = as_integer_arg(period, "period", min = 1L)
  )
}

#' @rdname callbacks
#' @export
callback_reduce_lr_on_plateau <- function(monitor = "val_loss", factor = 0.1, patience = 10,
                                          verbose = 0, mode = c("auto", "min", "max"),
                                          min_delta = 1e-4, cooldown = 0, min_lr = 0) {
  make_callback("ReduceLROnPlateau",
    monitor = check_string(monitor, "monitor"),
    factor = check_number(factor, "factor", min = 0),
    patience = as_integer_arg(patience, "patience", min = 0L),
    verbose = as_integer_arg(verbose, "verbose", min = 0L),
    mode = match.arg(mode),
    min_delta = check_number(min_delta, "min_delta", min = 0),
    cooldown = as_integer_arg(cooldown, "cooldown", min = 0L),
    min_lr = check_number(min_lr, "min_lr", min = 0)
  )
}

#' @rdname callbacks
#' @export
callback_learning_rate_scheduler <- function(schedule) {
  if (!is.function(schedule)) arg_error("schedule", schedule, "a function of the epoch")
  make_callback("LearningRateScheduler", schedule = function(epoch, lr) {
    value <- if (length(formals(schedule)) >= 2) schedule(epoch, lr) else schedule(epoch)
    as.numeric(value)
  })
}

#' @rdname callbacks
#' @export
callback_csv_logger <- function(filename, separator = ",", append = FALSE) {
  make_callback("CSVLogger",
    filename = normalizePath(check_string(filename, "filename"), mustWork = FALSE),
    separator = check_string(separator, "separator"),
    append = check_flag(append, "append")
  )
}

#' @rdname callbacks
#' @export
callback_terminate_on_naan <- function() {
  make_callback("TerminateOnNaN")
}

#' @rdname callbacks
#' @export
callback_lambda <- function(on_epoch_begin = NULL, on_epoch_end = NULL, on_batch_begin = NULL,
                            on_batch_end = NULL, on_train_batch_begin = NULL,
                            on_train_batch_end = NULL, on_train_begin = NULL,
                            on_train_end = NULL, on_predict_batch_begin = NULL,
                            on_predict_batch_end = NULL, on_predict_begin = NULL,
                            on_predict_end = NULL, on_test_batch_begin = NULL,
                            on_test_batch_end = NULL, on_test_begin = NULL,
                            on_test_end = NULL) {
  hooks <- as.list(environment())
  for (name in names(hooks)) {
    if (!is.null(hooks[[name]]) && !is.function(hooks[[name]])) {
      arg_error(name, hooks[[name]], "a function or NULL")
    }
  }
  do.call(make_callback, c("LambdaCallback", drop_nulls(hooks)))
}

# Builds the core callback `class_name` from checked arguments.
make_callback <- function(class_name, ...) {
  py_call(do.call(core_module("callbacks")[[class_name]], drop_nulls(list(...))))
}
