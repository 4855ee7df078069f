# Image preprocessing: loading and saving images, image arrays, and
# ImageDataGenerator (real-time augmentation) with its flows from arrays,
# directories and data frames. The work happens in
# multikeras.preprocessing.image; these wrappers check and convert arguments.

#' Load an image file
#'
#' Reads a PNG, JPEG, BMP, ... file into an image object (PIL), optionally
#' converted to grayscale and resized. Turn it into an array with
#' [image_to_array()].
#'
#' @param path Path of the image file.
#' @param grayscale Whether to convert the image to one grayscale channel
#'   (otherwise it has three RGB channels).
#' @param target_size `NULL` to keep the image's size, or
#'   `c(height, width)` to resize it to.
#' @param interpolation Resampling used to resize: `"nearest"`,
#'   `"bilinear"`, `"bicubic"`, `"lanczos"`, `"box"` or `"hamming"`.
#'
#' @return An image (a Python PIL image object).
#' @family image preprocessing
#' @export
#' @examples
#' if (is_keras_available()) {
#'   path <- tempfile(fileext = ".png")
#'   pixels <- array(runif(4 * 6 * 3) * 255, dim = c(4, 6, 3))
#'   image_array_save(pixels, path)
#'   img <- image_load(path, target_size = c(2, 3))
#'   dim(image_to_array(img))
#' }
image_load <- function(path, grayscale = FALSE, target_size = NULL,
                       interpolation = "nearest") {
  path <- check_existing_path(path, "path")
  grayscale <- check_flag(grayscale, "grayscale")
  py_call(core_module("preprocessing.image")$load_img(
    path,
    color_mode = if (grayscale) "grayscale" else "rgb",
    target_size = as_size_2d(target_size, "target_size", null_ok = TRUE),
    interpolation = check_string(interpolation, "interpolation")
  ))
}

#' Image arrays: convert, resize and save
#'
#' `image_to_array()` turns an image from [image_load()] into a numeric
#' array of dimensions `c(height, width, channels)` (`"channels_last"`) or
#' `c(channels, height, width)` (`"channels_first"`), values from 0 to 255.
#' `image_array_resize()` resizes such an array (or a batch of one, with a
#' leading dimension of 1) to `height` x `width` by bilinear interpolation.
#' `image_array_save()` writes an array as an image file.
#'
#' @param img An image from [image_load()] (for `image_to_array()`) or an
#'   image array (for the others).
#' @param height,width The new size, in pixels.
#' @param data_format `"channels_last"` or `"channels_first"`: where the
#'   channels are in the array; `NULL` in `image_array_save()` uses the
#'   backend's `image_data_format`.
#' @param path Path of the file to write.
#' @param file_format Image format (e.g. `"png"`, `"jpeg"`); `NULL` to guess
#'   it from the extension of `path`.
#' @param scale Whether to rescale the values to 0 to 255 first (negative
#'   values are lifted to 0, then all are divided by the largest and
#'   multiplied by 255); with `FALSE` they must already be in that range.
#'
#' @return `image_to_array()` and `image_array_resize()`: a numeric array.
#'   `image_array_save()`: `path`, invisibly.
#' @family image preprocessing
#' @export
#' @examples
#' if (is_keras_available()) {
#'   pixels <- array(seq(0, 255, length.out = 2 * 4 * 3), dim = c(2, 4, 3))
#'   dim(image_array_resize(pixels, height = 4, width = 8))
#'   path <- tempfile(fileext = ".png")
#'   image_array_save(pixels, path, scale = FALSE)
#'   dim(image_to_array(image_load(path)))
#' }
image_to_array <- function(img, data_format = c("channels_last", "channels_first")) {
  if (!is_py_object(img)) {
    arg_error("img", img, "an image from image_load()")
  }
  result <- py_call(core_module("preprocessing.image", convert = FALSE)$img_to_array(
    img,
    data_format = match.arg(data_format)
  ))
  reticulate::py_to_r(result)
}

#' @rdname image_to_array
#' @export
image_array_resize <- function(img, height, width,
                               data_format = c("channels_last", "channels_first")) {
  data_format <- match.arg(data_format)
  height <- as_integer_arg(height, "height", min = 1L)
  width <- as_integer_arg(width, "width", min = 1L)
  x <- as_data_array(img, "img", dtype = "float32")
  dims <- as.integer(unlist(reticulate::py_to_r(x$shape)))
  batch_of_one <- length(dims) == 4 && dims[1] == 1
  if (!(length(dims) == 3 || batch_of_one)) {
    stop(sprintf(
      "`img` must be an image array of 3 dimensions (or 4 with a first dimension of 1), not of dimensions %s.",
      format_value(dims)
    ), call. = FALSE)
  }
  image_dims <- if (batch_of_one) dims[-1] else dims
  spatial <- if (data_format == "channels_last") image_dims[1:2] else image_dims[2:3]
  factors <- c(height, width) / spatial
  zoom <- if (data_format == "channels_last") c(factors, 1) else c(1, factors)
  if (batch_of_one) {
    zoom <- c(1, zoom)
  }
  ndimage <- reticulate::import("scipy.ndimage", convert = FALSE)
  result <- py_call(ndimage$zoom(x, as.list(zoom), order = 1L))
  reticulate::py_to_r(result)
}

#' @rdname image_to_array
#' @export
image_array_save <- function(img, path, data_format = NULL, file_format = NULL, scale = TRUE) {
  path <- path.expand(check_string(path, "path"))
  x <- as_data_array(img, "img", dtype = "float32")
  rank <- length(reticulate::py_to_r(x$shape))
  if (rank != 3) {
    arg_error("img", img, "an image array of 3 dimensions (height, width, channels)")
  }
  py_call(core_module("preprocessing.image")$save_img(
    path, x,
    data_format = check_data_format(data_format),
    file_format = check_string(file_format, "file_format", null_ok = TRUE),
    scale = check_flag(scale, "scale")
  ))
  invisible(path)
}

#' Image data generator: real-time augmentation
#'
#' Describes how to normalize and randomly transform images. Use it with
#' [flow_images_from_data()], [flow_images_from_directory()] or
#' [flow_images_from_dataframe()], which yield batches of transformed
#' images, for [fit_generator()] and friends. Statistics used by
#' `featurewise_*` and `zca_whitening` come from
#' [fit_image_data_generator()].
#'
#' @param featurewise_center Subtract the dataset's mean (per channel).
#' @param samplewise_center Subtract each image's mean.
#' @param featurewise_std_normalization Divide by the dataset's standard
#'   deviation (per channel).
#' @param samplewise_std_normalization Divide each image by its standard
#'   deviation.
#' @param zca_whitening Apply ZCA whitening.
#' @param zca_epsilon Epsilon of the ZCA whitening.
#' @param rotation_range Range of random rotations, in degrees.
#' @param width_shift_range,height_shift_range Random shifts: a fraction of
#'   the width (height) if below 1, else a number of pixels; a vector gives
#'   the allowed values.
#' @param brightness_range `NULL` or `c(low, high)`: range of random
#'   brightness factors.
#' @param shear_range Shear intensity (angle in degrees, counter-clockwise).
#' @param zoom_range Random zoom: `z` means `c(1 - z, 1 + z)`, or give
#'   `c(low, high)`.
#' @param channel_shift_range Range of random shifts of the channel values.
#' @param fill_mode How to fill points outside the image: `"constant"`,
#'   `"nearest"`, `"reflect"` or `"wrap"`.
#' @param cval Fill value for `fill_mode = "constant"`.
#' @param horizontal_flip,vertical_flip Randomly flip images.
#' @param rescale `NULL` or a factor to multiply the values by, before any
#'   other transformation (e.g. `1/255`).
#' @param preprocessing_function `NULL` or an R function applied to each
#'   image after resizing and augmentation: it receives a 3-D array and
#'   must return an array of the same dimensions. It runs in R, so flows of
#'   this generator are always read on R's main thread (see
#'   [fit_generator()]).
#' @param data_format `"channels_last"` or `"channels_first"`; `NULL` uses
#'   the backend's `image_data_format` (see [k_image_data_format()]).
#' @param validation_split Fraction of the images kept for validation (use
#'   `subset = "validation"` in the flows to get them).
#'
#' @return An `ImageDataGenerator` (a Python object).
#' @family image preprocessing
#' @export
#' @examples
#' if (is_keras_available()) {
#'   images <- array(runif(8 * 6 * 6 * 1), dim = c(8, 6, 6, 1))
#'   datagen <- image_data_generator(rescale = 2, horizontal_flip = TRUE)
#'   batches <- flow_images_from_data(images, y = 1:8, generator = datagen,
#'                                    batch_size = 4, shuffle = FALSE)
#'   batch <- generator_next(batches)
#'   dim(batch[[1]])
#'   batch[[2]]
#' }
image_data_generator <- function(featurewise_center = FALSE, samplewise_center = FALSE,
                                 featurewise_std_normalization = FALSE,
                                 samplewise_std_normalization = FALSE,
                                 zca_whitening = FALSE, zca_epsilon = 1e-6,
                                 rotation_range = 0, width_shift_range = 0,
                                 height_shift_range = 0, brightness_range = NULL,
                                 shear_range = 0, zoom_range = 0, channel_shift_range = 0,
                                 fill_mode = "nearest", cval = 0, horizontal_flip = FALSE,
                                 vertical_flip = FALSE, rescale = NULL,
                                 preprocessing_function = NULL, data_format = NULL,
                                 validation_split = 0) {
  r_function <- !is.null(preprocessing_function)
  if (r_function) {
    preprocessing_function <- wrap_preprocessing_function(preprocessing_function)
  }
  validation_split <- check_number(validation_split, "validation_split", min = 0)
  if (validation_split >= 1) {
    arg_error("validation_split", validation_split, "a number in [0, 1)")
  }
  generator <- py_call(core_module("preprocessing.image")$ImageDataGenerator(
    featurewise_center = check_flag(featurewise_center, "featurewise_center"),
    samplewise_center = check_flag(samplewise_center, "samplewise_center"),
    featurewise_std_normalization = check_flag(featurewise_std_normalization,
                                               "featurewise_std_normalization"),
    samplewise_std_normalization = check_flag(samplewise_std_normalization,
                                              "samplewise_std_normalization"),
    zca_whitening = check_flag(zca_whitening, "zca_whitening"),
    zca_epsilon = check_number(zca_epsilon, "zca_epsilon", min = 0),
    rotation_range = check_number(rotation_range, "rotation_range", min = 0),
    width_shift_range = as_range_arg(width_shift_range, "width_shift_range"),
    height_shift_range = as_range_arg(height_shift_range, "height_shift_range"),
    brightness_range = as_pair_arg(brightness_range, "brightness_range", null_ok = TRUE),
    shear_range = check_number(shear_range, "shear_range", min = 0),
    zoom_range = if (length(zoom_range) == 1) {
      check_number(zoom_range, "zoom_range", min = 0)
    } else {
      as_pair_arg(zoom_range, "zoom_range")
    },
    channel_shift_range = check_number(channel_shift_range, "channel_shift_range", min = 0),
    fill_mode = check_string(fill_mode, "fill_mode",
                             choices = c("constant", "nearest", "reflect", "wrap")),
    cval = check_number(cval, "cval"),
    horizontal_flip = check_flag(horizontal_flip, "horizontal_flip"),
    vertical_flip = check_flag(vertical_flip, "vertical_flip"),
    rescale = check_number(rescale, "rescale", null_ok = TRUE),
    preprocessing_function = preprocessing_function,
    data_format = check_data_format(data_format),
    validation_split = validation_split
  ))
  if (r_function) {
    # Its flows call R: they must be read on R's main thread.
    reticulate::py_set_attr(generator, "_keras_main_thread_only", TRUE)
  }
  generator
}

#' Fit an image data generator's statistics
#'
#' Computes the dataset statistics that `featurewise_center`,
#' `featurewise_std_normalization` and `zca_whitening` of
#' [image_data_generator()] use, from sample images.
#'
#' @param object An [image_data_generator()]; it is updated in place.
#' @param x Sample images: a 4-D array (images, then height, width and
#'   channels in the generator's `data_format`), with 1, 3 or 4 channels.
#' @param augment Whether to compute them on randomly augmented images.
#' @param rounds With `augment`, the number of augmented passes over `x`.
#' @param seed Random seed, or `NULL`.
#'
#' @return The generator, invisibly (for `%>%`).
#' @family image preprocessing
#' @export
#' @examples
#' if (is_keras_available()) {
#'   images <- array(rnorm(10 * 4 * 4 * 1, mean = 5), dim = c(10, 4, 4, 1))
#'   datagen <- image_data_generator(featurewise_center = TRUE) %>%
#'     fit_image_data_generator(images)
#'   datagen$mean
#' }
fit_image_data_generator <- function(object, x, augment = FALSE, rounds = 1, seed = NULL) {
  check_image_generator(object, "object")
  py_call(object$fit(
    as_image_batch(x, "x"),
    augment = check_flag(augment, "augment"),
    rounds = as_integer_arg(rounds, "rounds", min = 1L),
    seed = as_integer_arg(seed, "seed", min = 0L, null_ok = TRUE)
  ))
  invisible(object)
}

#' Batches of images from an array
#'
#' Yields batches `list(x, y)` (`x` alone without `y`, `list(x, y,
#' sample_weight)` with weights) of images from `x`, transformed by
#' `generator`, looping forever; use it in [fit_generator()] or read it with
#' [generator_next()].
#'
#' @param x Images: a 4-D array (images, then height, width and channels in
#'   the generator's `data_format`).
#' @param y Labels, one per image (a vector or a matrix), or `NULL`.
#' @param generator An [image_data_generator()] (the default one does not
#'   transform the images).
#' @param batch_size Number of images per batch.
#' @param shuffle Whether to shuffle the images (at each pass).
#' @param sample_weight `NULL` or a weight per image.
#' @param seed Random seed for shuffling and transformations, or `NULL`.
#' @param save_to_dir `NULL`, or a directory where the transformed images
#'   are also written (to look at them).
#' @param save_prefix Prefix of the names of the saved images.
#' @param save_format `"png"` or `"jpeg"`: format of the saved images.
#' @param subset `NULL`, `"training"` or `"validation"`: the part of the data
#'   to use when the generator has a `validation_split`.
#'
#' @return An iterator of batches (a Python `Iterator`, also a `Sequence`).
#' @family image preprocessing
#' @export
#' @inherit image_data_generator examples
flow_images_from_data <- function(x, y = NULL, generator = image_data_generator(),
                                  batch_size = 32, shuffle = TRUE, sample_weight = NULL,
                                  seed = NULL, save_to_dir = NULL, save_prefix = "",
                                  save_format = "png", subset = NULL) {
  check_image_generator(generator, "generator")
  if (!is.null(y)) {
    check_same_rows(x, y)
  }
  if (!is.null(sample_weight)) {
    check_same_rows(x, sample_weight, "x", "sample_weight")
  }
  iterator <- py_call(generator$flow(
    as_image_batch(x, "x"),
    y = if (is.null(y)) NULL else as_data_array(y, "y"),
    batch_size = as_integer_arg(batch_size, "batch_size", min = 1L),
    shuffle = check_flag(shuffle, "shuffle"),
    sample_weight = if (is.null(sample_weight)) NULL else as_data_array(sample_weight, "sample_weight"),
    seed = as_integer_arg(seed, "seed", min = 0L, null_ok = TRUE),
    save_to_dir = as_save_dir(save_to_dir),
    save_prefix = check_string(save_prefix, "save_prefix"),
    save_format = check_string(save_format, "save_format"),
    subset = check_subset(subset)
  ))
  mark_main_thread_only(iterator, generator)
}

#' Batches of images from files
#'
#' `flow_images_from_directory()` reads the images in the sub-folders of
#' `directory`, one sub-folder per class (the classes, in alphabetical order
#' unless `classes` says otherwise, get ids from 0).
#' `flow_images_from_dataframe()` reads the files named in a column of a
#' data frame, with their labels in another. Both yield batches `list(x, y)`
#' of images, resized to `target_size` and transformed by `generator`,
#' looping forever, for [fit_generator()] or [generator_next()].
#'
#' @inheritParams flow_images_from_data
#' @param directory The folder of class sub-folders; for
#'   `flow_images_from_dataframe()`, the folder the file names are relative
#'   to (`NULL` if they are full paths).
#' @param target_size `c(height, width)`: every image is resized to it.
#' @param color_mode `"grayscale"`, `"rgb"` or `"rgba"`: 1, 3 or 4 channels.
#' @param classes `NULL`, or the class names (sub-folders, or values of
#'   `y_col`) to use, in the order of their ids.
#' @param class_mode The labels: `"categorical"` (one-hot rows),
#'   `"binary"` (0 or 1), `"sparse"` (class ids), `"input"` (the images
#'   themselves, for autoencoders), `"raw"` (the values of `y_col`, data
#'   frames only), `"other"` (its old name), or `NULL` (no labels: the
#'   batches are `x` alone, for [predict_generator()]).
#' @param follow_links Whether to follow symbolic links to sub-folders.
#' @param interpolation Resampling used to resize (see [image_load()]).
#' @param dataframe A data frame with a column of file names.
#' @param x_col The column of file names.
#' @param y_col The column (or columns, for `"raw"`) of labels.
#' @param drop_duplicates Deprecated in Keras 2.3 (ignored when `NULL`).
#'
#' @return An iterator of batches (a Python `DirectoryIterator` or
#'   `DataFrameIterator`); its field `class_indices` maps class names to ids.
#' @family image preprocessing
#' @export
#' @examples
#' if (is_keras_available()) {
#'   root <- tempfile("images")
#'   for (cls in c("cats", "dogs")) {
#'     dir.create(file.path(root, cls), recursive = TRUE)
#'     for (i in 1:2) {
#'       image_array_save(array(runif(8 * 8 * 3), dim = c(8, 8, 3)),
#'                        file.path(root, cls, paste0(i, ".png")))
#'     }
#'   }
#'   batches <- flow_images_from_directory(root, target_size = c(4, 4),
#'                                         batch_size = 4, class_mode = "sparse")
#'   batches$class_indices
#'   dim(generator_next(batches)[[1]])
#'
#'   files <- data.frame(filename = file.path("cats", c("1.png", "2.png")),
#'                       class = c("a", "b"))
#'   batches <- flow_images_from_dataframe(files, directory = root,
#'                                         target_size = c(4, 4), batch_size = 2)
#'   generator_next(batches)[[2]]
#' }
flow_images_from_directory <- function(directory, generator = image_data_generator(),
                                       target_size = c(256, 256), color_mode = "rgb",
                                       classes = NULL, class_mode = "categorical",
                                       batch_size = 32, shuffle = TRUE, seed = NULL,
                                       save_to_dir = NULL, save_prefix = "",
                                       save_format = "png", follow_links = FALSE,
                                       subset = NULL, interpolation = "nearest") {
  check_image_generator(generator, "generator")
  directory <- check_existing_path(directory, "directory", dir = TRUE)
  iterator <- py_call(generator$flow_from_directory(
    directory,
    target_size = as_size_2d(target_size, "target_size"),
    color_mode = check_string(color_mode, "color_mode", choices = c("grayscale", "rgb", "rgba")),
    classes = as_class_names(classes),
    class_mode = check_class_mode(class_mode, c("categorical", "binary", "sparse", "input")),
    batch_size = as_integer_arg(batch_size, "batch_size", min = 1L),
    shuffle = check_flag(shuffle, "shuffle"),
    seed = as_integer_arg(seed, "seed", min = 0L, null_ok = TRUE),
    save_to_dir = as_save_dir(save_to_dir),
    save_prefix = check_string(save_prefix, "save_prefix"),
    save_format = check_string(save_format, "save_format"),
    follow_links = check_flag(follow_links, "follow_links"),
    subset = check_subset(subset),
    interpolation = check_string(interpolation, "interpolation")
  ))
  mark_main_thread_only(iterator, generator)
}

#' @rdname flow_images_from_directory
#' @export
flow_images_from_dataframe <- function(dataframe, directory = NULL, x_col = "filename",
                                       y_col = "class", generator = image_data_generator(),
                                       target_size = c(256, 256), color_mode = "rgb",
                                       classes = NULL, class_mode = "categorical",
                                       batch_size = 32, shuffle = TRUE, seed = NULL,
                                       save_to_dir = NULL, save_prefix = "",
                                       save_format = "png", subset = NULL,
                                       interpolation = "nearest", drop_duplicates = NULL) {
  check_image_generator(generator, "generator")
  if (!is.data.frame(dataframe)) {
    arg_error("dataframe", dataframe, "a data frame")
  }
  x_col <- check_string(x_col, "x_col")
  if (!x_col %in% names(dataframe)) {
    stop(sprintf("`x_col` is \"%s\" but `dataframe` has no such column (it has %s).",
                 x_col, paste0("\"", names(dataframe), "\"", collapse = ", ")), call. = FALSE)
  }
  class_mode <- check_class_mode(class_mode,
                                 c("categorical", "binary", "sparse", "input", "raw", "other",
                                   "multi_output"))
  if (!is.null(class_mode) && !class_mode %in% "input") {
    if (!is.character(y_col) || length(y_col) == 0 || anyNA(y_col)) {
      arg_error("y_col", y_col, "the name of a column (or names of columns) of `dataframe`")
    }
    missing_cols <- setdiff(y_col, names(dataframe))
    if (length(missing_cols) > 0) {
      stop(sprintf("`y_col` names %s, not a column of `dataframe` (it has %s).",
                   paste0("\"", missing_cols, "\"", collapse = ", "),
                   paste0("\"", names(dataframe), "\"", collapse = ", ")), call. = FALSE)
    }
  }
  # Factors become strings: Keras reads class labels as strings.
  is_factor <- vapply(dataframe, is.factor, logical(1))
  dataframe[is_factor] <- lapply(dataframe[is_factor], as.character)
  args <- list(
    reticulate::r_to_py(dataframe),
    directory = if (is.null(directory)) NULL else check_existing_path(directory, "directory", dir = TRUE),
    x_col = x_col,
    y_col = if (length(y_col) == 1) y_col else as.list(y_col),
    target_size = as_size_2d(target_size, "target_size"),
    color_mode = check_string(color_mode, "color_mode", choices = c("grayscale", "rgb", "rgba")),
    classes = as_class_names(classes),
    class_mode = class_mode,
    batch_size = as_integer_arg(batch_size, "batch_size", min = 1L),
    shuffle = check_flag(shuffle, "shuffle"),
    seed = as_integer_arg(seed, "seed", min = 0L, null_ok = TRUE),
    save_to_dir = as_save_dir(save_to_dir),
    save_prefix = check_string(save_prefix, "save_prefix"),
    save_format = check_string(save_format, "save_format"),
    subset = check_subset(subset),
    interpolation = check_string(interpolation, "interpolation")
  )
  if (!is.null(drop_duplicates)) {
    args$drop_duplicates <- check_flag(drop_duplicates, "drop_duplicates")
  }
  iterator <- py_call(do.call(generator$flow_from_dataframe, args))
  mark_main_thread_only(iterator, generator)
}

# ---------------------------------------------------------------------------
# Argument helpers for the image functions.

check_image_generator <- function(x, name) {
  if (!is_py_object(x) || !any(grepl("\\.ImageDataGenerator$", class(x)))) {
    arg_error(name, x, "an image data generator from image_data_generator()")
  }
  invisible(x)
}

# Flows of a generator whose preprocessing_function is an R function must be
# read on R's main thread: the core's generator loops honour this attribute.
mark_main_thread_only <- function(iterator, generator) {
  if (reticulate::py_has_attr(generator, "_keras_main_thread_only") &&
    isTRUE(reticulate::py_to_r(reticulate::py_get_attr(generator, "_keras_main_thread_only")))) {
    reticulate::py_set_attr(iterator, "_keras_main_thread_only", TRUE)
  }
  iterator
}

wrap_preprocessing_function <- function(fn) {
  if (!is.function(fn)) {
    arg_error("preprocessing_function", fn, "an R function of one image array, or NULL")
  }
  force(fn)
  function(x) {
    result <- fn(x)
    if (!is.numeric(result) || !identical(dim(result), dim(x))) {
      stop(sprintf(
        "`preprocessing_function` must return an array of the dimensions of its input (%s), not %s.",
        format_value(dim(x)), if (is.numeric(result)) format_value(dim(result) %||% length(result)) else class(result)[1]
      ), call. = FALSE)
    }
    as_data_array(result, "preprocessing_function()", dtype = "float32")
  }
}

as_image_batch <- function(x, name) {
  x <- as_data_array(x, name, dtype = core_module("backend")$floatx())
  dims <- as.integer(unlist(reticulate::py_to_r(x$shape)))
  if (length(dims) != 4) {
    stop(sprintf(
      "`%s` must be a 4-D array (images, height, width, channels), not of dimensions %s.",
      name, format_value(dims)
    ), call. = FALSE)
  }
  x
}

as_size_2d <- function(x, name, null_ok = FALSE) {
  if (is.null(x) && null_ok) {
    return(NULL)
  }
  reticulate::tuple(as.list(as_integer_arg(x, name, len = 2L, min = 1L)))
}

# A number, or a vector of allowed values (shift ranges).
as_range_arg <- function(x, name) {
  if (!is.numeric(x) || length(x) == 0 || anyNA(x)) {
    arg_error(name, x, "a number or a numeric vector")
  }
  if (length(x) == 1) as.numeric(x) else as.list(as.numeric(x))
}

as_pair_arg <- function(x, name, null_ok = FALSE) {
  if (is.null(x) && null_ok) {
    return(NULL)
  }
  if (!is.numeric(x) || length(x) != 2 || anyNA(x) || x[1] > x[2]) {
    arg_error(name, x, "c(low, high), two numbers with low <= high")
  }
  as.list(as.numeric(x))
}

check_data_format <- function(data_format) {
  if (is.null(data_format)) {
    return(core_module("backend")$image_data_format())
  }
  check_string(data_format, "data_format", choices = c("channels_last", "channels_first"))
}

check_subset <- function(subset) {
  check_string(subset, "subset", null_ok = TRUE, choices = c("training", "validation"))
}

check_class_mode <- function(class_mode, choices) {
  check_string(class_mode, "class_mode", null_ok = TRUE, choices = choices)
}

as_class_names <- function(classes) {
  if (is.null(classes)) {
    return(NULL)
  }
  if (!is.character(classes) || length(classes) == 0 || anyNA(classes)) {
    arg_error("classes", classes, "a character vector of class names, or NULL")
  }
  as.list(classes)
}

as_save_dir <- function(save_to_dir) {
  if (is.null(save_to_dir)) {
    return(NULL)
  }
  check_existing_path(save_to_dir, "save_to_dir", dir = TRUE)
}

check_existing_path <- function(path, name, dir = FALSE) {
  path <- check_string(path, name)
  if (!file.exists(path) || (dir && !dir.exists(path))) {
    arg_error(name, path, if (dir) "the path of an existing folder" else "the path of an existing file")
  }
  normalizePath(path)
}
