# Digit classifier from R on every available backend.
#
# Loads scikit-learn's 8x8 digits (shipped with scikit-learn, no download),
# trains the same small CNN on each backend the machine has (TensorFlow,
# Theano, CNTK, MXNet), and prints test accuracy and seconds per epoch.
# Exits non-zero when a backend trains to less than 95% test accuracy, or
# when no backend is available.
#
# Run: make demo   (or: Rscript demo/digits.R once `make setup` has run;
# from an R session: demo("digits", package = "keras"))

suppressPackageStartupMessages(library(keras))

epochs <- 30L   # 20 gives 0.96-0.975 test accuracy over seeds, 30 gives 0.97-0.98
batch_size <- 32L
min_accuracy <- 0.95

# ---- data -------------------------------------------------------------------
datasets <- reticulate::import("sklearn.datasets")
digits <- datasets$load_digits()
x <- digits$data / 16              # pixel values 0..16 -> [0, 1]
y <- as.integer(digits$target)     # 0..9
n <- nrow(x)
x <- reticulate::array_reshape(x, c(n, 8, 8, 1))   # row-major, like numpy

set.seed(42)
test_idx <- sample.int(n, 360)
train_idx <- setdiff(seq_len(n), test_idx)
x_train <- x[train_idx, , , , drop = FALSE]
x_test <- x[test_idx, , , , drop = FALSE]
y_train <- to_categorical(y[train_idx], 10)
y_test <- to_categorical(y[test_idx], 10)
cat(sprintf("digits: %d train, %d test images of 8x8; %d epochs, batch %d\n\n",
            length(train_idx), length(test_idx), epochs, batch_size))

build_model <- function() {
  keras_model_sequential() %>%
    layer_conv_2d(16, c(3, 3), activation = "relu", input_shape = c(8, 8, 1)) %>%
    layer_max_pooling_2d(c(2, 2)) %>%
    layer_flatten() %>%
    layer_dense(64, activation = "relu") %>%
    layer_dense(10, activation = "softmax")
}

# ---- one backend ------------------------------------------------------------
run_backend <- function(name) {
  ok <- tryCatch({
    use_backend(name)
    TRUE
  }, error = function(e) {
    cat(sprintf("%-10s skipped: %s\n", name, conditionMessage(e)))
    FALSE
  })
  if (!ok) return(NULL)
  tryCatch(train_and_test(name), error = function(e) {
    cat(sprintf("%-10s FAILED: %s\n", name, conditionMessage(e)))
    data.frame(backend = name, accuracy = NA_real_, sec_per_epoch = NA_real_)
  })
}

train_and_test <- function(name) {
  reticulate::py_set_seed(1234L, disable_hash_randomization = FALSE)
  model <- build_model()
  model %>% compile(optimizer = "adam", loss = "categorical_crossentropy",
                    metrics = "accuracy")
  # The first epoch includes compiling the training function (tens of
  # seconds for Theano on a cold cache); it is timed on its own.
  first <- system.time(
    model %>% fit(x_train, y_train, epochs = 1, batch_size = batch_size,
                  verbose = 0)
  )[["elapsed"]]
  rest <- system.time(
    model %>% fit(x_train, y_train, epochs = epochs - 1, batch_size = batch_size,
                  verbose = 0)
  )[["elapsed"]]
  scores <- model %>% evaluate(x_test, y_test, verbose = 0)
  # evaluate() gives a named list: loss and the metric ("accuracy" or "acc").
  s <- unlist(scores)
  acc <- grep("acc", names(s))
  accuracy <- unname(if (length(acc)) s[[acc[1]]] else s[[length(s)]])
  probs <- model %>% predict(x_test)
  agree <- mean(max.col(probs, ties.method = "first") - 1L == y[test_idx])

  cat(sprintf(
    "%-10s test accuracy %.4f (predict(): %.4f)  %.3f s/epoch  (first epoch incl. compile %.1f s)\n",
    name, accuracy, agree, rest / (epochs - 1), first))
  data.frame(backend = name, accuracy = accuracy, sec_per_epoch = rest / (epochs - 1))
}

results <- do.call(rbind, lapply(c("tensorflow", "theano", "cntk", "mxnet"), run_backend))

fail <- function(message) {
  if (interactive()) stop(message, call. = FALSE)
  cat("FAILED:", message, "\n")
  quit(status = 1)
}

cat("\n")
if (is.null(results) || nrow(results) == 0) {
  fail("no backend could be used")
}
low <- is.na(results$accuracy) | results$accuracy < min_accuracy
if (any(low)) {
  fail(sprintf("failed or test accuracy below %.2f on: %s", min_accuracy,
               paste(results$backend[low], collapse = ", ")))
}
cat(sprintf("OK: %d backend(s), every test accuracy >= %.2f\n", nrow(results), min_accuracy))
