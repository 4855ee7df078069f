# Bad input seen from R (issue 13): each case gives an error that says what is
# wrong (axes 1-based, as the user wrote them), changes nothing, and a
# following good call works; on every installed backend.

bad_input_model <- function() {
  model <- keras_model_sequential() %>%
    layer_dense(4, activation = "relu", input_shape = 3) %>%
    layer_dense(1)
  model %>% compile(optimizer = optimizer_sgd(lr = 0.05), loss = "mse")
  model
}

bad_input_data <- function(n = 10) {
  set.seed(2)
  list(x = matrix(runif(n * 3), n, 3), y = runif(n))
}

same_weights <- function(a, b) {
  length(a) == length(b) && all(mapply(function(u, v) isTRUE(all.equal(u, v)), a, b))
}

for (backend_name in c("tensorflow", "theano", "cntk")) {
  test_that(sprintf("Inf and NaN in training data are refused before training (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    model <- bad_input_model()
    d <- bad_input_data()
    before <- get_weights(model)
    x_inf <- d$x
    x_inf[4, 2] <- Inf
    y_inf <- d$y
    y_inf[7] <- -Inf
    x_nan <- d$x
    x_nan[3, 1] <- NaN
    expect_error(fit(model, x_inf, d$y, verbose = 0), "`x` contains infinite values.*Inf.*row 4")
    expect_error(fit(model, d$x, y_inf, verbose = 0), "`y` contains infinite values.*-Inf.*row 7")
    expect_error(
      fit(model, d$x, d$y, sample_weight = c(rep(1, 9), Inf), verbose = 0),
      "sample_weight"
    )
    expect_error(train_on_batch(model, x_inf, d$y), "`x` contains infinite values")
    expect_error(evaluate(model, x_inf, d$y, verbose = 0), "`x` contains infinite values")
    expect_error(fit(model, x_nan, d$y, verbose = 0), "`x` contains NA values at row 3")
    expect_true(same_weights(before, get_weights(model)))
    fit(model, d$x, d$y, epochs = 1, verbose = 0)
    expect_false(same_weights(before, get_weights(model)))
    expect_true(is.finite(evaluate(model, d$x, d$y, verbose = 0)[[1]]))
  })

  test_that(sprintf("Inf in a generator's batch names the step (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    model <- bad_input_model()
    d <- bad_input_data()
    before <- get_weights(model)
    bad <- function() {
      x <- d$x
      x[2, 3] <- Inf
      list(x, d$y)
    }
    expect_error(
      fit_generator(model, bad, steps_per_epoch = 2, verbose = 0),
      "step 1.*contains inf"
    )
    expect_true(same_weights(before, get_weights(model)))
    fit_generator(model, function() list(d$x, d$y), steps_per_epoch = 2, verbose = 0)
    expect_false(same_weights(before, get_weights(model)))
  })

  test_that(sprintf("empty data: fit() refuses it, predict() returns no rows (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    model <- bad_input_model()
    d <- bad_input_data()
    expect_error(fit(model, d$x[0, , drop = FALSE], d$y[0], verbose = 0), "no samples")
    expect_equal(dim(predict(model, d$x[0, , drop = FALSE])), c(0L, 1L))
    fit(model, d$x, d$y, verbose = 0)
    expect_equal(dim(predict(model, d$x)), c(10L, 1L))
  })

  test_that(sprintf("set_weights() and compile() are all or nothing (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    model <- bad_input_model()
    d <- bad_input_data()
    before <- get_weights(model)
    other <- keras_model_sequential() %>%
      layer_dense(4, input_shape = 3) %>%
      layer_dense(2)
    expect_error(set_weights(model, get_weights(other)), "shape")
    expect_true(same_weights(before, get_weights(model)))
    expect_error(
      compile(model, optimizer = "adam", loss = "mse", metrics = "no_such_metric"),
      "no_such_metric"
    )
    expect_identical(model$optimizer$`__class__`$`__name__`, "SGD")
    fit(model, d$x, d$y, verbose = 0)
    fresh <- keras_model_sequential() %>% layer_dense(1, input_shape = 3)
    expect_error(compile(fresh, optimizer = "no_such_optimizer", loss = "mse"), "no_such_optimizer")
    expect_error(fit(fresh, d$x, d$y, verbose = 0), "compile")
  })

  test_that(sprintf("freeze_weights() with a bad layer changes nothing (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    model <- keras_model_sequential() %>%
      layer_dense(4, input_shape = 3, name = "a") %>%
      layer_dense(2, name = "b") %>%
      layer_dense(1, name = "c")
    n <- length(model$trainable_weights)
    expect_error(freeze_weights(model, from = "b", to = "no_such_layer"), "no_such_layer")
    expect_error(unfreeze_weights(model, from = 9), "from")
    expect_equal(length(model$trainable_weights), n)
    freeze_weights(model, to = "b")
    expect_equal(length(model$trainable_weights), 2)
  })

  test_that(sprintf("k_*() axis errors name the 1-based axis and range (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    x <- k_constant(matrix(1:6, nrow = 2))
    range2 <- "rank 2; valid axes are 1 to 2, or -2 to -1"
    expect_error(k_sum(x, axis = 3), paste0("k_sum\\(\\): `axis` = 3 is out of range.*", range2))
    expect_error(k_mean(x, axis = -3), "k_mean\\(\\): `axis` = -3 is out of range")
    expect_error(k_max(x, axis = 3), "k_max\\(\\): `axis` = 3")
    expect_error(k_argmax(x, axis = 5), "k_argmax\\(\\): `axis` = 5")
    expect_error(k_cumsum(x, axis = 3), paste0("k_cumsum\\(\\): `axis` = 3.*", range2))
    expect_error(k_cumprod(x, axis = 3), "k_cumprod\\(\\): `axis` = 3")
    expect_error(k_all(k_greater(x, 2), axis = 3), "k_all\\(\\): `axis` = 3")
    expect_error(k_l2_normalize(x, axis = 4), "k_l2_normalize\\(\\): `axis` = 4")
    expect_error(k_softmax(x, axis = 3), "k_softmax\\(\\): `axis` = 3")
    expect_error(k_concatenate(list(x, x), axis = 3), paste0("k_concatenate\\(\\): `axis` = 3.*", range2))
    expect_error(k_reverse(x, axes = 3), "k_reverse\\(\\): `axes` = 3")
    expect_error(k_repeat_elements(x, 2, axis = 3), "k_repeat_elements\\(\\): `axis` = 3")
    expect_error(k_squeeze(x, 4), "k_squeeze\\(\\): `axis` = 4")
    expect_error(k_squeeze(x, 2), "k_squeeze\\(\\): `axis` = 2 has size 3")
    expect_error(
      k_expand_dims(x, axis = 4),
      "k_expand_dims\\(\\): `axis` = 4 .*valid axes are 1 to 3, or -3 to -1"
    )
    expect_error(k_stack(list(x, x), axis = 4), "k_stack\\(\\): `axis` = 4")
    expect_error(
      k_permute_dimensions(x, c(1, 3)),
      "k_permute_dimensions\\(\\): `pattern` = c\\(1, 3\\) is not a permutation of the axes 1 to 2"
    )
    expect_equal(as.numeric(k_eval(k_sum(x, axis = 2))), c(9, 12))
    expect_equal(dim(k_eval(k_expand_dims(x, axis = 3))), c(2L, 3L, 1L))
    expect_equal(dim(k_eval(k_permute_dimensions(x, c(2, 1)))), c(3L, 2L))
  })

  test_that(sprintf("an Embedding index out of range names the layer (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    model <- keras_model_sequential() %>%
      layer_embedding(10, 2, input_length = 3, name = "words") %>%
      layer_flatten() %>%
      layer_dense(1)
    model %>% compile(optimizer = "sgd", loss = "mse")
    before <- get_weights(model)
    bad <- matrix(c(1, 2, 15, 0, 0, 0), 2, byrow = TRUE)
    good <- matrix(c(1, 2, 9, 0, 0, 0), 2, byrow = TRUE)
    expect_error(predict(model, bad), "'words'.*index 15.*\\[0, 10\\)")
    expect_error(fit(model, bad, c(1, 1), verbose = 0), "'words'.*index 15")
    expect_true(same_weights(before, get_weights(model)))
    expect_equal(dim(predict(model, good)), c(2L, 1L))
  })
}

test_that("a keras.json that TensorFlow's Keras asserts on does not break TensorFlow", {
  skip_if_no_keras()
  home <- tempfile("keras-home-bad-")
  dir.create(home)
  content <- '{"floatx": "int7", "epsilon": 1, "image_data_format": "middle"}'
  writeLines(content, file.path(home, "keras.json"))
  script <- tempfile(fileext = ".R")
  writeLines(c(
    "library(keras)",
    "use_backend('tensorflow')",
    "model <- keras_model_sequential() %>% layer_dense(1, input_shape = 2)",
    "model %>% compile(optimizer = 'sgd', loss = 'mse')",
    "fit(model, matrix(1, 4, 2), rep(1, 4), verbose = 0)",
    "cat('trained', k_epsilon(), '\\n')"
  ), script)
  out <- suppressWarnings(system2(
    file.path(R.home("bin"), "Rscript"), script,
    stdout = TRUE, stderr = TRUE, env = paste0("KERAS_HOME=", home)
  ))
  if (any(grepl("backend tensorflow not installed|ImportError", out))) skip("TensorFlow not installed")
  expect_true(any(grepl("trained 1", out)), info = paste(out, collapse = "\n"))
  expect_identical(readLines(file.path(home, "keras.json")), content)
})
