# Arithmetic on tensors with R's operators, so that custom layers and
# layer_lambda() functions can write `x * 2`, `x + y`, `-x`, `x^2`: each
# operator calls Python's (`operator.mul(x, 2)`), which the backend's tensors
# implement. R arrays on either side become tensors of floatx.

py_arith <- function(op, e1, e2) {
  operator <- reticulate::import("operator", convert = TRUE)
  if (missing(e2)) {
    fn <- switch(op, "-" = "neg", "+" = "pos")
    return(py_call(operator[[fn]](e1)))
  }
  operand <- function(x) {
    if (is_py_object(x)) return(x)
    if (is.numeric(x) && length(x) == 1 && is.null(dim(x))) return(as.numeric(x))
    as_tensor_value(x, "operand")
  }
  fn <- switch(op, "+" = "add", "-" = "sub", "*" = "mul", "/" = "truediv", "^" = "pow",
               "%%" = "mod", "%/%" = "floordiv")
  py_call(operator[[fn]](operand(e1), operand(e2)))
}

#' Arithmetic operators for tensors
#'
#' `+`, `-`, `*`, `/`, `^`, `%%` and `%/%` work on backend tensors (and on
#' a tensor and an R number or array), element-wise with broadcasting, as
#' the Python operators do. Comparisons (`==`, `>`, ...) come from
#' reticulate.
#'
#' @param e1,e2 Tensors, or a tensor and an R number or array.
#' @return A tensor.
#' @family backend math
#' @name tensor-arithmetic
#' @examples
#' if (is_keras_available()) {
#'   x <- k_constant(c(1, 2, 3))
#'   k_eval(x * 2 + 1)
#'   k_eval(-x)
#'   k_eval(x^2 / x)
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
