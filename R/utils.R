# Argument conversion and validation shared by every wrapper. The R code holds
# no numerical logic: it turns R values (doubles, 1-based axes, NULL, arrays)
# into what the Python core expects, and rejects bad input with a message that
# names the argument, the value and what is expected.

# Formats a value for an error message.
format_value <- function(x) {
  if (is.null(x)) {
    return("NULL")
  }
  if (is.character(x)) {
    shown <- paste0('"', utils::head(x, 5), '"')
  } else if (is.atomic(x)) {
    shown <- format(utils::head(x, 5), trim = TRUE)
  } else {
    return(paste0("an object of class ", class(x)[1]))
  }
  if (length(x) > 5) {
    shown <- c(shown, "...")
  }
  if (length(x) == 1) shown else paste0("c(", paste(shown, collapse = ", "), ")")
}

arg_error <- function(name, value, expected) {
  stop(sprintf("`%s` must be %s, not %s.", name, expected, format_value(value)),
    call. = FALSE
  )
}

is_whole <- function(x) {
  is.numeric(x) && !anyNA(x) && all(is.finite(x)) && all(abs(x - round(x)) < 1e-8)
}

# Coerces `x` to integer(s) for Python, validating it.
#   name: the argument name used in errors
#   len: required length (NULL: any length >= 1)
#   min: smallest allowed value (NULL: no bound)
#   null_ok: whether NULL is allowed (it is then passed on as None)
as_integer_arg <- function(x, name, len = 1L, min = NULL, null_ok = FALSE) {
  if (is.null(x)) {
    if (null_ok) {
      return(NULL)
    }
    arg_error(name, x, expectation(len, min))
  }
  if (is.logical(x) || !is_whole(x) || length(x) == 0 ||
    (!is.null(len) && length(x) != len) ||
    (!is.null(min) && any(x < min))) {
    arg_error(name, x, expectation(len, min))
  }
  as.integer(x)
}

expectation <- function(len, min) {
  what <- if (is.null(min)) {
    "whole number"
  } else if (min == 1) {
    "positive whole number"
  } else if (min == 0) {
    "non-negative whole number"
  } else {
    sprintf("whole number >= %d", min)
  }
  if (is.null(len)) {
    paste0("a vector of ", what, "s")
  } else if (len == 1) {
    paste0(if (grepl("^[aeiou]", what)) "an " else "a ", what)
  } else {
    sprintf("a vector of %d %ss", len, what)
  }
}

# A length-`len` integer tuple (kernel sizes, strides, pool sizes...): a single
# number is recycled, as in Keras.
as_int_tuple <- function(x, name, len, min = 1L, null_ok = FALSE) {
  if (is.null(x) && null_ok) {
    return(NULL)
  }
  if (is.numeric(x) && length(x) == 1) {
    x <- rep(x, len)
  }
  if (!is.numeric(x) || length(x) != len) {
    arg_error(name, x, if (len == 1) {
      "a single positive whole number"
    } else {
      sprintf("a single positive whole number or a vector of %d of them", len)
    })
  }
  reticulate::tuple(as.list(as_integer_arg(x, name, len = len, min = min)))
}

# 1-based R axes to 0-based Python axes. Negative axes count from the end and
# are kept as they are; NULL stays NULL (None); 0 is an error.
as_axis <- function(axis, name = "axis") {
  if (is.null(axis)) {
    return(NULL)
  }
  if (!is_whole(axis) || length(axis) == 0 || any(axis == 0)) {
    arg_error(name, axis, "a 1-based axis (a non-zero whole number; negative counts from the end)")
  }
  axis <- as.integer(axis)
  axis <- ifelse(axis > 0L, axis - 1L, axis)
  if (length(axis) == 1) axis else as.list(axis)
}

# A shape for Python: c(28, 28, 1) -> (28, 28, 1); NA or NULL entries (in a
# list) -> None.
as_shape <- function(shape, name = "shape") {
  if (is.null(shape) || inherits(shape, "python.builtin.object")) {
    return(shape) # NULL, or a shape tensor such as k_shape(x)
  }
  if (!is.list(shape)) {
    if (!(is.numeric(shape) || is.logical(shape)) || length(shape) == 0) {
      arg_error(name, shape, "a vector of positive whole numbers (NA for an unknown size)")
    }
    shape <- as.list(shape)
  }
  dims <- lapply(shape, function(d) {
    if (is.null(d) || inherits(d, "python.builtin.object")) {
      return(d) # unknown, or a size known when the graph runs (k_shape(x)[[1]])
    }
    if (length(d) == 1 && is.na(d)) {
      return(NULL)
    }
    if (length(d) != 1 || !is_whole(d) || d < 1) {
      arg_error(name, unlist(lapply(shape, function(v) if (is.null(v)) NA else v)),
        "a vector of positive whole numbers (NA or NULL for an unknown size)")
    }
    as.integer(d)
  })
  reticulate::tuple(dims)
}

check_string <- function(x, name, null_ok = FALSE, choices = NULL) {
  if (is.null(x) && null_ok) {
    return(NULL)
  }
  if (!is.character(x) || length(x) != 1 || is.na(x)) {
    arg_error(name, x, if (null_ok) "a single string or NULL" else "a single string")
  }
  if (!is.null(choices) && !x %in% choices) {
    arg_error(name, x, paste0("one of ", paste0('"', choices, '"', collapse = ", ")))
  }
  x
}

check_flag <- function(x, name) {
  if (!is.logical(x) || length(x) != 1 || is.na(x)) {
    arg_error(name, x, "TRUE or FALSE")
  }
  x
}

check_number <- function(x, name, min = NULL, null_ok = FALSE) {
  if (is.null(x) && null_ok) {
    return(NULL)
  }
  if (!is.numeric(x) || length(x) != 1 || is.na(x) || (!is.null(min) && x < min)) {
    arg_error(name, x, if (is.null(min)) "a single number" else sprintf("a single number >= %s", min))
  }
  as.numeric(x)
}

# Drops the NULL entries of a list (for keyword arguments Python must not
# receive as None).
drop_nulls <- function(x) {
  x[!vapply(x, is.null, logical(1))]
}

# Runs a call into Python and re-raises a Python error as a plain R error
# whose message is the Python exception (type and text), without the C++
# wrapper noise.
py_call <- function(expr) {
  tryCatch(expr, error = function(e) {
    if (inherits(e, "C++Error") && grepl("basic_string::substr", conditionMessage(e))) {
      # reticulate 1.28 fails to format some long Python messages (the core's
      # lists of valid names): take the exception as Python raised it.
      last <- reticulate::py_last_error()
      if (!is.null(last)) stop(paste0(last$type, ": ", last$value), call. = FALSE)
    }
    if (inherits(e, "Rcpp::exception") || inherits(e, "python.builtin.BaseException")) {
      message <- conditionMessage(e)
      message <- sub("\n\nDetailed traceback:.*$", "", message)
      message <- sub("[[:space:]]+$", "", message)
      stop(r_axis_message(message), call. = FALSE)
    }
    stop(e)
  })
}

is_py_object <- function(x) inherits(x, "python.builtin.object")

# The core's axis errors (multikeras.backend.AxisError) name 0-based axes;
# R users write 1-based ones (as_axis() subtracts 1 from positive axes), so
# the message is restated with the axis and the valid range as R counts them.
r_axis_message <- function(message) {
  range_pattern <- paste0(
    "^([A-Za-z_.]+: )?([A-Za-z_0-9]+): `([a-z_]+)` = (-?[0-9]+) is out of range for a tensor ",
    "of rank ([0-9]+); valid axes are (-?[0-9]+) to (-?[0-9]+).*$"
  )
  parts <- regmatches(message, regexec(range_pattern, message))[[1]]
  if (length(parts) == 8) {
    axis <- as.integer(parts[5])
    high <- as.integer(parts[8]) + 1L
    return(sprintf(
      "k_%s(): `%s` = %d is out of range for a tensor of rank %s; valid axes are 1 to %d, or -%d to -1 counting from the end.",
      parts[3], parts[4], if (axis >= 0) axis + 1L else axis, parts[6], high, high
    ))
  }
  size_pattern <- "^([A-Za-z_.]+: )?([A-Za-z_0-9]+): `([a-z_]+)` = (-?[0-9]+) has size (.*)$"
  parts <- regmatches(message, regexec(size_pattern, message))[[1]]
  if (length(parts) == 6) {
    axis <- as.integer(parts[5])
    return(sprintf(
      "k_%s(): `%s` = %d has size %s", parts[3], parts[4],
      if (axis >= 0) axis + 1L else axis, parts[6]
    ))
  }
  pattern_pattern <- paste0(
    "^([A-Za-z_.]+: )?([A-Za-z_0-9]+): `pattern` = \\(([-0-9, ]*)\\) is not a permutation .* ",
    "of rank ([0-9]+)\\.$"
  )
  parts <- regmatches(message, regexec(pattern_pattern, message))[[1]]
  if (length(parts) == 5) {
    given <- as.integer(strsplit(parts[4], ",[[:space:]]*")[[1]])
    given <- ifelse(given >= 0, given + 1L, given)
    return(sprintf(
      "k_%s(): `pattern` = c(%s) is not a permutation of the axes 1 to %s of a tensor of rank %s.",
      parts[3], paste(given, collapse = ", "), parts[5], parts[5]
    ))
  }
  message
}

# ---------------------------------------------------------------------------
# Data: R vectors, matrices, arrays and data frames to numpy arrays.

# Number of samples (rows) of an R data object.
n_samples <- function(x) {
  if (is.data.frame(x)) nrow(x) else if (is.null(dim(x))) length(x) else dim(x)[1]
}

# Validates and converts one R data object to a numpy array. R arrays keep
# their logical indexing: x[i, j, k] in R is a[i-1, j-1, k-1] in numpy.
as_model_array <- function(x, name, dtype = NULL) {
  if (is_py_object(x)) {
    return(x)
  }
  if (is.data.frame(x)) {
    numeric_cols <- vapply(x, function(col) is.numeric(col) || is.logical(col), logical(1))
    if (!all(numeric_cols)) {
      bad <- names(x)[!numeric_cols]
      types <- vapply(x[!numeric_cols], function(col) class(col)[1], character(1))
      stop(sprintf(
        "`%s` has non-numeric columns: %s. Convert them to numbers first (e.g. one-hot encode factors with to_categorical()).",
        name, paste0("`", bad, "` (", types, ")", collapse = ", ")
      ), call. = FALSE)
    }
    x <- as.matrix(x)
    storage.mode(x) <- "double"
  }
  if (is.factor(x)) {
    stop(sprintf(
      "`%s` is a factor; convert it to integer class ids (e.g. as.integer(%s) - 1) or one-hot encode it with to_categorical().",
      name, name
    ), call. = FALSE)
  }
  if (!(is.numeric(x) || is.logical(x))) {
    stop(sprintf(
      "`%s` must be a numeric vector, matrix, array or data frame, not %s.",
      name, paste0("an object of type ", typeof(x), " (class ", class(x)[1], ")")
    ), call. = FALSE)
  }
  if (anyNA(x)) {
    where <- if (is.null(dim(x))) which(is.na(x)) else unique(which(is.na(x), arr.ind = TRUE)[, 1])
    where <- sort(where)
    shown <- paste(utils::head(where, 10), collapse = ", ")
    if (length(where) > 10) shown <- paste0(shown, ", ...")
    stop(sprintf(
      "`%s` contains NA values at %s %s (%d in total); remove or impute them.",
      name, if (length(where) == 1) "row" else "rows", shown, length(where)
    ), call. = FALSE)
  }
  # Inf would turn the weights into NaN; range() is one pass with no copy.
  if (is.double(x) && length(x) > 0 && any(is.infinite(range(x)))) {
    first <- which(is.infinite(x))[1]
    row <- if (is.null(dim(x))) first else arrayInd(first, dim(x))[1, 1]
    stop(sprintf(
      "`%s` contains infinite values (the first, %s, in row %d); remove or replace them.",
      name, format(x[first]), row
    ), call. = FALSE)
  }
  if (is.null(dim(x))) {
    x <- matrix(x, ncol = 1)
  }
  if (!is.double(x)) {
    # Only when needed: on an argument, R copies the whole array to do it.
    storage.mode(x) <- "double"
  }
  dtype <- dtype %||% core_module("backend")$floatx()
  core_np()$ascontiguousarray(x, dtype = dtype)
}

# One data object or a list of them (multi-input / multi-output models).
as_model_data <- function(x, name) {
  if (is.null(x)) {
    return(NULL)
  }
  if (is.list(x) && !is.data.frame(x)) {
    return(lapply(seq_along(x), function(i) {
      as_model_array(x[[i]], sprintf("%s[[%d]]", name, i))
    }))
  }
  as_model_array(x, name)
}

data_rows <- function(x) {
  if (is.null(x)) {
    return(NULL)
  }
  if (is.list(x) && !is.data.frame(x)) {
    return(vapply(x, function(el) as.numeric(n_samples(el)), numeric(1)))
  }
  if (is_py_object(x)) {
    return(as.numeric(reticulate::py_to_r(x$shape)[[1]]))
  }
  as.numeric(n_samples(x))
}

check_same_rows <- function(x, y, x_name = "x", y_name = "y") {
  nx <- data_rows(x)
  ny <- data_rows(y)
  if (is.null(nx) || is.null(ny)) {
    return(invisible(TRUE))
  }
  if (length(unique(c(nx, ny))) > 1) {
    stop(sprintf(
      "`%s` has %s samples (rows) but `%s` has %s; they must have the same number of samples.",
      x_name, paste(unique(nx), collapse = "/"), y_name, paste(unique(ny), collapse = "/")
    ), call. = FALSE)
  }
  invisible(TRUE)
}

`%||%` <- function(x, y) if (is.null(x)) y else x
