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
