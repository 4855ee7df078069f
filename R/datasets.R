# Datasets: the Keras 2.3 loaders (multikeras.datasets.*), which download
# each file once from its published origin into the Keras cache
# (`$KERAS_HOME/datasets`, else `~/.keras/datasets`) and read it from there
# afterwards. The R side converts the results: images and labels become R
# integer arrays, word-id sequences a list of integer vectors.

#' MNIST and Fashion-MNIST images
#'
#' `dataset_mnist()`: 70,000 grayscale 28 x 28 images of handwritten digits
#' (60,000 for training, 10,000 for testing), labels 0 to 9.
#' `dataset_fashion_mnist()`: the same shape, with images of 10 kinds of
#' clothing (0 T-shirt/top, 1 trouser, 2 pullover, 3 dress, 4 coat,
#' 5 sandal, 6 shirt, 7 sneaker, 8 bag, 9 ankle boot).
#'
#' @param path File name of the data in the cache (`~/.keras/datasets`).
#'
#' @return A list `list(train = list(x, y), test = list(x, y))`: `x` an
#'   integer array of pixel values 0 to 255 with dimensions
#'   `c(samples, 28, 28)`, `y` an integer vector of labels. Unpack it with
#'   `%<-%`.
#' @family datasets
#' @export
#' @examples
#' \donttest{
#' if (is_keras_available()) {
#'   # Downloads the data the first time (needs the network).
#'   mnist <- dataset_mnist()
#'   c(c(x_train, y_train), c(x_test, y_test)) %<-% mnist
#'   dim(x_train)
#'   x_train <- array_reshape(x_train, c(nrow(x_train), 784)) / 255
#' }
#' }
dataset_mnist <- function(path = "mnist.npz") {
  data <- py_call(dataset_module("mnist")$load_data(path = check_string(path, "path")))
  as_dataset(data)
}

#' @rdname dataset_mnist
#' @export
dataset_fashion_mnist <- function() {
  as_dataset(py_call(dataset_module("fashion_mnist")$load_data()))
}

#' CIFAR-10 and CIFAR-100 images
#'
#' 60,000 colour 32 x 32 images (50,000 for training, 10,000 for testing).
#' CIFAR-10 has 10 classes (0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer,
#' 5 dog, 6 frog, 7 horse, 8 ship, 9 truck); CIFAR-100 has 100 fine classes
#' grouped into 20 coarse ones.
#'
#' @param label_mode `"fine"` (100 classes) or `"coarse"` (20).
#'
#' @return A list `list(train = list(x, y), test = list(x, y))`: `x` an
#'   integer array of pixel values 0 to 255 with dimensions
#'   `c(samples, 32, 32, 3)` (`c(samples, 3, 32, 32)` when the backend's
#'   `image_data_format` is `"channels_first"`), `y` an integer matrix of
#'   labels with one column.
#' @family datasets
#' @export
#' @examples
#' \donttest{
#' if (is_keras_available()) {
#'   cifar <- dataset_cifar10()   # downloads 170 MB the first time
#'   dim(cifar$train$x)
#'   table(cifar$train$y)
#' }
#' }
dataset_cifar10 <- function() {
  as_dataset(py_call(dataset_module("cifar10")$load_data()))
}

#' @rdname dataset_cifar10
#' @export
dataset_cifar100 <- function(label_mode = c("fine", "coarse")) {
  label_mode <- match.arg(label_mode)
  as_dataset(py_call(dataset_module("cifar100")$load_data(label_mode = label_mode)))
}

#' IMDB and Reuters texts as word-id sequences
#'
#' `dataset_imdb()`: 50,000 movie reviews (25,000 for training and 25,000
#' for testing), labelled by sentiment (1 positive, 0 negative).
#' `dataset_reuters()`: 11,228 newswires, labelled with one of 46 topics.
#' Each text is a sequence of word ids: a word's id is its frequency rank in
#' the data (1 for the most frequent word) plus `index_from`; ids below
#' `index_from` are reserved: 0 for padding, `start_char` to mark the start
#' of a text, `oov_char` for words dropped by `num_words` or `skip_top`.
#' `dataset_imdb_word_index()` and `dataset_reuters_word_index()` give the
#' word -> rank mapping (add `index_from` to get the ids in the sequences).
#'
#' @param path File name of the data in the cache (`~/.keras/datasets`).
#' @param num_words `NULL` to keep every word, or keep only the `num_words`
#'   most frequent ones (ids below `num_words`); others become `oov_char`.
#' @param skip_top Number of most frequent words to replace by `oov_char`
#'   (e.g. "the").
#' @param maxlen `NULL`, or drop the texts longer than this.
#' @param seed Random seed for shuffling the data.
#' @param start_char Id marking the start of each text (`NULL`: none).
#' @param oov_char Id replacing the words left out (`NULL`: drop them).
#' @param index_from Offset added to word ranks.
#' @param test_split Fraction of the Reuters data kept for testing.
#'
#' @return `dataset_imdb()` and `dataset_reuters()`: a list
#'   `list(train = list(x, y), test = list(x, y))`, `x` a list of integer
#'   vectors (one per text, of different lengths; see [pad_sequences()]),
#'   `y` an integer vector of labels. The word-index functions: a named list
#'   mapping each word to its rank.
#' @family datasets
#' @export
#' @examples
#' \donttest{
#' if (is_keras_available()) {
#'   imdb <- dataset_imdb(num_words = 10000)   # downloads 17 MB the first time
#'   c(c(x_train, y_train), c(x_test, y_test)) %<-% imdb
#'   x_train <- pad_sequences(x_train, maxlen = 100)
#'   words <- dataset_imdb_word_index()
#'   words[["movie"]]
#' }
#' }
dataset_imdb <- function(path = "imdb.npz", num_words = NULL, skip_top = 0L, maxlen = NULL,
                         seed = 113L, start_char = 1L, oov_char = 2L, index_from = 3L) {
  data <- py_call(dataset_module("imdb")$load_data(
    path = check_string(path, "path"),
    num_words = as_integer_arg(num_words, "num_words", min = 1L, null_ok = TRUE),
    skip_top = as_integer_arg(skip_top, "skip_top", min = 0L),
    maxlen = as_integer_arg(maxlen, "maxlen", min = 1L, null_ok = TRUE),
    seed = as_integer_arg(seed, "seed", min = 0L),
    start_char = as_integer_arg(start_char, "start_char", min = 0L, null_ok = TRUE),
    oov_char = as_integer_arg(oov_char, "oov_char", min = 0L, null_ok = TRUE),
    index_from = as_integer_arg(index_from, "index_from", min = 0L)
  ))
  as_sequence_dataset(data)
}

#' @rdname dataset_imdb
#' @export
dataset_imdb_word_index <- function(path = "imdb_word_index.json") {
  as_word_index(py_call(dataset_module("imdb")$get_word_index(path = check_string(path, "path"))))
}

#' @rdname dataset_imdb
#' @export
dataset_reuters <- function(path = "reuters.npz", num_words = NULL, skip_top = 0L,
                            maxlen = NULL, test_split = 0.2, seed = 113L, start_char = 1L,
                            oov_char = 2L, index_from = 3L) {
  data <- py_call(dataset_module("reuters")$load_data(
    path = check_string(path, "path"),
    num_words = as_integer_arg(num_words, "num_words", min = 1L, null_ok = TRUE),
    skip_top = as_integer_arg(skip_top, "skip_top", min = 0L),
    maxlen = as_integer_arg(maxlen, "maxlen", min = 1L, null_ok = TRUE),
    test_split = check_split_fraction(test_split),
    seed = as_integer_arg(seed, "seed", min = 0L),
    start_char = as_integer_arg(start_char, "start_char", min = 0L, null_ok = TRUE),
    oov_char = as_integer_arg(oov_char, "oov_char", min = 0L, null_ok = TRUE),
    index_from = as_integer_arg(index_from, "index_from", min = 0L)
  ))
  as_sequence_dataset(data)
}

#' @rdname dataset_imdb
#' @export
dataset_reuters_word_index <- function(path = "reuters_word_index.json") {
  as_word_index(py_call(dataset_module("reuters")$get_word_index(path = check_string(path, "path"))))
}

#' Boston housing prices
#'
#' 506 Boston suburbs in the late 1970s, each with 13 attributes (crime
#' rate, rooms per dwelling, ...) and, as target, the median home value in
#' thousands of dollars. The data are shuffled with `seed` before the split.
#'
#' @param path File name of the data in the cache (`~/.keras/datasets`).
#' @param test_split Fraction of the data kept for testing.
#' @param seed Random seed for shuffling the data before the split.
#'
#' @return A list `list(train = list(x, y), test = list(x, y))`: `x` a
#'   numeric matrix with 13 columns, `y` a numeric vector.
#' @family datasets
#' @export
#' @examples
#' \donttest{
#' if (is_keras_available()) {
#'   c(c(x_train, y_train), c(x_test, y_test)) %<-% dataset_boston_housing()
#'   dim(x_train)
#'   summary(y_train)
#' }
#' }
dataset_boston_housing <- function(path = "boston_housing.npz", test_split = 0.2, seed = 113L) {
  data <- py_call(dataset_module("boston_housing")$load_data(
    path = check_string(path, "path"),
    test_split = check_split_fraction(test_split),
    seed = as_integer_arg(seed, "seed", min = 0L)
  ))
  as_dataset(data)
}

# ---------------------------------------------------------------------------
# Internals.

dataset_module <- function(name) {
  core_module(paste0("datasets.", name), convert = FALSE)
}

check_split_fraction <- function(test_split) {
  test_split <- check_number(test_split, "test_split")
  if (test_split < 0 || test_split >= 1) {
    arg_error("test_split", test_split, "a number in [0, 1)")
  }
  test_split
}

# ((x_train, y_train), (x_test, y_test)) of numpy arrays -> the R list.
as_dataset <- function(data, convert_x = as_r_array) {
  part <- function(i) {
    pair <- reticulate::py_get_item(data, as.integer(i))
    list(
      x = convert_x(reticulate::py_get_item(pair, 0L)),
      y = as_r_array(reticulate::py_get_item(pair, 1L))
    )
  }
  list(train = part(0), test = part(1))
}

# The same, with x an array of Python lists (word-id sequences): a list of
# integer vectors.
as_sequence_dataset <- function(data) {
  as_dataset(data, convert_x = function(x) {
    sequences <- reticulate::py_to_r(core_np()$asarray(x, dtype = "object")$tolist())
    lapply(sequences, function(s) as.integer(unlist(s)))
  })
}

as_word_index <- function(index) {
  index <- reticulate::py_to_r(index)
  lapply(index, as.integer)
}

# A numpy array to R, integer kinds as R integers (int64 labels convert to
# doubles otherwise).
as_r_array <- function(x) {
  kind <- reticulate::py_to_r(x$dtype$kind)
  value <- reticulate::py_to_r(x)
  if (kind %in% c("i", "u", "b") && !is.integer(value)) {
    storage.mode(value) <- "integer"
  }
  value
}
