losses_backends <- c("tensorflow", "theano", "cntk")

loss_functions <- c(
  "binary_crossentropy", "categorical_crossentropy", "categorical_hinge", "cosine_proximity",
  "hinge", "kullback_leibler_divergence", "logcosh", "mean_absolute_error",
  "mean_absolute_percentage_error", "mean_squared_error", "mean_squared_logarithmic_error",
  "poisson", "squared_hinge"
)

# Targets and predictions in (0, 1), rows summing to 1, for every loss.
loss_data <- function() {
  y_true <- rbind(c(0.1, 0.7, 0.2), c(0.6, 0.3, 0.1))
  y_pred <- rbind(c(0.2, 0.5, 0.3), c(0.3, 0.3, 0.4))
  list(y_true = y_true, y_pred = y_pred)
}

test_that("loss_*() functions carry the core's name and R keras 2.2's arguments", {
  for (name in c(loss_functions, "sparse_categorical_crossentropy")) {
    fn <- get(paste0("loss_", name), envir = asNamespace("keras"))
    expect_identical(attr(fn, "py_function_name"), name)
    expect_identical(names(formals(fn))[1:2], c("y_true", "y_pred"))
  }
})

for (backend_name in losses_backends) {
  test_that(paste("loss_*() on tensors and R arrays equal the core's values on", backend_name), {
    skip_if_no_backend(backend_name)
    d <- loss_data()
    losses <- keras:::core_module("losses")
    for (name in loss_functions) {
      fn <- get(paste0("loss_", name), envir = asNamespace("keras"))
      expected <- k_eval(losses[[name]](k_constant(d$y_true), k_constant(d$y_pred)))
      on_tensors <- k_eval(fn(k_constant(d$y_true), k_constant(d$y_pred)))
      on_arrays <- fn(d$y_true, d$y_pred)
      expect_equal(as.numeric(on_tensors), as.numeric(expected), tolerance = 1e-6, info = name)
      expect_equal(as.numeric(on_arrays), as.numeric(expected), tolerance = 1e-6, info = name)
      expect_length(on_arrays, 2)
    }
    # mean squared error by hand, as a check that can fail
    expect_equal(as.numeric(loss_mean_squared_error(d$y_true, d$y_pred)),
                 rowMeans((d$y_true - d$y_pred)^2), tolerance = 1e-6)
    sparse <- loss_sparse_categorical_crossentropy(matrix(c(1, 0), 2), d$y_pred)
    expect_equal(as.numeric(sparse), -log(c(0.5, 0.3)), tolerance = 1e-5)
  })

  test_that(paste("loss functions, loss objects and names train in compile() on", backend_name), {
    skip_if_no_backend(backend_name)
    blobs <- make_blobs(64)
    build <- function(loss) {
      model <- keras_model_sequential() %>%
        layer_dense(1, activation = "sigmoid", input_shape = 2)
      model %>% compile(optimizer = optimizer_sgd(lr = 0.1), loss = loss)
      model
    }
    as_function <- build(loss_binary_crossentropy)
    weights <- get_weights(as_function)
    history <- as_function %>% fit(blobs$x, blobs$y, epochs = 3, verbose = 0)
    expect_lt(tail(history$metrics$loss, 1), history$metrics$loss[[1]])

    # same weights, same data: the R function and the core's name train alike
    by_name <- build("binary_crossentropy")
    set_weights(by_name, weights)
    set_weights(as_function, weights)
    a <- evaluate(as_function, blobs$x, blobs$y, verbose = 0)$loss
    b <- evaluate(by_name, blobs$x, blobs$y, verbose = 0)$loss
    expect_equal(a, b, tolerance = 1e-5)

    # the class-based loss: label smoothing changes the value
    smoothed <- build(loss_binary_crossentropy(label_smoothing = 0.2))
    set_weights(smoothed, weights)
    expect_false(isTRUE(all.equal(evaluate(smoothed, blobs$x, blobs$y, verbose = 0)$loss, b)))
    # a core loss object works too
    huber <- build(keras:::core_module("losses")$Huber(delta = 0.5))
    expect_true(is.finite(evaluate(huber, blobs$x, blobs$y, verbose = 0)$loss))
  })
}

test_that("a model compiled with a loss_*() function saves and loads without custom_objects", {
  skip_if_no_backend("tensorflow")
  model <- keras_model_sequential() %>% layer_dense(2, activation = "softmax", input_shape = 3)
  model %>% compile(optimizer = "sgd", loss = loss_categorical_crossentropy,
                    metrics = metric_categorical_accuracy)
  file <- tempfile(fileext = ".h5")
  save_model_hdf5(model, file)
  loaded <- load_model_hdf5(file)
  x <- matrix(runif(12), 4)
  expect_equal(predict(loaded, x), predict(model, x), tolerance = 1e-6)
  expect_identical(unlist(loaded$metrics_names), unlist(model$metrics_names))
})

test_that("loss objects come from loss_*() without y_true and y_pred", {
  skip_if_no_backend("tensorflow")
  loss <- loss_binary_crossentropy(from_logits = TRUE, reduction = "sum", name = "bce")
  expect_true(inherits(loss, "multikeras.losses.BinaryCrossentropy"))
  config <- loss$get_config()
  expect_true(config$from_logits)
  expect_identical(config$reduction, "sum")
  expect_identical(config$name, "bce")
  expect_true(inherits(loss_huber(delta = 2), "multikeras.losses.Huber"))
  expect_true(inherits(loss_mean_squared_error(), "multikeras.losses.MeanSquaredError"))
  # the object on R values (a reduced scalar)
  value <- loss_mean_squared_error()(matrix(c(0, 1), 1), matrix(c(1, 1), 1))
  expect_equal(as.numeric(value), 0.5, tolerance = 1e-6)
})

test_that("bad loss arguments and unknown loss names give clear errors", {
  expect_error(loss_binary_crossentropy(from_logits = "yes"), "`from_logits` must be TRUE or FALSE")
  expect_error(loss_binary_crossentropy(label_smoothing = 2), "`label_smoothing`.*\\[0, 1\\]")
  expect_error(loss_mean_squared_error(reduction = "mean"), "`reduction` must be one of")
  expect_error(loss_mean_squared_error(matrix(1)), "give both `y_true` and `y_pred`")
  skip_if_no_backend("tensorflow")
  model <- keras_model_sequential() %>% layer_dense(1, input_shape = 2)
  expect_error(
    compile(model, optimizer = "sgd", loss = "mean_squared_eror"),
    "Unknown loss.*mean_squared_eror.*Valid values.*mean_squared_error"
  )
})
