# Every loader reads tiny files in the real formats: each test writes its
# file(s), publishes them at a file:// origin with their hash (setting the
# loader module's origin and hash constants, as tests/python/test_datasets.py
# does), and calls the R function, which downloads them through get_file()
# into the test's KERAS_HOME cache and parses them with the real code.

# Python helpers that build the files.
dataset_files <- function() {
  module <- reticulate::import("types", convert = FALSE)$ModuleType("dataset_files")
  reticulate::import_builtins(convert = FALSE)$exec(paste(
    "import gzip, hashlib, io, pickle, struct, tarfile, pathlib",
    "import numpy as np",
    "def npz_bytes(**arrays):",
    "    buf = io.BytesIO(); np.savez(buf, **arrays); return buf.getvalue()",
    "def obj(lists):",
    "    out = np.empty(len(lists), dtype=object)",
    "    for i, x in enumerate(lists): out[i] = list(x)",
    "    return out",
    "def idx_gz(array):",
    "    array = np.asarray(array)",
    "    magic = 2049 if array.ndim == 1 else 2051",
    "    header = struct.pack('>%di' % (1 + array.ndim), magic, *array.shape)",
    "    return gzip.compress(header + array.astype('uint8').tobytes())",
    "def cifar_tar(folder, files):",
    "    buf = io.BytesIO()",
    "    with tarfile.open(fileobj=buf, mode='w:gz') as tar:",
    "        for name, content in files.items():",
    "            data = pickle.dumps(content, protocol=2)",
    "            info = tarfile.TarInfo('%s/%s' % (folder, name)); info.size = len(data)",
    "            tar.addfile(info, io.BytesIO(data))",
    "    return buf.getvalue()",
    "def write(path, data):",
    "    pathlib.Path(path).write_bytes(data)",
    "def publish(module, folder, name, data, origin_attr='ORIGIN', hash_attr='FILE_HASH'):",
    "    target = pathlib.Path(folder) / name",
    "    target.write_bytes(data)",
    "    setattr(module, origin_attr, target.as_uri())",
    "    if hash_attr: setattr(module, hash_attr, hashlib.sha256(data).hexdigest())",
    "    return str(target)",
    sep = "\n"
  ), module$`__dict__`)
  module
}

# Publishes `data` (bytes) for the loader module, runs `load()` and restores
# the module's constants, returning what `load()` returns.
with_published <- function(module_name, name, data, load, origin_attr = "ORIGIN",
                           hash_attr = "FILE_HASH") {
  module <- reticulate::import(paste0("multikeras.datasets.", module_name), convert = FALSE)
  saved <- lapply(c(origin_attr, hash_attr), function(a) reticulate::py_get_attr(module, a))
  on.exit({
    reticulate::py_set_attr(module, origin_attr, saved[[1]])
    reticulate::py_set_attr(module, hash_attr, saved[[2]])
  }, add = TRUE)
  served <- tempfile("served")
  dir.create(served)
  dataset_files()$publish(module, served, name, data, origin_attr, hash_attr)
  load()
}

cache_dir <- function() file.path(Sys.getenv("KERAS_HOME"), "datasets")

test_that("dataset_mnist() returns integer image arrays and labels from the cache", {
  skip_if_no_keras()
  h <- dataset_files()
  np <- reticulate::import("numpy", convert = FALSE)
  x_train <- array(0L, c(3, 28, 28))
  x_train[1, 1, 2] <- 255L      # image 1, row 1, column 2
  x_train[3, 28, 1] <- 7L
  x_test <- array(1L, c(2, 28, 28))
  data <- h$npz_bytes(
    x_train = keras_array(x_train, dtype = "uint8"), y_train = keras_array(c(5L, 0L, 4L), "uint8"),
    x_test = keras_array(x_test, dtype = "uint8"), y_test = keras_array(c(7L, 2L), "uint8")
  )
  c(mnist, digits) %<-% with_published("mnist", "mnist.npz", data, function() {
    list(dataset_mnist(), dataset_mnist(path = "digits.npz"))
  })
  expect_named(mnist, c("train", "test"))
  expect_named(mnist$train, c("x", "y"))
  expect_true(is.integer(mnist$train$x))
  expect_identical(dim(mnist$train$x), c(3L, 28L, 28L))
  expect_identical(mnist$train$x[1, 1, 2], 255L)
  expect_identical(mnist$train$x[3, 28, 1], 7L)
  expect_identical(sum(mnist$train$x), 262L)
  expect_true(is.integer(mnist$train$y))
  expect_identical(as.vector(mnist$train$y), c(5L, 0L, 4L))
  expect_identical(dim(mnist$test$x), c(2L, 28L, 28L))
  expect_identical(as.vector(mnist$test$y), c(7L, 2L))
  expect_true(file.exists(file.path(cache_dir(), "mnist.npz")))
  # %<-% unpacks it as R keras users do.
  c(c(xtr, ytr), c(xte, yte)) %<-% mnist
  expect_identical(yte, mnist$test$y)
  # Another cache file name.
  expect_identical(digits$train$x, mnist$train$x)
  expect_true(file.exists(file.path(cache_dir(), "digits.npz")))
  expect_error(dataset_mnist(path = 1), "`path` must be a single string")
})

test_that("dataset_fashion_mnist() reads the gzipped IDX files", {
  skip_if_no_keras()
  h <- dataset_files()
  module <- reticulate::import("multikeras.datasets.fashion_mnist", convert = FALSE)
  saved <- module$BASE_URL
  served <- tempfile("fashion")
  dir.create(served)
  images <- array(0L, c(3, 28, 28))
  images[2, 5, 6] <- 200L
  files <- list(
    "train-labels-idx1-ubyte.gz" = keras_array(c(9L, 0L, 3L)),
    "train-images-idx3-ubyte.gz" = keras_array(images),
    "t10k-labels-idx1-ubyte.gz" = keras_array(c(1L, 8L)),
    "t10k-images-idx3-ubyte.gz" = keras_array(array(3L, c(2, 28, 28)))
  )
  for (name in names(files)) {
    h$write(file.path(served, name), h$idx_gz(files[[name]]))
  }
  fashion <- local({
    reticulate::py_set_attr(module, "BASE_URL", paste0("file://", served, "/"))
    on.exit(reticulate::py_set_attr(module, "BASE_URL", saved))
    dataset_fashion_mnist()
  })
  expect_identical(dim(fashion$train$x), c(3L, 28L, 28L))
  expect_true(is.integer(fashion$train$x))
  expect_identical(fashion$train$x[2, 5, 6], 200L)
  expect_identical(sum(fashion$train$x), 200L)
  expect_identical(as.vector(fashion$train$y), c(9L, 0L, 3L))
  expect_identical(as.vector(fashion$test$y), c(1L, 8L))
  expect_true(all(fashion$test$x == 3L))
})

test_that("dataset_cifar10() and dataset_cifar100() give channels-last integer arrays", {
  skip_if_no_keras()
  h <- dataset_files()
  # A CIFAR row holds 1024 red, then 1024 green, then 1024 blue values,
  # each image row by row: value v at (channel c, row r, column k) is at
  # (c - 1) * 1024 + (r - 1) * 32 + k.
  row <- function(red_at = 1, value = 9L) {
    v <- integer(3072)
    v[red_at] <- value
    v
  }
  # The batches are dicts with bytes keys, built in Python.
  builtins <- reticulate::import_builtins(convert = FALSE)
  key <- function(s) builtins$bytes(s, "ascii")
  make <- function(labels_key, labels, first_red) {
    data <- do.call(rbind, lapply(seq_along(labels), function(i) row(first_red[i], 100L + i)))
    d <- reticulate::py_dict(list(key("data"), key(labels_key)),
                             list(keras_array(data, "uint8"), as.list(as.integer(labels))),
                             convert = FALSE)
    d
  }
  pyfiles <- reticulate::py_dict(list(), list(), convert = FALSE)
  for (i in 1:5) {
    pyfiles[[paste0("data_batch_", i)]] <- make("labels", c(i, 9 - i), c(1, 1025))
  }
  pyfiles[["test_batch"]] <- make("labels", c(3, 1, 4), c(2049, 33, 2))
  pyfiles[["batches.meta"]] <- reticulate::py_dict(list(key("label_names")), list(list()), convert = FALSE)
  cifar <- with_published("cifar10", "cifar-10-python.tar.gz",
                          h$cifar_tar("cifar-10-batches-py", pyfiles), dataset_cifar10)
  x <- cifar$train$x
  expect_true(is.integer(x))
  expect_identical(dim(x), c(10L, 32L, 32L, 3L))
  # image 1: red at row 1 col 1; image 2: green (1025) at row 1 col 1
  expect_identical(x[1, 1, 1, 1], 101L)
  expect_identical(x[2, 1, 1, 2], 102L)
  expect_identical(sum(x[1, , , ]), 101L)
  expect_true(is.integer(cifar$train$y))
  expect_identical(dim(cifar$train$y), c(10L, 1L))
  expect_identical(as.vector(cifar$train$y), as.integer(c(1, 8, 2, 7, 3, 6, 4, 5, 5, 4)))
  xt <- cifar$test$x
  expect_identical(dim(xt), c(3L, 32L, 32L, 3L))
  expect_identical(xt[1, 1, 1, 3], 101L)   # blue (2049)
  expect_identical(xt[2, 2, 1, 1], 102L)   # red, row 2 (33)
  expect_identical(xt[3, 1, 2, 1], 103L)   # red, column 2
  expect_identical(as.vector(cifar$test$y), c(3L, 1L, 4L))
  expect_true(is.integer(cifar$test$y))

  pyfiles <- reticulate::py_dict(list(), list(), convert = FALSE)
  make100 <- function(fine, coarse) {
    data <- do.call(rbind, lapply(seq_along(fine), function(i) row(i, 50L)))
    reticulate::py_dict(list(key("data"), key("fine_labels"), key("coarse_labels")),
                        list(keras_array(data, "uint8"), as.list(as.integer(fine)),
                             as.list(as.integer(coarse))), convert = FALSE)
  }
  pyfiles[["train"]] <- make100(c(99, 0, 42), c(19, 0, 7))
  pyfiles[["test"]] <- make100(c(5, 6), c(1, 2))
  pyfiles[["meta"]] <- reticulate::py_dict(list(key("fine_label_names")), list(list()), convert = FALSE)
  c(fine, coarse) %<-% with_published(
    "cifar100", "cifar-100-python.tar.gz", h$cifar_tar("cifar-100-python", pyfiles),
    function() list(dataset_cifar100(), dataset_cifar100(label_mode = "coarse"))
  )
  expect_identical(dim(fine$train$x), c(3L, 32L, 32L, 3L))
  expect_identical(as.vector(fine$train$y), c(99L, 0L, 42L))
  expect_identical(as.vector(fine$test$y), c(5L, 6L))
  expect_identical(as.vector(coarse$train$y), c(19L, 0L, 7L))
  expect_identical(as.vector(coarse$test$y), c(1L, 2L))
  expect_error(dataset_cifar100(label_mode = "medium"), "should be one of")
})

# Raw word ranks; the labels are unique so that the shuffle can be seen.
# np.random.RandomState(113) shuffles 4 items to [3, 2, 0, 1] (0-based), then
# 3 items to [1, 0, 2].
with_imdb <- function(load) {
  h <- dataset_files()
  data <- h$npz_bytes(
    x_train = h$obj(list(list(1L, 2L, 3L), list(4L, 5L), list(6L, 7L, 8L, 9L), list(1L))),
    y_train = keras_array(c(10L, 11L, 12L, 13L), "int64"),
    x_test = h$obj(list(list(2L, 2L), list(5L, 6L, 7L), list(9L, 1L, 4L, 3L))),
    y_test = keras_array(c(20L, 21L, 22L), "int64")
  )
  with_published("imdb", "imdb.npz", data, load)
}

test_that("dataset_imdb() gives lists of integer sequences with Keras's id scheme", {
  skip_if_no_keras()
  c(imdb, small, dropped, skipped, short, other) %<-% with_imdb(function() list(
    dataset_imdb(),
    dataset_imdb(num_words = 6),
    dataset_imdb(num_words = 6, oov_char = NULL),
    dataset_imdb(skip_top = 5),
    dataset_imdb(maxlen = 4),
    dataset_imdb(start_char = NULL, index_from = 0, num_words = 100, seed = 7)
  ))
  x <- imdb$train$x
  expect_type(x, "list")
  expect_length(x, 4)
  expect_true(all(vapply(x, is.integer, logical(1))))
  # start_char 1, ranks + index_from 3; the largest id (12) is out of the
  # default vocabulary (ids < max id), hence oov_char 2.
  expect_identical(x, list(c(1L, 4L), c(1L, 9L, 10L, 11L, 2L), c(1L, 4L, 5L, 6L), c(1L, 7L, 8L)))
  expect_true(is.integer(imdb$train$y))
  expect_identical(as.vector(imdb$train$y), c(13L, 12L, 10L, 11L))
  expect_identical(imdb$test$x, list(c(1L, 8L, 9L, 10L), c(1L, 5L, 5L), c(1L, 2L, 4L, 7L, 6L)))
  expect_identical(as.vector(imdb$test$y), c(21L, 20L, 22L))
  # num_words = 6: ids >= 6 become oov_char; with oov_char = NULL they are dropped.
  expect_identical(small$train$x, list(c(1L, 4L), c(1L, 2L, 2L, 2L, 2L), c(1L, 4L, 5L, 2L), c(1L, 2L, 2L)))
  expect_identical(dropped$train$x, list(c(1L, 4L), 1L, c(1L, 4L, 5L), 1L))
  # skip_top = 5: ids below 5 (the start char too) become oov.
  expect_identical(skipped$train$x[[1]], c(2L, 2L))
  # maxlen = 4 keeps texts shorter than 4 (start char included).
  expect_identical(short$train$x, list(c(1L, 4L), c(1L, 7L, 2L)))
  expect_identical(as.vector(short$train$y), c(13L, 11L))
  # No start char, ids from 0, another seed.
  expect_identical(as.vector(other$train$y), c(12L, 11L, 10L, 13L))
  expect_identical(other$train$x[[4]], 1L)
  # pad_sequences() takes the result as it is.
  padded <- pad_sequences(imdb$train$x, maxlen = 3)
  expect_identical(padded[1, ], c(0L, 1L, 4L))
  expect_error(dataset_imdb(num_words = -1), "`num_words` must be a positive whole number")
  expect_error(dataset_imdb(seed = 1.5), "`seed`")
})

test_that("dataset_imdb_word_index() and dataset_reuters_word_index() read the JSON index", {
  skip_if_no_keras()
  src <- tempfile(fileext = ".json")
  writeLines('{"the": 1, "movie": 17, "film": 19}', src)
  bytes <- readBin(src, "raw", file.size(src))
  builtins <- reticulate::import_builtins(convert = FALSE)
  data <- builtins$bytes(reticulate::r_to_py(bytes))
  index <- with_published("imdb", "imdb_word_index.json", data, dataset_imdb_word_index,
                          "WORD_INDEX_ORIGIN", "WORD_INDEX_HASH")
  expect_type(index, "list")
  expect_identical(index[["movie"]], 17L)
  expect_identical(sort(unlist(index)), c(the = 1L, movie = 17L, film = 19L))
  reuters_index <- with_published("reuters", "reuters_word_index.json", data,
                                  dataset_reuters_word_index,
                                  "WORD_INDEX_ORIGIN", "WORD_INDEX_HASH")
  expect_identical(reuters_index[["film"]], 19L)
})

test_that("dataset_reuters() splits one set by test_split after shuffling", {
  skip_if_no_keras()
  h <- dataset_files()
  data <- h$npz_bytes(
    x = h$obj(list(list(1L, 2L), list(3L), list(4L, 5L, 6L), list(7L), list(8L, 9L))),
    y = keras_array(c(0L, 1L, 2L, 3L, 4L), "int64")
  )
  c(reuters, half) %<-% with_published("reuters", "reuters.npz", data, function() list(
    dataset_reuters(test_split = 0.2, num_words = 100),
    dataset_reuters(test_split = 0.4, num_words = 100)
  ))
  expect_length(reuters$train$x, 4)
  expect_length(reuters$test$x, 1)
  expect_true(is.integer(reuters$train$y))
  # The same shuffle for x and y: sequence of label k is (raw ranks of k) + 3.
  raw <- list(c(1L, 2L), 3L, c(4L, 5L, 6L), 7L, c(8L, 9L))
  all_x <- c(reuters$train$x, reuters$test$x)
  all_y <- c(as.vector(reuters$train$y), as.vector(reuters$test$y))
  expect_setequal(all_y, 0:4)
  for (i in seq_along(all_x)) {
    expect_identical(all_x[[i]], c(1L, raw[[all_y[i] + 1]] + 3L))
  }
  expect_length(half$test$x, 2)
  expect_error(dataset_reuters(test_split = 1), "`test_split` must be a number in \\[0, 1\\)")
})

test_that("dataset_boston_housing() gives numeric matrices and targets", {
  skip_if_no_keras()
  h <- dataset_files()
  x <- matrix(as.numeric(1:(10 * 13)), nrow = 10, byrow = TRUE)
  y <- as.numeric(1:10) * 1.5
  c(boston, halves) %<-% with_published(
    "boston_housing", "boston_housing.npz",
    h$npz_bytes(x = keras_array(x, "float64"), y = keras_array(y, "float64")),
    function() list(dataset_boston_housing(), dataset_boston_housing(test_split = 0.5))
  )
  expect_identical(dim(boston$train$x), c(8L, 13L))
  expect_identical(dim(boston$test$x), c(2L, 13L))
  expect_true(is.double(boston$train$x))
  # Rows are shuffled with their targets: row i of x starts with 13 * (k - 1) + 1
  # where y is 1.5 * k.
  all_x <- rbind(boston$train$x, boston$test$x)
  all_y <- c(as.vector(boston$train$y), as.vector(boston$test$y))
  expect_setequal(all_y, y)
  expect_equal(all_x[, 1], 13 * (all_y / 1.5 - 1) + 1)
  expect_equal(all_x[, 13], all_x[, 1] + 12)
  expect_identical(dim(halves$test$x), c(5L, 13L))
  expect_error(dataset_boston_housing(test_split = -0.1), "`test_split`")
})
