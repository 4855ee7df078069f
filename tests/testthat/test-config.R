test_that("keras.json is written with the defaults in KERAS_HOME", {
  skip_if_no_keras()
  path <- keras_config_path()
  expect_equal(normalizePath(dirname(path)), normalizePath(Sys.getenv("KERAS_HOME")))
  k_backend() # reads (and so creates) the configuration
  expect_true(file.exists(path))
  config <- keras_config()
  expect_setequal(names(config), c("backend", "floatx", "epsilon", "image_data_format"))
  expect_equal(config$floatx, "float32")
  expect_equal(config$image_data_format, "channels_last")
  expect_equal(config$epsilon, 1e-7)
})

test_that("floatx, epsilon and image_data_format round trip", {
  skip_if_no_keras()
  old <- k_set_floatx("float64")
  expect_equal(old, "float32")
  expect_equal(k_floatx(), "float64")
  k_set_floatx(old)
  expect_equal(k_floatx(), "float32")

  old <- k_set_epsilon(1e-4)
  expect_equal(k_epsilon(), 1e-4)
  k_set_epsilon(old)
  expect_equal(k_epsilon(), 1e-7)

  old <- k_set_image_data_format("channels_first")
  expect_equal(k_image_data_format(), "channels_first")
  k_set_image_data_format(old)
  expect_equal(k_image_data_format(), "channels_last")
})

test_that("image_data_format set in the session survives compile() and clear_session()", {
  skip_if_no_keras()
  old <- k_set_image_data_format("channels_first")
  on.exit(k_set_image_data_format(old), add = TRUE)
  model <- keras_model_sequential() %>%
    layer_conv_2d(2, c(3, 3), input_shape = c(1, 6, 6)) %>%
    layer_flatten()
  model %>% compile(optimizer = "sgd", loss = "mse")
  expect_equal(k_image_data_format(), "channels_first")
  k_clear_session()
  expect_equal(k_image_data_format(), "channels_first")
  second <- keras_model_sequential() %>%
    layer_conv_2d(2, c(3, 3), input_shape = c(1, 6, 6))
  expect_equal(unlist(second$output_shape), c(2, 4, 4))
})

test_that("invalid settings are rejected, naming argument and value", {
  skip_if_no_keras()
  expect_error(k_set_floatx("float8"), "`floatx` must be one of \"float16\", \"float32\", \"float64\", not \"float8\"")
  expect_error(k_set_epsilon(-1), "`e` must be a positive number, not -1")
  expect_error(k_set_image_data_format("rows"), "`data_format` must be one of")
  expect_equal(k_floatx(), "float32")
})

test_that("k_clear_session() runs and keeps the backend", {
  skip_if_no_keras()
  before <- k_backend()
  expect_null(k_clear_session())
  expect_equal(k_backend(), before)
})
