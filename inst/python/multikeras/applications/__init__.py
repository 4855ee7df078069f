"""Applications: the Keras 2.3.1 model zoo (keras-applications 1.0.8), with the same
arguments, layer names and weight order, so the published ImageNet weight files
load unchanged. Each module also has its `preprocess_input` and `decode_predictions`.
"""
from . import imagenet_utils
from . import (densenet, inception_resnet_v2, inception_v3, mobilenet, mobilenet_v2, nasnet,
               resnet, resnet50, resnet_v2, vgg16, vgg19, xception)
from .vgg16 import VGG16
from .vgg19 import VGG19
from .resnet50 import ResNet50
from .resnet import ResNet101, ResNet152
from .resnet_v2 import ResNet50V2, ResNet101V2, ResNet152V2
from .inception_v3 import InceptionV3
from .inception_resnet_v2 import InceptionResNetV2
from .xception import Xception
from .mobilenet import MobileNet
from .mobilenet_v2 import MobileNetV2
from .densenet import DenseNet121, DenseNet169, DenseNet201
from .nasnet import NASNetLarge, NASNetMobile
