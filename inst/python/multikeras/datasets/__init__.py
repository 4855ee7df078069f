"""Small standard datasets with the Keras 2.3 loaders (`load_data()`)."""
from . import mnist
from . import fashion_mnist
from . import cifar10
from . import cifar100
from . import imdb
from . import reuters
from . import boston_housing
