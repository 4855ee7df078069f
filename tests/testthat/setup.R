# Keep the user's keras.json out of the tests: every run gets its own
# KERAS_HOME. Python reads its environment once, when it starts, so this must
# happen before anything starts Python (loading the package does not).
keras_test_home <- tempfile("keras-home-")
dir.create(keras_test_home)
Sys.setenv(KERAS_HOME = keras_test_home)
Sys.unsetenv("KERAS_BACKEND")
