# Text preprocessing: splitting texts into words, hashing words to ids, and
# the Tokenizer (a vocabulary fitted on texts, then used to turn texts into
# id sequences or matrices). The work happens in
# multikeras.preprocessing.text; these wrappers check and convert arguments.

# Keras's default filter: punctuation, tab and newline (not the apostrophe).
default_text_filters <- function() "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n"

#' Split a text into words
#'
#' Removes the characters in `filters`, optionally lower-cases, then splits
#' on `split`, dropping empty words.
#'
#' @param text A single string.
#' @param filters A string of characters to remove (by default punctuation,
#'   tab and newline).
#' @param lower Whether to convert the text to lower case.
#' @param split The word separator.
#'
#' @return A character vector of words.
#' @family text preprocessing
#' @export
#' @examples
#' if (is_keras_available()) {
#'   text_to_word_sequence("The cat sat on the mat. The end!")
#' }
text_to_word_sequence <- function(text, filters = default_text_filters(), lower = TRUE,
                                  split = " ") {
  result <- py_call(core_module("preprocessing.text", convert = FALSE)$text_to_word_sequence(
    check_string(text, "text"),
    filters = check_string(filters, "filters"),
    lower = check_flag(lower, "lower"),
    split = check_split(split)
  ))
  as.character(unlist(reticulate::py_to_r(result)))
}

#' Hash the words of a text to ids
#'
#' `text_one_hot()` and `text_hashing_trick()` split a text into words (as
#' [text_to_word_sequence()]) and map each word to an id from 1 to `n - 1`
#' by hashing, with no vocabulary to fit; two words may get the same id.
#' `text_one_hot()` uses Python's `hash()`, which changes between Python
#' sessions unless `PYTHONHASHSEED` is set; `text_hashing_trick(hash_function
#' = "md5")` gives the same ids in every session.
#'
#' @inheritParams text_to_word_sequence
#' @param n Size of the hashing space: ids are from 1 to `n - 1` (0 is left
#'   for padding).
#' @param hash_function `NULL` (Python's `hash()`), `"md5"`, or an R function
#'   taking a word and returning a whole number.
#'
#' @return An integer vector, one id per word.
#' @family text preprocessing
#' @export
#' @examples
#' if (is_keras_available()) {
#'   text_hashing_trick("the cat and the hat", n = 20, hash_function = "md5")
#'   text_one_hot("the cat and the hat", n = 20)
#' }
text_one_hot <- function(text, n, filters = default_text_filters(), lower = TRUE,
                         split = " ") {
  result <- py_call(core_module("preprocessing.text", convert = FALSE)$one_hot(
    check_string(text, "text"),
    n = as_integer_arg(n, "n", min = 2L),
    filters = check_string(filters, "filters"),
    lower = check_flag(lower, "lower"),
    split = check_split(split)
  ))
  as.integer(unlist(reticulate::py_to_r(result)))
}

#' @rdname text_one_hot
#' @export
text_hashing_trick <- function(text, n, hash_function = NULL, filters = default_text_filters(),
                               lower = TRUE, split = " ") {
  if (!(is.null(hash_function) || is.function(hash_function) ||
    identical(hash_function, "md5"))) {
    arg_error("hash_function", hash_function, "NULL, \"md5\" or a function of a word")
  }
  if (is.function(hash_function)) {
    user_hash <- hash_function
    hash_function <- function(word) {
      value <- user_hash(word)
      if (!is.numeric(value) || length(value) != 1 || !is_whole(value)) {
        arg_error("hash_function(word)", value, "a single whole number")
      }
      value
    }
    # Called from the core with Python strings: convert them to R.
    hash_function <- reticulate::r_to_py(hash_function, convert = TRUE)
  }
  result <- py_call(core_module("preprocessing.text", convert = FALSE)$hashing_trick(
    check_string(text, "text"),
    n = as_integer_arg(n, "n", min = 2L),
    hash_function = hash_function,
    filters = check_string(filters, "filters"),
    lower = check_flag(lower, "lower"),
    split = check_split(split)
  ))
  as.integer(unlist(reticulate::py_to_r(result)))
}

#' Text tokenizer
#'
#' Makes a tokenizer: fit it on texts with [fit_text_tokenizer()] to build
#' its vocabulary (word ids from 1, the most frequent word first; 0 is never
#' a word id), then turn texts into id sequences with [texts_to_sequences()]
#' or into matrices with [texts_to_matrix()].
#'
#' The fitted tokenizer's fields are `tokenizer$word_index` (a named list:
#' word -> id), `tokenizer$word_counts` (word -> count), `tokenizer$word_docs`
#' (word -> number of texts holding it) and `tokenizer$document_count`.
#'
#' @inheritParams text_to_word_sequence
#' @param num_words If not `NULL`, only the `num_words - 1` most frequent words
#'   are used by the conversions (ids below `num_words`); the vocabulary keeps
#'   them all.
#' @param char_level If `TRUE`, every character is a token.
#' @param oov_token If not `NULL`, a token that gets id 1 and stands for
#'   words outside the vocabulary in [texts_to_sequences()], instead of
#'   dropping them.
#'
#' @return A tokenizer (a Python `Tokenizer` object).
#' @family text tokenization
#' @export
#' @examples
#' if (is_keras_available()) {
#'   texts <- c("The cat sat.", "The dog sat down.", "A cat!")
#'   tokenizer <- text_tokenizer(num_words = 10) %>% fit_text_tokenizer(texts)
#'   unlist(tokenizer$word_index)
#'   texts_to_sequences(tokenizer, c("the cat sat down", "a bird"))
#'   texts_to_matrix(tokenizer, texts, mode = "count")
#' }
text_tokenizer <- function(num_words = NULL, filters = default_text_filters(), lower = TRUE,
                           split = " ", char_level = FALSE, oov_token = NULL) {
  py_call(core_module("preprocessing.text")$Tokenizer(
    num_words = as_integer_arg(num_words, "num_words", min = 1L, null_ok = TRUE),
    filters = check_string(filters, "filters"),
    lower = check_flag(lower, "lower"),
    split = check_split(split),
    char_level = check_flag(char_level, "char_level"),
    oov_token = check_string(oov_token, "oov_token", null_ok = TRUE)
  ))
}

#' Fit a tokenizer's vocabulary
#'
#' Updates the tokenizer's word counts and word ids from texts (a character
#' vector) or from sequences of word ids (a list of integer vectors, counted
#' for `texts_to_matrix(mode = "tfidf")`). Needed before the conversions.
#'
#' @param object A tokenizer from [text_tokenizer()]; it is updated in place.
#' @param x A character vector of texts, a list of integer vectors
#'   (sequences of word ids), or a Python iterator of texts.
#'
#' @return The tokenizer, invisibly (for `%>%`).
#' @family text tokenization
#' @export
#' @examples
#' if (is_keras_available()) {
#'   tokenizer <- text_tokenizer()
#'   fit_text_tokenizer(tokenizer, c("one two", "two three three"))
#'   tokenizer$document_count
#'   unlist(tokenizer$word_counts)
#' }
fit_text_tokenizer <- function(object, x) {
  check_tokenizer(object)
  is_sequences <- is.list(x) && !is.data.frame(x) && length(x) > 0 &&
    !all(vapply(x, is.character, logical(1)))
  if (is_sequences) {
    py_call(object$fit_on_sequences(as_sequence_list(x, "x")))
  } else {
    py_call(object$fit_on_texts(as_texts(x, "x")))
  }
  invisible(object)
}

#' Convert texts with a fitted tokenizer
#'
#' `texts_to_sequences()` turns each text into the vector of ids of its words
#' that are in the vocabulary (and below `num_words`); other words are
#' dropped, or become the `oov_token`'s id when the tokenizer has one.
#' `texts_to_sequences_generator()` does the same lazily, one text at a time.
#' `texts_to_matrix()` and `sequences_to_matrix()` give one row per text (or
#' sequence) and one column per word id (`num_words` columns; column `j` is
#' id `j - 1`), holding whether the word occurs (`"binary"`), its count
#' (`"count"`), its frequency in the text (`"freq"`) or its TF-IDF weight
#' (`"tfidf"`).
#'
#' @param tokenizer A tokenizer fitted with [fit_text_tokenizer()].
#' @param texts A character vector of texts.
#' @param sequences A list of integer vectors (sequences of word ids).
#' @param mode One of `"binary"`, `"count"`, `"tfidf"`, `"freq"`.
#'
#' @return `texts_to_sequences()`: a list of integer vectors.
#'   `texts_to_sequences_generator()`: a Python generator; get its items with
#'   [generator_next()]. `texts_to_matrix()`, `sequences_to_matrix()`: a
#'   numeric matrix.
#' @family text tokenization
#' @export
#' @examples
#' if (is_keras_available()) {
#'   tokenizer <- text_tokenizer(num_words = 5) %>%
#'     fit_text_tokenizer(c("a b b c", "b c d"))
#'   texts_to_sequences(tokenizer, c("b a", "d d e"))
#'   gen <- texts_to_sequences_generator(tokenizer, c("b a", "c"))
#'   generator_next(gen)
#'   texts_to_matrix(tokenizer, c("b a b"), mode = "count")
#'   sequences_to_matrix(tokenizer, list(c(1, 1, 3)), mode = "binary")
#' }
texts_to_sequences <- function(tokenizer, texts) {
  check_tokenizer(tokenizer)
  result <- py_call(reticulate::r_to_py(tokenizer, convert = FALSE)$texts_to_sequences(
    as_texts(texts, "texts")
  ))
  lapply(reticulate::py_to_r(result), function(s) as.integer(unlist(s)))
}

#' @rdname texts_to_sequences
#' @export
texts_to_sequences_generator <- function(tokenizer, texts) {
  check_tokenizer(tokenizer)
  py_call(tokenizer$texts_to_sequences_generator(as_texts(texts, "texts")))
}

#' @rdname texts_to_sequences
#' @export
texts_to_matrix <- function(tokenizer, texts, mode = c("binary", "count", "tfidf", "freq")) {
  check_tokenizer(tokenizer)
  mode <- match.arg(mode)
  py_call(tokenizer$texts_to_matrix(as_texts(texts, "texts"), mode = mode))
}

#' @rdname texts_to_sequences
#' @export
sequences_to_matrix <- function(tokenizer, sequences,
                                mode = c("binary", "count", "tfidf", "freq")) {
  check_tokenizer(tokenizer)
  mode <- match.arg(mode)
  py_call(tokenizer$sequences_to_matrix(as_sequence_list(sequences, "sequences"), mode = mode))
}

#' Save and load a text tokenizer
#'
#' A model trained on tokenized texts needs the same tokenizer at prediction
#' time: save it beside the model. `save_text_tokenizer()` writes the
#' tokenizer's configuration and vocabulary as JSON (Keras's
#' `Tokenizer.to_json()`, readable by `tokenizer_from_json()` in Python), to
#' a temporary file renamed into place so that a failed save leaves an
#' existing file intact. `load_text_tokenizer()` reads it back (it also reads
#' tokenizers pickled by earlier versions of R keras).
#'
#' @param object A tokenizer from [text_tokenizer()].
#' @param filename The file to write or read.
#'
#' @return `save_text_tokenizer()`: the tokenizer, invisibly.
#'   `load_text_tokenizer()`: a tokenizer.
#' @family text tokenization
#' @export
#' @examples
#' if (is_keras_available()) {
#'   tokenizer <- text_tokenizer() %>% fit_text_tokenizer(c("red green", "green"))
#'   path <- tempfile(fileext = ".json")
#'   save_text_tokenizer(tokenizer, path)
#'   restored <- load_text_tokenizer(path)
#'   texts_to_sequences(restored, "green red")
#' }
save_text_tokenizer <- function(object, filename) {
  check_tokenizer(object)
  filename <- path.expand(check_string(filename, "filename"))
  if (!dir.exists(dirname(filename))) {
    arg_error("filename", filename, "a file path in an existing folder")
  }
  json <- py_call(object$to_json())
  tmp <- tempfile(".tokenizer-", tmpdir = dirname(normalizePath(filename, mustWork = FALSE)))
  ok <- FALSE
  on.exit(if (!ok) unlink(tmp), add = TRUE)
  con <- file(tmp, open = "w", encoding = "UTF-8")
  tryCatch(writeLines(json, con, useBytes = TRUE), finally = close(con))
  if (!file.rename(tmp, filename)) {
    stop(sprintf("could not write the tokenizer to \"%s\".", filename), call. = FALSE)
  }
  ok <- TRUE
  invisible(object)
}

#' @rdname save_text_tokenizer
#' @export
load_text_tokenizer <- function(filename) {
  filename <- path.expand(check_string(filename, "filename"))
  if (!file.exists(filename)) {
    arg_error("filename", filename, "the path of a saved tokenizer")
  }
  first <- readBin(filename, "raw", n = 1)
  if (length(first) == 1 && first == as.raw(0x80)) {
    # A pickle (protocol 2+), as earlier R keras wrote with py_save_object().
    return(py_call(reticulate::py_load_object(filename)))
  }
  json <- paste(readLines(filename, encoding = "UTF-8", warn = FALSE), collapse = "\n")
  py_call(core_module("preprocessing.text")$tokenizer_from_json(json))
}

check_tokenizer <- function(x) {
  if (!is_py_object(x) || !any(grepl("\\.Tokenizer$", class(x)))) {
    stop(sprintf(
      "expected a tokenizer from text_tokenizer(), not %s.", format_value(x)
    ), call. = FALSE)
  }
  invisible(x)
}

check_split <- function(split) {
  split <- check_string(split, "split")
  if (!nzchar(split)) {
    arg_error("split", split, "a non-empty string")
  }
  split
}

# Texts as a Python list of strings (a single string stays one text).
# Python iterators (generators of texts) pass through.
as_texts <- function(texts, name) {
  if (is_py_object(texts)) {
    return(texts)
  }
  if (is.factor(texts)) {
    texts <- as.character(texts)
  }
  if (is.list(texts) && all(vapply(texts, function(t) is.character(t) && length(t) == 1, logical(1)))) {
    texts <- unlist(texts)
  }
  if (!is.character(texts)) {
    arg_error(name, texts, "a character vector of texts")
  }
  if (anyNA(texts)) {
    stop(sprintf("`%s` contains NA at %s; remove them or use \"\".", name,
                 paste(utils::head(which(is.na(texts)), 10), collapse = ", ")), call. = FALSE)
  }
  as.list(texts)
}
