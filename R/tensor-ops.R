# R's operators and functions on backend tensors, so that layer_lambda()
# bodies, custom layers and losses can be written as R keras code writes
# them: `x[, 1:latent_dim]`, `z_mean + k_exp(z_log_var / 2) * epsilon`,
# `sum(x^2)`, `x %*% w`, `dim(x)`. Each one is a call of the core: indexing
# goes through `K.index_axes()` (the backend's slice, gather and squeeze),
# reductions and functions through `K.sum()`, `K.exp()`, ..., comparisons
# through `K.greater()`, ..., and arithmetic through the tensors' own Python
# operators (which is how the core's layers do arithmetic). R numbers and
# arrays given beside a tensor become constants of the tensor's type.

# The classes reticulate gives the tensors and variables of each backend.
tensor_classes <- c(
  "tensorflow.python.types.core.Tensor",
  "theano.tensor.var._tensor_py_operators",
  "multikeras.backend.cntk_backend.Tensor"
)

# The R generics that get a method for every tensor class, with the function
# that implements them.
tensor_methods <- c(
  "[" = "tensor_index", "[[" = "tensor_element", "==" = "tensor_compare", "!=" = "tensor_compare",
  "<" = "tensor_compare", "<=" = "tensor_compare", ">" = "tensor_compare",
  ">=" = "tensor_compare", "Math" = "tensor_math", "Summary" = "tensor_summary",
  "mean" = "tensor_mean", "dim" = "tensor_dim", "length" = "tensor_length"
)

# NAMESPACE lines registering `tensor_methods` for every class in
# `tensor_classes` (used by roxygen through @evalNamespace).
tensor_s3_directives <- function() {
  grid <- expand.grid(generic = names(tensor_methods), class = tensor_classes,
                      stringsAsFactors = FALSE)
  sprintf('S3method("%s",%s,%s)', grid$generic, grid$class,
          tensor_methods[grid$generic])
}

is_backend_tensor <- function(x) inherits(x, tensor_classes)

# An operand given beside `tensor`: tensors pass through, R numbers and
# arrays become constants of the tensor's type.
tensor_operand <- function(value, tensor, name = "operand") {
  if (is_py_object(value)) {
    return(value)
  }
  if (!(is.numeric(value) || is.logical(value))) {
    arg_error(name, value, "a tensor, or an R number or array")
  }
  k_constant(value, dtype = py_call(K()$dtype(tensor)))
}

py_arith <- function(op, e1, e2) {
  operator <- reticulate::import("operator", convert = TRUE)
  if (missing(e2)) {
    fn <- switch(op, "-" = "neg", "+" = "pos")
    return(py_call(operator[[fn]](e1)))
  }
  tensor <- if (is_backend_tensor(e1)) e1 else if (is_backend_tensor(e2)) e2 else NULL
  operand <- function(x) {
    if (!is.null(tensor)) return(tensor_operand(x, tensor))
    if (is_py_object(x)) return(x)
    if (is.numeric(x) && length(x) == 1 && is.null(dim(x))) return(as.numeric(x))
    as_tensor_value(x, "operand")
  }
  fn <- switch(op, "+" = "add", "-" = "sub", "*" = "mul", "/" = "truediv", "^" = "pow",
               "%%" = "mod", "%/%" = "floordiv")
  py_call(operator[[fn]](operand(e1), operand(e2)))
}

#' Operators and R functions on tensors
#'
#' Backend tensors (layer outputs, [k_variable()], [k_constant()], the
#' arguments of [layer_lambda()] functions and custom layers) work with R's
#' operators and functions, on every backend:
#'
#' * arithmetic `+`, `-` (also unary), `*`, `/`, `^`, `%%`, `%/%`,
#'   element-wise with broadcasting;
#' * comparisons `==`, `!=`, `<`, `<=`, `>`, `>=` ([k_equal()], ...), giving
#'   boolean tensors;
#' * `%*%`, the matrix product ([k_dot()]);
#' * `exp()`, `log()` (with an optional `base`), `sqrt()`, `abs()`, `sin()`,
#'   `cos()`, `tanh()`, `sign()`, `round()` (element-wise);
#' * `sum()`, `prod()`, `max()`, `min()`, `all()`, `any()` and `mean()` over
#'   all elements (use [k_sum()] and friends for one axis);
#' * `dim()`: the static shape (`NA` for sizes known only at run time, such as
#'   the batch size), and `length()`: the number of elements (`NA` when a size
#'   is unknown).
#'
#' An R number or array beside a tensor becomes a constant of the tensor's
#' type. `%*%` is masked by the package so that it also takes tensors; on R
#' matrices it is base R's.
#'
#' @param e1,e2,x,y Tensors, or a tensor and an R number or array.
#' @return A tensor (`dim()` and `length()`: integers).
#' @family backend math
#' @name tensor-arithmetic
#' @examples
#' if (is_keras_available()) {
#'   x <- k_constant(matrix(1:6, nrow = 2))
#'   k_eval(x * 2 + 1)
#'   k_eval(-x)
#'   k_eval(x^2 / x)
#'   k_eval(x > 3)
#'   k_eval(exp(x) + sqrt(abs(x)))
#'   k_eval(sum(x))
#'   k_eval(x %*% t(matrix(1, 2, 3)))
#'   dim(x)
#' }
NULL

#' @rdname tensor-arithmetic
#' @export
"+.python.builtin.object" <- function(e1, e2) py_arith("+", e1, e2)

#' @rdname tensor-arithmetic
#' @export
"-.python.builtin.object" <- function(e1, e2) py_arith("-", e1, e2)

#' @rdname tensor-arithmetic
#' @export
"*.python.builtin.object" <- function(e1, e2) py_arith("*", e1, e2)

#' @rdname tensor-arithmetic
#' @export
"/.python.builtin.object" <- function(e1, e2) py_arith("/", e1, e2)

#' @rdname tensor-arithmetic
#' @export
"^.python.builtin.object" <- function(e1, e2) py_arith("^", e1, e2)

#' @rdname tensor-arithmetic
#' @export
"%%.python.builtin.object" <- function(e1, e2) py_arith("%%", e1, e2)

#' @rdname tensor-arithmetic
#' @export
"%/%.python.builtin.object" <- function(e1, e2) py_arith("%/%", e1, e2)

#' @rdname tensor-arithmetic
#' @export
`%*%` <- function(x, y) {
  if (is_backend_tensor(x) || is_backend_tensor(y)) {
    tensor <- if (is_backend_tensor(x)) x else y
    return(k_dot(tensor_operand(x, tensor, "x"), tensor_operand(y, tensor, "y")))
  }
  base::`%*%`(x, y)
}

#' @evalNamespace tensor_s3_directives()
NULL

tensor_compare <- function(e1, e2) {
  tensor <- if (is_backend_tensor(e1)) e1 else e2
  fn <- switch(.Generic, "==" = "equal", "!=" = "not_equal", "<" = "less",
               "<=" = "less_equal", ">" = "greater", ">=" = "greater_equal")
  k_call(fn, tensor_operand(e1, tensor, "e1"), tensor_operand(e2, tensor, "e2"))
}

tensor_math <- function(x, ...) {
  fn <- switch(.Generic, exp = "exp", log = "log", sqrt = "sqrt", abs = "abs", sin = "sin",
               cos = "cos", tanh = "tanh", sign = "sign", round = "round", NULL)
  if (is.null(fn)) {
    stop(sprintf("%s() is not available for tensors; use the k_*() backend functions.",
                 .Generic), call. = FALSE)
  }
  extra <- list(...)
  if (.Generic == "round" && length(extra) && !isTRUE(all.equal(extra[[1]], 0))) {
    stop("round() of a tensor rounds to whole numbers only (`digits` must be 0).",
         call. = FALSE)
  }
  out <- k_call(fn, x)
  if (.Generic == "log" && length(extra)) {
    out <- out / log(check_number(extra[[1]], "base", min = 0))
  }
  out
}

tensor_summary <- function(..., na.rm = FALSE) {
  reduce <- switch(.Generic, sum = "sum", prod = "prod", max = "max", min = "min",
                   all = "all", any = "any", NULL)
  if (is.null(reduce)) {
    stop(sprintf("%s() is not available for tensors; use the k_*() backend functions.",
                 .Generic), call. = FALSE)
  }
  parts <- list(...)
  tensor <- Find(is_backend_tensor, parts)
  parts <- lapply(parts, function(p) {
    k_call(reduce, tensor_operand(p, tensor, .Generic), axis = NULL, keepdims = FALSE)
  })
  combine <- switch(.Generic,
    sum = function(a, b) a + b, prod = function(a, b) a * b,
    max = function(a, b) k_maximum(a, b), min = function(a, b) k_minimum(a, b),
    all = function(a, b) k_call("all", k_call("stack", list(a, b))),
    any = function(a, b) k_call("any", k_call("stack", list(a, b)))
  )
  Reduce(combine, parts)
}

tensor_mean <- function(x, ...) {
  k_call("mean", x, axis = NULL, keepdims = FALSE)
}

tensor_dim <- function(x) {
  shape <- py_call(K()$int_shape(x))
  if (is.null(shape)) {
    return(NULL)
  }
  vapply(as.list(shape), function(d) if (is.null(d)) NA_integer_ else as.integer(d),
         integer(1))
}

tensor_length <- function(x) {
  shape <- tensor_dim(x)
  if (anyNA(shape)) NA_integer_ else as.integer(prod(shape))
}

# x[i, j, ...]: R's indexing of the leading axes, 1-based and inclusive;
# an axis left empty is kept whole, as are the axes after the last index. A
# single index drops its axis when `drop` is TRUE. Negative indices exclude
# positions, which needs the axis length. The key goes to K.index_axes().
tensor_index <- function(x, ..., drop = TRUE) {
  check_flag(drop, "drop")
  indices <- eval(substitute(alist(...)))
  if (!length(indices)) {
    return(x)
  }
  shape <- tensor_dim(x)
  if (length(indices) > length(shape)) {
    stop(sprintf("Too many indices: %d given for a tensor with %d axes (shape %s).",
                 length(indices), length(shape), format_tensor_shape(shape)), call. = FALSE)
  }
  frame <- parent.frame()
  key <- lapply(seq_along(indices), function(axis) {
    if (identical(indices[[axis]], quote(expr = ))) {
      return(NULL)
    }
    as_axis_key(eval(indices[[axis]], frame), axis, shape[[axis]], drop)
  })
  k_call("index_axes", x, key)
}

# x[[i]]: item i (1-based) along the first axis, as R keras reads a shape
# tensor: `k_shape(z)[[1]]` is the batch size, known when the graph runs.
tensor_element <- function(x, i) {
  if (!is.numeric(i) || length(i) != 1 || is.na(i) || !is_whole(i) || i < 1) {
    arg_error("i", i, "a single positive whole number (a 1-based index)")
  }
  shape <- tensor_dim(x)
  length <- if (length(shape)) shape[[1]] else NA
  if (!is.na(length) && i > length) {
    stop(sprintf("Index %d is out of range: the first axis has length %d.", i, length),
         call. = FALSE)
  }
  py_call(reticulate::py_get_item(x, as.integer(i) - 1L))
}

# One R index of `axis` (of `length`, NA when unknown) as a K.index_axes()
# entry: NULL (whole axis), a 0-based integer (axis dropped) or a list of
# 0-based integers.
as_axis_key <- function(index, axis, length, drop) {
  where <- sprintf("index %d", axis)
  if (is.null(index)) {
    return(NULL)
  }
  if (is.logical(index) && !anyNA(index)) {
    if (length(index) == 1 && index) {
      return(NULL)
    }
    if (is.na(length) || length(index) != length) {
      stop(sprintf(
        "Logical %s must have one value per position of the axis (%s); got %d values.",
        where, if (is.na(length)) "whose size is unknown" else length, length(index)
      ), call. = FALSE)
    }
    index <- which(index)
  }
  if (!is_whole(index) || length(index) == 0) {
    stop(sprintf("Tensor %s must be whole numbers (1-based positions), not %s.", where,
                 format_value(index)), call. = FALSE)
  }
  index <- index[index != 0]
  if (length(index) && all(index < 0)) {
    if (is.na(length)) {
      stop(sprintf(
        "Negative %s (exclusion) needs the size of axis %d, which is known only at run time; select the positions to keep instead.",
        where, axis
      ), call. = FALSE)
    }
    index <- setdiff(seq_len(length), -index)
  } else if (any(index < 0)) {
    stop(sprintf("Tensor %s mixes positive and negative positions.", where), call. = FALSE)
  }
  if (!length(index)) {
    stop(sprintf("Tensor %s selects no position.", where), call. = FALSE)
  }
  if (!is.na(length) && any(index > length)) {
    stop(sprintf("Tensor %s is out of bounds: %s, but axis %d has %d positions.", where,
                 format_value(index[index > length]), axis, length), call. = FALSE)
  }
  index <- as.integer(index) - 1L
  if (length(index) == 1 && drop) index else as.list(index)
}

format_tensor_shape <- function(shape) {
  paste0("(", paste(ifelse(is.na(shape), "NA", shape), collapse = ", "), ")")
}
