"""Small standard datasets with the Keras 2.3 loaders (`load_data()`)."""
