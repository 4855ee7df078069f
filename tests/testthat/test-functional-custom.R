# Functional API helpers and custom R6 layers.

CustomLayer <- R6::R6Class("CustomLayer",
  inherit = KerasLayer,
  public = list(
    output_dim = NULL,
    kernel = NULL,
    initialize = function(output_dim) {
      self$output_dim <- output_dim
    },
    build = function(input_shape) {
      self$kernel <- self$add_weight(
        name = "kernel", shape = list(input_shape[[2]], self$output_dim),
        initializer = initializer_random_normal(seed = 1), trainable = TRUE
      )
    },
    call = function(x, mask = NULL) {
      k_dot(x, self$kernel)
    },
    compute_output_shape = function(input_shape) {
      list(input_shape[[1]], self$output_dim)
    }
  )
)

layer_custom <- function(object, output_dim, input_shape = NULL, name = NULL,
                         trainable = TRUE) {
  create_layer(CustomLayer, object, list(output_dim = output_dim, input_shape = input_shape,
                                         name = name, trainable = trainable))
}

test_that("a custom R6 layer trains on tensorflow and theano and survives backend switches", {
  skip_if_no_backend("tensorflow")
  skip_if_no_backend("theano")
  use_backend("tensorflow")
  set.seed(5)
  x <- matrix(rnorm(60), 20)
  y <- x %*% c(1, -2, 0.5)
  model <- keras_model_sequential() %>% layer_custom(output_dim = 1, input_shape = 3)
  layer <- model$layers[[1]]
  expect_equal(class(layer)[1], "r6_layers.CustomLayer")
  expect_true("multikeras.engine.base_layer.Layer" %in% class(layer))
  expect_equal(layer$get_config()$output_dim, 1)
  expect_equal(count_params(model), 3)
  model %>% compile(optimizer = optimizer_sgd(lr = 0.1), loss = "mse")
  loss_tf <- fit(model, x, y, epochs = 15, batch_size = 5, verbose = 0)$metrics$loss
  expect_lt(loss_tf[15], loss_tf[1] / 5)
  before <- predict(model, x)
  # the kernel is the R matrix product's
  expect_equal(before, x %*% get_weights(model)[[1]], tolerance = 1e-5)

  use_backend("theano")
  expect_equal(predict(model, x), before, tolerance = 1e-5)
  loss_th <- fit(model, x, y, epochs = 5, batch_size = 5, verbose = 0)$metrics$loss
  expect_lt(loss_th[5], loss_tf[15])
  fresh <- keras_model_sequential() %>% layer_custom(output_dim = 2, input_shape = 3)
  fresh %>% compile(optimizer = "sgd", loss = "mse")
  expect_length(fit(fresh, x, cbind(y, y), epochs = 2, verbose = 0)$metrics$loss, 2)
  after <- predict(model, x)
  use_backend("tensorflow")
  expect_equal(predict(model, x), after, tolerance = 1e-5)
})

test_that("Layer() defines a custom layer function, usable with tensors and arithmetic", {
  skip_if_no_backend("tensorflow")
  layer_scale <- Layer("Scale",
    initialize = function(factor) self$factor <- factor,
    call = function(x, mask = NULL) x * self$factor + 1,
    factor = NULL
  )
  input <- layer_input(shape = 2)
  output <- input %>% layer_scale(factor = 3)
  model <- keras_model(input, output)
  expect_equal(predict(model, matrix(1:4, 2)), matrix(1:4, 2) * 3 + 1, tolerance = 1e-6)
  expect_error(create_layer(R6::R6Class("NotALayer"), NULL), "must be an R6 class that inherits from KerasLayer")
  bad <- Layer("Broken", call = function(x, mask = NULL) stop("boom in call"))
  expect_error(input %>% bad(), "boom in call")
})

test_that("shared layers, nested models and model helpers work", {
  skip_if_no_backend("tensorflow")
  encoder_in <- layer_input(shape = 4)
  encoder <- keras_model(encoder_in, encoder_in %>% layer_dense(2, name = "code"), name = "encoder")
  a <- layer_input(shape = 4)
  b <- layer_input(shape = 4)
  shared <- layer_dense(units = 3, name = "shared_dense")
  za <- a %>% shared
  zb <- b %>% shared
  code_a <- encoder(a) # a model called on a tensor
  code_b <- b %>% encoder # or piped into
  out <- layer_concatenate(list(za, zb, code_a, code_b)) %>% layer_dense(1, name = "out")
  model <- keras_model(list(a, b), out)
  expect_equal(k_int_shape(out), list(NULL, 1L))
  # the shared layer and the nested model appear once
  names <- vapply(model$layers, function(l) l$name, character(1))
  expect_equal(sum(names == "shared_dense"), 1)
  expect_equal(sum(names == "encoder"), 1)
  expect_equal(count_params(model), (4 * 3 + 3) + (4 * 2 + 2) + (10 * 1 + 1))
  expect_equal(get_layer(model, "shared_dense")$name, "shared_dense")
  expect_equal(get_layer(model, index = 1)$name, model$layers[[1]]$name)
  expect_error(get_layer(model, index = 99), "`index` is 99 but the model has")
  expect_error(get_layer(model, "nope"), "no layer named 'nope'")
  expect_error(get_layer(model), "exactly one of `name` or `index`")
  expect_output(summary(model), "Total params: 36")
  # get_weights / set_weights on a layer
  w <- get_weights(shared)
  expect_equal(dim(w[[1]]), c(4L, 3L))
  w[[1]][] <- 1
  set_weights(shared, w)
  expect_equal(get_weights(shared)[[1]], matrix(1, 4, 3))

  seq_model <- keras_model_sequential() %>%
    layer_dense(4, input_shape = 3, name = "d1") %>%
    layer_dense(3, name = "d2") %>%
    layer_dense(2, name = "d3")
  freeze_weights(seq_model, from = "d1", to = 2)
  expect_false(get_layer(seq_model, "d1")$trainable)
  expect_false(get_layer(seq_model, "d2")$trainable)
  expect_true(get_layer(seq_model, "d3")$trainable)
  expect_length(seq_model$trainable_weights, 2)
  unfreeze_weights(seq_model, from = "d3")
  expect_true(get_layer(seq_model, "d3")$trainable)
  expect_false(get_layer(seq_model, "d1")$trainable)
  unfreeze_weights(seq_model)
  freeze_weights(seq_model)
  expect_length(seq_model$trainable_weights, 0)
  unfreeze_weights(seq_model)
  for (l in seq_model$layers) l$trainable <- TRUE
  expect_length(seq_model$trainable_weights, 6)
  expect_error(freeze_weights(seq_model, from = "d3", to = "d1"), "`from` \\(layer 3\\) comes after `to` \\(layer 1\\)")
  expect_error(freeze_weights(seq_model, from = "zz"), "no layer named \"zz\"")
  expect_invisible(pop_layer(seq_model))
  expect_length(seq_model$layers, 2)
  expect_equal(seq_model$output_shape, list(NULL, 3L))
  expect_error(pop_layer(model), "`object` must be a sequential model")
  expect_error(count_params("x"), "`object` must be a model or a layer")
})
