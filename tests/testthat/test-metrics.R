metrics_backends <- c("tensorflow", "theano", "cntk")

metric_functions <- c(
  "binary_accuracy", "binary_crossentropy", "categorical_accuracy", "categorical_crossentropy",
  "cosine_proximity", "hinge", "kullback_leibler_divergence", "mean_absolute_error",
  "mean_absolute_percentage_error", "mean_squared_error", "mean_squared_logarithmic_error",
  "poisson", "squared_hinge", "top_k_categorical_accuracy"
)

test_that("metric_*() functions carry the core's names", {
  for (name in c(metric_functions, "sparse_categorical_accuracy",
                 "sparse_categorical_crossentropy", "sparse_top_k_categorical_accuracy")) {
    fn <- get(paste0("metric_", name), envir = asNamespace("keras"))
    expect_identical(attr(fn, "py_function_name"), name)
  }
  expect_identical(formals(metric_top_k_categorical_accuracy)$k, 5L)
})

for (backend_name in metrics_backends) {
  test_that(paste("metric_*() on tensors and R arrays equal the core's values on", backend_name), {
    skip_if_no_backend(backend_name)
    y_true <- rbind(c(0, 1, 0), c(1, 0, 0))
    y_pred <- rbind(c(0.2, 0.5, 0.3), c(0.3, 0.3, 0.4))
    metrics <- keras:::core_module("metrics")
    for (name in metric_functions) {
      fn <- get(paste0("metric_", name), envir = asNamespace("keras"))
      expected <- k_eval(metrics[[name]](k_constant(y_true), k_constant(y_pred)))
      expect_equal(as.numeric(fn(y_true, y_pred)), as.numeric(expected), tolerance = 1e-6,
                   info = name)
      expect_equal(as.numeric(k_eval(fn(k_constant(y_true), k_constant(y_pred)))),
                   as.numeric(expected), tolerance = 1e-6, info = name)
    }
    expect_equal(as.numeric(metric_categorical_accuracy(y_true, y_pred)), c(1, 0))
    expect_equal(as.numeric(metric_top_k_categorical_accuracy(y_true, y_pred, k = 1)), c(1, 0))
    expect_equal(as.numeric(metric_top_k_categorical_accuracy(y_true, y_pred, k = 3)), c(1, 1))
    expect_equal(as.numeric(metric_sparse_categorical_accuracy(matrix(c(1, 2), 2), y_pred)),
                 c(1, 1))
    expect_equal(as.numeric(metric_binary_accuracy(matrix(c(1, 0), 1), matrix(c(0.9, 0.6), 1))),
                 0.5)
  })

  test_that(paste("function, class and custom metrics report through compile() on", backend_name), {
    skip_if_no_backend(backend_name)
    blobs <- make_blobs(96)
    model <- keras_model_sequential() %>%
      layer_dense(1, activation = "sigmoid", input_shape = 2)
    mean_pred <- custom_metric("mean_pred", function(y_true, y_pred) k_mean(y_pred))
    model %>% compile(
      optimizer = optimizer_adam(lr = 0.05), loss = "binary_crossentropy",
      metrics = list(metric_binary_accuracy, metric_auc(name = "auc"),
                     metric_precision(), metric_recall(), mean_pred,
                     metric_binary_accuracy(threshold = 0.9, name = "acc90"))
    )
    expect_identical(
      unlist(model$metrics_names),
      c("loss", "binary_accuracy", "auc", "precision", "recall", "mean_pred", "acc90")
    )
    history <- model %>% fit(blobs$x, blobs$y, epochs = 3, batch_size = 16, verbose = 0)
    expect_true(all(c("auc", "precision", "mean_pred") %in% names(history$metrics)))
    result <- evaluate(model, blobs$x, blobs$y, batch_size = 16, verbose = 0)
    # whole-set values, not averages of batch values
    p <- predict(model, blobs$x)[, 1]
    expect_equal(result$mean_pred, mean(p), tolerance = 1e-4)
    predicted <- p > 0.5
    expect_equal(result$precision, sum(predicted & blobs$y == 1) / sum(predicted), tolerance = 1e-4)
    expect_equal(result$recall, sum(predicted & blobs$y == 1) / sum(blobs$y == 1), tolerance = 1e-4)
    expect_equal(result$binary_accuracy, mean(predicted == blobs$y), tolerance = 1e-4)
    expect_equal(result$acc90, mean((p > 0.9) == blobs$y), tolerance = 1e-4)
    # ROC AUC by ranks (Mann-Whitney), against the metric's 200 thresholds
    r <- rank(p)
    n1 <- sum(blobs$y == 1)
    n0 <- sum(blobs$y == 0)
    auc <- (sum(r[blobs$y == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0)
    expect_equal(result$auc, auc, tolerance = 0.02)
  })
}

test_that("metric objects take the class arguments", {
  skip_if_no_backend("tensorflow")
  m <- metric_top_k_categorical_accuracy(k = 3, name = "top3")
  expect_true(inherits(m, "multikeras.metrics.TopKCategoricalAccuracy"))
  expect_identical(m$get_config()$k, 3L)
  expect_identical(m$name, "top3")
  auc <- metric_auc(curve = "PR", num_thresholds = 50)
  expect_identical(auc$get_config()$curve, "PR")
  expect_true(inherits(metric_mean_iou(num_classes = 3), "multikeras.metrics.MeanIoU"))
  expect_true(inherits(metric_sensitivity_at_specificity(0.5), "multikeras.metrics.SensitivityAtSpecificity"))
  expect_true(inherits(metric_root_mean_squared_error(), "multikeras.metrics.RootMeanSquaredError"))
  expect_true(inherits(metric_false_negatives(thresholds = c(0.2, 0.8)), "multikeras.metrics.FalseNegatives"))
  expect_true(inherits(metric_binary_accuracy(), "multikeras.metrics.BinaryAccuracy"))
})

test_that("metric arguments and unknown metric names give clear errors", {
  expect_error(metric_auc(curve = "XY"), "'arg' should be one of")
  expect_error(metric_precision(thresholds = 2), "`thresholds` must be NULL or numbers in \\[0, 1\\], not 2")
  expect_error(metric_top_k_categorical_accuracy(k = 0), "`k` must be a positive whole number")
  expect_error(metric_sensitivity_at_specificity(1.5), "`specificity`")
  expect_error(custom_metric("bad name", function(y_true, y_pred) y_pred), "`name`")
  expect_error(custom_metric("ok", 3), "`metric_fn` must be a function")
  skip_if_no_backend("tensorflow")
  model <- keras_model_sequential() %>% layer_dense(1, input_shape = 2)
  expect_error(
    compile(model, optimizer = "sgd", loss = "mse", metrics = "acuracy"),
    "Unknown metric.*acuracy.*Valid values.*binary_accuracy"
  )
})
