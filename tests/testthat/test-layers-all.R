# Every layer constructor builds on every backend, with the output shape the
# core computes; and the built layers run (one predict per group, to keep
# Theano compilations few).

shape_of <- function(x) {
  lapply(k_int_shape(x), function(d) if (is.null(d)) NA_integer_ else d)
}
expect_shape <- function(x, expected) {
  expect_equal(unlist(shape_of(x)), c(NA, expected))
}

# Runs `model` on random data and checks every output has its static shape.
expect_outputs_run <- function(model, n = 2) {
  inputs <- model$inputs
  data <- lapply(inputs, function(i) {
    shape <- c(n, unlist(k_int_shape(i)[-1]))
    array(as.numeric(sample(0:3, prod(shape), replace = TRUE)), dim = shape)
  })
  out <- predict(model, if (length(data) == 1) data[[1]] else data)
  if (!is.list(out)) out <- list(out)
  expect_equal(length(out), length(model$outputs))
  for (i in seq_along(out)) {
    expected <- unlist(k_int_shape(model$outputs[[i]])[-1])
    expect_equal(dim(out[[i]]), as.integer(c(n, expected)), label = paste("output", i))
    expect_false(anyNA(out[[i]]))
  }
}

for (backend_name in c("tensorflow", "theano")) {
  test_that(paste("core, pooling, recurrent, merge, noise and activation layers build and run on", backend_name), {
    skip_if_no_backend(backend_name)
    seq_in <- layer_input(shape = c(6, 2))
    img_in <- layer_input(shape = c(4, 4, 2))
    vol_in <- layer_input(shape = c(4, 4, 4, 1))
    vec_in <- layer_input(shape = 12)
    outs <- list()
    add <- function(x, expected) {
      expect_shape(x, expected)
      outs[[length(outs) + 1]] <<- x
      invisible(x)
    }
    add(seq_in %>% layer_masking(mask_value = 0), c(6, 2))
    add(seq_in %>% layer_spatial_dropout_1d(0.3), c(6, 2))
    add(img_in %>% layer_spatial_dropout_2d(0.3), c(4, 4, 2))
    add(vol_in %>% layer_spatial_dropout_3d(0.3), c(4, 4, 4, 1))
    add(vec_in %>% layer_reshape(c(3, 4)), c(3, 4))
    add(vec_in %>% layer_reshape(c(-1, 2)), c(6, 2))
    add(seq_in %>% layer_permute(c(2, 1)), c(2, 6))
    add(vec_in %>% layer_repeat_vector(3), c(3, 12))
    add(vec_in %>% layer_lambda(function(x) k_square(x) * 2), 12)
    add(vec_in %>% layer_lambda(function(x) k_sum(x, axis = 2, keepdims = TRUE), output_shape = 1), 1)
    add(vec_in %>% layer_activity_regularization(l1 = 0.01), 12)
    add(seq_in %>% layer_conv_1d(3, 2, padding = "causal"), c(6, 3))
    add(seq_in %>% layer_max_pooling_1d(2), c(3, 2))
    add(seq_in %>% layer_average_pooling_1d(3), c(2, 2))
    add(img_in %>% layer_average_pooling_2d(c(2, 2)), c(2, 2, 2))
    add(vol_in %>% layer_conv_3d(2, c(2, 2, 2)), c(3, 3, 3, 2))
    add(vol_in %>% layer_max_pooling_3d(2), c(2, 2, 2, 1))
    add(vol_in %>% layer_average_pooling_3d(2), c(2, 2, 2, 1))
    add(seq_in %>% layer_global_max_pooling_1d(), 2)
    add(seq_in %>% layer_global_average_pooling_1d(), 2)
    add(img_in %>% layer_global_max_pooling_2d(), 2)
    add(img_in %>% layer_global_average_pooling_2d(), 2)
    add(vol_in %>% layer_global_max_pooling_3d(), 1)
    add(vol_in %>% layer_global_average_pooling_3d(), 1)
    add(seq_in %>% layer_upsampling_1d(2), c(12, 2))
    add(img_in %>% layer_upsampling_2d(c(2, 3)), c(8, 12, 2))
    add(seq_in %>% layer_zero_padding_1d(c(1, 2)), c(9, 2))
    add(img_in %>% layer_zero_padding_2d(list(c(1, 0), c(2, 2))), c(5, 8, 2))
    add(vol_in %>% layer_zero_padding_3d(1), c(6, 6, 6, 1))
    add(seq_in %>% layer_simple_rnn(4, return_sequences = TRUE), c(6, 4))
    add(seq_in %>% layer_gru(3), 3)
    add(seq_in %>% layer_gru(3, reset_after = TRUE, recurrent_activation = "sigmoid"), 3)
    lstm_out <- seq_in %>% layer_lstm(5, return_state = TRUE)
    expect_length(lstm_out, 3)
    for (t in lstm_out) add(t, 5)
    add(vec_in %>% layer_batch_normalization(), 12)
    emb_in <- layer_input(shape = 5)
    add(emb_in %>% layer_embedding(10, 3), c(5, 3))
    a <- vec_in %>% layer_dense(3)
    b <- vec_in %>% layer_dense(3)
    add(layer_add(list(a, b)), 3)
    add(layer_subtract(list(a, b)), 3)
    add(layer_multiply(list(a, b)), 3)
    add(layer_average(list(a, b)), 3)
    add(layer_maximum(list(a, b)), 3)
    add(layer_minimum(list(a, b)), 3)
    add(layer_concatenate(list(a, b)), 6)
    add(layer_dot(list(a, b), axes = 1), 1)
    add(vec_in %>% layer_gaussian_noise(0.1), 12)
    add(vec_in %>% layer_gaussian_dropout(0.2), 12)
    add(vec_in %>% layer_alpha_dropout(0.2), 12)
    add(vec_in %>% layer_activation_leaky_relu(0.1), 12)
    add(vec_in %>% layer_activation_parametric_relu(), 12)
    add(vec_in %>% layer_activation_elu(), 12)
    add(vec_in %>% layer_activation_thresholded_relu(0.5), 12)
    add(vec_in %>% layer_activation_softmax(), 12)
    add(vec_in %>% layer_activation_relu(max_value = 1), 12)
    add(seq_in %>% time_distributed(layer_dense(units = 4)), c(6, 4))
    model <- keras_model(list(seq_in, img_in, vol_in, vec_in, emb_in), outs)
    expect_outputs_run(model)
  })

  test_that(paste("transposed, separable, depthwise, local, cropping and bidirectional layers build and run on", backend_name), {
    skip_if_no_backend(backend_name)
    seq_in <- layer_input(shape = c(6, 2))
    img_in <- layer_input(shape = c(4, 4, 2))
    vol_in <- layer_input(shape = c(2, 2, 2, 1))
    outs <- list(
      img_in %>% layer_conv_2d_transpose(2, 3, strides = 2),
      vol_in %>% layer_conv_3d_transpose(1, 2, strides = 2),
      img_in %>% layer_separable_conv_2d(3, 3),
      img_in %>% layer_depthwise_conv_2d(2, depth_multiplier = 2),
      seq_in %>% layer_separable_conv_1d(3, 2),
      seq_in %>% layer_locally_connected_1d(2, 3),
      img_in %>% layer_locally_connected_2d(2, c(2, 2)),
      vol_in %>% layer_upsampling_3d(2),
      seq_in %>% layer_cropping_1d(c(1, 2)),
      img_in %>% layer_cropping_2d(list(c(1, 0), c(1, 1))),
      vol_in %>% layer_cropping_3d(list(c(1, 0), c(0, 1), c(0, 0))),
      seq_in %>% bidirectional(layer_lstm(units = 3)),
      seq_in %>% bidirectional(layer_gru(units = 2, return_sequences = TRUE), merge_mode = "sum")
    )
    expected <- list(c(9, 9, 2), c(4, 4, 4, 1), c(2, 2, 3), c(3, 3, 4), c(5, 3), c(4, 2),
                     c(3, 3, 2), c(4, 4, 4, 1), c(3, 2), c(3, 2, 2), c(1, 1, 2, 1), 6, c(6, 2))
    for (i in seq_along(outs)) expect_shape(outs[[i]], expected[[i]])
    model <- keras_model(list(seq_in, img_in, vol_in), outs)
    expect_outputs_run(model)
  })
}

test_that("layer functions validate their arguments in R", {
  expect_error(layer_conv_1d(filters = 0, kernel_size = 3), "`filters` must be a positive whole number, not 0", fixed = TRUE)
  expect_error(layer_conv_3d(filters = -2, kernel_size = 3), "`filters` must be a positive whole number, not -2", fixed = TRUE)
  expect_error(layer_conv_1d(filters = 2, kernel_size = c(3, 3)), "`kernel_size` must be a single positive whole number, not c(3, 3)", fixed = TRUE)
  expect_error(layer_conv_3d(filters = 2, kernel_size = c(3, 3)), "`kernel_size` must be a single positive whole number or a vector of 3 of them, not c(3, 3)", fixed = TRUE)
  expect_error(layer_conv_2d_transpose(filters = 2, kernel_size = 3, padding = "full"), "`padding` must be one of")
  expect_error(layer_lstm(units = 0), "`units` must be a positive whole number, not 0", fixed = TRUE)
  expect_error(layer_gru(units = 4, dropout = 1.2), "`dropout` must be a number in [0, 1), not 1.2", fixed = TRUE)
  expect_error(layer_simple_rnn(units = 4, return_sequences = "yes"), "`return_sequences` must be TRUE or FALSE")
  expect_error(layer_embedding(input_dim = 0, output_dim = 3), "`input_dim` must be a positive whole number")
  expect_error(layer_reshape(target_shape = c(-1, -1)), "`target_shape` must be a vector of positive whole numbers (one entry may be -1)", fixed = TRUE)
  expect_error(layer_permute(dims = c(1, 3)), "`dims` must be a permutation of 1:2, not c(1, 3)", fixed = TRUE)
  expect_error(layer_repeat_vector(n = 0), "`n` must be a positive whole number")
  expect_error(layer_spatial_dropout_2d(rate = 1), "`rate` must be a number in [0, 1)", fixed = TRUE)
  expect_error(layer_zero_padding_2d(padding = c(1, 2, 3)), "`padding` must be a non-negative whole number, 2 of them, or a list of 2 pairs")
  expect_error(layer_cropping_2d(cropping = -1), "`cropping`")
  expect_error(layer_max_pooling_3d(pool_size = c(2, 2)), "`pool_size` must be a single positive whole number or a vector of 3 of them")
  expect_error(layer_add(list(1)), "`inputs` must be a list of at least 2 tensors")
  expect_error(layer_dot(list(), axes = c(1, 2, 3)), "`axes` must be one axis or two")
  expect_error(bidirectional(layer = "lstm"), "`layer` must be a layer")
  expect_error(bidirectional(layer = NULL, merge_mode = "max"), "`layer`")
  expect_error(time_distributed(layer = 3), "`layer` must be a layer")
  expect_error(layer_lambda(f = 3), "`f` must be a function")
  expect_error(layer_activation_relu(max_value = -1), "`max_value` must be a single number >= 0")
  expect_error(create_layer(42, NULL), "`layer_class` must be an R6 class inheriting from KerasLayer")
  expect_error(layer_batch_normalization(momentum = 2), "`momentum` must be a number in [0, 1]", fixed = TRUE)
})

test_that("an unknown activation name lists the valid ones", {
  skip_if_no_backend("tensorflow")
  expect_error(layer_dense(units = 2, activation = "relux"),
               "Unknown activation function: 'relux'. Valid values are: elu, exponential, hard_sigmoid, linear, relu")
  expect_error(layer_lstm(units = 2, recurrent_activation = "sigmoidal"), "Unknown activation function: 'sigmoidal'")
  expect_error(create_layer("Dense2", NULL, list(units = 2L)), "Unknown layer class \"Dense2\"")
})

test_that("initializers, regularizers, constraints and activations are core objects", {
  skip_if_no_backend("tensorflow")
  layer <- layer_dense(units = 3, input_shape = 2,
                       kernel_initializer = initializer_constant(0.5),
                       bias_initializer = initializer_ones(),
                       kernel_regularizer = regularizer_l1_l2(0.1, 0.1),
                       bias_regularizer = regularizer_l2(0.01),
                       activity_regularizer = regularizer_l1(0.01),
                       kernel_constraint = constraint_maxnorm(3),
                       bias_constraint = constraint_nonneg())
  model <- keras_model_sequential(list(layer))
  w <- get_weights(layer)
  expect_equal(w[[1]], matrix(0.5, 2, 3))
  expect_equal(as.vector(w[[2]]), rep(1, 3))
  expect_length(model$losses, 3)
  expect_equal(unlist(lapply(list(initializer_zeros(), initializer_random_normal(seed = 1),
                                  initializer_random_uniform(seed = 1), initializer_truncated_normal(seed = 1),
                                  initializer_variance_scaling(mode = "fan_avg", distribution = "uniform"),
                                  initializer_orthogonal(seed = 1), initializer_identity(),
                                  initializer_glorot_uniform(1), initializer_glorot_normal(1),
                                  initializer_he_uniform(1), initializer_he_normal(1),
                                  initializer_lecun_uniform(1), initializer_lecun_normal(1)),
                             function(i) dim(i(reticulate::tuple(4L, 4L))))),
               rep(4L, 26))
  eye <- initializer_identity(gain = 2)(reticulate::tuple(3L, 3L))
  expect_equal(eye, diag(2, 3))
  orth <- initializer_orthogonal(seed = 1)(reticulate::tuple(4L, 4L))
  expect_equal(crossprod(orth), diag(4), tolerance = 1e-5)
  expect_error(initializer_variance_scaling(mode = "fan_sum"), "`mode` must be one of")
  expect_error(regularizer_l2(-1), "`l` must be a single number >= 0, not -1")
  expect_true(reticulate::py_has_attr(constraint_unitnorm(), "get_config"))
  expect_true(reticulate::py_has_attr(constraint_minmaxnorm(0.5, 2), "get_config"))
  x <- k_constant(c(-1, 0, 2))
  expect_equal(k_eval(activation_relu(x)), c(0, 0, 2))
  expect_equal(k_eval(activation_elu(x)), c(exp(-1) - 1, 0, 2), tolerance = 1e-6)
  expect_equal(k_eval(activation_selu(x))[3], 2 * 1.0507009873554805, tolerance = 1e-5)
  expect_equal(k_eval(activation_hard_sigmoid(x)), c(0.3, 0.5, 0.9), tolerance = 1e-6)
  expect_equal(k_eval(activation_linear(x)), c(-1, 0, 2))
  expect_equal(k_eval(activation_sigmoid(x)), 1 / (1 + exp(c(1, 0, -2))), tolerance = 1e-6)
  expect_equal(k_eval(activation_softplus(x)), log1p(exp(c(-1, 0, 2))), tolerance = 1e-6)
  expect_equal(k_eval(activation_softsign(x)), c(-0.5, 0, 2 / 3), tolerance = 1e-6)
  expect_equal(k_eval(activation_tanh(x)), tanh(c(-1, 0, 2)), tolerance = 1e-6)
  expect_equal(k_eval(activation_exponential(x)), exp(c(-1, 0, 2)), tolerance = 1e-5)
  expect_equal(rowSums(k_eval(activation_softmax(k_constant(matrix(1:4, 2))))), c(1, 1), tolerance = 1e-6)
  # an R activation function works in a layer
  out <- layer_input(shape = 3) %>% layer_dense(2, activation = activation_tanh)
  expect_shape(out, 2)
})
