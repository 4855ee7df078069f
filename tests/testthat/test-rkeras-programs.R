# Complete programs written as an R keras 2.2 user writes them (the shapes of
# its examples: mnist_mlp, mnist_cnn, imdb_lstm, reuters_mlp, stateful_lstm,
# variational_autoencoder, mnist_acgan, the functional API guide, custom
# layers, saving), run unchanged on every installed backend with tiny
# synthetic data. Each asserts what can fail: shapes, a finite loss that goes
# down, predictions kept through a save and reload.

programs_backends <- c("tensorflow", "theano", "cntk")

# Binds two arrays along their first axis (what R keras' examples use abind for).
abind_first <- function(a, b) {
  out <- array(0, dim = c(dim(a)[1] + dim(b)[1], dim(a)[-1]))
  out[seq_len(dim(a)[1]), , , ] <- a
  out[dim(a)[1] + seq_len(dim(b)[1]), , , ] <- b
  out
}

expect_learning <- function(history, metric = "loss") {
  values <- history$metrics[[metric]]
  expect_true(all(is.finite(values)))
  expect_lt(values[length(values)], values[1])
}

for (backend_name in programs_backends) {
  test_that(sprintf("an MLP classifier, mnist_mlp style (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(1)
    x_train <- matrix(runif(60 * 20), ncol = 20)
    y <- as.integer(x_train[, 1] + x_train[, 2] > 1) + as.integer(x_train[, 3] > 0.5)
    y_train <- to_categorical(y, 3)

    model <- keras_model_sequential()
    model %>%
      layer_dense(units = 16, activation = "relu", input_shape = c(20)) %>%
      layer_dropout(rate = 0.2) %>%
      layer_dense(units = 3, activation = "softmax")
    model %>% compile(
      loss = "categorical_crossentropy",
      optimizer = optimizer_rmsprop(),
      metrics = c("accuracy")
    )
    history <- model %>% fit(
      x_train, y_train,
      epochs = 8, batch_size = 16,
      validation_split = 0.2, verbose = 0
    )
    expect_learning(history)
    expect_true(all(c("loss", "accuracy", "val_loss", "val_accuracy") %in% names(history$metrics)))
    scores <- model %>% evaluate(x_train, y_train, verbose = 0)
    expect_identical(names(scores), c("loss", "accuracy"))
    probs <- model %>% predict(x_train[1:5, ])
    expect_identical(dim(probs), c(5L, 3L))
    expect_equal(rowSums(probs), rep(1, 5), tolerance = 1e-5)
  })

  test_that(sprintf("a convolutional network, mnist_cnn style (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(2)
    img_rows <- 8
    img_cols <- 8
    x_train <- array(runif(24 * img_rows * img_cols), dim = c(24, img_rows, img_cols))
    y_train <- to_categorical(rep(0:1, 12), 2)
    x_train[y_train[, 2] == 1, 1:4, ] <- x_train[y_train[, 2] == 1, 1:4, ] + 1
    x_train <- array_reshape(x_train, c(nrow(x_train), img_rows, img_cols, 1))
    input_shape <- c(img_rows, img_cols, 1)

    model <- keras_model_sequential() %>%
      layer_conv_2d(filters = 4, kernel_size = c(3, 3), activation = "relu",
                    input_shape = input_shape) %>%
      layer_max_pooling_2d(pool_size = c(2, 2)) %>%
      layer_dropout(rate = 0.25) %>%
      layer_flatten() %>%
      layer_dense(units = 8, activation = "relu") %>%
      layer_dense(units = 2, activation = "softmax")
    model %>% compile(
      loss = "categorical_crossentropy",
      optimizer = optimizer_adadelta(lr = 1),
      metrics = c("accuracy")
    )
    expect_identical(unlist(model$layers[[1]]$output_shape), c(6L, 6L, 4L))
    # 12 epochs: the weights are not seeded, and over 6 epochs 1 to 2 starts in
    # 6 had not yet lowered the loss on this tiny set (Keras 2.3 as well).
    history <- model %>% fit(x_train, y_train, batch_size = 8, epochs = 12, verbose = 0)
    expect_learning(history)
    expect_identical(dim(predict(model, x_train)), c(24L, 2L))
  })

  test_that(sprintf("an LSTM over padded sequences, imdb_lstm style (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(3)
    max_features <- 30
    maxlen <- 6
    x_train <- lapply(1:32, function(i) sample(1:(max_features - 1), sample(2:9, 1)))
    y_train <- rep(0:1, 16)
    x_train[y_train == 1] <- lapply(x_train[y_train == 1], function(s) c(s, 1, 1))
    x_train <- pad_sequences(x_train, maxlen = maxlen)
    expect_identical(dim(x_train), c(32L, 6L))

    model <- keras_model_sequential()
    model %>%
      layer_embedding(input_dim = max_features, output_dim = 8) %>%
      layer_lstm(units = 8, dropout = 0.1, recurrent_dropout = 0.1) %>%
      layer_dense(units = 1, activation = "sigmoid")
    model %>% compile(
      loss = "binary_crossentropy",
      optimizer = "adam",
      metrics = c("accuracy")
    )
    history <- model %>% fit(x_train, y_train, batch_size = 8, epochs = 5, verbose = 0)
    expect_learning(history)
    expect_identical(dim(predict(model, x_train)), c(32L, 1L))
  })

  test_that(sprintf("an MLP over a tokenizer's matrix, reuters_mlp style (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(4)
    words <- c("oil", "price", "grain", "wheat", "bank", "rate", "ship", "port")
    topics <- c(1, 1, 2, 2, 3, 3, 4, 4)
    texts <- vapply(1:40, function(i) {
      paste(sample(words, 4, replace = TRUE, prob = ifelse(topics == (i %% 4) + 1, 5, 1)),
            collapse = " ")
    }, character(1))
    labels <- (1:40) %% 4
    max_words <- 10
    tokenizer <- text_tokenizer(num_words = max_words)
    tokenizer %>% fit_text_tokenizer(texts)
    x_train <- texts_to_matrix(tokenizer, texts, mode = "binary")
    expect_identical(dim(x_train), c(40L, 10L))
    num_classes <- max(labels) + 1
    y_train <- to_categorical(labels, num_classes)

    model <- keras_model_sequential()
    model %>%
      layer_dense(units = 16, input_shape = c(max_words)) %>%
      layer_activation(activation = "relu") %>%
      layer_dropout(rate = 0.1) %>%
      layer_dense(units = num_classes) %>%
      layer_activation(activation = "softmax")
    model %>% compile(loss = "categorical_crossentropy", optimizer = "adam",
                      metrics = c("accuracy"))
    history <- model %>% fit(x_train, y_train, batch_size = 8, epochs = 6, verbose = 0,
                             validation_split = 0.1)
    expect_learning(history)
    score <- model %>% evaluate(x_train, y_train, batch_size = 8, verbose = 0)
    expect_true(is.finite(score[[1]]))
  })

  test_that(sprintf("a stateful LSTM trained batch by batch (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(5)
    tsteps <- 1
    batch_size <- 5
    n <- 40
    cos_wave <- cos(seq(0, 4 * pi, length.out = n + 1))
    x_train <- array(cos_wave[1:n], dim = c(n, tsteps, 1))
    y_train <- matrix(cos_wave[2:(n + 1)], ncol = 1)

    model <- keras_model_sequential()
    model %>%
      layer_lstm(units = 8, input_shape = c(tsteps, 1), batch_size = batch_size,
                 return_sequences = TRUE, stateful = TRUE) %>%
      layer_lstm(units = 8, return_sequences = FALSE, stateful = TRUE) %>%
      layer_dense(units = 1)
    model %>% compile(loss = "mse", optimizer = "rmsprop")
    losses <- numeric()
    for (i in 1:4) {
      history <- model %>% fit(x_train, y_train, batch_size = batch_size, epochs = 1,
                               verbose = 0, shuffle = FALSE)
      losses <- c(losses, history$metrics$loss)
      model %>% reset_states()
    }
    expect_true(all(is.finite(losses)))
    expect_lt(losses[4], losses[1])
    predicted <- model %>% predict(x_train, batch_size = batch_size)
    expect_identical(dim(predicted), c(40L, 1L))
    # the states carry over between calls until reset
    model %>% reset_states()
    first <- predict(model, x_train[1:5, , , drop = FALSE], batch_size = batch_size)
    second <- predict(model, x_train[1:5, , , drop = FALSE], batch_size = batch_size)
    model %>% reset_states()
    again <- predict(model, x_train[1:5, , , drop = FALSE], batch_size = batch_size)
    expect_equal(again, first, tolerance = 1e-6)
    expect_false(isTRUE(all.equal(second, first, tolerance = 1e-6)))
  })

  test_that(sprintf("a variational autoencoder with a sampling lambda (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(6)
    batch_size <- 10L
    original_dim <- 6L
    latent_dim <- 2L
    intermediate_dim <- 8L
    epsilon_std <- 1.0
    x_train <- matrix(runif(40 * original_dim), ncol = original_dim)

    x <- layer_input(shape = c(original_dim))
    h <- layer_dense(x, intermediate_dim, activation = "relu")
    z_mean <- layer_dense(h, latent_dim)
    z_log_var <- layer_dense(h, latent_dim)

    sampling <- function(arg) {
      z_mean <- arg[, 1:(latent_dim)]
      z_log_var <- arg[, (latent_dim + 1):(2 * latent_dim)]
      epsilon <- k_random_normal(
        shape = c(k_shape(z_mean)[[1]], latent_dim),
        mean = 0.,
        stddev = epsilon_std
      )
      z_mean + k_exp(z_log_var / 2) * epsilon
    }

    z <- layer_concatenate(list(z_mean, z_log_var)) %>%
      layer_lambda(sampling)
    decoder_h <- layer_dense(units = intermediate_dim, activation = "relu")
    decoder_mean <- layer_dense(units = original_dim, activation = "sigmoid")
    h_decoded <- decoder_h(z)
    x_decoded_mean <- decoder_mean(h_decoded)

    vae <- keras_model(x, x_decoded_mean)
    encoder <- keras_model(x, z_mean)
    decoder_input <- layer_input(shape = latent_dim)
    generator <- keras_model(decoder_input, decoder_mean(decoder_h(decoder_input)))

    vae_loss <- function(x, x_decoded_mean) {
      xent_loss <- (original_dim / 1.0) * k_mean(k_binary_crossentropy(x, x_decoded_mean),
                                                 axis = -1L)
      kl_loss <- -0.5 * k_mean(1 + z_log_var - k_square(z_mean) - k_exp(z_log_var), axis = -1L)
      xent_loss + kl_loss
    }
    vae %>% compile(optimizer = "rmsprop", loss = vae_loss)
    # 20 epochs: the loss is noisy (sampled z, unseeded weights); over 8 the
    # last epoch's loss was above the first's in some runs.
    history <- vae %>% fit(x_train, x_train, shuffle = TRUE, epochs = 20,
                           batch_size = batch_size, verbose = 0)
    expect_learning(history)
    encoded <- predict(encoder, x_train, batch_size = batch_size)
    expect_identical(dim(encoded), c(40L, 2L))
    decoded <- predict(generator, matrix(c(0, 0, 1, -1), ncol = 2, byrow = TRUE))
    expect_identical(dim(decoded), c(2L, 6L))
    expect_true(all(decoded > 0 & decoded < 1))
  })

  test_that(sprintf("a GAN with channels_first, mnist_acgan style (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    old_format <- k_image_data_format()
    on.exit(k_set_image_data_format(old_format), add = TRUE)
    k_set_image_data_format("channels_first")
    set.seed(7)
    latent_size <- 4

    build_generator <- function(latent_size) {
      cnn <- keras_model_sequential()
      cnn %>%
        layer_dense(2 * 4 * 4, input_shape = latent_size, activation = "relu") %>%
        layer_reshape(c(2, 4, 4)) %>%
        layer_upsampling_2d(size = c(2, 2)) %>%
        layer_conv_2d(1, c(3, 3), padding = "same", activation = "tanh")
      latent <- layer_input(shape = list(latent_size))
      keras_model(latent, cnn(latent))
    }
    build_discriminator <- function() {
      cnn <- keras_model_sequential()
      cnn %>%
        layer_conv_2d(4, c(3, 3), padding = "same", strides = c(2, 2),
                      input_shape = c(1, 8, 8)) %>%
        layer_activation_leaky_relu() %>%
        layer_dropout(0.3) %>%
        layer_flatten()
      image <- layer_input(shape = c(1, 8, 8))
      features <- cnn(image)
      fake <- features %>% layer_dense(1, activation = "sigmoid", name = "generation")
      keras_model(image, fake)
    }

    discriminator <- build_discriminator()
    discriminator %>% compile(optimizer = optimizer_adam(lr = 0.001, beta_1 = 0.5),
                              loss = "binary_crossentropy")
    generator <- build_generator(latent_size)
    latent <- layer_input(shape = list(latent_size))
    fake <- generator(latent)
    freeze_weights(discriminator)
    combined <- keras_model(latent, discriminator(fake))
    combined %>% compile(optimizer = optimizer_adam(lr = 0.001, beta_1 = 0.5),
                         loss = "binary_crossentropy")
    expect_identical(k_image_data_format(), "channels_first")
    expect_identical(unlist(generator$output_shape), c(1L, 8L, 8L))

    real <- array(runif(8 * 64) * 0.2 + 0.8, dim = c(8, 1, 8, 8))
    d_losses <- g_losses <- numeric()
    disc_weights <- get_weights(discriminator)
    gen_weights <- get_weights(generator)
    for (step in 1:4) {
      noise <- matrix(runif(8 * latent_size, -1, 1), nrow = 8)
      generated <- predict(generator, noise)
      expect_identical(dim(generated), c(8L, 1L, 8L, 8L))
      x <- abind_first(real, generated)
      y <- c(rep(1, 8), rep(0, 8))
      d_losses <- c(d_losses, discriminator %>% train_on_batch(x, y))
      noise <- matrix(runif(16 * latent_size, -1, 1), nrow = 16)
      g_losses <- c(g_losses, combined %>% train_on_batch(noise, rep(1, 16)))
    }
    expect_true(all(is.finite(c(d_losses, g_losses))))
    # the frozen discriminator inside `combined` did not change while it trained
    before <- get_weights(discriminator)
    combined %>% train_on_batch(noise, rep(1, 16))
    expect_equal(get_weights(discriminator), before)
    expect_false(isTRUE(all.equal(before, disc_weights)))
    expect_false(isTRUE(all.equal(get_weights(generator), gen_weights)))
  })

  test_that(sprintf("a functional model with two inputs and two outputs (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(8)
    main_input <- layer_input(shape = c(5), dtype = "int32", name = "main_input")
    lstm_out <- main_input %>%
      layer_embedding(input_dim = 20, output_dim = 4, input_length = 5) %>%
      layer_lstm(units = 4)
    auxiliary_output <- lstm_out %>%
      layer_dense(units = 1, activation = "sigmoid", name = "aux_output")
    auxiliary_input <- layer_input(shape = c(3), name = "aux_input")
    main_output <- layer_concatenate(c(lstm_out, auxiliary_input)) %>%
      layer_dense(units = 8, activation = "relu") %>%
      layer_dense(units = 1, activation = "sigmoid", name = "main_output")
    model <- keras_model(
      inputs = c(main_input, auxiliary_input),
      outputs = c(main_output, auxiliary_output)
    )
    model %>% compile(
      optimizer = "rmsprop",
      loss = "binary_crossentropy",
      loss_weights = c(1.0, 0.2)
    )
    headline_data <- matrix(sample(1:19, 30 * 5, replace = TRUE), ncol = 5)
    additional_data <- matrix(runif(30 * 3), ncol = 3)
    labels <- as.numeric(additional_data[, 1] > 0.5)
    history <- model %>% fit(
      x = list(headline_data, additional_data),
      y = list(labels, labels),
      epochs = 6, batch_size = 10, verbose = 0
    )
    expect_learning(history)
    expect_true(all(c("main_output_loss", "aux_output_loss") %in% names(history$metrics)))
    preds <- predict(model, list(headline_data, additional_data))
    expect_length(preds, 2)
    expect_identical(dim(preds[[1]]), c(30L, 1L))
    expect_identical(dim(preds[[2]]), c(30L, 1L))
  })

  test_that(sprintf("a custom R6 layer with a trained weight (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(9)
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
            name = "kernel",
            shape = list(input_shape[[2]], self$output_dim),
            initializer = initializer_random_normal(),
            trainable = TRUE
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
    layer_custom <- function(object, output_dim, name = NULL, trainable = TRUE) {
      create_layer(CustomLayer, object, list(
        output_dim = as.integer(output_dim),
        name = name,
        trainable = trainable
      ))
    }
    x_train <- matrix(rnorm(50 * 3), ncol = 3)
    y_train <- x_train %*% matrix(c(1, -2, 0.5, 0, 1, 1), ncol = 2)
    model <- keras_model_sequential()
    model %>%
      layer_dense(units = 3, input_shape = c(3), use_bias = FALSE,
                  kernel_initializer = initializer_identity(), trainable = FALSE) %>%
      layer_custom(output_dim = 2)
    model %>% compile(loss = "mse", optimizer = optimizer_sgd(lr = 0.05))
    expect_identical(unlist(model$output_shape), 2L)
    history <- model %>% fit(x_train, y_train, epochs = 20, batch_size = 10, verbose = 0)
    expect_learning(history)
    expect_lt(history$metrics$loss[20], 0.1 * history$metrics$loss[1])
  })

  test_that(sprintf("a model saved and reloaded keeps its predictions (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(10)
    x_train <- matrix(runif(30 * 4), ncol = 4)
    y_train <- to_categorical(as.integer(x_train[, 1] > 0.5), 2)
    model <- keras_model_sequential() %>%
      layer_dense(units = 6, activation = "relu", input_shape = c(4)) %>%
      layer_batch_normalization() %>%
      layer_dense(units = 2, activation = "softmax")
    model %>% compile(loss = "categorical_crossentropy", optimizer = "adam",
                      metrics = "accuracy")
    model %>% fit(x_train, y_train, epochs = 3, batch_size = 10, verbose = 0)
    preds <- predict(model, x_train)

    path <- tempfile(fileext = ".h5")
    save_model_hdf5(model, path)
    new_model <- load_model_hdf5(path)
    expect_equal(predict(new_model, x_train), preds, tolerance = 1e-6)
    # the optimizer's state came along: training goes on from where it was
    history <- new_model %>% fit(x_train, y_train, epochs = 2, batch_size = 10, verbose = 0)
    expect_true(all(is.finite(history$metrics$loss)))

    weights_path <- tempfile(fileext = ".h5")
    save_model_weights_hdf5(model, weights_path)
    fresh <- keras_model_sequential() %>%
      layer_dense(units = 6, activation = "relu", input_shape = c(4)) %>%
      layer_batch_normalization() %>%
      layer_dense(units = 2, activation = "softmax")
    fresh %>% load_model_weights_hdf5(weights_path)
    expect_equal(predict(fresh, x_train), preds, tolerance = 1e-6)
  })

  test_that(sprintf("early stopping and a lambda callback stop training (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    set.seed(11)
    x_train <- matrix(rnorm(40 * 2), ncol = 2)
    y_train <- x_train %*% c(2, -1)
    model <- keras_model_sequential() %>% layer_dense(1, input_shape = 2)
    model %>% compile(loss = "mse", optimizer = optimizer_sgd(lr = 0.1))
    epochs_seen <- 0
    history <- model %>% fit(
      x_train, y_train, epochs = 100, batch_size = 10, verbose = 0,
      validation_split = 0.25,
      callbacks = list(
        callback_early_stopping(monitor = "val_loss", min_delta = 1e-3, patience = 1),
        callback_lambda(on_epoch_end = function(epoch, logs) epochs_seen <<- epochs_seen + 1)
      )
    )
    expect_lt(epochs_seen, 100)
    expect_identical(length(history$metrics$loss), as.integer(epochs_seen))
    expect_lt(history$metrics$val_loss[epochs_seen], 0.01)
  })
}
