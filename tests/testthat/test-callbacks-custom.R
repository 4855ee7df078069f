custom_backends <- c("tensorflow", "theano", "cntk")

regression_data <- function(n = 48) {
  set.seed(11)
  x <- matrix(rnorm(n * 3), ncol = 3)
  list(x = x, y = x %*% c(1, -2, 0.5))
}

HookRecorder <- R6::R6Class("HookRecorder",
  inherit = KerasCallback,
  public = list(
    calls = character(),
    batch_losses = numeric(),
    epoch_logs = list(),
    params_seen = NULL,
    model_seen = NULL,
    on_train_begin = function(logs = NULL) {
      self$calls <- c(self$calls, "train_begin")
      self$params_seen <- self$params
      self$model_seen <- self$model
    },
    on_train_end = function(logs = NULL) self$calls <- c(self$calls, "train_end"),
    on_epoch_begin = function(epoch, logs = NULL) {
      self$calls <- c(self$calls, paste0("epoch_begin:", epoch))
    },
    on_epoch_end = function(epoch, logs = NULL) {
      self$calls <- c(self$calls, paste0("epoch_end:", epoch))
      self$epoch_logs[[length(self$epoch_logs) + 1]] <- logs
    },
    on_batch_begin = function(batch, logs = NULL) self$calls <- c(self$calls, "batch_begin"),
    on_batch_end = function(batch, logs = NULL) {
      self$batch_losses <- c(self$batch_losses, logs$loss)
    },
    on_train_batch_end = function(batch, logs = NULL) {
      self$calls <- c(self$calls, "train_batch_end")
    }
  )
)

for (backend_name in custom_backends) {
  test_that(paste("an R6 KerasCallback gets every training hook with R logs on", backend_name), {
    skip_if_no_backend(backend_name)
    d <- regression_data()
    model <- keras_model_sequential() %>% layer_dense(1, input_shape = 3)
    model %>% compile(optimizer = optimizer_sgd(lr = 0.05), loss = "mse", metrics = "mae")
    recorder <- HookRecorder$new()
    history <- model %>% fit(d$x, d$y, epochs = 2, batch_size = 16, verbose = 0,
                             validation_split = 0.25, callbacks = list(recorder))
    expect_identical(recorder$calls[1], "train_begin")
    expect_identical(tail(recorder$calls, 1), "train_end")
    expect_identical(grep("^epoch", recorder$calls, value = TRUE),
                     c("epoch_begin:0", "epoch_end:0", "epoch_begin:1", "epoch_end:1"))
    # 36 training samples in batches of 16: 3 batches per epoch
    expect_equal(sum(recorder$calls == "batch_begin"), 6)
    expect_equal(sum(recorder$calls == "train_batch_end"), 6)
    expect_length(recorder$batch_losses, 6)
    logs <- recorder$epoch_logs[[2]]
    expect_type(logs, "list")
    expect_true(all(c("loss", "mean_absolute_error", "val_loss") %in% names(logs)) ||
                  all(c("loss", "mae", "val_loss") %in% names(logs)))
    expect_equal(logs$loss, history$metrics$loss[[2]], tolerance = 1e-6)
    expect_identical(as.integer(recorder$params_seen$epochs), 2L)
    expect_true(is.list(recorder$params_seen))
    expect_true(inherits(recorder$model_seen, "multikeras.engine.training.Model"))
  })

  test_that(paste("an error in an R callback stops fit() and leaves the model usable on", backend_name), {
    skip_if_no_backend(backend_name)
    d <- regression_data()
    model <- keras_model_sequential() %>% layer_dense(1, input_shape = 3)
    model %>% compile(optimizer = optimizer_sgd(lr = 0.05), loss = "mse")
    Failing <- R6::R6Class("Failing", inherit = KerasCallback, public = list(
      on_batch_end = function(batch, logs = NULL) {
        if (batch == 1) stop("the callback gave up at batch 1")
      }
    ))
    expect_error(
      fit(model, d$x, d$y, epochs = 3, batch_size = 8, verbose = 0, callbacks = list(Failing$new())),
      "the callback gave up at batch 1"
    )
    before <- evaluate(model, d$x, d$y, verbose = 0)$loss
    history <- fit(model, d$x, d$y, epochs = 3, batch_size = 8, verbose = 0)
    expect_length(history$metrics$loss, 3)
    expect_lt(evaluate(model, d$x, d$y, verbose = 0)$loss, before)
    expect_equal(dim(predict(model, d$x)), c(48L, 1L))
  })

  test_that(paste("a KerasConstraint applies after each step on", backend_name), {
    skip_if_no_backend(backend_name)
    d <- regression_data()
    NonNegative <- R6::R6Class("NonNegative", inherit = KerasConstraint, public = list(
      call = function(w) w * k_cast(k_greater_equal(w, 0), k_floatx()),
      get_config = function() list(kind = "non-negative")
    ))
    model <- keras_model_sequential() %>%
      layer_dense(1, input_shape = 3, kernel_constraint = NonNegative$new(),
                  kernel_initializer = "zeros")
    model %>% compile(optimizer = optimizer_sgd(lr = 0.05), loss = "mse")
    model %>% fit(d$x, d$y, epochs = 5, verbose = 0)
    kernel <- get_weights(model)[[1]]
    # the target weights are (1, -2, 0.5): the negative one is held at 0
    expect_true(all(kernel >= 0))
    expect_equal(kernel[2], 0)
    expect_gt(kernel[1], 0.1)
    expect_identical(model$layers[[1]]$kernel_constraint$get_config()$kind, "non-negative")
  })

  test_that(paste("a KerasWrapper adds its weight to the wrapped layer on", backend_name), {
    skip_if_no_backend(backend_name)
    Scaled <- R6::R6Class("Scaled", inherit = KerasWrapper, public = list(
      factor = NULL,
      scale = NULL,
      initialize = function(factor) self$factor <- factor,
      build = function(input_shape) {
        super$build(input_shape)
        self$scale <- self$add_weight(name = "scale", shape = list(1L),
                                      initializer = initializer_constant(self$factor))
      },
      call = function(x, mask = NULL) super$call(x) * self$scale
    ))
    layer_scaled <- function(object, layer, factor, ...) {
      create_wrapper(Scaled, object, list(layer = layer, factor = factor, ...))
    }
    model <- keras_model_sequential() %>%
      layer_scaled(layer_dense(units = 2, kernel_initializer = "ones", use_bias = FALSE),
                   factor = 3, input_shape = 2)
    expect_length(model$trainable_weights, 2)
    expect_equal(predict(model, matrix(c(1, 2), 1)), matrix(c(9, 9), 1), tolerance = 1e-6)
    model %>% compile(optimizer = "sgd", loss = "mse")
    model %>% fit(matrix(runif(20), 10), matrix(0, 10, 2), epochs = 1, verbose = 0)
    expect_lt(get_weights(model)[[2]], 3)
    expect_error(create_wrapper(Scaled, NULL, list(layer = 1, factor = 1)), "`args\\$layer`")
    expect_error(create_wrapper(KerasLayer, NULL, list()), "`wrapper_class`")
  })

  test_that(paste("keras_model_custom() builds, trains and predicts on", backend_name), {
    skip_if_no_backend(backend_name)
    d <- regression_data()
    keras_model_mlp <- function(units, name = NULL) {
      keras_model_custom(name = name, function(self) {
        self$hidden <- layer_dense(units = units, activation = "tanh")
        self$out <- layer_dense(units = 1)
        function(inputs, mask = NULL) {
          inputs %>% self$hidden() %>% self$out()
        }
      })
    }
    model <- keras_model_mlp(8, name = "my_mlp")
    expect_identical(model$name, "my_mlp")
    model %>% compile(optimizer = optimizer_adam(lr = 0.02), loss = "mse")
    history <- model %>% fit(d$x, d$y, epochs = 20, batch_size = 16, verbose = 0)
    expect_lt(tail(history$metrics$loss, 1), history$metrics$loss[[1]] / 2)
    expect_equal(dim(predict(model, d$x)), c(48L, 1L))
    expect_length(get_weights(model), 4)
    expect_true(is.finite(evaluate(model, d$x, d$y, verbose = 0)$loss))
    file <- tempfile(fileext = ".h5")
    save_model_weights_hdf5(model, file)
    again <- keras_model_mlp(8)
    predict(again, d$x[1:2, ])
    load_model_weights_hdf5(again, file)
    expect_equal(predict(again, d$x), predict(model, d$x), tolerance = 1e-5)
  })
}

test_that("custom classes check their arguments", {
  expect_error(keras_model_custom(3), "`model_fn`")
  expect_error(
    fit(keras_model_sequential(), matrix(1), 1, callbacks = list(3)),
    "callbacks|compile"
  )
  skip_if_no_backend("tensorflow")
  expect_error(keras_model_custom(function(self) 3), "must return the forward pass")
  model <- keras_model_sequential() %>% layer_dense(1, input_shape = 2)
  model %>% compile(optimizer = "sgd", loss = "mse")
  expect_error(fit(model, matrix(1:4, 2), 1:2, verbose = 0, callbacks = list(3)),
               "`callbacks` must be a list of callbacks")
})

test_that("callback_progbar_logger() prints counted steps", {
  skip_if_no_backend("tensorflow")
  model <- keras_model_sequential() %>% layer_dense(1, input_shape = 3)
  model %>% compile(optimizer = "sgd", loss = "mse")
  d <- regression_data()
  out <- capture.output(
    fit(model, d$x, d$y, epochs = 1, batch_size = 16, verbose = 0,
        callbacks = list(callback_progbar_logger(count_mode = "steps"))),
    type = "output"
  )
  expect_true(inherits(callback_progbar_logger(), "multikeras.callbacks.ProgbarLogger"))
  expect_error(callback_progbar_logger("batches"), "`count_mode` must be one of")
  expect_error(callback_progbar_logger(stateful_metrics = 1), "`stateful_metrics`")
})

test_that("callback_remote_monitor() posts each epoch to an HTTP server", {
  skip_if_no_backend("tensorflow")
  if (!reticulate::py_has_attr(keras:::core_module("callbacks"), "RemoteMonitor")) {
    expect_error(callback_remote_monitor(), "has no RemoteMonitor callback")
    skip("the Python core has no callbacks.RemoteMonitor yet (issue 12, Python side)")
  }
  # A one-file server on 127.0.0.1 that records the POSTs it gets and stops
  # by itself after 60 seconds.
  dir <- tempfile("monitor-")
  dir.create(dir)
  server <- file.path(dir, "server.py")
  writeLines(c(
    "import http.server, json, sys, threading",
    "out, port_file = sys.argv[1], sys.argv[2]",
    "class H(http.server.BaseHTTPRequestHandler):",
    "    def do_POST(self):",
    "        body = self.rfile.read(int(self.headers['Content-Length'])).decode()",
    "        with open(out, 'a') as f:",
    "            f.write(json.dumps({'path': self.path, 'type': self.headers['Content-Type'],",
    "                                'token': self.headers.get('X-Token'), 'body': body}) + '\\n')",
    "        self.send_response(200); self.end_headers()",
    "    def log_message(self, *args): pass",
    "s = http.server.HTTPServer(('127.0.0.1', 0), H)",
    "threading.Timer(60, s.shutdown).start()",
    "open(port_file + '.tmp', 'w').write(str(s.server_address[1]))",
    "import os; os.rename(port_file + '.tmp', port_file)",
    "s.serve_forever()"
  ), server)
  out <- file.path(dir, "posts.jsonl")
  port_file <- file.path(dir, "port")
  system2(reticulate::py_exe(), c(shQuote(server), shQuote(out), shQuote(port_file)), wait = FALSE)
  deadline <- Sys.time() + 30
  while (!file.exists(port_file) && Sys.time() < deadline) Sys.sleep(0.1)
  expect_true(file.exists(port_file))
  port <- readLines(port_file, warn = FALSE)

  d <- regression_data()
  model <- keras_model_sequential() %>% layer_dense(1, input_shape = 3)
  model %>% compile(optimizer = "sgd", loss = "mse")
  model %>% fit(d$x, d$y, epochs = 2, verbose = 0, callbacks = list(
    callback_remote_monitor(root = paste0("http://127.0.0.1:", port), path = "/epochs/",
                            headers = list(`X-Token` = "abc"), send_as_json = TRUE)
  ))
  deadline <- Sys.time() + 10
  while ((!file.exists(out) || length(readLines(out, warn = FALSE)) < 2) && Sys.time() < deadline) {
    Sys.sleep(0.1)
  }
  posts <- lapply(readLines(out, warn = FALSE), jsonlite::fromJSON)
  expect_length(posts, 2)
  expect_identical(posts[[1]]$path, "/epochs/")
  expect_identical(posts[[1]]$token, "abc")
  expect_match(posts[[1]]$type, "application/json")
  body <- jsonlite::fromJSON(posts[[2]]$body)
  expect_equal(as.numeric(body$epoch), 1)
  expect_true(is.numeric(as.numeric(body$loss)))

  expect_error(callback_remote_monitor(root = "localhost:9000"), "`root` must be an http")
  expect_error(callback_remote_monitor(headers = list(1)), "`headers`")
})
