# Argument conversion helpers: pure R, no Python needed.

test_that("1-based axes become 0-based; negative axes and NULL are kept", {
  expect_identical(keras:::as_axis(1), 0L)
  expect_identical(keras:::as_axis(3L), 2L)
  expect_identical(keras:::as_axis(-1), -1L)
  expect_identical(keras:::as_axis(c(1, 2)), list(0L, 1L))
  expect_identical(keras:::as_axis(c(2, -1)), list(1L, -1L))
  expect_null(keras:::as_axis(NULL))
})

test_that("invalid axes are rejected with the argument and value named", {
  expect_error(keras:::as_axis(0), "`axis` must be a 1-based axis.*not 0")
  expect_error(keras:::as_axis(1.5), "`axis`.*1.5")
  expect_error(keras:::as_axis("a"), "`axis`.*\"a\"")
})

test_that("integer coercion accepts whole doubles and names bad values", {
  expect_identical(keras:::as_integer_arg(3, "units", min = 1L), 3L)
  expect_identical(keras:::as_integer_arg(c(2, 3), "kernel_size", len = 2L), c(2L, 3L))
  expect_null(keras:::as_integer_arg(NULL, "seed", null_ok = TRUE))
  expect_error(
    keras:::as_integer_arg(-2, "units", min = 1L),
    "`units` must be a positive whole number, not -2", fixed = TRUE
  )
  expect_error(
    keras:::as_integer_arg(2.5, "units", min = 1L),
    "`units` must be a positive whole number, not 2.5", fixed = TRUE
  )
  expect_error(
    keras:::as_integer_arg(c(1, 2, 3), "kernel_size", len = 2L),
    "`kernel_size` must be a vector of 2 whole numbers, not c(1, 2, 3)", fixed = TRUE
  )
  expect_error(keras:::as_integer_arg(NULL, "units", min = 1L), "`units`.*not NULL")
  expect_error(keras:::as_integer_arg(NA, "units"), "`units`.*NA")
  expect_error(keras:::as_integer_arg(TRUE, "units"), "`units`")
})

test_that("shapes become tuples of integers, with NA/NULL as None", {
  skip_if_no_keras()
  shape <- keras:::as_shape(c(28, 28, 1))
  expect_s3_class(shape, "python.builtin.tuple")
  expect_identical(reticulate::py_to_r(shape), list(28L, 28L, 1L))
  expect_identical(reticulate::py_to_r(keras:::as_shape(list(NULL, 10))), list(NULL, 10L))
  expect_identical(reticulate::py_to_r(keras:::as_shape(c(NA, 5))), list(NULL, 5L))
  expect_error(keras:::as_shape(c(28, -1)), "`shape` must be a vector of positive whole numbers")
  expect_error(keras:::as_shape("a"), "`shape`")
})

test_that("tuples recycle a single number and reject the wrong length", {
  skip_if_no_keras()
  expect_identical(reticulate::py_to_r(keras:::as_int_tuple(3, "kernel_size", 2L)), list(3L, 3L))
  expect_error(
    keras:::as_int_tuple(c(3, 3, 3), "kernel_size", 2L),
    "`kernel_size` must be a single positive whole number or a vector of 2 of them, not c(3, 3, 3)",
    fixed = TRUE
  )
})

test_that("data checks name NA positions, non-numeric columns and row counts", {
  x <- matrix(1:6, ncol = 2)
  x[2, 1] <- NA
  expect_error(
    keras:::as_model_array(x, "x"),
    "`x` contains NA values at row 2 (1 in total); remove or impute them.", fixed = TRUE
  )
  df <- data.frame(a = 1:3, b = c("u", "v", "w"), f = factor(c("p", "q", "p")))
  expect_error(
    keras:::as_model_array(df, "x"),
    "`x` has non-numeric columns: `b` (character), `f` (factor)", fixed = TRUE
  )
  expect_error(
    keras:::check_same_rows(matrix(0, 10, 2), 1:9),
    "`x` has 10 samples (rows) but `y` has 9", fixed = TRUE
  )
  expect_error(keras:::as_model_array(letters, "x"), "`x` must be a numeric")
})
