#' Retrieve a layer of a model
#'
#' Gets a layer by its name or by its position in `model$layers`, **1-based**
#' as R users expect (the first layer after the input is 1 for a sequential
#' model).
#'
#' @param object A model.
#' @param name Name of the layer.
#' @param index 1-based index of the layer.
#'
#' @return A layer.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(4, input_shape = 3, name = "hidden") %>%
#'     layer_dense(1)
#'   get_layer(model, "hidden")
#'   get_layer(model, index = 2)
#' }
get_layer <- function(object, name = NULL, index = NULL) {
  check_model(object)
  if (is.null(name) == is.null(index)) {
    stop("get_layer() needs exactly one of `name` or `index`.", call. = FALSE)
  }
  if (!is.null(index)) {
    layers <- object$layers
    index <- as_integer_arg(index, "index", min = 1L)
    if (index > length(layers)) {
      stop(sprintf("`index` is %d but the model has %d layers.", index, length(layers)),
           call. = FALSE)
    }
    return(layers[[index]])
  }
  py_call(object$get_layer(name = check_string(name, "name")))
}

#' Remove the last layer of a sequential model
#'
#' @param object A sequential model.
#'
#' @return The model, invisibly (it is modified in place).
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(4, input_shape = 3) %>%
#'     layer_dense(1)
#'   pop_layer(model)
#'   length(model$layers)
#' }
pop_layer <- function(object) {
  if (!is_sequential_model(object)) {
    arg_error("object", object, "a sequential model (from keras_model_sequential())")
  }
  py_call(object$pop())
  invisible(object)
}

#' Count the weights of a model or layer
#'
#' @param object A model or a (built) layer.
#'
#' @return The total number of weight values (trainable or not), an integer.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>% layer_dense(4, input_shape = 3)
#'   count_params(model) # 3 * 4 + 4
#' }
count_params <- function(object) {
  if (!is_layer(object)) arg_error("object", object, "a model or a layer")
  py_call(object$count_params())
}

#' Freeze and unfreeze weights
#'
#' Freeze weights of a model or layer so that they are no longer updated by
#' training (`freeze_weights()`), or make them trainable again
#' (`unfreeze_weights()`). With `from` and / or `to`, only the layers of the
#' model from `from` to `to` (inclusive) are frozen (unfrozen) and the others
#' are made trainable (frozen).
#'
#' A model builds its training function the first time it is trained, with
#' the weights that are trainable then: freeze or unfreeze before that first
#' training step (or [compile()] again to make a change take effect).
#'
#' @param object A model or layer.
#' @param from,to Layer names, 1-based indices into `object$layers`, or layer
#'   objects; `NULL` for the first / last layer.
#'
#' @return `object`, invisibly (it is modified in place).
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(4, input_shape = 3, name = "a") %>%
#'     layer_dense(2, name = "b") %>%
#'     layer_dense(1, name = "c")
#'   freeze_weights(model, to = "b")
#'   length(model$trainable_weights) # only c's kernel and bias
#'   unfreeze_weights(model)
#'   length(model$trainable_weights)
#' }
freeze_weights <- function(object, from = NULL, to = NULL) {
  set_trainable(object, from, to, FALSE)
}

#' @rdname freeze_weights
#' @export
unfreeze_weights <- function(object, from = NULL, to = NULL) {
  set_trainable(object, from, to, TRUE)
}

set_trainable <- function(object, from, to, value) {
  if (!is_layer(object)) arg_error("object", object, "a model or a layer")
  if (is.null(from) && is.null(to)) {
    object$trainable <- value
    return(invisible(object))
  }
  if (!is_keras_model(object)) {
    stop("`from` and `to` need a model (they select some of its layers).", call. = FALSE)
  }
  layers <- object$layers
  first <- if (is.null(from)) 1L else layer_position(object, layers, from, "from")
  last <- if (is.null(to)) length(layers) else layer_position(object, layers, to, "to")
  if (first > last) {
    stop(sprintf("`from` (layer %d) comes after `to` (layer %d).", first, last), call. = FALSE)
  }
  object$trainable <- TRUE
  for (i in seq_along(layers)) {
    layers[[i]]$trainable <- if (i >= first && i <= last) value else !value
  }
  invisible(object)
}

layer_position <- function(model, layers, which, name) {
  if (is_py_object(which)) {
    pos <- which(vapply(layers, function(l) reticulate::py_id(l) == reticulate::py_id(which),
                        logical(1)))
    if (length(pos) == 0) stop(sprintf("`%s` is not a layer of the model.", name), call. = FALSE)
    return(pos[[1]])
  }
  if (is.character(which)) {
    names <- vapply(layers, function(l) l$name, character(1))
    pos <- match(check_string(which, name), names)
    if (is.na(pos)) {
      stop(sprintf("`%s`: no layer named \"%s\"; the layers are %s.", name, which,
                   paste0('"', names, '"', collapse = ", ")), call. = FALSE)
    }
    return(pos)
  }
  pos <- as_integer_arg(which, name, min = 1L)
  if (pos > length(layers)) {
    stop(sprintf("`%s` is %d but the model has %d layers.", name, pos, length(layers)),
         call. = FALSE)
  }
  pos
}

#' Single gradient update or evaluation on one batch
#'
#' `train_on_batch()` runs one gradient update on the batch `x`, `y`;
#' `test_on_batch()` evaluates the model on it; `predict_on_batch()` returns
#' the predictions for it. Useful for custom training loops (e.g. a GAN).
#'
#' @param object A (compiled) model.
#' @param x Input data, as for [fit()].
#' @param y Target data, as for [fit()].
#' @param class_weight Optional named list mapping 0-based class ids to
#'   weights.
#' @param sample_weight Optional vector of weights, one per sample.
#'
#' @return `train_on_batch()` and `test_on_batch()`: the loss (a number), or
#'   a named list of the loss and metrics when the model has metrics or
#'   several outputs. `predict_on_batch()`: the predictions.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>% layer_dense(1, input_shape = 2)
#'   model %>% compile(optimizer = "sgd", loss = "mse")
#'   x <- matrix(runif(20), 10)
#'   y <- rowSums(x)
#'   train_on_batch(model, x, y)
#'   test_on_batch(model, x, y)
#'   predict_on_batch(model, x)
#' }
train_on_batch <- function(object, x, y, class_weight = NULL, sample_weight = NULL) {
  check_model(object)
  x <- as_model_data(x, "x")
  y <- as_model_data(y, "y")
  check_same_rows(x, y)
  args <- drop_nulls(list(x = x, y = y, sample_weight = as_sample_weight(sample_weight, x),
                          class_weight = as_class_weight(class_weight)))
  batch_scores(object, py_call(do.call(object$train_on_batch, args)))
}

#' @rdname train_on_batch
#' @export
test_on_batch <- function(object, x, y, sample_weight = NULL) {
  check_model(object)
  x <- as_model_data(x, "x")
  y <- as_model_data(y, "y")
  check_same_rows(x, y)
  args <- drop_nulls(list(x = x, y = y, sample_weight = as_sample_weight(sample_weight, x)))
  batch_scores(object, py_call(do.call(object$test_on_batch, args)))
}

#' @rdname train_on_batch
#' @export
predict_on_batch <- function(object, x) {
  check_model(object)
  result <- py_call(object$predict_on_batch(as_model_data(x, "x")))
  if (is.list(result)) lapply(result, py_array_to_r) else py_array_to_r(result)
}

batch_scores <- function(object, result) {
  values <- as.numeric(unlist(result))
  if (length(values) == 1) {
    return(values)
  }
  values <- as.list(values)
  metric_names <- unlist(object$metrics_names)
  if (length(metric_names) == length(values)) names(values) <- metric_names
  values
}
