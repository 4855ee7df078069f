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

#' RMSProp, Adagrad, Adadelta, Adamax and Nadam optimizers
#'
#' Adaptive learning-rate optimizers, with the arguments and defaults of
#' R keras 2.2: RMSProp divides the gradient by a running average of its
#' magnitude; Adagrad scales by the sum of past squared gradients; Adadelta
#' by running averages of squared gradients and updates; Adamax is Adam with
#' the infinity norm; Nadam is Adam with Nesterov momentum.
#'
#' @inheritParams optimizer_adam
#' @param rho Decay factor of the running averages (RMSProp, Adadelta).
#' @param schedule_decay Decay of Nadam's momentum schedule.
#'
#' @return An optimizer, for [compile()].
#' @family optimizers
#' @name optimizer_adaptive
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>% layer_dense(1, input_shape = 3)
#'   model %>% compile(optimizer = optimizer_rmsprop(lr = 0.01), loss = "mse")
#'   model %>% compile(optimizer = optimizer_nadam(), loss = "mse")
#' }
NULL

#' @rdname optimizer_adaptive
#' @export
optimizer_rmsprop <- function(lr = 0.001, rho = 0.9, epsilon = NULL, decay = 0,
                              clipnorm = NULL, clipvalue = NULL) {
  make_optimizer("RMSprop", lr, clipnorm, clipvalue,
                 rho = check_number(rho, "rho", min = 0),
                 epsilon = check_number(epsilon, "epsilon", min = 0, null_ok = TRUE),
                 decay = check_number(decay, "decay", min = 0))
}

#' @rdname optimizer_adaptive
#' @export
optimizer_adagrad <- function(lr = 0.01, epsilon = NULL, decay = 0,
                              clipnorm = NULL, clipvalue = NULL) {
  make_optimizer("Adagrad", lr, clipnorm, clipvalue,
                 epsilon = check_number(epsilon, "epsilon", min = 0, null_ok = TRUE),
                 decay = check_number(decay, "decay", min = 0))
}

#' @rdname optimizer_adaptive
#' @export
optimizer_adadelta <- function(lr = 1.0, rho = 0.95, epsilon = NULL, decay = 0,
                               clipnorm = NULL, clipvalue = NULL) {
  make_optimizer("Adadelta", lr, clipnorm, clipvalue,
                 rho = check_number(rho, "rho", min = 0),
                 epsilon = check_number(epsilon, "epsilon", min = 0, null_ok = TRUE),
                 decay = check_number(decay, "decay", min = 0))
}

#' @rdname optimizer_adaptive
#' @export
optimizer_adamax <- function(lr = 0.002, beta_1 = 0.9, beta_2 = 0.999, epsilon = NULL,
                             decay = 0, clipnorm = NULL, clipvalue = NULL) {
  make_optimizer("Adamax", lr, clipnorm, clipvalue,
                 beta_1 = check_unit_interval(beta_1, "beta_1"),
                 beta_2 = check_unit_interval(beta_2, "beta_2"),
                 epsilon = check_number(epsilon, "epsilon", min = 0, null_ok = TRUE),
                 decay = check_number(decay, "decay", min = 0))
}

#' @rdname optimizer_adaptive
#' @export
optimizer_nadam <- function(lr = 0.002, beta_1 = 0.9, beta_2 = 0.999, epsilon = NULL,
                            schedule_decay = 0.004, clipnorm = NULL, clipvalue = NULL) {
  make_optimizer("Nadam", lr, clipnorm, clipvalue,
                 beta_1 = check_unit_interval(beta_1, "beta_1"),
                 beta_2 = check_unit_interval(beta_2, "beta_2"),
                 epsilon = check_number(epsilon, "epsilon", min = 0, null_ok = TRUE),
                 schedule_decay = check_number(schedule_decay, "schedule_decay", min = 0))
}

# Builds the core optimizer `class_name` from checked arguments.
make_optimizer <- function(class_name, lr, clipnorm, clipvalue, ...) {
  args <- c(list(lr = check_number(lr, "lr", min = 0), ...), clip_args(clipnorm, clipvalue))
  py_call(do.call(core_module("optimizers")[[class_name]], drop_nulls(args)))
}
