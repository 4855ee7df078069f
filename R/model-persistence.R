# Models in and out of the session: HDF5 model and weight files, JSON / YAML
# architectures, R raw vectors, configs, clones and TensorFlow SavedModels.
# Every file is written by the core through a temporary file and a rename, so
# a failed save leaves an existing file as it was.

#' Save and load models
#'
#' `save_model_hdf5()` writes the model (architecture, weights and, optionally,
#' optimizer state) to an HDF5 file, through a temporary file and a rename: a
#' failed save leaves an existing file intact. `load_model_hdf5()` reads it
#' back, on whatever backend is active. The files are those of Keras 2.3:
#' files written by Python Keras load here, and the other way round.
#'
#' @param object A model.
#' @param filepath Path of the file.
#' @param overwrite Whether to overwrite an existing file.
#' @param include_optimizer Whether to save the optimizer state.
#' @param custom_objects Named list mapping names to the custom objects used
#'   by the model: R functions (losses, metrics), R6 layer classes inheriting
#'   from [KerasLayer], or Python classes and functions.
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
  filepath <- check_save_path(filepath, overwrite)
  check_flag(include_optimizer, "include_optimizer")
  py_call(object$save(filepath, overwrite = overwrite, include_optimizer = include_optimizer))
  invisible(object)
}

#' @rdname save_model_hdf5
#' @export
load_model_hdf5 <- function(filepath, custom_objects = NULL, compile = TRUE) {
  filepath <- check_load_path(filepath)
  check_flag(compile, "compile")
  custom_objects <- as_custom_objects(custom_objects)
  py_call(core_module("models")$load_model(filepath,
    custom_objects = custom_objects,
    compile = compile
  ))
}

#' Save and load model weights
#'
#' `save_model_weights_hdf5()` writes only the weights of a model to an HDF5
#' file, layer by layer, in the format of Keras 2.3 (through a temporary file:
#' a failed save leaves an existing file intact).
#' `load_model_weights_hdf5()` loads such a file into a model of the same
#' architecture, or, with `by_name = TRUE`, into the layers of any model that
#' have the same names. Weights travel between backends: a file saved on
#' Theano loads on TensorFlow and gives the same predictions (convolution
#' kernels are converted).
#'
#' @param object A model.
#' @param filepath Path of the file.
#' @param overwrite Whether to overwrite an existing file.
#' @param by_name Load weights into the layers of the same name (the others
#'   are left as they are), instead of by the order of the layers.
#' @param skip_mismatch With `by_name = TRUE`, skip the layers whose number
#'   or shapes of weights differ from the file's (with a warning), instead of
#'   failing.
#' @param reshape Kept for compatibility with R keras; only `FALSE` is
#'   supported: the weights in the file must have the layers' shapes.
#'
#' @return `object`, invisibly.
#' @family model persistence
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(4, input_shape = 3, name = "hidden") %>%
#'     layer_dense(1, name = "out")
#'   path <- tempfile(fileext = ".h5")
#'   save_model_weights_hdf5(model, path)
#'
#'   same <- keras_model_sequential() %>%
#'     layer_dense(4, input_shape = 3) %>%
#'     layer_dense(1)
#'   load_model_weights_hdf5(same, path)
#'
#'   # only the layer named "hidden" is loaded
#'   other <- keras_model_sequential() %>%
#'     layer_dense(4, input_shape = 3, name = "hidden") %>%
#'     layer_dense(2, name = "new_output")
#'   load_model_weights_hdf5(other, path, by_name = TRUE)
#'   unlink(path)
#' }
save_model_weights_hdf5 <- function(object, filepath, overwrite = TRUE) {
  check_model(object)
  filepath <- check_save_path(filepath, overwrite)
  py_call(object$save_weights(filepath, overwrite = overwrite))
  invisible(object)
}

#' @rdname save_model_weights_hdf5
#' @export
load_model_weights_hdf5 <- function(object, filepath, by_name = FALSE,
                                    skip_mismatch = FALSE, reshape = FALSE) {
  check_model(object)
  filepath <- check_load_path(filepath)
  check_flag(by_name, "by_name")
  check_flag(skip_mismatch, "skip_mismatch")
  check_flag(reshape, "reshape")
  if (skip_mismatch && !by_name) {
    stop("`skip_mismatch = TRUE` needs `by_name = TRUE` (it skips layers matched by name).",
      call. = FALSE
    )
  }
  if (reshape) {
    stop(paste(
      "`reshape = TRUE` is not supported: the weights in the file must have the shapes",
      "of the model's layers. Use `by_name = TRUE, skip_mismatch = TRUE` to skip the",
      "layers whose shapes differ."
    ), call. = FALSE)
  }
  py_call(object$load_weights(filepath, by_name = by_name, skip_mismatch = skip_mismatch))
  invisible(object)
}

#' Model architecture as JSON or YAML
#'
#' `model_to_json()` and `model_to_yaml()` describe the architecture of a
#' model (its layers, their settings and connections; not the weights) as
#' text, in the format of Keras 2.3. `model_from_json()` and
#' `model_from_yaml()` build a new model, with freshly initialized weights,
#' from that text. Save the weights with [save_model_weights_hdf5()] or
#' [get_weights()] to restore them too.
#'
#' @param object A model.
#' @param json,yaml The text, a single string (as returned by
#'   `model_to_json()` / `model_to_yaml()`).
#' @inheritParams save_model_hdf5
#'
#' @return `model_to_json()`, `model_to_yaml()`: a string.
#'   `model_from_json()`, `model_from_yaml()`: a model (not compiled).
#' @family model persistence
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(4, activation = "relu", input_shape = 3) %>%
#'     layer_dense(1)
#'   json <- model_to_json(model)
#'   model2 <- model_from_json(json)
#'   model2$output_shape
#'   cat(model_to_yaml(model))
#' }
model_to_json <- function(object) {
  check_model(object)
  py_call(object$to_json())
}

#' @rdname model_to_json
#' @export
model_from_json <- function(json, custom_objects = NULL) {
  check_string(json, "json")
  py_call(core_module("models")$model_from_json(json,
    custom_objects = as_custom_objects(custom_objects)
  ))
}

#' @rdname model_to_json
#' @export
model_to_yaml <- function(object) {
  check_model(object)
  py_call(object$to_yaml())
}

#' @rdname model_to_json
#' @export
model_from_yaml <- function(yaml, custom_objects = NULL) {
  check_string(yaml, "yaml")
  py_call(core_module("models")$model_from_yaml(yaml,
    custom_objects = as_custom_objects(custom_objects)
  ))
}

#' Serialize a model to an R object
#'
#' A model lives in Python and cannot be saved with [saveRDS()] or [save()]
#' as it is. `serialize_model()` turns it into an R raw vector (the bytes of
#' the HDF5 file [save_model_hdf5()] writes), which can; `unserialize_model()`
#' turns such a raw vector back into a model, in this session or another one,
#' on any backend.
#'
#' @param model A model (`serialize_model()`), or a raw vector from
#'   `serialize_model()` (`unserialize_model()`).
#' @inheritParams save_model_hdf5
#'
#' @return `serialize_model()`: a raw vector. `unserialize_model()`: the
#'   model.
#' @family model persistence
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>% layer_dense(2, input_shape = 3)
#'   model %>% compile(optimizer = "sgd", loss = "mse")
#'   path <- tempfile(fileext = ".rds")
#'   saveRDS(serialize_model(model), path)
#'   model2 <- unserialize_model(readRDS(path))
#'   unlink(path)
#' }
serialize_model <- function(model, include_optimizer = TRUE) {
  check_model(model, "model")
  check_flag(include_optimizer, "include_optimizer")
  path <- tempfile("keras-model-", fileext = ".h5")
  on.exit(unlink(path), add = TRUE)
  save_model_hdf5(model, path, include_optimizer = include_optimizer)
  readBin(path, what = "raw", n = file.size(path))
}

#' @rdname serialize_model
#' @export
unserialize_model <- function(model, custom_objects = NULL, compile = TRUE) {
  if (!is.raw(model)) {
    arg_error("model", model, "a raw vector from serialize_model()")
  }
  check_flag(compile, "compile")
  path <- tempfile("keras-model-", fileext = ".h5")
  on.exit(unlink(path), add = TRUE)
  writeBin(model, path)
  tryCatch(
    load_model_hdf5(path, custom_objects = custom_objects, compile = compile),
    error = function(e) {
      message <- gsub(path, "the raw vector", conditionMessage(e), fixed = TRUE)
      stop("`model` could not be unserialized: ", message, call. = FALSE)
    }
  )
}

#' Configuration of a layer or model
#'
#' `get_config()` returns the configuration of a layer or model: every
#' setting needed to make a new one like it, without the weights (and, for a
#' layer, without its connections). `from_config()` makes that new object.
#' The configuration is kept as a Python dictionary, so that nothing is lost
#' in a conversion to R; convert it with `reticulate::py_to_r()` to look at
#' it. It is not saved by [saveRDS()]: use [model_to_json()] to keep an
#' architecture across sessions.
#'
#' @param object A layer or model.
#' @param config A configuration from `get_config()`.
#' @inheritParams save_model_hdf5
#'
#' @return `get_config()`: a Python dictionary, with the class of `object`
#'   in its attribute `"config_class"`. `from_config()`: a new layer or model
#'   of that class.
#' @family model persistence
#' @export
#' @examples
#' if (is_keras_available()) {
#'   layer <- layer_dense(units = 3, activation = "relu")
#'   config <- get_config(layer)
#'   reticulate::py_to_r(config)$units
#'   from_config(config)
#'
#'   model <- keras_model_sequential() %>% layer_dense(2, input_shape = 4)
#'   model2 <- from_config(get_config(model))
#' }
get_config <- function(object) {
  if (!is_layer(object)) {
    arg_error("object", object, "a layer or a model")
  }
  # Through an unconverting getattr, so that the config stays a Python dict.
  method <- reticulate::import_builtins(convert = FALSE)$getattr(object, "get_config")
  config <- py_call(reticulate::py_call(method))
  attr(config, "config_class") <- object$`__class__`
  config
}

#' @rdname get_config
#' @export
from_config <- function(config, custom_objects = NULL) {
  config_class <- attr(config, "config_class", exact = TRUE)
  if (!is_py_object(config) || is.null(config_class)) {
    arg_error("config", config, "a configuration from get_config()")
  }
  with_custom_object_scope(custom_objects, py_call(config_class$from_config(config)))
}

#' Clone a model
#'
#' Makes a new model with the same architecture as `model` and new layers,
#' whose weights are freshly initialized (copy them with [get_weights()] and
#' [set_weights()]). A functional model can be rebuilt on new input tensors.
#'
#' @param model A model.
#' @param input_tensors Optional tensor, or list of tensors, to build the
#'   clone on (e.g. from [layer_input()]); `NULL` makes new inputs.
#'
#' @return A new model (not compiled).
#' @family model persistence
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_dense(4, activation = "relu", input_shape = 3) %>%
#'     layer_dense(1)
#'   twin <- clone_model(model)
#'   set_weights(twin, get_weights(model))
#' }
clone_model <- function(model, input_tensors = NULL) {
  check_model(model, "model")
  if (!is.null(input_tensors) && !is_keras_tensor_like(input_tensors)) {
    arg_error("input_tensors", input_tensors, "a tensor, a list of tensors, or NULL")
  }
  py_call(core_module("models")$clone_model(model, input_tensors = input_tensors))
}

#' Use custom objects while loading models
#'
#' Evaluates `expr` with `objects` known by name to the functions that
#' rebuild models and layers ([load_model_hdf5()], [model_from_json()],
#' [from_config()], ...), as if they had been given as `custom_objects`.
#'
#' @param objects Named list mapping names to custom objects: R functions
#'   (losses, metrics), R6 layer classes inheriting from [KerasLayer], or
#'   Python classes and functions.
#' @param expr Expression to evaluate.
#'
#' @return The value of `expr`.
#' @family model persistence
#' @export
#' @examples
#' if (is_keras_available()) {
#'   my_loss <- function(y_true, y_pred) k_mean(k_square(y_pred - y_true))
#'   model <- keras_model_sequential() %>% layer_dense(1, input_shape = 2)
#'   model %>% compile(optimizer = "sgd", loss = my_loss)
#'   path <- tempfile(fileext = ".h5")
#'   save_model_hdf5(model, path)
#'   model2 <- with_custom_object_scope(list(my_loss = my_loss), {
#'     load_model_hdf5(path)
#'   })
#'   unlink(path)
#' }
with_custom_object_scope <- function(objects, expr) {
  objects <- as_custom_objects(objects, "objects")
  if (is.null(objects)) {
    return(expr)
  }
  scope <- py_call(core_module("utils")$custom_object_scope(objects))
  py_call(scope$`__enter__`())
  on.exit(scope$`__exit__`(NULL, NULL, NULL), add = TRUE)
  expr
}

#' Export a model as a TensorFlow SavedModel
#'
#' Writes the model, with its weights, as a TensorFlow SavedModel with a
#' `serving_default` signature from the model's inputs to its outputs (named
#' after the input and output layers), for TensorFlow Serving, TensorFlow's
#' `tf.saved_model.load()` and other TensorFlow tools. The learning phase is
#' fixed to inference.
#'
#' SavedModel is a TensorFlow format: export on the TensorFlow backend. A
#' model built on another backend is carried over, with its weights, by
#' [use_backend()]`("tensorflow")`; on other backends the function stops with
#' an error saying so.
#'
#' @param object A model.
#' @param export_dir_base Directory to export to; with `versioned = TRUE`,
#'   the directory under which a new subdirectory named by the current time
#'   (in seconds) is created.
#' @param overwrite Replace `export_dir_base` when it exists (the old one is
#'   removed only once the new export has succeeded).
#' @param versioned Export into a new time-stamped subdirectory of
#'   `export_dir_base`.
#' @param remove_learning_phase Kept for compatibility with R keras: the
#'   export always runs the model in inference mode.
#' @param as_text Only `FALSE` (a binary SavedModel) is supported.
#' @param ... Unused.
#'
#' @return The path of the exported directory, invisibly.
#' @family model persistence
#' @export
#' @examples
#' if (is_keras_available() && k_backend() == "tensorflow") {
#'   model <- keras_model_sequential() %>% layer_dense(2, input_shape = 3)
#'   path <- export_savedmodel(model, file.path(tempdir(), "exported"))
#'   list.files(path)
#'   unlink(path, recursive = TRUE)
#' }
export_savedmodel <- function(object, export_dir_base, ...) {
  UseMethod("export_savedmodel")
}

#' @rdname export_savedmodel
#' @export
export_savedmodel.multikeras.engine.training.Model <- function(object, export_dir_base,
                                                                overwrite = TRUE,
                                                                versioned = !overwrite,
                                                                remove_learning_phase = TRUE,
                                                                as_text = FALSE, ...) {
  check_string(export_dir_base, "export_dir_base")
  check_flag(overwrite, "overwrite")
  check_flag(versioned, "versioned")
  check_flag(remove_learning_phase, "remove_learning_phase")
  check_flag(as_text, "as_text")
  if (as_text) {
    stop("`as_text = TRUE` is not supported: the SavedModel is written in binary form.",
      call. = FALSE
    )
  }
  export_dir_base <- path.expand(export_dir_base)
  export_dir <- if (versioned) {
    file.path(export_dir_base, format(as.numeric(Sys.time()), scientific = FALSE, digits = 10))
  } else {
    export_dir_base
  }
  replace <- dir.exists(export_dir) || file.exists(export_dir)
  if (replace && !overwrite) {
    stop(sprintf(
      "`export_dir_base` %s exists and `overwrite` is FALSE; give a new directory or use versioned = TRUE.",
      export_dir
    ), call. = FALSE)
  }
  # Export beside the target, then swap: a failed export leaves the old one.
  target <- if (replace) paste0(export_dir, ".export-", Sys.getpid()) else export_dir
  done <- FALSE
  on.exit(if (!done) unlink(target, recursive = TRUE), add = TRUE)
  py_call(core_module("utils")$export_saved_model(object, target))
  if (replace) {
    unlink(export_dir, recursive = TRUE)
    if (!file.rename(target, export_dir)) {
      stop(sprintf("Could not move the SavedModel from %s to %s.", target, export_dir),
        call. = FALSE
      )
    }
  }
  done <- TRUE
  invisible(normalizePath(export_dir))
}

#' @rdname export_savedmodel
#' @export
export_savedmodel.default <- function(object, export_dir_base, ...) {
  check_model(object)
  export_savedmodel.multikeras.engine.training.Model(object, export_dir_base, ...)
}

# -- helpers ------------------------------------------------------------------

# The path of a file to save, checked: its directory must exist, and an
# existing file is kept when `overwrite` is FALSE.
check_save_path <- function(filepath, overwrite) {
  check_string(filepath, "filepath")
  check_flag(overwrite, "overwrite")
  filepath <- path.expand(filepath)
  if (!overwrite && file.exists(filepath)) {
    stop(sprintf("File %s exists and `overwrite` is FALSE.", filepath), call. = FALSE)
  }
  if (!dir.exists(dirname(filepath))) {
    stop(sprintf(
      "Cannot save to %s: the directory %s does not exist.", filepath, dirname(filepath)
    ), call. = FALSE)
  }
  filepath
}

# The path of a file to read, checked to exist.
check_load_path <- function(filepath) {
  check_string(filepath, "filepath")
  filepath <- path.expand(filepath)
  if (dir.exists(filepath)) {
    stop(sprintf("`filepath` is a directory, not an HDF5 file: %s", filepath), call. = FALSE)
  }
  if (!file.exists(filepath)) {
    stop(sprintf("`filepath` does not exist: %s", filepath), call. = FALSE)
  }
  filepath
}

# Custom objects for the core: a named list (or NULL) whose R6 layer classes
# become their Python layer classes and R functions Python functions of the
# name they are given under (a metric reports under its function's name);
# Python objects pass as they are.
as_custom_objects <- function(objects, name = "custom_objects") {
  if (is.null(objects) || (is.list(objects) && length(objects) == 0)) {
    return(NULL)
  }
  if (is_py_object(objects)) {
    return(objects)
  }
  if (!is.list(objects) || is.null(names(objects)) || any(!nzchar(names(objects)))) {
    arg_error(name, objects, "a named list, e.g. list(my_loss = my_loss)")
  }
  mapply(function(object, name) {
    if (R6::is.R6Class(object)) {
      r6_layer_class(object)
    } else if (is_r_function(object)) {
      named_py_function(object, name)
    } else {
      object
    }
  }, objects, names(objects), SIMPLIFY = FALSE)
}

# Losses and metrics given as R functions become Python functions named after
# the R variable that held them (or the list name, or the function's
# "py_function_name" attribute): Keras saves a custom loss or metric by its
# name, which load_model_hdf5() then looks up in `custom_objects`.
#   x: a function, a list of them (and of strings), or anything else (kept)
#   expr: the expression x came from, for the names
name_r_functions <- function(x, expr, fallback) {
  if (is_r_function(x)) {
    name <- if (is.symbol(expr)) as.character(expr) else fallback
    return(named_py_function(x, name))
  }
  if (!is.list(x) || !any(vapply(x, is_r_function, logical(1)))) {
    return(x)
  }
  arg_names <- names(x) %||% rep("", length(x))
  parts <- if (is.call(expr) && as.character(expr[[1]])[1] %in% c("list", "c")) {
    as.list(expr)[-1]
  } else {
    NULL
  }
  for (i in seq_along(x)) {
    if (!is_r_function(x[[i]])) next
    name <- arg_names[[i]]
    if (!nzchar(name) && length(parts) == length(x) && is.symbol(parts[[i]])) {
      name <- as.character(parts[[i]])
    }
    if (!nzchar(name)) name <- paste0(fallback, "_", i)
    x[i] <- list(named_py_function(x[[i]], name))
  }
  x
}

# An R function, not a Python callable (which reticulate also makes a function).
is_r_function <- function(x) is.function(x) && !is_py_object(x)

named_py_function <- function(fn, name) {
  name <- attr(fn, "py_function_name", exact = TRUE) %||% name
  py_fn <- reticulate::py_func(fn)
  reticulate::py_set_attr(py_fn, "__name__", name)
  py_fn
}
