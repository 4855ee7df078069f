test_that("training and prediction survive tensorflow -> theano -> tensorflow", {
  skip_if_no_backend("tensorflow")
  skip_if_no_backend("theano")
  use_backend("tensorflow")
  data <- make_blobs(120, seed = 7)
  model <- tiny_classifier()
  fit(model, data$x, data$y, epochs = 10, batch_size = 12, verbose = 0)
  before <- predict(model, data$x)
  expect_gte(mean((before > 0.5) == data$y), 0.95)

  use_backend("theano")
  expect_equal(k_backend(), "theano")
  # the model built on tensorflow predicts the same values on theano
  expect_equal(predict(model, data$x), before, tolerance = 1e-5)

  # a new model trains and predicts on theano
  model2 <- tiny_classifier()
  fit(model2, data$x, data$y, epochs = 10, batch_size = 12, verbose = 0)
  expect_gte(accuracy_of(model2, data$x, data$y), 0.95)
  theano_pred <- predict(model2, data$x)

  # the first model keeps training on theano
  fit(model, data$x, data$y, epochs = 1, batch_size = 12, verbose = 0)
  after_theano <- predict(model, data$x)

  use_backend("tensorflow")
  expect_equal(k_backend(), "tensorflow")
  expect_equal(predict(model, data$x), after_theano, tolerance = 1e-5)
  expect_equal(predict(model2, data$x), theano_pred, tolerance = 1e-5)
})

test_that("a model saved on one backend loads on the other", {
  skip_if_no_backend("tensorflow")
  skip_if_no_backend("theano")
  use_backend("tensorflow")
  data <- make_blobs(40, seed = 3)
  model <- tiny_classifier()
  expected <- predict(model, data$x)
  path <- tempfile(fileext = ".h5")
  on.exit(unlink(path))
  save_model_hdf5(model, path)
  use_backend("theano")
  loaded <- load_model_hdf5(path)
  expect_equal(predict(loaded, data$x), expected, tolerance = 1e-5)
  use_backend("tensorflow")
})

test_that("a variable kept across a backend switch gives an error saying what to do", {
  skip_if_no_backend("theano")
  skip_if_no_backend("tensorflow")
  v <- k_variable(matrix(1, 2, 2))
  use_backend("theano")
  expect_error(k_get_value(v), "is a tensorflow variable, but the active backend is 'theano'")
  expect_error(k_set_value(v, matrix(0, 2, 2)), "get_weights\\(\\)")
  use_backend("tensorflow")
  k_clear_session()
  expect_error(k_get_value(v), "before the last clear_session")
})

test_that("training and prediction survive tensorflow -> mxnet -> tensorflow", {
  skip_if_no_backend("tensorflow")
  skip_if_no_backend("mxnet")
  use_backend("tensorflow")
  data <- make_blobs(120, seed = 8)
  model <- tiny_classifier()
  fit(model, data$x, data$y, epochs = 10, batch_size = 12, verbose = 0)
  before <- predict(model, data$x)

  use_backend("mxnet")
  expect_equal(k_backend(), "mxnet")
  expect_equal(predict(model, data$x), before, tolerance = 1e-5)
  model2 <- tiny_classifier()
  fit(model2, data$x, data$y, epochs = 10, batch_size = 12, verbose = 0)
  expect_gte(accuracy_of(model2, data$x, data$y), 0.95)
  fit(model, data$x, data$y, epochs = 1, batch_size = 12, verbose = 0)
  after_mxnet <- predict(model, data$x)

  use_backend("tensorflow")
  expect_equal(predict(model, data$x), after_mxnet, tolerance = 1e-5)
})
