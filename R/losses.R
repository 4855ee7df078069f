#' Loss functions
#'
#' Each `loss_*()` function is the core's loss of the same name. It can be
#' used three ways:
#'
#' * given to [compile()] as it is, `compile(loss = loss_binary_crossentropy)`
#'   (a saved model then refers to it by the core's name, so it loads back
#'   without `custom_objects`);
#' * called on tensors, `loss_mean_squared_error(y_true, y_pred)`, inside a
#'   custom loss or metric: it returns a tensor with one value per sample; on
#'   R arrays it returns the values as an R array;
#' * called without `y_true` and `y_pred`, with the arguments of the Keras 2.3
#'   loss class (`from_logits`, `label_smoothing`, `reduction`, `name`, ...):
#'   it returns that loss object (`BinaryCrossentropy`, `Huber`, ...), for
#'   `compile(loss = loss_binary_crossentropy(from_logits = TRUE))`.
#'
#' Loss objects can also be made directly from the core, e.g.
#' `keras$losses$Huber(delta = 2)`, and given to [compile()].
#'
#' @param y_true Targets: a tensor (or R array).
#' @param y_pred Predictions: a tensor (or R array) of the same shape.
#' @param from_logits `TRUE` when `y_pred` holds logits rather than
#'   probabilities.
#' @param label_smoothing A number in `[0, 1]`: the targets are moved that
#'   far towards the uniform distribution.
#' @param axis The (1-based) axis along which the cosine is computed; `-1`
#'   is the last.
#' @param delta The point where the Huber loss turns from quadratic to
#'   linear.
#' @param reduction How the loss object reduces the per-sample values:
#'   `"sum_over_batch_size"` (the mean), `"sum"` or `"none"`. Only for the
#'   object (without `y_true` and `y_pred`).
#' @param name Name of the loss object (`NULL`: the class's default). Only
#'   for the object.
#'
#' @return A tensor of per-sample losses (an R array on R arrays), or a loss
#'   object when `y_true` and `y_pred` are missing.
#' @family losses
#' @name loss-functions
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(1, activation = "sigmoid", input_shape = 2)
#'   model %>% compile(optimizer = "sgd", loss = loss_binary_crossentropy)
#'   # the class-based loss, on logits
#'   model %>% compile(optimizer = "sgd",
#'                     loss = loss_binary_crossentropy(from_logits = TRUE))
#'   # on R values
#'   loss_mean_squared_error(matrix(c(0, 1), 1), matrix(c(0.5, 0.5), 1))
#' }
NULL

# R name (without "loss_") -> core function, core class, and the arguments
# (with their defaults) that the function and the class share.
.loss_specs <- list(
  binary_crossentropy = list("binary_crossentropy", "BinaryCrossentropy",
                             list(from_logits = FALSE, label_smoothing = 0)),
  categorical_crossentropy = list("categorical_crossentropy", "CategoricalCrossentropy",
                                  list(from_logits = FALSE, label_smoothing = 0)),
  categorical_hinge = list("categorical_hinge", "CategoricalHinge", list()),
  cosine_proximity = list("cosine_proximity", "CosineSimilarity", list(axis = -1L)),
  hinge = list("hinge", "Hinge", list()),
  huber = list("huber_loss", "Huber", list(delta = 1)),
  kullback_leibler_divergence = list("kullback_leibler_divergence", "KLDivergence", list()),
  logcosh = list("logcosh", "LogCosh", list()),
  mean_absolute_error = list("mean_absolute_error", "MeanAbsoluteError", list()),
  mean_absolute_percentage_error = list("mean_absolute_percentage_error",
                                        "MeanAbsolutePercentageError", list()),
  mean_squared_error = list("mean_squared_error", "MeanSquaredError", list()),
  mean_squared_logarithmic_error = list("mean_squared_logarithmic_error",
                                        "MeanSquaredLogarithmicError", list()),
  poisson = list("poisson", "Poisson", list()),
  sparse_categorical_crossentropy = list("sparse_categorical_crossentropy",
                                         "SparseCategoricalCrossentropy",
                                         list(from_logits = FALSE)),
  squared_hinge = list("squared_hinge", "SquaredHinge", list())
)

# Makes the R function `<prefix><name>` of `(y_true, y_pred, <shared
# arguments>, <class arguments>)`: with y_true and y_pred, the core function
# (given the shared arguments); without them, the core class (given all).
# It has no `...`, so that compile() can hand it to Python as a function,
# and `py_function_name` gives it the core's name there.
make_core_function <- function(module, r_name, spec, class_args) {
  # (`name` is an argument of the function made here, so not used for ours.)
  fn_name <- spec[[1]]
  class_name <- spec[[2]]
  shared <- names(spec[[3]])
  fn <- function(y_true, y_pred) {
    values <- mget(setdiff(names(formals(sys.function())), c("y_true", "y_pred")),
                   envir = environment())
    if (missing(y_true) && missing(y_pred)) {
      return(core_object(module, class_name, core_args(values)))
    }
    if (missing(y_true) || missing(y_pred)) {
      stop(sprintf(
        "%s(): give both `y_true` and `y_pred` (to compute it), or neither (to get the %s object).",
        r_name, class_name
      ), call. = FALSE)
    }
    apply_core_function(module, fn_name, y_true, y_pred, core_args(values[shared]))
  }
  formals(fn) <- c(formals(fn), spec[[3]], class_args)
  attr(fn, "py_function_name") <- fn_name
  fn
}

make_loss_function <- function(name) {
  make_core_function("losses", paste0("loss_", name), .loss_specs[[name]],
                     list(reduction = "sum_over_batch_size", name = NULL))
}

# Checks and converts the arguments of the core loss and metric functions
# and classes; NULL ones are left to the core's defaults.
core_args <- function(args) {
  for (name in names(args)) {
    value <- args[[name]]
    if (is.null(value)) next
    args[name] <- list(switch(name,
      from_logits = check_flag(value, name),
      label_smoothing = check_fraction(value, name),
      threshold = check_fraction(value, name),
      reduction = check_string(value, name,
        choices = c("auto", "sum_over_batch_size", "sum", "none")
      ),
      name = check_string(value, name),
      dtype = check_string(value, name),
      axis = as_axis(value, name),
      delta = check_number(value, name, min = 0),
      k = as_integer_arg(value, name, min = 1L),
      value
    ))
  }
  # Keras 2.3 spells the default "sum_over_batch_size"; "auto" (later Keras)
  # means the same.
  if (identical(args$reduction, "auto")) args$reduction <- "sum_over_batch_size"
  drop_nulls(args)
}

check_fraction <- function(x, name) {
  if (!is.numeric(x) || length(x) != 1 || is.na(x) || x < 0 || x > 1) {
    arg_error(name, x, "a single number in [0, 1]")
  }
  as.numeric(x)
}

# An object of the core class `module.class_name`, from checked arguments.
core_object <- function(module, class_name, args) {
  py_call(do.call(core_module(module)[[class_name]], args))
}

# `module.fn_name(y_true, y_pred, ...)`: on tensors, the result tensor; on R
# values, the values computed by the backend, as an R array.
apply_core_function <- function(module, fn_name, y_true, y_pred, args = list()) {
  fn <- core_module(module)[[fn_name]]
  if (is_py_object(y_true) || is_py_object(y_pred)) {
    return(py_call(do.call(fn, c(list(y_true, y_pred), args))))
  }
  backend <- core_module("backend")
  y_true <- backend$constant(as_model_array(y_true, "y_true"))
  y_pred <- backend$constant(as_model_array(y_pred, "y_pred"))
  value <- py_call(do.call(fn, c(list(y_true, y_pred), args)))
  py_call(backend$eval(value))
}

#' @rdname loss-functions
#' @export
loss_binary_crossentropy <- make_loss_function("binary_crossentropy")

#' @rdname loss-functions
#' @export
loss_categorical_crossentropy <- make_loss_function("categorical_crossentropy")

#' @rdname loss-functions
#' @export
loss_categorical_hinge <- make_loss_function("categorical_hinge")

#' @rdname loss-functions
#' @export
loss_cosine_proximity <- make_loss_function("cosine_proximity")

#' @rdname loss-functions
#' @export
loss_hinge <- make_loss_function("hinge")

#' @rdname loss-functions
#' @export
loss_huber <- make_loss_function("huber")

#' @rdname loss-functions
#' @export
loss_kullback_leibler_divergence <- make_loss_function("kullback_leibler_divergence")

#' @rdname loss-functions
#' @export
loss_logcosh <- make_loss_function("logcosh")

#' @rdname loss-functions
#' @export
loss_mean_absolute_error <- make_loss_function("mean_absolute_error")

#' @rdname loss-functions
#' @export
loss_mean_absolute_percentage_error <- make_loss_function("mean_absolute_percentage_error")

#' @rdname loss-functions
#' @export
loss_mean_squared_error <- make_loss_function("mean_squared_error")

#' @rdname loss-functions
#' @export
loss_mean_squared_logarithmic_error <- make_loss_function("mean_squared_logarithmic_error")

#' @rdname loss-functions
#' @export
loss_poisson <- make_loss_function("poisson")

#' @rdname loss-functions
#' @export
loss_sparse_categorical_crossentropy <- make_loss_function("sparse_categorical_crossentropy")

#' @rdname loss-functions
#' @export
loss_squared_hinge <- make_loss_function("squared_hinge")
