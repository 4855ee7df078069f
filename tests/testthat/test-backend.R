test_that("an unknown backend is an R error listing the valid ones", {
  expect_error(
    use_backend("pytorch"),
    paste0("Unknown backend \"pytorch\": `backend` must be one of \"tensorflow\", \"cntk\", ",
           "\"theano\", \"mxnet\"."),
    fixed = TRUE
  )
  expect_error(use_backend(c("tensorflow", "theano")), "Unknown backend")
  expect_error(use_backend(NA_character_), "Unknown backend")
})

test_that("a failed switch leaves the active backend unchanged", {
  skip_if_no_backend("tensorflow")
  # Point the core at an empty CNTK prefix, so the engine is missing even
  # where it is installed (the core reads Python's os.environ).
  environ <- reticulate::import("os", convert = FALSE)$environ
  old <- reticulate::py_to_r(environ$get("KERAS_CNTK_PREFIX"))
  environ$`__setitem__`("KERAS_CNTK_PREFIX", file.path(tempdir(), "no-cntk-engine"))
  on.exit(if (is.null(old)) environ$pop("KERAS_CNTK_PREFIX") else
    environ$`__setitem__`("KERAS_CNTK_PREFIX", old), add = TRUE)
  result <- tryCatch(use_backend("cntk"), error = function(e) e)
  expect_s3_class(result, "error")
  expect_match(conditionMessage(result), "cntk")
  expect_match(conditionMessage(result), "install", ignore.case = TRUE)
  expect_equal(k_backend(), "tensorflow")
})

test_that("backend() is the core's backend module", {
  skip_if_no_backend("tensorflow")
  K <- backend()
  expect_s3_class(K, "python.builtin.module")
  expect_equal(K$backend(), "tensorflow")
  expect_equal(k_backend(), "tensorflow")
})

for (backend_name in c("tensorflow", "theano")) {
  test_that(paste("k_*() functions use 1-based axes on", backend_name), {
    skip_if_no_backend(backend_name)
    m <- matrix(c(1, 2, 3, 4, 5, 6), nrow = 2)
    x <- k_constant(m)
    expect_equal(unlist(k_int_shape(x)), c(2L, 3L))
    expect_equal(k_ndim(x), 2L)
    expect_equal(k_eval(k_sum(x)), sum(m), tolerance = 1e-6)
    expect_equal(k_eval(k_sum(x, axis = 1)), colSums(m), tolerance = 1e-6)
    expect_equal(k_eval(k_sum(x, axis = 2)), rowSums(m), tolerance = 1e-6)
    expect_equal(k_eval(k_mean(x, axis = -1)), rowMeans(m), tolerance = 1e-6)
    expect_equal(k_eval(k_sum(x, axis = c(1, 2))), sum(m), tolerance = 1e-6)
    expect_equal(dim(k_eval(k_max(x, axis = 2, keepdims = TRUE))), c(2L, 1L))
    expect_equal(k_eval(k_argmax(x, axis = 1)), c(1, 1, 1)) # indices are 0-based, as in Python
    expect_equal(k_eval(k_dot(x, k_constant(t(m)))), m %*% t(m), tolerance = 1e-5)
    expect_equal(k_eval(k_transpose(x)), t(m), tolerance = 1e-6)
    expect_equal(k_eval(k_relu(k_constant(c(-1, 2)))), c(0, 2), tolerance = 1e-6)
    sm <- k_eval(k_softmax(x))
    expect_equal(rowSums(sm), c(1, 1), tolerance = 1e-5)
    expect_equal(unlist(k_int_shape(k_expand_dims(x, axis = 1))), c(1L, 2L, 3L))
    expect_equal(dim(k_eval(k_concatenate(list(x, x), axis = 2))), c(2L, 6L))
    expect_equal(k_eval(k_concatenate(list(x, x), axis = 1)), rbind(m, m), tolerance = 1e-6)
    expect_equal(dim(k_eval(k_reshape(x, c(3, 2)))), c(3L, 2L))
    expect_equal(k_dtype(k_cast(x, "float64")), "float64")
    expect_error(k_sum(x, axis = 0), "`axis` must be a 1-based axis")
  })

  test_that(paste("variables can be created, read and set on", backend_name), {
    skip_if_no_backend(backend_name)
    m <- matrix(1:6, nrow = 2)
    v <- k_variable(m, name = "v")
    expect_equal(k_get_value(v), m + 0, tolerance = 1e-6)
    expect_equal(k_dtype(v), "float32")
    k_set_value(v, m * 2)
    expect_equal(k_eval(v), m * 2, tolerance = 1e-6)
    p <- k_placeholder(shape = c(NA, 3))
    expect_equal(k_int_shape(p), list(NULL, 3L))
  })
}

test_that("use_backend() switches back and forth in one session", {
  skip_if_no_backend("tensorflow")
  skip_if_no_backend("theano")
  expect_equal(k_backend(), "theano")
  expect_invisible(use_backend("tensorflow"))
  expect_equal(k_backend(), "tensorflow")
  # settings survive a switch
  old <- k_set_epsilon(1e-5)
  use_backend("theano")
  expect_equal(k_epsilon(), 1e-5)
  k_set_epsilon(old)
  use_backend("tensorflow")
})
