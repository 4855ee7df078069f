#' Metric functions
#'
#' Each `metric_*()` function is the core's metric of the same name. Like the
#' `loss_*()` functions it can be
#'
#' * given to [compile()] as it is, `compile(metrics = metric_binary_accuracy)`
#'   (or in a list, `list(metric_top_k_categorical_accuracy, "mae")`): the
#'   model reports it under the core's name, averaged over the batches of an
#'   epoch;
#' * called on tensors inside a custom metric, returning a tensor of
#'   per-sample values (on R arrays, the values as an R array);
#' * called without `y_true` and `y_pred`, with the arguments of the Keras 2.3
#'   metric class (`name`, `dtype`, `threshold`, `k`, `from_logits`, ...): it
#'   returns that stateful metric object, for `compile(metrics = ...)`.
#'
#' The stateful metrics that exist only as classes (AUC, precision, recall,
#' ...) have their own functions, see [metric_auc()].
#'
#' @param y_true Targets: a tensor (or R array).
#' @param y_pred Predictions: a tensor (or R array).
#' @param k Number of top predictions among which the target must be.
#' @param threshold Predictions above it count as 1.
#' @param from_logits,label_smoothing,axis As for the losses (see
#'   [loss_binary_crossentropy()]).
#' @param name Name of the metric object in the logs (`NULL`: the class's
#'   default). Only for the object (without `y_true` and `y_pred`).
#' @param dtype Data type of the metric object's result (`NULL`: the float
#'   type). Only for the object.
#'
#' @return A tensor of per-sample values (an R array on R arrays), or a
#'   metric object when `y_true` and `y_pred` are missing.
#' @family metrics
#' @name metric-functions
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(3, activation = "softmax", input_shape = 4)
#'   model %>% compile(
#'     optimizer = "adam", loss = "categorical_crossentropy",
#'     metrics = list(metric_categorical_accuracy,
#'                    metric_top_k_categorical_accuracy(k = 2, name = "top2"))
#'   )
#'   model$metrics_names
#'   metric_binary_accuracy(matrix(c(1, 0), 1), matrix(c(0.9, 0.6), 1))
#' }
NULL

# R name (without "metric_") -> core function, core class, shared arguments
# (see make_core_function()).
.metric_specs <- list(
  binary_accuracy = list("binary_accuracy", "BinaryAccuracy", list(threshold = 0.5)),
  binary_crossentropy = list("binary_crossentropy", "BinaryCrossentropy",
                             list(from_logits = FALSE, label_smoothing = 0)),
  categorical_accuracy = list("categorical_accuracy", "CategoricalAccuracy", list()),
  categorical_crossentropy = list("categorical_crossentropy", "CategoricalCrossentropy",
                                  list(from_logits = FALSE, label_smoothing = 0)),
  cosine_proximity = list("cosine_proximity", "CosineSimilarity", list(axis = -1L)),
  hinge = list("hinge", "Hinge", list()),
  kullback_leibler_divergence = list("kullback_leibler_divergence", "KLDivergence", list()),
  mean_absolute_error = list("mean_absolute_error", "MeanAbsoluteError", list()),
  mean_absolute_percentage_error = list("mean_absolute_percentage_error",
                                        "MeanAbsolutePercentageError", list()),
  mean_squared_error = list("mean_squared_error", "MeanSquaredError", list()),
  mean_squared_logarithmic_error = list("mean_squared_logarithmic_error",
                                        "MeanSquaredLogarithmicError", list()),
  poisson = list("poisson", "Poisson", list()),
  sparse_categorical_accuracy = list("sparse_categorical_accuracy",
                                     "SparseCategoricalAccuracy", list()),
  sparse_categorical_crossentropy = list("sparse_categorical_crossentropy",
                                         "SparseCategoricalCrossentropy",
                                         list(from_logits = FALSE)),
  sparse_top_k_categorical_accuracy = list("sparse_top_k_categorical_accuracy",
                                           "SparseTopKCategoricalAccuracy", list(k = 5L)),
  squared_hinge = list("squared_hinge", "SquaredHinge", list()),
  top_k_categorical_accuracy = list("top_k_categorical_accuracy", "TopKCategoricalAccuracy",
                                    list(k = 5L))
)

make_metric_function <- function(name) {
  make_core_function("metrics", paste0("metric_", name), .metric_specs[[name]],
                     list(name = NULL, dtype = NULL))
}

#' @rdname metric-functions
#' @export
metric_binary_accuracy <- make_metric_function("binary_accuracy")

#' @rdname metric-functions
#' @export
metric_binary_crossentropy <- make_metric_function("binary_crossentropy")

#' @rdname metric-functions
#' @export
metric_categorical_accuracy <- make_metric_function("categorical_accuracy")

#' @rdname metric-functions
#' @export
metric_categorical_crossentropy <- make_metric_function("categorical_crossentropy")

#' @rdname metric-functions
#' @export
metric_cosine_proximity <- make_metric_function("cosine_proximity")

#' @rdname metric-functions
#' @export
metric_hinge <- make_metric_function("hinge")

#' @rdname metric-functions
#' @export
metric_kullback_leibler_divergence <- make_metric_function("kullback_leibler_divergence")

#' @rdname metric-functions
#' @export
metric_mean_absolute_error <- make_metric_function("mean_absolute_error")

#' @rdname metric-functions
#' @export
metric_mean_absolute_percentage_error <- make_metric_function("mean_absolute_percentage_error")

#' @rdname metric-functions
#' @export
metric_mean_squared_error <- make_metric_function("mean_squared_error")

#' @rdname metric-functions
#' @export
metric_mean_squared_logarithmic_error <- make_metric_function("mean_squared_logarithmic_error")

#' @rdname metric-functions
#' @export
metric_poisson <- make_metric_function("poisson")

#' @rdname metric-functions
#' @export
metric_sparse_categorical_accuracy <- make_metric_function("sparse_categorical_accuracy")

#' @rdname metric-functions
#' @export
metric_sparse_categorical_crossentropy <- make_metric_function("sparse_categorical_crossentropy")

#' @rdname metric-functions
#' @export
metric_sparse_top_k_categorical_accuracy <- make_metric_function("sparse_top_k_categorical_accuracy")

#' @rdname metric-functions
#' @export
metric_squared_hinge <- make_metric_function("squared_hinge")

#' @rdname metric-functions
#' @export
metric_top_k_categorical_accuracy <- make_metric_function("top_k_categorical_accuracy")

#' Stateful metrics
#'
#' Metric objects of the Keras 2.3 classes that exist only as classes, for
#' `compile(metrics = list(...))`. They accumulate over the batches of an
#' epoch (the value shown at the end of an epoch, and the one [evaluate()]
#' returns, covers all its samples, not an average of per-batch values).
#'
#' * `metric_auc()`: area under the ROC or precision-recall curve.
#' * `metric_precision()`, `metric_recall()`: at one or more thresholds.
#' * `metric_true_positives()`, `metric_true_negatives()`,
#'   `metric_false_positives()`, `metric_false_negatives()`: counts.
#' * `metric_sensitivity_at_specificity()`,
#'   `metric_specificity_at_sensitivity()`.
#' * `metric_mean_iou()`: mean intersection over union of `num_classes`
#'   classes.
#' * `metric_root_mean_squared_error()`, `metric_logcosh_error()`.
#'
#' @param num_thresholds Number of thresholds used to approximate the curve.
#' @param curve `"ROC"` or `"PR"` (precision-recall).
#' @param summation_method `"interpolation"`, `"minoring"` or `"majoring"`.
#' @param thresholds Threshold(s) in `[0, 1]` above which a prediction is
#'   positive (`NULL`: 0.5, or for `metric_auc()` evenly spaced ones).
#' @param top_k Only the `top_k` largest predictions of a sample count.
#' @param class_id 0-based id of the class to compute the metric for.
#' @param specificity,sensitivity The rate, in `[0, 1]`, at which to read
#'   the other one.
#' @param num_classes Number of classes.
#' @param name Name of the metric in the logs (`NULL`: the class's default).
#' @param dtype Data type of the result (`NULL`: the float type).
#'
#' @return A metric object.
#' @family metrics
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(1, activation = "sigmoid", input_shape = 2)
#'   model %>% compile(optimizer = "adam", loss = "binary_crossentropy",
#'                     metrics = list(metric_auc(), metric_precision(name = "prec")))
#'   model$metrics_names
#' }
metric_auc <- function(num_thresholds = 200, curve = c("ROC", "PR"),
                       summation_method = c("interpolation", "minoring", "majoring"),
                       thresholds = NULL, name = NULL, dtype = NULL) {
  stateful_metric("AUC",
    num_thresholds = as_integer_arg(num_thresholds, "num_thresholds", min = 2L),
    curve = match.arg(curve),
    summation_method = match.arg(summation_method),
    thresholds = as_thresholds(thresholds),
    name = name, dtype = dtype
  )
}

#' @rdname metric_auc
#' @export
metric_precision <- function(thresholds = NULL, top_k = NULL, class_id = NULL,
                             name = NULL, dtype = NULL) {
  stateful_metric("Precision",
    thresholds = as_thresholds(thresholds),
    top_k = as_integer_arg(top_k, "top_k", min = 1L, null_ok = TRUE),
    class_id = as_integer_arg(class_id, "class_id", min = 0L, null_ok = TRUE),
    name = name, dtype = dtype
  )
}

#' @rdname metric_auc
#' @export
metric_recall <- function(thresholds = NULL, top_k = NULL, class_id = NULL,
                          name = NULL, dtype = NULL) {
  stateful_metric("Recall",
    thresholds = as_thresholds(thresholds),
    top_k = as_integer_arg(top_k, "top_k", min = 1L, null_ok = TRUE),
    class_id = as_integer_arg(class_id, "class_id", min = 0L, null_ok = TRUE),
    name = name, dtype = dtype
  )
}

#' @rdname metric_auc
#' @export
metric_true_positives <- function(thresholds = NULL, name = NULL, dtype = NULL) {
  stateful_metric("TruePositives", thresholds = as_thresholds(thresholds), name = name, dtype = dtype)
}

#' @rdname metric_auc
#' @export
metric_true_negatives <- function(thresholds = NULL, name = NULL, dtype = NULL) {
  stateful_metric("TrueNegatives", thresholds = as_thresholds(thresholds), name = name, dtype = dtype)
}

#' @rdname metric_auc
#' @export
metric_false_positives <- function(thresholds = NULL, name = NULL, dtype = NULL) {
  stateful_metric("FalsePositives", thresholds = as_thresholds(thresholds), name = name, dtype = dtype)
}

#' @rdname metric_auc
#' @export
metric_false_negatives <- function(thresholds = NULL, name = NULL, dtype = NULL) {
  stateful_metric("FalseNegatives", thresholds = as_thresholds(thresholds), name = name, dtype = dtype)
}

#' @rdname metric_auc
#' @export
metric_sensitivity_at_specificity <- function(specificity, num_thresholds = 200,
                                              name = NULL, dtype = NULL) {
  stateful_metric("SensitivityAtSpecificity",
    specificity = check_fraction(specificity, "specificity"),
    num_thresholds = as_integer_arg(num_thresholds, "num_thresholds", min = 1L),
    name = name, dtype = dtype
  )
}

#' @rdname metric_auc
#' @export
metric_specificity_at_sensitivity <- function(sensitivity, num_thresholds = 200,
                                              name = NULL, dtype = NULL) {
  stateful_metric("SpecificityAtSensitivity",
    sensitivity = check_fraction(sensitivity, "sensitivity"),
    num_thresholds = as_integer_arg(num_thresholds, "num_thresholds", min = 1L),
    name = name, dtype = dtype
  )
}

#' @rdname metric_auc
#' @export
metric_mean_iou <- function(num_classes, name = NULL, dtype = NULL) {
  stateful_metric("MeanIoU",
    num_classes = as_integer_arg(num_classes, "num_classes", min = 2L),
    name = name, dtype = dtype
  )
}

#' @rdname metric_auc
#' @export
metric_root_mean_squared_error <- function(name = NULL, dtype = NULL) {
  stateful_metric("RootMeanSquaredError", name = name, dtype = dtype)
}

#' @rdname metric_auc
#' @export
metric_logcosh_error <- function(name = NULL, dtype = NULL) {
  stateful_metric("LogCoshError", name = name, dtype = dtype)
}

stateful_metric <- function(class_name, ..., name = NULL, dtype = NULL) {
  args <- c(list(...), list(
    name = check_string(name, "name", null_ok = TRUE),
    dtype = check_string(dtype, "dtype", null_ok = TRUE)
  ))
  core_object("metrics", class_name, drop_nulls(args))
}

as_thresholds <- function(thresholds) {
  if (is.null(thresholds)) {
    return(NULL)
  }
  if (!is.numeric(thresholds) || length(thresholds) == 0 || anyNA(thresholds) ||
    any(thresholds < 0 | thresholds > 1)) {
    arg_error("thresholds", thresholds, "NULL or numbers in [0, 1]")
  }
  if (length(thresholds) == 1) as.numeric(thresholds) else as.list(as.numeric(thresholds))
}

#' Custom metric function
#'
#' Names an R function of `(y_true, y_pred)` for use as a metric in
#' [compile()]: the model reports it as `name` (and a saved model refers to
#' it by that name, to give in `custom_objects` when loading it back). The
#' function receives tensors and returns a tensor, built with the `k_*()`
#' functions; it is called once, when the model is compiled.
#'
#' @param name Name of the metric in the logs and the training history.
#' @param metric_fn An R function of `(y_true, y_pred)` returning a tensor of
#'   per-sample values (or a scalar).
#'
#' @return The function, named, to pass to `compile(metrics = ...)`.
#' @family metrics
#' @export
#' @examples
#' if (is_keras_available()) {
#'   mean_pred <- custom_metric("mean_pred", function(y_true, y_pred) {
#'     k_mean(y_pred)
#'   })
#'   model <- keras_model_sequential() %>%
#'     layer_dense(1, activation = "sigmoid", input_shape = 2)
#'   model %>% compile(optimizer = "sgd", loss = "binary_crossentropy",
#'                     metrics = list(mean_pred))
#'   model$metrics_names
#' }
custom_metric <- function(name, metric_fn) {
  check_string(name, "name")
  if (!nzchar(name) || !grepl("^[A-Za-z_][A-Za-z0-9_.]*$", name)) {
    arg_error("name", name, "a name made of letters, digits, '_' and '.', not starting with a digit")
  }
  if (!is.function(metric_fn)) {
    arg_error("metric_fn", metric_fn, "a function of (y_true, y_pred)")
  }
  if (is_py_object(metric_fn)) {
    reticulate::py_set_attr(metric_fn, "__name__", name)
    return(metric_fn)
  }
  attr(metric_fn, "py_function_name") <- name
  metric_fn
}
