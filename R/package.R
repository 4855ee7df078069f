#' R interface to a multi-backend Keras
#'
#' The package wraps `multikeras`, a Python core with the Keras 2.3 API that
#' runs on TensorFlow, Theano, CNTK or MXNet. The core ships inside the package
#' (`system.file("python", package = "keras")`) and is imported lazily: loading
#' the package never starts Python nor imports an engine; the first call that
#' needs the core does.
#'
#' Python is chosen, in order, from the `KERAS_PYTHON` environment variable,
#' then `RETICULATE_PYTHON`, then the virtual environment made by
#' [install_keras()] (`~/.virtualenvs/r-keras`).
#'
#' @keywords internal
#' @importFrom R6 R6Class
#' @importFrom stats predict
#' @importFrom graphics plot
"_PACKAGE"

# The core package, imported on first use (see .onLoad).
keras <- NULL

# Cache of core sub-modules, filled on first use.
.core <- new.env(parent = emptyenv())

.onLoad <- function(libname, pkgname) {
  select_python()
  python_path <- system.file("python", package = pkgname, lib.loc = libname)
  keras <<- reticulate::import_from_path(
    "multikeras",
    path = python_path,
    delay_load = list(
      on_error = function(e) stop(keras_unavailable_message(e), call. = FALSE)
    )
  )
}

# Points reticulate at the Python the core should run on, without starting it.
select_python <- function() {
  if (reticulate::py_available(initialize = FALSE)) {
    return(invisible(NULL))
  }
  keras_python <- Sys.getenv("KERAS_PYTHON", unset = "")
  if (nzchar(keras_python)) {
    # RETICULATE_PYTHON has the highest precedence inside reticulate; setting
    # it for this session is the only way for KERAS_PYTHON to win over it.
    Sys.setenv(RETICULATE_PYTHON = keras_python)
    return(invisible(keras_python))
  }
  if (nzchar(Sys.getenv("RETICULATE_PYTHON", unset = ""))) {
    return(invisible(NULL))
  }
  python <- file.path(default_virtualenv(), "bin", "python")
  if (file.exists(python)) {
    reticulate::use_python(python, required = FALSE)
    return(invisible(python))
  }
  invisible(NULL)
}

default_virtualenv <- function(envname = "r-keras") {
  root <- Sys.getenv("WORKON_HOME", unset = "~/.virtualenvs")
  path.expand(file.path(root, envname))
}

keras_unavailable_message <- function(e) {
  paste0(
    "The Python core of keras (multikeras) could not be loaded: ",
    conditionMessage(e), "\n",
    "Install its Python environment with install_keras(), or point ",
    "KERAS_PYTHON at a Python that has the packages in ",
    system.file("python", "requirements.txt", package = "keras"), "."
  )
}

#' Is the Python core available?
#'
#' `is_keras_available()` checks, without raising an error, whether Python can
#' be started and the `multikeras` core imported, and, with `version`, whether
#' the Keras API the core implements is at least that version. Use it to guard
#' code (examples, vignettes, tests) that needs Python, as with R keras 2.2
#' (`if (is_keras_available("2.0.7")) ...`).
#'
#' The core implements the API of multi-backend Keras 2.3.1: `keras_version()`
#' reports `2.3.1` (the Python attribute `multikeras.__keras_version__`).
#'
#' @param version Minimum Keras version required, e.g. `"2.0.7"` (a string or
#'   a [numeric_version()]), or `NULL` for any version.
#' @return `is_keras_available()`: `TRUE` or `FALSE`. `keras_version()`: the
#'   Keras API version of the core, a [numeric_version()].
#' @family install
#' @export
#' @examples
#' if (is_keras_available()) {
#'   k_backend()
#'   keras_version()
#' }
#' is_keras_available("2.0.7")
is_keras_available <- function(version = NULL) {
  if (!is.null(version)) {
    required <- tryCatch(numeric_version(version), error = function(e) NULL)
    if (length(required) != 1) {
      arg_error("version", version, 'a version such as "2.0.7", or NULL')
    }
    version <- required
  }
  ok <- tryCatch(
    {
      reticulate::py_module_available("numpy") &&
        !is.null(core_module("backend")) &&
        (is.null(version) || keras_version() >= version)
    },
    error = function(e) FALSE
  )
  isTRUE(ok)
}

#' @rdname is_keras_available
#' @export
keras_version <- function() {
  force_core()
  numeric_version(as.character(keras$`__keras_version__`))
}

# Imports (once) and returns `multikeras.<name>`.
core_module <- function(name, convert = TRUE) {
  key <- paste0(name, if (convert) "" else ":noconvert")
  module <- .core[[key]]
  if (is.null(module)) {
    force_core()
    module <- reticulate::import(paste0("multikeras.", name), convert = convert)
    assign(key, module, envir = .core)
  }
  module
}

# Makes sure the delayed `multikeras` import has happened (it puts the core on
# Python's module table, so that its sub-modules can then be imported).
force_core <- function() {
  if (is.null(.core$loaded)) {
    keras$`__name__`
    assign("loaded", TRUE, envir = .core)
  }
  invisible(TRUE)
}

core_np <- function() {
  module <- .core$numpy
  if (is.null(module)) {
    module <- reticulate::import("numpy", convert = FALSE)
    assign("numpy", module, envir = .core)
  }
  module
}

# Python set-up and Python values, from reticulate, as R keras offers them.

#' @importFrom reticulate use_python
#' @export
reticulate::use_python

#' @importFrom reticulate use_virtualenv
#' @export
reticulate::use_virtualenv

#' @importFrom reticulate use_condaenv
#' @export
reticulate::use_condaenv

#' @importFrom reticulate tuple
#' @export
reticulate::tuple
