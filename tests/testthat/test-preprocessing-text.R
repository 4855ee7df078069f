texts <- c("The cat sat.", "The dog sat down.", "A cat!")

test_that("text_to_word_sequence() filters, lower-cases and splits", {
  skip_if_no_keras()
  expect_identical(text_to_word_sequence("The cat sat on the mat. The end!"),
                   c("the", "cat", "sat", "on", "the", "mat", "the", "end"))
  expect_identical(text_to_word_sequence("Hi  there", lower = FALSE), c("Hi", "there"))
  expect_identical(text_to_word_sequence("a,b;c", split = ",", filters = ""), c("a", "b;c"))
  expect_identical(text_to_word_sequence("x-y z", filters = ""), c("x-y", "z"))
  expect_identical(text_to_word_sequence(""), character(0))
  expect_error(text_to_word_sequence(c("a", "b")), "`text` must be a single string")
  expect_error(text_to_word_sequence("a", split = ""), "`split` must be a non-empty string")
  expect_error(text_to_word_sequence("a", lower = NA), "`lower` must be TRUE or FALSE")
})

# md5 of a word as a big number mod m, worked out in R from the hex digest.
md5_mod <- function(word, m) {
  f <- tempfile()
  writeBin(charToRaw(enc2utf8(word)), f)
  hex <- unname(tools::md5sum(f))
  r <- 0
  for (digit in strsplit(hex, "")[[1]]) {
    r <- (r * 16 + strtoi(digit, 16L)) %% m
  }
  r
}

test_that("text_hashing_trick() maps words to md5 or user hashes in 1..n-1", {
  skip_if_no_keras()
  words <- c("the", "cat", "and", "the", "hat")
  ids <- text_hashing_trick("The cat and the hat.", n = 20, hash_function = "md5")
  expect_true(is.integer(ids))
  expect_identical(ids, as.integer(vapply(words, md5_mod, numeric(1), m = 19) + 1))
  by_length <- text_hashing_trick("a bb ccc", n = 3, hash_function = function(w) nchar(w))
  expect_identical(by_length, as.integer(c(1, 2, 3) %% 2 + 1))
  one_hot <- text_one_hot("the cat and the hat", n = 50)
  expect_length(one_hot, 5)
  expect_true(all(one_hot >= 1 & one_hot <= 49))
  expect_identical(one_hot[1], one_hot[4])
  expect_error(text_hashing_trick("a", n = 1), "`n` must be a whole number >= 2")
  expect_error(text_hashing_trick("a", n = 5, hash_function = "sha1"), "`hash_function` must be NULL, \"md5\"")
  expect_error(text_hashing_trick("a b", n = 5, hash_function = function(w) "x"),
               "hash_function\\(word\\)` must be a single whole number")
  expect_error(text_one_hot(3, n = 5), "`text` must be a single string")
})

test_that("a fitted tokenizer indexes words by frequency from 1", {
  skip_if_no_keras()
  tok <- text_tokenizer() %>% fit_text_tokenizer(texts)
  # Counts: the 2, cat 2, sat 2, dog 1, down 1, a 1; ties keep first-seen order.
  expect_identical(unlist(tok$word_index),
                   c(the = 1L, cat = 2L, sat = 3L, dog = 4L, down = 5L, a = 6L))
  expect_identical(tok$document_count, 3L)
  expect_identical(unlist(tok$word_counts)[c("the", "dog")], c(the = 2L, dog = 1L))
  expect_identical(unlist(tok$word_docs)[["cat"]], 2L)
  expect_identical(texts_to_sequences(tok, c("the cat sat down", "a bird")),
                   list(c(1L, 2L, 3L, 5L), 6L))
  # A single string is one text, not a list of characters.
  expect_identical(texts_to_sequences(tok, "cat"), list(2L))
  # num_words: only ids below it are used (the vocabulary keeps them all).
  tok4 <- text_tokenizer(num_words = 4) %>% fit_text_tokenizer(texts)
  expect_length(tok4$word_index, 6)
  expect_identical(texts_to_sequences(tok4, c("the cat sat down", "a bird")),
                   list(c(1L, 2L, 3L), integer(0)))
  # oov_token takes id 1 and stands for unknown words.
  tok_oov <- text_tokenizer(oov_token = "<unk>") %>% fit_text_tokenizer(texts)
  expect_identical(tok_oov$word_index[["<unk>"]], 1L)
  expect_identical(texts_to_sequences(tok_oov, "a bird"), list(c(7L, 1L)))
  # char_level: characters are tokens.
  chars <- text_tokenizer(char_level = TRUE) %>% fit_text_tokenizer("abba")
  expect_identical(unlist(chars$word_index), c(a = 1L, b = 2L))
  # Fitting again adds to the counts.
  fit_text_tokenizer(tok, "zebra zebra zebra")
  expect_identical(tok$word_index[["zebra"]], 1L)
  expect_identical(tok$document_count, 4L)
})

test_that("texts_to_matrix() and sequences_to_matrix() give each mode's values", {
  skip_if_no_keras()
  tok <- text_tokenizer(num_words = 8) %>% fit_text_tokenizer(texts)
  docs <- c("the cat the", "dog")
  count <- texts_to_matrix(tok, docs, mode = "count")
  expect_identical(dim(count), c(2L, 8L))
  # Column j is word id j - 1: "the" is id 1 (column 2), "cat" id 2, "dog" id 4.
  expected <- matrix(0, 2, 8)
  expected[1, 2] <- 2
  expected[1, 3] <- 1
  expected[2, 5] <- 1
  expect_equal(count, expected)
  expect_equal(texts_to_matrix(tok, docs), pmin(expected, 1))
  expect_equal(texts_to_matrix(tok, docs, mode = "freq")[1, 2:3], c(2, 1) / 3)
  # tf-idf: (1 + log(count)) * log(1 + documents / (1 + documents holding the word)).
  tfidf <- texts_to_matrix(tok, docs, mode = "tfidf")
  expect_equal(tfidf[1, 2], (1 + log(2)) * log(1 + 3 / (1 + 2)), tolerance = 1e-6)
  expect_equal(tfidf[2, 5], 1 * log(1 + 3 / (1 + 1)), tolerance = 1e-6)
  expect_equal(tfidf[1, 1], 0)
  by_seq <- sequences_to_matrix(tok, list(c(1, 1, 3), 7), mode = "count")
  expect_equal(by_seq[1, c(2, 4)], c(2, 1))
  expect_equal(by_seq[2, 8], 1)
  expect_error(texts_to_matrix(tok, docs, mode = "words"), "should be one of")
})

test_that("fit_text_tokenizer() takes sequences, and the generator yields lazily", {
  skip_if_no_keras()
  tok <- text_tokenizer(num_words = 5)
  fit_text_tokenizer(tok, list(c(1, 2), c(2, 3, 3)))
  expect_identical(tok$document_count, 2L)
  # Index 2 is in both sequences, 1 in one: idf differs.
  m <- sequences_to_matrix(tok, list(c(1, 2)), mode = "tfidf")
  expect_equal(m[1, 2:3], c(log(1 + 2 / 2), log(1 + 2 / 3)), tolerance = 1e-6)
  tok2 <- text_tokenizer() %>% fit_text_tokenizer(texts)
  gen <- texts_to_sequences_generator(tok2, c("cat sat", "down"))
  expect_identical(as.integer(generator_next(gen)), c(2L, 3L))
  expect_identical(as.integer(generator_next(gen)), 5L)
  expect_identical(generator_next(gen, completed = "end"), "end")
  # Texts given as a list of strings, or a factor, are texts.
  tok3 <- text_tokenizer() %>% fit_text_tokenizer(list("b a", "b"))
  expect_identical(tok3$word_index[["b"]], 1L)
  expect_identical(texts_to_sequences(tok3, factor("a b")), list(c(2L, 1L)))
})

test_that("tokenizer functions reject bad input naming the argument", {
  skip_if_no_keras()
  tok <- text_tokenizer() %>% fit_text_tokenizer(texts)
  expect_error(texts_to_sequences(tok, 1:3), "`texts` must be a character vector")
  expect_error(texts_to_sequences(tok, c("a", NA)), "`texts` contains NA at 2")
  expect_error(texts_to_sequences("tok", "a"), "expected a tokenizer from text_tokenizer\\(\\)")
  expect_error(fit_text_tokenizer(tok, list(c(1, NA))), "`x\\[\\[1\\]\\]` must be a numeric vector without NA")
  expect_error(text_tokenizer(num_words = 0), "`num_words` must be a positive whole number")
  expect_error(text_tokenizer(oov_token = 1), "`oov_token` must be a single string or NULL")
})

test_that("save_text_tokenizer() and load_text_tokenizer() round-trip through JSON", {
  skip_if_no_keras()
  tok <- text_tokenizer(num_words = 5, oov_token = "?") %>% fit_text_tokenizer(texts)
  dir <- tempfile("tok")
  dir.create(dir)
  path <- file.path(dir, "tokenizer.json")
  writeLines("old", path)
  expect_identical(save_text_tokenizer(tok, path), tok)
  expect_identical(list.files(dir), "tokenizer.json")
  json <- jsonlite::fromJSON(paste(readLines(path), collapse = "\n"))
  expect_identical(json$class_name, "Tokenizer")
  restored <- load_text_tokenizer(path)
  expect_identical(restored$num_words, 5L)
  expect_identical(unlist(restored$word_index), unlist(tok$word_index))
  probe <- c("the dog and a cat", "sat")
  expect_identical(texts_to_sequences(restored, probe), texts_to_sequences(tok, probe))
  expect_equal(texts_to_matrix(restored, probe, "tfidf"), texts_to_matrix(tok, probe, "tfidf"))
  # A tokenizer pickled by earlier versions of R keras loads too.
  pickled <- tempfile(fileext = ".pkl")
  reticulate::py_save_object(tok, pickled)
  expect_identical(texts_to_sequences(load_text_tokenizer(pickled), probe),
                   texts_to_sequences(tok, probe))
  # A failed save leaves the existing file as it was.
  expect_error(save_text_tokenizer("not a tokenizer", path), "expected a tokenizer")
  expect_identical(texts_to_sequences(load_text_tokenizer(path), probe), texts_to_sequences(tok, probe))
  expect_error(load_text_tokenizer(file.path(dir, "missing.json")), "`filename` must be the path of a saved tokenizer")
  expect_error(save_text_tokenizer(tok, file.path(dir, "no", "such", "dir.json")),
               "`filename` must be a file path in an existing folder")
})
