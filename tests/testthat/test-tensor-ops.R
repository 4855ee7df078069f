# R operators, indexing and functions on the tensors of every backend,
# checked against the same R code on R arrays.

backends <- c("tensorflow", "theano", "cntk")

for (backend_name in backends) {
  test_that(sprintf("x[i, j, k] follows R's indexing (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    a <- array(as.numeric(1:60), dim = c(3, 4, 5))
    x <- k_variable(a)
    expect_equal(k_eval(x[, 2:3, 1]), a[, 2:3, 1])
    expect_equal(k_eval(x[, , 1]), a[, , 1])
    expect_equal(k_eval(x[2, , ]), a[2, , ])
    expect_equal(k_eval(x[2, c(4, 1, 1), 5:3]), a[2, c(4, 1, 1), 5:3])
    expect_equal(k_eval(x[-1, -c(2, 3), ]), a[-1, -c(2, 3), ])
    expect_equal(k_eval(x[c(TRUE, FALSE, TRUE), 1, 1]), a[c(TRUE, FALSE, TRUE), 1, 1])
    expect_equal(k_eval(x[, 2, , drop = FALSE]), a[, 2, , drop = FALSE])
    expect_equal(k_eval(x[1, 1, 1]), a[1, 1, 1])
    # trailing axes left out are kept whole
    expect_equal(k_eval(x[2:3]), a[2:3, , ])
    expect_identical(dim(x[, 2:3, 1]), c(3L, 2L))
  })

  test_that(sprintf("x[[i]] is item i, 1-based; k_shape(z)[[1]] sizes a random tensor (%s)",
                    backend_name), {
    skip_if_no_backend(backend_name)
    x <- k_variable(array(as.numeric(1:6), dim = c(3, 2)))
    expect_equal(k_eval(x[[3]]), c(3, 6))
    expect_error(x[[4]], "Index 4 is out of range: the first axis has length 3")
    expect_error(x[[0]], "`i` must be a single positive whole number")
    z <- k_placeholder(shape = c(NA, 2))
    epsilon <- k_random_normal(shape = c(k_shape(z)[[1]], 3), seed = 1)
    sample <- k_function(list(z), list(epsilon))
    expect_identical(dim(sample(list(matrix(0, 5, 2)))[[1]]), c(5L, 3L))
    expect_identical(dim(sample(list(matrix(0, 2, 2)))[[1]]), c(2L, 3L))
  })

  test_that(sprintf("indexing a batch of unknown size (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    latent_dim <- 2
    p <- k_placeholder(shape = c(NA, 2 * latent_dim))
    z_mean <- p[, 1:latent_dim]
    z_log_var <- p[, (latent_dim + 1):(2 * latent_dim)]
    expect_identical(dim(z_mean), c(NA_integer_, 2L))
    f <- k_function(list(p), list(z_mean, z_log_var))
    value <- matrix(as.numeric(1:12), nrow = 3)
    out <- f(list(value))
    expect_equal(out[[1]], value[, 1:2])
    expect_equal(out[[2]], value[, 3:4])
    expect_error(p[-1, ], "known only at run time")
  })

  test_that(sprintf("bad indices are clear errors (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    x <- k_variable(matrix(0, 2, 3))
    expect_error(x[3, ], "out of bounds: 3, but axis 1 has 2 positions")
    expect_error(x[, 1, 1], "Too many indices: 3 given for a tensor with 2 axes")
    expect_error(x[c(1, -1), ], "mixes positive and negative")
    expect_error(x[1.5, ], "whole numbers")
    expect_error(x[-(1:2), ], "selects no position")
    expect_error(x["a", ], "whole numbers")
    expect_error(x[c(TRUE, FALSE, TRUE), ], "one value per position")
  })

  test_that(sprintf("arithmetic and comparisons with R semantics (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    m <- matrix(c(-2, -1, 0, 1, 2, 3), nrow = 2)
    x <- k_constant(m)
    expect_equal(k_eval(x + 1), m + 1)
    expect_equal(k_eval(1 - x), 1 - m)
    expect_equal(k_eval(-x), -m)
    expect_equal(k_eval(x * x / 2), m * m / 2)
    expect_equal(k_eval(x^2), m^2)
    expect_equal(k_eval(x + m), m + m)
    expect_equal(k_eval(m - x), m - m)
    expect_equal(k_eval(x > 0), m > 0)
    expect_equal(k_eval(0 >= x), 0 >= m)
    expect_equal(k_eval(x == 1), m == 1)
    expect_equal(k_eval(x != m), m != m)
    expect_equal(k_eval(x <= 1), m <= 1)
    expect_equal(k_eval(x < x * 2), m < m * 2)
    w <- matrix(c(1, 2, 3, 4, 5, 6), nrow = 3)
    expect_equal(k_eval(x %*% w), m %*% w)
    expect_equal(k_eval(x %*% k_constant(w)), m %*% w)
    # integer tensors keep their type
    i <- k_constant(1:4, dtype = "int32")
    expect_identical(k_dtype(i * 2L), "int32")
    expect_equal(k_eval(i > 2), 1:4 > 2)
  })

  test_that(sprintf("math functions and reductions (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    m <- matrix(c(0.5, 1, 2, 4, 8, 16), nrow = 2)
    x <- k_variable(m)
    expect_equal(k_eval(exp(x)), exp(m), tolerance = 1e-6)
    expect_equal(k_eval(log(x)), log(m), tolerance = 1e-6)
    expect_equal(k_eval(log(x, 2)), log(m, 2), tolerance = 1e-6)
    expect_equal(k_eval(sqrt(x)), sqrt(m), tolerance = 1e-6)
    expect_equal(k_eval(abs(-x)), m)
    expect_equal(k_eval(sum(x)), sum(m))
    expect_equal(k_eval(sum(x, x)), 2 * sum(m))
    expect_equal(k_eval(mean(x)), mean(m))
    expect_equal(k_eval(max(x)), max(m))
    expect_equal(k_eval(min(x)), min(m))
    expect_equal(k_eval(prod(x)), prod(m))
    expect_identical(dim(x), c(2L, 3L))
    expect_identical(length(x), 6L)
    expect_identical(length(k_placeholder(shape = c(NA, 3))), NA_integer_)
    expect_error(cumsum(x), "not available for tensors")
    expect_error(round(x, 2), "whole numbers only")
  })

  test_that(sprintf("R code in layer_lambda() runs in a model (%s)", backend_name), {
    skip_if_no_backend(backend_name)
    input <- layer_input(shape = c(4, 3))
    output <- input %>% layer_lambda(function(x) {
      first <- x[, , 1]
      rest <- x[, 2:4, 2:3]
      sum_rest <- k_sum(rest, axis = c(2, 3))
      k_concatenate(list(exp(first) - 1, k_expand_dims(sum_rest) / 2, abs(-first)^2))
    }, output_shape = c(9))
    model <- keras_model(input, output)
    a <- array(rnorm(2 * 4 * 3), dim = c(2, 4, 3))
    expected <- cbind(exp(a[, , 1]) - 1, apply(a[, 2:4, 2:3], 1, sum) / 2, a[, , 1]^2)
    expect_equal(predict(model, a), expected, tolerance = 1e-5)
  })
}

test_that("%*% on R matrices is base R's", {
  m <- matrix(1:4, 2)
  expect_identical(m %*% diag(2), base::`%*%`(m, diag(2)))
  expect_identical(1:3 %*% 1:3, matrix(14, 1, 1))
})
