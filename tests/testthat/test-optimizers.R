test_that("every optimizer constructor trains a model from R", {
  skip_if_no_backend("tensorflow")
  set.seed(3)
  x <- matrix(rnorm(64 * 3), ncol = 3)
  y <- x %*% c(1, -2, 0.5)
  for (make in list(optimizer_sgd, optimizer_adam, optimizer_rmsprop, optimizer_adagrad,
                    optimizer_adadelta, optimizer_adamax, optimizer_nadam)) {
    model <- keras_model_sequential() %>% layer_dense(1, input_shape = 3)
    model %>% compile(optimizer = make(), loss = "mse")
    before <- (model %>% evaluate(x, y, verbose = 0))$loss
    model %>% fit(x, y, epochs = 5, batch_size = 16, verbose = 0)
    expect_lt((model %>% evaluate(x, y, verbose = 0))$loss, before)
  }
})

test_that("optimizer arguments are checked in R", {
  expect_error(optimizer_rmsprop(lr = -1), "`lr`")
  expect_error(optimizer_adamax(beta_1 = 1.5), "`beta_1`")
  expect_error(optimizer_nadam(schedule_decay = "x"), "`schedule_decay`")
})
