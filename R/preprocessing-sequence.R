# Sequence preprocessing: padding, skip-gram pairs and their sampling table,
# and batches of time-series windows. Each function checks and converts its
# arguments, then calls multikeras.preprocessing.sequence.

#' Pad sequences to the same length
#'
#' Turns a list of sequences (vectors of integers, e.g. word ids) into a
#' matrix with one row per sequence. Sequences shorter than `maxlen` are
#' filled with `value`, before (`padding = "pre"`) or after (`"post"`) their
#' elements; longer ones lose elements at the start (`truncating = "pre"`) or
#' the end (`"post"`).
#'
#' @param sequences A list of numeric vectors (one per sequence; an empty
#'   vector is an empty sequence), or a Python list of sequences.
#' @param maxlen Length of the result's rows; `NULL` for the length of the
#'   longest sequence.
#' @param dtype NumPy type of the result, e.g. `"int32"` or `"float32"`.
#' @param padding `"pre"` or `"post"`: where to add `value`.
#' @param truncating `"pre"` or `"post"`: where to drop elements of
#'   sequences longer than `maxlen`.
#' @param value The padding value.
#'
#' @return A matrix with `length(sequences)` rows and `maxlen` columns
#'   (integer for integer `dtype`s).
#' @family text preprocessing
#' @export
#' @examples
#' if (is_keras_available()) {
#'   pad_sequences(list(1:3, 4:5, 6L))
#'   pad_sequences(list(1:3, 4:5, 6L), maxlen = 2, padding = "post", truncating = "post")
#' }
pad_sequences <- function(sequences, maxlen = NULL, dtype = "int32", padding = "pre",
                          truncating = "pre", value = 0) {
  result <- py_call(core_module("preprocessing.sequence", convert = FALSE)$pad_sequences(
    sequences = as_sequence_list(sequences, "sequences"),
    maxlen = as_integer_arg(maxlen, "maxlen", min = 0L, null_ok = TRUE),
    dtype = check_string(dtype, "dtype"),
    padding = check_string(padding, "padding", choices = c("pre", "post")),
    truncating = check_string(truncating, "truncating", choices = c("pre", "post")),
    value = check_number(value, "value")
  ))
  reticulate::py_to_r(result)
}

#' Word-rank sampling table for skip-grams
#'
#' Gives, for each word rank (the most frequent word first), the probability
#' that a word of that rank is kept when sampling skip-gram pairs, following
#' word2vec's sub-sampling of frequent words under a Zipf distribution of
#' word frequencies. Pass it as `sampling_table` to [skipgrams()].
#'
#' @param size Number of word ranks (the vocabulary size).
#' @param sampling_factor The sampling factor of the word2vec formula.
#'
#' @return A numeric vector of length `size`: element `i` is the probability
#'   of sampling the word of rank `i - 1` (rank 0 is the padding id).
#' @family text preprocessing
#' @export
#' @examples
#' if (is_keras_available()) {
#'   round(make_sampling_table(10), 4)
#' }
make_sampling_table <- function(size, sampling_factor = 1e-05) {
  result <- py_call(core_module("preprocessing.sequence", convert = FALSE)$make_sampling_table(
    size = as_integer_arg(size, "size", min = 1L),
    sampling_factor = check_number(sampling_factor, "sampling_factor", min = 0)
  ))
  as.numeric(reticulate::py_to_r(result))
}

#' Skip-gram word pairs
#'
#' From a sequence of word ids, makes the pairs `(word, context word)` of
#' words at most `window_size` apart (label 1) and, with `negative_samples`,
#' as many times as many pairs of a word and a random word id (label 0), for
#' training word embeddings. The id 0 is taken for padding and never paired.
#'
#' @param sequence A vector of word ids (whole numbers from 0 to
#'   `vocabulary_size - 1`).
#' @param vocabulary_size The largest word id plus one.
#' @param window_size Largest distance between a word and its context words.
#' @param negative_samples Number of random (negative) pairs per positive
#'   pair: 0 for none, 1 for as many.
#' @param shuffle Whether to shuffle the pairs.
#' @param categorical If `TRUE`, labels are one-hot pairs (`c(1, 0)` for 0,
#'   `c(0, 1)` for 1) instead of 0 and 1.
#' @param sampling_table A vector of length `vocabulary_size` from
#'   [make_sampling_table()] (word `i` is kept with probability
#'   `sampling_table[i + 1]`), or `NULL` to keep every word.
#' @param seed Random seed for the shuffle, or `NULL`.
#'
#' @return A list: `couples`, a list of `c(word, context)` integer pairs, and
#'   `labels`, an integer vector of 0 and 1 (a list of one-hot pairs when
#'   `categorical = TRUE`).
#' @family text preprocessing
#' @export
#' @examples
#' if (is_keras_available()) {
#'   sg <- skipgrams(c(1, 2, 3), vocabulary_size = 4, window_size = 1,
#'                   negative_samples = 0, shuffle = FALSE)
#'   do.call(rbind, sg$couples)
#'   sg$labels
#' }
skipgrams <- function(sequence, vocabulary_size, window_size = 4, negative_samples = 1,
                      shuffle = TRUE, categorical = FALSE, sampling_table = NULL, seed = NULL) {
  if (!is.numeric(sequence) || !is_whole(sequence) || any(sequence < 0)) {
    arg_error("sequence", sequence, "a vector of non-negative whole numbers (word ids)")
  }
  vocabulary_size <- as_integer_arg(vocabulary_size, "vocabulary_size", min = 1L)
  if (length(sequence) > 0 && max(sequence) >= vocabulary_size) {
    stop(sprintf(
      "`sequence` has word id %d but `vocabulary_size` is %d: ids must be below it.",
      as.integer(max(sequence)), vocabulary_size
    ), call. = FALSE)
  }
  if (!is.null(sampling_table)) {
    if (!is.numeric(sampling_table) || anyNA(sampling_table) ||
      length(sampling_table) != vocabulary_size) {
      arg_error("sampling_table", sampling_table,
        sprintf("a numeric vector of %d probabilities (vocabulary_size), or NULL", vocabulary_size))
    }
    sampling_table <- core_np()$asarray(as.numeric(sampling_table), dtype = "float64")
  }
  result <- py_call(core_module("preprocessing.sequence", convert = FALSE)$skipgrams(
    sequence = as.list(as.integer(sequence)),
    vocabulary_size = vocabulary_size,
    window_size = as_integer_arg(window_size, "window_size", min = 1L),
    negative_samples = check_number(negative_samples, "negative_samples", min = 0),
    shuffle = check_flag(shuffle, "shuffle"),
    categorical = check_flag(categorical, "categorical"),
    sampling_table = sampling_table,
    seed = as_integer_arg(seed, "seed", min = 0L, null_ok = TRUE)
  ))
  result <- reticulate::py_to_r(result)
  couples <- lapply(result[[1]], as.integer)
  labels <- result[[2]]
  labels <- if (isTRUE(categorical)) lapply(labels, as.integer) else as.integer(unlist(labels))
  list(couples = couples, labels = labels)
}

#' Batches of time-series windows
#'
#' Makes a generator of batches of windows over a series of equally spaced
#' data points, for [fit_generator()], [evaluate_generator()] and
#' [predict_generator()]: each sample is the `length` rows before a target
#' row (taking every `sampling_rate`-th row), and its target is that row of
#' `targets`.
#'
#' Sample `j` (0-based, without shuffling) ends just before row
#' `start_index + length + j * stride` (0-based) of `data`, and its target is
#' that row of `targets`.
#'
#' @param data A matrix (or vector) of data points, one row per time step.
#' @param targets Targets, one row per time step (the same number of rows as
#'   `data`).
#' @param length Length of the windows, in time steps (before sampling).
#' @param sampling_rate Period between the time steps kept in a window: with
#'   `r`, rows `i, i - r, i - 2r, ...` are kept.
#' @param stride Period between the ends of successive windows.
#' @param start_index,end_index 0-based rows (as in Python and R keras): rows
#'   before `start_index` or after `end_index` are not used in windows.
#'   `end_index = NULL` means the last row.
#' @param shuffle Whether to shuffle the windows, instead of taking them in
#'   time order.
#' @param reverse If `TRUE`, the time steps of each window are in reverse
#'   order.
#' @param batch_size Number of windows per batch (the last batch may be
#'   smaller).
#'
#' @return A `TimeseriesGenerator` (a Python `Sequence`): `length()` of it
#'   is not defined in R; use `gen$`__len__`()` for the number of batches and
#'   `reticulate::py_to_r(reticulate::py_get_item(gen, i - 1L))` for batch
#'   `i`, as `list(samples, targets)`.
#' @family data generators
#' @export
#' @examples
#' if (is_keras_available()) {
#'   series <- matrix(1:10, ncol = 1)
#'   gen <- timeseries_generator(series, series, length = 3, batch_size = 2)
#'   gen$`__len__`()
#'   batch <- reticulate::py_to_r(reticulate::py_get_item(gen, 0L))
#'   batch[[1]][1, , ]   # rows 1, 2, 3 ...
#'   batch[[2]][1, ]     # ... predict row 4
#' }
timeseries_generator <- function(data, targets, length, sampling_rate = 1, stride = 1,
                                 start_index = 0, end_index = NULL, shuffle = FALSE,
                                 reverse = FALSE, batch_size = 128) {
  check_same_rows(data, targets, "data", "targets")
  py_call(core_module("preprocessing.sequence")$TimeseriesGenerator(
    data = as_data_array(data, "data"),
    targets = as_data_array(targets, "targets"),
    length = as_integer_arg(length, "length", min = 1L),
    sampling_rate = as_integer_arg(sampling_rate, "sampling_rate", min = 1L),
    stride = as_integer_arg(stride, "stride", min = 1L),
    start_index = as_integer_arg(start_index, "start_index", min = 0L),
    end_index = as_integer_arg(end_index, "end_index", min = 0L, null_ok = TRUE),
    shuffle = check_flag(shuffle, "shuffle"),
    reverse = check_flag(reverse, "reverse"),
    batch_size = as_integer_arg(batch_size, "batch_size", min = 1L)
  ))
}

# A list of sequences (numeric vectors) as a Python list of lists. Python
# objects (e.g. the result of a core call) are passed on as they are.
as_sequence_list <- function(sequences, name) {
  if (is_py_object(sequences)) {
    return(sequences)
  }
  if (is.numeric(sequences) && is.null(dim(sequences))) {
    stop(sprintf(
      "`%s` must be a list of sequences (numeric vectors), not a single vector; wrap one sequence in list().",
      name
    ), call. = FALSE)
  }
  if (is.matrix(sequences) && is.numeric(sequences)) {
    sequences <- lapply(seq_len(nrow(sequences)), function(i) sequences[i, ])
  }
  if (!is.list(sequences) || is.data.frame(sequences)) {
    arg_error(name, sequences, "a list of numeric vectors")
  }
  lapply(seq_along(sequences), function(i) {
    s <- sequences[[i]]
    if (is.null(s)) {
      s <- integer(0)
    }
    if (!is.numeric(s) || anyNA(s)) {
      arg_error(sprintf("%s[[%d]]", name, i), s, "a numeric vector without NA values")
    }
    if (is_whole(s)) {
      s <- as.integer(s)
    }
    as.list(s)
  })
}
