# CNTK from R: the engine runs in its own Python 2.7 process. Skipped, with
# the reason, where the engine is not installed (bash tools/setup-cntk.sh).

iris_data <- function() {
  x <- scale(as.matrix(iris[, 1:4]))
  y <- to_categorical(as.integer(iris$Species) - 1L, 3)
  list(x = x, y = y)
}

test_that("the iris MLP trains on cntk from R", {
  skip_if_no_backend("cntk")
  on.exit(use_backend("tensorflow"), add = TRUE)
  set.seed(1)
  reticulate::import("numpy")$random$seed(1L)
  d <- iris_data()
  model <- keras_model_sequential() %>%
    layer_dense(16, activation = "relu", input_shape = 4) %>%
    layer_dense(3, activation = "softmax")
  model %>% compile(optimizer = optimizer_adam(lr = 0.05), loss = "categorical_crossentropy",
                    metrics = "accuracy")
  history <- model %>% fit(d$x, d$y, epochs = 40, batch_size = 16, verbose = 0)
  expect_s3_class(history, "keras_training_history")
  result <- model %>% evaluate(d$x, d$y, verbose = 0)
  expect_gte(result$accuracy, 0.95)
})

test_that("weights move between cntk and tensorflow with the same predictions", {
  skip_if_no_backend("cntk")
  on.exit(use_backend("tensorflow"), add = TRUE)
  d <- iris_data()
  model <- keras_model_sequential() %>%
    layer_dense(8, activation = "tanh", input_shape = 4) %>%
    layer_dense(3, activation = "softmax")
  on_cntk <- predict(model, d$x)
  use_backend("tensorflow")
  on_tf <- predict(model, d$x)
  expect_equal(on_tf, on_cntk, tolerance = 1e-5)
})

test_that("an LSTM and a CNN train on cntk from R", {
  skip_if_no_backend("cntk")
  on.exit(use_backend("tensorflow"), add = TRUE)
  set.seed(2)
  n <- 64
  seqs <- array(runif(n * 5 * 2), dim = c(n, 5, 2))
  y <- as.numeric(apply(seqs[, , 1], 1, sum) > 2.5)
  lstm <- keras_model_sequential() %>%
    layer_lstm(4, input_shape = c(5, 2)) %>%
    layer_dense(1, activation = "sigmoid")
  lstm %>% compile(optimizer = "adam", loss = "binary_crossentropy")
  before <- lstm %>% evaluate(seqs, y, verbose = 0)
  lstm %>% fit(seqs, y, epochs = 10, batch_size = 16, verbose = 0)
  after <- lstm %>% evaluate(seqs, y, verbose = 0)
  expect_lt(after$loss, before$loss)

  images <- array(runif(n * 6 * 6), dim = c(n, 6, 6, 1))
  labels <- to_categorical(as.integer(apply(images[, 1:3, , 1], 1, mean) >
                                        apply(images[, 4:6, , 1], 1, mean)), 2)
  cnn <- keras_model_sequential() %>%
    layer_conv_2d(4, c(3, 3), activation = "relu", input_shape = c(6, 6, 1)) %>%
    layer_max_pooling_2d(c(2, 2)) %>%
    layer_flatten() %>%
    layer_dense(2, activation = "softmax")
  cnn %>% compile(optimizer = "adam", loss = "categorical_crossentropy")
  before <- cnn %>% evaluate(images, labels, verbose = 0)
  cnn %>% fit(images, labels, epochs = 10, batch_size = 16, verbose = 0)
  expect_lt((cnn %>% evaluate(images, labels, verbose = 0))$loss, before$loss)
})
