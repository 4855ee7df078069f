#' Stochastic gradient descent optimizer
#'
#' Includes support for momentum, learning rate decay, and Nesterov momentum.
#'
#' @param lr Learning rate, a number >= 0.
#' @param momentum Momentum, a number >= 0: accelerates SGD in the relevant
#'   direction and dampens oscillations.
#' @param decay Learning rate decay over each update, a number >= 0.
#' @param nesterov Whether to apply Nesterov momentum.
#' @param clipnorm Gradients are clipped when their L2 norm exceeds this
#'   value (`NULL`: no clipping).
#' @param clipvalue Gradients are clipped to `[-clipvalue, clipvalue]`
#'   (`NULL`: no clipping).
#'
#' @return An optimizer, for [compile()].
#' @family optimizers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   opt <- optimizer_sgd(lr = 0.1, momentum = 0.9, nesterov = TRUE)
#'   model <- keras_model_sequential() %>% layer_dense(1, input_shape = 3)
#'   model %>% compile(optimizer = opt, loss = "mse")
#' }
optimizer_sgd <- function(lr = 0.01, momentum = 0, decay = 0, nesterov = FALSE,
                          clipnorm = NULL, clipvalue = NULL) {
  args <- c(
    list(
      lr = check_number(lr, "lr", min = 0),
      momentum = check_number(momentum, "momentum", min = 0),
      decay = check_number(decay, "decay", min = 0),
      nesterov = check_flag(nesterov, "nesterov")
    ),
    clip_args(clipnorm, clipvalue)
  )
  py_call(do.call(core_module("optimizers")$SGD, args))
}

#' Adam optimizer
#'
#' Adam (Kingma and Ba, 2014), with the AMSGrad variant as an option.
#'
#' @inheritParams optimizer_sgd
#' @param beta_1,beta_2 Exponential decay rates of the first and second
#'   moment estimates, in `(0, 1)`.
#' @param epsilon Fuzz factor; `NULL` uses [k_epsilon()].
#' @param amsgrad Whether to apply the AMSGrad variant.
#' @param ... Unused.
#'
#' @return An optimizer, for [compile()].
#' @family optimizers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   opt <- optimizer_adam(lr = 0.01)
#'   model <- keras_model_sequential() %>% layer_dense(1, input_shape = 3)
#'   model %>% compile(optimizer = opt, loss = "mse")
#' }
optimizer_adam <- function(lr = 0.001, beta_1 = 0.9, beta_2 = 0.999, epsilon = NULL,
                           decay = 0, amsgrad = FALSE, clipnorm = NULL,
                           clipvalue = NULL, ...) {
  args <- c(
    list(
      lr = check_number(lr, "lr", min = 0),
      beta_1 = check_unit_interval(beta_1, "beta_1"),
      beta_2 = check_unit_interval(beta_2, "beta_2"),
      epsilon = check_number(epsilon, "epsilon", min = 0, null_ok = TRUE),
      decay = check_number(decay, "decay", min = 0),
      amsgrad = check_flag(amsgrad, "amsgrad")
    ),
    clip_args(clipnorm, clipvalue)
  )
  py_call(do.call(core_module("optimizers")$Adam, args))
}

check_unit_interval <- function(x, name) {
  x <- check_number(x, name)
  if (x <= 0 || x >= 1) arg_error(name, x, "a number in (0, 1)")
  x
}

clip_args <- function(clipnorm, clipvalue) {
  drop_nulls(list(
    clipnorm = check_number(clipnorm, "clipnorm", min = 0, null_ok = TRUE),
    clipvalue = check_number(clipvalue, "clipvalue", min = 0, null_ok = TRUE)
  ))
}
