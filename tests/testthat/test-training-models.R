# Small models of each kind train from R on every backend.

loss_drops <- function(history) {
  loss <- history$metrics$loss
  expect_true(all(is.finite(loss)))
  expect_lt(loss[length(loss)], loss[1])
}

for (backend_name in c("tensorflow", "theano")) {
  test_that(paste("a CNN and a CNN+LSTM (time-distributed convolutions) train on", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(1)
    n <- 32
    y <- rep(0:1, length.out = n)
    x <- array(rnorm(n * 6 * 6), dim = c(n, 6, 6, 1)) * 0.3
    x[y == 1, 2:4, 2:4, 1] <- x[y == 1, 2:4, 2:4, 1] + 1
    cnn <- keras_model_sequential() %>%
      layer_conv_2d(4, c(3, 3), activation = "relu", input_shape = c(6, 6, 1)) %>%
      layer_max_pooling_2d(c(2, 2)) %>%
      layer_flatten() %>%
      layer_dense(2, activation = "softmax")
    cnn %>% compile(optimizer = optimizer_adam(lr = 0.05), loss = "categorical_crossentropy",
                    metrics = "accuracy")
    loss_drops(fit(cnn, x, to_categorical(y), epochs = 6, batch_size = 8, verbose = 0))

    frames <- array(rep(x, 3), dim = c(n, 6, 6, 1, 3))
    frames <- aperm(frames, c(1, 5, 2, 3, 4)) # (n, 3 frames, 6, 6, 1)
    video <- keras_model_sequential() %>%
      time_distributed(layer_conv_2d(filters = 2, kernel_size = 3, activation = "relu"),
                       input_shape = c(3, 6, 6, 1)) %>%
      time_distributed(layer_flatten()) %>%
      layer_lstm(4) %>%
      layer_dense(1, activation = "sigmoid")
    expect_equal(video$output_shape, list(NULL, 1L))
    video %>% compile(optimizer = optimizer_adam(lr = 0.05), loss = "binary_crossentropy")
    loss_drops(fit(video, frames, y, epochs = 5, batch_size = 8, verbose = 0))
  })

  test_that(paste("an LSTM text classifier on a masked embedding trains on", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(2)
    n <- 40
    len <- 6
    seqs <- matrix(sample(2:9, n * len, replace = TRUE), n)
    y <- rep(0:1, length.out = n)
    seqs[y == 1, 1] <- 1 # the signal word
    # zero padding at the end, of random length: masked, so it must not matter
    for (i in seq_len(n)) {
      pad <- sample(0:3, 1)
      if (pad > 0) seqs[i, (len - pad + 1):len] <- 0
    }
    model <- keras_model_sequential() %>%
      layer_embedding(input_dim = 10, output_dim = 4, mask_zero = TRUE, input_length = len) %>%
      layer_lstm(units = 6) %>%
      layer_dense(1, activation = "sigmoid")
    model %>% compile(optimizer = optimizer_adam(lr = 0.05), loss = "binary_crossentropy",
                      metrics = "accuracy")
    history <- fit(model, seqs, y, epochs = 8, batch_size = 8, verbose = 0)
    loss_drops(history)
    # masked padding: extra zeros after a sequence do not change its prediction
    probe <- seqs[1:2, , drop = FALSE]
    probe[, 5:6] <- 0
    p1 <- predict(model, probe)
    probe2 <- probe
    probe2[, 6] <- 0
    probe3 <- probe
    probe3[, 5] <- 0
    expect_equal(predict(model, probe2), p1, tolerance = 1e-6)
  })

  test_that(paste("a two-input, two-output functional model trains on", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(3)
    n <- 40
    xa <- matrix(rnorm(n * 3), n)
    xb <- matrix(rnorm(n * 2), n)
    y_reg <- rowSums(xa) - xb[, 1]
    y_cls <- to_categorical(as.integer(xb[, 2] > 0), 2)
    in_a <- layer_input(shape = 3, name = "a")
    in_b <- layer_input(shape = 2, name = "b")
    shared <- layer_dense(units = 8, activation = "tanh", name = "shared")
    merged <- layer_concatenate(list(in_a %>% layer_dense(8), in_b %>% layer_dense(8)))
    hidden <- merged %>% shared
    out_reg <- hidden %>% layer_dense(1, name = "reg")
    out_cls <- hidden %>% layer_dense(2, activation = "softmax", name = "cls")
    model <- keras_model(list(in_a, in_b), list(out_reg, out_cls))
    model %>% compile(optimizer = optimizer_adam(lr = 0.02),
                      loss = list("mse", "categorical_crossentropy"),
                      loss_weights = list(1, 0.5))
    history <- fit(model, list(xa, xb), list(y_reg, y_cls), epochs = 10, batch_size = 10,
                   verbose = 0)
    loss_drops(history)
    expect_true(all(c("reg_loss", "cls_loss") %in% names(history$metrics)))
    preds <- predict(model, list(xa, xb))
    expect_length(preds, 2)
    expect_equal(dim(preds[[1]]), c(n, 1L))
    expect_equal(dim(preds[[2]]), c(n, 2L))
    expect_equal(rowSums(preds[[2]]), rep(1, n), tolerance = 1e-5)
  })

  test_that(paste("a GAN step alternates generator and discriminator training on", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(4)
    generator <- keras_model_sequential(name = "generator") %>%
      layer_dense(8, activation = "relu", input_shape = 4) %>%
      layer_dense(2)
    discriminator <- keras_model_sequential(name = "discriminator") %>%
      layer_dense(8, activation = "relu", input_shape = 2) %>%
      layer_dense(1, activation = "sigmoid")
    discriminator %>% compile(optimizer = optimizer_sgd(lr = 0.1), loss = "binary_crossentropy")
    noise_in <- layer_input(shape = 4)
    gan <- keras_model(noise_in, noise_in %>% generator %>% discriminator)
    freeze_weights(discriminator)
    gan %>% compile(optimizer = optimizer_sgd(lr = 0.1), loss = "binary_crossentropy")
    expect_length(gan$trainable_weights, 4) # the generator's only

    real <- matrix(rnorm(32, mean = 3), 16)
    for (step in 1:2) {
      noise <- matrix(rnorm(64), 16)
      fake <- predict(generator, noise)
      unfreeze_weights(discriminator)
      d_before <- get_weights(discriminator)
      d_loss <- train_on_batch(discriminator, rbind(real, fake), c(rep(1, 16), rep(0, 16)))
      expect_true(is.finite(d_loss))
      expect_false(isTRUE(all.equal(get_weights(discriminator), d_before)))
      freeze_weights(discriminator)
      d_before <- get_weights(discriminator)
      g_before <- get_weights(generator)
      g_loss <- train_on_batch(gan, noise, rep(1, 16))
      expect_true(is.finite(g_loss))
      expect_equal(get_weights(discriminator), d_before)
      expect_false(isTRUE(all.equal(get_weights(generator), g_before)))
    }
  })
}
