"""How many tests pytest would collect from a test file, read from its source.

Used for a file that cannot be imported (so pytest cannot collect it): its
tests still count, as errors. The count follows pytest's default collection:
module-level `test*` functions and `test*` methods of `Test*` classes without
`__init__`, each multiplied by its `pytest.mark.parametrize` expansions. An
expansion is the length of the list or tuple given as values, written in place
or bound to a name at module or class level; a marker bound to a module-level
name (`rnn_test = pytest.mark.parametrize(...)`, then `@rnn_test`) counts too.
Values computed at run time (a call, a comprehension) count as one.

Usage: python count_tests.py FILE...
"""
import ast
import sys


def _assignments(body):
    """Simple `name = value` bindings of a module or class body."""
    names = {}
    for node in body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node.value
    return names


def _is_parametrize(node):
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == 'parametrize')


def _resolve(node, scopes):
    """What a name stands for in the innermost scope binding it (else the node)."""
    while isinstance(node, ast.Name):
        bound = next((scope[node.id] for scope in scopes if node.id in scope), None)
        if bound is None:
            return node
        node = bound
    return node


def _expansions(decorator, scopes):
    decorator = _resolve(decorator, scopes)
    if not _is_parametrize(decorator):
        return 1
    values = decorator.args[1] if len(decorator.args) > 1 else None
    for keyword in decorator.keywords:
        if keyword.arg == 'argvalues':
            values = keyword.value
    values = _resolve(values, scopes)
    return len(values.elts) if isinstance(values, (ast.List, ast.Tuple)) else 1


def _count_function(node, scopes):
    count = 1
    for decorator in node.decorator_list:
        count *= _expansions(decorator, scopes)
    return count


def _is_test_function(node):
    return (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.name.startswith('test'))


def test_counts(path):
    """`(name, count)` of each test function of the file at `path`, in order:
    `test_x` or `TestClass::test_x` (pytest's node id after the file's), and
    how many tests its parametrizations make."""
    with open(path) as f:
        tree = ast.parse(f.read(), filename=path)
    module_scope = _assignments(tree.body)
    counts = []
    for node in tree.body:
        if _is_test_function(node):
            counts.append((node.name, _count_function(node, [module_scope])))
        elif isinstance(node, ast.ClassDef) and node.name.startswith('Test'):
            if any(isinstance(n, ast.FunctionDef) and n.name == '__init__' for n in node.body):
                continue
            scopes = [_assignments(node.body), module_scope]
            counts += [('%s::%s' % (node.name, n.name), _count_function(n, scopes))
                       for n in node.body if _is_test_function(n)]
    return counts


def count_tests(path):
    """The number of tests in the file at `path`, as described above."""
    return sum(count for _, count in test_counts(path))


if __name__ == '__main__':
    for name in sys.argv[1:]:
        print('%s: %d' % (name, count_tests(name)))
