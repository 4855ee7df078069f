test_that("install_keras() installs the pinned requirements of the chosen backends", {
  all <- keras:::install_requirements(c("tensorflow", "theano"))
  expect_true("tensorflow-cpu==2.15.1" %in% all)
  expect_true("numpy==1.23.5" %in% all)
  expect_true(any(startsWith(all, "Theano-PyMC==")))
  expect_true(any(startsWith(all, "h5py==")))
  expect_false(any(startsWith(all, "pytest")))

  tf_only <- keras:::install_requirements("tensorflow")
  expect_false(any(startsWith(tf_only, "Theano-PyMC")))
  expect_true("numpy==1.23.5" %in% tf_only)
  theano_only <- keras:::install_requirements("theano")
  expect_false(any(startsWith(theano_only, "tensorflow")))
})

test_that("install_keras() installs MXNet without its dependencies, when asked for", {
  expect_equal(keras:::install_requirements_no_deps(c("tensorflow", "mxnet")), "mxnet==1.9.1")
  expect_length(keras:::install_requirements_no_deps(c("tensorflow", "theano")), 0)
  expect_false(any(startsWith(keras:::install_requirements("mxnet"), "mxnet")))
  expect_true("mxnet" %in% eval(formals(install_keras)$backends))
})

test_that("install_keras() validates its arguments before running anything", {
  expect_error(install_keras(method = "conda"), "`method` must be \"virtualenv\", not \"conda\"", fixed = TRUE)
  expect_error(install_keras(backends = "torch"), "`backends` must be one or more of")
  expect_error(install_keras(python = "/nonexistent/python3"), "No Python 3 found")
})

test_that("the CNTK engine installer ships with the package", {
  script <- system.file("python", "multikeras", "backend", "cntk_engine", "setup-cntk.sh",
                        package = "keras")
  expect_true(nzchar(script) && file.exists(script))
  expect_true(any(grepl("cntk==2.7", readLines(script), fixed = TRUE)))
})

test_that("the default environment is ~/.virtualenvs/r-keras unless WORKON_HOME is set", {
  old <- Sys.getenv("WORKON_HOME", unset = NA)
  on.exit(if (is.na(old)) Sys.unsetenv("WORKON_HOME") else Sys.setenv(WORKON_HOME = old))
  Sys.unsetenv("WORKON_HOME")
  expect_equal(keras:::default_virtualenv(), path.expand("~/.virtualenvs/r-keras"))
  Sys.setenv(WORKON_HOME = "/opt/envs")
  expect_equal(keras:::default_virtualenv("x"), "/opt/envs/x")
})
