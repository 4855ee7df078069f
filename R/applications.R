# Applications: the Keras 2.3 model zoo (multikeras.applications) with the
# names, arguments and defaults of R keras 2.2, plus the ImageNet input
# preprocessing and prediction decoding of each model. The models, their
# weights and the preprocessing live in the core; these wrappers convert and
# check arguments.

# The function of the application `constructor` (see build_application()) for
# the models whose only arguments are those every application shares, with R
# keras 2.2's defaults.
standard_application <- function(constructor) {
  force(constructor)
  function(include_top = TRUE, weights = "imagenet", input_tensor = NULL, input_shape = NULL,
           pooling = NULL, classes = 1000) {
    build_application(constructor, include_top, weights, input_tensor, input_shape, pooling,
                      classes)
  }
}

#' VGG16 and VGG19 models
#'
#' Build the VGG16 or VGG19 architecture, optionally with the weights
#' pre-trained on ImageNet. Inputs are preprocessed with
#' [imagenet_preprocess_input()].
#'
#' Every application follows the `image_data_format` of the backend
#' ([k_image_data_format()]); the ImageNet weights are downloaded once, with
#' their published file hash checked, into the `models` folder of the cache
#' (`~/.keras`, or `KERAS_HOME`) and load on every backend.
#'
#' @param include_top Whether to include the fully-connected classifier at
#'   the top of the network.
#' @param weights `NULL` (random initialization), `"imagenet"` (weights
#'   pre-trained on ImageNet) or the path of a weights file to load.
#' @param input_tensor Optional tensor (e.g. from [layer_input()]) to use as
#'   the image input of the model.
#' @param input_shape Optional shape of the input images, without the batch
#'   dimension: `c(rows, cols, 3)` with `"channels_last"` images. Only to be
#'   given when `include_top` is `FALSE` (with the top, the input has the size
#'   the model was designed for, `c(224, 224, 3)` here); `NA` for a size left
#'   open. Each side must be at least the model's minimum (32 here).
#' @param pooling Pooling of the features when `include_top` is `FALSE`:
#'   `NULL` (the output is the 4D tensor of the last convolutional block),
#'   `"avg"` (global average pooling, a 2D output) or `"max"` (global max
#'   pooling).
#' @param classes Number of classes to classify images into, only with
#'   `include_top = TRUE` and without `weights = "imagenet"` (which needs
#'   1000).
#'
#' @return A Keras model.
#'
#' @section Reference:
#'   - [Very Deep Convolutional Networks for Large-Scale Image Recognition](https://arxiv.org/abs/1409.1556)
#'
#' @family applications
#' @name application_vgg
#' @examples
#' if (is_keras_available()) {
#'   # the convolutional base only, random weights, small images
#'   model <- application_vgg16(include_top = FALSE, weights = NULL,
#'                              input_shape = c(32, 32, 3), pooling = "avg")
#'   model$output_shape
#' }
#' \dontrun{
#' # with the ImageNet weights (downloaded on first use)
#' model <- application_vgg16(weights = "imagenet")
#' img <- image_load("elephant.jpg", target_size = c(224, 224))
#' x <- imagenet_preprocess_input(array_reshape(image_to_array(img), c(1, 224, 224, 3)))
#' imagenet_decode_predictions(predict(model, x), top = 3)[[1]]
#' }
NULL

#' @rdname application_vgg
#' @export
application_vgg16 <- standard_application("VGG16")

#' @rdname application_vgg
#' @export
application_vgg19 <- standard_application("VGG19")

#' ResNet models
#'
#' Build ResNet50 (as R keras 2.2) or the deeper ResNet101 and ResNet152, and
#' their "v2" variants with pre-activation blocks (Keras 2.3), optionally with
#' the weights pre-trained on ImageNet. ResNet and ResNet v1 inputs are
#' preprocessed with [imagenet_preprocess_input()] (mode `"caffe"`), ResNet
#' v2 inputs with `resnet_v2_preprocess_input()` (scaled to \[-1, 1\]).
#'
#' @inheritParams application_vgg
#' @param x Images: an array of RGB values from 0 to 255, of dimension
#'   `c(samples, rows, cols, channels)` (or one image without the first
#'   dimension), or a tensor.
#'
#' @return The `application_*()` functions: a Keras model. The
#'   `*_preprocess_input()` functions: the preprocessed images (an array, or
#'   a tensor for a tensor).
#'
#' @section Reference:
#'   - [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)
#'   - [Identity Mappings in Deep Residual Networks](https://arxiv.org/abs/1603.05027)
#'
#' @family applications
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- application_resnet50(weights = NULL, input_shape = c(32, 32, 3), classes = 10)
#'   count_params(model)
#'   x <- array(runif(2 * 32 * 32 * 3, 0, 255), dim = c(2, 32, 32, 3))
#'   range(resnet_v2_preprocess_input(x))
#' }
application_resnet50 <- standard_application("ResNet50")

#' @rdname application_resnet50
#' @export
application_resnet101 <- standard_application("ResNet101")

#' @rdname application_resnet50
#' @export
application_resnet152 <- standard_application("ResNet152")

#' @rdname application_resnet50
#' @export
application_resnet50_v2 <- standard_application("ResNet50V2")

#' @rdname application_resnet50
#' @export
application_resnet101_v2 <- standard_application("ResNet101V2")

#' @rdname application_resnet50
#' @export
application_resnet152_v2 <- standard_application("ResNet152V2")

#' @rdname application_resnet50
#' @export
resnet_v2_preprocess_input <- function(x) {
  preprocess_images("resnet_v2", x)
}

#' Inception V3 model
#'
#' Build the Inception V3 architecture, optionally with the weights
#' pre-trained on ImageNet. Its default input is 299 x 299 (not 224 x 224 as
#' VGG and ResNet), and at least 75 x 75. Inputs are preprocessed with
#' `inception_v3_preprocess_input()` (pixels scaled to \[-1, 1\]).
#'
#' @inheritParams application_resnet50
#'
#' @return `application_inception_v3()`: a Keras model.
#'   `inception_v3_preprocess_input()`: the preprocessed images.
#'
#' @section Reference:
#'   - [Rethinking the Inception Architecture for Computer Vision](https://arxiv.org/abs/1512.00567)
#'
#' @family applications
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- array(c(0, 127.5, 255), dim = c(1, 1, 1, 3))
#'   inception_v3_preprocess_input(x) # -1, 0, 1
#' }
#' \donttest{
#' if (is_keras_available()) {
#'   model <- application_inception_v3(weights = NULL, include_top = FALSE,
#'                                     input_shape = c(75, 75, 3), pooling = "avg")
#'   model$output_shape
#' }
#' }
application_inception_v3 <- standard_application("InceptionV3")

#' @rdname application_inception_v3
#' @export
inception_v3_preprocess_input <- function(x) {
  preprocess_images("inception_v3", x)
}

#' Inception-ResNet v2 model
#'
#' Build the Inception-ResNet v2 architecture, optionally with the weights
#' pre-trained on ImageNet. Its default input is 299 x 299, and at least
#' 75 x 75. Inputs are preprocessed with
#' `inception_resnet_v2_preprocess_input()` (pixels scaled to \[-1, 1\]).
#'
#' @inheritParams application_resnet50
#'
#' @return `application_inception_resnet_v2()`: a Keras model.
#'   `inception_resnet_v2_preprocess_input()`: the preprocessed images.
#'
#' @section Reference:
#'   - [Inception-v4, Inception-ResNet and the Impact of Residual Connections on Learning](https://arxiv.org/abs/1602.07261)
#'
#' @family applications
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- array(c(0, 127.5, 255), dim = c(1, 1, 1, 3))
#'   inception_resnet_v2_preprocess_input(x)
#' }
#' \donttest{
#' if (is_keras_available()) {
#'   model <- application_inception_resnet_v2(weights = NULL, include_top = FALSE,
#'                                            input_shape = c(75, 75, 3))
#'   length(model$layers)
#' }
#' }
application_inception_resnet_v2 <- standard_application("InceptionResNetV2")

#' @rdname application_inception_resnet_v2
#' @export
inception_resnet_v2_preprocess_input <- function(x) {
  preprocess_images("inception_resnet_v2", x)
}

#' Xception model
#'
#' Build the Xception V1 architecture, optionally with the weights
#' pre-trained on ImageNet. Its default input is 299 x 299, and at least
#' 71 x 71. Inputs are preprocessed with `xception_preprocess_input()`
#' (pixels scaled to \[-1, 1\]).
#'
#' @inheritParams application_resnet50
#'
#' @return `application_xception()`: a Keras model.
#'   `xception_preprocess_input()`: the preprocessed images.
#'
#' @section Reference:
#'   - [Xception: Deep Learning with Depthwise Separable Convolutions](https://arxiv.org/abs/1610.02357)
#'
#' @family applications
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- application_xception(weights = NULL, include_top = FALSE,
#'                                 input_shape = c(71, 71, 3), pooling = "max")
#'   model$output_shape
#'   xception_preprocess_input(array(255, dim = c(1, 2, 2, 3)))
#' }
application_xception <- standard_application("Xception")

#' @rdname application_xception
#' @export
xception_preprocess_input <- function(x) {
  preprocess_images("xception", x)
}

#' MobileNet model
#'
#' Build the MobileNet architecture, optionally with the weights pre-trained
#' on ImageNet (published for `alpha` 0.25, 0.5, 0.75 or 1, input sides 128,
#' 160, 192 or 224 and `depth_multiplier` 1). Inputs are preprocessed with
#' `mobilenet_preprocess_input()` (pixels scaled to \[-1, 1\]);
#' `mobilenet_decode_predictions()` decodes ImageNet predictions as
#' [imagenet_decode_predictions()] does; `mobilenet_load_model_hdf5()` loads
#' a saved MobileNet (its layers are standard ones: it is
#' [load_model_hdf5()]).
#'
#' @inheritParams application_resnet50
#' @inheritParams imagenet_decode_predictions
#' @param input_shape Optional shape of the input images, without the batch
#'   dimension, e.g. `c(160, 160, 3)`; with `include_top` it may differ from
#'   the default `c(224, 224, 3)` only without ImageNet weights. Each side
#'   must be at least 32.
#' @param alpha Width of the network: below 1 proportionally fewer filters in
#'   each layer, above 1 more; 1 is the paper's network.
#' @param depth_multiplier Depth multiplier of the depthwise convolutions.
#' @param dropout Dropout rate before the classifier.
#' @param filepath Path of an HDF5 model file.
#'
#' @return `application_mobilenet()` and `mobilenet_load_model_hdf5()`: a
#'   Keras model. `mobilenet_preprocess_input()`: the preprocessed images.
#'   `mobilenet_decode_predictions()`: as [imagenet_decode_predictions()].
#'
#' @section Reference:
#'   - [MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications](https://arxiv.org/abs/1704.04861)
#'
#' @family applications
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- application_mobilenet(input_shape = c(32, 32, 3), alpha = 0.25,
#'                                  weights = NULL, classes = 4)
#'   model$name
#'   range(mobilenet_preprocess_input(array(c(0, 255), dim = c(1, 1, 2, 3))))
#' }
#' \dontrun{
#' save_model_hdf5(model, "mobilenet.h5")
#' model <- mobilenet_load_model_hdf5("mobilenet.h5")
#' }
application_mobilenet <- function(input_shape = NULL, alpha = 1.0, depth_multiplier = 1,
                                  dropout = 0.001, include_top = TRUE, weights = "imagenet",
                                  input_tensor = NULL, pooling = NULL, classes = 1000) {
  build_application("MobileNet", include_top, weights, input_tensor, input_shape, pooling,
                    classes,
                    alpha = check_number(alpha, "alpha"),
                    depth_multiplier = as_integer_arg(depth_multiplier, "depth_multiplier",
                                                      min = 1L),
                    dropout = check_number(dropout, "dropout", min = 0))
}

#' @rdname application_mobilenet
#' @export
mobilenet_preprocess_input <- function(x) {
  preprocess_images("mobilenet", x)
}

#' @rdname application_mobilenet
#' @export
mobilenet_decode_predictions <- function(preds, top = 5) {
  imagenet_decode_predictions(preds, top)
}

#' @rdname application_mobilenet
#' @export
mobilenet_load_model_hdf5 <- function(filepath) {
  load_model_hdf5(filepath)
}

#' MobileNetV2 model
#'
#' Build the MobileNetV2 architecture, optionally with the weights
#' pre-trained on ImageNet (published for `alpha` 0.35, 0.5, 0.75, 1, 1.3
#' or 1.4 and input sides 96, 128, 160, 192 or 224). Inputs are preprocessed
#' with `mobilenet_v2_preprocess_input()` (pixels scaled to \[-1, 1\]).
#'
#' @inheritParams application_mobilenet
#'
#' @return `application_mobilenet_v2()` and `mobilenet_v2_load_model_hdf5()`:
#'   a Keras model. `mobilenet_v2_preprocess_input()`: the preprocessed
#'   images. `mobilenet_v2_decode_predictions()`: as
#'   [imagenet_decode_predictions()].
#'
#' @section Reference:
#'   - [MobileNetV2: Inverted Residuals and Linear Bottlenecks](https://arxiv.org/abs/1801.04381)
#'
#' @family applications
#' @export
#' @examples
#' if (is_keras_available()) {
#'   # a feature extractor for small images
#'   base <- application_mobilenet_v2(input_shape = c(32, 32, 3), alpha = 0.35,
#'                                    include_top = FALSE, weights = NULL, pooling = "avg")
#'   base$output_shape
#'   x <- mobilenet_v2_preprocess_input(array(runif(32 * 32 * 3, 0, 255), c(1, 32, 32, 3)))
#'   dim(predict(base, x))
#' }
application_mobilenet_v2 <- function(input_shape = NULL, alpha = 1.0, include_top = TRUE,
                                     weights = "imagenet", input_tensor = NULL, pooling = NULL,
                                     classes = 1000) {
  build_application("MobileNetV2", include_top, weights, input_tensor, input_shape, pooling,
                    classes, alpha = check_number(alpha, "alpha"))
}

#' @rdname application_mobilenet_v2
#' @export
mobilenet_v2_preprocess_input <- function(x) {
  preprocess_images("mobilenet_v2", x)
}

#' @rdname application_mobilenet_v2
#' @export
mobilenet_v2_decode_predictions <- function(preds, top = 5) {
  imagenet_decode_predictions(preds, top)
}

#' @rdname application_mobilenet_v2
#' @export
mobilenet_v2_load_model_hdf5 <- function(filepath) {
  load_model_hdf5(filepath)
}

#' DenseNet models
#'
#' Build a DenseNet architecture: DenseNet121, DenseNet169 or DenseNet201,
#' optionally with the weights pre-trained on ImageNet, or one with
#' `blocks` of your choice (`application_densenet()`). Inputs are
#' preprocessed with `densenet_preprocess_input()` (pixels scaled to
#' \[0, 1\], then normalized per channel by the ImageNet mean and standard
#' deviation).
#'
#' @inheritParams application_resnet50
#' @param blocks The numbers of layers in the four dense blocks, e.g.
#'   `c(6, 12, 24, 16)` (DenseNet121); ImageNet weights exist only for the
#'   three published networks.
#' @param data_format Where the channels are in `x`: `"channels_last"` or
#'   `"channels_first"`; `NULL` for the backend's `image_data_format`.
#'
#' @return The `application_*()` functions: a Keras model.
#'   `densenet_preprocess_input()`: the preprocessed images.
#'
#' @section Reference:
#'   - [Densely Connected Convolutional Networks](https://arxiv.org/abs/1608.06993)
#'
#' @family applications
#' @export
#' @examples
#' if (is_keras_available()) {
#'   model <- application_densenet(blocks = c(1, 1, 1, 1), weights = NULL,
#'                                 input_shape = c(32, 32, 3), classes = 3)
#'   model$output_shape
#'   densenet_preprocess_input(array(255, dim = c(1, 1, 1, 3)))
#' }
application_densenet <- function(blocks, include_top = TRUE, weights = "imagenet",
                                 input_tensor = NULL, input_shape = NULL, pooling = NULL,
                                 classes = 1000) {
  build_application("densenet.DenseNet", include_top, weights, input_tensor, input_shape,
                    pooling, classes,
                    blocks = as.list(as_integer_arg(blocks, "blocks", len = 4L, min = 1L)))
}

#' @rdname application_densenet
#' @export
application_densenet121 <- standard_application("DenseNet121")

#' @rdname application_densenet
#' @export
application_densenet169 <- standard_application("DenseNet169")

#' @rdname application_densenet
#' @export
application_densenet201 <- standard_application("DenseNet201")

#' @rdname application_densenet
#' @export
densenet_preprocess_input <- function(x, data_format = NULL) {
  preprocess_images("densenet", x, data_format = as_data_format(data_format))
}

#' NASNet models
#'
#' Build a NASNet-A architecture: NASNetLarge (6 @ 4032, default input
#' 331 x 331), NASNetMobile (4 @ 1056, default input 224 x 224), optionally
#' with the weights pre-trained on ImageNet, or one of your choice
#' (`application_nasnet()`). NASNet works on `"channels_last"` images only
#' (built under `"channels_first"`, it warns and uses `"channels_last"`).
#' Inputs are preprocessed with `nasnet_preprocess_input()` (pixels scaled to
#' \[-1, 1\]).
#'
#' @inheritParams application_resnet50
#' @param input_shape Optional shape of the input images, without the batch
#'   dimension; by default `c(331, 331, 3)` for NASNetLarge and
#'   `c(224, 224, 3)` for NASNetMobile. Each side must be at least 32.
#' @param penultimate_filters Number of filters of the penultimate layer
#'   (the "P" of "NASNet (N @ P)"), a multiple of
#'   `24 * filter_multiplier^2`.
#' @param num_blocks Number of normal cells repeated in each stage (the "N").
#' @param stem_block_filters Number of filters of the stem convolution.
#' @param skip_reduction Whether the cells after a reduction see the cell
#'   before it (`TRUE`) or the reduction's own input (`FALSE`, as in the
#'   CIFAR models).
#' @param filter_multiplier Growth of the number of filters from stage to
#'   stage.
#' @param default_size The default image side of the model (used when
#'   `input_shape` is `NULL`); `NULL` for 331.
#'
#' @return The `application_*()` functions: a Keras model.
#'   `nasnet_preprocess_input()`: the preprocessed images.
#'
#' @section Reference:
#'   - [Learning Transferable Architectures for Scalable Image Recognition](https://arxiv.org/abs/1707.07012)
#'
#' @family applications
#' @export
#' @examples
#' if (is_keras_available()) {
#'   # a tiny NASNet: one normal cell per stage
#'   model <- application_nasnet(input_shape = c(32, 32, 3), penultimate_filters = 96,
#'                               num_blocks = 1, stem_block_filters = 8,
#'                               include_top = FALSE, pooling = "avg")
#'   model$output_shape
#'   nasnet_preprocess_input(array(0, dim = c(1, 1, 1, 3)))
#' }
application_nasnet <- function(input_shape = NULL, penultimate_filters = 4032L, num_blocks = 6L,
                               stem_block_filters = 96L, skip_reduction = TRUE,
                               filter_multiplier = 2L, include_top = TRUE, weights = NULL,
                               input_tensor = NULL, pooling = NULL, classes = 1000,
                               default_size = NULL) {
  build_application(
    "nasnet.NASNet", include_top, weights, input_tensor, input_shape, pooling, classes,
    penultimate_filters = as_integer_arg(penultimate_filters, "penultimate_filters", min = 1L),
    num_blocks = as_integer_arg(num_blocks, "num_blocks", min = 1L),
    stem_block_filters = as_integer_arg(stem_block_filters, "stem_block_filters", min = 1L),
    skip_reduction = check_flag(skip_reduction, "skip_reduction"),
    filter_multiplier = as_integer_arg(filter_multiplier, "filter_multiplier", min = 1L),
    default_size = as_integer_arg(default_size, "default_size", min = 32L, null_ok = TRUE)
  )
}

#' @rdname application_nasnet
#' @export
application_nasnetlarge <- function(input_shape = NULL, include_top = TRUE, weights = NULL,
                                    input_tensor = NULL, pooling = NULL, classes = 1000) {
  build_application("NASNetLarge", include_top, weights, input_tensor, input_shape, pooling,
                    classes)
}

#' @rdname application_nasnet
#' @export
application_nasnetmobile <- function(input_shape = NULL, include_top = TRUE, weights = NULL,
                                     input_tensor = NULL, pooling = NULL, classes = 1000) {
  build_application("NASNetMobile", include_top, weights, input_tensor, input_shape, pooling,
                    classes)
}

#' @rdname application_nasnet
#' @export
nasnet_preprocess_input <- function(x) {
  preprocess_images("nasnet", x)
}

#' Preprocess images for an ImageNet model
#'
#' Prepare a batch of images the way the ImageNet models were trained on
#' them. VGG, ResNet50 and the ResNet v1 models use mode `"caffe"`; the
#' other applications have their own `*_preprocess_input()` function.
#'
#' @param x Images: an array of RGB values from 0 to 255, of dimension
#'   `c(samples, rows, cols, channels)` (`"channels_last"`) or
#'   `c(samples, channels, rows, cols)` (`"channels_first"`), or one image
#'   without the first dimension; or a tensor.
#' @param data_format Where the channels are in `x`: `"channels_last"` or
#'   `"channels_first"`; `NULL` for the backend's `image_data_format`.
#' @param mode `"caffe"`: RGB to BGR, then the ImageNet mean of each channel
#'   subtracted (no scaling); `"tf"`: pixels scaled to \[-1, 1\]; `"torch"`:
#'   pixels scaled to \[0, 1\], then each channel normalized by the ImageNet
#'   mean and standard deviation.
#'
#' @return The preprocessed images: an array of the same dimensions, or a
#'   tensor for a tensor.
#'
#' @family applications
#' @export
#' @examples
#' if (is_keras_available()) {
#'   x <- array(c(10, 20, 30), dim = c(1, 1, 1, 3))
#'   imagenet_preprocess_input(x)                # 30 - 103.939, 20 - 116.779, 10 - 123.68
#'   imagenet_preprocess_input(x, mode = "tf")   # x / 127.5 - 1
#' }
imagenet_preprocess_input <- function(x, data_format = NULL, mode = "caffe") {
  preprocess_images("imagenet_utils", x, data_format = as_data_format(data_format),
                    mode = check_string(mode, "mode", choices = c("caffe", "tf", "torch")))
}

#' Decode the predictions of an ImageNet model
#'
#' Turn the class probabilities of an ImageNet classifier (1000 columns)
#' into the best classes of each sample, with their names. The ImageNet
#' class index (`imagenet_class_index.json`) is downloaded once, with its
#' published file hash checked, into the `models` folder of the cache.
#'
#' @param preds A matrix of predictions, one row per sample and 1000 columns.
#' @param top How many of the best classes to return per sample.
#'
#' @return A list with one data frame per sample, of `top` rows, best first,
#'   with columns `class_name` (the WordNet id), `class_description` and
#'   `score`.
#'
#' @family applications
#' @export
#' @examples
#' \dontrun{
#' model <- application_resnet50(weights = "imagenet")
#' img <- image_load("elephant.jpg", target_size = c(224, 224))
#' x <- imagenet_preprocess_input(array_reshape(image_to_array(img), c(1, 224, 224, 3)))
#' imagenet_decode_predictions(predict(model, x), top = 3)[[1]]
#' }
imagenet_decode_predictions <- function(preds, top = 5) {
  top <- as_integer_arg(top, "top", min = 1L)
  decoded <- py_call(core_module("applications.imagenet_utils")$decode_predictions(
    as_model_array(preds, "preds"), top = top
  ))
  lapply(decoded, function(rows) {
    data.frame(
      class_name = vapply(rows, function(row) row[[1]], character(1)),
      class_description = vapply(rows, function(row) row[[2]], character(1)),
      score = vapply(rows, function(row) as.numeric(row[[3]]), numeric(1)),
      stringsAsFactors = FALSE
    )
  })
}

# Builds the application `constructor` (a function of multikeras.applications,
# "module.Function" for one of a module) from the arguments every application
# shares, checked and converted, and the model-specific ones in `...`.
build_application <- function(constructor, include_top, weights, input_tensor, input_shape,
                              pooling, classes, ...) {
  args <- c(list(
    include_top = check_flag(include_top, "include_top"),
    weights = as_weights(weights),
    input_tensor = as_input_tensor(input_tensor),
    input_shape = as_shape(input_shape, "input_shape"),
    pooling = check_string(pooling, "pooling", null_ok = TRUE, choices = c("avg", "max")),
    classes = as_integer_arg(classes, "classes", min = 1L)
  ), list(...))
  parts <- strsplit(constructor, ".", fixed = TRUE)[[1]]
  module <- paste(c("applications", utils::head(parts, -1)), collapse = ".")
  py_call(do.call(core_module(module)[[utils::tail(parts, 1)]], args))
}

as_weights <- function(weights) {
  if (is.null(weights) || identical(weights, "imagenet")) {
    return(weights)
  }
  if (!is.character(weights) || length(weights) != 1 || is.na(weights) ||
    !file.exists(weights)) {
    arg_error("weights", weights,
              'NULL, "imagenet" or the path of an existing weights file')
  }
  normalizePath(weights)
}

as_input_tensor <- function(input_tensor) {
  if (!is.null(input_tensor) && !is_py_object(input_tensor)) {
    arg_error("input_tensor", input_tensor, "NULL or a tensor (e.g. from layer_input())")
  }
  input_tensor
}

as_data_format <- function(data_format) {
  check_string(data_format, "data_format", null_ok = TRUE,
               choices = c("channels_last", "channels_first"))
}

# Runs the `preprocess_input()` of the applications module `module` on a
# copy of the images `x` (the core preprocesses arrays in place, and an R
# array may share its memory with the array Python sees).
preprocess_images <- function(module, x, ...) {
  args <- drop_nulls(list(...))
  if (!is_py_object(x)) x <- core_np()$array(as_model_array(x, "x"), copy = TRUE)
  fn <- core_module(paste0("applications.", module))$preprocess_input
  py_call(do.call(fn, c(list(x), args)))
}
