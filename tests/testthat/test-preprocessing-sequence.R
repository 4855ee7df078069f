# Batch i (1-based) of a Sequence, converted to R.
batch_at <- function(gen, i) reticulate::py_to_r(reticulate::py_get_item(gen, as.integer(i - 1)))

test_that("pad_sequences() pads and truncates before or after", {
  skip_if_no_keras()
  seqs <- list(1:3, 4:5, 6L)
  m <- pad_sequences(seqs)
  expect_true(is.integer(m))
  expect_identical(dim(m), c(3L, 3L))
  expect_identical(m, rbind(c(1L, 2L, 3L), c(0L, 4L, 5L), c(0L, 0L, 6L)))
  post <- pad_sequences(seqs, padding = "post")
  expect_identical(post[3, ], c(6L, 0L, 0L))
  expect_identical(pad_sequences(seqs, maxlen = 2),
                   rbind(c(2L, 3L), c(4L, 5L), c(0L, 6L)))
  expect_identical(pad_sequences(seqs, maxlen = 2, truncating = "post", padding = "post"),
                   rbind(c(1L, 2L), c(4L, 5L), c(6L, 0L)))
  expect_identical(pad_sequences(seqs, maxlen = 4, value = 9)[3, ], c(9L, 9L, 9L, 6L))
  f <- pad_sequences(list(c(0.5, 1.5), 2.5), dtype = "float32", value = -1)
  expect_true(is.double(f))
  expect_equal(f, rbind(c(0.5, 1.5), c(-1, 2.5)))
  # An empty sequence is a row of padding; doubles holding whole numbers are fine.
  expect_identical(pad_sequences(list(integer(0), c(7, 8)))[1, ], c(0L, 0L))
  # Rows of a matrix are sequences too.
  expect_identical(pad_sequences(matrix(1:4, 2, byrow = TRUE), maxlen = 3)[2, ], c(0L, 3L, 4L))
})

test_that("pad_sequences() rejects bad input naming the argument", {
  skip_if_no_keras()
  expect_error(pad_sequences(1:3), "`sequences` must be a list of sequences")
  expect_error(pad_sequences(list(1:2, c(1, NA))), "`sequences\\[\\[2\\]\\]` must be a numeric vector without NA")
  expect_error(pad_sequences(list(1:2, "a")), "`sequences\\[\\[2\\]\\]`")
  expect_error(pad_sequences(list(1:2), padding = "middle"), "`padding` must be one of \"pre\", \"post\"")
  expect_error(pad_sequences(list(1:2), truncating = "both"), "`truncating`")
  expect_error(pad_sequences(list(1:2), maxlen = -1), "`maxlen`")
  expect_error(pad_sequences(list(1:2), value = "x"), "`value` must be a single number")
})

test_that("make_sampling_table() follows the word2vec/Zipf formula", {
  skip_if_no_keras()
  size <- 50
  table <- make_sampling_table(size, sampling_factor = 1e-3)
  expect_length(table, size)
  # Documented formula: frequency(rank) ~ 1 / (rank * (log(rank) + gamma) +
  # 1/2 - 1/(12 * rank)), p = min(1, sqrt(f / s) / (f / s)) with f the
  # frequency, i.e. min(1, sqrt(s * inv_f)) ... with inv_f = 1 / frequency.
  gamma <- 0.577
  rank <- c(1, seq_len(size - 1))
  inv_fq <- rank * (log(rank) + gamma) + 0.5 - 1 / (12 * rank)
  f <- 1e-3 * inv_fq
  expect_equal(table, pmin(1, f / sqrt(f)), tolerance = 1e-6)
  expect_true(all(diff(table[-1]) >= 0))
  expect_error(make_sampling_table(0), "`size` must be a positive whole number")
  expect_error(make_sampling_table(5, sampling_factor = -1), "`sampling_factor`")
})

test_that("skipgrams() pairs words within the window, labels 1, and adds negatives", {
  skip_if_no_keras()
  sg <- skipgrams(c(1, 2, 3), vocabulary_size = 4, window_size = 1,
                  negative_samples = 0, shuffle = FALSE)
  expect_named(sg, c("couples", "labels"))
  expect_identical(sg$couples, list(c(1L, 2L), c(2L, 1L), c(2L, 3L), c(3L, 2L)))
  expect_identical(sg$labels, rep(1L, 4))
  # Id 0 is padding: never paired.
  sg0 <- skipgrams(c(1, 0, 2), vocabulary_size = 3, window_size = 2,
                   negative_samples = 0, shuffle = FALSE)
  expect_identical(sg0$couples, list(c(1L, 2L), c(2L, 1L)))
  cat_sg <- skipgrams(c(1, 2), vocabulary_size = 3, window_size = 1,
                      negative_samples = 0, shuffle = FALSE, categorical = TRUE)
  expect_identical(cat_sg$labels, list(c(0L, 1L), c(0L, 1L)))
  # As many negatives as positives: pairs of a word of the sequence and a
  # random id from 1 to vocabulary_size - 1, labelled 0.
  neg <- skipgrams(c(1, 2, 3), vocabulary_size = 10, window_size = 1,
                   negative_samples = 1, shuffle = TRUE, seed = 42)
  expect_length(neg$couples, 8)
  expect_equal(sum(neg$labels == 0), 4)
  positives <- neg$couples[neg$labels == 1]
  expect_setequal(positives, list(c(1L, 2L), c(2L, 1L), c(2L, 3L), c(3L, 2L)))
  negatives <- do.call(rbind, neg$couples[neg$labels == 0])
  expect_true(all(negatives[, 1] %in% 1:3))
  expect_true(all(negatives[, 2] >= 1 & negatives[, 2] <= 9))
  # The seed fixes the shuffle.
  again <- skipgrams(c(1, 2, 3), vocabulary_size = 10, window_size = 1,
                     negative_samples = 0, shuffle = TRUE, seed = 42)
  expect_identical(again, skipgrams(c(1, 2, 3), vocabulary_size = 10, window_size = 1,
                                    negative_samples = 0, shuffle = TRUE, seed = 42))
  # A sampling table of zeros keeps no word; of ones keeps every word.
  none <- skipgrams(c(1, 2, 3), vocabulary_size = 4, window_size = 1, negative_samples = 0,
                    shuffle = FALSE, sampling_table = rep(0, 4))
  expect_length(none$couples, 0)
  all_kept <- skipgrams(c(1, 2, 3), vocabulary_size = 4, window_size = 1, negative_samples = 0,
                        shuffle = FALSE, sampling_table = rep(1, 4))
  expect_identical(all_kept$couples, sg$couples)
})

test_that("skipgrams() checks its arguments", {
  skip_if_no_keras()
  expect_error(skipgrams(c(1, 5), vocabulary_size = 4), "word id 5 but `vocabulary_size` is 4")
  expect_error(skipgrams(c(1.5, 2), vocabulary_size = 4), "`sequence` must be a vector of non-negative whole numbers")
  expect_error(skipgrams(c(1, 2), vocabulary_size = 4, sampling_table = c(1, 1)),
               "`sampling_table` must be a numeric vector of 4 probabilities")
  expect_error(skipgrams(c(1, 2), vocabulary_size = 4, window_size = 0), "`window_size`")
  expect_error(skipgrams(c(1, 2), vocabulary_size = 4, shuffle = "yes"), "`shuffle` must be TRUE or FALSE")
})

test_that("timeseries_generator() yields windows and their next-step targets", {
  skip_if_no_keras()
  series <- matrix(as.numeric(1:10), ncol = 1)
  gen <- timeseries_generator(series, series, length = 3, batch_size = 2)
  # Windows end before rows 4..10 (1-based): 7 samples, in batches of 2.
  expect_equal(gen$`__len__`(), 4)
  b1 <- batch_at(gen, 1)
  expect_equal(dim(b1[[1]]), c(2L, 3L, 1L))
  expect_equal(b1[[1]][1, , 1], c(1, 2, 3))
  expect_equal(b1[[1]][2, , 1], c(2, 3, 4))
  expect_equal(as.vector(b1[[2]]), c(4, 5))
  last <- batch_at(gen, 4)
  expect_equal(dim(last[[1]]), c(1L, 3L, 1L))
  expect_equal(last[[1]][1, , 1], c(7, 8, 9))
  expect_equal(as.vector(last[[2]]), 10)
  # sampling_rate 2 keeps every other step; reverse flips each window;
  # stride 3 moves windows by three; start_index (0-based) skips rows.
  g2 <- timeseries_generator(series, series, length = 4, sampling_rate = 2, stride = 3,
                             start_index = 1, reverse = TRUE, batch_size = 10)
  b <- batch_at(g2, 1)
  # Targets: 0-based rows 5 and 8 (start_index + length, + stride).
  expect_equal(as.vector(b[[2]]), c(6, 9))
  expect_equal(b[[1]][1, , 1], c(4, 2))
  expect_equal(b[[1]][2, , 1], c(7, 5))
  g3 <- timeseries_generator(series, series, length = 2, end_index = 4, batch_size = 10)
  expect_equal(as.vector(batch_at(g3, 1)[[2]]), c(3, 4, 5))
  expect_error(timeseries_generator(series, series[1:5, , drop = FALSE], length = 2),
               "`data` has 10 samples .* `targets` has 5")
  expect_error(timeseries_generator(series, series, length = 0), "`length` must be a positive")
  expect_error(timeseries_generator(series, series, length = 2, start_index = -1), "`start_index`")
})

test_that("fit_generator() trains on a timeseries_generator() without steps", {
  skip_if_no_keras()
  set.seed(3)
  series <- matrix(sin(seq(0, 20, length.out = 200)), ncol = 1)
  gen <- timeseries_generator(series, series, length = 5, batch_size = 16)
  model <- keras_model_sequential() %>%
    layer_flatten(input_shape = c(5, 1)) %>%
    layer_dense(1)
  model %>% compile(optimizer = optimizer_adam(lr = 0.05), loss = "mse")
  history <- model %>% fit_generator(gen, epochs = 5, verbose = 0)
  expect_length(history$metrics$loss, 5)
  expect_lt(history$metrics$loss[5], history$metrics$loss[1])
  expect_length(evaluate_generator(model, gen), 1)
  expect_equal(dim(predict_generator(model, gen)), c(195L, 1L))
  expect_error(generator_next(gen), "Sequence")
})
