test_that("layer arguments are validated in R, naming argument and value", {
  expect_error(layer_dense(units = -3), "`units` must be a positive whole number, not -3", fixed = TRUE)
  expect_error(layer_dense(units = 0), "`units` must be a positive whole number, not 0", fixed = TRUE)
  expect_error(layer_dense(units = "ten"), "`units` must be a positive whole number, not \"ten\"", fixed = TRUE)
  expect_error(
    layer_conv_2d(filters = 8, kernel_size = c(3, 3, 3)),
    "`kernel_size` must be a single positive whole number or a vector of 2 of them, not c(3, 3, 3)",
    fixed = TRUE
  )
  expect_error(layer_conv_2d(filters = 8, kernel_size = 3, padding = "full"), "`padding` must be one of \"valid\", \"same\", not \"full\"")
  expect_error(layer_dropout(rate = 1.5), "`rate` must be a number in [0, 1), not 1.5", fixed = TRUE)
  expect_error(layer_max_pooling_2d(pool_size = c(2, 0)), "`pool_size`")
  expect_error(layer_flatten(data_format = "nchw"), "`data_format` must be one of")
})

test_that("a layer function returns a layer, adds to a model, or calls on a tensor", {
  skip_if_no_backend("tensorflow")
  layer <- layer_dense(units = 3, name = "d3")
  expect_true(reticulate::py_has_attr(layer, "units"))
  expect_equal(layer$units, 3L)
  expect_equal(layer$name, "d3")

  model <- keras_model_sequential()
  returned <- model %>% layer_dense(units = 5, input_shape = 4)
  expect_identical(returned, model)
  expect_equal(length(model$layers), 1L)
  expect_equal(model$output_shape, list(NULL, 5L))

  input <- layer_input(shape = 4)
  output <- input %>% layer_dense(units = 2)
  expect_equal(k_int_shape(output), list(NULL, 2L))
  expect_error(layer_dense("model", units = 2), "`object` must be a sequential model")
})

test_that("convolution and pooling layers chain with the right shapes", {
  skip_if_no_backend("tensorflow")
  model <- keras_model_sequential() %>%
    layer_conv_2d(filters = 4, kernel_size = c(3, 3), activation = "relu",
                  input_shape = c(8, 8, 1)) %>%
    layer_max_pooling_2d(pool_size = c(2, 2)) %>%
    layer_dropout(rate = 0.25) %>%
    layer_flatten() %>%
    layer_activation("linear") %>%
    layer_dense(units = 3, activation = "softmax")
  shapes <- lapply(model$layers, function(l) unlist(l$output_shape))
  expect_equal(shapes[[1]], c(6L, 6L, 4L))
  expect_equal(shapes[[2]], c(3L, 3L, 4L))
  expect_equal(shapes[[4]], 36L)
  expect_equal(shapes[[6]], 3L)
  expect_equal(model$count_params(), (9 * 4 + 4) + (36 * 3 + 3))
  text <- format(model)
  expect_match(text, "conv2d")
  expect_match(text, "Total params: 151")
  expect_output(print(model), "max_pooling2d")
  expect_output(summary(model), "dense")
})
