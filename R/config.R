#' Select the backend
#'
#' Makes `backend` the active computational backend of the Python core. It
#' works at any time in a session, with no restart: the core activates the
#' backend and clears its session. Models built before the switch keep their
#' weights and are rebuilt on the new backend the next time they are used.
#'
#' The backend used when `use_backend()` has not been called comes from the
#' `KERAS_BACKEND` environment variable (read when Python starts), else the
#' `backend` key of `keras.json` (in `$KERAS_HOME`, else `~/.keras`), else
#' `"tensorflow"`.
#'
#' @param backend Name of the backend: `"tensorflow"`, `"cntk"`, `"theano"` or
#'   `"mxnet"`.
#'
#' @return The name of the now active backend, invisibly.
#' @seealso [backend()] for the backend module, [k_backend()] for the name of
#'   the active backend.
#' @family backend
#' @export
#' @examples
#' if (is_keras_available()) {
#'   old <- k_backend()
#'   use_backend("tensorflow")
#'   k_backend()
#'   use_backend(old)
#' }
use_backend <- function(backend = c("tensorflow", "cntk", "theano", "mxnet")) {
  valid <- c("tensorflow", "cntk", "theano", "mxnet")
  if (missing(backend)) {
    backend <- valid[[1]]
  }
  if (!is.character(backend) || length(backend) != 1 || is.na(backend) ||
    !backend %in% valid) {
    stop(sprintf(
      "Unknown backend %s: `backend` must be one of %s.",
      format_value(backend), paste0('"', valid, '"', collapse = ", ")
    ), call. = FALSE)
  }
  py_call(core_module("backend")$use_backend(backend))
  invisible(backend)
}

#' The backend module
#'
#' Returns the Python backend facade (`multikeras.backend`): its functions
#' are those of the active backend, with the Keras 2.3 names and semantics
#' (`K$sum()`, `K$dot()`, ...). Axes passed to it directly are 0-based, as in
#' Python; the `k_*()` wrappers take 1-based axes.
#'
#' @param convert Whether Python results are converted to R values.
#'
#' @return The `multikeras.backend` Python module.
#' @family backend
#' @export
#' @examples
#' if (is_keras_available()) {
#'   K <- backend()
#'   K$backend()
#'   K$epsilon()
#' }
backend <- function(convert = TRUE) {
  core_module("backend", convert = convert)
}

#' Backend configuration
#'
#' Read and set the settings shared by every backend: the active backend's
#' name, the default float type, the fuzz factor `epsilon`, and the default
#' image data format. These settings start from `keras.json` (in
#' `$KERAS_HOME`, else `~/.keras`; written with defaults when missing) and keep
#' their values across [use_backend()] switches. Setting them changes this
#' session only, not the file.
#'
#' @param floatx Default float type: `"float16"`, `"float32"` or `"float64"`.
#' @param e Fuzz factor, a positive number.
#' @param data_format `"channels_last"` or `"channels_first"`.
#'
#' @return `k_backend()`: the name of the active backend. `k_floatx()`,
#'   `k_epsilon()`, `k_image_data_format()`: the current setting. The setters
#'   return the previous value, invisibly.
#' @family backend
#' @name k_config
#' @examples
#' if (is_keras_available()) {
#'   k_backend()
#'   old <- k_set_epsilon(1e-6)
#'   k_epsilon()
#'   k_set_epsilon(old)
#'   k_floatx()
#'   k_image_data_format()
#' }
NULL

#' @rdname k_config
#' @export
k_backend <- function() {
  core_module("backend")$backend()
}

#' @rdname k_config
#' @export
k_floatx <- function() {
  core_module("backend")$floatx()
}

#' @rdname k_config
#' @export
k_set_floatx <- function(floatx) {
  check_string(floatx, "floatx", choices = c("float16", "float32", "float64"))
  old <- k_floatx()
  py_call(core_module("backend")$set_floatx(floatx))
  invisible(old)
}

#' @rdname k_config
#' @export
k_epsilon <- function() {
  core_module("backend")$epsilon()
}

#' @rdname k_config
#' @export
k_set_epsilon <- function(e) {
  e <- check_number(e, "e")
  if (e <= 0) arg_error("e", e, "a positive number")
  old <- k_epsilon()
  py_call(core_module("backend")$set_epsilon(e))
  invisible(old)
}

#' @rdname k_config
#' @export
k_image_data_format <- function() {
  core_module("backend")$image_data_format()
}

#' @rdname k_config
#' @export
k_set_image_data_format <- function(data_format) {
  check_string(data_format, "data_format", choices = c("channels_last", "channels_first"))
  old <- k_image_data_format()
  py_call(core_module("backend")$set_image_data_format(data_format))
  invisible(old)
}

#' Destroy the current graph and reset the session
#'
#' Clears the active backend's state (graph, session, layer name counters).
#' Useful to free memory when many models are built in a loop.
#'
#' @return `NULL`, invisibly.
#' @family backend
#' @export
#' @examples
#' if (is_keras_available()) {
#'   k_clear_session()
#' }
k_clear_session <- function() {
  py_call(core_module("backend")$clear_session())
  invisible(NULL)
}

#' Path of the configuration file
#'
#' The `keras.json` file that the R package and the Python core share: in
#' `$KERAS_HOME`, else `~/.keras`. The core writes it with the defaults when
#' it is missing. Keys: `backend`, `floatx`, `epsilon`, `image_data_format`.
#'
#' @return The path of `keras.json`.
#' @family backend
#' @export
#' @examples
#' if (is_keras_available()) {
#'   keras_config_path()
#' }
keras_config_path <- function() {
  core_module("config")$config_path()
}

#' Read the configuration file
#'
#' Reads `keras.json` (see [keras_config_path()]) as an R list, as written on
#' disk. The settings in effect in this session may differ when they were
#' changed with [use_backend()] or the `k_set_*()` functions, which do not
#' write the file.
#'
#' @return A named list with `backend`, `floatx`, `epsilon` and
#'   `image_data_format`, or `NULL` when the file does not exist.
#' @family backend
#' @export
#' @examples
#' if (is_keras_available()) {
#'   str(keras_config())
#' }
keras_config <- function() {
  path <- keras_config_path()
  if (!file.exists(path)) {
    return(NULL)
  }
  jsonlite::read_json(path, simplifyVector = TRUE)
}
