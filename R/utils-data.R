#' Convert integer class labels to a one-hot matrix
#'
#' Turns a vector of class ids (0-based, as in Python: `0` to
#' `num_classes - 1`) into a binary matrix with one column per class, for use
#' with `categorical_crossentropy`.
#'
#' @param y A vector of whole-number class ids from 0 to `num_classes - 1`
#'   (for a factor `f`, use `as.integer(f) - 1`).
#' @param num_classes Total number of classes; by default `max(y) + 1`.
#' @param dtype Type of the result, e.g. `"float32"`.
#'
#' @return A matrix with `length(y)` rows and `num_classes` columns.
#' @family data utilities
#' @export
#' @examples
#' if (is_keras_available()) {
#'   to_categorical(c(0, 2, 1, 2))
#'   to_categorical(as.integer(iris$Species[c(1, 51, 101)]) - 1, num_classes = 3)
#' }
to_categorical <- function(y, num_classes = NULL, dtype = "float32") {
  if (is.factor(y)) {
    stop("`y` is a factor; use as.integer(y) - 1 for 0-based class ids.", call. = FALSE)
  }
  if (!is.numeric(y) || length(y) == 0) {
    arg_error("y", y, "a vector of whole-number class ids (0 to num_classes - 1)")
  }
  if (anyNA(y)) {
    stop(sprintf(
      "`y` contains NA values at %s; remove or impute them.",
      paste(utils::head(which(is.na(y)), 10), collapse = ", ")
    ), call. = FALSE)
  }
  if (!is_whole(y) || any(y < 0)) {
    bad <- y[!(abs(y - round(y)) < 1e-8 & y >= 0)]
    arg_error("y", bad, "whole-number class ids >= 0 (0-based: 0 to num_classes - 1)")
  }
  num_classes <- as_integer_arg(num_classes, "num_classes", min = 1L, null_ok = TRUE)
  if (!is.null(num_classes) && max(y) >= num_classes) {
    stop(sprintf(
      "`y` has class id %d but `num_classes` is %d: ids must be 0 to num_classes - 1 (0-based).",
      as.integer(max(y)), num_classes
    ), call. = FALSE)
  }
  check_string(dtype, "dtype")
  y <- if (is.null(dim(y))) as.integer(y) else array(as.integer(y), dim = dim(y))
  py_call(core_module("utils")$to_categorical(core_np()$asarray(y, dtype = "int64"),
    num_classes = num_classes, dtype = dtype
  ))
}

#' Download a file into the Keras cache
#'
#' Downloads `origin` once into `cache_dir/cache_subdir/fname` (by default
#' under `KERAS_HOME`, else `~/.keras`) and returns its path; later calls use
#' the cached copy. With `file_hash`, a cached copy with another hash is
#' downloaded again, and a download with another hash is an error and is not
#' kept.
#'
#' @param fname File name in the cache.
#' @param origin URL of the file (`file://` URLs work too).
#' @param file_hash Expected sha256 or md5 hash, or `NULL`.
#' @param cache_subdir Folder under the cache directory.
#' @param hash_algorithm `"auto"`, `"sha256"` or `"md5"`.
#' @param extract Extract a tar or zip archive beside the file.
#' @param archive_format `"auto"`, `"tar"`, `"zip"` or `NULL`.
#' @param cache_dir Cache directory; `NULL` uses `KERAS_HOME` or `~/.keras`.
#' @param untar Extract a `.tar.gz` and return the folder (deprecated).
#'
#' @return The path of the cached file.
#' @family utils
#' @export
#' @examples
#' if (is_keras_available()) {
#'   src <- tempfile(fileext = ".csv")
#'   write.csv(iris, src, row.names = FALSE)
#'   path <- get_file("iris.csv", paste0("file://", src), cache_dir = tempdir())
#'   nrow(read.csv(path))
#' }
get_file <- function(fname, origin, file_hash = NULL, cache_subdir = "datasets",
                     hash_algorithm = "auto", extract = FALSE, archive_format = "auto",
                     cache_dir = NULL, untar = FALSE) {
  py_call(core_module("utils")$get_file(
    fname = check_string(fname, "fname"),
    origin = check_string(origin, "origin"),
    file_hash = check_string(file_hash, "file_hash", null_ok = TRUE),
    cache_subdir = check_string(cache_subdir, "cache_subdir"),
    hash_algorithm = check_string(hash_algorithm, "hash_algorithm",
                                  choices = c("auto", "sha256", "md5")),
    extract = check_flag(extract, "extract"),
    archive_format = archive_format,
    cache_dir = if (is.null(cache_dir)) NULL else path.expand(check_string(cache_dir, "cache_dir")),
    untar = check_flag(untar, "untar")
  ))
}

#' Multiple assignment from a list
#'
#' Unpacks a list into several variables in one assignment, e.g.
#' `c(x_train, y_train) %<-% dataset$train`. Re-exported from the zeallot
#' package; see \code{zeallot::\link[zeallot:operator]{\%<-\%}} for the
#' patterns it accepts (nested `c()` unpacks nested lists).
#'
#' @name %<-%
#' @rdname multi-assign
#' @family data utilities
#' @export
#' @importFrom zeallot %<-%
#' @usage x \%<-\% value
#' @param x A name, or names nested in `c()`, to assign to.
#' @param value A list (or vector) to unpack.
#' @return Nothing useful: it assigns in the calling environment.
#' @examples
#' c(first, second) %<-% list(1:3, "b")
#' first
#' c(c(a, b), c(d, e)) %<-% list(list(1, 2), list(3, 4))
#' e
NULL

#' Reshape an array in row-major (C) order
#'
#' Gives an array new dimensions, filling them row by row (the last axis
#' varies fastest), as NumPy and Keras do, instead of column by column as
#' `dim<-` does in R. Use it to prepare R arrays whose layout must match data
#' made in Python, e.g. flattening images into rows.
#'
#' @param x An R vector, matrix or array (or a NumPy array).
#' @param dim The new dimensions; one of them may be `-1` (or `NA`) to be
#'   inferred from the length of `x`.
#' @param order `"C"` (row-major, the default) or `"F"` (column-major, as R's
#'   `dim<-`).
#'
#' @return An R array with dimensions `dim` and the type of `x`.
#' @family data utilities
#' @export
#' @examples
#' if (is_keras_available()) {
#'   m <- matrix(1:6, nrow = 2, byrow = TRUE)   # rows (1, 2, 3) and (4, 5, 6)
#'   array_reshape(m, c(3, 2))                  # rows (1, 2), (3, 4), (5, 6)
#'   array_reshape(m, c(3, 2), order = "F")     # as dim(m) <- c(3, 2)
#'   array_reshape(1:8, c(2, -1))
#' }
array_reshape <- function(x, dim, order = c("C", "F")) {
  order <- match.arg(order)
  if (!(is_py_object(x) || is.numeric(x) || is.logical(x))) {
    arg_error("x", x, "a numeric or logical vector, matrix or array")
  }
  if (!is.numeric(dim) || length(dim) == 0) {
    arg_error("dim", dim, "a vector of whole numbers (one of them may be -1)")
  }
  dim[is.na(dim)] <- -1
  if (!is_whole(dim) || any(dim < -1) || sum(dim == -1) > 1) {
    arg_error("dim", dim, "a vector of non-negative whole numbers, with at most one -1 (inferred)")
  }
  size <- if (is_py_object(x)) reticulate::py_to_r(x$size) else length(x)
  known <- prod(dim[dim != -1])
  if ((all(dim != -1) && known != size) ||
    (any(dim == -1) && (known == 0 || size %% known != 0))) {
    stop(sprintf(
      "cannot reshape `x` of %s elements into dimensions %s.",
      format(size), format_value(dim)
    ), call. = FALSE)
  }
  np <- core_np()
  if (!is_py_object(x)) {
    x <- reticulate::r_to_py(if (is.null(base::dim(x))) as.array(x) else x)
  }
  result <- py_call(np$reshape(x, reticulate::tuple(as.list(as.integer(dim))), order = order))
  reticulate::py_to_r(result)
}

#' Normalize an array along an axis
#'
#' Divides the vectors along `axis` by their L`order` norm (zero vectors stay
#' zero), as `keras.utils.normalize()`.
#'
#' @param x A numeric matrix or array.
#' @param axis The 1-based axis along which to normalize; `-1` (the default)
#'   is the last axis: for a matrix, each row is normalized.
#' @param order The order of the norm (2 is the Euclidean norm).
#'
#' @return An array of the shape of `x`.
#' @family data utilities
#' @export
#' @examples
#' if (is_keras_available()) {
#'   m <- rbind(c(3, 4), c(1, 0))
#'   normalize(m)             # rows of unit length
#'   normalize(m, axis = 1)   # columns of unit length
#'   normalize(m, order = 1)
#' }
normalize <- function(x, axis = -1, order = 2) {
  order <- as_integer_arg(order, "order", min = 1L)
  x_np <- as_data_array(x, "x", dtype = "float64")
  rank <- length(reticulate::py_to_r(x_np$shape))
  axis <- as_axis(axis)
  if (length(axis) != 1 || axis >= rank || axis < -rank) {
    arg_error("axis", axis, sprintf("a single 1-based axis of `x` (which has %d)", rank))
  }
  result <- py_call(core_module("utils", convert = FALSE)$normalize(x_np, axis = axis, order = order))
  reticulate::py_to_r(result)
}

#' A dataset of an HDF5 file, used in place of an array
#'
#' Refers to `dataset` inside the HDF5 file `datapath` without reading it into
#' memory; pass it as `x` or `y` to [fit()], [evaluate()] or [predict()] (with
#' `shuffle = "batch"` in `fit()`), which read it a batch at a time.
#'
#' @param datapath Path of the HDF5 file.
#' @param dataset Name of the dataset in the file.
#' @param start First row to use, 0-based (as in Python and R keras).
#' @param end Row to stop before, 0-based; `NULL` for all rows from `start`.
#' @param normalizer A function applied to each slice read, or `NULL`.
#'
#' @return A `HDF5Matrix` object (a Python object); `dim()` of its `shape`
#'   field gives its dimensions.
#' @family data utilities
#' @export
#' @examples
#' \donttest{
#' if (is_keras_available()) {
#'   h5py <- reticulate::import("h5py")
#'   path <- tempfile(fileext = ".h5")
#'   f <- h5py$File(path, "w")
#'   f$create_dataset("x", data = array_reshape(1:20, c(10, 2)))
#'   f$close()
#'   m <- hdf5_matrix(path, "x", start = 2, end = 6)
#'   m$shape
#' }
#' }
hdf5_matrix <- function(datapath, dataset, start = 0, end = NULL, normalizer = NULL) {
  datapath <- check_string(datapath, "datapath")
  if (!file.exists(datapath)) {
    arg_error("datapath", datapath, "the path of an existing HDF5 file")
  }
  if (!is.null(normalizer) && !is.function(normalizer)) {
    arg_error("normalizer", normalizer, "a function or NULL")
  }
  start <- as_integer_arg(start, "start", min = 0L)
  end <- as_integer_arg(end, "end", min = 0L, null_ok = TRUE)
  if (!is.null(end) && end <= start) {
    stop(sprintf("`end` (%d) must be greater than `start` (%d).", end, start), call. = FALSE)
  }
  py_call(core_module("utils")$HDF5Matrix(
    datapath = normalizePath(datapath),
    dataset = check_string(dataset, "dataset"),
    start = start,
    end = end,
    normalizer = normalizer
  ))
}

#' Convert R data to a NumPy array for Keras
#'
#' Makes a C-ordered (row-major) NumPy array from an R vector, matrix or
#' array, keeping R's indexing (`x[i, j]` in R is `a[i-1, j-1]` in Python).
#' Doubles become the backend's float type (`k_floatx()`) unless `dtype`
#' says otherwise; integers and logicals keep their type. Lists are converted
#' element by element, NumPy arrays and other Python objects are returned as
#' they are, and `NULL` stays `NULL`.
#'
#' @param x An R vector, matrix, array or numeric data frame, a list of them,
#'   or a Python object.
#' @param dtype NumPy type of the result (e.g. `"float32"`, `"int32"`), or
#'   `NULL` to choose it from the type of `x`.
#'
#' @return A NumPy array (a Python object), a list of them, or `NULL`.
#' @family data utilities
#' @export
#' @examples
#' if (is_keras_available()) {
#'   a <- keras_array(matrix(1:6, nrow = 2))
#'   a$dtype
#'   a$flags$c_contiguous
#'   keras_array(c(0.5, 1.5), dtype = "float64")
#' }
keras_array <- function(x, dtype = NULL) {
  check_string(dtype, "dtype", null_ok = TRUE)
  if (is.null(x) || is_py_object(x)) {
    return(x)
  }
  if (is.list(x) && !is.data.frame(x)) {
    return(lapply(seq_along(x), function(i) {
      as_data_array(x[[i]], sprintf("x[[%d]]", i), dtype = dtype)
    }))
  }
  as_data_array(x, "x", dtype = dtype)
}

# One R data object to a C-ordered numpy array (the worker of keras_array()).
# Unlike as_model_array() it keeps integer and logical types and the rank of
# vectors (a vector stays 1-D).
as_data_array <- function(x, name, dtype = NULL) {
  if (is_py_object(x)) {
    return(if (is.null(dtype)) x else core_np()$asarray(x, dtype = dtype))
  }
  if (is.data.frame(x)) {
    numeric_cols <- vapply(x, function(col) is.numeric(col) || is.logical(col), logical(1))
    if (!all(numeric_cols)) {
      stop(sprintf(
        "`%s` has non-numeric columns: %s. Convert them to numbers first.",
        name, paste0("`", names(x)[!numeric_cols], "`", collapse = ", ")
      ), call. = FALSE)
    }
    x <- as.matrix(x)
  }
  if (is.factor(x) || !(is.numeric(x) || is.logical(x))) {
    arg_error(name, x, "a numeric or logical vector, matrix or array")
  }
  if (anyNA(x)) {
    where <- utils::head(which(is.na(x)), 10)
    stop(sprintf(
      "`%s` contains NA values (at positions %s); remove or impute them.",
      name, paste(where, collapse = ", ")
    ), call. = FALSE)
  }
  if (is.null(dtype)) {
    dtype <- if (is.double(x)) core_module("backend")$floatx() else if (is.integer(x)) "int32" else "bool"
  }
  if (is.null(dim(x))) {
    x <- as.array(x)
  }
  core_np()$ascontiguousarray(x, dtype = dtype)
}
