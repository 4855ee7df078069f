"""Docstrings of the public API follow the Keras format (what Keras 2.3.1's
tests/docs/test_documentation.py checks): every argument of a class's
constructor or of a function documented as `name: ...`, in signature order,
and a function that returns or raises has a `# Returns` / `# Raises` section."""
import importlib
import inspect
import re

MODULES = ['multikeras.layers', 'multikeras.models', 'multikeras', 'multikeras.backend',
           'multikeras.engine', 'multikeras.wrappers', 'multikeras.utils', 'multikeras.callbacks',
           'multikeras.activations', 'multikeras.losses', 'multikeras.optimizers']
SHORT = 15          # functions of fewer source lines need no sections


def _arguments(signature):
    return [name for name in signature.parameters if name not in ('self', 'args', 'kwargs')]


def _argument_problems(name, doc, arguments):
    words = (doc or '').replace('*', '').split()
    missing = [a for a in arguments if a + ':' not in words]
    if missing:
        return ['%s: arguments not documented as `name:` %s' % (name, missing)]
    positions = [words.index(a + ':') for a in arguments]
    if positions != sorted(positions):
        return ['%s: arguments documented out of order' % name]
    return []


def _function_problems(name, function):
    source = inspect.getsource(function)
    if len(source.split('\n')) < SHORT:
        return []
    doc = function.__doc__ or ''
    if not doc.strip():
        return ['%s: no docstring' % name]
    problems = _argument_problems(name, doc, list(inspect.signature(function).parameters))
    if not doc.split('\n')[0].strip().endswith('.'):
        problems.append('%s: the first line should end with a period' % name)
    inner = ''.join(inspect.getsource(c) for c in function.__code__.co_consts
                    if inspect.iscode(c))
    for keyword, section in (('return', '# Returns'), ('raise', '# Raises')):
        pattern = r'^\s*%s \S+' % keyword
        if len(re.findall(pattern, source, re.M)) > len(re.findall(pattern, inner, re.M)) \
                and section not in doc:
            problems.append('%s: needs a %r section' % (name, section))
    return problems


def _members():
    seen = set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, member in inspect.getmembers(module):
            if 'multikeras' not in str(getattr(member, '__module__', '')) or id(member) in seen:
                continue
            if inspect.isclass(member) or (inspect.isfunction(member) and not name.startswith('_')):
                seen.add(id(member))
                yield '%s.%s' % (module_name, name), member


def test_public_docstrings_follow_the_keras_format():
    # The backend facade lists the active backend's functions: those of TensorFlow's.
    from conftest import activate
    activate('tensorflow')
    problems = []
    for name, member in _members():
        if inspect.isclass(member):
            if member.__doc__ is None:
                problems.append('%s: no docstring' % name)
                continue
            init = member.__init__
            if init is object.__init__:
                continue
            problems += _argument_problems(name, member.__doc__,
                                           _arguments(inspect.signature(init)))
        else:
            problems += _function_problems(name, member)
    assert not problems, '\n'.join(problems)
