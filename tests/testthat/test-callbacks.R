make_regression <- function() {
  set.seed(4)
  x <- matrix(rnorm(64 * 3), ncol = 3)
  list(x = x, y = x %*% c(1, -1, 2))
}

new_model <- function() {
  model <- keras_model_sequential() %>% layer_dense(1, input_shape = 3)
  model %>% compile(optimizer = optimizer_sgd(lr = 0.05), loss = "mse")
  model
}

test_that("callbacks run inside fit() from R", {
  skip_if_no_backend("tensorflow")
  d <- make_regression()
  model <- new_model()
  seen <- integer(0)
  csv <- tempfile(fileext = ".csv")
  checkpoint <- tempfile(fileext = ".h5")
  rates <- numeric(0)
  model %>% fit(d$x, d$y, epochs = 4, batch_size = 16, verbose = 0, callbacks = list(
    callback_lambda(on_epoch_end = function(epoch, logs) seen <<- c(seen, epoch)),
    callback_csv_logger(csv),
    callback_model_checkpoint(checkpoint, monitor = "loss"),
    callback_learning_rate_scheduler(function(epoch) 0.05 / (epoch + 1)),
    callback_lambda(on_epoch_end = function(epoch, logs) {
      rates <<- c(rates, k_get_value(model$optimizer$lr))
    })
  ))
  expect_equal(seen, 0:3)
  log <- read.csv(csv)
  expect_equal(log$epoch, 0:3)
  expect_true("loss" %in% names(log))
  expect_true(file.exists(checkpoint))
  expect_equal(dim(predict(load_model_hdf5(checkpoint), d$x)), c(64L, 1L))
  expect_equal(rates, 0.05 / (1:4), tolerance = 1e-6)
})

test_that("early stopping and plateau callbacks act on the monitored value", {
  skip_if_no_backend("tensorflow")
  d <- make_regression()
  model <- new_model()
  model %>% compile(optimizer = optimizer_sgd(lr = 0), loss = "mse")
  history <- model %>% fit(d$x, d$y, epochs = 20, verbose = 0, callbacks = list(
    callback_early_stopping(monitor = "loss", patience = 2),
    callback_reduce_lr_on_plateau(monitor = "loss", patience = 1, factor = 0.5)
  ))
  expect_lt(length(history$metrics$loss), 20)

  exploding <- new_model()
  exploding %>% compile(optimizer = optimizer_sgd(lr = 1e20), loss = "mse")
  history <- exploding %>% fit(d$x * 1e10, d$y, epochs = 20, batch_size = 8, verbose = 0,
                               callbacks = list(callback_terminate_on_naan()))
  expect_lt(length(history$metrics$loss), 20)
})

test_that("callback arguments are checked in R", {
  expect_error(callback_early_stopping(patience = -1), "`patience`")
  expect_error(callback_learning_rate_scheduler(3), "`schedule`")
  expect_error(callback_lambda(on_epoch_end = "x"), "`on_epoch_end`")
  expect_error(callback_early_stopping(mode = "up"), "should be one of")
})
