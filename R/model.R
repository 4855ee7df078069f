#' Sequential model
#'
#' A linear stack of layers. Create it empty and add layers with the
#' `layer_*()` functions and `%>%`, or pass a list of layers.
#'
#' @param layers A list of layers to add to the model, or `NULL`.
#' @param name Optional name of the model.
#'
#' @return A sequential model.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(units = 8, activation = "relu", input_shape = 4) %>%
#'     layer_dense(units = 1, activation = "sigmoid")
#'   summary(model)
#' }
keras_model_sequential <- function(layers = NULL, name = NULL) {
  check_string(name, "name", null_ok = TRUE)
  if (!is.null(layers) && !is.list(layers)) {
    layers <- list(layers)
  }
  py_call(core_module("models")$Sequential(layers = layers, name = name))
}

#' Model defined by its inputs and outputs (functional API)
#'
#' Connects input tensors (from [layer_input()]) to output tensors obtained by
#' calling layers on them.
#'
#' @param inputs An input tensor or a list of them.
#' @param outputs An output tensor or a list of them.
#' @param name Optional name of the model.
#'
#' @return A model.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   inputs <- layer_input(shape = 4)
#'   outputs <- inputs %>%
#'     layer_dense(8, activation = "relu") %>%
#'     layer_dense(3, activation = "softmax")
#'   model <- keras_model(inputs, outputs)
#'   model
#' }
keras_model <- function(inputs, outputs = NULL, name = NULL) {
  check_string(name, "name", null_ok = TRUE)
  args <- drop_nulls(list(inputs = inputs, outputs = outputs, name = name))
  py_call(do.call(core_module("models")$Model, args))
}

#' Input layer
#'
#' Creates a symbolic input tensor, the starting point of a model built with
#' [keras_model()].
#'
#' @param shape Shape of one sample, excluding the batch axis, e.g. `c(28,
#'   28, 1)` or `10`; `NA` for unknown sizes.
#' @param batch_shape Shape including the batch axis, e.g. `list(NULL, 10)`;
#'   instead of `shape`.
#' @param name Optional name of the layer.
#' @param dtype Type of the input, by default [k_floatx()].
#' @param sparse Whether the input is sparse.
#' @param tensor Optional existing tensor to wrap.
#'
#' @return A tensor.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- layer_input(shape = c(28, 28, 1))
#'   k_int_shape(x)
#' }
layer_input <- function(shape = NULL, batch_shape = NULL, name = NULL,
                        dtype = NULL, sparse = FALSE, tensor = NULL) {
  if (is.null(shape) && is.null(batch_shape) && is.null(tensor)) {
    stop("layer_input() needs `shape` (e.g. shape = c(28, 28, 1)) or `batch_shape`.",
      call. = FALSE
    )
  }
  check_string(name, "name", null_ok = TRUE)
  check_string(dtype, "dtype", null_ok = TRUE)
  args <- drop_nulls(list(
    shape = as_shape(shape, "shape"),
    batch_shape = as_shape(batch_shape, "batch_shape"),
    name = name,
    dtype = dtype,
    sparse = check_flag(sparse, "sparse"),
    tensor = tensor
  ))
  py_call(do.call(core_module("layers")$Input, args))
}

#' Configure a model for training
#'
#' Sets the optimizer, the loss and the metrics to report. Modifies the model
#' in place and returns it invisibly, so it can be used with `%>%`.
#'
#' @param object A model.
#' @param optimizer Name of an optimizer (`"sgd"`, `"adam"`, `"rmsprop"`,
#'   ...) or an optimizer object, e.g. from [optimizer_sgd()].
#' @param loss Name of a loss (`"categorical_crossentropy"`,
#'   `"binary_crossentropy"`, `"mse"`, ...), a loss function, or a list of them
#'   for models with several outputs.
#' @param metrics Names of metrics to report during training and testing,
#'   e.g. `"accuracy"`, or `NULL`.
#' @param loss_weights Optional weights of the losses of several outputs.
#' @param sample_weight_mode `NULL` or `"temporal"`.
#' @param weighted_metrics Metrics weighted by `sample_weight` or
#'   `class_weight`.
#' @param target_tensors Optional tensors to use as targets.
#' @param ... Other arguments of the Python `compile()`.
#'
#' @return The model, invisibly.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(1, activation = "sigmoid", input_shape = 2)
#'   model %>% compile(optimizer = "sgd", loss = "binary_crossentropy",
#'                     metrics = "accuracy")
#' }
compile <- function(object, optimizer, loss, metrics = NULL, ...) {
  UseMethod("compile")
}

#' @rdname compile
#' @export
compile.default <- function(object, optimizer, loss, metrics = NULL, ...) {
  check_model(object)
  compile.multikeras.engine.training.Model(object, optimizer, loss, metrics, ...)
}

#' @rdname compile
#' @export
compile.multikeras.engine.training.Model <- function(object, optimizer, loss,
                                                      metrics = NULL,
                                                      loss_weights = NULL,
                                                      sample_weight_mode = NULL,
                                                      weighted_metrics = NULL,
                                                      target_tensors = NULL,
                                                      ...) {
  if (missing(optimizer)) {
    stop("`optimizer` is missing: give a name such as \"adam\" or an optimizer from optimizer_adam().",
      call. = FALSE
    )
  }
  if (missing(loss)) {
    stop("`loss` is missing: give a name such as \"categorical_crossentropy\" or \"mse\".",
      call. = FALSE
    )
  }
  if (is.character(metrics)) {
    metrics <- as.list(metrics)
  }
  if (is.character(loss) && length(loss) > 1) {
    loss <- as.list(loss)
  }
  args <- c(
    list(optimizer = optimizer, loss = loss),
    drop_nulls(list(
      metrics = metrics,
      loss_weights = loss_weights,
      sample_weight_mode = sample_weight_mode,
      weighted_metrics = weighted_metrics,
      target_tensors = target_tensors
    )),
    list(...)
  )
  py_call(do.call(object$compile, args))
  invisible(object)
}

#' Model summary
#'
#' Prints the layers of a model with their output shapes and number of
#' weights, as the Python `model.summary()`.
#'
#' @param object,x A model.
#' @param line_length Total length of printed lines.
#' @param positions Relative or absolute positions of the log elements in
#'   each line.
#' @param ... Unused.
#'
#' @return `summary()`: the summary as a character string, invisibly (also
#'   printed). `format()`: the summary as a string. `print()`: the model,
#'   invisibly.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(8, input_shape = 4)
#'   summary(model)
#' }
summary.multikeras.engine.training.Model <- function(object, line_length = NULL,
                                                      positions = NULL, ...) {
  text <- format.multikeras.engine.training.Model(object, line_length, positions)
  cat(text, "\n", sep = "")
  invisible(text)
}

#' @rdname summary.multikeras.engine.training.Model
#' @export
format.multikeras.engine.training.Model <- function(x, line_length = NULL,
                                                     positions = NULL, ...) {
  if (!isTRUE(tryCatch(x$built, error = function(e) FALSE))) {
    return(paste0(
      "Model: \"", x$name, "\"\n",
      "(not built yet: give the first layer an `input_shape`, or fit the model, to see its layers)"
    ))
  }
  lines <- character()
  collect <- function(line, ...) {
    lines[[length(lines) + 1]] <<- line
    invisible(NULL)
  }
  args <- drop_nulls(list(
    line_length = as_integer_arg(line_length, "line_length", min = 1L, null_ok = TRUE),
    positions = positions,
    print_fn = collect
  ))
  py_call(do.call(x$summary, args))
  paste(lines, collapse = "\n")
}

#' @rdname summary.multikeras.engine.training.Model
#' @export
print.multikeras.engine.training.Model <- function(x, ...) {
  cat(format(x, ...), "\n", sep = "")
  invisible(x)
}

#' Model weights
#'
#' `get_weights()` returns the weights of a model (or layer) as a list of R
#' arrays; `set_weights()` replaces them, from a list of arrays of the same
#' shapes.
#'
#' @param object A model or layer.
#' @param weights A list of arrays, as returned by `get_weights()`.
#'
#' @return `get_weights()`: a list of arrays. `set_weights()`: `object`,
#'   invisibly.
#' @family model persistence
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>% layer_dense(2, input_shape = 3)
#'   w <- get_weights(model)
#'   str(w)
#'   w[[1]][] <- 0
#'   set_weights(model, w)
#' }
get_weights <- function(object) {
  weights <- py_call(object$get_weights())
  lapply(weights, function(w) if (is_py_object(w)) reticulate::py_to_r(w) else w)
}

#' @rdname get_weights
#' @export
set_weights <- function(object, weights) {
  if (!is.list(weights)) {
    arg_error("weights", weights, "a list of arrays, as returned by get_weights()")
  }
  current <- py_call(object$get_weights())
  if (length(weights) != length(current)) {
    stop(sprintf(
      "`weights` has %d arrays but the model has %d weights; use the list from get_weights().",
      length(weights), length(current)
    ), call. = FALSE)
  }
  arrays <- lapply(seq_along(weights), function(i) {
    w <- weights[[i]]
    if (is_py_object(w)) {
      return(w)
    }
    if (anyNA(w)) {
      stop(sprintf("`weights[[%d]]` contains NA values.", i), call. = FALSE)
    }
    as_tensor_value(w, sprintf("weights[[%d]]", i))
  })
  py_call(object$set_weights(arrays))
  invisible(object)
}

#' Save and load models
#'
#' `save_model_hdf5()` writes the model (architecture, weights and, optionally,
#' optimizer state) to an HDF5 file, through a temporary file and a rename: a
#' failed save leaves an existing file intact. `load_model_hdf5()` reads it
#' back, on whatever backend is active.
#'
#' @param object A model.
#' @param filepath Path of the file.
#' @param overwrite Whether to overwrite an existing file.
#' @param include_optimizer Whether to save the optimizer state.
#' @param custom_objects Named list mapping names to custom classes or
#'   functions used by the model.
#' @param compile Whether to compile the loaded model (when it was saved
#'   compiled).
#'
#' @return `save_model_hdf5()`: `object`, invisibly. `load_model_hdf5()`: the
#'   model.
#' @family model persistence
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>% layer_dense(2, input_shape = 3)
#'   model %>% compile(optimizer = "sgd", loss = "mse")
#'   path <- tempfile(fileext = ".h5")
#'   save_model_hdf5(model, path)
#'   model2 <- load_model_hdf5(path)
#'   unlink(path)
#' }
save_model_hdf5 <- function(object, filepath, overwrite = TRUE,
                            include_optimizer = TRUE) {
  check_model(object)
  check_string(filepath, "filepath")
  check_flag(overwrite, "overwrite")
  check_flag(include_optimizer, "include_optimizer")
  filepath <- path.expand(filepath)
  if (!overwrite && file.exists(filepath)) {
    stop(sprintf("File %s exists and `overwrite` is FALSE.", filepath), call. = FALSE)
  }
  py_call(object$save(filepath, overwrite = overwrite, include_optimizer = include_optimizer))
  invisible(object)
}

#' @rdname save_model_hdf5
#' @export
load_model_hdf5 <- function(filepath, custom_objects = NULL, compile = TRUE) {
  check_string(filepath, "filepath")
  check_flag(compile, "compile")
  filepath <- path.expand(filepath)
  if (!file.exists(filepath)) {
    stop(sprintf("`filepath` does not exist: %s", filepath), call. = FALSE)
  }
  if (!is.null(custom_objects) && (!is.list(custom_objects) || is.null(names(custom_objects)))) {
    arg_error("custom_objects", custom_objects, "a named list")
  }
  py_call(core_module("models")$load_model(filepath,
    custom_objects = custom_objects,
    compile = compile
  ))
}
