# R keras 2.2 functions that programs written for it use: is_keras_available()
# with a version, callback_lambda() with the Keras 2.3 hooks, the SELU, CuDNN
# and dense-features layers, cropping a whole axis, and metric names.

test_that("is_keras_available() takes R keras' version argument", {
  skip_if_no_keras()
  expect_true(is_keras_available())
  expect_true(is_keras_available("2.0.7"))
  expect_true(is_keras_available(numeric_version("2.3.1")))
  expect_false(is_keras_available("2.4"))
  expect_false(is_keras_available("3.0.0"))
  expect_identical(keras_version(), numeric_version("2.3.1"))
  expect_error(is_keras_available("two"), "`version` must be a version such as")
  expect_error(is_keras_available(c("2.0", "2.1")), "`version` must be a version such as")
})

test_that("callback_lambda() takes every Keras 2.3 hook", {
  skip_if_no_backend("tensorflow")
  seen <- character()
  log_hook <- function(name) function(...) seen <<- c(seen, name)
  cb <- callback_lambda(
    on_train_begin = log_hook("train_begin"), on_train_end = log_hook("train_end"),
    on_epoch_begin = log_hook("epoch_begin"), on_epoch_end = log_hook("epoch_end"),
    on_train_batch_begin = log_hook("batch_begin"), on_train_batch_end = log_hook("batch_end"),
    on_test_begin = log_hook("test_begin"), on_test_end = log_hook("test_end"),
    on_test_batch_begin = log_hook("test_batch_begin"),
    on_test_batch_end = log_hook("test_batch_end"),
    on_predict_begin = log_hook("predict_begin"), on_predict_end = log_hook("predict_end"),
    on_predict_batch_begin = log_hook("predict_batch_begin"),
    on_predict_batch_end = log_hook("predict_batch_end")
  )
  model <- tiny_classifier()
  data <- make_blobs(20)
  model %>% fit(data$x, data$y, epochs = 2, batch_size = 10, verbose = 0, callbacks = list(cb))
  expect_identical(seen[1], "train_begin")
  expect_identical(seen[length(seen)], "train_end")
  expect_identical(sum(seen == "epoch_end"), 2L)
  expect_identical(sum(seen == "batch_begin"), 4L)
  expect_identical(sum(seen == "batch_end"), 4L)
  # evaluate() and predict() run the evaluation and prediction hooks
  seen <- character()
  evaluate(model, data$x, data$y, batch_size = 10, verbose = 0, callbacks = list(cb))
  expect_identical(seen, c("test_begin", rep(c("test_batch_begin", "test_batch_end"), 2),
                           "test_end"))
  seen <- character()
  predict(model, data$x, batch_size = 20, callbacks = list(cb))
  expect_identical(seen, c("predict_begin", "predict_batch_begin", "predict_batch_end",
                           "predict_end"))
  expect_error(callback_lambda(on_predict_end = 1), "`on_predict_end` must be a function")
  expect_error(callback_lambda(on_batch_end = function(b, l) NULL,
                               on_train_batch_end = function(b, l) NULL), "not both")
})

test_that("layer_activation_selu() applies SELU", {
  skip_if_no_backend("tensorflow")
  model <- keras_model_sequential() %>% layer_activation_selu(input_shape = 3)
  x <- matrix(c(-2, -0.5, 0, 0.5, 1, 3), nrow = 2)
  alpha <- 1.6732632423543772
  scale <- 1.0507009873554805
  expected <- scale * ifelse(x > 0, x, alpha * (exp(x) - 1))
  expect_equal(predict(model, x), expected, tolerance = 1e-5)
  expect_identical(as.character(get_config(model$layers[[1]])$activation), "selu")
})

for (backend_name in c("tensorflow", "theano", "cntk")) {
  test_that(sprintf("CuDNN layers run as GRU/LSTM with the CuDNN weights (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    units <- 3
    input <- layer_input(shape = c(4, 2))
    gru_out <- suppressWarnings(layer_cudnn_gru(input, units, return_sequences = TRUE))
    lstm_out <- suppressWarnings(layer_cudnn_lstm(gru_out, units))
    model <- keras_model(input, lstm_out)
    weights <- get_weights(model)
    expect_identical(lapply(weights, dim), list(c(2L, 9L), c(3L, 9L), 18L, c(3L, 12L),
                                                c(3L, 12L), 24L))
    # the LSTM's recurrent forget bias starts at 1, as in Keras
    expect_equal(as.vector(weights[[6]]), c(rep(0, 15), rep(1, 3), rep(0, 6)))
    set.seed(3)
    weights <- lapply(weights, function(w) array(runif(length(w), -0.5, 0.5), dim = dim(w)))
    set_weights(model, weights)
    # the same function as layer_gru(reset_after) + layer_lstm with the biases mapped
    plain <- keras_model_sequential() %>%
      layer_gru(units, reset_after = TRUE, recurrent_activation = "sigmoid",
                return_sequences = TRUE, input_shape = c(4, 2)) %>%
      layer_lstm(units, recurrent_activation = "sigmoid")
    set_weights(plain, list(
      weights[[1]], weights[[2]], matrix(weights[[3]], nrow = 2, byrow = TRUE),
      weights[[4]], weights[[5]], weights[[6]][1:12] + weights[[6]][13:24]
    ))
    x <- array(runif(5 * 4 * 2, -1, 1), dim = c(5, 4, 2))
    expect_equal(predict(model, x), predict(plain, x), tolerance = 1e-5)
    # saved and reloaded with its layout
    path <- tempfile(fileext = ".h5")
    save_model_hdf5(model, path)
    reloaded <- load_model_hdf5(path)
    expect_equal(predict(reloaded, x), predict(model, x), tolerance = 1e-6)
  })
}

test_that("the CuDNN fallback is said once per layer kind in a session", {
  skip_if_no_backend("tensorflow")
  notices <- keras:::core_module("layers.cudnn_recurrent", convert = FALSE)
  notices$`_NOTICES_GIVEN`$clear()
  expect_warning(layer_cudnn_gru(units = 2), "CuDNNGRU: the CuDNN kernel is not used")
  expect_warning(layer_cudnn_gru(units = 2), NA)
  expect_warning(layer_cudnn_lstm(units = 2), "runs as the equivalent LSTM")
  expect_warning(layer_cudnn_lstm(units = 2), NA)
  expect_error(suppressWarnings(layer_cudnn_gru(units = 0)), "`units`")
})

test_that("layer_dense_features() names the API it needs", {
  expect_error(layer_dense_features(feature_columns = list()),
               "needs TensorFlow's feature-column API \\(tf.feature_column")
})

for (backend_name in c("tensorflow", "theano", "cntk")) {
  test_that(sprintf("cropping a whole axis builds, as in Keras (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    model <- keras_model_sequential() %>% layer_cropping_1d(c(1, 1), input_shape = c(2, 3))
    expect_identical(model$output_shape[[2]], 0L)
    model2 <- keras_model_sequential() %>%
      layer_cropping_2d(list(c(2, 1), c(0, 0)), input_shape = c(3, 4, 1))
    expect_identical(unlist(model2$output_shape), c(0L, 4L, 1L))
    # what needs the axis fails
    expect_error(keras_model_sequential() %>%
                   layer_cropping_1d(c(1, 1), input_shape = c(2, 3)) %>%
                   layer_conv_1d(2, 1) %>% predict(array(0, dim = c(1, 2, 3))))
    # a crop that leaves something is unchanged
    model3 <- keras_model_sequential() %>% layer_cropping_1d(c(1, 0), input_shape = c(3, 1))
    expect_equal(predict(model3, array(1:3, dim = c(1, 3, 1))), array(2:3, dim = c(1, 2, 1)))
  })
}

test_that("metric names in history and evaluate() are Keras 2.3's", {
  skip_if_no_backend("tensorflow")
  data <- make_blobs(40)
  mean_pred <- function(y_true, y_pred) k_mean(y_pred)
  model <- keras_model_sequential() %>%
    layer_dense(1, activation = "sigmoid", input_shape = 2)
  model %>% compile(optimizer = "sgd", loss = "binary_crossentropy",
                    metrics = list("accuracy", "acc", mean_pred))
  history <- model %>% fit(data$x, data$y, epochs = 1, verbose = 0, validation_split = 0.25)
  expect_setequal(names(history$metrics),
                  c("loss", "accuracy", "acc", "mean_pred",
                    "val_loss", "val_accuracy", "val_acc", "val_mean_pred"))
  scores <- evaluate(model, data$x, data$y, verbose = 0)
  expect_identical(names(scores), c("loss", "accuracy", "acc", "mean_pred"))
  expect_equal(scores$accuracy, scores$acc)
  model %>% compile(optimizer = "sgd", loss = "binary_crossentropy", metrics = "acc")
  expect_identical(names(evaluate(model, data$x, data$y, verbose = 0)), c("loss", "acc"))
  # R keras 2.2 style: names in `metrics` name the custom functions ...
  model %>% compile(optimizer = "sgd", loss = "binary_crossentropy",
                    metrics = c(avg_pred = mean_pred))
  expect_identical(names(evaluate(model, data$x, data$y, verbose = 0)), c("loss", "avg_pred"))
  # ... unless they are the model's output names
  output <- model$output_names[[1]]
  model %>% compile(optimizer = "sgd", loss = "binary_crossentropy",
                    metrics = setNames(list("acc"), output))
  expect_identical(names(evaluate(model, data$x, data$y, verbose = 0)), c("loss", "acc"))
})
