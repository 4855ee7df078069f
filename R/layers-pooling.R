#' Max pooling operation for spatial data
#'
#' Downsamples the input by taking the maximum over windows of `pool_size`.
#'
#' @inheritParams layer-common
#' @param pool_size Height and width of the pooling window: one number (used
#'   for both) or two. `c(2, 2)` halves each spatial size.
#' @param strides Strides of the pooling window: one number, two, or `NULL`
#'   (then equal to `pool_size`).
#' @param padding `"valid"` or `"same"`.
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family pooling layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- keras_model_sequential() %>%
#'     layer_max_pooling_2d(pool_size = c(2, 2), input_shape = c(4, 4, 1)) %>%
#'     layer_flatten()
#'   model
#' }
layer_max_pooling_2d <- function(object, pool_size = c(2L, 2L), strides = NULL,
                                 padding = "valid", data_format = NULL,
                                 input_shape = NULL, batch_input_shape = NULL,
                                 batch_size = NULL, name = NULL,
                                 trainable = NULL, weights = NULL) {
  create_layer("MaxPooling2D", object, list(
    pool_size = as_int_tuple(pool_size, "pool_size", 2L),
    strides = as_int_tuple(strides, "strides", 2L, null_ok = TRUE),
    padding = check_string(padding, "padding", choices = c("valid", "same")),
    data_format = check_data_format(data_format),
    input_shape = input_shape,
    batch_input_shape = batch_input_shape,
    batch_size = batch_size,
    name = name,
    trainable = trainable,
    weights = weights
  ))
}

pooling_args <- function(pool_size, strides, padding, data_format, rank) {
  list(
    pool_size = as_int_tuple(pool_size, "pool_size", rank),
    strides = as_int_tuple(strides, "strides", rank, null_ok = TRUE),
    padding = check_string(padding, "padding", choices = c("valid", "same")),
    data_format = check_data_format(data_format)
  )
}

#' Max and average pooling for temporal (1D), spatial (2D) and volumetric
#' (3D) data
#'
#' Downsamples the input by taking the maximum (`layer_max_pooling_*()`) or
#' the average (`layer_average_pooling_*()`) over windows of `pool_size`.
#'
#' @inheritParams layer_max_pooling_2d
#' @param pool_size Size of the pooling window: one number (used for every
#'   spatial axis) or one per spatial axis.
#' @param strides Strides of the pooling window: one number, one per spatial
#'   axis, or `NULL` (then equal to `pool_size`).
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family pooling layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   m1 <- keras_model_sequential() %>%
#'     layer_max_pooling_1d(2, input_shape = c(6, 2)) %>%
#'     layer_average_pooling_1d(3)
#'   m2 <- keras_model_sequential() %>%
#'     layer_average_pooling_2d(c(2, 2), input_shape = c(4, 4, 1))
#'   m3 <- keras_model_sequential() %>%
#'     layer_max_pooling_3d(2, input_shape = c(4, 4, 4, 1)) %>%
#'     layer_average_pooling_3d(2)
#'   m3$output_shape
#' }
layer_max_pooling_1d <- function(object, pool_size = 2L, strides = NULL, padding = "valid",
                                 data_format = "channels_last", input_shape = NULL,
                                 batch_input_shape = NULL, batch_size = NULL,
                                 name = NULL, trainable = NULL, weights = NULL) {
  create_layer("MaxPooling1D", object, c(
    pooling_args(pool_size, strides, padding, data_format, 1L), standard_args()
  ))
}

#' @rdname layer_max_pooling_1d
#' @export
layer_max_pooling_3d <- function(object, pool_size = c(2L, 2L, 2L), strides = NULL,
                                 padding = "valid", data_format = NULL, input_shape = NULL,
                                 batch_input_shape = NULL, batch_size = NULL,
                                 name = NULL, trainable = NULL, weights = NULL) {
  create_layer("MaxPooling3D", object, c(
    pooling_args(pool_size, strides, padding, data_format, 3L), standard_args()
  ))
}

#' @rdname layer_max_pooling_1d
#' @export
layer_average_pooling_1d <- function(object, pool_size = 2L, strides = NULL,
                                     padding = "valid", data_format = "channels_last",
                                     input_shape = NULL, batch_input_shape = NULL,
                                     batch_size = NULL, name = NULL, trainable = NULL,
                                     weights = NULL) {
  create_layer("AveragePooling1D", object, c(
    pooling_args(pool_size, strides, padding, data_format, 1L), standard_args()
  ))
}

#' @rdname layer_max_pooling_1d
#' @export
layer_average_pooling_2d <- function(object, pool_size = c(2L, 2L), strides = NULL,
                                     padding = "valid", data_format = NULL,
                                     input_shape = NULL, batch_input_shape = NULL,
                                     batch_size = NULL, name = NULL, trainable = NULL,
                                     weights = NULL) {
  create_layer("AveragePooling2D", object, c(
    pooling_args(pool_size, strides, padding, data_format, 2L), standard_args()
  ))
}

#' @rdname layer_max_pooling_1d
#' @export
layer_average_pooling_3d <- function(object, pool_size = c(2L, 2L, 2L), strides = NULL,
                                     padding = "valid", data_format = NULL,
                                     input_shape = NULL, batch_input_shape = NULL,
                                     batch_size = NULL, name = NULL, trainable = NULL,
                                     weights = NULL) {
  create_layer("AveragePooling3D", object, c(
    pooling_args(pool_size, strides, padding, data_format, 3L), standard_args()
  ))
}

#' Global pooling layers
#'
#' Reduce every spatial (or time) axis to one value per channel, by maximum
#' or average: `(batch, ..., channels)` becomes `(batch, channels)`.
#' `layer_global_average_pooling_1d()` skips masked time steps.
#'
#' @inheritParams layer-common
#'
#' @return A model, a tensor or a layer, depending on `object`.
#' @family pooling layers
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x1 <- layer_input(shape = c(5, 3))
#'   x2 <- layer_input(shape = c(4, 4, 3))
#'   x3 <- layer_input(shape = c(2, 2, 2, 3))
#'   k_int_shape(x1 %>% layer_global_max_pooling_1d())
#'   k_int_shape(x1 %>% layer_global_average_pooling_1d())
#'   k_int_shape(x2 %>% layer_global_max_pooling_2d())
#'   k_int_shape(x2 %>% layer_global_average_pooling_2d())
#'   k_int_shape(x3 %>% layer_global_max_pooling_3d())
#'   k_int_shape(x3 %>% layer_global_average_pooling_3d())
#' }
layer_global_max_pooling_1d <- function(object, data_format = "channels_last",
                                        batch_size = NULL, name = NULL, trainable = NULL,
                                        weights = NULL) {
  create_layer("GlobalMaxPooling1D", object, c(
    list(data_format = check_data_format(data_format)), standard_args()
  ))
}

#' @rdname layer_global_max_pooling_1d
#' @export
layer_global_average_pooling_1d <- function(object, data_format = "channels_last",
                                            batch_size = NULL, name = NULL,
                                            trainable = NULL, weights = NULL) {
  create_layer("GlobalAveragePooling1D", object, c(
    list(data_format = check_data_format(data_format)), standard_args()
  ))
}

#' @rdname layer_global_max_pooling_1d
#' @export
layer_global_max_pooling_2d <- function(object, data_format = NULL, batch_size = NULL,
                                        name = NULL, trainable = NULL, weights = NULL) {
  create_layer("GlobalMaxPooling2D", object, c(
    list(data_format = check_data_format(data_format)), standard_args()
  ))
}

#' @rdname layer_global_max_pooling_1d
#' @export
layer_global_average_pooling_2d <- function(object, data_format = NULL, batch_size = NULL,
                                            name = NULL, trainable = NULL, weights = NULL) {
  create_layer("GlobalAveragePooling2D", object, c(
    list(data_format = check_data_format(data_format)), standard_args()
  ))
}

#' @rdname layer_global_max_pooling_1d
#' @export
layer_global_max_pooling_3d <- function(object, data_format = NULL, batch_size = NULL,
                                        name = NULL, trainable = NULL, weights = NULL) {
  create_layer("GlobalMaxPooling3D", object, c(
    list(data_format = check_data_format(data_format)), standard_args()
  ))
}

#' @rdname layer_global_max_pooling_1d
#' @export
layer_global_average_pooling_3d <- function(object, data_format = NULL, batch_size = NULL,
                                            name = NULL, trainable = NULL, weights = NULL) {
  create_layer("GlobalAveragePooling3D", object, c(
    list(data_format = check_data_format(data_format)), standard_args()
  ))
}
