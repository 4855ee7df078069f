# Models in and out of the package from R: HDF5 model and weight files (also
# across backends), JSON / YAML, raw vectors through saveRDS(), configs,
# clones, custom objects, SavedModel export and the errors of each.

backends <- c("tensorflow", "theano", "cntk")

# A small convolutional classifier: conv kernels are what backends store
# differently, so it checks that weights really travel.
conv_model <- function() {
  model <- keras_model_sequential() %>%
    layer_conv_2d(3, c(3, 3), activation = "relu", input_shape = c(6, 6, 1),
                  name = "conv") %>%
    layer_flatten(name = "flat") %>%
    layer_dense(2, activation = "softmax", name = "out")
  model %>% compile(optimizer = "adam", loss = "categorical_crossentropy")
  model
}

conv_data <- function(n = 5, seed = 3) {
  set.seed(seed)
  array(runif(n * 36), dim = c(n, 6, 6, 1))
}

# Switches to `name` when its engine is installed; FALSE when it is not.
backend_available <- function(name) {
  tryCatch({
    skip_if_no_backend(name)
    TRUE
  }, skip = function(e) FALSE)
}

# md5 of a file, to check that a failed save left it as it was.
file_md5 <- function(path) unname(tools::md5sum(path))

for (backend_name in backends) {
  test_that(paste("model and weight files round trip on", backend_name), {
    skip_if_no_backend(backend_name)
    x <- conv_data()
    model <- conv_model()
    expected <- predict(model, x)

    weights <- tempfile(fileext = ".h5")
    whole <- tempfile(fileext = ".h5")
    on.exit(unlink(c(weights, whole)), add = TRUE)
    expect_invisible(save_model_weights_hdf5(model, weights))
    expect_invisible(save_model_hdf5(model, whole))

    fresh <- conv_model()
    expect_false(isTRUE(all.equal(predict(fresh, x), expected)))
    expect_identical(load_model_weights_hdf5(fresh, weights), fresh)
    expect_equal(predict(fresh, x), expected, tolerance = 1e-5)

    loaded <- load_model_hdf5(whole)
    expect_equal(predict(loaded, x), expected, tolerance = 1e-5)
    # a weights file also loads from a whole-model file
    load_model_weights_hdf5(conv_model(), whole)

    expect_error(save_model_weights_hdf5(model, weights, overwrite = FALSE),
                 "exists and `overwrite` is FALSE")
  })
}

test_that("weights saved on one backend load on another and predict the same", {
  skip_if_no_backend("theano")
  x <- conv_data(7)
  model <- conv_model()
  expected <- predict(model, x)
  weights <- tempfile(fileext = ".h5")
  whole <- tempfile(fileext = ".h5")
  on.exit(unlink(c(weights, whole)), add = TRUE)
  save_model_weights_hdf5(model, weights)
  save_model_hdf5(model, whole)

  for (target in setdiff(backends, "theano")) {
    if (!backend_available(target)) next
    other <- conv_model()
    load_model_weights_hdf5(other, weights)
    expect_equal(predict(other, x), expected, tolerance = 1e-5, label = target)
    expect_equal(predict(load_model_hdf5(whole), x), expected, tolerance = 1e-5,
                 label = target)
  }

  # and back: saved on TensorFlow, loaded on Theano
  skip_if_no_backend("tensorflow")
  model <- conv_model()
  expected <- predict(model, x)
  save_model_weights_hdf5(model, weights)
  skip_if_no_backend("theano")
  other <- conv_model()
  load_model_weights_hdf5(other, weights)
  expect_equal(predict(other, x), expected, tolerance = 1e-5)
})

test_that("load_model_weights_hdf5() matches layers by name and can skip mismatches", {
  skip_if_no_backend("tensorflow")
  source_model <- keras_model_sequential() %>%
    layer_dense(4, input_shape = 3, name = "shared") %>%
    layer_dense(2, name = "head")
  path <- tempfile(fileext = ".h5")
  on.exit(unlink(path), add = TRUE)
  save_model_weights_hdf5(source_model, path)

  # "head" has 5 units here: by order, the shapes differ and nothing loads
  target <- keras_model_sequential() %>%
    layer_dense(4, input_shape = 3, name = "shared") %>%
    layer_dense(5, name = "head")
  before <- get_weights(target)
  err <- expect_error(load_model_weights_hdf5(target, path), class = "error")
  expect_match(conditionMessage(err), path, fixed = TRUE)
  expect_match(conditionMessage(err), "head")
  expect_match(conditionMessage(err), "(4, 5)", fixed = TRUE)
  expect_match(conditionMessage(err), "(4, 2)", fixed = TRUE)
  expect_equal(get_weights(target), before)
  expect_error(load_model_weights_hdf5(target, path, by_name = TRUE), "head")

  # skipping the mismatched layer loads the others
  load_model_weights_hdf5(target, path, by_name = TRUE, skip_mismatch = TRUE)
  expect_equal(get_weights(target)[1:2], get_weights(source_model)[1:2])
  expect_equal(get_weights(target)[3:4], before[3:4])

  # by name, layers absent from the file keep their weights
  renamed <- keras_model_sequential() %>%
    layer_dense(4, input_shape = 3, name = "shared") %>%
    layer_dense(2, name = "other")
  kept <- get_weights(renamed)[3:4]
  load_model_weights_hdf5(renamed, path, by_name = TRUE)
  expect_equal(get_weights(renamed)[1:2], get_weights(source_model)[1:2])
  expect_equal(get_weights(renamed)[3:4], kept)

  expect_error(load_model_weights_hdf5(target, path, skip_mismatch = TRUE),
               "`skip_mismatch = TRUE` needs `by_name = TRUE`")
  expect_error(load_model_weights_hdf5(target, path, reshape = TRUE),
               "`reshape = TRUE` is not supported")
  expect_error(load_model_weights_hdf5(target, path, by_name = "yes"),
               "`by_name` must be TRUE or FALSE, not \"yes\"")
  expect_error(load_model_weights_hdf5("model", path), "`object` must be a keras model")
})

test_that("loading a missing, non-HDF5 or truncated file names the file", {
  skip_if_no_backend("tensorflow")
  model <- conv_model()
  missing_file <- file.path(tempdir(), "no-such-model.h5")
  expect_error(load_model_hdf5(missing_file), "`filepath` does not exist: .*no-such-model.h5")
  expect_error(load_model_weights_hdf5(model, missing_file), "no-such-model.h5")
  expect_error(load_model_hdf5(tempdir()), "is a directory")

  text_file <- tempfile(fileext = ".h5")
  truncated <- tempfile(fileext = ".h5")
  on.exit(unlink(c(text_file, truncated)), add = TRUE)
  writeLines("this is not a model", text_file)
  expect_error(load_model_hdf5(text_file), basename(text_file), fixed = TRUE)
  expect_error(load_model_hdf5(text_file), "not an HDF5")
  expect_error(load_model_weights_hdf5(model, text_file), basename(text_file), fixed = TRUE)

  save_model_hdf5(model, truncated)
  bytes <- readBin(truncated, "raw", file.size(truncated))
  writeBin(bytes[seq_len(length(bytes) %/% 2)], truncated)
  expect_error(load_model_hdf5(truncated), basename(truncated), fixed = TRUE)

  # a weights-only file is not a model
  save_model_weights_hdf5(model, truncated)
  expect_error(load_model_hdf5(truncated), "load_weights|weights", ignore.case = TRUE)
})

test_that("a failed save leaves the previous file intact", {
  skip_if_no_backend("tensorflow")
  dir <- tempfile("saves-")
  dir.create(dir)
  on.exit(unlink(dir, recursive = TRUE), add = TRUE)
  path <- file.path(dir, "model.h5")
  weights <- file.path(dir, "weights.h5")
  good <- conv_model()
  save_model_hdf5(good, path)
  save_model_weights_hdf5(good, weights)
  old_model <- file_md5(path)
  old_weights <- file_md5(weights)

  # A layer whose config holds a complex number cannot be written as JSON:
  # the save fails, naming the layer and the setting.
  Holder <- R6::R6Class("ComplexHolder", inherit = KerasLayer,
    public = list(
      value = NULL,
      initialize = function(value) self$value <- value,
      call = function(x, mask = NULL) x
    )
  )
  bad <- keras_model_sequential() %>%
    layer_dense(2, input_shape = 3) %>%
    create_layer(Holder, ., list(value = 1i, name = "holder"))
  err <- expect_error(save_model_hdf5(bad, path))
  expect_match(conditionMessage(err), "holder")
  expect_match(conditionMessage(err), "value")
  expect_equal(file_md5(path), old_model)
  expect_equal(sort(list.files(dir, all.files = TRUE, no.. = TRUE)),
               c("model.h5", "weights.h5"))
  expect_error(serialize_model(bad))

  # a missing directory: nothing written, the message names it
  expect_error(save_model_hdf5(good, file.path(dir, "nope", "m.h5")),
               "the directory .*nope does not exist")
  expect_error(save_model_weights_hdf5(good, file.path(dir, "nope", "w.h5")),
               "nope does not exist")

  # overwrite = FALSE keeps the file
  expect_error(save_model_hdf5(conv_model(), path, overwrite = FALSE), "overwrite")
  expect_equal(file_md5(path), old_model)
  expect_equal(file_md5(weights), old_weights)
  expect_equal(predict(load_model_hdf5(path), conv_data()), predict(good, conv_data()),
               tolerance = 1e-6)
})

for (backend_name in backends) {
  test_that(paste("JSON and YAML round trips of sequential and functional models on",
                  backend_name), {
    skip_if_no_backend(backend_name)
    x <- conv_data()
    model <- conv_model()
    json <- model_to_json(model)
    expect_type(json, "character")
    expect_length(json, 1)
    expect_equal(jsonlite::fromJSON(json)$class_name, "Sequential")
    rebuilt <- model_from_json(json)
    expect_equal(model_to_json(rebuilt), json)
    set_weights(rebuilt, get_weights(model))
    expect_equal(predict(rebuilt, x), predict(model, x), tolerance = 1e-6)

    yaml <- model_to_yaml(model)
    expect_match(yaml, "class_name: Sequential")
    from_yaml <- model_from_yaml(yaml)
    expect_equal(model_to_json(from_yaml), json)

    input <- layer_input(shape = 4, name = "features")
    hidden <- input %>% layer_dense(3, activation = "tanh", name = "hidden")
    output <- layer_concatenate(list(hidden, input)) %>% layer_dense(1, name = "score")
    functional <- keras_model(input, output)
    twin <- model_from_yaml(model_to_yaml(functional))
    expect_equal(model_to_json(twin), model_to_json(functional))
    set_weights(twin, get_weights(functional))
    xf <- matrix(runif(12), 3)
    expect_equal(predict(twin, xf), predict(functional, xf), tolerance = 1e-6)
  })
}

test_that("JSON and YAML functions check their arguments", {
  skip_if_no_keras()
  expect_error(model_to_json("model"), "`object` must be a keras model")
  expect_error(model_from_json(c("a", "b")), "`json` must be a single string")
  expect_error(model_from_yaml(1), "`yaml` must be a single string, not 1")
  expect_error(model_from_json("{not json"), "JSON|Expecting", ignore.case = TRUE)
  expect_error(model_from_json("{}", custom_objects = list(1)),
               "`custom_objects` must be a named list")
})

for (backend_name in backends) {
  test_that(paste("serialize_model() survives saveRDS()/readRDS() on", backend_name), {
    skip_if_no_backend(backend_name)
    data <- make_blobs(40)
    model <- tiny_classifier()
    fit(model, data$x, data$y, epochs = 2, verbose = 0)
    raw <- serialize_model(model)
    expect_type(raw, "raw")
    path <- tempfile(fileext = ".rds")
    on.exit(unlink(path), add = TRUE)
    saveRDS(raw, path)
    restored <- unserialize_model(readRDS(path))
    expect_equal(predict(restored, data$x), predict(model, data$x), tolerance = 1e-6)
    # compiled, with its optimizer state: it keeps training
    expect_length(fit(restored, data$x, data$y, epochs = 1, verbose = 0)$metrics$loss, 1)

    bare <- unserialize_model(serialize_model(model, include_optimizer = FALSE),
                              compile = FALSE)
    expect_equal(predict(bare, data$x), predict(model, data$x), tolerance = 1e-6)
  })
}

test_that("unserialize_model() says what is wrong with its input", {
  skip_if_no_keras()
  expect_error(unserialize_model("model"), "`model` must be a raw vector from serialize_model()")
  err <- expect_error(unserialize_model(as.raw(1:100)), "could not be unserialized")
  expect_match(conditionMessage(err), "the raw vector")
  expect_error(serialize_model(1), "`model` must be a keras model")
  expect_error(serialize_model(tiny_classifier(), include_optimizer = NA),
               "`include_optimizer` must be TRUE or FALSE")
})

test_that("get_config() and from_config() rebuild layers and models", {
  skip_if_no_backend("tensorflow")
  layer <- layer_dense(units = 3, activation = "relu", name = "d3")
  config <- get_config(layer)
  expect_true(inherits(config, "python.builtin.dict"))
  as_list <- reticulate::py_to_r(config)
  expect_equal(as_list$units, 3L)
  expect_equal(as_list$activation, "relu")
  copy <- from_config(config)
  expect_equal(copy$units, 3L)
  expect_false(reticulate::py_id(copy) == reticulate::py_id(layer))

  model <- conv_model()
  rebuilt <- from_config(get_config(model))
  expect_equal(model_to_json(rebuilt), model_to_json(model))

  input <- layer_input(shape = 2)
  functional <- keras_model(input, input %>% layer_dense(1))
  expect_equal(from_config(get_config(functional))$output_shape, list(NULL, 1L))

  expect_error(get_config("layer"), "`object` must be a layer or a model")
  expect_error(from_config(list(units = 3)), "`config` must be a configuration from get_config()")
})

test_that("clone_model() copies the architecture with new weights", {
  skip_if_no_backend("tensorflow")
  x <- conv_data()
  model <- conv_model()
  twin <- clone_model(model)
  expect_equal(model_to_json(twin), model_to_json(model))
  expect_false(reticulate::py_id(twin$layers[[1]]) == reticulate::py_id(model$layers[[1]]))
  set_weights(twin, get_weights(model))
  expect_equal(predict(twin, x), predict(model, x), tolerance = 1e-6)

  input <- layer_input(shape = 3)
  functional <- keras_model(input, input %>% layer_dense(2))
  new_input <- layer_input(shape = 3, name = "new_input")
  rebuilt <- clone_model(functional, input_tensors = new_input)
  expect_equal(rebuilt$input_names, "new_input")

  expect_error(clone_model("model"), "`model` must be a keras model")
  expect_error(clone_model(functional, input_tensors = 3), "`input_tensors` must be a tensor")
})

test_that("custom objects load through custom_objects and with_custom_object_scope()", {
  skip_if_no_backend("tensorflow")
  half_mse <- function(y_true, y_pred) k_mean(k_square(y_pred - y_true)) / 2
  model <- keras_model_sequential() %>% layer_dense(1, input_shape = 2)
  model %>% compile(optimizer = "sgd", loss = half_mse, metrics = list(half_mse, "mae"))
  expect_equal(model$metrics_names, c("loss", "half_mse", "mae"))
  path <- tempfile(fileext = ".h5")
  on.exit(unlink(path), add = TRUE)
  save_model_hdf5(model, path)

  expect_error(load_model_hdf5(path), "half_mse")
  loaded <- load_model_hdf5(path, custom_objects = list(half_mse = half_mse))
  expect_equal(loaded$metrics_names, c("loss", "half_mse", "mae"))
  x <- matrix(runif(8), 4)
  expect_equal(predict(loaded, x), predict(model, x), tolerance = 1e-6)
  scoped <- with_custom_object_scope(list(half_mse = half_mse), load_model_hdf5(path))
  expect_equal(predict(scoped, x), predict(model, x), tolerance = 1e-6)
  # the scope ends with the expression, even when it fails
  expect_error(with_custom_object_scope(list(half_mse = half_mse), stop("inside")), "inside")
  expect_error(load_model_hdf5(path), "half_mse")

  # an R6 custom layer, by its class
  Scale <- R6::R6Class("ScaleBy", inherit = KerasLayer,
    public = list(
      factor = NULL,
      initialize = function(factor) self$factor <- factor,
      call = function(x, mask = NULL) x * self$factor
    )
  )
  scaled <- keras_model_sequential() %>%
    layer_dense(2, input_shape = 2) %>%
    create_layer(Scale, ., list(factor = 3))
  json <- model_to_json(scaled)
  rebuilt <- model_from_json(json, custom_objects = list(ScaleBy = Scale))
  set_weights(rebuilt, get_weights(scaled))
  expect_equal(predict(rebuilt, x), predict(scaled, x), tolerance = 1e-6)
  expect_error(with_custom_object_scope("x", 1), "`objects` must be a named list")
})

test_that("export_savedmodel() writes a SavedModel that TensorFlow serves", {
  skip_if_no_backend("tensorflow")
  model <- keras_model_sequential() %>%
    layer_dense(3, activation = "relu", input_shape = 4, name = "hidden") %>%
    layer_dense(2, activation = "softmax", name = "probs")
  x <- matrix(seq(0, 1, length.out = 12), 3)
  expected <- predict(model, x)
  base <- tempfile("export-")
  on.exit(unlink(base, recursive = TRUE), add = TRUE)
  path <- export_savedmodel(model, base)
  expect_equal(normalizePath(path), normalizePath(base))
  expect_true(file.exists(file.path(path, "saved_model.pb")))

  # a fresh Python process loads it with tf.saved_model.load()
  script <- tempfile(fileext = ".py")
  on.exit(unlink(script), add = TRUE)
  writeLines(c(
    "import json, sys",
    "import numpy as np",
    "import tensorflow as tf",
    "loaded = tf.saved_model.load(sys.argv[1])",
    "serve = loaded.signatures['serving_default']",
    "name = list(serve.structured_input_signature[1].keys())[0]",
    "x = np.array(json.loads(sys.argv[2]), dtype='float32')",
    "out = list(serve(**{name: tf.constant(x)}).values())[0].numpy()",
    "print('RESULT ' + json.dumps(out.tolist()))"
  ), script)
  output <- suppressWarnings(system2(reticulate::py_exe(),
    c(script, shQuote(path), shQuote(jsonlite::toJSON(x, digits = NA))),
    stdout = TRUE, stderr = FALSE
  ))
  line <- grep("^RESULT ", output, value = TRUE)
  expect_length(line, 1)
  served <- jsonlite::fromJSON(sub("^RESULT ", "", line))
  expect_equal(unname(served), unname(expected), tolerance = 1e-5)

  # overwrite replaces it; overwrite = FALSE keeps it; versioned adds a subdirectory
  export_savedmodel(model, base)
  expect_true(file.exists(file.path(base, "saved_model.pb")))
  expect_error(export_savedmodel(model, base, overwrite = FALSE, versioned = FALSE),
               "exists and `overwrite` is FALSE")
  versions <- tempfile("versions-")
  on.exit(unlink(versions, recursive = TRUE), add = TRUE)
  dir.create(versions)
  versioned <- export_savedmodel(model, versions, versioned = TRUE)
  expect_equal(dirname(versioned), normalizePath(versions))
  expect_true(file.exists(file.path(versioned, "saved_model.pb")))
  expect_error(export_savedmodel(model, base, as_text = TRUE), "`as_text = TRUE` is not supported")
  expect_error(export_savedmodel("model", base), "`object` must be a keras model")
})

for (backend_name in c("theano", "cntk")) {
  test_that(paste("export_savedmodel() on", backend_name, "says SavedModel needs TensorFlow"), {
    skip_if_no_backend(backend_name)
    model <- keras_model_sequential() %>% layer_dense(2, input_shape = 3)
    base <- tempfile("export-")
    err <- expect_error(export_savedmodel(model, base))
    expect_match(conditionMessage(err), "TensorFlow format")
    expect_match(conditionMessage(err), "use_backend(\"tensorflow\")", fixed = TRUE)
    expect_false(file.exists(base))
    # an existing export is left alone
    dir.create(base)
    writeLines("old", file.path(base, "marker"))
    on.exit(unlink(base, recursive = TRUE), add = TRUE)
    expect_error(export_savedmodel(model, base), "TensorFlow format")
    expect_equal(list.files(base), "marker")
  })
}
