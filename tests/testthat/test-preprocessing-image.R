# A small RGB image with distinct whole values (lossless through PNG).
test_image <- function(h = 4, w = 6) {
  array(as.numeric((seq_len(h * w * 3) * 7) %% 256), dim = c(h, w, 3))
}

# A folder of class sub-folders of PNG images; image k of a class is a
# constant image of value 10 * k (+ 100 for the second class).
image_tree <- function(classes = c("cats", "dogs"), n = 3, size = 6) {
  root <- tempfile("images")
  for (ci in seq_along(classes)) {
    dir.create(file.path(root, classes[ci]), recursive = TRUE)
    for (k in seq_len(n)) {
      image_array_save(array(10 * k + 100 * (ci - 1), dim = c(size, size, 3)),
                       file.path(root, classes[ci], sprintf("img%d.png", k)), scale = FALSE)
    }
  }
  root
}

test_that("image_array_save(), image_load() and image_to_array() round-trip pixels", {
  skip_if_no_keras()
  img <- test_image()
  path <- tempfile(fileext = ".png")
  expect_identical(image_array_save(img, path, scale = FALSE), path)
  loaded <- image_load(path)
  arr <- image_to_array(loaded)
  expect_identical(dim(arr), c(4L, 6L, 3L))
  expect_equal(arr, img, ignore_attr = TRUE)
  first <- image_to_array(loaded, data_format = "channels_first")
  expect_identical(dim(first), c(3L, 4L, 6L))
  expect_equal(first[2, 3, 5], img[3, 5, 2])
  small <- image_to_array(image_load(path, target_size = c(2, 3)))
  expect_identical(dim(small), c(2L, 3L, 3L))
  gray <- image_to_array(image_load(path, grayscale = TRUE))
  expect_identical(dim(gray), c(4L, 6L, 1L))
  # scale = TRUE divides by the largest value (after lifting negative values
  # to 0) and multiplies by 255.
  scaled_path <- tempfile(fileext = ".png")
  image_array_save(img / 1000, scaled_path)
  scaled <- image_to_array(image_load(scaled_path))
  expect_equal(max(scaled), 255)
  expect_true(all(abs(scaled - img / max(img) * 255) <= 1))
  expect_error(image_load(tempfile()), "`path` must be the path of an existing file")
  expect_error(image_load(path, target_size = 3), "`target_size` must be a vector of 2 positive whole numbers")
  expect_error(image_to_array(img), "`img` must be an image from image_load\\(\\)")
  expect_error(image_array_save(matrix(1, 2, 2), tempfile(fileext = ".png")), "`img` must be an image array of 3 dimensions")
})

test_that("image_array_resize() resizes bilinearly, keeping corners and constants", {
  skip_if_no_keras()
  img <- test_image(2, 2)
  big <- image_array_resize(img, height = 4, width = 6)
  expect_identical(dim(big), c(4L, 6L, 3L))
  expect_equal(big[1, 1, ], img[1, 1, ], tolerance = 1e-4)
  expect_equal(big[4, 6, ], img[2, 2, ], tolerance = 1e-4)
  flat <- image_array_resize(array(5, c(3, 3, 1)), 7, 2)
  expect_identical(dim(flat), c(7L, 2L, 1L))
  expect_equal(as.vector(flat), rep(5, 14), tolerance = 1e-5)
  batch <- image_array_resize(array(1, c(1, 2, 2, 3)), 4, 4)
  expect_identical(dim(batch), c(1L, 4L, 4L, 3L))
  cf <- image_array_resize(array(1, c(3, 2, 2)), 4, 8, data_format = "channels_first")
  expect_identical(dim(cf), c(3L, 4L, 8L))
  expect_error(image_array_resize(matrix(1, 2, 2), 4, 4), "`img` must be an image array of 3 dimensions")
  expect_error(image_array_resize(img, 0, 4), "`height` must be a positive whole number")
})

test_that("flow_images_from_data() yields transformed batches in order", {
  skip_if_no_keras()
  x <- array(as.numeric(seq_len(6 * 2 * 2)), dim = c(6, 2, 2, 1))
  flow <- flow_images_from_data(x, y = 1:6, generator = image_data_generator(rescale = 2),
                                batch_size = 4, shuffle = FALSE)
  b1 <- generator_next(flow)
  expect_identical(dim(b1[[1]]), c(4L, 2L, 2L, 1L))
  expect_equal(b1[[1]], 2 * x[1:4, , , , drop = FALSE], ignore_attr = TRUE)
  expect_equal(as.vector(b1[[2]]), 1:4)
  b2 <- generator_next(flow)
  expect_equal(as.vector(b2[[2]]), 5:6)
  expect_equal(as.vector(generator_next(flow)[[2]]), 1:4)   # loops forever
  # Without y, batches are x alone; with weights, a third element.
  alone <- generator_next(flow_images_from_data(x, batch_size = 2, shuffle = FALSE))
  expect_identical(dim(alone), c(2L, 2L, 2L, 1L))
  expect_equal(alone[2, , , 1], x[2, , , 1])
  weighted <- generator_next(flow_images_from_data(x, 1:6, sample_weight = c(1, 2, 3, 4, 5, 6),
                                                   batch_size = 3, shuffle = FALSE))
  expect_equal(as.vector(weighted[[3]]), c(1, 2, 3))
  # subset with validation_split: the data split in two parts.
  gen <- image_data_generator(validation_split = 0.5)
  labels <- rep(0:1, 3)
  val <- generator_next(flow_images_from_data(x, labels, gen, batch_size = 10, shuffle = FALSE,
                                              subset = "validation"))
  train <- generator_next(flow_images_from_data(x, labels, gen, batch_size = 10, shuffle = FALSE,
                                                subset = "training"))
  expect_identical(dim(val[[1]]), c(3L, 2L, 2L, 1L))
  expect_setequal(c(val[[1]][, 1, 1, 1], train[[1]][, 1, 1, 1]), x[, 1, 1, 1])
  expect_error(flow_images_from_data(x[, , , 1], 1:6), "`x` must be a 4-D array")
  expect_error(flow_images_from_data(x, 1:5), "`x` has 6 samples .* `y` has 5")
  expect_error(flow_images_from_data(x, generator = "gen"), "`generator` must be an image data generator")
  expect_error(flow_images_from_data(x, subset = "test"), "`subset` must be one of")
  expect_error(image_data_generator(zoom_range = c(1.2, 0.8)), "`zoom_range` must be c\\(low, high\\)")
  expect_error(image_data_generator(fill_mode = "mirror"), "`fill_mode` must be one of")
  expect_error(image_data_generator(validation_split = 1), "`validation_split`")
})

test_that("fit_image_data_generator() sets featurewise statistics used by the flows", {
  skip_if_no_keras()
  set.seed(1)
  x <- array(rnorm(20 * 3 * 3 * 2, mean = 5), dim = c(20, 3, 3, 2))
  gen <- image_data_generator(featurewise_center = TRUE, featurewise_std_normalization = TRUE)
  expect_identical(fit_image_data_generator(gen, x), gen)
  channel_means <- apply(x, 4, mean)
  expect_equal(as.vector(gen$mean), channel_means, tolerance = 1e-5)
  batch <- generator_next(flow_images_from_data(x, generator = gen, batch_size = 20, shuffle = FALSE))
  expect_equal(apply(batch, 4, mean), c(0, 0), tolerance = 1e-4)
  expect_equal(apply(batch, 4, function(v) sqrt(mean(v^2))), c(1, 1), tolerance = 1e-3)
  expect_error(fit_image_data_generator(gen, x[1, , , ]), "`x` must be a 4-D array")
  expect_error(fit_image_data_generator("gen", x), "`object` must be an image data generator")
})

test_that("an R preprocessing_function transforms images and runs on R's main thread", {
  skip_if_no_keras()
  threading <- reticulate::import("threading", convert = FALSE)
  calls <- 0
  on_main <- logical(0)
  plus_one <- function(img) {
    calls <<- calls + 1
    on_main <<- c(on_main, identical(
      reticulate::py_to_r(threading$current_thread()$ident),
      reticulate::py_to_r(threading$main_thread()$ident)
    ))
    img + 1
  }
  x <- array(0, dim = c(8, 2, 2, 1))
  gen <- image_data_generator(preprocessing_function = plus_one)
  flow <- flow_images_from_data(x, y = rep(c(0, 1), 4), generator = gen, batch_size = 4,
                                shuffle = FALSE)
  expect_true(isTRUE(flow$`_keras_main_thread_only`))
  expect_true(all(generator_next(flow)[[1]] == 1))
  model <- keras_model_sequential() %>%
    layer_flatten(input_shape = c(2, 2, 1)) %>%
    layer_dense(1, activation = "sigmoid")
  model %>% compile(optimizer = "sgd", loss = "binary_crossentropy")
  calls <- 0
  on_main <- logical(0)
  model %>% fit_generator(flow, steps_per_epoch = 2, epochs = 2, workers = 2, verbose = 0)
  expect_equal(calls, 16)
  expect_true(all(on_main))
  bad <- image_data_generator(preprocessing_function = function(img) img[1, , ])
  expect_error(generator_next(flow_images_from_data(x, generator = bad, batch_size = 2)),
               "`preprocessing_function` must return an array of the dimensions of its input")
  expect_error(image_data_generator(preprocessing_function = "f"), "`preprocessing_function` must be an R function")
})

test_that("flow_images_from_directory() reads class sub-folders", {
  skip_if_no_keras()
  root <- image_tree()
  flow <- flow_images_from_directory(root, target_size = c(6, 6), batch_size = 6,
                                     class_mode = "sparse", shuffle = FALSE)
  expect_identical(unlist(flow$class_indices), c(cats = 0L, dogs = 1L))
  batch <- generator_next(flow)
  expect_identical(dim(batch[[1]]), c(6L, 6L, 6L, 3L))
  expect_equal(as.vector(batch[[2]]), c(0, 0, 0, 1, 1, 1))
  # Files in name order within each class: values 10, 20, 30, then 110, 120, 130.
  expect_equal(batch[[1]][, 1, 1, 1], c(10, 20, 30, 110, 120, 130))
  onehot <- generator_next(flow_images_from_directory(root, target_size = c(3, 3), batch_size = 6,
                                                      shuffle = FALSE, color_mode = "grayscale"))
  expect_identical(dim(onehot[[1]]), c(6L, 3L, 3L, 1L))
  expect_equal(onehot[[2]], cbind(rep(c(1, 0), each = 3), rep(c(0, 1), each = 3)), ignore_attr = TRUE)
  # classes picks (and orders) the sub-folders.
  dogs_only <- flow_images_from_directory(root, classes = "dogs", target_size = c(2, 2),
                                          class_mode = NULL, batch_size = 10)
  expect_identical(dim(generator_next(dogs_only)), c(3L, 2L, 2L, 3L))
  expect_error(flow_images_from_directory(file.path(root, "nope")), "`directory` must be the path of an existing folder")
  expect_error(flow_images_from_directory(root, class_mode = "multi"), "`class_mode` must be one of")
  expect_error(flow_images_from_directory(root, color_mode = "cmyk"), "`color_mode` must be one of")
})

test_that("flow_images_from_dataframe() reads the files and labels of a data frame", {
  skip_if_no_keras()
  root <- image_tree()
  files <- data.frame(
    filename = file.path(c("cats", "dogs", "cats"), c("img1.png", "img2.png", "img3.png")),
    class = factor(c("small", "big", "small")),
    stringsAsFactors = FALSE
  )
  flow <- flow_images_from_dataframe(files, directory = root, target_size = c(2, 2),
                                     class_mode = "sparse", batch_size = 3, shuffle = FALSE)
  expect_identical(unlist(flow$class_indices), c(big = 0L, small = 1L))
  batch <- generator_next(flow)
  expect_equal(as.vector(batch[[2]]), c(1, 0, 1))
  expect_equal(batch[[1]][, 1, 1, 1], c(10, 120, 30))
  # Full paths, no directory; raw labels.
  files$path <- file.path(root, files$filename)
  files$score <- c(0.5, 1.5, 2.5)
  raw <- generator_next(flow_images_from_dataframe(files, x_col = "path", y_col = "score",
                                                   class_mode = "raw", target_size = c(2, 2),
                                                   batch_size = 3, shuffle = FALSE))
  expect_equal(as.vector(raw[[2]]), c(0.5, 1.5, 2.5))
  expect_error(flow_images_from_dataframe(files, x_col = "file"), "`x_col` is \"file\" but `dataframe` has no such column")
  expect_error(flow_images_from_dataframe(files, y_col = "label"), "`y_col` names \"label\", not a column")
  expect_error(flow_images_from_dataframe(as.matrix(files)), "`dataframe` must be a data frame")
})
