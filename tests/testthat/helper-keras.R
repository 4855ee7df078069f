# Skips (with the reason) when the Python core is missing, so that a missing
# Python is reported as a skip and never as a pass.
skip_if_no_keras <- function() {
  if (!is_keras_available()) {
    reason <- tryCatch(
      {
        keras:::force_core()
        "unknown reason"
      },
      error = function(e) conditionMessage(e)
    )
    skip(paste("Python core (multikeras) not available:", reason))
  }
}

# Activates `name`, or skips with the reason when its engine is not installed
# (the core raises ImportError for that). Any other failure of the switch is a
# test error, not a skip.
skip_if_no_backend <- function(name) {
  skip_if_no_keras()
  # Models of finished tests are garbage: collect them so that the core does
  # not carry them over to the new backend.
  gc(verbose = FALSE)
  problem <- tryCatch(
    {
      use_backend(name)
      NULL
    },
    error = function(e) conditionMessage(e)
  )
  if (!is.null(problem)) {
    if (grepl("^ImportError", problem)) {
      skip(sprintf("backend %s not installed: %s", name, problem))
    }
    stop(sprintf("use_backend(\"%s\") failed: %s", name, problem), call. = FALSE)
  }
  invisible(name)
}

# Two well separated Gaussian blobs in 2D: class 0 around (-2, -2), class 1
# around (2, 2).
make_blobs <- function(n = 200, seed = 1) {
  set.seed(seed)
  half <- n %/% 2
  x <- rbind(
    matrix(stats::rnorm(half * 2, mean = -2, sd = 0.7), ncol = 2),
    matrix(stats::rnorm(half * 2, mean = 2, sd = 0.7), ncol = 2)
  )
  y <- c(rep(0, half), rep(1, half))
  idx <- sample(n)
  list(x = x[idx, , drop = FALSE], y = y[idx])
}

tiny_classifier <- function(input_dim = 2) {
  model <- keras_model_sequential() %>%
    layer_dense(units = 4, activation = "relu", input_shape = input_dim) %>%
    layer_dense(units = 1, activation = "sigmoid")
  model %>% compile(
    optimizer = optimizer_adam(lr = 0.05),
    loss = "binary_crossentropy",
    metrics = "accuracy"
  )
  model
}

accuracy_of <- function(model, x, y) {
  mean((predict(model, x) > 0.5) == y)
}
