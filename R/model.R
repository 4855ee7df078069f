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
#'   for models with several outputs. An R function is known by the name of
#'   the variable that holds it (or its name in a list): a saved model
#'   refers to it by that name, to give in `custom_objects` when loading.
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
  # R functions are named after their variables, so that a saved model names
  # them and loads back with `custom_objects = list(name = fn)`.
  loss <- name_r_functions(loss, substitute(loss), "custom_loss")
  metrics <- name_r_functions(metrics, substitute(metrics), "custom_metric")
  # A list named by output names gives each output its metrics; any other
  # names (`c(mean_pred = fn)`) only named the functions above.
  if (is.list(metrics) && !is.null(names(metrics)) &&
      !all(names(metrics) %in% unlist(object$output_names))) {
    metrics <- unname(metrics)
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

#' Predicted classes and probabilities
#'
#' For a sequential classifier: `predict_proba()` returns the predicted
#' probabilities (the model's output, which must lie in `[0, 1]`), and
#' `predict_classes()` the predicted class of each sample: the index of the
#' largest output, **0-based** as in Keras (the class ids given to
#' [to_categorical()]), or, for a model with one output unit, 1 when the
#' output is above 0.5 and 0 otherwise.
#'
#' @inheritParams predict.multikeras.engine.training.Model
#' @param object A sequential model.
#'
#' @return `predict_classes()`: an integer vector of 0-based class ids (a
#'   matrix for outputs with several axes). `predict_proba()`: a matrix of
#'   probabilities, one row per sample.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(3, activation = "softmax", input_shape = 4)
#'   x <- as.matrix(iris[1:5, 1:4])
#'   # (the Python core's Sequential needs the Keras methods of these names)
#'   if (reticulate::py_has_attr(model, "predict_classes")) {
#'     predict_proba(model, x)
#'     predict_classes(model, x)
#'   }
#' }
predict_classes <- function(object, x, batch_size = NULL, verbose = 0, steps = NULL) {
  predictions <- sequential_predict(object, "predict_classes", x, batch_size, verbose, steps)
  if (is.array(predictions) && length(dim(predictions)) <= 1) {
    predictions <- as.vector(predictions)
  } else if (is.matrix(predictions) && ncol(predictions) == 1) {
    predictions <- predictions[, 1]
  }
  if (is.numeric(predictions)) storage.mode(predictions) <- "integer"
  predictions
}

#' @rdname predict_classes
#' @export
predict_proba <- function(object, x, batch_size = NULL, verbose = 0, steps = NULL) {
  sequential_predict(object, "predict_proba", x, batch_size, verbose, steps)
}

sequential_predict <- function(object, method, x, batch_size, verbose, steps) {
  if (!is_sequential_model(object)) {
    arg_error("object", object, sprintf(
      "a sequential model (from keras_model_sequential()): %s() is a method of sequential models only; for other models use predict()",
      method
    ))
  }
  if (missing(x) || is.null(x)) {
    stop("`x` is missing: give the inputs to predict from.", call. = FALSE)
  }
  args <- drop_nulls(list(
    x = as_model_data(x, "x"),
    batch_size = as_integer_arg(batch_size, "batch_size", min = 1L, null_ok = TRUE),
    verbose = as_verbose(verbose),
    steps = as_integer_arg(steps, "steps", min = 1L, null_ok = TRUE)
  ))
  if (!reticulate::py_has_attr(object, method)) {
    stop(sprintf("%s() needs Sequential.%s in the Python core, which this core lacks.",
                 method, method), call. = FALSE)
  }
  py_array_to_r(py_call(do.call(object[[method]], args)))
}

#' Reset the states of stateful layers
#'
#' Sets the states of the stateful recurrent layers of a model (or of one
#' such layer) back to zeros, e.g. between two independent sequences when
#' training or predicting with `stateful = TRUE`.
#'
#' @param object A model or a layer.
#'
#' @return `object`, invisibly.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_lstm(2, stateful = TRUE, batch_input_shape = c(1, 3, 1))
#'   x <- array(1, dim = c(1, 3, 1))
#'   first <- predict(model, x, batch_size = 1)
#'   reset_states(model)
#'   identical(predict(model, x, batch_size = 1), first)
#' }
reset_states <- function(object) {
  if (!is_layer(object)) {
    arg_error("object", object, "a model or a layer")
  }
  if (reticulate::py_has_attr(object, "reset_states")) {
    py_call(object$reset_states())
  } else if (reticulate::py_has_attr(object, "layers")) {
    # A model whose class has no reset_states(): reset its stateful layers.
    for (layer in object$layers) {
      if (isTRUE(tryCatch(layer$stateful, error = function(e) FALSE)) ||
          reticulate::py_has_attr(layer, "layers")) {
        reset_states(layer)
      }
    }
  } else {
    stop(sprintf("Layer \"%s\" has no states to reset (it is not a recurrent layer).",
                 object$name), call. = FALSE)
  }
  invisible(object)
}

#' Inputs, outputs and their shapes and masks at each call of a layer
#'
#' Each call of a layer on a tensor adds a node to the layer: a layer shared
#' by several parts of a model (or a model used as a layer) has several
#' nodes. These functions return the input or output tensors of node
#' `node_index`, their shapes or their masks. Nodes are numbered from **1**,
#' in the order of the calls.
#'
#' @param object A layer or model.
#' @param node_index Which call of the layer: 1 for the first.
#'
#' @return A tensor, a shape (a list of integers, `NULL` for unknown sizes),
#'   or a mask (a tensor, or `NULL` when there is none); a list of them when
#'   the layer has several inputs or outputs.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available()) {
#'   shared <- layer_dense(units = 2)
#'   a <- layer_input(shape = 3)
#'   b <- layer_input(shape = 3)
#'   out_a <- shared(a)
#'   out_b <- shared(b)
#'   get_input_shape_at(shared, 2)
#'   get_output_shape_at(shared, 1)
#'   get_output_mask_at(shared, 1)
#' }
get_input_at <- function(object, node_index) {
  node_attribute(object, node_index, "get_input_at")
}

#' @rdname get_input_at
#' @export
get_output_at <- function(object, node_index) {
  node_attribute(object, node_index, "get_output_at")
}

#' @rdname get_input_at
#' @export
get_input_shape_at <- function(object, node_index) {
  node_attribute(object, node_index, "get_input_shape_at")
}

#' @rdname get_input_at
#' @export
get_output_shape_at <- function(object, node_index) {
  node_attribute(object, node_index, "get_output_shape_at")
}

#' @rdname get_input_at
#' @export
get_input_mask_at <- function(object, node_index) {
  node_attribute(object, node_index, "get_input_mask_at")
}

#' @rdname get_input_at
#' @export
get_output_mask_at <- function(object, node_index) {
  node_attribute(object, node_index, "get_output_mask_at")
}

# Calls the layer method `method` with the 0-based index of the 1-based
# `node_index`, and words the core's out-of-range error in 1-based terms.
node_attribute <- function(object, node_index, method) {
  if (!is_layer(object)) {
    arg_error("object", object, "a layer or a model")
  }
  index <- as_integer_arg(node_index, "node_index", min = 1L)
  nodes <- length(object[["_inbound_nodes"]])
  if (index > nodes) {
    stop(sprintf(
      "`node_index` is %d but layer \"%s\" has %d node(s) (it has been called %d time(s)); use 1 to %d.",
      index, object$name, nodes, nodes, max(nodes, 1L)
    ), call. = FALSE)
  }
  result <- py_call(object[[method]](index - 1L))
  if (method %in% c("get_input_shape_at", "get_output_shape_at")) {
    result <- shape_to_r(result)
  }
  result
}

# A shape from the core (a tuple, converted to a list, or a list of them) with
# None as NULL, as k_int_shape() gives.
shape_to_r <- function(shape) {
  if (is.null(shape)) {
    return(NULL)
  }
  if (is.list(shape) && length(shape) > 0 && all(vapply(shape, is.list, logical(1)))) {
    return(lapply(shape, shape_to_r))
  }
  as.list(shape)
}

#' Plot a model's graph
#'
#' Draws the layers of a model and their connections (Graphviz, through the
#' core's `plot_model()`) in the R graphics device, or writes the drawing to
#' a file. Needs the Python package pydot, Graphviz's `dot` program and, to
#' draw in R, the R package png.
#'
#' @param x A model.
#' @param show_shapes Show each layer's input and output shapes.
#' @param show_layer_names Show the layers' names.
#' @param rankdir `"TB"` (top to bottom) or `"LR"` (left to right).
#' @param expand_nested Kept for compatibility: nested models are drawn as
#'   one node.
#' @param dpi Resolution of the image, in dots per inch.
#' @param to_file A file to write the drawing to (its format follows the
#'   extension: `.png`, `.pdf`, `.svg`, ...), instead of drawing it; `NULL`
#'   draws in the graphics device.
#' @param ... Unused.
#'
#' @return `x` invisibly, or, with `to_file`, the path of the file,
#'   invisibly.
#' @family model functions
#' @export
#' @examples
#' if (is_keras_available() &&
#'     reticulate::py_module_available("pydot") &&
#'     nzchar(Sys.which("dot")) && requireNamespace("png", quietly = TRUE)) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(4, activation = "relu", input_shape = 3) %>%
#'     layer_dense(1)
#'   plot(model, show_shapes = TRUE)
#' }
plot.multikeras.engine.training.Model <- function(x, show_shapes = FALSE,
                                                   show_layer_names = TRUE,
                                                   rankdir = "TB", expand_nested = FALSE,
                                                   dpi = 96, to_file = NULL, ...) {
  args <- list(
    show_shapes = check_flag(show_shapes, "show_shapes"),
    show_layer_names = check_flag(show_layer_names, "show_layer_names"),
    rankdir = check_string(rankdir, "rankdir", choices = c("TB", "LR")),
    expand_nested = check_flag(expand_nested, "expand_nested"),
    dpi = as_integer_arg(dpi, "dpi", min = 1L)
  )
  if (!is.null(to_file)) {
    to_file <- path.expand(check_string(to_file, "to_file"))
    py_call(do.call(core_module("utils")$plot_model, c(list(x, to_file = to_file), args)))
    return(invisible(to_file))
  }
  if (!requireNamespace("png", quietly = TRUE)) {
    stop(paste(
      "Drawing a model in R needs the R package png (install.packages(\"png\"), or",
      "apt-get install r-cran-png); or write it to a file with plot(model, to_file = ...)."
    ), call. = FALSE)
  }
  file <- tempfile("model-", fileext = ".png")
  on.exit(unlink(file), add = TRUE)
  py_call(do.call(core_module("utils")$plot_model, c(list(x, to_file = file), args)))
  image <- png::readPNG(file)
  height <- dim(image)[[1]]
  width <- dim(image)[[2]]
  old <- graphics::par(mar = c(0, 0, 0, 0))
  on.exit(graphics::par(old), add = TRUE)
  graphics::plot.new()
  graphics::plot.window(xlim = c(0, width), ylim = c(0, height), asp = 1)
  graphics::rasterImage(image, 0, 0, width, height)
  invisible(x)
}
