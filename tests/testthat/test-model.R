for (backend_name in c("tensorflow", "theano")) {
  test_that(paste("a model learns two separable blobs on", backend_name), {
    skip_if_no_backend(backend_name)
    data <- make_blobs()
    model <- tiny_classifier()
    history <- model %>% fit(data$x, data$y,
      epochs = 15, batch_size = 16,
      validation_split = 0.2, verbose = 0
    )
    expect_s3_class(history, "keras_training_history")
    expect_equal(history$params$epochs, 15)
    expect_setequal(names(history$metrics), c("loss", "accuracy", "val_loss", "val_accuracy"))
    expect_length(history$metrics$loss, 15)
    expect_lt(history$metrics$loss[15], history$metrics$loss[1])

    scores <- model %>% evaluate(data$x, data$y, verbose = 0)
    expect_named(scores, c("loss", "accuracy"))
    expect_gte(scores$accuracy, 0.95)

    probs <- predict(model, data$x)
    expect_true(is.matrix(probs))
    expect_equal(dim(probs), c(200L, 1L))
    expect_true(all(probs >= 0 & probs <= 1))
    expect_gte(accuracy_of(model, data$x, data$y), 0.95)
    expect_equal(mean((probs > 0.5) == data$y), scores$accuracy, tolerance = 1e-6)
  })
}

test_that("a data frame trains like the matrix it holds", {
  skip_if_no_backend("tensorflow")
  data <- make_blobs(100)
  df <- data.frame(a = data$x[, 1], b = data$x[, 2])
  model <- tiny_classifier()
  history <- fit(model, df, data$y, epochs = 2, verbose = 0)
  expect_length(history$metrics$loss, 2)
  expect_equal(predict(model, df), predict(model, data$x))
})

test_that("bad training data is rejected in R with a clear message", {
  skip_if_no_backend("tensorflow")
  data <- make_blobs(50)
  model <- tiny_classifier()
  x_na <- data$x
  x_na[c(3, 7), 1] <- NA
  expect_error(
    fit(model, x_na, data$y, verbose = 0),
    "`x` contains NA values at rows 3, 7 (2 in total); remove or impute them.", fixed = TRUE
  )
  y_na <- data$y
  y_na[5] <- NA
  expect_error(fit(model, data$x, y_na, verbose = 0), "`y` contains NA values at row 5", fixed = TRUE)
  df <- data.frame(a = data$x[, 1], kind = sample(c("p", "q"), 50, TRUE))
  expect_error(fit(model, df, data$y, verbose = 0), "`x` has non-numeric columns: `kind` (character)", fixed = TRUE)
  expect_error(
    fit(model, data$x, data$y[-1], verbose = 0),
    "`x` has 50 samples (rows) but `y` has 49; they must have the same number of samples.",
    fixed = TRUE
  )
  expect_error(fit(model, data$x, data$y, epochs = 0, verbose = 0), "`epochs` must be a positive whole number, not 0")
  expect_error(fit(model, data$x, data$y, validation_split = 1, verbose = 0), "`validation_split` must be a number in [0, 1)", fixed = TRUE)
  expect_error(fit("not a model", data$x, data$y), "`object` must be a keras model")
})

test_that("a wrong input shape surfaces the core's error readably", {
  skip_if_no_backend("tensorflow")
  model <- tiny_classifier(input_dim = 2)
  wrong <- matrix(0, nrow = 5, ncol = 3)
  err <- tryCatch(predict(model, wrong), error = function(e) e)
  expect_s3_class(err, "error")
  expect_match(conditionMessage(err), "shape|dimension", ignore.case = TRUE)
  expect_match(conditionMessage(err), "3")
  expect_false(grepl("py_call_impl|Detailed traceback", conditionMessage(err)))
  expect_error(fit(model, wrong, rep(0, 5), verbose = 0), "shape|dimension")
})

test_that("R arrays keep their indexing: x[i, j, k] in R is x[i-1, j-1, k-1] in Python", {
  skip_if_no_backend("tensorflow")
  x <- array(as.numeric(1:24), dim = c(2, 3, 4))
  model <- keras_model_sequential() %>% layer_flatten(input_shape = c(3, 4))
  out <- predict(model, x)
  expect_equal(dim(out), c(2L, 12L))
  # Flatten is row-major over the (3, 4) sample: element (j, k) lands at j*4 + k.
  expect_equal(out[1, ], as.vector(t(x[1, , ])))
  expect_equal(out[2, ], as.vector(t(x[2, , ])))
  # and a kernel set from R acts as the R matrix product
  dense <- keras_model_sequential() %>% layer_dense(2, input_shape = 3, use_bias = FALSE)
  w <- matrix(c(1, 0, 2, 0, 1, -1), nrow = 3)
  set_weights(dense, list(w))
  inputs <- matrix(c(1, 2, 3, 4, 5, 6), nrow = 2, byrow = TRUE)
  expect_equal(predict(dense, inputs), inputs %*% w, tolerance = 1e-6)
  expect_equal(get_weights(dense)[[1]], w, tolerance = 1e-7)
})

test_that("get_weights() and set_weights() round trip and validate", {
  skip_if_no_backend("tensorflow")
  model <- tiny_classifier()
  w <- get_weights(model)
  expect_length(w, 4)
  expect_equal(dim(w[[1]]), c(2L, 4L))
  w[[2]][] <- 0.5
  set_weights(model, w)
  expect_equal(as.vector(get_weights(model)[[2]]), rep(0.5, 4), tolerance = 1e-7)
  expect_error(set_weights(model, w[1:2]), "`weights` has 2 arrays but the model has 4")
})

test_that("history prints, plots and converts to a data frame", {
  skip_if_no_backend("tensorflow")
  data <- make_blobs(60)
  model <- tiny_classifier()
  history <- fit(model, data$x, data$y, epochs = 3, batch_size = 20, validation_split = 0.25, verbose = 0)
  expect_output(print(history), "Trained on 45 samples \\(batch_size=20, epochs=3\\)")
  expect_output(print(history), "val_accuracy:")
  df <- as.data.frame(history)
  expect_equal(nrow(df), 12)
  expect_setequal(levels(df$metric), c("loss", "accuracy"))
  expect_setequal(as.character(unique(df$data)), c("training", "validation"))
  png_file <- tempfile(fileext = ".png")
  grDevices::png(png_file)
  expect_invisible(plot(history))
  grDevices::dev.off()
  expect_gt(file.size(png_file), 1000)
  pdf_file <- tempfile(fileext = ".pdf")
  grDevices::pdf(pdf_file)
  plot(history, metrics = "loss")
  grDevices::dev.off()
  expect_gt(file.size(pdf_file), 1000)
  expect_error(plot(history, metrics = "auc"), "Unknown metric")
})

test_that("fit() shows the core's progress bar with verbose = 1", {
  skip_if_no_backend("tensorflow")
  data <- make_blobs(40)
  model <- tiny_classifier()
  out <- reticulate::py_capture_output(
    fit(model, data$x, data$y, epochs = 2, batch_size = 10, verbose = 1)
  )
  expect_match(out, "Epoch 1/2")
  expect_match(out, "Epoch 2/2")
  expect_match(out, "loss")
})

test_that("to_categorical() one-hot encodes 0-based class ids", {
  skip_if_no_keras()
  m <- to_categorical(c(0, 2, 1, 2))
  expect_equal(m, rbind(c(1, 0, 0), c(0, 0, 1), c(0, 1, 0), c(0, 0, 1)))
  expect_equal(dim(to_categorical(c(0, 1), num_classes = 4)), c(2L, 4L))
  expect_error(to_categorical(c(0, 5), num_classes = 3), "class id 5 but `num_classes` is 3")
  expect_error(to_categorical(c(0, NA)), "NA values at 2")
  expect_error(to_categorical(c(0, 1.5)), "`y` must be whole-number class ids")
  expect_error(to_categorical(iris$Species), "factor")
})

test_that("optimizers are built from R arguments and validated", {
  skip_if_no_backend("tensorflow")
  sgd <- optimizer_sgd(lr = 0.1, momentum = 0.9, nesterov = TRUE, clipnorm = 1)
  expect_true(reticulate::py_has_attr(sgd, "get_updates"))
  adam <- optimizer_adam(lr = 0.01, amsgrad = TRUE)
  expect_true(reticulate::py_has_attr(adam, "get_updates"))
  expect_error(optimizer_sgd(lr = -1), "`lr` must be a single number >= 0, not -1")
  expect_error(optimizer_adam(beta_1 = 1), "`beta_1` must be a number in (0, 1), not 1", fixed = TRUE)
})

test_that("the functional API builds a model from inputs and outputs", {
  skip_if_no_backend("tensorflow")
  inputs <- layer_input(shape = 2)
  outputs <- inputs %>%
    layer_dense(4, activation = "relu") %>%
    layer_dense(1, activation = "sigmoid")
  model <- keras_model(inputs, outputs)
  model %>% compile(optimizer = optimizer_sgd(lr = 0.5), loss = "binary_crossentropy", metrics = "accuracy")
  data <- make_blobs(100)
  history <- fit(model, data$x, data$y, epochs = 10, batch_size = 10, verbose = 0)
  expect_gte(accuracy_of(model, data$x, data$y), 0.95)
  expect_error(layer_input(), "needs `shape`")
})

test_that("save_model_hdf5() and load_model_hdf5() round trip", {
  skip_if_no_backend("tensorflow")
  data <- make_blobs(60)
  model <- tiny_classifier()
  fit(model, data$x, data$y, epochs = 2, verbose = 0)
  path <- tempfile(fileext = ".h5")
  on.exit(unlink(path))
  expect_invisible(save_model_hdf5(model, path))
  expect_true(file.exists(path))
  loaded <- load_model_hdf5(path)
  expect_equal(predict(loaded, data$x), predict(model, data$x), tolerance = 1e-6)
  # the loaded model is compiled and can keep training
  expect_length(fit(loaded, data$x, data$y, epochs = 1, verbose = 0)$metrics$loss, 1)
  expect_error(save_model_hdf5(model, path, overwrite = FALSE), "exists and `overwrite` is FALSE")
  expect_error(load_model_hdf5(file.path(tempdir(), "missing.h5")), "does not exist")
})

for (backend_name in c("tensorflow", "theano")) {
  test_that(paste("a model with dropout trains, and predicts deterministically, on", backend_name), {
    skip_if_no_backend(backend_name)
    data <- make_blobs(100, seed = 11)
    model <- keras_model_sequential() %>%
      layer_dense(8, activation = "relu", input_shape = 2) %>%
      layer_dropout(rate = 0.5, seed = 1) %>%
      layer_dense(1, activation = "sigmoid")
    model %>% compile(optimizer = optimizer_adam(lr = 0.05), loss = "binary_crossentropy", metrics = "accuracy")
    history <- fit(model, data$x, data$y, epochs = 10, batch_size = 10, verbose = 0)
    expect_length(history$metrics$loss, 10)
    # dropout is off at inference: two predictions agree exactly
    expect_identical(predict(model, data$x), predict(model, data$x))
    expect_gte(accuracy_of(model, data$x, data$y), 0.95)
  })
}
