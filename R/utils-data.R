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
