# Training, evaluation and prediction from generators: R functions that
# return a batch at each call, Python generators and iterators (e.g. the
# image flows) and Keras Sequences (e.g. timeseries_generator()).
#
# An R function is wrapped in a small Python iterator whose class carries
# `_keras_main_thread_only = True`: the core's generator loops pull such
# iterators synchronously on the calling thread, whatever `workers` is, so R
# code only ever runs on R's main thread. Each batch is checked and converted
# in R (as fit() does for arrays), and its input shapes are compared with the
# model's, so that a wrong batch is an error naming the step and both shapes.

#' Train a model on batches from a generator
#'
#' Trains the model on data yielded batch by batch, by an R function, an
#' image flow ([flow_images_from_data()] and friends), a Sequence
#' ([timeseries_generator()]) or any Python iterator.
#'
#' An R function is called without arguments once per step and returns a
#' batch: `list(x, y)` or `list(x, y, sample_weights)`, with `x` and `y` as
#' for [fit()] (arrays with one row per sample, or lists of them for models
#' with several inputs or outputs). It keeps its state (e.g. the position in
#' the data) in its enclosing environment, and must loop over the data
#' indefinitely: training calls it `steps_per_epoch * epochs` times. Each
#' batch is checked: `NA` values, or `x` whose dimensions do not fit the
#' model's input, are errors that name the step; an error in the function
#' ends training with the function's own message, and the model keeps the
#' weights of the steps done.
#'
#' R is single-threaded: R functions (and image flows whose generator has an
#' R `preprocessing_function`) are always called on R's main thread, one
#' batch at a time, whatever `workers` says; `workers` and `max_queue_size`
#' apply to Python generators and Sequences.
#'
#' @inheritParams fit
#' @param generator An R function returning a batch at each call, a Python
#'   generator or iterator yielding `(x, y)` or `(x, y, sample_weights)`
#'   tuples, or a Keras Sequence.
#' @param steps_per_epoch Number of batches per epoch; for a Sequence it may
#'   be left out (its length is used).
#' @param validation_data `NULL`; `list(x_val, y_val)` (or with weights) of
#'   arrays; or a generator as `generator`, with `validation_steps`.
#' @param validation_steps Number of batches to draw from a validation
#'   generator at the end of each epoch.
#' @param class_weight Optional named list mapping 0-based class ids (as
#'   names) to weights.
#' @param max_queue_size Largest number of batches queued ahead by workers.
#' @param workers Number of threads reading a Python generator or Sequence
#'   ahead (0: read on the main thread). R functions always run on the main
#'   thread.
#' @param ... Other arguments of the core's `fit_generator()`
#'   (`validation_freq`, `use_multiprocessing`, `shuffle`).
#'
#' @return A `keras_training_history`, as for [fit()].
#' @family model functions
#' @family data generators
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- as.matrix(iris[, 1:4])
#'   y <- as.numeric(iris$Species == "setosa")
#'   model <- keras_model_sequential() %>%
#'     layer_dense(1, activation = "sigmoid", input_shape = 4)
#'   model %>% compile(optimizer = optimizer_adam(lr = 0.05),
#'                     loss = "binary_crossentropy", metrics = "accuracy")
#'
#'   # An R function: 10 random rows at each call.
#'   sampler <- function() {
#'     rows <- sample(nrow(x), 10)
#'     list(x[rows, ], y[rows])
#'   }
#'   model %>% fit_generator(sampler, steps_per_epoch = 15, epochs = 2, verbose = 0)
#'   model %>% evaluate_generator(sampler, steps = 5)
#'   dim(model %>% predict_generator(sampler, steps = 2))
#' }
fit_generator <- function(object, generator, steps_per_epoch, epochs = 1,
                          verbose = getOption("keras.fit_verbose", default = 1),
                          callbacks = NULL,
                          view_metrics = getOption("keras.view_metrics", default = "auto"),
                          validation_data = NULL, validation_steps = NULL,
                          class_weight = NULL, max_queue_size = 10, workers = 1,
                          initial_epoch = 0, ...) {
  check_model(object)
  batches <- as_generator(generator, object, "generator", "fit")
  steps_per_epoch <- if (missing(steps_per_epoch)) NULL else steps_per_epoch
  steps_per_epoch <- check_steps(steps_per_epoch, "steps_per_epoch", batches)
  epochs <- as_integer_arg(epochs, "epochs", min = 1L)
  initial_epoch <- as_integer_arg(initial_epoch, "initial_epoch", min = 0L)
  if (initial_epoch >= epochs) {
    stop(sprintf(
      "`initial_epoch` (%d) must be smaller than `epochs` (%d): `epochs` is the index of the last epoch.",
      initial_epoch, epochs
    ), call. = FALSE)
  }
  validation <- NULL
  if (!is.null(validation_data)) {
    if (is_generator_like(validation_data)) {
      validation <- as_generator(validation_data, object, "validation_data", "fit")
      validation_steps <- check_steps(validation_steps, "validation_steps", validation)
      validation_data <- validation$python
    } else {
      validation_data <- as_validation_data(validation_data)
      validation_steps <- NULL
    }
  } else if (!is.null(validation_steps)) {
    validation_steps <- as_integer_arg(validation_steps, "validation_steps", min = 1L)
  }
  args <- list(
    generator = batches$python,
    steps_per_epoch = steps_per_epoch,
    epochs = epochs,
    verbose = as_verbose(verbose),
    callbacks = as_callbacks(callbacks),
    validation_data = validation_data,
    validation_steps = validation_steps,
    class_weight = as_class_weight(class_weight),
    max_queue_size = as_integer_arg(max_queue_size, "max_queue_size", min = 1L),
    workers = as_integer_arg(workers, "workers", min = 0L),
    initial_epoch = initial_epoch
  )
  history <- run_generator_loop(do.call(object$fit_generator, c(drop_nulls(args), list(...))),
                                batches, validation)
  as_training_history(history, list(epochs = epochs))
}

#' Evaluate or predict from a generator
#'
#' `evaluate_generator()` computes the loss and metrics, and
#' `predict_generator()` the predictions, over `steps` batches of a
#' generator (see [fit_generator()] for the kinds of generators and how R
#' functions are called). For `predict_generator()`, an R function may
#' return the inputs `x` alone, or a list whose first element is `x` (so the
#' generator used for training can be used).
#'
#' @inheritParams fit_generator
#' @param steps Number of batches to draw; for a Sequence it may be left out
#'   (its length is used).
#' @param callbacks Callbacks whose `on_test_*` (evaluation) or
#'   `on_predict_*` (prediction) hooks run.
#' @param verbose Verbosity: 0 = silent, 1 = progress bar.
#' @param ... Other arguments of the core's methods (`use_multiprocessing`).
#'
#' @return `evaluate_generator()`: a named list, the loss and each metric.
#'   `predict_generator()`: the predictions, one row per sample drawn (a list
#'   of them for a model with several outputs).
#' @family model functions
#' @family data generators
#' @export
#' @inherit fit_generator examples
evaluate_generator <- function(object, generator, steps, max_queue_size = 10, workers = 1,
                               callbacks = NULL, ...) {
  check_model(object)
  batches <- as_generator(generator, object, "generator", "evaluate")
  steps <- check_steps(if (missing(steps)) NULL else steps, "steps", batches)
  args <- drop_nulls(list(
    generator = batches$python,
    steps = steps,
    max_queue_size = as_integer_arg(max_queue_size, "max_queue_size", min = 1L),
    workers = as_integer_arg(workers, "workers", min = 0L),
    callbacks = as_callbacks(callbacks)
  ))
  evaluation_result(
    object,
    run_generator_loop(do.call(object$evaluate_generator, c(args, list(...))), batches)
  )
}

#' @rdname evaluate_generator
#' @export
predict_generator <- function(object, generator, steps, max_queue_size = 10, workers = 1,
                              verbose = 0, callbacks = NULL, ...) {
  check_model(object)
  batches <- as_generator(generator, object, "generator", "predict")
  steps <- check_steps(if (missing(steps)) NULL else steps, "steps", batches)
  args <- drop_nulls(list(
    generator = batches$python,
    steps = steps,
    max_queue_size = as_integer_arg(max_queue_size, "max_queue_size", min = 1L),
    workers = as_integer_arg(workers, "workers", min = 0L),
    verbose = as_verbose(verbose),
    callbacks = as_callbacks(callbacks)
  ))
  result <- run_generator_loop(do.call(object$predict_generator, c(args, list(...))), batches)
  if (is.list(result)) lapply(result, py_array_to_r) else py_array_to_r(result)
}

#' Next item of a generator
#'
#' Draws the next batch (or item) from a generator: a Python iterator such
#' as an image flow or [texts_to_sequences_generator()], or an R function
#' (which is simply called).
#'
#' @param generator A Python iterator or generator, or an R function.
#' @param completed Value to return when the generator is exhausted.
#'
#' @return The next item, converted to R (an image flow gives
#'   `list(x, y)`), or `completed`.
#' @family data generators
#' @export
#' @examples
#' if (is_keras_available()) {
#'   tokenizer <- text_tokenizer() %>% fit_text_tokenizer(c("a b", "b c"))
#'   gen <- texts_to_sequences_generator(tokenizer, c("a b c", "c"))
#'   generator_next(gen)
#'   generator_next(gen)
#'   generator_next(gen, completed = "done")
#' }
generator_next <- function(generator, completed = NULL) {
  if (is.function(generator)) {
    return(generator())
  }
  if (!is_py_object(generator)) {
    arg_error("generator", generator, "a Python iterator or an R function")
  }
  if (!reticulate::py_has_attr(generator, "__next__")) {
    if (reticulate::py_has_attr(generator, "__getitem__")) {
      stop(paste(
        "`generator` is a Sequence (indexed, not iterated):",
        "get its batch i with reticulate::py_get_item(generator, i - 1L)."
      ), call. = FALSE)
    }
    arg_error("generator", generator, "a Python iterator or an R function")
  }
  py_call(reticulate::iter_next(generator, completed = completed))
}

# ---------------------------------------------------------------------------
# Internals.

# Cache of the Python side of R generators (made on first use).
.generators <- new.env(parent = emptyenv())

# The core's iterator class that pulls batches from an R function
# (`multikeras.utils.data_utils.FunctionBatches`): its class attribute tells
# the generator loops to read it on the calling thread. The R function returns
# the batch's parts as R arrays (checked in R); they cross into Python as numpy
# arrays in R's column-major layout, and are made C-ordered arrays of the
# float type there, with no further call into R.
r_batches_class <- function() {
  if (is.null(.generators$RBatches)) {
    data_utils <- core_module("utils.data_utils", convert = FALSE)
    assign("RBatches", data_utils$FunctionBatches, envir = .generators)
  }
  .generators$RBatches
}

is_generator_like <- function(x) {
  is.function(x) || (is_py_object(x) &&
    (reticulate::py_has_attr(x, "__next__") || reticulate::py_has_attr(x, "__getitem__")))
}

# A generator argument as list(python = <what the core gets>, kind, error =
# <environment holding the first error of an R function>).
as_generator <- function(generator, model, name, mode) {
  if (is.function(generator)) {
    return(r_generator(generator, model, name, mode))
  }
  if (is_py_object(generator)) {
    is_sequence <- reticulate::py_has_attr(generator, "__getitem__") &&
      reticulate::py_has_attr(generator, "__len__")
    if (reticulate::py_has_attr(generator, "__next__") || is_sequence) {
      return(list(python = generator, kind = if (is_sequence) "sequence" else "iterator"))
    }
  }
  arg_error(name, generator,
            "an R function returning batches, a Python generator or iterator, or a Sequence")
}

check_steps <- function(steps, name, batches) {
  if (is.null(steps)) {
    if (identical(batches$kind, "sequence")) {
      return(NULL)
    }
    stop(sprintf(
      "`%s` is missing: a generator that is not a Sequence yields batches forever, so give the number of batches to draw.",
      name
    ), call. = FALSE)
  }
  as_integer_arg(steps, name, min = 1L)
}

# Runs a core call that reads R generators; an error raised by the R code of
# a generator is reported with its own message.
run_generator_loop <- function(expr, ...) {
  generators <- list(...)
  for (g in generators) {
    if (!is.null(g$state)) g$state$error <- NULL
  }
  tryCatch(py_call(expr), error = function(e) {
    for (g in generators) {
      if (!is.null(g$state) && !is.null(g$state$error)) {
        stop(g$state$error, call. = FALSE)
      }
    }
    stop(e)
  })
}

# Wraps an R function as the core's generator. Each call checks and converts
# one batch; the step count is kept to name the step in errors.
r_generator <- function(fn, model, name, mode) {
  force(fn)
  state <- new.env(parent = emptyenv())
  state$step <- 0L
  input_shapes <- model_input_shapes(model)
  # Looked up once: the batch conversion runs at every step.
  dtype <- core_module("backend")$floatx()
  convert <- batch_converter(dtype)
  next_batch <- function() {
    state$step <- state$step + 1L
    where <- sprintf("`%s` (an R function), step %d", name, state$step)
    batch <- tryCatch(fn(), error = function(e) {
      state$error <- conditionMessage(e)
      stop(e)
    })
    tryCatch(convert_batch(batch, where, mode, input_shapes, convert), error = function(e) {
      state$error <- conditionMessage(e)
      stop(e)
    })
  }
  python <- r_batches_class()(next_batch, dtype, identical(mode, "predict"))
  list(python = python, kind = "r", state = state)
}

# The model's input shapes (lists of dims, NA for unknown), or NULL when the
# model is not built yet.
model_input_shapes <- function(model) {
  shapes <- tryCatch(model$input_shape, error = function(e) NULL)
  if (is.null(shapes) || is_py_object(shapes)) {
    return(NULL)
  }
  to_dims <- function(shape) vapply(shape, function(d) if (is.null(d)) NA_integer_ else as.integer(d), integer(1))
  if (length(shapes) > 0 && is.list(shapes[[1]])) lapply(shapes, to_dims) else list(to_dims(shapes))
}

format_shape <- function(dims) {
  paste0("(", paste(ifelse(is.na(dims), "NULL", dims), collapse = ", "), ")")
}

batch_dims <- function(x) {
  if (is_py_object(x)) {
    return(as.integer(unlist(reticulate::py_to_r(x$shape))))
  }
  if (is.data.frame(x)) dim(x) else if (is.null(dim(x))) c(length(x), 1L) else dim(x)
}

check_batch_inputs <- function(x, where, input_shapes) {
  inputs <- if (is.list(x) && !is.data.frame(x)) x else list(x)
  if (is.null(input_shapes)) {
    return(invisible(TRUE))
  }
  if (length(inputs) != length(input_shapes)) {
    stop(sprintf("%s: the batch has %d input arrays but the model has %d inputs.",
                 where, length(inputs), length(input_shapes)), call. = FALSE)
  }
  for (i in seq_along(inputs)) {
    got <- batch_dims(inputs[[i]])
    want <- input_shapes[[i]]
    # A plain vector is one feature per sample, as in fit().
    fits <- length(got) == length(want) &&
      all(is.na(want[-1]) | got[-1] == want[-1])
    if (!fits) {
      stop(sprintf(
        "%s: %s has shape %s but the model expects input shape %s.",
        where, if (length(inputs) > 1) sprintf("x[[%d]]", i) else "x",
        format_shape(got), format_shape(want)
      ), call. = FALSE)
    }
  }
  invisible(TRUE)
}

# A function checking one batch element (R data) as fit() does: plain
# double matrices and arrays without NA, the common case, are returned as
# they are (the Python side makes them C-ordered floats); other data goes
# through as_model_array(), which names the problem or converts it.
batch_converter <- function(dtype) {
  one <- function(x, name) {
    if (is.double(x) && !is.data.frame(x) && !is.list(x) && !anyNA(x)) {
      if (is.null(dim(x))) {
        dim(x) <- c(length(x), 1L)
      }
      return(x)
    }
    as_model_array(x, name, dtype = dtype)
  }
  function(x, name) {
    if (is.list(x) && !is.data.frame(x)) {
      return(lapply(seq_along(x), function(i) one(x[[i]], sprintf("%s[[%d]]", name, i))))
    }
    one(x, name)
  }
}

convert_batch <- function(batch, where, mode, input_shapes, convert) {
  if (mode == "predict" && (!is.list(batch) || is.data.frame(batch) || is_py_object(batch))) {
    batch <- list(batch)
  }
  n_parts <- if (mode == "predict") 1:3 else 2:3
  if (!is.list(batch) || is.data.frame(batch) || !length(batch) %in% n_parts) {
    stop(sprintf(
      "%s returned %s; expected %s.", where,
      if (is.list(batch)) sprintf("a list of %d elements", length(batch)) else format_value(batch),
      if (mode == "predict") "x, or list(x, ...)" else "list(x, y) or list(x, y, sample_weights)"
    ), call. = FALSE)
  }
  x <- batch[[1]]
  check_batch_inputs(x, where, input_shapes)
  x_py <- convert(x, paste0(where, ": x"))
  if (mode == "predict") {
    return(x_py)
  }
  y <- batch[[2]]
  check_same_rows(x, y, paste0(where, ": x"), "y")
  out <- list(x_py, convert(y, paste0(where, ": y")))
  if (length(batch) == 3) {
    out[[3]] <- as_sample_weight(batch[[3]], x, paste0(where, ": sample_weights"))
  }
  out
}
