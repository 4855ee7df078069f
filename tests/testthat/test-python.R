# The choice of Python and the lazy import, checked in fresh R processes.

run_r <- function(code, env = character()) {
  rscript <- file.path(R.home("bin"), "Rscript")
  out <- suppressWarnings(system2(rscript, c("-e", shQuote(code)), stdout = TRUE, stderr = TRUE, env = env))
  paste(out, collapse = "\n")
}

test_that("library(keras) starts no Python and imports no engine", {
  out <- run_r("library(keras); cat('PY', reticulate::py_available(), '\\n')")
  expect_match(out, "PY FALSE")
})

test_that("KERAS_PYTHON takes precedence over RETICULATE_PYTHON", {
  skip_if_no_keras()
  python <- reticulate::py_config()$python
  out <- run_r(
    "library(keras); invisible(k_floatx()); cat('USING', reticulate::py_config()$python, '\\n')",
    env = c(
      paste0("KERAS_PYTHON=", python),
      "RETICULATE_PYTHON=/nonexistent/python3",
      paste0("KERAS_HOME=", Sys.getenv("KERAS_HOME"))
    )
  )
  expect_match(out, paste("USING", python), fixed = TRUE)
})
