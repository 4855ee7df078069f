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
  callbacks <- core_module("callbacks")
  if (!reticulate::py_has_attr(callbacks, class_name)) {
    stop(sprintf("The Python core (multikeras.callbacks) has no %s callback in this version.",
                 class_name), call. = FALSE)
  }
  py_call(do.call(callbacks[[class_name]], drop_nulls(list(...))))
}

#' Progress bar callback
#'
#' Prints the progress of training: a live bar (`verbose = 1` in [fit()]) or
#' one line per epoch (`verbose = 2`). [fit()] adds one by itself when
#' `verbose` is not 0; give your own to count steps instead of samples, or to
#' show some metrics as they are rather than averaged over the epoch.
#'
#' @param count_mode `"samples"` (the bar counts samples) or `"steps"`
#'   (batches).
#' @param stateful_metrics Names of metrics shown as they stand rather than
#'   averaged over the epoch (`NULL`: none).
#'
#' @return A callback, for `fit(callbacks = list(...))`.
#' @family callbacks
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>% layer_dense(1, input_shape = 2)
#'   model %>% compile(optimizer = "sgd", loss = "mse")
#'   x <- matrix(rnorm(40), ncol = 2)
#'   model %>% fit(x, rowSums(x), epochs = 1, verbose = 0,
#'                 callbacks = list(callback_progbar_logger(count_mode = "steps")))
#' }
callback_progbar_logger <- function(count_mode = "samples", stateful_metrics = NULL) {
  if (!is.null(stateful_metrics) &&
    (!is.character(stateful_metrics) || anyNA(stateful_metrics))) {
    arg_error("stateful_metrics", stateful_metrics, "NULL or a character vector of metric names")
  }
  make_callback("ProgbarLogger",
    count_mode = check_string(count_mode, "count_mode", choices = c("samples", "steps")),
    stateful_metrics = if (!is.null(stateful_metrics)) as.list(stateful_metrics)
  )
}

#' Callback that sends the epoch's metrics to a server
#'
#' After each epoch, POSTs the epoch's logs (the epoch number, the loss and
#' metrics) to `root` + `path`: as a form whose `field` holds them as JSON,
#' or, with `send_as_json = TRUE`, as a JSON body. A server that does not
#' answer gives a warning, not an error.
#'
#' @param root Root URL of the server, e.g. `"http://localhost:9000"`.
#' @param path Path on the server to send the logs to.
#' @param field Name of the form field holding the logs (ignored with
#'   `send_as_json = TRUE`).
#' @param headers Optional named list (or named character vector) of HTTP
#'   headers.
#' @param send_as_json Send the logs as a JSON body (`application/json`).
#'
#' @return A callback, for `fit(callbacks = list(...))`.
#' @family callbacks
#' @export
#' @examples
#' if (is_keras_available() &&
#'     reticulate::py_has_attr(reticulate::import("multikeras.callbacks"),
#'                             "RemoteMonitor")) {
#'   monitor <- callback_remote_monitor(root = "http://localhost:9000",
#'                                      send_as_json = TRUE)
#' }
callback_remote_monitor <- function(root = "http://localhost:9000", path = "/publish/epoch/end/",
                                    field = "data", headers = NULL, send_as_json = FALSE) {
  check_string(root, "root")
  if (!grepl("^https?://", root)) {
    arg_error("root", root, "an http:// or https:// URL")
  }
  if (!is.null(headers)) {
    if (is.null(names(headers)) || any(!nzchar(names(headers))) ||
      !all(vapply(headers, function(h) is.character(h) && length(h) == 1, logical(1)))) {
      arg_error("headers", headers, "NULL or a named list of strings")
    }
    headers <- as.list(headers)
  }
  make_callback("RemoteMonitor",
    root = root,
    path = check_string(path, "path"),
    field = check_string(field, "field"),
    headers = headers,
    send_as_json = check_flag(send_as_json, "send_as_json")
  )
}

#' TensorBoard callback
#'
#' Writes event files for TensorBoard in `log_dir`, on every backend: the
#' loss and metrics of each epoch (and of every `update_freq` samples),
#' histograms of the weights every `histogram_freq` epochs, and the model
#' graph on TensorFlow. Look at them with [tensorboard()].
#'
#' @param log_dir Directory to write to (`NULL`: `"logs"`, in the working
#'   directory). Created when missing.
#' @param histogram_freq Epochs between weight histograms (0: none). They
#'   need validation data.
#' @param batch_size Batch size used for the histograms.
#' @param write_graph Write the model graph (TensorFlow only).
#' @param write_grads Write histograms of the gradients too (needs
#'   `histogram_freq` > 0).
#' @param write_images Write the weights as images.
#' @param embeddings_freq Epochs between saves of the embedding layers (0:
#'   none).
#' @param embeddings_layer_names Names of the layers to save (`NULL`: every
#'   embedding layer).
#' @param embeddings_metadata Metadata file(s) of the embeddings: one path, or
#'   a named list from layer names to paths.
#' @param embeddings_data Data to compute the embeddings of.
#' @param update_freq `"epoch"`, `"batch"` or a number of samples: how often
#'   the loss and metrics are written.
#'
#' @return A callback, for `fit(callbacks = list(...))`.
#' @family callbacks
#' @export
#' @examples
#' if (is_keras_available()) {
#'   logs <- file.path(tempdir(), "tb-example")
#'   model <- keras_model_sequential() %>% layer_dense(1, input_shape = 2)
#'   model %>% compile(optimizer = "sgd", loss = "mse")
#'   x <- matrix(rnorm(40), ncol = 2)
#'   model %>% fit(x, rowSums(x), epochs = 2, verbose = 0,
#'                 callbacks = list(callback_tensorboard(logs)))
#'   list.files(logs, recursive = TRUE)
#' }
callback_tensorboard <- function(log_dir = NULL, histogram_freq = 0, batch_size = 32,
                                 write_graph = TRUE, write_grads = FALSE,
                                 write_images = FALSE, embeddings_freq = 0,
                                 embeddings_layer_names = NULL, embeddings_metadata = NULL,
                                 embeddings_data = NULL, update_freq = "epoch") {
  log_dir <- check_string(log_dir %||% "logs", "log_dir")
  if (!(identical(update_freq, "epoch") || identical(update_freq, "batch") ||
    (is_whole(update_freq) && length(update_freq) == 1 && update_freq >= 1))) {
    arg_error("update_freq", update_freq, "\"epoch\", \"batch\" or a positive whole number of samples")
  }
  if (is.numeric(update_freq)) update_freq <- as.integer(update_freq)
  if (!is.null(embeddings_layer_names) &&
    (!is.character(embeddings_layer_names) || anyNA(embeddings_layer_names))) {
    arg_error("embeddings_layer_names", embeddings_layer_names, "NULL or a character vector of layer names")
  }
  if (!is.null(embeddings_metadata)) {
    if (is.character(embeddings_metadata) && length(embeddings_metadata) == 1) {
      embeddings_metadata <- normalizePath(embeddings_metadata, mustWork = FALSE)
    } else if (is.list(embeddings_metadata) && !is.null(names(embeddings_metadata))) {
      embeddings_metadata <- lapply(embeddings_metadata, normalizePath, mustWork = FALSE)
    } else {
      arg_error("embeddings_metadata", embeddings_metadata,
                "NULL, a file path, or a named list from layer names to file paths")
    }
  }
  make_callback("TensorBoard",
    log_dir = normalizePath(log_dir, mustWork = FALSE),
    histogram_freq = as_integer_arg(histogram_freq, "histogram_freq", min = 0L),
    batch_size = as_integer_arg(batch_size, "batch_size", min = 1L),
    write_graph = check_flag(write_graph, "write_graph"),
    write_grads = check_flag(write_grads, "write_grads"),
    write_images = check_flag(write_images, "write_images"),
    embeddings_freq = as_integer_arg(embeddings_freq, "embeddings_freq", min = 0L),
    embeddings_layer_names = if (!is.null(embeddings_layer_names)) as.list(embeddings_layer_names),
    embeddings_metadata = embeddings_metadata,
    embeddings_data = if (!is.null(embeddings_data)) as_model_data(embeddings_data, "embeddings_data"),
    update_freq = update_freq
  )
}

#' Run TensorBoard
#'
#' Starts TensorBoard, the `tensorboard` program of the Python environment,
#' in the background on `log_dir`, waits until it answers, and returns its
#' URL (opening it in a browser when `launch_browser` is `TRUE`).
#' `action = "stop"` stops the TensorBoard started on `log_dir` (or, with no
#' `log_dir`, every one this session started). TensorBoards still running
#' are stopped when the R session ends.
#'
#' @param log_dir Directory (or directories) of event files, e.g. the
#'   `log_dir` of [callback_tensorboard()]. A named vector gives the runs
#'   those names.
#' @param action `"start"` or `"stop"`.
#' @param host Address to serve on.
#' @param port Port to serve on, or `"auto"` for a free one.
#' @param launch_browser Open the URL in a web browser.
#' @param reload_interval Seconds between reloads of the event files.
#' @param purge_orphaned_data Let TensorBoard drop the data a restarted run
#'   has orphaned.
#'
#' @return The URL of TensorBoard, invisibly (`action = "stop"`: `NULL`).
#' @family callbacks
#' @export
#' @examples
#' \dontrun{
#' url <- tensorboard("logs", launch_browser = FALSE)
#' tensorboard("logs", action = "stop")
#' }
tensorboard <- function(log_dir, action = c("start", "stop"), host = "127.0.0.1",
                        port = "auto", launch_browser = getOption(
                          "keras.tensorboard.browser", interactive()
                        ),
                        reload_interval = 5, purge_orphaned_data = TRUE) {
  action <- match.arg(action)
  if (action == "stop") {
    keys <- if (missing(log_dir)) ls(.tensorboards) else tensorboard_key(log_dir)
    for (key in intersect(keys, ls(.tensorboards))) stop_tensorboard(key)
    return(invisible(NULL))
  }
  if (missing(log_dir) || !is.character(log_dir) || length(log_dir) == 0 || anyNA(log_dir)) {
    arg_error("log_dir", if (missing(log_dir)) NULL else log_dir, "one or more directory paths")
  }
  check_string(host, "host")
  if (identical(port, "auto")) {
    port <- free_port(host)
  } else {
    port <- as_integer_arg(port, "port", min = 1L)
  }
  check_flag(launch_browser, "launch_browser")
  reload_interval <- check_number(reload_interval, "reload_interval", min = 0)
  check_flag(purge_orphaned_data, "purge_orphaned_data")

  key <- tensorboard_key(log_dir)
  if (exists(key, envir = .tensorboards)) stop_tensorboard(key)
  dirs <- normalizePath(log_dir, mustWork = FALSE)
  for (dir in dirs) dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  logdir_args <- if (length(dirs) == 1 && is.null(names(log_dir))) {
    c("--logdir", dirs)
  } else {
    run_names <- names(log_dir) %||% basename(dirs)
    c("--logdir_spec", paste0(run_names, ":", dirs, collapse = ","))
  }
  args <- c(
    logdir_args, "--host", host, "--port", as.character(port),
    "--reload_interval", format(reload_interval),
    paste0("--purge_orphaned_data=", tolower(purge_orphaned_data))
  )
  log_file <- tempfile("tensorboard-", fileext = ".log")
  subprocess <- reticulate::import("subprocess", convert = FALSE)
  python <- reticulate::py_exe()
  command <- c(tensorboard_program(python), args)
  log <- reticulate::import_builtins(convert = FALSE)$open(log_file, "w")
  process <- py_call(subprocess$Popen(
    as.list(command),
    stdout = log, stderr = subprocess$STDOUT, stdin = subprocess$DEVNULL
  ))
  log$close()
  url <- sprintf("http://%s:%d", if (host %in% c("0.0.0.0", "::")) "127.0.0.1" else host, port)
  assign(key, list(process = process, url = url, log = log_file), envir = .tensorboards)
  stop_tensorboards_on_exit()
  wait_for_tensorboard(key, timeout = 60)
  if (launch_browser) utils::browseURL(url)
  invisible(url)
}

# TensorBoards started in this session, by log directory.
.tensorboards <- new.env(parent = emptyenv())

tensorboard_key <- function(log_dir) {
  paste(sort(normalizePath(log_dir, mustWork = FALSE)), collapse = "|")
}

# The command that runs TensorBoard: the `tensorboard` script next to the
# Python executable, else the module through that Python.
tensorboard_program <- function(python) {
  script <- file.path(dirname(python), "tensorboard")
  if (file.exists(script)) {
    return(script)
  }
  if (!reticulate::py_module_available("tensorboard")) {
    stop(sprintf(
      "TensorBoard is not installed in the Python environment (%s); it comes with tensorflow-cpu: run install_keras().",
      python
    ), call. = FALSE)
  }
  c(python, "-m", "tensorboard.main")
}

free_port <- function(host) {
  socket <- reticulate::import("socket", convert = TRUE)
  s <- socket$socket(socket$AF_INET, socket$SOCK_STREAM)
  on.exit(s$close())
  s$bind(reticulate::tuple(if (host %in% c("0.0.0.0", "::")) "127.0.0.1" else host, 0L))
  as.integer(s$getsockname()[[2]])
}

wait_for_tensorboard <- function(key, timeout) {
  entry <- get(key, envir = .tensorboards)
  deadline <- Sys.time() + timeout
  while (Sys.time() < deadline) {
    code <- reticulate::py_to_r(entry$process$poll())
    if (!is.null(code)) {
      rm(list = key, envir = .tensorboards)
      output <- paste(utils::tail(readLines(entry$log, warn = FALSE), 15), collapse = "\n")
      stop(sprintf("TensorBoard exited (status %s) before serving %s:\n%s", code, entry$url, output),
        call. = FALSE
      )
    }
    if (url_answers(entry$url)) {
      return(invisible(TRUE))
    }
    Sys.sleep(0.5)
  }
  stop_tensorboard(key)
  stop(sprintf("TensorBoard did not answer at %s within %d seconds (log: %s).",
               entry$url, timeout, entry$log), call. = FALSE)
}

url_answers <- function(url) {
  con <- NULL
  ok <- tryCatch(
    {
      con <- suppressWarnings(url(url, open = "rb"))
      TRUE
    },
    error = function(e) FALSE
  )
  if (!is.null(con)) close(con)
  ok
}

stop_tensorboard <- function(key) {
  entry <- get(key, envir = .tensorboards)
  rm(list = key, envir = .tensorboards)
  process <- entry$process
  if (is.null(reticulate::py_to_r(process$poll()))) {
    process$terminate()
    stopped <- tryCatch(
      {
        process$wait(timeout = 10)
        TRUE
      },
      error = function(e) FALSE
    )
    if (!stopped) {
      process$kill()
      process$wait()
    }
  }
  invisible(NULL)
}

# Stops the TensorBoards still running when R exits: registered by the first
# tensorboard() of a session (a finalizer does not survive the package build).
stop_all_tensorboards <- function(...) {
  for (key in ls(.tensorboards)) try(stop_tensorboard(key), silent = TRUE)
}

stop_tensorboards_on_exit <- function() {
  if (is.null(.tensorboards$.on_exit)) {
    reg.finalizer(.tensorboards, stop_all_tensorboards, onexit = TRUE)
    assign(".on_exit", TRUE, envir = .tensorboards)
  }
}
