tensorboard_backends <- c("tensorflow", "theano", "cntk")

for (backend_name in tensorboard_backends) {
  test_that(paste("callback_tensorboard() writes event files on", backend_name), {
    skip_if_no_backend(backend_name)
    logs <- tempfile("tb-")
    blobs <- make_blobs(64)
    model <- tiny_classifier()
    model %>% fit(blobs$x, blobs$y, epochs = 2, batch_size = 16, verbose = 0,
                  validation_split = 0.25,
                  callbacks = list(callback_tensorboard(logs, histogram_freq = 1,
                                                        update_freq = "batch")))
    files <- list.files(logs, pattern = "events", recursive = TRUE)
    expect_gt(length(files), 0)
    expect_gt(sum(file.size(file.path(logs, files))), 0)
  })
}

test_that("callback_tensorboard() checks its arguments", {
  expect_error(callback_tensorboard(update_freq = "sometimes"), "`update_freq`")
  expect_error(callback_tensorboard(histogram_freq = -1), "`histogram_freq`")
  expect_error(callback_tensorboard(embeddings_metadata = 3), "`embeddings_metadata`")
  skip_if_no_backend("tensorflow")
  cb <- callback_tensorboard(tempfile(), update_freq = 100)
  expect_true(inherits(cb, "multikeras.callbacks.TensorBoard"))
})

test_that("tensorboard() starts TensorBoard on a free port and stops it", {
  skip_if_no_keras()
  logs <- tempfile("tb-run-")
  dir.create(logs)
  url <- tensorboard(logs, host = "127.0.0.1", launch_browser = FALSE, reload_interval = 1)
  on.exit(tensorboard(logs, action = "stop"), add = TRUE)
  expect_match(url, "^http://127\\.0\\.0\\.1:[0-9]+$")
  page <- readLines(url(url), warn = FALSE)
  expect_true(any(grepl("TensorBoard", page, ignore.case = TRUE)))
  entry <- get(ls(keras:::.tensorboards), envir = keras:::.tensorboards)
  process <- entry$process
  tensorboard(logs, action = "stop")
  expect_false(is.null(reticulate::py_to_r(process$poll())))
  expect_false(keras:::url_answers(url))
  expect_length(ls(keras:::.tensorboards), 0)

  expect_error(tensorboard(), "`log_dir`")
  expect_error(tensorboard(logs, port = -3, launch_browser = FALSE), "`port`")
})
