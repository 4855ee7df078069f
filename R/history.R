# The result of fit(): an R list (params, metrics) built from the Python
# History callback.

as_training_history <- function(history, args) {
  params <- tryCatch(history$params, error = function(e) NULL)
  if (is_py_object(params)) params <- reticulate::py_to_r(params)
  params <- drop_nulls(as.list(params))
  metrics <- tryCatch(history$history, error = function(e) list())
  if (is_py_object(metrics)) metrics <- reticulate::py_to_r(metrics)
  metrics <- lapply(as.list(metrics), function(values) as.numeric(unlist(values)))
  epochs_run <- if (length(metrics)) max(lengths(metrics)) else 0L

  params$batch_size <- params$batch_size %||% args$batch_size %||% 32L
  params$epochs <- params$epochs %||% args$epochs
  params$samples <- params$samples %||% data_rows_py(args$x)
  params$do_validation <- params$do_validation %||% any(grepl("^val_", names(metrics)))
  params$metrics <- params$metrics %||% names(metrics)
  params$epochs_run <- epochs_run
  structure(list(params = params, metrics = metrics), class = "keras_training_history")
}

data_rows_py <- function(x) {
  if (is.null(x)) {
    return(NULL)
  }
  if (is.list(x)) x <- x[[1]]
  tryCatch(as.integer(reticulate::py_to_r(x$shape)[[1]]), error = function(e) NULL)
}

#' Training history
#'
#' `fit()` returns a `keras_training_history`: a list with `params` (batch
#' size, epochs, samples, ...) and `metrics` (for each metric, its value at
#' each epoch; validation metrics start with `val_`). `print()` shows the
#' final epoch, `plot()` draws each metric per epoch (training and
#' validation) with base graphics, and `as.data.frame()` gives one row per
#' epoch and metric.
#'
#' @param x A `keras_training_history`.
#' @param metrics Names of the metrics to plot (without `val_`); by default
#'   all.
#' @param smooth Whether to add a smoothed line (with [stats::lowess()]) when
#'   there are at least 10 epochs.
#' @param y,row.names,optional Unused, for compatibility with the generics.
#' @param ... Other arguments passed to [graphics::plot()].
#'
#' @return `print()` and `plot()`: `x`, invisibly. `as.data.frame()`: a data
#'   frame with columns `epoch`, `value`, `metric` and `data` (`"training"` or
#'   `"validation"`).
#' @family model functions
#' @name keras_training_history
#' @examples
#' # a history as fit() returns it
#' history <- structure(list(
#'   params = list(batch_size = 32, epochs = 3, samples = 100,
#'                 do_validation = TRUE, epochs_run = 3),
#'   metrics = list(loss = c(0.9, 0.5, 0.3), accuracy = c(0.6, 0.8, 0.9),
#'                  val_loss = c(1, 0.6, 0.4), val_accuracy = c(0.5, 0.7, 0.85))
#' ), class = "keras_training_history")
#' history
#' plot(history)
#' head(as.data.frame(history))
NULL

#' @rdname keras_training_history
#' @export
print.keras_training_history <- function(x, ...) {
  params <- x$params
  epochs_run <- params$epochs_run %||% max(c(0, lengths(x$metrics)))
  samples <- params$samples
  cat(sprintf(
    "Trained on %s (batch_size=%s, epochs=%s)\n",
    if (is.null(samples)) "?" else paste(format(samples, big.mark = ","), "samples"),
    if (is.null(params$batch_size)) "?" else params$batch_size,
    epochs_run
  ))
  if (epochs_run == 0 || length(x$metrics) == 0) {
    cat("No epochs were run.\n")
    return(invisible(x))
  }
  cat("Final epoch (plot to see history):\n")
  values <- vapply(x$metrics, function(v) v[length(v)], numeric(1))
  labels <- format(paste0(names(values), ":"), justify = "right")
  cat(paste0(labels, " ", formatC(values, digits = 4, format = "fg"), "\n"), sep = "")
  invisible(x)
}

#' @rdname keras_training_history
#' @export
as.data.frame.keras_training_history <- function(x, row.names = NULL, optional = FALSE, ...) {
  metrics <- x$metrics
  if (length(metrics) == 0) {
    return(data.frame(
      epoch = integer(), value = numeric(), metric = factor(),
      data = factor(levels = c("training", "validation"))
    ))
  }
  is_val <- grepl("^val_", names(metrics))
  base_names <- unique(sub("^val_", "", names(metrics)))
  rows <- lapply(names(metrics), function(name) {
    values <- metrics[[name]]
    data.frame(
      epoch = seq_along(values),
      value = values,
      metric = sub("^val_", "", name),
      data = if (grepl("^val_", name)) "validation" else "training",
      stringsAsFactors = FALSE
    )
  })
  df <- do.call(rbind, rows)
  df$metric <- factor(df$metric, levels = base_names)
  df$data <- factor(df$data, levels = c("training", "validation"))
  rownames(df) <- NULL
  df
}

#' @rdname keras_training_history
#' @export
plot.keras_training_history <- function(x, y, metrics = NULL, smooth = getOption("keras.plot.history.smooth", TRUE), ...) {
  df <- as.data.frame(x)
  if (nrow(df) == 0) {
    stop("The history has no epochs to plot.", call. = FALSE)
  }
  available <- levels(df$metric)
  metrics <- metrics %||% available
  unknown <- setdiff(metrics, available)
  if (length(unknown)) {
    stop(sprintf(
      "Unknown metric(s) %s in `metrics`; the history has %s.",
      paste0('"', unknown, '"', collapse = ", "),
      paste0('"', available, '"', collapse = ", ")
    ), call. = FALSE)
  }
  colours <- c(training = "#1f77b4", validation = "#d62728")
  old <- graphics::par(
    mfrow = c(length(metrics), 1),
    mar = c(if (length(metrics) > 1) 2.5 else 4, 4.5, 1.5, 1), no.readonly = FALSE
  )
  on.exit(graphics::par(old))
  for (i in seq_along(metrics)) {
    metric <- metrics[[i]]
    part <- df[df$metric == metric, , drop = FALSE]
    graphics::plot(part$epoch, part$value,
      type = "n", xlab = if (i == length(metrics)) "epoch" else "",
      ylab = metric, ...
    )
    for (set in levels(droplevels(part$data))) {
      rows <- part[part$data == set, , drop = FALSE]
      graphics::points(rows$epoch, rows$value, pch = 19, cex = 0.7, col = colours[[set]])
      if (isTRUE(smooth) && nrow(rows) >= 10) {
        graphics::lines(stats::lowess(rows$epoch, rows$value), col = colours[[set]], lwd = 1.5)
      } else {
        graphics::lines(rows$epoch, rows$value, col = colours[[set]])
      }
    }
    sets <- levels(droplevels(part$data))
    graphics::legend("topright",
      legend = sets, col = colours[sets], pch = 19, lty = 1,
      bty = "n", cex = 0.8
    )
  }
  invisible(x)
}
