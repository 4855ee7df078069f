# One epoch of the MNIST-shaped MLP from R, against the Python core called
# directly in the same R session.
#
# Model: 784 -> layer_dense(256, relu) -> layer_dense(10, softmax),
# categorical crossentropy, SGD(lr = 0.01), batch 128, 60,000 synthetic rows
# (fixed seed). For each backend (TensorFlow, Theano):
#   R:      fit() of the R API on an R matrix (what an R user does: the
#           conversion of the R data is part of the cost)
#   Python: the core's Sequential.fit() through reticulate, on float32 numpy
#           arrays made once beforehand
#   fit_generator(): the R API's fit_generator() fed by an R function that
#           returns the same batches of the R matrix (128 rows at a time, in
#           order), against fit() on that R matrix with shuffle = FALSE, in
#           the same round (target fit_generator / fit <= 1.10). The function
#           hands out batches sliced beforehand, so that the ratio measures
#           the generator path (the call from the core into R, the check and
#           conversion of each batch, the per-step loop); the cost of slicing
#           rows out of an R matrix on the fly is printed beside it.
# All run a short untimed warm-up first (compilation excluded), then 3 epochs
# each, interleaved; the medians and the ratios (R / Python target <= 1.05)
# are printed.
#
# Run: make bench   (or: Rscript bench/mlp.R once `make setup` has run)

suppressPackageStartupMessages(library(keras))

rows <- 60000L
batch_size <- 128L
repeats <- 3L
warmup_rows <- 10L * batch_size
target <- 1.05
gen_target <- 1.10

set.seed(0)
x <- matrix(runif(rows * 784), nrow = rows, ncol = 784)
labels <- sample.int(10, rows, replace = TRUE) - 1L
y <- to_categorical(labels, 10)

np <- reticulate::import("numpy", convert = FALSE)
as_float32 <- function(a) np$ascontiguousarray(reticulate::r_to_py(a), dtype = "float32")
convert_time <- system.time({
  x_np <- as_float32(x)
  y_np <- as_float32(y)
})[["elapsed"]]

r_optimizer <- function() {
  if (exists("optimizer_sgd", mode = "function")) optimizer_sgd(lr = 0.01) else "sgd"
}

bench_backend <- function(name) {
  ok <- tryCatch({
    use_backend(name)
    TRUE
  }, error = function(e) {
    cat(sprintf("  %-10s skipped: %s\n", name, conditionMessage(e)))
    FALSE
  })
  if (!ok) return(NULL)

  # Through the R API.
  r_model <- keras_model_sequential() %>%
    layer_dense(256, activation = "relu", input_shape = 784) %>%
    layer_dense(10, activation = "softmax")
  r_model %>% compile(optimizer = r_optimizer(), loss = "categorical_crossentropy")

  # The core itself, in the same session (the module the R package loaded).
  mk <- reticulate::import("multikeras", convert = FALSE)
  py_model <- mk$models$Sequential(list(
    mk$layers$Dense(256L, activation = "relu", input_shape = list(784L)),
    mk$layers$Dense(10L, activation = "softmax")
  ))
  py_model$compile(optimizer = mk$optimizers$SGD(lr = 0.01),
                   loss = "categorical_crossentropy")

  r_epoch <- function(xs = x, ys = y) {
    r_model %>% fit(xs, ys, batch_size = batch_size, epochs = 1, verbose = 0)
  }
  py_epoch <- function(xs = x_np, ys = y_np) {
    force(xs)
    force(ys)
    py_model$fit(xs, ys, batch_size = batch_size, epochs = 1L, verbose = 0L)
  }

  # fit_generator() from an R function, against fit() on the same R matrix.
  n_batches <- ceiling(rows / batch_size)
  batch_rows <- lapply(seq_len(n_batches), function(i) {
    ((i - 1) * batch_size + 1):min(i * batch_size, rows)
  })
  sliced <- lapply(batch_rows, function(r) list(x[r, , drop = FALSE], y[r, , drop = FALSE]))
  batch_source <- function(slice_now) {
    i <- 0L
    function() {
      i <<- i %% n_batches + 1L
      if (slice_now) {
        r <- batch_rows[[i]]
        list(x[r, , drop = FALSE], y[r, , drop = FALSE])
      } else {
        sliced[[i]]
      }
    }
  }
  gen_epoch <- function(slice_now = FALSE, steps = n_batches) {
    r_model %>% fit_generator(batch_source(slice_now), steps_per_epoch = steps,
                              epochs = 1, verbose = 0)
  }
  fit_epoch <- function() {
    r_model %>% fit(x, y, batch_size = batch_size, epochs = 1, verbose = 0, shuffle = FALSE)
  }

  r_epoch(x[seq_len(warmup_rows), ], y[seq_len(warmup_rows), ])
  gen_epoch(steps = 10L)
  py_epoch(as_float32(x[seq_len(warmup_rows), ]), as_float32(y[seq_len(warmup_rows), ]))

  r_times <- r_np_times <- py_times <- numeric(repeats)
  gen_times <- gen_slice_times <- fit_times <- numeric(repeats)
  for (i in seq_len(repeats)) {
    r_times[i] <- system.time(r_epoch())[["elapsed"]]
    r_np_times[i] <- system.time(r_epoch(x_np, y_np))[["elapsed"]]
    py_times[i] <- system.time(py_epoch())[["elapsed"]]
    fit_times[i] <- system.time(fit_epoch())[["elapsed"]]
    gen_times[i] <- system.time(gen_epoch())[["elapsed"]]
    gen_slice_times[i] <- system.time(gen_epoch(slice_now = TRUE))[["elapsed"]]
  }
  r_med <- stats::median(r_times)
  r_np_med <- stats::median(r_np_times)
  py_med <- stats::median(py_times)
  # The target is for the R API itself: fit() from R on data already in numpy
  # (converted once), against the core's fit(). Converting an R matrix costs
  # once per fit() call, however many epochs, and is shown beside it.
  ratio <- r_np_med / py_med
  cat(sprintf("  %-10s R fit() %.3f s/epoch   Python fit() %.3f s/epoch   R/Python %.3f  (target <= %.2f: %s)\n",
              name, r_np_med, py_med, ratio, target, if (ratio <= target) "met" else "MISSED"))
  cat(sprintf("  %-10s R fit() on an R matrix, converted in the call: %.3f s (R/Python %.3f)\n",
              "", r_med, r_med / py_med))
  cat(sprintf("  %-10s   runs R: %s; R on numpy: %s; Python: %s\n", "",
              paste(sprintf("%.3f", r_times), collapse = ", "),
              paste(sprintf("%.3f", r_np_times), collapse = ", "),
              paste(sprintf("%.3f", py_times), collapse = ", ")))
  fit_med <- stats::median(fit_times)
  gen_med <- stats::median(gen_times)
  gen_ratio <- gen_med / fit_med
  cat(sprintf("  %-10s fit_generator(R function) %.3f s/epoch   fit(R matrix) %.3f s/epoch   fit_generator/fit %.3f  (target <= %.2f: %s)\n",
              "", gen_med, fit_med, gen_ratio, gen_target,
              if (gen_ratio <= gen_target) "met" else "MISSED"))
  cat(sprintf("  %-10s fit_generator slicing the R matrix in each call: %.3f s (/fit %.3f)\n",
              "", stats::median(gen_slice_times), stats::median(gen_slice_times) / fit_med))
  data.frame(backend = name, r = r_np_med, python = py_med, ratio = ratio,
             generator = gen_med, fit = fit_med, generator_ratio = gen_ratio)
}

cat(sprintf("MLP 784-256-10 from R, %d rows, batch %d, SGD(lr=0.01); median of %d epochs\n",
            rows, batch_size, repeats))
cat(sprintf("  (converting x and y from R to C-ordered float32 numpy takes %.3f s: the part of\n   R fit()'s time that the data's R representation costs, once per call)\n",
            convert_time))
results <- do.call(rbind, lapply(c("tensorflow", "theano"), bench_backend))
if (is.null(results)) {
  cat("no backend could be used\n")
  quit(status = 1)
}
