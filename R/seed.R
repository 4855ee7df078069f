#' Make a session's results reproducible
#'
#' Seeds every random number generator a model uses, so that the same script
#' gives the same weights and results each time it runs: R's (`set.seed()`),
#' and, through the core's `multikeras.utils.set_random_seed()`, Python's,
#' NumPy's and the active backend's. Call it at the top of a script, after
#' [use_backend()] and before building models (a backend switch later in the
#' session starts the new backend from the same seed).
#'
#' @section Parallelism: Some computations are not deterministic when they
#'   run in parallel: multi-threaded reductions (sums, matrix products, the
#'   gradients of shared weights) add their parts in an order that varies
#'   from run to run, and the last bits of the results with it. By default
#'   `use_session_with_seed()` turns them off: it runs the backend's
#'   operations on one thread (`disable_parallel_cpu`) and off the GPU
#'   (`disable_gpu`); the core documents what each backend does. Training is
#'   slower that way; pass `FALSE` to keep them, at the cost of results that
#'   can differ slightly between runs.
#'
#' @param seed A single whole number.
#' @param disable_gpu `TRUE` to keep computations off the GPU.
#' @param disable_parallel_cpu `TRUE` to run on one CPU thread.
#' @param quiet `TRUE` to print no message.
#'
#' @return The seed, invisibly.
#' @family backend
#' @export
#' @examples
#' if (is_keras_available()) {
#'   use_session_with_seed(42)
#'   model <- keras_model_sequential() %>% layer_dense(2, input_shape = 3)
#'   get_weights(model)[[1]]
#' }
use_session_with_seed <- function(seed, disable_gpu = TRUE, disable_parallel_cpu = TRUE,
                                  quiet = FALSE) {
  seed <- as_integer_arg(seed, "seed", min = 0L)
  check_flag(disable_gpu, "disable_gpu")
  check_flag(disable_parallel_cpu, "disable_parallel_cpu")
  check_flag(quiet, "quiet")
  set.seed(seed)
  utils_module <- core_module("utils")
  py_call(utils_module$set_random_seed(
    seed,
    disable_gpu = disable_gpu,
    disable_parallel_cpu = disable_parallel_cpu,
    quiet = TRUE   # the message below is R's, which suppressMessages() silences
  ))
  if (!quiet) {
    disabled <- c(if (disable_gpu) "GPU", if (disable_parallel_cpu) "CPU parallelism")
    message(sprintf(
      "Set session seed to %d%s", seed,
      if (length(disabled)) sprintf(" (disabled %s)", paste(disabled, collapse = ", ")) else ""
    ))
  }
  invisible(seed)
}
