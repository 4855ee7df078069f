seed_backends <- c("tensorflow", "theano", "cntk")

# Builds, fits and returns the weights of a small model with dropout and
# shuffling, so that every random source counts.
seeded_run <- function(seed) {
  use_session_with_seed(seed, quiet = TRUE)
  x <- matrix(rnorm(64 * 4), ncol = 4)
  y <- as.numeric(x[, 1] - x[, 2] > 0)
  model <- keras_model_sequential() %>%
    layer_dense(8, activation = "relu", input_shape = 4) %>%
    layer_dropout(0.3) %>%
    layer_dense(1, activation = "sigmoid")
  model %>% compile(optimizer = "adam", loss = "binary_crossentropy")
  model %>% fit(x, y, epochs = 2, batch_size = 16, verbose = 0)
  list(r = runif(1), weights = get_weights(model))
}

for (backend_name in seed_backends) {
  test_that(paste("use_session_with_seed() makes fits repeatable on", backend_name), {
    skip_if_no_backend(backend_name)
    first <- seeded_run(42)
    second <- seeded_run(42)
    other <- seeded_run(7)
    expect_identical(first$r, second$r)
    expect_identical(first$weights, second$weights)
    expect_false(identical(first$weights, other$weights))
  })
}

test_that("use_session_with_seed() sets R's seed, reports and checks its arguments", {
  skip_if_no_backend("tensorflow")
  expect_message(use_session_with_seed(3), "Set session seed to 3 \\(disabled GPU, CPU parallelism\\)")
  a <- runif(2)
  expect_silent(use_session_with_seed(3, quiet = TRUE))
  # the report is R's message alone: Python prints nothing beside it
  python_output <- reticulate::py_capture_output(suppressMessages(use_session_with_seed(3)))
  expect_identical(python_output, "")
  expect_identical(runif(2), a)
  expect_message(use_session_with_seed(3, disable_parallel_cpu = FALSE), "disabled GPU\\)")
  expect_error(use_session_with_seed("a"), "`seed` must be a non-negative whole number")
  expect_error(use_session_with_seed(1, disable_gpu = NA), "`disable_gpu` must be TRUE or FALSE")
})
