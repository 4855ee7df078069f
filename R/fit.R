#' Train a model
#'
#' Trains the model for a fixed number of epochs (passes over the data). With
#' `verbose = 1` the core prints a live progress bar, one line per epoch with
#' `verbose = 2`.
#'
#' Data are R vectors, matrices, arrays or numeric data frames, one row (first
#' axis) per sample; R arrays keep their indexing (`x[i, j, k]` in R is
#' `x[i-1, j-1, k-1]` in Python). A plain vector is one feature per sample.
#' They are checked in R before training: `NA` values, non-numeric columns and
#' different numbers of samples in `x` and `y` are errors that name the
#' problem.
#'
#' @param object A compiled model.
#' @param x Input data: an array, matrix, numeric data frame or vector, or a
#'   list of them for a model with several inputs.
#' @param y Target data, as `x`.
#' @param batch_size Number of samples per gradient update (default 32).
#' @param epochs Number of epochs to train the model.
#' @param verbose Verbosity: 0 = silent, 1 = progress bar, 2 = one line per
#'   epoch.
#' @param callbacks A list of callbacks called during training.
#' @param view_metrics Ignored: kept for compatibility with code written for
#'   RStudio's metrics viewer (use `plot()` on the result instead).
#' @param validation_split Fraction (in `[0, 1)`) of the training data, taken
#'   from the end, to hold out and evaluate on after each epoch.
#' @param validation_data `list(x_val, y_val)` (or `list(x_val, y_val,
#'   val_sample_weights)`) to evaluate on after each epoch; overrides
#'   `validation_split`.
#' @param shuffle Whether to shuffle the training data before each epoch
#'   (`TRUE`, `FALSE` or `"batch"`).
#' @param class_weight Optional named list mapping class ids (0-based, as
#'   names) to weights, e.g. `list("0" = 1, "1" = 10)`.
#' @param sample_weight Optional numeric vector of weights, one per sample.
#' @param initial_epoch Epoch at which to start training (to resume an
#'   earlier run).
#' @param steps_per_epoch,validation_steps Number of steps (batches) per
#'   epoch when the data are symbolic tensors; `NULL` otherwise.
#' @param ... Other arguments of the Python `fit()`.
#'
#' @return A `keras_training_history` object: a list with `params` (the
#'   training parameters) and `metrics` (per-epoch values of the loss and
#'   metrics, training and validation). It has `print()`, `plot()` and
#'   `as.data.frame()` methods.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- as.matrix(iris[, 1:4])
#'   y <- as.numeric(iris$Species == "setosa")
#'   model <- keras_model_sequential() %>%
#'     layer_dense(1, activation = "sigmoid", input_shape = 4)
#'   model %>% compile(optimizer = optimizer_adam(lr = 0.05),
#'                     loss = "binary_crossentropy", metrics = "accuracy")
#'   history <- model %>% fit(x, y, epochs = 5, batch_size = 16, verbose = 0,
#'                            validation_split = 0.2)
#'   history
#' }
fit <- function(object, ...) {
  UseMethod("fit")
}

#' @rdname fit
#' @export
fit.default <- function(object, ...) {
  check_model(object)
  fit.multikeras.engine.training.Model(object, ...)
}

#' @rdname fit
#' @export
fit.multikeras.engine.training.Model <- function(object, x = NULL, y = NULL,
                                                  batch_size = NULL, epochs = 10,
                                                  verbose = getOption("keras.fit_verbose", default = 1),
                                                  callbacks = NULL,
                                                  view_metrics = getOption("keras.view_metrics", default = "auto"),
                                                  validation_split = 0,
                                                  validation_data = NULL,
                                                  shuffle = TRUE,
                                                  class_weight = NULL,
                                                  sample_weight = NULL,
                                                  initial_epoch = 0,
                                                  steps_per_epoch = NULL,
                                                  validation_steps = NULL, ...) {
  if (is.null(x)) {
    stop("`x` is missing: give the training inputs (a matrix, array or numeric data frame).",
      call. = FALSE
    )
  }
  check_same_rows(x, y)
  validation_split <- check_number(validation_split, "validation_split")
  if (validation_split < 0 || validation_split >= 1) {
    arg_error("validation_split", validation_split, "a number in [0, 1)")
  }
  epochs <- as_integer_arg(epochs, "epochs", min = 1L)
  initial_epoch <- as_integer_arg(initial_epoch, "initial_epoch", min = 0L)
  if (initial_epoch >= epochs) {
    stop(sprintf(
      "`initial_epoch` (%d) must be smaller than `epochs` (%d): `epochs` is the index of the last epoch.",
      initial_epoch, epochs
    ), call. = FALSE)
  }
  if (!(isTRUE(shuffle) || isFALSE(shuffle) || identical(shuffle, "batch"))) {
    arg_error("shuffle", shuffle, "TRUE, FALSE or \"batch\"")
  }
  args <- list(
    x = as_model_data(x, "x"),
    y = as_model_data(y, "y"),
    batch_size = as_integer_arg(batch_size, "batch_size", min = 1L, null_ok = TRUE),
    epochs = epochs,
    verbose = as_verbose(verbose),
    callbacks = as_callbacks(callbacks),
    validation_split = validation_split,
    validation_data = as_validation_data(validation_data),
    shuffle = shuffle,
    class_weight = as_class_weight(class_weight),
    sample_weight = as_sample_weight(sample_weight, x),
    initial_epoch = initial_epoch
  )
  if (!is.null(steps_per_epoch)) {
    args$steps_per_epoch <- as_integer_arg(steps_per_epoch, "steps_per_epoch", min = 1L)
  }
  if (!is.null(validation_steps)) {
    args$validation_steps <- as_integer_arg(validation_steps, "validation_steps", min = 1L)
  }
  args <- c(args, list(...))
  history <- py_call(do.call(object$fit, args))
  as_training_history(history, args)
}

#' Evaluate a model
#'
#' Computes the loss and metrics of a compiled model on test data.
#'
#' @inheritParams fit
#' @param verbose Verbosity: 0 = silent, 1 = progress bar.
#' @param steps Number of steps (batches) when the data are symbolic tensors.
#' @param callbacks Callbacks whose `on_test_*` hooks run.
#'
#' @return A named list: the loss and each metric (names as in
#'   `model$metrics_names`).
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- as.matrix(iris[, 1:4])
#'   y <- as.numeric(iris$Species == "setosa")
#'   model <- keras_model_sequential() %>%
#'     layer_dense(1, activation = "sigmoid", input_shape = 4)
#'   model %>% compile(optimizer = "adam", loss = "binary_crossentropy",
#'                     metrics = "accuracy")
#'   model %>% evaluate(x, y, verbose = 0)
#' }
evaluate <- function(object, ...) {
  UseMethod("evaluate")
}

#' @rdname evaluate
#' @export
evaluate.default <- function(object, ...) {
  check_model(object)
  evaluate.multikeras.engine.training.Model(object, ...)
}

#' @rdname evaluate
#' @export
evaluate.multikeras.engine.training.Model <- function(object, x = NULL, y = NULL,
                                                       batch_size = NULL,
                                                       verbose = 1,
                                                       sample_weight = NULL,
                                                       steps = NULL, callbacks = NULL,
                                                       ...) {
  if (is.null(x)) {
    stop("`x` is missing: give the test inputs.", call. = FALSE)
  }
  check_same_rows(x, y)
  args <- list(
    x = as_model_data(x, "x"),
    y = as_model_data(y, "y"),
    batch_size = as_integer_arg(batch_size, "batch_size", min = 1L, null_ok = TRUE),
    verbose = as_verbose(verbose),
    sample_weight = as_sample_weight(sample_weight, x),
    callbacks = as_callbacks(callbacks)
  )
  if (!is.null(steps)) {
    args$steps <- as_integer_arg(steps, "steps", min = 1L)
  }
  evaluation_result(object, py_call(do.call(object$evaluate, c(args, list(...)))))
}

# The core's evaluate() result as a list named by the model's metrics_names.
evaluation_result <- function(object, result) {
  values <- as.list(as.numeric(unlist(result)))
  metric_names <- unlist(object$metrics_names)
  if (length(metric_names) == length(values)) {
    names(values) <- metric_names
  } else if (length(values) == 1) {
    names(values) <- "loss"
  }
  values
}

#' Predict with a model
#'
#' Generates output predictions for the input samples, batch by batch.
#'
#' @param object A model.
#' @param x Input data, as for [fit()].
#' @param batch_size Number of samples per batch (default 32).
#' @param verbose Verbosity: 0 = silent, 1 = progress bar.
#' @param steps Number of steps (batches) when the data are symbolic tensors.
#' @param callbacks Callbacks whose `on_predict_*` hooks run.
#' @param ... Unused.
#'
#' @return An R matrix or array of predictions, one row per sample (a list of
#'   them for a model with several outputs).
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(3, activation = "softmax", input_shape = 4)
#'   predict(model, as.matrix(iris[1:5, 1:4]))
#' }
predict.multikeras.engine.training.Model <- function(object, x, batch_size = NULL,
                                                      verbose = 0, steps = NULL,
                                                      callbacks = NULL, ...) {
  if (missing(x) || is.null(x)) {
    stop("`x` is missing: give the inputs to predict from.", call. = FALSE)
  }
  args <- list(
    x = as_model_data(x, "x"),
    batch_size = as_integer_arg(batch_size, "batch_size", min = 1L, null_ok = TRUE),
    verbose = as_verbose(verbose),
    callbacks = as_callbacks(callbacks)
  )
  if (!is.null(steps)) {
    args$steps <- as_integer_arg(steps, "steps", min = 1L)
  }
  result <- py_call(do.call(object$predict, args))
  if (is.list(result)) lapply(result, py_array_to_r) else py_array_to_r(result)
}

py_array_to_r <- function(x) {
  if (is_py_object(x)) reticulate::py_to_r(x) else x
}

as_verbose <- function(verbose) {
  verbose <- as_integer_arg(verbose, "verbose", min = 0L)
  if (verbose > 2L) arg_error("verbose", verbose, "0, 1 or 2")
  verbose
}

as_callbacks <- function(callbacks) {
  if (is.null(callbacks)) {
    return(NULL)
  }
  if (!is.list(callbacks)) {
    callbacks <- list(callbacks)
  }
  # R6 callbacks (KerasCallback) become the Python callbacks that call them.
  callbacks <- lapply(callbacks, function(cb) {
    if (inherits(cb, "KerasCallback")) as_python_callback(cb) else cb
  })
  ok <- vapply(callbacks, is_py_object, logical(1))
  if (!all(ok)) {
    stop(sprintf(
      "`callbacks` must be a list of callbacks (callback_*() objects or KerasCallback R6 objects); element %s is not.",
      paste(which(!ok), collapse = ", ")
    ), call. = FALSE)
  }
  callbacks
}

as_validation_data <- function(validation_data) {
  if (is.null(validation_data)) {
    return(NULL)
  }
  if (!is.list(validation_data) || is.data.frame(validation_data) ||
    !length(validation_data) %in% c(2L, 3L)) {
    stop("`validation_data` must be list(x_val, y_val) or list(x_val, y_val, sample_weights).",
      call. = FALSE
    )
  }
  check_same_rows(validation_data[[1]], validation_data[[2]],
    "validation_data[[1]]", "validation_data[[2]]"
  )
  out <- list(
    as_model_data(validation_data[[1]], "validation_data[[1]]"),
    as_model_data(validation_data[[2]], "validation_data[[2]]")
  )
  if (length(validation_data) == 3) {
    out[[3]] <- as_sample_weight(validation_data[[3]], validation_data[[1]],
      "validation_data[[3]]"
    )
  }
  reticulate::tuple(out)
}

as_class_weight <- function(class_weight) {
  if (is.null(class_weight)) {
    return(NULL)
  }
  keys <- names(class_weight)
  ids <- suppressWarnings(as.numeric(keys))
  if (is.null(keys) || anyNA(ids) || !is_whole(ids) || any(ids < 0) ||
    !is.numeric(unlist(class_weight))) {
    arg_error(
      "class_weight", class_weight,
      "a named list of numbers whose names are 0-based class ids, e.g. list(\"0\" = 1, \"1\" = 5)"
    )
  }
  reticulate::py_dict(as.list(as.integer(ids)), as.list(as.numeric(unlist(class_weight))))
}

as_sample_weight <- function(sample_weight, x, name = "sample_weight") {
  if (is.null(sample_weight)) {
    return(NULL)
  }
  if (!is.numeric(sample_weight) || anyNA(sample_weight) || any(sample_weight < 0)) {
    arg_error(name, sample_weight, "a numeric vector of non-negative weights, one per sample")
  }
  n <- data_rows(x)[1]
  if (is.null(dim(sample_weight)) && length(sample_weight) != n) {
    stop(sprintf(
      "`%s` has %d values but `x` has %d samples; give one weight per sample.",
      name, length(sample_weight), n
    ), call. = FALSE)
  }
  core_np()$asarray(as.numeric(sample_weight), dtype = k_floatx())
}
