# An R function that returns batch i of (x, y), cycling through the data in
# order, and counts its calls.
batch_cycler <- function(x, y, batch_size, weights = NULL) {
  n <- nrow(x)
  starts <- seq(1, n, by = batch_size)
  state <- new.env()
  state$i <- 0L
  state$calls <- 0L
  fn <- function() {
    state$calls <- state$calls + 1L
    start <- starts[state$i %% length(starts) + 1L]
    state$i <- state$i + 1L
    rows <- start:min(start + batch_size - 1L, n)
    batch <- list(x[rows, , drop = FALSE], y[rows])
    if (!is.null(weights)) batch[[3]] <- weights[rows]
    batch
  }
  list(fn = fn, state = state)
}

test_that("fit_generator() trains from an R function, calling it once per step", {
  skip_if_no_keras()
  d <- make_blobs(160)
  model <- tiny_classifier()
  gen <- batch_cycler(d$x, d$y, 32)
  history <- model %>% fit_generator(gen$fn, steps_per_epoch = 5, epochs = 4, verbose = 0)
  expect_s3_class(history, "keras_training_history")
  expect_equal(history$params$epochs, 4)
  expect_length(history$metrics$loss, 4)
  expect_lt(history$metrics$loss[4], history$metrics$loss[1])
  expect_equal(gen$state$calls, 20L)
  expect_gt(accuracy_of(model, d$x, d$y), 0.9)
})

test_that("R generators run on R's main thread even with workers > 0", {
  skip_if_no_keras()
  d <- make_blobs(64)
  model <- tiny_classifier()
  threading <- reticulate::import("threading", convert = FALSE)
  on_main <- logical(0)
  gen <- batch_cycler(d$x, d$y, 16)
  fn <- function() {
    on_main <<- c(on_main, identical(
      reticulate::py_to_r(threading$current_thread()$ident),
      reticulate::py_to_r(threading$main_thread()$ident)
    ))
    gen$fn()
  }
  model %>% fit_generator(fn, steps_per_epoch = 4, epochs = 2, workers = 2,
                          max_queue_size = 3, verbose = 0)
  # Read synchronously: exactly the steps asked for, none read ahead.
  expect_length(on_main, 8)
  expect_true(all(on_main))
  result <- model %>% evaluate_generator(fn, steps = 3, workers = 2)
  expect_length(on_main, 11)
  expect_true(all(on_main))
})

test_that("fit_generator() validates on arrays or on a generator", {
  skip_if_no_keras()
  d <- make_blobs(128)
  model <- tiny_classifier()
  gen <- batch_cycler(d$x[1:96, ], d$y[1:96], 32)
  val <- batch_cycler(d$x[97:128, ], d$y[97:128], 16)
  history <- model %>% fit_generator(gen$fn, steps_per_epoch = 3, epochs = 2, verbose = 0,
                                     validation_data = val$fn, validation_steps = 2)
  expect_length(history$metrics$val_loss, 2)
  expect_equal(val$state$calls, 4L)
  expect_true(history$params$do_validation)
  history <- model %>% fit_generator(gen$fn, steps_per_epoch = 3, epochs = 1, verbose = 0,
                                     validation_data = list(d$x[97:128, ], d$y[97:128]))
  expected <- evaluate(model, d$x[97:128, ], d$y[97:128], verbose = 0)
  # The validation of the last epoch is the model's loss after it.
  expect_equal(history$metrics$val_loss, expected$loss, tolerance = 1e-5)
  expect_error(model %>% fit_generator(gen$fn, steps_per_epoch = 3, validation_data = val$fn),
               "`validation_steps` is missing")
})

test_that("evaluate_generator() and predict_generator() match evaluate() and predict()", {
  skip_if_no_keras()
  d <- make_blobs(96)
  model <- tiny_classifier()
  model %>% fit(d$x, d$y, epochs = 2, verbose = 0)
  gen <- batch_cycler(d$x, d$y, 32)
  by_gen <- model %>% evaluate_generator(gen$fn, steps = 3)
  by_arrays <- model %>% evaluate(d$x, d$y, batch_size = 32, verbose = 0)
  expect_named(by_gen, names(by_arrays))
  expect_equal(by_gen$loss, by_arrays$loss, tolerance = 1e-5)
  expect_equal(by_gen$acc %||% by_gen$accuracy, by_arrays$acc %||% by_arrays$accuracy,
               tolerance = 1e-6)
  # list(x, y) batches, as for training ...
  gen <- batch_cycler(d$x, d$y, 32)
  p <- model %>% predict_generator(gen$fn, steps = 3)
  expect_equal(dim(p), c(96L, 1L))
  expect_equal(p, predict(model, d$x), tolerance = 1e-6)
  # ... or x alone.
  i <- 0
  x_only <- function() {
    i <<- i + 1
    d$x[(i - 1) * 48 + 1:48, ]
  }
  p2 <- model %>% predict_generator(x_only, steps = 2)
  expect_equal(p2, predict(model, d$x), tolerance = 1e-6)
})

test_that("sample weights from an R generator weigh the loss", {
  skip_if_no_keras()
  d <- make_blobs(64)
  model <- tiny_classifier()
  model %>% fit(d$x, d$y, epochs = 1, verbose = 0)
  # All weight on the first half: the weighted loss is that half's mean loss.
  w <- c(rep(1, 32), rep(0, 32))
  gen <- batch_cycler(d$x, d$y, 64, weights = w)
  weights_before <- get_weights(model)
  history <- model %>% fit_generator(gen$fn, steps_per_epoch = 1, epochs = 1, verbose = 0)
  set_weights(model, weights_before)
  first_half <- evaluate(model, d$x[1:32, ], d$y[1:32], verbose = 0)$loss
  # The loss of a fit step is computed before the update, on the weighted batch
  # (weights normalized over the batch by Keras: mean(w * l) / mean(w)).
  expect_equal(history$metrics$loss, first_half, tolerance = 1e-4)
  bad <- function() list(d$x[1:8, ], d$y[1:8], rep(1, 5))
  expect_error(model %>% fit_generator(bad, steps_per_epoch = 1, verbose = 0),
               "step 1: sample_weights` has 5 values but `x` has 8 samples")
})

test_that("a batch of the wrong shape names the step and both shapes", {
  skip_if_no_keras()
  d <- make_blobs(64)
  model <- tiny_classifier()
  step <- 0
  fn <- function() {
    step <<- step + 1
    if (step == 3) return(list(matrix(0, 8, 3), rep(0, 8)))
    list(d$x[1:8, ], d$y[1:8])
  }
  expect_error(
    model %>% fit_generator(fn, steps_per_epoch = 5, epochs = 1, verbose = 0),
    "step 3: x has shape \\(8, 3\\) but the model expects input shape \\(NULL, 2\\)"
  )
  # The model is still usable.
  expect_equal(dim(predict(model, d$x)), c(64L, 1L))
  history <- model %>% fit(d$x, d$y, epochs = 1, verbose = 0)
  expect_length(history$metrics$loss, 1)
  # x and y with different numbers of rows.
  uneven <- function() list(d$x[1:8, ], d$y[1:6])
  expect_error(model %>% fit_generator(uneven, steps_per_epoch = 1, verbose = 0),
               "step 1: x` has 8 samples .* `y` has 6")
  # NA values.
  with_na <- function() list(rbind(d$x[1:7, ], c(NA, 1)), d$y[1:8])
  expect_error(model %>% fit_generator(with_na, steps_per_epoch = 1, verbose = 0),
               "step 1: x` contains NA values at row 8")
  # Not a batch at all.
  expect_error(model %>% fit_generator(function() "oops", steps_per_epoch = 1, verbose = 0),
               "step 1 returned \"oops\"; expected list\\(x, y\\)")
  expect_error(model %>% fit_generator(function() list(d$x[1:8, ]), steps_per_epoch = 1, verbose = 0),
               "step 1 returned a list of 1 elements")
})

test_that("stop() in an R generator ends training with its own message", {
  skip_if_no_keras()
  d <- make_blobs(64)
  model <- tiny_classifier()
  calls <- 0
  fn <- function() {
    calls <<- calls + 1
    if (calls == 4) stop("the data source went away")
    list(d$x[1:16, ], d$y[1:16])
  }
  err <- expect_error(model %>% fit_generator(fn, steps_per_epoch = 3, epochs = 3, verbose = 0),
                      "the data source went away")
  expect_equal(calls, 4)
  # Training stopped there; the model works.
  expect_equal(dim(predict(model, d$x)), c(64L, 1L))
  gen <- batch_cycler(d$x, d$y, 16)
  history <- model %>% fit_generator(gen$fn, steps_per_epoch = 4, epochs = 1, verbose = 0)
  expect_length(history$metrics$loss, 1)
  expect_error(model %>% evaluate_generator(function() stop("no more"), steps = 1), "no more")
  expect_error(model %>% predict_generator(function() stop("nothing"), steps = 1), "nothing")
})

test_that("generator arguments are checked", {
  skip_if_no_keras()
  model <- tiny_classifier()
  d <- make_blobs(32)
  gen <- batch_cycler(d$x, d$y, 8)
  expect_error(fit_generator(model, gen$fn), "`steps_per_epoch` is missing")
  expect_error(fit_generator(model, gen$fn, steps_per_epoch = 0), "`steps_per_epoch` must be a positive")
  expect_error(fit_generator(model, 42, steps_per_epoch = 1), "`generator` must be an R function")
  expect_error(fit_generator("model", gen$fn, steps_per_epoch = 1), "`object` must be a keras model")
  expect_error(fit_generator(model, gen$fn, steps_per_epoch = 1, epochs = 2, initial_epoch = 2),
               "`initial_epoch` \\(2\\) must be smaller than `epochs` \\(2\\)")
  expect_error(fit_generator(model, gen$fn, steps_per_epoch = 1, workers = -1), "`workers`")
  expect_error(evaluate_generator(model, gen$fn), "`steps` is missing")
  expect_error(predict_generator(model, gen$fn, steps = "a"), "`steps`")
})

test_that("fit_generator() takes Python iterators", {
  skip_if_no_keras()
  d <- make_blobs(64)
  model <- tiny_classifier()
  np <- reticulate::import("numpy", convert = FALSE)
  x <- keras_array(d$x)
  y <- keras_array(d$y)
  py <- reticulate::py_run_string(paste(
    "def batches(x, y, size):",
    "    while True:",
    "        for i in range(0, len(x), size):",
    "            yield x[i:i + size], y[i:i + size]",
    sep = "\n"), local = TRUE, convert = FALSE)
  history <- model %>% fit_generator(py$batches(x, y, 16L), steps_per_epoch = 4, epochs = 3,
                                     verbose = 0, workers = 1)
  expect_length(history$metrics$loss, 3)
  expect_lt(history$metrics$loss[3], history$metrics$loss[1])
})

test_that("generator_next() draws from iterators and R functions", {
  skip_if_no_keras()
  it <- reticulate::py_eval("iter([[1, 2], [3]])", convert = TRUE)
  expect_identical(generator_next(it), 1:2)
  expect_identical(generator_next(it), 3L)
  expect_null(generator_next(it))
  expect_identical(generator_next(it, completed = "done"), "done")
  k <- 0
  expect_equal(generator_next(function() k <<- k + 1), 1)
  expect_error(generator_next(42), "`generator` must be a Python iterator or an R function")
  seq_like <- reticulate::py_eval("[1, 2]", convert = FALSE)
  expect_error(generator_next(seq_like), "Sequence \\(indexed, not iterated\\)")
})
