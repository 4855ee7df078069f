#' Install the Python environment of keras
#'
#' Creates a Python virtual environment (by default `~/.virtualenvs/r-keras`,
#' which the package uses automatically) and installs into it the pinned
#' packages the core needs: NumPy, h5py and the engines of the requested
#' backends (`tensorflow-cpu`, `Theano-PyMC`, `mxnet`). The pins come from
#' `system.file("python", "requirements.txt", package = "keras")` and, for
#' MXNet (installed without its declared dependencies, which it does not
#' need), `requirements-no-deps.txt` beside it; the core itself ships inside
#' the R package and needs no installation.
#'
#' The Theano backend also needs a C++ compiler and a BLAS library on the
#' system (on Debian: `apt-get install g++ libopenblas-dev`). CNTK runs in a
#' separate Python 2.7 engine process and is not installed by this function.
#'
#' Restart R after installing, so that the new environment is used.
#'
#' @param method Installation method; only `"virtualenv"` is supported.
#' @param envname Name of the virtual environment, created under
#'   `WORKON_HOME` (default `~/.virtualenvs`).
#' @param backends Backends to install engines for: any of `"tensorflow"`,
#'   `"theano"`, `"mxnet"`, `"cntk"` (CNTK 2.7 runs in a Python 2.7 engine
#'   process, installed into a private prefix under `KERAS_HOME`).
#' @param python Python 3 interpreter used to create the environment.
#' @param extra_packages Other pip requirements to install.
#' @param ... Unused.
#'
#' @return The path of the environment's Python, invisibly.
#' @family install
#' @export
#' @examples
#' \dontrun{
#' install_keras()
#' install_keras(backends = "tensorflow")
#' }
install_keras <- function(method = "virtualenv", envname = "r-keras",
                          backends = c("tensorflow", "theano", "mxnet"),
                          python = Sys.which("python3"),
                          extra_packages = NULL, ...) {
  if (!identical(method, "virtualenv")) {
    arg_error("method", method, "\"virtualenv\"")
  }
  check_string(envname, "envname")
  bad <- setdiff(backends, c("tensorflow", "theano", "mxnet", "cntk"))
  if (!is.character(backends) || length(bad) || length(backends) == 0) {
    arg_error("backends", backends,
              "one or more of \"tensorflow\", \"theano\", \"mxnet\", \"cntk\"")
  }
  if (!nzchar(python) || !file.exists(python)) {
    stop("No Python 3 found to create the environment; give its path in `python`.",
      call. = FALSE
    )
  }
  requirements <- install_requirements(backends)
  envdir <- default_virtualenv(envname)
  env_python <- file.path(envdir, "bin", "python")

  if (!file.exists(env_python)) {
    message("Creating virtual environment ", envdir)
    run_command(python, c("-m", "venv", shQuote(envdir)))
  }
  req_file <- tempfile("keras-requirements-", fileext = ".txt")
  on.exit(unlink(req_file), add = TRUE)
  writeLines(c(requirements, extra_packages), req_file)
  message("Installing ", paste(c(requirements, extra_packages), collapse = ", "))
  run_command(env_python, c("-m", "pip", "install", "--upgrade", "pip"))
  run_command(env_python, c("-m", "pip", "install", "-r", shQuote(req_file)))
  no_deps <- install_requirements_no_deps(backends)
  if (length(no_deps)) {
    message("Installing ", paste(no_deps, collapse = ", "), " (without dependencies)")
    run_command(env_python, c("-m", "pip", "install", "--no-deps", shQuote(no_deps)))
  }
  if ("cntk" %in% backends) {
    # CNTK 2.7 runs in its own Python 2.7 process: the installer shipped with
    # the core puts Python 2.7 and cntk into a private prefix.
    message("Installing the CNTK engine (Python 2.7 + cntk 2.7, private prefix)")
    script <- system.file("python", "multikeras", "backend", "cntk_engine", "setup-cntk.sh",
                          package = "keras")
    run_command("bash", shQuote(script))
  }
  message("Done. Restart R to use ", env_python)
  invisible(env_python)
}

# The pinned requirements for `backends`: every line of requirements.txt but
# the engines that were not asked for (and the test-only packages).
install_requirements <- function(backends) {
  path <- system.file("python", "requirements.txt", package = "keras")
  lines <- trimws(readLines(path, warn = FALSE))
  lines <- lines[nzchar(lines) & !startsWith(lines, "#")]
  package <- tolower(sub("[<>=!~ ;\\[].*$", "", lines))
  drop <- c("pytest")
  if (!"tensorflow" %in% backends) drop <- c(drop, "tensorflow-cpu", "tensorflow")
  if (!"theano" %in% backends) drop <- c(drop, "theano-pymc", "scipy")
  lines[!package %in% drop]
}

# The pins installed without their dependencies (requirements-no-deps.txt) for
# `backends`: MXNet's when "mxnet" is asked for.
install_requirements_no_deps <- function(backends) {
  path <- system.file("python", "requirements-no-deps.txt", package = "keras")
  lines <- trimws(readLines(path, warn = FALSE))
  lines <- lines[nzchar(lines) & !startsWith(lines, "#")]
  package <- tolower(sub("[<>=!~ ;\\[].*$", "", lines))
  lines[package != "mxnet" | "mxnet" %in% backends]
}

run_command <- function(command, args) {
  status <- system2(command, args)
  if (!identical(status, 0L)) {
    stop(sprintf(
      "Command failed (status %s): %s %s", status, command, paste(args, collapse = " ")
    ), call. = FALSE)
  }
  invisible(TRUE)
}
