# Applications from R: every wrapper reaches its model in the core with its
# arguments; parameter counts against Keras 2.3.1's; the ImageNet weights and
# class index paths on local file:// origins; preprocessing against its
# formula in base R; freeze_weights() for fine-tuning. Models are built on
# TensorFlow only, small (the Python tests cover every backend).

# Keras 2.3.1's parameter counts (trainable, non-trainable) with weights = NULL
# and the default arguments, from KERAS231_FIGURES / KERAS231_FIGURES_NOTOP in
# tests/python/test_applications.py (printed by
# tests/python/keras231/application_figures.py).
keras231_params <- list(
  mobilenet_v2 = c(3504872, 34112),
  vgg16_notop = c(14714688, 0)
)

weight_count <- function(weights) {
  sum(vapply(weights, function(w) prod(unlist(k_int_shape(w))), numeric(1)))
}

images <- function(n = 2, size = 32, seed = 1) {
  set.seed(seed)
  array(stats::runif(n * size * size * 3, 0, 255), dim = c(n, size, size, 3))
}

# A small MobileNetV2 feature extractor (the fastest application to build).
small_base <- function(...) {
  application_mobilenet_v2(input_shape = c(32, 32, 3), alpha = 0.35, include_top = FALSE,
                           weights = NULL, ...)
}

test_that("arguments are checked in R, naming the argument", {
  expect_error(application_vgg16(include_top = "yes"), "`include_top` must be TRUE or FALSE")
  expect_error(application_resnet50(weights = "/no/such/file.h5"),
               '`weights` must be NULL, "imagenet" or the path of an existing weights file')
  expect_error(application_xception(pooling = "mean"), '`pooling` must be one of "avg", "max"')
  expect_error(application_inception_v3(classes = 0), "`classes` must be a positive whole")
  expect_error(application_mobilenet(input_shape = c(32, 32.5, 3)), "`input_shape`")
  expect_error(application_mobilenet(alpha = "wide"), "`alpha` must be a single number")
  expect_error(application_densenet(blocks = c(6, 12, 24)), "`blocks` must be a vector of 4")
  expect_error(application_nasnet(num_blocks = 0), "`num_blocks`")
  expect_error(application_vgg19(input_tensor = 3), "`input_tensor` must be NULL or a tensor")
  expect_error(imagenet_preprocess_input(images(1, 2), mode = "keras"), '`mode` must be one of')
  expect_error(densenet_preprocess_input(images(1, 2), data_format = "channels_middle"),
               "`data_format`")
  expect_error(imagenet_decode_predictions(matrix(0, 1, 1000), top = 0), "`top`")
})

test_that("every application reaches its model in the core", {
  skip_if_no_backend("tensorflow")
  # The core checks `classes` against the ImageNet weights (naming the model)
  # before it builds anything: each wrapper calls the right model with it.
  constructors <- list(
    VGG16 = application_vgg16, VGG19 = application_vgg19,
    ResNet50 = application_resnet50, ResNet101 = application_resnet101,
    ResNet152 = application_resnet152, ResNet50V2 = application_resnet50_v2,
    ResNet101V2 = application_resnet101_v2, ResNet152V2 = application_resnet152_v2,
    InceptionV3 = application_inception_v3, InceptionResNetV2 = application_inception_resnet_v2,
    Xception = application_xception, MobileNet = application_mobilenet,
    MobileNetV2 = application_mobilenet_v2, DenseNet121 = application_densenet121,
    DenseNet169 = application_densenet169, DenseNet201 = application_densenet201
  )
  for (name in names(constructors)) {
    expect_error(constructors[[name]](weights = "imagenet", classes = 10),
                 paste0(name, ": with weights=\"imagenet\" and include_top=True, `classes` must be 1000"))
  }
  expect_error(application_densenet(c(6, 12, 32, 32), weights = "imagenet", classes = 10),
               "DenseNet169: with weights")
  # NASNetLarge and NASNetMobile differ by their default (ImageNet) input.
  expect_error(application_nasnetlarge(input_shape = c(64, 64, 3), weights = "imagenet"),
               "must be \\(331, 331, 3\\)")
  expect_error(application_nasnetmobile(input_shape = c(64, 64, 3), weights = "imagenet"),
               "must be \\(224, 224, 3\\)")
  expect_error(application_nasnet(penultimate_filters = 100), "multiple of")
})

test_that("parameter counts are Keras 2.3.1's", {
  skip_if_no_backend("tensorflow")
  model <- application_mobilenet_v2(weights = NULL)
  expect_equal(c(weight_count(model$trainable_weights), weight_count(model$non_trainable_weights)),
               keras231_params$mobilenet_v2)
  expect_equal(model$input_shape, list(NULL, 224L, 224L, 3L))
  model <- application_vgg16(weights = NULL, include_top = FALSE)
  expect_equal(c(weight_count(model$trainable_weights), weight_count(model$non_trainable_weights)),
               keras231_params$vgg16_notop)
  expect_equal(count_params(model), sum(keras231_params$vgg16_notop))
})

test_that("small models build, with their specific arguments, and predict", {
  skip_if_no_backend("tensorflow")
  model <- application_mobilenet(input_shape = c(32, 32, 3), alpha = 0.25, depth_multiplier = 2,
                                 dropout = 0.4, weights = NULL, classes = 4)
  expect_equal(model$name, "mobilenet_0.25_32")
  expect_equal(get_layer(model, "dropout")$rate, 0.4)
  preds <- predict(model, mobilenet_preprocess_input(images()))
  expect_equal(dim(preds), c(2, 4))
  expect_equal(rowSums(preds), c(1, 1), tolerance = 1e-5)
  # the saved model comes back (its layers are standard ones)
  path <- tempfile(fileext = ".h5")
  save_model_hdf5(model, path, include_optimizer = FALSE)
  expect_equal(predict(mobilenet_load_model_hdf5(path), mobilenet_preprocess_input(images())),
               preds, tolerance = 1e-5)
  expect_equal(mobilenet_v2_load_model_hdf5(path)$name, model$name)

  input <- layer_input(shape = c(48, 48, 3))
  base <- application_mobilenet_v2(input_tensor = input, alpha = 0.35, include_top = FALSE,
                                   weights = NULL, pooling = "max")
  expect_equal(base$output_shape, list(NULL, 1280L))
  model <- application_densenet(c(1, 1, 1, 1), weights = NULL, input_shape = c(32, 32, 3),
                                classes = 3)
  expect_equal(model$output_shape, list(NULL, 3L))
  model <- application_nasnet(input_shape = c(32, 32, 3), penultimate_filters = 96, num_blocks = 1,
                              stem_block_filters = 8, include_top = FALSE, pooling = "avg")
  expect_equal(model$output_shape, list(NULL, 96L))
  model <- application_vgg19(weights = NULL, include_top = FALSE, input_shape = c(NA, NA, 3))
  expect_equal(model$input_shape, list(NULL, NULL, NULL, 3L))
})

test_that("weights = \"imagenet\" downloads the published file (a local origin) and loads it", {
  skip_if_no_backend("tensorflow")
  source <- application_mobilenet_v2(input_shape = c(96, 96, 3), alpha = 0.35,
                                     include_top = FALSE, weights = NULL)
  set.seed(3)
  values <- lapply(get_weights(source), function(w) {
    array(stats::runif(length(w), 0.5, 1), dim = dim(w))
  })
  set_weights(source, values)
  published <- tempfile(fileext = ".h5")
  keras:::core_module("applications._common")$save_keras_weights(source, published)

  # Serve it as the published file of this configuration (origin and hash).
  module <- keras:::core_module("applications.mobilenet_v2", convert = FALSE)
  key <- reticulate::tuple(0.35, 96L, FALSE)
  entry <- module$WEIGHTS$`__getitem__`(key)
  on.exit(module$WEIGHTS$`__setitem__`(key, entry), add = TRUE)
  fname <- reticulate::py_to_r(entry)[[1]]
  module$WEIGHTS$`__setitem__`(key, reticulate::tuple(
    fname, paste0("file://", published), unname(tools::md5sum(published))
  ))
  cached <- file.path(Sys.getenv("KERAS_HOME"), "models", fname)
  on.exit(unlink(cached), add = TRUE)

  model <- application_mobilenet_v2(input_shape = c(96, 96, 3), alpha = 0.35,
                                    include_top = FALSE, weights = "imagenet")
  expect_equal(get_weights(model), values, tolerance = 1e-7)
  expect_true(file.exists(cached))
  # A weights file given by path loads the same way.
  model <- application_mobilenet_v2(input_shape = c(96, 96, 3), alpha = 0.35,
                                    include_top = FALSE, weights = published)
  expect_equal(get_weights(model), values, tolerance = 1e-7)
})

test_that("imagenet_decode_predictions() returns a data frame per sample", {
  skip_if_no_keras()
  # A class index in the published format, served from a local origin.
  index_file <- tempfile(fileext = ".json")
  ids <- 0:999
  writeLines(paste0("{", paste0('"', ids, '": ["n', sprintf("%08d", ids), '", "class_', ids, '"]',
                                collapse = ", "), "}"), index_file)
  utils_module <- keras:::core_module("applications.imagenet_utils", convert = FALSE)
  saved <- lapply(c("CLASS_INDEX", "CLASS_INDEX_PATH", "CLASS_INDEX_HASH"),
                  function(name) reticulate::py_get_attr(utils_module, name))
  on.exit({
    for (i in 1:3) {
      reticulate::py_set_attr(utils_module, c("CLASS_INDEX", "CLASS_INDEX_PATH",
                                              "CLASS_INDEX_HASH")[[i]], saved[[i]])
    }
  }, add = TRUE)
  reticulate::py_set_attr(utils_module, "CLASS_INDEX", NULL)
  reticulate::py_set_attr(utils_module, "CLASS_INDEX_PATH", paste0("file://", index_file))
  reticulate::py_set_attr(utils_module, "CLASS_INDEX_HASH", unname(tools::md5sum(index_file)))
  cached <- file.path(Sys.getenv("KERAS_HOME"), "models", "imagenet_class_index.json")
  unlink(cached)
  on.exit(unlink(cached), add = TRUE)

  preds <- matrix(0, 2, 1000)
  preds[1, c(4, 1000, 501)] <- c(0.5, 0.3, 0.2) # classes 3, 999 and 500 (0-based ids)
  preds[2, 43] <- 1
  decoded <- imagenet_decode_predictions(preds, top = 3)
  expect_length(decoded, 2)
  expect_equal(decoded[[1]], data.frame(
    class_name = c("n00000003", "n00000999", "n00000500"),
    class_description = c("class_3", "class_999", "class_500"),
    score = c(0.5, 0.3, 0.2),
    stringsAsFactors = FALSE
  ), tolerance = 1e-6)
  expect_equal(decoded[[2]]$class_description[[1]], "class_42")
  expect_equal(nrow(mobilenet_decode_predictions(preds)[[2]]), 5)
  expect_equal(mobilenet_v2_decode_predictions(preds, top = 1)[[1]]$class_name, "n00000003")
  expect_error(imagenet_decode_predictions(matrix(0, 2, 10)), "\\(samples, 1000\\)")
  # A file that is not the published one (another hash) is refused, naming it.
  reticulate::py_set_attr(utils_module, "CLASS_INDEX", NULL)
  reticulate::py_set_attr(utils_module, "CLASS_INDEX_HASH", strrep("0", 32))
  unlink(cached)
  expect_error(imagenet_decode_predictions(preds),
               paste0("imagenet_class_index.json from file://", index_file, ".*hash"))
})

test_that("preprocessing follows its formula", {
  skip_if_no_keras()
  x <- images(2, 3)
  caffe <- x[, , , 3:1] # RGB to BGR, then minus the ImageNet means (BGR)
  for (channel in 1:3) {
    caffe[, , , channel] <- caffe[, , , channel] - c(103.939, 116.779, 123.68)[[channel]]
  }
  torch <- x / 255
  for (channel in 1:3) {
    torch[, , , channel] <- (torch[, , , channel] - c(0.485, 0.456, 0.406)[[channel]]) /
      c(0.229, 0.224, 0.225)[[channel]]
  }
  tf <- x / 127.5 - 1
  expect_equal(imagenet_preprocess_input(x), caffe, tolerance = 1e-6)
  expect_equal(imagenet_preprocess_input(x, mode = "tf"), tf, tolerance = 1e-6)
  expect_equal(imagenet_preprocess_input(x, mode = "torch"), torch, tolerance = 1e-6)
  expect_equal(densenet_preprocess_input(x), torch, tolerance = 1e-6)
  for (preprocess in list(inception_v3_preprocess_input, inception_resnet_v2_preprocess_input,
                          xception_preprocess_input, mobilenet_preprocess_input,
                          mobilenet_v2_preprocess_input, nasnet_preprocess_input,
                          resnet_v2_preprocess_input)) {
    expect_equal(preprocess(x), tf, tolerance = 1e-6)
  }
  # channels first: the channels are the second dimension
  x_first <- aperm(x, c(1, 4, 2, 3))
  expect_equal(imagenet_preprocess_input(x_first, data_format = "channels_first"),
               aperm(caffe, c(1, 4, 2, 3)), tolerance = 1e-6)
  # one image, and the input is left as it was
  expect_equal(imagenet_preprocess_input(x[1, , , ]), caffe[1, , , ], tolerance = 1e-6)
  expect_equal(x, images(2, 3))
})

test_that("freeze_weights() selects the layers of an application to fine-tune", {
  skip_if_no_backend("tensorflow")
  base <- small_base()
  names <- vapply(base$layers, function(l) l$name, character(1))
  trainable <- function() vapply(base$layers, function(l) l$trainable, logical(1))

  # by name: everything up to block_15_add frozen, the last blocks trainable
  to <- match("block_15_add", names)
  freeze_weights(base, to = "block_15_add")
  expect_equal(trainable(), seq_along(names) > to)
  # by 1-based index: the same
  unfreeze_weights(base, from = 1)
  expect_true(all(trainable()))
  freeze_weights(base, from = 1, to = to)
  expect_equal(trainable(), seq_along(names) > to)
  # from a layer to the end
  freeze_weights(base, from = "Conv_1")
  expect_equal(trainable(), seq_along(names) < match("Conv_1", names))
  expect_error(freeze_weights(base, from = "no_such_layer"), 'no layer named "no_such_layer"')
  expect_error(freeze_weights(base, to = length(names) + 1),
               sprintf("the model has %d layers", length(names)))

  # Feature extraction: a new head on the base, whose layers come first in the
  # new model (Keras's order), frozen by position; only the head trains.
  output <- base$output %>% layer_global_average_pooling_2d() %>%
    layer_dense(2, activation = "softmax", name = "head")
  model <- keras_model(base$input, output)
  expect_equal(vapply(model$layers[seq_along(names)], function(l) l$name, ""), names)
  freeze_weights(model, to = length(names))
  expect_length(model$trainable_weights, 2)
  model %>% compile(optimizer = optimizer_sgd(lr = 0.1), loss = "categorical_crossentropy")
  x <- mobilenet_v2_preprocess_input(images())
  before <- get_weights(model)
  train_on_batch(model, x, diag(2))
  after <- get_weights(model)
  changed <- !mapply(identical, before, after)
  head_weights <- length(after) - 0:1
  expect_true(all(changed[head_weights]))
  expect_false(any(changed[-head_weights]))
})
