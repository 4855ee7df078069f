# Looking into models from R: nodes of shared layers (1-based), predicted
# classes, stateful layers, ConvLSTM2D, drawings, shapes and the
# implementation helpers.

backends <- c("tensorflow", "theano", "cntk")

# Switches to `name` when its engine is installed; FALSE when it is not.
backend_available <- function(name) {
  tryCatch({
    skip_if_no_backend(name)
    TRUE
  }, skip = function(e) FALSE)
}

test_that("get_*_at() number the nodes of a shared layer from 1", {
  skip_if_no_backend("tensorflow")
  shared <- layer_dense(units = 2, name = "shared")
  a <- layer_input(shape = 3, name = "a")
  b <- layer_input(shape = 5, name = "b")
  b_small <- b %>% layer_dense(3, name = "squeeze")
  out_a <- shared(a)
  out_b <- shared(b_small)

  expect_equal(get_input_at(shared, 1)$name, a$name)
  expect_equal(get_input_at(shared, 2)$name, b_small$name)
  expect_equal(get_output_at(shared, 1)$name, out_a$name)
  expect_equal(get_output_at(shared, 2)$name, out_b$name)
  expect_equal(get_input_shape_at(shared, 1), list(NULL, 3L))
  expect_equal(get_output_shape_at(shared, 2), list(NULL, 2L))
  expect_null(get_input_mask_at(shared, 1))
  expect_null(get_output_mask_at(shared, 2))

  expect_error(get_input_at(shared, 3),
               "`node_index` is 3 but layer \"shared\" has 2 node\\(s\\).*use 1 to 2")
  expect_error(get_output_at(shared, 0), "`node_index` must be a positive whole number, not 0")
  expect_error(get_input_shape_at(shared, 1.5), "`node_index` must be a positive whole number")
  expect_error(get_output_shape_at("shared", 1), "`object` must be a layer or a model")

  # masks: an embedding with mask_zero gives its output a mask
  tokens <- layer_input(shape = 4)
  embedding <- layer_embedding(input_dim = 10, output_dim = 2, mask_zero = TRUE)
  embedded <- embedding(tokens)
  expect_false(is.null(get_output_mask_at(embedding, 1)))
  expect_null(get_input_mask_at(embedding, 1))

  # a model used as a layer has a node per call too (its last one is the
  # latest call; Keras also counts its creation as a node, the core does not)
  inner <- keras_model(a, out_a)
  c_input <- layer_input(shape = 3, name = "c")
  inner(c_input)
  last <- length(inner[["_inbound_nodes"]])
  expect_equal(get_input_at(inner, last)$name, c_input$name)
  expect_equal(get_output_shape_at(inner, last), list(NULL, 2L))
})

for (backend_name in backends) {
  test_that(paste("predict_classes() and predict_proba() on", backend_name), {
    skip_if_no_backend(backend_name)
    model <- keras_model_sequential() %>%
      layer_dense(3, activation = "softmax", input_shape = 4)
    skip_if_not(reticulate::py_has_attr(model, "predict_classes"),
                "the core's Sequential has no predict_classes() yet")
    x <- matrix(runif(20), 5)
    probs <- predict(model, x)
    expect_equal(predict_proba(model, x), probs, tolerance = 1e-6)
    classes <- predict_classes(model, x)
    expect_type(classes, "integer")
    expect_equal(classes, max.col(probs, ties.method = "first") - 1L)

    binary <- keras_model_sequential() %>%
      layer_dense(1, activation = "sigmoid", input_shape = 4)
    p <- predict(binary, x)
    expect_equal(predict_classes(binary, x), as.integer(p[, 1] > 0.5))
  })
}

test_that("predict_classes() and predict_proba() check their arguments", {
  skip_if_no_backend("tensorflow")
  input <- layer_input(shape = 2)
  functional <- keras_model(input, input %>% layer_dense(2))
  expect_error(predict_classes(functional, matrix(0, 1, 2)),
               "`object` must be a sequential model.*use predict\\(\\)")
  sequential <- keras_model_sequential() %>% layer_dense(2, input_shape = 2)
  expect_error(predict_proba(sequential), "`x` is missing")
  expect_error(predict_classes(sequential, matrix(0, 1, 2), batch_size = 0),
               "`batch_size` must be a positive whole number, not 0")
})

for (backend_name in backends) {
  test_that(paste("reset_states() zeroes the states of stateful layers on", backend_name), {
    skip_if_no_backend(backend_name)
    model <- keras_model_sequential() %>%
      layer_lstm(3, stateful = TRUE, batch_input_shape = c(2, 4, 1), name = "memory") %>%
      layer_dense(1)
    x <- array(seq(0.1, 0.8, length.out = 8), dim = c(2, 4, 1))
    first <- predict(model, x, batch_size = 2)
    second <- predict(model, x, batch_size = 2)
    expect_false(isTRUE(all.equal(first, second)))
    expect_identical(reset_states(model), model)
    expect_equal(predict(model, x, batch_size = 2), first, tolerance = 1e-6)

    predict(model, x, batch_size = 2)
    reset_states(get_layer(model, "memory"))
    expect_equal(predict(model, x, batch_size = 2), first, tolerance = 1e-6)
  })
}

test_that("reset_states() checks its argument", {
  skip_if_no_backend("tensorflow")
  expect_error(reset_states(1), "`object` must be a model or a layer")
  expect_error(reset_states(layer_dense(units = 2, name = "plain")),
               "\"plain\" has no states to reset")
})

for (backend_name in backends) {
  test_that(paste("layer_conv_lstm_2d() builds, trains and saves on", backend_name), {
    skip_if_no_backend(backend_name)
    model <- keras_model_sequential() %>%
      layer_conv_lstm_2d(filters = 2, kernel_size = c(3, 3), padding = "same",
                         return_sequences = TRUE, input_shape = c(3, 5, 5, 1)) %>%
      layer_conv_lstm_2d(filters = 1, kernel_size = 3) %>%
      layer_flatten() %>%
      layer_dense(1)
    expect_equal(model$layers[[1]]$output_shape, list(NULL, 3L, 5L, 5L, 2L))
    expect_equal(model$layers[[2]]$output_shape, list(NULL, 3L, 3L, 1L))
    model %>% compile(optimizer = "sgd", loss = "mse")
    set.seed(1)
    x <- array(runif(4 * 3 * 25), dim = c(4, 3, 5, 5, 1))
    y <- matrix(runif(4), 4)
    history <- fit(model, x, y, epochs = 1, batch_size = 2, verbose = 0)
    expect_length(history$metrics$loss, 1)
    restored <- unserialize_model(serialize_model(model))
    expect_equal(predict(restored, x), predict(model, x), tolerance = 1e-5)
  })
}

test_that("layer_conv_lstm_2d() checks its arguments and returns a layer without object", {
  skip_if_no_keras()
  layer <- layer_conv_lstm_2d(filters = 4, kernel_size = 3, stateful = FALSE)
  config <- reticulate::py_to_r(get_config(layer))
  expect_equal(config$filters, 4L)
  expect_equal(unlist(config$kernel_size), c(3L, 3L))
  expect_equal(config$recurrent_activation, "hard_sigmoid")
  expect_error(layer_conv_lstm_2d(filters = 0, kernel_size = 3),
               "`filters` must be a positive whole number, not 0")
  expect_error(layer_conv_lstm_2d(filters = 2, kernel_size = c(1, 2, 3)), "`kernel_size`")
  expect_error(layer_conv_lstm_2d(filters = 2, kernel_size = 3, padding = "full"),
               "`padding` must be one of \"valid\", \"same\"")
  expect_error(layer_conv_lstm_2d(filters = 2, kernel_size = 3, dropout = 1),
               "`dropout` must be a number in \\[0, 1\\)")
})

test_that("plot() draws a model in the graphics device or writes a file", {
  skip_if_no_backend("tensorflow")
  skip_if_not(reticulate::py_module_available("pydot"), "pydot is not installed")
  skip_if(!nzchar(Sys.which("dot")), "Graphviz's dot is not installed")
  skip_if_not_installed("png")
  input <- layer_input(shape = 3, name = "features")
  output <- list(input %>% layer_dense(2, name = "left"),
                 input %>% layer_dense(2, name = "right")) %>%
    layer_concatenate(name = "both")
  model <- keras_model(input, output)

  device_file <- tempfile(fileext = ".png")
  grDevices::png(device_file, width = 300, height = 300)
  expect_invisible(plot(model, show_shapes = TRUE))
  grDevices::dev.off()
  expect_gt(file.size(device_file), 1000)

  to_file <- tempfile(fileext = ".png")
  on.exit(unlink(c(device_file, to_file)), add = TRUE)
  expect_equal(plot(model, to_file = to_file, rankdir = "LR"), path.expand(to_file))
  image <- png::readPNG(to_file)
  expect_gt(dim(image)[[2]], dim(image)[[1]]) # left to right: wider than tall
  expect_error(plot(model, rankdir = "BT"), "`rankdir` must be one of \"TB\", \"LR\"")
  expect_error(plot(model, dpi = -1), "`dpi` must be a positive whole number")
})

test_that("shape(), tuple() and k_get_variable_shape() make and read shapes", {
  s <- shape(NA, 28, 28, 1)
  expect_s3_class(s, "keras_shape")
  expect_equal(unclass(s), list(NULL, 28L, 28L, 1L))
  expect_equal(format(s), "shape(NA, 28, 28, 1)")
  expect_output(print(shape(NULL, 3)), "shape\\(NA, 3\\)")
  expect_equal(unclass(shape(c(2, 3))), list(2L, 3L))
  expect_error(shape(2.5), "`..1` must be a non-negative whole number, NA or NULL, not 2.5")
  expect_error(shape(1, "a"), "`..2` must be")

  skip_if_no_backend("tensorflow")
  py_shape <- reticulate::r_to_py(shape(NA, 3))
  expect_true(inherits(py_shape, "python.builtin.tuple"))
  expect_equal(reticulate::py_str(py_shape), "(None, 3)")
  x <- layer_input(batch_shape = shape(NA, 3))
  expect_equal(k_int_shape(x), list(NULL, 3L))
  expect_true(inherits(tuple(1L, 2L), "python.builtin.tuple"))

  for (backend_name in backends) {
    if (!backend_available(backend_name)) next
    v <- k_variable(array(0, dim = c(2, 3, 4)))
    expect_equal(k_get_variable_shape(v), list(2L, 3L, 4L), label = backend_name)
  }
})

test_that("implementation() is the core and use_implementation() explains the single one", {
  skip_if_no_keras()
  expect_equal(implementation()$`__name__`, "multikeras")
  expect_invisible(use_implementation("keras"))
  expect_equal(use_implementation(), "keras")
  expect_error(use_implementation("tensorflow"),
               "single implementation.*use_backend\\(\"tensorflow\"\\)")
  expect_error(use_implementation("theano"), "`implementation` must be one of \"keras\"")
  expect_error(use_implementation(1), "`implementation` must be a single string")
})

test_that("use_python(), use_virtualenv() and use_condaenv() are reticulate's", {
  expect_identical(use_python, reticulate::use_python)
  expect_identical(use_virtualenv, reticulate::use_virtualenv)
  expect_identical(use_condaenv, reticulate::use_condaenv)
  expect_identical(tuple, reticulate::tuple)
})
